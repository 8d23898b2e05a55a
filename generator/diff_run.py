"""`jixiao diff`: read the changed declarations at two revisions and compare them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from generator.corpus import REGISTRY_FILE, parse_declaration
from generator.diagnostics import JixiaoUserError
from generator.evaluation_model import is_evaluation_file
from generator.git_revisions import (
    changed_files,
    default_base,
    is_shallow,
    read_blobs,
    read_worktree,
    repository_root,
    resolve,
)
from generator.model import Declaration
from generator.semantic_diff import DEFAULT_THRESHOLD, DiffReport, diff_declarations


def _is_declaration(path: str, prefix: str) -> bool:
    inside = path[len(prefix) :] if prefix and path.startswith(prefix) else path
    return (
        inside.endswith(".yaml")
        and not is_evaluation_file(inside)  # `<项目代码>.自评.yaml` is a self-evaluation
        and inside.count("/") == 2
        and inside != REGISTRY_FILE
    )


def _parse_all(blobs: dict[str, bytes], invalid: list[str]) -> dict[str, Declaration]:
    parsed = {}
    for path, raw in blobs.items():
        decl = parse_declaration(path, raw)
        if decl is None:
            invalid.append(path)
        else:
            parsed[path] = decl
    return parsed


def semantic_diff(
    content: Path,
    base: str | None,
    head: str | None,
    *,
    threshold: Decimal = DEFAULT_THRESHOLD,
) -> DiffReport:
    root = repository_root(content)
    if root is None:
        raise JixiaoUserError(f"{content} 不在 git 仓库中，无法比较版本")
    prefix = content.resolve().relative_to(root.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    base_commit = resolve(root, base) if base else default_base(root)
    head_commit = resolve(root, head) if head else None
    changes = [
        c
        for c in changed_files(root, base_commit, head_commit, prefix or ".")
        if any(_is_declaration(p, prefix) for p in (c.old_path, c.new_path) if p)
    ]
    old_paths = [c.old_path for c in changes if c.old_path]
    new_paths = [c.new_path for c in changes if c.new_path]
    invalid: list[str] = []
    before = _parse_all(read_blobs(root, base_commit, old_paths), invalid)
    after_blobs = (
        read_blobs(root, head_commit, new_paths) if head_commit else read_worktree(root, new_paths)
    )
    unreadable_after: list[str] = []
    after = _parse_all(after_blobs, unreadable_after)
    invalid += unreadable_after
    # A file that is still there but does not load is not a removed project: what it holds now
    # is unknown, so it is only listed as unreadable, and its BASE version is not compared.
    for change in changes:
        if change.old_path and change.new_path in unreadable_after:
            before.pop(change.old_path, None)
    renames = {
        c.old_path: c.new_path for c in changes if c.status == "R" and c.old_path and c.new_path
    }
    report = diff_declarations(
        before,
        after,
        renames,
        base=base or base_commit[:12],
        head=head or "工作区",
        invalid=sorted(set(invalid)),
        threshold=threshold,
    )
    report.incomplete_history = is_shallow(root)
    return report
