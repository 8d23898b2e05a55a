"""Rows of a table printed without rules, from where its cells' text stands.

A form printed with its borders turned off (a Word table, some budget systems) keeps only the
text. Each cell's text is a box (its lines stacked, as `pdf` finds them); what is left to tell is
which boxes make a row and which rows a merged cell spans. How the text stands in its cell says
it, so that comes first (`alignment`): beside a wrapped cell, a one-line cell shares its top
(top-aligned) or its middle (centred). A top-aligned table reads row by row from the tops, and a
merged cell's text stands in its first row, where the text export puts it. In a centred table:

- rows: the boxes whose middles agree; a merged cell's text centred over an even number of rows
  stands between two rows, closer to each than rows ever stand to one another (cell padding
  keeps them apart), and is not a row (`_genuine`);
- spans: a merged cell has no other text in its column inside its span and stands in the
  span's middle. Column by column, top to bottom, each box takes the largest span that starts
  after what the box above it took, has it in the middle, and is not cut by a cell starting
  inside it in the column to its left (a merged cell is as coarse as its left neighbour or
  coarser: 产出指标 spans its 数量指标 rows, an amount beside three labels spans nothing).

Columns come first of all (`columns`): boxes that overlap side to side share one, whether the
text stands left or centred in its cells; a merged cell's text, reaching over two boxes that
stand side by side on another line, is left out of them.

The box then belongs to the first row of its span. Whatever cannot be read one way only is
refused (`UnclearTable`, in words for the report) rather than guessed: text that mixes the two
alignments, a line that may be a row or a merged cell's text, text centred on no span of free
rows. Every loop is bounded by the number of boxes and `MAX_SPAN_ROWS`.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from typing import Generic, Protocol, TypeVar

# In multiples of the font size (`pdf` reads its lines and blocks with the same two).
SAME_ROW = 0.35  # boxes whose tops (or, centred, middles) are this close stand in one row
SAME_SIZE = 0.15  # font sizes this close: the same text style, the table's body text
NEAR = 0.5  # of the gap between rows: text closer than this to two rows stands between them
LOOK_BELOW = 4.0  # how far below a box its neighbour in the column is looked for
MAX_NEIGHBOURS = 50  # boxes looked at below each one, to measure the gap between rows
MAX_WITNESSES = 200  # wrapped cells that tell the alignment; more say nothing new
MAX_SPAN_ROWS = 200  # a merged cell spans at most this many rows (a page holds about 50)
MAX_BOXES = 3_000  # cells' texts on one unruled page (a form page has about 150)


class Alignment(StrEnum):
    TOP = "top"
    MIDDLE = "middle"
    BOTTOM = "bottom"


Column = tuple[float, float]  # a column's left and right edge, as its text shows them


class UnclearTable(Exception):
    """The rows of an unruled table cannot be told for certain; the message says why."""


class Box(Protocol):
    """A cell's text as laid out: its extent, font size and number of lines."""

    @property
    def x0(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def bottom(self) -> float: ...
    @property
    def size(self) -> float: ...
    @property
    def lines(self) -> int: ...
    @property
    def text(self) -> str: ...


B = TypeVar("B", bound=Box)


def _middle(box: Box) -> float:
    return (box.top + box.bottom) / 2


def body_size(boxes: Sequence[Box]) -> float:
    """The median font size: the table's body text."""
    sizes = sorted(b.size for b in boxes)
    return sizes[len(sizes) // 2] if sizes else 10.0


def _short(text: str) -> str:
    flat = "".join(text.split())
    return flat if len(flat) <= 12 else flat[:12] + "…"


# ------------------------------------------------------------------ how text stands in its cell


def read(
    boxes: Sequence[B], spans: Columns, before: Alignment | None = None
) -> tuple[list[list[B]], Alignment | None]:
    """The table's rows (each a list of boxes, top to bottom) and how its text stands in its
    cells, when that can be told (`before`: as the page before, of the same form, told);
    `spans`: its `columns`.

    Top-aligned text reads by the tops, centred text by `centred_rows`. When no wrapped cell
    tells, a box standing between two rows can only be centred; otherwise the two readings
    must agree. A wrapped cell whose neighbours stand otherwise than the table's is refused,
    unless the reading finds it to be a merged cell's text (which may line up with a row by
    chance)."""
    if len(boxes) > MAX_BOXES:
        raise UnclearTable(
            f"这一页有 {len(boxes):,} 段分开的文字，超过上限 {MAX_BOXES:,}（一页申报表约 150 格），"
            "不像是一张表"
        )
    told, contrary = alignment(boxes)
    if told is None and contrary:  # as many witnesses say one thing as another
        raise _mixed(contrary[0])
    told = told or before
    if told is Alignment.TOP and contrary:
        raise _mixed(contrary[0])
    if told is Alignment.TOP:
        return top_rows(boxes), told
    if told is Alignment.BOTTOM:
        raise UnclearTable("单元格的文字底端对齐，无法确定合并单元格跨哪几行")
    if told is Alignment.MIDDLE:
        rows, merged = centred_rows(boxes, spans)
        unexplained = [box for box in contrary if id(box) not in merged]
        if unexplained:
            raise _mixed(unexplained[0])
        return rows, told
    by_top = top_rows(boxes)
    try:
        centred, merged = centred_rows(boxes, spans)
    except UnclearTable:
        if _apart(by_top, boxes):  # top-aligned rows, standing apart as rows do
            return by_top, None
        raise
    if any(merged.values()):
        return centred, Alignment.MIDDLE
    moved = _first_moved(by_top, centred)
    if moved is None:
        return by_top, None
    raise UnclearTable(
        f"没有折行的单元格可以说明文字是顶端对齐还是垂直居中：“{_short(moved.text)}”"
        "可能是它所在这一行的内容，也可能是居中在上下几行中间的合并单元格"
    )


def _apart(rows: list[list[B]], boxes: Sequence[B]) -> bool:
    """Whether no row comes nearer to the next than rows stand apart (cell padding)."""
    size = body_size(boxes)
    near = NEAR * _row_gap(boxes, size)
    bottom = -math.inf
    for row in rows:
        if min(b.top for b in row) - bottom < near:
            return False
        bottom = max(b.bottom for b in row)
    return True


def _mixed(box: Box) -> UnclearTable:
    return UnclearTable(
        f"单元格的文字有的顶端对齐、有的垂直居中（如“{_short(box.text)}”旁边的各格），"
        "无法确定合并单元格跨哪几行"
    )


def top_rows(boxes: Sequence[B]) -> list[list[B]]:
    """Boxes into rows by their tops: each cell's text at its top, a merged cell's in its
    first row."""
    grouped: list[list[B]] = []
    for box in sorted(boxes, key=lambda b: (b.top, b.x0)):
        if grouped and box.top - grouped[-1][0].top <= SAME_ROW * box.size:
            grouped[-1].append(box)
        else:
            grouped.append([box])
    return grouped


def _first_moved(one: list[list[B]], other: list[list[B]]) -> B | None:
    """The first box that two readings put in different rows (with different boxes)."""
    rows_one = {id(b): {id(c) for c in group} for group in one for b in group}
    for group in other:
        ids = {id(b) for b in group}
        for box in group:
            if rows_one[id(box)] != ids:
                return box
    return None


def alignment(boxes: Sequence[B]) -> tuple[Alignment | None, list[B]]:
    """How the table's text stands in its cells, and the wrapped cells that say otherwise.

    Each wrapped cell is a witness: the boxes of fewer lines beside it (inside its height, in
    another column, same font size) share its top, its middle or its bottom, and it says what
    most of them share. The table's alignment is what most witnesses say (None when none
    does). A wrapped box with boxes of two rows beside it is a merged cell's text: no witness.
    """
    by_middle = sorted(boxes, key=_middle)
    middles = [_middle(b) for b in by_middle]
    witnesses: list[tuple[Alignment, B]] = []
    for tall in boxes:
        if tall.lines < 2:
            continue
        tolerance = SAME_ROW * tall.size
        inside = 0.1 * tall.size
        low = bisect_left(middles, tall.top)
        high = min(bisect_right(middles, tall.bottom), low + MAX_NEIGHBOURS)
        beside = [
            short
            for short in by_middle[low:high]
            if short.lines < tall.lines
            and abs(short.size - tall.size) <= SAME_SIZE * tall.size
            and (short.x1 <= tall.x0 or short.x0 >= tall.x1)
            and short.top >= tall.top - inside
            and short.bottom <= tall.bottom + inside
        ]
        beside.sort(key=lambda b: b.x0)
        if any(b.x0 < a.x1 for a, b in pairwise(beside)):
            continue  # boxes of two rows side by side with it: a merged cell's text
        votes: Counter[Alignment] = Counter()
        for short in beside:
            agree = [
                kind
                for kind, distance in (
                    (Alignment.TOP, short.top - tall.top),
                    (Alignment.MIDDLE, _middle(short) - _middle(tall)),
                    (Alignment.BOTTOM, short.bottom - tall.bottom),
                )
                if abs(distance) <= tolerance
            ]
            if len(agree) == 1:
                votes[agree[0]] += 1
        ranked = votes.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            witnesses.append((ranked[0][0], tall))
        if len(witnesses) >= MAX_WITNESSES:
            break
    if not witnesses:
        return None, []
    ranked = Counter(kind for kind, _ in witnesses).most_common(2)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None, [box for _, box in witnesses]  # as many say one thing as another
    told = ranked[0][0]
    return told, [box for kind, box in witnesses if kind is not told]


# ------------------------------------------------------------------ rows of a centred table


@dataclass
class _Line(Generic[B]):
    """Boxes whose middles agree: a row, or a merged cell's text standing between rows."""

    boxes: list[B]
    top: float = 0.0  # of its body-size boxes of the fewest lines (the row's own height)
    bottom: float = 0.0
    body: bool = False

    def measure(self, size: float) -> None:
        body = [b for b in self.boxes if abs(b.size - size) <= SAME_SIZE * size]
        self.body = bool(body)
        fewest = min((b.lines for b in body), default=0)
        core = [b for b in body if b.lines == fewest] or self.boxes
        self.top = min(b.top for b in core)
        self.bottom = max(b.bottom for b in core)


def _middle_lines(boxes: Sequence[B]) -> list[_Line[B]]:
    lines: list[_Line[B]] = []
    first = 0.0
    for box in sorted(boxes, key=_middle):
        if lines and _middle(box) - first <= SAME_ROW * box.size:
            lines[-1].boxes.append(box)
        else:
            lines.append(_Line([box]))
            first = _middle(box)
    return lines


def _row_gap(boxes: Sequence[Box], size: float) -> float:
    """The gap between rows: the smallest between a box and the next one below it in its
    column (cell padding above and below, and the line's own spacing)."""
    body = sorted((b for b in boxes if abs(b.size - size) <= SAME_SIZE * size), key=lambda b: b.top)
    tops = [b.top for b in body]
    smallest = None
    for box in body:
        start = bisect_right(tops, box.bottom)
        stop = min(bisect_right(tops, box.bottom + LOOK_BELOW * size), start + MAX_NEIGHBOURS)
        for below in body[start:stop]:
            if below.x0 < box.x1 and below.x1 > box.x0:
                gap = below.top - box.bottom
                if gap > 0.1 * size and (smallest is None or gap < smallest):
                    smallest = gap
                break
    return smallest if smallest is not None else size


def _genuine(lines: Sequence[_Line[B]], near: float) -> list[bool]:
    """Which lines are rows: the heaviest set (most boxes) of lines of which no two stand
    closer than `near`. A merged cell's text centred between two rows stands near both and
    loses to them. When two sets weigh the same, a line of the table's body may be a row or
    not: refused. Lines of another font size (a title) are rows."""
    order = sorted((i for i, line in enumerate(lines) if line.body), key=lambda i: lines[i].bottom)
    ends = [lines[i].bottom + near for i in order]
    before = [bisect_right(ends, lines[i].top, 0, k) for k, i in enumerate(order)]
    best = [0] * (len(order) + 1)  # the heaviest set among the first k lines, by end
    ways = [1] * (len(order) + 1)  # how many sets weigh that much (1, or 2 for more)
    tied: _Line[B] | None = None
    for k, i in enumerate(order):
        take = best[before[k]] + len(lines[i].boxes)
        if take > best[k]:
            best[k + 1], ways[k + 1] = take, ways[before[k]]
        elif take < best[k]:
            best[k + 1], ways[k + 1] = best[k], ways[k]
        else:
            best[k + 1], ways[k + 1] = take, min(2, ways[k] + ways[before[k]])
            # The line it ties with stands just above it, near it: name that one.
            near_above = k > 0 and ends[k - 1] > lines[i].top
            tied = tied or (lines[order[k - 1]] if near_above else lines[i])
    if ways[-1] > 1 and tied is not None:
        raise _tie(tied)
    chosen = [not line.body for line in lines]
    k = len(order)
    while k:
        i = order[k - 1]
        if best[before[k - 1]] + len(lines[i].boxes) == best[k]:
            chosen[i] = True
            k = before[k - 1]
        else:
            k -= 1
    return chosen


def _tie(line: _Line[B]) -> UnclearTable:
    shown = "”“".join(_short(b.text) for b in line.boxes[:3])
    more = "等" if len(line.boxes) > 3 else ""
    return UnclearTable(f"“{shown}”{more}可能是单独的一行，也可能是居中在上下两行之间的合并单元格")


@dataclass
class _Placed(Generic[B]):
    box: B
    first: int  # the columns it covers
    last: int
    up: int  # the rows around its middle: the same row when it stands in one
    down: int
    start: int = -1  # the span it takes
    end: int = -1


def centred_rows(boxes: Sequence[B], spans: Columns) -> tuple[list[list[B]], dict[int, bool]]:
    """The rows of a table whose text is centred in its cells, each box in the first row of
    the cells it spans; and the merged cells' boxes (by id), each with whether it stands
    between rows (which only a centred table prints). `spans`: the table's `columns`."""
    size = body_size(boxes)
    lines = _middle_lines(boxes)
    for line in lines:
        line.measure(size)
    near = NEAR * _row_gap(boxes, size)
    chosen = _genuine(lines, near)
    rows = [line for line, keep in zip(lines, chosen, strict=True) if keep]
    floating = [
        box for line, keep in zip(lines, chosen, strict=True) if not keep for box in line.boxes
    ]
    # A box taller than its row that reaches the row above or below is a merged cell's text
    # standing over several rows (a label one character a line).
    for index, row in enumerate(rows):
        for box in list(row.boxes):
            reaches = any(
                0 <= j < len(rows)
                and rows[j].body
                and box.top - near < rows[j].bottom
                and box.bottom + near > rows[j].top
                for j in (index - 1, index + 1)
            )
            if reaches and len(row.boxes) > 1:
                row.boxes.remove(box)
                floating.append(box)
    for row in rows:
        row.top = min(b.top for b in row.boxes)
        row.bottom = max(b.bottom for b in row.boxes)
    middles = [(row.top + row.bottom) / 2 for row in rows]
    tops = [row.top for row in rows]
    bottoms = [row.bottom for row in rows]
    wide = [i for i, row in enumerate(rows) if len(row.boxes) >= 2]
    # Bottoms only grow down the page (a tall title's need not).
    for index in range(1, len(bottoms)):
        bottoms[index] = max(bottoms[index], bottoms[index - 1])
    first_row, last_row = (wide[0], wide[-1]) if wide else (0, -1)
    groups: list[list[B]] = [
        [] if first_row <= index <= last_row else list(row.boxes) for index, row in enumerate(rows)
    ]
    placed = [
        _Placed(box, *spans.of(box), index, index)
        for index in range(first_row, last_row + 1)
        for box in rows[index].boxes
    ]
    for box in floating:
        tolerance = SAME_ROW * box.size
        up = bisect_right(middles, _middle(box) + tolerance) - 1
        down = bisect_left(middles, _middle(box) - tolerance)
        if first_row <= up and down <= last_row:
            placed.append(_Placed(box, *spans.of(box), up, down))
        else:  # outside the table: a line of its own
            groups.append([box])
    _spans(placed, tops, bottoms, first_row, last_row)
    for spot in placed:
        groups[spot.start].append(spot.box)
    result = [group for group in groups if group]
    result.sort(key=lambda group: min(b.top for b in group))
    between = {id(box) for box in floating}
    merged = {
        id(spot.box): id(spot.box) in between
        for spot in placed
        if spot.end > spot.start or id(spot.box) in between
    }
    return result, merged


def columns(boxes: Sequence[Box], before: Sequence[Column] = ()) -> Columns:
    """The table's columns, left to right, whatever the text's alignment in its cells.

    A cell's text stays inside its column, so boxes that overlap side to side share a column.
    A merged cell's text reaches over several: it is known by the line of other text under
    or over it that has two boxes side by side within its width, and left out. `before`: the
    columns of the page before, of the same table, so that a column keeps its number."""
    gaps: list[tuple[float, float]] = []  # between two boxes side by side on one line
    for line in _middle_lines(boxes):
        side = sorted(line.boxes, key=lambda b: b.x0)
        gaps += [(a.x1, b.x0) for a, b in pairwise(side) if a.x1 <= b.x0]
    gaps.sort()
    lefts = [gap[0] for gap in gaps]
    nearest = [gap[1] for gap in gaps]  # from each gap on, the lowest right end
    for index in range(len(nearest) - 2, -1, -1):
        nearest[index] = min(nearest[index], nearest[index + 1])
    spans: list[Column] = list(before)
    for box in boxes:
        index = bisect_right(lefts, box.x0)
        if index == len(gaps) or nearest[index] >= box.x1:
            spans.append((box.x0, box.x1))  # no gap under it: one column's text
    merged: list[Column] = []
    for x0, x1 in sorted(spans):
        if merged and x0 < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], x1))
        else:
            merged.append((x0, x1))
    return Columns(merged)


class Columns:
    """A table's columns, left to right, as `columns` finds them."""

    def __init__(self, spans: Sequence[Column]) -> None:
        self.spans = tuple(spans)
        self._lefts = [x0 for x0, _ in self.spans]
        self._rights = [x1 for _, x1 in self.spans]

    def of(self, box: Box) -> tuple[int, int]:
        """The first and last column a box covers (the nearest to its left edge, if none)."""
        first = bisect_right(self._rights, box.x0)
        last = bisect_left(self._lefts, box.x1) - 1
        if first > last:  # between columns: the one it starts nearest to
            first = last = max(
                0, min(len(self.spans) - 1, first if first < len(self.spans) else last)
            )
        return first, last


def _spans(
    placed: list[_Placed[B]], tops: list[float], bottoms: list[float], first_row: int, last_row: int
) -> None:
    """Gives each box the rows it spans (see the module's docstring)."""
    placed.sort(key=lambda p: (p.first, _middle(p.box)))
    by_column: dict[int, list[_Placed[B]]] = {}  # each column's boxes, top to bottom
    for spot in sorted(placed, key=lambda p: _middle(p.box)):
        for column in range(spot.first, spot.last + 1):
            by_column.setdefault(column, []).append(spot)
    middles = {column: [_middle(p.box) for p in spots] for column, spots in by_column.items()}
    covering: dict[int, list[_Placed[B]]] = {}  # row → boxes whose span covers it, once resolved
    for spot in placed:
        box = spot.box
        tolerance = SAME_ROW * box.size
        up_limit, down_limit = first_row, last_row
        for column in range(spot.first, spot.last + 1):  # the nearest box above and below
            spots = by_column[column]
            above = bisect_left(middles[column], _middle(box) - tolerance) - 1
            below = bisect_right(middles[column], _middle(box) + tolerance)
            if above >= 0:
                other = spots[above]
                up_limit = max(up_limit, (other.end if other.end >= 0 else other.down) + 1)
            if below < len(spots):
                down_limit = min(down_limit, spots[below].up - 1)
        valid: tuple[int, int] | None = None
        chosen: tuple[int, int] | None = None
        target = 2 * _middle(box)
        lowest = max(up_limit, spot.up - MAX_SPAN_ROWS)
        for start in range(lowest, min(spot.up, spot.down) + 1):
            wanted = target - tops[start]
            end = bisect_left(
                bottoms, wanted - 2 * tolerance, max(spot.down, start), down_limit + 1
            )
            if end > down_limit or abs(bottoms[end] - wanted) > 2 * tolerance:
                continue
            if valid is None:
                valid = (start, end)
            if not _cut_on_the_left(spot, start, end, covering):
                chosen = (start, end)
                break
        if chosen is None and spot.up == spot.down:
            chosen = (spot.up, spot.up)  # in a row of its own: its own cell
        chosen = chosen or valid
        if chosen is None:
            raise UnclearTable(
                f"“{_short(box.text)}”既不在某一行中，也不居中在哪几行之间，看不出属于哪几行"
            )
        spot.start, spot.end = chosen
        for row in range(spot.start, spot.end + 1):
            covering.setdefault(row, []).append(spot)


def _cut_on_the_left(
    spot: _Placed[B], start: int, end: int, covering: dict[int, list[_Placed[B]]]
) -> bool:
    """Whether a cell of the nearest column to the left starts inside rows start+1…end."""
    if end == start:
        return False
    left = [
        other
        for row in range(start, end + 1)
        for other in covering.get(row, ())
        if other.last < spot.first
    ]
    if not left:
        return False
    nearest = max(other.last for other in left)
    return any(other.last == nearest and start < other.start <= end for other in left)
