"""YAML scalars written by hand, so that a value reads back as exactly the text it came from.

The importer and `fmt` both write YAML text line by line (to keep comments, order and the
form's own wording); these two functions are the only place that decides how a value is quoted.
"""

from __future__ import annotations

import json
import re

_PLAIN_SAFE = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`=<~]([^\n]*[^\s])?")


def scalar(text: str | None) -> str:
    """A YAML scalar that reads back as exactly `text` (None: an empty value)."""
    if text is None or text == "":
        return ""
    if (
        _PLAIN_SAFE.fullmatch(text)
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and "\t" not in text
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


_BLOCK_SAFE_LINE = re.compile(r"[^\s]([^\n\t]*[^\s])?")


def block_scalar(text: str | None, indent: int) -> str | None:
    """A literal block scalar (`|-` and the lines, indented) for text of several lines, or None.

    A paragraph break of a wrapped cell (`…。` / `2. …`) stays a line break that a person sees
    in the file; text whose lines YAML would change (leading or trailing spaces, tabs, empty
    lines, other line separators) is left to the quoted form of `scalar`.
    """
    if text is None or "\n" not in text:
        return None
    lines = text.split("\n")
    if not all(_BLOCK_SAFE_LINE.fullmatch(line) for line in lines):
        return None
    # `#` could be taken for a comment by `fmt`'s comment keeper: such text stays quoted.
    if any(ch in text for ch in "#\r\x85\u2028\u2029\ufeff"):
        return None
    pad = " " * indent
    return "|-\n" + "\n".join(pad + line for line in lines)
