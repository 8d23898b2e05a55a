"""Declaration files written in the canonical layout, from a recognised form.

Every value is written so that our strict reader gives back exactly the text: plain where YAML
cannot misread it, double-quoted otherwise. A blank cell is written as an empty value.
"""

from __future__ import annotations

from generator.core.layouts import ANNUAL, LONG, MEDIUM, OVERALL, SPLIT_COLUMNS
from generator.core.yaml_text import block_scalar, scalar
from generator.importers.grid import FormOrigin
from generator.importers.recognise import (
    OTHER_FUNDS,
    IndicatorCell,
    Placed,
    RecognisedForm,
    is_placeholder,
    normalise_amount,
    normalise_date,
)

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../schema/declaration.schema.json"


def _line(key: str, value: str | None, indent: int = 0) -> str:
    pad = " " * indent
    block = block_scalar(value, indent + 2)
    if block is not None:
        return f"{pad}{key}: {block}"
    rendered = scalar(value)
    return f"{pad}{key}: {rendered}" if rendered else f"{pad}{key}:"


FUND_KEYS = {
    "项目资金": ("项目资金总额", "财政资金", OTHER_FUNDS),
    "年度资金": ("年度资金申请总额", "当年财政拨款", "上年结转资金", OTHER_FUNDS),
}


def _indicator_columns(item: IndicatorCell) -> list[str]:
    """The indicator's further columns, in the model's order, each as written."""
    lines = [_line(key, item.extras[key], 8) for key in SPLIT_COLUMNS if key in item.extras]
    if item.long:
        lines.append("        长期指标:")
        lines += [
            _line(key, item.long.get(key), 10)
            for key in ("二级指标", "三级指标", "指标值")
            if key in item.long
        ]
    if item.other:
        lines.append("        其他列:")
        lines += [_line(scalar(header), value, 10) for header, value in item.other.items()]
    return lines


def _blank_placeholder(placed: Placed, field: str, kind: str, notes: list[str]) -> str:
    """A cell printed as `-`, `/` or `无` where a date or an amount goes says there is none: it
    is written blank (a placeholder is no amount, and `0.00` would be a fact the form does not
    state), and the mark as printed, with its position, is kept in the import notes.

    Returns the trailing comment that keeps the printed mark in the file itself, beside the
    blank it became: reviewers see it in the pull request, and `jixiao fmt` keeps trailing
    comments. The mark is one of `is_placeholder`'s few characters, so it cannot end the comment
    or the line."""
    notes.append(
        f"{placed.where}：{field}原表印作“{placed.text}”，表示没有{kind}，写作空白"
        "（原表如此，不是漏填；文件中该行末尾的注释记着原表的写法）"
    )
    return f"  # 原表印作“{''.join((placed.text or '').split())}”"


def declaration_yaml(
    form: RecognisedForm, notes: list[str], origin: FormOrigin | None = None
) -> str:
    """The file text; `notes` collects what was normalised (dates, full-width digits).

    With an `origin` (a PDF source) the optional 来源 block comes last, as the model orders it.
    """
    header = form.header
    printed: dict[str, str] = {}  # label → the trailing comment of a placeholder date

    def text(label: str) -> str | None:
        return header.get(label, Placed(None, None)).text

    def date(label: str) -> str | None:
        raw = text(label)
        if raw is None:
            return None
        if is_placeholder(raw):
            printed[label] = _blank_placeholder(header[label], label, "日期", notes)
            return None
        iso, changed = normalise_date(raw)
        if changed:
            notes.append(f"{label}“{raw}”写作 {iso}")
        return iso

    layout = form.layout
    prints = set(layout.prints)

    def field(label: str, value: str | None) -> None:
        # Written when the layout prints it (blank if the cell was blank) or the form has it.
        if label in prints or label in header or value is not None:
            lines.append(_line(label, value) + printed.get(label, ""))

    lines = [SCHEMA_COMMENT, _line("年度", form.year.text)]
    if layout.key:
        lines.append(_line("表样", layout.key))
    lines.append(_line("项目名称", text("项目名称")))
    for label in ("项目类别", "项目性质", "项目属性"):
        field(label, text(label))
    lines.append(_line("主管部门", text("主管部门")))
    field("部门代码", text("部门代码"))
    field("实施单位", text("实施单位"))
    field("计划开始日期", date("计划开始日期"))
    field("计划完成日期", date("计划完成日期"))
    field("项目期", text("项目期"))
    lines.append(_line("资金单位", form.unit))
    for block, keys in FUND_KEYS.items():
        if block not in prints and not any((block, key) in form.funds for key in keys):
            continue
        lines.append(f"{block}:")
        for key in keys:
            placed = form.funds.get((block, key), Placed(None, None))
            raw = placed.text
            comment = ""
            if raw is not None and is_placeholder(raw):
                comment = _blank_placeholder(placed, f"{block}.{key}", "金额", notes)
                raw = None
            amount = normalise_amount(raw) if raw is not None else None
            if raw is not None and amount != raw.replace(" ", ""):
                notes.append(f"{block}.{key}“{raw}”写作 {amount}")
            lines.append(_line(key, amount, 2) + comment)
    field("执行率分值", text("执行率分值"))
    goals = form.goals
    overall = goals.get(OVERALL)
    if "项目总目标" in prints or overall is not None or form.goal_period is not None:
        start, end = form.goal_period or (None, None)
        lines += [
            "项目总目标:",
            _line("起始年度", start, 2),
            _line("终止年度", end, 2),
            _line("内容", overall.text if overall else None, 2),
        ]
    for key in (MEDIUM, LONG):
        if key in goals:
            lines.append(_line(key, goals[key].text))
    annual = goals.get(ANNUAL)
    field("年度总目标", annual.text if annual else None)
    lines.append("绩效指标:")
    for level1, level2s in form.indicators.items():
        lines.append(f"  {scalar(level1)}:")
        if not level2s:
            lines[-1] += " {}"
        for level2, items in level2s.items():
            if not items:
                lines.append(f"    {scalar(level2)}: []")
                continue
            lines.append(f"    {scalar(level2)}:")
            for item in items:
                lines.append(f"      - 三级指标: {scalar(item.name)}")
                lines.append(_line("年度指标值", item.target or None, 8))
                lines += _indicator_columns(item)
    if not form.indicators:
        lines[-1] += " {}"
    if form.column_totals:
        lines.append("指标列合计:")
        lines += [_line(key, total, 2) for key, total in form.column_totals.items()]
    if origin is not None:
        lines += ["来源:", _line("文件", origin.file, 2)]
        if origin.page is not None:
            lines.append(_line("页码", str(origin.page), 2))
        narrative = origin.narrative
        if narrative is not None:
            lines += [
                "  经费说明:",
                _line("页码", str(narrative.page), 4),
                _line("金额", narrative.amount, 4),
                _line("单位", narrative.unit, 4),
            ]
    return "\n".join(lines) + "\n"
