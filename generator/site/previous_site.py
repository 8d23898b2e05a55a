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
site is what a build without it writes (the tests compare the two). Only a regular file reached
through real folders of the old site is linked (no symbolic link is followed, a folder of the old
site that is a link is skipped), and the link is checked to be the very file that was compared.
A file is never linked where one is already in place, so nothing ever writes into a linked file
(which would change the old site too). Where a link cannot be made (another file system, a file
of another user under `protected_hardlinks`), the build writes the file as before.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class PreviousSite:
    def __init__(self, root: Path, staging: Path) -> None:
        self.root = root
        self.staging = staging
        self.linked = 0
        self._real: dict[str, bool] = {"": True}  # folder of the old site → a real folder
        self._made: set[str] = {""}  # folders made in the staging folder

    @classmethod
    def of(cls, site_dir: Path, staging: Path) -> PreviousSite | None:
        """The site at `site_dir` as the source for a build into `staging`; None when there is
        none, it is a link, or it lies on another file system (no hard link could be made)."""
        try:
            old, new = os.lstat(site_dir), os.stat(staging)
        except OSError:
            return None
        if not stat.S_ISDIR(old.st_mode) or old.st_dev != new.st_dev:
            return None
        return cls(site_dir, staging)

    def place(self, relative: str, data: bytes) -> bool:
        """Puts `data` at `relative` (a path with `/` inside the new site) as a hard link to
        the old site's file there, if that file holds exactly `data`. False: nothing was done,
        the caller writes the file."""
        parts = relative.split("/")
        if not relative or relative.startswith("/") or any(p in ("", ".", "..") for p in parts):
            return False
        folder = "/".join(parts[:-1])
        if not self._real_folder(folder):
            return False
        try:
            handle = os.open(os.path.join(self.root, relative), _READ)
        except OSError:
            return False
        try:
            found = os.fstat(handle)
            if not stat.S_ISREG(found.st_mode) or found.st_size != len(data):
                return False
            if _read_all(handle, len(data)) != data:
                return False
            target = os.path.join(self.staging, relative)
            self._make_folder(folder)
            os.link(os.path.join(self.root, relative), target, follow_symlinks=False)
        except OSError:
            return False
        finally:
            os.close(handle)
        # The path may have been replaced between the comparison and the link: keep the link
        # only if it is the file compared.
        try:
            made = os.lstat(target)
        except OSError:
            return False
        if (made.st_ino, made.st_dev) != (found.st_ino, found.st_dev):
            os.unlink(target)
            return False
        self.linked += 1
        return True

    def _real_folder(self, folder: str) -> bool:
        """`folder` of the old site and every folder above it are real folders, not links."""
        known = self._real.get(folder)
        if known is not None:
            return known
        parent, _, _ = folder.rpartition("/")
        real = self._real_folder(parent)
        if real:
            try:
                real = stat.S_ISDIR(os.lstat(os.path.join(self.root, folder)).st_mode)
            except OSError:
                real = False
        self._real[folder] = real
        return real

    def _make_folder(self, folder: str) -> None:
        if folder not in self._made:
            os.makedirs(os.path.join(self.staging, folder), exist_ok=True)
            self._made.add(folder)


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
