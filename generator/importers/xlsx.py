"""Excel workbooks (.xlsx), read with openpyxl as Excel shows them."""

from __future__ import annotations

from dataclasses import dataclass, field
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
)
from generator.importers.limits import (
    check_cell_count,
    check_cell_text,
    check_merged_ranges,
    check_zip,
    xml_errors,
)
from generator.importers.sheet_cells import (
    MergedRanges,
    cell_value,
    covered_remarks,
    hidden_remarks,
    rounded_remark,
    text_instead_remarks,
)


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

    # rich_text: a text's runs with their fonts, so that a raised 2 reads as ² (m²)
    workbook = load_workbook(path, read_only=True, data_only=True, rich_text=True)
    workbook._date_formats = set(workbook._date_formats) | {
        index
        for index, style in enumerate(workbook._cell_styles)
        if style.numFmtId in EAST_ASIAN_DATE_FORMATS
    }
    read = _Read()
    try:
        for sheet in workbook.worksheets:
            with sheet._get_source() as source:
                parser = _sheet_parser(source, sheet, workbook)
                filled = _filled_rows(sheet, parser, read)
                # <mergeCells> follows the rows in the sheet's XML: known once they are read
                ranges = _merged_ranges(parser.merged_cells)
            check_merged_ranges(len(ranges), sheet.title)
            merged = MergedRanges(ranges, MAX_COLUMNS)
            for row, cells in filled:
                merged.advance(row)
                placed = []
                for cell, rounded, instead in cells:
                    if merged.covers(row, cell.column):
                        read.covered.append(f"{cell.where}“{cell.text}”")
                        continue
                    if rounded is not None:
                        read.rounded.append(rounded)
                    if instead is not None:
                        read.instead.append(instead)
                    placed.append(cell)
                if placed:
                    read.rows.append(SourceRow(tuple(placed)))
    finally:
        workbook.close()
    if read.uncomputed:
        raise JixiaoUserError(_uncomputed_message(path, read.uncomputed))
    return SourceDocument(
        path.as_posix(),
        tuple(read.rows),
        remarks=(
            *(rounded_remark(r) for r in read.rounded),
            *text_instead_remarks(read.instead),
            *hidden_remarks(read.hidden),
            *covered_remarks(read.covered),
        ),
        rounded=tuple(read.rounded),
    )


MAX_COLUMNS = 16_384  # columns A to XFD: all an .xlsx sheet has
# Excel's built-in formats 27–36 and 50–58 are the East Asian dates and times (in Chinese:
# 31 is yyyy"年"m"月"d"日", 57 yyyy"年"m"月", 58 m"月"d"日", 32 h"时"mm"分"). A workbook stores
# only their number, and openpyxl, which knows the American built-ins, took them for numbers:
# 2024年3月5日 was read as the day number 45356. xlrd knows them for .xls.
EAST_ASIAN_DATE_FORMATS = frozenset((*range(27, 37), *range(50, 59)))

_Filled = tuple[Cell, RoundedNumber | None, tuple[str, str, str] | None]


@dataclass
class _Read:
    """What the sheets of one workbook gave, as they are read."""

    rows: list[SourceRow] = field(default_factory=list)
    rounded: list[RoundedNumber] = field(default_factory=list)
    instead: list[tuple[str, str, str]] = field(default_factory=list)  # numbers shown as text
    hidden: list[str] = field(default_factory=list)  # not seen on the sheet: reported, not placed
    covered: list[str] = field(default_factory=list)  # under a merged range: Excel hides them
    uncomputed: list[str] = field(default_factory=list)  # formulas without a saved result
    count: int = 0


def _filled_rows(sheet: Any, parser: Any, read: _Read) -> list[tuple[int, list[_Filled]]]:
    """(0-based row, its visible non-empty cells) for each row of the sheet's XML; hidden
    cells and formulas without a result are noted in `read`."""
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.cell.rich_text import CellRichText
    from openpyxl.utils import get_column_letter

    sheet_hidden = sheet.sheet_state != "visible"
    filled = []
    for _, parsed in parser.parse():
        cells: list[_Filled] = []
        row_hidden = _is_hidden(parser.row_dimensions, parsed)
        for values in parsed:
            formula = values.pop("formula", None)
            cell = ReadOnlyCell(sheet, **values)
            row = cell.row - 1
            where = f"{sheet.title}!{get_column_letter(cell.column)}{cell.row}"
            if formula is not None:
                read.uncomputed.append(f"{where}（={formula}）" if formula else where)
                continue
            value = cell.value
            if isinstance(value, CellRichText):
                value = _plain(value)
            shown, stored, instead = cell_value(value, cell.number_format)
            text = clean_cell(shown)
            if not text:
                continue
            check_cell_text(text, where)
            read.count += 1
            check_cell_count(read.count, "工作簿")
            if sheet_hidden or row_hidden or _column_hidden(parser.column_dimensions, cell.column):
                read.hidden.append(f"{where}“{text}”")
                continue
            rounded = RoundedNumber(where, text, stored) if stored is not None else None
            cells.append(
                (
                    Cell(text, cell.column - 1, where),
                    rounded,
                    (where, instead, text) if instead is not None else None,
                )
            )
        if cells:
            filled.append((row, cells))
    return filled


def _plain(value: Any) -> str:
    """A text of runs (openpyxl's CellRichText) as one text, its raised and lowered runs as
    they look (`grid.as_positioned`)."""
    return "".join(
        part if isinstance(part, str) else as_positioned(part.text, part.font.vertAlign)
        for part in value
    )


def _merged_ranges(merge_cells: Any) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges as MergedRanges takes them: (first row, row after the last,
    first column, column after the last), 0-based."""
    from openpyxl.utils import range_boundaries

    ranges = []
    for merged in getattr(merge_cells, "mergeCell", None) or ():
        try:
            low_column, low_row, high_column, high_row = range_boundaries(merged.ref)
        except (TypeError, ValueError):
            continue  # a damaged reference: Excel would not open the file either
        if None in (low_column, low_row, high_column, high_row):
            continue
        ranges.append((low_row - 1, high_row, low_column - 1, high_column))
    return ranges


def _sheet_parser(source: Any, sheet: Any, workbook: Any) -> Any:
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
        # the reader's table of the file's shared strings, which every sheet Excel and WPS
        # save refers to (`workbook.shared_strings` is a new workbook's own, always empty)
        sheet._shared_strings,
        data_only=True,
        rich_text=True,
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
