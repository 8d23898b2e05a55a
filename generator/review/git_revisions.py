"""Reading declarations at git revisions: what changed, and the file bytes before and after.

Only git's plumbing is used (diff --name-status, cat-file --batch), so that a repository of
10,000 declarations is read in one process call per revision, not one per file.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.core.diagnostics import JixiaoUserError
from generator.core.safe_fs import UnsafePathError, read_regular

# git's --name-status letters, with a score after R and C; never a (lower-case) commit id.
_STATUS = re.compile(r"[ACDMRTUXB][0-9]*")


@dataclass(frozen=True, slots=True)
class FileChange:
    """One changed file as git pairs it (a rename keeps both paths)."""

    status: str  # git's letter: A added, D deleted, M modified, R renamed or copied, T, …
    old_path: str | None  # repository-relative, "/" separated; None for an added file
    new_path: str | None  # None for a deleted file


def read_name_status(fields: list[str], index: int) -> tuple[list[FileChange], int]:
    """The file changes of `--name-status -z` output from `fields[index]` on, and the index of
    the first field after them (the end, or in `git log` the next commit's id).

    Read by position: a status, then one path (two for a rename or copy). `git diff` and
    `git log` print the same entries, so both are read here, once; a path with a newline or
    text that looks like a status is only ever a path.
    """
    changes: list[FileChange] = []
    # In `git log`, the first status of a commit follows the format's line end: "\nM".
    while index < len(fields) and _STATUS.fullmatch(status := fields[index].lstrip("\n")):
        if status[0] in "RC":
            changes.append(FileChange("R", fields[index + 1], fields[index + 2]))
            index += 3
        else:
            path = fields[index + 1]
            letter = status[0]
            changes.append(
                FileChange(letter, None if letter == "A" else path, None if letter == "D" else path)
            )
            index += 2
    return changes, index


def content_prefix(root: Path, content: Path) -> str:
    """The content folder inside the repository as git writes paths: "" when it is the top,
    otherwise ending in "/" (`content/`), so that prefix + content path is a repository path.
    The pathspec that selects the folder is `prefix or "."`. ValueError when `content` is not
    inside `root`."""
    inside = content.resolve().relative_to(root.resolve()).as_posix()
    return "" if inside == "." else inside + "/"


def run_git(args: list[str], cwd: Path, *, input_bytes: bytes | None = None) -> bytes:
    """Every git call goes through here, so that a missing git or a failing command is a
    clear Chinese error, never a traceback. The output stays bytes: paths need not be UTF-8."""
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, input=input_bytes, capture_output=True, check=False
        )
    except OSError as exc:
        raise JixiaoUserError(f"无法运行 git：{exc}") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise JixiaoUserError(f"git {' '.join(args[:2])} 失败：{message}")
    return result.stdout


def repository_root(path: Path) -> Path | None:
    """The top of the repository holding `path`, or None: history and diff are optional
    features, so the caller decides whether no repository is an error."""
    try:
        out = run_git(["rev-parse", "--show-toplevel"], path if path.is_dir() else path.parent)
    except JixiaoUserError:
        return None
    return Path(out.decode().strip())


def is_shallow(root: Path) -> bool:
    """A shallow clone knows only part of the history: what is read from it is marked
    incomplete rather than shown as all there is."""
    return run_git(["rev-parse", "--is-shallow-repository"], root).decode().strip() == "true"


def resolve(root: Path, revision: str) -> str:
    """The full commit id of `revision`, so that a diff names fixed commits even when a branch
    moves meanwhile; an unknown revision is a user error."""
    try:
        return run_git(["rev-parse", "--verify", f"{revision}^{{commit}}"], root).decode().strip()
    except JixiaoUserError:
        raise JixiaoUserError(f"找不到 git 版本“{revision}”") from None


def default_base(root: Path) -> str:
    """The merge base with main (or master), as a pull request would be compared."""
    for branch in ("main", "origin/main", "master", "origin/master"):
        try:
            return run_git(["merge-base", "HEAD", branch], root).decode().strip()
        except JixiaoUserError:
            continue
    raise JixiaoUserError(
        "找不到 main 分支，无法确定比较的基准；请写明 BASE，例如 jixiao diff HEAD~1"
    )


def changed_files(root: Path, base: str, head: str | None, pathspec: str) -> list[FileChange]:
    """The files changed between `base` and `head` under `pathspec`, renames paired by git.
    `head` None is the working tree with its untracked files, as a pull request would add them."""
    args = ["diff", "--name-status", "-M", "-z", base]
    if head is not None:
        args.append(head)
    args += ["--", pathspec]
    # Paths are bytes to git: any that are not UTF-8 survive the round trip (surrogateescape).
    fields = [os.fsdecode(f) for f in run_git(args, root).split(b"\0")]
    changes, _ = read_name_status(fields, 0)
    if head is None:
        untracked = run_git(
            ["ls-files", "--others", "--exclude-standard", "-z", "--", pathspec], root
        )
        changes += [FileChange("A", None, os.fsdecode(p)) for p in untracked.split(b"\0") if p]
    return changes


def read_blobs(root: Path, revision: str, paths: list[str]) -> dict[str, bytes]:
    """The bytes of each path at `revision`, with one `git cat-file --batch`."""
    found = read_blobs_at(root, [(revision, path) for path in paths])
    return {path: blob for (_, path), blob in found.items()}


def _cat_file(
    root: Path, requests: list[tuple[str, str]], with_content: bool
) -> dict[tuple[str, str], tuple[str, bytes]]:
    """(blob id, bytes) of each (revision, path) that is a blob, from one `git cat-file`
    (`--batch`, or `--batch-check` without the bytes: empty then)."""
    unique = list(dict.fromkeys(requests))
    if not unique:
        return {}
    # NUL-separated input (-z), so a path may hold a newline. git echoes the name of an object
    # it cannot find; that echo is recognised as exactly the name we sent, never parsed.
    names = [os.fsencode(f"{revision}:{path}") for revision, path in unique]
    mode = "--batch" if with_content else "--batch-check"
    out = run_git(["cat-file", mode, "-z"], root, input_bytes=b"\0".join(names) + b"\0")
    found: dict[tuple[str, str], tuple[str, bytes]] = {}
    position = 0
    for request, name in zip(unique, names, strict=True):
        echoed = next(
            (
                name + word
                for word in (b" missing\n", b" ambiguous\n")
                if out.startswith(name + word, position)
            ),
            None,
        )
        if echoed is not None:
            position += len(echoed)
            continue
        header_end = out.index(b"\n", position)
        object_id, kind, size_text = out[position:header_end].split(b" ")
        position = header_end + 1
        data = b""
        if with_content:
            size = int(size_text)
            data = out[position : position + size]
            position += size + 1
        if kind == b"blob":
            found[request] = (object_id.decode("ascii"), data)
    return found


def read_blobs_at(root: Path, requests: list[tuple[str, str]]) -> dict[tuple[str, str], bytes]:
    """The bytes of each (revision, path) that exists, all in one `git cat-file --batch`."""
    return {request: data for request, (_, data) in _cat_file(root, requests, True).items()}


def blob_ids_at(root: Path, requests: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The blob id of each (revision, path) that exists, in one `git cat-file --batch-check`:
    what a blob holds never changes, so its id stands for its bytes without reading them."""
    return {request: blob for request, (blob, _) in _cat_file(root, requests, False).items()}


def read_worktree(root: Path, paths: list[str]) -> dict[str, bytes]:
    """The working tree's bytes of each path. A symbolic link, FIFO or device gives no bytes
    (it is then listed as unreadable): its target's text must not reach a review comment."""
    found: dict[str, bytes] = {}
    for path in paths:
        file = root / path
        if not os.path.lexists(file):
            continue
        try:
            found[path] = read_regular(file, root)
        except (UnsafePathError, OSError):
            found[path] = b""
    return found
