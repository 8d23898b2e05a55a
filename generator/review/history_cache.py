"""What each commit did to a declaration, kept between builds: a blob never changes.

`load_history` describes every revision of every declaration (parse both sides, compare them)
on every build: at 10,000 declarations with a few commits each, seconds of YAML parsing and
validation for an answer that cannot change, because git names a blob by its content. A
revision's description is therefore kept under the git ids of the blobs before and after (and
the paths and status git gave), in one JSON file per content tree in the user's cache folder.

Only plain text and booleans are kept (the change lines, the summary, and whether each side
loaded), never a model and never pickle. The file is signed with the user's secret cache key
(`generator.load.cache.signing_key`) like the check cache, and names the fingerprint of
jixiao's code: a file written by someone else, or by another version, is not read, and a
revision is then described afresh. Entries no build asked for are dropped when it is saved.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from generator.load.cache import SignedEntries

CACHE_FORMAT = 1


@dataclass(frozen=True, slots=True)
class Described:
    """What `load_history` makes of one commit's change to one file."""

    lines: tuple[str, ...]  # the semantic diff, one line per change
    summary: str  # "" when there is none (the caller then says what kind of change it was)
    before_loaded: bool  # the side before the commit is a declaration that loads
    after_loaded: bool


def revision_key(status: str, old: str | None, new: str, before: str, after: str) -> str:
    """The key of one change: git's status and paths, and the blob ids ("" for no blob)."""
    text = "\0".join([status, old or "", new, before, after])
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _described_of(value: object) -> Described:
    if not (isinstance(value, list) and len(value) == 4):
        raise ValueError("entry")
    lines, summary, before, after = value
    if not (isinstance(lines, list) and all(isinstance(line, str) for line in lines)):
        raise ValueError("lines")
    if not isinstance(summary, str) or not isinstance(before, bool) or not isinstance(after, bool):
        raise ValueError("entry")
    return Described(tuple(lines), summary, before, after)


class HistoryCache(SignedEntries):
    """The signed descriptions of earlier builds; a miss only costs time."""

    PREFIX = "history"
    FORMAT = CACHE_FORMAT
    ASCII_ONLY = True  # a path git gave as bytes that are not UTF-8 survives

    def get(self, key: str) -> Described | None:
        value = self.entries.get(key)
        if value is None:
            return None
        try:
            described = _described_of(value)
        except ValueError:
            return None
        self.used[key] = value
        return described

    def put(self, key: str, described: Described) -> None:
        self.used[key] = [
            list(described.lines),
            described.summary,
            described.before_loaded,
            described.after_loaded,
        ]
        self.dirty = True
