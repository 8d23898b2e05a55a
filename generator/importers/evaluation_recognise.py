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
from generator.importers.recognise import CODED_DEPARTMENT, normalise_amount
from generator.importers.recognise import is_title as is_declaration_title
from generator.review.yaml_format import format_text

_YEAR = re.compile(r"([12][0-9]{3})\s*年", re.ASCII)
_ONLY_YEAR = re.compile(r"[(（]?\s*[12][0-9]{3}\s*年\s*度?\s*[)）]?")
_DEPARTMENT_CODE = re.compile(r"^\s*([0-9]{2,12})\s*[-—–]\s*")
_LONG_TEXT = ("项目基本情况", "评价结论", "存在问题", "改进措施")
_TOTAL_WORDS = ("合计", "总分", "总计")
_SCORE_KEYS = ("分值", "得分", "总分", "自评得分")
_MONEY_KEYS = ("年初预算数", "全年预算数", "全年执行数")
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

    @property
    def name(self) -> str | None:
        return self.fields.get("项目名称")


def split_evaluations(document: SourceDocument) -> tuple[list[list[SourceRow]], list[SourceRow]]:
    """The rows of each 自评表, and the other rows (declarations, text outside any form).

    A 自评表 ends at the next title of either kind; a declaration's title is recognised by the
    declaration reader's own rule (项目绩效目标表, 项目支出绩效目标表, 财政项目支出绩效目标申报表 …
    with a region or year around them), so that the two readers never disagree on where a
    declaration starts."""
    forms: list[list[SourceRow]] = []
    rest: list[SourceRow] = []
    current: list[SourceRow] | None = None
    for row in document.rows:
        if any(is_title(cell.text) for cell in row.cells):
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


def _column_of(columns: dict[int, str], cell: Cell) -> str | None:
    starts = [c for c in columns if c <= cell.column]
    return columns[max(starts)] if starts else None


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _score(text: str, form: RecognisedEvaluation, where: str) -> str:
    value = normalise_amount(text)
    if value.endswith("分") and len(value) > 1:
        form.warnings.append(f"{where} 的“{text}”去掉了“分”字，按分数 {value[:-1]} 导入")
        return value[:-1]
    return value


class _Reader:
    def __init__(self, source: str, rows: list[SourceRow]) -> None:
        first = rows[0].cells[0]
        self.form = RecognisedEvaluation(source, first.where, rows[0].page)
        self.rows = rows
        self.mode: str | None = None
        self.columns: dict[int, str] = {}
        self.goal_columns: dict[int, str] = {}
        self.level1: str | None = None
        self.level2: str | None = None
        self.text_key: str | None = None
        self.headers: list[str] = []

    def read(self) -> RecognisedEvaluation:
        form = self.form
        for row in self.rows:
            form.cell_count += len(row.cells)
            self._row(list(row.cells))
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

    def _row(self, cells: list[Cell]) -> None:
        keys = [header_key(c.text) for c in cells]
        form = self.form
        if any(is_title(c.text) for c in cells):
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
        if "三级指标" in keys:
            self._header(cells, keys, INDICATOR_COLUMNS, INDICATOR_WORDS, "indicators")
            form.layout = layout_of([self.columns[c] for c in sorted(self.columns)])
            return
        if any(k in _FUNDING_HEADERS for k in keys):
            self._header(cells, keys, FUNDING_COLUMNS, FUNDING_WORDS, "funding")
            return
        if any(k in GOAL_COLUMNS for k in keys) and self.mode != "indicators":
            self.goal_columns = {}
            for cell, key in zip(cells, keys, strict=True):
                if key in GOAL_COLUMNS:
                    self.goal_columns[cell.column] = GOAL_COLUMNS[key]
                elif key not in GOAL_WORDS:
                    self._unplaced(cell)
            self.mode = "goal"
            return
        if keys[0] in HEADER_LABELS:
            self._labels(cells, keys)
            return
        if self.mode == "indicators" and keys[0] in _TOTAL_WORDS:
            for cell in cells[1:]:
                column = _column_of(self.columns, cell)
                target = {"分值": "总分", "得分": "自评得分"}.get(column or "")
                if target and target not in form.fields:
                    form.fields[target] = _score(cell.text, form, cell.where)
                else:
                    self._unplaced(cell)
            return
        if self.mode == "funding":
            self._funding(cells, keys)
        elif self.mode == "goal":
            self._goal(cells, keys)
        elif self.mode == "indicators":
            self._indicator(cells)
        elif self.mode == "text" and self.text_key is not None:
            before = form.fields.get(self.text_key) or ""
            form.fields[self.text_key] = join_wrapped([before, *[c.text for c in cells]])
        else:
            for cell in cells:
                self._unplaced(cell)

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
                continue  # 项目资金（万元）, 绩效指标: the block's own name
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
            value: str | None = None
            if index + 1 < len(cells) and keys[index + 1] not in HEADER_LABELS:
                value = cells[index + 1].text
                if label in _SCORE_KEYS:
                    value = _score(value, self.form, cells[index + 1].where)
                index += 1
            self.form.fields[label] = value
            index += 1
            if label in _LONG_TEXT:
                self.mode, self.text_key = "text", label
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
            else:
                self._unplaced(cell)
        row: dict[str, object] = {"资金来源": cells[start].text}
        extra: dict[str, str] = {}
        for cell in cells[start + 1 :]:
            column = _column_of(self.columns, cell)
            if column is None or column in row:
                self._unplaced(cell)
            elif column in _MONEY_KEYS:
                row[column] = normalise_amount(cell.text)
            elif column in ("分值", "得分"):
                row[column] = _score(cell.text, self.form, cell.where)
            elif column == "执行率":
                row[column] = normalise_amount(cell.text)
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
                self._unplaced(cell)
                continue
            before = self.form.goal.get(column)
            self.form.goal[column] = (
                cell.text if before is None else join_wrapped([before, cell.text])
            )

    def _indicator(self, cells: list[Cell]) -> None:
        placed: dict[str, str] = {}
        for cell in cells:
            column = _column_of(self.columns, cell)
            if column is None or column in placed:
                self._unplaced(cell)
            else:
                placed[column] = cell.text
        if "一级指标" in placed:
            self.level1, self.level2 = placed.pop("一级指标"), None
        if "二级指标" in placed:
            self.level2 = placed.pop("二级指标")
        if not placed:
            return
        if "三级指标" not in placed:
            if not self.form.indicators:
                for cell in cells:
                    self._unplaced(cell)
                return
            previous = self.form.indicators[-1]  # a wrapped continuation of the row above
            for column, text in placed.items():
                known = previous.get(column) if column in INDICATOR_COLUMNS.values() else None
                if column in INDICATOR_COLUMNS.values():
                    previous[column] = text if known is None else join_wrapped([str(known), text])
                else:
                    kept = previous.setdefault("其他列", {})
                    assert isinstance(kept, dict)
                    kept[column] = join_wrapped([kept.get(column, ""), text])
            return
        row: dict[str, object] = {"一级指标": self.level1, "二级指标": self.level2}
        if self.level1 is None:
            self.form.warnings.append(f"“{placed['三级指标']}”没有一级指标")
        extra: dict[str, str] = {}
        for column, text in placed.items():
            if column in ("分值", "得分"):
                row[column] = _score(text, self.form, column)
            elif column in INDICATOR_COLUMNS.values():
                row[column] = text
            else:
                extra[column] = text
        self._blank_columns(row, INDICATOR_COLUMNS)
        if extra:
            row["其他列"] = extra
        self.form.indicators.append(row)


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
    )
    return forms, remaining


def department_of(form: RecognisedEvaluation) -> tuple[str | None, str | None]:
    """(the department's name without a unit code, the code), `219-上海市…` → (上海市…, 219),
    `[173]中国科学院` → (中国科学院, 173)."""
    written = form.fields.get("主管部门")
    if written is None:
        return None, None
    match = _DEPARTMENT_CODE.match(written)
    if match is not None:
        return written[match.end() :].strip(), match[1]
    # [173]中国科学院: the central forms' 主管部门及代码, read as the declarations' reader reads it
    coded = CODED_DEPARTMENT.fullmatch(written)
    if coded is not None:
        return coded[2].strip(), coded[1]
    return written.strip(), None


def _emit(value: object, indent: int, key: str) -> list[str]:
    pad = " " * indent
    head = f"{pad}{scalar(key)}:"
    if isinstance(value, dict):
        if not value:
            return []
        lines = [head]
        for k, v in value.items():
            lines += _emit(v, indent + 2, str(k))
        return lines
    if isinstance(value, list):
        lines = [head]
        for item in value:
            assert isinstance(item, dict)
            inner: list[str] = []
            for k, v in item.items():
                inner += _emit(v, indent + 4, str(k))
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
    return [f"{head} {rendered}" if rendered else head]


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
    lines: list[str] = []
    for key, value in data.items():
        if isinstance(value, list) and not value:
            lines.append(f"{key}: []")
        else:
            lines += _emit(value, 0, key)
    text = "\n".join(lines) + "\n"
    return format_text(text, "import" + EVALUATION_SUFFIX)


__all__ = [
    "RecognisedEvaluation",
    "department_of",
    "evaluation_yaml",
    "recognise_evaluations",
    "split_evaluations",
]
