"""自评表 checks that the first round missed: totals over the maximum, funding rows that do not
add up, spending over the budget, grades written out, misnamed files, partly valid files and
hostile values."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.core.diagnostics import Diagnostic, Severity
from generator.load.corpus import load_corpus
from generator.load.evaluation_corpus import load_evaluation
from tests.support.paths import REPO

SAMPLE = REPO / "tests/data/evaluation/yiqi-changguan-yunying-jingfei.自评.yaml"
FOLDER = "2024/baoshan-zonggonghui"
SHOWN = f"content/{FOLDER}/x.自评.yaml"


def _text(*replacements: tuple[str, str]) -> str:
    text = SAMPLE.read_text("utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _problems(text: str) -> list[Diagnostic]:
    _, problems = load_evaluation(SHOWN, text.encode(), None)
    return problems


def _by_code(text: str) -> dict[str, list[Diagnostic]]:
    found: dict[str, list[Diagnostic]] = {}
    for problem in _problems(text):
        found.setdefault(problem.code, []).append(problem)
    return found


def _line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_the_sample_has_none_of_the_new_problems() -> None:
    codes = _by_code(SAMPLE.read_text("utf-8"))
    assert not {
        "evaluation-total-over",
        "evaluation-funding-sum",
        "evaluation-overspent",
        "evaluation-grade-unknown",
        "evaluation-grade",
    } & set(codes), codes


def test_a_total_above_the_maximum_is_an_error_at_its_line() -> None:
    text = _text(("自评得分: 93.5", "自评得分: 100.5"), ("自评等级: 优", "自评等级: 优"))
    (over,) = _by_code(text)["evaluation-total-over"]
    assert over.severity is Severity.ERROR
    assert over.position is not None and over.position.line == _line_of(text, "自评得分")
    assert over.field == "自评得分"
    assert "100.5" in over.message and "总分 100" in over.message
    assert "原表问题" in over.message  # what to do


def test_a_total_above_the_points_when_no_total_points_is_printed() -> None:
    text = _text(("总分: 100\n", ""), ("自评得分: 93.5", "自评得分: 101"))
    (over,) = _by_code(text)["evaluation-total-over"]
    assert "各项分值合计 100" in over.message


def test_a_total_above_the_maximum_can_be_acknowledged() -> None:
    text = _text(("自评得分: 93.5", "自评得分: 100.5")) + (
        "原表问题:\n"
        "  - 代码: evaluation-total-over\n    字段: 自评得分\n"
        "  - 代码: evaluation-score-sum\n    字段: 自评得分\n"
    )
    problems = _problems(text)
    assert not [p for p in problems if p.severity is Severity.ERROR], problems
    assert {p.code for p in problems if p.severity is Severity.NOTICE} == {
        "evaluation-total-over",
        "evaluation-score-sum",
    }


def test_funding_points_printed_on_every_row_are_counted_once() -> None:
    # A merged 分值 cell read into each row: 10 once, not 10 + 10.
    text = _text(
        (
            "    执行率: 95.00%\n  - 资金来源: 上年",
            "    分值: 10\n    执行率: 95.00%\n  - 资金来源: 上年",
        )
    )
    assert "evaluation-points-sum" not in _by_code(text)


def test_funding_rows_that_do_not_add_up_are_an_error_per_column() -> None:
    text = _text(
        ("    全年预算数: 0.00\n    全年执行数: 0.00", "    全年预算数: 5.00\n    全年执行数: 0.00")
    )
    (found,) = _by_code(text)["evaluation-funding-sum"]
    assert found.field == "预算执行[1].全年预算数"
    assert found.position is not None and found.position.line == 11
    assert "80" in found.message and "85" in found.message and "上年结转资金 空白" in found.message


def test_unknown_funding_rows_are_not_added_up() -> None:
    # 其中：中央补助 may be part of 当年财政拨款: adding it too would call a right form wrong.
    text = _text(("资金来源: 上年结转资金", "资金来源: 其中：中央补助"))
    text = text.replace(
        "    年初预算数:\n    全年预算数:\n", "    年初预算数:\n    全年预算数: 30\n", 1
    )
    assert "evaluation-funding-sum" not in _by_code(text)


def test_spending_over_the_budget_is_a_warning_not_an_error() -> None:
    text = _text(
        ("    全年预算数: 80.00\n    全年执行数: 76.00\n    分值: 10\n    执行率: 95.00%",
         "    全年预算数: 80.00\n    全年执行数: 88.00\n    分值: 10\n    执行率: 110.00%"),
    )  # fmt: skip
    codes = _by_code(text)
    (over,) = codes["evaluation-overspent"]
    assert over.severity is Severity.WARNING
    assert over.field == "预算执行[1].全年执行数"
    assert "88" in over.message and "80" in over.message and "110.00%" in over.message
    assert "evaluation-rate" not in codes  # 88 ÷ 80 is 110%: the rate itself is right


def test_grades_written_out_are_the_same_grades() -> None:
    for written in ("优秀", "優", "优（93.5分）", " 优 ", "优级"):
        codes = _by_code(_text(("自评等级: 优", f"自评等级: '{written}'")))
        assert "evaluation-grade" not in codes, written
        assert "evaluation-grade-unknown" not in codes, written
    wrong = _by_code(_text(("自评等级: 优", "自评等级: 良好")))["evaluation-grade"]
    assert "应为“优”" in wrong[0].message and "当地" in wrong[0].message


def test_a_grade_of_local_rules_is_a_warning_with_its_line() -> None:
    text = _text(("自评等级: 优", "自评等级: A"))
    codes = _by_code(text)
    assert "evaluation-grade" not in codes
    (unknown,) = codes["evaluation-grade-unknown"]
    assert unknown.severity is Severity.WARNING
    assert unknown.position is not None and unknown.position.line == _line_of(text, "自评等级")


def _corpus(tmp_path: Path, name: str, text: str) -> Path:
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    (root / FOLDER / name).write_text(text, "utf-8")
    return root


@pytest.mark.parametrize(
    "name",
    [
        "yiqi-changguan-yunying-jingfei.自評.yaml",
        "yiqi-changguan-yunying-jingfei.自评表.yaml",
        "yiqi-changguan-yunying-jingfei.自评 .yaml",
        "yiqi-changguan-yunying-jingfei-自评.yaml",
    ],
)
def test_a_misnamed_evaluation_gets_one_error_naming_the_suffix(tmp_path: Path, name: str) -> None:
    root = _corpus(tmp_path, name, SAMPLE.read_text("utf-8"))
    corpus = load_corpus(root)
    errors = [d for d in corpus.diagnostics if d.severity is Severity.ERROR]
    (error,) = errors  # not a screen of missing declaration fields
    assert error.code == "identity-slug" and name in error.path
    assert "“.自评.yaml”" in error.message
    assert "请改名为“yiqi-changguan-yunying-jingfei.自评.yaml”" in error.message
    assert corpus.evaluations == []  # not published under a wrong name


def test_names_of_declarations_are_not_taken_for_evaluations() -> None:
    from generator.load.evaluation_corpus import misnamed_evaluation

    for name in ("zipin-xiangmu.yaml", "x.自评.yaml", "zi-ping.yaml", "a.yaml"):
        assert misnamed_evaluation(name) is None, name


def test_a_file_that_fails_validation_still_faces_the_folder_rules(tmp_path: Path) -> None:
    text = _text(("年度: 2024", "年度: 2023"), ("得分: 4\n", "得分: 四分\n"))
    root = _corpus(tmp_path, "yiqi-changguan-yunying-jingfei.自评.yaml", text)
    codes = {d.code: d for d in load_corpus(root, models=False).diagnostics if "自评" in d.path}
    assert "score" in codes
    mismatch = codes["year-mismatch"]
    assert mismatch.position is not None and mismatch.position.line == _line_of(text, "年度")
    text = _text(
        ("主管部门: 上海市宝山区总工会", "主管部门: 宝山区总工会"), ("得分: 4\n", "得分: 四分\n")
    )
    root = _corpus(tmp_path / "b", "yiqi-changguan-yunying-jingfei.自评.yaml", text)
    codes = {d.code: d for d in load_corpus(root, models=False).diagnostics if "自评" in d.path}
    assert "department-name" in codes


def test_amounts_in_the_new_messages_are_shown_as_written() -> None:
    text = _text(
        ("    全年预算数: 0.00\n    全年执行数: 0.00", "    全年预算数: 5.00\n    全年执行数: 0.00")
    )
    (found,) = _by_code(text)["evaluation-funding-sum"]
    assert "80.00 ≠ 当年财政拨款 80.00" in found.message and "85.00" in found.message
    # A negative budget is reported as money-negative; "spent more than -0.00" would be noise.
    codes = _by_code(_text(("全年预算数: 80.00", "全年预算数: -0.00")))
    assert "money-negative" in codes and "evaluation-overspent" not in codes
