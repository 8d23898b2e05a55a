"""Reads the declaration forms of a published department-budget PDF (部门预算) from page geometry.

A department publishes one PDF of 20–60 pages: budget tables, then for each project a page
项目经费情况说明 and its 财政项目支出绩效目标申报表. Plain text extraction loses the table: a long
cell wraps over lines ("兰溪路-真南路下立交工\\n程"), a vertical label comes one character a line
and the two goal paragraphs interleave. The characters' positions keep the table, so a form is
read from them and handed to the recogniser as rows of cells, like any other source:

- ruled tables first (pdfplumber's `find_tables`, lines strategy): a character belongs to the
  cell that holds its centre, and the lines inside one cell are joined without a break; a
  table ruled inside but drawn without its outer box gets the box where its rules end, and
  one ruled between its columns only (a single row of whole columns) is read as unruled;
- text outside ruled tables by alignment: characters into line segments (split where a gap is
  wider than half a character), segments standing close below one another and overlapping into
  blocks (the lines of one cell), form by form (cut at each title line), blocks into columns
  as they overlap side to side and into rows as `pdf_unruled` tells: by their tops when the
  text stands at the top of its cells, by their middles when it is centred, a merged cell's
  text (centred in its span) in the span's first row; a table that cannot be read one way
  only is refused, page by page, with the reason. The title and notes around a ruled table
  take columns by their left edges.
  This relies on the rows of an unruled table being further apart than the lines inside a
  cell, as cell padding makes them. A table ruled only across (a rule under each row, no
  vertical line) is read the same way, but its rules bound the rows: a cell centred beside a
  taller one is in the same row, and a merged cell (no rule crosses its column inside the
  span) belongs to the span's first row. A page that continues an unruled form keeps the
  page before's columns and alignment.

Pages are told apart by their words, wherever they stand on the page. A form page holds the
title 项目支出绩效目标申报表 and at least four of the form's labels. A page without a title that
starts with a table (or with 续表 over it), right after a form page, continues that form;
the header rows it prints again are left out, and said in the report. A title left at the
foot of a page (alone or with a row or two) whose table goes on over the next page starts
a form there, when the two together hold its labels. A page with
经费情况说明 is a project's funding narrative, kept for `link_narratives`. A page that names the
title without the labels, an image-only page (a scan) and a page whose text cannot be decoded
are reported; every other page is listed as not read. Running headers and footers (the same
line at the top or bottom of most pages, page numbers) are left out before anything else.

Every cell keeps its page and position: "第 12 页 第 3 行第 2 列", rows counted from the top of the
page (title lines included), columns from the left of the table.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from generator.core.diagnostics import JixiaoUserError
from generator.core.layouts import TITLE_PATTERN
from generator.core.money import AmountError, MoneyUnit, parse_amount
from generator.core.symbol_fonts import PRIVATE_USE_SYMBOLS, symbol_font_character
from generator.core.taxonomy import ALL_SECOND_LEVEL, FIRST_LEVEL
from generator.core.wrapped_text import line_separator
from generator.importers.grid import (
    Cell,
    NarrativeLink,
    NarrativePage,
    SourceDocument,
    SourceRow,
    as_positioned,
    clean_cell,
)
from generator.importers.limits import MAX_PDF_PAGES
from generator.importers.pdf_guard import check_page_chars, check_page_content, page_time_limit
from generator.importers.pdf_unruled import (
    MAX_SPAN_ROWS,
    SAME_ROW,
    SAME_SIZE,
    Alignment,
    Column,
    UnclearTable,
    body_size,
    columns,
    top_rows,
)
from generator.importers.pdf_unruled import read as read_unruled
from generator.importers.recognise import (
    PAGE_NUMBER,
    RUNNING_HEADER,
    TITLE,
    RecognisedForm,
    is_title,
)

FORM_LABELS = (
    "项目名称",
    "项目类别",
    "主管部门",
    "实施单位",
    "计划开始日期",
    "计划完成日期",
    "项目资金",
    "年度资金",
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
)
MIN_FORM_LABELS = 4  # a page of prose may name a label or two; a form prints them all
NARRATIVE_TITLE = "经费情况说明"
# Words that only a form's table holds: a page starting with a table counts as a continuation
# only if it holds one of them (an unruled page) or its table is ruled.
FORM_WORDS = (*FORM_LABELS, *FIRST_LEVEL, *sorted(ALL_SECOND_LEVEL), "指标值")

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}

# Geometry, in multiples of the font size (SAME_ROW and SAME_SIZE: `pdf_unruled`'s).
SAME_LINE = 0.35  # vertical centres this close: one line
SEGMENT_GAP = 0.5  # a horizontal gap this wide without characters: two cells
SPACE_GAP = 0.25  # a narrower gap inside a cell's line reads as a space
BLOCK_GAP = 0.6  # a line starting this close below another, overlapping it: the same cell
BLOCK_OVERLAP = -0.25  # lines may overlap a little when the leading is tight
SAME_COLUMN = 0.8  # blocks whose left edges are this close: one column
LARGE_IMAGE = 0.2  # an image covering this share of a page could hold a table (a logo cannot)
FULL_LINE = 0.1  # a line is full when its next character would come this close to the edge
LONG_RULE = 0.3  # a horizontal rule this share of the page wide can rule a table's rows
ROW_BAND = 0.25  # rules further apart than this share of the page bound no row
BAND = 0.06  # the top and bottom of a page where running headers and footers stand
MAX_EDGES = 3_000  # rules on a page looked at for a missing box (a form page draws ~300)
MIN_COLUMN_LINES = 4  # lines in a one-row table's cell that make it a whole column's text

_KEEP = re.compile(
    rf"{TITLE_PATTERN.pattern}|{NARRATIVE_TITLE}|绩效自评表|^[(（]?\d{{4}}年度[)）]?$"
)
# The mark over a table continued from the page before: 续表, （续表）, 续表1, 续上表, 表3（续）.
CONTINUED_MARK = re.compile(
    r"(?:附?表[0-9一二三四五六七八九十\-]*)?[(（]?续(?:表|上表|前表)?[0-9一二三四五六七八九十]*[)）]?[:：]?"
)
# A unit stated over a table (repeated over a continued one): 单位：元, 金额单位：万元.
UNIT_STATEMENT = re.compile(r"(?:金额)?单位[:：]?(?:人民币)?(?:万元|元)")
# A 自评表 page (部门决算): its title and labels; `evaluation_recognise` reads its rows.
EVALUATION_TITLE = "绩效自评表"
EVALUATION_LABELS = ("项目名称", "主管部门", "三级指标", "得分", "全年预算数", "全年执行数")
MAX_TITLE_LINE = 40  # a title line, with a region or department before it, is no longer


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    upward: bool = False  # turned a quarter left, read from the bottom up

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class _Segment:
    """Characters of one line standing together: a cell's line, as far as alignment can tell."""

    chars: list[_Char]
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0

    def __post_init__(self) -> None:
        self.x0 = min(c.x0 for c in self.chars)
        self.x1 = max(c.x1 for c in self.chars)
        self.top = min(c.top for c in self.chars)
        self.bottom = max(c.bottom for c in self.chars)
        self.size = max(c.size for c in self.chars)


@dataclass(slots=True)
class _Block:
    """Segments stacked close below one another: the lines of one unruled cell."""

    segments: list[_Segment]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    def add(self, segment: _Segment) -> None:
        self.segments.append(segment)
        self.x0 = min(self.x0, segment.x0)
        self.x1 = max(self.x1, segment.x1)
        self.bottom = max(self.bottom, segment.bottom)
        self.size = max(self.size, segment.size)

    @property
    def lines(self) -> int:
        return len(self.segments)

    @property
    def text(self) -> str:
        # No rule shows the cell's edge: its widest line stands for it.
        return _cell_text([c for s in self.segments for c in s.chars], self.x0, self.x1)


@dataclass(frozen=True, slots=True)
class _Layout:
    """What a page's unruled text tells its continuation: how the text stands in its cells
    (None: nothing told) and the left edges of its columns, so that a column keeps its number
    over the page break (the recogniser reads split indicator columns by their numbers)."""

    alignment: Alignment | None = None
    columns: tuple[Column, ...] = ()


@dataclass(slots=True)
class _Row:
    """A row of a page: its cells as (text, column), and the table it belongs to, if any."""

    top: float
    cells: list[tuple[str, int]]
    table: int | None = None
    ruled: bool = False


@dataclass(slots=True)
class _Page:
    number: int
    chars: list[_Char]
    images: float  # the largest image's share of the page's area (0: no image)
    compact: str = ""  # the page's text in content order, without whitespace
    # form, continuation, narrative, mention, image-form, unreadable, scanned, garbled, blank, other
    kind: str = "other"
    rows: list[_Row] = field(default_factory=list)
    layout: _Layout | None = None  # what its unruled text told, for a continuation


class _Counter:
    """Table numbers, unique across the document (the recogniser compares them with None)."""

    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


# ------------------------------------------------------------------ characters and lines


def _page_chars(page: Any, number: int) -> list[_Char]:
    """The page's characters; a character printed twice on itself (a fake bold) counts once.
    A character turned a quarter left (a label printed up the side of a merged cell, as a
    spreadsheet's "rotate text up" prints it) is marked: its line reads from the bottom up."""
    check_page_chars(len(page.chars), number)
    chars = []
    for c in page.dedupe_chars().chars:
        size = float(c.get("size") or 0) or float(c["bottom"] - c["top"]) or 1.0
        a, b = (float(v) for v in (c.get("matrix") or (1, 0))[:2])
        upward = not c.get("upright", True) and b > 0 and abs(a) < b
        text = str(c["text"])
        if len(text) == 1 and ord(text) in PRIVATE_USE_SYMBOLS:
            # a symbol font's code in the private use area (Word's ≥ from Symbol is U+F0B3)
            text = symbol_font_character(c.get("fontname"), ord(text)) or text
        chars.append(_Char(text, c["x0"], c["x1"], c["top"], c["bottom"], size, upward))
    return chars


def _lines(chars: Iterable[_Char]) -> list[list[_Char]]:
    """Characters into physical lines by their vertical centre, each line left to right."""
    lines: list[list[_Char]] = []
    middle, size = -math.inf, 0.0
    for char in sorted(chars, key=lambda c: (c.middle, c.x0)):
        # by the larger of the two sizes: a small digit lowered below its line (CO₂) stands
        # further from the line's middle than its own size allows
        if lines and char.middle - middle <= SAME_LINE * max(char.size, size):
            lines[-1].append(char)
        else:
            lines.append([char])
            middle, size = char.middle, char.size
    for line in lines:
        line.sort(key=lambda c: c.x0)
    return lines


def _line_text(chars: Sequence[_Char]) -> str:
    """One line's characters as text: a visible gap without a space character reads as one;
    digits printed small and raised or lowered after a character (m², CO₂) read as the
    characters that look so (`_positioned`)."""
    parts: list[str] = []
    previous: _Char | None = None
    base: _Char | None = None  # the last character printed at the line's own size
    for char in chars:
        if (
            previous is not None
            and char.x0 - previous.x1 > SPACE_GAP * char.size
            and not char.text.isspace()
            and not previous.text.isspace()
        ):
            parts.append(" ")
        position = _positioned(char, base)
        parts.append(as_positioned(char.text, position))
        if position is None:
            base = char
        previous = char
    return "".join(parts)


SMALL_PRINT = 0.8  # a character at most this size of the one before it is printed small
RAISED = 0.25  # its bottom this far (in the size before) above the other's: a superscript


def _positioned(char: _Char, base: _Char | None) -> str | None:
    """ "superscript" or "subscript" for a digit (or sign) printed small and raised above, or
    lowered below, the character before it at the line's size; else None. Word prints a raised
    2 as a 2 at about two thirds of the size, its bottom above the line's."""
    if base is None or char.size > SMALL_PRINT * base.size or char.text not in _POSITIONABLE:
        return None
    if char.bottom < base.bottom - RAISED * base.size:
        return "superscript"
    if char.top > base.top + RAISED * base.size:
        return "subscript"
    return None


_POSITIONABLE = frozenset("0123456789+-")


def _segments(line: list[_Char]) -> list[_Segment]:
    segments: list[list[_Char]] = []
    for char in line:
        if segments:
            last = segments[-1][-1]
            if char.x0 - last.x1 <= SEGMENT_GAP * char.size:
                segments[-1].append(char)
                continue
        segments.append([char])
    # A run of spaces at either end belongs to no cell's text (a wrapped line keeps its inner
    # spaces, which `_line_text` reads); a segment of only spaces is no segment.
    return [_Segment(s) for s in segments if any(not c.text.isspace() for c in s)]


def _compact(chars: Iterable[_Char]) -> str:
    return "".join(c.text for c in chars if not c.text.isspace())


# ------------------------------------------------------------------ running headers and footers


def _drop_running_lines(pages: list[_Page], heights: list[float]) -> list[str]:
    """Removes page numbers and running headers and footers from every page.

    Only the first two and last two lines of a page are candidates, and only inside the band at
    the top or bottom edge: a page number anywhere there, another line if it recurs (digits
    aside) on at least half of the pages with text, and at least two. A line holding a title or
    a form's year line ((2026年度)) is never dropped: a form printed close to the edge keeps them.
    A running header that does not recur (a one-page PDF) is known by its words (某局2024年部门
    预算): it is dropped too, and named in the remarks returned.
    """
    candidates: list[list[tuple[str, str, list[_Char]]]] = []  # (key, text, line)
    counts: Counter[str] = Counter()
    for page, height in zip(pages, heights, strict=True):
        lines = _lines(page.chars)
        found = []
        for line in lines[:2] + lines[2:][-2:]:
            top, bottom = min(c.top for c in line), max(c.bottom for c in line)
            band = (
                "top" if bottom < BAND * height else "bottom" if top > (1 - BAND) * height else ""
            )
            text = _compact(line)
            if not band or _KEEP.search(text):
                continue
            key = "" if PAGE_NUMBER.fullmatch(text) else band + ":" + re.sub(r"\d+", "#", text)
            found.append((key, text, line))
        candidates.append(found)
        counts.update({key for key, _, _ in found if key})
    with_text = sum(1 for page in pages if page.chars)
    repeated = max(2, math.ceil(with_text / 2))
    remarks = []
    for page, found in zip(pages, candidates, strict=True):
        dropped: set[int] = set()
        for key, text, line in found:
            if key and counts[key] < repeated:
                if not RUNNING_HEADER.fullmatch(text):
                    continue
                remarks.append(f"第 {page.number} 页边上的“{text}”是页眉，不作为表格内容读取")
            dropped.update(id(c) for c in line)
        if dropped:
            page.chars = [c for c in page.chars if id(c) not in dropped]
    return remarks


# ------------------------------------------------------------------ reading a page into rows


def _table_rows(table: Any, chars: list[_Char], tables: _Counter) -> tuple[list[_Row], list[_Char]]:
    """The rows of one ruled table, and the characters that are not in it."""
    cells: list[tuple[float, float, float, float]] = list(table.cells)
    tops = sorted({c[1] for c in cells})
    lefts = sorted({c[0] for c in cells})
    # Each grid position (row top, column left) belongs to the cell covering it: a merged cell
    # covers several and is read once, in the row and column where it starts.
    owner: dict[tuple[int, int], int] = {}
    for index, (x0, top, x1, bottom) in enumerate(cells):
        for i, t in enumerate(tops):
            if top <= t < bottom:
                for j, x in enumerate(lefts):
                    if x0 <= x < x1:
                        owner[(i, j)] = index
    contents: dict[int, list[_Char]] = {}
    outside = []
    for char in chars:
        h_mid = (char.x0 + char.x1) / 2
        i = bisect_right(tops, char.middle) - 1
        j = bisect_right(lefts, h_mid) - 1
        found = owner.get((i, j)) if i >= 0 and j >= 0 else None
        if found is not None:
            x0, top, x1, bottom = cells[found]
            if x0 <= h_mid < x1 and top <= char.middle < bottom:
                contents.setdefault(found, []).append(char)
                continue
        outside.append(char)
    number = tables.next()
    rows = []
    for top in tops:
        row = _Row(top, [], number, ruled=True)
        for index, (x0, cell_top, x1, _) in enumerate(cells):
            if cell_top == top and index in contents:
                text = _cell_text(contents[index], x0, x1)
                if text:
                    row.cells.append((text, lefts.index(x0)))
        row.cells.sort(key=lambda cell: cell[1])
        rows.append(row)
    return rows, outside


def _cell_text(chars: list[_Char], left: float, right: float) -> str:
    """The text of a ruled cell, its lines joined.

    Where a line was broken only because its next character did not fit in the cell, the break
    is inside a word or a number (`≥98.00` / `%`, `≥` / `90%`) and joins with nothing; other
    breaks join by the one rule of `wrapped_text` (nothing between Chinese characters, a space
    between words, a new line before a list item). The cell's right padding is taken to be its
    left one, as the lines show it. Text turned a quarter left stands one character a line
    and reads from the bottom up.
    """
    lines = _lines(chars)
    if all(c.upward for c in chars):
        lines.reverse()
    limit = right - (min(c.x0 for c in chars) - left)
    texts: list[str] = []
    for before, line in zip([None, *lines], lines, strict=False):
        text = _line_text(line)
        if before is not None and texts:
            first = line[0]
            full = before[-1].x1 + (first.x1 - first.x0) > limit - FULL_LINE * first.size
            if full and line_separator(texts[-1], text) != "\n":
                texts[-1] += text
                continue
        texts.append(text)
    return clean_cell("\n".join(texts))


def _aligned_rows(
    chars: list[_Char],
    tables: _Counter,
    rules: Sequence[_Rule] = (),
    bands: Collection[int] = frozenset(),
    before: _Layout | None = None,
    *,
    around: bool = False,
) -> tuple[list[_Row], _Layout]:
    """Rows of the text outside ruled tables, by alignment (see the module's docstring), and
    what they tell a continuation (`before`: what the page before told).

    Where horizontal rules mark the rows (`_row_rules`), the lines of one cell never reach
    across a rule, and the blocks between two rules are one row whatever their tops: a short
    cell centred beside a wrapped one starts lower than it. Without rules, a table whose text
    is centred in its cells is read by `pdf_unruled`; `UnclearTable` when it cannot be read
    one way only. The text of a page without ruled tables is read form by form, cut at each
    title line: two forms on one page have columns of their own. `around`: the text around
    a ruled table (its title, a note), one part, its columns by their left edges.
    """
    blocks = _blocks(chars, rules)
    if around:
        return _aligned_part(blocks, tables, rules, bands, before or _Layout(), around=True)
    rows: list[_Row] = []
    layout = before or _Layout()
    for index, part in enumerate(_by_title(blocks)):
        part_rows, layout = _aligned_part(
            part, tables, rules, bands, layout if index == 0 else _Layout()
        )
        rows += part_rows
    return rows, layout


def _blocks(chars: list[_Char], rules: Sequence[_Rule]) -> list[_Block]:
    """The characters as blocks, the lines of one cell each, top to bottom."""
    segments = sorted(
        (s for line in _lines(chars) for s in _segments(line)), key=lambda s: (s.top, s.x0)
    )
    blocks: list[_Block] = []
    active: list[_Block] = []
    for segment in segments:
        reach = BLOCK_GAP * segment.size
        active = [b for b in active if segment.top - b.bottom <= reach]
        best: _Block | None = None
        best_overlap = 0.0
        for block in active:
            gap = segment.top - block.bottom
            overlap = min(segment.x1, block.x1) - max(segment.x0, block.x0)
            # The lines of one cell share their font size: a title and the line under it do not.
            same_size = abs(segment.size - block.segments[-1].size) <= SAME_SIZE * segment.size
            if (
                BLOCK_OVERLAP * segment.size <= gap <= reach
                and overlap > best_overlap
                and same_size
                and not _rule_between(rules, block.bottom, segment.top, segment.x0, segment.x1)
            ):
                best, best_overlap = block, overlap
        if best is None:
            best = _Block(
                [segment], segment.x0, segment.x1, segment.top, segment.bottom, segment.size
            )
            blocks.append(best)
            active.append(best)
        else:
            best.add(segment)
    blocks.sort(key=lambda b: (b.top, b.x0))
    return blocks


def _by_title(blocks: list[_Block]) -> list[list[_Block]]:
    """Blocks (top to bottom) cut before each form's title line."""
    parts: list[list[_Block]] = [[]]
    for block in blocks:
        text = _compact(c for segment in block.segments for c in segment.chars)
        if parts[-1] and len(text) <= MAX_TITLE_LINE and is_title(text):
            parts.append([])
        parts[-1].append(block)
    return [part for part in parts if part]


def _aligned_part(
    blocks: list[_Block],
    tables: _Counter,
    rules: Sequence[_Rule],
    bands: Collection[int],
    before: _Layout,
    *,
    around: bool = False,
) -> tuple[list[_Row], _Layout]:
    """The rows of one part of a page's text outside ruled tables (see `_aligned_rows`)."""
    spans = columns(blocks, before.columns)
    if around:  # the title and notes around a ruled table: columns by their left edges
        lefts = sorted(b.x0 for b in blocks)
        column_width = SAME_COLUMN * body_size(blocks)
        starts: list[float] = []
        for x in lefts:
            if not starts or x - starts[-1] > column_width:
                starts.append(x)
    found: Alignment | None = None
    if bands:
        grouped = _banded_groups(blocks, rules, bands)
    elif around and before.alignment is Alignment.TOP:
        grouped = top_rows(blocks)
    else:
        grouped, found = read_unruled(blocks, spans, before.alignment)
    rows = []
    for group in grouped:
        group.sort(key=lambda b: b.x0)
        cells = [
            (b.text, bisect_right(starts, b.x0 + 1e-6) - 1 if around else spans.of(b)[0])
            for b in group
        ]
        rows.append(_Row(min(b.top for b in group), [(t, c) for t, c in cells if t]))
    # The rows from the first to the last with two cells or more are a table: the recogniser
    # then keeps a note under the table out of the indicators, as it does for Word documents.
    wide = [i for i, row in enumerate(rows) if len(row.cells) >= 2]
    if wide:
        number = tables.next()
        for row in rows[wide[0] : wide[-1] + 1]:
            row.table = number
    if around:  # no table of its own: nothing to tell a continuation
        return rows, _Layout()
    return rows, _Layout(found or before.alignment, spans.spans)


def _banded_groups(
    blocks: list[_Block], rules: Sequence[_Rule], bands: Collection[int]
) -> list[list[_Block]]:
    """Blocks into rows between the rules of a table ruled across, a merged cell into the
    first row of its span; the rest by their tops."""
    grouped: list[list[_Block]] = []
    banded: dict[int, list[_Block]] = {}
    tops = [rule.top for rule in rules]
    for block in blocks:
        band = _span_band(rules, tops, bands, block)
        if band in bands:
            if band not in banded:
                banded[band] = []
                grouped.append(banded[band])
            banded[band].append(block)
        elif grouped and block.top - grouped[-1][0].top <= SAME_ROW * block.size:
            grouped[-1].append(block)
        else:
            grouped.append([block])
    return grouped


@dataclass(frozen=True, slots=True)
class _Rule:
    """A horizontal rule outside ruled tables: its height and the stretches it is drawn over.
    A rule under a row stops at a merged cell's column: it crosses the cells it is drawn over."""

    top: float
    spans: tuple[tuple[float, float], ...]

    def crosses(self, x0: float, x1: float) -> bool:
        middle = (x0 + x1) / 2
        return any(a - 1 <= middle <= b + 1 for a, b in self.spans)


def _rule_between(rules: Sequence[_Rule], above: float, below: float, x0: float, x1: float) -> bool:
    """Whether one of the (sorted) rules crossing `x0`–`x1` stands between heights `above` and
    `below`."""
    index = bisect_left(rules, above - 1, key=lambda rule: rule.top)
    for rule in rules[index:]:
        if rule.top > below + 1:
            return False
        if rule.crosses(x0, x1):
            return True
    return False


def _span_band(
    rules: Sequence[_Rule], tops: Sequence[float], bands: Collection[int], block: _Block
) -> int:
    """The first band of the rows a block's cell spans: the rules above it that stop short of
    its column do not bound it (a merged cell, its text centred in the span). `tops`: the
    rules' heights."""
    band = bisect_right(tops, (block.top + block.bottom) / 2)
    for _ in range(MAX_SPAN_ROWS):
        if band - 1 not in bands or rules[band - 1].crosses(block.x0, block.x1):
            break
        band -= 1
    return band


def _page_rows(
    page: Any, chars: list[_Char], tables: _Counter, before: _Layout | None = None
) -> tuple[list[_Row], _Layout]:
    """The page's rows top to bottom: each ruled table as a unit, the rest by alignment; and
    what the unruled text tells a continuation (`before`: what the page before told, if this
    page continues its form). `UnclearTable` for a form's unruled table that cannot be read
    one way only; the text around a ruled table (its title, a note) is read by its tops when
    it cannot."""
    units: list[tuple[float, list[_Row]]] = []
    rest = chars
    # Smaller tables first: a form's table drawn inside a frame (a page border with a band for
    # the title is a "table" of two cells) keeps its own text, and the frame gets the rest.
    found = page.find_tables(TABLE_SETTINGS)
    box = _missing_box(page, found)
    if box:
        found = page.find_tables(
            {**TABLE_SETTINGS, "explicit_vertical_lines": box, "explicit_horizontal_lines": box}
        )
    found = [table for table in found if not _columns_only(table, chars)]
    for table in sorted(found, key=lambda t: (t.bbox[2] - t.bbox[0]) * (t.bbox[3] - t.bbox[1])):
        rows, rest = _table_rows(table, rest, tables)
        if any(row.cells for row in rows):
            units.append((table.bbox[1], rows))
    rules, bands = _row_rules(page, found)
    around = bool(units)
    try:
        aligned, told = _aligned_rows(rest, tables, rules, bands, before, around=around)
    except UnclearTable:
        if not around:
            raise
        aligned, told = _aligned_rows(
            rest, tables, rules, bands, _Layout(Alignment.TOP), around=True
        )
    for row in aligned:
        units.append((row.top, [row]))
    units.sort(key=lambda unit: unit[0])
    return [row for _, rows in units for row in rows], told


def _columns_only(table: Any, chars: list[_Char]) -> bool:
    """A table ruled down its columns, inside a box, but not between its rows: what the
    rules make is one row whose cells are whole columns, each holding the lines of many
    cells. Its text is read by alignment, as if it had no rules."""
    cells = sorted((tuple(float(v) for v in cell) for cell in table.cells), key=lambda c: c[0])
    if len(cells) < 2 or len({round(top) for _, top, _, _ in cells}) != 1:
        return False
    top, bottom = cells[0][1], cells[0][3]
    lefts = [x0 for x0, _, _, _ in cells]
    held: dict[int, list[_Char]] = {}
    for char in chars:
        middle = (char.x0 + char.x1) / 2
        index = bisect_right(lefts, middle) - 1
        if index >= 0 and middle < cells[index][2] and top <= char.middle < bottom:
            held.setdefault(index, []).append(char)
    return sum(1 for inside in held.values() if len(_lines(inside)) >= MIN_COLUMN_LINES) >= 2


def _missing_box(page: Any, tables: Sequence[Any]) -> list[dict[str, Any]]:
    """The sides of the ruled tables drawn without their outer box, as edges for `find_tables`.

    With the rules inside the table only (a Word table with its outside borders off), the
    tables found are the inner cells: the first and last row and column are left out, and a
    row merged across the table cuts them in two. The rules that cross one another make one
    grid; a grid holding a table found, whose outer sides are not drawn, gets them."""
    horizontal = [(float(e["top"]), float(e["x0"]), float(e["x1"])) for e in page.horizontal_edges]
    vertical = [(float(e["x0"]), float(e["top"]), float(e["bottom"])) for e in page.vertical_edges]
    if not tables or not horizontal or not vertical or len(horizontal) + len(vertical) > MAX_EDGES:
        return []  # nothing to complete; or more rules than any real page draws
    horizontal.sort()
    tops = [edge[0] for edge in horizontal]
    parent = list(range(len(horizontal) + len(vertical)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for j, (x, v_top, v_bottom) in enumerate(vertical, start=len(horizontal)):
        for i in range(bisect_left(tops, v_top - 1), bisect_right(tops, v_bottom + 1)):
            _, x0, x1 = horizontal[i]
            if x0 - 1 <= x <= x1 + 1:
                parent[root(i)] = root(j)
    grids: dict[int, tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]]
    grids = {}
    for i, edge in enumerate(horizontal):
        grids.setdefault(root(i), ([], []))[0].append(edge)
    for j, edge in enumerate(vertical, start=len(horizontal)):
        grids.setdefault(root(j), ([], []))[1].append(edge)
    edges: list[dict[str, Any]] = []
    for across, down in grids.values():
        if not across or not down:
            continue
        left = min([x0 for _, x0, _ in across] + [x for x, _, _ in down])
        right = max([x1 for _, _, x1 in across] + [x for x, _, _ in down])
        upper = min([top for top, _, _ in across] + [top for _, top, _ in down])
        lower = max([top for top, _, _ in across] + [bottom for _, _, bottom in down])
        if not any(
            t.bbox[0] < right and t.bbox[2] > left and t.bbox[1] < lower and t.bbox[3] > upper
            for t in tables
        ):
            continue
        drawn = (
            _covered([(x0, x1) for top, x0, x1 in across if abs(top - upper) <= 1], left, right)
            and _covered([(x0, x1) for top, x0, x1 in across if abs(top - lower) <= 1], left, right)
            and _covered([(t, b) for x, t, b in down if abs(x - left) <= 1], upper, lower)
            and _covered([(t, b) for x, t, b in down if abs(x - right) <= 1], upper, lower)
        )
        if drawn:
            continue
        for edge_top, edge_bottom, edge_x0, edge_x1, orientation in (
            (upper, upper, left, right, "h"),
            (lower, lower, left, right, "h"),
            (upper, lower, left, left, "v"),
            (upper, lower, right, right, "v"),
        ):
            edges.append(
                {
                    "object_type": "box_edge",
                    "orientation": orientation,
                    "x0": edge_x0,
                    "x1": edge_x1,
                    "top": edge_top,
                    "bottom": edge_bottom,
                    "width": edge_x1 - edge_x0,
                    "height": edge_bottom - edge_top,
                }
            )
    return edges


def _covered(spans: list[tuple[float, float]], start: float, end: float) -> bool:
    """Whether the stretches cover nearly all of start–end (a side of a table drawn)."""
    reached, total = start, 0.0
    for a, b in sorted(spans):
        a, b = max(a, reached), min(b, end)
        if b > a:
            total += b - a
            reached = b
    return total >= 0.9 * (end - start)


def _row_rules(page: Any, tables: Sequence[Any]) -> tuple[list[_Rule], set[int]]:
    """The long horizontal rules outside ruled tables, top to bottom, and the bands between
    them that are rows of a table ruled only across: band `b` lies between rules b-1 and b,
    is no taller than a row can be, and has a neighbour that is one too (a page frame ruled
    under its title, or a rule under a running header, rules no row).

    The edges at one height are one rule, drawn over the stretches they cover: under a merged
    cell a row's rule starts at the next column. It is long when those stretches reach over
    a good part of the page."""
    width, height = float(page.width), float(page.height)
    edges = sorted(
        (float(edge["top"]), float(edge["x0"]), float(edge["x1"]))
        for edge in page.horizontal_edges
        if not any(t.bbox[1] - 1 <= float(edge["top"]) <= t.bbox[3] + 1 for t in tables)
    )
    grouped: list[list[tuple[float, float, float]]] = []
    for edge in edges:  # a rule drawn twice, or as a thin rectangle, counts once
        if grouped and edge[0] - grouped[-1][0][0] <= 1:
            grouped[-1].append(edge)
        else:
            grouped.append([edge])
    rules: list[_Rule] = []
    for group in grouped:
        spans: list[tuple[float, float]] = []
        for _, x0, x1 in sorted(group, key=lambda edge: edge[1]):
            if spans and x0 <= spans[-1][1] + 1:
                spans[-1] = (spans[-1][0], max(spans[-1][1], x1))
            else:
                spans.append((x0, x1))
        if spans[-1][1] - spans[0][0] >= LONG_RULE * width:
            rules.append(_Rule(group[0][0], tuple(spans)))
    short = {
        b for b in range(1, len(rules)) if rules[b].top - rules[b - 1].top <= ROW_BAND * height
    }
    return rules, {b for b in short if b - 1 in short or b + 1 in short}


# ------------------------------------------------------------------ the document


def read_pdf(path: Path) -> SourceDocument:
    """The form pages of a PDF as rows of cells; other pages are described in `remarks`."""
    import pdfplumber

    with path.open("rb") as file:
        # A PDF starts with %PDF within its first kilobyte; anything else was misnamed.
        if b"%PDF" not in file.read(1024):
            raise JixiaoUserError("不是 PDF 文件（文件开头没有 %PDF 标记），可能是扩展名写错了")
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many kinds for a damaged or encrypted file
        raise JixiaoUserError(_open_error(exc)) from None
    with pdf:
        try:
            page_count = len(pdf.pages)
        except Exception as exc:
            raise JixiaoUserError(_open_error(exc)) from None
        if page_count > MAX_PDF_PAGES:
            raise JixiaoUserError(
                f"PDF 有 {page_count:,} 页，超过上限 {MAX_PDF_PAGES:,} 页；没有读取。"
                "部门预算通常 20–60 页，请只保留申报表所在的页后再导入"
            )
        try:
            pages, heights = [], []
            for number, pdf_page in enumerate(pdf.pages, start=1):
                check_page_content(pdf_page, number)
                with page_time_limit(number):
                    chars, share = _page_chars(pdf_page, number), _image_share(pdf_page)
                pages.append(_Page(number, chars, share))
                heights.append(float(pdf_page.height))
                pdf_page.close()  # pdfplumber keeps every object of a page until closed
        except JixiaoUserError:
            raise
        except Exception as exc:
            raise JixiaoUserError(_open_error(exc)) from None
        if not pages:
            raise JixiaoUserError("PDF 中没有任何页面")
        if not any(page.chars for page in pages):
            scanned = sum(1 for page in pages if page.images)
            raise JixiaoUserError(
                f"这个 PDF 没有文字层（共 {len(pages)} 页，{scanned} 页只有图片）：看起来是扫描件，"
                "无法从中读取表格。请向发布单位索取可以复制文字的 PDF，"
                "或先用文字识别（OCR）软件转成带文字的 PDF 再导入。"
            )
        remarks = _drop_running_lines(pages, heights)
        tables = _Counter()
        problems: list[str] = []
        _classify(pages)
        for page in pages:
            if page.kind == "form":
                try:
                    with page_time_limit(page.number):
                        page.rows, page.layout = _page_rows(
                            pdf.pages[page.number - 1], page.chars, tables
                        )
                except JixiaoUserError:
                    raise
                except UnclearTable as exc:
                    problems.append(_unclear(page.number, exc))
                    page.kind = "unreadable"
                except Exception as exc:  # pdfplumber on a malformed page: say which page
                    problems.append(
                        f"第 {page.number} 页看起来是申报表，但无法读取其表格："
                        f"{type(exc).__name__}: {exc}"
                    )
                    page.kind = "unreadable"
        _find_continuations(pdf, pages, tables, remarks, problems)
    problems.extend(
        f"第 {page.number} 页有“{TITLE}”标题，但表格是图片（没有文字层），无法读取；"
        "请用可复制文字的 PDF，或 OCR 后再导入"
        for page in pages
        if page.kind == "image-form"
    )
    rows: list[SourceRow] = []
    narratives: list[NarrativePage] = []
    for page in pages:
        if page.kind == "narrative":
            narratives.append(NarrativePage(page.number, _page_text(page.chars)))
        if page.kind in ("form", "continuation"):
            page_rows = page.rows
            if page.kind == "form":
                page_rows = _split_narrative(page, narratives)
            rows.extend(_source_rows(page.number, page_rows))
    remarks.extend(_page_remarks(pages))
    # A 自评表 page is a form page to the reader; the note names it for what it is.
    counts = Counter("evaluation" if _evaluation_page(page) else page.kind for page in pages)
    described = [
        f"{label} {counts[kind]} 页"
        for kind, label in (
            ("form", "申报表"),
            ("evaluation", "自评表"),
            ("continuation", "续页"),
            ("narrative", "经费说明"),
            ("unreadable", "未能读取的表"),
        )
        if counts[kind]
    ]
    notes = (f"PDF，共 {len(pages)} 页" + (f"：{'，'.join(described)}" if described else ""),)
    return SourceDocument(
        path.as_posix(),
        tuple(rows),
        notes,
        remarks=tuple(remarks),
        problems=tuple(problems),
        narratives=tuple(narratives),
        paged=True,
    )


def _unclear(number: int, exc: UnclearTable, form: str = "") -> str:
    return (
        f"第 {number} 页{form}的表格没有分隔单元格的线，无法可靠地分出行和合并单元格：{exc}。"
        "没有导入这张表；请向发布单位索取带表格线的 PDF，或用 Excel、Word 原件导入"
    )


def _image_share(page: Any) -> float:
    area = float(page.width * page.height) or 1.0
    return max((float(i["width"] * i["height"]) / area for i in page.images), default=0.0)


def _open_error(exc: Exception) -> str:
    # pdfplumber wraps pdfminer's exception (PDFPasswordIncorrect, PDFSyntaxError, …).
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return "PDF 有密码保护，无法读取；请使用未加密的版本"
    return f"无法读取 PDF（文件损坏或不是 PDF）：{name}: {inner}".rstrip(": ")


def _has_title(compact: str) -> bool:
    """The page names a form: any title variant (项目支出绩效目标表, 项目绩效目标表, …)."""
    return TITLE in compact or TITLE_PATTERN.search(compact) is not None


def _classify(pages: list[_Page]) -> None:
    for page in pages:
        page.compact = _compact(page.chars)
        if not page.chars:
            page.kind = "scanned" if page.images else "blank"
        elif page.compact.count("(cid:") * 6 > len(page.compact):
            page.kind = "garbled"  # a font without a Unicode map: "(cid:1234)" for each glyph
        elif (
            _has_title(page.compact) and _labels(page.compact, FORM_LABELS) >= MIN_FORM_LABELS
        ) or (
            EVALUATION_TITLE in page.compact
            and _labels(page.compact, EVALUATION_LABELS) >= MIN_FORM_LABELS
        ):
            page.kind = "form"
        elif NARRATIVE_TITLE in _compact(c for line in _lines(page.chars)[:2] for c in line):
            page.kind = "narrative"  # its title heads the page: a mere mention is no narrative
        elif _has_title(page.compact):
            # A title over an image is a form scanned into the PDF: it cannot be read, and
            # must not pass for a page that merely mentions the form.
            page.kind = "image-form" if page.images >= LARGE_IMAGE else "mention"
    for page, following in pairwise(pages):
        if page.kind in ("mention", "other") and _title_then_table(page, following):
            page.kind = following.kind = "form"


def _labels(compact: str, labels: Iterable[str]) -> int:
    return sum(1 for label in labels if label in compact)


def _title_then_table(page: _Page, following: _Page) -> bool:
    """A form starts near the foot of `page` and goes on over the page after.

    A report generator moves what does not fit to the next page: the title is left behind
    alone, or with the table's first rows. Neither page holds enough of the form's labels to be
    taken for a form, but the title and the lines after it, with the next page (which has no
    title of its own), do.
    """
    if following.kind != "other" or _has_title(following.compact):
        return False
    lines = [_compact(line) for line in _lines(page.chars)]
    short = [i for i, text in enumerate(lines) if len(text) <= MAX_TITLE_LINE]
    # The first title line is the one to try: the text after a later one is part of it.
    declaration = next((i for i in short if is_title(lines[i])), None)
    if declaration is not None:
        rest = "".join(lines[declaration:]) + following.compact
        if _labels(rest, FORM_LABELS) >= MIN_FORM_LABELS:
            return True
    evaluation = next((i for i in short if EVALUATION_TITLE in lines[i]), None)
    if evaluation is not None and EVALUATION_TITLE not in following.compact:
        rest = "".join(lines[evaluation:]) + following.compact
        return _labels(rest, EVALUATION_LABELS) >= MIN_FORM_LABELS
    return False


def _find_continuations(
    pdf: Any, pages: list[_Page], tables: _Counter, remarks: list[str], problems: list[str]
) -> None:
    """A page without a title that starts with a table, right after a form page, continues it.

    What a page break adds to a continued table is left out, each said in the report: a 续表
    above it, and the table's header rows printed again at the top of the page (the rows of
    the form's earlier pages that the page repeats, cell for cell).
    """
    earlier: set[tuple[tuple[str, int], ...]] = set()  # the rows of the current form so far
    for previous, page in pairwise(pages):
        if previous.kind == "form":
            title = max(
                (i for i, row in enumerate(previous.rows) if is_title(_row_text(row))), default=0
            )
            earlier = {_signature(row) for row in previous.rows[title:]}
        if page.kind != "other" or previous.kind not in ("form", "continuation"):
            continue
        try:
            with page_time_limit(page.number):
                rows, told = _page_rows(
                    pdf.pages[page.number - 1], page.chars, tables, previous.layout
                )
        except UnclearTable as exc:
            # The form is not imported in part: its earlier pages are left out with this one.
            start = page.number - 1
            while pages[start - 1].kind == "continuation":
                start -= 1
            for earlier_page in pages[start - 1 : page.number]:
                earlier_page.kind = "unreadable"
            problems.append(_unclear(page.number, exc, f"（第 {start} 页申报表的续页）"))
            continue
        marks, above = _continuation_marks(rows)
        table_rows = [row for row in rows if row.cells and row not in above]  # under the unit
        first = table_rows[0] if table_rows else None
        ruled_start = first is not None and first.ruled
        aligned_start = (
            first is not None
            and first.table is not None
            and any(word in page.compact for word in FORM_WORDS)
        )
        if not (ruled_start or aligned_start):
            remarks.append(
                f"第 {page.number} 页紧接在第 {previous.number} 页的申报表之后，但开头不是表格，"
                "不作为续页读取"
            )
            continue
        repeated = []
        for head in table_rows:  # the header rows printed again at the top of the table
            if len(head.cells) < 2 or _signature(head) not in earlier:
                break
            rows.remove(head)
            repeated.append(" ".join(text for text, _ in head.cells))
        page.kind = "continuation"
        page.rows = rows
        page.layout = told
        earlier.update(_signature(row) for row in rows)
        remarks.extend(
            f"第 {page.number} 页开头的“{mark}”是续页标记，不作为表格内容读取" for mark in marks
        )
        remarks.extend(
            f"第 {page.number} 页开头重复了前页的表头“{text}”，不再重复读取" for text in repeated
        )


def _continuation_marks(rows: list[_Row]) -> tuple[list[str], list[_Row]]:
    """What a page break prints above a continued table: 续表 marks, taken out of `rows` (their
    text is returned for the report), and the unit repeated (单位：元), kept as the rows
    returned second, for the recogniser to read as on the form's first page. A line may hold
    both (续表1  金额单位：元)."""
    marks: list[str] = []
    above: list[_Row] = []
    for row in [row for row in rows if row.cells]:
        if row.ruled:
            break
        words = [  # (word, column, whether it is a 续表 mark)
            (word, column, CONTINUED_MARK.fullmatch(_key(word)) is not None)
            for text, column in row.cells
            for word in text.split()
        ]
        if not all(mark or UNIT_STATEMENT.fullmatch(_key(word)) for word, _, mark in words):
            break
        marks += [word for word, _, mark in words if mark]
        row.cells = [(word, column) for word, column, mark in words if not mark]
        if row.cells:
            above.append(row)
        else:
            rows.remove(row)
    return marks, above


def _row_text(row: _Row) -> str:
    return "".join(text for text, _ in row.cells)


def _signature(row: _Row) -> tuple[tuple[str, int], ...]:
    """A row's cells as compared across pages: text without spaces, and column."""
    return tuple((_key(text), column) for text, column in row.cells)


def _split_narrative(page: _Page, narratives: list[NarrativePage]) -> list[_Row]:
    """A 项目经费情况说明 above the form's title on the same page is a narrative, not form rows."""
    title = next((i for i, row in enumerate(page.rows) if is_title(_row_text(row))), 0)
    above = page.rows[:title]
    text = "".join(_row_text(row) for row in above)
    if NARRATIVE_TITLE in "".join(text.split()):
        narratives.append(NarrativePage(page.number, text))
        return page.rows[title:]
    return page.rows


def _source_rows(page: int, rows: list[_Row]) -> list[SourceRow]:
    result = []
    for number, row in enumerate(rows, start=1):
        cells = tuple(
            Cell(text, column, f"第 {page} 页 第 {number} 行第 {column + 1} 列")
            for text, column in row.cells
        )
        if cells:
            result.append(SourceRow(cells, row.table, page))
    return result


def _page_text(chars: list[_Char]) -> str:
    return "".join(_line_text(line) for line in _lines(chars))


def _evaluation_page(page: _Page) -> bool:
    """A 自评表 page: a form page with its title and no declaration's title."""
    return page.kind == "form" and EVALUATION_TITLE in page.compact and not _has_title(page.compact)


def _page_remarks(pages: list[_Page]) -> list[str]:
    remarks = []
    for page in pages:
        if page.kind == "mention":
            remarks.append(
                f"第 {page.number} 页提到“{TITLE}”，但没有申报表的栏目（项目名称、主管部门、"
                "一级指标等），不是申报表，未导入"
            )
        elif page.kind == "scanned":
            remarks.append(
                f"第 {page.number} 页只有图片，没有文字层（像是扫描页），无法读取；"
                "若它是申报表，请用可复制文字的 PDF 或 OCR 后再导入"
            )
        elif page.kind == "garbled":
            remarks.append(f"第 {page.number} 页的文字无法解码（字体没有 Unicode 映射），无法读取")
    others = [page.number for page in pages if page.kind in ("other", "blank")]
    if others:
        # The file's kinds of form are named: a 部门决算 holds 自评表, a 部门预算 申报表.
        read = "申报表、自评表" if any(_evaluation_page(page) for page in pages) else "申报表"
        remarks.append(f"第 {_ranges(others)} 页不是{read}或项目经费情况说明，未读取")
    return remarks


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] → 1–3、7"""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return "、".join(f"{a}–{b}" if a != b else str(a) for a, b in spans)


# ------------------------------------------------------------------ funding narratives

# The annual amount of a 项目经费情况说明, read after the project's name: the word 预算 (with
# 资金/金额/安排/数 and 为/是/共/合计 after it, a colon, 人民币), then the number and 元 or 万元:
# "…项目，年度预算 120.50 万元", "2026年预算安排为1,205,000.00元". A total over several years
# ("项目总预算", "累计预算") or last year's ("上年预算") is not the year's amount and is skipped.
_BUDGET = re.compile(
    r"预算(?:资金|金额|安排|数)?(?:为|是|共|合计)?[:：]?(?:人民币)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<unit>万元|元)"
)
_NOT_ANNUAL = ("总", "累计", "上年", "去年", "共计")


def _key(text: str) -> str:
    """Text compared without spaces and with full-width forms as ASCII (NFKC)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def narrative_amount(text: str, name: str) -> tuple[str, str, str] | None:
    """(amount, unit, excerpt) stated for project `name` in a narrative's text, or None."""
    compact = _key(text)
    start = compact.find(_key(name))
    if start < 0:
        return None
    for match in _BUDGET.finditer(compact, start):
        before = compact[max(start, match.start() - 4) : match.start()]
        if any(word in before for word in _NOT_ANNUAL):
            continue
        try:
            parse_amount(match["number"])
        except AmountError:
            continue
        # The excerpt is the clause the amount stands in: "2026年度预算1,205.00万元".
        clause = max(compact.rfind(mark, start, match.start()) for mark in ",。;:")
        excerpt = compact[max(start, clause + 1, match.start() - 20) : match.end()]
        return match["number"], match["unit"], excerpt
    return None


def link_narratives(
    document: SourceDocument, forms: Sequence[RecognisedForm]
) -> tuple[list[NarrativeLink | None], list[str]]:
    """For each form, the 项目经费情况说明 of its project, and remarks on those left unlinked.

    A narrative belongs to the form whose 项目名称 it contains: the nearest such page before
    the form (after the previous form), else the nearest after it (before the next form).
    """
    links: list[NarrativeLink | None] = []
    remarks: list[str] = []
    used: set[int] = set()
    for index, form in enumerate(forms):
        name = form.header["项目名称"].text if "项目名称" in form.header else None
        if not name or form.page is None:
            links.append(None)
            continue
        previous_end = (forms[index - 1].last_page or 0) if index else 0
        following = forms[index + 1].page if index + 1 < len(forms) else None
        next_start = following if following is not None else math.inf
        last = form.last_page or form.page
        key = _key(name)
        before = [
            n
            for n in document.narratives
            if previous_end <= n.page <= form.page and key in _key(n.text)
        ]
        after = [
            n for n in document.narratives if last < n.page < next_start and key in _key(n.text)
        ]
        if not before and not after:
            links.append(None)
            continue
        page = max(before, key=lambda n: n.page) if before else min(after, key=lambda n: n.page)
        used.add(page.page)
        found = narrative_amount(page.text, name)
        if found is None:
            remarks.append(
                f"第 {page.page} 页的项目经费情况说明提到“{name}”，但其后没有“预算……元/万元”"
                "这样的年度金额，未关联"
            )
            links.append(None)
            continue
        amount, unit, excerpt = found
        links.append(NarrativeLink(page.page, amount, MoneyUnit(unit), excerpt))
    for narrative in document.narratives:
        if narrative.page not in used:
            remarks.append(
                f"第 {narrative.page} 页的项目经费情况说明没有对应的申报表"
                "（其中没有出现任何一张表的项目名称），未关联"
            )
    return links, remarks
