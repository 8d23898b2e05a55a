"""Excel workbooks (.xlsx), read with openpyxl as Excel shows them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.core.diagnostics import JixiaoUserError
from generator.importers.grid import Cell, RoundedNumber, SourceDocument, SourceRow, clean_cell
from generator.importers.limits import check_cell_count, check_cell_text, check_zip, xml_errors
from generator.importers.sheet_cells import cell_value, hidden_remarks, rounded_remark


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
                        shown, stored = cell_value(cell.value, cell.number_format)
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
        remarks=(*(rounded_remark(r) for r in rounded), *hidden_remarks(hidden)),
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
