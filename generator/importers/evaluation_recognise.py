"""Recognises 自评表 in rows of cells (txt, xlsx, docx, PDF alike) and writes them as YAML.

A form starts at a row holding a 自评表 title (`evaluation_layouts.TITLE_WORDS`) and ends at the
next title of either kind. Columns are placed by the header row above them: a cell belongs to the
header whose column is the nearest at or left of its own (a merged header covers the cells under
it). Every cell is either consumed (a title, label, header or structural word), placed as a value,
or listed as not placed with its position; a row with no 三级指标 under the indicator header is a
wrapped continuation of the row above and is joined to it (`wrapped_text.join_wrapped`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from generator.core.evaluation_model import EVALUATION_SUFFIX, EvaluationLayout
from generator.core.money import MoneyUnit
from generator.core.taxonomy import ALL_SECOND_LEVEL, FIRST_LEVEL
from generator.core.wrapped_text import join_wrapped
from generator.core.yaml_text import block_scalar, scalar
from generator.importers.evaluation_layouts import (
    FUNDING_COLUMNS,
    FUNDING_WORDS,
    GOAL_COLUMNS,
    GOAL_WORDS,
    HEADER_LABELS,
    INDICATOR_COLUMNS,
    INDICATOR_WORDS,
    header_key,
    is_funding_row,
    is_title,
    layout_of,
    money_unit_of,
)
from generator.importers.grid import Cell, SourceDocument, SourceRow
from generator.importers.recognise import ONLY_YEAR as _ONLY_YEAR
from generator.importers.recognise import (
    is_placeholder,
    normalise_amount,
    page_furniture,
    split_department_code,
)
from generator.importers.recognise import is_title as is_declaration_title
from generator.review.yaml_format import format_text

_YEAR = re.compile(r"([12][0-9]{3})\s*年", re.ASCII)
_LONG_TEXT = ("项目基本情况", "评价结论", "存在问题", "改进措施")
_TOTAL_WORDS = ("合计", "总分", "总计")
# The columns and labels that hold a score or an amount of money (`evaluation_run` reads the
# numbers behind them when a spreadsheet shows them rounded).
SCORE_KEYS = ("分值", "得分", "总分", "自评得分")
MONEY_KEYS = ("年初预算数", "全年预算数", "全年执行数")
_FUNDING_HEADERS = ("年初预算数", "全年预算数", "调整后预算数", "全年执行数", "预算执行数")


@dataclass(slots=True)
class RecognisedEvaluation:
    """One 自评表 as read: the file's keys with the texts written, and what was not placed."""

    source: str
    where: str
    page: int | None
    year: str | None = None
    fields: dict[str, str | None] = field(default_factory=dict)
    unit: MoneyUnit | None = None
    layout: EvaluationLayout = EvaluationLayout.NATIONAL
    funding: list[dict[str, object]] = field(default_factory=list)
    goal: dict[str, str] = field(default_factory=dict)
    indicators: list[dict[str, object]] = field(default_factory=list)
    unplaced: list[Cell] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cell_count: int = 0
    # The cell each number was read from, by its place in the file (("预算执行", 0, "全年执行数"),
    # ("绩效指标", 3, "得分"), ("自评得分",)): a spreadsheet number shown rounded is reported
    # against the problems that only its rounding makes.
    number_cells: dict[tuple[str | int, ...], str] = field(default_factory=dict)
    # The mark a number cell printed for "none" (`-`, `/`, `无`), by the cell's position: the
    # value is blank, and the file keeps the mark in a trailing comment beside it.
    printed: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str | None:
        return self.fields.get("项目名称")


def split_evaluations(document: SourceDocument) -> tuple[list[list[SourceRow]], list[SourceRow]]:
    """The rows of each 自评表, and the other rows (declarations, text outside any form).

    A 自评表 ends at the next title of either kind; a declaration's title is recognised by the
    declaration reader's own rule (项目绩效目标表, 项目支出绩效目标表, 财政项目支出绩效目标申报表 …
    with a region or year around them), so that the two readers never disagree on where a
    declaration starts. A 自评表 title followed by no 项目名称 before the next title is the
    title printed again at the top of the next page: the same form goes on."""
    forms: list[list[SourceRow]] = []
    rest: list[SourceRow] = []
    current: list[SourceRow] | None = None
    rows = document.rows
    for index, row in enumerate(rows):
        if any(is_title(cell.text) for cell in row.cells):
            if current is not None and not _names_a_project(rows, index + 1):
                current.append(row)
                continue
            current = [row]
            forms.append(current)
        elif is_declaration_title(row.joined()):
            current = None
            rest.append(row)
        elif current is not None:
            current.append(row)
        else:
            rest.append(row)
    return forms, rest


def _names_a_project(rows: tuple[SourceRow, ...], start: int) -> bool:
    """Whether a 项目名称 label comes, from `rows[start]` on, before the next title of either
    kind (by index: a slice would copy the rest of the file for every title row)."""
    for index in range(start, len(rows)):
        row = rows[index]
        if any(is_title(cell.text) for cell in row.cells) or is_declaration_title(row.joined()):
            return False
        if any(header_key(cell.text) == "项目名称" for cell in row.cells):
            return True
    return False


def _column_of(columns: dict[int, str], cell: Cell) -> str | None:
    starts = [c for c in columns if c <= cell.column]
    return columns[max(starts)] if starts else None


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


# A level's weight printed on a line of its own, below the level: (50分), （50分）, 50分.
_WEIGHT = r"[0-9]{1,3}(?:\.[0-9]{1,2})?\s*分?"
_WEIGHT_ONLY = re.compile(rf"\(\s*{_WEIGHT}\s*\)|[0-9]{{1,3}}(?:\.[0-9]{{1,2}})?\s*分")
_WEIGHT_TAIL = re.compile(rf"\(\s*{_WEIGHT}\s*\)$")
# A wrapped 三级指标 name's last line is no longer than the first: the column's width.
# A wrap joins only while the text stays this short: the longest field (a reason) holds 5,000
# characters, and a hostile file of 200,000 one-character rows must not make every join copy a
# text that grows with it.
_MAX_JOINED = 5_000
_MAX_LEVEL = 50  # a category with its weight: 社会公众或服务对象满意度指标(10分)
_NAME = "三级指标"
_LEVELS = ("一级指标", "二级指标")


def _compact(text: str) -> str:
    return "".join(_ascii(text).split())


def _full(text: str) -> bool:
    """Whether a wrapped text is as long as the longest field: nothing more joins to it."""
    return len(text) >= _MAX_JOINED


def _join_bounded(before: str, *lines: str) -> str | None:
    """`before` with the wrapped lines below it joined on; None when `before` is full already
    (`_full`): the caller reports the lines as not placed."""
    return None if _full(before) else join_wrapped([before, *lines])


def _amount(cell: Cell, form: RecognisedEvaluation) -> str | None:
    """A number cell (money, 分值, 得分, 执行率) as written; blank, with a note, when it holds
    only a dash, a slash or 无 (`is_placeholder`, as for declarations): the form says "not
    applicable", and the column holds numbers."""
    if is_placeholder(cell.text):
        form.warnings.append(
            f"{cell.where}：“{cell.text}”表示不适用，按空白导入"
            "（原表如此，不是漏填；文件中该行末尾的注释记着原表的写法）"
        )
        form.printed[cell.where] = "".join(cell.text.split())
        return None
    return normalise_amount(cell.text)


def _score(cell: Cell, form: RecognisedEvaluation) -> str | None:
    value = _amount(cell, form)
    if value is not None and value.endswith("分") and len(value) > 1:
        form.warnings.append(f"{cell.where}：“{cell.text}”去掉了“分”字，按分数 {value[:-1]} 导入")
        return value[:-1]
    return value


def _base_level(text: str) -> str:
    """`产出指标(50分)` → 产出指标: the category without its weight."""
    return _WEIGHT_TAIL.sub("", _compact(text))


def _completes_level(key: str, current: str, text: str) -> bool:
    """Whether a cell alone in a level column is the rest of the level above, wrapped: its
    weight (`(50分)`), the rest of an open bracket (`产出指标(50` / `分)`), or the rest of a
    known category name (`服务对象满意度` / `指标`)."""
    if len(current) + len(text) > _MAX_LEVEL:
        return False
    if _WEIGHT_ONLY.fullmatch(_compact(text)):
        return _WEIGHT_TAIL.search(_compact(current)) is None  # one weight per level
    if _compact(current).count("(") > _compact(current).count(")"):
        return True
    known = FIRST_LEVEL if key == "一级指标" else ALL_SECOND_LEVEL
    base = _base_level(current)
    return base not in known and _base_level(join_wrapped([base, text])) in known


class _Reader:
    def __init__(self, source: str, rows: list[SourceRow]) -> None:
        first = rows[0].cells[0]
        self.form = RecognisedEvaluation(source, first.where, rows[0].page)
        self.rows = rows
        self.mode: str | None = None
        self.columns: dict[int, str] = {}
        self.goal_columns: dict[int, str] = {}
        self.levels: dict[str, str | None] = dict.fromkeys(_LEVELS)
        # Where each level's rows begin in `form.indicators`, and whether an indicator used it.
        self.level_start: dict[str, int] = dict.fromkeys(_LEVELS, 0)
        self.level_used: dict[str, bool] = dict.fromkeys(_LEVELS, True)
        # The last table row gave or continued an indicator: a lone cell may continue it.
        self.after_indicator = False
        self.name_only = False  # that indicator's row held its name and nothing else
        self.text_key: str | None = None
        self.text_column = 0
        # The first part of a block's name split over two lines (绩效 / 指标, 年度总体 / 目标,
        # 项目资金 / （万元）): its column, its text, and the words the block's name may be.
        self.split_label: tuple[int, str, tuple[str, ...]] | None = None
        # The values of the last row of labels, by column: a wrapped value goes on below.
        self.label_values: dict[int, str] = {}
        self.headers: list[str] = []
        self.header_rows: set[tuple[str, ...]] = set()

    def read(self) -> RecognisedEvaluation:
        form = self.form
        for number, row in enumerate(self.rows):
            form.cell_count += len(row.cells)
            self._row(list(row.cells), first=number == 0)
        self._unused_levels()
        for item in form.indicators:
            if item["一级指标"] is None:
                form.warnings.append(f"“{item[_NAME]}”没有一级指标；请按原表补上")
        form.unit = money_unit_of(self.headers)
        if form.unit is None:
            form.unit = MoneyUnit.WAN_YUAN
            form.warnings.append("原表没有写明金额单位，按自评表常用的万元导入；请核对")
        if form.year is None:
            form.errors.append("没有找到年度（如“2024年度”），无法确定文件放在哪个年度目录")
        if form.name is None:
            form.errors.append("没有找到项目名称")
        return form

    def _unplaced(self, cell: Cell) -> None:
        self.form.unplaced.append(cell)

    def _note(self, message: str) -> None:
        self.form.warnings.append(message)

    def _row(self, cells: list[Cell], *, first: bool) -> None:
        keys = [header_key(c.text) for c in cells]
        form = self.form
        label_values, self.label_values = self.label_values, {}
        if any(is_title(c.text) for c in cells):
            if not first:  # the title printed again on the next page: the same form goes on
                self._note(f"{cells[0].where}：“{cells[0].text}”是换页后重复的标题，跳过")
            for cell in cells:
                year = _YEAR.search(_ascii(cell.text))
                if year and form.year is None:
                    form.year = year[1]
                if not (is_title(cell.text) or _ONLY_YEAR.fullmatch(_ascii(cell.text))):
                    self._label_or_unplaced(cell)
            return
        if form.year is None and len(cells) == 1 and _ONLY_YEAR.fullmatch(_ascii(cells[0].text)):
            form.year = _YEAR.search(_ascii(cells[0].text))[1]  # type: ignore[index]
            return
        # After the year: a year line printed again on the next page is page furniture.
        furniture = page_furniture(cells)
        if furniture is not None:
            self._note(f"{cells[0].where}：“{cells[0].text}”是{furniture}，不是表中内容，跳过")
            return
        if "三级指标" in keys:
            self._repeated_header(cells, keys)
            self._header(cells, keys, INDICATOR_COLUMNS, INDICATOR_WORDS, "indicators")
            self.after_indicator = False
            form.layout = layout_of([self.columns[c] for c in sorted(self.columns)])
            return
        if any(k in _FUNDING_HEADERS for k in keys):
            self._repeated_header(cells, keys)
            self._header(cells, keys, FUNDING_COLUMNS, FUNDING_WORDS, "funding")
            return
        if any(k in GOAL_COLUMNS for k in keys) and self.mode != "indicators":
            self.goal_columns = {}
            for cell, key in zip(cells, keys, strict=True):
                if key in GOAL_COLUMNS:
                    self.goal_columns[cell.column] = GOAL_COLUMNS[key]
                elif key not in GOAL_WORDS and not self._opens_label(cell, key, GOAL_WORDS):
                    self._unplaced(cell)
            self.mode = "goal"
            return
        if self.mode == "indicators" and keys[0] in _TOTAL_WORDS and self._total_row(cells, keys):
            return
        if keys[0] in HEADER_LABELS:
            self._labels(cells, keys)
            return
        if label_values and all(c.column in label_values for c in cells):
            self._wrapped_values(cells, label_values)
            return
        if self.mode == "funding":
            self._funding(cells, keys)
        elif self.mode == "goal":
            self._goal(cells, keys)
        elif self.mode == "indicators":
            self._indicator(cells)
        elif not (self.mode == "text" and self._wrapped_text(cells)):
            for cell in cells:
                self._unplaced(cell)

    def _wrapped_text(self, cells: list[Cell]) -> bool:
        """Joins a row right of a long text's label (项目基本情况, 评价结论 …) to that text;
        False when the row stands elsewhere or the text is full (`_join_bounded`)."""
        if self.text_key is None or not all(c.column > self.text_column for c in cells):
            return False
        before = self.form.fields.get(self.text_key) or ""
        joined = _join_bounded(before, *[c.text for c in cells])
        if joined is None:
            return False
        self.form.fields[self.text_key] = joined
        return True

    def _repeated_header(self, cells: list[Cell], keys: list[str]) -> None:
        """A header row printed again after a page break is layout: say so, read on."""
        signature = tuple(keys)
        if signature in self.header_rows:
            self._note(f"{cells[0].where}：换页后重复的表头，跳过")
        self.header_rows.add(signature)

    def _total_row(self, cells: list[Cell], keys: list[str]) -> bool:
        """`总分 … 100  90.6`: the totals under the indicator table's 分值 and 得分 columns
        (and `合计`, `总计`). A row that labels its values (`总分 100 自评得分 90.6`) is read
        by its labels instead: False. The row's 得分 is the 自评得分."""
        targets = [
            {"分值": "总分", "得分": "自评得分"}.get(_column_of(self.columns, cell) or "")
            for cell in cells[1:]
        ]
        labelled = any(key in HEADER_LABELS for key in keys[1:])
        if keys[0] in HEADER_LABELS and (labelled or None in targets):
            return False
        for cell, target in zip(cells[1:], targets, strict=True):
            if target is None or labelled:
                self._unplaced(cell)
            elif target in self.form.fields:
                self._unplaced(cell)
                self._note(f"{cell.where}：{target}已经读到“{self.form.fields[target]}”，"
                           f"这一格“{cell.text}”未导入；请核对原表")  # fmt: skip
            else:
                self.form.fields[target] = _score(cell, self.form)
                self.form.number_cells[(target,)] = cell.where
        self.mode = None
        return True

    def _opens_label(self, cell: Cell, key: str, words: tuple[str, ...]) -> bool:
        """Whether a header cell is the first line of the block's name (绩效 of 绩效指标)."""
        if len(key) >= 2 and any(word.startswith(key) for word in words):
            self.split_label = (cell.column, key, words)
            return True
        return False

    def _closes_label(self, cell: Cell) -> bool:
        """Whether a cell outside the block's columns is the rest of its split name (指标
        under 绩效), or the unit under it (（万元） under 项目资金): consumed as the name is."""
        if self.split_label is None or cell.column != self.split_label[0]:
            return False
        column, before, words = self.split_label
        joined = before + header_key(cell.text)
        if money_unit_of([cell.text]) is not None and not header_key(cell.text):
            self.headers.append(cell.text)
            return True
        if any(word.startswith(joined) or joined.startswith(word) for word in words):
            self.split_label = (column, joined, words)
            return True
        return False

    def _wrapped_values(self, cells: list[Cell], label_values: dict[int, str]) -> None:
        """A row of nothing but the rest of the values above, each under its value (主管部门
        上海市宝山区建设和管 / 理委员会): joined by the one rule for wrapped cells."""
        for cell in cells:
            label = label_values[cell.column]
            joined = _join_bounded(self.form.fields.get(label) or "", cell.text)
            if joined is None:
                self._unplaced(cell)
                continue
            self.form.fields[label] = joined
            self._note(f"{cell.where}：“{cell.text}”是上一行{label}折行的部分，"
                       f"合并为“{joined}”")  # fmt: skip
        self.label_values = label_values

    def _label_or_unplaced(self, cell: Cell) -> None:
        folded = "".join(_ascii(cell.text).split())
        if folded.startswith(("单位:", "金额单位:")):
            self.headers.append(cell.text)
        else:
            self._unplaced(cell)

    def _header(
        self,
        cells: list[Cell],
        keys: list[str],
        table: dict[str, str],
        words: tuple[str, ...],
        mode: str,
    ) -> None:
        self.columns = {}
        self.mode = mode
        for cell, key in zip(cells, keys, strict=True):
            self.headers.append(cell.text)
            if key in table:
                self.columns[cell.column] = table[key]
            elif any(key.startswith(word) for word in words):
                # 项目资金（万元）, 绩效指标: the block's own name (its unit may stand below)
                self.split_label = (cell.column, key, words)
            elif self._opens_label(cell, key, words):
                continue
            else:
                self.columns[cell.column] = cell.text  # an unknown column: kept under its header

    def _labels(self, cells: list[Cell], keys: list[str]) -> None:
        index = 0
        while index < len(cells):
            label = HEADER_LABELS.get(keys[index])
            if label is None:
                self._unplaced(cells[index])
                index += 1
                continue
            label_column = cells[index].column
            value: str | None = None
            value_cell: Cell | None = None
            if index + 1 < len(cells) and keys[index + 1] not in HEADER_LABELS:
                value_cell = cells[index + 1]
                value = value_cell.text
                if label in SCORE_KEYS:
                    value = _score(value_cell, self.form)
                index += 1
            before = self.form.fields.get(label)
            if before is not None and value_cell is not None and value != before:
                # The same label twice (自评得分 in the 总分 row and again below): the first is
                # kept, the second reported, never overwritten silently.
                self._unplaced(value_cell)
                self._note(f"{value_cell.where}：{label}已经读到“{before}”，"
                           f"这里又写“{value_cell.text}”，未导入；请核对原表")  # fmt: skip
            elif before is None:
                self.form.fields[label] = value
                if value_cell is not None and label in SCORE_KEYS:
                    self.form.number_cells[(label,)] = value_cell.where
                if value_cell is not None and label not in (*SCORE_KEYS, *_LONG_TEXT):
                    self.label_values[value_cell.column] = label
            index += 1
            if label in _LONG_TEXT:
                self.mode, self.text_key = "text", label
                self.text_column = label_column
            elif label in ("总分", "自评得分", "自评等级"):
                self.mode = None

    def _funding(self, cells: list[Cell], keys: list[str]) -> None:
        start = next((i for i, c in enumerate(cells) if is_funding_row(c.text)), None)
        if start is None:
            for cell in cells:
                self._unplaced(cell)
            return
        for cell, key in zip(cells[:start], keys[:start], strict=True):
            if any(key.startswith(word) for word in FUNDING_WORDS):
                self.headers.append(cell.text)
            elif not self._closes_label(cell):
                self._unplaced(cell)
        row: dict[str, object] = {"资金来源": cells[start].text}
        extra: dict[str, str] = {}
        at = len(self.form.funding)
        for cell in cells[start + 1 :]:
            column = _column_of(self.columns, cell)
            if column is None or column in row:
                self._unplaced(cell)
            elif column in MONEY_KEYS or column == "执行率":
                row[column] = _amount(cell, self.form)
                self.form.number_cells[("预算执行", at, column)] = cell.where
            elif column in ("分值", "得分"):
                row[column] = _score(cell, self.form)
                self.form.number_cells[("预算执行", at, column)] = cell.where
            elif column in FUNDING_COLUMNS.values():
                row[column] = cell.text
            else:
                extra[column] = cell.text
        self._blank_columns(row, FUNDING_COLUMNS)
        if extra:
            row["其他列"] = extra
        self.form.funding.append(row)

    def _blank_columns(self, row: dict[str, object], table: dict[str, str]) -> None:
        """Every column the header printed is a key, blank when its cell is (blank ≠ 0)."""
        for column in self.columns.values():
            if column in table.values() and column not in ("一级指标", "二级指标"):
                row.setdefault(column, None)

    def _goal(self, cells: list[Cell], keys: list[str]) -> None:
        for cell, key in zip(cells, keys, strict=True):
            if key in GOAL_WORDS:
                continue
            column = _column_of(self.goal_columns, cell)
            if column is None:
                if not self._closes_label(cell):
                    self._unplaced(cell)
                continue
            before = self.form.goal.get(column)
            joined = cell.text if before is None else _join_bounded(before, cell.text)
            if joined is None:
                self._unplaced(cell)
                continue
            self.form.goal[column] = joined

    # --- the indicator table -------------------------------------------------------------------

    def _level(self, key: str, cell: Cell) -> bool:
        """Reads a level cell; True when it is the wrapped rest of the level above (its weight
        `(50分)` on a line of its own, the rest of its name), which is joined to that level
        in every indicator already under it, as `产出指标(50分)` printed on one line is."""
        current = self.levels[key]
        if current is not None and _completes_level(key, current, cell.text):
            joined = join_wrapped([current, cell.text])
            for item in self.form.indicators[self.level_start[key] :]:
                if item[key] == current:
                    item[key] = joined
            self.levels[key] = joined
            self._note(f"{cell.where}：“{cell.text}”是上一行{key}“{current}”折行的部分，"
                       f"合并为“{joined}”")  # fmt: skip
            return True
        self._unused_level(key)
        if key == "一级指标":
            self._unused_level("二级指标")
            self.levels["二级指标"] = None
            self.level_start["二级指标"] = len(self.form.indicators)
            self.level_used["二级指标"] = True
        self.levels[key] = cell.text
        self.level_start[key] = len(self.form.indicators)
        self.level_used[key] = False
        return False

    def _unused_level(self, key: str) -> None:
        """A category printed with no indicator under it is shown on the form; the file has no
        place for it, so the report says so instead of dropping it silently."""
        if not self.level_used[key] and self.levels[key] is not None:
            self._note(f"{key}“{self.levels[key]}”下面没有三级指标，自评文件中不单列；请核对原表")
        self.level_used[key] = True

    def _unused_levels(self) -> None:
        for key in reversed(_LEVELS):
            self._unused_level(key)

    def _indicator(self, cells: list[Cell]) -> None:
        placed: dict[str, Cell] = {}
        for cell in cells:
            column = _column_of(self.columns, cell)
            if column is None and self._closes_label(cell):
                continue
            if column is None or column in placed:
                self._unplaced(cell)
            else:
                placed[column] = cell
        continued = False  # a level cell of this row wraps the level above
        new_level = False
        for key in _LEVELS:
            if key in placed:
                if self._level(key, placed.pop(key)):
                    continued = True
                else:
                    new_level = True
        if not placed:
            self.after_indicator = self.after_indicator and continued and not new_level
            return
        previous = self.form.indicators[-1] if self.form.indicators else None
        name = placed.get(_NAME)
        too_long = previous is not None and any(
            _full(str(previous.get(column) or "")) for column in placed
        )
        if previous is not None and self.after_indicator and not new_level and not too_long:
            if name is not None and len(placed) == 1 and self._wraps_name(previous, name):
                previous[_NAME] = join_wrapped([str(previous[_NAME]), name.text])
                self._note(f"{name.where}：“{name.text}”是上一行三级指标折行的部分，"
                           f"合并为“{previous[_NAME]}”")  # fmt: skip
                return
            if name is None or (self.name_only and len(placed) > 1):
                # the rest of the row above; or, under a name that stood alone on its line,
                # the row's values (a PDF prints them beside the middle of a wrapped name)
                self._continue(previous, placed)
                return
        if name is None:
            for cell in placed.values():
                self._unplaced(cell)
            self._note(f"{next(iter(placed.values())).where}：这一行没有三级指标，"
                       "也不是上一个指标折行的部分，未导入；请核对原表")  # fmt: skip
            self.after_indicator = False
            return
        self._new_indicator(placed)

    def _wraps_name(self, previous: dict[str, object], name: Cell) -> bool:
        """A lone short cell under the name column is the rest of the name above: a wrapped
        line is at most as long as the first line, the width of the column."""
        before = _compact(str(previous[_NAME]))
        return len(_compact(name.text)) <= len(before) and not _full(before)

    def _continue(self, previous: dict[str, object], placed: dict[str, Cell]) -> None:
        """A row that holds the rest of the indicator above: each cell joined to its column."""
        joined: list[str] = []
        for column, cell in placed.items():
            if column in ("分值", "得分") and previous.get(column) is None:
                previous[column] = _score(cell, self.form)
                at = len(self.form.indicators) - 1
                self.form.number_cells[("绩效指标", at, column)] = cell.where
            elif column in INDICATOR_COLUMNS.values():
                known = previous.get(column)
                previous[column] = (
                    cell.text if known is None else join_wrapped([str(known), cell.text])
                )
            else:
                kept = previous.setdefault("其他列", {})
                assert isinstance(kept, dict)
                kept[column] = join_wrapped([kept.get(column, ""), cell.text])
            joined.append(f"{column}“{cell.text}”")
        first = next(iter(placed.values()))
        self._note(f"{first.where}：{'、'.join(joined)}是上一行“{previous[_NAME]}”折行的部分，"
                   "已合并")  # fmt: skip
        self.name_only = False

    def _new_indicator(self, placed: dict[str, Cell]) -> None:
        row: dict[str, object] = {
            "一级指标": self.levels["一级指标"],
            "二级指标": self.levels["二级指标"],
        }
        extra: dict[str, str] = {}
        at = len(self.form.indicators)
        for column, cell in placed.items():
            if column in ("分值", "得分"):
                row[column] = _score(cell, self.form)
                self.form.number_cells[("绩效指标", at, column)] = cell.where
            elif column in INDICATOR_COLUMNS.values():
                row[column] = cell.text
            else:
                extra[column] = cell.text
        self._blank_columns(row, INDICATOR_COLUMNS)
        if extra:
            row["其他列"] = extra
        self.form.indicators.append(row)
        self.level_used = dict.fromkeys(_LEVELS, True)
        self.after_indicator = True
        self.name_only = len(placed) == 1


def recognise_evaluations(
    document: SourceDocument,
) -> tuple[list[RecognisedEvaluation], SourceDocument]:
    """The 自评表 of a document, and the document without their rows (for the declarations)."""
    groups, rest = split_evaluations(document)
    forms = [_Reader(document.path, rows).read() for rows in groups]
    remaining = SourceDocument(
        document.path,
        tuple(rest),
        document.notes,
        document.remarks,
        document.problems,
        document.narratives,
        document.paged,
        document.rounded,  # the declarations' import reports them too
    )
    return forms, remaining


def department_of(form: RecognisedEvaluation) -> tuple[str | None, str | None]:
    """(the department's name without a unit code, the code), `219-上海市…` → (上海市…, 219),
    `[173]中国科学院` → (中国科学院, 173)."""
    written = form.fields.get("主管部门")
    if written is None:
        return None, None
    # 219-…, and [173]中国科学院 (the central forms' 主管部门及代码), as the declarations' reader
    coded = split_department_code(written)
    return coded if coded is not None else (written.strip(), None)


Place = tuple[str | int, ...]


def _emit(value: object, indent: int, path: Place, marks: dict[Place, str]) -> list[str]:
    """The lines of one key; `marks`: the placeholder printed where a blank value stands, by
    its path, written after it as `jixiao fmt` keeps a trailing comment (`得分:  # 原表印作“-”`).
    The mark is one of `is_placeholder`'s few characters: it cannot end the comment or the line."""
    pad = " " * indent
    head = f"{pad}{scalar(str(path[-1]))}:"
    if isinstance(value, dict):
        if not value:
            return []
        lines = [head]
        for k, v in value.items():
            lines += _emit(v, indent + 2, (*path, str(k)), marks)
        return lines
    if isinstance(value, list):
        lines = [head]
        for index, item in enumerate(value):
            assert isinstance(item, dict)
            inner: list[str] = []
            for k, v in item.items():
                inner += _emit(v, indent + 4, (*path, index, str(k)), marks)
            first = inner[0]
            inner[0] = f"{pad}  - {first[indent + 4 :]}"
            lines += inner
        return lines
    text = None if value is None else str(value)
    block = block_scalar(text, indent + 2)
    if block is not None:
        indicator, body = block.split("\n", 1)
        return [f"{head} {indicator}", body]
    rendered = scalar(text)
    comment = f"  # 原表印作“{marks[path]}”" if text is None and path in marks else ""
    return [(f"{head} {rendered}" if rendered else head) + comment]


def evaluation_yaml(form: RecognisedEvaluation, origin_file: str | None) -> str:
    """The canonical file text of a recognised form (the same text `jixiao fmt` would write)."""
    department, code = department_of(form)
    data: dict[str, object] = {
        "年度": form.year,
        "项目名称": form.fields.get("项目名称"),
        "主管部门": department,
    }
    for key in ("实施单位", "报表编号"):
        if key in form.fields:
            data[key] = form.fields[key]
    data["表式"] = str(form.layout)
    data["资金单位"] = form.unit
    if "项目基本情况" in form.fields:
        data["项目基本情况"] = form.fields["项目基本情况"]
    data["预算执行"] = form.funding
    if form.goal:
        data["年度总体目标"] = form.goal
    data["绩效指标"] = form.indicators
    for key in ("总分", "自评得分", "自评等级", *_LONG_TEXT[1:], "项目负责人", "财务负责人"):
        if key in form.fields:
            data[key] = form.fields[key]
    if code is not None:
        data["其他"] = {"主管部门（原表）": form.fields.get("主管部门")}
    if origin_file is not None:
        source: dict[str, object] = {"文件": origin_file}
        if form.page is not None:
            source["页码"] = str(form.page)
        data["来源"] = source
    marks = {
        place: form.printed[where]
        for place, where in form.number_cells.items()
        if where in form.printed
    }
    lines: list[str] = []
    for key, value in data.items():
        if isinstance(value, list) and not value:
            lines.append(f"{key}: []")
        else:
            lines += _emit(value, 0, (key,), marks)
    text = "\n".join(lines) + "\n"
    return format_text(text, "import" + EVALUATION_SUFFIX)


__all__ = [
    "MONEY_KEYS",
    "SCORE_KEYS",
    "RecognisedEvaluation",
    "department_of",
    "evaluation_yaml",
    "recognise_evaluations",
    "split_evaluations",
]
