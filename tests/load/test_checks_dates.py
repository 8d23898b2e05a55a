"""The checker on dates, goal periods, years and the fixed vocabularies."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.load.check_support import (
    FILE,
    E,
    W,
    check,
    only,
    rows,
)

# --- dates, periods, years, enums -------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("2024-02-30", "“2024-02-30”不是真实存在的日期"),
        ("2024/1/1", "“2024/1/1”不是日期；请按 2024-01-01 的格式填写"),
        ("2024-1-1", "“2024-1-1”不是日期"),
        ("２０２４-01-01", "不是日期"),
        ("2024年1月1日", "不是日期"),
    ],
)
def test_date(root: Path, written: str, says: str) -> None:
    found = check(root, ("计划开始日期: 2024-01-01", f"计划开始日期: {written}"))
    assert says in only(found, (FILE, 7, 9, E, "date", "计划开始日期"))


def test_date_order(root: Path) -> None:
    found = check(root, ("计划完成日期: 2024-12-31", "计划完成日期: 2023-12-31"))
    assert rows(found) == [
        (FILE, 7, 9, W, "date-outside-year", "计划开始日期"),
        (FILE, 8, 9, E, "date-order", "计划完成日期"),
    ]
    assert found[1].message == "计划完成日期 2023-12-31 早于计划开始日期 2024-01-01"


def test_date_outside_the_declared_year_is_a_warning(root: Path) -> None:
    found = check(
        root,
        ("计划开始日期: 2024-01-01", "计划开始日期: 2025-01-01"),
        ("计划完成日期: 2024-12-31", "计划完成日期: 2025-12-31"),
    )
    message = only(found, (FILE, 7, 9, W, "date-outside-year", "计划开始日期"))
    assert "不包含申报年度 2024" in message


def test_goal_period_order(root: Path) -> None:
    found = check(root, ("  终止年度: 2024", "  终止年度: 2023"))
    message = only(found, (FILE, 21, 9, E, "goal-period-order", "项目总目标.终止年度"))
    assert message == "项目总目标的终止年度 2023 早于起始年度 2024"


def test_goal_period_not_containing_the_year_is_a_warning(root: Path) -> None:
    found = check(
        root, ("  起始年度: 2024\n  终止年度: 2024", "  起始年度: 2025\n  终止年度: 2026")
    )
    message = only(found, (FILE, 20, 9, W, "goal-period-year", "项目总目标.起始年度"))
    assert "2025年-2026年 不包含申报年度 2024" in message


@pytest.mark.parametrize("written", ["24", "２０２４", "2024年", "二〇二四"])
def test_year(root: Path, written: str) -> None:
    found = check(root, ("\n年度: 2024", f"\n年度: {written}"))
    message = only(found, (FILE, 2, 5, E, "year", "年度"))
    assert message == f"“{written}”不是年份，请填写 1900–2199 之间的四位数年份，如 2024"


@pytest.mark.parametrize("written", ["1800", "9999", "0000"])
def test_year_out_of_range_states_the_range(root: Path, written: str) -> None:
    found = check(root, ("\n年度: 2024", f"\n年度: {written}"))
    message = only(found, (FILE, 2, 5, E, "year", "年度"))
    assert message == f"“{written}”不在可接受的年份范围 1900–2199 之内；请核对年份，如 2024"


def test_enum_money_unit(root: Path) -> None:
    found = check(root, ("资金单位: 元", "资金单位: 千元"))
    message = only(found, (FILE, 9, 7, E, "enum", "资金单位"))
    assert message.startswith("“千元”不在可选值之中")
    assert "'元'" in message
    assert "'万元'" in message


def test_unknown_category_is_a_warning_with_suggestion(root: Path) -> None:
    found = check(root, ("项目类别: 特定目标类", "项目类别: 特定目标"))
    message = only(found, (FILE, 4, 7, W, "unknown-category", "项目类别"))
    assert message.endswith("您是不是想写“特定目标类”？")


def test_unknown_nature_is_a_warning(root: Path) -> None:
    found = check(root, ("项目类别: 特定目标类\n", "项目类别: 特定目标类\n项目性质: 一次项目\n"))
    message = only(found, (FILE, 5, 7, W, "unknown-nature", "项目性质"))
    assert message.endswith("您是不是想写“一次性项目”？")


def test_known_nature_is_accepted(root: Path) -> None:
    assert (
        check(root, ("项目类别: 特定目标类\n", "项目类别: 特定目标类\n项目性质: 一次性项目\n"))
        == []
    )
