"""What a person sees of a project name with quotes, ampersands and tags, in real chromium."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog

from generator.core.project import Corpus

from .browser_support import TIMEOUT_MS, replace_line, serve

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

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    with serve(site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        try:
            page = context.new_page()
            page.on("dialog", record)
            page.goto(f"{base}{PREFIX}/{SLUG}/", wait_until="networkidle")
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
        finally:
            context.close()
