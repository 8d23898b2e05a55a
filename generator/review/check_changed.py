"""`jixiao check --changed`: the files a pull request touches, and the problems about them."""

from __future__ import annotations

from pathlib import Path

from generator.core.diagnostics import Diagnostic, JixiaoUserError
from generator.core.problems import CROSS_FILE_CODES  # shown whatever changed
from generator.load.corpus import REGISTRY_FILE, display_path
from generator.review.git_revisions import (
    changed_files,
    content_prefix,
    default_base,
    repository_root,
    resolve,
)


def changed_paths(content: Path, base: str | None) -> set[Path]:
    """Absolute paths of the declaration files added or modified since `base`."""
    root = repository_root(content)
    if root is None:
        raise JixiaoUserError(f"{content} 不在 git 仓库中，--changed 需要 git")
    commit = resolve(root, base) if base else default_base(root)
    changes = changed_files(root, commit, None, content_prefix(root, content) or ".")
    return {(root / c.new_path).resolve() for c in changes if c.new_path}


def keep_for_changed(diagnostics: list[Diagnostic], changed: set[Path]) -> list[Diagnostic]:
    """The problems a pull request is answerable for: those of the files it changed, and every
    problem that compares files with each other or concerns the layout or the registry, since
    a change to one file can break a rule about another."""
    # A name with a newline or bytes that are not UTF-8 is printed as <U+…> (display_path), so
    # it is matched as printed too: a pull request cannot hide a file's problems by its name.
    shown = {display_path(p) for p in changed}
    kept = []
    for diagnostic in diagnostics:
        path = Path(diagnostic.path).resolve()
        if (
            path in changed
            or diagnostic.path in shown
            or diagnostic.code in CROSS_FILE_CODES
            or path.name == REGISTRY_FILE
            or diagnostic.code.startswith("layout")
        ):
            kept.append(diagnostic)
    return kept
