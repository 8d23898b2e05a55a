"""Declarations printed in the other layouts of DOMAIN.md, as tab-separated text exports.

The inverse of the importer for those layouts, like `form_text` for the Shanghai form: used by
the round-trip tests and the import benchmark, so that every layout is printed the way it is
published and read back. Labels come from `layouts` (the same tables the recogniser reads).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from generator.core.layouts import CENTRAL, DEPARTMENT_TABLE, PROVINCIAL, SPLIT_COLUMN_TITLES
from generator.core.model import Declaration, Indicator
from generator.site.form_view import long_cells

Row = list[str]

_SPLIT_LABELS = {"评分标准": "评(扣)分标准"}


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,f}"


def _or_blank(value: str | None) -> str:
    return "" if value is None else value


def _coded(decl: Declaration) -> str:
    code = decl.department_code
    return decl.department if code is None else f"[{code}]{decl.department}"


def _split_keys(decls: Sequence[Declaration]) -> list[str]:
    """The split columns and kept columns any indicator of `decls` has, in the model's order."""
    keys: dict[str, None] = {}
    for decl in decls:
        for _, _, indicator in decl.indicator_rows():
            for key, attribute in _ATTRIBUTES.items():
                if getattr(indicator, attribute) is not None:
                    keys.setdefault(key)
    ordered = [key for key in _ATTRIBUTES if key in keys]
    for decl in decls:
        for _, _, indicator in decl.indicator_rows():
            for header in indicator.other_columns or {}:
                keys.setdefault(f"其他列.{header}")
    return ordered + [key for key in keys if key.startswith("其他列.")]


_ATTRIBUTES = {
    info.alias: name
    for name, info in Indicator.model_fields.items()
    if info.alias in SPLIT_COLUMN_TITLES or info.alias in _SPLIT_LABELS or info.alias in {
        "中期指标值", "指标性质", "指标方向", "指标方向性", "计量单位", "度量单位", "权重",
        "分值", "分值权重", "指标值类型", "指标解释",
    }
}  # fmt: skip


def _cell(indicator: Indicator | None, key: str) -> str:
    if indicator is None:
        return ""
    if key.startswith("其他列."):
        return _or_blank((indicator.other_columns or {}).get(key.removeprefix("其他列.")))
    return _or_blank(getattr(indicator, _ATTRIBUTES[key]))


def _header_label(key: str, totals: dict[str, str | None]) -> str:
    label = _SPLIT_LABELS.get(key, key.removeprefix("其他列."))
    total = totals.get(key)
    return f"{label}（{total}）" if total is not None else label


def indicator_table(
    decl: Declaration, *, lead: Sequence[str] = ("绩效指标",), target_label: str = "年度指标值"
) -> list[Row]:
    """The indicator table by column: the long-term set when there is one, split columns."""
    keys = _split_keys([decl])
    has_long = any(i.long_term is not None for _, _, i in decl.indicator_rows())
    totals = decl.column_totals or {}
    header = [*lead, "一级指标"]
    if has_long:
        header += ["二级指标(长期)", "三级指标(长期)", "指标值(长期)"]
        header += ["二级指标(年度)", "三级指标(年度)", "指标值(年度)"]
    else:
        header += ["二级指标", "三级指标", target_label]
    header += [_header_label(key, totals) for key in keys]
    rows = [header]
    blank = [""] * len(lead)
    for level1, level2s in decl.indicators.items():
        first1 = True
        if not level2s:
            rows.append([*blank, level1])
        for level2, items in level2s.items():
            first2 = True
            entries: list[Indicator | None] = list(items) or [None]
            for indicator in entries:
                row = [*blank, level1 if first1 else ""]
                if has_long:
                    row += list(long_cells(indicator))
                row.append(level2 if first2 else "")
                if indicator is not None:
                    row += [indicator.name, indicator.target]
                    row += [_cell(indicator, key) for key in keys]
                rows.append(row)
                first1 = first2 = False
    return rows


def _goal_rows(decl: Declaration, annual_label: str) -> list[Row]:
    labels, texts = ["总体目标"], [""]
    if decl.medium_goal is not None:
        labels += ["中期目标", ""]
        texts += [decl.medium_goal, ""]
    if decl.long_goal is not None:
        labels += ["长期目标", ""]
        texts += [decl.long_goal, ""]
    labels.append(annual_label)
    texts.append(_or_blank(decl.annual_goal))
    return [labels, texts]


def provincial_text(decl: Declaration) -> str:
    """The 项目支出绩效目标表 (湖北 2020): code in the department cell, funds per period."""
    pf, af = decl.project_funds, decl.annual_funds
    rows: list[Row] = [
        [f"{decl.year}年{PROVINCIAL.title}"],
        ["项目名称", decl.name],
        ["主管部门及编码", _coded(decl), "", "实施单位", _or_blank(decl.implementing_unit)],
        ["项目属性", _or_blank(decl.attribute), "", "项目起止时间", _or_blank(decl.period)],
        [f"项目资金（{decl.unit.value}）", "资金总额", _amount(pf.total), "当年资金总额",
         _amount(af.total)],
        ["", "其中：财政拨款", _amount(pf.fiscal), "其中：当年财政拨款", _amount(af.appropriation)],
        ["", "其他资金", _amount(pf.other), "当年其他资金", _amount(af.other)],
    ]  # fmt: skip
    if af.carry_over is not None:
        rows.append(["", "", "", "上年结转资金", _amount(af.carry_over)])
    if decl.medium_goal is None and decl.long_goal is None:
        rows.append(["年度目标", _or_blank(decl.annual_goal)])
    else:
        rows += _goal_rows(decl, "年度目标")
    rows += indicator_table(decl, target_label="指标值")
    return "\n".join("\t".join(row) for row in rows) + "\n"


def central_text(decl: Declaration) -> str:
    """The central units' 项目绩效目标表: one year's funds, 执行率分值, 年度总体目标."""
    af = decl.annual_funds
    score = decl.execution_score
    rows: list[Row] = [
        [CENTRAL.title],
        [f"（{decl.year}年度）"],
        ["项目名称", decl.name],
        ["主管部门及代码", _coded(decl), "", "实施单位", _or_blank(decl.implementing_unit)],
        [f"项目资金（{decl.unit.value}）", "年度资金总额", _amount(af.total),
         "执行率分值" if score is None else f"执行率分值（{score}）"],
        ["", "其中：财政拨款", _amount(af.appropriation)],
        ["", "上年结转资金", _amount(af.carry_over)],
        ["", "其他资金", _amount(af.other)],
        ["年度总体目标", _or_blank(decl.annual_goal)],
    ]  # fmt: skip
    rows += indicator_table(decl, target_label="指标值")
    return "\n".join("\t".join(row) for row in rows) + "\n"


def department_table_text(decls: Sequence[Declaration]) -> str:
    """One 部门预算项目绩效目标申报表 for the declarations of one year and unit of money: a
    subtotal row per department, then its projects, each project's cells on its first row."""
    first = decls[0]
    keys = _split_keys(decls)
    header = ["单位名称", "项目名称", "预算数", "年度目标", "一级指标", "二级指标", "三级指标"]
    header += ["指标值" if key == "年度指标值" else key for key in ["年度指标值", *keys]]
    rows: list[Row] = [
        [f"{first.year}年{DEPARTMENT_TABLE.title}"],
        [f"金额单位：{first.unit.value}"],
        header,
    ]
    groups: dict[tuple[str, str | None], list[Declaration]] = {}
    for decl in decls:
        groups.setdefault((decl.department, decl.department_code), []).append(decl)
    for (department, code), members in groups.items():
        total = sum((d.annual_funds.total or Decimal(0) for d in members), Decimal(0))
        name = department if code is None else f"{code}-{department}"
        rows.append([name, "", _amount(total)])
        for decl in members:
            project = [
                _or_blank(decl.implementing_unit),
                decl.name,
                _amount(decl.annual_funds.total),
                _or_blank(decl.annual_goal),
            ]
            for level1, level2s in decl.indicators.items():
                first1 = True
                for level2, items in level2s.items():
                    first2 = True
                    entries: list[Indicator | None] = list(items) or [None]
                    for indicator in entries:
                        row = [*project, level1 if first1 else "", level2 if first2 else ""]
                        if indicator is not None:
                            row += [indicator.name, indicator.target]
                            row += [_cell(indicator, key) for key in keys]
                        rows.append(row)
                        project = ["", "", "", ""]
                        first1 = first2 = False
    return "\n".join("\t".join(row) for row in rows) + "\n"
