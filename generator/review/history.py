"""Each declaration's revision history from git, following renames and moves.

One `git log --name-status` over content/ gives every commit with the files it touched; walking
it from the newest commit back, each project's current path is traced through renames. The
semantic diff of each revision is computed from the blobs before and after, read in one
`git cat-file --batch`. Outside a git repository there is no history, and no error; in a
shallow clone the history is marked incomplete.

What a revision shows on the site is its semantic change, in Chinese (generator/
history_summary.py). A commit message is written for colleagues, often in English: it is shown
only when the publisher opts in, for all commits (`public_subjects`, set from the plugin option
`public_commit_messages` in mkdocs.yml) or for one commit, with a `公开说明: …` line at the end
of its message, whose text is then shown instead of the subject.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from generator.core.diagnostics import JixiaoUserError
from generator.core.evaluation_model import named_as_evaluation
from generator.core.model import Declaration
from generator.core.money import to_yuan
from generator.load.corpus import parse_declaration
from generator.review.diff_format import change_lines
from generator.review.git_revisions import (
    FileChange,
    blob_ids_at,
    content_prefix,
    is_shallow,
    read_blobs_at,
    read_name_status,
    repository_root,
    run_git,
)
from generator.review.history_cache import Described, HistoryCache, revision_key
from generator.review.history_summary import change_summary, created_summary
from generator.review.semantic_diff import compare

MAX_REVISIONS_PER_PROJECT = 30
MAX_RECENT = 50
_COMMIT_ID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")


class RevisionKind(StrEnum):
    """What one commit did to a declaration file. The values are the words the site shows
    beside the revision (as `Severity` and `Reading` are); code compares members."""

    CREATED = "新建"
    MODIFIED = "修改"  # values changed, or a side that does not load (what it holds is unknown)
    REFORMATTED = "格式调整"  # the file changed, no value did: comments, quoting, layout
    MOVED = "移动"
    MOVED_AND_MODIFIED = "移动并修改"

    @property
    def moved(self) -> bool:
        """The file has a new path: the page shows where it came from."""
        return self in (RevisionKind.MOVED, RevisionKind.MOVED_AND_MODIFIED)


@dataclass(frozen=True, slots=True)
class Revision:
    """One commit's change to one declaration, as the project page lists it."""

    commit: str
    date: str  # the commit date, ISO (YYYY-MM-DD)
    subject: str
    kind: RevisionKind
    old_path: str | None
    new_path: str
    changes: tuple[str, ...]  # the semantic diff, one line per change
    summary: str = ""  # the semantic diff in one line of Chinese
    public_note: str = ""  # the text of the commit's `公开说明:` lines, if any


@dataclass(slots=True)
class History:
    """The revisions of every declaration and the latest across all of them, for the site."""

    by_source: dict[str, list[Revision]] = field(default_factory=dict)  # content-relative path
    recent: list[tuple[str, Revision]] = field(default_factory=list)  # (content path, revision)
    incomplete: bool = False
    available: bool = False
    public_subjects: bool = False  # the publisher publishes every commit's subject


def shown_note(revision: Revision, public_subjects: bool) -> str:
    """What the site shows of the commit message: a `公开说明:` text, or the subject when the
    publisher opted in for all commits, or nothing."""
    return revision.public_note or (revision.subject if public_subjects else "")


@dataclass(slots=True)
class _Commit:
    sha: str
    date: str
    subject: str
    changes: list[FileChange]


def _log(root: Path, pathspec: str) -> list[_Commit]:
    """Every commit that touched `pathspec`, newest first, with its changed files.

    Everything is NUL-separated (`-z`, `%x00`), and nothing a committer writes can hold a NUL:
    git ends a message at one, and paths cannot contain one. So the output is a plain list of
    fields, read by position: commit id, date, subject, then status and one or two paths per
    changed file, until the next commit id. A subject or path with newlines, record separators
    or text that looks like a diff header is only ever a subject or a path.
    """
    out = run_git(
        ["log", "-M", "--name-status", "-z", "--format=%H%x00%cs%x00%s", "--", pathspec],
        root,
    )
    fields = [os.fsdecode(f) for f in out.split(b"\0")]
    commits: list[_Commit] = []
    index = 0
    while index + 2 < len(fields):
        sha, date, subject = fields[index : index + 3]
        if not _COMMIT_ID.fullmatch(sha):
            raise JixiaoUserError(f"无法解读 git log 的输出（“{sha[:40]}”处）")
        changes, index = read_name_status(fields, index + 3)
        commits.append(_Commit(sha, date, subject.strip(), changes))
    return commits


_NOTE_KEYS = ("公开说明:", "公开说明：")


def _public_notes(root: Path, pathspec: str) -> dict[str, str]:
    """sha → the text of the commit message's `公开说明:` (or `公开说明：`) lines, joined.

    A second `git log`, NUL-separated (a commit message cannot contain NUL), of the whole
    message: `sha NUL message NUL` for each commit."""
    out = run_git(["log", "-z", "--format=%H%x00%B", "--", pathspec], root)
    fields = out.decode("utf-8", "replace").split("\0")
    notes: dict[str, str] = {}
    for index in range(0, len(fields) - 1, 2):
        sha, message = fields[index].strip(), fields[index + 1]
        texts = [
            line.strip()[len(key) :].strip()
            for line in message.splitlines()
            for key in _NOTE_KEYS
            if line.strip().startswith(key)
        ]
        if any(texts):
            notes[sha] = "；".join(text for text in texts if text)
    return notes


def _describe(before: Declaration | None, after: Declaration | None) -> tuple[tuple[str, ...], str]:
    """(one line per change, the one-line summary)."""
    if after is not None and before is None:
        total = after.annual_funds.total
        return (), created_summary(after, None if total is None else to_yuan(total, after.unit))
    if before is None or after is None:
        return (), ""
    change = compare(before, after)
    return tuple(change_lines(change)), change_summary(change)


def load_history(content: Path, current_paths: list[str], cache_dir: Path | None = None) -> History:
    """History of the declarations at `current_paths` (relative to `content`), for the site's
    修订记录 and 最近修改. Never an error: without git, in an empty repository or where git
    fails, the site is built without history (`available` is False), because a published site
    must not depend on how it was checked out. With `cache_dir`, what each revision changed is
    kept there (history_cache.py) and only revisions not seen before are parsed."""
    history = History()
    root = repository_root(content)
    if root is None:
        return history
    try:
        prefix = content_prefix(root, content)
        commits = _log(root, prefix or ".")
        notes = _public_notes(root, prefix or ".")
        history.incomplete = is_shallow(root)
    except (JixiaoUserError, ValueError):
        return history  # an empty repository, or git unusable: the site is built without history
    history.available = True
    tracked = {prefix + p: p for p in current_paths}  # repository path now → content path
    pending: list[tuple[str, _Commit, str, str | None, str]] = []
    counts: dict[str, int] = {}
    for commit in commits:  # newest first
        for file_change in commit.changes:
            status, old, new = file_change.status, file_change.old_path, file_change.new_path
            if new is None or new not in tracked:
                continue
            source = tracked.pop(new)
            if status == "R" and old is not None and named_as_evaluation(old.rpartition("/")[2]):
                # git paired the declaration with a file named as a 自评表 (`check` read it as
                # one, misnamed or not): no earlier version of this declaration, which begins here.
                status, old = "A", None
            if counts.get(source, 0) < MAX_REVISIONS_PER_PROJECT:
                counts[source] = counts.get(source, 0) + 1
                pending.append((source, commit, status, old, new))
            if status == "R" and old is not None:
                tracked[old] = source
            elif status == "M":
                tracked[new] = source
    cache = HistoryCache.open(cache_dir, content) if cache_dir is not None else None
    described = _described(root, pending, cache)
    for (source, commit, status, old, new), outcome in zip(pending, described, strict=True):
        lines, summary = outcome.lines, outcome.summary
        if status == "A":
            kind = RevisionKind.CREATED
        elif status == "R":
            kind = RevisionKind.MOVED_AND_MODIFIED if lines else RevisionKind.MOVED
        elif lines or not outcome.before_loaded or not outcome.after_loaded:
            kind = RevisionKind.MODIFIED  # (a side that does not load: content we cannot say)
        else:
            kind = RevisionKind.REFORMATTED
        if not summary:
            summary = "格式调整（没有值变化）" if kind is RevisionKind.REFORMATTED else kind.value
        revision = Revision(
            commit.sha,
            commit.date,
            commit.subject,
            kind,
            old,
            new,
            lines,
            summary=summary,
            public_note=notes.get(commit.sha, ""),
        )
        history.by_source.setdefault(source, []).append(revision)
    every = [(source, r) for source, revisions in history.by_source.items() for r in revisions]
    order = {c.sha: i for i, c in enumerate(commits)}
    every.sort(key=lambda pair: (order[pair[1].commit], pair[0]))
    history.recent = every[:MAX_RECENT]
    return history


_Pending = tuple[str, "_Commit", str, str | None, str]


def _described(root: Path, pending: list[_Pending], cache: HistoryCache | None) -> list[Described]:
    """Each pending change described: from the cache by the ids of its blobs, otherwise by
    reading both blobs (one `git cat-file --batch` for all) and comparing what they hold."""
    keys: list[str | None] = [None] * len(pending)
    if cache is not None:
        after_ids = blob_ids_at(root, [(c.sha, new) for _, c, _, _, new in pending])
        before_ids = blob_ids_at(
            root, [(f"{c.sha}^", old) for _, c, _, old, _ in pending if old is not None]
        )
        keys = [
            revision_key(
                status,
                old,
                new,
                before_ids.get((f"{commit.sha}^", old), "") if old is not None else "",
                after_ids.get((commit.sha, new), ""),
            )
            for _, commit, status, old, new in pending
        ]
    found = [cache.get(key) if cache is not None and key else None for key in keys]
    missing = [item for item, hit in zip(pending, found, strict=True) if hit is None]
    blobs_after = read_blobs_at(root, [(c.sha, new) for _, c, _, _, new in missing])
    blobs_before = read_blobs_at(
        root, [(f"{c.sha}^", old) for _, c, _, old, _ in missing if old is not None]
    )
    described: list[Described] = []
    for (_, commit, status, old, new), key, hit in zip(pending, keys, found, strict=True):
        if hit is None:
            after = _parse(blobs_after.get((commit.sha, new)), new)
            before = _parse(blobs_before.get((f"{commit.sha}^", old)), old) if old else None
            # Only an added file is a new declaration: a side that does not load is not one.
            lines, summary = _describe(before, after) if status == "A" or before else ((), "")
            hit = Described(lines, summary, before is not None, after is not None)
            if cache is not None and key:
                cache.put(key, hit)
        described.append(hit)
    if cache is not None:
        cache.save()
    return described


def _parse(raw: bytes | None, path: str) -> Declaration | None:
    return None if raw is None else parse_declaration(path, raw)
