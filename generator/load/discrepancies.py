"""What the site says about a form's acknowledged problems (原表问题), in plain Chinese with the
numbers, for the project page's 核对提示 box, the explorer, the exports and the list page.

A corpus is published only when it has no errors, so every acknowledgement of a published
declaration matches a problem that `check` found: the statement is built again here from the
declaration's own values (numbers in the form's unit, blank as 空白), not from check's message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from generator.core.model import AcknowledgedProblem, Declaration
from generator.core.money import MoneyUnit, format_yuan
from generator.load.acknowledgements import ACKNOWLEDGEABLE


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """One acknowledged problem of a published form, in words for the site and the downloads."""

    code: str  # the check's code, e.g. funding-sum
    field: str  # where check reports it, e.g. 项目资金.项目资金总额
    title: str  # 合计不符
    statement: str  # 项目资金总额 800,000.00 元 ≠ 财政资金 750,000.00 元 + 其他资金 空白
    note: str | None  # the acknowledgement's 说明

    def to_json(self) -> dict[str, str | None]:
        """The discrepancy for the downloads."""
        return {
            "code": self.code,
            "field": self.field,
            "title": self.title,
            "statement": self.statement,
            "note": self.note,
        }


def _amount(value: Decimal | None, unit: MoneyUnit) -> str:
    if value is None:
        return "空白"
    if unit is MoneyUnit.YUAN:
        return f"{format_yuan(value)} 元"
    return f"{value:,f} 万元"


def _sum(values: list[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def _date(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else "空白"


def _statement(decl: Declaration, code: str, field: str) -> str | None:
    unit = decl.unit

    def money(value: Decimal | None) -> str:
        return _amount(value, unit)

    if code == "funding-sum" and field == "项目资金.项目资金总额":
        pf = decl.project_funds
        parts = _sum([pf.fiscal, pf.other])
        difference = money(pf.total - parts) if pf.total is not None else "空白"
        return (
            f"项目资金总额 {money(pf.total)} ≠ 财政资金 {money(pf.fiscal)} + 其他资金 "
            f"{money(pf.other)}（相差 {difference}）"
        )
    if code == "funding-sum" and field == "年度资金.年度资金申请总额":
        af = decl.annual_funds
        parts = _sum([af.appropriation, af.carry_over, af.other])
        difference = money(af.total - parts) if af.total is not None else "空白"
        return (
            f"年度资金申请总额 {money(af.total)} ≠ 当年财政拨款 {money(af.appropriation)} + "
            f"上年结转资金 {money(af.carry_over)} + 其他资金 {money(af.other)}（相差 {difference}）"
        )
    if code == "funding-annual-exceeds-total":
        return (
            f"年度资金申请总额 {money(decl.annual_funds.total)} 大于项目资金总额 "
            f"{money(decl.project_funds.total)}"
        )
    if code == "date-order":
        start = getattr(decl, "start_date", None)
        end = getattr(decl, "end_date", None)
        return f"计划完成日期 {_date(end)} 早于计划开始日期 {_date(start)}"
    if code == "goal-period-order":
        goal = decl.overall_goal
        start = getattr(goal, "start_year", None)
        end = getattr(goal, "end_year", None)
        return f"项目总目标期间 {start}年-{end}年：终止年度早于起始年度"
    if code == "money-negative":
        block, _, key = field.partition(".")
        amount = _FUND_ATTRIBUTES.get((block, key))
        if amount is not None:
            value = getattr(getattr(decl, amount[0]), amount[1])
            return f"{key} {money(value)} 为负数"
    if code in ("indicator-level1", "indicator-level2"):
        levels = field.split(".")[1:]
        if code == "indicator-level1" and len(levels) == 1:
            return f"一级指标“{levels[0]}”不在指标体系中"
        if code == "indicator-level2" and len(levels) == 2:
            return f"二级指标“{levels[1]}”不是一级指标“{levels[0]}”下的二级指标"
    if code == "indicators-empty":
        return "原表没有填写任何三级指标"
    return None


_FUND_ATTRIBUTES = {
    ("项目资金", "项目资金总额"): ("project_funds", "total"),
    ("项目资金", "财政资金"): ("project_funds", "fiscal"),
    ("项目资金", "其他资金"): ("project_funds", "other"),
    ("年度资金", "年度资金申请总额"): ("annual_funds", "total"),
    ("年度资金", "当年财政拨款"): ("annual_funds", "appropriation"),
    ("年度资金", "上年结转资金"): ("annual_funds", "carry_over"),
    ("年度资金", "其他资金"): ("annual_funds", "other"),
}


def discrepancy(decl: Declaration, entry: AcknowledgedProblem) -> Discrepancy:
    """The words for one 原表问题 entry, with the form's own numbers where the rule has them."""
    title = ACKNOWLEDGEABLE.get(entry.code, entry.code)
    statement = _statement(decl, entry.code, entry.at) or f"{entry.at}：{title}"
    return Discrepancy(entry.code, entry.at, title, statement, entry.note)


def discrepancies_of(decl: Declaration) -> list[Discrepancy]:
    """The published problems of one form, in the order its 原表问题 lists them."""
    return [discrepancy(decl, entry) for entry in decl.acknowledged or []]


__all__ = ["Discrepancy", "discrepancies_of", "discrepancy"]
