"""The Content-Security-Policy in Chromium: every page type loads with no violation, search and
the explorer still work, and the policy is both in the page and (as the README's server sends
it) in the response header.

The check is not vacuous: the same pages under a policy without the inline-script hashes do
report violations.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from generator.site.csp import HEADER_POLICY, INLINE_SCRIPT_HASHES, META_POLICY
from tests.site.test_browser import GONGHUI, HUIYUANKA, PROJECT_URLS, YIQI
from tests.support.browser_support import TIMEOUT_MS, parse_html, serve

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "",
    "project": PROJECT_URLS[HUIYUANKA],
    "department": "departments/baoshan-zonggonghui/",
    "type": "types/tedingmubiao/",
    "year": "2024/",
    "all projects": "projects/",
    "explorer": "explorer/",
    "quality": "quality/",
    "changes": "changes/",
    "downloads": "downloads/",
    "about": "about/",
    "404": "404.html",
}

# Records violations in the page (workers report theirs on the console, collected too).
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '')));
"""


def serve_with_policy(directory: Path, policy: str) -> AbstractContextManager[str]:
    """The site served with the policy in the response header, as the README's server does."""
    return serve(directory, {"Content-Security-Policy": policy})


def _open(browser: Browser) -> tuple[Page, list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(LISTEN)
    console: list[str] = []
    page = context.new_page()
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return page, console


def search_for_unions(page: Page) -> None:
    """Searches 工会 in the header's box and waits for the three projects' results to load:
    Pagefind's WebAssembly ran and each result's fragment was fetched. (Waiting for the titles,
    not for the result count, which reads 0 while a search is still running on a busy machine.)
    """
    box = page.locator(".md-header .pagefind-ui__search-input")
    expect(box).to_be_visible()
    box.fill("工会")
    for name in (GONGHUI, YIQI, HUIYUANKA):
        expect(page.locator(".pagefind-ui__result-title", has_text=name)).to_have_count(1)
    expect(page.locator(".pagefind-ui__result-title")).to_have_count(3)


def _violations(page: Page, console: list[str]) -> list[str]:
    return [*page.evaluate("window.__csp"), *console]


def test_every_page_carries_the_policy_first(seed_site: Path) -> None:
    for name, url in PAGE_TYPES.items():
        path = seed_site / (url + "index.html" if url.endswith("/") or not url else url)
        raw = path.read_text(encoding="utf-8")
        head = raw.split("<head>", 1)[1]
        assert head.startswith(
            f'<meta http-equiv="Content-Security-Policy" content="{META_POLICY}">'
        ), name
        meta = parse_html(raw).find("meta")
        assert meta.attrs["content"] == META_POLICY


def test_no_violation_on_any_page_type(browser: Browser, seed_site: Path) -> None:
    with serve_with_policy(seed_site, HEADER_POLICY) as base:
        page, console = _open(browser)
        for name, url in PAGE_TYPES.items():
            response = page.goto(base + url, wait_until="networkidle")
            assert response is not None and response.status == 200, name
            assert response.headers["content-security-policy"] == HEADER_POLICY
            expect(page.locator("article h1").first).to_be_visible()
            assert _violations(page, console) == [], name
        page.context.close()


def test_search_and_explorer_work_under_the_policy(browser: Browser, seed_site: Path) -> None:
    with serve_with_policy(seed_site, HEADER_POLICY) as base:
        page, console = _open(browser)
        page.goto(base + PAGE_TYPES["project"], wait_until="networkidle")
        search_for_unions(page)
        page.locator(".pagefind-ui__result-link", has_text=YIQI).click()
        page.wait_for_url(base + PROJECT_URLS[YIQI])
        page.goto(base + "explorer/", wait_until="networkidle")
        page.wait_for_selector("#jx-explorer.jx-explorer-ready")  # its script drew the table
        page.locator("#jx-explorer form [name=q]").fill("工会工作者")
        expect(page.locator("#jx-explorer tbody tr")).to_have_count(1)
        expect(page.locator("#jx-explorer tbody tr")).to_contain_text(GONGHUI)
        assert _violations(page, console) == []
        page.context.close()


def test_a_policy_without_the_hashes_is_violated(browser: Browser, seed_site: Path) -> None:
    """The detection works: Material's inline scripts are what the hashes allow."""
    weaker = HEADER_POLICY
    for digest in INLINE_SCRIPT_HASHES:
        weaker = weaker.replace(f" '{digest}'", "")
    with serve_with_policy(seed_site, weaker) as base:
        page, console = _open(browser)
        page.goto(base, wait_until="networkidle")
        violations = _violations(page, console)
        assert any("script-src" in v for v in violations), violations
        page.context.close()
