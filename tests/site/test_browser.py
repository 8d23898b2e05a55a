"""The built site in a real browser (Debian's headless chromium): search, privacy, escaping.

Locally the tests are skipped when /usr/bin/chromium is missing (`make browser` installs it);
on CI (the CI environment variable is set) a missing browser is a failure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from generator.core.project import Corpus
from tests.support.browser_support import (
    DESKTOP,
    TIMEOUT_MS,
    XSS_MARKDOWN_SLUG,
    XSS_TITLE_NAME,
    XSS_TITLE_SLUG,
    opened_page,
    serve,
    write_xss_content,
)

pytestmark = pytest.mark.browser


PREFIX = "2024/baoshan-zonggonghui"
SITE_NAME = "财政项目支出绩效目标公开"
GONGHUI = "工会工作者经费"
YIQI = "一期场馆运营经费项目"
HUIYUANKA = "政府实事项目 - 工会会员卡"
PROJECT_URLS = {
    GONGHUI: f"{PREFIX}/gonghui-gongzuozhe-jingfei/",
    YIQI: f"{PREFIX}/yiqi-changguan-yunying-jingfei/",
    HUIYUANKA: f"{PREFIX}/zhengfu-shishi-gonghui-huiyuanka/",
}
INDEX_URLS = [
    "",
    "projects/",
    "departments/",
    "departments/baoshan-zonggonghui/",
    "types/",
    "types/jingchangxing/",
    "types/tedingmubiao/",
    "years/",
    "2024/",
    "downloads/",
    "about/",
]


@pytest.fixture(scope="module")
def seed_url(seed_site: Path) -> Iterator[str]:
    with serve(seed_site) as base:
        yield base


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    opened = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    opened.set_default_timeout(TIMEOUT_MS)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def search(page: Page, query: str) -> list[str]:
    """Types `query` into the header's search box; the result titles, once all have loaded."""
    box = page.locator(".md-header .pagefind-ui__search-input")
    expect(box).to_be_visible()
    box.fill(query)
    message = page.locator(".pagefind-ui__message")
    # This query's search has finished (not 正在搜索 …, not the last query's count).
    expect(message).to_have_text(re.compile(r"(找到\s*\d+\s*个|没有找到)\s*" + re.escape(query)))
    count = re.search(r"\d+", message.inner_text())
    expected = int(count.group()) if count else 0
    titles = page.locator(".pagefind-ui__result-title")
    expect(titles).to_have_count(expected)
    # Each result shows a ". . ." placeholder until its fragment has loaded (slow when busy).
    expect(page.locator(".pagefind-ui__result-title.pagefind-ui__loading")).to_have_count(0)
    return sorted(titles.all_inner_texts())


def test_search_finds_projects_and_opens_them(page: Page, seed_url: str) -> None:
    page.goto(seed_url)
    assert search(page, "工会") == sorted([GONGHUI, YIQI, HUIYUANKA])
    assert search(page, "培训") == sorted([GONGHUI, YIQI])

    page.locator(".pagefind-ui__result-link", has_text=YIQI).click()
    page.wait_for_url(seed_url + PROJECT_URLS[YIQI])
    expect(page.locator("article h1")).to_have_text(YIQI)
    expect(page.locator(".md-header .pagefind-ui__search-input")).to_be_visible()


def test_no_request_leaves_the_site(context: BrowserContext, page: Page, seed_url: str) -> None:
    requests: list[str] = []
    failed: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.on("requestfailed", lambda request: failed.append(request.url))
    context.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    for url in [*INDEX_URLS, PROJECT_URLS[HUIYUANKA]]:
        page.goto(seed_url + url, wait_until="networkidle")
        expect(page.locator("article h1")).to_be_visible()
    assert search(page, "工会")
    page.locator(".pagefind-ui__result-link", has_text=GONGHUI).click()
    page.wait_for_url(seed_url + PROJECT_URLS[GONGHUI])
    page.wait_for_load_state("networkidle")

    assert len(requests) > 50
    assert any("/pagefind/" in url for url in requests)  # the search did fetch its index
    elsewhere = [
        url
        for url in requests
        if not (
            urlsplit(url).scheme in ("data", "blob")
            or (urlsplit(url).scheme == "http" and urlsplit(url).hostname == "127.0.0.1")
        )
    ]
    assert elsewhere == []
    assert failed == []


def test_injected_names_stay_text(
    browser: Browser,
    tmp_path: Path,
    content_copy: Path,
    build_content: Callable[[Path, Path], Corpus],
) -> None:
    write_xss_content(content_copy)
    site = tmp_path / "site"
    build_content(content_copy, site)
    dialogs: list[str] = []
    with (
        serve(site) as base,
        opened_page(browser, f"{base}{PREFIX}/{XSS_TITLE_SLUG}/", DESKTOP, dialogs=dialogs) as page,
    ):
        assert page.title() == f"{XSS_TITLE_NAME} - {SITE_NAME}"
        expect(page.locator("article h1")).to_have_text(XSS_TITLE_NAME)

        assert search(page, "title") == [XSS_TITLE_NAME]
        result = page.locator(".pagefind-ui__result-title").first
        assert result.inner_text() == XSS_TITLE_NAME
        assert result.locator("script, img, iframe").count() == 0
        # The other payloads (an <img onerror>, <iframe>) appear in results for "alert".
        assert len(search(page, "alert")) == 3
        assert page.locator(".pagefind-ui__results img, .pagefind-ui__results iframe").count() == 0

        for url in (
            f"{PREFIX}/{XSS_MARKDOWN_SLUG}/",
            f"{PREFIX}/zhengfu-shishi-gonghui-huiyuanka/",
        ):
            page.goto(base + url, wait_until="networkidle")
            expect(page.locator("article h1")).to_be_visible()
        page.wait_for_timeout(500)
        assert dialogs == []

        page.evaluate("() => alert('probe')")  # the listener does see a dialog
        assert dialogs == ["probe"]


def test_screenshot_of_a_project_page(page: Page, seed_url: str, tmp_path: Path) -> None:
    page.goto(seed_url + PROJECT_URLS[HUIYUANKA], wait_until="networkidle")
    heading = page.locator("article h1")
    expect(heading).to_be_visible()
    expect(heading).to_have_text(HUIYUANKA)
    # jixiao.css is applied: amounts are right-aligned in the funding table.
    amount = page.locator("table.jx-funding td.jx-num").first
    expect(amount).to_have_text("1,846,000.00")
    assert amount.evaluate("e => getComputedStyle(e).textAlign") == "right"

    shot = tmp_path / "project.png"
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000
