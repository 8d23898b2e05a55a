"""Builders of Excel 97–2003 (.xls) files for the import tests, with xlwt.

The same grids the other tests write as .xlsx are written as .xls (`write_xls`), or an .xlsx a
test made is copied cell by cell into an .xls (`xls_from_xlsx`: values, number formats, merged
ranges, hidden sheets, rows and columns), so that the two imports can be compared byte for byte.
What xlwt cannot write is assembled from BIFF records: an Excel 5.0/95 workbook whose text is in
a codepage (`biff5_workbook`), and a workbook with a password to open (`encrypted_xls`).
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.support.import_fixtures import Grid


def _styles() -> Any:
    """An `easyxf` per number format: xlwt keeps at most 4,094 styles in a workbook."""
    import xlwt

    cache: dict[str, Any] = {}

    def style(number_format: str | None) -> Any:
        key = number_format or "General"
        if key not in cache:
            cache[key] = xlwt.easyxf(num_format_str=key)
        return cache[key]

    return style


def write_xls(path: Path, sheets: dict[str, Sequence[Grid]], *, gap: int = 2) -> None:
    """As `import_fixtures.write_xlsx`: one sheet per key, its grids stacked with `gap` empty
    rows; typed cells as numbers or dates in their number format, the others as text."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    style = _styles()
    for title, grids in sheets.items():
        sheet = workbook.add_sheet(title, cell_overwrite_ok=True)
        top = 0
        for grid in grids:
            for r, row in enumerate(grid.rows):
                for c, text in enumerate(row):
                    if not text:
                        continue
                    if (r, c) in grid.typed:
                        value, number_format = grid.typed[(r, c)]
                        sheet.write(top + r, c, value, style(number_format))
                    else:
                        sheet.write(top + r, c, text)  # "=25个" is text: xlwt has no formulas
            for r1, c1, r2, c2 in grid.merges:
                sheet.merge(top + r1, top + r2, c1, c2)
            top += len(grid.rows) + gap
    workbook.save(str(path))


def write_text_cells(path: Path, text: str, *, sheet: str = "Sheet1") -> None:
    """A tab-separated export as an .xls: every cell of every line a text cell where it stands."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    target = workbook.add_sheet(sheet)
    for r, line in enumerate(text.splitlines()):
        for c, cell in enumerate(line.split("\t")):
            if cell:
                target.write(r, c, cell)
    workbook.save(str(path))


def xls_from_xlsx(source: Path, target: Path) -> None:
    """The .xlsx `source` as an .xls: the same cells with the same values and number formats,
    merged ranges, and hidden sheets, rows and columns."""
    import xlwt
    from openpyxl import load_workbook

    workbook = load_workbook(source)
    book = xlwt.Workbook(encoding="utf-8")
    style = _styles()
    for sheet in workbook.worksheets:
        out = book.add_sheet(sheet.title, cell_overwrite_ok=True)
        if sheet.sheet_state != "visible":
            out.visibility = 1
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                value = cell.value
                if isinstance(value, dt.datetime) and value.time() == dt.time():
                    value = value.date()
                out.write(cell.row - 1, cell.column - 1, value, style(cell.number_format))
        for merged in sheet.merged_cells.ranges:
            out.merge(
                merged.min_row - 1, merged.max_row - 1, merged.min_col - 1, merged.max_col - 1
            )
        for number, dimension in sheet.row_dimensions.items():
            if dimension.hidden:
                out.row(number - 1).hidden = True
        for letter, dimension in sheet.column_dimensions.items():
            if dimension.hidden:
                from openpyxl.utils import column_index_from_string

                low = column_index_from_string(letter)
                for column in range(dimension.min or low, (dimension.max or low) + 1):
                    out.col(column - 1).hidden = True
    book.save(str(target))


# ------------------------------------------------------------------ BIFF records by hand


def _record(code: int, data: bytes) -> bytes:
    return struct.pack("<HH", code, len(data)) + data


def _wrap(path: Path, stream: bytes) -> None:
    """The workbook stream in an OLE2 compound file, as Excel saves it."""
    from xlwt.CompoundDoc import XlsDoc

    XlsDoc().save(str(path), stream)


def biff5_workbook(
    path: Path,
    cells: Sequence[tuple[int, int, str | float]],
    *,
    sheet: str = "申报表",
    codepage: int | None = 936,
    encoding: str = "gbk",
) -> None:
    """An Excel 5.0/95 (BIFF5) workbook of one sheet: text cells (LABEL) in `encoding`, numbers
    (NUMBER) in the General format; a CODEPAGE record only when `codepage` is given (old
    exporters leave it out)."""
    bof = 0x0809
    globals_ = [_record(bof, struct.pack("<HHHH", 0x0500, 0x0005, 0, 0))]
    if codepage is not None:
        globals_.append(_record(0x0042, struct.pack("<H", codepage)))
    name = sheet.encode(encoding)

    def boundsheet(offset: int) -> bytes:
        return _record(0x0085, struct.pack("<IBBB", offset, 0, 0, len(name)) + name)

    eof = _record(0x000A, b"")
    size = sum(map(len, globals_)) + len(boundsheet(0)) + len(eof)
    body = [_record(bof, struct.pack("<HHHH", 0x0500, 0x0010, 0, 0))]
    for row, column, value in cells:
        if isinstance(value, str):
            raw = value.encode(encoding)
            body.append(_record(0x0204, struct.pack("<HHHH", row, column, 0, len(raw)) + raw))
        else:
            body.append(_record(0x0203, struct.pack("<HHHd", row, column, 0, value)))
    body.append(eof)
    stream = b"".join([*globals_, boundsheet(size), eof, *body])
    _wrap(path, stream)


def encrypted_xls(path: Path) -> None:
    """A workbook with a password to open: its globals begin with a FILEPASS record (RC4),
    and every record after it is encrypted, which xlrd cannot read."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    workbook.add_sheet("申报表").write(0, 0, "财政项目支出绩效目标申报表")
    stream = workbook.get_biff_data()
    first = 4 + struct.unpack("<H", stream[2:4])[0]  # after the BOF record
    filepass = _record(0x002F, struct.pack("<HHH", 1, 1, 1) + bytes(48))
    _wrap(path, stream[:first] + filepass + stream[first:])
