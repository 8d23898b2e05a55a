"""Excel 97–2003 workbooks (.xls), read with xlrd as `xlsx` reads an .xlsx."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.core.diagnostics import JixiaoUserError
from generator.importers.grid import (
    Cell,
    RoundedNumber,
    SourceDocument,
    SourceRow,
    as_positioned,
    clean_cell,
    listed_remark,
)
from generator.importers.limits import check_cell_count, check_cell_text, check_merged_ranges
from generator.importers.sheet_cells import (
    MergedRanges,
    cell_value,
    covered_remarks,
    hidden_remarks,
    rounded_remark,
    text_instead_remarks,
)


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
    shown_instead: list[tuple[str, str, str]] = []  # numbers the sheet shows as text only
    blank_formulas: list[str] = []  # formulas whose saved result is empty: perhaps never computed
    count = 0
    for index in range(book.nsheets):
        spy = _BlankFormulas(book)
        with _xls_errors(path), spy:
            sheet = book.sheet_by_index(index)
        sheet_hidden = sheet.visibility != 0  # 1 hidden, 2 "very hidden"
        check_merged_ranges(len(sheet.merged_cells), sheet.name)
        merged = MergedRanges(sheet.merged_cells, XLS_COLUMNS)
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
                shown, stored, instead = _xls_value(
                    book, types[c], values[c], sheet.cell_xf_index(r, c)
                )
                if types[c] == _XLS_TEXT and (runs := sheet.rich_text_runlist_map.get((r, c))):
                    shown = _positioned_runs(book, str(values[c]), runs)
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
                    if instead is not None:
                        shown_instead.append((where, instead, text))
                    cells.append(Cell(text, c, where))
            if cells:
                rows.append(SourceRow(tuple(cells)))
        book.unload_sheet(index)
    return SourceDocument(
        path.as_posix(),
        tuple(rows),
        notes,
        remarks=(
            *(rounded_remark(r) for r in rounded),
            *text_instead_remarks(shown_instead),
            *hidden_remarks(hidden),
            *covered_remarks(covered),
            *_blank_formula_remarks(blank_formulas),
        ),
        rounded=tuple(rounded),
    )


_XLS_TEXT = 1  # xlrd's XL_CELL_TEXT
_XLS_EMPTY = (0, 6)  # xlrd's XL_CELL_EMPTY and XL_CELL_BLANK (formatted, without a value)
XLS_COLUMNS = 256  # columns A to IV: all an Excel 97–2003 sheet has


def _xls_value(
    book: Any, kind: int, value: Any, xf_index: int
) -> tuple[str | None, str | None, str | None]:
    """A cell as Excel shows it, by the same rules as an .xlsx cell (`cell_value`): the
    number format comes from the cell's XF record."""
    import xlrd

    if kind == xlrd.XL_CELL_TEXT:
        return str(value), None, None
    if kind == xlrd.XL_CELL_BOOLEAN:
        return cell_value(bool(value))
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#N/A"), None, None
    if kind == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate.xldate_as_datetime(value, book.datemode)
        except (OverflowError, ValueError):
            return cell_value(value)  # no date Excel can show: the number, not a guess
        if 0 <= value < 1:
            return cell_value(moment.time())  # a time of day, as openpyxl gives it for .xlsx
        return cell_value(moment)
    number_format = "General"
    if 0 <= xf_index < len(book.xf_list):
        found = book.format_map.get(book.xf_list[xf_index].format_key)
        if found is not None:
            number_format = found.format_str
    return cell_value(value, number_format)


def _positioned_runs(book: Any, text: str, runs: list[tuple[int, int]]) -> str:
    """A text cell of runs ((first character, font index) each), its raised and lowered runs as
    they look (`grid.as_positioned`): the font's escapement is 1 for superscript, 2 for
    subscript."""
    positions = {1: "superscript", 2: "subscript"}
    pieces = []
    starts = [start for start, _ in runs]
    for (start, font), end in zip(runs, [*starts[1:], len(text)], strict=True):
        escapement = book.font_list[font].escapement if 0 <= font < len(book.font_list) else 0
        pieces.append(as_positioned(text[start:end], positions.get(escapement)))
    return text[: starts[0]] + "".join(pieces) if starts else text


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
    return listed_remark(
        f"{len(cells)} 个公式格在文件里保存的计算结果是空的，按空白导入",
        cells,
        "如果表上这些格显示着数或文字，说明文件由程序生成、保存时没有计算公式，"
        "请用 Excel 或 WPS 打开、保存后再导入",
    )
