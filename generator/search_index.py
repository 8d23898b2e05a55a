"""Chinese full-text search with Pagefind, whose extended build segments CJK words.

Material's built-in search ships the whole index to every visitor (60 MB at 5,000 projects);
Pagefind splits it into chunks fetched per query, and runs entirely from the site's own files.

Pagefind holds everything it indexes in memory (about 190 KB per project page: 1.9 GB at
10,000). The project pages are therefore indexed in parts of at most `PAGES_PER_PART` pages,
whole departments of a year together, one Pagefind run after the other: the first part is the
bundle in `pagefind/`, the others `pagefind/part-N/`, listed in `pagefind/jixiao-parts.json`,
and the search box merges them (Pagefind's `mergeIndex`). A part whose pages are byte for byte
those of the last build is copied from the cache instead of being indexed again, so an edit
re-indexes one part.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from pagefind_bin_extended import get_executable

from generator.diagnostics import JixiaoUserError

# Pagefind's peak memory grows by about 190 KB per page: 4,000 pages stay under 1 GB.
PAGES_PER_PART = 4000
PARTS_FILE = "jixiao-parts.json"
_BUNDLE = "pagefind"
_OPTIONS = ["--force-language", "zh", "--quiet"]


@dataclass(frozen=True, slots=True)
class SearchPart:
    folders: tuple[str, ...]  # `<year>/<department>` folders of the site, whole
    pages: tuple[str, ...]  # the project pages in them, relative to the site

    @property
    def glob(self) -> str:
        patterns = [f"{folder}/*/index.html" for folder in self.folders]
        return patterns[0] if len(patterns) == 1 else "{" + ",".join(patterns) + "}"


def plan_parts(project_urls: Sequence[str], limit: int | None = None) -> list[SearchPart]:
    """Consecutive departments (by year, then department) packed into parts of ≤ `limit` pages.

    A department larger than `limit` is a part of its own. Adding or editing a project changes
    only its own part, unless a part boundary moves. `limit` is PAGES_PER_PART unless given,
    read when called so that a test can build a real site in several parts.
    """
    limit = PAGES_PER_PART if limit is None else limit
    by_folder: dict[str, list[str]] = {}
    for url in project_urls:
        folder = url.strip("/").rsplit("/", 1)[0]
        by_folder.setdefault(folder, []).append(f"{url.strip('/')}/index.html")
    parts: list[SearchPart] = []
    folders: list[str] = []
    pages: list[str] = []
    for folder in sorted(by_folder):
        mine = sorted(by_folder[folder])
        if pages and len(pages) + len(mine) > limit:
            parts.append(SearchPart(tuple(folders), tuple(pages)))
            folders, pages = [], []
        folders.append(folder)
        pages.extend(mine)
    if pages:
        parts.append(SearchPart(tuple(folders), tuple(pages)))
    return parts


def _run_pagefind(site_dir: Path, output_subdir: str, glob: str | None) -> None:
    command = [str(get_executable()), "--site", str(site_dir), *_OPTIONS]
    command += ["--output-subdir", output_subdir]
    if glob is not None:
        command += ["--glob", glob]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise JixiaoUserError(
            "生成搜索索引（Pagefind）失败：" + (result.stderr or result.stdout).strip()[-2000:]
        )


def _part_key(site_dir: Path, part: SearchPart) -> str:
    version = metadata.version("pagefind-bin-extended")
    digest = hashlib.sha256(f"pagefind {version} {_OPTIONS} {part.glob}".encode())
    for page in part.pages:
        digest.update(page.encode() + b"\0" + (site_dir / page).read_bytes() + b"\0")
    return digest.hexdigest()


def _copy_bundle(source: Path, target: Path) -> None:
    """Copies a bundle's files, without the part folders nested in the first bundle."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(source):
        if entry.is_symlink() or entry.name.startswith("part-"):
            continue
        if entry.is_dir():
            shutil.copytree(entry.path, target / entry.name, symlinks=True)
        else:
            shutil.copyfile(entry.path, target / entry.name)


def build_search_index(
    site_dir: Path, project_urls: Sequence[str] | None = None, cache_dir: Path | None = None
) -> None:
    """Indexes the project pages at `project_urls` (all pages with a search body if None)."""
    if not project_urls:
        _run_pagefind(site_dir, _BUNDLE, None)
        return
    parts = plan_parts(project_urls)
    names = [_BUNDLE if i == 0 else f"{_BUNDLE}/part-{i}" for i in range(len(parts))]
    used: set[str] = set()
    for part, name in zip(parts, names, strict=True):
        key = _part_key(site_dir, part) if cache_dir is not None else None
        stored = cache_dir / key if cache_dir is not None and key is not None else None
        if stored is not None and stored.is_dir() and not stored.is_symlink():
            _copy_bundle(stored, site_dir / name)
        else:
            _run_pagefind(site_dir, name, part.glob)
            if stored is not None:
                _store(site_dir / name, stored)
        if key is not None:
            used.add(key)
    extra = [f"part-{i}/" for i in range(1, len(parts))]
    (site_dir / _BUNDLE / PARTS_FILE).write_text(json.dumps(extra) + "\n", encoding="utf-8")
    if cache_dir is not None:
        _prune(cache_dir, used)


def _store(bundle: Path, stored: Path) -> None:
    stored.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=stored.parent, prefix=".tmp-"))
    _copy_bundle(bundle, temporary)
    shutil.rmtree(stored, ignore_errors=True)
    temporary.rename(stored)


def _prune(cache_dir: Path, used: set[str]) -> None:
    try:
        entries = list(os.scandir(cache_dir))
    except OSError:
        return
    for entry in entries:
        if entry.name not in used:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
