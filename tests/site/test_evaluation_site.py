"""绩效自评 on the site: the project page's section, a self-evaluation's own page, the 自评结果
page and the department figures, from a real MkDocs build of the shipped content plus the
sample 自评表 and one without a declaration (with hostile text in it)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import CONTENT, build
from tests.support.paths import REPO

ROOT = REPO
SAMPLE = ROOT / "tests/data/evaluation/yiqi-changguan-yunying-jingfei.自评.yaml"
FOLDER = "2024/baoshan-zonggonghui"
ALONE = "zhi-you-zipin"
HOSTILE = "<script>alert(1)</script>"


@dataclass(frozen=True)
class Built:
    content: Path
    site: Path


def alone_text() -> str:
    """The sample, renamed to a project that has no declaration, with hostile text."""
    text = SAMPLE.read_text("utf-8")
    text = text.replace("项目名称: 一期场馆运营经费项目", "项目名称: 只有自评的项目")
    return text.replace(
        "偏差原因分析及改进措施: 受场馆维修影响，部分培训取消。",
        f'偏差原因分析及改进措施: "{HOSTILE}"',
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    folder = tmp_path_factory.mktemp("evaluation-site")
    content = folder / "content"
    shutil.copytree(CONTENT, content)
    shutil.copy(SAMPLE, content / FOLDER / SAMPLE.name)
    (content / FOLDER / f"{ALONE}.自评.yaml").write_text(alone_text(), "utf-8")
    build(content, folder / "site")
    yield Built(content, folder / "site")


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def _section(page: str) -> str:
    start = page.index('id="jx-evaluation"')
    return page[start : page.index("</div>", start)]


def test_project_page_shows_the_evaluation_beside_the_declaration(built: Built) -> None:
    page = _page(built.site, f"{FOLDER}/yiqi-changguan-yunying-jingfei")
    section = _section(page)
    assert 'href="#jx-evaluation"' in page
    assert "<caption>预算执行（万元）</caption>" in section
    assert "<caption>绩效指标完成情况</caption>" in section
    # Our 执行率 from 76 ÷ 80, beside the printed one; the blank row stays 空白.
    assert "执行率（本站计算）<strong>95.00%</strong>" in section
    assert re.search(
        r"<th scope=\"row\">上年结转资金</th><td[^>]*><span class=\"jx-blank\"", section
    )
    assert "依托中心场馆和培训场地" in section and "全年场馆正常开放" in section
    # 96 场次 against ≥100场次 with full marks: 未达成 and flagged, the reason beside it.
    row = next(r for r in section.split("<tr>") if "组织公益乐学培训次数" in r)
    assert 'class="jx-unmet" data-label="我们的读法">未达成' in row
    assert "满分未达成" in row and "受场馆维修影响" in row
    met = next(r for r in section.split("<tr>") if "各类活动参与率" in r)
    assert ">达成<" in met.replace('data-label="我们的读法">', ">")
    assert "自述达成" in next(r for r in section.split("<tr>") if "保险采购完成及时性" in r)
    for header in ("申报的年度指标值", "自评表的年度指标值", "实际完成值", "分值", "得分"):
        assert f'<th scope="col">{header}</th>' in section or f">{header}</th>" in section
    assert (
        built.site
        / FOLDER
        / "yiqi-changguan-yunying-jingfei"
        / "yiqi-changguan-yunying-jingfei.zipin.yaml"
    ).read_bytes() == SAMPLE.read_bytes()


def test_project_without_evaluation_has_no_section(built: Built) -> None:
    page = _page(built.site, f"{FOLDER}/gonghui-gongzuozhe-jingfei")
    assert "jx-evaluation" not in page


def test_evaluation_without_declaration_has_its_own_page(built: Built) -> None:
    page = _page(built.site, f"{FOLDER}/{ALONE}")
    assert "只有自评的项目" in page
    assert "没有它的绩效目标申报表" in page
    assert "申报的年度指标值" not in page  # no declaration, no such column
    assert HOSTILE not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="../../../evaluations/"' in page
    assert 'href="../../../departments/baoshan-zonggonghui/"' in page


def test_evaluations_page_ranks_departments_and_projects(built: Built) -> None:
    page = _page(built.site, "evaluations")
    assert "<caption>各主管部门的绩效自评（按平均自评得分从高到低）</caption>" in page
    projects = page[page.index("jx-eval-projects") :]
    # Both evaluations are listed, the one without a declaration flagged as such.
    assert "只有自评的项目" in projects and "一期场馆运营经费项目" in projects
    assert "只有自评表" in projects
    assert "满分未达成" in projects
    assert "jx-chart" in page and "各主管部门平均自评得分" in page
    assert 'href="evaluations/"' in _page(built.site, "")


def test_department_page_has_evaluation_figures(built: Built) -> None:
    page = _page(built.site, "departments/baoshan-zonggonghui")
    figures = page[page.index("jx-eval-figures") :]
    figures = figures[: figures.index("</div>")]
    assert "2 个项目有绩效自评表" in figures
    # Two copies of 76 ÷ 80 万元.
    assert "<strong>95.00%</strong>" in figures
    assert f'href="../../{FOLDER}/{ALONE}/"' in figures


def test_exports_carry_the_evaluations_and_our_readings(built: Built) -> None:
    import csv
    import io
    import json

    from frictionless import Package

    data = built.site / "data"
    rows = list(csv.DictReader(io.StringIO((data / "evaluations.csv").read_text("utf-8-sig"))))
    by_id = {row["项目编号"]: row for row in rows}
    sample = by_id[f"{FOLDER}/yiqi-changguan-yunying-jingfei"]
    assert sample["有申报表"] == "是" and by_id[f"{FOLDER}/{ALONE}"]["有申报表"] == "否"
    # 80.00 and 76.00 万元, exactly in 元; the printed rate beside ours.
    assert (sample["全年预算数（元）"], sample["全年执行数（元）"]) == ("800000.00", "760000.00")
    assert (sample["执行率（原表）"], sample["执行率（本站计算，%）"]) == ("95.00%", "95.00")
    assert int(sample["满分未达成"]) >= 1 and int(sample["未达成"]) >= 1
    indicators = list(
        csv.DictReader(io.StringIO((data / "evaluation_indicators.csv").read_text("utf-8-sig")))
    )
    training = next(
        r
        for r in indicators
        if r["三级指标"] == "组织公益乐学培训次数" and r["项目编号"].endswith("jingfei")
    )
    assert training["我们的读法"] == "未达成" and training["满分未达成"] == "是"
    assert training["自评表的年度指标值"] == ">=100场次"
    opening = next(r for r in indicators if r["三级指标"] == "运动场馆开放率")
    assert opening["自评表的年度指标值"] == "'=100%"  # inert in Excel, as in indicators.csv
    assert training["申报的年度指标值"]  # the declared target beside the form's own
    document = json.loads((data / "evaluations.json").read_text("utf-8"))
    assert document["count"] == 2
    # The data package describes them and the rows validate against it.
    report = Package(str(data / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    names = [r["name"] for r in json.loads((data / "datapackage.json").read_text())["resources"]]
    assert {"evaluations", "evaluation_indicators"} <= set(names)


def test_every_project_keeps_its_own_downloads(built: Built) -> None:
    # Beside the evaluation files, each declaration still has its JSON and YAML.
    for declaration in (built.content / FOLDER).glob("*.yaml"):
        if declaration.name.endswith(".自评.yaml"):
            continue
        slug = declaration.stem
        folder = built.site / FOLDER / slug
        assert (folder / f"{slug}.json").is_file()
        assert (folder / f"{slug}.yaml").read_bytes() == declaration.read_bytes()


def test_a_department_known_only_from_self_evaluations_is_never_a_broken_link(
    tmp_path: Path,
) -> None:
    """Its department and year have no page (no declaration lists them): the evaluation's page
    and the 自评结果 page name them as text instead of linking to a page that does not exist."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    registry = content / "departments.yaml"
    registry.write_text(
        registry.read_text("utf-8")
        + "  - 代码: zhi-you-zipin-ju\n    名称: 上海市宝山区只有自评局\n",
        "utf-8",
    )
    folder = content / "2025" / "zhi-you-zipin-ju"
    folder.mkdir(parents=True)
    text = alone_text().replace("主管部门: 上海市宝山区总工会", "主管部门: 上海市宝山区只有自评局")
    text = text.replace("年度: 2024", "年度: 2025")
    (folder / f"{ALONE}.自评.yaml").write_text(text, "utf-8")
    site = tmp_path / "site"
    build(content, site)
    page_url = f"2025/zhi-you-zipin-ju/{ALONE}"
    pages = {page_url: _page(site, page_url), "evaluations": _page(site, "evaluations")}
    assert "上海市宝山区只有自评局" in pages[page_url]
    assert "上海市宝山区只有自评局" in pages["evaluations"]
    for url, html in pages.items():
        for href in re.findall(r'href="([^"#?]+)"', html):
            if href.startswith(("http:", "https:", "mailto:")):
                continue
            target = (site / url / href).resolve()
            found = target.is_file() or (target / "index.html").is_file()
            assert found, f"{url} links to {href}, which is not in the site"
