"""A printed project fills its first A4 page and repeats the indicator table's header.

Chromium prints each shipped project page to A4; pdfplumber reads the PDF back. The first page
must be used (no form moved whole to page 2, leaving half of page 1 empty) and every later page
that continues the indicator table starts with its header row. Skipped like
tests/site/test_browser.py when Debian's chromium is missing (and failing on CI).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pdfplumber
import pytest
from playwright.sync_api import Browser

from tests.support.browser_support import opened_page, serve

pytestmark = pytest.mark.browser

PROJECTS = [
    "2024/baoshan-zonggonghui/gonghui-gongzuozhe-jingfei/",
    "2024/baoshan-zonggonghui/yiqi-changguan-yunying-jingfei/",
    "2024/baoshan-zonggonghui/zhengfu-shishi-gonghui-huiyuanka/",
]
HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值"]


@pytest.mark.parametrize("url", PROJECTS)
def test_a_printed_project_fills_page_one_and_repeats_the_table_header(
    browser: Browser, seed_site: Path, tmp_path: Path, url: str
) -> None:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font descriptor warnings
    pdf = tmp_path / "form.pdf"
    with serve(seed_site) as base, opened_page(browser, base + url) as page:
        page.emulate_media(media="print")
        page.pdf(path=str(pdf), format="A4", print_background=True)
    with pdfplumber.open(pdf) as document:
        pages = document.pages
        assert 1 <= len(pages) <= 3
        first = pages[0]
        words = first.extract_words()
        # Text reaches the lower part of page 1 (A4 less Chromium's default margins).
        assert max(w["bottom"] for w in words) / first.height > 0.8
        texts = [(page.extract_text() or "").replace(" ", "") for page in pages]
        assert "绩效指标" in texts[0]
        for text in texts[1:]:
            if "年度指标值" in texts[0] and any(ch for ch in text.strip()):
                # A continued table starts with its header: the first line is the header row.
                first_line = text.strip().splitlines()[0]
                assert all(label in first_line for label in HEADER), first_line
