"""A declaration printed in the tab-separated layout of a PDF text extraction.

The inverse of the importer for text: used by the round-trip tests (declaration → text →
import → the same declaration) and to make fixtures, so it follows the seed's layout, blank
cells and all.
"""

from __future__ import annotations

from decimal import Decimal

from generator.core.layouts import CENTRAL, DEPARTMENT_TABLE, PROVINCIAL
from generator.core.model import Declaration, Indicator
from tests.support import form_text_layouts as other

TITLE = "财政项目支出绩效目标申报表"


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,f}"


def form_text(decl: Declaration, *, year_style: str = "({year}年度)") -> str:
    """The declaration as its layout prints it (`form_text_layouts` for the other layouts)."""
    if decl.layout == PROVINCIAL.key:
        return other.provincial_text(decl)
    if decl.layout == CENTRAL.key:
        return other.central_text(decl)
    if decl.layout == DEPARTMENT_TABLE.key:
        return other.department_table_text([decl])
    pf, af = decl.project_funds, decl.annual_funds
    goal = decl.overall_goal
    rows: list[list[str]] = [
        [TITLE],
        [year_style.format(year=decl.year)],
        ["项目名称", decl.name, "项目类别", decl.category or "", ""],
    ]
    if decl.nature is not None:
        rows.append(["项目性质", decl.nature, "", "", ""])
    period = (
        "项目总目标"
        if goal.start_year is None or goal.end_year is None
        else f"项目总目标 ({goal.start_year}年-{goal.end_year}年)"
    )
    start = "" if decl.start_date is None else decl.start_date.isoformat()
    end = "" if decl.end_date is None else decl.end_date.isoformat()
    rows += [
        ["主管部门", decl.department, "实施单位", decl.implementing_unit or "", ""],
        ["计划开始日期", start, "计划完成日期", end, ""],
        [f"项目资金 ({decl.unit.value})", "项目资金总额", _amount(pf.total), "年度资金申请总额",
         _amount(af.total)],
        ["", "其中：财政资金", _amount(pf.fiscal), "其中：当年财政拨款", _amount(af.appropriation)],
        ["", "", "", "上年结转资金", _amount(af.carry_over)],
        ["", "其他资金", _amount(pf.other), "其他资金", _amount(af.other)],
        ["项目 绩效 目标", period, "", "年度总目标", ""],
        ["", goal.text or "", "", decl.annual_goal or "", ""],
    ]  # fmt: skip
    if any(_has_columns(i) for _, _, i in decl.indicator_rows()):
        rows += other.indicator_table(decl, lead=("绩效 指标",))
        return "\n".join("\t".join(cells) for cells in rows) + "\n"
    rows.append(["绩效 指标", "一级指标", "二级指标", "三级指标", "年度指标值"])
    for level1, level2s in decl.indicators.items():
        first1 = True
        for level2, items in level2s.items():
            first2 = True
            entries: list[Indicator | None] = list(items) or [None]
            for indicator in entries:
                row = ["", level1 if first1 else "", level2 if first2 else ""]
                row += [indicator.name, indicator.target] if indicator else ["", ""]
                rows.append(row)
                first1 = first2 = False
    return "\n".join("\t".join(cells) for cells in rows) + "\n"


def _has_columns(indicator: Indicator) -> bool:
    """An indicator with columns beyond 三级指标 | 年度指标值 (split, long-term, kept)."""
    return any(value is not None for name, value in indicator if name not in ("name", "target"))
