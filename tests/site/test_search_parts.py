"""A site indexed in several Pagefind parts: one search box finds projects of every part, and a
build after an edit re-indexes only the edited part, with the same files as a full build."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, expect

from generator.core.diagnostics import JixiaoUserError
from generator.core.project import Corpus, Project
from generator.load.corpus import load_corpus
from generator.site import search_index
from generator.site.search_index import (
    PARTS_FILE,
    SCOPE_ABOVE,
    join_shard_indexes,
    parts_listing,
    plan_parts,
)
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
    listing = json.loads((site / "pagefind" / PARTS_FILE).read_text(encoding="utf-8"))
    expected = len(plan_parts([p.url for p in corpus.projects], limit=PAGES_PER_PART))
    assert expected >= 3
    # Few bundles: the search box loads them all from the start (no `scope`).
    assert listing == {
        "merge": [f"part-{i}/" for i in range(1, expected)],
        "years": [["2024"]] * expected,
    }
    for part in listing["merge"]:
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


@pytest.mark.build
def test_after_an_edit_its_part_is_written_and_indexed_first(
    parted: tuple[Path, Path, Corpus], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An edit in the last part: MkDocs writes that part's pages before the first part's, so
    Pagefind indexes it while the rest is written; the site (sitemap.xml included, which
    MkDocs lists in the order it renders) is that of a full build."""
    _, original, _ = parted
    monkeypatch.setattr(search_index, "PAGES_PER_PART", PAGES_PER_PART)
    content = tmp_path / "content"
    shutil.copytree(original, content)
    cache, site, url = tmp_path / "cache", tmp_path / "site", "https://example.org/jixiao/"
    build_site(load_corpus(content), config_file=MKDOCS_YML, site_dir=site, cache_dir=cache,
               site_url=url)  # fmt: skip
    corpus = load_corpus(content)
    parts = plan_parts([p.url for p in corpus.projects], limit=PAGES_PER_PART)
    last = parts[-1]
    target = next(p for p in corpus.projects if f"{p.url.strip('/')}/index.html" in last.pages)
    path = content / target.source_path
    path.write_text(
        path.read_text("utf-8").replace("年度总目标: ", "年度总目标: 修订后", 1), "utf-8"
    )
    started: dict[str, int] = {}
    real_run = search_index._run_pagefind

    def watched(site_dir: Path, output_subdir: str, glob: str | None, *more: object) -> None:
        started[output_subdir] = sum((site_dir / page).is_file() for page in parts[0].pages)
        real_run(site_dir, output_subdir, glob, *more)  # type: ignore[arg-type]

    monkeypatch.setattr(search_index, "_run_pagefind", watched)
    build_site(load_corpus(content), config_file=MKDOCS_YML, site_dir=site, cache_dir=cache,
               site_url=url)  # fmt: skip
    assert list(started) == [f"pagefind/part-{len(parts) - 1}"]  # the edited part alone
    assert started[f"pagefind/part-{len(parts) - 1}"] < len(parts[0].pages)
    assert "修订后" in (site / target.url / "index.html").read_text("utf-8")
    fresh = tmp_path / "fresh"
    build_site(load_corpus(content), config_file=MKDOCS_YML, site_dir=fresh, cache_dir=None,
               site_url=url)  # fmt: skip
    assert _differences(site, fresh) == []
    assert (site / "sitemap.xml").read_bytes().count(b"<loc>") > len(corpus.projects)


# --- A large index: the search box starts on the newest year ---------------------------------


def test_only_a_large_index_names_a_starting_year() -> None:
    """Every bundle searched costs its metadata and a chunk per query word on the first search:
    above SCOPE_ABOVE bundles the listing names the newest year, whose bundles alone are loaded
    at first. A bundle of an older build lists no years: it is always searched."""
    few = [["2023"], ["2023", "2024"]]
    assert parts_listing(["part-1/"], few) == {"merge": ["part-1/"], "years": few}
    many = [["2020"], ["2021"], ["2021", "2022"], ["2023"], ["2023"], ["2024"], ["2024"]]
    assert len(many) == SCOPE_ABOVE + 1
    listing = parts_listing([f"part-{i}/" for i in range(1, len(many))], many)
    assert listing["scope"] == "2024"
    unknown = parts_listing([f"part-{i}/" for i in range(1, len(many))], [None] * len(many))
    assert "scope" not in unknown


def _shard(site: Path, name: str, listing: object) -> str:
    bundle = site / "shards" / name / "pagefind"
    bundle.mkdir(parents=True)
    (bundle / PARTS_FILE).write_text(json.dumps(listing), encoding="utf-8")
    return f"shards/{name}"


def test_joined_lists_carry_each_bundles_years(tmp_path: Path) -> None:
    """The top level and every shard list all bundles with their years; a shard built before
    years were listed (a plain list) joins with years unknown."""
    site = tmp_path / "site"
    first = _shard(site, "year-2024", {"merge": ["part-1/"], "years": [["2024"], ["2024"]]})
    second = _shard(site, "year-2023", ["part-1/"])
    join_shard_indexes(site, [first, second])
    top = json.loads((site / "pagefind" / PARTS_FILE).read_text(encoding="utf-8"))
    assert top == {
        "primary": "../shards/year-2024/pagefind/",
        "merge": [
            "../shards/year-2024/pagefind/part-1/",
            "../shards/year-2023/pagefind/",
            "../shards/year-2023/pagefind/part-1/",
        ],
        "years": [["2024"], ["2024"], None, None],
    }
    older = json.loads((site / second / "pagefind" / PARTS_FILE).read_text(encoding="utf-8"))
    assert older == {
        "merge": ["part-1/", "../../year-2024/pagefind/", "../../year-2024/pagefind/part-1/"],
        "years": [None, None, ["2024"], ["2024"]],
    }


@pytest.mark.parametrize(
    "listing",
    [
        {"merge": ["part-1/"], "years": [["2024"]]},  # a bundle without its years
        {"merge": [], "years": [["../x"]]},
        {"merge": [], "years": [["2024<script>"]]},
        {"merge": [], "years": [[2024]]},
        {"merge": ["../../etc/"], "years": [None, None]},
        {"merge": []},
        "part-1/",
    ],
    ids=["short", "path", "markup", "number", "escape", "no-years", "text"],
)
def test_a_forged_list_of_parts_is_refused_in_words(tmp_path: Path, listing: object) -> None:
    site = tmp_path / "site"
    shard = _shard(site, "bad", listing)
    with pytest.raises(JixiaoUserError, match="不是 jixiao 写的分块列表；请重新构建该分片"):
        join_shard_indexes(site, [shard])


@pytest.fixture(scope="module")
def scoped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Corpus, dict]]:
    """Two years in several parts, with SCOPE_ABOVE lowered so that the site counts as large."""
    root = tmp_path_factory.mktemp("scoped")
    content = root / "content"
    synth.generate(content, 40, seed=5, years=(2023, 2024))
    corpus = load_corpus(content)
    assert corpus.ok
    patch = pytest.MonkeyPatch()
    patch.setattr(search_index, "PAGES_PER_PART", 8)
    patch.setattr(search_index, "SCOPE_ABOVE", 1)
    try:
        build_site(corpus, config_file=MKDOCS_YML, site_dir=root / "site", cache_dir=None)
    finally:
        patch.undo()
    listing = json.loads((root / "site" / "pagefind" / PARTS_FILE).read_text(encoding="utf-8"))
    yield root / "site", corpus, listing


def _amount_only_in(corpus: Corpus, year: int) -> tuple[Project, str]:
    """A project of `year` and a funding figure that no project of another year has."""

    def figures(project: Project) -> set[Decimal]:
        funds = project.declaration.project_funds
        return {f for f in (funds.total, funds.fiscal) if f}

    elsewhere = {f for p in corpus.projects if p.declaration.year != year for f in figures(p)}
    for project in corpus.projects:
        if project.declaration.year == year:
            for figure in sorted(figures(project) - elsewhere):
                return project, f"{figure:,.2f}"
    raise AssertionError(f"every figure of {year} is in another year too")


@pytest.mark.browser
def test_a_large_sites_search_starts_on_the_newest_year_and_widens_to_all(
    scoped: tuple[Path, Corpus, dict], browser: Browser
) -> None:
    """Only the newest year's bundles are fetched at first, the 年度 filter shows that year and
    a line says so. A query with nothing in that year goes on over every year by itself (the
    other bundles are fetched, an older project is found); once the reader chooses a year
    under 年度, the search stays in it."""
    site, corpus, listing = scoped
    assert listing["scope"] == "2024"
    bundles = ["./", *listing["merge"]]
    newest = {b for b, years in zip(bundles, listing["years"], strict=True) if "2024" in years}
    assert newest and newest != set(bundles)
    project_2024 = next(p for p in corpus.projects if p.declaration.year == 2024)
    project_2023, amount = _amount_only_in(corpus, 2023)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    fetched: list[str] = []
    errors: list[str] = []
    try:
        with serve(site) as base:
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on(
                "request",
                lambda r: fetched.append(r.url) if r.url.endswith(".pf_meta") else None,
            )

            def bundles_fetched() -> set[str]:
                inside = [url.removeprefix(base + "pagefind/") for url in fetched]
                return {u.rsplit("/", 1)[0] + "/" if "/" in u else "./" for u in inside}

            def link_to(project: Project) -> Locator:
                return page.locator(f'.pagefind-ui__result-link[href$="/{project.url}"]')

            page.goto(base)
            expect(page.locator("#jx-search[data-names=ready]")).to_have_count(1)
            box = page.locator(".md-header .pagefind-ui__search-input")
            year = page.locator('#jx-search .jx-search-filters select[name="年度"]')
            query = f"{project_2024.declaration.department} {project_2024.declaration.name}"
            box.fill(query)
            expect(link_to(project_2024).first).to_be_visible()
            expect(year).to_have_value("2024")
            expect(page.locator("#jx-search .jx-search-scope")).to_contain_text("2024")
            assert bundles_fetched() == newest

            box.fill(amount)  # in 2023 only: nothing in 2024, so every year is searched
            expect(link_to(project_2023)).to_have_count(1)
            expect(year).to_have_value("")
            expect(box).to_have_value(amount)  # the term carries over into the widened box
            expect(box).to_be_focused()  # and the reader types on where they were
            assert bundles_fetched() == set(bundles)
            # The label still names the (new) input for a screen reader.
            expect(page.get_by_label("搜索项目")).to_have_count(1)

            year.select_option("2024")  # the reader's choice stays, and filters
            expect(page.locator(".pagefind-ui__message")).to_contain_text(amount)
            page.wait_for_timeout(500)
            expect(year).to_have_value("2024")
            expect(link_to(project_2023)).to_have_count(0)
        assert errors == []
    finally:
        context.close()
