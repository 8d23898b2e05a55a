"""The checker on money: amounts, units, places, and sums exact to the fen."""

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

# --- money ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("18,46,000.00", "千位分隔符位置不对"),
        ("1846,000.00", "千位分隔符位置不对"),
        ("１８４６０００.００", "全角数字"),
        ("1,846，000.00", "全角"),
        ("一百八十四万六千", "不是金额"),
        ("1846000.", "不是金额"),
        ("١٨٤٦٠٠٠", "不是金额"),
        ("1.846e6", "不是金额"),
    ],
)
def test_money_that_is_not_an_amount(root: Path, written: str, says: str) -> None:
    found = check(root, ("  财政资金: 1,846,000.00", f"  财政资金: {written}"))
    message = only(found, (FILE, 12, 9, E, "money", "项目资金.财政资金"))
    assert says in message
    assert f"“{written}”" in message


def test_money_that_is_a_mapping(root: Path) -> None:
    found = check(root, ("  财政资金: 1,846,000.00", "  财政资金:\n    金额: 1,846,000.00"))
    message = only(found, (FILE, 13, 5, E, "money", "项目资金.财政资金"))
    assert message == "应为金额，这里是一组“字段: 值”"


def test_money_places_three_decimals_in_yuan(root: Path) -> None:
    found = check(
        root,
        ("  项目资金总额: 1,846,000.00\n", "  项目资金总额: 1,846,000.001\n"),
        ("  其他资金: 0.00\n年度资金:", "  其他资金: 0.001\n年度资金:"),
    )
    assert rows(found) == [
        (FILE, 11, 11, E, "money-places", "项目资金.项目资金总额"),
        (FILE, 13, 9, E, "money-places", "项目资金.其他资金"),
    ]
    assert "最多 2 位小数（单位：元" in found[1].message
    assert "这里有 3 位" in found[1].message


def test_six_decimals_in_wan_yuan_are_exact_to_the_fen(root: Path) -> None:
    found = check(
        root,
        ("资金单位: 元", "资金单位: 万元"),
        ("  项目资金总额: 1,846,000.00\n", "  项目资金总额: 184.600001\n"),
        ("  财政资金: 1,846,000.00\n", "  财政资金: 184.600001\n"),
        ("  年度资金申请总额: 1,846,000.00", "  年度资金申请总额: 184.600001"),
        ("  当年财政拨款: 1,846,000.00", "  当年财政拨款: 184.600001"),
    )
    assert found == []


def test_seven_decimals_in_wan_yuan(root: Path) -> None:
    found = check(
        root,
        ("资金单位: 元", "资金单位: 万元"),
        ("  项目资金总额: 1,846,000.00\n", "  项目资金总额: 184.6000001\n"),
        ("  财政资金: 1,846,000.00\n", "  财政资金: 184.6000001\n"),
        ("  年度资金申请总额: 1,846,000.00", "  年度资金申请总额: 184.60"),
        ("  当年财政拨款: 1,846,000.00", "  当年财政拨款: 184.60"),
    )
    assert rows(found) == [
        (FILE, 11, 11, E, "money-places", "项目资金.项目资金总额"),
        (FILE, 12, 9, E, "money-places", "项目资金.财政资金"),
    ]
    assert "最多 6 位小数（单位：万元" in found[0].message
    assert "这里有 7 位" in found[0].message


def test_sum_message_never_uses_scientific_notation(root: Path) -> None:
    found = check(
        root,
        ("资金单位: 元", "资金单位: 万元"),
        ("  其他资金: 0.00\n年度资金:", "  其他资金: 0.0000001\n年度资金:"),
    )
    sums = [d for d in found if d.code == "funding-sum"]
    assert len(sums) == 1
    assert "E-" not in sums[0].message
    assert "0.0000001" in sums[0].message


def test_money_negative(root: Path) -> None:
    found = check(
        root,
        ("  财政资金: 1,846,000.00\n", "  财政资金: 1,846,100.00\n"),
        ("  其他资金: 0.00\n年度资金:", "  其他资金: -100.00\n年度资金:"),
    )
    message = only(found, (FILE, 13, 9, E, "money-negative", "项目资金.其他资金"))
    assert message == "金额不能为负数：-100.00"


def test_funding_sum_of_the_project(root: Path) -> None:
    found = check(root, ("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00"))
    message = only(found, (FILE, 11, 11, E, "funding-sum", "项目资金.项目资金总额"))
    assert message == (
        "项目资金总额 1,846,000.00 ≠ 财政资金 1,845,000.00 + 其他资金 0.00 = 1,845,000.00"
        "（相差 1,000.00）"
    )


def test_funding_sum_of_the_year(root: Path) -> None:
    found = check(root, ("  当年财政拨款: 1,846,000.00", "  当年财政拨款: 1,846,000.50"))
    message = only(found, (FILE, 15, 13, E, "funding-sum", "年度资金.年度资金申请总额"))
    assert "= 1,846,000.50（相差 -0.50）" in message


def test_funding_sum_is_exact_not_float(root: Path) -> None:
    # 0.10 + 0.20 + 1,845,999.70 is exactly 1,846,000.00 in decimal, not in binary floats.
    found = check(
        root,
        ("  当年财政拨款: 1,846,000.00", "  当年财政拨款: 1,845,999.70"),
        ("  上年结转资金: 0.00", "  上年结转资金: 0.10"),
        ("  其他资金: 0.00\n项目总目标:", "  其他资金: 0.20\n项目总目标:"),
    )
    assert found == []


def test_annual_request_exceeds_the_project_total(root: Path) -> None:
    found = check(
        root,
        ("  年度资金申请总额: 1,846,000.00", "  年度资金申请总额: 2,000,000.00"),
        ("  当年财政拨款: 1,846,000.00", "  当年财政拨款: 2,000,000.00"),
    )
    message = only(
        found, (FILE, 15, 13, E, "funding-annual-exceeds-total", "年度资金.年度资金申请总额")
    )
    assert "2,000,000.00 大于项目资金总额 1,846,000.00" in message


def test_blank_project_total_is_a_warning(root: Path) -> None:
    found = check(root, ("  项目资金总额: 1,846,000.00", "  项目资金总额:"))
    message = only(found, (FILE, 11, 10, W, "money-blank-total", "项目资金.项目资金总额"))
    assert message == "项目资金总额为空白，无法核对合计"


def test_blank_annual_total_is_a_warning(root: Path) -> None:
    found = check(root, ("  年度资金申请总额: 1,846,000.00", "  年度资金申请总额:"))
    only(found, (FILE, 15, 12, W, "money-blank-total", "年度资金.年度资金申请总额"))


def test_blank_parts_count_as_nothing(root: Path) -> None:
    found = check(root, ("  其他资金: 0.00\n年度资金:", "  其他资金:\n年度资金:"))
    assert found == []
