"""Tests for `jixiao import BUDGET.pdf`: forms read from page geometry, pages reported.

The PDFs are drawn by `tests.pdf_fixtures` from declarations; importing them must give those
declarations back, value for value, and every page that is not imported must be named in the
report with the reason.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.core.model import Declaration
from generator.importers.pdf import narrative_amount, read_pdf
from generator.importers.pdf_unruled import Alignment, UnclearTable, columns
from generator.importers.pdf_unruled import read as read_unruled
from generator.importers.recognise import RecognisedForm, recognise
from generator.importers.run import Importer, SourceReport
from generator.load.corpus import load_corpus
from tests.support import import_fixtures as fx
from tests.support import pdf_fixtures as pf


@pytest.fixture(scope="module")
def budget(tmp_path_factory: pytest.TempPathFactory) -> pf.PdfFixture:
    return pf.budget_pdf(tmp_path_factory.mktemp("budget"))


@pytest.fixture(scope="module")
def imported(
    budget: pf.PdfFixture, tmp_path_factory: pytest.TempPathFactory
) -> tuple[SourceReport, Path]:
    content = tmp_path_factory.mktemp("content") / "content"
    return Importer(content).import_file(budget.path), content


@pytest.fixture(scope="module")
def forms(budget: pf.PdfFixture) -> list[RecognisedForm]:
    found, outside = recognise(read_pdf(budget.path))
    assert outside == []
    return found


def expected_with_source(data: pf.Data, budget: pf.PdfFixture, page: int) -> Declaration:
    """The declaration the form was drawn from, with the 来源 block the import must write."""
    source: dict[str, Any] = {"文件": budget.path.name, "页码": str(page)}
    if data["项目名称"] in budget.narratives:
        n_page, amount, unit = budget.narratives[data["项目名称"]]
        source["经费说明"] = {"页码": str(n_page), "金额": amount, "单位": unit}
    return Declaration.model_validate({**data, "来源": source})


def run_cli(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["import", *map(str, args)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


# ------------------------------------------------------------------ the budget PDF


def test_every_value_of_every_form_comes_back(
    budget: pf.PdfFixture, imported: tuple[SourceReport, Path]
) -> None:
    report, content = imported
    got = {p.declaration.name: p.declaration for p in load_corpus(content).projects}
    assert sorted(got) == sorted(d["项目名称"] for d in budget.declarations)
    for data, (first, _) in zip(budget.declarations, budget.form_pages, strict=True):
        want = expected_with_source(data, budget, first)
        for name in Declaration.model_fields:
            assert getattr(got[want.name], name) == getattr(want, name), (want.name, name)
    assert [f.action for f in report.forms] == ["新建"] * 4
    assert [f.indicators for f in report.forms] == [
        fx.indicator_count(d) for d in budget.declarations
    ]


def test_nothing_is_left_unplaced(imported: tuple[SourceReport, Path]) -> None:
    """Running headers and page numbers are no form content; every table cell is placed."""
    report, _ = imported
    assert report.error is None and report.problems == []
    assert report.outside == []
    assert [f.unplaced for f in report.forms] == [[]] * 4
    assert [f.errors for f in report.forms] == [[]] * 4


def test_report_names_each_form_page_and_every_other_page(
    budget: pf.PdfFixture, imported: tuple[SourceReport, Path]
) -> None:
    report, _ = imported
    assert [f.page for f in report.forms] == [first for first, _ in budget.form_pages]
    assert [f.where.split(" 第 ")[0] for f in report.forms] == [
        f"第 {first} 页" for first, _ in budget.form_pages
    ]
    assert report.notes == ["PDF，共 13 页：申报表 4 页，续页 1 页，经费说明 2 页"]
    assert budget.other_pages == [1, 3, 4, 13]
    assert report.remarks == [
        f"第 {budget.after_form} 页紧接在第 {budget.form_pages[-1][1]} 页的申报表之后，"
        "但开头不是表格，不作为续页读取",
        f"第 {budget.mention_page} 页提到“项目支出绩效目标申报表”，但没有申报表的栏目"
        "（项目名称、主管部门、一级指标等），不是申报表，未导入",
        f"第 {budget.scan_page} 页只有图片，没有文字层（像是扫描页），无法读取；"
        "若它是申报表，请用可复制文字的 PDF 或 OCR 后再导入",
        "第 1、3–4、13 页不是申报表或项目经费情况说明，未读取",
    ]


def test_every_value_keeps_its_page_and_cell(
    budget: pf.PdfFixture, forms: list[RecognisedForm]
) -> None:
    bridge, greening, lighting, sidewalks = forms
    first = budget.form_pages[0][0]
    # Rows count from the top of the page: the title (1) and the year (2) come first; text
    # outside the ruled table has columns by its left edges.
    assert bridge.where == f"第 {first} 页 第 1 行第 1 列"
    assert bridge.year.where == f"第 {first} 页 第 2 行第 2 列"  # centred: its own column
    assert bridge.header["项目名称"].where == f"第 {first} 页 第 3 行第 2 列"
    assert bridge.header["项目性质"].where == f"第 {first} 页 第 4 行第 5 列"
    assert bridge.funds[("年度资金", "年度资金申请总额")].where == f"第 {first} 页 第 7 行第 5 列"
    assert bridge.funds[("项目资金", "其他资金")].where == f"第 {first} 页 第 10 行第 3 列"
    quality = bridge.indicators["产出指标"]["质量指标"][0]
    assert quality.where == f"第 {first} 页 第 16 行第 4 列"
    # The continued form: the rows after the break stand on the next page, from its row 1.
    start, end = budget.form_pages[2]
    assert (lighting.page, lighting.last_page) == (start, end)
    continued = lighting.indicators["产出指标"]["质量指标"]
    assert [i.name for i in continued] == ["路灯亮灯率", "设施完好率", "夜间巡查频次"]
    assert continued[0].where.startswith(f"第 {start} 页 ")
    assert continued[1].where == f"第 {end} 页 第 1 行第 4 列"
    assert all(
        (form.page, form.last_page) == pages
        for form, pages in zip(forms, budget.form_pages, strict=True)
    )
    assert greening.unit == "万元" and sidewalks.unit == "元"


def test_wrapped_cells_are_joined_where_plain_text_breaks_them(
    budget: pf.PdfFixture, forms: list[RecognisedForm]
) -> None:
    """The long name, the vertical labels and the side-by-side goals: broken by plain text
    extraction of the same page, whole in the import."""
    bridge, _, lighting, _ = forms
    first = budget.form_pages[0][0]
    with pdfplumber.open(budget.path) as pdf:
        plain = pdf.pages[first - 1].extract_text()
        plain_lighting = pdf.pages[budget.form_pages[2][0] - 1].extract_text()
    name = bridge.header["项目名称"].text
    assert name == "兰溪路-真南路下立交工程（含配套道路及排水设施改造）"
    assert name not in plain.replace(" ", "")  # wrapped over two lines
    assert "兰溪路-真南路下立交工程（含配套道路及 " in plain  # the cell's first line, and others
    assert bridge.header["实施单位"].text == "上海市东海区市政工程建设和养护管理中心"
    assert bridge.header["实施单位"].text not in plain.replace(" ", "")
    unit = lighting.header["实施单位"].text
    assert unit == "上海市东海区城市照明管理所（上海市东海区景观灯光管理中心）"
    assert unit not in plain_lighting.replace(" ", "")
    assert "绩效指标" not in plain.replace(" ", "")  # one vertical label, two characters a line
    goal = lighting.overall_goal.text or ""
    assert goal.startswith("保障全区城市道路照明") and goal.endswith("推进照明设施节能改造。")
    assert (lighting.annual_goal.text or "").endswith("3. 推进节能灯具更换 600 盏以上。")


def test_2026_variants(forms: list[RecognisedForm], imported: tuple[SourceReport, Path]) -> None:
    """项目性质 beside 项目类别, 年度(/项目)指标值, 项目总体目标 (2024年-2026年), the first
    first-level cell empty, quoted goals, 2026/1/1, 0, =100.00(%), ≥90.00(%), 985米, and a
    multi-year project whose total is cumulative."""
    report, content = imported
    bridge = forms[0]
    assert bridge.header["项目类别"].text == "特定目标类"
    assert bridge.header["项目性质"].text == "阶段性项目"
    assert bridge.goal_period == ("2024", "2026")
    # 产出指标 stands on the second row of its group: the first row was filed by its second
    # level, and the label did not lose the second level of the row it stands on.
    assert [i.name for i in bridge.indicators["产出指标"]["数量指标"]] == [
        "下立交建设长度",
        "配套排水管道",
    ]
    warnings = report.forms[0].warnings
    assert sum("整段包在一对引号（“…”）中，已去掉这对引号" in w for w in warnings) == 2
    assert "计划开始日期“2026/1/1”写作 2026-01-01" in warnings
    got = {p.declaration.name: p.declaration for p in load_corpus(content).projects}
    declaration = got[bridge.header["项目名称"].text or ""]
    assert str(declaration.project_funds.other) == "0"  # a stated zero, not a blank
    assert declaration.project_funds.total == 36_000_000
    assert declaration.annual_funds.total == 12_050_000
    targets = [i.target for _, _, i in declaration.indicator_rows()]
    assert {"985米", "=100.00(%)", "≥90.00(%)"} <= set(targets)
    assert declaration.overall_goal.text.startswith("建成兰溪路")  # quote marks taken off


def test_narratives_are_linked_and_checked(
    budget: pf.PdfFixture, imported: tuple[SourceReport, Path]
) -> None:
    report, content = imported
    links = {f.project: f.narrative for f in report.forms}
    assert {name: (n.page, n.amount, n.unit) for name, n in links.items() if n} == (
        budget.narratives
    )
    bridge = links[budget.declarations[0]["项目名称"]]
    assert bridge is not None
    assert bridge.excerpt == "2026年度预算1,205.00万元"  # not the cumulative 3,600.00 万元
    diagnostics = load_corpus(content).diagnostics
    assert [(d.severity.name, d.code) for d in diagnostics] == [
        ("WARNING", "funding-narrative-mismatch")
    ]
    [mismatch] = diagnostics
    assert mismatch.path.endswith("jie-xin-hua-yuan-lv-hua-yang-hu.yaml")
    assert mismatch.message == (
        "第 8 页项目经费情况说明写的年度预算 46.00 万元（460,000.00 元） ≠ 年度资金申请总额 "
        "45.80 万元（458,000.00 元）（相差 2,000.00 元）；请核对原表与说明"
    )
    greening = next(f for f in report.forms if f.project in budget.mismatched)
    assert any("funding-narrative-mismatch" in w for w in greening.warnings)
    assert all(
        not any("funding-narrative-mismatch" in w for w in f.warnings)
        for f in report.forms
        if f.project not in budget.mismatched
    )


def test_reimport_changes_nothing(budget: pf.PdfFixture, tmp_path: Path) -> None:
    content = tmp_path / "content"
    Importer(content).import_file(budget.path)
    before = {p: p.read_bytes() for p in content.rglob("*.yaml")}
    report = Importer(content).import_file(budget.path)
    assert [f.action for f in report.forms] == ["未变"] * 4
    assert {p: p.read_bytes() for p in content.rglob("*.yaml")} == before


def test_cli_prints_pages_and_narratives(budget: pf.PdfFixture, tmp_path: Path) -> None:
    report_file = tmp_path / "report.json"
    code, output = run_cli(budget.path, "--content", tmp_path / "content", "--report", report_file)
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == (
        f"{budget.path.as_posix()}（PDF，共 13 页：申报表 4 页，续页 1 页，经费说明 2 页）"
    )
    assert f"  说明：第 {budget.scan_page} 页只有图片" in output
    assert "    经费说明：第 6 页，1,205.00 万元（“2026年度预算1,205.00万元”）" in lines
    assert "汇总：4 张表（新建 4）；未放置 0 格。" in lines
    saved = json.loads(report_file.read_text(encoding="utf-8"))
    assert [f["page"] for f in saved[0]["forms"]] == [7, 9, 10, 12]
    assert saved[0]["forms"][0]["narrative"] == {
        "page": 6,
        "amount": "1,205.00",
        "unit": "万元",
        "excerpt": "2026年度预算1,205.00万元",
    }
    assert len(saved[0]["remarks"]) == 4 and saved[0]["problems"] == []


# ------------------------------------------------------------------ pages that cannot be read


def test_scanned_pdf_gets_a_clear_message(tmp_path: Path) -> None:
    path = pf.scanned_pdf(tmp_path)
    report = Importer(tmp_path / "content").import_file(path)
    assert report.forms == []
    assert report.error is not None
    assert report.error.startswith("这个 PDF 没有文字层（共 2 页，2 页只有图片）：看起来是扫描件")
    code, output = run_cli(path, "--content", tmp_path / "content")
    assert code == 1
    assert "  错误：这个 PDF 没有文字层" in output
    assert "Traceback" not in output


def test_a_form_pasted_as_a_picture_is_an_error_the_others_import(tmp_path: Path) -> None:
    path, data = pf.image_form_pdf(tmp_path)
    content = tmp_path / "content"
    code, output = run_cli(path, "--content", content)
    assert code == 1
    assert (
        "  错误：第 1 页有“项目支出绩效目标申报表”标题，但表格是图片（没有文字层），无法读取；"
        "请用可复制文字的 PDF，或 OCR 后再导入"
    ) in output
    [project] = load_corpus(content).projects
    assert project.declaration.name == data["项目名称"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"%PDF-1.4\n", "无法读取 PDF（文件损坏或不是 PDF）"),
        (b"not a pdf at all", "不是 PDF 文件（文件开头没有 %PDF 标记）"),
    ],
)
def test_a_damaged_pdf_is_refused_with_a_message(tmp_path: Path, raw: bytes, message: str) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(raw)
    report = Importer(tmp_path / "content").import_file(path)
    assert report.error is not None and report.error.startswith(message), report.error


def test_an_encrypted_pdf_is_refused_with_a_message(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "locked.pdf"
    canvas = Canvas(str(path), encrypt=StandardEncryption("secret", canPrint=0))
    canvas.drawString(100, 100, "locked")
    canvas.save()
    report = Importer(tmp_path / "content").import_file(path)
    assert report.error == "PDF 有密码保护，无法读取；请使用未加密的版本"


# ------------------------------------------------------------------ forms one at a time


def test_an_unruled_form_over_two_pages(tmp_path: Path) -> None:
    """Text alignment alone: wrapped cells, vertical labels and a continued table."""
    data = pf.lighting()
    grid = pf.table_only(fx.form_grid(data))
    path = pf.single_form_pdf(
        tmp_path, data, grid, pf.FormStyle(ruled=False, break_before="设施完好率")
    )
    report = Importer(tmp_path / "content").import_file(path)
    assert report.notes == ["PDF，共 2 页：申报表 1 页，续页 1 页"]
    assert [(f.action, f.unplaced, f.errors) for f in report.forms] == [("新建", [], [])]
    got = load_corpus(tmp_path / "content").projects[0].declaration
    assert got.model_copy(update={"source": None}) == fx.expected(data)
    assert got.source is not None and got.source.page == 1 and got.source.narrative is None


def test_a_frame_around_the_form(tmp_path: Path) -> None:
    """A page border ruled off under the title is a table of two cells around the form's
    table: the inner table keeps its cells, the title and year stay in the frame's first cell."""
    data = pf.sidewalks()
    grid = pf.table_only(fx.form_grid(data))
    path = pf.single_form_pdf(tmp_path, data, grid, frame=True)
    with pdfplumber.open(path) as pdf:
        assert sorted(len(t.cells) for t in pdf.pages[0].find_tables())[0] == 2  # the frame
    report = Importer(tmp_path / "content").import_file(path)
    assert [(f.action, f.unplaced, f.errors) for f in report.forms] == [("新建", [], [])]
    got = load_corpus(tmp_path / "content").projects[0].declaration
    assert got.model_copy(update={"source": None}) == fx.expected(data)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_a_narrow_table_wraps_every_long_cell(tmp_path: Path, ruled: bool) -> None:
    """Columns so narrow that labels, amounts and targets all wrap: still read exactly."""
    data = pf.greening()
    style = pf.FormStyle(ruled=ruled, widths=(30, 60, 62, 70, 40, 62))
    path = pf.single_form_pdf(tmp_path, data, pf.table_only(fx.form_grid(data)), style)
    with pdfplumber.open(path) as pdf:
        plain = pdf.pages[0].extract_text()
    assert "年度资金申请总额" not in plain  # the label itself wraps
    report = Importer(tmp_path / "content").import_file(path)
    assert [(f.action, f.unplaced, f.errors) for f in report.forms] == [("新建", [], [])]
    got = load_corpus(tmp_path / "content").projects[0].declaration
    assert got.model_copy(update={"source": None}) == fx.expected(data)


def test_goal_quotes_only_one_wrapping_pair(tmp_path: Path) -> None:
    """ "…" around a whole goal goes; “A”和“B” is the department's own quoting and stays."""
    data = fx.declaration(
        "引号", goal="推进“一网通办”和“一网统管”建设。", annual_goal="完成年度任务。", year=2026
    )
    data["项目性质"] = "一次性项目"
    grid = pf.grid_2026(data, quote='""', level1_below=False)
    row = next(r for r in grid.rows if r[1].startswith('"推进'))
    row[1] = data["项目总目标"]["内容"]  # written without export quotes
    path = pf.single_form_pdf(tmp_path, data, grid)
    report = Importer(tmp_path / "content").import_file(path)
    [form] = report.forms
    assert [w for w in form.warnings if "引号" in w] == [
        '第 1 页 第 12 行第 4 列：年度总目标整段包在一对引号（"…"）中，已去掉这对引号'
    ]
    got = load_corpus(tmp_path / "content").projects[0].declaration
    assert got.overall_goal.text == "推进“一网通办”和“一网统管”建设。"
    assert got.annual_goal == "完成年度任务。"


def test_indicator_header_with_its_first_level_cell_empty(tmp_path: Path) -> None:
    """The header row 绩效指标 | (empty) | 二级指标 | 三级指标 | 年度(/项目)指标值 still opens
    the indicator table."""
    data = pf.bridge()
    grid = pf.grid_2026(data)
    r, c = grid.find("一级指标")
    grid.rows[r][c] = ""
    path = pf.single_form_pdf(tmp_path, data, grid)
    report = Importer(tmp_path / "content").import_file(path)
    assert [(f.action, f.unplaced, f.indicators) for f in report.forms] == [("新建", [], 8)]
    got = load_corpus(tmp_path / "content").projects[0].declaration
    assert got.model_copy(update={"source": None}) == fx.expected(data)


# ------------------------------------------------------------------ the narrative pattern


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("甲项目，年度预算 120.50 万元。", ("120.50", "万元")),
        ("甲项目：2026年预算安排为500,000.00元", ("500,000.00", "元")),
        ("甲项目年度预算１２０．５０万元", ("120.50", "万元")),  # full-width digits
        ("甲项目，项目总预算 3,600 万元，2026 年度预算 1,205 万元", ("1,205", "万元")),
        ("甲项目，累计预算 300 万元，上年预算 100 万元。", None),
        ("乙项目，年度预算 1 万元。甲项目，年度预算 2 万元。", ("2", "万元")),  # after the name
        ("甲项目，年度预算 1,20 万元。", None),  # not an amount
        ("乙项目，年度预算 1 万元。", None),  # the name is not there
        ("甲\n项目，年度预\n算 7 万元", ("7", "万元")),  # wrapped over lines
    ],
)
def test_narrative_amount_pattern(text: str, found: tuple[str, str] | None) -> None:
    result = narrative_amount(text, "甲项目")
    assert (result[:2] if result else None) == found


# ------------------------------------------------------------------ the check


def _import_with_narrative(
    content: Path, narrative: str, unit: str, total: str, money_unit: str
) -> None:
    """A form imported from a PDF, its 来源 block then given a 经费说明 by hand."""
    data = fx.declaration(
        "核对说明",
        money_unit=money_unit,
        project=(total, total, None),
        annual=(total, total, None, None),
    )
    grid = pf.table_only(fx.form_grid(data))
    Importer(content).import_file(pf.single_form_pdf(content.parent, data, grid))
    [written] = content.glob("*/*/*.yaml")
    text = written.read_text(encoding="utf-8")
    assert text.endswith("来源:\n  文件: form.pdf\n  页码: 1\n")
    text += f"  经费说明:\n    页码: 1\n    金额: {narrative}\n    单位: {unit}\n"
    written.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("narrative", "unit", "total", "money_unit", "warned"),
    [
        ("120.50", "万元", "1,205,000.00", "元", False),  # equal after conversion
        ("120.50", "万元", "1,205,000.01", "元", True),  # one fen apart
        ("1205000", "元", "120.5", "万元", False),
        ("120.51", "万元", "120.50", "万元", True),
        ("0.00", "元", "0.00", "元", False),
    ],
)
def test_funding_narrative_mismatch_is_exact(
    tmp_path: Path, narrative: str, unit: str, total: str, money_unit: str, warned: bool
) -> None:
    content = tmp_path / "content"
    _import_with_narrative(content, narrative, unit, total, money_unit)
    codes = [d.code for d in load_corpus(content).diagnostics]
    assert codes == (["funding-narrative-mismatch"] if warned else [])


# ------------------------------------------------------------------ unruled tables: bounds


@dataclass(frozen=True)
class _Box:
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 9.0
    lines: int = 1
    text: str = "甲"


def _grid_of_boxes(rows: int, columns: int, pitch: float = 17.5) -> list[_Box]:
    """A table of one-line cells, every row `pitch` below the last: no wrapped cell."""
    return [
        _Box(40.0 + 20 * c, 52.0 + 20 * c, 50.0 + pitch * r, 59.0 + pitch * r)
        for r in range(rows)
        for c in range(columns)
    ]


def test_an_unruled_page_with_more_text_than_any_form_is_refused_before_reading() -> None:
    boxes = _grid_of_boxes(101, 30)
    with pytest.raises(UnclearTable, match="这一页有 3,030 段分开的文字，超过上限 3,000"):
        read_unruled(boxes, columns(boxes))


def test_an_unruled_page_at_the_bound_reads_in_bounded_time() -> None:
    """A dense grid of 2,875 cells, a wrapped cell and a merged label every fifth row: the
    reading looks at a bounded number of neighbours for each box."""
    boxes = _grid_of_boxes(115, 25)
    # Every fifth row a wrapped cell (centred beside its row), and a label between rows.
    for r in range(0, 115, 5):
        middle = 54.5 + 17.5 * r
        boxes.append(_Box(600.0, 640.0, middle - 10.25, middle + 10.25, lines=2, text="折行"))
        boxes.append(_Box(700.0, 740.0, middle + 8.75 - 4.5, middle + 8.75 + 4.5, text="类别"))
    start = time.process_time()
    rows, told = read_unruled(boxes, columns(boxes))
    assert time.process_time() - start < 3
    assert told is Alignment.MIDDLE
    assert sum(len(row) for row in rows) == len(boxes)  # every box kept, once


def _row_of_boxes(row: int, *texts: str, pitch: float = 17.5) -> list[_Box]:
    """One-line cells side by side in row `row` (columns 1, 2, …; column 0 left for labels)."""
    top = 50.0 + pitch * row
    return [
        _Box(100.0 + 100 * c, 160.0 + 100 * c, top, top + 9, text=t) for c, t in enumerate(texts)
    ]


def test_a_label_centred_between_rows_belongs_to_the_first_row_of_its_span() -> None:
    """产出指标 centred over four rows (between the second and the third) and 满意度指标 in
    the row of its own: each in the first row of its span, as the text export has them."""
    boxes = [
        *_row_of_boxes(0, "数量指标", "≥1,200米"),
        *_row_of_boxes(1, "质量指标", "=100%"),
        *_row_of_boxes(2, "时效指标", "按时"),
        *_row_of_boxes(3, "成本指标", "≤5万元"),
        *_row_of_boxes(4, "满意度", "≥90%"),
        _Box(40.0, 76.0, 50.0 + 17.5 * 1.5, 59.0 + 17.5 * 1.5, text="产出指标"),
        _Box(40.0, 76.0, 50.0 + 17.5 * 4, 59.0 + 17.5 * 4, text="满意度指标"),
    ]
    rows, told = read_unruled(boxes, columns(boxes))
    assert told is Alignment.MIDDLE  # a label between rows is only printed centred
    assert [[b.text for b in sorted(row, key=lambda b: b.x0)] for row in rows] == [
        ["产出指标", "数量指标", "≥1,200米"],
        ["质量指标", "=100%"],
        ["时效指标", "按时"],
        ["成本指标", "≤5万元"],
        ["满意度指标", "满意度", "≥90%"],
    ]


def test_a_line_that_may_be_a_row_or_a_merged_cells_text_is_refused() -> None:
    """Two boxes standing between two rows of one box each: two rows and a merged cell's
    text between them, or one row between two labels. Nothing tells: refused, saying so."""
    boxes = [
        *_row_of_boxes(0, "甲"),
        *_row_of_boxes(1, "乙"),
        _Box(40.0, 76.0, 50.0 + 8.75, 59.0 + 8.75, text="丙"),
        _Box(400.0, 436.0, 50.0 + 8.75, 59.0 + 8.75, text="丁"),
    ]
    with pytest.raises(UnclearTable, match="“丙”“丁”可能是单独的一行，也可能是居中在上下两行之间"):
        read_unruled(boxes, columns(boxes))


def _cell_of(tmp_path: Path, pieces: list[tuple[str, float, float]]) -> str:
    """The text pdf.py reads from one ruled cell in which `pieces` (text, size, rise) are
    printed one after the other on one line."""
    import pdfplumber
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen.canvas import Canvas

    from generator.importers import pdf
    from tests.support.pdf_fixtures import FONT

    path = tmp_path / "cell.pdf"
    canvas = Canvas(str(path), pagesize=(400, 100))
    x = 25.0
    for text, size, rise in pieces:
        canvas.setFont(FONT, size)
        canvas.drawString(x, 40 + rise, text)
        x += pdfmetrics.stringWidth(text, FONT, size)
    canvas.save()
    with pdfplumber.open(path) as document:
        chars = pdf._page_chars(document.pages[0], 1)
    return pdf._cell_text(chars, 20, 380)


def test_digits_printed_small_and_raised_or_lowered_read_as_they_look(tmp_path: Path) -> None:
    # Word prints a superscript 2 at about two thirds of the size, raised: read as a plain 2,
    # ≥1000m² was ≥1000m2, which reads as no number of square metres.
    assert _cell_of(tmp_path, [("≥1000m", 10, 0), ("2", 6.5, 3.5)]) == "≥1000m²"
    assert _cell_of(tmp_path, [("≤12吨CO", 10, 0), ("2", 6.5, -1.5), ("当量", 10, 0)]) == (
        "≤12吨CO₂当量"
    )
    # Smaller print on the same baseline, and a digit at the line's size, are what they are.
    assert _cell_of(tmp_path, [("合计", 10, 0), ("2024", 7, 0)]) == "合计2024"
    assert _cell_of(tmp_path, [("≥1000m", 10, 0), ("2", 10, 0)]) == "≥1000m2"
