"""Recognises declaration forms in rows of cells, deciding by vocabulary, not by column.

PDF extraction shifts cells (in the seed, 成本指标 and 可持续影响指标 land in the first-level
column), wraps names over two cells and drops empty cells, so a cell's column says little. Its
words say a lot: the form's labels and the indicator framework are a small closed vocabulary.
Every non-empty cell is either consumed (as a label, a value or a structural word) or listed
as not placed, with its position: an import never loses a value silently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from generator.core.layouts import (
    ANNUAL,
    BASIC_COLUMNS,
    EXECUTION_SCORE,
    GOAL_LABELS,
    INDICATOR_COLUMNS,
    LAYOUTS,
    LEVEL1,
    LEVEL2,
    LONG,
    LONG_LEVEL2,
    MAX_TITLE_LENGTH,
    MEDIUM,
    NAME,
    OVERALL,
    OVERALL_GOAL_PREFIXES,
    SHANGHAI,
    TABLE_LAYOUTS,
    TARGET,
    TITLE_PATTERN,
    Layout,
    choose_layout,
    column_label,
)
from generator.core.money import AmountError, MoneyUnit, parse_amount
from generator.core.taxonomy import ALL_SECOND_LEVEL, FIRST_LEVEL, parents_of
from generator.core.wrapped_text import join_wrapped
from generator.importers.grid import Cell, SourceDocument, SourceRow

TITLE = "项目支出绩效目标申报表"
_YEAR = re.compile(r"([12][0-9]{3})\s*年\s*度", re.ASCII)
_TITLE_YEAR = re.compile(r"([12][0-9]{3})\s*年", re.ASCII)  # 2020年项目支出绩效目标表
# A line or cell that is only the year, with or without 度 and brackets: （2024年）, 2024年度.
ONLY_YEAR = re.compile(r"[(（]?\s*([12][0-9]{3})\s*年\s*度?\s*[)）]?")
_BRACKETED_CODE = re.compile(r"\s*[\[［【]\s*([0-9A-Za-z.\-]{1,20})\s*[\]］】]\s*(.+)", re.ASCII)
_CODE_PREFIX = re.compile(r"\s*([0-9]{1,12})\s*(?:[-－—–]\s*|\s+)([^\s0-9].*)")
_BRACKETED = re.compile(r"\(\s*([0-9]+(?:\.[0-9]+)?)\s*分?\s*\)", re.ASCII)  # (10), (10分)
_BARE_CODE = re.compile(r"\s*[\[［【]?\s*([0-9]{1,12})\s*[\]］】]?\s*")
# 10000万元, 10,000.00元, 10000万 (万 alone is 万元 in a money cell), ¥10000元: a currency sign
# before the number is only the sign of yuan, the unit is the word after it.
_UNIT_INSIDE = re.compile(r"[¥￥]?\s*(.*?[0-9])\s*(万元|万|元)")
_PERIOD = re.compile(r"([12][0-9]{3})\s*年?\s*[-—–~～至]\s*([12][0-9]{3})\s*年?", re.ASCII)
_SLASH_DATE = re.compile(r"([12][0-9]{3})\s*[/.年-]\s*([0-9]{1,2})\s*[/.月-]\s*([0-9]{1,2})\s*日?")

# Every header label of every layout: a cell holding one is a label, not a value.
ALL_HEADER_LABELS = frozenset(label for layout in LAYOUTS for label in layout.header)
ALL_FUNDING_LABELS = frozenset(
    label for layout in LAYOUTS for label in (*layout.funding, *layout.other_funds)
)

OTHER_FUNDS = "其他资金"

# Words that only give the form its shape; consumed without a value.
STRUCTURAL = {
    "项目绩效目标",
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "年度/项目指标值",
    "年度(/项目)指标值",
    "年度（/项目）指标值",
    "指标值",
}


# What may follow 项目资金 or 项目总目标 in a label: a unit or a period, bracketed or bare.
# Anything longer is text that merely begins with those words (a goal "总体目标：通过…").
_LABEL_TAIL = re.compile(
    r"[（(][^（()）]{0,20}[)）]|[0-9年度\-—–~～至]{1,20}|(单位)?万?元", re.ASCII
)


def _labelled(label: str, prefixes: tuple[str, ...]) -> bool:
    """`label` is one of `prefixes`, alone or followed by a unit or a period."""
    return any(
        label.startswith(p) and (label == p or _LABEL_TAIL.fullmatch(label[len(p) :]) is not None)
        for p in prefixes
    )


def split_department_code(text: str) -> tuple[str, str] | None:
    """(department, code) of a department written with its code: `[173]中国科学院`,
    `［173］…`, `【015001】…` (a 主管部门及代码 cell), `015001-武汉市青山区教育局`,
    `015001 武汉市青山区教育局` (the same cell in other exports, a subtotal row
    `820-马踏镇部门`, a 自评表's `219-上海市宝山区总工会`); None without a code."""
    coded = _BRACKETED_CODE.fullmatch(text) or _CODE_PREFIX.fullmatch(text)
    return None if coded is None else (coded.group(2).strip(), coded.group(1))


def is_unit_label(label: str) -> bool:
    """Whether a label is the 项目资金 heading that may carry the form's unit (（万元）)."""
    return label not in ALL_FUNDING_LABELS and _labelled(label, ("项目资金",))


def is_goal_label(label: str) -> bool:
    """Whether a label heads 项目总目标, with or without a period written after it."""
    return _labelled(label, OVERALL_GOAL_PREFIXES)


def normalise_label(text: str) -> str:
    """Labels compared without spaces, colons or the prefix 其中."""
    compact = "".join(text.split()).replace("：", "").replace(":", "")
    return compact.removeprefix("其中")


def _fullwidth_to_ascii(text: str) -> str:
    return "".join(
        chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else (" " if c == "\u3000" else c) for c in text
    )


_CHINESE_YEAR = re.compile(r"([〇○零一二三四五六七八九]{4})(?=\s*年)")
_CHINESE_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")


def year_text(text: str) -> str:
    """The text with ASCII digits for reading a year: full-width `２０２４`, and a year in
    Chinese numerals as some titles print it (`二〇二四年度`)."""
    ascii_text = _fullwidth_to_ascii(text)
    return _CHINESE_YEAR.sub(lambda m: m.group(1).translate(_CHINESE_DIGITS), ascii_text)


def normalise_amount(text: str) -> str:
    """Full-width digits and marks as ASCII; everything else exactly as written."""
    return "".join(_fullwidth_to_ascii(text).split())


# What a form prints in a cell that has nothing to say: `-`, `—`, `——`, `－`, `/`, `＼`, `无`.
_PLACEHOLDER = re.compile(r"[-－—–―‐‑~～/／\\＼]+|无")


def is_placeholder(text: str) -> bool:
    """Whether a cell holds only a mark for "nothing here" rather than a value."""
    return _PLACEHOLDER.fullmatch("".join(text.split())) is not None


def normalise_date(text: str) -> tuple[str, bool]:
    """(ISO date or the text as written, whether it was rewritten)."""
    ascii_text = _fullwidth_to_ascii(text).strip()
    match = _SLASH_DATE.fullmatch(ascii_text)
    if not match:
        return text, False
    year, month, day = (int(g) for g in match.groups())
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    return iso, iso != text


@dataclass(slots=True)
class Placed:
    """A value taken from the source, with where it was."""

    text: str | None  # None: the cell was blank
    where: str | None


@dataclass(slots=True)
class IndicatorCell:
    """One indicator as read from the table, with its split and extra columns."""

    name: str
    target: str
    where: str
    # Split columns by the YAML key of `model.Indicator` (None: the cell was blank), the
    # long-term set of a two-sets table, and columns kept under their own header.
    extras: dict[str, str | None] = field(default_factory=dict)
    long: dict[str, str | None] = field(default_factory=dict)
    other: dict[str, str | None] = field(default_factory=dict)


@dataclass(slots=True)
class RecognisedForm:
    """One form as the recogniser placed it: every value with its position, and every
    cell it could not place, so that the import report can account for all of them."""

    source: str
    where: str  # the title's position
    page: int | None = None  # a PDF form's first page, and its last (a form may go on a page)
    last_page: int | None = None
    year: Placed = field(default_factory=lambda: Placed(None, None))
    header: dict[str, Placed] = field(default_factory=dict)
    unit: MoneyUnit = MoneyUnit.YUAN
    unit_where: str | None = None  # where the unit was stated; None: not stated, 元 assumed
    unit_said: str | None = None  # the words that stated it, for a conflict's message
    funds: dict[tuple[str, str], Placed] = field(default_factory=dict)
    goal_period: tuple[str, str] | None = None
    goals: dict[str, Placed] = field(default_factory=dict)  # 项目总目标, 中期目标, …, 年度总目标
    layout: Layout = SHANGHAI
    indicators: dict[str, dict[str, list[IndicatorCell]]] = field(default_factory=dict)
    unplaced: list[Cell] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cell_count: int = 0
    # Totals written in indicator column headers: 分值权重（90） → {"分值权重": "90"}.
    column_totals: dict[str, str] = field(default_factory=dict)
    kept_columns: list[str] = field(default_factory=list)  # headers jixiao does not know

    @property
    def overall_goal(self) -> Placed:
        return self.goals.get(OVERALL, Placed(None, None))

    @property
    def annual_goal(self) -> Placed:
        return self.goals.get(ANNUAL, Placed(None, None))

    @property
    def indicator_count(self) -> int:
        return sum(len(items) for l2s in self.indicators.values() for items in l2s.values())


# A statement of the money unit above the table (单位：万元, 金额单位:元, （单位：万元）), as a
# cell of its own, or at the end of a line that first names the filing unit
# (`填报单位：某市教育局   单位：万元`).
_UNIT_STATEMENT = re.compile(r"(?:金额|资金)?单位(?:人民币)?(万元|元)")
_UNIT_STATEMENT_AT_END = re.compile(
    r"(?:^|[\s,;)])(?:金额|资金)?单位\s*[:]?\s*(?:人民币)?\s*(万元|元)\s*\)?\s*$"
)


def stated_unit(text: str) -> tuple[MoneyUnit, bool] | None:
    """The money unit a cell states, and whether the statement is all the cell says."""
    folded = _fullwidth_to_ascii(text)
    whole = _UNIT_STATEMENT.fullmatch(normalise_label(folded).strip("()"))
    if whole:
        return MoneyUnit(whole.group(1)), True
    tail = _UNIT_STATEMENT_AT_END.search(folded)
    return (MoneyUnit(tail.group(1)), False) if tail else None


def state_unit(form: RecognisedForm, unit: MoneyUnit, where: str | None, said: str) -> bool:
    """Records the form's money unit as stated at `where`; a second statement that differs is
    an error of the form (the amounts would be read 10,000 times too large or too small), never
    a silent choice between the two. False when it conflicts."""
    if form.unit_where is None:
        form.unit, form.unit_where, form.unit_said = unit, where, said
        return True
    if unit == form.unit:
        return True
    form.errors.append(
        f"{where}：“{said}”写的金额单位是{unit}，而{form.unit_where}“{form.unit_said}”写的是"
        f"{form.unit}，无法确定金额单位，无法导入这张表；请核对原表，在源文件中改正其中一处后再导入"
    )
    return False


def unit_row(row: SourceRow) -> list[tuple[Cell, MoneyUnit]] | None:
    """The unit statements of a row that holds nothing else, as a PDF prints 单位：元 again over
    a table continued on the next page; None for any other row."""
    units = []
    for cell in row.cells:
        statement = stated_unit(cell.text)
        if statement is None or not statement[1]:
            return None
        units.append((cell, statement[0]))
    return units or None


def inline_label(text: str) -> tuple[str, str] | None:
    """(label, value) of a cell that holds both, `项目名称：图书采购`, as some forms print the
    header; None when the words before the colon are no header label."""
    for colon in ("：", ":"):
        head, found, value = text.partition(colon)
        if found and value.strip() and normalise_label(head) in ALL_HEADER_LABELS:
            return normalise_label(head), value.strip()
    return None


def _is_label(text: str) -> bool:
    label = normalise_label(text)
    return (
        label in ALL_HEADER_LABELS
        or label in ALL_FUNDING_LABELS
        or label == OTHER_FUNDS
        or label in STRUCTURAL
        or is_unit_label(label)
        or label in GOAL_LABELS
        or is_goal_label(label)
        or label.startswith(EXECUTION_SCORE)
        or inline_label(text) is not None
    )


def _goal_target(label: str) -> str | None:
    """Which goal a label heads: 项目总目标 (with its period), 中期目标, 长期目标, 年度总目标."""
    if label in GOAL_LABELS:
        return GOAL_LABELS[label]
    return OVERALL if is_goal_label(label) else None


class _HeaderValue(NamedTuple):
    """A value read beside a label above the indicator table (a header field or an amount),
    kept by column for its rest that a text export wraps onto the next row."""

    name: str  # the field, for the import note
    placed: Placed
    amount: bool  # an amount: joined only when its digit groups are broken


class _FormReader:
    def __init__(self, form: RecognisedForm, rows: list[SourceRow], layout: Layout) -> None:
        self.form = form
        self.layout = layout
        self.rows = rows
        self.used: set[int] = set()
        self.project_column: int | None = None  # column of 项目资金总额, to tell the two 其他资金
        self.annual_column: int | None = None
        self.header_labels: list[str] = []  # the indicator table's header, to know it again
        self.first_indicator_column = 0  # the column of 一级指标 in that header

    def skip_furniture(self, row: SourceRow) -> bool:
        """A line that a page break put inside the table (page number, running header, 续表,
        the title or the table header printed again): no indicator. Its cells stay listed as
        not placed, and a note says what the line was taken for, so that a reviewer can check."""
        if self.restate_unit(row):
            return True
        labels = [normalise_label(c.text) for c in row.cells]
        kind: str | None
        if labels == self.header_labels or (
            _is_indicator_header(labels) and all(_is_label(c.text) for c in row.cells)
        ):
            kind = "换页后重复的指标表表头"
        elif _SIGNATURE.match(row.cells[0].text):
            kind = "表后的签署栏"
        else:
            kind = page_furniture(row.cells)
        if kind is None:
            return False
        self.form.warnings.append(
            f"{row.cells[0].where}：“{' '.join(row.texts)}”看作{kind}，没有作为指标导入"
            "（列在未放置中）"
        )
        return True

    def restate_unit(self, row: SourceRow) -> bool:
        """单位：元 printed again inside the table (over its continuation on the next page)
        confirms the form's unit; a different unit is an error of the form, as above the table.
        True when the row was such a statement."""
        units = unit_row(row)
        if units is None:
            return False
        for cell, unit in units:
            first = self.form.unit_where is None
            if state_unit(self.form, unit, cell.where, cell.text):
                self.use(cell)
                if first:
                    self.form.warnings.append(
                        f"{cell.where}：表中写明“{cell.text.strip()}”，资金单位记为 {unit}"
                    )
        return True

    def use(self, cell: Cell) -> None:
        self.used.add(id(cell))

    def value_after(self, row: SourceRow, index: int) -> Placed:
        """The cell after a label, unless it is itself a label: then the value is blank."""
        if index + 1 < len(row.cells):
            candidate = row.cells[index + 1]
            if not _is_label(candidate.text):
                self.use(candidate)
                return Placed(candidate.text, candidate.where)
        return Placed(None, row.cells[index].where)

    def read(self) -> None:
        indicator_start = len(self.rows)
        indicator_rows = []
        # The header values of the previous row, by column: a text export puts the rest of a
        # wrapped value (项目名称 `兰溪路-真南路下立交工` / `程`) on a row of its own, same column.
        continued: dict[int, _HeaderValue] = {}
        for row_number, row in enumerate(self.rows):
            labels = [normalise_label(c.text) for c in row.cells]
            if _is_indicator_header(labels):
                self.header_labels = labels
                self.first_indicator_column = min(
                    (c.column for c in row.cells if normalise_label(c.text) == LEVEL1), default=0
                )
                below = self.rows[row_number + 1] if row_number + 1 < len(self.rows) else None
                grouped = _grouped_header(row, below) if below is not None else None
                columns = self.indicator_columns(grouped or row)
                for cell in row.cells:
                    if _is_label(cell.text) or (columns and cell.column in columns):
                        self.use(cell)
                indicator_start = row_number + 1
                if grouped is not None and below is not None:
                    for cell in below.cells:
                        self.use(cell)
                    read_as = [c.text for c in grouped.cells if c.column >= below.cells[0].column]
                    self.form.warnings.append(
                        f"{below.cells[0].where}：指标表的表头占两行，下一行的栏目按上一行的"
                        f"分组读作{'、'.join(read_as)}"
                    )
                    indicator_start += 1
                # In a Word document the indicators stand in a table (perhaps continued in
                # another after a page break): a paragraph between or after is no indicator.
                indicator_rows = [
                    r
                    for r in self.rows[indicator_start:]
                    if row.table is None or r.table is not None
                ]
                break
            if continued and self.continue_wrapped(row, continued):
                continue
            continued = self.read_header_row(row, row_number)
        else:
            columns = {}
        if columns:
            self.read_indicator_columns(columns, indicator_rows)
        else:
            self.read_indicators(indicator_rows)
        # A line between the tables of a document (单位：元 over the continuation) is read as
        # the unit it states; any other line there stays listed as not placed.
        in_table = {id(r) for r in indicator_rows}
        for row in self.rows[indicator_start:]:
            if id(row) not in in_table:
                self.restate_unit(row)
        for row in self.rows:
            for cell in row.cells:
                self.form.cell_count += 1
                if id(cell) not in self.used:
                    self.form.unplaced.append(cell)

    def continue_wrapped(self, row: SourceRow, continued: dict[int, _HeaderValue]) -> bool:
        """A row of nothing but the rest of the previous row's header values, each under its
        value: joined to it by the one rule for wrapped cells (`wrapped_text`), with a note.
        An amount is joined only when its digit groups are broken (`1,234,5` / `67.00`) and
        the join reads as an amount: two whole amounts one under the other are two facts."""
        if not all(
            id(c) not in self.used and c.column in continued and not _is_label(c.text)
            for c in row.cells
        ):
            return False
        for cell in row.cells:
            value = continued[cell.column]
            if value.amount and not _broken_amount(value.placed.text or "", cell.text):
                return False
        for cell in row.cells:
            self.use(cell)
            value = continued[cell.column]
            before = value.placed.text or ""
            value.placed.text = join_wrapped([before, cell.text])
            self.note_join(cell, value.name, before, value.placed.text, indicator=False)
        return True

    def read_header_row(self, row: SourceRow, row_number: int) -> dict[int, _HeaderValue]:
        values: dict[int, _HeaderValue] = {}
        for index, cell in enumerate(row.cells):
            if id(cell) in self.used:
                continue
            label = normalise_label(cell.text)
            inline = inline_label(cell.text)
            if inline is not None and inline[0] in self.layout.header:
                # 项目名称：图书采购 — the label and its value in one cell.
                self.use(cell)
                values[cell.column] = self.header_value(inline[0], Placed(inline[1], cell.where))
            elif label in self.layout.header:
                self.use(cell)
                placed = self.value_after(row, index)
                if label in self.layout.coded_department:
                    placed = self.code_beside_name(row, index, placed)
                value = self.header_value(label, placed)
                if value.placed.text is not None:
                    values[row.cells[index + 1].column] = value
            elif is_unit_label(label):
                self.use(cell)
                if "元" in label:  # a bare 项目资金 leaves the unit to the amounts (10000万元)
                    unit = MoneyUnit.WAN_YUAN if "万元" in label else MoneyUnit.YUAN
                    state_unit(self.form, unit, cell.where, cell.text)
            elif label in self.layout.funding:
                self.use(cell)
                block, key = self.layout.funding[label]
                if block == "项目资金" and self.project_column is None:
                    self.project_column = cell.column
                if block == "年度资金" and self.annual_column is None:
                    self.annual_column = cell.column
                self.form.funds[(block, key)] = self.fund_value(
                    row, index, f"{block}.{key}", values
                )
            elif label in self.layout.other_funds:
                self.use(cell)
                block, key = self.layout.other_funds[label]
                block = block or self.other_funds_block(row, index)
                self.form.funds[(block, key)] = self.fund_value(
                    row, index, f"{block}.{key}", values
                )
            elif _goal_target(label) is not None:
                self.use(cell)
                self.read_goal_label(row, row_number, index)
            elif label.startswith(EXECUTION_SCORE):
                self.use(cell)
                points = _BRACKETED.search(_fullwidth_to_ascii(label))
                if points:
                    self.form.header[EXECUTION_SCORE] = Placed(points.group(1), cell.where)
                else:
                    self.form.header[EXECUTION_SCORE] = self.value_after(row, index)
                    if label != EXECUTION_SCORE:  # 执行率分值（十分）: words kept in the report
                        self.form.warnings.append(
                            f"{cell.where}：“{cell.text}”中读不出执行率的分值，"
                            "执行率分值取它右边的格子（没有则留空）；请核对原表"
                        )
            elif label in STRUCTURAL:
                self.use(cell)
            elif (statement := stated_unit(cell.text)) is not None:
                unit, alone = statement
                if alone:  # else the cell says more (填报单位：…): it stays listed as unplaced
                    self.use(cell)
                if state_unit(self.form, unit, cell.where, cell.text):
                    self.form.warnings.append(
                        f"{cell.where}：表上方写明“{cell.text.strip()}”，资金单位记为 {unit}"
                    )
        return values

    def code_beside_name(self, row: SourceRow, index: int, value: Placed) -> Placed:
        """主管部门及代码 | 173 | 中国科学院: the code and the name in cells of their own (an
        export that splits the merged cell) are read as `[173]中国科学院` in one cell is."""
        code = _BARE_CODE.fullmatch(value.text) if value.text is not None else None
        if code is None or index + 2 >= len(row.cells):
            return value
        name = row.cells[index + 2]
        if id(name) in self.used or _is_label(name.text) or _BARE_CODE.fullmatch(name.text):
            return value
        self.use(name)
        self.form.warnings.append(
            f"{value.where}、{name.where}：{row.cells[index].text}的代码“{value.text}”和名称"
            f"“{name.text}”各占一格，读作部门代码 {code.group(1)}、主管部门 {name.text.strip()}"
        )
        return Placed(f"{code.group(1)} {name.text.strip()}", value.where)

    def header_value(self, label: str, value: Placed) -> _HeaderValue:
        """Stores the value of a header label in the form; returned as kept for its rest."""
        key = self.layout.header[label]
        if label in self.layout.coded_department:
            value = self.coded_department(value)
        self.form.header[key] = value
        return _HeaderValue(key, value, amount=False)

    def coded_department(self, value: Placed) -> Placed:
        """[015001]武汉市青山区教育局, 015001-武汉市青山区教育局: the code goes to 部门代码,
        the department stays."""
        coded = split_department_code(value.text) if value.text is not None else None
        if coded is None:
            return value
        self.form.header["部门代码"] = Placed(coded[1], value.where)
        return Placed(coded[0], value.where)

    def fund_value(
        self, row: SourceRow, index: int, name: str, values: dict[int, _HeaderValue]
    ) -> Placed:
        """The amount after a funding label, remembered by column for a wrapped rest below."""
        value = self.value_after(row, index)
        if value.text is not None:
            values[row.cells[index + 1].column] = _HeaderValue(name, value, amount=True)
        return value

    def other_funds_block(self, row: SourceRow, index: int) -> str:
        """Which of the two 其他资金 this is: by order in the row, else by column."""
        others = [i for i, c in enumerate(row.cells) if normalise_label(c.text) == OTHER_FUNDS]
        if len(others) == 2:
            return "项目资金" if index == others[0] else "年度资金"
        column = row.cells[index].column
        if self.project_column is not None and self.annual_column is not None:
            nearer_project = abs(column - self.project_column) <= abs(column - self.annual_column)
            return "项目资金" if nearer_project else "年度资金"
        return "项目资金" if ("项目资金", OTHER_FUNDS) not in self.form.funds else "年度资金"

    def read_goal_label(self, row: SourceRow, row_number: int, index: int) -> None:
        """A goal label: its text stands beside it (年度总体目标 | text) or under it."""
        cell = row.cells[index]
        label = normalise_label(cell.text)
        target = _goal_target(label)
        if target == OVERALL:
            period = _PERIOD.search(_fullwidth_to_ascii(cell.text))
            if period:
                self.form.goal_period = (period.group(1), period.group(2))
        beside = row.cells[index + 1] if index + 1 < len(row.cells) else None
        if target != OVERALL and beside is not None and not _is_label(beside.text):
            self.use(beside)
            self.set_goal(target or ANNUAL, [beside])
            return
        self.read_goals(row, row_number)

    def goal_columns(self, label_row: SourceRow) -> list[tuple[int, str]]:
        """(column, goal) of each goal label in the row, left to right. A bare 总体目标 over
        中期目标 and 年度目标 (湖北) is the block's name, not a goal of its own."""
        columns = []
        targets = {_goal_target(normalise_label(c.text)) for c in label_row.cells}
        split = targets & {MEDIUM, LONG}
        for cell in label_row.cells:
            label = normalise_label(cell.text)
            target = _goal_target(label)
            if target is None:
                continue
            self.use(cell)
            bare = _PERIOD.search(_fullwidth_to_ascii(cell.text)) is None
            if target == OVERALL and split and bare:
                continue
            columns.append((cell.column, target))
        return columns

    def read_goals(self, label_row: SourceRow, row_number: int) -> None:
        """The goal texts stand under their labels, in the rows up to the indicator table."""
        columns = self.goal_columns(label_row)
        if not columns:
            return
        if [target for _, target in columns] == [OVERALL]:
            # No 年度总目标 label in the row (shifted by extraction): texts side by side are
            # still the overall goal and the annual one, as on the form.
            columns.append((columns[0][0] + len(label_row.cells) + 100, ANNUAL))
        found: dict[str, list[Cell]] = {target: [] for _, target in columns}
        for row in self.rows[row_number + 1 :]:
            labels = [normalise_label(c.text) for c in row.cells]
            if (
                "一级指标" in labels
                or "三级指标" in labels
                or any(
                    _is_label(c.text) and normalise_label(c.text) not in STRUCTURAL
                    for c in row.cells
                )
            ):
                break
            texts = [c for c in row.cells if normalise_label(c.text) not in STRUCTURAL]
            for cell in row.cells:
                if normalise_label(cell.text) in STRUCTURAL:
                    self.use(cell)
            if len(columns) > 1 and len(texts) >= len(columns):
                # Texts side by side, one per goal as on the form; more go to the last goal.
                for position, cell in enumerate(texts):
                    found[columns[min(position, len(columns) - 1)][1]].append(cell)
                continue
            for cell in texts:
                nearest = min(columns, key=lambda c: (abs(cell.column - c[0]), c[0]))
                found[nearest[1]].append(cell)
        for target, cells in found.items():
            if cells:
                self.set_goal(target, cells)

    def set_goal(self, target: str, cells: list[Cell]) -> None:
        for cell in cells:
            self.use(cell)
        text = join_wrapped(c.text for c in cells)
        where = cells[0].where
        inner = strip_wrapping_quotes(text)
        if inner is not None:
            # The 2026 exports put every goal in quote marks: they are the export's,
            # not the department's words. Only one pair that wraps the whole text.
            self.form.warnings.append(
                f"{where}：{target}整段包在一对引号（{text[0]}…{text[-1]}）中，已去掉这对引号"
            )
            text = inner
        self.form.goals[target] = Placed(text, where)

    def indicator_columns(self, header: SourceRow) -> dict[int, str]:
        """Column → field, for a table with columns beyond 一级 | 二级 | 三级 | 指标值.

        Such a table is read by column (two indicator sets side by side, the budget system's
        split columns); a basic one by vocabulary, as extraction shifts its cells. Empty: basic.
        """
        columns: dict[int, str] = {}
        for cell in header.cells:
            label, total = column_label(cell.text)
            if normalise_label(cell.text) in STRUCTURAL and label not in INDICATOR_COLUMNS:
                continue  # 绩效指标, the table's name in its first column
            if label in INDICATOR_COLUMNS:
                columns[cell.column] = INDICATOR_COLUMNS[label]
                if total is not None:
                    self.form.column_totals[INDICATOR_COLUMNS[label]] = total
            else:
                columns[cell.column] = f"其他列.{cell.text}"
        if set(columns.values()) <= BASIC_COLUMNS:
            return {}
        for meaning in columns.values():
            if meaning.startswith("其他列."):
                header_text = meaning.removeprefix("其他列.")
                self.form.kept_columns.append(header_text)
                self.form.warnings.append(
                    f"指标表中的“{header_text}”列不是已知的栏目，按原表头保留在每个指标的“其他列”中"
                )
        return columns

    def read_indicator_columns(self, columns: dict[int, str], rows: list[SourceRow]) -> None:
        """Each row by its columns; a category cell merged down (empty) carries over."""
        level1: str | None = None
        level2: str | None = None
        long_level2: str | None = None
        tree = self.form.indicators
        value_columns = [c for c, m in columns.items() if m not in (LEVEL1, LEVEL2, LONG_LEVEL2)]
        last: IndicatorCell | None = None  # the previous row's indicator, for a wrapped rest
        for row in rows:
            if self.skip_furniture(row):
                continue
            cells = {c.column: c for c in row.cells if c.column in columns}
            if not cells:
                continue  # a note or page number beside the table: reported as not placed
            if len(row.cells) == 1 and _looks_like_note(row.cells[0].text):
                continue
            by_meaning = {columns[column]: cell for column, cell in cells.items()}
            if last is not None and _continues_by_column(by_meaning, len(row.cells)):
                for meaning, rest in by_meaning.items():
                    self.join_column(last, meaning, rest)
                continue
            if {LEVEL1, LEVEL2, LONG_LEVEL2} & by_meaning.keys():
                last = None  # a new category: what follows continues no indicator above it
            if LEVEL1 in by_meaning:
                level1 = normalise_label(by_meaning[LEVEL1].text)
                level2 = long_level2 = None
                self.use(by_meaning[LEVEL1])
            if LEVEL2 in by_meaning:
                level2 = normalise_label(by_meaning[LEVEL2].text)
                self.use(by_meaning[LEVEL2])
            if LONG_LEVEL2 in by_meaning:
                long_level2 = by_meaning[LONG_LEVEL2].text
                self.use(by_meaning[LONG_LEVEL2])
            if level1 is None:
                continue  # left as not placed: an indicator needs its categories
            tree.setdefault(level1, {})
            if level2 is not None:
                tree[level1].setdefault(level2, [])
            if not any(c in cells for c in value_columns) and LONG_LEVEL2 not in by_meaning:
                continue  # a category row without indicators: the category is kept
            if level2 is None:
                continue  # left as not placed
            name = by_meaning.get(NAME)
            target = by_meaning.get(TARGET)
            first = next(iter(cells.values()))
            indicator = IndicatorCell(
                name.text if name else "", target.text if target else "", first.where
            )
            for column in value_columns:
                meaning = columns[column]
                cell = cells.get(column)
                if cell is not None:
                    self.use(cell)
                text = cell.text if cell is not None else None
                if meaning in (NAME, TARGET):
                    continue
                if meaning.startswith("其他列."):
                    indicator.other[meaning.removeprefix("其他列.")] = text
                elif meaning.startswith("长期指标."):
                    indicator.long[meaning.removeprefix("长期指标.")] = text
                else:
                    indicator.extras[meaning] = text
            if LONG_LEVEL2 in set(columns.values()):
                indicator.long = {"二级指标": long_level2, **indicator.long}
            if name is None:
                self.form.warnings.append(f"{first.where}：这一行没有三级指标名称，名称留空")
            tree[level1][level2].append(indicator)
            last = indicator

    def join_column(self, item: IndicatorCell, meaning: str, cell: Cell) -> None:
        """Joins the rest of a wrapped cell to the same column of the indicator above."""
        if meaning == NAME:
            self.join_name(item, cell)
            return
        if meaning == TARGET:
            self.join_target(item, cell)
            return
        self.use(cell)
        prefix, _, key = meaning.partition(".")
        store = {"其他列": item.other, "长期指标": item.long}.get(prefix)
        if store is None:
            store, key = item.extras, meaning
        before = store.get(key) or ""
        store[key] = join_wrapped([before, cell.text])
        self.note_join(cell, key, before, store[key] or "")

    def note_join(
        self, cell: Cell, column: str, before: str, after: str, *, indicator: bool = True
    ) -> None:
        """The import note of a wrapped cell joined to the one above: a reviewer checks it.
        Under an indicator the note says it may be another indicator."""
        self.form.warnings.append(
            f"{cell.where}：“{cell.text}”单独占一行，看作上一行{column}“{before}”折行的续写，"
            f"合并为“{after}”" + ("；如原表中它是另一个指标，请核对" if indicator else "")
        )

    def read_indicators(self, rows: list[SourceRow]) -> None:
        level1: str | None = None
        level2: str | None = None
        tree = self.form.indicators
        # The indicator of the previous row, with the columns of its name and its target: a
        # row that holds only the rest of a wrapped name or target is joined to it.
        last: tuple[IndicatorCell, int, int | None] | None = None
        for row_number, row in enumerate(rows):
            if self.skip_furniture(row):
                continue
            rest: list[Cell] = []
            for index, cell in enumerate(row.cells):
                label = normalise_label(cell.text)
                if label in STRUCTURAL:
                    self.use(cell)
                elif (
                    label == "成本指标"
                    and level1 == "产出指标"
                    and not rest
                    and not _cost_level_follows(row.cells[index + 1 :], rows[row_number + 1 :])
                ):
                    # Older layout: 成本指标 as a second level under 产出指标.
                    self.use(cell)
                    level2 = label
                    tree[level1].setdefault(level2, [])
                elif label in FIRST_LEVEL and not rest:
                    self.use(cell)
                    # The same first level again keeps its second level: a label standing in
                    # the middle of its merged cell comes after rows whose first-level cell was
                    # empty, and whose level was already known from their second level.
                    if label != level1:
                        level1, level2 = label, None
                    tree.setdefault(level1, {})
                elif label in ALL_SECOND_LEVEL and not rest:
                    self.use(cell)
                    if level1 is None or label not in FIRST_LEVEL[level1]:
                        parents = parents_of(label)
                        level1 = parents[0]
                        tree.setdefault(level1, {})
                    level2 = label
                    tree[level1].setdefault(level2, [])
                else:
                    rest.append(cell)
            if len(rest) < len(row.cells):
                last = None  # a category row: what follows continues no indicator above it
            if not rest:
                continue
            if level1 is None or level2 is None:
                continue  # left as not placed: an indicator needs its categories
            if len(row.cells) == 1 and _looks_like_note(rest[0].text):
                # A lone note or appendix mark under the table: reported as not placed. A row
                # of two cells is an indicator, whatever its text ("0", "0" included).
                continue
            if (
                last is not None
                and len(rest) == len(row.cells)
                and self.continue_indicator(last, rest)
            ):
                continue
            for cell in rest:
                self.use(cell)
            if len(rest) == 1:
                self.form.warnings.append(
                    f"{rest[0].where}：“{rest[0].text}”只有一格，按三级指标名称导入，年度指标值留空"
                )
                item = IndicatorCell(rest[0].text, "", rest[0].where)
                tree[level1][level2].append(item)
                last = (item, rest[0].column, None)
                continue
            # A name wrapped over several cells is joined; the last cell is the target.
            name = join_wrapped(c.text for c in rest[:-1])
            item = IndicatorCell(name, rest[-1].text, rest[0].where)
            tree[level1][level2].append(item)
            last = (item, rest[0].column, rest[-1].column)

    def continue_indicator(
        self, last: tuple[IndicatorCell, int, int | None], rest: list[Cell]
    ) -> bool:
        """Whether a row that holds no category is the rest of the indicator above, wrapped onto
        a line of its own by the extraction; if so it is joined, with a note.

        A genuine indicator whose categories continue from above fills its name and its target
        (the seeds are full of them), so a row is a continuation only when it cannot be one:
        a single cell, joined to the name or the target by its column (under the target or to
        its right: the target; else the name); or a name and a target that is nothing but a
        unit (`长度` | `米`) under a name that stops mid-phrase and a number that has no unit
        yet (`完成…施工的` | `>=100`). Any text is a valid indicator, so a name and a target
        are joined only on both cues together.
        """
        item, name_column, target_column = last
        if len(rest) == 1:
            cell = rest[0]
            if cell.column < self.first_indicator_column:
                return False  # left of the table: not part of any indicator
            # Under the target or right of it; with no target yet, right of the name.
            if cell.column >= (target_column if target_column is not None else name_column + 1):
                self.join_target(item, cell)
            else:
                self.join_name(item, cell)
            return True
        if (
            len(rest) == 2
            and target_column is not None
            and item.name.endswith(_UNFINISHED_NAME_ENDS)
            and _unit_after_number(item.target, rest[1].text)
        ):
            self.join_name(item, rest[0])
            self.join_target(item, rest[1])
            return True
        return False

    def join_name(self, item: IndicatorCell, cell: Cell) -> None:
        self.use(cell)
        before, item.name = item.name, join_wrapped([item.name, cell.text])
        self.note_join(cell, "三级指标", before, item.name)

    def join_target(self, item: IndicatorCell, cell: Cell) -> None:
        self.use(cell)
        before, item.target = item.target, join_wrapped([item.target, cell.text])
        self.note_join(cell, "年度指标值", before, item.target)


# A line or cell that is only a page number: "12", "- 12 -", "－１２－", "第 12 页", "12 页",
# "第 12 页，共 60 页", "12/60", in ASCII or full-width digits. Four digits at most: a PDF has at
# most MAX_PDF_PAGES pages, and a longer number alone (an amount) is no page number. The PDF
# reader drops such lines at a page's edge; the recogniser leaves such a cell under the
# indicator table unplaced (reported) instead of reading it as an indicator.
_PAGE_DIGITS = "[0-9０-９]{1,4}"
PAGE_NUMBER = re.compile(
    rf"[-—–－\s]*(?:第\s*)?{_PAGE_DIGITS}(?:\s*页)?[-—–－\s]*"
    rf"|第\s*{_PAGE_DIGITS}\s*页(?:\s*[，,/／]?\s*共\s*{_PAGE_DIGITS}\s*页)?"
    rf"|{_PAGE_DIGITS}\s*[/／]\s*{_PAGE_DIGITS}"
)
_NOTE_PREFIXES = (
    "注：", "注:", "备注：", "备注:", "说明：", "说明:", "填报说明", "附注", "填表说明",
)  # fmt: skip


# `续表`, `（续）`, `续上表`, `续表1`, and a cell marked as continued: `数量指标（续）`.
_CONTINUED_MARK = re.compile(
    r"[(（]?续(?:表|上表|前表)?[0-9０-９]{0,3}[)）]?|.{1,30}[(（]续(?:表|上表)?[)）]"
)
# A running header of a budget or final-accounts document: `上海市宝山区总工会2024年部门预算`,
# `某某局2024年度部门决算`, `2024年预算公开`, `2023年度决算报告`.
RUNNING_HEADER = re.compile(
    r".{0,40}(?:(?:部门|单位|政府)(?:预算|决算)|(?:预算|决算)(?:(?:信息)?公开|报告|信息))"
    r"(?:公开)?(?:文本|说明|表)?"
)


# The lines a form is signed with under its table: 填报人：张三 联系电话：… 填报日期：…,
# 单位负责人：, 审核人：, 填报单位（盖章）：. The word with a colon (or alone in its cell), so
# that an indicator named 联系人满意度 stays an indicator.
_SIGNATURE = re.compile(
    r"\s*(?:(?:填报|填表|编制|制表|经办|联系|审核|审批|复核|单位负责|财务负责|部门负责|项目负责|负责)人"
    r"|联系电话|(?:填报|填表|报送|编制)日期|(?:填报|填表|编制)?单位\s*[(（]\s*(?:盖章|公章)\s*[)）]"
    r"|填报单位|分管领导)"
    r"\s*(?:[(（]\s*(?:签字|签章|签名|盖章)\s*[)）])?\s*(?:[:：]|$)"
)


def page_furniture(cells: Sequence[Cell]) -> str | None:
    """What a line of one cell inside a table is when a page break printed it there (a page
    number, a running header, 续表, the form's title or year again), else None. Both readers,
    申报表 and 自评表, ask this."""
    if len(cells) != 1:
        return None
    text = "".join(cells[0].text.split())
    if PAGE_NUMBER.fullmatch(text):
        return "页码"
    if _CONTINUED_MARK.fullmatch(text):
        return "续表标记"
    if is_title(text) or ONLY_YEAR.fullmatch(year_text(text)):
        return "换页后重复的标题"
    if RUNNING_HEADER.fullmatch(text):
        return "页眉"
    return None


# The units a wrapped target leaves on a line of its own (`>=100` / `米`): a word of measure,
# perhaps per another (`元/平方米`), perhaps in brackets. A word such as 提升 is a target.
_UNIT_WORDS = (
    "%|‰|米|千米|公里|平方米|平方公里|立方米|亩|公顷|吨|千克|公斤|克|升|千瓦|千瓦时|度|"
    "元|万元|亿元|个|人|人次|名|位|户|家|所|项|件|台|套|辆|艘|架|部|条|座|处|间|张|份|册|本|"
    "篇|期|批|场|场次|次|班|课时|学时|小时|天|日|周|月|年|个月|个工作日|工作日|株|棵|盏|只|头|"
    "床|床位|宗|起|单|笔|门|片|块|根|栋|幢|层|所次|户次|车次|架次|元/平方米|元/人"
)
# A name never ends with the particle 的 (…施工的 / 长度): the phrase goes on in the next line.
_UNFINISHED_NAME_ENDS = ("的", "之")
_UNIT_ONLY = re.compile(rf"[(（]?(?:{_UNIT_WORDS})(?:/(?:{_UNIT_WORDS}))?[)）]?")
_ENDS_IN_NUMBER = re.compile(r"(?:^|[<>=≥≤＞＜＝约])\s*[0-9][0-9,.]*$")


def _unit_after_number(target: str, fragment: str) -> bool:
    """`>=100` then `米`: a comparison whose number has no unit yet, and a line of only a unit."""
    folded = _fullwidth_to_ascii(target).strip()
    return bool(_ENDS_IN_NUMBER.search(folded)) and bool(
        _UNIT_ONLY.fullmatch(_fullwidth_to_ascii(fragment).strip())
    )


def _continues_by_column(by_meaning: dict[str, Cell], cell_count: int) -> bool:
    """A row of a table read by column that holds the rest of the indicator above: no category,
    one or two cells, and not both a name and a target (a genuine indicator whose categories
    continue from above has both)."""
    if {LEVEL1, LEVEL2, LONG_LEVEL2} & by_meaning.keys() or cell_count > 2:
        return False
    return not (NAME in by_meaning and TARGET in by_meaning) and len(by_meaning) == cell_count


def _broken_amount(before: str, rest: str) -> bool:
    """`1,234,5` then `67.00`: an amount that does not read, and reads once the rest is joined."""
    try:
        parse_amount(normalise_amount(before))
        return False
    except AmountError:
        pass
    try:
        parse_amount(normalise_amount(join_wrapped([before, rest])))
        return True
    except AmountError:
        return False


# The mark over the next appendix of a budget document: 附件2, 附表3：, 附件二.
_APPENDIX_MARK = re.compile(r"附[件表录]\s*[0-9０-９一二三四五六七八九十\-－]*\s*[:：]?")


def _looks_like_note(text: str) -> bool:
    """A note or the next appendix's mark that extraction put below the indicator rows, not
    an indicator. (A page number there is page furniture, which both callers skip first.)"""
    compact = text.strip()
    return bool(_APPENDIX_MARK.fullmatch(compact)) or compact.startswith(_NOTE_PREFIXES)


# The groups of a two-set indicator table's header printed over two rows (长期绩效指标 over
# 二级指标 | 三级指标 | 指标值, 年度绩效指标 over the same three): the word names the set.
_SET_WORDS = ("长期", "中期", "年度")


def _grouped_header(top: SourceRow, below: SourceRow) -> SourceRow | None:
    """The indicator header of a table whose two sets are named in a row of groups above the
    columns' own names, as one row of labels `indicator_columns` knows (二级指标(长期), …);
    None when `below` is no such row of column names under groups."""
    groups = []
    for cell in top.cells:
        label = normalise_label(cell.text)
        word = next((w for w in _SET_WORDS if w in label), None)
        if word is not None and column_label(cell.text)[0] not in INDICATOR_COLUMNS:
            groups.append((cell.column, word))
    names = [column_label(c.text)[0] for c in below.cells]
    if len(groups) < 2 or not all(name in INDICATOR_COLUMNS for name in names):
        return None
    if len(set(names)) == len(names):  # the same names under each group, else not two sets
        return None
    cells = [c for c in top.cells if c.column < below.cells[0].column]
    for cell in below.cells:
        word = next((w for column, w in reversed(groups) if column <= cell.column), None)
        text = f"{column_label(cell.text)[0]}({word})" if word else cell.text
        known = column_label(text)[0] in INDICATOR_COLUMNS
        cells.append(Cell(text if known else cell.text, cell.column, cell.where))
    return SourceRow(tuple(cells), top.table, top.page)


def _is_indicator_header(labels: list[str]) -> bool:
    """The header row of the indicator table, even when its first-level cell is left empty."""
    if "一级指标" in labels:
        return True
    return "三级指标" in labels and (
        "二级指标" in labels or any(label.endswith("指标值") for label in labels)
    )


_QUOTE_PAIRS = {"“": "”", '"': '"', "＂": "＂", "「": "」", "『": "』"}


def strip_wrapping_quotes(text: str) -> str | None:
    """The text inside ONE pair of quote marks that wraps all of it, else None.

    “A”和“B” is not wrapped: its first mark closes before the end. With the same mark on both
    sides ("…") the text is wrapped only if that mark does not occur inside.
    """
    if len(text) < 3 or _QUOTE_PAIRS.get(text[0]) != text[-1]:
        return None
    opening, closing, inner = text[0], text[-1], text[1:-1]
    if opening == closing:
        return (inner.strip() or None) if opening not in inner else None
    depth = 0
    for char in inner:
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth < 0:
                return None
    return (inner.strip() or None) if depth == 0 else None


def _cost_level_follows(after: tuple[Cell, ...], later_rows: list[SourceRow]) -> bool:
    """Whether 成本指标 opens the first level of 财预〔2021〕101号: its own second level
    (经济成本指标 …) comes next, in the same row or, if the row ends, first in the next one."""
    following = after[0] if after else (later_rows[0].cells[0] if later_rows else None)
    return following is not None and normalise_label(following.text) in FIRST_LEVEL["成本指标"]


# What may follow a form's name on its title line: the year (（2024年度）), a mark that the
# table goes on from the page before (（续）) and the money unit (单位：万元), in that order.
_TITLE_TAIL = re.compile(
    r"(?:\(?[12][0-9]{3}年度?\)?)?(?:\(?续(?:表|上表|前表)?\)?)?"
    r"(?:\(?(?:金额|资金)?单位:?(?:人民币)?(?:万元|元)\)?)?",
    re.ASCII,
)
# What a region, a department or a year before the form's name never holds: the punctuation
# and the words of a sentence (`本部门共有4个项目编制了…`, `详见…`, `…单位的…表`).
_PROSE = re.compile(r"[，。；！？,;!?“”]|了|的|详见|如下|附后|编制|按照|根据|填写|报送")


def is_title(text: str) -> bool:
    """A form's title line: 财政项目支出绩效目标申报表, 项目支出绩效目标表, 项目绩效目标表, …

    With a region, department or year around it
    (`附表：武汉市青山区教育局2020年项目支出绩效目标表`), but short: a sentence of prose
    that names the form is no title. The year, 续 and the unit after the title do not count.
    """
    compact = "".join(text.split())
    match = TITLE_PATTERN.search(compact)
    if match is None or match.end() > MAX_TITLE_LENGTH:
        return False
    if _PROSE.search(compact[: match.start()]):
        return False
    return _TITLE_TAIL.fullmatch(year_text(compact[match.end() :])) is not None


def _title_rows(document: SourceDocument) -> list[int]:
    # A title merged over the width of the table and filled when the whole sheet was un-merged
    # (取消合并并填充内容) stands in every cell of its row: the row says it once.
    return [i for i, row in enumerate(document.rows) if is_title("".join(dict.fromkeys(row.texts)))]


def _units_inside_amounts(form: RecognisedForm) -> None:
    """`10000万元`: the unit written inside the amount is the form's unit; the number is kept."""
    for (block, key), placed in form.funds.items():
        if placed.text is None:
            continue
        match = _UNIT_INSIDE.fullmatch(_fullwidth_to_ascii(placed.text).strip())
        if match is None:
            continue
        number = match.group(1).strip()
        unit = MoneyUnit.YUAN if match.group(2) == "元" else MoneyUnit.WAN_YUAN
        if not state_unit(form, unit, placed.where, placed.text):
            continue
        form.warnings.append(f"{block}.{key}“{placed.text}”的单位写在金额中，资金单位记为 {unit}")
        placed.text = number


# Every first- and second-level indicator category.
_LEVELS = frozenset(FIRST_LEVEL.keys() | ALL_SECOND_LEVEL)


def _continues_previous_form(rows: list[SourceRow]) -> bool:
    """Whether a title starts no form but repeats at the top of a page: the rows under it
    (up to the next title) hold indicators and not one label of a form's header (项目名称,
    主管部门, 项目资金 …). A form that names its project is a new form, as are a department's
    table and anything without indicators."""
    labels = {normalise_label(c.text) for row in rows[1:] for c in row.cells}
    if labels & (ALL_HEADER_LABELS | ALL_FUNDING_LABELS) or _department_table(rows) is not None:
        return False
    return _is_indicator_header(list(labels)) or bool(labels & _LEVELS)


# Text between an appendix heading and the form's own title: a year line, 附件2, 编制说明.
MAX_HEADING_ROWS = 2


def _heading_over_title(document: SourceDocument, start: int, following: int) -> bool:
    """Whether the title line at `start` only heads the form whose own title stands at
    `following` (`附件：2024年项目支出绩效目标申报表`, `附表3：…项目预算绩效目标表` over
    `项目支出绩效目标表`): nothing of a form stands between them, at most a line or two."""
    between = document.rows[start + 1 : following]
    return len(between) <= MAX_HEADING_ROWS and not any(
        _is_label(c.text) or normalise_label(c.text) in _LEVELS
        for row in between
        for c in row.cells
    )


def recognise(document: SourceDocument) -> tuple[list[RecognisedForm], list[Cell]]:
    """The forms of a document, and the cells outside any form."""
    titles = _title_rows(document)
    # A heading over the form's own title starts no form: {heading's row: the title's row}.
    headings: dict[int, int] = {}
    for number in range(len(titles) - 2, -1, -1):  # from the end: a heading over a heading
        start, following = titles[number], titles[number + 1]
        if _heading_over_title(document, start, following):
            headings[start] = headings.get(following, following)
    starts = [start for start in titles if start not in headings]
    # A title repeated at the top of the next page goes on the form before it, whose
    # indicator reader skips the repeated title (see `page_furniture`).
    kept: list[int] = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(document.rows)
        previous = document.rows[kept[-1] : start] if kept else ()
        if (
            kept
            and _department_table(list(previous)) is None
            and _continues_previous_form(list(document.rows[start:end]))
        ):
            continue
        kept.append(start)
    starts = kept
    # The rows from a heading to the form's title are text outside the forms (a heading over
    # a title repeated on the next page is page furniture of the form it continues).
    # A heading over a heading maps to the same title: the first one's rows hold them all.
    first_heading: dict[int, int] = {}  # title's row → its first heading's row
    for heading, title in headings.items():
        if title in kept:
            first_heading[title] = min(heading, first_heading.get(title, heading))
    heading_rows: dict[int, list[SourceRow]] = {}  # title's row → the rows of its heading
    outside_rows: set[int] = set(range(starts[0] if starts else len(document.rows)))
    for title, first in first_heading.items():
        outside_rows.update(range(first, title))
        heading_rows[title] = list(document.rows[first:title])
    outside = [c for number in sorted(outside_rows) for c in document.rows[number].cells]
    forms = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(document.rows)
        rows = [document.rows[i] for i in range(start, end) if i not in outside_rows]
        table = _department_table(rows)
        if table is not None:
            forms.extend(_recognise_department_table(document, rows, *table))
        else:
            forms.append(_recognise_form(document, rows, heading_rows.get(start, [])))
    return forms, outside


# --- one table for a whole department -------------------------------------------------------


def _department_table(rows: list[SourceRow]) -> tuple[Layout, int] | None:
    """(layout, header row) when the form is a department's table of projects."""
    for layout in TABLE_LAYOUTS:
        wanted = set(layout.project_columns)
        for number, row in enumerate(rows[:6]):
            if wanted <= {column_label(c.text)[0] for c in row.cells}:
                return layout, number
    return None


def _recognise_department_table(
    document: SourceDocument, rows: list[SourceRow], layout: Layout, header_row: int
) -> list[RecognisedForm]:
    """One declaration per project row group; a subtotal row opens each unit's group and is
    checked against the sum of its projects. A copy that leaves merged cells out of the
    following rows entirely is aligned by its level words (二级指标 stands in its column)."""
    header = rows[header_row]
    year = None
    for row in rows[:header_row]:
        match = _YEAR.search(_fullwidth_to_ascii(row.joined())) or _TITLE_YEAR.search(
            _fullwidth_to_ascii(row.joined())
        )
        if match:
            year = Placed(match.group(1), row.cells[0].where)
            break
    # The unit of the whole table: every statement above it, and each one printed again inside
    # it (over a continuation page), must agree; a conflict is an error of every project.
    table_unit = RecognisedForm(document.path, header.cells[0].where)
    for row in rows[:header_row]:
        for cell in row.cells:
            if (statement := stated_unit(cell.text)) is not None:
                state_unit(table_unit, statement[0], cell.where, cell.text)
    unit_rows = {id(r): units for r in rows[header_row + 1 :] if (units := unit_row(r))}
    for units in unit_rows.values():
        for cell, stated in units:
            state_unit(table_unit, stated, cell.where, cell.text)
    project_columns: dict[int, str] = {}
    indicator_columns: dict[int, str] = {}
    for cell in header.cells:
        label, _ = column_label(cell.text)
        if label in layout.project_columns:
            project_columns[cell.column] = layout.project_columns[label]
        elif label in INDICATOR_COLUMNS:
            indicator_columns[cell.column] = INDICATOR_COLUMNS[label]
        else:
            indicator_columns[cell.column] = f"其他列.{cell.text}"
    by_path = {path: column for column, path in project_columns.items()}
    level_columns = {m: c for c, m in indicator_columns.items() if m in (LEVEL1, LEVEL2)}
    forms: list[RecognisedForm] = []
    groups: list[tuple[RecognisedForm | None, list[SourceRow]]] = []  # (form, its rows)
    department: tuple[str, str | None, Cell] | None = None  # (name, code, subtotal cell)
    subtotals: list[tuple[Cell, Cell, list[RecognisedForm]]] = []  # (name, amount, forms)
    totals: list[tuple[Cell, Cell]] = []  # (合计, amount): the whole table's
    current_unit: Placed = Placed(None, None)
    # The name cells of the rows read as the rest of a project because they repeat its cells.
    repeated: dict[int, list[Cell]] = {}
    for row in rows[header_row + 1 :]:
        if id(row) in unit_rows:
            continue  # read above, as the table's unit
        if row.cells and _SIGNATURE.match(row.cells[0].text):
            # 单位负责人：… | 填表人：… under the table: its second cell in the column of
            # 项目名称 makes no project. The indicator reader lists it as not placed.
            if not groups:
                groups.append((None, []))
            groups[-1][1].append(row)
            continue
        cells = {c.column: c for c in _aligned(row, level_columns)}
        name_cell = cells.get(by_path["项目名称"])
        unit_cell = cells.get(by_path["实施单位"])
        budget_cell = cells.get(by_path["年度资金.年度资金申请总额"])
        goal_cell = cells.get(by_path["年度总目标"])
        if (
            unit_cell is not None
            and budget_cell is not None
            and not any(c in cells for c in indicator_columns)
            # A subtotal's label merged over the project columns, filled down when the sheet
            # was un-merged (取消合并并填充内容), repeats in them: still the subtotal.
            and all(c is None or c.text == unit_cell.text for c in (name_cell, goal_cell))
        ):
            if normalise_label(unit_cell.text) in _TABLE_TOTAL_WORDS:
                # 合计 over (or under) every unit's rows: checked against all the projects
                totals.append((unit_cell, budget_cell))
                continue
            coded = split_department_code(unit_cell.text)
            name, code = coded if coded else (unit_cell.text, None)
            department = (name, code, unit_cell)
            subtotals.append((unit_cell, budget_cell, []))
            continue
        owner = groups[-1][0] if groups else None
        if (
            name_cell is not None
            and owner is not None
            and _repeats_project(owner, name_cell, unit_cell, budget_cell, goal_cell)
        ):
            groups[-1][1].append(row)
            repeated.setdefault(id(owner), []).append(name_cell)
            continue
        if name_cell is not None:
            form = RecognisedForm(
                document.path,
                name_cell.where,
                page=row.page,
                last_page=row.page,
                layout=layout,
                unit=table_unit.unit,
                unit_where=table_unit.unit_where,
                unit_said=table_unit.unit_said,
                errors=list(table_unit.errors),
            )
            form.year = year or Placed(None, None)
            if unit_cell is not None:
                current_unit = Placed(unit_cell.text, unit_cell.where)
            form.header["项目名称"] = Placed(name_cell.text, name_cell.where)
            form.header["实施单位"] = current_unit
            if department is not None:
                form.header["主管部门"] = Placed(department[0], department[2].where)
                form.header["部门代码"] = Placed(department[1], department[2].where)
                subtotals[-1][2].append(form)
            elif (coded := split_department_code(current_unit.text or "")) is not None:
                # No subtotal row names the department: each unit is its own, and its code
                # (820001-马踏镇人民政府) is the department's code, as in a 自评表's 主管部门.
                form.header["主管部门"] = Placed(coded[0], current_unit.where)
                form.header["部门代码"] = Placed(coded[1], current_unit.where)
            else:
                form.header["主管部门"] = current_unit
            form.funds[("年度资金", "年度资金申请总额")] = Placed(
                budget_cell.text if budget_cell else None, name_cell.where
            )
            if goal_cell is not None:
                form.goals[ANNUAL] = Placed(goal_cell.text, goal_cell.where)
            forms.append(form)
            groups.append((form, [row]))
        elif groups:
            groups[-1][1].append(row)
        else:
            groups.append((None, [row]))
    for owner, group in groups:
        if owner is None:  # rows before the first project: not placed, never dropped
            if forms:
                forms[0].unplaced.extend(c for row in group for c in row.cells)
            continue
        form = owner
        if id(form) in repeated:
            form.warnings.append(_repeated_note(form, repeated[id(form)]))
        reader = _FormReader(form, group, layout)
        # The project's cells were read from its first row; a later row's cell in those columns
        # is used only as a copy of them (a merged cell filled down), else it is listed as not
        # placed: the rest of a wrapped goal, a signature line under the table.
        placed = {c.column: c.text for c in _aligned(group[0], level_columns)}
        for number, row in enumerate(group):
            for cell in _aligned(row, level_columns):
                if cell.column in project_columns and (
                    number == 0 or placed.get(cell.column) == cell.text
                ):
                    reader.use(cell)
        aligned = [SourceRow(tuple(_aligned(r, level_columns)), r.table, r.page) for r in group]
        reader.read_indicator_columns(indicator_columns, aligned)
        for row in aligned:
            for cell in row.cells:
                form.cell_count += 1
                if id(cell) not in reader.used:
                    form.unplaced.append(cell)
        if form.year.text is None:
            form.errors.append("标题中没有年份，无法确定年度，无法导入这张表")
    _check_subtotals(subtotals, table_unit.unit)
    _check_subtotals([(name, amount, forms) for name, amount in totals], table_unit.unit, "合计")
    _same_project_twice(forms)
    if forms:
        forms[0].cell_count += sum(len(units) for units in unit_rows.values())
        # Above the table: the title, the year and 金额单位 are read; anything else is
        # reported as not placed, with the first project.
        for row in rows[:header_row]:
            for cell in row.cells:
                compact = normalise_label(_fullwidth_to_ascii(cell.text))
                statement = stated_unit(cell.text)
                read = (
                    is_title(cell.text)
                    or _YEAR.fullmatch(compact.strip("()（）"))
                    or (statement is not None and statement[1])
                )
                if not read:
                    forms[0].unplaced.append(cell)
    return forms


_TABLE_BUDGET = ("年度资金", "年度资金申请总额")


def _repeats_project(
    form: RecognisedForm,
    name: Cell,
    unit: Cell | None,
    budget: Cell | None,
    goal: Cell | None,
) -> bool:
    """Whether a row that names a project only repeats the project above it: a sheet un-merged
    with 取消合并并填充内容 (or a copy made with fill down) prints the project's cells again on
    every indicator row. The same 单位名称 and 项目名称, and a 预算数 and 年度目标 that are the
    project's or blank; a blank 单位名称 is the unit above, as it is for a new project."""
    same = form.header["项目名称"].text == name.text
    same = same and (unit is None or unit.text == form.header["实施单位"].text)
    for cell, placed in ((budget, form.funds[_TABLE_BUDGET]), (goal, form.annual_goal)):
        same = same and (cell is None or cell.text == placed.text)
    return same


def _repeated_note(form: RecognisedForm, names: list[Cell]) -> str:
    """The import note for the rows read as a project's own because they repeat its cells."""
    span = names[0].where if len(names) == 1 else f"{names[0].where} 至 {names[-1].where}"
    return (
        f"{span}：{len(names)} 行重复了项目“{form.header['项目名称'].text}”的单位名称、"
        f"项目名称等格子（取消合并单元格时填充的内容），作为这个项目的指标行读入，"
        f"项目从 {form.where} 开始；请对照原表核对"
    )


def _same_project_twice(forms: list[RecognisedForm]) -> None:
    """Two projects of one table with the same 主管部门 and 项目名称 are refused, both.

    A row that repeats a project's 单位名称 and 项目名称 but not its 预算数 or 年度目标 is not
    a copy of its cells, so it starts another entry of the table. A budget reviewer reads such
    an entry either as the same project printed with two different amounts (or goals), a
    mistake of the table, or as a second project with the same name. Taking it into the
    first would drop an amount the table prints; jixiao knows a project by 年度, 主管部门 and
    项目名称, so two entries cannot become two files either (the second would overwrite the
    first, or be refused as holding less). Neither is imported, and the error names both rows
    and what differs, so that the publisher looks at the original table before anything of
    that project is published."""
    by_identity: dict[tuple[str | None, str | None], list[RecognisedForm]] = {}
    for form in forms:
        key = (form.header["主管部门"].text, form.header["项目名称"].text)
        by_identity.setdefault(key, []).append(form)
    for (_, name), same in by_identity.items():
        if len(same) < 2:
            continue
        where = "、".join(form.where for form in same)
        units = list(dict.fromkeys(form.header["实施单位"].text or "" for form in same))
        if len(units) > 1:
            reading = f"是{'、'.join(f'“{unit}”' for unit in units)}的同名项目"
        else:
            differ = [
                label
                for label, values in (
                    ("预算数", {form.funds[_TABLE_BUDGET].text for form in same}),
                    ("年度目标", {form.annual_goal.text for form in same}),
                )
                if len(values) > 1
            ]
            reading = (
                f"单位名称相同而{'和'.join(differ)}不同。同一项目的各行只重复它的单位名称、"
                "项目名称、预算数和年度目标，所以后一处不是前一处的续行：可能是原表把同一项目的"
                f"{'和'.join(differ)}写得前后不一，也可能是同名的两个项目"
                if differ
                else "各格都相同，但中间隔着别的项目：可能是原表把同一项目分在两处，"
                "也可能是同名的两个项目"
            )
        for form in same:
            form.errors.append(
                f"项目“{name}”在这张表中出现了 {len(same)} 次（{where}），{reading}。"
                "jixiao 按年度、主管部门和项目名称认项目，这几处既不能各成一个文件，"
                "也不能合成一个而丢掉其中一处的数，所以都没有导入；请对照原表核对"
            )


def _aligned(row: SourceRow, level_columns: dict[str, int]) -> list[Cell]:
    """The row's cells, moved right when a copy left the merged project cells out: a first
    cell that is a level word stands in its level's column."""
    if not row.cells:
        return []
    first = normalise_label(row.cells[0].text)
    target = None
    if first in FIRST_LEVEL and LEVEL1 in level_columns:
        target = level_columns[LEVEL1]
    elif first in ALL_SECOND_LEVEL and LEVEL2 in level_columns:
        target = level_columns[LEVEL2]
    shift = 0 if target is None else target - row.cells[0].column
    if shift <= 0:
        return list(row.cells)
    return [Cell(c.text, c.column + shift, c.where) for c in row.cells]


_TABLE_TOTAL_WORDS = frozenset({"合计", "总计", "总合计"})


def _check_subtotals(
    subtotals: list[tuple[Cell, Cell, list[RecognisedForm]]], unit: MoneyUnit, word: str = "小计"
) -> None:
    for name, amount, forms in subtotals:
        try:
            stated = parse_amount(normalise_amount(amount.text))
            parts = [
                parse_amount(
                    normalise_amount(f.funds[("年度资金", "年度资金申请总额")].text or "0")
                )
                for f in forms
            ]
        except AmountError:
            continue
        total = sum(parts, start=stated * 0)
        if not forms:
            continue
        below = "其下" if word == "小计" else "表中"
        said = (
            f"{amount.where}：“{name.text}”的{word} {amount.text} {unit}"
            f"与{below} {len(forms)} 个项目"
        )
        if total != stated:  # a subtotal that agrees needs no word
            forms[0].warnings.append(f"{said}的预算数之和 {total:,} {unit}不一致")


def _recognise_form(
    document: SourceDocument, rows: list[SourceRow], heading: list[SourceRow]
) -> RecognisedForm:
    """One form from its title row on; `heading`: the rows of an appendix heading over the
    title, which may name the year the title leaves out."""
    title = rows[0]
    pages = [row.page for row in rows if row.page is not None]
    form = RecognisedForm(
        document.path,
        title.cells[0].where,
        page=title.page,
        last_page=max(pages) if pages else None,
    )
    labels = {normalise_label(c.text) for row in rows for c in row.cells}
    labels |= {inline[0] for row in rows for c in row.cells if (inline := inline_label(c.text))}
    form.layout = choose_layout(labels, normalise_label(title.joined()))
    reader = _FormReader(form, rows, form.layout)
    for cell in title.cells:
        reader.use(cell)
    # The year stands in the title row or the next one: "(2024年度)", "（2025年度）", "2024 年度",
    # and in a line of its own also without 度: "（2024年）", "2024年".
    for row in rows[:2]:
        for cell in row.cells:
            text = year_text(cell.text)
            alone = ONLY_YEAR.fullmatch(text.strip())
            match = alone or _YEAR.search(text)
            if match and form.year.text is None:
                form.year = Placed(match.group(1), cell.where)
                if alone or TITLE in cell.text:
                    reader.use(cell)
    if form.year.text is None:
        # 2020年项目支出绩效目标表: the year in the title line, without 度.
        match = _TITLE_YEAR.search(_fullwidth_to_ascii(title.joined()))
        if match:
            form.year = Placed(match.group(1), title.cells[0].where)
    if form.year.text is None:
        for row in heading:
            match = _TITLE_YEAR.search(year_text(row.joined()))
            if match:
                form.year = Placed(match.group(1), row.cells[0].where)
                form.warnings.append(
                    f"{row.cells[0].where}：表的标题中没有年度，"
                    f"年度 {match.group(1)} 取自标题上方的“{row.joined()}”"
                )
                break
    reader.read()
    _units_inside_amounts(form)
    if not form.header.get("项目名称", Placed(None, None)).text:
        form.errors.append("缺少项目名称，无法导入这张表")
    if form.year.text is None:
        form.errors.append("标题中没有“XXXX年度”，无法确定年度，无法导入这张表")
    return form
