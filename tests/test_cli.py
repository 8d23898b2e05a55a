"""`jixiao check` on the command line: exit codes, the editor format, JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.load.check_support import (
    DEPT,
    FILE,
    SEED_WARNING,
    TEXT,
    edited,
    write,
)

# --- the command line -----------------------------------------------------------------------

LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>错误|警告)\[(?P<code>[a-z0-9-]+)\]"
    r"(?: (?P<field>[^:\n]+):)? (?P<message>.+)$"
)


def run_check(root: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["check", "--content", "content", "--cache-dir", ".cache", *extra]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_cli_check_clean_content_exits_zero(root: Path) -> None:
    code, out, err = run_check(root)
    assert code == 0
    assert err == ""
    assert out.splitlines() == [
        f"{FILE}:46:15: 警告[indicator-placement] 绩效指标.效益指标.生态效益指标[1].三级指标: "
        "“宣传覆盖面”不像生态效益指标（名称里没有生态、环境、节能、排放等字样）；原表可能放错了类别，"
        "请核对。",
        "检查了 4 个文件：没有错误，1 个警告。",
    ]


def test_cli_check_prints_errors_in_the_editor_format_and_exits_one(root: Path) -> None:
    write(root, edited(("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00")))
    code, out, _ = run_check(root)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        f"{FILE}:11:11: 错误[funding-sum] 项目资金.项目资金总额: 项目资金总额 1,846,000.00 ≠ "
        "财政资金 1,845,000.00 + 其他资金 0.00 = 1,845,000.00（相差 1,000.00）"
    )
    assert lines[1].startswith(f"{FILE}:46:15: 警告[indicator-placement] ")
    assert lines[2] == (
        "检查了 4 个文件：1 个错误（涉及 1 个文件），1 个警告。请按上面的提示修改后再运行。"
    )
    assert len(lines) == 3


def test_cli_check_survives_every_kind_of_broken_file(root: Path, tmp_path: Path) -> None:
    folder = root / "2024" / DEPT
    (folder / "gbk.yaml").write_bytes(TEXT.encode("gbk"))
    (folder / "utf16.yaml").write_bytes(TEXT.encode("utf-16"))
    (folder / "deep.yaml").write_text("[" * 20_000, encoding="utf-8")
    (folder / "big.yaml").write_bytes(b"#" * 1_000_001)
    (folder / "alias.yaml").write_text("a: &x [*x]\n", encoding="utf-8")
    (folder / "syntax.yaml").write_text("a: >=85%\n", encoding="utf-8")
    (folder / "empty.yaml").write_text("", encoding="utf-8")
    (folder / "list.yaml").write_text("- 1\n", encoding="utf-8")
    (folder / "link.yaml").symlink_to(tmp_path / "missing-target.yaml")
    code, out, _ = run_check(root, "--no-cache")
    assert code == 1
    *lines, summary = out.splitlines()
    codes = set()
    for line in lines:
        match = LINE.match(line) or re.match(
            r"^(?P<path>[^:\n]+): (错误|警告)\[(?P<code>[a-z0-9-]+)\]", line
        )
        assert match, line
        codes.add(match["code"])
    assert {"encoding", "yaml-depth", "file-too-large", "yaml-alias", "yaml-syntax"} <= codes
    assert {"empty-file", "layout-symlink"} <= codes
    assert summary.startswith("检查了 ")


def test_cli_every_diagnostic_line_has_the_exact_form(root: Path) -> None:
    write(
        root,
        edited(
            ("项目类别: 特定目标类", "项目类别: 特定目标"),
            ("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00"),
            ("      - 三级指标: 部门沟通机制健全", "      - 三级指标: 群众满意度"),
        ),
        name="bad.yaml",
    )
    code, out, _ = run_check(root, "--no-cache")
    assert code == 1
    *lines, summary = out.splitlines()
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    bad = f"content/2024/{DEPT}/bad.yaml"
    found = [(m["path"], m["line"], m["col"], m["sev"], m["code"], m["field"]) for m in parsed if m]
    assert found == [
        (bad, "4", "7", "警告", "unknown-category", "项目类别"),
        (bad, "11", "11", "错误", "funding-sum", "项目资金.项目资金总额"),
        (bad, "30", "15", "警告", "indicator-placement", "绩效指标.产出指标.质量指标[1].三级指标"),
        (bad, "46", "15", "警告", "indicator-placement", SEED_WARNING[5]),
        (FILE, "46", "15", "警告", "indicator-placement", SEED_WARNING[5]),
    ]
    assert summary == (
        "检查了 5 个文件：1 个错误（涉及 1 个文件），4 个警告。请按上面的提示修改后再运行。"
    )


def test_cli_check_json(root: Path) -> None:
    write(root, edited(("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00")))
    result = CliRunner().invoke(
        main, ["check", "--content", "content", "--no-cache", "--format", "json"]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    data = json.loads(result.stdout)
    assert data[0] == {
        "path": FILE,
        "line": 11,
        "column": 11,
        "severity": "error",
        "code": "funding-sum",
        "field": "项目资金.项目资金总额",
        "message": "项目资金总额 1,846,000.00 ≠ 财政资金 1,845,000.00 + 其他资金 0.00 = "
        "1,845,000.00（相差 1,000.00）",
    }
    assert [(d["line"], d["severity"], d["code"]) for d in data] == [
        (11, "error", "funding-sum"),
        (46, "warning", "indicator-placement"),
    ]


def test_cli_check_json_clean_exits_zero(root: Path) -> None:
    result = CliRunner().invoke(
        main, ["check", "--content", "content", "--no-cache", "--format", "json"]
    )
    assert result.exit_code == 0
    assert [d["code"] for d in json.loads(result.stdout)] == ["indicator-placement"]


def test_cli_check_missing_content_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--content", "nowhere", "--no-cache"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stdout.splitlines()[0].startswith("nowhere: 错误[content-missing] ")


def test_a_command_leaves_full_collections_for_later(root: Path) -> None:
    # A command holds the whole corpus to its end: Python's default thresholds walked it in a
    # full collection a dozen times per build (cli.FULL_COLLECTION_AFTER). The young
    # generations keep their thresholds: they free the cyclic garbage a run makes.
    import gc

    from generator.cli import FULL_COLLECTION_AFTER

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        code, _, _ = run_check(root)
        assert code == 0
        assert gc.get_threshold() == (700, 10, FULL_COLLECTION_AFTER)
    finally:
        gc.set_threshold(*before)
