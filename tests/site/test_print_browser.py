"""A project page printed from headless Chromium is the declaration form, without the site.

Under print media the page keeps the form's header table, 项目资金, 项目绩效目标 and 绩效指标 and
drops the header, navigation, search box and footer, and the site's own additions (历年申报,
修订记录, 数据下载). The PDF Chromium prints is read back with pdfplumber: its text and tables
hold the form, and nothing of the site around it. Skipped like tests/site/test_browser.py when
Debian's chromium is missing (and failing on CI).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from playwright.sync_api import Browser, Page

from generator.core.project import Project
from generator.load.corpus import load_corpus
from tests.conftest import CONTENT, build, nav_titles
from tests.support.browser_support import TIMEOUT_MS, serve

pytestmark = pytest.mark.browser

SITE_NAME = "财政项目支出绩效目标公开"
FORM_SECTIONS = ["项目资金", "项目绩效目标", "绩效指标"]
SITE_SECTIONS = ["历年申报", "修订记录", "数据下载"]
FORM_TABLES = ["table.jx-header", "table.jx-funding", "table.jx-goals", "table.jx-indicators"]
SITE_CHROME = [".md-header", ".md-sidebar", ".md-footer", ".jx-search"]
SLUG = "zhengfu-shishi-gonghui-huiyuanka"
DEPARTMENT = "baoshan-zonggonghui"


@dataclass(frozen=True)
class Built:
    site: Path
    project: Project


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The shipped content and a 2025 declaration of one of its projects (same 项目编码), so
    that the 2025 page has every section a project page can have, 历年申报 included."""
    root = tmp_path_factory.mktemp("print")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    source = content / "2024" / DEPARTMENT / f"{SLUG}.yaml"
    text = source.read_text(encoding="utf-8")
    name_line = "项目名称: 政府实事项目 - 工会会员卡\n"
    assert text.count(name_line) == 1
    text = text.replace(name_line, name_line + "项目编码: BS-ZGH-0003\n")
    source.write_text(text, encoding="utf-8")
    later = text
    for old, new in (
        ("\n年度: 2024\n", "\n年度: 2025\n"),
        ("2024-01-01", "2025-01-01"),
        ("2024-12-31", "2025-12-31"),
        ("起始年度: 2024", "起始年度: 2025"),
        ("终止年度: 2024", "终止年度: 2025"),
        ("年度资金申请总额: 1,846,000.00", "年度资金申请总额: 1,900,000.00"),
        ("当年财政拨款: 1,846,000.00", "当年财政拨款: 1,900,000.00"),
        ("项目资金总额: 1,846,000.00", "项目资金总额: 1,900,000.00"),
        ("  财政资金: 1,846,000.00", "  财政资金: 1,900,000.00"),
    ):
        assert later.count(old) == 1, old
        later = later.replace(old, new)
    target = content / "2025" / DEPARTMENT / f"{SLUG}.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(later, encoding="utf-8")
    corpus = build(content, root / "site")
    project = next(p for p in corpus.projects if p.id == f"2025/{DEPARTMENT}/{SLUG}")
    return Built(root / "site", project)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def visible_headings(page: Page) -> list[str]:
    return [h.inner_text() for h in page.locator("article h2").all() if h.is_visible()]


def squash(text: str | None) -> str:
    return "".join((text or "").split())


def test_print_media_shows_the_form_and_hides_the_site(
    page: Page, two_years: Built, tmp_path: Path
) -> None:
    with serve(two_years.site) as base:
        page.goto(base + two_years.project.url, wait_until="networkidle")
        # On screen: the site around the form, and the site's own sections.
        assert visible_headings(page) == FORM_SECTIONS + SITE_SECTIONS
        for selector in SITE_CHROME:
            assert page.locator(selector).first.is_visible(), selector

        page.emulate_media(media="print")
        assert visible_headings(page) == FORM_SECTIONS
        assert page.locator("article h1").inner_text() == two_years.project.declaration.name
        assert page.locator("article .jx-form-title").is_visible()
        for selector in FORM_TABLES:
            assert page.locator(f"article {selector}").is_visible(), selector
        for selector in SITE_CHROME:
            elements = page.locator(selector).all()
            assert elements, selector
            assert not any(e.is_visible() for e in elements), selector
        for selector in (".jx-lineage", ".jx-history", ".jx-downloads"):
            assert page.locator(f"article {selector}").count() == 1, selector
            assert not page.locator(f"article {selector}").is_visible(), selector
        shot = tmp_path / "print.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_the_printed_pdf_is_the_form(page: Page, seed_site: Path, tmp_path: Path) -> None:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font descriptor warnings
    url = f"2024/{DEPARTMENT}/{SLUG}/"
    with serve(seed_site) as base:
        page.goto(base + url, wait_until="networkidle")
        pdf = tmp_path / "project.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
    with pdfplumber.open(pdf) as document:
        pages = [p.extract_text() or "" for p in document.pages]
        tables = [table for p in document.pages for table in p.extract_tables()]
    text = "\n".join(pages)

    lines = {line.strip() for line in text.splitlines()}
    assert "政府实事项目 - 工会会员卡" in lines
    assert "财政项目支出绩效目标申报表（2024年度）" in lines
    assert set(FORM_SECTIONS) <= lines
    for absent in [SITE_NAME, *nav_titles(), *SITE_SECTIONS, "Material for MkDocs"]:
        assert absent not in text, absent

    header = next(t for t in tables if t[0][0] == "项目名称")
    assert [squash(c) for c in header[1]] == [
        "主管部门",
        "上海市宝山区总工会",
        "实施单位",
        "上海市宝山区职工服务中心",
    ]
    funding = next(t for t in tables if squash(t[0][0]).startswith("项目资金"))
    assert [squash(c) for c in funding[0][1:]] == [
        "项目资金总额",
        "1,846,000.00",
        "年度资金申请总额",
        "1,846,000.00",
    ]
    # The indicator table may continue on the next page, under its repeated header row.
    parts = [t for t in tables if t[0][:4] == ["一级指标", "二级指标", "三级指标", "年度指标值"]]
    assert parts
    printed = [(squash(row[2]), squash(row[3])) for t in parts for row in t[1:] if squash(row[2])]
    assert printed == load_indicators(url)
    # The heading 绩效指标 is printed on the page where its table starts, not alone at the foot
    # of the page before.
    heading_page = next(i for i, p in enumerate(pages) if "绩效指标" in p.splitlines())
    assert "一级指标 二级指标 三级指标" in pages[heading_page]


def load_indicators(url: str) -> list[tuple[str, str]]:
    """(三级指标, 年度指标值) of the shipped project at `url`, without whitespace."""
    corpus = load_corpus(CONTENT)
    project = next(p for p in corpus.projects if p.url == url)
    return [(squash(i.name), squash(i.target)) for _, _, i in project.declaration.indicator_rows()]
