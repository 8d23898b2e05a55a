"""Every command answers with the documented exit codes: 0 clean, 1 problems found, 2 usage or
refused input, with one line of Chinese and never a traceback (`cli._Main.invoke`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_REFUSED
from tests.support.cli_support import run
from tests.support.paths import REPO

ROOT = REPO
CARD = "2024/baoshan-zonggonghui/zhengfu-shishi-gonghui-huiyuanka.yaml"


def test_the_codes_are_documented_in_help_and_readme() -> None:
    assert (EXIT_CLEAN, EXIT_PROBLEMS, EXIT_REFUSED) == (0, 1, 2)
    shown = run("--help").output
    for code in (0, 1, 2):
        assert re.search(rf"(?m)^\s+{code}\s+\S", shown), shown
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "### 退出码" in readme


def test_clean_content_exits_0(content_copy: Path) -> None:
    assert run("check", "--no-cache", "--content", content_copy).exit_code == EXIT_CLEAN


def test_build_reports_what_check_reports(content_copy: Path, tmp_path: Path) -> None:
    """`make site` runs `jixiao build` alone: its output must hold the check's every line."""
    checked = run("check", "--no-cache", "--content", content_copy)
    built = run("build", "--no-cache", "--content", content_copy, "--site-dir", tmp_path / "s")
    assert checked.exit_code == built.exit_code == EXIT_CLEAN
    lines = checked.output.strip().splitlines()
    assert any("警告[" in line for line in lines), lines  # the shipped content has a warning
    assert all(line in built.output.splitlines() for line in lines), built.output
    assert "网站已生成" in built.output


def test_problems_in_the_content_exit_1_for_check_build_and_export(
    content_copy: Path, tmp_path: Path
) -> None:
    card = content_copy / CARD
    card.write_text(card.read_text("utf-8").replace("年度: 2024", "年度: 2023"), "utf-8")
    for args in (
        ["check"],
        ["build", "--site-dir", tmp_path / "site"],
        ["export", "--format", "json"],
    ):
        result = run(*args, "--no-cache", "--content", content_copy)
        assert result.exit_code == EXIT_PROBLEMS, (args, result.output)
        assert "错误[year-mismatch]" in result.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["diff", "--threshold", "ten"], "--threshold “ten”不是数字"),
        (["check", "--changed"], "不在 git 仓库中"),
        (["rename-department", "nope", "x"], "名录中没有代码为“nope”的部门"),
        (["import", "x.txt", "--department-code", "Not_A_Code"], "--department-code"),
    ],
)
def test_refused_input_exits_2_with_one_line_of_chinese(
    content_copy: Path, tmp_path: Path, args: list[str], said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # outside any git repository
    result = run(*args, "--content", content_copy)
    assert result.exit_code == EXIT_REFUSED, result.output
    assert f"错误：{said}" in result.output or said in result.output
    assert "Traceback" not in result.output


def test_build_refuses_an_unusable_site_folder_with_2_like_the_others(
    content_copy: Path, tmp_path: Path
) -> None:
    """It used to exit 1 here, the code for problems in the content."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "link").symlink_to(elsewhere, target_is_directory=True)
    result = run("build", "--no-cache", "--content", content_copy, "--site-dir", tmp_path / "link")
    assert result.exit_code == EXIT_REFUSED, result.output
    assert "错误：网站输出目录的路径中" in result.output and "是符号链接" in result.output
    assert list(elsewhere.iterdir()) == []


def test_a_wrong_option_is_usage_and_exits_2() -> None:
    assert run("check", "--no-such-option").exit_code == EXIT_REFUSED
