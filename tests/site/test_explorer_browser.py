"""The explorer page in a real browser: filters, sort, totals and a shared link, against Python.

The site is built from synthetic content (benchmarks/synth.py, two years) together with the
shipped declarations, with two annual totals blanked and one name in Latin letters. Every
expectation is computed here from the corpus with exact decimals (generator.site.aggregate), never
read back from explorer.json: the page must show exactly the projects, count and total that a
filter over the declarations gives. Skipped like tests/site/test_browser.py when Debian's
chromium is missing (and failing on CI).
"""

from __future__ import annotations

import re
import shutil
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

from generator.site.aggregate import annual_total_yuan
from tests.conftest import CONTENT, build
from tests.support.browser_support import TIMEOUT_MS, parse_html, serve
from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path

pytestmark = pytest.mark.browser

SYNTHETIC = 240  # with the 3 shipped projects, more than one screenful (STEP) of rows
STEP = 200  # rows the explorer lists before "再显示"
WAN = Decimal(10000)
LATIN_NAME = "LED 路灯节能改造经费"
SELECTS = ("year", "department", "unit", "category")
TEXTS = ("min", "max", "q")


@dataclass(frozen=True)
class Record:
    url: str
    year: str
    name: str
    department: str
    unit: str
    category: str
    amount: Decimal | None  # 元; None: the form's cell is blank

    @property
    def text(self) -> str:
        return f"{self.name} {self.department} {self.unit}".lower()

    @property
    def cell(self) -> str:
        return "空白" if self.amount is None else f"{self.amount:,.2f}"


@dataclass(frozen=True)
class Site:
    root: Path
    records: list[Record]  # in the order of the corpus (and of explorer.json)


def select(
    records: Iterable[Record],
    *,
    year: str = "",
    department: str = "",
    unit: str = "",
    category: str = "",
    min: str = "",
    max: str = "",
    q: str = "",
) -> list[Record]:
    """The explorer's filter, written independently: bounds in 元 (or 万元 when written with
    万), inclusive; words AND."""
    low = bound(min)
    high = bound(max)
    words = q.lower().split()
    chosen = []
    for r in records:
        if (year and r.year != year) or (department and r.department != department):
            continue
        if (unit and r.unit != unit) or (category and r.category != category):
            continue
        if low is not None and (r.amount is None or r.amount < low):
            continue
        if high is not None and (r.amount is None or r.amount > high):
            continue
        if all(word in r.text for word in words):
            chosen.append(r)
    return chosen


def bound(text: str) -> Decimal | None:
    if not text:
        return None
    cleaned = text.replace(",", "").removesuffix("元")
    return Decimal(cleaned[:-1]) * WAN if cleaned.endswith("万") else Decimal(cleaned)


def by_year(records: list[Record]) -> list[Record]:
    """The explorer's default order: year ascending, the corpus order within a year."""
    return sorted(records, key=lambda r: r.year)


def total_text(records: list[Record]) -> str:
    amounts = [r.amount for r in records if r.amount is not None]
    blanks = len(records) - len(amounts)
    total = sum(amounts, Decimal(0))
    return f"{total:,.2f}" + (f"（另有 {blanks} 个项目未填）" if blanks else "")


def wan(amount: Decimal) -> str:
    """An amount in 元 as the 万元 a reader types, exactly (up to six places): 184.6万."""
    return format((amount / WAN).normalize(), "f") + "万"


def yuan(amount: Decimal) -> str:
    """An amount in 元 as typed: 1846000.5."""
    return format(amount.normalize(), "f")


# --- The site and the browser ---------------------------------------------------------------


def _blank_annual_total(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    blanked, hits = re.subn(r"(?m)^(  年度资金申请总额:).*$", r"\1", text)
    assert hits == 1, path
    path.write_text(blanked, encoding="utf-8")


def _rename(path: Path, name: str) -> None:
    text = path.read_text(encoding="utf-8")
    renamed, hits = re.subn(r"(?m)^项目名称: .*$", f"项目名称: {name}", text)
    assert hits == 1, path
    path.write_text(renamed, encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("explorer")
    content = root / "content"
    paths = synth.generate(content, SYNTHETIC, years=(2024, 2025))
    shipped = Path("2024") / "baoshan-zonggonghui"
    shutil.copytree(CONTENT / shipped, content / shipped)
    registry = content / "departments.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8")
        + "  - 代码: baoshan-zonggonghui\n    名称: 上海市宝山区总工会\n",
        encoding="utf-8",
    )
    _blank_annual_total(paths[10])  # a 2024 project
    _blank_annual_total(paths[11])  # a 2025 project
    _rename(paths[12], LATIN_NAME)
    corpus = build(content, root / "site")
    records = [
        Record(
            p.url,
            str(p.declaration.year),
            p.declaration.name,
            p.declaration.department,
            p.declaration.implementing_unit,
            p.declaration.category,
            annual_total_yuan(p),
        )
        for p in corpus.projects
    ]
    assert len(records) == SYNTHETIC + 3
    assert sum(r.amount is None for r in records) == 2
    return Site(root / "site", records)


@pytest.fixture(scope="module")
def base(site: Site) -> Iterator[str]:
    with serve(site.root) as url:
        yield url


@dataclass
class Reader:
    """A browser context that records every request and every script error of its pages."""

    context: BrowserContext
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

        def console(message: ConsoleMessage) -> None:
            if message.type == "error":
                self.errors.append(f"console: {message.text}")

        page.on("console", console)

    def new_page(self) -> Page:
        page = self.context.new_page()
        self.watch(page)
        return page

    def assert_clean(self) -> None:
        assert self.requests, "no request was seen"
        elsewhere = [
            url
            for url in self.requests
            if not (
                urlsplit(url).scheme in ("data", "blob")
                or (urlsplit(url).scheme == "http" and urlsplit(url).hostname == "127.0.0.1")
            )
        ]
        assert elsewhere == []
        assert self.errors == []


def open_reader(browser: Browser, *, javascript: bool = True) -> Reader:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", java_script_enabled=javascript
    )
    context.set_default_timeout(TIMEOUT_MS)
    reader = Reader(context)
    context.on("request", lambda request: reader.requests.append(request.url))
    return reader


@pytest.fixture
def reader(browser: Browser) -> Iterator[Reader]:
    opened = open_reader(browser)
    try:
        yield opened
    finally:
        opened.context.close()


@pytest.fixture
def page(reader: Reader) -> Page:
    return reader.new_page()


def open_explorer(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#jx-explorer.jx-explorer-ready")  # data loaded, first table drawn


def set_filters(page: Page, **values: str) -> None:
    for name, value in values.items():
        control = page.locator(f"#jx-explorer form [name={name}]")
        if name in SELECTS:
            control.select_option(value)
        else:
            assert name in TEXTS, name
            control.fill(value)


def reset(page: Page) -> None:
    set_filters(page, **dict.fromkeys(SELECTS + TEXTS, ""))


READ = """() => {
  const root = document.getElementById("jx-explorer");
  return {
    rows: Array.from(root.querySelectorAll("tbody tr"), (tr) => [
      new URL(tr.cells[1].querySelector("a").href).pathname.slice(1),
      tr.cells[5].textContent,
    ]),
    count: root.querySelector("[data-jx-count]").textContent,
    total: root.querySelector("[data-jx-total]").textContent,
  };
}"""


@dataclass(frozen=True)
class Shown:
    rows: list[tuple[str, str]]  # (project URL, amount cell)
    count: int
    count_text: str
    total: str


def shown(page: Page, *, everything: bool = True) -> Shown:
    """The explorer's table; with `everything`, after asking for the rest of the rows."""
    more = page.locator("#jx-explorer button.jx-more")
    while everything and more.is_visible():
        more.click()
    data: dict[str, Any] = page.evaluate(READ)
    number = re.match(r"(\d+) 个项目", data["count"])
    assert number, data["count"]
    return Shown(
        [(url, amount) for url, amount in data["rows"]],
        int(number.group(1)),
        data["count"],
        data["total"],
    )


def names(page: Page) -> list[str]:
    """The project names of the whole table, in order."""
    shown(page)
    found: list[str] = page.evaluate(
        "() => Array.from(document.querySelectorAll('#jx-explorer tbody tr td:nth-child(2)'),"
        " (td) => td.textContent)"
    )
    return found


def expect_rows(page: Page, expected: list[Record]) -> Shown:
    """The table, count and total are exactly those of `expected` (in order)."""
    table = shown(page)
    assert table.rows == [(r.url, r.cell) for r in expected]
    assert table.count == len(expected)
    assert table.total == total_text(expected)
    return table


def most_common(values: Iterable[str]) -> str:
    return Counter(values).most_common(1)[0][0]


# --- Tests ----------------------------------------------------------------------------------


def test_unfiltered_view_lists_every_project_and_the_exact_total(
    site: Site, base: str, reader: Reader, page: Page
) -> None:
    open_explorer(page, base + "explorer/")
    first = shown(page, everything=False)
    assert len(first.rows) == STEP
    assert first.count_text == f"{len(site.records)} 个项目（表中显示前 {STEP} 个）"
    more = page.locator("#jx-explorer button.jx-more")
    assert more.inner_text() == f"再显示 {len(site.records) - STEP} 个"
    expect_rows(page, by_year(site.records))
    assert not more.is_visible()
    assert "（另有 2 个项目未填）" in shown(page).total
    reader.assert_clean()


@pytest.mark.parametrize("name", SELECTS)
def test_each_select_alone(site: Site, base: str, reader: Reader, page: Page, name: str) -> None:
    open_explorer(page, base + "explorer/")
    values = Counter(getattr(r, name) for r in site.records)
    # The most common value, and one that only a few projects have.
    for value in (values.most_common()[0][0], values.most_common()[-1][0]):
        set_filters(page, **{name: value})
        expected = by_year(select(site.records, **{name: value}))
        assert 0 < len(expected) < len(site.records)
        expect_rows(page, expected)
    reader.assert_clean()


def test_year_filter_keeps_a_blank_amount_out_of_the_total_but_counts_it(
    site: Site, base: str, reader: Reader, page: Page
) -> None:
    open_explorer(page, base + "explorer/")
    for year in ("2024", "2025"):
        set_filters(page, year=year)
        expected = by_year(select(site.records, year=year))
        assert sum(r.amount is None for r in expected) == 1
        table = expect_rows(page, expected)
        assert table.total.endswith("（另有 1 个项目未填）")
    reader.assert_clean()


def test_amount_range_in_yuan_like_the_table_inclusive_and_to_the_fen(
    site: Site, base: str, reader: Reader, page: Page
) -> None:
    open_explorer(page, base + "explorer/")
    label = page.locator("#jx-explorer form label", has=page.locator("[name=min]"))
    assert "（元" in label.inner_text()  # the table's unit: 年度资金申请总额（元）
    assert "（元）" in page.locator("#jx-explorer th[data-sort=amount]").inner_text()
    amounts = sorted({r.amount for r in site.records if r.amount is not None})
    middle = amounts[len(amounts) // 2]
    fen = Decimal("0.01")
    cases = [
        {"min": yuan(middle)},  # inclusive: the project at the bound is in
        {"min": yuan(middle + fen)},  # one fen more: it is out
        {"max": yuan(middle)},
        {"max": yuan(middle - fen)},
        {"min": wan(middle)},  # the same bounds written in 万
        {"min": wan(middle + fen)},
        {"min": yuan(amounts[3]), "max": wan(amounts[-4])},
        {"min": "0"},  # a bound of zero is a bound: blank amounts are out
        {"max": f"{amounts[-1] + 1:,.2f}"},  # with a thousands separator
        {"max": f"{amounts[-1] / WAN + 1:,.6f}万元"},
    ]
    for bounds in cases:
        reset(page)
        set_filters(page, **bounds)
        expected = by_year(select(site.records, **bounds))
        assert all(r.amount is not None for r in expected)
        expect_rows(page, expected)
    reset(page)
    set_filters(page, min=yuan(middle))
    at_bound = {r.url for r in site.records if r.amount == middle}
    assert at_bound <= {url for url, _ in shown(page).rows}
    set_filters(page, min=yuan(middle + fen))
    assert not at_bound & {url for url, _ in shown(page).rows}
    reader.assert_clean()


def test_an_amount_that_is_not_a_number_is_marked_and_ignored(
    site: Site, base: str, reader: Reader, page: Page
) -> None:
    open_explorer(page, base + "explorer/")
    box = page.locator("#jx-explorer [name=min]")
    for typed in ("abc", "1.001", "1.0000001万"):  # not a number; finer than a fen
        set_filters(page, min=typed)
        assert box.get_attribute("aria-invalid") == "true"
        expect_rows(page, by_year(site.records))
    set_filters(page, min="12.5")
    assert box.get_attribute("aria-invalid") is None
    expect_rows(page, by_year(select(site.records, min="12.5")))
    reader.assert_clean()


def test_free_text_within_the_results(site: Site, base: str, reader: Reader, page: Page) -> None:
    open_explorer(page, base + "explorer/")
    department = most_common(r.department for r in site.records)
    for filters in (
        {"q": "led"},  # case does not matter
        {"q": "经费"},
        {"q": "经费 教育"},  # every word must occur (in the name, department or unit)
        {"q": "宝山区"},  # the shipped projects, by their department
        {"q": "职工服务中心"},  # by an implementing unit
        {"q": "没有这样的项目"},
        {"department": department, "q": "经费"},  # within a department
        {"department": department, "year": "2025", "q": "经费"},
    ):
        reset(page)
        set_filters(page, **filters)
        expected = by_year(select(site.records, **filters))
        expect_rows(page, expected)
        if filters == {"q": "led"}:
            assert [r.name for r in expected] == [LATIN_NAME]
        if filters == {"q": "宝山区"}:
            assert len(expected) == 3
    reader.assert_clean()


def test_filters_combined(site: Site, base: str, reader: Reader, page: Page) -> None:
    open_explorer(page, base + "explorer/")
    department = most_common(r.department for r in site.records)
    category = most_common(r.category for r in site.records)
    unit = most_common(r.unit for r in site.records if r.department == department)
    combinations: list[dict[str, str]] = [
        {"year": "2025", "category": category},
        {"year": "2024", "department": department},
        {"year": "2024", "department": department, "unit": unit},
        {"department": department, "min": "50万"},
        {"year": "2025", "category": category, "min": "100000", "max": "500万元"},
        {"year": "2024", "category": category, "max": "1,000,000", "q": "经费"},
    ]
    sizes = set()
    for filters in combinations:
        reset(page)
        set_filters(page, **filters)
        expected = by_year(select(site.records, **filters))
        sizes.add(len(expected))
        expect_rows(page, expected)
    assert len(sizes) > 3 and 0 not in sizes  # the combinations do select different rows
    reader.assert_clean()


def test_sort_by_amount_and_by_name(site: Site, base: str, reader: Reader, page: Page) -> None:
    open_explorer(page, base + "explorer/")
    header = page.locator("#jx-explorer th[data-sort=amount]")

    def amount_key(r: Record) -> Decimal:
        return Decimal(-1) if r.amount is None else r.amount

    # Ascending: blanks first; equal amounts keep the corpus order (in both directions).
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    expect_rows(page, sorted(site.records, key=amount_key))
    assert shown(page).rows[0][1] == "空白"
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    expect_rows(page, sorted(site.records, key=lambda r: -amount_key(r)))
    assert shown(page).rows[-1][1] == "空白"

    # Sorting applies within a filter, and the filter keeps the sort.
    set_filters(page, year="2025", q="经费")
    expect_rows(
        page, sorted(select(site.records, year="2025", q="经费"), key=lambda r: -amount_key(r))
    )

    # By name: in Chinese collation order, every project exactly once.
    reset(page)
    name_header = page.locator("#jx-explorer th[data-sort=name]")
    name_header.click()
    assert name_header.get_attribute("aria-sort") == "ascending"
    assert header.get_attribute("aria-sort") == "none"
    table = shown(page)
    assert sorted(url for url, _ in table.rows) == sorted(r.url for r in site.records)
    ascending = names(page)
    collated = page.evaluate(
        "(names) => names.slice().sort(new Intl.Collator('zh-Hans-CN').compare)", ascending
    )
    assert ascending == collated
    assert ascending != [r.name for r in by_year(site.records)]  # not merely the default order
    name_header.click()
    assert name_header.get_attribute("aria-sort") == "descending"
    descending = names(page)
    assert sorted(descending) == sorted(ascending)
    assert descending != ascending
    assert descending == page.evaluate(
        "(names) => names.slice().sort(new Intl.Collator('zh-Hans-CN').compare).reverse()",
        ascending,
    )
    reader.assert_clean()


def test_a_shared_link_restores_the_filters_the_sort_and_the_rows(
    site: Site, base: str, browser: Browser, reader: Reader, page: Page
) -> None:
    open_explorer(page, base + "explorer/")
    department = most_common(r.department for r in site.records)
    filters = {"year": "2024", "department": department, "min": "1万", "max": "9999万", "q": "经费"}
    set_filters(page, **filters)
    page.locator("#jx-explorer th[data-sort=amount]").click()
    page.locator("#jx-explorer th[data-sort=amount]").click()  # descending
    before = shown(page)
    assert 0 < before.count < len(site.records)
    link = page.url
    assert urlsplit(link).query and "sort=amount" in link and "order=desc" in link

    # Another reader, in a browser context of their own, opens the link.
    other = open_reader(browser)
    try:
        opened = other.new_page()
        open_explorer(opened, link)
        for name, value in filters.items():
            assert opened.locator(f"#jx-explorer form [name={name}]").input_value() == value
        amount_header = opened.locator("#jx-explorer th[data-sort=amount]")
        assert amount_header.get_attribute("aria-sort") == "descending"
        after = shown(opened)
        assert after == before
        assert after.rows == [
            (r.url, r.cell)
            for r in sorted(
                select(site.records, **filters),
                key=lambda r: -(Decimal(-1) if r.amount is None else r.amount),
            )
        ]
        other.assert_clean()
    finally:
        other.context.close()
    reader.assert_clean()


def test_without_javascript_the_page_sends_readers_to_the_paginated_tables(
    site: Site, base: str, browser: Browser
) -> None:
    reader = open_reader(browser, javascript=False)
    try:
        page = reader.new_page()
        page.goto(base + "explorer/")
        document = parse_html(page.content())
        root = next(e for e in document.iter() if e.attrs.get("id") == "jx-explorer")
        assert "jx-explorer-ready" not in root.classes
        assert root.find("tbody").find_all("tr") == []  # no 3 MB static table at 10,000
        link = page.locator("#jx-explorer a:visible", has_text="全部项目")
        assert link.count() == 1
        link.click()
        page.wait_for_url(base + "projects/")
        page.go_back()
        for hidden in ("form", "table", ".jx-explorer-export", ".jx-explorer-failed-note"):
            assert not page.locator(f"#jx-explorer {hidden}").is_visible(), hidden
        assert page.locator("#jx-explorer [data-jx-count]").inner_text() == (
            f"{len(site.records)} 个项目"
        )
        total = sum((r.amount for r in site.records if r.amount is not None), Decimal(0))
        assert page.locator("#jx-explorer [data-jx-total]").inner_text().startswith(f"{total:,.2f}")
        reader.assert_clean()
    finally:
        reader.context.close()


def download(page: Page, kind: str) -> bytes:
    with page.expect_download() as event:
        page.locator(f"#jx-explorer [data-jx-export={kind}]").click()
    path = event.value.path()
    assert event.value.suggested_filename == f"项目筛选结果.{kind}"
    return Path(path).read_bytes()


def test_the_filtered_rows_download_as_csv_and_xlsx(
    site: Site, base: str, reader: Reader, page: Page
) -> None:
    import csv
    import io

    import openpyxl

    open_explorer(page, base + "explorer/")
    department = most_common(r.department for r in site.records)
    set_filters(page, department=department, q="经费")
    expected = by_year(select(site.records, department=department, q="经费"))
    assert 0 < len(expected) < len(site.records)

    raw = download(page, "csv")
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header = ["年度", "项目名称", "主管部门", "实施单位", "项目类别", "年度资金申请总额（元）"]
    assert rows[0][:6] == header
    assert [urlsplit(row[8]).path[1:] for row in rows[1:]] == [r.url for r in expected]
    assert [row[5] for row in rows[1:]] == [
        "" if r.amount is None else f"{r.amount:.2f}" for r in expected
    ]
    assert [row[1] for row in rows[1:]] == [r.name for r in expected]

    book = openpyxl.load_workbook(io.BytesIO(download(page, "xlsx")))
    sheet = book.worksheets[0]
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0] == rows[0]
    assert [row[1] for row in cells[1:]] == [r.name for r in expected]
    assert [row[0] for row in cells[1:]] == [int(r.year) for r in expected]
    for row, record in zip(cells[1:], expected, strict=True):
        if record.amount is None:
            assert row[5] is None
        else:  # a number, exact to the fen as shown
            assert isinstance(row[5], (int, float)) and f"{row[5]:.2f}" == f"{record.amount:.2f}"
    assert sheet.cell(row=2, column=6).number_format == "#,##0.00"
    reader.assert_clean()


def test_a_formula_in_a_name_stays_text_in_the_downloads(
    site: Site, base: str, reader: Reader, page: Page
) -> None:
    import csv
    import io
    import json

    import openpyxl
    from playwright.sync_api import Route

    hostile = ['=HYPERLINK("http://x","y")', "\t=1+1", "  +1", "-2", "@SUM(A1)", "安全"]
    original = json.loads((site.root / "data" / "explorer.json").read_text(encoding="utf-8"))

    renamed = {row[0]: name for row, name in zip(original["rows"], hostile, strict=False)}

    def serve_hostile(route: Route) -> None:
        data = dict(original)
        data["rows"] = [
            [row[0], row[1], renamed.get(row[0], row[2]), *row[3:]] for row in original["rows"]
        ]
        route.fulfill(body=json.dumps(data, ensure_ascii=False), content_type="application/json")

    page.route("**/data/explorer.json", serve_hostile)
    open_explorer(page, base + "explorer/")
    rows = list(csv.reader(io.StringIO(download(page, "csv").decode("utf-8-sig"))))
    by_url = {urlsplit(row[8]).path[1:]: row[1] for row in rows[1:]}
    assert len(by_url) == len(site.records)
    for url, name in renamed.items():
        assert by_url[url] == (name if name == "安全" else "'" + name)
    sheet = openpyxl.load_workbook(io.BytesIO(download(page, "xlsx"))).worksheets[0]
    cells = {urlsplit(str(row[8].value)).path[1:]: row[1] for row in sheet.iter_rows(min_row=2)}
    for url, name in renamed.items():
        # Inline strings: never a formula, so no apostrophe is needed (or added).
        assert cells[url].value == name and cells[url].data_type == "s"
    reader.assert_clean()
