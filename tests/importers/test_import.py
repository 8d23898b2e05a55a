"""Tests for `jixiao import`: the seed, one fixture per kind of source, the CLI and its guards.

Every import writes into a temporary content directory, never into content/. Imported files
are read back with `load_corpus`, exactly as `jixiao check` and `jixiao build` read them, and
compared with the `Declaration` each fixture was built from, field by field.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.core.model import Declaration
from generator.importers.run import Importer, SourceReport
from generator.load.corpus import load_corpus
from generator.load.yaml_source import YamlValue, load_yaml_bytes
from tests.support import import_fixtures as fx
from tests.support.paths import REPO

CONTENT = REPO / "content"
# The seed: three real 2024 forms as a PDF text extraction gave them (tabs, shifted cells).
SEED = REPO / "tests" / "data" / "seed.txt"
SEED_DEPARTMENT = "上海市宝山区总工会"


# ------------------------------------------------------------------ helpers


def imported(content: Path) -> dict[str, Declaration]:
    """The declarations under `content`, by project name, as `load_corpus` reads them."""
    corpus = load_corpus(content)
    names = [p.declaration.name for p in corpus.projects]
    assert len(names) == len(set(names)), names
    return {p.declaration.name: p.declaration for p in corpus.projects}


def data_of(path: Path) -> YamlValue:
    document, problems = load_yaml_bytes(path.read_bytes(), str(path))
    assert document is not None, problems
    return document.data


def files_under(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def declaration_files(content: Path) -> list[Path]:
    return sorted(content.glob("*/*/*.yaml"))


def run_cli(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["import", *map(str, args)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.fixture(params=sorted(fx.BUILDERS))
def fixture(request: pytest.FixtureRequest, tmp_path: Path) -> fx.Fixture:
    return fx.BUILDERS[request.param](tmp_path)


# ------------------------------------------------------------------ the seed


def test_seed_imports_into_the_shipped_declarations(tmp_path: Path) -> None:
    content = tmp_path / "content"
    report = Importer(content).import_file(SEED)
    assert report.error is None
    assert report.notes == ["编码：UTF-8"]
    assert report.outside == []
    assert [f.action for f in report.forms] == ["新建"] * 3
    assert [f.indicators for f in report.forms] == [12, 9, 9]
    assert [f.unplaced for f in report.forms] == [[], [], []]
    assert [f.errors for f in report.forms] == [[], [], []]

    shipped = {p.declaration.name: p.declaration for p in load_corpus(CONTENT).projects}
    got = imported(content)
    assert sorted(got) == sorted(shipped)
    for name, declaration in shipped.items():
        for field_name in Declaration.model_fields:
            assert getattr(got[name], field_name) == getattr(declaration, field_name), (
                name,
                field_name,
            )
        assert got[name] == declaration
    counts = {name: len(d.indicator_rows()) for name, d in got.items()}
    assert counts == {
        "工会工作者经费": 12,
        "一期场馆运营经费项目": 9,
        "政府实事项目 - 工会会员卡": 9,
    }


def test_seed_files_and_registry_are_canonical(tmp_path: Path) -> None:
    """Pinyin slugs, the registry created with the department, files byte-equal to content/."""
    content = tmp_path / "content"
    Importer(content).import_file(SEED)
    department = content / "2024" / "zong-gong-hui"
    assert sorted(p.name for p in department.iterdir()) == [
        "gong-hui-gong-zuo-zhe-jing-fei.yaml",
        "yi-qi-chang-guan-yun-ying-jing-fei-xiang-mu.yaml",
        "zheng-fu-shi-shi-xiang-mu-gong-hui-hui-yuan-ka.yaml",
    ]
    registry = data_of(content / "departments.yaml")
    assert registry == {"部门": [{"代码": "zong-gong-hui", "名称": SEED_DEPARTMENT}]}
    shipped = CONTENT / "2024" / "baoshan-zonggonghui"
    pairs = {
        "gong-hui-gong-zuo-zhe-jing-fei.yaml": "gonghui-gongzuozhe-jingfei.yaml",
        "yi-qi-chang-guan-yun-ying-jing-fei-xiang-mu.yaml": "yiqi-changguan-yunying-jingfei.yaml",
        "zheng-fu-shi-shi-xiang-mu-gong-hui-hui-yuan-ka.yaml": (
            "zhengfu-shishi-gonghui-huiyuanka.yaml"
        ),
    }
    for new, old in pairs.items():
        assert data_of(department / new) == data_of(shipped / old), new
    corpus = load_corpus(content)
    assert corpus.ok, [d.format() for d in corpus.diagnostics]


def test_seed_blank_and_zero_stay_apart(tmp_path: Path) -> None:
    content = tmp_path / "content"
    Importer(content).import_file(SEED)
    folder = content / "2024" / "zong-gong-hui"
    blank = data_of(folder / "gong-hui-gong-zuo-zhe-jing-fei.yaml")
    zero = data_of(folder / "zheng-fu-shi-shi-xiang-mu-gong-hui-hui-yuan-ka.yaml")
    assert isinstance(blank, dict) and isinstance(zero, dict)
    assert blank["项目资金"] == {
        "项目资金总额": "16,357,365.00",
        "财政资金": "16,357,365.00",
        "其他资金": None,
    }
    assert blank["年度资金"] == {
        "年度资金申请总额": "16,357,365.00",
        "当年财政拨款": "16,357,365.00",
        "上年结转资金": None,
        "其他资金": None,
    }
    assert zero["项目资金"]["其他资金"] == "0.00"  # type: ignore[index]
    assert zero["年度资金"]["上年结转资金"] == "0.00"  # type: ignore[index]
    assert zero["年度资金"]["其他资金"] == "0.00"  # type: ignore[index]


def test_seed_with_a_byte_order_mark(tmp_path: Path) -> None:
    source = tmp_path / "bom.txt"
    source.write_bytes(b"\xef\xbb\xbf" + SEED.read_bytes())
    report = Importer(tmp_path / "content").import_file(source)
    assert report.notes == ["编码：UTF-8（带 BOM）"]
    assert [(f.action, f.unplaced) for f in report.forms] == [("新建", [])] * 3


def test_seed_into_the_shipped_content_changes_nothing(content_copy: Path) -> None:
    """The shipped files have other names than the pinyin slugs: found by identity, unchanged."""
    before = files_under(content_copy)
    report = Importer(content_copy).import_file(SEED)
    assert [f.action for f in report.forms] == ["未变"] * 3
    assert [Path(f.file or "").name for f in report.forms] == [
        "gonghui-gongzuozhe-jingfei.yaml",
        "yiqi-changguan-yunying-jingfei.yaml",
        "zhengfu-shishi-gonghui-huiyuanka.yaml",
    ]
    assert files_under(content_copy) == before


# ------------------------------------------------------------------ every fixture


def test_fixture_imports_into_its_declarations(fixture: fx.Fixture, tmp_path: Path) -> None:
    content = tmp_path / "content"
    report = Importer(content).import_file(fixture.path)
    got = imported(content)
    assert sorted(got) == sorted(d["项目名称"] for d in fixture.declarations)
    for data in fixture.declarations:
        want = fx.expected(data)
        assert got[want.name] == want, want.name
    if fixture.declarations:  # the imported files pass `jixiao check` without a remark
        assert [d.format() for d in load_corpus(content).diagnostics] == []
    refused = [f for f in report.forms if f.action == "拒绝"]
    assert len(refused) == fixture.refused
    assert all(f.errors and f.file is None for f in refused)
    created = [f for f in report.forms if f.action == "新建"]
    assert len(created) == len(fixture.declarations)
    assert [f.indicators for f in created] == [fx.indicator_count(d) for d in fixture.declarations]
    if fixture.encoding:
        assert f"编码：{fixture.encoding}" in report.notes
    if fixture.declarations:
        assert report.error is None
    else:
        assert report.error is not None and "不像是申报表" in report.error
        assert report.forms == []


def test_fixture_reports_its_stray_cells_as_unplaced(fixture: fx.Fixture, tmp_path: Path) -> None:
    report = Importer(tmp_path / "content").import_file(fixture.path)
    unplaced = [c.text for c in report.outside] + [
        c.text for f in report.forms if f.action != "拒绝" for c in f.unplaced
    ]
    if fixture.declarations:
        assert sorted(unplaced) == sorted(fixture.unplaced)
    else:  # not a form at all: every cell is outside any form
        assert sorted(unplaced) == sorted(fixture.cells)
    for cell in [*report.outside, *(c for f in report.forms for c in f.unplaced)]:
        assert cell.where, cell


def _fold(text: str) -> str:
    """Compared without spaces, with full-width forms as ASCII and dates as ISO."""
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    return re.sub(
        r"([12]\d{3})/(\d{1,2})/(\d{1,2})",
        lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}",
        folded,
    )


def _scalars(value: YamlValue) -> Iterator[tuple[str, str | None]]:
    """(key, value) of every scalar; list items under the key "-"."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list):
                yield key, None
                yield from _scalars(item)
            else:
                yield key, item
    elif isinstance(value, list):
        for item in value:
            yield from _scalars(item)


STRUCTURE = {"项目绩效目标", "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值"}
_AMOUNT = re.compile(r"[-\d,.]+")


def test_every_source_cell_is_written_or_reported(fixture: fx.Fixture, tmp_path: Path) -> None:
    """Nothing lost: each non-empty source cell is a value (or a label) in a written file, or
    in the report's list of cells not placed, with its position."""
    content = tmp_path / "content"
    report: SourceReport = Importer(content).import_file(fixture.path)
    pairs = [
        pair for form in report.forms if form.file for pair in _scalars(data_of(Path(form.file)))
    ]
    keys = {key for key, _ in pairs}
    values = {_fold(value) for _, value in pairs if value}
    by_key = {key: {v for k, v in pairs if k == key} for key in keys}
    unplaced = {c.text for c in report.outside} | {c.text for f in report.forms for c in f.unplaced}
    missing = []
    for text in fixture.cells:
        folded = _fold(text)
        label = folded.removeprefix("其中").replace(":", "")
        year = re.search(r"([12]\d{3})年度", folded)
        period = re.fullmatch(r"项目总目标\(([12]\d{3})年-([12]\d{3})年\)", folded)
        unit = re.fullmatch(r"项目资金\((万元|元)\)", folded)
        if text in unplaced or folded in values or label in keys or label in STRUCTURE:
            continue
        if "项目支出绩效目标申报表" in folded or year:
            if year is None or year[1] in by_key["年度"]:
                continue
        elif period:
            if period[1] in by_key["起始年度"] and period[2] in by_key["终止年度"]:
                continue
        elif unit:
            if unit[1] in by_key["资金单位"]:
                continue
        elif not _AMOUNT.fullmatch(folded) and any(folded in value for value in values):
            continue  # part of a value joined from several cells: a wrapped name
        missing.append(text)
    assert missing == []


# ------------------------------------------------------------------ what the fixtures show


def _written(content: Path, name: str) -> tuple[Path, dict[str, YamlValue]]:
    for path in declaration_files(content):
        data = data_of(path)
        if isinstance(data, dict) and data.get("项目名称") == name:
            return path, data
    raise KeyError(name)


def test_wan_yuan_full_width_and_slash_dates(tmp_path: Path) -> None:
    fixture = fx.messy_text(tmp_path)
    content = tmp_path / "content"
    report = Importer(content).import_file(fixture.path)
    path, data = _written(content, "政府实事项目 - 职工疗休养")
    assert data["资金单位"] == "万元"
    assert data["项目性质"] == "阶段性"
    assert data["项目资金"] == {
        "项目资金总额": "320.500000",
        "财政资金": "300.00",
        "其他资金": "20.5",
    }
    assert data["年度资金"] == {
        "年度资金申请总额": "180.00",
        "当年财政拨款": "160.00",
        "上年结转资金": "0.00",
        "其他资金": "20.00",
    }
    assert (data["计划开始日期"], data["计划完成日期"]) == ("2025-03-01", "2026-06-30")
    assert data["项目总目标"] == {
        "起始年度": "2025",
        "终止年度": "2026",
        "内容": "分两年完成全区一线职工疗休养，每年不少于 2,000 人次。",
    }
    warnings = report.forms[0].warnings
    assert "计划开始日期“2025/3/1”写作 2025-03-01" in warnings
    assert "项目资金.项目资金总额“３２０．５０００００”写作 320.500000" in warnings
    assert path.parent.parent.name == "2025"


def test_levels_are_decided_by_vocabulary(tmp_path: Path) -> None:
    """成本指标 as the first level of 财预〔2021〕101号 right after 产出指标 stays a first level;
    in the older layout, shifted into the first-level column, it stays under 产出指标."""
    fixture = fx.messy_text(tmp_path)
    content = tmp_path / "content"
    Importer(content).import_file(fixture.path)
    got = imported(content)
    new = got["政府实事项目 - 职工疗休养"].indicators
    assert list(new) == ["产出指标", "成本指标", "效益指标", "满意度指标"]
    assert list(new["产出指标"]) == ["数量指标", "质量指标", "时效指标"]
    assert list(new["成本指标"]) == ["经济成本指标", "社会成本指标", "生态环境成本指标"]
    assert [i.name for i in new["成本指标"]["经济成本指标"]] == ["人均疗休养费用"]
    assert new["产出指标"]["质量指标"][0].name == "疗休养安全事故发生率"  # joined from two cells
    old = got["基层工会阵地建设"].indicators
    assert list(old) == ["产出指标", "效益指标", "满意度指标"]
    assert old["产出指标"]["成本指标"][0].name == "单个阵地建设成本"
    assert old["效益指标"]["可持续影响指标"][0].name == "阵地长效管理"
    assert old["效益指标"]["经济效益指标"] == [] and old["效益指标"]["生态效益指标"] == []


def test_cost_first_level_in_a_text_export(tmp_path: Path) -> None:
    """The two layouts of 成本指标 in one form: a second level, then a first level."""
    data = fx.declaration(
        "成本指标两种写法",
        indicators={
            "产出指标": {"数量指标": [("数量", "=1个")], "成本指标": []},
            "成本指标": {"经济成本指标": [], "社会成本指标": [("社会成本", "低")]},
        },
    )
    path = tmp_path / "cost.txt"
    fx.write_text(path, [fx.form_grid(data)])
    Importer(tmp_path / "content").import_file(path)
    assert imported(tmp_path / "content")["成本指标两种写法"] == fx.expected(data)


def test_values_that_begin_with_a_label_word(tmp_path: Path) -> None:
    """A goal "总体目标：…" or a name "项目资金…" is text, not the label it begins with."""
    data = fx.declaration(
        "项目资金绩效评价",
        goal="总体目标：通过第三方评价，提高项目资金使用效益。",
        annual_goal="项目总目标分解到年度：完成 20 个项目的评价。",
        indicators={"产出指标": {"数量指标": [("项目资金到位率", "=100%")]}},
    )
    path = tmp_path / "labels.txt"
    fx.write_text(path, [fx.form_grid(data)])
    report = Importer(tmp_path / "content").import_file(path)
    assert [(f.action, f.unplaced) for f in report.forms] == [("新建", [])]
    assert imported(tmp_path / "content")["项目资金绩效评价"] == fx.expected(data)


@pytest.mark.parametrize(
    ("title", "year_label", "with_title"),
    [
        (fx.TITLE, "(2024年度)", False),
        (fx.TITLE, "（2025年度）", False),
        (fx.TITLE, "2024 年度", False),
        (fx.SHORT_TITLE, "(2024年度)", False),
        (fx.SHORT_TITLE, "（2025年度）", True),
        (fx.TITLE, "（2026 年度）", True),
        (fx.TITLE, " ( 2024 年 度 ) ", False),
    ],
)
def test_title_variants(tmp_path: Path, title: str, year_label: str, with_title: bool) -> None:
    year = int(re.sub(r"\D", "", year_label))
    data = fx.declaration("标题写法", year=year)
    path = tmp_path / "title.txt"
    grid = fx.form_grid(data, title=title, year_label=year_label, title_with_year=with_title)
    fx.write_text(path, [grid])
    report = Importer(tmp_path / "content").import_file(path)
    assert [(f.year, f.action, f.unplaced) for f in report.forms] == [(str(year), "新建", [])]
    assert imported(tmp_path / "content")["标题写法"] == fx.expected(data)


def test_workbook_numbers_and_positions(tmp_path: Path) -> None:
    """Number cells as the sheet shows them (0.00 stays 0.00); positions as Sheet!C12."""
    fixture = fx.workbook(tmp_path)
    content = tmp_path / "content"
    report = Importer(content).import_file(fixture.path)
    assert [f.where for f in report.forms] == ["总工会!A1", "总工会!A24", "改造项目!A1"]
    assert [(c.text, c.where) for c in report.forms[2].unplaced] == [
        ("注：金额以批复为准", "改造项目!G6")
    ]
    _, data = _written(content, "职工文化活动")
    assert data["项目资金"] == {
        "项目资金总额": "1,846,000.00",
        "财政资金": "1,846,000.00",
        "其他资金": "0.00",
    }
    assert data["计划开始日期"] == "2025-01-01"
    _, other = _written(content, "劳模创新工作室补贴")
    assert other["项目资金"] == {
        "项目资金总额": "250,000.00",
        "财政资金": "200,000.00",
        "其他资金": "50,000.00",
    }
    assert other["年度资金"]["上年结转资金"] is None  # type: ignore[index]


def test_workbook_percent_cell(tmp_path: Path) -> None:
    """A target typed as a number in a percent format is imported as the sheet shows it."""
    data = fx.declaration(
        "百分比格式", indicators={"满意度指标": {"服务对象满意度指标": [("满意度", "85%")]}}
    )
    grid = fx.form_grid(data)
    grid.typed[grid.find("85%")] = (0.85, "0%")
    path = tmp_path / "percent.xlsx"
    fx.write_xlsx(path, {"Sheet1": [grid]})
    Importer(tmp_path / "content").import_file(path)
    assert imported(tmp_path / "content")["百分比格式"] == fx.expected(data)


def test_document_positions_and_paragraphs(tmp_path: Path) -> None:
    fixture = fx.document(tmp_path)
    content = tmp_path / "content"
    report = Importer(content).import_file(fixture.path)
    assert [f.where for f in report.forms] == ["第 1 段", "第 6 段", "表格 4 第 1 行第 1 列"]
    assert [(c.text, c.where) for f in report.forms for c in f.unplaced] == [
        ("续表", "第 3 段"),
        ("填报说明：金额单位见各表表头", "第 9 段"),
    ]
    got = imported(content)
    assert got["困难职工帮扶"].start_date.isoformat() == "2026-01-01"
    assert "计划开始日期“2026/1/1”写作 2026-01-01" in report.forms[0].warnings


def test_inconsistent_values_are_imported_as_written(tmp_path: Path) -> None:
    """A wrong sum and a date order the wrong way round: imported, then reported by check."""
    data = fx.declaration(
        "数不一致",
        start="2024-12-31",
        end="2024-01-01",
        project=("100.00", "90.00", None),
        annual=("120.00", "100.00", None, None),
    )
    path = tmp_path / "odd.txt"
    fx.write_text(path, [fx.form_grid(data)])
    content = tmp_path / "content"
    report = Importer(content).import_file(path)
    assert [f.action for f in report.forms] == ["新建"]
    declaration = imported(content)["数不一致"]
    assert declaration.model_copy(update={"acknowledged": None}) == fx.expected(data)
    # The copy is faithful, so its problems are the published form's: acknowledged (原表问题)
    # by the import, reported by check as notices, not errors.
    assert [(a.code, a.at) for a in declaration.acknowledged or []] == [
        ("funding-sum", "项目资金.项目资金总额"),
        ("funding-sum", "年度资金.年度资金申请总额"),
        ("funding-annual-exceeds-total", "年度资金.年度资金申请总额"),
        ("date-order", "计划完成日期"),
    ]
    notices = {d.code for d in load_corpus(content).diagnostics if d.severity.value == "提示"}
    assert {"funding-sum", "funding-annual-exceeds-total", "date-order"} <= notices


# ------------------------------------------------------------------ identity and slugs


def test_slugs_are_deterministic(tmp_path: Path) -> None:
    trees = []
    for attempt in ("a", "b"):
        source = tmp_path / attempt
        source.mkdir()
        fixtures = [builder(source) for builder in fx.BUILDERS.values()]
        importer = Importer(source / "content")
        for fixture in fixtures:
            importer.import_file(fixture.path)
        trees.append(files_under(source / "content"))
    assert trees[0] == trees[1]
    assert len([p for p in trees[0] if p.count("/") == 2]) == 11


def test_different_projects_never_share_a_file(tmp_path: Path) -> None:
    """Same name in two departments or years, and two names with the same pinyin."""
    forms = [
        fx.declaration("工会会员卡", year=2024, department="上海市东海区总工会"),
        fx.declaration("公会会员卡", year=2024, department="上海市东海区总工会"),
        fx.declaration("工会会员卡", year=2024, department="上海市东海区妇女联合会"),
        fx.declaration("工会会员卡", year=2025, department="上海市东海区总工会"),
    ]
    path = tmp_path / "same.txt"
    fx.write_text(path, [fx.form_grid(d) for d in forms])
    content = tmp_path / "content"
    report = Importer(content).import_file(path)
    files = [f.file for f in report.forms]
    assert [f.action for f in report.forms] == ["新建"] * 4
    assert len(set(files)) == 4
    relative = [Path(f or "").relative_to(content).as_posix() for f in files]
    assert relative[0] == "2024/zong-gong-hui/gong-hui-hui-yuan-ka.yaml"
    assert re.fullmatch(
        r"2024/zong-gong-hui/gong-hui-hui-yuan-ka-[0-9a-f]{6}\.yaml",
        relative[1],
    )
    assert relative[3] == "2025/zong-gong-hui/gong-hui-hui-yuan-ka.yaml"
    corpus = load_corpus(content)
    assert corpus.ok, [d.format() for d in corpus.diagnostics]
    assert len(corpus.projects) == 4


def test_reimport_finds_a_renamed_file(tmp_path: Path) -> None:
    fixture = fx.messy_text(tmp_path)
    content = tmp_path / "content"
    Importer(content).import_file(fixture.path)
    path, _ = _written(content, "基层工会阵地建设")
    renamed = path.with_name("jiceng-zhendi.yaml")
    path.rename(renamed)
    report = Importer(content).import_file(fixture.path)
    assert [f.action for f in report.forms] == ["未变", "未变"]
    assert report.forms[1].file == renamed.as_posix()
    assert len(declaration_files(content)) == 2


# ------------------------------------------------------------------ the command


def test_cli_imports_and_reports(tmp_path: Path) -> None:
    content = tmp_path / "content"
    report_file = tmp_path / "report.json"
    code, output = run_cli(SEED, "--content", content, "--report", report_file)
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == f"{SEED.as_posix()}（编码：UTF-8）"
    slug = "zong-gong-hui"
    assert lines[1] == (
        f"  第 3 行第 1 格 工会工作者经费（2024） → {content.as_posix()}/2024/{slug}/"
        "gong-hui-gong-zuo-zhe-jing-fei.yaml：新建，12 个指标，72 格全部放置"
    )
    assert "汇总：3 张表（新建 3）；未放置 0 格。" in lines
    # Every file written is named, the registry too (it was left out of the count before).
    assert "已写入 4 个文件：" in lines
    assert (
        f"  {content.as_posix()}/departments.yaml（主管部门名录，新增 {slug}（{SEED_DEPARTMENT}））"
        in lines
    )
    assert f"  {content.as_posix()}/2024/{slug}/gong-hui-gong-zuo-zhe-jing-fei.yaml" in lines
    assert f"请运行 jixiao check --content {content} 检查。" in lines
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert [s["source"] for s in report] == [SEED.as_posix()]
    forms = report[0]["forms"]
    assert [f["action"] for f in forms] == ["新建"] * 3
    assert [f["indicators"] for f in forms] == [12, 9, 9]
    assert [f["unplaced"] for f in forms] == [[], [], []]
    assert report[0]["notes"] == ["编码：UTF-8"] and report[0]["error"] is None
    assert len(declaration_files(content)) == 3


def test_cli_new_directory_gets_a_registry_that_checks(tmp_path: Path) -> None:
    content = tmp_path / "new" / "content"
    fixture = fx.workbook(tmp_path)
    code, output = run_cli(fixture.path, "--content", content)
    assert code == 0, output
    assert "未放置：改造项目!G6“注：金额以批复为准”" in output
    registry = (content / "departments.yaml").read_text(encoding="utf-8")
    assert registry.startswith("# yaml-language-server: $schema=../schema/departments.schema.json")
    assert data_of(content / "departments.yaml") == {
        "部门": [{"代码": "zong-gong-hui", "名称": "上海市东海区总工会"}]
    }
    corpus = load_corpus(content)
    assert corpus.ok, [d.format() for d in corpus.diagnostics]
    assert len(corpus.projects) == 3


def test_cli_refused_form_exit_code_and_others_go_on(tmp_path: Path) -> None:
    content = tmp_path / "content"
    gbk = fx.gbk_text(tmp_path)
    other = fx.not_a_form(tmp_path)
    report_file = tmp_path / "report.json"
    code, output = run_cli(
        gbk.path, other.path, SEED, "--content", content, "--report", report_file
    )
    assert code == 1
    assert f"{gbk.path.as_posix()}（编码：GB18030/GBK）" in output
    assert "    错误：缺少项目名称，无法导入这张表" in output
    assert "  错误：文件中没有找到“项目支出绩效目标申报表”标题，不像是申报表" in output
    assert "表格之外的内容（未放置）：第 1 行第 1 格“会议纪要”" in output
    assert "汇总：6 张表（拒绝 1，新建 5）；未放置 5 格。" in output
    assert len(declaration_files(content)) == 5
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert [s["error"] is None for s in report] == [True, False, True]
    assert [f["action"] for f in report[0]["forms"]] == ["新建", "拒绝", "新建"]
    assert report[0]["forms"][1]["project"] is None


def test_cli_dry_run_writes_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    code, output = run_cli(SEED, "--content", content, "--dry-run")
    assert code == 0, output
    assert output.count("新建（试运行，未写入）") == 3
    assert "已写入" not in output
    assert not content.exists()

    shutil.copytree(CONTENT, content)
    before = files_under(content)
    changed = tmp_path / "changed.txt"
    changed.write_text(SEED.read_text(encoding="utf-8").replace("750,000.00", "760,000.00"))
    code, output = run_cli(changed, fx.workbook(tmp_path).path, "--content", content, "--dry-run")
    assert code == 0, output
    assert "更新（试运行，未写入）" in output and "新建（试运行，未写入）" in output
    assert files_under(content) == before


def test_cli_reimport_is_unchanged(tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert run_cli(SEED, "--content", content)[0] == 0
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in content.rglob("*") if p.is_file()}
    code, output = run_cli(SEED, "--content", content)
    assert code == 0, output
    assert output.count("：未变，") == 3
    assert "汇总：3 张表（未变 3）；未放置 0 格。" in output
    assert "已写入" not in output
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in content.rglob("*") if p.is_file()}
    assert after == before


def test_cli_changed_amount_updates(tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert run_cli(SEED, "--content", content)[0] == 0
    changed = tmp_path / "changed.txt"
    changed.write_text(SEED.read_text(encoding="utf-8").replace("750,000.00", "760,000.00"))
    code, output = run_cli(changed, "--content", content)
    assert code == 0, output
    assert "汇总：3 张表（更新 1，未变 2）；未放置 0 格。" in output
    got = imported(content)["一期场馆运营经费项目"]
    assert str(got.project_funds.total) == "760000.00"
    assert len(declaration_files(content)) == 3


def test_cli_dropping_an_indicator_needs_force(tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert run_cli(SEED, "--content", content)[0] == 0
    target = next(p for p in declaration_files(content) if p.name.startswith("gong-hui-gong"))
    before = target.read_bytes()
    shorter = tmp_path / "shorter.txt"
    text = SEED.read_text(encoding="utf-8")
    line = "\t\t\t工会工作者培训覆盖率\t\t>=85%\n"
    assert line in text
    shorter.write_text(text.replace(line, ""), encoding="utf-8")

    code, output = run_cli(shorter, "--content", content)
    assert code == 1
    assert "：拒绝，11 个指标" in output
    assert "新导入的内容会丢掉 2 个值" in output and "--force" in output
    assert target.read_bytes() == before

    code, output = run_cli(shorter, "--content", content, "--force")
    assert code == 0, output
    assert "：更新，11 个指标" in output
    assert len(imported(content)["工会工作者经费"].indicator_rows()) == 11


def test_cli_new_department_is_appended_to_the_registry(content_copy: Path, tmp_path: Path) -> None:
    before = (content_copy / "departments.yaml").read_text(encoding="utf-8")
    data = fx.declaration("女职工关爱行动", department="上海市宝山区妇女联合会")
    path = tmp_path / "new.txt"
    fx.write_text(path, [fx.form_grid(data)])
    code, output = run_cli(path, "--content", content_copy)
    assert code == 0, output
    after = (content_copy / "departments.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # comments and existing entries kept as they were
    assert after[len(before) :] == (
        "  - 代码: fu-nv-lian-he-hui\n    名称: 上海市宝山区妇女联合会\n"
    )
    assert (content_copy / "2024/fu-nv-lian-he-hui/nv-zhi-gong-guan-ai-xing-dong.yaml").is_file()
    corpus = load_corpus(content_copy)
    assert [d.code for d in corpus.diagnostics if d.severity.name == "ERROR"] == []
    assert len(corpus.projects) == 4


def test_cli_unsupported_and_missing_files(tmp_path: Path) -> None:
    doc = tmp_path / "form.doc"  # the old Word format: not read (PDFs are, see test_import_pdf)
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    code, output = run_cli(doc, tmp_path / "missing.txt", SEED, "--content", tmp_path / "c")
    assert code == 1
    assert "不支持的文件类型 .doc；支持 .csv、.docx、.pdf、.text、.txt、.xlsx" in output
    assert "文件不存在" in output
    assert "汇总：3 张表（新建 3）；未放置 0 格。" in output


@pytest.mark.parametrize(
    "damage",
    [b"  bad: [\n", "\n# 手工改过\n".encode("gbk")],
    ids=["yaml-error", "not-utf8"],
)
def test_an_unreadable_existing_file_is_not_overwritten(tmp_path: Path, damage: bytes) -> None:
    data = fx.declaration("工会会员卡")
    path = tmp_path / "card.txt"
    fx.write_text(path, [fx.form_grid(data)])
    content = tmp_path / "content"
    Importer(content).import_file(path)
    [target] = declaration_files(content)
    broken = target.read_bytes() + damage
    target.write_bytes(broken)
    report = Importer(content).import_file(path)
    assert [f.action for f in report.forms] == ["拒绝"]
    assert "无法读取" in report.forms[0].errors[0]
    assert target.read_bytes() == broken
    report = Importer(content, force=True).import_file(path)
    assert [f.action for f in report.forms] == ["更新"]
    assert imported(content)["工会会员卡"] == fx.expected(data)


def test_a_form_without_department_is_refused(tmp_path: Path) -> None:
    data = fx.declaration("无主管部门")
    grid = fx.form_grid(data)
    r, c = grid.find("上海市东海区总工会")
    grid.rows[r][c] = ""
    path = tmp_path / "nodept.txt"
    fx.write_text(path, [grid, fx.form_grid(fx.declaration("有主管部门"))])
    report = Importer(tmp_path / "content").import_file(path)
    assert [f.action for f in report.forms] == ["拒绝", "新建"]
    assert report.forms[0].errors == ["缺少主管部门，无法确定文件放在哪个目录"]


def test_page_numbers_and_notes_under_the_indicator_table_are_not_indicators(
    tmp_path: Path,
) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    last = max(i for i, line in enumerate(lines) if "工会工作者满意度" in line)
    lines[last + 1 : last + 1] = ["- 3 -", "注：金额以批复为准", "第 4 页 共 20 页"]
    source = tmp_path / "seed-with-footers.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = Importer(tmp_path / "content").import_file(source)
    first = report.forms[0]
    assert first.indicators == 12  # as without the footers
    assert [c.text for c in first.unplaced] == ["- 3 -", "注：金额以批复为准", "第 4 页 共 20 页"]
    assert all(c.where.startswith("第 ") for c in first.unplaced)


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (1.1 + 2.2, "General", "3.3"),  # a formula's double: 3.3000000000000003
        (0.1 + 0.2, "0.00%", "30.00%"),
        (1234.5678, "General", "1234.5678"),
        (123456789.123456, "General", "123456789.123456"),  # 15 digits, all kept
        (12345678901234567890, "General", "12345678901234567890"),  # an int is exact
    ],
)
def test_a_spreadsheet_number_is_read_as_excel_holds_it(
    value: float, number_format: str, shown: str
) -> None:
    # The noise of binary floating point was written as the amount (16 places: check refused
    # it) and recorded as a funding-sum problem of the published form.
    from generator.importers.sheet_cells import cell_value as _cell_value

    assert _cell_value(value, number_format)[0] == shown


def test_cells_set_in_distributed_alignment_read_as_their_words(tmp_path: Path) -> None:
    # 分散对齐 spreads a short cell over its width; the PDF's text has a space between each
    # character (经 常 性 项 目, 进 入 决 赛), which was written into the file and made
    # 项目类别 unknown. A cell of single characters each set apart is one word; a cell of
    # words (上海市 普陀区) keeps its space.
    import re

    def spread(cell: str) -> str:
        return " ".join(cell) if re.fullmatch(r"[\u4e00-\u9fff：]{2,6}", cell) else cell

    text = SEED.read_text(encoding="utf-8")
    spread_text = "\n".join("\t".join(map(spread, line.split("\t"))) for line in text.splitlines())
    assert "经 常 性 项 目" in spread_text and "进 入 决 赛" in spread_text
    written = []
    for name, body in (("plain.txt", text), ("spread.txt", spread_text)):
        source = tmp_path / name
        source.write_text(body, encoding="utf-8")
        content = tmp_path / name.removesuffix(".txt")
        Importer(content).import_file(source)
        written.append(
            {p.name: p.read_text(encoding="utf-8") for p in sorted(content.rglob("*.yaml"))}
        )
    assert written[0] == written[1]

    from generator.importers.grid import clean_cell

    assert clean_cell("上海市 普陀区") == "上海市 普陀区"
    assert clean_cell("项\u3000目\u3000名\u3000称") == "项目名称"


def test_excels_unicode_text_export_imports_as_the_same_form(tmp_path: Path) -> None:
    # Excel and WPS "另存为 Unicode 文本" write UTF-16 LE with its BOM and CRLF lines: it was
    # refused as neither UTF-8 nor GBK.
    text = SEED.read_text(encoding="utf-8")
    utf16 = tmp_path / "unicode.txt"
    utf16.write_bytes(b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"))
    written = []
    for source in (SEED, utf16):
        content = tmp_path / f"from-{source.stem}"
        report = Importer(content).import_file(source)
        assert report.error is None, report.error
        written.append({p.name: p.read_text("utf-8") for p in sorted(content.rglob("*.yaml"))})
    assert written[0] == written[1]
    assert any("UTF-16" in note for note in report.notes)
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\xff\xfe" + "项目".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate
    report = Importer(tmp_path / "broken").import_file(broken)
    assert report.error is not None and "UTF-16" in report.error
