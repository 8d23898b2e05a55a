"""`jixiao diff`: read the changed declarations at two revisions and compare them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from generator.core.diagnostics import JixiaoUserError
from generator.core.evaluation_model import (
    EVALUATION_SUFFIX,
    Evaluation,
    misnamed_evaluation,
    misnamed_message,
    named_as_evaluation,
)
from generator.core.model import Declaration
from generator.load.corpus import REGISTRY_FILE, parse_declaration
from generator.load.evaluation_corpus import answered_slug, load_evaluation
from generator.review.evaluation_diff import EvaluationChange, diff_evaluations
from generator.review.git_revisions import (
    changed_files,
    content_prefix,
    default_base,
    is_shallow,
    read_blobs,
    read_worktree,
    repository_root,
    resolve,
)
from generator.review.semantic_diff import DEFAULT_THRESHOLD, DiffReport, diff_declarations


def _inside(path: str, prefix: str) -> str:
    return path[len(prefix) :] if prefix and path.startswith(prefix) else path


def _is_declaration(path: str, prefix: str) -> bool:
    inside = _inside(path, prefix)
    return (
        inside.endswith(".yaml")
        # `<项目代码>.自评.yaml` is a self-evaluation, and so is `x-自评.yaml` (misnamed), as
        # `check` reads it
        and not named_as_evaluation(inside.rsplit("/", 1)[-1])
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
    """`jixiao diff`: the declarations and 自评表 changed between `base` (None: the merge base
    with main, as a pull request is compared) and `head` (None: the working tree, untracked
    files included). Only the changed files are read, from git's objects in one call per
    revision, so that a diff of a large repository costs what the change costs. A file that
    does not load on one side is listed as unreadable rather than guessed about."""
    root = repository_root(content)
    if root is None:
        raise JixiaoUserError(f"{content} 不在 git 仓库中，无法比较版本")
    prefix = content_prefix(root, content)
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
    report.evaluations, unreadable = _evaluation_changes(root, base_commit, head_commit, prefix)
    report.invalid = sorted({*report.invalid, *unreadable})
    report.incomplete_history = is_shallow(root)
    return report


def _is_evaluation(path: str, prefix: str) -> bool:
    inside = _inside(path, prefix)
    return named_as_evaluation(inside.rsplit("/", 1)[-1]) and inside.count("/") == 2


def _declaration_beside(path: str) -> str:
    """The declaration a self-evaluation file answers, in the same folder (`check` pairs a
    misnamed one the same way)."""
    folder, _, name = path.rpartition("/")
    slug = answered_slug(name) or name
    return f"{folder}/{slug}.yaml" if folder else f"{slug}.yaml"


def _evaluations_at(
    root: Path, commit: str | None, paths: list[str], invalid: list[str]
) -> dict[str, tuple[Evaluation, Declaration | None]]:
    """Each self-evaluation at a revision (None: the worktree) with the declaration beside it
    at the same revision, so that the readings are the ones the site showed then."""
    beside = {path: _declaration_beside(path) for path in paths}
    wanted = [*paths, *beside.values()]
    blobs = read_blobs(root, commit, wanted) if commit else read_worktree(root, wanted)
    found: dict[str, tuple[Evaluation, Declaration | None]] = {}
    for path in paths:
        if path not in blobs:
            continue
        raw = blobs[path]
        declared = blobs.get(beside[path])
        declaration = parse_declaration(beside[path], declared) if declared is not None else None
        evaluation, _ = load_evaluation(path, raw, declaration)
        if evaluation is None:
            invalid.append(path)
        else:
            found[path] = (evaluation, declaration)
    return found


def _evaluation_changes(
    root: Path, base_commit: str, head_commit: str | None, prefix: str
) -> tuple[list[EvaluationChange], list[str]]:
    """The self-evaluations changed between the revisions, and those that do not load on a
    side (listed as unreadable, like declarations: `jixiao check` says why)."""
    changes = changed_files(root, base_commit, head_commit, prefix or ".")
    old_paths = [c.old_path for c in changes if c.old_path and _is_evaluation(c.old_path, prefix)]
    new_paths = [c.new_path for c in changes if c.new_path and _is_evaluation(c.new_path, prefix)]
    # A declaration edit changes the readings of the self-evaluation beside it too.
    for c in changes:
        for path in (c.old_path, c.new_path):
            if path and _is_declaration(path, prefix):
                sibling = path[: -len(".yaml")] + EVALUATION_SUFFIX
                for bucket in (old_paths, new_paths):
                    if sibling not in bucket:
                        bucket.append(sibling)
    changed = {path for c in changes for path in (c.old_path, c.new_path) if path}
    unreadable_before: list[str] = []
    before = _evaluations_at(root, base_commit, old_paths, unreadable_before)
    unreadable_after: list[str] = []
    after = _evaluations_at(root, head_commit, new_paths, unreadable_after)
    # As for declarations: a 自评表 still there that does not load now is not a removed one.
    for path in unreadable_after:
        before.pop(path, None)
    unreadable = sorted({*unreadable_before, *unreadable_after} & changed)
    return diff_evaluations(before, after, misnamed=_misnamed), unreadable


def _misnamed(path: str) -> str | None:
    """check's words for a 自评表 whose name has a near suffix, None for any other path."""
    name = path.rpartition("/")[2]
    slug = misnamed_evaluation(name)
    return None if slug is None else misnamed_message(name, slug)
