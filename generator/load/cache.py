"""A cache of per-file check results, so that `jixiao check` is fast when little changed.

A file's result depends only on its bytes and on jixiao's own code, so an entry is keyed by the
path as printed and verified against a hash of the file's bytes and the fingerprint of the
package's source (every module, subpackages included). Only plain summaries are cached
(diagnostics and the few fields the cross-file rules need), never the models.

The cache is plain JSON, never pickle: reading it cannot run code. It lives outside the
repository by default (`$XDG_CACHE_HOME/jixiao`, else `~/.cache/jixiao`), and every cache file
is signed with HMAC-SHA256 under a random key kept in that user folder, never in the repository:
a cache file planted by a pull request (say in `--cache-dir .jixiao-cache`) does not verify and
is ignored with a notice, so it can neither run code nor hide a problem from `jixiao check`.
Cross-file rules run on every check.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import pydantic
import yaml

from generator.core.diagnostics import Diagnostic, Position, Severity
from generator.core.model import Declaration
from generator.core.project import DeclaredIdentity
from generator.core.safe_fs import UnsafePathError, linked_component, read_regular, write_atomic

# The whole package, subpackages included: a change anywhere in the code may change a verdict.
_PACKAGE = Path(__file__).resolve().parent.parent
# 3: the identity as one keyed record (`DeclaredIdentity`); an older cache is simply not read.
CACHE_FORMAT = 3
KEY_FILE = "cache-key"
# A cache file is read whole before its signature can be checked: one larger than this (a file
# planted where --cache-dir points, say) is not read at all. The largest a build writes, the
# values of 100,000 declarations (MAX_DECLARATION_FILES), is about 280 MB.
MAX_CACHE_BYTES = 1 << 30


def default_cache_dir() -> Path:
    """The user's cache folder, where a pull request cannot put files."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    return (Path(base) if Path(base).is_absolute() else Path.home() / ".cache") / "jixiao"


@dataclass(frozen=True, slots=True)
class FileResult:
    """One declaration file checked on its own: the model when it validated as a whole."""

    declaration: Declaration | None  # None unless the file validated as a whole
    diagnostics: list[Diagnostic]
    identity: DeclaredIdentity


@dataclass(frozen=True, slots=True)
class FileSummary:
    """What the cache keeps of a file: its own problems and its identity, never the model."""

    diagnostics: list[Diagnostic]
    identity: DeclaredIdentity
    # False for what `check --changed` reads of an unchanged file: the identity only, no check
    # results. A full check never takes such an entry for its own.
    checked: bool = True

    @classmethod
    def of(cls, result: FileResult) -> FileSummary:
        """The cacheable part of a full check's result."""
        return cls(diagnostics=result.diagnostics, identity=result.identity)


@functools.cache
def code_fingerprint() -> str:
    """A hash of jixiao's own source: a cached verdict is only valid for the code that made it."""
    # The YAML reader's library too: which parser it uses, and its version, decide the values
    # a file gives (the value cache keeps them).
    parser = f"pyyaml {yaml.__version__} libyaml {yaml.__with_libyaml__}"
    digest = hashlib.sha256(f"pydantic {pydantic.VERSION}; {parser}".encode())
    for source in sorted(_PACKAGE.rglob("*.py")):
        digest.update(source.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(source.read_bytes()).digest())
    return digest.hexdigest()


def content_digest(raw: bytes) -> str:
    """A file's bytes as a short hash: the cache entry must describe these very bytes."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def signing_key() -> bytes | None:
    """The user's secret for signing cache files, created on first use; None if unavailable."""
    folder = default_cache_dir()
    path = folder / KEY_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            key = read_regular(path)
        except FileNotFoundError:
            key = b""
        if len(key) >= 32:
            return key
        try:
            descriptor = os.open(
                path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600
            )
        except FileExistsError:  # another jixiao made it a moment ago
            key = read_regular(path)
            return key if len(key) >= 32 else None
        key = secrets.token_hex(32).encode()
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(key)
        return key
    except (OSError, UnsafePathError):
        return None  # no place for a key: check without a cache


def sign(key: bytes, payload: bytes) -> bytes:
    """The HMAC that proves a cache file was written by this user's jixiao."""
    return hmac.new(key, payload, hashlib.sha256).hexdigest().encode()


def read_signed_payload(file: Path, folder: Path, key: bytes) -> bytes | None:
    """The payload of a cache file `save_signed` wrote with `key`; None when it is signed with
    another key (planted, or written by another user). Raises FileNotFoundError when there is
    none, OSError or UnsafePathError when it cannot be read safely: reached through a link, not
    a regular file, or larger than MAX_CACHE_BYTES (a build writes far less; a file that large
    is not read to find out)."""
    if file.lstat().st_size > MAX_CACHE_BYTES:
        raise UnsafePathError(f"{file.as_posix()} 超过 {MAX_CACHE_BYTES:,} 字节")
    signature, _, payload = read_regular(file, folder).partition(b"\n")
    return payload if hmac.compare_digest(signature, sign(key, payload)) else None


def signed_entries_of(payload: bytes, format_version: int | str) -> dict[str, object] | None:
    """The entries of a verified payload in this format and for this code; None otherwise
    (another version's file, or a damaged one)."""
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    if not (
        isinstance(data, dict)
        and data.get("format") == format_version
        and data.get("code") == code_fingerprint()
        and isinstance(data.get("entries"), dict)
    ):
        return None
    entries: dict[str, object] = data["entries"]
    return entries


def read_signed_entries(
    file: Path, folder: Path, key: bytes, format_version: int | str
) -> dict[str, object] | None:
    """The entries of a cache file `save_signed` wrote with `key`, in this format and for this
    code; None when it is missing, unreadable, reached through a link, too large, signed with
    another key (planted), of another format or version, or damaged. A miss only costs time."""
    try:
        payload = read_signed_payload(file, folder, key)
    except (OSError, UnsafePathError):
        return None
    return None if payload is None else signed_entries_of(payload, format_version)


def save_signed(
    file: Path, key: bytes, format_version: int | str, entries: object, *, ascii_only: bool
) -> None:
    """Writes a cache file: its JSON (with the code's fingerprint) after its signature, atomic;
    a cache that cannot be written only costs time on the next run."""
    payload = json.dumps(
        {"format": format_version, "code": code_fingerprint(), "entries": entries},
        ensure_ascii=ascii_only,
        separators=(",", ":"),
    ).encode()
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(file, sign(key, payload) + b"\n" + payload, file.parent)
    except (OSError, UnsafePathError):
        pass


class SignedEntries:
    """A signed JSON file of entries for one content tree, in the user's cache folder: one
    run's entries are read back by the next of the same code, and a file that is missing,
    linked, planted, damaged or of another version only costs time. Only the entries a run
    used are written back (`save`), so the file follows the tree."""

    PREFIX = ""  # the file is <PREFIX>-<tree>.json
    FORMAT: int | str = 0
    ASCII_ONLY = False

    def __init__(self, file: Path | None, key: bytes | None, entries: dict[str, object]) -> None:
        self.file = file
        self.key = key
        self.entries = entries
        self.used: dict[str, object] = {}
        self.dirty = False

    @classmethod
    def open(cls, cache_dir: Path, content_root: Path) -> Self:
        """The entries kept for this content tree; none when there is no file it can trust."""
        tree = hashlib.sha256(str(content_root.resolve()).encode()).hexdigest()[:16]
        file = cache_dir / f"{cls.PREFIX}-{tree}.json"
        key = signing_key()
        if key is None or linked_component(file, cache_dir) is not None:
            return cls(None, None, {})  # nowhere safe to keep it: everything is made afresh
        return cls(file, key, read_signed_entries(file, cache_dir, key, cls.FORMAT) or {})

    def save(self) -> None:
        """Writes the entries this run used, signed and atomically; a failure costs time."""
        if self.file is None or self.key is None:
            return
        if not self.dirty and len(self.used) == len(self.entries):
            return
        save_signed(self.file, self.key, self.FORMAT, self.used, ascii_only=self.ASCII_ONLY)


def _position_json(position: Position | None) -> list[int] | None:
    return None if position is None else [position.line, position.column]


def _position_of(value: object) -> Position | None:
    if value is None:
        return None
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(n, int) and not isinstance(n, bool) for n in value)
    ):
        return Position(value[0], value[1])
    raise ValueError("position")


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValueError("text")


_IDENTITY_TEXTS = ("department", "implementing_unit", "name", "project_code")


def summary_json(summary: FileSummary) -> dict[str, object]:
    """The JSON form of a summary, keyed by field name (see `summary_of`)."""
    identity = summary.identity
    return {
        "diagnostics": [
            [d.path, _position_json(d.position), d.severity.value, d.code, d.field, d.message]
            for d in summary.diagnostics
        ],
        "year": identity.year,
        **{key: getattr(identity, key) for key in _IDENTITY_TEXTS},
        "positions": {key: _position_json(p) for key, p in identity.positions.items()},
        "checked": summary.checked,
    }


def summary_of(value: object) -> FileSummary:
    """A summary from its JSON form; ValueError when anything has the wrong shape."""
    expected = {"diagnostics", "year", "positions", "checked", *_IDENTITY_TEXTS}
    if not isinstance(value, dict) or set(value) != expected:
        raise ValueError("summary")
    diagnostics_json, year, positions, checked = (
        value["diagnostics"],
        value["year"],
        value["positions"],
        value["checked"],
    )
    if not isinstance(diagnostics_json, list) or not isinstance(positions, dict):
        raise ValueError("summary")
    diagnostics = []
    for item in diagnostics_json:
        if not isinstance(item, list) or len(item) != 6:
            raise ValueError("diagnostic")
        path, position, severity, code_, field_, message = item
        if not all(isinstance(t, str) for t in (path, severity, code_, field_, message)):
            raise ValueError("diagnostic")
        diagnostics.append(
            Diagnostic(path, _position_of(position), Severity(severity), code_, field_, message)
        )
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise ValueError("year")
    if not isinstance(checked, bool):
        raise ValueError("checked")
    identity = DeclaredIdentity(
        year=year,
        department=_text(value["department"]),
        implementing_unit=_text(value["implementing_unit"]),
        name=_text(value["name"]),
        project_code=_text(value["project_code"]),
        positions={str(key): p for key, value_ in positions.items() if (p := _position_of(value_))},
    )
    return FileSummary(diagnostics=diagnostics, identity=identity, checked=checked)


class CheckCache:
    """The signed per-file results of earlier checks; a miss only costs time."""

    def __init__(
        self,
        file: Path,
        key: bytes | None,
        entries: dict[str, tuple[str, object]],
        notices: list[str] | None = None,
    ) -> None:
        self.file = file
        self.key = key
        self.entries = entries  # shown path → (content digest, summary as JSON)
        self.used: dict[str, tuple[str, object]] = {}
        self.dirty = False
        self.notices = notices or []

    @classmethod
    def open(cls, cache_dir: Path, content_root: Path) -> CheckCache:
        """The cache of one content tree; an empty one, with a notice, when it is not trusted."""
        # One cache file per content tree: several trees can share a folder.
        tree = hashlib.sha256(str(content_root.resolve()).encode()).hexdigest()[:16]
        file = cache_dir / f"check-{tree}.json"
        notices: list[str] = []
        for planted in sorted(cache_dir.glob("check-*.pickle")) if cache_dir.is_dir() else []:
            notices.append(
                f"注意：忽略 {planted.as_posix()}：jixiao 不再读取 pickle 缓存"
                "（读取它可能执行其中的代码），可以删除该文件。"
            )
        link = linked_component(file, cache_dir)
        if link is not None:
            notices.append(
                f"注意：检查缓存的路径 {link.as_posix()} 是符号链接，本次不读也不写缓存。"
            )
            return cls(file, None, {}, notices)
        key = signing_key()
        if key is None:
            return cls(file, None, {}, notices)
        try:
            payload = read_signed_payload(file, cache_dir, key)
        except FileNotFoundError:
            return cls(file, key, {}, notices)
        except (OSError, UnsafePathError):
            notices.append(f"注意：无法读取检查缓存 {file.as_posix()}，已全部重新检查。")
            return cls(file, key, {}, notices)
        if payload is None:
            notices.append(
                f"注意：忽略检查缓存 {file.as_posix()}：它不是本机的 jixiao 写的（签名不符，"
                "可能是合并请求放进仓库的文件），已全部重新检查。"
            )
            return cls(file, key, {}, notices)
        # An old or damaged cache only costs time.
        entries: dict[str, tuple[str, object]] = {}
        for shown, entry in (signed_entries_of(payload, CACHE_FORMAT) or {}).items():
            if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str):
                entries[shown] = (entry[0], entry[1])
        return cls(file, key, entries, notices)

    def lookup(self, shown: str, raw: bytes, *, checked: bool = True) -> FileSummary | None:
        """The cached summary of a file with these bytes; with `checked`, only a full check's."""
        hit = self.entries.get(shown)
        if hit is None or hit[0] != content_digest(raw):
            return None
        try:
            summary = summary_of(hit[1])
        except ValueError:
            return None
        if checked and not summary.checked:
            return None
        self.used[shown] = hit
        return summary

    def store(self, shown: str, raw: bytes, summary: FileSummary) -> None:
        """Remembers a file's summary under its bytes; written out by `save`."""
        self.used[shown] = (content_digest(raw), summary_json(summary))
        self.dirty = True

    def save(self) -> None:
        """Writes the entries used this run, signed and atomically; a failure only costs time."""
        if self.key is None or (not self.dirty and len(self.used) == len(self.entries)):
            return
        save_signed(self.file, self.key, CACHE_FORMAT, self.used, ascii_only=False)
