"""Reading and writing files that a pull request may have planted, without following links.

A repository is untrusted input: `content/departments.yaml` may be a symbolic link to a
credentials file, a declaration may be a FIFO that blocks a read for ever, and a folder on the
way to a file `jixiao fmt` rewrites may be a link out of the repository. So every file under
`content/` is opened with O_NOFOLLOW (and O_NONBLOCK, so a FIFO cannot hang the open), checked
to be a regular file on the open descriptor, and every folder between the root and the file is
checked not to be a link. Writes go to a new temporary file in the same folder, then
`os.replace`, so a reader never sees half a file and a link in the target's place is refused.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from generator.core.diagnostics import JixiaoUserError

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class UnsafePathError(JixiaoUserError):
    """A symbolic link, FIFO, device or other non-regular file where a regular file must be."""


def _shown(path: Path) -> str:
    """As the user would write it: relative to the working directory when inside it."""
    relative = os.path.relpath(os.path.abspath(path))
    return Path(path).as_posix() if relative.startswith("..") else Path(relative).as_posix()


def linked_component(path: Path, root: Path | None = None) -> Path | None:
    """The first symbolic link on the way from `root` (itself included) to `path`, if any.

    Without a root, the folders from the working directory down to the path are checked; a
    path outside the working directory has only its last component checked (links in system
    folders above, such as a `/home` that is a link, are the operator's business).
    """
    absolute = Path(os.path.abspath(path))
    base = Path(os.path.abspath(root)) if root is not None else Path.cwd()
    try:
        relative = absolute.relative_to(base)
    except ValueError:
        return absolute if absolute.is_symlink() else None
    current = base
    if root is not None and current.is_symlink():
        return Path(root)
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def refuse_links(path: Path, root: Path | None = None) -> None:
    """Raise unless `path` is reached without links (and, with a root, lies inside it)."""
    if root is not None and not Path(os.path.abspath(path)).is_relative_to(os.path.abspath(root)):
        raise UnsafePathError(
            f"{_shown(path)} 不在 {_shown(root)} 之内；jixiao 不在内容目录之外读写。"
        )
    link = linked_component(path, root)
    if link is not None:
        raise UnsafePathError(
            f"{_shown(link)} 是符号链接；jixiao 不通过符号链接读写文件，请换成真实的文件或目录。"
        )


class FileTooLargeError(Exception):
    """The file is larger than the reader's limit; nothing of it was read."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def read_regular(
    path: Path,
    root: Path | None = None,
    *,
    parents_checked: bool = False,
    limit: int | None = None,
) -> bytes:
    """The bytes of `path`, which must be a regular file reached without any symbolic link.

    `limit`: a file of more bytes raises FileTooLargeError before any byte is read, so that a
    file of gigabytes (a sparse one takes no disk) is refused without filling the memory.

    `parents_checked`: the caller has just walked the folders down to `path` without links
    (as `load_corpus` does), so only the file itself is checked (10,000 files: 0.3 s saved).
    """
    if not parents_checked:
        refuse_links(path.parent, root)
    try:
        descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK) or path.is_symlink():
            raise UnsafePathError(
                f"{_shown(path)} 是符号链接；jixiao 不读取符号链接，请放入真实文件。"
            ) from None
        raise
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        mode = info.st_mode
        if not stat.S_ISREG(mode):
            raise UnsafePathError(
                f"{_shown(path)} 不是普通文件（{kind_of(mode)}）；请放入真实文件。"
            )
        if limit is None:
            return stream.read()
        if info.st_size > limit:
            raise FileTooLargeError(info.st_size)  # from its size: no byte is read
        # Asking for the size fstat gave (and one byte more, to see a file that grew since) and
        # not for `limit + 1`: a read of n bytes allocates n first, and 1 MB per file of 5 KB
        # made reading a content tree about twice as slow.
        data = stream.read(info.st_size + 1)
        if len(data) > info.st_size:  # a file that grew since fstat: read on, up to the limit
            data += stream.read(limit + 1 - len(data))
        if len(data) > limit:
            raise FileTooLargeError(len(data))
        return data


def kind_of(mode: int) -> str:
    """A file type in words, for an error about a file that is not a regular one."""
    if stat.S_ISLNK(mode):
        return "符号链接"
    if stat.S_ISDIR(mode):
        return "目录"
    if stat.S_ISFIFO(mode):
        return "命名管道"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    return "特殊文件"


def write_atomic(path: Path, data: bytes, root: Path | None = None) -> None:
    """Replace `path` with `data` in one step, never writing to or through a symbolic link."""
    refuse_links(path, root)
    if path.exists() and not path.is_file():
        raise UnsafePathError(f"{_shown(path)} 不是普通文件，不能写入。")
    folder = path.parent
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644 & ~umask()
        os.chmod(temporary, mode)
        # A link planted between the check above and this moment is replaced, not followed:
        # rename works on the directory entry.
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def make_folders(folder: Path, root: Path | None = None) -> None:
    """`mkdir -p` that refuses to create anything through a symbolic link."""
    refuse_links(folder, root)
    folder.mkdir(parents=True, exist_ok=True)
    refuse_links(folder, root)


def yaml_files(root: Path) -> list[Path]:
    """Every `*.yaml` under `root`, without descending into linked folders; linked folders
    are listed too, so that whoever reads them reports the link instead of skipping it."""
    found: list[Path] = []
    for folder, folders, files in os.walk(root, followlinks=False):
        folders.sort()
        found += [Path(folder) / name for name in files if name.endswith(".yaml")]
        found += [Path(folder) / name for name in folders if (Path(folder) / name).is_symlink()]
    return sorted(found)


def umask() -> int:
    """The process's umask (reading it means setting it: set back at once)."""
    current = os.umask(0)
    os.umask(current)
    return current
