"""An Excel workbook of all projects and indicators, for people who work in Excel.

Amounts are real numbers in 元 (Excel cannot hold more than 15 significant digits, enough for
any budget to the fen) with a two-decimal format; blank cells stay empty; text that starts with
= stays text, because every text cell is written as a string, never as a formula.

An edit to one declaration should cost its own rows, not the whole workbook (XlsxWriter took
~10 of the ~14 CPU seconds of 10,000 projects and 135,000 indicators, every time). So the
workbook is made in two steps:

- XlsxWriter writes its frame: the four sheets with their headers, the frozen first row, the
  money format on the money columns, the document properties.
- Each declaration's and each 自评表's rows are a piece of sheet XML made from its own records
  alone (`item_rows`), with the row numbers left open (`ROW`), so that the piece of a file that
  did not change is the one of the last build (kept signed in the user's cache, see
  workbook_cache.py) and only numbered here. The pieces become the sheets' rows 2 onwards.

A piece's cells are those XlsxWriter writes for an inline string, a number, a boolean
(tests/site/test_workbook.py compares them with XlsxWriter's own on hostile text).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache, partial
from pathlib import Path
from typing import IO, Any

from generator.core.project import Corpus, EvaluatedProject, Project
from generator.site.export import (
    INDICATOR_COLUMNS,
    PROJECT_COLUMNS,
    _lookup,
    project_indicator_records,
    project_record,
)
from generator.site.export_evaluations import (
    EVALUATION_COLUMNS,
    EVALUATION_INDICATOR_COLUMNS,
    evaluation_record,
    item_indicator_records,
)

MONEY_FORMAT = "#,##0.00"
# A fixed timestamp: the same content gives the same workbook bytes (XlsxWriter dates its zip
# entries 1980-01-31 whatever the clock says).
FIXED_TIME = datetime(2000, 1, 1)
# Excel holds at most 32,767 characters in a cell and XlsxWriter would cut a longer text without
# a word. No field of a form is that long (the schema stops at 5,000), but a joined cell (the
# form's other columns, the published problems) could be: it then ends with a note that says
# where the whole text is, instead of silently losing the rest.
CELL_LIMIT = 32767
CUT_NOTE = "……（超过 Excel 单元格的 32,767 字上限，全文见同名的 CSV 或 JSON 文件）"
# A sheet holds at most 1,048,576 rows. A province's archive in one build can have more
# indicators than that: the last row then says where the rest is, instead of losing it unsaid.
EXCEL_ROWS = 1_048_576
ROWS_NOTE = (
    "……（超过 Excel 工作表的 1,048,576 行上限，以下 {count} 行未列出，"
    "全部见同名的 CSV 或 JSON 文件）"
)

# The marks of a piece of rows (item_rows). Control characters never stand in sheet XML as
# themselves (a text's are written _x0000_ … _x001F_), so none of these can come from the content.
ROW = "\x00"  # where the row's number goes
ROW_END = "\x01"  # after each row
SHEET_END = "\x02"  # between the rows of one item in one sheet and in the next
MONEY_STYLE = "\x03"  # the money format's style index, known once the frame is written


@dataclass(frozen=True, slots=True)
class _Sheet:
    title: str
    columns: tuple[tuple[str, str], ...]  # (header, record key)
    records: Callable[[Any], Iterable[dict[str, Any]]]  # the records of one item


# Looked up when called (not bound here), so that a test can stand in for a record.
_PROJECT_SHEETS = (
    _Sheet("项目", PROJECT_COLUMNS, lambda project: [project_record(project)]),
    _Sheet("绩效指标", INDICATOR_COLUMNS, lambda project: project_indicator_records(project)),
)
_EVALUATION_SHEETS = (
    _Sheet("绩效自评", EVALUATION_COLUMNS, lambda item: [evaluation_record(item)]),
    _Sheet("绩效自评指标", EVALUATION_INDICATOR_COLUMNS, lambda item: item_indicator_records(item)),
)
SHEETS = _PROJECT_SHEETS + _EVALUATION_SHEETS

Sheet = tuple[str, tuple[tuple[str, str], ...], Iterable[dict[str, Any]]]
# The rows of the workbook's items in their order: (index, make) → the piece of the item at
# `index` of `workbook_items`, made by `make` or kept from the last build (workbook_cache.py).
KeptRows = Callable[[int, Callable[[], str]], str]


def workbook_sheets(corpus: Corpus) -> list[Sheet]:
    """The workbook's sheets: title, columns (header, record key) and records, the very
    records of the CSV downloads (export.py, export_evaluations.py), made as they are read."""

    def records(sheet: _Sheet) -> Iterable[dict[str, Any]]:
        items = corpus.projects if sheet in _PROJECT_SHEETS else corpus.evaluations
        return (record for item in items for record in sheet.records(item))

    return [(sheet.title, sheet.columns, records(sheet)) for sheet in SHEETS]


def _items(corpus: Corpus) -> list[Project | EvaluatedProject]:
    """What the workbook's rows come from, in its order: the declarations, the 自评表."""
    return [*corpus.projects, *corpus.evaluations]


def workbook_items(corpus: Corpus) -> list[tuple[str, str]]:
    """(name, inputs) of each item whose rows the workbook holds, in its order: a declaration's
    rows come from its file alone, a 自评表's from its file and its declaration's (the readings).
    """
    declared = {project.id: project.source_text for project in corpus.projects}
    return [
        (
            f"xlsx:{item.source_path}",
            item.source_text
            if isinstance(item, Project)
            else f"{item.source_text}\0{declared.get(item.id, '-')}",
        )
        for item in _items(corpus)
    ]


def item_rows(item: Project | EvaluatedProject) -> str:
    """The rows of one declaration (sheets 项目 and 绩效指标) or one 自评表 (绩效自评 and
    绩效自评指标), each sheet's ended by SHEET_END, rows not yet numbered (ROW)."""
    sheets = _PROJECT_SHEETS if isinstance(item, Project) else _EVALUATION_SHEETS
    return SHEET_END.join(_rows(sheet.columns, sheet.records(item)) for sheet in sheets)


@lru_cache(maxsize=8)
def _column_letters(count: int) -> tuple[str, ...]:
    from xlsxwriter.utility import xl_col_to_name

    return tuple(xl_col_to_name(column) for column in range(count))


def _rows(columns: tuple[tuple[str, str], ...], records: Iterable[dict[str, Any]]) -> str:
    letters = _column_letters(len(columns))
    out: list[str] = []
    for record in records:
        out.append(f'<row r="{ROW}">')
        for letter, (_, key) in zip(letters, columns, strict=True):
            value = _lookup(record, key)
            if value is None:
                continue  # a blank cell of the form stays an empty cell
            if key.startswith("funding."):
                # The exact decimal text of the amount goes into the file, never a float: the
                # digits XlsxWriter's write_number writes for a Decimal.
                out.append(
                    f'<c r="{letter}{ROW}" s="{MONEY_STYLE}"><v>{Decimal(str(value)):.16G}</v></c>'
                )
            elif isinstance(value, bool):
                out.append(f'<c r="{letter}{ROW}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | Decimal):
                out.append(f'<c r="{letter}{ROW}"><v>{value:.16G}</v></c>')
            else:
                # Always an inline string, never a formula: "=1+1" or "#N/A" stays the form's text.
                out.append(_text_cell(f"{letter}{ROW}", _fitting(str(value))))
        out.append("</row>" + ROW_END)
    return "".join(out)


# As XlsxWriter writes an inline string: a literal "_x0041_" gets its underscore escaped, a
# control character becomes _xHHHH_, a text with a space at either end keeps it.
_ESCAPE_LIKE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_EDGE_SPACE = re.compile(r"^\s|\s$")


def _text_cell(reference: str, text: str) -> str:
    text = _ESCAPE_LIKE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{reference}" t="inlineStr"><is><t{preserve}>{text}</t></is></c>'


def _fitting(text: str) -> str:
    if len(text) <= CELL_LIMIT:
        return text
    return text[: CELL_LIMIT - len(CUT_NOTE)] + CUT_NOTE


def projects_xlsx(corpus: Corpus, kept: KeptRows | None = None) -> bytes:
    """data/projects.xlsx: the four CSV tables as sheets of one workbook, for readers who
    work in Excel; made in the background (background.py) while the pages render. `kept`
    gives the rows of an item that the last build made (workbook_cache.kept_rows).
    """
    with tempfile.TemporaryDirectory(prefix="jixiao-xlsx-") as name:
        folder = Path(name)
        frame, style = _frame(folder)
        sheets = [_SheetRows(folder / f"rows-{index}.xml") for index in range(len(SHEETS))]
        try:
            for index, item in enumerate(_items(corpus)):
                piece = item_rows(item) if kept is None else kept(index, partial(item_rows, item))
                first = 0 if isinstance(item, Project) else len(_PROJECT_SHEETS)
                for offset, rows in enumerate(piece.replace(MONEY_STYLE, style).split(SHEET_END)):
                    sheets[first + offset].add(rows)
        finally:
            for sheet in sheets:
                sheet.close()
        return _fill(frame, sheets)


class _SheetRows:
    """One sheet's rows 2 onwards, numbered as they come, in a file (as XlsxWriter's
    constant_memory keeps them): the workbook of 100,000 projects is not held in memory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stream: IO[str] = path.open("w", encoding="utf-8", newline="")
        self.next = 2
        self.left_out = 0

    def add(self, rows: str) -> None:
        numbered = []
        for row in rows.split(ROW_END)[:-1]:
            if self.next >= EXCEL_ROWS:
                self.left_out += 1
                continue
            numbered.append(row.replace(ROW, str(self.next)))
            self.next += 1
        self.stream.write("".join(numbered))

    def close(self) -> None:
        if self.stream.closed:
            return
        if self.left_out:
            note = ROWS_NOTE.format(count=f"{self.left_out:,}")
            row = f'<row r="{EXCEL_ROWS}">{_text_cell(f"A{EXCEL_ROWS}", note)}</row>'
            self.stream.write(row)
            self.next += 1
        self.stream.close()

    @property
    def last_row(self) -> int:
        return self.next - 1


def _frame(folder: Path) -> tuple[Path, str]:
    """The workbook without its rows, by XlsxWriter; and the money format's style index."""
    import xlsxwriter

    path = folder / "frame.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": str(folder)})
    workbook.set_properties({"created": FIXED_TIME})
    money = workbook.add_format({"num_format": MONEY_FORMAT})
    for sheet in SHEETS:
        worksheet = workbook.add_worksheet(sheet.title)
        worksheet.freeze_panes(1, 0)
        for column, (header, key) in enumerate(sheet.columns):
            worksheet.write_string(0, column, header)
            if key.startswith("funding."):
                # The column's format puts the money format into the workbook's styles.
                worksheet.set_column(column, column, None, money)
    workbook.close()
    if money.xf_index is None:
        raise RuntimeError("XlsxWriter gave the money format no style index")
    return path, str(money.xf_index)


_DIMENSION = re.compile(r'<dimension ref="A1:([A-Z]+)1"/>')
_SHEET_DATA_END = "</sheetData>"


def _fill(frame: Path, sheets: list[_SheetRows]) -> bytes:
    """The frame with each sheet's rows after its header row, as one zip of the same entries."""
    out = frame.with_name("projects.xlsx")
    parts = {f"xl/worksheets/sheet{index}.xml": rows for index, rows in enumerate(sheets, 1)}
    with zipfile.ZipFile(frame) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            rows = parts.get(info.filename)
            if rows is None:
                target.writestr(info, data)
                continue
            xml = data.decode("utf-8")
            head, end, tail = xml.partition(_SHEET_DATA_END)
            if not end or not _DIMENSION.search(head):
                raise RuntimeError(f"unexpected sheet XML from XlsxWriter: {info.filename}")
            if rows.last_row > 1:
                head = _DIMENSION.sub(rf'<dimension ref="A1:\g<1>{rows.last_row}"/>', head, 1)
            big = rows.path.stat().st_size > zipfile.ZIP64_LIMIT // 2
            with target.open(info, "w", force_zip64=big) as stream:
                stream.write(head.encode("utf-8"))
                with rows.path.open("rb") as written:
                    shutil.copyfileobj(written, stream, 1 << 20)
                stream.write((end + tail).encode("utf-8"))
    return out.read_bytes()
