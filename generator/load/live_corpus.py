"""The corpus kept between the rebuilds of `mkdocs serve`: after a save, only what changed is read.

A full load reads and checks every file (5 s at 10,000 declarations). Under `mkdocs serve` the
last corpus is kept with the size and modification time of every file it came from; the next
rebuild reads again only the declarations whose file changed, and takes everything the rules
across files need for the others from the check cache (`load_corpus(only=…)`), so that its
problems are those a full load finds. Anything else (a file added or removed, the registry or a
self-evaluation changed, a changed declaration that a self-evaluation answers, no check cache)
falls back to a full load.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.core.evaluation_model import EVALUATION_SUFFIX, is_evaluation_file
from generator.core.project import Corpus
from generator.load.corpus import load_corpus, project_order

# (size, modification time in ns, inode): a save through a new file changes the inode.
Signature = tuple[int, int, int]


def content_signatures(root: Path) -> dict[str, Signature]:
    """Every file under `root` two levels down and at its top (the registry), by relative path.

    Links are not followed; what a full load refuses (links, odd names) simply makes the
    signatures differ, so that the next rebuild loads everything and reports it."""
    found: dict[str, Signature] = {}

    def walk(folder: Path, prefix: str, depth: int) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                # A folder's own times change when an editor saves through a new file: only
                # that it is there counts (what it holds is listed by name).
                found[name] = (0, 0, 0)
                if depth < 2:
                    walk(Path(entry.path), name + "/", depth + 1)
                continue
            info = entry.stat(follow_symlinks=False)
            found[name] = (info.st_size, info.st_mtime_ns, info.st_ino)

    walk(root, "", 0)
    return found


@dataclass(frozen=True, slots=True)
class LiveCorpus:
    corpus: Corpus
    signatures: dict[str, Signature]


def reload_corpus(root: Path, cache_dir: Path | None, last: LiveCorpus | None) -> LiveCorpus:
    """The corpus of `root` now: `last` with only its changed declarations read again, when
    that gives what a full load gives; else a full load."""
    signatures = content_signatures(root)
    changed = _changed_declarations(signatures, last, cache_dir)
    if last is None or changed is None:
        return LiveCorpus(load_corpus(root, cache_dir), signatures)
    if not changed:
        return LiveCorpus(last.corpus, signatures)
    fresh = load_corpus(root, cache_dir, only={(root / path).resolve() for path in changed})
    kept = [p for p in last.corpus.projects if p.source_path not in changed]
    projects = sorted(kept + fresh.projects, key=project_order(fresh.registry))
    corpus = Corpus(
        root,
        fresh.registry,
        projects,
        fresh.diagnostics,
        fresh.file_count,
        fresh.notices,
        last.corpus.evaluations,
    )
    return LiveCorpus(corpus, signatures)


def _changed_declarations(
    now: dict[str, Signature], last: LiveCorpus | None, cache_dir: Path | None
) -> set[str] | None:
    """The declarations whose file changed since `last`, or None when a full load is needed."""
    if (
        last is None
        or cache_dir is None
        or not last.corpus.ok
        or now.keys() != last.signatures.keys()
    ):
        return None
    changed = {path for path, signature in now.items() if last.signatures[path] != signature}
    answered = {
        path.removesuffix(EVALUATION_SUFFIX) + ".yaml" for path in now if is_evaluation_file(path)
    }
    for path in changed:
        if path.count("/") != 2 or not path.endswith(".yaml") or is_evaluation_file(path):
            return None  # the registry, a folder, a self-evaluation: read everything
        if path in answered:
            return None  # its self-evaluation's analysis depends on it
    return changed
