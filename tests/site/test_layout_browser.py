"""How the pages lay out in a real browser: header search box, narrow screens, print, excerpts.

Each test measures what a reader would have seen go wrong in a screenshot: a search box taller
than the header or covering the title, a table column squeezed to one character a line, a page
that scrolls sideways, a table cut off on paper. Skipped like tests/site/test_browser.py when
Debian's chromium is missing (and failing on CI).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.support.browser_support import DESKTOP, opened_page, serve

pytestmark = pytest.mark.browser

PROJECT = "2024/baoshan-zonggonghui/gonghui-gongzuozhe-jingfei/"
PHONE: ViewportSize = {"width": 390, "height": 844}

# (left, top, right, bottom) of an element, in CSS pixels.
RECT = "e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"


@pytest.fixture(scope="module")
def base(seed_site: Path) -> Iterator[str]:
    with serve(seed_site) as url:
        yield url


def open_page(browser: Browser, url: str, viewport: ViewportSize) -> AbstractContextManager[Page]:
    """The page once its search box is made: these tests measure the header with it."""
    return opened_page(browser, url, viewport, ready=".md-header .pagefind-ui__search-input")


def rect(page: Page, selector: str) -> list[float]:
    result: list[float] = page.locator(selector).first.evaluate(RECT)
    return result


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("url", ["", PROJECT])
def test_the_search_box_fits_in_the_header_beside_the_title(
    browser: Browser, base: str, url: str
) -> None:
    with open_page(browser, base + url, DESKTOP) as page:
        header = rect(page, ".md-header")
        box = rect(page, ".md-header .pagefind-ui__search-input")
        assert header[1] < box[1] and box[3] < header[3], (header, box)  # inside, with a margin
        assert box[2] <= header[2]
        title = page.locator(".md-header__title .md-ellipsis").first
        expect(title).to_be_visible()
        assert not overlap(rect(page, ".md-header__title"), box)
        # The typed text is readable: the header's text size, not Pagefind's scaled-down one.
        size = page.locator(".md-header .pagefind-ui__search-input").evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)"
        )
        assert size >= 13


@pytest.mark.parametrize("url", ["", PROJECT])
def test_on_a_phone_the_search_box_takes_the_title_s_place(
    browser: Browser, base: str, url: str
) -> None:
    with open_page(browser, base + url, PHONE) as page:
        expect(page.locator(".md-header__title")).to_be_hidden()
        box = rect(page, ".md-header .pagefind-ui__search-input")
        menu = rect(page, ".md-header label.md-header__button[for=__drawer]")
        assert not overlap(box, menu)
        assert box[2] - box[0] > 0.6 * PHONE["width"]
        assert box[2] <= PHONE["width"]


NARROWEST_CELL = """() => {
  const cells = [...document.querySelectorAll(
    "article .jx-form th, article .jx-form td, article .jx-table-wrap th, article .jx-table-wrap td"
  )].filter(c => c.textContent.trim().length >= 2 && c.getClientRects().length > 0);
  return [cells.length, Math.min(...cells.map(c => c.getBoundingClientRect().width))];
}"""


@pytest.mark.parametrize("url", ["", "projects/", PROJECT])
def test_on_a_phone_tables_scroll_instead_of_squeezing_text(
    browser: Browser, base: str, url: str
) -> None:
    with open_page(browser, base + url, PHONE) as page:
        count, narrowest = page.evaluate(NARROWEST_CELL)
        assert count >= 8  # a phone shows fewer columns of the index tables (name, amount)
        # 0.68rem text: a cell narrower than ~3 characters breaks words into single characters.
        assert narrowest >= 45, narrowest
        # Wide tables scroll inside their own block; the page itself does not move sideways.
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]


def test_the_reading_column_header_looks_like_the_other_headers(
    browser: Browser, base: str
) -> None:
    with open_page(browser, base + PROJECT, DESKTOP) as page:
        style = "e => [getComputedStyle(e).fontWeight, getComputedStyle(e).fontSize]"
        headers = page.locator("table.jx-indicators thead th")
        expect(headers).to_have_count(5)
        styles = [headers.nth(i).evaluate(style) for i in range(5)]
        assert styles[4] == styles[0], styles
        assert headers.nth(4).inner_text() == "读法"
        # The cells of the column keep their quieter look.
        qualitative = page.locator("table.jx-indicators td.jx-reading:not(.jx-measurable)").first
        assert qualitative.evaluate(style)[1] != styles[0][1]


# Printable width at 96 dpi: A4 portrait less margins for the overviews; a declaration also
# fits A5, narrower than the form's comfortable width on screen.
@pytest.mark.parametrize(("url", "width"), [("", 700), ("projects/", 700), (PROJECT, 480)])
def test_printed_pages_show_whole_tables_without_the_site_chrome(
    browser: Browser, base: str, url: str, width: int
) -> None:
    with open_page(browser, base + url, {"width": width, "height": 900}) as page:
        page.emulate_media(media="print")
        for chrome in (".md-header", ".md-sidebar--primary", ".md-footer"):
            expect(page.locator(chrome).first).to_be_hidden()
        clipped = page.evaluate(
            """() => [...document.querySelectorAll("article .jx-form, article .jx-table-wrap")]
                 .filter(e => e.scrollWidth > e.clientWidth + 1).length"""
        )
        assert clipped == 0
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width


def test_search_excerpts_start_with_the_form_not_the_indexed_name_tails(
    browser: Browser, base: str
) -> None:
    with open_page(browser, base, DESKTOP) as page:
        page.locator(".md-header .pagefind-ui__search-input").fill("工会")
        result = page.locator(".pagefind-ui__result", has_text="工会工作者经费")
        expect(result).to_have_count(1)
        excerpt = result.locator(".pagefind-ui__result-excerpt").inner_text()
        # The excerpt is a window of the visible form around the words typed (the search box
        # rebuilds it, theme/assets/jixiao-search.js), never the hidden index terms.
        title = result.locator(".pagefind-ui__result-title").inner_text()
        assert "工会工作者经费" in title
        assert "工会" in excerpt, excerpt
        assert result.locator(".pagefind-ui__result-excerpt mark").count() >= 1
        assert "区总工会 总工会 工会" not in excerpt, excerpt
        assert "jxn" not in excerpt and "jxa" not in excerpt, excerpt  # name and amount tokens


@pytest.mark.parametrize(
    ("url", "contents"),
    [("", True), ("projects/", False), ("2024/", False), ("types/jingchangxing/", False)],
)
def test_project_tables_get_the_width_of_the_contents_sidebar(
    browser: Browser, base: str, url: str, contents: bool
) -> None:
    with open_page(browser, base + url, DESKTOP) as page:
        sidebar = page.locator(".md-sidebar--secondary")
        if contents:
            expect(sidebar).to_be_visible()
            return
        expect(sidebar).to_be_hidden()
        table = rect(page, "article table.jx-projects")
        article = rect(page, "article")
        assert table[2] - table[0] >= 0.95 * (article[2] - article[0])
        assert article[2] > 0.9 * DESKTOP["width"]  # the column reaches the right-hand side
