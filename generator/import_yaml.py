"""Declaration files written in the canonical layout, from a recognised form.

Every value is written so that our strict reader gives back exactly the text: plain where YAML
cannot misread it, double-quoted otherwise. A blank cell is written as an empty value.
"""

from __future__ import annotations

import json
import re

from generator.import_grid import FormOrigin
from generator.import_recognise import (
    OTHER_FUNDS,
    Placed,
    RecognisedForm,
    normalise_amount,
    normalise_date,
)

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../schema/declaration.schema.json"

_PLAIN_SAFE = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`=<~]([^\n]*[^\s])?")


def scalar(text: str | None) -> str:
    """A YAML scalar that reads back as exactly `text` (None: an empty value)."""
    if text is None or text == "":
        return ""
    if (
        _PLAIN_SAFE.fullmatch(text)
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and "\t" not in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


_BLOCK_SAFE_LINE = re.compile(r"[^\s]([^\n\t]*[^\s])?")


def block_scalar(text: str | None, indent: int) -> str | None:
    """A literal block scalar (`|-` and the lines, indented) for text of several lines, or None.

    A paragraph break of a wrapped cell (`…。` / `2. …`) stays a line break that a person sees
    in the file; text whose lines YAML would change (leading or trailing spaces, tabs, empty
    lines, other line separators) is left to the quoted form of `scalar`.
    """
    if text is None or "\n" not in text:
        return None
    lines = text.split("\n")
    if not all(_BLOCK_SAFE_LINE.fullmatch(line) for line in lines):
        return None
    # `#` could be taken for a comment by `fmt`'s comment keeper: such text stays quoted.
    if any(ch in text for ch in "#\r\x85\u2028\u2029\ufeff"):
        return None
    pad = " " * indent
    return "|-\n" + "\n".join(pad + line for line in lines)


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


def declaration_yaml(
    form: RecognisedForm, notes: list[str], origin: FormOrigin | None = None
) -> str:
    """The file text; `notes` collects what was normalised (dates, full-width digits).

    With an `origin` (a PDF source) the optional 来源 block comes last, as the model orders it.
    """
    header = form.header

    def text(label: str) -> str | None:
        return header.get(label, Placed(None, None)).text

    def date(label: str) -> str | None:
        raw = text(label)
        if raw is None:
            return None
        iso, changed = normalise_date(raw)
        if changed:
            notes.append(f"{label}“{raw}”写作 {iso}")
        return iso

    lines = [SCHEMA_COMMENT, _line("年度", form.year.text), _line("项目名称", text("项目名称"))]
    lines.append(_line("项目类别", text("项目类别")))
    if "项目性质" in header:
        lines.append(_line("项目性质", text("项目性质")))
    lines += [
        _line("主管部门", text("主管部门")),
        _line("实施单位", text("实施单位")),
        _line("计划开始日期", date("计划开始日期")),
        _line("计划完成日期", date("计划完成日期")),
        _line("资金单位", form.unit),
    ]
    for block, keys in FUND_KEYS.items():
        lines.append(f"{block}:")
        for key in keys:
            placed = form.funds.get((block, key))
            raw = placed.text if placed else None
            amount = normalise_amount(raw) if raw is not None else None
            if raw is not None and amount != raw.replace(" ", ""):
                notes.append(f"{block}.{key}“{raw}”写作 {amount}")
            lines.append(_line(key, amount, 2))
    start, end = form.goal_period or (None, None)
    lines += [
        "项目总目标:",
        _line("起始年度", start, 2),
        _line("终止年度", end, 2),
        _line("内容", form.overall_goal.text, 2),
        _line("年度总目标", form.annual_goal.text),
        "绩效指标:",
    ]
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
    if not form.indicators:
        lines[-1] += " {}"
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
