"""MkDocs glue: the content tree is the docs_dir; every page comes from `render_site`.

The plugin only adapts: it loads and checks the corpus (or takes the one `jixiao build`
already checked), swaps MkDocs' view of the docs_dir for the generated sources, and runs the
search indexer after the build. `mkdocs serve` watches the docs_dir, so editing a YAML file
regenerates the site.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config import config_options as options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.background import DeferredFiles
from generator.cache import default_cache_dir
from generator.corpus import Corpus, load_corpus
from generator.diagnostics import JixiaoUserError, Severity, summary_line
from generator.documents import DOCUMENTS_FOLDER, find_documents
from generator.history import History, load_history
from generator.portal import footer_items
from generator.render import SiteSources, render_site
from generator.search_index import build_search_index

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


class JixiaoPlugin(BasePlugin[JixiaoPluginConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.corpus: Corpus | None = None  # set by `jixiao build`, which has already checked it
        self.deferred: DeferredFiles | None = None
        self.sources: SiteSources | None = None
        self.documents: dict[str, Path] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        corpus = self.corpus
        if corpus is None:
            config_dir = Path(config.config_file_path).parent
            cache = config_dir / self.config.cache_dir if self.config.cache_dir else None
            corpus = load_corpus(Path(config.docs_dir), cache or default_cache_dir())
            for notice in corpus.notices:
                log.info(notice)  # about the cache only: a hint, never a reason to stop
            for diagnostic in corpus.diagnostics:
                if diagnostic.severity is Severity.ERROR:
                    log.error(diagnostic.format())
                elif corpus.ok:
                    log.info(diagnostic.format())
                else:
                    log.warning(diagnostic.format())
            if not corpus.ok:
                raise PluginError(summary_line(corpus.diagnostics, corpus.file_count))
        history = History()
        if self.config.history:
            sources = [p.source_path for p in corpus.projects]
            history = load_history(Path(config.docs_dir), sources)
            history.public_subjects = self.config.public_commit_messages
        try:
            config.extra["jixiao_footer"] = footer_items(config.extra)
        except JixiaoUserError as exc:
            raise PluginError(str(exc)) from None
        wanted = [p.declaration.source.file for p in corpus.projects if p.declaration.source]
        folder = Path(config.docs_dir).parent / self.config.documents_dir
        self.documents = find_documents(folder, wanted)
        self.sources = render_site(corpus, history=history, documents=frozenset(self.documents))
        if self.deferred is not None:
            self.deferred.cancel()  # a rebuild under `mkdocs serve` before the last finished
        self.deferred = DeferredFiles(self.sources.deferred)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.sources is not None
        docs_dir = Path(os.path.abspath(config.docs_dir))
        # The YAML sources are not pages: keep only the theme's files, then add ours. Paths are
        # compared as written, never resolved, so that a link under content/ to a file outside
        # is dropped with the rest, not published as a "theme file".
        kept = [
            f
            for f in files
            if f.abs_src_path is None
            or docs_dir not in Path(os.path.abspath(f.abs_src_path)).parents
        ]
        # The YAML sources are replaced by the generated pages and files.
        generated: list[File] = list(kept)
        for path, markdown in self.sources.pages.items():
            page = File.generated(config, path, content=markdown)
            page.inclusion = InclusionLevel.NOT_IN_NAV
            generated.append(page)
        for path, data in self.sources.files.items():
            generated.append(File.generated(config, path, content=data))
        for name, source in self.documents.items():
            document = f"{DOCUMENTS_FOLDER}/{name}"
            generated.append(File.generated(config, document, abs_src_path=str(source)))
        return Files(generated)

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.deferred is not None:
            try:
                self.deferred.copy_into(Path(config.site_dir))
            except JixiaoUserError as exc:
                raise PluginError(str(exc)) from None
            self.deferred = None
        if self.config.search_index:
            try:
                build_search_index(Path(config.site_dir))
            except JixiaoUserError as exc:
                raise PluginError(str(exc)) from None
