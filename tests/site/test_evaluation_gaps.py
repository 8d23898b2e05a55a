"""Self-evaluations on the index pages (real MkDocs builds): a project known only from its
自评表 is listed on its year's page and in the explorer's data, marked 只有自评表 and shown
with what the form says only; a year or department known only from self-evaluations has a
page of its own, linked from the index pages; the 自评结果 tables are ready to be sorted and
complete, in their default order, without JavaScript (the sorting itself is in
test_evaluation_gaps_browser.py)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.conftest import CONTENT, build
from tests.support.paths import REPO

ROOT = REPO
SAMPLE = ROOT / "tests/data/evaluation/yiqi-changguan-yunying-jingfei.自评.yaml"
DEPARTMENT = "baoshan-zonggonghui"
OTHER = "qita-bumen"  # a department with no declaration at all
OTHER_NAME = "上海市宝山区其他部门"


@dataclass(frozen=True)
class Alone:
    """A 自评表 without a declaration, made from the sample."""

    year: str
    department: str
    slug: str
    name: str
    spent: str  # 全年执行数 of 80.00 万元 budgeted; the printed 执行率 follows
    total_score: str  # "" leaves 自评得分 blank

    @property
    def url(self) -> str:
        return f"{self.year}/{self.department}/{self.slug}/"

    def text(self) -> str:
        text = SAMPLE.read_text("utf-8")
        rate = f"{(float(self.spent) * 100 / 80):.2f}%"
        text = text.replace("全年执行数: 76.00", f"全年执行数: {self.spent}")
        text = text.replace("执行率: 95.00%", f"执行率: {rate}")
        text = text.replace("年度: 2024", f"年度: {self.year}")
        text = text.replace("项目名称: 一期场馆运营经费项目", f"项目名称: {self.name}")
        if self.department == OTHER:
            text = text.replace("主管部门: 上海市宝山区总工会", f"主管部门: {OTHER_NAME}")
        if self.total_score:
            return text.replace("自评得分: 93.5", f"自评得分: {self.total_score}")
        return text.replace("自评得分: 93.5\n自评等级: 优", "自评得分:\n自评等级:")


# Rates chosen so that text order (9.50% > 95.00% > 100.00%) is not number order.
ALONE = [
    Alone("2024", DEPARTMENT, "zhi-you-zipin", "只有自评的项目", "76.00", "93.5"),  # 95.00%
    Alone("2024", OTHER, "qita-xiangmu", "其他部门的项目", "80.00", "93.5"),  # 100.00%
    Alone("2023", DEPARTMENT, "shangnian-xiangmu", "上一年度的项目", "7.60", ""),  # 9.50%
]


@dataclass(frozen=True)
class Built:
    content: Path
    site: Path


def write_evaluations(content: Path) -> None:
    """The sample beside its declaration, and the self-evaluations of ALONE."""
    shutil.copy(SAMPLE, content / "2024" / DEPARTMENT / SAMPLE.name)
    registry = content / "departments.yaml"
    registry.write_text(
        registry.read_text("utf-8") + f"  - 代码: {OTHER}\n    名称: {OTHER_NAME}\n", "utf-8"
    )
    for alone in ALONE:
        folder = content / alone.year / alone.department
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{alone.slug}.自评.yaml").write_text(alone.text(), "utf-8")


@pytest.fixture(scope="module")
def gaps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    folder = tmp_path_factory.mktemp("evaluation-gaps")
    content = folder / "content"
    shutil.copytree(CONTENT, content)
    write_evaluations(content)
    build(content, folder / "site")
    yield Built(content, folder / "site")


def page_of(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def article(page: str) -> str:
    return page[page.index("<article") : page.index("</article>")]


def table(page: str, css: str) -> str:
    start = page.index(f'class="{css}"')
    return page[start : page.index("</table>", start)]


def body_rows(html: str) -> list[str]:
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [row for row in body.split("<tr>")[1:]]


_HREF = re.compile(r'href="([^"]*)"')


def broken_links(site: Path, url: str) -> list[str]:
    """Every link of the page at `url` to a page or file of the site that was not built."""
    broken = []
    base = f"http://site/{url}"
    for href in _HREF.findall(page_of(site, url)):
        target = urlsplit(urljoin(base, href.replace("&amp;", "&")))
        if target.netloc != "site" or href.startswith("#"):
            continue
        path = site / unquote(target.path).lstrip("/")
        if not (path.is_file() or (path / "index.html").is_file()):
            broken.append(href)
    return broken


AFFECTED = [
    "2024/",
    "2023/",
    "years/",
    "departments/",
    f"departments/{DEPARTMENT}/",
    f"departments/{OTHER}/",
    "evaluations/",
    "explorer/",
    *(alone.url for alone in ALONE),
]


@pytest.mark.parametrize("url", AFFECTED)
def test_every_link_of_the_affected_pages_resolves(gaps: Built, url: str) -> None:
    page = page_of(gaps.site, url)
    assert len(_HREF.findall(article(page))) >= 2
    assert broken_links(gaps.site, url) == []


def test_a_year_page_lists_its_projects_known_only_from_a_self_evaluation(gaps: Built) -> None:
    page = article(page_of(gaps.site, "2024/"))
    listed = table(page, "jx-evaluation-only")
    rows = body_rows(listed)
    assert len(rows) == 2  # the two of 2024; the sample answers a declaration, it is not here
    names = [re.search(r'<a href="([^"]+)">([^<]+)</a>', row).groups() for row in rows]  # type: ignore[union-attr]
    assert names == [
        (f"{OTHER}/qita-xiangmu/", "其他部门的项目"),
        (f"{DEPARTMENT}/zhi-you-zipin/", "只有自评的项目"),
    ]
    assert all("只有自评表</span>" in row for row in rows)
    # What the form says: its 实施单位, 自评得分, 等级 and our 执行率; nothing of a declaration.
    other = rows[0]
    assert "219-上海市宝山区工人文化活动中心" in other
    assert ">93.5<" in other and ">优<" in other and ">100.00%<" in other
    assert "项目类别" not in listed and "年度资金申请总额" not in listed
    # The year's totals are the declarations' only: 3 projects, as without the evaluations.
    assert "共 <strong>3</strong> 个项目" in page
    # Not on the declarations' table either.
    projects = table(page, "jx-projects")
    assert "只有自评的项目" not in projects and "其他部门的项目" not in projects


def test_a_blank_score_stays_blank(gaps: Built) -> None:
    rows = body_rows(table(article(page_of(gaps.site, "2023/")), "jx-evaluation-only"))
    assert len(rows) == 1
    score = re.search(r'data-label="自评得分">(.*?)</td>', rows[0])
    assert score is not None and "空白" in score.group(1) and "0" not in score.group(1)
    grade = re.search(r'data-label="自评等级">(.*?)</td>', rows[0])
    assert grade is not None and "空白" in grade.group(1)
    assert ">9.50%<" in rows[0]


def test_a_year_known_only_from_self_evaluations_has_a_page_linked_from_the_index(
    gaps: Built,
) -> None:
    page = article(page_of(gaps.site, "2023/"))
    assert "<h1" in page and "2023 年度" in page
    assert "本站没有该年度的绩效目标申报表" in page
    assert 'href="../2023/baoshan-zonggonghui/shangnian-xiangmu/"' not in page  # relative to 2023/
    assert 'href="baoshan-zonggonghui/shangnian-xiangmu/"' in page
    years = article(page_of(gaps.site, "years/"))
    assert "只有自评表的年度" in years and 'href="../2023/"' in years
    # The declared year is still in the table of years, the other is not counted there.
    subtotals = table(years, "jx-subtotals")
    assert 'href="../2024/"' in subtotals and 'href="../2023/"' not in subtotals


def test_a_department_known_only_from_self_evaluations_has_a_page(gaps: Built) -> None:
    page = article(page_of(gaps.site, f"departments/{OTHER}/"))
    assert OTHER_NAME in page and "本站没有该主管部门的绩效目标申报表" in page
    # Its figures, computed as on any department page: 80 of 80 万元 spent.
    assert "执行率（全年执行数合计 ÷ 全年预算数合计）<strong>100.00%</strong>" in page
    rows = body_rows(table(page, "jx-evaluation-only"))
    assert len(rows) == 1 and 'href="../../2024/qita-bumen/qita-xiangmu/"' in rows[0]
    index = article(page_of(gaps.site, "departments/"))
    assert "只有自评表的主管部门" in index and f'href="{OTHER}/"' in index
    # The evaluation's own page and the 自评结果 page now link the department, not name it.
    own = article(page_of(gaps.site, ALONE[1].url))
    assert f'href="../../../departments/{OTHER}/">{OTHER_NAME}</a>' in own
    assert 'href="../../">2024 年度</a>' in own
    ranking = table(article(page_of(gaps.site, "evaluations/")), "jx-eval-departments")
    assert f'href="../departments/{OTHER}/">{OTHER_NAME}</a>' in ranking


def test_every_self_evaluation_is_reachable_from_the_index_pages(gaps: Built) -> None:
    """From 按年度 and 按主管部门, through the year and department pages, to every 自评表."""
    reached: set[str] = set()
    for index in ("years/", "departments/"):
        for href in _HREF.findall(article(page_of(gaps.site, index))):
            group = urlsplit(urljoin(f"http://site/{index}", href)).path.lstrip("/")
            if not group.startswith(("20", "departments/")) or group == index:
                continue
            for link in _HREF.findall(article(page_of(gaps.site, group))):
                reached.add(urlsplit(urljoin(f"http://site/{group}", link)).path.lstrip("/"))
    for alone in ALONE:
        assert alone.url in reached
    assert "2024/baoshan-zonggonghui/yiqi-changguan-yunying-jingfei/" in reached


def test_explorer_data_lists_them_with_nulls_where_only_a_declaration_would_tell(
    gaps: Built,
) -> None:
    data = json.loads((gaps.site / "data" / "explorer.json").read_text("utf-8"))
    columns = data["columns"]
    assert columns[-1] == "evaluation_only"
    rows = {row[0]: dict(zip(columns, row, strict=True)) for row in data["rows"]}
    assert len(rows) == 3 + len(ALONE)
    for alone in ALONE:
        row = rows[alone.url]
        assert row["evaluation_only"] == 1
        assert row["name"] == alone.name and str(row["year"]) == alone.year
        assert row["category"] is None and row["annual_total"] is None
        assert row["indicators"] is None and row["measurable"] is None
        assert data["units"][row["unit"]] == "219-上海市宝山区工人文化活动中心"
    assert data["departments"][rows[ALONE[1].url]["department"]] == OTHER_NAME
    assert rows[ALONE[2].url]["evaluation"] == [None, None, "9.50", 2, None]
    assert rows[ALONE[0].url]["evaluation"][:3] == ["93.5", "优", "95.00"]
    declared = [row for url, row in rows.items() if url not in {a.url for a in ALONE}]
    assert all(row["evaluation_only"] == 0 and row["category"] is not None for row in declared)
    assert 2023 in data["years"] and 2024 in data["years"]


def test_ranking_tables_are_complete_and_in_default_order_as_sent(gaps: Built) -> None:
    page = page_of(gaps.site, "evaluations/")
    assert 'src="../assets/jixiao-sort.js"' in page
    projects = table(page, "jx-eval-projects")
    assert "data-jx-sortable" in projects
    header = projects[projects.index("<thead>") : projects.index("</thead>")]
    sortable = re.findall(r"<th [^>]*data-jx-sort[^>]*>([^<]+)</th>", header)
    assert sortable == ["自评得分", "执行率", "达成", "未达成", "提示"]
    assert 'data-jx-sort aria-sort="descending">自评得分' in header
    rows = body_rows(projects)
    assert len(rows) == 4  # every 自评表, the sample and the three alone
    scores = [re.findall(r'<td class="jx-num">([^<]*)</td>', row)[0] for row in rows]
    assert scores == ["93.5", "93.5", "93.5", "—"]  # highest first, the blank last
    assert all('<td data-value="' in row for row in rows)
    departments = table(page, "jx-eval-departments")
    dep_header = departments[departments.index("<thead>") : departments.index("</thead>")]
    assert len(re.findall(r"data-jx-sort", dep_header)) == 6
    assert len(body_rows(departments)) == 2


def test_only_the_ranking_page_loads_the_sorting_script(gaps: Built) -> None:
    for url in ("2024/", "explorer/", f"departments/{OTHER}/", ALONE[0].url):
        assert "jixiao-sort.js" not in page_of(gaps.site, url)
    assert (gaps.site / "assets" / "jixiao-sort.js").is_file()


def test_without_self_evaluations_no_year_or_index_page_changes(seed_site: Path) -> None:
    for url in ("2024/", "years/", "departments/"):
        page = page_of(seed_site, url)
        assert "只有自评表" not in page and "jx-evaluation-only" not in page
    data = json.loads((seed_site / "data" / "explorer.json").read_text("utf-8"))
    assert [row[-1] for row in data["rows"]] == [0, 0, 0]


HOSTILE = "<script>alert(1)</script>[x](javascript:alert(1)) | *名*"


def test_hostile_text_of_a_self_evaluation_stays_text_on_the_new_lists(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    write_evaluations(content)
    path = content / "2023" / DEPARTMENT / f"{ALONE[2].slug}.自评.yaml"
    text = path.read_text("utf-8").replace(f"项目名称: {ALONE[2].name}", f"项目名称: '{HOSTILE}'")
    unit = "实施单位: 219-上海市宝山区工人文化活动中心"
    path.write_text(text.replace(unit, '实施单位: "<img src=x onerror=alert(2)>"'), "utf-8")
    build(content, tmp_path / "site")
    for url in ("2023/", f"departments/{DEPARTMENT}/", "evaluations/"):
        page = page_of(tmp_path / "site", url)
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert 'href="javascript:' not in page
    rows = body_rows(table(page_of(tmp_path / "site", "2023/"), "jx-evaluation-only"))
    assert "&lt;img src=x onerror=alert(2)&gt;" in rows[0]


def test_every_self_evaluation_without_a_declaration_is_in_the_search_index(gaps: Built) -> None:
    """Their pages are searched like a declaration's, also in a folder with no declaration
    (before, a year or department known only from self-evaluations was never indexed)."""
    declarations = [p for p in gaps.content.glob("*/*/*.yaml") if not p.name.endswith(".自评.yaml")]
    bundles = [gaps.site / "pagefind"] + [
        gaps.site / "pagefind" / part
        for part in json.loads((gaps.site / "pagefind" / "jixiao-parts.json").read_text("utf-8"))[
            "merge"
        ]
    ]
    indexed = sum(
        language["page_count"]
        for bundle in bundles
        for language in json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))[
            "languages"
        ].values()
    )
    assert indexed == len(declarations) + len(ALONE)
