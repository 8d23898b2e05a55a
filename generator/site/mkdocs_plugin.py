"""MkDocs glue: the content tree is the docs_dir; every page comes from `render_site`.

The plugin only adapts: it loads and checks the corpus (or takes the one `jixiao build`
already checked, through `hand_over`), swaps MkDocs' view of the docs_dir for the generated
sources, and has `writer.finish_site` add the workbook and the search index after the build:
MkDocs writes the pages, writer.py everything else. `mkdocs serve` watches the docs_dir, so
editing a YAML file regenerates the site.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import cast

from jinja2 import BytecodeCache, ChoiceLoader, DictLoader, Environment
from jinja2.bccache import Bucket
from mkdocs.config import config_options as options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from generator.core.diagnostics import JixiaoUserError, Severity, summary_line
from generator.core.project import Corpus
from generator.core.safe_fs import linked_component
from generator.load.cache import default_cache_dir, signing_key
from generator.load.corpus import load_corpus
from generator.load.live_corpus import LiveCorpus, reload_corpus
from generator.load.shards import Shard
from generator.review.history import History, load_history
from generator.site import urls
from generator.site.background import DeferredFiles
from generator.site.documents import DOCUMENTS_FOLDER, find_documents
from generator.site.evaluation_only import evaluation_only
from generator.site.fast_page import FastPage
from generator.site.page_cache import Memory, PageCache, reading_only, site_fingerprint
from generator.site.page_meta import ThemeGlobals
from generator.site.portal import footer_items
from generator.site.previous_site import RECORD, PreviousSite
from generator.site.render import (
    DEFAULT_PAGE_SIZE,
    SiteSources,
    deferred_downloads,
    download_files,
    last_updated,
    render_site,
)
from generator.site.search_index import SearchIndexer
from generator.site.shard_site import MANIFEST, shard_manifest
from generator.site.workbook_cache import corpus_key, kept_rows, reused_workbook
from generator.site.writer import finish_site

log = logging.getLogger("mkdocs.plugins.jixiao")


class JixiaoPluginConfig(Config):  # type: ignore[no-untyped-call]
    cache_dir = options.Type(str, default="")  # empty: the user's cache folder, outside the repo
    search_index = options.Type(bool, default=True)
    history = options.Type(bool, default=True)
    # The 来源 documents to publish, relative to the content folder's parent (see documents.py).
    documents_dir = options.Type(str, default=DOCUMENTS_FOLDER)
    # Commit messages are written for colleagues: published only when the publisher says so
    # (or per commit, with a `公开说明:` line in its message).
    public_commit_messages = options.Type(bool, default=False)
    reuse_pages = options.Type(bool, default=True)
    # Rows per page of a project table; a longer table continues on further pages.
    page_size = options.Type(int, default=DEFAULT_PAGE_SIZE)


# The template of a page whose finished HTML is taken from the page cache: Material's templates
# are not rendered for it (on_post_page puts the finished page in place).
REUSED_TEMPLATE = "jixiao-reused-page.html"


def _exact_dirty_builds(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build may leave navigation and links inaccurate, and strict
    mode turns the warning into a failed rebuild. jixiao's dirty rebuild is exact (a page is
    kept only when its source, the theme, the configuration and the code are unchanged, and
    tests/site/test_serve_rebuild.py compares it with a clean build), so the warning is
    replaced by a note."""
    if str(record.msg).startswith("A 'dirty' build is being performed"):
        log.info("预览：只重新生成内容有变化的页面")
        return False
    return True


class UnchangedFile(File):
    """A generated file whose output the last rebuild under `mkdocs serve --dirty` wrote with
    the same content: MkDocs neither renders nor writes it again."""

    def is_modified(self) -> bool:
        return False


class PlacedFile(File):
    """A generated file of a build (the JSON and the declaration beside each project, ...):
    MkDocs copies static files before it builds the pages, and 20,000 of them at 10,000
    projects delayed the first part of the search index by seconds. Such a file is put in place
    after the last page instead (`place`, from on_post_build), while Pagefind indexes the last
    part; as a hard link to the replaced site's file where that holds the same bytes
    (previous_site.py), else written as MkDocs writes it. No search part reads these files."""

    later: list[PlacedFile]  # where copy_file leaves it for on_post_build

    def copy_file(self, dirty: bool = False) -> None:
        self.later.append(self)

    def place(self, previous: PreviousSite | None) -> None:
        linked = False
        if previous is not None and self.abs_src_path is None:
            data = self.content_bytes
            linked = previous.place(self.dest_uri, data, hashlib.sha256(data).hexdigest())
        if not linked:
            super().copy_file()


class _CompiledTemplates(BytecodeCache):
    """The theme's compiled templates, kept in memory between the rebuilds of `mkdocs serve`.
    Jinja keys a template by its name and the checksum of its source: an edited template is
    compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class _Started:
    """An observer that is already watching: `LiveReloadServer.serve` starts it a second time."""

    def __init__(self, observer: BaseObserver) -> None:
        self.observer = observer

    def start(self) -> None:
        pass

    def __getattr__(self, name: str) -> object:
        return getattr(self.observer, name)


def _watch_natively(server: LiveReloadServer) -> None:
    """MkDocs polls the folders it watches every half second: at 10,000 declarations each poll
    lists and stats every file (0.09 s of Python, a fifth of a core, which a rebuild shares the
    interpreter with), and a save waits for the next poll. Where the system reports changes
    itself (inotify on Linux), the same folders are watched that way; where it cannot (no such
    interface, or too many folders for its limits), MkDocs' polling stays."""
    watched = getattr(server, "_watched_paths", None)
    refs = getattr(server, "_watch_refs", None)
    if Observer is PollingObserver or not isinstance(watched, dict) or not isinstance(refs, dict):
        return
    polling, paths, polled_refs = server.observer, dict(watched), dict(refs)
    native = Observer()
    server.observer = native  # type: ignore[assignment]
    watched.clear()
    refs.clear()
    try:
        for path, count in paths.items():
            server.watch(path)
            watched[path] = count
        native.start()
    except OSError as exc:
        log.info(f"预览：系统的文件监视不可用（{exc}），改为每半秒检查一次文件")
        server.observer = polling
        watched.clear()
        watched.update(paths)
        refs.clear()
        refs.update(polled_refs)
        return
    server.observer = _Started(native)  # type: ignore[assignment]


@dataclass(slots=True)
class _FinishingWork:
    deferred: DeferredFiles | None = None
    search: SearchIndexer | None = None
    later: Callable[[], Iterator[tuple[str, bytes]]] | None = None
    cancelled: bool = False

    def cancel(self) -> None:
        """A rebuild under `mkdocs serve` supersedes this one: its search index and workbook
        stop where they are."""
        self.cancelled = True
        if self.search is not None:
            self.search.cancel()
        if self.deferred is not None:
            self.deferred.cancel()


class JixiaoPlugin(BasePlugin[JixiaoPluginConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.corpus: Corpus | None = None  # set by `jixiao build`, which has already checked it
        self.deferred: DeferredFiles | None = None
        self.sources: SiteSources | None = None
        self.documents: dict[str, Path] = {}
        self.page_cache_dir: Path | None = None  # set by `jixiao build` (its --cache-dir)
        self.page_cache: PageCache | None = None
        self.source_cache: PageCache | None = None  # page sources for render_site to reuse
        self.workbook_cache: PageCache | None = None  # the last build's Excel workbook
        self.workbook_rows: PageCache | None = None  # and each file's rows in it
        self.cache_root: Path | None = None
        self.serving = False  # `mkdocs serve`: see on_post_build
        self.finishing: threading.Thread | None = None
        self.cache_keys: dict[str, str] = {}  # page src_uri → its key in the page cache
        self.reused: dict[str, str] = {}  # page src_uri → its key in the page cache (a hit)
        self.secret: bytes | None = None  # the user's cache key: see on_config
        self.theme_globals = ThemeGlobals()
        self.shard: Shard | None = None  # `jixiao build --shard`: also write its manifest
        self.portal_pages: dict[str, str] | None = None  # `jixiao build --portal`: these only
        self.indexer: SearchIndexer | None = None  # indexes each part once its pages are written
        self.written_last: str | None = None  # the page written after the last on_post_page
        self.live: LiveCorpus | None = None  # `mkdocs serve`: the corpus of the last rebuild
        self.dirty = False  # `mkdocs serve --dirty`: unchanged pages are not written again
        # src path → (content, dest path) as the last rebuild wrote them, and its fingerprint.
        self.outputs: dict[str, tuple[str | bytes, str]] = {}
        self.outputs_fingerprint: str | None = None
        self.fingerprint: str | None = None  # see _fingerprint
        self.memory: Memory | None = None  # `mkdocs serve`: page sources kept between rebuilds
        self.later: Callable[[], Iterator[tuple[str, bytes]]] | None = None  # see render_site
        self.file_templates: dict[tuple[str, str, bool, str | None], File] = {}  # _generated
        self.compiled = _CompiledTemplates()  # see on_env
        # What on_post_build leaves to finish after the pages: `mkdocs serve`'s last rebuild.
        self.finishing_work = _FinishingWork()
        self.deferred_jobs: dict[str, Callable[[], bytes]] = {}  # the workbook, see on_config
        # The site this build replaces: its files are linked where the bytes are the same.
        self.previous_site: PreviousSite | None = None
        self.placed_later: list[PlacedFile] = []  # generated files, put in place after the pages

    def hand_over(
        self, corpus: Corpus, page_cache_dir: Path | None, shard: Shard | None = None
    ) -> None:
        """Takes the corpus `jixiao build` has already checked, so that it is not loaded twice;
        finished pages are reused from `page_cache_dir` (never, when None: --no-cache). With
        `shard`, the site is that shard's and carries its manifest (shard_site.py)."""
        # MkDocs keeps one instance of a plugin that defines on_startup for the whole process
        # (its plugin cache): nothing of an earlier build or `mkdocs serve` session carries over.
        self._one_shot()
        self.corpus = corpus
        self.shard = shard
        if page_cache_dir is None:
            self.config.reuse_pages = False
        else:
            self.page_cache_dir = page_cache_dir

    def hand_over_portal(self, pages: dict[str, str]) -> None:
        """The top level of a site built in shards: these pages, no corpus, no search index of
        its own (writer.build_portal joins the shards' indexes), no cache."""
        self._one_shot()
        self.portal_pages = pages
        self.config.reuse_pages = False

    def _one_shot(self) -> None:
        """A build by `jixiao build`: not a rebuild of `mkdocs serve`, not the last build's kind."""
        self.corpus, self.shard, self.portal_pages = None, None, None
        self.serving, self.dirty, self.live, self.outputs = False, False, None, {}
        self.memory, self.later, self.file_templates = None, None, {}
        self.finishing_work, self.deferred_jobs = _FinishingWork(), {}
        self.page_cache_dir = None
        self.previous_site, self.placed_later = None, []

    def check_settings(self, config: MkDocsConfig) -> None:
        """Refuses the mkdocs.yml settings the site cannot be built with, saying what to set.
        `jixiao build` asks before it builds, so that the message is not lost in MkDocs' log."""
        if not config.use_directory_urls:
            # Every link and every page address (urls.py) is a directory URL: with `false`,
            # MkDocs would write a/b.html while the pages link to a/b/.
            raise JixiaoUserError(
                "mkdocs.yml 设置了 use_directory_urls: false，jixiao 生成的网站不支持：页面之间的"
                "链接都按目录地址（如 2024/部门/项目/）写成。请删除该行或改为 "
                "use_directory_urls: true。"
            )
        if self.config.page_size < 1:
            raise JixiaoUserError(
                f"mkdocs.yml 中 jixiao 插件的 page_size 为 {self.config.page_size}，应为正整数"
                "（项目表每页的行数，默认 500）。"
            )

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.fingerprint = None  # the theme or the code may have changed since the last build
        if self.finishing is not None:
            # A rebuild under `mkdocs serve` supersedes the last one's search index and workbook:
            # they stop instead of holding it up (the search parts they finished are kept, see
            # SearchIndexer), and this rebuild makes its own.
            self.finishing_work.cancel()
            self.finishing.join()
            self.finishing = None
        try:
            self.check_settings(config)
        except JixiaoUserError as exc:
            raise PluginError(str(exc)) from None
        if self.portal_pages is not None:
            return self._portal_config(config)
        corpus = self.corpus
        if corpus is None:
            config_dir = Path(config.config_file_path).parent
            cache = config_dir / self.config.cache_dir if self.config.cache_dir else None
            if self.serving:
                # Between rebuilds only the saved declarations are read again (live_corpus.py).
                self.live = reload_corpus(
                    Path(config.docs_dir), cache or default_cache_dir(), self.live
                )
                corpus = self.live.corpus
            else:
                corpus = load_corpus(Path(config.docs_dir), cache or default_cache_dir())
            for notice in corpus.notices:
                log.info(notice)  # about the cache only: a hint, never a reason to stop
            ok = corpus.ok  # once: it looks at every problem (5,000 warnings made this quadratic)
            for diagnostic in corpus.diagnostics:
                if diagnostic.severity is Severity.ERROR:
                    log.error(diagnostic.format())
                elif ok:
                    log.info(diagnostic.format())
                else:
                    log.warning(diagnostic.format())
            if not ok:
                raise PluginError(summary_line(corpus.diagnostics, corpus.file_count))
        self._open_caches(config)
        if self.previous_site is not None and self.cache_root is not None and self.secret:
            self.previous_site.trust(self.cache_root / RECORD, self.secret)
        history = History()
        if self.config.history:
            sources = [p.source_path for p in corpus.projects]
            history = load_history(Path(config.docs_dir), sources, cache_dir=self.cache_root)
            history.public_subjects = self.config.public_commit_messages
        self._set_theme_globals(config)
        wanted = [p.declaration.source.file for p in corpus.projects if p.declaration.source]
        folder = Path(config.docs_dir).parent / self.config.documents_dir
        self.documents = find_documents(folder, wanted)
        # The workbook's process starts before the pages render (it needs the corpus only), so
        # that it does not carry the rendered sources in its memory; a rebuild's superseded one
        # was stopped above, with the rest of the last rebuild's finishing work.
        rows = None if self.workbook_rows is None else kept_rows(self.workbook_rows, corpus)
        jobs = deferred_downloads(corpus, rows)
        workbook = urls.data_file("projects.xlsx")
        if self.workbook_cache is not None and workbook in jobs:
            key = corpus_key(self.workbook_cache, corpus)
            self.workbook_cache.used.add(key)  # kept by the background process, pruned after it
            jobs[workbook] = partial(reused_workbook, self.workbook_cache, key, jobs[workbook])
        # Under `mkdocs serve` the workbook's process starts after the pages (on_post_build),
        # so that it does not compete with the rebuild for the second core; the other
        # downloads follow the pages too (`later`). A build makes them all in that process,
        # while the pages render: about 8 CPU s at 10,000 projects, off the build's own core.
        self.deferred_jobs = jobs
        self.deferred = None
        if not self.serving:
            downloads = partial(download_files, corpus, reading_only(self.source_cache))
            beside = Path(config.site_dir).parent
            self.deferred = DeferredFiles(jobs, streams=[downloads], beside=beside)
        try:
            self.sources = render_site(
                corpus,
                page_size=self.config.page_size,
                history=history,
                documents=frozenset(self.documents),
                reuse=self.source_cache,
                # Under `mkdocs serve` the pages show first; the data files follow (on_post_build).
                defer_downloads=self.serving,
                downloads_elsewhere=not self.serving,
            )
        except BaseException:
            if self.deferred is not None:
                self.deferred.cancel()  # no site will be built: stop its workbook too
            self.deferred = None
            raise
        self.later = self.sources.later
        if self.shard is not None:
            updated = last_updated(corpus.projects, history)
            self.sources.files[MANIFEST] = shard_manifest(corpus, self.shard, updated).encode()
        self.cache_keys, self.reused = {}, {}
        self._start_indexer(config, corpus)
        return config

    def _start_indexer(self, config: MkDocsConfig, corpus: Corpus) -> None:
        """The search index over every page a search lists: a declaration's, or a
        self-evaluation's that has no declaration (at the URL its project would have)."""
        self.indexer, self.written_last = None, None
        if not self.config.search_index:
            return
        pages = [urls.project_page(project) for project in corpus.projects] + [
            urls.evaluation_page(item) for item in evaluation_only(corpus.evaluations)
        ]
        assert self.sources is not None
        # Each page's source length: a part of long pages (with a 自评表) holds fewer of them.
        sizes = {page.url: len(self.sources.pages.get(page.docs_path, "")) for page in pages}
        search_cache = self.cache_root / "search" if self.cache_root else None
        self.indexer = SearchIndexer(
            Path(config.site_dir),
            [page.url for page in pages],
            search_cache,
            self.secret,
            sizes,
            # `mkdocs serve --dirty` keeps its site folder: parts with no page written again stay.
            earlier=self.finishing_work.search if self.dirty else None,
            place=None if self.previous_site is None else self.previous_site.place,
            note=None if self.previous_site is None else self.previous_site.record.note,
            # The pages' names in the site's record (their cache keys): what a part's key hashes.
            ids=None if self.previous_site is None else self.previous_site.record.contents,
            seed=None if self.previous_site is None else self.previous_site.seed,
        )

    def _set_theme_globals(self, config: MkDocsConfig) -> None:
        """What theme/*.html reads through `jixiao`: the footer's items, the shard's label."""
        try:
            self.theme_globals = ThemeGlobals(
                footer=footer_items(config.extra),
                shard=None if self.shard is None else self.shard.label,
            )
        except JixiaoUserError as exc:
            raise PluginError(str(exc)) from None

    def _portal_config(self, config: MkDocsConfig) -> MkDocsConfig:
        assert self.portal_pages is not None
        self._set_theme_globals(config)
        self.sources = SiteSources(pages=dict(self.portal_pages))
        self.documents = {}
        self.deferred = None
        self.page_cache = self.source_cache = self.workbook_cache = self.workbook_rows = None
        self.cache_root = None
        self.cache_keys, self.reused = {}, {}
        return config

    def _open_caches(self, config: MkDocsConfig) -> None:
        # Finished pages and search parts are reused only when signed with this user's secret
        # key, kept outside the repository: a pull request cannot plant a page or a script.
        self.secret = signing_key() if self.config.reuse_pages else None
        self.cache_root = self._cache_root(config) if self.secret is not None else None
        folders = ("pages", "sources", "workbook", "search")
        if self.cache_root is not None and any(
            linked_component(self.cache_root / sub) for sub in folders
        ):
            # A link would have pages written, and stale ones deleted, wherever it points.
            log.info("注意：页面缓存的路径中有符号链接，本次不读也不写页面缓存。")
            self.cache_root = None
        self.page_cache = self.source_cache = self.workbook_cache = self.workbook_rows = None
        if self.cache_root is not None and self.secret is not None:
            fingerprint = self._fingerprint(config)
            self.page_cache = PageCache(self.cache_root / "pages", fingerprint, self.secret)
            if self.serving and self.memory is None:
                self.memory = Memory()
            self.source_cache = PageCache(
                self.cache_root / "sources", fingerprint, self.secret, ".md", self.memory
            )
            self.workbook_cache = PageCache(
                self.cache_root / "workbook", fingerprint, self.secret, suffix=".xlsx"
            )
            self.workbook_rows = PageCache(
                self.cache_root / "workbook-rows", fingerprint, self.secret, suffix=".xml"
            )

    def _cache_root(self, config: MkDocsConfig) -> Path:
        """Where finished pages and search parts are kept: one folder per content tree, so that
        sites built from several trees (shards) with the same cache folder keep their own."""
        config_file = Path(config.config_file_path).resolve()
        configured = config_file.parent / self.config.cache_dir if self.config.cache_dir else None
        folder = self.page_cache_dir or configured or default_cache_dir()
        tree = hashlib.sha256(str(Path(config.docs_dir).resolve()).encode()).hexdigest()[:16]
        return folder / "site" / tree

    def _fingerprint(self, config: MkDocsConfig) -> str:
        """The site's fingerprint (configuration, theme, hooks, code, versions), hashed once a
        build: the caches and, under `mkdocs serve --dirty`, the unchanged files both use it."""
        if self.fingerprint is None:
            inputs = [Path(hook).resolve() for hook in config.hooks]
            if config.theme.custom_dir:
                inputs.append(Path(config.theme.custom_dir).resolve())
            self.fingerprint = site_fingerprint(Path(config.config_file_path).resolve(), inputs)
        return self.fingerprint

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.sources is not None
        docs_dir = os.path.abspath(config.docs_dir)
        # The YAML sources are not pages: keep only the theme's files, then add ours. Paths are
        # compared as written, never resolved, so that a link under content/ to a file outside
        # is dropped with the rest, not published as a "theme file".
        inside = os.path.join(docs_dir, "")
        kept = [
            f
            for f in files
            if f.abs_src_path is None or not os.path.abspath(f.abs_src_path).startswith(inside)
        ]
        # The YAML sources are replaced by the generated pages and files.
        generated: list[File] = list(kept)
        made: list[tuple[File, str | bytes]] = []
        # Read once: each read of a MkDocs setting goes through its config machinery.
        settings = (config.site_dir, config.use_directory_urls, config.plugins._current_plugin)
        for path, markdown in self.sources.pages.items():
            page = self._generated(config, settings, path, markdown)
            page.inclusion = InclusionLevel.NOT_IN_NAV
            made.append((page, markdown))
        if not self.serving:
            made = self._search_parts_first(made)
        for path, data in self.sources.files.items():
            file = self._generated(config, settings, path, data)
            if not self.serving:
                file.__class__ = PlacedFile
                cast(PlacedFile, file).later = self.placed_later
            made.append((file, data))
        generated.extend(file for file, _ in made)
        for name, source in self.documents.items():
            document = urls.document_file(name)
            generated.append(File.generated(config, document, abs_src_path=str(source)))
        if self.dirty:
            self._keep_unchanged(made, config)
        # Each page's File holds its source now, until the page is rendered (FastPage); the
        # pages' paths are all that is read here afterwards (on_nav).
        self.sources.pages = dict.fromkeys(self.sources.pages, "")
        return Files(generated)

    def _search_parts_first(
        self, pages: list[tuple[File, str | bytes]]
    ) -> list[tuple[File, str | bytes]]:
        """The pages in the order MkDocs is to render and write them: first the pages of the
        search parts that hold a page not in the page cache, then the rest as they were.

        After an edit, the part that must be indexed again is the build's last wait; its pages
        are all on disk soon after MkDocs starts writing pages, instead of wherever the edited
        department falls in the site's order, and Pagefind starts while the other pages are
        written. Nothing in the output follows this order (sitemap.xml, made before the pages,
        lists them by address: theme/sitemap.xml); tests/site/test_search_parts.py edits a
        project of the last part and compares the site with a full build.
        """
        if self.page_cache is None or self.indexer is None:
            return pages
        for file, _ in pages:
            self._look_up(file)
        fresh = {file.dest_uri for file, _ in pages if file.src_uri not in self.reused}
        first = self.indexer.pages_of_parts_with(fresh)
        if not first:
            return pages
        return sorted(pages, key=lambda made: made[0].dest_uri not in first)

    def _look_up(self, file: File) -> None:
        """The page's cache key, and whether a finished page is kept under it (`reused`)."""
        assert self.page_cache is not None
        key = self.page_cache.key(file.dest_uri, file.content_string)
        self.cache_keys[file.src_uri] = key
        previous = self.previous_site
        if previous is not None and previous.holds(file.dest_uri, _page_content(key)):
            # The old site's page is this one, unchanged since: it is linked, neither it nor
            # the cache entry read (previous_site.py). The entry is kept for the next build.
            self.page_cache.keep(key)
            self.reused[file.src_uri] = key
        # Only whether a signed entry is there: its HTML is read again when the page is
        # written, so that 10,000 finished pages are not all held until then.
        elif self.page_cache.get_bytes(key) is not None:
            self.reused[file.src_uri] = key

    def _generated(
        self,
        config: MkDocsConfig,
        settings: tuple[str, bool, str | None],
        path: str,
        content: str | bytes,
    ) -> File:
        """`File.generated`; under `mkdocs serve`, a copy of the File made for the same path
        in an earlier rebuild with the new content (MkDocs normalises 30,000 paths a rebuild
        with pathlib otherwise). Each copy is new: MkDocs attaches its page to it."""
        if not self.serving:
            return File.generated(config, path, content=content)
        key = (path, *settings)
        template = self.file_templates.get(key)
        if template is None:
            template = File.generated(config, path, content=content)
            for derived in ("dest_uri", "url", "abs_dest_path"):
                getattr(template, derived)  # computed once, on the template, for every copy
            template.content_bytes = b""  # each copy gets its own
            self.file_templates[key] = template
        file = File.__new__(File)
        file.__dict__.update(template.__dict__)  # copy.copy, at a tenth of its cost
        if isinstance(content, str):
            file.content_string = content
        else:
            file.content_bytes = content
        return file

    def _keep_unchanged(self, made: list[tuple[File, str | bytes]], config: MkDocsConfig) -> None:
        """`mkdocs serve --dirty`: a generated page or file whose content (and the theme, the
        configuration and jixiao's code: the fingerprint) is what the last rebuild wrote, and
        whose output is still there, is neither rendered nor written again; the output of one
        that is no longer generated is removed. A saved declaration then costs its own page and
        the pages whose figures it changes, not 10,000 pages."""
        fingerprint = self._fingerprint(config)
        last = self.outputs if fingerprint == self.outputs_fingerprint else {}
        site_dir = Path(config.site_dir)
        outputs: dict[str, tuple[str | bytes, str]] = {}
        for file, content in made:
            # Compared as values: mostly the very objects of the last rebuild (render_site
            # reuses them), where == answers at once.
            outputs[file.src_uri] = (content, file.dest_uri)
            if last.get(file.src_uri) == (content, file.dest_uri) and os.path.isfile(
                os.path.join(site_dir, file.dest_uri)
            ):
                file.__class__ = UnchangedFile
        for src, (_, dest) in self.outputs.items():
            if src not in outputs:
                stale = site_dir / dest
                if site_dir in stale.parents and stale.is_file() and not stale.is_symlink():
                    stale.unlink()
        self.outputs, self.outputs_fingerprint = outputs, fingerprint

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        # MkDocs has made a Page for every file (with the nav's titles); ours are HTML already.
        assert self.sources is not None
        for path in self.sources.pages:
            file = files.get_file_from_path(path)
            if file is not None and type(file.page) is Page:
                file.page.__class__ = FastPage
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        reused = DictLoader({REUSED_TEMPLATE: ""})
        env.loader = ChoiceLoader([reused, env.loader] if env.loader else [reused])
        if self.serving:
            # MkDocs makes a new environment every rebuild: Material's templates are compiled
            # once a session (Jinja checks each template's source against its checksum).
            env.bytecode_cache = self.compiled
        env.globals["jixiao"] = self.theme_globals
        return env

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.page_cache is not None and isinstance(page, FastPage):
            if page.file.src_uri not in self.cache_keys:  # not looked up in on_files
                self._look_up(page.file)
            if page.file.src_uri in self.reused:
                page.reused = True
                page.meta["template"] = REUSED_TEMPLATE
        return markdown

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        # MkDocs wrote the last page right after its on_post_page: its part may be complete.
        if self.indexer is not None and self.written_last is not None:
            self.indexer.written(self.written_last)
            self.written_last = None
        return context

    @event_priority(-100)  # after every other on_post_page (the compact-HTML hook)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        self.written_last = dest = page.file.dest_uri
        if isinstance(page, FastPage):
            # Written next: MkDocs would keep both copies of every page until the build ends.
            page.markdown = page.content = None
        reused = self.reused.pop(page.file.src_uri, None)
        key = self.cache_keys.get(page.file.src_uri)
        content = None if key is None else _page_content(key)
        previous = self.previous_site
        if reused is not None and previous is not None and previous.place(dest, None, content):
            return ""  # the old site's file, vouched for by its record: linked unread
        finished: bytes | None = None
        if reused is not None and self.page_cache is not None:
            finished = self.page_cache.get_bytes(reused)
            if finished is None:
                raise PluginError(
                    f"页面缓存或旧网站在构建中被改动：{page.file.dest_uri}；请重新构建。"
                )
        elif key is not None and self.page_cache is not None:
            self.page_cache.put(key, output)
        if previous is not None:
            # The bytes MkDocs would write. Linked from the replaced site, MkDocs writes nothing
            # (an empty output). This must stay the last on_post_page (-100): a later one that
            # returned text would have MkDocs write it into the linked file, the old site's.
            data = output.encode("utf-8", "xmlcharrefreplace") if finished is None else finished
            if previous.place(dest, data, content):
                return ""
        return output if finished is None else finished.decode("utf-8")

    def on_post_build(self, config: MkDocsConfig) -> None:
        # A dirty rebuild renders only the changed pages: the finished pages it did not ask for
        # are still the site's, and stay cached for the next `jixiao build`.
        for cache in (self.source_cache,) if self.dirty else (self.page_cache, self.source_cache):
            if cache is not None:
                cache.prune()
        site_dir = Path(config.site_dir)
        if self.portal_pages is not None:
            self._place_later()
            return  # the shards' search indexes are joined by writer.build_portal
        if not self.serving:
            work = self._take_finishing_work()  # the last part of the search index starts
            self._place_later()
            try:
                self._finish(site_dir, work)
            except JixiaoUserError as exc:
                raise PluginError(str(exc)) from None
            previous = self.previous_site
            if previous is not None and self.cache_root is not None and self.secret:
                previous.record.save(self.cache_root / RECORD, previous.root, site_dir, self.secret)
            return
        # Under `mkdocs serve` the pages are shown at once; the data files, the search index
        # and the workbook follow, unless the next rebuild comes first (see on_config).
        self.deferred = DeferredFiles(self.deferred_jobs)
        self.finishing_work = self._take_finishing_work()
        self.finishing = threading.Thread(target=self._finish_logged, args=(site_dir,))
        self.finishing.start()

    def _place_later(self) -> None:
        placed, self.placed_later = self.placed_later, []
        for file in placed:
            file.place(self.previous_site)

    def _take_finishing_work(self) -> _FinishingWork:
        work = _FinishingWork(self.deferred, self.indexer, self.later)
        if work.search is not None and self.written_last is not None:
            work.search.written(self.written_last)
        self.deferred, self.indexer, self.later, self.written_last = None, None, None, None
        return work

    def _finish(self, site_dir: Path, work: _FinishingWork | None = None) -> None:
        """The rest of the search index, the data files `mkdocs serve` left for later, and the
        workbook from the background process."""
        work = work or self._take_finishing_work()
        finish_site(site_dir, work.deferred, work.search, work.later, lambda: work.cancelled)
        # Only now: the background process has kept its workbook and its rows.
        for cache in (self.workbook_cache, self.workbook_rows):
            if cache is not None:
                cache.prune()

    def _finish_logged(self, site_dir: Path) -> None:
        work = self.finishing_work
        try:
            self._finish(site_dir, work)
        except JixiaoUserError as exc:
            log.error(str(exc))
        else:
            if not work.cancelled:
                log.info("搜索索引与下载文件已更新")

    def on_build_error(self, error: Exception) -> None:
        # No site will be built: stop indexing its pages and making its workbook.
        if self.indexer is not None:
            self.indexer.cancel()
            self.indexer = None
        if self.deferred is not None:
            self.deferred.cancel()
            self.deferred = None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., None]
    ) -> LiveReloadServer:
        _watch_natively(server)
        return server

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this plugin across `mkdocs serve` rebuilds.
        self._one_shot()  # a `mkdocs build` or `mkdocs serve` session: nothing of an earlier one
        self.serving = command == "serve"
        self.dirty = self.serving and dirty
        if self.dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_exact_dirty_builds)


def _page_content(key: str) -> str:
    """A finished page's identity in the site's record: its key in the page cache (which
    names its source, its address and everything else that shapes its HTML)."""
    return "page:" + key
