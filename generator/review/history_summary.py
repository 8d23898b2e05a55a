"""One line of Chinese that says what a revision changed, for 修订记录 and 最近修改.

Readers of the site want the change itself (年度资金申请总额 1,846,000.00 → 1,900,000.00；新增指标
2 个), not the commit message a publisher wrote for colleagues, which is shown only when the
publisher opts in (see generator/review/history.py). The full list of changes stays below the line
on each project page.
"""

from __future__ import annotations

from decimal import Decimal

from generator.core.model import Declaration
from generator.core.money import format_yuan
from generator.review.semantic_diff import IndicatorChangeKind, ProjectChange, Strength

# Field values longer than this are named, not quoted, in the one-line summary.
SHORT_VALUE = 24
MAX_FUNDING_ITEMS = 3


def _amount(value: Decimal | None) -> str:
    return "空白" if value is None else format_yuan(value)


def _value(text: str | None) -> str:
    return "空白" if not text else f"“{text}”"


def created_summary(after: Declaration, annual_total_yuan: Decimal | None) -> str:
    """The line for a revision that adds a declaration: there is nothing to compare, so it
    says how large the new project is (its amount and number of indicators)."""
    indicators = len(after.indicator_rows())
    amount = "空白" if annual_total_yuan is None else f"{format_yuan(annual_total_yuan)} 元"
    return f"新建申报：年度资金申请总额 {amount}，三级指标 {indicators} 个"


def change_summary(change: ProjectChange) -> str:
    """`年度资金申请总额 1,846,000.00 → 1,900,000.00；新增指标 2 个`; empty when nothing changed."""
    parts: list[str] = []
    for item in change.fields:
        before, after = item.before or "", item.after or ""
        if len(before) <= SHORT_VALUE and len(after) <= SHORT_VALUE:
            parts.append(f"{item.label} {_value(item.before)} → {_value(item.after)}")
        else:
            parts.append(f"修改{item.label}")
    for funding in change.funding[:MAX_FUNDING_ITEMS]:
        parts.append(f"{funding.label} {_amount(funding.before)} → {_amount(funding.after)}")
    if len(change.funding) > MAX_FUNDING_ITEMS:
        parts.append(f"另有 {len(change.funding) - MAX_FUNDING_ITEMS} 项资金变化")
    counts: dict[IndicatorChangeKind, int] = {}
    for indicator in change.indicators:
        counts[indicator.kind] = counts.get(indicator.kind, 0) + 1
    if counts.get(IndicatorChangeKind.ADDED):
        parts.append(f"新增指标 {counts[IndicatorChangeKind.ADDED]} 个")
    if counts.get(IndicatorChangeKind.REMOVED):
        parts.append(f"删除指标 {counts[IndicatorChangeKind.REMOVED]} 个")
    if targets := counts.get(IndicatorChangeKind.TARGET):
        strengths = [i.strength for i in change.indicators if i.kind == IndicatorChangeKind.TARGET]
        detail = [
            f"{strength} {strengths.count(strength)} 个"
            for strength in (Strength.STRICTER, Strength.LOOSER)
            if strengths.count(strength)
        ]
        parts.append(f"指标目标变化 {targets} 个" + (f"（{'，'.join(detail)}）" if detail else ""))
    if counts.get(IndicatorChangeKind.MOVED):
        parts.append(f"指标换类别 {counts[IndicatorChangeKind.MOVED]} 个")
    return "；".join(parts)
