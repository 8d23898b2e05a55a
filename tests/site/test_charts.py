"""Every chart says what the tables on its page say: labels, 万元 values, shares, bar lengths.

Read from the built HTML (tests/browser_support.parse_html), for the shipped site and for a
synthetic site over three years and about fifty departments:

- the home page charts years, departments and types beside their subtotal tables;
- a year page charts its departments, which must add up to the project table of that year;
- a department or type page over two or more years charts its years beside its 各年度 table
  (and has no chart when it has one year only).

A chart's value labels and its data table show the table's 元 amount in 万元 to two places
(rounded half up, 四舍五入); its shares are the table's; the largest bar has the full width and
every other bar is in proportion to its amount. Every chart in each site is checked.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from generator.core.project import Corpus
from generator.site.charts import BAR_WIDTH, MAX_BARS, Bar, bar_chart
from generator.site.urls import type_slug
from tests.conftest import CONTENT, build
from tests.support.browser_support import Element, article, parse_html, read_page
from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path

pytestmark = pytest.mark.build

WAN = Decimal(10000)
YEARS = (2023, 2024, 2025)


@dataclass(frozen=True)
class Built:
    site: Path
    corpus: Corpus


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("charts-shipped")
    return Built(root / "site", build(CONTENT, root / "site"))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("charts-synthetic")
    synth.generate(root / "content", 200, years=YEARS)
    return Built(root / "site", build(root / "content", root / "site"))


@pytest.fixture(params=["shipped", "synthetic"])
def built(request: pytest.FixtureRequest) -> Built:
    result: Built = request.getfixturevalue(request.param)
    return result


# --- Reading charts and tables --------------------------------------------------------------


@dataclass(frozen=True)
class ShownBar:
    label: str  # the full label (the SVG <title> of the label)
    short: str  # what the SVG shows
    width: float
    value: str  # "184.60 万元（100.0%）"


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[ShownBar]
    data: list[tuple[str, str, str]]  # (label, 万元, share) from the chart's data table
    summary: str


@dataclass(frozen=True)
class Row:
    label: str
    amount: Decimal  # 元
    share: str | None


def own_text(element: Element) -> str:
    return "".join(c for c in element.children if isinstance(c, str))


def read_chart(figure: Element) -> Chart:
    svg = figure.find("svg")
    labels = svg.find_all("text", "jx-chart-label")
    rects = svg.find_all("rect", "jx-chart-bar")
    values = svg.find_all("text", "jx-chart-value")
    assert len(labels) == len(rects) == len(values)
    bars = [
        ShownBar(label.find("title").text(), own_text(label), float(rect.attrs["width"]), v.text())
        for label, rect, v in zip(labels, rects, values, strict=True)
    ]
    data = [
        (cells[0].text(), cells[1].text(), cells[2].text() if len(cells) > 2 else "")
        for cells in (tr.cells() for tr in figure.find("table").find("tbody").find_all("tr"))
    ]
    return Chart(svg.attrs["aria-label"], bars, data, figure.find("summary").text())


def amount(text: str) -> Decimal:
    return Decimal(text.split()[0].replace(",", ""))


def subtotal_rows(table: Element) -> list[Row]:
    rows = []
    for tr in table.find("tbody").find_all("tr"):
        cells = tr.cells()
        rows.append(Row(cells[0].text(), amount(cells[2].text()), cells[4].text()))
    return rows


def sections(page: Element) -> dict[str | None, list[Element]]:
    """Subtotal tables, project tables and chart figures, by the h2 they stand under."""
    found: dict[str | None, list[Element]] = {}
    heading: str | None = None
    for element in article(page).iter():
        if element.tag == "h2":
            heading = element.text().strip()
        elif (
            element.tag == "table" and {"jx-subtotals", "jx-projects"} & set(element.classes)
        ) or (element.tag == "figure" and "jx-figure" in element.classes):
            found.setdefault(heading, []).append(element)
    return found


def figures(elements: list[Element]) -> list[Element]:
    return [e for e in elements if e.tag == "figure"]


def tables(elements: list[Element], kind: str) -> list[Element]:
    return [e for e in elements if e.tag == "table" and kind in e.classes]


def in_wan(yuan: Decimal) -> str:
    return f"{(yuan / WAN).quantize(Decimal('0.01'), ROUND_HALF_UP):,}"


def check(chart: Chart, rows: list[Row], *, ordered: bool) -> None:
    """The chart shows exactly `rows`: labels, 万元 values, shares and bar lengths."""
    by_label = {row.label: row for row in rows}
    assert len(by_label) == len(rows)
    labels = [label for label, _, _ in chart.data]
    if ordered:
        assert labels == [row.label for row in rows]
    else:
        assert sorted(labels) == sorted(by_label)
    for label, wan, share in chart.data:
        row = by_label[label]
        assert wan == in_wan(row.amount), label
        if row.share is not None:
            assert share == row.share, label
    # The bars: the first MAX_BARS rows of the data table, each labelled with its numbers.
    assert len(chart.bars) == min(len(rows), MAX_BARS)
    assert ("只画出前" in chart.summary) == (len(rows) > MAX_BARS)
    for bar, (label, wan, share) in zip(chart.bars, chart.data, strict=False):
        assert bar.label == label
        assert label.startswith(bar.short.rstrip("…"))
        assert bar.value == f"{wan} 万元" + (f"（{share}）" if share else "")
    # Lengths in proportion to the amounts; the largest shown is the full width.
    amounts = [by_label[bar.label].amount for bar in chart.bars]
    largest = max(amounts)
    assert max(bar.width for bar in chart.bars) == BAR_WIDTH
    for bar, value in zip(chart.bars, amounts, strict=True):
        exact = float(value / largest * BAR_WIDTH) if largest > 0 else 0.0
        assert bar.width >= 1
        assert abs(bar.width - exact) <= 1, (bar.label, bar.width, exact)
        if value == largest:
            assert bar.width == BAR_WIDTH


def page_file(site: Path, url: str) -> Path:
    return site / url / "index.html"


def project_table_pages(site: Path, first_url: str) -> Iterator[Element]:
    """Every page of a paginated project table: first_url, first_url/2/, …"""
    number = 1
    path = page_file(site, first_url)
    while path.is_file():
        yield read_page(path)[1]
        number += 1
        path = page_file(site, f"{first_url}{number}/")


def count_charts(site: Path) -> int:
    return sum(
        html.read_text(encoding="utf-8").count('<figure class="jx-figure">')
        for html in site.rglob("index.html")
    )


# --- Tests ----------------------------------------------------------------------------------


def test_home_charts_equal_the_subtotal_tables(built: Built) -> None:
    page = read_page(page_file(built.site, ""))[1]
    found = sections(page)
    for heading in ("按年度", "按主管部门", "按项目类别"):
        (table,) = tables(found[heading], "jx-subtotals")
        (figure,) = figures(found[heading])
        chart = read_chart(figure)
        rows = subtotal_rows(table)
        # Years keep their order; departments and types are charted largest first, so that
        # a chart cut at MAX_BARS shows the biggest ones.
        check(chart, rows, ordered=heading == "按年度")
        if heading != "按年度":
            by_label = {row.label: row.amount for row in rows}
            amounts = [by_label[label] for label, _, _ in chart.data]
            assert amounts == sorted(amounts, reverse=True), heading


def test_year_pages_chart_their_departments_as_the_project_table_adds_up(built: Built) -> None:
    years = sorted({p.year_dir for p in built.corpus.projects})
    for year in years:
        totals: dict[str, Decimal] = {}
        charts = []
        for page in project_table_pages(built.site, f"{year}/"):
            found = sections(page)
            charts += [read_chart(f) for elements in found.values() for f in figures(elements)]
            for table in tables(found["项目"], "jx-projects"):
                for tr in table.find("tbody").find_all("tr"):
                    cells = tr.cells()
                    department = cells[2].text()
                    totals.setdefault(department, Decimal(0))
                    if cells[5].text() != "空白":
                        totals[department] += amount(cells[5].text())
        assert len(charts) == 1, year  # on the first page only
        (chart,) = charts
        grand = sum(totals.values(), Decimal(0))
        rows = [Row(name, value, None) for name, value in totals.items()]
        check(chart, rows, ordered=False)
        # Largest first; the shares are of the year's total.
        values = [by.amount for label, _, _ in chart.data for by in rows if by.label == label]
        assert values == sorted(values, reverse=True)
        for label, _, share in chart.data:
            exact = next(r.amount for r in rows if r.label == label) / grand * 100
            assert abs(Decimal(share.rstrip("%")) - exact) <= Decimal("0.05"), label


def test_group_pages_over_years_chart_their_years(built: Built) -> None:
    groups: dict[str, set[str]] = {}
    for p in built.corpus.projects:
        groups.setdefault(f"departments/{p.department_slug}/", set()).add(p.year_dir)
        groups.setdefault(f"types/{type_slug(p.declaration.category)}/", set()).add(p.year_dir)
    charted = 0
    for url, years in groups.items():
        found = sections(read_page(page_file(built.site, url))[1])
        every = [f for elements in found.values() for f in figures(elements)]
        if len(years) < 2:
            assert every == [], url
            continue
        (table,) = tables(found["各年度"], "jx-subtotals")
        (figure,) = figures(found["各年度"])
        assert every == [figure]
        rows = subtotal_rows(table)
        assert [row.label for row in rows] == [f"{y} 年度" for y in sorted(years, reverse=True)]
        chart = read_chart(figure)
        check(chart, rows, ordered=False)
        assert [label for label, _, _ in chart.data] == [f"{y} 年度" for y in sorted(years)]
        charted += 1
    if len({p.year_dir for p in built.corpus.projects}) > 1:
        assert charted > 10


def test_every_chart_of_the_site_is_one_of_those_checked(built: Built) -> None:
    years = {p.year_dir for p in built.corpus.projects}
    multi_year_groups = {
        key
        for key, ys in _years_by_group(built.corpus).items()
        if len(ys) > 1  # departments and types over two or more years
    }
    assert count_charts(built.site) == 3 + len(years) + len(multi_year_groups)


def _years_by_group(corpus: Corpus) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = {}
    for p in corpus.projects:
        groups.setdefault(f"d:{p.department_slug}", set()).add(p.year_dir)
        groups.setdefault(f"t:{p.declaration.category}", set()).add(p.year_dir)
    return groups


def test_the_synthetic_department_chart_is_cut_at_max_bars(synthetic: Built) -> None:
    """The synthetic site has more departments than a chart draws: the data table has all."""
    page = read_page(page_file(synthetic.site, ""))[1]
    (figure,) = figures(sections(page)["按主管部门"])
    chart = read_chart(figure)
    departments = {p.declaration.department for p in synthetic.corpus.projects}
    assert len(chart.data) == len(departments) > MAX_BARS
    assert len(chart.bars) == MAX_BARS


def test_a_chart_rounds_wan_half_up() -> None:
    figure = parse_html(str(bar_chart("t", [Bar("甲", Decimal("12250.00"))])))
    assert read_chart(figure.find("figure")).data == [("甲", "1.23", "")]


def test_value_labels_follow_the_table_not_a_copy_of_the_chart() -> None:
    """The check above does fail when a chart's numbers drift from its table."""
    figure = parse_html(
        str(bar_chart("t", [Bar("甲", Decimal("30000")), Bar("乙", Decimal("10000"))]))
    ).find("figure")
    chart = read_chart(figure)
    check(
        chart, [Row("甲", Decimal("30000"), None), Row("乙", Decimal("10000"), None)], ordered=True
    )
    with pytest.raises(AssertionError):
        check(
            chart,
            [Row("甲", Decimal("30000"), None), Row("乙", Decimal("10100"), None)],
            ordered=True,
        )
    with pytest.raises(AssertionError):
        check(
            chart,
            [Row("乙", Decimal("10000"), None), Row("甲", Decimal("30000"), None)],
            ordered=True,
        )
    assert [bar.width for bar in chart.bars] == [BAR_WIDTH, BAR_WIDTH // 3]
    assert [bar.value for bar in chart.bars] == ["3.00 万元", "1.00 万元"]
