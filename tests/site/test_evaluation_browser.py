"""绩效自评 pages as a person sees them in headless chromium: axe-core on every new page type at
phone and desktop width, and on a phone every figure of the evaluation inside the screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ViewportSize, expect

from tests.site.test_accessibility_browser import DESKTOP, PHONE, assert_inside
from tests.site.test_evaluation_site import ALONE, FOLDER, Built, built
from tests.support.browser_support import blocking_violations, opened_page, serve

__all__ = ["built"]  # a fixture: used by name

pytestmark = pytest.mark.browser

PAGES = [
    "explorer/",
    f"{FOLDER}/yiqi-changguan-yunying-jingfei/",
    f"{FOLDER}/{ALONE}/",
    "evaluations/",
    "departments/baoshan-zonggonghui/",
]


@pytest.fixture(scope="module")
def base(built: Built) -> Iterator[str]:
    with serve(built.site) as url:
        yield url


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1440"])
@pytest.mark.parametrize("url", PAGES)
def test_no_serious_accessibility_violation(
    browser: Browser, base: str, url: str, viewport: ViewportSize
) -> None:
    with opened_page(browser, base + url, viewport) as page:
        findings = blocking_violations(page)
        assert findings.blocking == []
        assert findings.passes > 10


def test_on_a_phone_the_evaluation_stays_inside_the_screen(browser: Browser, base: str) -> None:
    with opened_page(browser, base + PAGES[1], PHONE) as page:
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
        # 4 funding rows × 6 figures; 7 indicators, each target, result and reading.
        assert_inside(page, "table.jx-eval-funding td", 24)
        assert_inside(page, 'table.jx-eval-indicators td[data-label="实际完成值"]', 7)
        assert_inside(page, 'table.jx-eval-indicators td[data-label="我们的读法"]', 7)
        assert_inside(page, 'table.jx-eval-indicators td[data-label="偏差原因分析及改进措施"]', 7)
        # Each value carries its column's name on a phone, where the header row is hidden.
        label = page.evaluate(
            """() => getComputedStyle(document.querySelector(
                 'table.jx-eval-indicators td[data-label="得分"]'), '::before').content"""
        )
        assert "得分" in label


NAMES = """() => Array.from(document.querySelectorAll('#jx-explorer tbody tr td:nth-child(2) a'),
                  (a) => a.textContent)"""


def test_explorer_filters_by_evaluation(browser: Browser, base: str) -> None:
    with opened_page(browser, base + "explorer/", DESKTOP) as page:
        page.wait_for_selector("#jx-explorer.jx-explorer-ready")
        everything = page.evaluate(NAMES)
        assert len(everything) >= 4
        # The project known only from its 自评表 is listed too (after the declarations).
        both = ["一期场馆运营经费项目", "只有自评的项目"]
        page.select_option('select[name="unmet"]', "1")
        assert page.evaluate(NAMES) == both
        assert "未达成" in page.locator("#jx-explorer tbody tr").first.inner_text()
        page.select_option('select[name="unmet"]', "")
        page.select_option('select[name="grade"]', "none")
        assert "一期场馆运营经费项目" not in page.evaluate(NAMES)
        assert len(page.evaluate(NAMES)) == len(everything) - 2
        page.select_option('select[name="grade"]', "优")
        assert page.evaluate(NAMES) == both
        page.fill('input[name="scoremin"]', "95")  # 93.5 is below
        page.locator('input[name="scoremin"]').dispatch_event("input")
        page.wait_for_function("document.querySelectorAll('#jx-explorer tbody tr').length === 0")
        page.fill('input[name="scoremin"]', "")
        page.locator('input[name="scoremin"]').dispatch_event("input")
        page.fill('input[name="ratemin"]', "95")
        page.locator('input[name="ratemin"]').dispatch_event("input")
        page.wait_for_function("document.querySelectorAll('#jx-explorer tbody tr').length === 2")
        # The filters are in the URL, so that a view can be shared.
        assert "grade=" in page.url and "ratemin=95" in page.url


def test_search_finds_an_evaluation_by_its_reason_and_the_evaluation_only_page(
    browser: Browser, base: str
) -> None:
    with opened_page(browser, base, DESKTOP) as page:
        box = page.locator(".md-header .pagefind-ui__search-input")
        # Words that appear only in the 偏差原因分析 of the sample's 自评表.
        box.fill("场馆维修")
        result = page.locator(".pagefind-ui__result", has_text="一期场馆运营经费项目")
        expect(result.first).to_be_visible()
        # A project known only from its 自评表 is found by its name.
        box.fill("只有自评的项目")
        expect(
            page.locator(".pagefind-ui__result", has_text="只有自评的项目").first
        ).to_be_visible()
