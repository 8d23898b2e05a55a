"""The site being replaced, as a source of the files a new build would write byte for byte.

A build after one edit puts some 40,000 files in place (the pages, the JSON beside each project,
the declarations as published, the search index's fragments), and all but a few hold the bytes
that are already in `site/`. Wherever the site being replaced holds exactly the bytes the build
is about to write at the same path, the new file is a hard link to the old one instead: the
build writes only what changed (a few megabytes instead of hundreds), and every unchanged file
keeps its modification time, so a deployment that copies by size and time (rsync) sends only the
files that changed. It saves little time: reading and comparing the old file costs most of what
writing it would (at 10,000 projects after one edit, alternating runs with and without it took
the same time within the noise).

Nothing is trusted: the old file is compared byte for byte with what the build made, so the new
site is what a build without it writes (the tests compare the two). Every folder on the way is
opened without following links (a folder swapped for a link during the build is not followed
either), the file too, and the link is made from the very folder that was opened, then checked to
be the file compared. Only a file that is nobody else's is linked: owned by this user, with the
permissions a fresh file would get, and no other name (a file of the old site hard linked from
outside it, say by a backup tool, is written afresh). A file is never linked where one is already
in place, so nothing ever writes into a linked file (which would change the old site too). Where
a link cannot be made (another file system, no `dir_fd` support), the build writes the file.

Reading the old file is most of the cost (at 10,000 projects, 30,000 files read twice after one
edit: the finished page from the cache, and the old site's copy to compare). So each build also
keeps a record of what it put where (`SiteRecord`): for each file, what it holds (the page's
cache key, or the file's SHA-256) and the file's inode, size and modification time as written.
The record lies in the user's cache folder, signed with the user's secret cache key like the
finished pages (a record written by anyone else is not read). When the next build is about to
put the same content at the same path, and the old file there is still that very file with that
size and time to the nanosecond, it is linked without reading either copy: the quick check of
rsync and git. Changing the file leaves a new modification time, unless whoever changed it set
it back to the nanosecond, which takes a program run by this user, who can as well sign cache
entries with the key. Where the record says the content changed, the old file is not read at
all; a file the record does not list is compared byte for byte as before.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
from collections.abc import Callable
from functools import partial
from pathlib import Path

from generator.core.safe_fs import FileTooLargeError, UnsafePathError, read_regular, umask

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_READ = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
_FOLDER = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_DIRECTORY", 0)
# Opening and linking relative to an open folder is what keeps a swapped-in link from being
# followed; without it (not on Linux), nothing is linked.
_DIR_FD = os.open in os.supports_dir_fd and os.link in os.supports_dir_fd and _NOFOLLOW != 0

# What the last build put at a path of its site: (content, inode, size, modification time ns).
Known = dict[str, tuple[str, int, int, int]]
RECORD = "site-record"  # the record's file in the cache folder
_RECORD_LIMIT = 256 * 1024 * 1024  # read no larger record: a few MB at 10,000 projects


class PreviousSite:
    def __init__(self, root: Path, staging: Path, exists: bool = True) -> None:
        self.root = root
        self.staging = staging
        self.exists = exists  # False: no old site to link from, only this build's record
        self.linked = 0
        self.known: Known = {}  # from the last build's record (see `trust`)
        self.record = SiteRecord()  # what this build puts where, for the next one
        self._made: set[str] = {""}  # folders made in the staging folder
        self._mode = 0o666 & ~umask()  # what MkDocs' open() gives a new file

    @classmethod
    def of(cls, site_dir: Path, staging: Path) -> PreviousSite | None:
        """The site at `site_dir` as the source for a build into `staging`; None when it is a
        link, it lies on another file system (no hard link could be made), or the system
        cannot link relative to an open folder. Where there is no site yet, nothing is linked
        but the build's record is kept (for the next build)."""
        try:
            new = os.stat(staging)
        except OSError:
            return None
        try:
            old = os.lstat(site_dir)
        except FileNotFoundError:
            return cls(site_dir, staging, exists=False) if _DIR_FD else None
        except OSError:
            return None
        if not stat.S_ISDIR(old.st_mode) or old.st_dev != new.st_dev or not _DIR_FD:
            return None
        return cls(site_dir, staging)

    def trust(self, record: Path, secret: bytes) -> None:
        """Takes the last build's record of this site, if this user's jixiao signed it."""
        if self.exists:
            self.known = load_record(record, self.root, secret)

    def holds(self, relative: str, content: str) -> bool:
        """The record says the old file at `relative` holds `content`, and it is still that
        file (same inode, size and modification time): `place` will link it without reading."""
        entry = self.known.get(relative)
        if entry is None or entry[0] != content:
            return False
        return self._at(relative, lambda folder, name: self._vouched(folder, name, entry))

    def place(self, relative: str, data: bytes | None, content: str | None = None) -> bool:
        """Puts `data` at `relative` (a path with `/` inside the new site) as a hard link to
        the old site's file there, if that file holds exactly `data`. False: nothing was done,
        the caller writes the file.

        With `content` (what identifies the bytes: the page's cache key, the file's SHA-256),
        the build's record notes it, and the last build's record decides first: the file it
        lists with this content is linked unread if unchanged since; one it lists with other
        content is not read. `data` None: link only what the record vouches for."""
        if content is not None:
            self.record.note(relative, content)
            entry = self.known.get(relative)
            if entry is not None:
                if entry[0] != content:
                    return False
                if self._at(relative, partial(self._link_unchanged, relative, entry)):
                    return True
        if data is None:
            return False
        return self._at(
            relative, lambda folder, name: self._link(folder, name, relative, _holding(data))
        )

    def seed(self, prefix: str) -> int:
        """Links into the new site every file the record lists under `prefix` (a folder, with
        its `/`) that is unchanged since, unread and not noted: what the caller then writes
        over or removes is up to it. Returns how many were linked."""
        count = 0
        for relative, entry in list(self.known.items()):
            if relative.startswith(prefix) and self._at(
                relative, partial(self._link_unchanged, relative, entry)
            ):
                count += 1
        return count

    def _at(self, relative: str, act: Callable[[int, str], bool]) -> bool:
        """`act(folder, name)` with the old site's folder of `relative` open; False when the
        path is odd or a folder on the way is missing or not a real folder."""
        if not self.exists:
            return False
        parts = relative.split("/")
        if not relative or relative.startswith("/") or any(p in ("", ".", "..") for p in parts):
            return False
        folder = _open_folder(self.root, parts[:-1])
        if folder is None:
            return False
        try:
            return act(folder, parts[-1])
        finally:
            os.close(folder)

    def _vouched(self, folder: int, name: str, entry: tuple[str, int, int, int]) -> bool:
        """The old file is linkable and the one the record lists (not read, not linked)."""
        return self._examined(folder, name, _unchanged(entry)) is not None

    def _link_unchanged(
        self, relative: str, entry: tuple[str, int, int, int], folder: int, name: str
    ) -> bool:
        return self._link(folder, name, relative, _unchanged(entry))

    def _examined(
        self, folder: int, name: str, same: Callable[[int, os.stat_result], bool]
    ) -> os.stat_result | None:
        """The old file's status if it is linkable and `same` holds for it; else None."""
        try:
            handle = os.open(name, _READ, dir_fd=folder)
        except OSError:
            return None
        try:
            found = os.fstat(handle)
            return found if self._linkable(found) and same(handle, found) else None
        except OSError:
            return None
        finally:
            os.close(handle)

    def _link(
        self,
        folder: int,
        name: str,
        relative: str,
        same: Callable[[int, os.stat_result], bool],
    ) -> bool:
        found = self._examined(folder, name, same)
        if found is None:
            return False
        target = os.path.join(self.staging, relative)
        try:
            self._make_folder(relative.rpartition("/")[0])
            os.link(name, target, src_dir_fd=folder, follow_symlinks=False)
        except OSError:
            return False
        # The name may have been given to another file between the comparison and the link:
        # keep the link only if it is the file compared.
        try:
            made = os.lstat(target)
        except OSError:
            return False
        if (made.st_ino, made.st_dev) != (found.st_ino, found.st_dev):
            os.unlink(target)
            return False
        self.linked += 1
        return True

    def _linkable(self, found: os.stat_result) -> bool:
        """A regular file that is nobody else's: this user's, no other name, a fresh file's
        permissions."""
        return (
            stat.S_ISREG(found.st_mode)
            and found.st_nlink == 1
            and found.st_uid == os.geteuid()
            and stat.S_IMODE(found.st_mode) == self._mode
        )

    def _make_folder(self, folder: str) -> None:
        if folder not in self._made:
            os.makedirs(os.path.join(self.staging, folder), exist_ok=True)
            self._made.add(folder)


def _open_folder(root: Path, names: list[str]) -> int | None:
    """A descriptor of root/names..., each folder opened without following a link; None if one
    is missing or not a real folder. The caller closes it."""
    try:
        current = os.open(root, _FOLDER)
    except OSError:
        return None
    for name in names:
        try:
            inner = os.open(name, _FOLDER, dir_fd=current)
        except OSError:
            os.close(current)
            return None
        os.close(current)
        current = inner
    return current


def _read_all(handle: int, size: int) -> bytes:
    """The file's bytes, one more than `size` asked for so that a file grown since is seen."""
    chunks = []
    remaining = size + 1
    while remaining > 0:
        chunk = os.read(handle, remaining)
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _holding(data: bytes) -> Callable[[int, os.stat_result], bool]:
    """The old file holds exactly `data` (read and compared)."""
    return lambda handle, found: found.st_size == len(data) and _read_all(handle, len(data)) == data


def _unchanged(entry: tuple[str, int, int, int]) -> Callable[[int, os.stat_result], bool]:
    """The old file is the one the record lists: same inode, size and modification time."""
    _, inode, size, modified = entry
    return lambda handle, found: (
        (found.st_ino, found.st_size, found.st_mtime_ns)
        == (
            inode,
            size,
            modified,
        )
    )


class SiteRecord:
    """What a build puts at each path of its site (the content's identity), kept for the next
    build with each file's inode, size and modification time (see the module's docstring)."""

    def __init__(self) -> None:
        self.contents: dict[str, str] = {}

    def note(self, relative: str, content: str) -> None:
        self.contents[relative] = content

    def save(self, path: Path, site_dir: Path, staging: Path, secret: bytes) -> None:
        """Signs and writes the record of the site built in `staging`, to be `site_dir`. Files
        are looked at as they are now, at the end of the build; one that is not a regular file
        there (or is gone) is left out."""
        files = []
        for relative, content in sorted(self.contents.items()):
            try:
                found = os.lstat(os.path.join(staging, relative))
            except OSError:
                continue
            if stat.S_ISREG(found.st_mode):
                files.append([relative, content, found.st_ino, found.st_size, found.st_mtime_ns])
        payload = json.dumps(
            {"site": str(site_dir), "files": files}, ensure_ascii=False, separators=(",", ":")
        ).encode()
        signature = hmac.new(secret, payload, hashlib.sha256).hexdigest().encode()
        temporary = path.with_name(f".{path.name}-{os.getpid()}.tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with os.fdopen(os.open(temporary, flags, 0o600), "wb") as stream:
                stream.write(signature + b"\n" + payload)
            os.replace(temporary, path)
        except OSError:
            return  # no record: the next build compares the files it links, as without one


def load_record(path: Path, site_dir: Path, secret: bytes) -> Known:
    """The record a build of `site_dir` saved at `path`; empty when there is none, it is not
    signed with `secret`, or it is of another site folder."""
    try:
        data = read_regular(path, limit=_RECORD_LIMIT)
    except (OSError, UnsafePathError, FileTooLargeError):
        return {}
    signature, _, payload = data.partition(b"\n")
    expected = hmac.new(secret, payload, hashlib.sha256).hexdigest().encode()
    if not hmac.compare_digest(signature, expected):
        return {}
    try:
        record = json.loads(payload)
        if record["site"] != str(site_dir):
            return {}
        return {
            relative: (content, inode, size, modified)
            for relative, content, inode, size, modified in record["files"]
        }
    except (ValueError, KeyError, TypeError):
        return {}
