"""Real MkDocs builds of the shipped content: pages, values, downloads, privacy, determinism."""

from __future__ import annotations

import csv
import io
import itertools
import json
import logging
import re
import struct
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from posixpath import normpath
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import CliRunner
from markupsafe import escape

from generator.cli import main
from generator.core.model import Declaration
from generator.core.money import MoneyUnit
from generator.core.project import Corpus, Project
from generator.load.corpus import load_corpus
from tests.conftest import nav_titles
from tests.support.browser_support import Element, article, read_page, replace_line, squash
from tests.support.paths import REPO

pytestmark = pytest.mark.build

CONTENT = REPO / "content"
MKDOCS_YML = REPO / "mkdocs.yml"
PREFIX = "2024/baoshan-zonggonghui"
SITE_NAME = "财政项目支出绩效目标公开"

SLUGS = (
    "gonghui-gongzuozhe-jingfei",
    "yiqi-changguan-yunying-jingfei",
    "zhengfu-shishi-gonghui-huiyuanka",
)
NAMES = ("工会工作者经费", "一期场馆运营经费项目", "政府实事项目 - 工会会员卡")

INDEX_PAGES = {
    "": SITE_NAME,
    "projects/": "全部项目",
    "departments/": "按主管部门",
    "departments/baoshan-zonggonghui/": "上海市宝山区总工会",
    "types/": "按项目类别",
    "types/jingchangxing/": "经常性项目",
    "types/tedingmubiao/": "特定目标类",
    "years/": "按年度",
    "2024/": "2024 年度",
    "downloads/": "数据下载",
    "about/": "关于本站",
}
NAV_TITLES = nav_titles()

BLANK = "空白"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    loaded = load_corpus(CONTENT)
    assert loaded.ok, "\n".join(d.format() for d in loaded.diagnostics)
    return loaded


def project_by_slug(corpus: Corpus, slug: str) -> Project:
    (project,) = [p for p in corpus.projects if p.slug == slug]
    return project


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- Reading the form back from the page ----------------------------------------------------


def labelled_cells(table: Element) -> list[tuple[str, str]]:
    """(label, value) for every `<th>` directly followed by a `<td>`, row by row."""
    pairs: list[tuple[str, str]] = []
    for row in table.find_all("tr"):
        cells = row.cells()
        for left, right in itertools.pairwise(cells):
            if left.tag == "th" and right.tag == "td" and left.text().strip():
                pairs.append((left.text().strip(), right.text()))
    return pairs


def indicator_tree(table: Element) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """The three-level tree as the table shows it, checking that the row spans add up."""
    tree: dict[str, dict[str, list[tuple[str, str]]]] = {}
    level1 = level2 = ""
    spans: dict[str, int] = {}
    rows = table.find("tbody").find_all("tr")
    for row in rows:
        cells = row.cells()
        for cell in cells:
            if "jx-l1" in cell.classes:
                level1 = cell.text()
                tree[level1] = {}
                spans[level1] = int(cell.attrs.get("rowspan", "1"))
            elif "jx-l2" in cell.classes:
                level2 = cell.text()
                tree[level1][level2] = []
        data = [c for c in cells if c.tag == "td"]
        assert len(data) == 3, f"an indicator row has {len(data)} data cells"
        name, target = data[0].text(), data[1].text()
        if name or target:
            tree[level1][level2].append((name, target))
    for level1, items in tree.items():
        shown_rows = sum(max(1, len(v)) for v in items.values())
        assert spans[level1] == shown_rows, f"rowspan of {level1} is {spans[level1]}"
    assert len(rows) == sum(spans.values())
    return tree


def expected_tree(decl: Declaration) -> dict[str, dict[str, list[tuple[str, str]]]]:
    return {
        l1: {l2: [(i.name, i.target) for i in items] for l2, items in l2s.items()}
        for l1, l2s in decl.indicators.items()
    }


def shown_money(amount: Decimal | None) -> str:
    """How the form prints an amount in 元: thousands separators, two places; blank → 空白."""
    return BLANK if amount is None else f"{amount:,.2f}"


def resolve(page_url: str, href: str) -> str:
    """A relative link of the page at `page_url` (a directory URL) as a site path."""
    path = urlsplit(href).path
    joined = normpath(f"/{page_url}{path}")
    return joined.lstrip("/") + ("/" if path.endswith("/") and joined != "/" else "")


# --- Pages ------------------------------------------------------------------------------------


def test_one_page_per_project(seed_site: Path, corpus: Corpus) -> None:
    assert [p.slug for p in corpus.projects] == list(SLUGS)
    pages = sorted(p.parent.name for p in (seed_site / PREFIX).glob("*/index.html"))
    assert pages == sorted(SLUGS)
    for project in corpus.projects:
        assert project.url == f"{PREFIX}/{project.slug}/"
        _, document = read_page(seed_site / project.url / "index.html")
        assert article(document).find("h1").text() == project.declaration.name


@pytest.mark.parametrize("slug", SLUGS)
def test_every_value_of_the_declaration_is_on_its_page(
    seed_site: Path, corpus: Corpus, slug: str
) -> None:
    project = project_by_slug(corpus, slug)
    decl = project.declaration
    raw, document = read_page(seed_site / project.url / "index.html")
    body = article(document)

    assert body.find("h1").text() == decl.name
    header = [
        ("项目名称", decl.name),
        ("项目类别", decl.category),
        *([("项目性质", decl.nature)] if decl.nature is not None else []),
        ("主管部门", decl.department),
        ("实施单位", decl.implementing_unit),
        ("计划开始日期", decl.start_date.isoformat()),
        ("计划完成日期", decl.end_date.isoformat()),
    ]
    assert labelled_cells(body.find("table", "jx-header")) == header
    assert f"（{decl.year}年度）" in body.find("p", "jx-form-title").text()

    assert decl.unit is MoneyUnit.YUAN
    pf, af = decl.project_funds, decl.annual_funds
    assert labelled_cells(body.find("table", "jx-funding")) == [
        ("项目资金总额", shown_money(pf.total)),
        ("年度资金申请总额", shown_money(af.total)),
        ("其中：财政资金", shown_money(pf.fiscal)),
        ("其中：当年财政拨款", shown_money(af.appropriation)),
        ("上年结转资金", shown_money(af.carry_over)),
        ("其他资金", shown_money(pf.other)),
        ("其他资金", shown_money(af.other)),
    ]
    assert "（元）" in body.find("table", "jx-funding").find("th", "jx-block").text()

    goals = body.find("table", "jx-goals")
    goal = decl.overall_goal
    assert [th.text() for th in goals.find_all("th")] == [
        f"项目总目标（{goal.start_year}年-{goal.end_year}年）",
        "年度总目标",
    ]
    assert [td.text() for td in goals.find_all("td")] == [goal.text, decl.annual_goal]

    assert indicator_tree(body.find("table", "jx-indicators")) == expected_tree(decl)
    for _, _, indicator in decl.indicator_rows():
        assert f"<td>{escape(indicator.name)}</td>" in raw
        assert f'<td class="jx-target">{escape(indicator.target)}</td>' in raw


def _scalars(node: yaml.Node, key: str = "") -> Iterator[tuple[str, str]]:
    """(key, text as written) for every scalar value of a composed YAML document (untyped)."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from _scalars(v, k.value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item, key)
    elif isinstance(node, yaml.ScalarNode):
        yield key, node.value


@pytest.mark.parametrize("slug", SLUGS)
def test_every_text_of_the_source_file_is_on_its_page(seed_site: Path, slug: str) -> None:
    """Independent of the loader: every scalar as written in the file shows on the page."""
    source = (CONTENT / PREFIX / f"{slug}.yaml").read_text(encoding="utf-8")
    _, document = read_page(seed_site / PREFIX / slug / "index.html")
    text = article(document).text()
    root = yaml.compose(source)
    assert isinstance(root, yaml.MappingNode)
    values = list(_scalars(root))
    assert len(values) > 30
    for key, value in values:
        assert (value or BLANK) in text, f"{key}: {value!r} is not on the page"
    (indicators,) = [v for k, v in root.value if k.value == "绩效指标"]
    level2_names = [k2.value for _, l2s in indicators.value for k2, _ in l2s.value]
    headers = [th.text() for th in article(document).find_all("th", "jx-l2")]
    assert headers == level2_names


def test_literal_money_and_escaping_of_the_shipped_files(seed_site: Path) -> None:
    """The amounts and targets as the shipped files write them, spelled out."""
    _, gonghui = read_page(seed_site / PREFIX / SLUGS[0] / "index.html")
    funding = dict(labelled_cells(article(gonghui).find("table", "jx-funding")))
    assert funding["项目资金总额"] == "16,357,365.00"
    assert funding["上年结转资金"] == BLANK
    assert funding["其他资金"] == BLANK
    raw = (seed_site / PREFIX / SLUGS[0] / "index.html").read_text(encoding="utf-8")
    assert '<td class="jx-target">&gt;=85%</td>' in raw
    assert '<td class="jx-target">&gt;100人次</td>' in raw
    levels = [th.text() for th in article(gonghui).find_all("th", "jx-l2")]
    assert "经济效益指标" in levels
    assert "生态效益指标" in levels

    _, card = read_page(seed_site / PREFIX / SLUGS[2] / "index.html")
    cells = labelled_cells(article(card).find("table", "jx-funding"))
    assert cells[4] == ("上年结转资金", "0.00")
    assert cells[5:] == [("其他资金", "0.00"), ("其他资金", "0.00")]
    assert BLANK not in article(card).find("table", "jx-funding").text()


@pytest.mark.parametrize(("url", "title"), INDEX_PAGES.items())
def test_index_pages_exist(seed_site: Path, url: str, title: str) -> None:
    _, document = read_page(seed_site / url / "index.html")
    assert article(document).find("h1").text() == title


def test_home_page_shows_the_grand_total(seed_site: Path, corpus: Corpus) -> None:
    _, document = read_page(seed_site / "index.html")
    lead = squash(article(document).find("div", "jx-lead").text())
    assert "共 3 个项目" in lead
    assert "年度资金申请总额合计 18,953,365.00 元" in lead
    total = sum(
        (p.declaration.annual_funds.total or Decimal(0) for p in corpus.projects), Decimal(0)
    )
    assert f"{total:,.2f}" == "18,953,365.00"
    totals = [
        squash(row.cells()[2].text())
        for foot in article(document).find_all("tfoot")
        for row in foot.find_all("tr")
    ]
    assert totals == ["18,953,365.00"] * 3


@pytest.mark.parametrize(
    ("url", "slugs"),
    [
        ("projects/", SLUGS),
        ("departments/baoshan-zonggonghui/", SLUGS),
        ("2024/", SLUGS),
        ("types/jingchangxing/", SLUGS[:2]),
        ("types/tedingmubiao/", SLUGS[2:]),
    ],
)
def test_index_tables_link_to_their_projects(
    seed_site: Path, corpus: Corpus, url: str, slugs: tuple[str, ...]
) -> None:
    raw, document = read_page(seed_site / url / "index.html")
    assert "&lt;table" not in raw
    table = article(document).find("table", "jx-projects")
    rows = table.find("tbody").find_all("tr")
    assert len(rows) == len(slugs)
    for row, slug in zip(rows, slugs, strict=True):
        project = project_by_slug(corpus, slug)
        cells = row.cells()
        # A department's page does not repeat the department on every row.
        assert len(cells) == (6 if url.startswith("departments/") else 7)
        link = cells[1].find("a")
        assert link.text() == project.declaration.name
        assert resolve(url, link.attrs["href"]) == project.url
        assert cells[-2].text() == shown_money(project.declaration.annual_funds.total)


def test_project_pages_are_not_in_the_navigation(seed_site: Path) -> None:
    """Neither sidebar (navigation, table of contents) nor footer of any page names a project."""
    pages = html_files(seed_site)
    assert len(pages) >= len(INDEX_PAGES) + len(SLUGS)
    for page in pages:
        _, document = read_page(page)
        primary = document.find("nav", "md-nav--primary")
        links = primary.find_all("a", "md-nav__link")
        titles = [squash(a.text()) for a in links if not a.attrs["href"].startswith("#")]
        assert titles == NAV_TITLES, page
        around = document.find_all("div", "md-sidebar") + document.find_all("footer")
        # Project pages (2024/<department>/<project>/) have no table of contents sidebar.
        project_page = len(page.relative_to(seed_site).parts) == 4
        assert len(around) == (2 if project_page else 3), page
        for element in around:
            for name in NAMES:
                assert name not in element.text(), f"{name} is in the sidebar/footer of {page}"


def test_downloads_page_links_to_existing_files(seed_site: Path) -> None:
    _, document = read_page(seed_site / "downloads" / "index.html")
    hrefs = [a.attrs["href"] for a in article(document).find_all("a") if "download" in a.attrs]
    assert len(hrefs) == 10  # with evaluations.csv, evaluation_indicators.csv, evaluations.json
    for href in hrefs:
        assert (seed_site / resolve("downloads/", href)).is_file(), href


# --- Downloads -------------------------------------------------------------------------------


def _yuan(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def test_projects_json(seed_site: Path, corpus: Corpus) -> None:
    data = json.loads((seed_site / "data" / "projects.json").read_text(encoding="utf-8"))
    assert data["count"] == 3
    assert [p["name"] for p in data["projects"]] == list(NAMES)
    first, _, card = data["projects"]
    assert first["funding"]["project_total"] == "16357365.00"
    assert first["funding"]["annual_carry_over"] is None
    assert first["funding"]["project_other"] is None
    assert card["funding"]["project_other"] == "0.00"
    assert card["funding"]["annual_carry_over"] == "0.00"
    for record, project in zip(data["projects"], corpus.projects, strict=True):
        decl = project.declaration
        pf, af = decl.project_funds, decl.annual_funds
        assert record["funding"] == {
            "project_total": _yuan(pf.total),
            "project_fiscal": _yuan(pf.fiscal),
            "project_other": _yuan(pf.other),
            "annual_total": _yuan(af.total),
            "annual_appropriation": _yuan(af.appropriation),
            "annual_carry_over": _yuan(af.carry_over),
            "annual_other": _yuan(af.other),
        }
        assert all(isinstance(v, str | None) for v in record["funding"].values())
        assert record["implementing_unit"] == decl.implementing_unit
        assert record["annual_goal"] == decl.annual_goal
        tree = {
            level1["level1"]: {
                c["level2"]: [(i["name"], i["target"]) for i in c["indicators"]]
                for c in level1["categories"]
            }
            for level1 in record["indicators"]
        }
        assert tree == expected_tree(decl)


def _csv_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_projects_csv(seed_site: Path) -> None:
    rows = _csv_rows(seed_site / "data" / "projects.csv")
    assert [r["项目名称"] for r in rows] == list(NAMES)
    assert rows[0]["年度资金申请总额（元）"] == "16357365.00"
    assert rows[0]["上年结转资金（元）"] == ""
    assert rows[2]["上年结转资金（元）"] == "0.00"
    assert rows[2]["其他资金（项目期，元）"] == "0.00"


def test_indicators_csv(seed_site: Path, corpus: Corpus) -> None:
    rows = _csv_rows(seed_site / "data" / "indicators.csv")
    assert len(rows) == 30
    expected = [
        (p.declaration.name, l1, l2, i.name, i.target)
        for p in corpus.projects
        for l1, l2, i in p.declaration.indicator_rows()
    ]
    shown = [
        (r["项目名称"], r["一级指标"], r["二级指标"], r["三级指标"], r["年度指标值"]) for r in rows
    ]
    # Excel would run "=100%" as a formula: the CSV marks it as text with a leading apostrophe.
    assert [(*s[:4], s[4].removeprefix("'")) for s in shown] == expected
    assert ("一期场馆运营经费项目", "产出指标", "数量指标", "运动场馆开放率", "'=100%") in shown


@pytest.mark.parametrize("slug", SLUGS)
def test_per_project_downloads(seed_site: Path, corpus: Corpus, slug: str) -> None:
    folder = seed_site / PREFIX / slug
    project = project_by_slug(corpus, slug)
    data = json.loads((folder / f"{slug}.json").read_text(encoding="utf-8"))
    assert data["project"]["name"] == project.declaration.name
    assert data["project"]["id"] == f"{PREFIX}/{slug}"
    assert (folder / f"{slug}.yaml").read_bytes() == (
        CONTENT / PREFIX / f"{slug}.yaml"
    ).read_bytes()


# --- No third-party requests ------------------------------------------------------------------

RESOURCE_TAGS = ("link", "script", "img", "iframe")
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)""", re.IGNORECASE)


def html_resources(document: Element) -> list[str]:
    return [
        element.attrs[attribute]
        for element in document.iter()
        if element.tag in RESOURCE_TAGS
        for attribute in ("src", "href")
        if attribute in element.attrs
    ]


def css_resources(css: str) -> list[str]:
    urls = [next(g for g in m.groups() if g is not None) for m in CSS_URL.finditer(css)]
    return urls + CSS_IMPORT.findall(css)


def third_party(urls: list[str]) -> list[str]:
    return [u for u in urls if EXTERNAL.match(u)]


def test_the_resource_scanner_sees_third_party_hosts() -> None:
    """The scanner below would notice Google Fonts, a CDN or a protocol-relative URL."""
    page = (
        '<html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css?f=Roboto">'
        '<script src="//cdn.example.com/x.js"></script></head><body><img src="a.png">'
        '<iframe src="HTTP://example.com/"></iframe><a href="https://ok.example/">x</a></body>'
    )
    from tests.support.browser_support import parse_html

    assert third_party(html_resources(parse_html(page))) == [
        "https://fonts.googleapis.com/css?f=Roboto",
        "//cdn.example.com/x.js",
        "HTTP://example.com/",
    ]
    css = (
        "@import url(\"https://fonts.googleapis.com/x\");@import 'http://a.example/b.css';"
        "a{background:url(//cdn.example/x.png)}"
        "b{mask:url(\"data:image/svg+xml;charset=utf-8,<svg xmlns='http://www.w3.org/2000/svg'/>\")}"
    )
    assert sorted(third_party(css_resources(css))) == [
        "//cdn.example/x.png",
        "http://a.example/b.css",
        "https://fonts.googleapis.com/x",
        "https://fonts.googleapis.com/x",
    ]


def test_no_resource_is_loaded_from_another_host(seed_site: Path) -> None:
    found: list[str] = []
    scanned = 0
    for page in html_files(seed_site):
        _, document = read_page(page)
        resources = html_resources(document)
        for style in document.find_all("style"):
            resources += css_resources(style.text())
        scanned += len(resources)
        found += [f"{page.relative_to(seed_site)}: {u}" for u in third_party(resources)]
    css_files = sorted(seed_site.rglob("*.css"))
    assert len(css_files) >= 3
    for sheet in css_files:
        resources = css_resources(sheet.read_text(encoding="utf-8"))
        scanned += len(resources)
        found += [f"{sheet.relative_to(seed_site)}: {u}" for u in third_party(resources)]
    assert scanned > 100  # the scanner did see the site's own stylesheets, scripts and icons
    assert found == []


# --- Determinism and failure -----------------------------------------------------------------


def _tree(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    build_content: Callable[[Path, Path], Corpus],
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build_content(CONTENT, tmp_path / "a" / "site")
    build_content(CONTENT, tmp_path / "b" / "elsewhere")
    first, second = _tree(tmp_path / "a" / "site"), _tree(tmp_path / "b" / "elsewhere")
    assert len(first) > 50
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
    # MkDocs stamps the gzip header of sitemap.xml.gz with the day of SOURCE_DATE_EPOCH.
    assert struct.unpack("<I", first["sitemap.xml.gz"][4:8]) == (1699920000,)  # 2023-11-14


def _listing(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_build_with_an_error_keeps_the_old_site(tmp_path: Path, content_copy: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "marker.txt").write_text("the previous site", encoding="utf-8")
    (site / "index.html").write_text("<p>old</p>", encoding="utf-8")
    before = _listing(site)
    broken = content_copy / PREFIX / f"{SLUGS[0]}.yaml"
    replace_line(broken, "计划完成日期: 2024-12-31", "计划完成日期: 2024-02-30")

    result = CliRunner().invoke(
        main,
        [
            "build",
            *("--content", str(content_copy)),
            *("--site-dir", str(site)),
            *("--config", str(MKDOCS_YML)),
            "--no-cache",
        ],
    )

    assert result.exit_code == 1, result.output
    assert _listing(site) == before
    assert re.search(r"(?m)^\S+:\d+:\d+: 错误\[[\w-]+\]", result.output), result.output
    assert f"{SLUGS[0]}.yaml:8:9: 错误[date] 计划完成日期:" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_a_failing_mkdocs_build_keeps_the_old_site(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = tmp_path / "out" / "site"
    site.mkdir(parents=True)
    (site / "marker.txt").write_text("the previous site", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    text = MKDOCS_YML.read_text(encoding="utf-8")
    text = text.replace("custom_dir: theme", f"custom_dir: {REPO / 'theme'}")
    text = text.replace("- theme/compact_html.py", f"- {REPO / 'theme' / 'compact_html.py'}")
    text = text.replace("  - toc:\n", "  - jixiao_no_such_extension\n  - toc:\n")
    assert "jixiao_no_such_extension" in text
    config.write_text(text, encoding="utf-8")

    result = CliRunner().invoke(
        main,
        [
            "build",
            *("--content", str(CONTENT)),
            *("--site-dir", str(site)),
            *("--config", str(config)),
            "--no-cache",
        ],
    )

    assert result.exit_code == 2, result.output  # a refused configuration, not content
    assert "MkDocs" in result.output
    # It failed for the intended reason, not for a path of mkdocs.yml that the copy broke.
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors, caplog.text
    assert all("jixiao_no_such_extension" in e for e in errors), errors
    assert _listing(site) == {"marker.txt": b"the previous site"}
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["site"]  # no staging left over


# --- `jixiao export` ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "data_file"),
    [
        (["--format", "json"], "projects.json"),
        (["--format", "csv"], "projects.csv"),
        (["--format", "csv", "--what", "indicators"], "indicators.csv"),
        (["--format", "json", "--what", "indicators"], "indicators.json"),
    ],
)
def test_export_equals_the_site_data_files(
    seed_site: Path, arguments: list[str], data_file: str
) -> None:
    result = CliRunner().invoke(
        main, ["export", "--content", str(CONTENT), "--no-cache", *arguments]
    )
    assert result.exit_code == 0, result.output
    expected = (seed_site / "data" / data_file).read_bytes()
    assert len(expected) > 1000
    assert result.stdout_bytes == expected
