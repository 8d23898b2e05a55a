"""A cache of per-file check results, so that `jixiao check` is fast when little changed.

A file's result depends only on its bytes and on jixiao's own code. Like git's index, an entry
is trusted while the file's size and modification time are unchanged; the key also holds the
path as printed and the fingerprint of the package's source. Only plain summaries are cached
(diagnostics and the few fields the cross-file rules need), never the models: unpickling
thousands of pydantic models costs more than it saves. Cross-file rules run on every check.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

import pydantic

from generator.diagnostics import Diagnostic, Position
from generator.model import Declaration

_PACKAGE = Path(__file__).parent


@dataclass(frozen=True, slots=True)
class FileResult:
    declaration: Declaration | None  # None unless the file validated as a whole
    diagnostics: list[Diagnostic]
    positions: dict[str, Position]
    # What the cross-file rules read; each is None when its own field did not validate, so a
    # file with an unrelated error is still checked against its folder and the registry.
    year: int | None
    department: str | None
    implementing_unit: str | None
    name: str | None = None  # 项目名称
    project_code: str | None = None  # 项目编码; None also when absent or blank


@dataclass(frozen=True, slots=True)
class FileSummary:
    diagnostics: list[Diagnostic]
    year: int | None
    department: str | None
    implementing_unit: str | None
    positions: dict[str, Position]
    name: str | None = None
    project_code: str | None = None
    # False for what `check --changed` reads of an unchanged file: the identity only, no check
    # results. A full check never takes such an entry for its own.
    checked: bool = True

    @classmethod
    def of(cls, result: FileResult) -> FileSummary:
        return cls(
            result.diagnostics,
            result.year,
            result.department,
            result.implementing_unit,
            result.positions,
            result.name,
            result.project_code,
        )


def code_fingerprint() -> str:
    digest = hashlib.sha256(pydantic.VERSION.encode())
    for source in sorted(_PACKAGE.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _stamp(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns


class CheckCache:
    def __init__(self, file: Path, entries: dict[str, tuple[tuple[int, int], FileSummary]]) -> None:
        self.file = file
        self.entries = entries
        self.used: dict[str, tuple[tuple[int, int], FileSummary]] = {}
        self.dirty = False

    @classmethod
    def open(cls, cache_dir: Path, content_root: Path) -> CheckCache:
        # One cache file per content tree: several trees can share a folder.
        tree = hashlib.sha256(str(content_root.resolve()).encode()).hexdigest()[:16]
        file = cache_dir / f"check-{tree}.pickle"
        entries: dict[str, tuple[tuple[int, int], FileSummary]] = {}
        try:
            with file.open("rb") as stream:
                stored = pickle.load(stream)
            if isinstance(stored, dict) and stored.get("code") == code_fingerprint():
                entries = stored["entries"]
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, KeyError, TypeError):
            entries = {}  # a missing, old or damaged cache only costs time
        return cls(file, entries)

    def lookup(self, shown: str, path: Path, *, checked: bool = True) -> FileSummary | None:
        """The cached summary of an unchanged file; with `checked`, only a fully checked one."""
        hit = self.entries.get(shown)
        if hit is not None and hit[0] == _stamp(path) and (hit[1].checked or not checked):
            self.used[shown] = hit
            return hit[1]
        return None

    def store(self, shown: str, path: Path, summary: FileSummary) -> None:
        self.used[shown] = (_stamp(path), summary)
        self.dirty = True

    def save(self) -> None:
        if not self.dirty and len(self.used) == len(self.entries):
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as stream:
            pickle.dump(
                {"code": code_fingerprint(), "entries": self.used},
                stream,
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        temporary.replace(self.file)
