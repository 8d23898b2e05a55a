"""The hidden search terms of a project page cost O(length) of its names (issue: every tail of a
20,000-character name took 3.6 GB; a 3,000-character department name made a 135 MB site)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from generator.core.model import MAX_NAME_CHARS
from generator.site.search_terms import (
    MAX_SHORT_NAMES,
    WINDOW,
    amount_token,
    name_token,
    name_windows,
    short_names,
)
from tests.conftest import build
from tests.support.browser_support import TIMEOUT_MS, replace_line, serve

LONG = 20_000


def test_windows_and_short_names_are_linear_in_the_length_of_a_name() -> None:
    for length in (100, 1_000, LONG):
        name = "上海市宝山区" + "总工会" * (length // 3)
        windows = name_windows(name)
        assert len(windows) == len(name) - 2
        assert sum(len(w) for w in windows) <= WINDOW * len(name)
        shorts = short_names(name)
        assert len(shorts) <= MAX_SHORT_NAMES
        assert sum(len(s) for s in shorts) <= MAX_SHORT_NAMES * len(name)


def test_a_word_inside_a_name_starts_a_window() -> None:
    windows = name_windows("上海市宝山区总工会")
    assert "工会" in windows and "总工会" in windows and "宝山区总" in windows
    assert short_names("上海市宝山区总工会") == ["宝山区总工会", "总工会"]
    assert short_names("总工会") == []


def test_tokens_are_stable_and_closed() -> None:
    # The same values are computed by theme/assets/jixiao-search.js (checked in the browser
    # by test_search_relevance); these pin the Python side.
    assert name_token("上海市宝山区总工会") == name_token(" 上海市宝山区 总工会 ")
    assert name_token("ＡＢＣ局") == name_token("abc局")  # NFKC and case
    assert re.fullmatch(r"jxn[0-9a-f]{16}", name_token("上海市宝山区总工会"))
    assert amount_token(Decimal("1846000.00")) == "jxa184600000f"
    assert amount_token(Decimal("0.05")) == "jxa5f"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content with a 项目名称 and a 主管部门 as long as `check` allows (200 characters,
    MAX_NAME_CHARS); longer ones are refused before anything is built (text-too-long)."""
    import shutil

    from tests.conftest import CONTENT

    root = tmp_path_factory.mktemp("hostile-names")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    department = "上海市宝山区总工会" + "附属服务管理委员会" * 21
    assert len(department) <= MAX_NAME_CHARS
    replace_line(
        content / "departments.yaml", "    名称: 上海市宝山区总工会", f"    名称: {department}"
    )
    folder = content / "2024" / "baoshan-zonggonghui"
    for path in sorted(folder.glob("*.yaml")):
        replace_line(path, "主管部门: 上海市宝山区总工会", f"主管部门: {department}")
    replace_line(
        folder / "gonghui-gongzuozhe-jingfei.yaml",
        "项目名称: 工会工作者经费",
        "项目名称: 工会工作者经费" + "及职工服务阵地运营管理" * 17,
    )
    build(content, root / "site")
    return root / "site"


@pytest.mark.browser
def test_a_hostile_long_name_builds_small_and_is_still_found(
    hostile_site: Path, browser: Browser
) -> None:
    size = sum(p.stat().st_size for p in hostile_site.rglob("*") if p.is_file())
    # The pages repeat the names where a reader sees them (headers, tables, JSON, YAML), which
    # is linear too; the hidden terms add at most WINDOW + 1 characters per character.
    assert size < 6_000_000, size  # the shipped site is 3.4 MB
    page_html = hostile_site / "2024/baoshan-zonggonghui/gonghui-gongzuozhe-jingfei/index.html"
    assert page_html.stat().st_size < 60_000, page_html.stat().st_size
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        with serve(hostile_site) as base:
            page.goto(base)
            page.locator(".md-header .pagefind-ui__search-input").fill("工会")
            expect(page.locator(".pagefind-ui__message")).to_have_text(re.compile(r"找到\s*3\s*个"))
            excerpts = page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
            assert len(excerpts) == 3
            assert all(len(text) < 200 for text in excerpts)  # no wall of hidden terms
    finally:
        context.close()
