"""A form as rows of cells, whatever file it came from: the recogniser's only input.

Text exports, spreadsheets, Word tables and (later) PDF page geometry all become the same
thing: rows of non-empty cells, each knowing where it stood in its source, so that a value
that cannot be placed is reported with a position a person can find.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    column: int  # 0-based position in its row, gaps included, for aligning with labels
    where: str  # a position a person can find: "第 12 行第 3 列", "Sheet1!C12", …


@dataclass(frozen=True, slots=True)
class SourceRow:
    cells: tuple[Cell, ...]  # the non-empty cells, left to right
    # A .docx or PDF row's table number; None for paragraphs, text outside tables, other sources.
    table: int | None = None
    page: int | None = None  # the PDF page the row stands on

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def joined(self) -> str:
        return "".join(self.texts)


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """Everything one input file holds, in reading order, with how it was read."""

    path: str
    rows: tuple[SourceRow, ...]
    notes: tuple[str, ...] = ()  # e.g. the detected encoding


def clean_cell(text: str | None) -> str:
    """Whitespace runs folded; a cell of only spaces is empty. Nothing else is changed."""
    if text is None:
        return ""
    return " ".join(text.split())
