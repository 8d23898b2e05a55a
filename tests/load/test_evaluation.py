"""绩效自评: the self-evaluation file, its checks, and our readings against the declaration."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator.core.diagnostics import Severity
from generator.core.evaluation_analysis import Reading, grade_for, read_result, rule_score
from generator.core.evaluation_model import evaluation_slug, is_evaluation_file
from generator.core.schema import schema_files
from generator.load.corpus import load_corpus
from generator.review.yaml_format import format_text
from tests.support.paths import REPO

ROOT = REPO
SAMPLE = ROOT / "tests/data/evaluation/yiqi-changguan-yunying-jingfei.自评.yaml"
FOLDER = "2024/baoshan-zonggonghui"


def _corpus(tmp_path: Path, text: str | None = None, name: str = SAMPLE.name) -> Path:
    root = tmp_path / "content"
    shutil.copytree(ROOT / "content", root)
    (root / FOLDER / name).write_text(
        text if text is not None else SAMPLE.read_text("utf-8"), "utf-8"
    )
    return root


def _codes(root: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for d in load_corpus(root, models=False).diagnostics:
        if "自评" in d.path:
            found.setdefault(d.code, []).append(d.format())
    return found


def test_file_name_tells_evaluation_and_declaration_apart() -> None:
    assert is_evaluation_file("bs-zgh-0003.自评.yaml")
    assert not is_evaluation_file("bs-zgh-0003.yaml")
    assert evaluation_slug("bs-zgh-0003.自评.yaml") == "bs-zgh-0003"


def test_sample_loads_with_readings_and_flags(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    corpus = load_corpus(root)
    assert corpus.ok, [d.format() for d in corpus.diagnostics]
    (evaluated,) = corpus.evaluations
    assert evaluated.id == f"{FOLDER}/yiqi-changguan-yunying-jingfei"
    assert evaluated.declaration is not None
    analysis = evaluated.analysis
    assert analysis.execution_rate == Decimal(95)
    assert analysis.computed_total == Decimal("93.5")
    assert analysis.grade_by_total == "优"
    readings = {item.indicator.name: item for item in analysis.indicators}
    assert readings["各类活动参与率"].reading is Reading.MET
    assert readings["各类活动参与率"].target_changed
    assert readings["各类活动参与率"].declared_target == ">=90%"
    assert readings["组织公益乐学培训次数"].reading is Reading.UNMET
    assert readings["组织公益乐学培训次数"].full_marks_unmet
    assert readings["保险采购完成及时性"].reading is Reading.SELF_REPORTED
    assert readings["场馆安全事故率"].reading is Reading.MET
    assert readings["参与人员满意度"].score_disagrees
    assert [name for _, _, i in analysis.missing for name in [i.name]] == [
        "场馆运营成本合理性",
        "人员培训制度",
    ]
    codes = _codes(root)
    assert set(codes) == {
        "evaluation-indicator-missing",
        "evaluation-full-marks-unmet",
        "evaluation-target-changed",
        "evaluation-score-rule",
    }
    assert "“>=85%”" in codes["evaluation-target-changed"][0]
    assert "“>=90%”" in codes["evaluation-target-changed"][0]


def test_evaluation_without_declaration_is_normal(tmp_path: Path) -> None:
    root = _corpus(tmp_path, name="zhi-you-zipin.自评.yaml")
    corpus = load_corpus(root)
    assert corpus.ok, [d.format() for d in corpus.diagnostics]
    (evaluated,) = corpus.evaluations
    assert evaluated.declaration is None
    assert evaluated.analysis.missing == [] and evaluated.analysis.unmatched == []
    # Our reading does not need the declaration: the 自评表 states its own targets.
    assert evaluated.analysis.count(Reading.UNMET) == 2


def _broken() -> str:
    return (
        SAMPLE.read_text("utf-8")
        .replace("执行率: 95.00%\n    得分: 9.5", "执行率: 96.00%\n    得分: 11")
        .replace("自评得分: 93.5", "自评得分: 88")
        .replace("    分值: 10\n    得分: 4", "    分值: 10\n    得分: 4\n")
    )


def test_published_arithmetic_problems_are_errors_at_their_line(tmp_path: Path) -> None:
    root = _corpus(tmp_path, _broken())
    codes = _codes(root)
    for code in (
        "evaluation-rate",
        "evaluation-score-over",
        "evaluation-score-sum",
        "evaluation-grade",
    ):
        assert code in codes, codes
    assert ":14:" in codes["evaluation-rate"][0]  # the line of 执行率
    assert "95.00%" in codes["evaluation-rate"][0]
    assert "应为“良”" in codes["evaluation-grade"][0]
    assert not load_corpus(root, models=False).ok


def test_level1_weight_and_points_sum(tmp_path: Path) -> None:
    text = SAMPLE.read_text("utf-8").replace("效益指标(30分)", "效益指标(35分)")
    codes = _codes(_corpus(tmp_path, text))
    assert "evaluation-level1-points" in codes
    assert "35 分" in codes["evaluation-level1-points"][0]


def test_arithmetic_problems_can_be_acknowledged(tmp_path: Path) -> None:
    text = (
        _broken()
        + """原表问题:
  - 代码: evaluation-rate
    字段: 预算执行[1].执行率
  - 代码: evaluation-score-over
    字段: 预算执行[1].得分
  - 代码: evaluation-score-sum
    字段: 自评得分
  - 代码: evaluation-grade
    字段: 自评等级
"""
    )
    root = _corpus(tmp_path, text)
    corpus = load_corpus(root, models=False)
    evaluation_problems = [d for d in corpus.diagnostics if "自评" in d.path]
    assert corpus.ok, [d.format() for d in evaluation_problems]
    notices = {d.code for d in evaluation_problems if d.severity is Severity.NOTICE}
    assert notices == {
        "evaluation-rate",
        "evaluation-score-over",
        "evaluation-score-sum",
        "evaluation-grade",
    }


def test_blank_is_not_zero_and_bad_scores_are_refused(tmp_path: Path) -> None:
    root = _corpus(tmp_path, SAMPLE.read_text("utf-8").replace("得分: 4", "得分: 四分"))
    codes = _codes(root)
    assert "score" in codes, codes
    root = _corpus(tmp_path / "b", SAMPLE.read_text("utf-8").replace("得分: 4\n", "得分:\n"))
    (evaluated,) = load_corpus(root).evaluations
    # One blank 得分: the sum is unknown, so it is not compared with 自评得分.
    assert evaluated.analysis.indicator_score_sum is None
    assert evaluated.evaluation.funding[2].budget is None
    assert evaluated.evaluation.funding[3].budget == Decimal("0.00")


def test_wrong_folder_and_reserved_name(tmp_path: Path) -> None:
    root = _corpus(tmp_path, SAMPLE.read_text("utf-8").replace("年度: 2024", "年度: 2023"))
    assert "year-mismatch" in _codes(root)
    root = _corpus(tmp_path / "b", name="index.自评.yaml")
    assert "identity-reserved" in _codes(root)


@pytest.mark.parametrize(
    ("target", "actual", "reading"),
    [
        ("≥85%", "87%", Reading.MET),
        ("≤6元/餐", "6.5元/餐", Reading.UNMET),
        ("≤6元/餐", "6元/餐", Reading.MET),
        ("≥85%", "87", Reading.UNKNOWN),  # units must agree
        ("≥85%", "达成预期指标", Reading.SELF_REPORTED),
        ("有效提升", "明显提升", Reading.SELF_REPORTED),
        ("有效提升", "未达到预期", Reading.UNMET),
        ("2024年12月31日前", "2024年11月30日", Reading.MET),
        ("2024年6月30日前", "2024年9月30日", Reading.UNMET),
        (">=100场次", None, Reading.UNKNOWN),
        ("＞＝９０％", "９５％", Reading.MET),
    ],
)
def test_reading(target: str, actual: str | None, reading: Reading) -> None:
    assert read_result(target, actual) is reading


def test_common_scoring_rule() -> None:
    assert rule_score("≥100场次", "80场次", Decimal(10)) == Decimal(8)
    assert rule_score("≥100场次", "120场次", Decimal(10)) == Decimal(10)
    assert rule_score("≤5天", "10天", Decimal(10)) == Decimal(5)
    assert rule_score("按时完成", "完成", Decimal(10)) is None
    assert [grade_for(Decimal(x)) for x in ("90", "89.99", "80", "60", "59.9")] == [
        "优",
        "良",
        "良",
        "中",
        "差",
    ]


def test_fmt_covers_evaluations() -> None:
    text = SAMPLE.read_text("utf-8")
    assert format_text(text, SAMPLE.name) == text
    messy = text.replace(
        "    年初预算数: 75.00\n    全年预算数: 80.00", "    全年预算数: 80\n    年初预算数: 75"
    )
    assert format_text(messy, SAMPLE.name) == text


def test_schema_has_chinese_titles() -> None:
    schema = json.loads(schema_files()["evaluation.schema.json"])
    assert schema["title"] == "项目支出绩效自评表"
    assert schema["properties"]["自评得分"]["title"] == "自评得分"
    shipped = (ROOT / "schema/evaluation.schema.json").read_text("utf-8")
    assert shipped == schema_files()["evaluation.schema.json"]


def test_check_cache_keys_an_evaluation_by_its_declaration_too(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    cache = tmp_path / "cache"

    def codes() -> list[str]:
        found = load_corpus(root, cache, models=False).diagnostics
        return sorted(d.code for d in found if "自评" in d.path)

    first = codes()
    assert "evaluation-target-changed" in first
    assert codes() == first  # from the cache
    declaration = root / FOLDER / "yiqi-changguan-yunying-jingfei.yaml"
    declaration.write_text(declaration.read_text("utf-8").replace('">=90%"', '">=85%"'), "utf-8")
    assert "evaluation-target-changed" not in codes()  # the declaration changed: checked again
    (root / "departments.yaml").write_text(
        (root / "departments.yaml")
        .read_text("utf-8")
        .replace("上海市宝山区总工会", "宝山区总工会"),
        "utf-8",
    )
    assert "department-name" in codes()  # the rules on its place run every time


def test_amount_rules_and_bounds(tmp_path: Path) -> None:
    text = SAMPLE.read_text("utf-8").replace(
        "全年执行数: 76.00\n    分值: 10", "全年执行数: -76.1234567\n    分值: 10"
    )
    codes = _codes(_corpus(tmp_path, text))
    assert {"money-negative", "money-places"} <= set(codes), codes
    row = "  - 一级指标: 产出指标\n    三级指标: 指标\n"
    many = SAMPLE.read_text("utf-8").replace("绩效指标:\n", "绩效指标:\n" + row * 501, 1)
    assert "too-many-rows" in _codes(_corpus(tmp_path / "b", many))


@pytest.mark.parametrize("written", ["5e1%", "1e2%", "-5%", "Infinity", ".5"])
def test_a_rate_that_no_form_prints_is_not_read_as_a_number(written: str) -> None:
    # Decimal() reads 5e1 as 50: a 执行率 of "5e1%" passed as 50%.
    from generator.core.evaluation_analysis import printed_rate

    assert printed_rate(written) is None


@pytest.mark.parametrize(
    ("written", "read"),
    [("95.30%", ("95.30", 2)), ("０.９５３", ("95.300", 1)), ("100%", ("100", 0))],
)
def test_a_printed_rate_is_read_with_its_places(written: str, read: tuple[str, int]) -> None:
    from generator.core.evaluation_analysis import printed_rate

    assert printed_rate(written) == (Decimal(read[0]), read[1])
