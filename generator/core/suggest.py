"""“您是不是想写……”: the closest known word for a misspelt key or category."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The nearest known word, or None when nothing is near enough to be a helpful guess."""
    # Chinese labels are short, so one wrong character is already a large share of the word:
    # a lower cutoff than difflib's default still avoids nonsense suggestions.
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.5)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """“您是不是想写……”, or nothing: appended to a message about an unknown word."""
    match = closest(word, candidates)
    return f"您是不是想写“{match}”？" if match else ""
