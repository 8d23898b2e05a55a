"""What a person sees of a project name with quotes, ampersands and tags, in real chromium."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from generator.core.project import Corpus
from tests.support.browser_support import DESKTOP, opened_page, replace_line, serve

pytestmark = pytest.mark.browser

PREFIX = "2024/baoshan-zonggonghui"
SLUG = "gonghui-gongzuozhe-jingfei"
SITE_NAME = "财政项目支出绩效目标公开"
NAME = """他说"好"，她说'行' & 甲&amp;乙 <b>粗</b></title><script>alert(1)</script> *星* [链](x)"""


def test_quotes_and_entities_show_as_written(
    browser: Browser,
    tmp_path: Path,
    content_copy: Path,
    build_content: Callable[[Path, Path], Corpus],
) -> None:
    replace_line(
        content_copy / PREFIX / f"{SLUG}.yaml",
        "项目名称: 工会工作者经费",
        f"项目名称: {json.dumps(NAME, ensure_ascii=False)}",
    )
    site = tmp_path / "site"
    build_content(content_copy, site)
    dialogs: list[str] = []
    with (
        serve(site) as base,
        opened_page(browser, f"{base}{PREFIX}/{SLUG}/", DESKTOP, dialogs=dialogs) as page,
    ):
        assert page.evaluate("() => document.title") == f"{NAME} - {SITE_NAME}"
        assert page.locator("article h1").inner_text() == NAME
        # Material's header shows the page title once the page is scrolled.
        topic = page.locator('[data-md-component="header-topic"] .md-ellipsis')
        assert topic.evaluate("e => e.textContent").strip() == NAME
        assert page.locator("article h1 *").count() == 0  # no element from the name
        assert "&#34;" not in page.evaluate("() => document.title")
        assert "&#39;" not in topic.evaluate("e => e.textContent")
        page.wait_for_timeout(300)
        assert dialogs == []
