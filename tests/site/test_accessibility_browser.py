"""Every page type read as a phone and a desktop reader would: axe-core, focus, the columns.

- axe-core (bundled by axe-playwright-python) runs on the home page, a project, a department,
  a type, a year, all projects, the explorer, search results after a search, quality, recent
  changes, downloads, about and the 404 page, at 390×844 and 1440×900; any serious or critical
  violation fails (WCAG 2.1 AA: contrast, labels, table headers, scrollable regions …).
- Keyboard focus is visible on the header search box and the explorer's inputs.
- At 390 px a project page shows every funding figure and every target inside the viewport,
  and index tables keep the project's name and amount inside it (getBoundingClientRect).

Skipped like tests/site/test_browser.py when Debian's chromium is missing (and failing on CI).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path

from tests.conftest import build
from tests.site.test_print_browser import Built, two_years  # a 2025 declaration of a 2024 project
from tests.support.browser_support import blocking_violations, opened_page, serve

__all__ = ["two_years"]  # a fixture: used by name

pytestmark = pytest.mark.browser

PROJECT = "2024/baoshan-zonggonghui/gonghui-gongzuozhe-jingfei/"
DEPARTMENT = "departments/baoshan-zonggonghui/"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1440, "height": 900}
SEARCH = "search results"
PAGES = [
    "",
    PROJECT,
    DEPARTMENT,
    "types/jingchangxing/",
    "2024/",
    "projects/",
    "explorer/",
    SEARCH,
    "quality/",
    "changes/",
    "downloads/",
    "about/",
    "404.html",
]


@pytest.fixture(scope="module")
def base(seed_site: Path) -> Iterator[str]:
    with serve(seed_site) as url:
        yield url


def search_input(page: Page) -> str:
    selector = ".md-header .pagefind-ui__search-input"
    expect(page.locator(selector)).to_be_visible()
    return selector


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1440"])
@pytest.mark.parametrize("url", PAGES)
def test_no_serious_accessibility_violation(
    browser: Browser, base: str, url: str, viewport: ViewportSize
) -> None:
    with opened_page(browser, base if url == SEARCH else base + url, viewport) as page:
        if url == SEARCH:
            page.locator(search_input(page)).fill("工会")
            expect(page.locator(".pagefind-ui__result").first).to_be_visible()
        findings = blocking_violations(page)
        assert findings.blocking == []
        # The run did check something: axe passes rules only on content it found.
        assert findings.passes > 10


OUTLINE = "e => [getComputedStyle(e).outlineStyle, parseFloat(getComputedStyle(e).outlineWidth)]"


def test_keyboard_focus_is_visible_on_the_search_box_and_the_explorer_inputs(
    browser: Browser, base: str
) -> None:
    with opened_page(browser, base + "explorer/", DESKTOP) as page:
        box = page.locator(search_input(page))
        box.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focus by keyboard, so that :focus-visible applies
        assert box.evaluate("e => e === document.activeElement")
        style, width = box.evaluate(OUTLINE)
        assert style != "none" and width >= 2
        # The search box has a real label, not only a title.
        label = box.evaluate("e => e.labels.length ? e.labels[0].textContent : ''")
        assert label == "搜索项目"
        # Tab from the empty search box does not land on an invisible clear button.
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className")
        assert "pagefind-ui__search-clear" not in focused
        expect(page.locator(".jx-explorer.jx-explorer-ready")).to_be_visible()
        for name in ("min", "max", "q"):
            field = page.locator(f'.jx-filters input[name="{name}"]')
            field.focus()
            page.keyboard.press("Shift+Tab")
            page.keyboard.press("Tab")
            assert field.evaluate("e => e === document.activeElement"), name
            style, width = field.evaluate(OUTLINE)
            assert style != "none" and width >= 2, name


# Right edges of the elements matching a selector, and the count of those with text.
RIGHT_EDGES = """selector => [...document.querySelectorAll(selector)]
  .filter(e => e.getClientRects().length > 0)
  .map(e => [e.textContent.trim(), e.getBoundingClientRect().left,
             e.getBoundingClientRect().right])"""


def edges(page: Page, selector: str) -> list[tuple[str, float, float]]:
    found: list[tuple[str, float, float]] = page.evaluate(RIGHT_EDGES, selector)
    return found


def assert_inside(page: Page, selector: str, minimum: int) -> None:
    found = edges(page, selector)
    assert len(found) >= minimum, (selector, found)
    width = PHONE["width"]
    outside = [(text, left, right) for text, left, right in found if left < 0 or right > width]
    assert outside == [], selector


def test_on_a_phone_a_project_shows_every_figure_and_target_without_scrolling(
    browser: Browser, base: str
) -> None:
    with opened_page(browser, base + PROJECT, PHONE) as page:
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
        # 7 amounts of the funding table, every target of the indicator table (12 here).
        assert_inside(page, "table.jx-funding td.jx-num", 7)
        assert_inside(page, "table.jx-funding th", 8)
        assert_inside(page, "table.jx-indicators td.jx-target", 12)
        assert_inside(page, "table.jx-header td", 6)
        assert_inside(page, "table.jx-goals td", 2)
        # Nothing of the form scrolls sideways inside its block either.
        scrolling = page.evaluate(
            """() => [...document.querySelectorAll("article .jx-form")]
                 .filter(e => e.scrollWidth > e.clientWidth + 1).length"""
        )
        assert scrolling == 0
        # The funding table reads the project period first, then the year (on screen, not
        # in the markup, which stays the form's).
        tops = page.evaluate(
            """() => [...document.querySelectorAll("table.jx-funding th")]
                 .filter(e => e.getClientRects().length)
                 .map(e => [e.textContent.trim(), e.getBoundingClientRect().top])"""
        )
        order = [text for text, _ in sorted(tops, key=lambda pair: pair[1])]
        assert order.index("项目资金总额") < order.index("其中：财政资金") < order.index("其他资金")
        assert order.index("其他资金") < order.index("年度资金申请总额")


@pytest.mark.parametrize(
    ("url", "table"),
    [
        ("projects/", "table.jx-projects"),
        ("2024/", "table.jx-projects"),
        (DEPARTMENT, "table.jx-projects"),
        ("types/jingchangxing/", "table.jx-projects"),
        ("", "table.jx-subtotals"),
    ],
)
def test_on_a_phone_index_tables_keep_name_and_amount_in_view(
    browser: Browser, base: str, url: str, table: str
) -> None:
    with opened_page(browser, base + url, PHONE) as page:
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
        headers = [text for text, _, _ in edges(page, f"{table} thead th")]
        assert any("名称" in h or h in ("年度", "主管部门", "项目类别") for h in headers)
        assert "年度资金申请总额（元）" in headers, headers
        assert_inside(page, f"{table} thead th", 2)
        assert_inside(page, f"{table} tbody td", 4)


@pytest.fixture(scope="module")
def fifty_departments(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A synthetic site over the 50 departments of benchmarks/synth.py, some with long names."""
    root = tmp_path_factory.mktemp("fifty")
    synth.generate(root / "content", 150)
    build(root / "content", root / "site")
    with serve(root / "site") as url:
        yield url


@pytest.mark.parametrize("site", ["base", "fifty_departments"])
def test_on_a_desktop_the_home_tables_keep_every_column(
    browser: Browser, request: pytest.FixtureRequest, site: str
) -> None:
    base: str = request.getfixturevalue(site)
    with opened_page(browser, base, DESKTOP) as page:
        for table in page.locator("article table.jx-subtotals").all():
            headers = table.locator("thead th")
            expect(headers).to_have_count(6)
            right = table.evaluate("e => e.closest('.jx-table-wrap').getBoundingClientRect().right")
            for index in range(6):
                box = headers.nth(index).bounding_box()
                assert box is not None and box["x"] + box["width"] <= right + 1


def test_the_department_page_starts_with_its_projects(browser: Browser, base: str) -> None:
    with opened_page(browser, base + DEPARTMENT, PHONE) as page:
        headings = page.locator("article h2").all_inner_texts()
        assert headings[0] == "项目"
        top = page.locator("article table.jx-projects").evaluate(
            "e => e.getBoundingClientRect().top"
        )
        assert top < PHONE["height"]  # on the first screen
        assert "主管部门" not in page.locator("article table.jx-projects thead").inner_text()


def test_on_a_phone_chart_labels_are_readable_and_bars_link_to_their_pages(
    browser: Browser, base: str
) -> None:
    with opened_page(browser, base, PHONE) as page:
        sizes = page.evaluate(
            """() => [...document.querySelectorAll("svg.jx-chart text")]
                 .map(t => t.getBoundingClientRect().height)"""
        )
        assert len(sizes) >= 6
        # The rendered height of a line of 12-unit text; 11 px text is about 13 px high.
        assert min(sizes) >= 13, sizes
        assert_inside(page, "svg.jx-chart text.jx-chart-label", 3)
        link = page.locator("svg.jx-chart a").first
        href = link.get_attribute("href")
        assert href is not None
        link.locator("rect.jx-chart-bar").click()
        page.wait_for_load_state("networkidle")
        assert page.url.rstrip("/").endswith(href.rstrip("/"))


def test_without_javascript_the_header_says_where_to_search(browser: Browser, base: str) -> None:
    with opened_page(browser, base + PROJECT, DESKTOP, javascript=False, wait_until="load") as page:
        expect(page.locator(".pagefind-ui__search-input")).to_have_count(0)
        hint = page.locator(".jx-noscript")
        expect(hint).to_be_visible()
        assert "搜索框需要 JavaScript" in hint.inner_text()
        hrefs = [a.get_attribute("href") or "" for a in hint.locator("a").all()]
        assert any(h.endswith("explorer/") for h in hrefs), hrefs
        assert any(h.endswith("projects/") for h in hrefs), hrefs
        # The reading of a target uses the signs a reader writes, not ASCII.
        readings = page.locator("table.jx-indicators td.jx-reading").all_inner_texts()
        assert any(r.startswith("≥ ") for r in readings), readings
        assert not any(">=" in r for r in readings), readings


def test_with_javascript_the_hint_is_not_shown(browser: Browser, base: str) -> None:
    with opened_page(browser, base + PROJECT, DESKTOP) as page:
        expect(page.locator(".jx-noscript")).to_have_count(0)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1440"])
def test_pages_over_two_years_have_no_serious_violation(
    browser: Browser, two_years: Built, viewport: ViewportSize
) -> None:
    """A project with 历年申报 and a department with 新增/延续/结束 (absent from the seed)."""
    with serve(two_years.site) as base:
        for url in (two_years.project.url, DEPARTMENT):
            with opened_page(browser, base + url, viewport) as page:
                if url == two_years.project.url:
                    expect(page.locator("table.jx-lineage")).to_have_count(1)
                else:
                    expect(page.locator(".jx-turnover")).to_have_count(1)
                assert blocking_violations(page).blocking == [], url
