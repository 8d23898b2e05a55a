"""A cache of per-file check results, so that `jixiao check` is fast when little changed.

A file's result depends only on its bytes and on jixiao's own code, so the key is the SHA-256
of the bytes and the fingerprint of the package's source. Rules that need several files are
never cached: they run on every check.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path

import pydantic

from generator.diagnostics import Diagnostic, Position
from generator.model import Declaration

_PACKAGE = Path(__file__).parent


@dataclass(frozen=True, slots=True)
class FileResult:
    declaration: Declaration | None
    diagnostics: list[Diagnostic]
    positions: dict[str, Position]


def code_fingerprint() -> str:
    digest = hashlib.sha256(pydantic.VERSION.encode())
    for source in sorted(_PACKAGE.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


class CheckCache:
    def __init__(self, file: Path, entries: dict[str, tuple[str, FileResult]]) -> None:
        self.file = file
        self.entries = entries
        self.used: dict[str, tuple[str, FileResult]] = {}
        self.dirty = False

    @classmethod
    def open(cls, cache_dir: Path, content_root: Path) -> CheckCache:
        # One cache file per content tree and code version: several trees can share a folder.
        tree = hashlib.sha256(str(content_root.resolve()).encode()).hexdigest()[:16]
        file = cache_dir / f"check-{tree}.pickle"
        entries: dict[str, tuple[str, FileResult]] = {}
        try:
            with file.open("rb") as stream:
                stored = pickle.load(stream)
            if isinstance(stored, dict) and stored.get("code") == code_fingerprint():
                entries = stored["entries"]
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, KeyError, TypeError):
            entries = {}  # a missing, old or damaged cache only costs time
        return cls(file, entries)

    def get(self, path: Path, raw: bytes) -> FileResult | None:
        key = path.as_posix()
        digest = hashlib.sha256(raw).hexdigest()
        hit = self.entries.get(key)
        if hit is not None and hit[0] == digest:
            self.used[key] = hit
            return hit[1]
        return None

    def put(self, path: Path, raw: bytes, result: FileResult) -> None:
        self.used[path.as_posix()] = (hashlib.sha256(raw).hexdigest(), result)
        self.dirty = True

    def save(self) -> None:
        if not self.dirty and len(self.used) == len(self.entries):
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_suffix(".tmp")
        with temporary.open("wb") as stream:
            pickle.dump(
                {"code": code_fingerprint(), "entries": self.used},
                stream,
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        temporary.replace(self.file)
