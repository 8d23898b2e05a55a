"""HTML and Markdown in declaration values stays text on every page of a real build."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.core.project import Corpus
from tests.support.browser_support import (
    XSS_ANNUAL_GOAL,
    XSS_FIELDS_SLUG,
    XSS_INDICATOR_NAME,
    XSS_MARKDOWN_NAME,
    XSS_MARKDOWN_SLUG,
    XSS_TARGET,
    XSS_TITLE_NAME,
    XSS_TITLE_SLUG,
    XSS_UNIT,
    Element,
    article,
    read_page,
    write_xss_content,
)

pytestmark = pytest.mark.build

PREFIX = "2024/baoshan-zonggonghui"
SITE_NAME = "财政项目支出绩效目标公开"

TITLE_NAME = pytest.param(XSS_TITLE_SLUG, XSS_TITLE_NAME, id="title")
MARKDOWN_NAME = pytest.param(XSS_MARKDOWN_SLUG, XSS_MARKDOWN_NAME, id="markdown")


@pytest.fixture
def xss_site(
    tmp_path: Path, content_copy: Path, build_content: Callable[[Path, Path], Corpus]
) -> Path:
    names = write_xss_content(content_copy)
    site = tmp_path / "site"
    corpus = build_content(content_copy, site)
    assert {p.slug: p.declaration.name for p in corpus.projects} == names
    (fields,) = [p.declaration for p in corpus.projects if p.slug == XSS_FIELDS_SLUG]
    assert fields.implementing_unit == XSS_UNIT
    assert fields.annual_goal == XSS_ANNUAL_GOAL
    indicators = [(i.name, i.target) for _, _, i in fields.indicator_rows()]
    assert (XSS_INDICATOR_NAME, XSS_TARGET) in indicators
    return site


def html_pages(site: Path) -> list[tuple[Path, str, Element]]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 14
    return [(page, *read_page(page)) for page in pages]


def project_page(site: Path, slug: str) -> tuple[str, Element]:
    return read_page(site / PREFIX / slug / "index.html")


def javascript_urls(document: Element) -> list[str]:
    return [
        f"<{e.tag} {name}={value!r}>"
        for e in document.iter()
        for name, value in e.attrs.items()
        if name in ("href", "src", "action", "formaction", "data")
        and re.sub(r"\s", "", html.unescape(value)).lower().startswith("javascript:")
    ]


def test_no_script_img_or_iframe_from_the_content(xss_site: Path) -> None:
    for page, raw, document in html_pages(xss_site):
        lowered = raw.lower()
        assert "<script>alert" not in lowered, page
        assert "<img src=x" not in lowered, page
        assert "<iframe" not in lowered, page
        scripts = [s.text() for s in document.find_all("script")]
        assert not [s for s in scripts if "alert(" in s], page
        assert document.find_all("img") == [], page
        for element in document.iter():
            assert not [a for a in element.attrs if a.startswith("on")], (page, element.tag)


def test_no_javascript_link_on_project_pages(xss_site: Path) -> None:
    for slug in (XSS_TITLE_SLUG, XSS_MARKDOWN_SLUG, XSS_FIELDS_SLUG):
        raw, document = project_page(xss_site, slug)
        assert javascript_urls(document) == []
        assert 'href="javascript:' not in raw.lower()


def test_no_javascript_link_on_any_page(xss_site: Path) -> None:
    found = {
        page.relative_to(xss_site).as_posix(): urls
        for page, _, document in html_pages(xss_site)
        if (urls := javascript_urls(document))
    }
    assert found == {}


def _titles(raw: str) -> list[str]:
    return re.findall(r"<title>(.*?)</title>", raw, flags=re.DOTALL)


def test_title_keeps_the_closing_title_tag_escaped(xss_site: Path) -> None:
    raw, _ = project_page(xss_site, XSS_TITLE_SLUG)
    assert raw.lower().count("</title>") == 1
    (title,) = _titles(raw)
    assert "&lt;/title&gt;" in title
    assert "&lt;script&gt;" in title
    assert html.unescape(title) == f"{XSS_TITLE_NAME} - {SITE_NAME}"


def test_title_shows_markdown_syntax_literally(xss_site: Path) -> None:
    raw, _ = project_page(xss_site, XSS_MARKDOWN_SLUG)
    (title,) = _titles(raw)
    assert "&lt;img" in title
    assert html.unescape(title) == f"{XSS_MARKDOWN_NAME} - {SITE_NAME}"


@pytest.mark.parametrize(
    ("slug", "name"),
    [
        TITLE_NAME,
        pytest.param(XSS_MARKDOWN_SLUG, XSS_MARKDOWN_NAME, id="markdown"),
    ],
)
def test_h1_shows_the_name_literally(xss_site: Path, slug: str, name: str) -> None:
    _, document = project_page(xss_site, slug)
    (h1,) = article(document).find_all("h1")
    assert h1.text() == name
    assert [c for c in h1.children if isinstance(c, Element)] == []


@pytest.mark.parametrize(("slug", "name"), [TITLE_NAME, MARKDOWN_NAME])
def test_form_shows_the_name_literally(xss_site: Path, slug: str, name: str) -> None:
    _, document = project_page(xss_site, slug)
    header = article(document).find("table", "jx-header")
    first_row = header.find("tr").cells()
    assert [c.text() for c in first_row[:2]] == ["项目名称", name]
    assert [c for c in first_row[1].children if isinstance(c, Element)] == []


def test_other_fields_show_literally(xss_site: Path) -> None:
    raw, document = project_page(xss_site, XSS_FIELDS_SLUG)
    body = article(document)
    header_rows = body.find("table", "jx-header").find_all("tr")
    header = [c.text() for row in header_rows for c in row.cells()]
    assert header[header.index("实施单位") + 1] == XSS_UNIT
    goals = [td.text() for td in body.find("table", "jx-goals").find_all("td")]
    assert goals[1] == XSS_ANNUAL_GOAL
    rows = body.find("table", "jx-indicators").find("tbody").find_all("tr")
    indicators = [[c.text() for c in row.cells() if c.tag == "td"][:2] for row in rows]
    assert [XSS_INDICATOR_NAME, XSS_TARGET] in indicators
    assert len(rows) == 9  # a `|` in a value adds no row and no column
    assert all(len([c for c in row.cells() if c.tag == "td"]) == 3 for row in rows)
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in raw
    assert "&lt;img src=x onerror=alert(3)&gt;" in raw


def _project_row(document: Element, slug: str) -> list[Element]:
    table = article(document).find("table", "jx-projects")
    rows = [
        row
        for row in table.find("tbody").find_all("tr")
        if any(a.attrs.get("href", "").endswith(f"/{slug}/") for a in row.find_all("a"))
    ]
    assert len(rows) == 1
    return rows[0].cells()


@pytest.mark.parametrize(("slug", "name"), [TITLE_NAME, MARKDOWN_NAME])
def test_all_projects_table_shows_the_name_in_seven_cells(
    xss_site: Path, slug: str, name: str
) -> None:
    _, document = read_page(xss_site / "projects" / "index.html")
    cells = _project_row(document, slug)
    assert len(cells) == 7
    assert cells[1].text() == name
    assert [a.text() for a in cells[1].find_all("a")] == [name]


def test_all_projects_table_shows_the_unit_literally(xss_site: Path) -> None:
    _, document = read_page(xss_site / "projects" / "index.html")
    cells = _project_row(document, XSS_FIELDS_SLUG)
    assert len(cells) == 7
    assert cells[3].text() == XSS_UNIT
    assert cells[3].find_all("a") == []


@pytest.mark.parametrize(("slug", "name"), [TITLE_NAME, MARKDOWN_NAME])
def test_department_page_shows_the_name_literally(xss_site: Path, slug: str, name: str) -> None:
    _, document = read_page(xss_site / "departments" / "baoshan-zonggonghui" / "index.html")
    cells = _project_row(document, slug)
    assert len(cells) == 6  # a department's page has no 主管部门 column
    assert cells[1].text() == name
