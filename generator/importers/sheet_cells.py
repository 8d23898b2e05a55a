"""What Excel shows in a cell, shared by the .xlsx and .xls readers: a number in its display
format, and the remarks that list what a sheet holds but does not show (hidden sheets, rows and
columns; values under a merged range) or shows otherwise than it holds (a rounded number)."""

from __future__ import annotations

import heapq
import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

from generator.importers.grid import RoundedNumber


def rounded_remark(number: RoundedNumber) -> str:
    return (
        f"{number.where} 表上显示为 {number.shown}（单元格格式只显示到这一位），"
        f"单元格里存的数是 {number.stored}；按表上显示的 {number.shown} 导入，"
        "存的数记在这里，供核对"
    )


def hidden_remarks(hidden: list[str]) -> tuple[str, ...]:
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


def covered_remarks(covered: list[str]) -> tuple[str, ...]:
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


def shown_number(value: int | float, number_format: str) -> tuple[str, Decimal, Decimal]:
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


def cell_value(value: object, number_format: str = "General") -> tuple[str | None, str | None]:
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
    text, shown, stored = shown_number(value, number_format)
    if (isinstance(value, float) and not math.isfinite(value)) or shown == stored:
        return text, None
    held = f"{stored.normalize():f}" if stored != stored.to_integral_value() else f"{stored:f}"
    return text, held


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
