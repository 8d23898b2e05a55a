"""How the lines of a wrapped cell join: one rule for every reader (txt, xlsx, docx, PDF).

A spreadsheet, Word or PDF cell wraps long text over lines (`兰溪路-真南路下立交工` / `程`). That
break is layout, not content: between two Chinese characters (or a Chinese character and Chinese
punctuation) it joins with nothing; between two Latin words or numbers it is a space. One break
is content: after a sentence ends (`。`, `；`, …) and before a list marker (`2.`, `（2）`, `二、`)
it starts a new item of a numbered list, and is kept as a line break so the list stays a list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Punctuation after which a list marker starts a new paragraph.
SENTENCE_END = "。；;！!？?：:"
# `2.` `2、` `2）` `(2)` `（2）` `二、` `（二）` `①`: the markers of a numbered list.
_LIST_MARKER = re.compile(
    r"(?:[0-9０-９]{1,2}(?:[.．、)）](?![0-9０-９]))"
    r"|[（(](?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[）)]"
    r"|[一二三四五六七八九十]{1,3}、"
    r"|[①-⑳])"
)


# The end of a line that is inside a number: a digit, or a digit and its grouping or point.
_NUMBER_END = re.compile(r"\d[,.，．]?$")


def is_cjk(char: str) -> bool:
    """A Chinese character, or Chinese / full-width punctuation: joins a wrap with nothing."""
    if not char:
        return False
    code = ord(char)
    if (
        0x3000 <= code <= 0x303F  # CJK punctuation: 。、「」〔〕
        or 0x3400 <= code <= 0x4DBF  # extension A
        or 0x4E00 <= code <= 0x9FFF  # unified ideographs
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFF00 <= code <= 0xFFEF  # full-width forms: ，（）：；
        or 0x20000 <= code <= 0x3FFFF  # extensions B–H
        or 0x2460 <= code <= 0x24FF  # ①…⑳
    ):
        return True
    # “ ” ‘ ’ … — as Chinese text uses them (general punctuation used in CJK context).
    return char in "“”‘’…—·" or unicodedata.east_asian_width(char) in ("W", "F")


def starts_list_item(text: str) -> bool:
    """Whether a line opens a numbered item, where a wrap is a paragraph break."""
    return _LIST_MARKER.match(text) is not None


def line_separator(before: str, after: str) -> str:
    """What a wrap between the line `before` and the line `after` stands for: "", " " or "\\n"."""
    if not before or not after:
        return ""
    if before[-1] in SENTENCE_END and starts_list_item(after):
        return "\n"
    if is_cjk(before[-1]) or is_cjk(after[0]):
        return ""
    if before[-1] in "-/" or after[0] in "-/":  # `兰溪路-` / `真南路`, `2024/` / `1/1`
        return ""
    if _NUMBER_END.search(before) and after[0].isdecimal():
        # A narrow cell breaks numbers anywhere (`(2025年-2` / `025年)`, `1,846,` / `000.00`):
        # a form does not put two numbers on two lines of one cell without a word between.
        return ""
    return " "


def join_wrapped(lines: Iterable[str]) -> str:
    """The text of a cell from its lines; spaces inside a line are folded to one."""
    text = ""
    for raw in lines:
        # A piece may hold lines already joined (a cell with a paragraph break): the rule
        # gives the same break again, so joining twice is joining once.
        for part in raw.splitlines():
            line = " ".join(part.split())
            if line:
                text = f"{text}{line_separator(text, line)}{line}" if text else line
    return text


__all__ = ["is_cjk", "join_wrapped", "line_separator", "starts_list_item"]
