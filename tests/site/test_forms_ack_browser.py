"""核对提示 as a reader sees it, in headless Chromium: the box on the project page, the flag and
the "有核对提示" filter of the explorer. Skipped like the other browser tests without chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.conftest import build
from tests.support.browser_support import opened_page, serve

pytestmark = pytest.mark.browser

CARD = "2024/baoshan-zonggonghui/zhengfu-shishi-gonghui-huiyuanka"


def test_discrepancy_box_flag_and_filter(
    content_copy: Path, tmp_path: Path, browser: Browser
) -> None:
    card = content_copy / f"{CARD}.yaml"
    text = card.read_text("utf-8").replace(
        "  项目资金总额: 1,846,000.00", "  项目资金总额: 1,900,000.00", 1
    )
    card.write_text(
        text + "原表问题:\n  - 代码: funding-sum\n    字段: 项目资金.项目资金总额\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    build(content_copy, site)
    with serve(site) as base, opened_page(browser, f"{base}{CARD}/", wait_until="load") as page:
        box = page.locator(".jx-discrepancies")
        assert box.is_visible()
        assert "项目资金总额 1,900,000.00 元 ≠ 财政资金 1,846,000.00 元 + 其他资金 0.00 元" in (
            box.inner_text()
        )
        page.goto(f"{base}explorer/")
        page.wait_for_selector("#jx-explorer.jx-explorer-ready")
        assert page.locator("#jx-explorer tbody tr").count() == 3
        page.locator("#jx-explorer form [name=flag]").select_option("1")
        page.wait_for_function("document.querySelectorAll('#jx-explorer tbody tr').length === 1")
        row = page.locator("#jx-explorer tbody tr").first
        assert "政府实事项目 - 工会会员卡" in row.inner_text()
        assert row.locator(".jx-flag").inner_text() == "核对提示"
        assert "flag=1" in page.url  # the filter is shareable, like the others
        page.goto(f"{base}explorer/?flag=1")
        page.wait_for_selector("#jx-explorer.jx-explorer-ready")
        assert page.locator("#jx-explorer tbody tr").count() == 1
