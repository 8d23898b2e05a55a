"""Issue 14 §3: the layouts in use across China import, check, build and show as published.

Each layout fixture (`layout_fixtures`, built from DOMAIN.md's descriptions) is written by
every reader's format (text export, .xlsx, .docx, ruled PDF) and must import into exactly the
declaration it was made from, with no cell lost, check without a problem, and show on its
page the way its layout prints it.
"""

from __future__ import annotations

import copy
import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.core.model import Declaration, Indicator
from generator.core.targets import read_target
from generator.importers.recognise import is_title
from generator.importers.run import FormAction, Importer, SourceReport
from generator.load.corpus import load_corpus
from generator.load.validation import validate_document
from generator.load.yaml_source import YamlValue, load_yaml_bytes
from generator.review.semantic_diff import compare
from generator.review.yaml_format import KEY_ORDER, format_text
from generator.site.export import indicators_csv, project_record, projects_csv
from generator.site.form_view import form_view
from tests.conftest import build
from tests.site.test_site_build import labelled_cells
from tests.support import import_fixtures as fx
from tests.support import layout_fixtures as lf
from tests.support.browser_support import article, read_page

READERS = ("txt", "xlsx", "docx", "pdf")


LAYOUTS = ("hubei", "budget_system", "central")
Files = tuple[lf.LayoutForm, dict[str, Path]]


@pytest.fixture(scope="module")
def layout_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Files]:
    """Each layout fixture written once in every reader's format."""
    built = {}
    for name in LAYOUTS:
        form = getattr(lf, name)()
        built[name] = (form, lf.write_all(tmp_path_factory.mktemp(name), form, name))
    return built


@pytest.fixture(scope="module")
def hubei_files(layout_files: dict[str, Files]) -> Files:
    return layout_files["hubei"]


def _scalars(value: YamlValue) -> Iterator[str]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from _scalars(child)
    elif isinstance(value, list):
        for child in value:
            yield from _scalars(child)
    elif isinstance(value, str):
        yield value


def _import(path: Path, content: Path) -> tuple[SourceReport, Declaration, YamlValue]:
    report = Importer(content).import_file(path)
    assert report.error is None
    (form,) = report.forms
    assert form.errors == [] and form.file is not None, form.errors
    corpus = load_corpus(content)
    assert [d.format() for d in corpus.diagnostics] == []
    (project,) = corpus.projects
    document, _ = load_yaml_bytes(Path(form.file).read_bytes(), form.file)
    assert document is not None
    return report, project.declaration, document.data


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("reader", READERS)
def test_layout_imports_exactly_from_every_reader(
    layout_files: dict[str, Files], layout: str, reader: str, tmp_path: Path
) -> None:
    form, paths = layout_files[layout]
    _, got, _ = _import(paths[reader], tmp_path / "content")
    if reader == "pdf":
        assert got.source is not None and got.source.page == 1
        got = got.model_copy(update={"source": None})
    assert got == fx.expected(form.data)


@pytest.fixture(scope="module")
def two_row_files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    form = lf.two_row_header(lf.hubei())
    return form, lf.write_all(tmp_path_factory.mktemp("two_rows"), form, "two_rows")


@pytest.mark.parametrize("reader", READERS)
def test_two_sets_with_their_header_over_two_rows(
    two_row_files: Files, reader: str, tmp_path: Path
) -> None:
    """长期绩效指标 | 年度绩效指标 over 二级指标 | 三级指标 | 指标值 twice: the second row was
    taken for a header repeated after a page break, and every indicator was left not placed.
    The groups name the sets: the same declaration as the one-row header gives."""
    form, paths = two_row_files
    report, got, _ = _import(paths[reader], tmp_path / "content")
    if reader == "pdf":
        got = got.model_copy(update={"source": None})
    assert got == fx.expected(form.data)
    assert [c.text for c in report.forms[0].unplaced] == []
    assert set(form.grid.texts()) == form.labels | set(form.values)
    (note,) = [w for w in report.forms[0].warnings if "表头占两行" in w]
    assert note.endswith(
        "指标表的表头占两行，下一行的栏目按上一行的分组读作二级指标(长期)、三级指标(长期)、"
        "指标值(长期)、二级指标(年度)、三级指标(年度)、指标值(年度)"
    )


def test_hubei_specific_fields(hubei_files: Files, tmp_path: Path) -> None:
    report, got, _ = _import(hubei_files[1]["txt"], tmp_path / "content")
    assert got.layout == "项目支出绩效目标表"
    assert got.department_code == "015001" and got.department == "武汉市青山区教育局"
    first = got.indicators["产出指标"]["数量指标"][0]
    assert first.long_term is not None and first.long_term.target == "≥20000平方米"
    assert any("10000万元" in w for w in report.forms[0].warnings)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("reader", READERS)
def test_layout_loses_no_cell(
    layout_files: dict[str, Files], layout: str, reader: str, tmp_path: Path
) -> None:
    """Every cell is consumed: a label of the layout, or a value found in the written file."""
    form, paths = layout_files[layout]
    report, _, data = _import(paths[reader], tmp_path / "content")
    assert [c.text for c in report.forms[0].unplaced] == []
    assert report.outside == []
    written = set(_scalars(data))
    cells = set(form.grid.texts())
    assert cells == form.labels | set(form.values), "the fixture accounts for every cell"
    for text, must_become in form.values.items():
        for value in must_become:
            assert value in written, (text, value)


def test_hubei_page_prints_its_layout(hubei_files: Files, tmp_path: Path) -> None:
    _, paths = hubei_files
    content = tmp_path / "content"
    _import(paths["xlsx"], content)
    corpus = build(content, tmp_path / "site")
    (project,) = corpus.projects
    _, document = read_page(tmp_path / "site" / project.url / "index.html")
    page = article(document)
    assert page.find("p", "jx-form-title").text() == "项目支出绩效目标表（2020年度）"
    header = dict(labelled_cells(page.find("table", "jx-header")))
    assert header["主管部门及编码"] == "[015001]武汉市青山区教育局"
    assert header["项目属性"] == "基础建设、修缮类"
    assert header["项目起止时间"] == "202001-202012"
    goals = page.find("table", "jx-goals")
    assert [th.text() for th in goals.find_all("th")] == ["中期目标", "年度目标"]
    table = page.find("table", "jx-indicators")
    headings = [th.text() for th in table.find("thead").find_all("th")]
    assert headings == [
        "一级指标", "二级指标（长期）", "三级指标（长期）", "指标值（长期）",
        "二级指标", "三级指标", "指标值（年度）", "读法",
    ]  # fmt: skip
    first = table.find("tbody").find("tr")
    assert [c.text() for c in first.cells()][:7] == [
        "产出指标", "数量指标", "维修校舍面积", "≥20000平方米",
        "数量指标", "当年维修校舍面积", "≥8000平方米",
    ]  # fmt: skip
    funding = [th.text() for th in page.find("table", "jx-funding").find_all("th")]
    assert "当年资金总额" in funding and "其中：当年财政拨款" in funding


# ------------------------------------------------------------------ titles


@pytest.mark.parametrize(
    "line",
    [
        "财政项目支出绩效目标申报表",
        "财政项目支出绩效目标填报表（2023年度）",
        "项目支出绩效目标申报表",
        "2020年项目支出绩效目标表",
        "项目绩效目标表",
        "项目支出绩效目标审批表",
        "部门预算项目绩效目标申报表",
        "附表：上海市某区教育局2025年项目预算绩效目标表",
    ],
)
def test_every_title_variant_is_a_title(line: str) -> None:
    assert is_title(line)


@pytest.mark.parametrize(
    "line",
    [
        "部门整体支出绩效目标表",
        "项目支出绩效自评表",
        "按照要求，各单位应于每年3月底前填写并报送本单位的项目支出绩效目标表，财政部门审核后批复",
    ],
)
def test_other_documents_are_not_titles(line: str) -> None:
    assert not is_title(line)


# ------------------------------------------------------------------ split columns, diff


def test_split_columns_read_like_one_cell() -> None:
    split = Indicator.model_validate(
        {"三级指标": "合格率", "年度指标值": "90", "指标性质": "≥", "计量单位": "%"}
    )
    one = read_target("≥90%")
    assert (split.reading.operator, split.reading.value, split.reading.unit) == (
        one.operator,
        one.value,
        one.unit,
    )
    assert split.reading.direction == one.direction
    assert split.reading.text == "90"  # the cell as written
    qualitative = Indicator.model_validate(
        {"三级指标": "制度", "年度指标值": "健全", "指标性质": "定性"}
    )
    assert not qualitative.reading.is_measurable()


def test_weakened_medium_target_is_flagged(
    hubei_files: Files,
) -> None:
    form, _ = hubei_files
    data = copy.deepcopy(form.data)
    data["绩效指标"]["产出指标"]["数量指标"][0]["长期指标"]["指标值"] = "≥10000平方米"
    change = compare(fx.expected(form.data), fx.expected(data))
    assert change.flags == ["指标“当年维修校舍面积”中期目标放宽：≥20000平方米 → ≥10000平方米"]
    (indicator,) = change.indicators
    assert (indicator.kind, indicator.strength) == ("medium-target", "更宽松")


def test_budget_system_page_shows_split_columns_and_kept_column(
    layout_files: dict[str, Files], tmp_path: Path
) -> None:
    _, paths = layout_files["budget_system"]
    content = tmp_path / "content"
    report, decl, _ = _import(paths["docx"], content)
    assert "“备注”列不是已知的栏目" in " ".join(report.forms[0].warnings)
    rate = decl.indicators["产出指标"]["质量指标"][0]
    assert (rate.reading.operator, rate.reading.value, rate.reading.unit) == (">=", 90, "%")
    assert rate.other_columns == {"备注": "抽查"}
    corpus = build(content, tmp_path / "site")
    (project,) = corpus.projects
    _, document = read_page(tmp_path / "site" / project.url / "index.html")
    table = article(document).find("table", "jx-indicators")
    headings = [th.text() for th in table.find("thead").find_all("th")]
    assert headings == [
        "一级指标", "二级指标", "三级指标", "年度指标值", "指标性质", "度量单位", "权重",
        "指标值类型", "指标解释", "评（扣）分标准", "备注", "读法",
    ]  # fmt: skip
    second = table.find("tbody").find_all("tr")[1]
    cells = [c.text() for c in second.cells()]
    assert cells == [
        "质量指标", "培训合格率", "90", "≥", "%", "20", "定量", "合格人数占参训人数",
        "低于目标不得分", "抽查", "≥ 90%，正向",
    ]  # fmt: skip


def test_central_form_shows_its_funds_score_and_weights(
    layout_files: dict[str, Files], tmp_path: Path
) -> None:
    _, paths = layout_files["central"]
    content = tmp_path / "content"
    _, decl, _ = _import(paths["pdf"], content)
    assert decl.execution_score == "10" and decl.column_totals == {"分值权重": "90"}
    corpus = build(content, tmp_path / "site")
    (project,) = corpus.projects
    _, document = read_page(tmp_path / "site" / project.url / "index.html")
    page = article(document)
    assert page.find("p", "jx-form-title").text() == "项目绩效目标表（2023年度）"
    header = dict(labelled_cells(page.find("table", "jx-header")))
    assert header == {
        "项目名称": "科研条件保障项目",
        "主管部门及代码": "[173]中国科学院",
        "实施单位": "中国科学院某研究所",
    }
    funding = dict(labelled_cells(page.find("table", "jx-funding")))
    assert funding["年度资金总额"] == "1,234.56"
    assert funding["其中：财政拨款"] == "1,000.00" and funding["执行率分值"] == "10"
    assert "项目资金总额" not in funding
    goals = page.find("table", "jx-goals")
    assert [th.text() for th in goals.find_all("th")] == ["年度总体目标"]
    headings = [th.text() for th in page.find("table", "jx-indicators").find_all("th")][:6]
    assert headings == ["一级指标", "二级指标", "三级指标", "年度指标值", "分值权重（90）", "读法"]


def test_weights_that_do_not_add_up_to_the_header_total_are_a_warning(
    layout_files: dict[str, Files], tmp_path: Path
) -> None:
    _, paths = layout_files["central"]
    content = tmp_path / "content"
    report, _, _ = _import(paths["txt"], content)
    written = Path(report.forms[0].file or "")
    text = written.read_text(encoding="utf-8")
    assert text.endswith("指标列合计:\n  分值权重: 90\n")
    written.write_text(text.replace("  分值权重: 90\n", "  分值权重: 100\n"), encoding="utf-8")
    found = [(d.code, d.field, d.message) for d in load_corpus(content).diagnostics]
    assert found == [
        (
            "column-total",
            "指标列合计.分值权重",
            "表头写明分值权重合计 100，各指标的分值权重相加为 90",
        )
    ]


# ------------------------------------------------------------------ one table per department


@pytest.fixture(scope="module")
def sichuan_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[lf.TableForm, dict[str, Path]]:
    table = lf.sichuan()
    return table, lf.write_table_all(tmp_path_factory.mktemp("sichuan"), table, "sichuan")


@pytest.mark.parametrize("reader", [*READERS, "left-out"])
def test_department_table_gives_one_declaration_per_project(
    sichuan_files: tuple[lf.TableForm, dict[str, Path]], reader: str, tmp_path: Path
) -> None:
    table, paths = sichuan_files
    content = tmp_path / "content"
    report = Importer(content).import_file(paths[reader])
    assert report.error is None and report.outside == []
    assert [f.errors for f in report.forms] == [[], []]
    assert [c.text for f in report.forms for c in f.unplaced] == []
    # The subtotal agrees with its projects: that needs no warning.
    assert not any("小计" in w for f in report.forms for w in f.warnings)
    corpus = load_corpus(content)
    assert [d.format() for d in corpus.diagnostics] == []
    got = {
        p.declaration.name: p.declaration.model_copy(update={"source": None})
        for p in corpus.projects
    }
    assert got == {d["项目名称"]: fx.expected(d) for d in table.declarations}
    written: set[str] = set()
    for form in report.forms:
        document, _ = load_yaml_bytes(Path(form.file or "").read_bytes(), "x")
        assert document is not None
        written |= set(_scalars(document.data))
    assert set(table.grid.texts()) == table.labels | set(table.values)
    for text, must_become in table.values.items():
        for value in must_become:
            assert value in written, (text, value)


def test_a_subtotal_that_does_not_add_up_is_reported(tmp_path: Path) -> None:
    table = lf.sichuan(subtotal="8,827,620.00")
    paths = lf.write_table_all(tmp_path, table, "sichuan")
    report = Importer(tmp_path / "content").import_file(paths["xlsx"])
    assert report.forms[0].warnings == [
        "Sheet1!C4：“820-马踏镇部门”的小计 8,827,620.00 元与其下 2 个项目的预算数之和 "
        "8,827,620.53 元不一致"
    ]


@pytest.mark.parametrize("where", ["top", "bottom"])
def test_a_total_row_of_the_whole_table_is_checked_not_a_department(
    sichuan_files: tuple[lf.TableForm, dict[str, Path]], where: str, tmp_path: Path
) -> None:
    """合计 | | 8,827,620.53 over (or under) the table was read as a subtotal row: a department
    named 合计 with no project, its amount never compared with anything, and no word said."""
    table, paths = sichuan_files
    rows = [list(row) for row in table.grid.rows]
    width = len(rows[0])
    for number, (amount, said) in enumerate([("8,827,620.53", False), ("9,000,000.00", True)]):
        total = ["合计", "", amount, *[""] * (width - 3)]
        grid = fx.Grid([*rows[:3], total, *rows[3:]] if where == "top" else [*rows, total])
        source = _write_grid(tmp_path / f"{number}.txt", grid)
        report = Importer(tmp_path / f"content{number}").import_file(source)
        assert [f.errors for f in report.forms] == [[], []]
        assert [c.text for f in report.forms for c in f.unplaced] == []
        at = 4 if where == "top" else len(rows) + 1
        warning = (
            f"第 {at} 行第 3 格：“合计”的合计 9,000,000.00 元与表中 2 个项目的预算数之和 "
            "8,827,620.53 元不一致"
        )
        assert report.forms[0].warnings == ([warning] if said else [])
        assert _written_files(tmp_path / f"content{number}") == _written_files_of(
            paths["txt"], tmp_path / "merged"
        )


def _written_files_of(source: Path, content: Path) -> dict[str, bytes]:
    if not content.exists():
        Importer(content).import_file(source)
    return _written_files(content)


def test_without_a_subtotal_row_each_unit_is_its_department_with_its_code(
    sichuan_files: tuple[lf.TableForm, dict[str, Path]], tmp_path: Path
) -> None:
    """No `820-马踏镇部门` row: each project's 单位名称 is its 主管部门. `820001-马踏镇人民政府`
    was registered with its code in the name, where a 自评表 of the same unit registers
    马踏镇人民政府 (its 主管部门 loses the code): two spellings of one organisation."""
    table, _ = sichuan_files
    grid = fx.Grid([list(row) for row in table.grid.rows if row[0] != "820-马踏镇部门"])
    report = Importer(tmp_path / "content").import_file(_write_grid(tmp_path / "f.txt", grid))
    assert [f.errors for f in report.forms] == [[], []]
    corpus = load_corpus(tmp_path / "content")
    assert [d.format() for d in corpus.diagnostics] == []
    got = {
        p.declaration.name: (
            p.declaration.department,
            p.declaration.department_code,
            p.declaration.implementing_unit,
        )
        for p in corpus.projects
    }
    assert got == {
        "乡村道路养护": ("马踏镇人民政府", "820001", "820001-马踏镇人民政府"),
        "农田水利设施维护": ("马踏镇农业服务中心", "820002", "820002-马踏镇农业服务中心"),
    }


def test_department_table_page(
    sichuan_files: tuple[lf.TableForm, dict[str, Path]], tmp_path: Path
) -> None:
    _, paths = sichuan_files
    content = tmp_path / "content"
    Importer(content).import_file(paths["docx"])
    corpus = build(content, tmp_path / "site")
    project = next(p for p in corpus.projects if p.declaration.name == "乡村道路养护")
    _, document = read_page(tmp_path / "site" / project.url / "index.html")
    page = article(document)
    assert page.find("p", "jx-form-title").text() == "部门预算项目绩效目标申报表（2023年度）"
    header = dict(labelled_cells(page.find("table", "jx-header")))
    assert header["单位名称"] == "820001-马踏镇人民政府"
    assert header["主管部门"] == "[820]马踏镇部门"
    funding = dict(labelled_cells(page.find("table", "jx-funding")))
    assert funding["预算数"] == "5,000,000.00"
    headings = [th.text() for th in page.find("table", "jx-indicators").find_all("th")][:8]
    assert headings == [
        "一级指标", "二级指标", "三级指标", "年度指标值",
        "指标性质", "指标方向性", "度量单位", "权重",
    ]  # fmt: skip


def _written_files(content: Path) -> dict[str, bytes]:
    return {p.relative_to(content).as_posix(): p.read_bytes() for p in content.rglob("*.yaml")}


def _write_grid(path: Path, grid: fx.Grid) -> Path:
    if path.suffix == ".xlsx":
        fx.write_xlsx(path, {"Sheet1": [grid]})
    else:
        fx.write_text(path, [grid])
    return path


@pytest.mark.parametrize("whole_sheet", [False, True])
@pytest.mark.parametrize("reader", ["txt", "xlsx"])
def test_a_table_filled_down_imports_as_the_merged_one(
    sichuan_files: tuple[lf.TableForm, dict[str, Path]],
    reader: str,
    whole_sheet: bool,
    tmp_path: Path,
) -> None:
    """取消合并并填充内容: every indicator row repeats its project's four cells (and, when the
    whole sheet was un-merged, the title, the unit line and the subtotal's label fill their
    rows). Rows that repeat the project above continue it: the files are the merged table's,
    byte for byte, and the report says which rows were read so, one note per project."""
    table, paths = sichuan_files
    merged = Importer(tmp_path / "merged").import_file(paths[reader])
    source = _write_grid(
        tmp_path / f"filled.{reader}", lf.filled_down(table, whole_sheet=whole_sheet)
    )
    filled = Importer(tmp_path / "filled").import_file(source)
    assert filled.error is None and filled.outside == []
    assert [f.errors for f in filled.forms] == [[], []]
    assert [c.text for f in filled.forms for c in f.unplaced] == []
    assert _written_files(tmp_path / "filled") == _written_files(tmp_path / "merged")
    # The merged table needs no note; the filled one, one per project with its rows.
    assert [f.warnings for f in merged.forms] == [[], []]
    road, water = ([w for w in f.warnings if "重复了项目" in w] for f in filled.forms)
    row = "Sheet1!B{}" if reader == "xlsx" else "第 {} 行第 2 格"
    assert road == [
        f"{row.format(6)} 至 {row.format(8)}：3 行重复了项目“乡村道路养护”的单位名称、项目名称"
        f"等格子（取消合并单元格时填充的内容），作为这个项目的指标行读入，项目从 {row.format(5)} "
        "开始；请对照原表核对"
    ]
    assert water == [
        f"{row.format(10)}：1 行重复了项目“农田水利设施维护”的单位名称、项目名称等格子"
        f"（取消合并单元格时填充的内容），作为这个项目的指标行读入，项目从 {row.format(9)} "
        "开始；请对照原表核对"
    ]


def test_a_row_filled_only_in_part_continues_its_project(
    sichuan_files: tuple[lf.TableForm, dict[str, Path]], tmp_path: Path
) -> None:
    """A row that repeats 单位名称 and 项目名称 but leaves 预算数 and 年度目标 blank (only some
    columns were filled) continues the project above it, as a row of blanks does."""
    table, paths = sichuan_files
    grid = lf.filled_down(table)
    grid.rows[5][2:4] = ["", ""]  # the second row of 乡村道路养护
    grid.rows[7][0] = ""  # its fourth: 单位名称 blank, the unit above
    source = _write_grid(tmp_path / "partly.txt", grid)
    Importer(tmp_path / "merged").import_file(paths["txt"])
    report = Importer(tmp_path / "partly").import_file(source)
    assert [f.errors for f in report.forms] == [[], []]
    assert [c.text for f in report.forms for c in f.unplaced] == []
    assert _written_files(tmp_path / "partly") == _written_files(tmp_path / "merged")
    assert "第 6 行第 2 格 至 第 8 行第 2 格：3 行重复了" in report.forms[0].warnings[0]


@pytest.mark.parametrize(
    ("column", "changed", "differ"),
    [(2, "4,000,000.00", "预算数"), (3, "完成全镇25公里乡村道路日常养护。", "年度目标")],
)
def test_a_repeated_name_with_another_budget_or_goal_is_refused_and_told(
    sichuan_files: tuple[lf.TableForm, dict[str, Path]],
    tmp_path: Path,
    column: int,
    changed: str,
    differ: str,
) -> None:
    """A row with the project's 单位名称 and 项目名称 but another 预算数 (or 年度目标) is not a
    copy of its cells: the same project printed two ways, or two projects of one name. Neither
    reading can be imported without losing a value (see _same_project_twice), so both parts
    are refused with the rows and what differs; the other projects of the table import."""
    table, _ = sichuan_files
    grid = lf.filled_down(table)
    grid.rows[6][column] = changed  # the third row of 乡村道路养护, and the one after it
    grid.rows[7][column] = changed
    report = Importer(tmp_path / "content").import_file(_write_grid(tmp_path / "f.txt", grid))
    assert [(f.project, f.action) for f in report.forms] == [
        ("乡村道路养护", FormAction.REFUSED),
        ("乡村道路养护", FormAction.REFUSED),
        ("农田水利设施维护", FormAction.CREATED),
    ]
    message = (
        "项目“乡村道路养护”在这张表中出现了 2 次（第 5 行第 2 格、第 7 行第 2 格），"
        f"单位名称相同而{differ}不同。同一项目的各行只重复它的单位名称、项目名称、预算数和"
        "年度目标，所以后一处不是前一处的续行：可能是原表把同一项目的"
        f"{differ}写得前后不一，也可能是同名的两个项目。jixiao 按年度、主管部门和项目名称认"
        "项目，这几处既不能各成一个文件，也不能合成一个而丢掉其中一处的数，所以都没有导入；"
        "请对照原表核对"
    )
    assert [f.errors for f in report.forms[:2]] == [[message], [message]]
    # The rows that did repeat the project are still said to be its rows.
    assert "第 6 行第 2 格：1 行重复了" in report.forms[0].warnings[0]
    assert "第 8 行第 2 格：1 行重复了" in report.forms[1].warnings[0]
    assert not (
        tmp_path / "content" / "2023" / "ma-ta-zhen-bu-men" / "xiang-cun-dao-lu-yang-hu.yaml"
    ).exists()


def test_two_units_with_a_project_of_one_name_are_refused_not_overwritten(
    sichuan_files: tuple[lf.TableForm, dict[str, Path]], tmp_path: Path
) -> None:
    """Two units of one department each with a project of the same name: both were written to
    one file (the second overwrote the first, or was refused as holding less)."""
    table, _ = sichuan_files
    grid = fx.Grid([list(row) for row in table.grid.rows], list(table.grid.merges))
    grid.rows[8][1] = "乡村道路养护"
    report = Importer(tmp_path / "content").import_file(_write_grid(tmp_path / "f.xlsx", grid))
    assert [f.action for f in report.forms] == [FormAction.REFUSED, FormAction.REFUSED]
    for form in report.forms:
        assert form.errors == [
            "项目“乡村道路养护”在这张表中出现了 2 次（Sheet1!B5、Sheet1!B9），是"
            "“820001-马踏镇人民政府”、“820002-马踏镇农业服务中心”的同名项目。jixiao 按年度、"
            "主管部门和项目名称认项目，这几处既不能各成一个文件，也不能合成一个而丢掉其中"
            "一处的数，所以都没有导入；请对照原表核对"
        ]


def test_exports_carry_the_layout_fields(hubei_files: Files, tmp_path: Path) -> None:
    content = tmp_path / "content"
    _import(hubei_files[1]["txt"], content)
    corpus = load_corpus(content)
    record = project_record(corpus.projects[0])
    assert record["layout"] == "项目支出绩效目标表" and record["department_code"] == "015001"
    assert record["period"] == "202001-202012" and record["medium_goal"].startswith("通过三年")
    first = record["indicators"][0]["categories"][0]["indicators"][0]
    assert first["long_term"] == {
        "level2": "数量指标",
        "name": "维修校舍面积",
        "target": "≥20000平方米",
    }
    rows = list(csv.DictReader(io.StringIO(projects_csv(corpus).decode("utf-8-sig"))))
    assert rows[0]["部门代码"] == "015001" and rows[0]["项目期"] == "202001-202012"
    indicators = list(csv.DictReader(io.StringIO(indicators_csv(corpus).decode("utf-8-sig"))))
    assert indicators[0]["中期指标值"] == "≥20000平方米"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_fmt_keeps_every_layout_field_in_the_model_order(
    layout_files: dict[str, Files], layout: str, tmp_path: Path
) -> None:
    _, paths = layout_files[layout]
    report, decl, _ = _import(paths["xlsx"], tmp_path / "content")
    written = Path(report.forms[0].file or "")
    once = format_text(written.read_text(encoding="utf-8"), str(written))
    assert format_text(once, str(written)) == once
    document, _ = load_yaml_bytes(once.encode(), "x")
    assert document is not None
    reread, problems = validate_document(Declaration, document, "x")
    assert problems == [] and reread == decl
    keys = [line.split(":")[0] for line in once.splitlines() if line[:1] not in ("#", " ", "")]
    order = list(KEY_ORDER[""])
    assert keys == sorted(keys, key=order.index)


def test_header_rows_follow_each_layout() -> None:
    shanghai = form_view(fx.expected(fx.declaration("培训", nature="阶段性")))
    assert [[label for label, _ in row] for row in shanghai.header] == [
        ["项目名称", "项目类别"],
        ["项目性质"],
        ["主管部门", "实施单位"],
        ["计划开始日期", "计划完成日期"],
    ]
    hubei = form_view(fx.expected(lf.hubei().data))
    assert [[label for label, _ in row] for row in hubei.header] == [
        ["项目名称"],
        ["主管部门及编码", "实施单位"],
        ["项目属性", "项目起止时间"],
    ]


@pytest.mark.parametrize(
    "printed",
    [("10000万",) * 4, ("￥10000万元",) * 4, ("10,000.00 万元", "10000万", "10000万", "10000万元")],
)
def test_the_unit_inside_the_amount_may_be_wan_alone_or_follow_a_yuan_sign(
    tmp_path: Path, printed: tuple[str, str, str, str]
) -> None:
    """`10000万` (万 alone, as a money cell often says it) and `￥10000万元` are amounts in 万元
    as `10000万元` is; they were left as written and refused by check."""
    from generator.core.money import MoneyUnit

    source = tmp_path / "form.txt"
    fx.write_text(source, [lf.hubei(amounts=printed).grid])
    _, got, _ = _import(source, tmp_path / "content")
    assert got.unit == MoneyUnit.WAN_YUAN
    assert got.project_funds.total is not None and got.project_funds.total == 10000
