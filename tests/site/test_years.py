"""`generator.site.years`: a project's history across years, and each department's year lists.

The tree is the shipped content (2024, no codes) plus later years written from the shipped
files with a 项目编码 and a few edits, in a private copy:

    2024 总工会   会员卡 BS-ZGH-0003, 工作者 BS-ZGH-0001, 场馆 (no code)
    2025 总工会   会员卡 bs-zgh-0003 (more money, targets changed), 场馆 (no code),
                  服务卡 BS-ZGH-0010 (new)
    2025 教育局   工作者 BS-ZGH-0001 (moved here by a reform)
    2026 总工会   会员卡 BS-ZGH-0003 (in 万元, 当年财政拨款 blank)
    2027 教育局   工作者 BS-ZGH-0001 (教育局 declared nothing in 2026)
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.core.project import Corpus, Project
from generator.load.corpus import load_corpus
from generator.review.semantic_diff import IndicatorChange
from generator.site.years import (
    DepartmentYear,
    Lineage,
    Status,
    TargetCell,
    Years,
    build_years,
)
from tests.support.paths import REPO

SHIPPED = REPO / "content" / "2024" / "baoshan-zonggonghui"
ZGH = "baoshan-zonggonghui"
JYJ = "baoshan-jiaoyuju"
CARD = "zhengfu-shishi-gonghui-huiyuanka"
WORKER = "gonghui-gongzuozhe-jingfei"
HALL = "yiqi-changguan-yunying-jingfei"
SERVICE = "fuwuka"


def shipped(slug: str) -> str:
    return (SHIPPED / f"{slug}.yaml").read_text(encoding="utf-8")


def edited(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def declared(slug: str, year: int, code: str | None, *replacements: tuple[str, str]) -> str:
    """A shipped declaration moved to `year` (every date with it), with `code` and edits."""
    text = shipped(slug).replace("2024", str(year))  # the shipped files mention no other 2024
    if code is not None:
        name_line = next(line for line in text.split("\n") if line.startswith("项目名称:"))
        text = edited(text, (f"{name_line}\n", f"{name_line}\n项目编码: {code}\n"))
    return edited(text, *replacements)


def to_jiaoyuju(text: str) -> str:
    return edited(text, ("主管部门: 上海市宝山区总工会", "主管部门: 上海市宝山区教育局"))


CARD_2025 = (
    ("  年度资金申请总额: 1,846,000.00", "  年度资金申请总额: 2,000,000.00"),
    ("  当年财政拨款: 1,846,000.00", "  当年财政拨款: 2,000,000.00"),
    ("  项目资金总额: 1,846,000.00", "  项目资金总额: 2,000,000.00"),
    ("  财政资金: 1,846,000.00", "  财政资金: 2,000,000.00"),
    ("年度指标值: ≥140000.00(人)", "年度指标值: ≥150000.00(人)"),  # 更严格
    ("年度指标值: 满意", "年度指标值: 基本满意"),  # changed, not comparable
    ("      - 三级指标: 宣传覆盖面\n        年度指标值: 扩大\n", ""),  # removed
    (
        "        年度指标值: 按时投保\n",
        "        年度指标值: 按时投保\n      - 三级指标: 会员卡激活率\n"
        '        年度指标值: ">=90%"\n',
    ),  # added
)
CARD_2026 = (
    ("资金单位: 元", "资金单位: 万元"),
    ("  项目资金总额: 1,846,000.00", "  项目资金总额: 210.00"),
    ("  财政资金: 1,846,000.00", "  财政资金: 210.00"),
    ("  年度资金申请总额: 1,846,000.00", "  年度资金申请总额: 210.00"),
    ("  当年财政拨款: 1,846,000.00", "  当年财政拨款:"),  # blank
    ("  上年结转资金: 0.00", "  上年结转资金: 210.00"),
    ("年度指标值: ≥140000.00(人)", "年度指标值: ≥150000.00(人)"),
    ("年度指标值: 满意", "年度指标值: 基本满意"),
    ("      - 三级指标: 宣传覆盖面\n        年度指标值: 扩大\n", ""),
    (
        "        年度指标值: 按时投保\n",
        "        年度指标值: 按时投保\n      - 三级指标: 会员卡激活率\n"
        '        年度指标值: ">=85%"\n',
    ),  # 更宽松 than 2025
)


def write(root: Path, year: int, department: str, slug: str, text: str) -> None:
    folder = root / str(year) / department
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def corpus(content_copy: Path) -> Corpus:
    root = content_copy
    registry = root / "departments.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8") + f"  - 代码: {JYJ}\n    名称: 上海市宝山区教育局\n",
        encoding="utf-8",
    )
    write(root, 2024, ZGH, CARD, declared(CARD, 2024, "BS-ZGH-0003"))
    write(root, 2024, ZGH, WORKER, declared(WORKER, 2024, "BS-ZGH-0001"))
    write(root, 2025, ZGH, CARD, declared(CARD, 2025, "bs-zgh-0003", *CARD_2025))
    write(root, 2025, ZGH, HALL, declared(HALL, 2025, None))
    write(
        root,
        2025,
        ZGH,
        SERVICE,
        declared(
            CARD,
            2025,
            "BS-ZGH-0010",
            ("项目名称: 政府实事项目 - 工会会员卡", "项目名称: 会员服务卡"),
        ),
    )
    write(root, 2025, JYJ, WORKER, to_jiaoyuju(declared(WORKER, 2025, "BS-ZGH-0001")))
    write(root, 2026, ZGH, CARD, declared(CARD, 2026, "BS-ZGH-0003", *CARD_2026))
    write(root, 2027, JYJ, WORKER, to_jiaoyuju(declared(WORKER, 2027, "BS-ZGH-0001")))
    loaded = load_corpus(root)
    assert loaded.ok, "\n".join(d.format() for d in loaded.diagnostics)
    # The move to 教育局 is a legitimate reform here: a warning for the reviewer, no error.
    assert sorted({d.code for d in loaded.diagnostics}) == [
        "indicator-placement",
        "project-code-department",
    ]
    return loaded


@pytest.fixture
def years(corpus: Corpus) -> Years:
    return build_years(corpus)


def project(corpus: Corpus, year: int, department: str, slug: str) -> Project:
    (found,) = [p for p in corpus.projects if p.id == f"{year}/{department}/{slug}"]
    return found


def index_of(lineage: Lineage, member: Project) -> int:
    """The position of `member` in its lineage (ValueError when it is not one of them)."""
    for index, candidate in enumerate(lineage.projects):
        if candidate.id == member.id:
            return index
    raise ValueError(f"{member.id} is not in the lineage of {lineage.code}")


def department_year(years: Years, slug: str, year: int) -> DepartmentYear | None:
    return next((d for d in years.department_years(slug) if d.year == year), None)


def ids(projects: tuple[Project, ...] | list[Project]) -> list[str]:
    return [p.id for p in projects]


# --- lineages ---------------------------------------------------------------------------------


def test_only_codes_declared_in_several_years_have_a_lineage(corpus: Corpus, years: Years) -> None:
    assert [lineage.code for lineage in years.lineages] == ["BS-ZGH-0001", "BS-ZGH-0003"]
    assert years.lineage_of(project(corpus, 2025, ZGH, HALL)) is None  # no code
    assert years.lineage_of(project(corpus, 2024, ZGH, HALL)) is None
    assert years.lineage_of(project(corpus, 2025, ZGH, SERVICE)) is None  # one year only


def test_lineage_links_by_code_ignoring_case_and_keeps_the_latest_spelling(
    corpus: Corpus, years: Years
) -> None:
    lineage = years.lineage_of(project(corpus, 2025, ZGH, CARD))
    assert lineage is not None
    assert lineage.code == "BS-ZGH-0003"
    assert lineage.key == "bs-zgh-0003"
    assert lineage.years == (2024, 2025, 2026)
    assert ids(lineage.projects) == [f"{y}/{ZGH}/{CARD}" for y in (2024, 2025, 2026)]
    assert lineage.latest.id == f"2026/{ZGH}/{CARD}"
    assert index_of(lineage, project(corpus, 2025, ZGH, CARD)) == 1
    for member in lineage.projects:
        assert years.lineage_of(member) is lineage
    with pytest.raises(ValueError, match="not in the lineage"):
        index_of(lineage, project(corpus, 2025, ZGH, HALL))


def test_lineage_follows_a_project_across_departments_and_gaps(
    corpus: Corpus, years: Years
) -> None:
    lineage = years.lineage_of(project(corpus, 2024, ZGH, WORKER))
    assert lineage is not None
    assert lineage.years == (2024, 2025, 2027)
    assert [p.department_slug for p in lineage.projects] == [ZGH, JYJ, JYJ]
    first, second = lineage.steps
    assert (first.before.declaration.year, first.after.declaration.year) == (2024, 2025)
    assert (second.before.declaration.year, second.after.declaration.year) == (2025, 2027)
    assert [(f.label, f.before, f.after) for f in first.fields] == [
        ("主管部门", "上海市宝山区总工会", "上海市宝山区教育局"),
        ("计划开始日期", "2024-01-01", "2025-01-01"),
        ("计划完成日期", "2024-12-31", "2025-12-31"),
        ("项目总目标起始年度", "2024", "2025"),
        ("项目总目标终止年度", "2024", "2025"),
    ]
    assert first.indicators == () and first.funding == ()


def test_funding_per_year_in_yuan_with_blanks_and_deltas(corpus: Corpus, years: Years) -> None:
    lineage = years.lineage_of(project(corpus, 2024, ZGH, CARD))
    assert lineage is not None
    rows = [
        (f.year, f.annual_total, f.appropriation, f.annual_total_delta, f.appropriation_delta)
        for f in lineage.funding
    ]
    two_million = Decimal("2000000.00")
    assert rows == [
        (2024, Decimal("1846000.00"), Decimal("1846000.00"), None, None),
        (2025, two_million, two_million, Decimal("154000.00"), Decimal("154000.00")),
        # 210.00 万元 is 2,100,000.00 元; a blank 当年财政拨款 is None, and so is its change.
        (2026, Decimal("2100000.00"), None, Decimal("100000.00"), None),
    ]


def test_steps_carry_the_indicator_changes_of_jixiao_diff(corpus: Corpus, years: Years) -> None:
    lineage = years.lineage_of(project(corpus, 2024, ZGH, CARD))
    assert lineage is not None
    first, second = lineage.steps
    assert first.before.id == f"2024/{ZGH}/{CARD}" and first.after.id == f"2025/{ZGH}/{CARD}"
    assert first.indicators == (
        IndicatorChange(
            "target", "产出指标", "数量指标", "工会会员服务卡的覆盖人数",
            "≥140000.00(人)", "≥150000.00(人)", "更严格",
        ),
        IndicatorChange("removed", "效益指标", "生态效益指标", "宣传覆盖面", "扩大"),
        IndicatorChange(
            "target", "满意度指标", "服务对象满意度指标", "职工满意度", "满意", "基本满意", None
        ),
        IndicatorChange("added", "产出指标", "时效指标", "会员卡激活率", None, ">=90%"),
    )  # fmt: skip
    assert first.count("target") == 2
    assert first.count("target", "更严格") == 1
    assert (first.count("added"), first.count("removed")) == (1, 1)
    assert second.indicators == (
        IndicatorChange(
            "target", "产出指标", "时效指标", "会员卡激活率", ">=90%", ">=85%", "更宽松"
        ),
    )
    assert second.count("target", "更宽松") == 1
    assert [f.label for f in second.fields] == [
        "项目编码",  # bs-zgh-0003 → BS-ZGH-0003: the same code, written differently
        "计划开始日期",
        "计划完成日期",
        "资金单位",
        "项目总目标起始年度",
        "项目总目标终止年度",
    ]
    assert [(f.label, f.before, f.after) for f in second.funding] == [
        ("项目资金总额", Decimal("2000000.00"), Decimal("2100000.00")),
        ("财政资金", Decimal("2000000.00"), Decimal("2100000.00")),
        ("年度资金申请总额", Decimal("2000000.00"), Decimal("2100000.00")),
        ("当年财政拨款", Decimal("2000000.00"), None),
        ("上年结转资金", Decimal("0.00"), Decimal("2100000.00")),
    ]


def test_indicator_table_has_every_target_in_every_year(corpus: Corpus, years: Years) -> None:
    lineage = years.lineage_of(project(corpus, 2024, ZGH, CARD))
    assert lineage is not None
    table = {h.name: h for h in lineage.indicators}
    # The latest declaration's order, then the indicators it no longer has.
    assert list(table)[:5] == [
        "工会会员服务卡的覆盖人数",
        "部门沟通机制健全",
        "投保周期",
        "会员卡激活率",
        "投保单价",
    ]
    assert list(table)[-1] == "宣传覆盖面"
    assert len(table) == 10  # 9 shipped, 1 added, 1 removed

    def cells(name: str) -> list[tuple[int, str | None, str | None, str | None]]:
        return [(c.year, c.target, c.change, c.strength) for c in table[name].cells]

    assert cells("工会会员服务卡的覆盖人数") == [
        (2024, "≥140000.00(人)", None, None),
        (2025, "≥150000.00(人)", "target", "更严格"),
        (2026, "≥150000.00(人)", None, None),
    ]
    assert cells("会员卡激活率") == [
        (2024, None, None, None),
        (2025, ">=90%", "added", None),
        (2026, ">=85%", "target", "更宽松"),
    ]
    assert cells("宣传覆盖面") == [
        (2024, "扩大", None, None),
        (2025, None, "removed", None),
        (2026, None, None, None),
    ]
    assert cells("职工满意度")[1] == (2025, "基本满意", "target", None)
    assert (table["宣传覆盖面"].level1, table["宣传覆盖面"].level2) == ("效益指标", "生态效益指标")
    assert table["投保单价"].cells[0] == TargetCell(2024, "=13.00(元)", None, None)


# --- departments year by year -----------------------------------------------------------------


def test_department_years_and_totals(years: Years) -> None:
    union = years.department_years(ZGH)
    assert [(d.year, d.previous_year, d.compared) for d in union] == [
        (2024, None, False),
        (2025, 2024, True),
        (2026, 2025, True),
    ]
    assert [(d.totals.count, d.totals.annual_total, d.totals.appropriation) for d in union] == [
        (3, Decimal("18953365.00"), Decimal("18953365.00")),
        (3, Decimal("4596000.00"), Decimal("4596000.00")),
        (1, Decimal("2100000.00"), Decimal("0")),
    ]
    assert union[0].department == "上海市宝山区总工会"
    bureau = years.department_years(JYJ)
    assert [(d.year, d.previous_year) for d in bureau] == [(2025, None), (2027, 2025)]
    assert department_year(years, JYJ, 2026) is None
    assert years.department_years("nowhere") == ()


def test_first_year_lists_everything_as_new_without_comparison(years: Years) -> None:
    first = department_year(years, ZGH, 2024)
    assert first is not None and not first.compared
    assert [p.project.slug for p in first.new] == [WORKER, HALL, CARD]
    assert first.continued == () and first.ended == ()
    assert [p.note for p in first.new] == [
        None,
        "未填写项目编码，无法与其他年度的申报对应，每年都按新增列出",
        None,
    ]


def test_new_continued_and_ended(corpus: Corpus, years: Years) -> None:
    year = department_year(years, ZGH, 2025)
    assert year is not None
    assert [(p.status, p.project.slug, p.code) for p in year.new] == [
        (Status.NEW, SERVICE, "BS-ZGH-0010"),
        (Status.NEW, HALL, None),
    ]
    (continued,) = year.continued
    assert (continued.status, continued.project.id, continued.code) == (
        Status.CONTINUED,
        f"2025/{ZGH}/{CARD}",
        "bs-zgh-0003",
    )
    assert continued.previous == project(corpus, 2024, ZGH, CARD)
    assert continued.note is None and continued.renamed_from is None
    (ended,) = year.ended
    # The project ended here is declared by 教育局 this year: the reform, shown both ways.
    assert (ended.status, ended.year, ended.project.id) == (
        Status.ENDED,
        2025,
        f"2024/{ZGH}/{WORKER}",
    )
    assert ended.later == project(corpus, 2025, JYJ, WORKER)
    assert ended.note == "2025 年改由上海市宝山区教育局申报"
    hall = year.new[1]
    assert hall.uncoded and hall.earlier is None
    assert hall.note == "未填写项目编码，无法与其他年度的申报对应，每年都按新增列出"
    assert year.new[0].note is None and not year.new[0].uncoded


def test_a_project_moved_in_is_new_with_where_it_came_from(corpus: Corpus, years: Years) -> None:
    year = department_year(years, JYJ, 2025)
    assert year is not None and not year.compared
    (moved,) = year.new
    assert moved.earlier == project(corpus, 2024, ZGH, WORKER)
    assert moved.note == "2024 年由上海市宝山区总工会申报"


def test_continued_over_a_gap_in_the_department_years(corpus: Corpus, years: Years) -> None:
    year = department_year(years, JYJ, 2027)
    assert year is not None and year.previous_year == 2025
    (continued,) = year.continued
    assert continued.previous == project(corpus, 2025, JYJ, WORKER)
    assert year.new == () and year.ended == ()


def test_ended_without_a_later_declaration_and_uncoded_never_end(years: Years) -> None:
    year = department_year(years, ZGH, 2026)
    assert year is not None
    assert [p.project.slug for p in year.continued] == [CARD]
    # 服务卡 ends; 场馆 had no code, so it cannot be followed and is not listed as ended.
    assert [(p.project.id, p.later, p.note) for p in year.ended] == [
        (f"2025/{ZGH}/{SERVICE}", None, None)
    ]
    assert year.new == ()


def test_renamed_and_resumed_projects_are_noted(content_copy: Path) -> None:
    root = content_copy
    write(root, 2024, ZGH, CARD, declared(CARD, 2024, "BS-ZGH-0003"))
    write(root, 2024, ZGH, WORKER, declared(WORKER, 2024, "BS-ZGH-0001"))
    renamed = declared(
        CARD, 2025, "BS-ZGH-0003", ("项目名称: 政府实事项目 - 工会会员卡", "项目名称: 工会会员卡")
    )
    write(root, 2025, ZGH, CARD, renamed)
    write(root, 2026, ZGH, CARD, declared(CARD, 2026, "BS-ZGH-0003"))
    write(root, 2026, ZGH, WORKER, declared(WORKER, 2026, "BS-ZGH-0001"))
    corpus = load_corpus(root)
    assert corpus.ok
    years = build_years(corpus)
    ended = department_year(years, ZGH, 2025)
    assert ended is not None
    (renamed_card,) = ended.continued
    assert renamed_card.renamed_from == "政府实事项目 - 工会会员卡"
    assert renamed_card.note == "原名“政府实事项目 - 工会会员卡”"
    assert [(p.project.slug, p.note) for p in ended.ended] == [(WORKER, "2026 年再次申报")]
    resumed = department_year(years, ZGH, 2026)
    assert resumed is not None
    (worker,) = [p for p in resumed.new if p.project.slug == WORKER]
    assert worker.earlier is not None and worker.earlier.declaration.year == 2024
    assert worker.note == "2024 年曾申报，此后中断"
    assert years.lineage_of(worker.project) is not None


def test_the_shipped_content_has_no_history(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    years = build_years(load_corpus(Path("content")))
    assert years.lineages == ()
    (only_year,) = years.department_years(ZGH)
    assert (only_year.year, only_year.previous_year, len(only_year.new)) == (2024, None, 3)
    assert all(p.uncoded for p in only_year.new)
