"""The corpus kept between the rebuilds of `mkdocs serve`: after a save, only what changed is read.

A full load reads and checks every file (5 s at 10,000 declarations). Under `mkdocs serve` the
last load's results are kept for every file with its size, modification time and inode
(file_memory.py); the next rebuild reads and checks only the files whose signature changed (a
self-evaluation also when its declaration did), takes every other file's results and `Project`
as they were, and runs the rules on places and across files over all of them, so that its
problems are those a full load finds. Added and removed files are simply there or not.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.core.project import Corpus
from generator.load.corpus import load_corpus
from generator.load.file_memory import FileMemory, Signature


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
    memory: FileMemory


def reload_corpus(root: Path, cache_dir: Path | None, last: LiveCorpus | None) -> LiveCorpus:
    """The corpus of `root` now: the first time a full load (with the check cache's verdicts),
    then `last` with only its changed files read again."""
    signatures = content_signatures(root)
    if last is not None and signatures == last.memory.signatures:
        return last  # a rebuild for another reason (the theme, mkdocs.yml)
    memory = FileMemory(signatures)
    if last is None:
        return LiveCorpus(load_corpus(root, cache_dir, memory=memory), memory)
    return LiveCorpus(load_corpus(root, memory=memory, earlier=last.memory), memory)
