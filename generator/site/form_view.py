"""The parts of the project page that follow the form's layout, formatted once in Python.

A form is printed the way its layout prints it (`layouts.Layout`): its title, its header
labels and fields, its goals, and the indicator columns it has (a 中期 target beside the annual
one, the long-term set of a two-sets table, the budget system's split columns, columns kept
under their own header). A blank value is None: the template shows it as 空白.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.core.layouts import SPLIT_COLUMN_TITLES, SPLIT_COLUMNS, Layout, layout_of
from generator.core.model import Declaration, Indicator

# (label, value) pairs of one header row; None is a blank cell.
HeaderRow = tuple[tuple[str, str | None], ...]


@dataclass(frozen=True, slots=True)
class GoalColumn:
    heading: str
    text: str | None


@dataclass(frozen=True, slots=True)
class FormView:
    title: str
    header: tuple[HeaderRow, ...]
    goals: tuple[GoalColumn, ...]
    # The label the form prints for each funding cell, by `block.key`.
    funding_labels: dict[str, str]
    prints_project_funds: bool
    # Indicator columns beyond 一级 | 二级 | 三级 | 年度指标值: the long-term set (printed before
    # the annual set, as the two-sets table does), then the split columns, then other columns.
    long_columns: tuple[str, ...]
    split_columns: tuple[str, ...]  # headings
    split_keys: tuple[str, ...]  # YAML keys, `其他列.<表头>` for a column kept under its header
    target_heading: str


def _header(decl: Declaration, layout: Layout) -> tuple[HeaderRow, ...]:
    def date(value: dt.date | None) -> str | None:
        return None if value is None else value.isoformat()

    values: dict[str, str | None] = {
        "项目名称": decl.name,
        "项目类别": decl.category,
        "项目性质": decl.nature,
        "项目属性": decl.attribute,
        "主管部门": decl.department,
        "实施单位": decl.implementing_unit,
        "计划开始日期": date(decl.start_date),
        "计划完成日期": date(decl.end_date),
        "项目期": decl.period,
    }
    if decl.department_code is not None:
        values["主管部门"] = f"[{decl.department_code}]{decl.department}"

    def shown(key: str) -> bool:
        return key in layout.prints or values[key] is not None

    rows: list[HeaderRow] = []
    placed: set[str] = set()
    for keys in layout.header_rows:
        row = tuple((layout.label(key), values[key]) for key in keys if shown(key))
        placed.update(keys)
        if row:
            rows.append(row)
    # A field the layout does not print but the declaration holds: in rows of two, after.
    rest = [(layout.label(key), values[key]) for key in values if key not in placed and shown(key)]
    rows += [tuple(rest[i : i + 2]) for i in range(0, len(rest), 2)]
    return tuple(rows)


def _goals(decl: Declaration, layout: Layout) -> tuple[GoalColumn, ...]:
    columns: list[GoalColumn] = []
    goal = decl.overall_goal
    if "项目总目标" in layout.prints or goal.text is not None:
        period = (
            f"（{goal.start_year}年-{goal.end_year}年）"
            if goal.start_year is not None and goal.end_year is not None
            else "（期间空白）"
        )
        columns.append(GoalColumn(f"项目总目标{period}", goal.text))
    if decl.medium_goal is not None:
        columns.append(GoalColumn("中期目标", decl.medium_goal))
    if decl.long_goal is not None:
        columns.append(GoalColumn("长期目标", decl.long_goal))
    columns.append(GoalColumn(layout.label("年度总目标"), decl.annual_goal))
    return tuple(columns)


def _indicators(decl: Declaration) -> list[Indicator]:
    return [indicator for _, _, indicator in decl.indicator_rows()]


def form_view(decl: Declaration) -> FormView:
    """Which columns a project's form has (long-term targets, split columns), so that the
    page shows the form's own table, not a superset with empty columns.
    """
    layout = layout_of(decl.layout)
    indicators = _indicators(decl)
    has_long = any(i.long_term is not None for i in indicators)
    split_keys = [
        key
        for key in SPLIT_COLUMNS
        if any(getattr(i, _ATTRIBUTE[key]) is not None for i in indicators)
    ]
    others: dict[str, None] = {}
    for indicator in indicators:
        for header in indicator.other_columns or {}:
            others.setdefault(header)
    split_keys += [f"其他列.{header}" for header in others]
    return FormView(
        title=layout.title,
        header=_header(decl, layout),
        goals=_goals(decl, layout),
        funding_labels={
            path: layout.label(path)
            for path in (
                "项目资金.项目资金总额",
                "项目资金.财政资金",
                "项目资金.其他资金",
                "年度资金.年度资金申请总额",
                "年度资金.当年财政拨款",
                "年度资金.上年结转资金",
                "年度资金.其他资金",
            )
        },
        prints_project_funds=layout.prints_block("项目资金"),
        long_columns=("二级指标（长期）", "三级指标（长期）", "指标值（长期）") if has_long else (),
        split_columns=tuple(_column_title(key, decl.column_totals or {}) for key in split_keys),
        split_keys=tuple(split_keys),
        target_heading="指标值（年度）" if has_long else "年度指标值",
    )


def _column_title(key: str, totals: dict[str, str | None]) -> str:
    """The column's heading as the form prints it: `分值权重（90）` with its total."""
    title = SPLIT_COLUMN_TITLES.get(key, key.removeprefix("其他列."))
    total = totals.get(key)
    return f"{title}（{total}）" if total is not None else title


_ATTRIBUTE = {
    info.alias: name for name, info in Indicator.model_fields.items() if info.alias is not None
}


def split_cells(indicator: Indicator | None, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The indicator's values in the split columns `keys`; "" where blank."""
    if indicator is None:
        return tuple("" for _ in keys)
    cells = []
    for key in keys:
        if key.startswith("其他列."):
            value = (indicator.other_columns or {}).get(key.removeprefix("其他列."))
        else:
            value = getattr(indicator, _ATTRIBUTE[key])
        cells.append(value or "")
    return tuple(cells)


def long_cells(indicator: Indicator | None) -> tuple[str, ...]:
    """The 中长期 cells of an indicator row; empty cells where the indicator has none."""
    long_term = indicator.long_term if indicator is not None else None
    if long_term is None:
        return ("", "", "")
    return (long_term.level2 or "", long_term.name or "", long_term.target or "")
