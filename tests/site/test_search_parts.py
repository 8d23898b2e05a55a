"""A site indexed in several Pagefind parts: one search box finds projects of every part, and a
build after an edit re-indexes only the edited part, with the same files as a full build."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from generator.core.project import Corpus
from generator.load.corpus import load_corpus
from generator.site import search_index
from generator.site.search_index import PARTS_FILE, plan_parts
from generator.site.writer import build_site
from tests.conftest import MKDOCS_YML, REPO
from tests.site.test_incremental_build import _differences
from tests.support.browser_support import TIMEOUT_MS, serve

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path

PAGES_PER_PART = 12


def test_plan_keeps_departments_whole_and_parts_small() -> None:
    urls = [f"2024/d{d}/p{p}/" for d in range(5) for p in range(4)] + ["2025/d0/p0/"]
    parts = plan_parts(urls, limit=9)
    assert [p.folders for p in parts] == [
        ("2024/d0", "2024/d1"),
        ("2024/d2", "2024/d3"),
        ("2024/d4", "2025/d0"),
    ]
    assert sum(len(p.pages) for p in parts) == len(urls)
    assert parts[0].glob == "{2024/d0/*/index.html,2024/d1/*/index.html}"
    # A department larger than the limit is indexed whole, on its own.
    assert [len(p.pages) for p in plan_parts(urls, limit=2)] == [4, 4, 4, 4, 4, 1]


def test_a_part_of_long_pages_holds_fewer_of_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind's memory follows the text it indexes: pages with a self-evaluation (about 2.5
    times the text) fill a part sooner than the count alone would."""
    monkeypatch.setattr(search_index, "PART_CHARS", 10 * 6000)
    urls = [f"2024/d{d}/p{p}/" for d in range(6) for p in range(4)]
    short = {url: 6000 for url in urls}
    assert [len(p.pages) for p in plan_parts(urls, limit=100, sizes=short)] == [8, 8, 8]
    long = {url: 15000 for url in urls}
    assert [len(p.pages) for p in plan_parts(urls, limit=100, sizes=long)] == [4] * 6
    # Without sizes, the count alone decides, as before.
    assert [len(p.pages) for p in plan_parts(urls, limit=100)] == [24]


@pytest.fixture(scope="module")
def parted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Corpus]]:
    root = tmp_path_factory.mktemp("parts")
    content = root / "content"
    synth.generate(content, 40, seed=11)
    corpus = load_corpus(content)
    assert corpus.ok
    patch = pytest.MonkeyPatch()
    patch.setattr(search_index, "PAGES_PER_PART", PAGES_PER_PART)
    try:
        build_site(corpus, config_file=MKDOCS_YML, site_dir=root / "site", cache_dir=root / "c")
        yield root, content, corpus
    finally:
        patch.undo()


@pytest.mark.build
def test_parts_are_written_and_listed(parted: tuple[Path, Path, Corpus]) -> None:
    root, _, corpus = parted
    site = root / "site"
    parts = json.loads((site / "pagefind" / PARTS_FILE).read_text(encoding="utf-8"))
    expected = len(plan_parts([p.url for p in corpus.projects], limit=PAGES_PER_PART))
    assert expected >= 3
    assert parts == [f"part-{i}/" for i in range(1, expected)]
    for part in parts:
        assert (site / "pagefind" / part / "pagefind-entry.json").is_file()


@pytest.mark.build
def test_edit_reindexes_one_part_and_equals_full_build(
    parted: tuple[Path, Path, Corpus], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root, content, _ = parted
    monkeypatch.setattr(search_index, "PAGES_PER_PART", PAGES_PER_PART)
    runs: list[str] = []
    real_run = search_index._run_pagefind

    def counted(site_dir: Path, output_subdir: str, glob: str | None, *more: object) -> None:
        runs.append(output_subdir)
        real_run(site_dir, output_subdir, glob, *more)  # type: ignore[arg-type]

    monkeypatch.setattr(search_index, "_run_pagefind", counted)
    target = sorted(content.glob("*/*/*.yaml"))[-1]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("年度总目标: ", "年度总目标: 修订后", 1), encoding="utf-8")
    corpus = load_corpus(content)
    site = root / "site"
    build_site(corpus, config_file=MKDOCS_YML, site_dir=site, cache_dir=root / "c")
    assert len(runs) == 1  # the edited project's part only

    fresh = tmp_path / "fresh"
    build_site(corpus, config_file=MKDOCS_YML, site_dir=fresh, cache_dir=None)
    assert _differences(site, fresh) == []


@pytest.mark.browser
def test_one_search_box_searches_every_part(
    parted: tuple[Path, Path, Corpus], browser: Browser
) -> None:
    root, _, corpus = parted
    parts = plan_parts([p.url for p in corpus.projects], limit=PAGES_PER_PART)
    # A project of the first part and one of the last part, found by the search box.
    wanted = [
        next(p for p in corpus.projects if p.url.startswith(parts[0].folders[0] + "/")),
        next(p for p in corpus.projects if p.url.startswith(parts[-1].folders[-1] + "/")),
    ]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        with serve(root / "site") as base:
            page = context.new_page()
            page.goto(base)
            for project in wanted:
                query = f"{project.declaration.department} {project.declaration.name}"
                page.locator(".md-header .pagefind-ui__search-input").fill(query)
                expect(page.locator(".pagefind-ui__message")).to_contain_text(query)
                link = page.locator(f'.pagefind-ui__result-link[href$="/{project.url}"]')
                expect(link.first).to_be_visible()
    finally:
        context.close()


@pytest.mark.build
def test_a_part_is_indexed_while_later_pages_are_still_being_written(
    parted: tuple[Path, Path, Corpus], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The first part starts once its own pages are on disk, before the last part's are: the
    indexing overlaps the build instead of waiting for its end."""
    _, _, corpus = parted
    monkeypatch.setattr(search_index, "PAGES_PER_PART", PAGES_PER_PART)
    parts = plan_parts([p.url for p in corpus.projects], limit=PAGES_PER_PART)
    seen: dict[str, tuple[int, int]] = {}
    real_run = search_index._run_pagefind

    def watched(site_dir: Path, output_subdir: str, glob: str | None, *more: object) -> None:
        own = sum((site_dir / page).is_file() for page in parts[0].pages)
        last = sum((site_dir / page).is_file() for page in parts[-1].pages)
        seen.setdefault(output_subdir, (own, last))
        real_run(site_dir, output_subdir, glob, *more)  # type: ignore[arg-type]

    monkeypatch.setattr(search_index, "_run_pagefind", watched)
    site = tmp_path / "site"
    build_site(corpus, config_file=MKDOCS_YML, site_dir=site, cache_dir=None)
    own, last = seen["pagefind"]
    assert own == len(parts[0].pages)  # all its pages were written before it started
    assert last < len(parts[-1].pages)  # and the last part's were not all written yet
    # That the files are those of indexing after the build: the edit test above compares a
    # build with a cold one, both indexed this way, and test_incremental_build.py the rest.
    assert (site / "pagefind" / PARTS_FILE).is_file()
