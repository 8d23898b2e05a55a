"""Search relevance: queries typed into the header search box of a built site, in Chromium.

A synthetic site (benchmarks/synth.py, 300 projects over two years) and the shipped content are
built for real (MkDocs and Pagefind); each query goes through the search box as a reader types
it, and the results are compared with what the corpus says they must be:

- an amount, in every way people write it, finds exactly the projects with that funding figure;
- a department's full name ranks its own projects first, and so does its short name (统计局);
- a word inside a name (工会 in 总工会) finds the projects of that organisation;
- a project's name ranks the projects of that name first;
- the 年度, 主管部门 and 项目类别 filters under the box narrow the results;
- every excerpt is text of the visible form, never the hidden index terms.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from generator.core.money import to_yuan
from generator.core.project import Corpus, Project
from generator.site.search_terms import MARKER, short_names
from tests.conftest import CONTENT, build
from tests.support.browser_support import TIMEOUT_MS, article, parse_html, serve
from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path

pytestmark = pytest.mark.browser

YEARS = (2024, 2025)


@dataclass(frozen=True)
class Site:
    root: Path
    corpus: Corpus
    base: str


@dataclass(frozen=True)
class Result:
    title: str
    url: str  # site-relative, e.g. 2024/dept-01-jiaoyuju/p-000027-xiaoshe/
    excerpt: str  # the excerpt's text
    excerpt_html: str


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("search-synthetic")
    synth.generate(root / "content", 300, years=YEARS)
    corpus = build(root / "content", root / "site")
    with serve(root / "site") as base:
        yield Site(root / "site", corpus, base)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("search-shipped")
    corpus = build(CONTENT, root / "site")
    with serve(root / "site") as base:
        yield Site(root / "site", corpus, base)


@pytest.fixture(scope="module")
def search_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
        assert not errors, errors
    finally:
        context.close()


def search(page: Page, site: Site, query: str) -> list[Result]:
    """Every result of `query`, in rank order (loading more until all are shown)."""
    if not page.url.startswith(site.base):
        page.goto(site.base)
    # The site's organisation names (data/search-names.json) are read: a full name is one.
    expect(page.locator("#jx-search[data-names=ready]")).to_have_count(1)
    box = page.locator(".md-header .pagefind-ui__search-input")
    box.fill("")
    box.fill(query)
    message = page.locator(".pagefind-ui__message")
    # This query's search has finished (not 正在搜索, not the last query's count).
    expect(message).to_have_text(re.compile(r"(找到\s*\d+\s*个|没有找到)\s*" + re.escape(query)))
    found = re.match(r"找到\s*(\d+)\s*个", message.inner_text())
    expected = int(found.group(1)) if found else 0
    results = page.locator(".pagefind-ui__result")
    more = page.locator(".pagefind-ui__button")
    while results.count() < expected and more.count():
        more.first.click()
    expect(results).to_have_count(expected)
    expect(page.locator(".pagefind-ui__result-excerpt")).to_have_count(expected)
    shown = []
    for item in results.all():
        href = item.locator(".pagefind-ui__result-link").get_attribute("href") or ""
        excerpt = item.locator(".pagefind-ui__result-excerpt")
        shown.append(
            Result(
                title=item.locator(".pagefind-ui__result-title").inner_text(),
                url=href.lstrip("/"),
                excerpt=excerpt.inner_text(),
                excerpt_html=excerpt.inner_html(),
            )
        )
    return shown


def figures_fen(project: Project) -> set[int]:
    decl = project.declaration
    amounts = (
        decl.project_funds.total,
        decl.project_funds.fiscal,
        decl.project_funds.other,
        decl.annual_funds.total,
        decl.annual_funds.appropriation,
        decl.annual_funds.carry_over,
        decl.annual_funds.other,
    )
    return {int(to_yuan(a, decl.unit) * 100) for a in amounts if a is not None and a > 0}


def spellings(fen: int) -> list[str]:
    """1846000 元 as readers type it: 1846000, 1,846,000.00, 184.6万, 184.60万元."""
    yuan = Decimal(fen) / 100
    wan = yuan / 10000
    wan_text = f"{wan:f}".rstrip("0").rstrip(".") if "." in f"{wan:f}" else f"{wan:f}"
    forms = [f"{yuan:,.2f}", f"{wan_text}万"]
    if wan == wan.quantize(Decimal("0.01")):
        forms.append(f"{wan:.2f}万元")
    if fen % 100 == 0 and yuan >= 10000:
        forms.append(str(fen // 100))
    return forms


def orgs(project: Project) -> set[str]:
    return {project.declaration.department, project.declaration.implementing_unit}


def ranked_first(results: list[Result], expected: set[str]) -> None:
    """The first len(expected) results are exactly the expected projects."""
    top = [r.url for r in results[: len(expected)]]
    assert set(top) == expected, (top, sorted(expected))


def visible_text(site: Site, url: str) -> str:
    """The page's article text without the hidden search terms, as compared with excerpts:
    without whitespace and the full stops Pagefind puts between blocks."""
    html = (site.root / url / "index.html").read_text(encoding="utf-8")
    body = article(parse_html(html))
    for hidden in body.find_all(class_="jx-search-terms"):
        hidden.children.clear()
    return re.sub(r"[\s.]", "", body.text())


def assert_excerpts_visible(site: Site, results: list[Result]) -> None:
    for result in results:
        assert "jxa" not in result.excerpt and "jxn" not in result.excerpt
        assert MARKER not in result.excerpt
        for part in result.excerpt.split("…"):
            squashed = re.sub(r"[\s.]", "", part)
            assert squashed in visible_text(site, result.url), (result.url, result.excerpt)


# --- Amounts ------------------------------------------------------------------------------


def amount_cases(corpus: Corpus) -> list[int]:
    """Three amounts: a form in 元, a form in 万元, and a project total unlike its year's."""
    chosen: list[int] = []
    wanted = [
        lambda p: p.declaration.unit.value == "元",
        lambda p: p.declaration.unit.value == "万元",
        lambda p: (
            p.declaration.project_funds.total != p.declaration.annual_funds.total
            and p.declaration.project_funds.total is not None
        ),
    ]
    for want in wanted:
        project = next(p for p in corpus.projects if want(p))
        decl = project.declaration
        amount = decl.project_funds.total if decl.project_funds.total else decl.annual_funds.total
        assert amount is not None
        chosen.append(int(to_yuan(amount, decl.unit) * 100))
    return chosen


def test_an_amount_finds_exactly_its_projects_however_it_is_written(
    search_page: Page, synthetic: Site
) -> None:
    queries = 0
    for fen in amount_cases(synthetic.corpus):
        expected = {p.url for p in synthetic.corpus.projects if fen in figures_fen(p)}
        assert expected
        for query in spellings(fen):
            results = search(search_page, synthetic, query)
            assert {r.url for r in results} == expected, query
            assert all("<mark>" in r.excerpt_html for r in results), query
            assert_excerpts_visible(synthetic, results)
            queries += 1
    assert queries >= 10


def test_the_amount_from_the_issue_finds_the_membership_card_project(
    search_page: Page, shipped: Site
) -> None:
    expected = {p.url for p in shipped.corpus.projects if 184600000 in figures_fen(p)}
    assert expected
    for query in ("1846000", "1,846,000.00", "184.6万", "184.60万元", "１８４６０００"):
        results = search(search_page, shipped, query)
        assert {r.url for r in results} == expected, query
        assert "1,846,000.00" in results[0].excerpt


def test_a_year_is_not_read_as_an_amount(search_page: Page, shipped: Site) -> None:
    assert len(search(search_page, shipped, "2024")) == len(shipped.corpus.projects)


# --- Names --------------------------------------------------------------------------------


def largest_departments(corpus: Corpus, count: int) -> list[str]:
    sizes: dict[str, int] = {}
    for project in corpus.projects:
        sizes[project.declaration.department] = sizes.get(project.declaration.department, 0) + 1
    return sorted(sizes, key=lambda name: (-sizes[name], name))[:count]


def test_a_departments_full_name_ranks_its_own_projects_first(
    search_page: Page, synthetic: Site
) -> None:
    for name in largest_departments(synthetic.corpus, 5):
        expected = {p.url for p in synthetic.corpus.projects if name in orgs(p)}
        results = search(search_page, synthetic, name)
        ranked_first(results, expected)
        assert_excerpts_visible(synthetic, results[:3])


def test_a_departments_short_name_ranks_its_own_projects_first(
    search_page: Page, synthetic: Site
) -> None:
    every = {name for p in synthetic.corpus.projects for name in orgs(p)}
    shorts = [s for name in sorted(every) for s in short_names(name)[-1:]]
    unique = [s for s in dict.fromkeys(shorts) if shorts.count(s) == 1 and len(s) >= 3]
    assert len(unique) >= 4
    for short in unique[:4]:
        expected = {
            p.url
            for p in synthetic.corpus.projects
            if any(short_names(o)[-1:] == [short] for o in orgs(p))
        }
        ranked_first(search(search_page, synthetic, short), expected)


def test_a_word_inside_a_name_finds_the_organisation(search_page: Page, synthetic: Site) -> None:
    for word, inside in (("工会", "总工会"), ("统计", "统计局"), ("卫生", "卫生健康委员会")):
        expected = {p.url for p in synthetic.corpus.projects if any(inside in o for o in orgs(p))}
        assert expected, inside
        results = search(search_page, synthetic, word)
        assert expected <= {r.url for r in results}, word
        assert_excerpts_visible(synthetic, results[:5])


def test_gonghui_finds_the_shipped_zonggonghui(search_page: Page, shipped: Site) -> None:
    results = search(search_page, shipped, "工会")
    assert {r.url for r in results} == {p.url for p in shipped.corpus.projects}
    assert_excerpts_visible(shipped, results)
    for result in results:
        # The reported noise: the hidden tails 区总工会 宝山区总工会 山区总工会 …
        assert "区总工会 宝山区总工会" not in result.excerpt


def test_a_project_name_ranks_its_projects_near_the_top(search_page: Page, synthetic: Site) -> None:
    """Near, not first: Pagefind ranks words, not phrases, so 消费促进活动经费 may come before
    消费促进活动活动经费 when the reader typed the latter (both have every word)."""
    names = list(dict.fromkeys(p.declaration.name for p in synthetic.corpus.projects))
    for name in names[:: max(1, len(names) // 5)][:5]:
        expected = {p.url for p in synthetic.corpus.projects if p.declaration.name == name}
        results = search(search_page, synthetic, name)
        top = {r.url for r in results[: len(expected) + 2]}
        assert expected <= top, (name, [r.title for r in results[:5]])


# --- Filters ------------------------------------------------------------------------------


def choose_filter(page: Page, group: str, value: str) -> None:
    """Chooses `value` in the filter `group` under the search box."""
    page.locator(f'#jx-search .jx-search-filters select[name="{group}"]').select_option(value)


def test_results_can_be_filtered_by_year_department_and_type(
    search_page: Page, synthetic: Site
) -> None:
    everything = search(search_page, synthetic, "满意度")
    assert len(everything) > 20
    department = largest_departments(synthetic.corpus, 1)[0]
    category = synthetic.corpus.projects[0].declaration.category
    for group, value, keep in (
        ("年度", "2024", lambda p: p.declaration.year == 2024),
        ("主管部门", department, lambda p: p.declaration.department == department),
        ("项目类别", category, lambda p: p.declaration.category == category),
    ):
        search_page.goto(synthetic.base)
        search(search_page, synthetic, "满意度")
        choose_filter(search_page, group, value)
        allowed = {p.url for p in synthetic.corpus.projects if keep(p)}
        message = search_page.locator(".pagefind-ui__message")
        # The filtered search has finished: a count, and not the unfiltered one.
        expect(message).to_have_text(re.compile(rf"找到\s*(?!{len(everything)}\s)\d+\s*个"))
        found = re.match(r"找到\s*(\d+)\s*个", message.inner_text())
        assert found
        filtered = int(found.group(1))
        assert 0 < filtered < len(everything), group
        titles = search_page.locator(".pagefind-ui__result-link")
        expect(titles).to_have_count(min(filtered, 10))
        urls = {
            (href or "").lstrip("/") for href in (t.get_attribute("href") for t in titles.all())
        }
        assert urls <= allowed, group
        assert filtered == len({r.url for r in everything} & allowed), group
