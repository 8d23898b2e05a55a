"""The one module that writes the site: build into a staging folder, then swap it in.

MkDocs writes the pages; what follows them (the workbook made in the background, the search
index over the finished pages) is added by `finish_site`, which the plugin calls at the end of
the build: nothing else in the package decides what goes into the site folder.

A failed build leaves the previous `site/` untouched (MkDocs writes pages before it fails, so
it never writes into `site/` directly). `SOURCE_DATE_EPOCH` is fixed from the last commit so
that two builds of the same commit are byte-identical (MkDocs puts the date in sitemap.xml).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from generator.core.diagnostics import JixiaoUserError
from generator.core.project import Corpus
from generator.core.safe_fs import linked_component, make_folders, write_atomic
from generator.load.shards import Shard
from generator.site.background import DeferredFiles
from generator.site.portal import footer_items
from generator.site.previous_site import PreviousSite
from generator.site.search_index import SearchIndexer, join_shard_indexes
from generator.site.search_terms import merged_name_tokens
from generator.site.shard_site import (
    MANIFEST,
    MAX_MANIFEST_BYTES,
    SHARDS_FOLDER,
    portal_pages,
    read_manifest,
)


@dataclass(frozen=True, slots=True)
class BuildStats:
    site_dir: Path
    projects: int
    pages: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"网站已生成：{self.site_dir}（{self.projects} 个项目，{self.pages} 个页面，"
            f"用时 {self.seconds:.1f} 秒）"
        )


def source_date_epoch(directory: Path) -> str:
    """The last commit's time, so a rebuild of the same commit is identical; else a constant."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=directory,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return "0"
    stamp = result.stdout.strip()
    return stamp if result.returncode == 0 and stamp.isdigit() else "0"


# Staging folders are named `.site-<pid>-<random>` (the build's) and `.site-old-<pid>` (the site
# being replaced); a build that was killed leaves one behind.
_STAGING = re.compile(r"\.site-(?:old-)?(\d+)(?:-[A-Za-z0-9_]+)?")
_STALE_UNNAMED_SECONDS = 3600  # a `.site-xxxx` of an older jixiao, without a process id


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_stale_staging(parent: Path) -> list[Path]:
    """Remove the staging folders of builds that are no longer running; return them.

    Only real folders named like ours are touched (a link of that name is left alone, and
    `shutil.rmtree` does not follow links inside), and never one of a build still running.
    """
    removed = []
    for entry in parent.glob(".site-*") if parent.is_dir() else []:
        if entry.is_symlink() or not entry.is_dir():
            continue
        match = _STAGING.fullmatch(entry.name)
        if match is not None:
            pid = int(match.group(1))
            if pid == os.getpid() or _process_alive(pid):
                continue
        elif time.time() - entry.lstat().st_mtime < _STALE_UNNAMED_SECONDS:
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def _site_folder(site_dir: Path) -> Path:
    """The output folder as an absolute path, refusing a link: `site/` planted as a link by a
    pull request would otherwise have its target replaced, and removed, by the swap."""
    absolute = Path(os.path.abspath(site_dir))
    link = linked_component(absolute)
    if link is not None:
        raise JixiaoUserError(
            f"网站输出目录的路径中 {link.as_posix()} 是符号链接；jixiao 不会替换或删除链接指向的"
            "目录。请删除该链接，或用 --site-dir 指定一个真实目录。"
        )
    if absolute.exists() and not absolute.is_dir():
        raise JixiaoUserError(f"{site_dir.as_posix()} 已存在但不是目录；请用 --site-dir 指定目录。")
    return absolute


def _refuse_overlap(site_dir: Path, docs_dir: Path, config_file: Path) -> None:
    """The site folder is replaced whole (`_swap`): it must neither be nor hold the content or
    the project (`--site-dir .` in a working copy, or `--site-dir content`, would delete the
    declarations and .git), and a site inside the content would be read back as content."""
    content = Path(os.path.realpath(docs_dir))
    project = Path(os.path.realpath(config_file)).parent
    site = Path(os.path.realpath(site_dir))
    for guarded, what, inside in (
        (content, "内容目录", True),
        (project, "项目目录（mkdocs.yml 所在的目录）", False),  # site/ in it is the usual place
    ):
        if site == guarded or site in guarded.parents or (inside and guarded in site.parents):
            raise JixiaoUserError(
                f"网站输出目录 {site_dir.as_posix()} 与{what} {guarded.as_posix()} 重叠；"
                "构建会整个替换输出目录，会删掉其中的文件。请用 --site-dir 指定一个单独的目录，"
                "如 site/。"
            )


def build_site(
    corpus: Corpus,
    *,
    config_file: Path,
    site_dir: Path,
    site_url: str | None = None,
    cache_dir: Path | None = None,
    shard: Shard | None = None,
) -> BuildStats:
    """Builds into a staging folder and swaps it in. `site_url` (the public address, e.g.
    https://example.org/jixiao/) overrides mkdocs.yml; `cache_dir` keeps finished pages for
    reuse (the user's cache folder when None); `shard`: the site is that shard of a larger one
    (its corpus holds that shard's folders) and carries its manifest (shard_site.py)."""
    started = time.perf_counter()
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(corpus.root))
    cache = None if cache_dir is None else cache_dir.resolve()
    site_dir, staging = _mkdocs_build(
        config_file,
        corpus.root.resolve(),
        site_dir,
        site_url,
        lambda plugin: plugin.hand_over(corpus, cache, shard),
    )
    pages = sum(1 for _ in staging.rglob("index.html"))
    _swap(staging, site_dir)
    return BuildStats(site_dir, len(corpus.projects), pages, time.perf_counter() - started)


def _mkdocs_build(
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    site_url: str | None,
    prepare: Callable[[CorpusTaker], None],
    after: Callable[[Path], None] | None = None,
) -> tuple[Path, Path]:
    """MkDocs builds into a new staging folder beside `site_dir`, with the jixiao plugin set
    up by `prepare`; `after` adds to the staging folder. Returns (site folder, staging)."""
    site_dir = _site_folder(site_dir)
    _refuse_overlap(site_dir, docs_dir, config_file)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(site_dir.parent)
    staging = Path(tempfile.mkdtemp(prefix=f".site-{os.getpid()}-", dir=site_dir.parent))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        overrides = {} if site_url is None else {"site_url": site_url}
        config = load_config(
            str(config_file), docs_dir=str(docs_dir), site_dir=str(staging), **overrides
        )
        footer_items(config.extra)  # a wrong portal setting: a clear message, not a BuildError
        plugin = config.plugins["jixiao"]
        if not isinstance(plugin, CorpusTaker):
            raise JixiaoUserError(f"{config_file.as_posix()} 中的 jixiao 插件不是本程序的插件。")
        plugin.check_settings(config)  # raised here, the message is not lost in MkDocs' log
        prepare(plugin)
        plugin.previous_site = PreviousSite.of(site_dir, staging)
        build(config)
        if after is not None:
            after(staging)
    except MkDocsException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise JixiaoUserError(f"MkDocs 构建失败：{exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return site_dir, staging


def build_portal(
    shard_dirs: list[Path], *, config_file: Path, site_dir: Path, site_url: str | None = None
) -> BuildStats:
    """The top level of a site built in shards, with every shard's site under shards/<name>/.

    Reads each shard's manifest (never its declarations), renders the top level's pages, and
    puts the shards in place: files are hard-linked where the file system allows (copied where
    it does not), links and odd files inside a shard are refused. Every shard's search box,
    and the top level's, then searches all shards (search_index.join_shard_indexes).
    """
    started = time.perf_counter()
    manifests = [read_manifest(folder / MANIFEST) for folder in shard_dirs]
    pages = portal_pages(manifests)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    empty_docs = Path(tempfile.mkdtemp(prefix=".jixiao-portal-docs-"))

    def add_shards(staging: Path) -> None:
        for folder, manifest in zip(shard_dirs, manifests, strict=True):
            _place_tree(folder, staging / SHARDS_FOLDER / manifest.name)
        join_shard_indexes(staging, [SHARDS_FOLDER + m.name for m in manifests])
        _merge_search_names(staging, [SHARDS_FOLDER + m.name for m in manifests])

    try:
        site_dir, staging = _mkdocs_build(
            config_file,
            empty_docs,
            site_dir,
            site_url,
            lambda plugin: plugin.hand_over_portal(pages),
            add_shards,
        )
    finally:
        shutil.rmtree(empty_docs, ignore_errors=True)
    count = sum(m.grand.count for m in manifests)
    page_count = sum(1 for _ in staging.rglob("index.html"))
    _swap(staging, site_dir)
    return BuildStats(site_dir, count, page_count, time.perf_counter() - started)


def _place_tree(source: Path, target: Path) -> None:
    """Puts a shard's finished site at `target`: hard links, else copies; never a link."""
    if linked_component(Path(os.path.abspath(source))) is not None or not source.is_dir():
        raise JixiaoUserError(f"分片目录 {source.as_posix()} 不存在或是符号链接。")
    for folder, dirs, names in os.walk(source):
        here = Path(folder)
        relative_dir = here.relative_to(source)
        (target / relative_dir).mkdir(parents=True, exist_ok=True)
        for name in [*dirs, *names]:
            entry = here / name
            if entry.is_symlink() or not (entry.is_dir() or entry.is_file()):
                raise JixiaoUserError(
                    f"分片中的 {entry.as_posix()} 不是普通文件或目录（符号链接？）；"
                    "jixiao 不会把它放进网站。请重新构建该分片。"
                )
        for name in names:
            destination = target / relative_dir / name
            try:
                os.link(here / name, destination)
            except OSError:
                shutil.copyfile(here / name, destination)


def _merge_search_names(site: Path, shard_roots: list[str]) -> None:
    """data/search-names.json of the top level, from every shard's (search_terms)."""
    texts = []
    for root in shard_roots:
        path = site / root / "data" / "search-names.json"
        if path.is_file() and not path.is_symlink() and path.stat().st_size <= MAX_MANIFEST_BYTES:
            try:
                texts.append(path.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                continue
    target = site / "data" / "search-names.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(merged_name_tokens(texts), encoding="utf-8")


@runtime_checkable
class CorpusTaker(Protocol):
    """The jixiao plugin as `build_site` sees it (mkdocs_plugin.JixiaoPlugin): it takes the
    corpus that `jixiao build` has already checked. A protocol, not an import of the plugin,
    because the plugin imports this module for `finish_site`."""

    previous_site: PreviousSite | None  # what the build may link instead of writing

    def check_settings(self, config: MkDocsConfig) -> None: ...

    def hand_over(
        self, corpus: Corpus, page_cache_dir: Path | None, shard: Shard | None = None
    ) -> None: ...

    def hand_over_portal(self, pages: dict[str, str]) -> None: ...


def finish_site(
    site_dir: Path,
    deferred: DeferredFiles | None,
    search: SearchIndexer | None,
    later: Callable[[], Iterator[tuple[str, bytes]]] | None = None,
    stopped: Callable[[], bool] = lambda: False,
) -> None:
    """Adds what can only follow the pages: the rest of the search index, which reads the
    finished pages (its first parts were indexed while the later pages were written), the
    data files `mkdocs serve` writes after showing the pages (`later`; it may be `stopped`
    between two files), then the files computed in the background (the workbook)."""
    if search is not None:
        search.finish()
    if later is not None:
        for path, data in later():
            if stopped():
                return
            # Written beside and renamed: the preview server may be sending the old file now.
            target = site_dir / path
            make_folders(target.parent, site_dir)
            write_atomic(target, data, site_dir)
    if deferred is not None:
        deferred.copy_into(site_dir)


def _swap(staging: Path, site_dir: Path) -> None:
    # Two renames: the window without a site/ is a few microseconds, never a half-built site.
    staging.chmod(0o755)
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".site-old-{os.getpid()}")
        site_dir.rename(old)
    staging.rename(site_dir)
    if old is not None:
        _remove_later(old)


# The remover first renames the folder after its own process id, so that the next build sees a
# removal still running (remove_stale_staging) and does not unlink the same files a second time.
_REMOVER = """
import os, shutil, sys
old = sys.argv[1]
mine = os.path.join(os.path.dirname(old), f".site-old-{os.getpid()}")
try:
    os.rename(old, mine)
except OSError:
    mine = old
shutil.rmtree(mine, True)
"""


def _remove_later(old: Path) -> None:
    """Deletes the replaced site in a process of its own: tens of thousands of files take
    seconds to unlink, and the new site is already in place."""
    try:
        subprocess.Popen(
            [sys.executable, "-c", _REMOVER, old],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(old, ignore_errors=True)
