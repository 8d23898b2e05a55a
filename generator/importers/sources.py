"""Readers that turn an input file into rows of cells: text exports, .xlsx, .xls, .docx, .pdf."""

from __future__ import annotations

import functools
import heapq
import itertools
import math
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path
from typing import Any

from generator.core.diagnostics import JixiaoUserError
from generator.core.layouts import BY_KEY_ALL, SHANGHAI
from generator.importers.grid import Cell, RoundedNumber, SourceDocument, SourceRow, clean_cell
from generator.importers.limits import (
    MAX_DOCX_TABLES,
    MAX_TABLE_ROWS,
    MAX_TEXT_LINES,
    check_cell_count,
    check_cell_text,
    check_file_size,
    check_merged_ranges,
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
    """Every visible sheet, row by row; a merged range counts once, at its top-left cell.

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

    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = []
    rounded: list[RoundedNumber] = []
    hidden: list[str] = []  # what the reader of the sheet does not see: reported, not placed
    uncomputed: list[str] = []  # formulas whose result the file does not hold
    count = 0
    try:
        for sheet in workbook.worksheets:
            sheet_hidden = sheet.sheet_state != "visible"
            with sheet._get_source() as source:
                parser = _sheet_parser(source, workbook)
                for _, parsed in parser.parse():
                    cells = []
                    row_hidden = _is_hidden(parser.row_dimensions, parsed)
                    for values in parsed:
                        formula = values.pop("formula", None)
                        cell = ReadOnlyCell(sheet, **values)
                        where = f"{sheet.title}!{get_column_letter(cell.column)}{cell.row}"
                        if formula is not None:
                            uncomputed.append(f"{where}（={formula}）" if formula else where)
                            continue
                        shown, stored = _cell_value(cell.value, cell.number_format)
                        text = clean_cell(shown)
                        if not text:
                            continue
                        check_cell_text(text, where)
                        count += 1
                        check_cell_count(count, "工作簿")
                        if (
                            sheet_hidden
                            or row_hidden
                            or _column_hidden(parser.column_dimensions, cell.column)
                        ):
                            hidden.append(f"{where}“{text}”")
                            continue
                        if stored is not None:
                            rounded.append(RoundedNumber(where, text, stored))
                        cells.append(Cell(text, cell.column - 1, where))
                    if cells:
                        rows.append(SourceRow(tuple(cells)))
    finally:
        workbook.close()
    if uncomputed:
        raise JixiaoUserError(_uncomputed_message(path, uncomputed))
    return SourceDocument(
        path.as_posix(),
        tuple(rows),
        remarks=(*(_rounded_remark(r) for r in rounded), *_hidden_remarks(hidden)),
        rounded=tuple(rounded),
    )


def _sheet_parser(source: Any, workbook: Any) -> Any:
    """openpyxl's streaming sheet parser (what read-only worksheets use inside), called
    directly so that gaps are skipped rather than filled; openpyxl is pinned in constraints.txt.

    With `data_only` it gives a formula's cached result, and None when the file holds no
    result (a workbook written by a program and never opened in Excel): a value the form shows
    but the file does not hold, which is not a blank cell. Such a cell is marked `formula`.
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class FormulaAwareParser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            values: dict[str, Any] = super().parse_cell(element)
            formula = element.find(FORMULA_TAG)
            if values["value"] is None and formula is not None:
                values["formula"] = (formula.text or "").strip()[:80]
            return values

    return FormulaAwareParser(
        source,
        workbook.shared_strings,
        data_only=True,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )


_TRUE = ("1", "true")


def _is_hidden(row_dimensions: dict[str, dict[str, str]], parsed: list[dict[str, Any]]) -> bool:
    if not parsed:
        return False
    attributes = row_dimensions.get(str(parsed[0]["row"]), {})
    return attributes.get("hidden", "0").lower() in _TRUE


def _column_hidden(column_dimensions: dict[str, dict[str, str]], column: int) -> bool:
    """Whether a `<col min max hidden>` range of the sheet hides `column`."""
    for attributes in column_dimensions.values():
        if attributes.get("hidden", "0").lower() not in _TRUE:
            continue
        try:
            low, high = int(attributes["min"]), int(attributes.get("max", attributes["min"]))
        except (KeyError, ValueError):
            continue
        if low <= column <= high:
            return True
    return False


def _uncomputed_message(path: Path, cells: list[str]) -> str:
    shown = "、".join(cells[:8]) + (f" 等 {len(cells)} 格" if len(cells) > 8 else "")
    return (
        f"{path}：{shown} 是公式，但文件里没有保存公式的计算结果"
        "（由程序生成、没有在 Excel 中打开保存过的工作簿常常如此），"
        "读不出表上显示的数，当作空白又会丢掉这个数，所以没有导入这个文件。"
        "请用 Excel 或 WPS 打开这个文件、保存后再导入"
    )


def _rounded_remark(number: RoundedNumber) -> str:
    return (
        f"{number.where} 表上显示为 {number.shown}（单元格格式只显示到这一位），"
        f"单元格里存的数是 {number.stored}；按表上显示的 {number.shown} 导入，"
        "存的数记在这里，供核对"
    )


def _hidden_remarks(hidden: list[str]) -> tuple[str, ...]:
    """Hidden sheets, rows and columns are not part of the form the reader sees: their cells
    are not imported, and each is listed so that nothing is passed over silently."""
    if not hidden:
        return ()
    return (
        f"隐藏的工作表、行或列中有 {len(hidden)} 个非空单元格，表上看不到，没有导入："
        + "、".join(hidden[:50])
        + ("等" if len(hidden) > 50 else "")
        + "。如果它们属于公布的表，请取消隐藏后再导入",
    )


def _shown_number(value: int | float, number_format: str) -> tuple[str, Decimal, Decimal]:
    """(the text Excel shows, the number that text stands for, the number the cell holds to
    the 15 significant digits Excel keeps)."""
    # repr() is the shortest text that reads back as the same double: the digits typed. A
    # formula's double can carry binary noise (1.1 + 2.2 = 3.3000000000000003) that Excel, which
    # keeps 15 significant digits, never shows: a float is read to those 15 digits.
    amount = Decimal(repr(value)) if isinstance(value, int) else Decimal(f"{value:.15g}")
    places_match = re.search(r"\.(0+)", number_format)
    places = len(places_match.group(1)) if places_match else None
    # Excel rounds a half away from zero (0.125 shows as 0.13); Decimal's default is to the even.
    with localcontext() as context:
        context.rounding = ROUND_HALF_UP
        if "%" in number_format:  # 0.85 shown as 85% (or 85.00%): import what the reader sees
            shown = f"{amount * 100:.{places or 0}f}"
            return shown + "%", Decimal(shown) / 100, amount
        if places is not None:
            shown = f"{amount:,.{places}f}" if "," in number_format else f"{amount:.{places}f}"
            return shown, Decimal(shown.replace(",", "")), amount
        if re.search(r"(?<![.#0])[#0]", number_format) and "." not in number_format:
            shown = f"{amount:,.0f}" if "," in number_format else f"{amount:.0f}"  # `0`, `#,##0`
            return shown, Decimal(shown.replace(",", "")), amount
    whole = amount.to_integral_value()
    if amount == whole:
        # not quantize(): it raises beyond 28 digits, and a cell may hold 1e+308
        return f"{whole:f}", amount, amount
    return f"{amount:f}", amount, amount


def _cell_value(value: object, number_format: str = "General") -> tuple[str | None, str | None]:
    """(the cell as the form shows it: a number in its display format, a date as ISO; the
    number the cell holds when its display format shows a different one, 1234.5678 shown as
    1,234.57, else None)."""
    if value is None:
        return None, None
    if hasattr(value, "isoformat") and hasattr(value, "year"):
        return str(value.isoformat())[:10], None  # a date cell: the date, without a time of day
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None  # as Excel shows a logical value
    if not isinstance(value, int | float):
        return str(value), None  # text, and an error value as Excel shows it (#DIV/0!)
    text, shown, stored = _shown_number(value, number_format)
    if (isinstance(value, float) and not math.isfinite(value)) or shown == stored:
        return text, None
    held = f"{stored.normalize():f}" if stored != stored.to_integral_value() else f"{stored:f}"
    return text, held


def read_xls(path: Path) -> SourceDocument:
    """An Excel 97–2003 workbook (.xls), read as `read_xlsx` reads an .xlsx: every visible
    sheet row by row, numbers as their display format shows them, a merged range once at its
    top-left cell, hidden sheets, rows and columns reported and not placed.

    xlrd reads one sheet at a time (`on_demand`, each unloaded once read) and keeps each row
    only as long as its last cell (`ragged_rows`); its diagnostics go to a buffer, never to
    the user.
    """
    book, notes = _open_xls(path)
    try:
        return _read_xls_sheets(path, book, notes)
    finally:
        book.release_resources()


def _open_xls(path: Path) -> tuple[Any, tuple[str, ...]]:
    """The workbook, and a note on how its text was decoded when that is not Unicode: Excel
    5.0/95 files keep text in the codepage they state, 97–2003 files in UTF-16."""
    book = _xls_book(path, None)
    if book.biff_version >= 80:
        return book, ()
    if book.codepage is not None:
        name = _CODEPAGE_NAMES.get(book.encoding, book.encoding)
        return book, (f"编码：{name}（文件注明的代码页 {book.codepage}）",)
    # No CODEPAGE record: xlrd would read the text as Latin-1, and Chinese as mojibake.
    book.release_resources()
    return _xls_book(path, "gb18030"), (
        "编码：文件没有注明代码页（Excel 5.0/95 格式），按 GBK/GB18030 读取；"
        "如果文字是乱码，请用 Excel 或 WPS 打开，另存为 .xlsx 后再导入",
    )


_CODEPAGE_NAMES = {"cp936": "GBK", "cp950": "Big5", "cp1252": "西欧（Windows-1252）"}


def _xls_book(path: Path, encoding: str | None) -> Any:
    import io

    import xlrd

    with _xls_errors(path):
        return xlrd.open_workbook(
            str(path),
            logfile=io.StringIO(),  # xlrd writes its warnings in English to stdout by default
            formatting_info=True,  # number formats, hidden rows and columns, merged ranges
            ragged_rows=True,
            on_demand=True,
            encoding_override=encoding,
            # Files from some exporters chain one sector twice; Excel and WPS open them, and
            # what xlrd reads from them is bounded and checked like any other file's.
            ignore_workbook_corruption=True,
        )


@contextmanager
def _xls_errors(path: Path) -> Iterator[None]:
    """xlrd's refusals of a damaged, truncated or encrypted workbook, in words that say what
    to do. Parsing a hostile file can fail anywhere (a short record is a `struct.error`), so
    every failure but running out of memory or stack is the file's, not jixiao's."""
    import xlrd

    try:
        yield
    except (JixiaoUserError, MemoryError, RecursionError):
        raise
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc):
            raise JixiaoUserError(
                f"{path}：这个 .xls 工作簿设置了打开密码（已加密），无法读取；"
                "请用 Excel 或 WPS 输入密码打开，取消加密"
                "（Excel：“文件”→“信息”→“保护工作簿”→“用密码进行加密”，清空密码），"
                "另存为 .xlsx 后再导入"
            ) from None
        raise JixiaoUserError(_damaged_xls(path)) from None
    except Exception:
        raise JixiaoUserError(_damaged_xls(path)) from None


def _damaged_xls(path: Path) -> str:
    return (
        f"{path}：无法读取这个 .xls 工作簿，文件不完整或已损坏"
        "（常见于没有下载完的文件）；请重新下载或从原处再复制一份，"
        "用 Excel 或 WPS 能打开后，另存为 .xlsx 后再导入"
    )


def _read_xls_sheets(path: Path, book: Any, notes: tuple[str, ...]) -> SourceDocument:
    from xlrd.formula import colname

    rows: list[SourceRow] = []
    rounded: list[RoundedNumber] = []
    hidden: list[str] = []  # what the reader of the sheet does not see: reported, not placed
    covered: list[str] = []  # values under a merged range, which Excel does not show
    blank_formulas: list[str] = []  # formulas whose saved result is empty: perhaps never computed
    count = 0
    for index in range(book.nsheets):
        spy = _BlankFormulas(book)
        with _xls_errors(path), spy:
            sheet = book.sheet_by_index(index)
        sheet_hidden = sheet.visibility != 0  # 1 hidden, 2 "very hidden"
        check_merged_ranges(len(sheet.merged_cells), sheet.name)
        merged = _MergedRanges(sheet.merged_cells)
        hidden_columns = {c for c, info in sheet.colinfo_map.items() if info.hidden}
        for r in range(sheet.nrows):
            types = sheet.row_types(r)
            filled = [c for c, kind in enumerate(types) if kind not in _XLS_EMPTY]
            if not filled:
                continue
            merged.advance(r)
            info = sheet.rowinfo_map.get(r)
            row_hidden = bool(info.hidden if info is not None else sheet.default_row_hidden)
            values = sheet.row_values(r)
            cells = []
            for c in filled:
                where = f"{sheet.name}!{colname(c)}{r + 1}"
                shown, stored = _xls_value(book, types[c], values[c], sheet.cell_xf_index(r, c))
                text = clean_cell(shown)
                if not text:
                    if (r, c) in spy.cells:
                        blank_formulas.append(where)
                    continue
                check_cell_text(text, where)
                count += 1
                check_cell_count(count, "工作簿")
                if sheet_hidden or row_hidden or c in hidden_columns:
                    hidden.append(f"{where}“{text}”")
                elif merged.covers(r, c):
                    covered.append(f"{where}“{text}”")
                else:
                    if stored is not None:
                        rounded.append(RoundedNumber(where, text, stored))
                    cells.append(Cell(text, c, where))
            if cells:
                rows.append(SourceRow(tuple(cells)))
        book.unload_sheet(index)
    return SourceDocument(
        path.as_posix(),
        tuple(rows),
        notes,
        remarks=(
            *(_rounded_remark(r) for r in rounded),
            *_hidden_remarks(hidden),
            *_covered_remarks(covered),
            *_blank_formula_remarks(blank_formulas),
        ),
        rounded=tuple(rounded),
    )


_XLS_EMPTY = (0, 6)  # xlrd's XL_CELL_EMPTY and XL_CELL_BLANK (formatted, without a value)
XLS_COLUMNS = 256  # columns A to IV: all an Excel 97–2003 sheet has


def _xls_value(book: Any, kind: int, value: Any, xf_index: int) -> tuple[str | None, str | None]:
    """A cell as Excel shows it, by the same rules as an .xlsx cell (`_cell_value`): the
    number format comes from the cell's XF record."""
    import xlrd

    if kind == xlrd.XL_CELL_TEXT:
        return str(value), None
    if kind == xlrd.XL_CELL_BOOLEAN:
        return _cell_value(bool(value))
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#N/A"), None
    if kind == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate.xldate_as_datetime(value, book.datemode)
        except (OverflowError, ValueError):
            return _cell_value(value)  # no date Excel can show: the number, not a guess
        if 0 <= value < 1:
            return _cell_value(moment.time())  # a time of day, as openpyxl gives it for .xlsx
        return _cell_value(moment)
    number_format = "General"
    if 0 <= xf_index < len(book.xf_list):
        found = book.format_map.get(book.xf_list[xf_index].format_key)
        if found is not None:
            number_format = found.format_str
    return _cell_value(value, number_format)


class _MergedRanges:
    """Whether a cell lies under a merged range but not at its top-left corner, asked row by
    row from the top. No range is spelled out cell by cell (one may cover the whole sheet):
    each column counts the ranges across the current row that cover it, updated as a range
    begins and ends, so a question costs the same however many ranges overlap."""

    def __init__(self, ranges: list[tuple[int, int, int, int]]) -> None:
        # (first row, row after the last, first column, column after the last), as xlrd gives
        # them; a sheet has at most XLS_COLUMNS columns, whatever a damaged record says.
        self.waiting = sorted(
            (
                (low_row, high_row, low_column, min(high_column, XLS_COLUMNS))
                for low_row, high_row, low_column, high_column in ranges
                if high_row - low_row > 1 or high_column - low_column > 1
            ),
            reverse=True,
        )
        self.ending: list[tuple[int, int, int, int]] = []  # a heap, by the row after the last
        self.depth = [0] * XLS_COLUMNS
        self.corners: dict[tuple[int, int], int] = {}

    def advance(self, row: int) -> None:
        """Moves to `row`, which is below every row asked before."""
        while self.ending and self.ending[0][0] <= row:
            high_row, low_row, low_column, high_column = heapq.heappop(self.ending)
            self._count(low_row, low_column, high_column, -1)
        while self.waiting and self.waiting[-1][0] <= row:
            low_row, high_row, low_column, high_column = self.waiting.pop()
            if high_row > row:
                heapq.heappush(self.ending, (high_row, low_row, low_column, high_column))
                self._count(low_row, low_column, high_column, 1)

    def _count(self, low_row: int, low_column: int, high_column: int, step: int) -> None:
        for column in range(low_column, high_column):
            self.depth[column] += step
        corner = (low_row, low_column)
        self.corners[corner] = self.corners.get(corner, 0) + step

    def covers(self, row: int, column: int) -> bool:
        """Whether a range across `row` covers `column` other than at its own corner."""
        if column >= XLS_COLUMNS:
            return False
        return self.depth[column] > self.corners.get((row, column), 0)


class _BlankFormulas:
    """While xlrd reads a sheet, the cells whose formula saved an empty text as its result.

    An .xls keeps a result beside every formula, but a program that writes formulas without
    computing them (xlwt, for one) saves an empty text: Excel computes it on opening and shows
    a number, xlrd reads a blank. A formula that computes "" saves the same, so such cells are
    listed for checking, not refused. xlrd reads a sheet's records through the book's
    `get_record_parts`, looked up once per sheet: that is where they are seen.
    """

    _FORMULA = (0x0006, 0x0206, 0x0406)  # BIFF5–8, BIFF3, BIFF4
    _EMPTY_TEXT = 3  # the result's first byte when its last two are FF FF

    def __init__(self, book: Any) -> None:
        self.book = book
        self.cells: set[tuple[int, int]] = set()

    def __enter__(self) -> None:
        if self.book.biff_version >= 30:  # BIFF2 lays the record out otherwise
            read = self.book.get_record_parts

            def spy() -> tuple[int, int, bytes]:
                code, length, data = read()
                if (
                    code in self._FORMULA
                    and len(data) >= 14
                    and data[6] == self._EMPTY_TEXT
                    and data[12:14] == b"\xff\xff"
                ):
                    self.cells.add((data[0] | data[1] << 8, data[2] | data[3] << 8))
                return code, length, data

            self.book.get_record_parts = spy

    def __exit__(self, *exc: object) -> None:
        self.book.__dict__.pop("get_record_parts", None)


def _blank_formula_remarks(cells: list[str]) -> tuple[str, ...]:
    if not cells:
        return ()
    return (
        f"{len(cells)} 个公式格在文件里保存的计算结果是空的，按空白导入："
        + "、".join(cells[:50])
        + ("等" if len(cells) > 50 else "")
        + "。如果表上这些格显示着数或文字，说明文件由程序生成、保存时没有计算公式，"
        "请用 Excel 或 WPS 打开、保存后再导入",
    )


def _covered_remarks(covered: list[str]) -> tuple[str, ...]:
    """Values a program wrote into the covered cells of a merged range: Excel shows only the
    top-left cell's, so these are not on the form; each is listed, not dropped silently."""
    if not covered:
        return ()
    return (
        f"合并单元格覆盖的位置上另有 {len(covered)} 个非空单元格，表上只显示合并区域左上角的值，"
        "它们看不到，没有导入："
        + "、".join(covered[:50])
        + ("等" if len(covered) > 50 else "")
        + "。如果它们属于公布的表，请在 Excel 或 WPS 中取消合并后核对",
    )


def read_docx(path: Path) -> SourceDocument:
    """Paragraphs and table rows in document order; a merged cell counts once per row.

    What Word shows is read wherever it stands: tables inside table cells, paragraphs and
    tables in text boxes and content controls, tracked insertions. python-docx's `.text` reads
    none of these, and a value in a table inside a cell was dropped without a word.
    """
    from docx import Document

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
    reader = _WordReader(document)
    reader.blocks(body, _paragraph_numbers(""), rows)
    return SourceDocument(path.as_posix(), tuple(rows), remarks=_hidden_text_remarks(reader.hidden))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH, _TABLE, _TEXT_BOX = f"{_W}p", f"{_W}tbl", f"{_W}txbxContent"
# What a run shows: its text, a tab or a non-breaking hyphen, and line breaks.
_RUN_TEXT = {f"{_W}t": None, f"{_W}tab": " ", f"{_W}ptab": " ", f"{_W}noBreakHyphen": "-"}
_LINE_BREAKS = {f"{_W}br", f"{_W}cr"}
# Text Word does not show in the paragraph: deleted and moved-away revisions, the fallback
# copy of a text box (its shape is written twice), and a text box's own text (read apart).
_NOT_SHOWN = {
    f"{_W}del",
    f"{_W}moveFrom",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
    _TEXT_BOX,
}


def _content_of(element: Any) -> Any:
    """The element whose children are the paragraphs and tables of a content control or a
    custom XML block, or None for any other element."""
    if element.tag == f"{_W}sdt":
        return element.find(f"{_W}sdtContent")
    if element.tag == f"{_W}customXml":
        return element
    return None


def _shown_in(element: Any, top: Any) -> bool:
    """Whether `element`, inside `top`, is shown as part of `top`'s own text."""
    for ancestor in element.iterancestors():
        if ancestor is top:
            return True
        if ancestor.tag in _NOT_SHOWN:
            return False
    return True


def _paragraph_text(paragraph: Any, vanish: _Vanish) -> tuple[str, str]:
    """(what a paragraph shows, the text in it that is formatted hidden): tracked insertions,
    hyperlinks, fields' results and inline content controls included (python-docx's `.text`
    reads only its direct runs); deletions, which Word shows only as marked changes, not."""
    shown: list[str] = []
    hidden: list[str] = []
    for element in paragraph.iter(*_RUN_TEXT, *_LINE_BREAKS):
        if not _shown_in(element, paragraph):
            continue
        parts = hidden if vanish.hides(element, paragraph) else shown
        if element.tag in _LINE_BREAKS:
            if element.get(f"{_W}type") in (None, "textWrapping"):  # not a page break
                parts.append("\n")
        else:
            parts.append(_RUN_TEXT[element.tag] or element.text or "")
    return "".join(shown), "".join(hidden)


_RUN, _RUN_PROPERTIES, _VANISH = f"{_W}r", f"{_W}rPr", f"{_W}vanish"
_FALSE = ("0", "false", "off")


def _vanish_of(properties: Any) -> bool | None:
    """A run-properties element's `w:vanish`: True, False (`w:val="0"`), or None when unset."""
    if properties is None:
        return None
    vanish = properties.find(_VANISH)
    if vanish is None:
        return None
    return (vanish.get(f"{_W}val") or "true").lower() not in _FALSE


class _Vanish:
    """Which runs Word hides (Font → Hidden, `w:vanish`): text neither shown nor printed. The
    property is looked up where Word looks: on the run, in its character style, in its
    paragraph's style (each style through the ones it is based on), in the document defaults."""

    def __init__(self, document: Any) -> None:
        self.based_on: dict[str, str | None] = {}
        self.own: dict[str, bool | None] = {}
        self.default_paragraph_style: str | None = None
        styles = document.styles.element
        for style in styles.iterchildren(f"{_W}style"):
            name = style.get(f"{_W}styleId")
            if name is None:
                continue
            based = style.find(f"{_W}basedOn")
            self.based_on[name] = based.get(f"{_W}val") if based is not None else None
            self.own[name] = _vanish_of(style.find(_RUN_PROPERTIES))
            if style.get(f"{_W}type") == "paragraph" and (
                style.get(f"{_W}default") or ""
            ).lower() in ("1", "true", "on"):
                self.default_paragraph_style = name
        self.default = bool(_vanish_of(styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")))
        self.resolved: dict[str | None, bool | None] = {None: None}

    def style(self, name: str | None) -> bool | None:
        """The style's `w:vanish`, or the nearest one of the styles it is based on."""
        if name not in self.resolved:
            chain: list[str] = []
            found: bool | None = None
            current: str | None = name
            while current is not None and current not in chain:  # a cycle ends the walk
                if current in self.resolved:
                    found = self.resolved[current]
                    break
                chain.append(current)
                if (found := self.own.get(current)) is not None:
                    break
                current = self.based_on.get(current)
            for walked in chain:
                self.resolved[walked] = found
        return self.resolved[name]

    def hides(self, element: Any, paragraph: Any) -> bool:
        """Whether the run holding `element`, in `paragraph`, is formatted hidden."""
        run = element.getparent()
        while run is not None and run.tag != _RUN and run is not paragraph:
            run = run.getparent()
        properties = run.find(_RUN_PROPERTIES) if run is not None and run.tag == _RUN else None
        for found in (
            _vanish_of(properties),
            self.style(_value(properties, "rStyle")),
            self.style(
                _value(paragraph.find(f"{_W}pPr"), "pStyle") or self.default_paragraph_style
            ),
        ):
            if found is not None:
                return found
        return self.default


def _value(properties: Any, name: str) -> str | None:
    """The `w:val` of the child `name` of a properties element (`w:rStyle`, `w:pStyle`)."""
    if properties is None:
        return None
    child = properties.find(f"{_W}{name}")
    return child.get(f"{_W}val") if child is not None else None


def _hidden_text_remarks(hidden: list[str]) -> tuple[str, ...]:
    """Text formatted hidden is not on the form a reader sees or prints: not imported, and
    listed so that nothing is passed over silently (as hidden rows of a sheet are)."""
    if not hidden:
        return ()
    return (
        f"文档中有 {len(hidden)} 处隐藏文字（字体设为“隐藏”，在 Word 中查看和打印时都看不到），"
        "没有导入："
        + "、".join(hidden[:50])
        + ("等" if len(hidden) > 50 else "")
        + "。如果它们属于公布的表，请在 Word 中选中这些文字，取消“字体”里的“隐藏”后再导入",
    )


def _text_boxes(element: Any) -> list[Any]:
    """The text boxes anchored in `element`, outermost first, without their fallback copies."""
    return [
        box for box in element.iter(_TEXT_BOX) if box is not element and _shown_in(box, element)
    ]


def _cell_blocks(tc: Any, tag: str) -> list[Any]:
    """A cell's own paragraphs or tables (`tag`), inside content controls too."""
    found = []
    for child in tc.iterchildren():
        if child.tag == tag:
            found.append(child)
        elif (content := _content_of(child)) is not None:
            found.extend(_cell_blocks(content, tag))
    return found


def _paragraph_numbers(prefix: str) -> Callable[[], str]:
    """Names the paragraphs of the body (第 1 段, …) or of one text box (文本框 2 第 1 段, …)."""
    numbers = itertools.count(1)
    return lambda: f"{prefix}第 {next(numbers)} 段"


class _WordReader:
    """The rows of a Word document in reading order, each cell with a place a person finds."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.tables = 0
        self.boxes = 0
        self.vanish = _Vanish(document)
        self.hidden: list[str] = []  # text formatted hidden, with where it stands: reported

    def texts(self, paragraphs: list[Any], where: str) -> str:
        """What the paragraphs show, one line each; their hidden text is noted for the report."""
        pairs = [_paragraph_text(p, self.vanish) for p in paragraphs]
        concealed = clean_cell("\n".join(hidden for _, hidden in pairs if hidden))
        if concealed:
            check_cell_text(concealed, where)
            self.hidden.append(f"{where}“{concealed}”")
        text = clean_cell("\n".join(shown for shown, _ in pairs))
        check_cell_text(text, where)
        return text

    def blocks(self, container: Any, label: Callable[[], str], into: list[SourceRow]) -> None:
        """The paragraphs and tables of the body, a text box or a content control, in order;
        `label()` names the next paragraph."""
        for child in container.iterchildren():
            if child.tag == _PARAGRAPH:
                self.paragraph(child, label(), into)
            elif child.tag == _TABLE:
                self.tables += 1
                into.extend(self.table_rows(child, self.tables, f"表格 {self.tables} ", 0))
            elif (content := _content_of(child)) is not None:
                self.blocks(content, label, into)

    def paragraph(self, element: Any, where: str, into: list[SourceRow]) -> None:
        text = self.texts([element], where)
        if text:
            into.append(SourceRow((Cell(text, 0, where),)))
        self.text_boxes(element, into)

    def text_boxes(self, element: Any, into: list[SourceRow]) -> None:
        """The text boxes anchored in `element`, after it, each numbered in the document."""
        for box in _text_boxes(element):
            self.boxes += 1
            self.blocks(box, _paragraph_numbers(f"文本框 {self.boxes} "), into)

    def table_rows(self, element: Any, number: int, name: str, offset: int) -> list[SourceRow]:
        """A table's rows, its columns shifted by `offset`: a table inside a cell stands where
        that cell does, gives its first row to the cell's row (as the page shows it) and its
        further rows as rows of their own, before the outer table's next row."""
        from docx.table import Table

        table = Table(element, self.document)
        rows: list[SourceRow] = []
        seen: set[object] = set()  # the elements themselves: keeps their proxies alive
        for row_index, row in enumerate(table.rows, start=1):
            cells: list[Cell] = []
            after: list[SourceRow] = []
            for column, cell in _row_cells(row, table):
                # python-docx repeats a merged cell in every grid position it covers,
                # across columns and down rows: read each underlying cell once.
                if cell._tc in seen:
                    continue
                seen.add(cell._tc)
                where = f"{name}第 {row_index} 行第 {column + 1} 列"
                paragraphs = _cell_blocks(cell._tc, _PARAGRAPH)
                text = self.texts(paragraphs, where)
                if text:
                    cells.append(Cell(text, offset + column, where))
                for index, inner in enumerate(_cell_blocks(cell._tc, _TABLE), start=1):
                    inner_name = f"{where}中的表格" + (f" {index} " if index > 1 else "")
                    inner_rows = self.table_rows(inner, number, inner_name, offset + column)
                    if index == 1 and inner_rows:
                        cells.extend(inner_rows.pop(0).cells)
                    after.extend(inner_rows)
                for paragraph in paragraphs:
                    self.text_boxes(paragraph, after)
            if cells:
                rows.append(SourceRow(tuple(cells), number))
            rows.extend(after)
        return rows


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
    ".xls": read_xls,
    ".docx": read_docx,
    ".pdf": read_pdf,
}


def read_source(path: Path) -> SourceDocument:
    """Any supported file as rows of cells, after its size is checked and, where possible,
    in a limited child process (what the file really is is told there too: that opens the ZIP
    directory or reads the whole OLE file): the recogniser never sees where the rows came from."""
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        # the current formats first, then the old one jixiao also reads
        supported = "、".join(sorted(READERS, key=lambda name: (name in _OLD_FORMATS, name)))
        advice = (
            "。旧版 Word 文档请用 Word 或 WPS 打开，“另存为” .docx 后再导入"
            if suffix == ".doc"
            else ""
        )
        raise JixiaoUserError(
            f"{path}：不支持的文件类型 {path.suffix or '（无扩展名）'}；支持 {supported}{advice}"
        )
    if not path.is_file():
        raise JixiaoUserError(f"{path}：文件不存在")
    check_file_size(path)
    return read_isolated(functools.partial(_read_as_named, reader), path)


def _read_as_named(reader: Callable[[Path], SourceDocument], path: Path) -> SourceDocument:
    """`reader(path)`, once the file's content is known to be what its extension says."""
    _refuse_other_kind(path)
    return reader(path)


_OLD_FORMATS = frozenset({".xls"})
# What a file is, whatever its name says: its first bytes, and for a ZIP the parts it holds.
_OLE2 = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97–2003 (.xls, .doc), and encrypted .xlsx/.docx
)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OTHER_ZIP = ".zip"  # a whole ZIP archive holding neither a workbook nor a Word document
_ENCRYPTED = "encrypted"  # an .xlsx or .docx with a password to open: an OLE file, not a ZIP
_KIND_NAMES = {
    ".xlsx": "一份 Excel 工作簿（.xlsx）",
    ".docx": "一份 Word 文档（.docx）",
    ".pdf": "一份 PDF 文件（.pdf）",
    ".xls": "一份旧版 Excel 工作簿（.xls）",
    ".doc": "一份旧版 Word 文档（.doc）",
}


def _real_kind(path: Path, head: bytes) -> str | None:
    """The extension the file's content says it has (.xlsx, .docx, .pdf, .xls, .doc,
    `_OTHER_ZIP` for an archive of other parts, `_ENCRYPTED` for a password-protected
    .xlsx or .docx), or None when its first bytes name no kind jixiao knows (a text file, a
    web page, an unknown one) or the archive is damaged."""
    if head.startswith(b"%PDF"):
        return ".pdf"
    if head.startswith(_ZIP):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None  # a damaged archive: its reader says so
        if any(name.startswith("word/") for name in names):
            return ".docx"
        if any(name.startswith("xl/") for name in names):
            return ".xlsx"
        return _OTHER_ZIP
    if head.startswith(_OLE2):
        # The compound file names its streams in UTF-16: Workbook (or Book), WordDocument, or
        # EncryptedPackage for an Office 2007+ file encrypted with a password.
        raw = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in raw:
            return _ENCRYPTED
        if "WordDocument".encode("utf-16-le") in raw:
            return ".doc"
        return ".xls"
    return None


def _refuse_other_kind(path: Path) -> None:
    """Refuses, in words that say what to do, a file whose content is not what its extension
    says (an .xls or a Word document renamed .xlsx, a web page or a text saved as .xls, a ZIP
    archive of other files), an empty file and a truncated archive: their readers would fail
    with a library's English message, or read a web page's markup as cells."""
    suffix = path.suffix.lower()
    with path.open("rb") as stream:
        head = stream.read(8)
    if not head:
        raise JixiaoUserError(
            f"{path}：文件是空的（0 字节），没有内容可导入；请确认文件是否下载或复制完整，"
            "重新取得原文件后再导入"
        )
    if suffix in (".txt", ".text"):
        return  # a text file has no signature; a binary one is refused by its decoding
    kind = _real_kind(path, head)
    if kind == _ENCRYPTED:
        program = "Excel" if suffix in (".xlsx", ".xls") else "Word"
        raise JixiaoUserError(
            f"{path}：这个文件设置了打开密码（已加密），无法读取；请用 {program} 或 WPS "
            "输入密码打开，取消加密（“文件”→“信息”→“用密码进行加密”，清空密码），"
            "保存后再导入"
        )
    if kind == _OTHER_ZIP:
        if suffix not in (".xlsx", ".docx", ".xls"):
            return
        raise JixiaoUserError(
            f"{path}：这个文件是一个 ZIP 压缩包，但不是{_KIND_NAMES[suffix]}"
            "（里面没有 Office 文件应有的部件）；如果申报表在压缩包里，请先解压，"
            "取出其中的文件后再导入；如果它是其他程序的格式（如 .ods、.odt），"
            f"请用能打开它的程序另存为 {'.xlsx' if suffix == '.xls' else suffix} 后再导入"
        )
    if kind is None:
        _refuse_web_page(path, suffix)
        if suffix == ".xls":
            _refuse_text_as_xls(path)
            return  # perhaps a BIFF stream without its OLE wrapper: xlrd reads those
        if head.startswith(_ZIP) and suffix in (".xlsx", ".docx"):
            raise JixiaoUserError(
                f"{path}：文件不完整或已损坏（压缩包的目录缺失，常见于没有下载完的文件）；"
                "请重新下载或从原处再复制一份，用 Excel、WPS 或 Word 能打开后再导入"
            )
        if suffix in (".xlsx", ".docx") and not head.startswith(_ZIP):
            raise JixiaoUserError(
                f"{path}：文件内容不是{_KIND_NAMES[suffix]}（文件开头不是这种格式应有的样子），"
                f"可能已损坏或扩展名不对；请用能打开它的程序打开，另存为 {suffix} 后再导入"
            )
        return
    if kind == suffix:
        return
    if kind in READERS:
        raise JixiaoUserError(
            f"{path}：这个文件实际是{_KIND_NAMES[kind]}，扩展名却是 {path.suffix}；"
            f"请把扩展名改为 {kind} 后再导入"
        )
    raise JixiaoUserError(
        f"{path}：这个文件实际是{_KIND_NAMES[kind]}，扩展名却是 {path.suffix}，"
        "jixiao 不能直接读取这种旧格式；请用 Word 或 WPS 打开，“另存为” .docx 后再导入"
    )


# What an office file downloaded from a web system often really is: a page of markup.
_MARKUP_HEAD = 4096
_HTML_TAGS = (b"<html", b"<!doctype html", b"<table", b"<head", b"<body", b"<meta", b"<style")
_XML_SPREADSHEET = (b"urn:schemas-microsoft-com:office:spreadsheet", b'progid="excel.sheet"')


def _refuse_web_page(path: Path, suffix: str) -> None:
    """Refuses a web page (HTML, a single-file MHT page) or an Excel 2003 XML spreadsheet
    named .xls, .xlsx, .docx or .pdf: web systems export a `<table>` page under an .xls name,
    and Excel and WPS open it, but its markup is not cells jixiao can read faithfully."""
    with path.open("rb") as stream:
        head = stream.read(_MARKUP_HEAD).lower()
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        head = head.removeprefix(bom)
    head = head.replace(b"\0", b"")  # a UTF-16 page: its ASCII tags, byte by byte
    start = head.lstrip()
    what = None
    if start.startswith(b"<") and any(tag in head for tag in _XML_SPREADSHEET):
        what = "一份 XML 电子表格（Excel 2003 XML 格式）"
    elif start.startswith(b"<") and any(tag in head for tag in _HTML_TAGS):
        what = "一个网页（HTML 表格）"
    elif start.startswith(b"mime-version:") or b"multipart/related" in head:
        what = "一个单个文件网页（.mht / .mhtml）"
    if what is None:
        return
    if suffix == ".pdf":
        todo = (
            "常见于下载链接给出的是网页而不是文件本身；请在浏览器中打开原链接，"
            "下载真正的 PDF 后再导入"
        )
    elif suffix == ".docx":
        todo = "请用 Word 或 WPS 打开它，“另存为” Word 文档（.docx）后再导入"
    else:
        todo = (
            "网上办事和预算系统常把网页表格存成 .xls 供下载，Excel 和 WPS 能打开，"
            "但它不是 Excel 工作簿，jixiao 不读网页；请用 Excel 或 WPS 打开它，"
            "“另存为” Excel 工作簿（.xlsx）后再导入"
        )
    raise JixiaoUserError(f"{path}：这个文件实际是{what}，扩展名却是 {path.suffix}；{todo}")


def _refuse_text_as_xls(path: Path) -> None:
    """Refuses a text export (tab-separated, CSV, plain) named .xls: a tab-separated one is
    what `read_text` reads, under its own name."""
    raw = path.read_bytes()
    if b"\0" in raw[:_MARKUP_HEAD]:
        return  # binary: not a text
    try:
        text, encoding = decode_text(raw)
    except JixiaoUserError:
        return
    if "\t" in text:
        raise JixiaoUserError(
            f"{path}：这个文件实际是制表符分隔的文本（{encoding}），不是 Excel 工作簿，"
            "扩展名却是 .xls；请把扩展名改为 .txt 后再导入（jixiao 按单元格读取这种文本），"
            "或用 Excel 或 WPS 打开，“另存为” .xlsx 后再导入"
        )
    what = "逗号分隔的文本（CSV）" if "," in text or "，" in text else "纯文本"
    raise JixiaoUserError(
        f"{path}：这个文件实际是{what}（{encoding}），不是 Excel 工作簿，扩展名却是 .xls；"
        "请用 Excel 或 WPS 打开，“另存为” Excel 工作簿（.xlsx）后再导入"
    )
