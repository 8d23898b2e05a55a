"""Published PDFs of every layout read as their text twins are.

The PDFs are drawn by `tests.support.published_pdfs` as report generators draw them (wrapped
cells, merged cells, running headers, page numbers, forms flowing over pages). Each has a text
twin: the same grids as a tab-separated export. Importing the PDF must write the same files with
the same values as importing the twin, so that whatever the recognisers do with a layout, the
PDF reader adds nothing, loses nothing and places nothing differently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.importers.run import Importer, SourceReport
from tests.support import published_pdfs as pp

Imported = tuple[SourceReport, Path]


def _import(path: Path, content: Path) -> Imported:
    return Importer(content).import_file(path), content


def _import_both(
    factory: pytest.TempPathFactory, name: str, build: Callable[[Path], pp.Published]
) -> tuple[Imported, Imported]:
    """The PDF a builder makes and its text twin, each imported into a content folder of its own."""
    directory = factory.mktemp(name)
    published = build(directory)
    return (
        _import(published.pdf, directory / "from_pdf"),
        _import(published.twin, directory / "from_text"),
    )


def _written(content: Path) -> dict[str, Any]:
    """Each file written under `content`, its data without the 来源 block (PDF only)."""
    found = {}
    for path in sorted(content.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            data.pop("来源", None)
        found[path.relative_to(content).as_posix()] = data
    return found


@pytest.fixture(scope="module")
def budget(tmp_path_factory: pytest.TempPathFactory) -> tuple[Imported, Imported]:
    return _import_both(tmp_path_factory, "budget", pp.department_budget)


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> tuple[Imported, Imported]:
    return _import_both(tmp_path_factory, "table", pp.department_table)


@pytest.fixture(scope="module")
def accounts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Imported, Imported]:
    return _import_both(tmp_path_factory, "accounts", pp.final_accounts)


def _forms(report: SourceReport) -> dict[str, Any]:
    return {form.project: form for form in report.forms if form.project}


# ------------------------------------------------------------------ every layout


@pytest.mark.parametrize("which", ["budget", "table", "accounts"])
def test_every_form_reads_as_its_text_twin(which: str, request: pytest.FixtureRequest) -> None:
    (pdf_report, pdf_content), (text_report, text_content) = request.getfixturevalue(which)
    assert pdf_report.error is None
    assert _written(pdf_content) == _written(text_content)
    pdf_forms, text_forms = _forms(pdf_report), _forms(text_report)
    assert sorted(pdf_forms) == sorted(text_forms)
    for name, form in pdf_forms.items():
        twin = text_forms[name]
        assert (form.action, form.indicators) == (twin.action, twin.indicators), name
        assert [c.text for c in form.unplaced] == [c.text for c in twin.unplaced], name
        assert form.errors == twin.errors, name


def _check(content: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    return result.exit_code, result.output


@pytest.mark.parametrize("which", ["budget", "table"])
def test_declarations_pass_check(which: str, request: pytest.FixtureRequest) -> None:
    (_, content), _ = request.getfixturevalue(which)
    code, output = _check(content)
    assert code == 0, output
    assert "错误" not in output.replace("没有错误", "")


# ------------------------------------------------------------------ tables across pages


def test_a_table_continued_under_xu_biao_is_read_whole(budget: tuple[Imported, Imported]) -> None:
    """The Shanghai form's indicators go on at page 6 under 续表, the header row repeated: a
    page that started with 续表 used to be left out as "not a table" and the last 12
    indicators were lost while the import said every cell was placed."""
    (report, _content), _ = budget
    bridge = _forms(report)[pp.BRIDGE]
    assert bridge.indicators == 26
    assert bridge.unplaced == []
    data = yaml.safe_load(Path(bridge.file).read_text(encoding="utf-8"))
    assert data["来源"]["页码"] == 5
    costs = data["绩效指标"]["产出指标"]["成本指标"]
    assert costs == [{"三级指标": "年度工程投资控制", "年度指标值": "≤12,050,000.00(元)"}]
    assert "第 6 页开头的“续表”是续页标记，不作为表格内容读取" in report.remarks
    assert (
        "第 6 页开头重复了前页的表头“绩效指标 一级指标 二级指标 三级指标 年度指标值”，不再重复读取"
        in report.remarks
    )


@pytest.mark.parametrize(
    ("mark", "reported"),
    [
        ("（续）", ["第 2 页开头的“（续）”是续页标记，不作为表格内容读取"]),
        ("单位：元", []),
        ("续表1 金额单位：元", ["第 2 页开头的“续表1”是续页标记，不作为表格内容读取"]),
    ],
)
def test_a_unit_repeated_over_a_continued_table(
    tmp_path: Path, mark: str, reported: list[str]
) -> None:
    """A unit printed again over the continued table (单位：元, alone or after 续表1) made the
    page 'not start with a table': the rest of the form was left out. The unit now confirms
    the form's own (元); the mark is reported."""
    report, _ = _import(pp.continued_under(tmp_path, mark), tmp_path / "content")
    (form,) = report.forms
    assert form.indicators == 26
    assert form.unplaced == [] and form.errors == []
    assert report.remarks == reported
    assert report.notes == ["PDF，共 2 页：申报表 1 页，续页 1 页"]


def test_a_header_repeated_under_a_unit_over_a_continued_table(tmp_path: Path) -> None:
    """单位：元 over a continued table whose header row is printed again: the unit is read as
    the form's and the repeated header is left out as in a table without the unit. The header
    stayed, as its first row was taken for the unit's line, and its cells were unplaced."""
    form = pp.shanghai()
    story = form.flowables([24], header_row=pp.SHANGHAI_HEADER_ROW, continued="单位：元")
    pdf = pp.build(tmp_path / "续页.pdf", story, header=None)
    report, _ = _import(pdf, tmp_path / "content")
    (imported,) = report.forms
    assert imported.indicators == 26
    assert imported.unplaced == [] and imported.errors == []
    assert report.remarks == [
        "第 2 页开头重复了前页的表头“绩效指标 一级指标 二级指标 三级指标 年度指标值”，不再重复读取"
    ]


def test_a_different_unit_over_a_continued_table_is_an_error(tmp_path: Path) -> None:
    """单位：万元 over the rest of a form whose 项目资金 says 元: the amounts cannot be read."""
    report, _ = _import(pp.continued_under(tmp_path, "单位：万元"), tmp_path / "content")
    (form,) = report.forms
    assert form.action.value == "拒绝"
    (error,) = form.errors
    assert "“单位：万元”写的金额单位是万元" in error and "无法确定金额单位" in error


def test_a_header_row_repeated_on_the_next_page_is_no_project(
    table: tuple[Imported, Imported],
) -> None:
    """The department table's header row printed again at the top of page 2 was read as a
    project named 项目名称 under 单位名称, with 一级指标 … as its indicator."""
    (report, _content), _ = table
    assert sorted(_forms(report)) == ["场镇环境卫生整治", "村级组织运转经费"]
    assert [f.page for f in report.forms] == [1, 2]
    assert report.remarks[0].startswith("第 2 页开头重复了前页的表头“单位名称 项目名称 预算数")


def test_pages_of_other_budget_tables_are_named(budget: tuple[Imported, Imported]) -> None:
    (report, _), _ = budget
    assert "第 1–3 页不是申报表或项目经费情况说明，未读取" in report.remarks
    assert report.notes == ["PDF，共 8 页：申报表 3 页，续页 2 页"]


# ------------------------------------------------------------------ published as published


def test_sums_that_do_not_add_up_are_imported_as_published(
    budget: tuple[Imported, Imported],
) -> None:
    (report, _), _ = budget
    form = _forms(report)["街心花园绿化养护"]
    text = Path(form.file).read_text(encoding="utf-8")
    # Every amount as printed, the blank 其他资金 left blank beside the stated 0.00.
    assert (
        "项目资金:\n  项目资金总额: 458,000.00\n  财政资金: 450,000.00\n  其他资金: 0.00\n"
        "年度资金:\n  年度资金申请总额: 458,000.00\n  当年财政拨款: 400,000.00\n"
        "  上年结转资金: 50,000.00\n  其他资金:\n"
    ) in text
    data = yaml.safe_load(text)
    assert [p["代码"] for p in data["原表问题"]] == ["funding-sum", "funding-sum"]
    assert any("原表本身有问题" in w for w in form.warnings)


# ------------------------------------------------------------------ wrapped cells


@pytest.fixture(scope="module")
def narrow(tmp_path_factory: pytest.TempPathFactory) -> tuple[Imported, Imported]:
    return _import_both(tmp_path_factory, "narrow", pp.narrow_columns)


def test_a_cell_broken_inside_a_number_or_before_its_unit_joins_back(
    narrow: tuple[Imported, Imported],
) -> None:
    """A 40-point column breaks `≥98.00%` as `≥98.00` / `%`: the rule for text (a space
    between a number and what follows) read it `≥98.00 %`; the line was full, so the break is
    inside the value and joins with nothing."""
    (pdf_report, pdf_content), (_, text_content) = narrow
    assert _written(pdf_content) == _written(text_content)
    (form,) = pdf_report.forms
    data = yaml.safe_load(Path(form.file).read_text(encoding="utf-8"))
    quality = data["绩效指标"]["产出指标"]["质量指标"]
    assert [i["年度指标值"] for i in quality] == ["≥98.00%", "≤2,350.00(元/盏)"]
    assert data["计划完成日期"] == dt.date(2024, 12, 31)
    assert "  上年结转资金: 234,567.89\n" in Path(form.file).read_text(encoding="utf-8")


# ------------------------------------------------------------------ forms starting at a page's foot


@pytest.fixture(scope="module")
def at_foot(tmp_path_factory: pytest.TempPathFactory) -> tuple[Imported, Imported]:
    return _import_both(tmp_path_factory, "foot", pp.forms_at_page_foot)


def test_a_form_whose_title_is_left_at_the_foot_of_a_page_is_read(
    at_foot: tuple[Imported, Imported],
) -> None:
    """Neither the page with the title (and maybe a row or two) nor the page with the rest of
    the table held enough of the form's labels: the whole file was refused as holding no form."""
    (report, content), (_, text_content) = at_foot
    assert report.error is None
    assert _written(content) == _written(text_content)
    assert [(f.project, f.page, f.action.value) for f in report.forms] == [
        ("大型科研仪器设备运行维护", 1, "新建"),
        ("一期场馆运营经费项目", 3, "新建"),
    ]
    # The prose above each title is reported, not dropped.
    unplaced = [c.text for c in report.outside]
    unplaced += [c.text for f in report.forms for c in f.unplaced]
    assert unplaced == ["编制说明", "编制说明"]


# ------------------------------------------------------------------ tables ruled only across


@pytest.fixture(scope="module")
def across(tmp_path_factory: pytest.TempPathFactory) -> tuple[Imported, Imported]:
    return _import_both(tmp_path_factory, "across", pp.ruled_across)


def test_a_table_ruled_only_across_reads_row_by_row(across: tuple[Imported, Imported]) -> None:
    """Without vertical lines pdfplumber finds no table and the cells are read by alignment.
    A cell centred beside a wrapped one starts lower than it, and was read as a row of its
    own: both forms were refused (no 主管部门, no 项目名称). The rules now bound the rows; an
    unruled wrapped line (不低于85 / %。) joins as a ruled one does."""
    (report, content), (_, text_content) = across
    assert [(f.action.value, f.unplaced) for f in report.forms] == [("新建", [])] * 2
    assert _written(content) == _written(text_content)


# ------------------------------------------------------------------ owned by the recognisers
# Problems the PDFs showed that lie in the recognisers (recognise.py, evaluation_recognise.py),
# not in the PDF reader: each is shown with the text export of the same rows, which the PDF
# reader hands over unchanged.


def _import_text(tmp_path: Path, text: str) -> SourceReport:
    path = tmp_path / "form.txt"
    path.write_text(text, encoding="utf-8")
    return Importer(tmp_path / "content").import_file(path)


def test_an_appendix_heading_above_the_title_is_no_form(tmp_path: Path) -> None:
    report = _import_text(tmp_path, "附件：2024年项目支出绩效目标申报表\n" + pp.central().text())
    assert [f.action.value for f in report.forms] == ["新建"]


def test_a_sentence_naming_the_form_is_no_title(tmp_path: Path) -> None:
    prose = (
        "本部门共有 4 个项目编制了财政项目支出绩效目标申报表，详见各项目经费情况说明之后的表格。\n"
    )
    report = _import_text(tmp_path, prose + pp.shanghai().text())
    assert [f.action.value for f in report.forms] == ["新建"]


def test_a_signature_line_under_the_form_is_no_indicator(tmp_path: Path) -> None:
    footer = "填报人：张三    联系电话：021-12345678    填报日期：2025年1月10日\n"
    report = _import_text(tmp_path, pp.budget_system().text() + footer)
    (form,) = report.forms
    data = yaml.safe_load(Path(str(form.file)).read_text(encoding="utf-8"))
    assert list(data["绩效指标"]) == ["产出指标", "成本指标", "效益指标", "满意度指标"]
    unplaced = [c.text for c in [*form.unplaced, *report.outside]]
    assert unplaced == [footer.strip().replace("    ", " ")]


def test_the_total_row_of_an_evaluation_gives_its_score(tmp_path: Path) -> None:
    form = pp.evaluation_national()
    form.rows.append(["总分", "", "", "", "", "", "100", "98.9", ""])
    report = _import_text(tmp_path, form.text())
    (evaluation,) = report.forms
    assert evaluation.unplaced == []
    data = yaml.safe_load(Path(str(evaluation.file)).read_text(encoding="utf-8"))
    assert str(data["自评得分"]) == "98.9"


def test_a_dash_in_an_unscored_funding_row_passes_check(tmp_path: Path) -> None:
    form = pp.evaluation_national()
    form.rows[4] = ["", "其中：当年财政拨款", "75.00", "80.00", "76.00", "—", "95.00%", "—"]
    report = _import_text(tmp_path, form.text())
    assert report.forms[0].action.value == "新建"
    code, output = _check(tmp_path / "content")
    assert code == 0, output


def test_the_note_counts_evaluation_pages_as_such(accounts: tuple[Imported, Imported]) -> None:
    """The 部门决算's three 自评表 pages were counted as 申报表 pages in the file's note."""
    (report, _), _ = accounts
    assert report.notes == ["PDF，共 4 页：自评表 3 页"]
    # The page not read is named as no form of either kind: the file holds 自评表.
    assert report.remarks == ["第 1 页不是申报表、自评表或项目经费情况说明，未读取"]


def test_a_running_header_on_a_one_page_pdf_is_named(tmp_path: Path) -> None:
    """A running header recurs on no other page of a one-page PDF: it was text outside the
    forms. Known by its words (某委员会2024年部门预算), it is named as the page's header."""
    path = pp.build(tmp_path / "one.pdf", pp.central().flowables())
    report, _ = _import(path, tmp_path / "content")
    assert [f.action.value for f in report.forms] == ["新建"]
    assert report.outside == [] and report.forms[0].unplaced == []
    assert report.remarks == [f"第 1 页边上的“{pp.HEADER}”是页眉，不作为表格内容读取"]


@pytest.fixture(scope="module")
def across_merged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Imported, Imported]:
    return _import_both(tmp_path_factory, "across_merged", pp.ruled_across_merged)


def test_a_merged_cell_in_a_table_ruled_across_belongs_to_its_whole_span(
    across_merged: tuple[Imported, Imported],
) -> None:
    """产出指标 merged over four indicator rows stands centred in them, on the third: it was
    read on that row, and the two indicators above it had no first-level category (the form
    was refused, or they went under the category before). No rule crosses a merged cell, so
    the rules give its span, and it belongs to the span's first row, as in the text export."""
    (report, content), (_, text_content) = across_merged
    assert [(f.action.value, f.unplaced, f.errors) for f in report.forms] == [("新建", [], [])] * 2
    assert _written(content) == _written(text_content)
    (data,) = [d for d in _written(content).values() if d.get("项目名称") == "真南路雨水管道改造"]
    assert [i["三级指标"] for i in data["绩效指标"]["产出指标"]["数量指标"]] == [
        "改造雨水管道长度",
        "新建检查井数量",
    ]


# ------------------------------------------------------------------ tables printed without rules


@pytest.mark.parametrize(
    ("rules", "valign", "centred"),
    [
        ("none", "MIDDLE", False),
        ("box", "MIDDLE", False),
        ("none", "TOP", False),
        ("none", "MIDDLE", True),
        ("columns", "MIDDLE", False),
    ],
    ids=["no-rules", "outer-box", "top-aligned", "centred-across", "column-rules"],
)
def test_a_table_printed_without_rules_reads_as_its_text_twin(
    tmp_path: Path, rules: str, valign: str, centred: bool
) -> None:
    """A Word table printed with its borders off, or a budget system's table in a box: only
    the text's positions are left. Its text centred in the cells, a row's cells started at
    different heights beside a wrapped one, and a merged label stood in the middle of its
    rows: both forms were refused (no 主管部门, indicators under the wrong category). Rows are
    now the cells whose middles agree, and a merged cell's text belongs to the first row of
    the span it is centred in; top-aligned text still reads by its tops. Columns are the
    boxes that overlap side to side, so text centred across its cell keeps its column (by
    left edges, 指标性质 and its values ≥ were two columns apart). Rules between the columns
    inside a box, none between rows, made one row of whole columns (the first form was not
    even found): such a table is read as if it had no rules."""
    published = pp.unruled(tmp_path, rules, ((0, valign),), centred=centred)
    report, content = _import(published.pdf, tmp_path / "from_pdf")
    _, text_content = _import(published.twin, tmp_path / "from_text")
    assert report.problems == [] and report.outside == []
    assert [(f.action.value, f.unplaced, f.errors) for f in report.forms] == [("新建", [], [])] * 2
    assert _written(content) == _written(text_content)
    names = [d.get("项目名称") for d in _written(content).values()]
    assert pp.UNRULED_NAME in names  # wrapped over two lines, joined


@pytest.fixture(scope="module")
def unruled_departments(
    tmp_path_factory: pytest.TempPathFactory,
) -> list[tuple[Imported, Imported]]:
    directory = tmp_path_factory.mktemp("unruled_departments")
    return [
        (_import(p.pdf, directory / f"pdf{i}"), _import(p.twin, directory / f"text{i}"))
        for i, p in enumerate(pp.unruled_departments(directory))
    ]


def test_every_layout_printed_without_rules_reads_as_its_text_twin(
    unruled_departments: list[tuple[Imported, Imported]],
) -> None:
    """The department budget and the department table without a rule: forms that go on over
    the next page (cut by the page end, under 续表, the header row printed again), two forms
    on one page, landscape. A continuation page numbered its columns from its own text, so
    the budget-system form's split columns (指标性质 | 指标值 | 度量单位) lost their headers
    and the repeated header row was not known as one; it now keeps the page before's columns."""
    for (report, content), (text_report, text_content) in unruled_departments:
        assert report.problems == []
        assert [(f.action.value, f.unplaced, f.errors) for f in report.forms] == [
            (f.action.value, [], []) for f in text_report.forms
        ]
        assert _written(content) == _written(text_content)
    (budget, _), _ = unruled_departments[0]
    assert (
        "第 6 页开头重复了前页的表头“绩效指标 一级指标 二级指标 三级指标 年度指标值”，不再重复读取"
        in budget.remarks
    )


def test_unruled_text_that_does_not_say_how_it_stands_is_refused(tmp_path: Path) -> None:
    """No wrapped cell shows whether the text stands at the top of its cells or in their
    middle, and the two readings differ: a label with blank cells below it heads them, or
    stands centred in rows above it too. The page is refused, saying why and what to do."""
    published = pp.short_unruled(tmp_path, ((0, "TOP"),))
    report, content = _import(published.pdf, tmp_path / "content")
    assert report.forms == []
    assert report.notes == ["PDF，共 1 页：未能读取的表 1 页"]
    (problem,) = report.problems
    assert problem.startswith("第 1 页的表格没有分隔单元格的线，无法可靠地分出行和合并单元格：")
    assert "顶端对齐还是垂直居中" in problem and "请向发布单位索取带表格线的 PDF" in problem
    assert report.error is None  # not also "no title found: not a form", which is wrong here
    assert not list(content.rglob("*.yaml"))
    # Centred, the same form tells: its merged labels stand between rows.
    (tmp_path / "centred").mkdir()
    centred = pp.short_unruled(tmp_path / "centred", ((0, "MIDDLE"),))
    report, _ = _import(centred.pdf, tmp_path / "centred" / "content")
    assert [(f.action.value, f.unplaced) for f in report.forms] == [("新建", [])]


def test_unruled_text_standing_two_ways_is_refused(tmp_path: Path) -> None:
    """The header rows' text at the top of its cells, the indicators' in their middle: which
    rows a merged cell spans cannot be told. Both forms are refused, each on its page."""
    published = pp.unruled(tmp_path, "none", ((0, "TOP"), (pp.SHANGHAI_HEADER_ROW, "MIDDLE")))
    report, _ = _import(published.pdf, tmp_path / "content")
    assert report.forms == []
    assert [p[:5] for p in report.problems] == ["第 1 页", "第 2 页"]
    assert all("有的顶端对齐、有的垂直居中" in p for p in report.problems)


def test_a_table_ruled_inside_without_its_outer_box_reads_as_its_text_twin(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Without the outer box pdfplumber finds only the inner cells: the first and last row and
    column were read as text outside the table, apart from the rest of their rows, and the
    forms were refused (项目名称 and 主管部门 not placed). The box is completed where the
    inner rules end."""
    (report, content), (_, text_content) = _import_both(
        tmp_path_factory, "no_box", pp.without_outer_box
    )
    assert report.problems == []
    assert [(f.action.value, f.unplaced, f.errors) for f in report.forms] == [("新建", [], [])] * 3
    assert _written(content) == _written(text_content)


def test_vertical_labels_read_as_written(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A merged cell's label printed up its side: turned a quarter left it stands one
    character a line from the bottom up, and was read top down (标指出产: no category, its
    indicators not placed); stacked one upright character a line (Word's vertical text) it
    joins as a wrapped cell does, in a ruled, ruled-across or unruled table."""
    (report, content), (_, text_content) = _import_both(
        tmp_path_factory, "vertical", pp.vertical_labels
    )
    assert report.problems == []
    assert [(f.action.value, f.unplaced, f.errors) for f in report.forms] == [("新建", [], [])] * 4
    assert _written(content) == _written(text_content)


def test_an_unruled_continuation_that_cannot_be_read_leaves_the_whole_form_out(
    tmp_path: Path,
) -> None:
    """A form's first page reads, the page it goes on over does not (its text stands at the
    top of some cells and in the middle of others): the form is not imported in part. The
    same form centred throughout reads over both pages."""
    mixed = ((0, "MIDDLE"), (11, "TOP"), (15, "MIDDLE"))
    report, content = _import(pp.unruled_continued(tmp_path, mixed).pdf, tmp_path / "content")
    assert report.forms == []
    assert report.notes == ["PDF，共 2 页：未能读取的表 2 页"]
    (problem,) = report.problems
    assert problem.startswith("第 2 页（第 1 页申报表的续页）的表格没有分隔单元格的线")
    assert not list(content.rglob("*.yaml"))
    (tmp_path / "centred").mkdir()
    centred = pp.unruled_continued(tmp_path / "centred", ((0, "MIDDLE"),))
    report, _ = _import(centred.pdf, tmp_path / "centred" / "content")
    _, text_content = _import(centred.twin, tmp_path / "centred" / "text")
    assert report.notes == ["PDF，共 2 页：申报表 1 页，续页 1 页"]
    assert [(f.action.value, f.unplaced, f.errors) for f in report.forms] == [("新建", [], [])]
    assert _written(tmp_path / "centred" / "content") == _written(text_content)
