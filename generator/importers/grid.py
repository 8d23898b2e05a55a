"""A form as rows of cells, whatever file it came from: the recogniser's only input.

Text exports, spreadsheets, Word tables and PDF page geometry all become the same
thing: rows of non-empty cells, each knowing where it stood in its source, so that a value
that cannot be placed is reported with a position a person can find.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from generator.core.money import MoneyUnit
from generator.core.unicode_checks import without_radicals
from generator.core.wrapped_text import join_wrapped


@dataclass(frozen=True, slots=True)
class Cell:
    """One non-empty cell with a position a person can find in the source."""

    text: str
    column: int  # 0-based position in its row, gaps included, for aligning with labels
    where: str  # a position a person can find: "第 12 行第 3 列", "Sheet1!C12", …


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One row of a source as the recogniser sees it, whatever the file type."""

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
class NarrativePage:
    """A 项目经费情况说明 of a PDF: its text, to be linked to the form of the project it names."""

    page: int
    text: str  # the lines in reading order, joined without line breaks


@dataclass(frozen=True, slots=True)
class NarrativeLink:
    """The annual amount a 项目经费情况说明 states for one form's project."""

    page: int
    amount: str  # the number as written, with ASCII digits: "120.50", "1,205,000.00"
    unit: MoneyUnit
    excerpt: str  # the words it was read from, for the report


@dataclass(frozen=True, slots=True)
class FormOrigin:
    """Where a form came from, written to the declaration's 来源 block (PDF sources)."""

    file: str
    page: int | None
    narrative: NarrativeLink | None = None


@dataclass(frozen=True, slots=True)
class RoundedNumber:
    """A spreadsheet number its display format rounds (1234.5678 shown as 1,234.57): the form
    is imported as shown, and the number the cell holds is kept for the report."""

    where: str
    shown: str
    stored: str


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """Everything one input file holds, in reading order, with how it was read."""

    path: str
    rows: tuple[SourceRow, ...]
    notes: tuple[str, ...] = ()  # e.g. the detected encoding
    # What a PDF reader saw outside the forms (pages it did not read, and why): the report
    # lists them, so that no page is passed over silently.
    remarks: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()  # pages that look like a form but could not be read: errors
    narratives: tuple[NarrativePage, ...] = ()
    paged: bool = False  # a PDF: each form records its file and page in 来源
    rounded: tuple[RoundedNumber, ...] = ()  # numbers shown with fewer places than held


def clean_cell(text: str | None) -> str:
    """Whitespace runs folded; a cell of only spaces is empty; the standard (NFC) spelling;
    the lines of a wrapped cell joined by the one rule of `wrapped_text`.

    NFC turns a CJK compatibility ideograph (U+F967, which PDF fonts sometimes carry) into the
    character it stands for (不, U+4E0D) and composes decomposed accents, so that the same name
    read from two sources gives the same file, the same slug and the same department. A CJK
    radical symbol that PDF text layers give for an ideograph (⼈⺠政府 for 人民政府: fonts map
    glyphs to the radicals' code points) is written as that ideograph, for the same reason: the
    page shows 人民, and `jixiao check` refuses the radicals as look-alikes. Wrapped
    lines join with nothing between Chinese characters (no break inside 建设和管/理委员会).
    """
    if text is None:
        return ""
    joined = join_wrapped([without_radicals(unicodedata.normalize("NFC", text))])
    return _SPACES.sub("", joined) if is_spread_out(joined) else joined


def is_spread_out(text: str) -> bool:
    """Whether `text` is single Chinese characters each set apart, as distributed alignment
    prints a short cell (see _SPREAD_OUT): one word, its spaces layout."""
    return _SPREAD_OUT.fullmatch(text) is not None and len(_IDEOGRAPHS.findall(text)) >= 2


# A cell set in distributed alignment (分散对齐), as labels and short values of Chinese forms
# often are, prints its characters spread over the cell's width: a PDF's text, and a text copied
# from it, has a space between each (经 常 性 项 目). Chinese puts no space between characters,
# so a cell of single characters (two ideographs at least, and full-width marks) each set apart
# is one word;
# a cell of words (上海市 普陀区) is left as written.
_CJK_CHARACTER = "[\u3400-\u9fff\uf900-\ufaff\u3001-\u303f\uff01-\uff5e]"
_SPREAD_OUT = re.compile(f"{_CJK_CHARACTER}(?:[ \u3000]+{_CJK_CHARACTER})+")
_SPACES = re.compile("[ \u3000]+")
_IDEOGRAPHS = re.compile("[\u3400-\u9fff\uf900-\ufaff]")  # a word has two at least


LISTED_AT_MOST = 50  # places a remark names; the count says how many there are in all


def listed_remark(lead: str, places: list[str], advice: str = "") -> tuple[str, ...]:
    """One remark listing `places` (`工作表!C5“值”`…) after `lead`, which says what they are and
    how many, then what to do about them; none when there is no place. Readers list what a
    file holds but the form does not show (hidden, covered, unknown), so nothing of the file is
    passed over in silence."""
    if not places:
        return ()
    more = "等" if len(places) > LISTED_AT_MOST else ""
    return (
        f"{lead}：{'、'.join(places[:LISTED_AT_MOST])}{more}" + (f"。{advice}" if advice else ""),
    )


# Digits set raised or lowered (Font → Superscript/Subscript: m², CO₂) are the characters that
# look so. Read as plain digits, `≥1000m` and a raised `2` became ≥1000m2, another unit, which
# no longer reads as a number of square metres.
_RAISED = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")
_LOWERED = str.maketrans("0123456789+-", "₀₁₂₃₄₅₆₇₈₉₊₋")


def as_positioned(text: str, position: str | None) -> str:
    """`text` as it looks set `position` ("superscript", "subscript" or anything else)."""
    if position == "superscript":
        return text.translate(_RAISED)
    if position == "subscript":
        return text.translate(_LOWERED)
    return text
