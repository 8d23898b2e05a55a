"""`jixiao check --format gitlab`: a Code Quality report with the fields GitLab reads.

GitLab's documented fields (docs.gitlab.com, "Code Quality", implement a custom tool):
description, check_name, fingerprint, severity (info, minor, major, critical, blocker),
location.path (relative to the repository root), location.lines.begin.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.core.diagnostics import Diagnostic, Position, Severity
from generator.review.gitlab_report import code_quality_report
from tests.conftest import CONTENT
from tests.review.test_diff import commit, git, hermetic_git, run_cli

__all__ = ["hermetic_git"]

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
BROKEN = "content/2024/baoshan-zonggonghui/gonghui-gongzuozhe-jingfei.yaml"
OTHER = "content/2024/baoshan-zonggonghui/yiqi-changguan-yunying-jingfei.yaml"


def _break(repo: Path) -> None:
    """An error (an unknown field) and an error about money in one file."""
    path = repo / BROKEN
    text = path.read_text(encoding="utf-8")
    text = text.replace("项目名称: 工会工作者经费", "项目名称: 工会工作者经费\n未知字段: 1", 1)
    text = re.sub(r"(项目资金总额: )[\d,.]+", r"\g<1>1.00", text, count=1)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "--quiet", "-b", "main")
    shutil.copytree(CONTENT, root / "content")
    _break(root)
    commit(root, "broken")
    return root


def _report(monkeypatch: pytest.MonkeyPatch, cwd: Path, *args: str) -> list[dict[str, object]]:
    result = run_cli(monkeypatch, cwd, "check", "--no-cache", "--format", "gitlab", *args)
    assert result.exit_code == 1, result.output  # errors still fail the job
    issues = json.loads(result.stdout)
    assert isinstance(issues, list)
    return issues


def _text_positions(monkeypatch: pytest.MonkeyPatch, cwd: Path) -> list[tuple[str, int, str]]:
    result = run_cli(monkeypatch, cwd, "check", "--no-cache")
    found = re.findall(r"^(\S+?):(\d+):\d+: \S+?\[([\w-]+)\]", result.stdout, re.MULTILINE)
    return [(path, int(line), code) for path, line, code in found]


def test_report_has_gitlab_fields(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    issues = _report(monkeypatch, repo)
    assert {issue["check_name"] for issue in issues} >= {"unknown-field", "funding-sum"}
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert isinstance(issue["description"], str) and issue["description"]
        assert re.fullmatch(r"[0-9a-f]{64}", str(issue["fingerprint"]))
        assert issue["severity"] in GITLAB_SEVERITIES
        location = issue["location"]
        assert isinstance(location, dict)
        assert set(location) == {"path", "lines"}
        assert isinstance(location["lines"]["begin"], int) and location["lines"]["begin"] >= 1
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    # The same problems, on the same lines, as the text output.
    located = sorted(
        (i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"])  # type: ignore[index]
        for i in issues
    )
    assert located == sorted(_text_positions(monkeypatch, repo))


def test_severity_mapping(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    severities = {i["check_name"]: i["severity"] for i in _report(monkeypatch, repo)}
    assert severities["unknown-field"] == "major"  # 错误: blocks publishing
    assert severities["funding-sum"] == "major"
    assert severities["indicator-placement"] == "minor"  # 警告: for the reviewer


def test_paths_are_relative_to_the_repository_root(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_root = _report(monkeypatch, repo)
    from_content = _report(monkeypatch, repo / "content", "--content", ".")
    from_elsewhere = _report(monkeypatch, repo.parent, "--content", str(repo / "content"))
    paths = {i["location"]["path"] for i in from_root}  # type: ignore[index]
    assert BROKEN in paths
    assert all(str(p).startswith("content/") for p in paths)
    for other in (from_content, from_elsewhere):
        assert [i["location"] for i in other] == [i["location"] for i in from_root]
        assert [i["fingerprint"] for i in other] == [i["fingerprint"] for i in from_root]


def test_fingerprints_survive_unrelated_edits(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _report(monkeypatch, repo)
    assert _report(monkeypatch, repo) == before  # two runs, byte for byte the same
    broken = repo / BROKEN
    broken.write_text("# 一行注释，下面的问题都下移一行\n" + broken.read_text("utf-8"), "utf-8")
    other = repo / OTHER
    other.write_text(
        other.read_text("utf-8").replace("年度总目标: ", "年度总目标: 改写：", 1), "utf-8"
    )
    after = _report(monkeypatch, repo)
    by_print = {i["fingerprint"]: i for i in after}
    assert set(by_print) == {i["fingerprint"] for i in before}
    for issue in before:
        moved = by_print[issue["fingerprint"]]
        shift = 1 if issue["location"]["path"] == BROKEN else 0  # type: ignore[index]
        begin = issue["location"]["lines"]["begin"]  # type: ignore[index]
        assert moved["location"]["lines"]["begin"] == begin + shift  # type: ignore[index]


def test_a_new_problem_gets_a_new_fingerprint(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = {i["fingerprint"] for i in _report(monkeypatch, repo)}
    other = repo / OTHER
    other.write_text(other.read_text("utf-8").replace("年度总目标: ", "另一个: 1\n年度总目标: ", 1))
    after = _report(monkeypatch, repo)
    new = [i for i in after if i["fingerprint"] not in before]
    assert [(i["check_name"], i["location"]["path"]) for i in new] == [("unknown-field", OTHER)]  # type: ignore[index]


def test_equal_problems_in_one_file_are_told_apart(tmp_path: Path) -> None:
    path = str(tmp_path / "a.yaml")
    twins = [
        Diagnostic(path, Position(line, 3), Severity.WARNING, "unit-spelling", "实施单位", "写法")
        for line in (4, 9)
    ]
    issues = json.loads(code_quality_report(twins, tmp_path))
    assert [i["location"]["path"] for i in issues] == ["a.yaml", "a.yaml"]
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]
    # A line number inside the message does not change the fingerprint either.
    moved = [
        Diagnostic(
            path, Position(5, 3), Severity.WARNING, "c", "f", "与 b.yaml:12:3 重复（第 12 行）"
        ),
        Diagnostic(
            path, Position(6, 3), Severity.WARNING, "c", "f", "与 b.yaml:14:3 重复（第 14 行）"
        ),
    ]
    first, second = json.loads(code_quality_report(moved, tmp_path))
    assert (
        first["fingerprint"]
        == json.loads(code_quality_report(moved[:1], tmp_path))[0]["fingerprint"]
    )
    assert first["fingerprint"] != second["fingerprint"]  # the occurrence number tells them apart


def test_outside_git_paths_are_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    _break(tmp_path)
    paths = {i["location"]["path"] for i in _report(monkeypatch, tmp_path)}  # type: ignore[index]
    assert BROKEN in paths


def test_every_severity_has_a_gitlab_level() -> None:
    """A 提示 (a published form's problem acknowledged in 原表问题) is info, never a KeyError."""
    diagnostics = [
        Diagnostic("content/a.yaml", Position(3, 1), severity, "funding-sum", "项目资金", "x")
        for severity in Severity
    ]
    issues = json.loads(code_quality_report(diagnostics, Path.cwd()))
    levels = {d.severity: i["severity"] for d, i in zip(diagnostics, issues, strict=True)}
    assert levels[Severity.NOTICE] == "info"
    assert set(levels.values()) <= GITLAB_SEVERITIES
