"""`jixiao import` of 自评表: three layouts, four readers, one result, every cell accounted for."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.core.diagnostics import Severity
from generator.core.evaluation_analysis import Reading
from generator.core.evaluation_model import EvaluationLayout
from generator.importers.evaluation_layouts import header_key, layout_of
from generator.importers.run import Importer, SourceReport
from generator.load.corpus import load_corpus
from tests.support import evaluation_fixtures as ef
from tests.support.cli_support import run
from tests.support.paths import REPO

ROOT = REPO
FOLDER = "2024/baoshan-zonggonghui"
NATIONAL = "yiqi-changguan-yunying-jingfei.自评.yaml"
BUDGET = "gong-yi-le-xue-pei-xun-xiang-mu.自评.yaml"
SICHUAN = "xiang-cun-chan-ye-dao-lu-jian-she-xiang-mu.自评.yaml"


def import_files(paths: list[Path], content: Path) -> list[SourceReport]:
    """Every file through one importer, as `jixiao import` runs them."""
    importer = Importer(content)
    return [importer.import_file(path) for path in paths]


def _import(tmp_path: Path, kind: str) -> tuple[Path, list[str]]:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    grids = [ef.national(), ef.budget_system(), ef.sichuan()]
    source = ef.WRITERS[kind](tmp_path / f"forms.{kind}", grids)
    (report,) = import_files([source], content)
    assert report.error is None
    assert [c.text for c in report.outside] == []
    assert [f.action for f in report.forms] == ["新建", "新建", "新建"], [
        (f.errors, f.warnings) for f in report.forms
    ]
    for form in report.forms:
        assert form.unplaced == [], [(c.text, c.where) for c in form.unplaced]
    # Every cell of the source was read into a form.
    assert sum(f.cells for f in report.forms) == sum(len(ef.cells(g)) for g in grids)
    warnings = [w for f in report.forms for w in f.warnings]
    return content, warnings


@pytest.fixture(scope="module")
def text_import(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content, _ = _import(tmp_path_factory.mktemp("txt"), "txt")
    return content


@pytest.mark.parametrize("kind", ["xlsx", "docx", "pdf"])
def test_every_reader_gives_the_same_files(kind: str, tmp_path: Path, text_import: Path) -> None:
    content, _ = _import(tmp_path, kind)
    for name in (NATIONAL, BUDGET, SICHUAN):
        expected = (text_import / FOLDER / name).read_text("utf-8")
        got = (content / FOLDER / name).read_text("utf-8")
        if kind == "pdf":
            # A PDF form records where it stood; nothing else differs.
            head, source, tail = got.partition("来源:\n  文件: forms.pdf\n")
            assert source and tail.startswith("  页码: ")
            got = head + tail.split("\n", 1)[1]
        assert got == expected, name


def test_national_layout_beside_its_declaration(text_import: Path) -> None:
    text = (text_import / FOLDER / NATIONAL).read_text("utf-8")
    assert "表式: 全国" in text
    assert "主管部门: 上海市宝山区总工会\n" in text  # the registry's name, the code kept below
    assert "主管部门（原表）: 219-上海市宝山区总工会" in text
    assert "实施单位: 219001-上海市宝山区工人文化活动中心" in text
    # The wrapped reason is joined; the blank row stays blank, 0.00 stays 0.00.
    assert "偏差原因分析及改进措施: 受场馆维修影响，部分培训取消。" in text
    assert "  - 资金来源: 上年结转资金\n    年初预算数:\n" in text
    assert "全年预算数: 0.00" in text
    corpus = load_corpus(text_import)
    assert corpus.ok, [d.format() for d in corpus.diagnostics if d.severity is Severity.ERROR]
    by_slug = {e.slug: e for e in corpus.evaluations}
    national = by_slug["yiqi-changguan-yunying-jingfei"]
    assert national.declaration is not None  # the same slug as the declaration beside it
    readings = {i.indicator.name: i for i in national.analysis.indicators}
    assert readings["各类活动参与率"].target_changed
    assert readings["组织公益乐学培训次数"].full_marks_unmet
    assert readings["保险采购完成及时性"].reading is Reading.SELF_REPORTED


def test_budget_system_layout_reads_split_columns(text_import: Path) -> None:
    (budget,) = [e for e in load_corpus(text_import).evaluations if e.slug.startswith("gong-yi")]
    assert budget.evaluation.layout is EvaluationLayout.BUDGET_SYSTEM
    assert budget.declaration is None  # published without a declaration: normal
    readings = {i.indicator.name: i for i in budget.analysis.indicators}
    assert readings["培训场次"].target_text == "≥100场次"
    assert readings["培训场次"].reading is Reading.UNMET
    assert readings["培训合格率"].reading is Reading.MET
    assert readings["人均餐费"].reading is Reading.UNMET  # ≤6元/餐 against 6.5元/餐
    assert readings["人均餐费"].full_marks_unmet
    assert readings["职工参与度"].reading is Reading.SELF_REPORTED


def test_sichuan_layout_keeps_its_blocks_and_acknowledges_the_sum(text_import: Path) -> None:
    text = (text_import / FOLDER / SICHUAN).read_text("utf-8")
    for line in (
        "表式: 四川",
        "报表编号: SC-2024-017",
        "项目基本情况: 新建产业道路，连接三个行政村。",
        "评价结论: 项目基本完成年度目标。",
        "项目负责人: 张三",
        "财务负责人: 李四",
        "总分: 100",
        "自评得分: 88.5",
        "  预期目标: 新建道路10公里。",
        "  实际完成情况: 建成道路8公里。",
        "  - 代码: evaluation-score-sum",
    ):
        assert line in text
    corpus = load_corpus(text_import, models=False)
    notices = [d for d in corpus.diagnostics if d.severity is Severity.NOTICE and SICHUAN in d.path]
    assert [d.code for d in notices] == ["evaluation-score-sum"]


def test_import_is_idempotent(tmp_path: Path) -> None:
    content, _ = _import(tmp_path, "txt")
    source = ef.write_text(tmp_path / "again.txt", [ef.national()])
    (report,) = import_files([source], content)
    assert [f.action for f in report.forms] == ["未变"]


def test_unknown_column_is_kept_under_its_header(tmp_path: Path) -> None:
    grid = ef.national()
    header = next(r for r in grid if "三级指标" in r)
    header.append("备注")
    next(r for r in grid if "运动场馆开放率" in r).extend(["", "全年无休"])
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (report,) = import_files([ef.write_text(tmp_path / "f.txt", [grid])], content)
    assert report.forms[0].unplaced == []
    text = (content / FOLDER / NATIONAL).read_text("utf-8")
    assert "    其他列:\n      备注: 全年无休" in text


def test_cells_outside_any_column_are_reported(tmp_path: Path) -> None:
    grid = ef.national()
    grid.insert(3, ["页脚：第 1 页"])
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (report,) = import_files([ef.write_text(tmp_path / "f.txt", [grid])], content)
    assert [c.text for c in report.forms[0].unplaced] == ["页脚：第 1 页"]
    assert "第 4 行" in report.forms[0].unplaced[0].where


def test_layout_data() -> None:
    assert header_key("全年预算数（A）") == "全年预算数"
    assert header_key("执行率 (B/A)") == "执行率"
    assert header_key("其中：当年财政拨款") == "当年财政拨款"
    assert layout_of(["一级指标", "三级指标", "分值", "年度指标值"]) is EvaluationLayout.SICHUAN
    assert layout_of(["三级指标", "年度指标值", "分值"]) is EvaluationLayout.NATIONAL
    assert layout_of(["三级指标", "指标性质", "指标值"]) is EvaluationLayout.BUDGET_SYSTEM


def test_declaration_and_evaluation_in_one_file(tmp_path: Path) -> None:
    seed = (ROOT / "tests/data/seed.txt").read_text("utf-8")
    alone = tmp_path / "alone.txt"
    alone.write_text(seed, "utf-8")
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (seed_report,) = import_files([alone], tmp_path / "scratch")
    source = tmp_path / "both.txt"
    grid_text = "\n".join("\t".join(row) for row in ef.budget_system()) + "\n"
    source.write_text(seed.rstrip("\n") + "\n" + grid_text, "utf-8")
    (report,) = import_files([source], content)
    assert report.error is None
    assert report.outside == seed_report.outside
    *declarations, evaluation = report.forms
    assert len(declarations) == len(seed_report.forms)
    # The declarations read exactly as without the 自评表 after them.
    for with_evaluation, without in zip(declarations, seed_report.forms, strict=True):
        assert with_evaluation.file is not None and not with_evaluation.file.endswith("自评.yaml")
        assert [c.text for c in with_evaluation.unplaced] == [c.text for c in without.unplaced]
    assert evaluation.file is not None and evaluation.file.endswith(BUDGET)
    assert evaluation.unplaced == []


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("[173]中国科学院", ("中国科学院", "173")),
        ("［173］ 中国科学院", ("中国科学院", "173")),
        ("【015001】武汉市青山区教育局", ("武汉市青山区教育局", "015001")),
        ("219-上海市宝山区总工会", ("上海市宝山区总工会", "219")),
        ("219 上海市宝山区总工会", ("上海市宝山区总工会", "219")),
        ("015001－武汉市青山区教育局", ("武汉市青山区教育局", "015001")),
        ("2024年度宝山区总工会", ("2024年度宝山区总工会", None)),
        ("中国科学院", ("中国科学院", None)),
    ],
)
def test_the_department_code_is_taken_off_in_every_written_form(
    written: str, expected: tuple[str, str | None]
) -> None:
    # A central 自评表 writes 主管部门及代码 as [173]中国科学院: kept whole, it registered a
    # second department beside the declaration's 中国科学院.
    from generator.importers.evaluation_recognise import RecognisedEvaluation, department_of

    form = RecognisedEvaluation("自评.txt", "第 1 行", None, fields={"主管部门": written})
    assert department_of(form) == expected


def _with_placeholders(grid: ef.Grid, rows: dict[str, dict[int, str]]) -> ef.Grid:
    """The grid with the cells of the rows that start with (or hold) a text set to marks."""
    changed = [list(row) for row in grid]
    for key, cells in rows.items():
        row = next(row for row in changed if key in row)
        for column, mark in cells.items():
            row.extend([""] * (column + 1 - len(row)))
            row[column] = mark
    return changed


PLACEHOLDERS = {
    # national: a money cell and 执行率 of the empty 上年结转资金 row, the 分值 and 得分 of
    # 当年财政拨款, and an indicator's 得分
    "national": (
        _with_placeholders(
            ef.national(),
            {
                "上年结转资金": {2: "-", 6: "/"},
                "其中：当年财政拨款": {5: "—", 7: "无"},
                "各类活动参与率": {7: "－"},
            },
        ),
        NATIONAL,
        [
            "    年初预算数:  # 原表印作“-”",
            "    执行率:  # 原表印作“/”",
            "    分值:  # 原表印作“—”",
            "    得分:  # 原表印作“无”",
            "    得分:  # 原表印作“－”",
        ],
    ),
    # budget system: the money and 分值 of 当年财政拨款, and a 权重 (its 分值)
    "budget": (
        _with_placeholders(
            ef.budget_system(),
            {"当年财政拨款": {2: "——", 4: "—"}, "培训合格率": {7: "/"}},
        ),
        BUDGET,
        ["    全年预算数:  # 原表印作“——”", "    分值:  # 原表印作“—”", "    分值:  # 原表印作“/”"],
    ),
}


@pytest.mark.parametrize("layout", sorted(PLACEHOLDERS))
@pytest.mark.parametrize("kind", ["txt", "xlsx"])
def test_a_placeholder_in_a_number_cell_stays_in_the_file_beside_its_blank(
    layout: str, kind: str, tmp_path: Path
) -> None:
    """`-`, `—`, `/`, `无` in a score, money or 执行率 cell: imported blank (not 0, a fact the
    form does not state), reported, and kept in the file as the trailing comment a declaration
    gets (`上年结转资金:  # 原表印作“-”`); `jixiao fmt` keeps it where it stands."""
    grid, name, lines = PLACEHOLDERS[layout]
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    source = ef.WRITERS[kind](tmp_path / f"form.{kind}", [grid])
    (report,) = import_files([source], content)
    (form,) = report.forms
    assert form.action == "新建" and form.errors == [] and form.unplaced == []
    notes = [w for w in form.warnings if "表示不适用" in w]
    assert len(notes) == len(lines)
    assert all(
        w.endswith("（原表如此，不是漏填；文件中该行末尾的注释记着原表的写法）") for w in notes
    )
    path = content / FOLDER / name
    written = path.read_text("utf-8")
    found = [line for line in written.splitlines() if "原表印作" in line]
    assert sorted(found) == sorted(lines)
    corpus = load_corpus(content)
    assert [d.format() for d in corpus.diagnostics if d.severity is Severity.ERROR] == []
    # jixiao fmt: nothing to change, and a file it does change keeps the marks.
    assert run("fmt", "--check", "--content", content, path).exit_code == 0
    loose = written.replace("全年执行数: 76.00", "全年执行数: 76").replace(
        "全年执行数: 90.00", "全年执行数: 90"
    )
    assert loose != written
    path.write_text(loose, "utf-8")
    result = run("fmt", "--content", content, path)
    assert result.exit_code == 0, result.output
    assert path.read_text("utf-8") == written
