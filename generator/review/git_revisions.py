"""Reading declarations at git revisions: what changed, and the file bytes before and after.

Only git's plumbing is used (diff --name-status, cat-file --batch), so that a repository of
10,000 declarations is read in one process call per revision, not one per file.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.core.diagnostics import JixiaoUserError
from generator.core.safe_fs import UnsafePathError, read_regular


@dataclass(frozen=True, slots=True)
class FileChange:
    status: str  # A added, D deleted, M modified, R renamed (git's letters)
    old_path: str | None  # repository-relative, "/" separated
    new_path: str | None


def run_git(args: list[str], cwd: Path, *, input_bytes: bytes | None = None) -> bytes:
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
    try:
        out = run_git(["rev-parse", "--show-toplevel"], path if path.is_dir() else path.parent)
    except JixiaoUserError:
        return None
    return Path(out.decode().strip())


def is_shallow(root: Path) -> bool:
    return run_git(["rev-parse", "--is-shallow-repository"], root).decode().strip() == "true"


def resolve(root: Path, revision: str) -> str:
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
    args = ["diff", "--name-status", "-M", "-z", base]
    if head is not None:
        args.append(head)
    args += ["--", pathspec]
    # Paths are bytes to git: any that are not UTF-8 survive the round trip (surrogateescape).
    fields = [os.fsdecode(f) for f in run_git(args, root).split(b"\0")]
    changes: list[FileChange] = []
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index][0]
        if status in "RC":
            changes.append(FileChange("R", fields[index + 1], fields[index + 2]))
            index += 3
        else:
            path = fields[index + 1]
            if status == "A":
                changes.append(FileChange("A", None, path))
            elif status == "D":
                changes.append(FileChange("D", path, None))
            else:
                changes.append(FileChange("M", path, path))
            index += 2
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


def read_blobs_at(root: Path, requests: list[tuple[str, str]]) -> dict[tuple[str, str], bytes]:
    """The bytes of each (revision, path) that exists, all in one `git cat-file --batch`."""
    unique = list(dict.fromkeys(requests))
    if not unique:
        return {}
    # NUL-separated input (-z), so a path may hold a newline. git echoes the name of an object
    # it cannot find; that echo is recognised as exactly the name we sent, never parsed.
    names = [os.fsencode(f"{revision}:{path}") for revision, path in unique]
    out = run_git(["cat-file", "--batch", "-z"], root, input_bytes=b"\0".join(names) + b"\0")
    found: dict[tuple[str, str], bytes] = {}
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
        _, kind, size_text = out[position:header_end].split(b" ")
        position = header_end + 1
        size = int(size_text)
        if kind == b"blob":
            found[request] = out[position : position + size]
        position += size + 1
    return found


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
