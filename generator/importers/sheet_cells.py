"""What Excel shows in a cell, shared by the .xlsx and .xls readers: a number in its display
format, and the remarks that list what a sheet holds but does not show (hidden sheets, rows and
columns; values under a merged range) or shows otherwise than it holds (a rounded number)."""

from __future__ import annotations

import heapq
import math

from generator.importers.grid import RoundedNumber, listed_remark
from generator.importers.number_format import shown_number


def rounded_remark(number: RoundedNumber) -> str:
    return (
        f"{number.where} 表上显示为 {number.shown}（单元格格式只显示到这一位），"
        f"单元格里存的数是 {number.stored}；按表上显示的 {number.shown} 导入，"
        "存的数记在这里，供核对"
    )


def hidden_remarks(hidden: list[str]) -> tuple[str, ...]:
    """Hidden sheets, rows and columns are not part of the form the reader sees: their cells
    are not imported, and each is listed so that nothing is passed over silently."""
    return listed_remark(
        f"隐藏的工作表、行或列中有 {len(hidden)} 个非空单元格，表上看不到，没有导入",
        hidden,
        "如果它们属于公布的表，请取消隐藏后再导入",
    )


def covered_remarks(covered: list[str]) -> tuple[str, ...]:
    """Values a program wrote into the covered cells of a merged range: Excel shows only the
    top-left cell's, so these are not on the form; each is listed, not dropped silently."""
    return listed_remark(
        f"合并单元格覆盖的位置上另有 {len(covered)} 个非空单元格，表上只显示合并区域左上角的值，"
        "它们看不到，没有导入",
        covered,
        "如果它们属于公布的表，请在 Excel 或 WPS 中取消合并后核对",
    )


def text_instead_remarks(instead: list[tuple[str, str, str]]) -> tuple[str, ...]:
    """Numbers the sheet shows as text only ((where, what it shows, what is imported)): the
    accounting format shows a zero as `-`. The cell holds the number, which is imported: a 0
    is a fact, a blank is not one; what the sheet showed is listed here."""
    return listed_remark(
        f"{len(instead)} 个数字单元格的格式把数显示为文字（如会计专用格式把 0 显示为“-”），"
        "按单元格里存的数导入",
        [f"{where} 显示为“{shown}”、存的数按格式为 {text}" for where, shown, text in instead],
    )


def cell_value(
    value: object, number_format: str = "General"
) -> tuple[str | None, str | None, str | None]:
    """(the cell as the form shows it: a number in its display format, a date as ISO; the
    number the cell holds when its display format shows a different one, 1234.5678 shown as
    1,234.57, else None; the text the sheet shows instead of a number's digits, `-` for a zero
    in the accounting format, else None)."""
    if value is None:
        return None, None, None
    if hasattr(value, "isoformat") and hasattr(value, "year"):
        return str(value.isoformat())[:10], None, None  # a date: without a time of day
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None, None  # as Excel shows a logical value
    if not isinstance(value, int | float):
        return str(value), None, None  # text, and an error value as Excel shows it (#DIV/0!)
    text, shown, stored, instead = shown_number(value, number_format)
    if (isinstance(value, float) and not math.isfinite(value)) or shown == stored:
        return text, None, instead
    held = f"{stored.normalize():f}" if stored != stored.to_integral_value() else f"{stored:f}"
    return text, held, instead


class MergedRanges:
    """Whether a cell lies under a merged range but not at its top-left corner, asked row by
    row from the top. No range is spelled out cell by cell (one may cover the whole sheet):
    the ranges across the current row are counted per column in a Fenwick tree (a range adds
    one over its columns as it begins and takes it back as it ends), so each begin, end and
    question costs log(columns), however wide the ranges and however many overlap."""

    def __init__(self, ranges: list[tuple[int, int, int, int]], columns: int) -> None:
        # (first row, row after the last, first column, column after the last), 0-based as
        # xlrd gives them; a sheet has at most `columns` columns, whatever a damaged file says.
        self.columns = columns
        self.waiting = sorted(
            (
                (low_row, high_row, low_column, min(high_column, columns))
                for low_row, high_row, low_column, high_column in ranges
                if (high_row - low_row > 1 or high_column - low_column > 1)
                and 0 <= low_column < min(high_column, columns)
            ),
            reverse=True,
        )
        self.ending: list[tuple[int, int, int, int]] = []  # a heap, by the row after the last
        self.tree = [0] * (columns + 1)  # differences of the per-column count, 1-based
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

    def _add(self, column: int, step: int) -> None:
        index = column + 1
        while index <= self.columns:
            self.tree[index] += step
            index += index & -index

    def _count(self, low_row: int, low_column: int, high_column: int, step: int) -> None:
        self._add(low_column, step)
        self._add(high_column, -step)
        corner = (low_row, low_column)
        self.corners[corner] = self.corners.get(corner, 0) + step

    def covers(self, row: int, column: int) -> bool:
        """Whether a range across `row` covers `column` other than at its own corner."""
        if not 0 <= column < self.columns:
            return False
        depth, index = 0, column + 1
        while index > 0:
            depth += self.tree[index]
            index -= index & -index
        return depth > self.corners.get((row, column), 0)
