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
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.core.safe_fs import umask

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_READ = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
_FOLDER = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_DIRECTORY", 0)
# Opening and linking relative to an open folder is what keeps a swapped-in link from being
# followed; without it (not on Linux), nothing is linked.
_DIR_FD = os.open in os.supports_dir_fd and os.link in os.supports_dir_fd and _NOFOLLOW != 0


class PreviousSite:
    def __init__(self, root: Path, staging: Path) -> None:
        self.root = root
        self.staging = staging
        self.linked = 0
        self._made: set[str] = {""}  # folders made in the staging folder
        self._mode = 0o666 & ~umask()  # what MkDocs' open() gives a new file

    @classmethod
    def of(cls, site_dir: Path, staging: Path) -> PreviousSite | None:
        """The site at `site_dir` as the source for a build into `staging`; None when there is
        none, it is a link, it lies on another file system (no hard link could be made), or
        the system cannot link relative to an open folder."""
        try:
            old, new = os.lstat(site_dir), os.stat(staging)
        except OSError:
            return None
        if not stat.S_ISDIR(old.st_mode) or old.st_dev != new.st_dev or not _DIR_FD:
            return None
        return cls(site_dir, staging)

    def place(self, relative: str, data: bytes) -> bool:
        """Puts `data` at `relative` (a path with `/` inside the new site) as a hard link to
        the old site's file there, if that file holds exactly `data`. False: nothing was done,
        the caller writes the file."""
        parts = relative.split("/")
        if not relative or relative.startswith("/") or any(p in ("", ".", "..") for p in parts):
            return False
        folder = _open_folder(self.root, parts[:-1])
        if folder is None:
            return False
        try:
            return self._link(folder, parts[-1], relative, data)
        finally:
            os.close(folder)

    def _link(self, folder: int, name: str, relative: str, data: bytes) -> bool:
        try:
            handle = os.open(name, _READ, dir_fd=folder)
        except OSError:
            return False
        try:
            found = os.fstat(handle)
            if not (
                stat.S_ISREG(found.st_mode)
                and found.st_size == len(data)
                and found.st_nlink == 1
                and found.st_uid == os.geteuid()
                and stat.S_IMODE(found.st_mode) == self._mode
                and _read_all(handle, len(data)) == data
            ):
                return False
            target = os.path.join(self.staging, relative)
            self._make_folder(relative.rpartition("/")[0])
            os.link(name, target, src_dir_fd=folder, follow_symlinks=False)
        except OSError:
            return False
        finally:
            os.close(handle)
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
