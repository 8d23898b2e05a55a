"""Readers that turn an input file into rows of cells: text exports, .xlsx, .docx and .pdf."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.core.diagnostics import JixiaoUserError
from generator.core.layouts import BY_KEY_ALL, SHANGHAI
from generator.importers.grid import Cell, SourceDocument, SourceRow, clean_cell
from generator.importers.limits import (
    MAX_DOCX_TABLES,
    MAX_TABLE_ROWS,
    MAX_TEXT_LINES,
    check_cell_count,
    check_cell_text,
    check_file_size,
    check_zip,
    xml_errors,
)
from generator.importers.pdf import read_pdf
from generator.importers.sandbox import read_isolated


def decode_text(raw: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 first (with or without BOM), else GB18030 (covers GBK)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "UTF-8（带 BOM）"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "GB18030/GBK"
    except UnicodeDecodeError as exc:
        raise JixiaoUserError(
            f"无法识别文件编码（既不是 UTF-8 也不是 GBK/GB18030），第 {exc.start} 字节处出错"
        ) from None


# Labels whose presence says "this is a form", for the message that refuses a text without cells.
_LAYOUTS_SHANGHAI_FIRST = (SHANGHAI, *(layout for layout in BY_KEY_ALL if layout is not SHANGHAI))
_FORM_LABELS = (
    *dict.fromkeys(label for layout in _LAYOUTS_SHANGHAI_FIRST for label in layout.header),
    *dict.fromkeys(label for layout in _LAYOUTS_SHANGHAI_FIRST for label in layout.funding),
    "项目总目标",
    "年度总目标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
)


def _refuse_lost_structure(path: Path, text: str) -> None:
    """A form copied from a PDF viewer has lost its table: cells are separated by spaces (which
    also occur inside cells) and a wrapped cell's lines stand on lines of their own, between
    other cells' lines. Reading it would mean guessing which words belong to which cell."""
    if "\t" in text:
        return
    compact = "".join(text.split())
    seen = [label for label in _FORM_LABELS if label in compact]
    if len(seen) < 2:
        return  # not a form at all: the recogniser says so in its own words
    raise JixiaoUserError(
        f"{path}：这段文字像申报表，但已经失去了表格结构（没有用制表符分隔的单元格，"
        "单元格之间只有空格，折行的单元格各占一行），不靠猜测就无法知道每个值属于哪一格，"
        f"所以不导入。看到的栏目：{'、'.join(seen)}。请直接导入 PDF 或电子表格本身"
        "（jixiao import 文件.pdf / .xlsx / .docx），或从表格中按单元格复制（制表符分隔）。"
    )


def read_text(path: Path) -> SourceDocument:
    """Tab-separated cells, one row per line, as PDF text extraction gives them."""
    text, encoding = decode_text(path.read_bytes())
    lines = text.splitlines()
    if len(lines) > MAX_TEXT_LINES:
        raise JixiaoUserError(
            f"文件有 {len(lines):,} 行，超过上限 {MAX_TEXT_LINES:,} 行；没有读取，请拆分后再导入"
        )
    _refuse_lost_structure(path, text)
    rows = []
    count = 0
    for number, line in enumerate(lines, start=1):
        check_cell_text(line, f"第 {number} 行")  # a cell is at most its line
        cells = tuple(
            Cell(cleaned, column, f"第 {number} 行第 {column + 1} 格")
            for column, raw in enumerate(line.split("\t"))
            if (cleaned := clean_cell(raw))
        )
        if cells:
            count += len(cells)
            check_cell_count(count, "文本文件")
            rows.append(SourceRow(cells))
    return SourceDocument(path.as_posix(), tuple(rows), (f"编码：{encoding}",))


def read_xlsx(path: Path) -> SourceDocument:
    """Every sheet, row by row; a merged range counts once, at its top-left cell.

    Only the cells the sheet's XML holds are visited: `iter_rows` would fill every gap up to
    the declared dimension, and one cell at XFD1048576 made that 17 billion empty cells. Excel
    writes no value into the covered cells of a merged range, so each counts once.
    """
    check_zip(path, "xlsx")
    with xml_errors("xlsx"):
        return _read_sheets(path)


def _read_sheets(path: Path) -> SourceDocument:
    from openpyxl import load_workbook
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.utils import get_column_letter

    # openpyxl's streaming sheet parser (what read-only worksheets use inside), called directly
    # so that gaps are skipped rather than filled; openpyxl is pinned in constraints.txt.
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = []
    count = 0
    try:
        for sheet in workbook.worksheets:
            with sheet._get_source() as source:
                parser = WorkSheetParser(
                    source,
                    workbook.shared_strings,
                    data_only=True,
                    epoch=workbook.epoch,
                    date_formats=workbook._date_formats,
                    timedelta_formats=workbook._timedelta_formats,
                )
                for _, parsed in parser.parse():
                    cells = []
                    for values in parsed:
                        cell = ReadOnlyCell(sheet, **values)
                        text = clean_cell(_cell_text(cell.value, cell.number_format))
                        if text:
                            where = f"{sheet.title}!{get_column_letter(cell.column)}{cell.row}"
                            check_cell_text(text, where)
                            cells.append(Cell(text, cell.column - 1, where))
                    if cells:
                        count += len(cells)
                        check_cell_count(count, "工作簿")
                        rows.append(SourceRow(tuple(cells)))
    finally:
        workbook.close()
    return SourceDocument(path.as_posix(), tuple(rows))


def _cell_text(value: object, number_format: str = "General") -> str | None:
    """The cell as the form shows it: a number in its display format, a date as ISO."""
    if value is None:
        return None
    if hasattr(value, "isoformat") and hasattr(value, "year"):
        return str(value.isoformat())[:10]  # a date cell: the date, without a time of day
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    # repr() is the shortest text that reads back as the same double: the digits typed. A
    # formula's double can carry binary noise (1.1 + 2.2 = 3.3000000000000003) that Excel, which
    # keeps 15 significant digits, never shows: a float is read to those 15 digits.
    amount = Decimal(repr(value)) if isinstance(value, int) else Decimal(f"{value:.15g}")
    places_match = re.search(r"\.(0+)", number_format)
    places = len(places_match.group(1)) if places_match else None
    if "%" in number_format:  # 0.85 shown as 85% (or 85.00%): import what the reader sees
        percent = amount * 100
        shown = f"{percent:.{places}f}" if places is not None else f"{percent.normalize():f}"
        return shown + "%"
    if places is not None:
        return f"{amount:,.{places}f}" if "," in number_format else f"{amount:.{places}f}"
    whole = amount.to_integral_value()
    if amount == whole:
        # not quantize(): it raises beyond 28 digits, and a cell may hold 1e+308
        return f"{whole:f}"
    return f"{amount:f}"


def read_docx(path: Path) -> SourceDocument:
    """Paragraphs and table rows in document order; a merged cell counts once per row."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_zip(path, "docx")
    with xml_errors("docx"):
        document = Document(str(path))
    body = document.element.body
    tables = body.xpath(".//w:tbl")
    if len(tables) > MAX_DOCX_TABLES:
        raise JixiaoUserError(
            f"文档有 {len(tables):,} 张表格，超过上限 {MAX_DOCX_TABLES:,} 张；"
            "没有读取，请拆分后再导入"
        )
    check_cell_count(len(body.xpath(".//w:tc")), "文档")
    for number, table in enumerate(tables, start=1):
        # a merged cell looks up the rows above it: rows per table bound that walk
        if len(table.xpath("./w:tr")) > MAX_TABLE_ROWS:
            raise JixiaoUserError(
                f"文档的第 {number} 张表格超过 {MAX_TABLE_ROWS:,} 行；没有读取，请拆分后再导入"
            )
    rows: list[SourceRow] = []
    table_number = 0
    paragraph_number = 0
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph_number += 1
            text = clean_cell(Paragraph(block, document).text)
            check_cell_text(text, f"第 {paragraph_number} 段")
            if text:
                rows.append(SourceRow((Cell(text, 0, f"第 {paragraph_number} 段"),)))
        elif tag == "tbl":
            table_number += 1
            table = Table(block, document)
            seen: set[object] = set()  # the elements themselves: keeps their proxies alive
            for row_index, row in enumerate(table.rows, start=1):
                cells = []
                for column, cell in _row_cells(row, table):
                    # python-docx repeats a merged cell in every grid position it covers,
                    # across columns and down rows: read each underlying cell once.
                    if cell._tc in seen:
                        continue
                    seen.add(cell._tc)
                    text = clean_cell(cell.text)
                    if text:
                        where = f"表格 {table_number} 第 {row_index} 行第 {column + 1} 列"
                        check_cell_text(text, where)
                        cells.append(Cell(text, column, where))
                if cells:
                    rows.append(SourceRow(tuple(cells), table_number))
    return SourceDocument(path.as_posix(), tuple(rows))


def _row_cells(row: Any, table: Any) -> list[tuple[int, Any]]:
    """(grid column, cell) across a table row, a merged cell repeated where it spans.

    When a row's cells do not fit the table's grid (a merge that Word opens but python-docx
    cannot lay out), python-docx raises; the row's own cells are then read as written, each at
    its grid column, so that nothing in the row is lost.
    """
    from docx.table import _Cell

    try:
        return list(enumerate(row.cells))
    except ValueError:
        return [(tc.grid_offset, _Cell(tc, table)) for tc in row._tr.tc_lst]


READERS = {
    ".txt": read_text,
    ".text": read_text,
    ".xlsx": read_xlsx,
    ".docx": read_docx,
    ".pdf": read_pdf,
}


def read_source(path: Path) -> SourceDocument:
    """Any supported file as rows of cells, after its size is checked and, where possible,
    in a limited child process: the recogniser never sees where the rows came from."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        supported = "、".join(sorted(READERS))
        raise JixiaoUserError(
            f"{path}：不支持的文件类型 {path.suffix or '（无扩展名）'}；支持 {supported}"
        )
    if not path.is_file():
        raise JixiaoUserError(f"{path}：文件不存在")
    check_file_size(path)
    return read_isolated(reader, path)
