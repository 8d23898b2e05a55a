"""Long project tables are split into pages: links, order, pagers and subtotals, in a real build.

The real build uses synthetic content (benchmarks/synth.py) and a page size of a few rows, set
as the jixiao plugin's `page_size` in mkdocs.yml, so that every kind of table (all projects, a
year, a department, a type) runs over several pages without building thousands of pages.
"""

from __future__ import annotations

import dataclasses
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from posixpath import normpath
from urllib.parse import urlsplit

import pytest

from generator.core.project import Corpus, Project
from generator.load.corpus import load_corpus
from generator.site import render, urls
from generator.site.urls import type_slug
from generator.site.views import pagers
from tests.conftest import CONTENT, build, mkdocs_yml_with, nav_titles
from tests.support.browser_support import Element, article, read_page, squash
from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path

pytestmark = pytest.mark.build

PAGE = 2
COUNT = 40
NAV_TITLES = nav_titles()


def resolve(page_url: str, href: str) -> str:
    """A relative link of the page at `page_url` (a directory URL) as a site path."""
    path = urlsplit(href).path
    joined = normpath(f"/{page_url}{path}")
    return joined.lstrip("/") + ("/" if path.endswith("/") and joined != "/" else "")


def page_path(site: Path, url: str) -> Path:
    return site / url / "index.html"


@dataclasses.dataclass(frozen=True)
class Built:
    site: Path
    corpus: Corpus
    tables: dict[str, list[Project]]  # first page URL → the table's projects, in order


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    root = tmp_path_factory.mktemp("paged")
    synth.generate(root / "content", COUNT, years=(2024, 2025))
    corpus = build(root / "content", root / "site", mkdocs_yml_with(root, page_size=PAGE))
    projects = corpus.projects
    tables: dict[str, list[Project]] = {urls.PROJECTS.url: list(projects)}
    for p in projects:
        tables.setdefault(urls.year_of(p).url, []).append(p)
    for p in projects:
        tables.setdefault(urls.department_of(p).url, []).append(p)
    for p in projects:
        tables.setdefault(urls.TYPES.page(type_slug(p.declaration.category)).url, []).append(p)
    yield Built(root / "site", corpus, tables)


def page_urls(site: Path, first_url: str) -> list[str]:
    """The pages of one table as they exist in the built site: first_url, first_url/2/, …"""
    found = [first_url]
    while page_path(site, next_page := urls.table_page_url(first_url, len(found) + 1)).is_file():
        found.append(next_page)
    return found


def table_links(document: Element) -> list[Element]:
    rows = article(document).find("table", "jx-projects").find("tbody").find_all("tr")
    return [row.cells()[1].find("a") for row in rows]


def test_the_content_has_long_and_short_tables_of_every_kind(built: Built) -> None:
    """Guards the other tests: each kind of table has a paginated and (but types) a short one."""
    long = [url for url, ps in built.tables.items() if len(ps) > PAGE]
    short = [url for url, ps in built.tables.items() if len(ps) <= PAGE]
    for prefix in ("projects/", "2024/", "2025/", "departments/", "types/"):
        assert any(url.startswith(prefix) for url in long), prefix
    assert any(url.startswith("departments/") for url in short)


def test_each_table_has_the_right_number_of_pages(built: Built) -> None:
    for first_url, projects in built.tables.items():
        expected = math.ceil(len(projects) / PAGE)
        assert len(page_urls(built.site, first_url)) == expected, first_url


def test_every_project_is_linked_once_across_the_pages_in_order(built: Built) -> None:
    for first_url, projects in built.tables.items():
        linked: list[str] = []
        for url in page_urls(built.site, first_url):
            _, document = read_page(page_path(built.site, url))
            links = table_links(document)
            assert 1 <= len(links) <= PAGE, url
            linked += [resolve(url, a.attrs["href"]) for a in links]
        assert linked == [p.url for p in projects], first_url
        for url in linked:
            assert page_path(built.site, url).is_file()


def test_pager_links_resolve_to_the_pages_of_their_table(built: Built) -> None:
    checked = 0
    for first_url, projects in built.tables.items():
        chain = page_urls(built.site, first_url)
        for number, url in enumerate(chain, start=1):
            _, document = read_page(page_path(built.site, url))
            navs = article(document).find_all("nav", "jx-pager")
            if len(chain) == 1:
                assert navs == [], url
                continue
            assert len(navs) == 2, url  # above and below the table
            top, bottom = navs
            assert squash(top.text()) == squash(bottom.text())
            first = (number - 1) * PAGE + 1
            last = min(len(projects), number * PAGE)
            rows = f"{first}" if first == last else f"{first}–{last}"
            assert (
                f"第 {number} 页，共 {len(chain)} 页；第 {rows} 项，共 {len(projects)} 项"
                in top.text()
            )
            targets = {}
            for link in top.find_all("a"):
                target = resolve(url, link.attrs["href"])
                assert target in chain, f"{url}: {link.attrs['href']} → {target}"
                targets[link.text()] = target
                checked += 1
            assert targets.get("上一页") == (chain[number - 2] if number > 1 else None)
            assert targets.get("下一页") == (chain[number] if number < len(chain) else None)
            current = top.find("span", "jx-pager-current")
            assert current.text() == str(number)
            assert current.attrs["aria-current"] == "page"
            assert targets.get("1") == (chain[0] if number > 1 else None)
            assert targets.get(str(len(chain))) == (chain[-1] if number < len(chain) else None)
    assert checked > 50


def test_the_subtotal_is_on_the_first_page_and_briefly_on_later_ones(built: Built) -> None:
    for first_url, projects in built.tables.items():
        chain = page_urls(built.site, first_url)
        _, first = read_page(page_path(built.site, first_url))
        lead = squash(article(first).find("div", "jx-lead").text())
        assert f"共 {len(projects)} 个项目" in lead
        title = squash(article(first).find("h1").text())
        spans_years = len({p.year_dir for p in projects}) > 1
        has_year_table = bool(article(first).find_all("table", "jx-subtotals"))
        assert has_year_table == (spans_years and first_url != "projects/"), first_url
        for number, url in enumerate(chain[1:], start=2):
            _, later = read_page(page_path(built.site, url))
            assert squash(article(later).find("h1").text()) == f"{title}（第 {number} 页）"
            brief = article(later).find("div", "jx-lead")
            assert f"共 {len(projects)} 个项目" in squash(brief.text())
            assert "财政拨款" not in brief.text()  # the full subtotal stays on page 1
            assert article(later).find_all("table", "jx-subtotals") == []
            back = [resolve(url, a.attrs["href"]) for a in brief.find_all("a")]
            assert back == ([""] if first_url == "projects/" else [first_url])


def test_later_pages_are_not_in_the_navigation(built: Built) -> None:
    later = [u for first in built.tables for u in page_urls(built.site, first)[1:]]
    assert len(later) >= 10
    for url in later:
        _, document = read_page(page_path(built.site, url))
        links = document.find("nav", "md-nav--primary").find_all("a", "md-nav__link")
        titles = [squash(a.text()) for a in links if not a.attrs["href"].startswith("#")]
        assert titles == NAV_TITLES, url
    _, home = read_page(built.site / "index.html")
    nav_targets = {
        resolve("", a.attrs["href"])
        for a in home.find("nav", "md-nav--primary").find_all("a", "md-nav__link")
    }
    assert nav_targets.isdisjoint(later)


# --- The page size itself, without a build ------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Corpus:
    corpus = load_corpus(CONTENT)
    assert corpus.ok
    return corpus


@pytest.mark.parametrize(("rows", "pages"), [(500, 1), (501, 2)])
def test_tables_have_500_rows_a_page(shipped: Corpus, rows: int, pages: int) -> None:
    # The shipped projects repeated: only the number of rows matters to the pager.
    many = (shipped.projects * rows)[:rows]
    sources = render.render_site(dataclasses.replace(shipped, projects=many))
    paths = ["projects.md", *(f"projects/{n}/index.md" for n in range(2, pages + 1))]
    assert [p for p in sources.pages if p.startswith("projects")] == paths
    last_rows = rows - (pages - 1) * 500
    assert sources.pages[paths[-1]].count("<tr><td>2024</td>") == last_rows
    assert ("jx-pager" in sources.pages["projects.md"]) == (pages > 1)
    year_pages = [p for p in sources.pages if p.startswith("2024/") and p.endswith("index.md")]
    assert len(year_pages) == pages


def test_pagers_show_neighbours_and_ends() -> None:
    def labels(number: int, count: int = 20) -> list[str]:
        pager = pagers("projects/", count * 10, 10)[number - 1]
        return [link.label for link in pager.links]

    assert labels(1) == ["1", "2", "3", "…", "20"]
    assert labels(10) == ["1", "…", "8", "9", "10", "11", "12", "…", "20"]
    assert labels(5) == ["1", "2", "3", "4", "5", "6", "7", "…", "20"]  # no "…" for one page
    assert labels(20) == ["1", "…", "18", "19", "20"]
    assert labels(2, count=2) == ["1", "2"]
    assert pagers("projects/", 10, 10) == []
    assert pagers("projects/", 0, 10) == []
    first, second = pagers("types/x/", 11, 10)
    assert (first.previous_url, first.next_url) == ("", "types/x/2/")
    assert (second.previous_url, second.next_url) == ("types/x/", "")
    assert first.range_text == "第 1–10 项，共 11 项"
    assert second.range_text == "第 11 项，共 11 项"
    with pytest.raises(ValueError, match="page_size"):
        pagers("projects/", 10, 0)
