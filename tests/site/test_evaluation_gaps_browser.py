"""The self-evaluation gaps as a reader meets them in headless chromium: the 自评结果 rankings
sorted with the keyboard (numbers as numbers, blanks last, aria-sort and a spoken status),
the same tables complete and in order without JavaScript and under the site's
Content-Security-Policy, the explorer's rows known only from a 自评表, and axe-core on the
new and changed pages."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from generator.site.csp import HEADER_POLICY
from tests.site.test_accessibility_browser import DESKTOP, PHONE
from tests.site.test_evaluation_gaps import ALONE, OTHER, Built, gaps
from tests.site.test_explorer_browser import download
from tests.support.browser_support import blocking_violations, opened_page, serve

__all__ = ["gaps"]  # a fixture: used by name

pytestmark = pytest.mark.browser

RANKING = "evaluations/"
PROJECT_RATES = """() => Array.from(
    document.querySelectorAll('table.jx-eval-projects tbody tr'),
    (tr) => tr.cells[5].textContent.trim())"""
PROJECT_NAMES = """() => Array.from(
    document.querySelectorAll('table.jx-eval-projects tbody tr th a'), (a) => a.textContent)"""


@pytest.fixture(scope="module")
def base(gaps: Built) -> Iterator[str]:
    # Served with the policy as a header, as the README's server configuration sends it.
    with serve(gaps.site, {"Content-Security-Policy": HEADER_POLICY}) as url:
        yield url


def _aria_sort(page: Page, table: str) -> dict[str, str]:
    return dict(
        page.evaluate(
            f"""() => Array.from(document.querySelectorAll('table.{table} thead th[aria-sort]'),
                (th) => [th.textContent.trim(), th.getAttribute('aria-sort')])"""
        )
    )


def _press(page: Page, name: str, table: str = "jx-eval-projects") -> None:
    """Moves the keyboard focus to the header's button and presses Enter, as a reader would."""
    button = page.locator(f"table.{table} thead th button", has_text=name)
    button.focus()
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Enter")


def test_a_reader_sorts_the_projects_by_execution_rate_as_numbers(
    browser: Browser, base: str
) -> None:
    errors: list[str] = []
    with opened_page(browser, base + RANKING, DESKTOP) as page:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        default = page.evaluate(PROJECT_NAMES)
        assert len(default) == 4
        assert _aria_sort(page, "jx-eval-projects") == {"自评得分": "descending"}
        # Every numeric header is a button, named by the header's text.
        buttons = page.locator("table.jx-eval-projects thead th button")
        assert buttons.all_inner_texts() == ["自评得分", "执行率", "达成", "未达成", "提示"]

        _press(page, "执行率")
        # 100 > 95 > 95 > 9.5 as numbers (as text "9.50%" would come first).
        assert page.evaluate(PROJECT_RATES) == ["100.00%", "95.00%", "95.00%", "9.50%"]
        assert _aria_sort(page, "jx-eval-projects") == {"执行率": "descending"}
        status = page.locator("table.jx-eval-projects + p[aria-live]")
        assert "执行率" in status.inner_text() and "从高到低" in status.inner_text()

        _press(page, "执行率")
        assert page.evaluate(PROJECT_RATES) == ["9.50%", "95.00%", "95.00%", "100.00%"]
        assert _aria_sort(page, "jx-eval-projects") == {"执行率": "ascending"}
        assert "从低到高" in status.inner_text()

        # A blank 自评得分 is not 0: it stays last in both directions.
        _press(page, "自评得分")
        names = page.evaluate(PROJECT_NAMES)
        assert names[-1] == ALONE[2].name
        _press(page, "自评得分")
        assert page.evaluate(PROJECT_NAMES)[-1] == ALONE[2].name
        # Space presses a button too; equal values keep the page's own order.
        page.locator("table.jx-eval-projects thead th button", has_text="达成").first.focus()
        page.keyboard.press(" ")
        assert _aria_sort(page, "jx-eval-projects") == {"达成": "descending"}
        assert sorted(page.evaluate(PROJECT_NAMES)) == sorted(default)
    assert errors == []  # nothing refused by the Content-Security-Policy


def test_a_reader_sorts_the_departments(browser: Browser, base: str) -> None:
    rows = """() => Array.from(document.querySelectorAll('table.jx-eval-departments tbody tr'),
                (tr) => tr.cells[2].textContent.trim())"""
    with opened_page(browser, base + RANKING, DESKTOP) as page:
        _press(page, "执行率", "jx-eval-departments")
        # 总工会: (76 + 76 + 7.6) ÷ 240 = 66.50%; the other department 100.00%.
        assert page.evaluate(rows) == ["100.00%", "66.50%"]
        _press(page, "执行率", "jx-eval-departments")
        assert page.evaluate(rows) == ["66.50%", "100.00%"]
        assert _aria_sort(page, "jx-eval-departments") == {"执行率": "ascending"}


def test_without_javascript_the_rankings_are_complete_and_in_default_order(
    browser: Browser, base: str
) -> None:
    with opened_page(browser, base + RANKING, DESKTOP, javascript=False) as page:
        assert page.locator("table.jx-eval-projects thead button").count() == 0
        assert page.locator("table.jx-eval-projects tbody tr").count() == 4
        assert page.locator("table.jx-eval-departments tbody tr").count() == 2
        assert page.evaluate(PROJECT_RATES) == ["95.00%", "100.00%", "95.00%", "9.50%"]
        assert page.evaluate(PROJECT_NAMES)[-1] == ALONE[2].name


def test_the_explorer_lists_projects_known_only_from_a_self_evaluation(
    browser: Browser, base: str
) -> None:
    with opened_page(browser, base + "explorer/", DESKTOP) as page:
        page.wait_for_selector("#jx-explorer.jx-explorer-ready")
        row = page.locator("#jx-explorer tbody tr", has_text=ALONE[1].name)
        assert "只有自评表" in row.inner_text()
        cells = row.locator("td").all_inner_texts()
        # 项目类别, 年度资金申请总额 and 指标数 are a declaration's: empty, not 0 nor 空白.
        assert cells[4:] == ["", "", ""]
        total = page.locator("[data-jx-total]").inner_text()
        assert f"另有 {len(ALONE)} 个项目只有自评表" in total
        # The downloads say so too, in a 说明 column: an empty cell there is not the form's blank.
        lines = list(csv.reader(io.StringIO(download(page, "csv").decode("utf-8-sig"))))
        assert lines[0][-1] == "说明"
        notes = {line[1]: line for line in lines[1:]}
        assert notes[ALONE[1].name][4:8] == ["", "", "", ""]
        assert notes[ALONE[1].name][-1].startswith("只有自评表")
        assert notes["一期场馆运营经费项目"][-1] == ""
        sheet = openpyxl.load_workbook(io.BytesIO(download(page, "xlsx"))).worksheets[0]
        cells = {row[1]: row for row in sheet.iter_rows(values_only=True)}
        assert cells[ALONE[1].name][4:8] == (None, None, None, None)
        assert str(cells[ALONE[1].name][-1]).startswith("只有自评表")
        page.locator(f'#jx-explorer tbody tr a:has-text("{ALONE[1].name}")').click()
        page.wait_for_url(f"**/{ALONE[1].url}")
        assert page.locator("h1").inner_text() == ALONE[1].name


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1440"])
@pytest.mark.parametrize("url", [RANKING, "2024/", "2023/", f"departments/{OTHER}/", "years/"])
def test_no_serious_accessibility_violation(
    browser: Browser, base: str, url: str, viewport: ViewportSize
) -> None:
    with opened_page(browser, base + url, viewport) as page:
        if url == RANKING:
            _press(page, "执行率")  # the sorted state too
        findings = blocking_violations(page)
        assert findings.blocking == []
        assert findings.passes > 10
