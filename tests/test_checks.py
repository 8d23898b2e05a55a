"""Tests for the checker: one bad declaration per rule, each pinned to its exact place.

Each bad declaration is a copy of a shipped file with one `str.replace`, written into a private
copy of content/ and loaded with `load_corpus`, exactly as `jixiao check` does. Diagnostics are
compared as (path, line, column, severity, code, field) rows; paths are relative to the copy's
parent, which each test makes the working directory.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import generator.load.corpus as corpus_module
from generator.cli import main
from generator.core.diagnostics import Diagnostic, Severity
from generator.core.model import Declaration
from generator.load.cache import FileResult, FileSummary
from generator.load.checks import RULES, check_declaration, check_valid_fields
from generator.load.corpus import load_corpus
from generator.load.validation import validate_document
from generator.load.yaml_source import load_yaml_bytes

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
DEPT = "baoshan-zonggonghui"
NAME = "zhengfu-shishi-gonghui-huiyuanka.yaml"
TEXT = (CONTENT / "2024" / DEPT / NAME).read_text(encoding="utf-8")
FILE = f"content/2024/{DEPT}/{NAME}"
REGISTRY = "content/departments.yaml"
OTHER_DEPT = "  - 代码: baoshan-jiaoyuju\n    名称: 上海市宝山区教育局\n"

E = Severity.ERROR
W = Severity.WARNING

Row = tuple[str, int | None, int | None, Severity, str, str]

# The one warning the shipped content has on purpose: 宣传覆盖面 filed under 生态效益指标.
SEED_WARNING: Row = (
    FILE,
    46,
    15,
    W,
    "indicator-placement",
    "绩效指标.效益指标.生态效益指标[1].三级指标",
)


@pytest.fixture
def root(content_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private content/ tree; the working directory is its parent, so paths read content/…."""
    monkeypatch.chdir(content_copy.parent)
    return content_copy


def edited(*replacements: tuple[str, str]) -> str:
    """The shipped declaration with each (old, new) applied; `old` must occur exactly once."""
    text = TEXT
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def write(root: Path, text: str, *, year: str = "2024", dept: str = DEPT, name: str = NAME) -> Path:
    folder = root / year / dept
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def is_seed_warning(d: Diagnostic) -> bool:
    return d.code == "indicator-placement" and "“宣传覆盖面”" in d.message


def diagnostics(root: Path) -> list[Diagnostic]:
    """Everything `load_corpus` reports, except the seed's deliberate warning."""
    return [d for d in load_corpus(root).diagnostics if not is_seed_warning(d)]


def check(root: Path, *replacements: tuple[str, str]) -> list[Diagnostic]:
    """Diagnostics after editing the shipped declaration in place."""
    write(root, edited(*replacements))
    return diagnostics(root)


def row(d: Diagnostic) -> Row:
    line = d.position.line if d.position else None
    column = d.position.column if d.position else None
    return (d.path, line, column, d.severity, d.code, d.field)


def rows(found: list[Diagnostic]) -> list[Row]:
    return [row(d) for d in found]


def only(found: list[Diagnostic], expected: Row) -> str:
    """Asserts that `found` is exactly one diagnostic, `expected`; returns its message."""
    assert rows(found) == [expected], "\n".join(d.format() for d in found)
    return found[0].message


def tail_from(marker: str) -> str:
    return TEXT[TEXT.index(marker) :]


# --- the shipped content --------------------------------------------------------------------


def test_shipped_content_has_no_errors_and_exactly_the_expected_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)
    corpus = load_corpus(Path("content"))
    assert corpus.ok
    assert rows(corpus.diagnostics) == [SEED_WARNING]
    assert "“宣传覆盖面”不像生态效益指标" in corpus.diagnostics[0].message
    assert len(corpus.projects) == 3
    assert corpus.file_count == 4


def test_unedited_copy_only_has_the_seed_warning(root: Path) -> None:
    assert rows(load_corpus(root).diagnostics) == [SEED_WARNING]
    assert check(root) == []


# --- fields: missing, blank, unknown, wrong type ------------------------------------------------


def test_missing_field(root: Path) -> None:
    found = check(root, ("实施单位: 上海市宝山区职工服务中心\n", ""))
    message = only(found, (FILE, 2, 1, E, "missing-field", "实施单位"))
    assert "缺少必填字段“实施单位”" in message


def test_missing_nested_field_points_at_its_parent(root: Path) -> None:
    found = check(
        root, ("  财政资金: 1,846,000.00\n  其他资金: 0.00\n", "  财政资金: 1,846,000.00\n")
    )
    message = only(found, (FILE, 11, 3, E, "missing-field", "项目资金.其他资金"))
    assert "“其他资金”" in message


def test_blank_implementing_unit_is_a_warning(root: Path) -> None:
    # A value the form leaves out is published blank, with a warning (issue 14).
    found = check(root, ("实施单位: 上海市宝山区职工服务中心", "实施单位:"))
    message = only(found, (FILE, 6, 6, W, "value-blank", "实施单位"))
    assert "原表空白，按空白发布" in message


def test_missing_value_of_an_indicator_target(root: Path) -> None:
    found = check(root, ("        年度指标值: 健全", "        年度指标值:"))
    only(found, (FILE, 31, 15, E, "missing-value", "绩效指标.产出指标.质量指标[1].年度指标值"))


def test_blank_text_in_quotes_is_missing(root: Path) -> None:
    found = check(root, ("年度总目标: 做好", "年度总目标: '   '\n备用: 做好"))
    assert rows(found) == [
        (FILE, 23, 8, E, "missing-value", "年度总目标"),
        (FILE, 24, 1, E, "unknown-field", "备用"),
    ]


def test_unknown_field_with_suggestion(root: Path) -> None:
    found = check(root, ("  财政资金: 1,846,000.00", "  财政资金: 1,846,000.00\n  财正资金: 1"))
    message = only(found, (FILE, 13, 3, E, "unknown-field", "项目资金.财正资金"))
    assert message == "未知字段“财正资金”。您是不是想写“财政资金”？"


def test_misspelt_top_level_key_is_unknown_and_its_field_missing(root: Path) -> None:
    found = check(root, ("项目类别: 特定目标类", "项目类型: 特定目标类"))
    assert rows(found) == [
        (FILE, 2, 1, E, "missing-field", "项目类别"),
        (FILE, 4, 1, E, "unknown-field", "项目类型"),
    ]
    assert "您是不是想写“项目类别”？" in found[1].message


def test_unknown_field_without_any_near_key_has_no_suggestion(root: Path) -> None:
    found = check(root, ("\n年度: 2024\n", "\n年度: 2024\n备注: 无\n"))
    assert only(found, (FILE, 3, 1, E, "unknown-field", "备注")) == "未知字段“备注”。"


def test_unknown_key_does_not_hide_a_wrong_sum(root: Path) -> None:
    found = check(
        root,
        ("\n年度: 2024\n", "\n年度: 2024\n备注: 无\n"),
        ("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00"),
    )
    assert rows(found) == [
        (FILE, 3, 1, E, "unknown-field", "备注"),
        (FILE, 12, 11, E, "funding-sum", "项目资金.项目资金总额"),
    ]


def test_unknown_key_in_an_indicator_does_not_hide_a_wrong_sum(root: Path) -> None:
    found = check(
        root,
        ("        年度指标值: 健全", "        年度指标值: 健全\n        备注: 无"),
        ("  当年财政拨款: 1,846,000.00", "  当年财政拨款: 1,000,000.00"),
    )
    assert rows(found) == [
        (FILE, 15, 13, E, "funding-sum", "年度资金.年度资金申请总额"),
        (FILE, 32, 9, E, "unknown-field", "绩效指标.产出指标.质量指标[1].备注"),
    ]


def test_misspelt_key_does_not_hide_a_wrong_sum(root: Path) -> None:
    found = check(
        root,
        ("项目类别: 特定目标类", "项目类型: 特定目标类"),
        ("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00"),
    )
    assert (FILE, 11, 11, E, "funding-sum", "项目资金.项目资金总额") in rows(found)
    assert rows(found) == [
        (FILE, 2, 1, E, "missing-field", "项目类别"),
        (FILE, 4, 1, E, "unknown-field", "项目类型"),
        (FILE, 11, 11, E, "funding-sum", "项目资金.项目资金总额"),
    ]


# --- a file with errors is still checked wherever it is valid ---------------------------------


def test_bad_amount_does_not_hide_a_wrong_date_order(root: Path) -> None:
    found = check(
        root,
        ("  财政资金: 1,846,000.00", "  财政资金: 1,846,000.0x"),
        ("计划完成日期: 2024-12-31", "计划完成日期: 2023-12-31"),
    )
    # 项目资金 is not valid, so its sum is not checked: the bad amount is reported once.
    assert rows(found) == [
        (FILE, 7, 9, W, "date-outside-year", "计划开始日期"),
        (FILE, 8, 9, E, "date-order", "计划完成日期"),
        (FILE, 12, 9, E, "money", "项目资金.财政资金"),
    ]
    assert found[1].message == "计划完成日期 2023-12-31 早于计划开始日期 2024-01-01"
    assert "“1,846,000.0x”" in found[2].message


def test_missing_indicators_do_not_hide_a_wrong_sum(root: Path) -> None:
    found = check(
        root,
        (tail_from("绩效指标:\n"), ""),
        ("  当年财政拨款: 1,846,000.00", "  当年财政拨款: 1,000,000.00"),
    )
    assert rows(found) == [
        (FILE, 2, 1, E, "missing-field", "绩效指标"),
        (FILE, 15, 13, E, "funding-sum", "年度资金.年度资金申请总额"),
    ]


def test_text_type_error_does_not_hide_a_department_name_mismatch(root: Path) -> None:
    found = check(
        root,
        ("年度总目标: 做好", "年度总目标:\n  - 做好"),
        ("主管部门: 上海市宝山区总工会", "主管部门: 上海市宝山区总公会"),
    )
    assert rows(found) == [
        (FILE, 5, 7, E, "department-name", "主管部门"),
        (FILE, 24, 3, E, "type", "年度总目标"),
    ]


def test_bad_amount_does_not_hide_a_year_mismatch(root: Path) -> None:
    write(
        root,
        edited(
            ("  上年结转资金: 0.00", "  上年结转资金: 零"),
            ("\n年度: 2024", "\n年度: 2025"),
            ("计划开始日期: 2024-01-01", "计划开始日期: 2025-01-01"),
            ("计划完成日期: 2024-12-31", "计划完成日期: 2025-12-31"),
            ("  起始年度: 2024\n  终止年度: 2024", "  起始年度: 2025\n  终止年度: 2025"),
        ),
    )
    # Through the cache as `jixiao check` runs: the identity of a file with errors is cached too.
    for _ in range(2):
        found = load_corpus(root, root.parent / ".cache", models=False).diagnostics
        assert rows([d for d in found if not is_seed_warning(d)]) == [
            (FILE, 2, 5, E, "year-mismatch", "年度"),
            (FILE, 17, 11, E, "money", "年度资金.上年结转资金"),
        ]


def test_bad_year_is_reported_once_and_the_dates_still_checked(root: Path) -> None:
    found = check(
        root,
        ("\n年度: 2024", "\n年度: 24"),
        ("计划完成日期: 2024-12-31", "计划完成日期: 2023-12-31"),
    )
    # No year-mismatch, date-outside-year or goal-period-year: they would all be about 年度.
    assert rows(found) == [
        (FILE, 2, 5, E, "year", "年度"),
        (FILE, 8, 9, E, "date-order", "计划完成日期"),
    ]


def test_bad_money_unit_does_not_hide_a_wrong_sum(root: Path) -> None:
    found = check(
        root,
        ("资金单位: 元", "资金单位: 千元"),
        ("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00"),
    )
    assert rows(found) == [
        (FILE, 9, 7, E, "enum", "资金单位"),
        (FILE, 11, 11, E, "funding-sum", "项目资金.项目资金总额"),
    ]


def test_invalid_goal_does_not_hide_the_plan_dates_nor_the_other_way(root: Path) -> None:
    found = check(
        root,
        ("  终止年度: 2024", "  终止年度: 2023"),
        ("计划开始日期: 2024-01-01", "计划开始日期: 2024-02-30"),
    )
    assert rows(found) == [
        (FILE, 7, 9, E, "date", "计划开始日期"),
        (FILE, 21, 9, E, "goal-period-order", "项目总目标.终止年度"),
    ]
    found = check(
        root,
        ("  内容: 工会会员卡", "  内容:\n    - 工会会员卡"),
        ("计划完成日期: 2024-12-31", "计划完成日期: 2023-12-31"),
    )
    assert [r[4] for r in rows(found)] == ["date-outside-year", "date-order", "type"]


def test_unparsable_file_still_gets_the_rules_on_its_path(root: Path) -> None:
    write(root, "年度: [2024\n", name="Bad_Name.yaml")
    found = diagnostics(root)
    path = f"content/2024/{DEPT}/Bad_Name.yaml"
    assert [(d.path, d.code) for d in found] == [
        (path, "identity-slug"),
        (path, "yaml-syntax"),
    ]


def test_every_rule_reads_only_the_fields_it_names() -> None:
    # The rules run on a partly valid file with only their named fields set; reading any other
    # would raise AttributeError there, and only there.
    document, _ = load_yaml_bytes(TEXT.encode(), FILE)
    assert document is not None
    declaration, problems = validate_document(Declaration, document, FILE)
    assert declaration is not None
    assert problems == []
    assert RULES
    for needs, _rule in RULES:
        parts = Declaration.model_construct(**{n: getattr(declaration, n) for n in needs})
        check_valid_fields(parts, needs, document, FILE)
    everything = frozenset(Declaration.model_fields)
    assert check_valid_fields(declaration, everything, document, FILE) == check_declaration(
        declaration, document, FILE
    )


def test_mapping_where_text_is_expected(root: Path) -> None:
    found = check(root, ("项目名称: 政府实事项目 - 工会会员卡", "项目名称:\n  名称: 工会会员卡"))
    message = only(found, (FILE, 4, 3, E, "type", "项目名称"))
    assert message == "应为一段文字，这里是一组“字段: 值”"


def test_list_where_text_is_expected(root: Path) -> None:
    found = check(root, ("年度总目标: 做好", "年度总目标:\n  - 做好"))
    assert only(found, (FILE, 24, 3, E, "type", "年度总目标")) == "应为一段文字，这里是列表"


def test_mapping_where_a_list_is_expected(root: Path) -> None:
    found = check(
        root,
        (
            "      - 三级指标: 工会会员服务卡的覆盖人数\n        年度指标值: ≥140000.00(人)",
            "      三级指标: 工会会员服务卡的覆盖人数\n      年度指标值: ≥140000.00(人)",
        ),
    )
    message = only(found, (FILE, 27, 7, E, "type", "绩效指标.产出指标.数量指标"))
    assert message == "应为列表（每项以“- ”开头），这里是一组“字段: 值”"


def test_text_where_a_mapping_is_expected(root: Path) -> None:
    found = check(
        root,
        (
            "项目资金:\n  项目资金总额: 1,846,000.00\n  财政资金: 1,846,000.00\n  其他资金: 0.00\n",
            "项目资金: 1,846,000.00\n",
        ),
    )
    message = only(found, (FILE, 10, 7, E, "type", "项目资金"))
    assert "应为一组“字段: 值”" in message
    assert "“1,846,000.00”" in message


# --- money ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("18,46,000.00", "千位分隔符位置不对"),
        ("1846,000.00", "千位分隔符位置不对"),
        ("１８４６０００.００", "全角数字"),
        ("1,846，000.00", "全角"),
        ("一百八十四万六千", "不是金额"),
        ("1846000.", "不是金额"),
        ("١٨٤٦٠٠٠", "不是金额"),
        ("1.846e6", "不是金额"),
    ],
)
def test_money_that_is_not_an_amount(root: Path, written: str, says: str) -> None:
    found = check(root, ("  财政资金: 1,846,000.00", f"  财政资金: {written}"))
    message = only(found, (FILE, 12, 9, E, "money", "项目资金.财政资金"))
    assert says in message
    assert f"“{written}”" in message


def test_money_that_is_a_mapping(root: Path) -> None:
    found = check(root, ("  财政资金: 1,846,000.00", "  财政资金:\n    金额: 1,846,000.00"))
    message = only(found, (FILE, 13, 5, E, "money", "项目资金.财政资金"))
    assert message == "应为金额，这里是一组“字段: 值”"


def test_money_places_three_decimals_in_yuan(root: Path) -> None:
    found = check(
        root,
        ("  项目资金总额: 1,846,000.00\n", "  项目资金总额: 1,846,000.001\n"),
        ("  其他资金: 0.00\n年度资金:", "  其他资金: 0.001\n年度资金:"),
    )
    assert rows(found) == [
        (FILE, 11, 11, E, "money-places", "项目资金.项目资金总额"),
        (FILE, 13, 9, E, "money-places", "项目资金.其他资金"),
    ]
    assert "最多 2 位小数（单位：元" in found[1].message
    assert "这里有 3 位" in found[1].message


def test_six_decimals_in_wan_yuan_are_exact_to_the_fen(root: Path) -> None:
    found = check(
        root,
        ("资金单位: 元", "资金单位: 万元"),
        ("  项目资金总额: 1,846,000.00\n", "  项目资金总额: 184.600001\n"),
        ("  财政资金: 1,846,000.00\n", "  财政资金: 184.600001\n"),
        ("  年度资金申请总额: 1,846,000.00", "  年度资金申请总额: 184.600001"),
        ("  当年财政拨款: 1,846,000.00", "  当年财政拨款: 184.600001"),
    )
    assert found == []


def test_seven_decimals_in_wan_yuan(root: Path) -> None:
    found = check(
        root,
        ("资金单位: 元", "资金单位: 万元"),
        ("  项目资金总额: 1,846,000.00\n", "  项目资金总额: 184.6000001\n"),
        ("  财政资金: 1,846,000.00\n", "  财政资金: 184.6000001\n"),
        ("  年度资金申请总额: 1,846,000.00", "  年度资金申请总额: 184.60"),
        ("  当年财政拨款: 1,846,000.00", "  当年财政拨款: 184.60"),
    )
    assert rows(found) == [
        (FILE, 11, 11, E, "money-places", "项目资金.项目资金总额"),
        (FILE, 12, 9, E, "money-places", "项目资金.财政资金"),
    ]
    assert "最多 6 位小数（单位：万元" in found[0].message
    assert "这里有 7 位" in found[0].message


def test_sum_message_never_uses_scientific_notation(root: Path) -> None:
    found = check(
        root,
        ("资金单位: 元", "资金单位: 万元"),
        ("  其他资金: 0.00\n年度资金:", "  其他资金: 0.0000001\n年度资金:"),
    )
    sums = [d for d in found if d.code == "funding-sum"]
    assert len(sums) == 1
    assert "E-" not in sums[0].message
    assert "0.0000001" in sums[0].message


def test_money_negative(root: Path) -> None:
    found = check(
        root,
        ("  财政资金: 1,846,000.00\n", "  财政资金: 1,846,100.00\n"),
        ("  其他资金: 0.00\n年度资金:", "  其他资金: -100.00\n年度资金:"),
    )
    message = only(found, (FILE, 13, 9, E, "money-negative", "项目资金.其他资金"))
    assert message == "金额不能为负数：-100.00"


def test_funding_sum_of_the_project(root: Path) -> None:
    found = check(root, ("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00"))
    message = only(found, (FILE, 11, 11, E, "funding-sum", "项目资金.项目资金总额"))
    assert message == (
        "项目资金总额 1,846,000.00 ≠ 财政资金 1,845,000.00 + 其他资金 0.00 = 1,845,000.00"
        "（相差 1,000.00）"
    )


def test_funding_sum_of_the_year(root: Path) -> None:
    found = check(root, ("  当年财政拨款: 1,846,000.00", "  当年财政拨款: 1,846,000.50"))
    message = only(found, (FILE, 15, 13, E, "funding-sum", "年度资金.年度资金申请总额"))
    assert "= 1,846,000.50（相差 -0.50）" in message


def test_funding_sum_is_exact_not_float(root: Path) -> None:
    # 0.10 + 0.20 + 1,845,999.70 is exactly 1,846,000.00 in decimal, not in binary floats.
    found = check(
        root,
        ("  当年财政拨款: 1,846,000.00", "  当年财政拨款: 1,845,999.70"),
        ("  上年结转资金: 0.00", "  上年结转资金: 0.10"),
        ("  其他资金: 0.00\n项目总目标:", "  其他资金: 0.20\n项目总目标:"),
    )
    assert found == []


def test_annual_request_exceeds_the_project_total(root: Path) -> None:
    found = check(
        root,
        ("  年度资金申请总额: 1,846,000.00", "  年度资金申请总额: 2,000,000.00"),
        ("  当年财政拨款: 1,846,000.00", "  当年财政拨款: 2,000,000.00"),
    )
    message = only(
        found, (FILE, 15, 13, E, "funding-annual-exceeds-total", "年度资金.年度资金申请总额")
    )
    assert "2,000,000.00 大于项目资金总额 1,846,000.00" in message


def test_blank_project_total_is_a_warning(root: Path) -> None:
    found = check(root, ("  项目资金总额: 1,846,000.00", "  项目资金总额:"))
    message = only(found, (FILE, 11, 10, W, "money-blank-total", "项目资金.项目资金总额"))
    assert message == "项目资金总额为空白，无法核对合计"


def test_blank_annual_total_is_a_warning(root: Path) -> None:
    found = check(root, ("  年度资金申请总额: 1,846,000.00", "  年度资金申请总额:"))
    only(found, (FILE, 15, 12, W, "money-blank-total", "年度资金.年度资金申请总额"))


def test_blank_parts_count_as_nothing(root: Path) -> None:
    found = check(root, ("  其他资金: 0.00\n年度资金:", "  其他资金:\n年度资金:"))
    assert found == []


# --- dates, periods, years, enums -------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("2024-02-30", "“2024-02-30”不是真实存在的日期"),
        ("2024/1/1", "“2024/1/1”不是日期；请按 2024-01-01 的格式填写"),
        ("2024-1-1", "“2024-1-1”不是日期"),
        ("２０２４-01-01", "不是日期"),
        ("2024年1月1日", "不是日期"),
    ],
)
def test_date(root: Path, written: str, says: str) -> None:
    found = check(root, ("计划开始日期: 2024-01-01", f"计划开始日期: {written}"))
    assert says in only(found, (FILE, 7, 9, E, "date", "计划开始日期"))


def test_date_order(root: Path) -> None:
    found = check(root, ("计划完成日期: 2024-12-31", "计划完成日期: 2023-12-31"))
    assert rows(found) == [
        (FILE, 7, 9, W, "date-outside-year", "计划开始日期"),
        (FILE, 8, 9, E, "date-order", "计划完成日期"),
    ]
    assert found[1].message == "计划完成日期 2023-12-31 早于计划开始日期 2024-01-01"


def test_date_outside_the_declared_year_is_a_warning(root: Path) -> None:
    found = check(
        root,
        ("计划开始日期: 2024-01-01", "计划开始日期: 2025-01-01"),
        ("计划完成日期: 2024-12-31", "计划完成日期: 2025-12-31"),
    )
    message = only(found, (FILE, 7, 9, W, "date-outside-year", "计划开始日期"))
    assert "不包含申报年度 2024" in message


def test_goal_period_order(root: Path) -> None:
    found = check(root, ("  终止年度: 2024", "  终止年度: 2023"))
    message = only(found, (FILE, 21, 9, E, "goal-period-order", "项目总目标.终止年度"))
    assert message == "项目总目标的终止年度 2023 早于起始年度 2024"


def test_goal_period_not_containing_the_year_is_a_warning(root: Path) -> None:
    found = check(
        root, ("  起始年度: 2024\n  终止年度: 2024", "  起始年度: 2025\n  终止年度: 2026")
    )
    message = only(found, (FILE, 20, 9, W, "goal-period-year", "项目总目标.起始年度"))
    assert "2025年-2026年 不包含申报年度 2024" in message


@pytest.mark.parametrize("written", ["24", "２０２４", "2024年", "1800", "二〇二四"])
def test_year(root: Path, written: str) -> None:
    found = check(root, ("\n年度: 2024", f"\n年度: {written}"))
    message = only(found, (FILE, 2, 5, E, "year", "年度"))
    assert message == f"“{written}”不是年份，请填写四位数年份，如 2024"


def test_enum_money_unit(root: Path) -> None:
    found = check(root, ("资金单位: 元", "资金单位: 千元"))
    message = only(found, (FILE, 9, 7, E, "enum", "资金单位"))
    assert message.startswith("“千元”不在可选值之中")
    assert "'元'" in message
    assert "'万元'" in message


def test_unknown_category_is_a_warning_with_suggestion(root: Path) -> None:
    found = check(root, ("项目类别: 特定目标类", "项目类别: 特定目标"))
    message = only(found, (FILE, 4, 7, W, "unknown-category", "项目类别"))
    assert message.endswith("您是不是想写“特定目标类”？")


def test_unknown_nature_is_a_warning(root: Path) -> None:
    found = check(root, ("项目类别: 特定目标类\n", "项目类别: 特定目标类\n项目性质: 一次项目\n"))
    message = only(found, (FILE, 5, 7, W, "unknown-nature", "项目性质"))
    assert message.endswith("您是不是想写“一次性项目”？")


def test_known_nature_is_accepted(root: Path) -> None:
    assert (
        check(root, ("项目类别: 特定目标类\n", "项目类别: 特定目标类\n项目性质: 一次性项目\n"))
        == []
    )


# --- indicators -----------------------------------------------------------------------------


def test_indicator_level1_typo_with_suggestion(root: Path) -> None:
    found = check(root, ("  产出指标:", "  产出指表:"))
    message = only(found, (FILE, 25, 3, E, "indicator-level1", "绩效指标.产出指表"))
    assert message.endswith("您是不是想写“产出指标”？")


def test_second_level_name_at_first_level_says_where_it_belongs(root: Path) -> None:
    found = check(
        root,
        (
            "    可持续影响指标:\n      - 三级指标: 定期开展情况\n        年度指标值: 年度\n",
            "  可持续影响指标:\n    可持续影响指标:\n      - 三级指标: 定期开展情况\n"
            "        年度指标值: 年度\n",
        ),
    )
    message = only(found, (FILE, 48, 3, E, "indicator-level1", "绩效指标.可持续影响指标"))
    assert "“可持续影响指标”是二级指标，应写在一级指标“效益指标”之下" in message


def test_known_second_level_under_the_wrong_first_level(root: Path) -> None:
    found = check(root, ("    数量指标:", "    社会效益指标:"))
    message = only(found, (FILE, 26, 5, E, "indicator-level2", "绩效指标.产出指标.社会效益指标"))
    assert message == "二级指标“社会效益指标”属于“效益指标”，不属于“产出指标”"


def test_unknown_second_level_with_suggestion(root: Path) -> None:
    found = check(root, ("    数量指标:", "    数量指表:"))
    message = only(found, (FILE, 26, 5, E, "indicator-level2", "绩效指标.产出指标.数量指表"))
    assert message.endswith("您是不是想写“数量指标”？")


def test_indicators_empty_mapping(root: Path) -> None:
    found = check(root, (tail_from("绩效指标:\n"), "绩效指标: {}\n"))
    message = only(found, (FILE, 24, 7, E, "indicators-empty", "绩效指标"))
    assert "至少要有一个一级指标" in message


def test_indicators_without_any_third_level(root: Path) -> None:
    found = check(
        root,
        (tail_from("绩效指标:\n"), "绩效指标:\n  产出指标:\n    数量指标: []\n    质量指标:\n"),
    )
    message = only(found, (FILE, 25, 3, E, "indicators-empty", "绩效指标"))
    assert "没有任何三级指标" in message


def test_indicator_duplicate_is_a_warning(root: Path) -> None:
    found = check(
        root,
        (
            "        年度指标值: 健全\n",
            "        年度指标值: 健全\n"
            "      - 三级指标: 部门沟通机制健全\n"
            "        年度指标值: 完善\n",
        ),
    )
    message = only(
        found, (FILE, 32, 15, W, "indicator-duplicate", "绩效指标.产出指标.质量指标[2].三级指标")
    )
    assert "第 1 项和第 2 项" in message


def test_satisfaction_outside_satisfaction_indicators_is_a_placement_warning(root: Path) -> None:
    found = check(root, ("      - 三级指标: 部门沟通机制健全", "      - 三级指标: 群众满意度"))
    message = only(
        found, (FILE, 30, 15, W, "indicator-placement", "绩效指标.产出指标.质量指标[1].三级指标")
    )
    assert "“群众满意度”看起来是满意度类指标" in message
    assert "而不是质量指标" in message


def test_seed_placement_warning_moves_with_its_line(root: Path) -> None:
    write(root, edited(("\n年度: 2024\n", "\n年度: 2024\n\n")))
    found = load_corpus(root).diagnostics
    assert rows(found) == [(FILE, 47, 15, *SEED_WARNING[3:])]


def test_placement_warning_disappears_when_the_indicator_is_moved(root: Path) -> None:
    write(root, edited(("      - 三级指标: 宣传覆盖面", "      - 三级指标: 节能宣传覆盖面")))
    assert load_corpus(root).diagnostics == []


# --- characters -----------------------------------------------------------------------------


def test_zero_width_space_in_a_value(root: Path) -> None:
    found = check(
        root, ("实施单位: 上海市宝山区职工服务中心", "实施单位: 上海市宝山区\u200b职工服务中心")
    )
    message = only(found, (FILE, 6, 7, E, "invisible-char", "实施单位"))
    assert "值的第 7 个字符" in message
    assert "U+200B" in message


def test_each_invisible_character_is_reported(root: Path) -> None:
    found = check(root, ("      - 三级指标: 投保周期", "      - 三级指标: \u200b投保\u2060周期"))
    field = "绩效指标.产出指标.时效指标[1].三级指标"
    assert rows(found) == [
        (FILE, 33, 15, E, "invisible-char", field),
        (FILE, 33, 15, E, "invisible-char", field),
    ]
    assert "第 1 个字符" in found[0].message
    assert "U+200B" in found[0].message
    assert "第 4 个字符" in found[1].message
    assert "U+2060" in found[1].message


def test_right_to_left_override_in_a_key(root: Path) -> None:
    found = check(root, ("  财政资金: 1,846,000.00", "  财政\u202e资金: 1,846,000.00"))
    assert rows(found) == [
        (FILE, 11, 3, E, "missing-field", "项目资金.财政资金"),
        (FILE, 12, 3, E, "invisible-char", "项目资金.财政\u202e资金"),
        (FILE, 12, 3, E, "unknown-field", "项目资金.财政\u202e资金"),
    ]
    assert "字段名的第 3 个字符" in found[1].message
    assert "U+202E" in found[1].message


def test_diagnostics_do_not_echo_bidi_controls(root: Path) -> None:
    found = check(root, ("  财政资金: 1,846,000.00", "  财政\u202e资金: 1,846,000.00"))
    assert found
    for d in found:
        assert "\u202e" not in d.format()


# --- identity: folders, names, registry ---------------------------------------------------------


def test_year_mismatch(root: Path) -> None:
    found = check(
        root,
        ("\n年度: 2024", "\n年度: 2025"),
        ("计划开始日期: 2024-01-01", "计划开始日期: 2025-01-01"),
        ("计划完成日期: 2024-12-31", "计划完成日期: 2025-12-31"),
        ("  起始年度: 2024\n  终止年度: 2024", "  起始年度: 2025\n  终止年度: 2025"),
    )
    message = only(found, (FILE, 2, 5, E, "year-mismatch", "年度"))
    assert "年度 2025 与所在目录 2024/ 不一致" in message
    assert "content/2025/" in message


def test_department_unknown_with_suggestion(root: Path) -> None:
    write(root, TEXT, dept="baoshan-zonggonghu", name="new-project.yaml")
    found = diagnostics(root)
    path = "content/2024/baoshan-zonggonghu/new-project.yaml"
    message = only(found, (path, None, None, E, "department-unknown", ""))
    assert "“baoshan-zonggonghu”不是 departments.yaml 中登记的主管部门代码" in message
    assert "您是不是想写“baoshan-zonggonghui”？" in message


def test_department_name_misspelt_with_suggestion(root: Path) -> None:
    found = check(root, ("主管部门: 上海市宝山区总工会", "主管部门: 上海市宝山区总公会"))
    message = only(found, (FILE, 5, 7, E, "department-name", "主管部门"))
    assert "登记的名称“上海市宝山区总工会”不一致" in message
    assert "您是不是想写“上海市宝山区总工会”" in message


def test_department_name_of_another_department_says_which_folder(root: Path) -> None:
    registry = root / "departments.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + OTHER_DEPT, encoding="utf-8")
    found = check(root, ("主管部门: 上海市宝山区总工会", "主管部门: 上海市宝山区教育局"))
    message = only(found, (FILE, 5, 7, E, "department-name", "主管部门"))
    assert "应放在 content/2024/baoshan-jiaoyuju/ 下" in message


@pytest.mark.parametrize("name", ["Bad_Name.yaml", "bad--name.yaml", "-bad.yaml", "项目.yaml"])
def test_identity_slug(root: Path, name: str) -> None:
    write(root, TEXT, name=name)
    found = diagnostics(root)
    stem = name.removesuffix(".yaml")
    message = only(found, (f"content/2024/{DEPT}/{name}", None, None, E, "identity-slug", ""))
    assert f"文件名“{stem}”不合规" in message


def test_identity_duplicate_within_a_year(root: Path) -> None:
    registry = root / "departments.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + OTHER_DEPT, encoding="utf-8")
    other = edited(("主管部门: 上海市宝山区总工会", "主管部门: 上海市宝山区教育局"))
    write(root, other, dept="baoshan-jiaoyuju")
    found = diagnostics(root)
    message = only(found, (FILE, None, None, E, "identity-duplicate", ""))
    assert f"已被 content/2024/baoshan-jiaoyuju/{NAME} 使用" in message


def test_identity_duplicate_ignores_case(root: Path) -> None:
    registry = root / "departments.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + OTHER_DEPT, encoding="utf-8")
    other = edited(("主管部门: 上海市宝山区总工会", "主管部门: 上海市宝山区教育局"))
    upper = "Z" + NAME[1:]
    write(root, other, dept="baoshan-jiaoyuju", name=upper)
    found = diagnostics(root)
    assert rows(found) == [
        (f"content/2024/baoshan-jiaoyuju/{upper}", None, None, E, "identity-slug", ""),
        (FILE, None, None, E, "identity-duplicate", ""),
    ]


def test_same_slug_in_two_years_is_fine(root: Path) -> None:
    text = edited(
        ("\n年度: 2024", "\n年度: 2025"),
        ("计划开始日期: 2024-01-01", "计划开始日期: 2025-01-01"),
        ("计划完成日期: 2024-12-31", "计划完成日期: 2025-12-31"),
        ("  起始年度: 2024\n  终止年度: 2024", "  起始年度: 2025\n  终止年度: 2025"),
    )
    write(root, text, year="2025")
    assert diagnostics(root) == []


@pytest.mark.parametrize("name", ["new-project.yml", "new-project.YAML", "new-project.Yaml"])
def test_layout_suffix(root: Path, name: str) -> None:
    write(root, TEXT, name=name)
    found = diagnostics(root)
    message = only(found, (f"content/2024/{DEPT}/{name}", None, None, E, "layout-suffix", ""))
    assert "扩展名请用小写 .yaml" in message


@pytest.mark.parametrize(
    ("relative", "says"),
    [
        ("README.md", "content/ 下只能有 departments.yaml 和以年度命名的目录"),
        ("2024.yaml", "content/ 下只能有"),
        ("2024/notes.txt", "年度目录下只能有以主管部门代码命名的目录"),
        (f"2024/{DEPT}/notes.txt", "部门目录下只能放 .yaml 申报文件"),
    ],
)
def test_layout_stray_file(root: Path, relative: str, says: str) -> None:
    (root / relative).write_text("x", encoding="utf-8")
    found = diagnostics(root)
    assert says in only(found, (f"content/{relative}", None, None, E, "layout", ""))


@pytest.mark.parametrize(
    ("relative", "says"),
    [
        ("24", "content/ 下只能有"),
        ("drafts", "content/ 下只能有"),
        (f"2024/{DEPT}/old", "部门目录下不能再有子目录"),
    ],
)
def test_layout_stray_folder(root: Path, relative: str, says: str) -> None:
    (root / relative).mkdir()
    found = diagnostics(root)
    assert says in only(found, (f"content/{relative}", None, None, E, "layout", ""))


def test_hidden_files_are_ignored(root: Path) -> None:
    (root / ".DS_Store").write_text("x", encoding="utf-8")
    (root / "2024" / DEPT / ".notes.yaml").write_text("x", encoding="utf-8")
    assert diagnostics(root) == []


def _symlink_rows(found: list[Diagnostic]) -> list[tuple[object, ...]]:
    return [row(d)[1:] for d in found]


def test_layout_symlinked_file(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(TEXT, encoding="utf-8")
    (root / "2024" / DEPT / "link.yaml").symlink_to(outside)
    found = diagnostics(root)
    assert _symlink_rows(found) == [(None, None, E, "layout-symlink", "")]
    assert found[0].message == "不能使用符号链接；请放入真实文件。"


def test_layout_symlinked_year_folder(root: Path) -> None:
    (root / "2025").symlink_to(root / "2024")
    found = diagnostics(root)
    assert _symlink_rows(found) == [(None, None, E, "layout-symlink", "")]


@pytest.mark.parametrize("link", ["2025", f"2024/{DEPT}/link.yaml"])
def test_symlink_diagnostic_names_the_link(root: Path, link: str) -> None:
    target = root / "2024" if link == "2025" else root / "2024" / DEPT / NAME
    (root / link).symlink_to(target)
    found = diagnostics(root)
    assert rows(found) == [(f"content/{link}", None, None, E, "layout-symlink", "")]


def test_symlinked_department_folder_is_layout_symlink(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "2024" / "baoshan-jiaoyuju").symlink_to(outside)
    found = diagnostics(root)
    assert rows(found) == [("content/2024/baoshan-jiaoyuju", None, None, E, "layout-symlink", "")]


def test_registry_missing(root: Path) -> None:
    (root / "departments.yaml").unlink()
    found = diagnostics(root)
    message = only(found, (REGISTRY, None, None, E, "registry-missing", ""))
    assert "缺少主管部门名录 departments.yaml" in message


def test_registry_duplicate_name(root: Path) -> None:
    registry = root / "departments.yaml"
    extra = "  - 代码: baoshan-other\n    名称: 上海市宝山区总工会\n"
    registry.write_text(registry.read_text(encoding="utf-8") + extra, encoding="utf-8")
    found = diagnostics(root)
    message = only(found, (REGISTRY, 8, 9, E, "registry-duplicate", ""))
    assert message == "名称“上海市宝山区总工会”重复（第 1 项已用过）"


def test_registry_duplicate_slug_and_name(root: Path) -> None:
    registry = root / "departments.yaml"
    extra = "  - 代码: baoshan-zonggonghui\n    名称: 上海市宝山区总工会\n"
    registry.write_text(registry.read_text(encoding="utf-8") + extra, encoding="utf-8")
    found = diagnostics(root)
    assert rows(found) == [
        (REGISTRY, 7, 9, E, "registry-duplicate", ""),
        (REGISTRY, 8, 9, E, "registry-duplicate", ""),
    ]
    assert found[0].message == "代码“baoshan-zonggonghui”重复（第 1 项已用过）"


def test_registry_bad_slug(root: Path) -> None:
    registry = root / "departments.yaml"
    extra = "  - 代码: Baoshan_Other\n    名称: 某部门\n"
    registry.write_text(registry.read_text(encoding="utf-8") + extra, encoding="utf-8")
    found = diagnostics(root)
    message = only(found, (REGISTRY, 7, 9, E, "slug", "部门[2].代码"))
    assert "代码“Baoshan_Other”不合规" in message


def test_unit_spelling_with_a_full_width_space(root: Path) -> None:
    variant = edited(
        ("实施单位: 上海市宝山区职工服务中心", "实施单位: 上海市宝山区\u3000职工服务中心")
    )
    write(root, variant, name="new-project.yaml")
    found = diagnostics(root)
    path = f"content/2024/{DEPT}/new-project.yaml"
    message = only(found, (path, 6, 7, W, "unit-spelling", "实施单位"))
    assert "“上海市宝山区\u3000职工服务中心”与其他文件中的“上海市宝山区职工服务中心”" in message


def test_unit_spelling_tie_warns_the_spaced_variant(root: Path) -> None:
    variant = edited(
        ("实施单位: 上海市宝山区职工服务中心", "实施单位: '上海市宝山区职工服务中心 '")
    )
    write(root, variant, name="new-project.yaml")
    found = diagnostics(root)
    path = f"content/2024/{DEPT}/new-project.yaml"
    assert rows(found) == [(path, 6, 7, W, "unit-spelling", "实施单位")]


# --- whole-file problems through the corpus ---------------------------------------------------


def test_bom_file_is_a_warning_and_still_checked(root: Path) -> None:
    path = root / "2024" / DEPT / NAME
    path.write_bytes(
        edited(("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00")).encode("utf-8-sig")
    )
    found = diagnostics(root)
    assert rows(found) == [
        (FILE, 1, 1, W, "bom", ""),
        (FILE, 11, 11, E, "funding-sum", "项目资金.项目资金总额"),
    ]


def test_gbk_file(root: Path) -> None:
    (root / "2024" / DEPT / NAME).write_bytes(TEXT.encode("gbk"))
    found = load_corpus(root).diagnostics
    assert "GBK" in only(found, (FILE, 2, 1, E, "encoding", ""))


def test_duplicate_key_in_a_declaration(root: Path) -> None:
    found = check(root, ("\n年度: 2024\n", "\n年度: 2024\n年度: 2025\n"))
    assert "第一次在第 2 行" in only(found, (FILE, 3, 1, E, "duplicate-key", ""))


def test_unquoted_comparison_in_a_declaration(root: Path) -> None:
    found = check(root, ("        年度指标值: 健全", "        年度指标值: >=85%"))
    assert '">=85%"' in only(found, (FILE, 31, 17, E, "yaml-syntax", ""))


def test_empty_declaration_is_one_error(root: Path) -> None:
    write(root, "", name="empty.yaml")
    found = diagnostics(root)
    assert rows(found) == [(f"content/2024/{DEPT}/empty.yaml", 1, 1, E, "empty-file", "")]


def test_root_that_is_not_a_mapping(root: Path) -> None:
    write(root, "- 年度: 2024\n", name="a-list.yaml")
    found = diagnostics(root)
    message = only(found, (f"content/2024/{DEPT}/a-list.yaml", 1, 1, E, "type", ""))
    assert "这里是列表" in message


# --- the command line -----------------------------------------------------------------------

LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>错误|警告)\[(?P<code>[a-z0-9-]+)\]"
    r"(?: (?P<field>[^:\n]+):)? (?P<message>.+)$"
)


def run_check(root: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["check", "--content", "content", "--cache-dir", ".cache", *extra]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_cli_check_clean_content_exits_zero(root: Path) -> None:
    code, out, err = run_check(root)
    assert code == 0
    assert err == ""
    assert out.splitlines() == [
        f"{FILE}:46:15: 警告[indicator-placement] 绩效指标.效益指标.生态效益指标[1].三级指标: "
        "“宣传覆盖面”不像生态效益指标（名称里没有生态、环境、节能、排放等字样）；原表可能放错了类别，"
        "请核对。",
        "检查了 4 个文件：没有错误，1 个警告。",
    ]


def test_cli_check_prints_errors_in_the_editor_format_and_exits_one(root: Path) -> None:
    write(root, edited(("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00")))
    code, out, _ = run_check(root)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        f"{FILE}:11:11: 错误[funding-sum] 项目资金.项目资金总额: 项目资金总额 1,846,000.00 ≠ "
        "财政资金 1,845,000.00 + 其他资金 0.00 = 1,845,000.00（相差 1,000.00）"
    )
    assert lines[1].startswith(f"{FILE}:46:15: 警告[indicator-placement] ")
    assert lines[2] == (
        "检查了 4 个文件：1 个错误（涉及 1 个文件），1 个警告。请按上面的提示修改后再运行。"
    )
    assert len(lines) == 3


def test_cli_check_survives_every_kind_of_broken_file(root: Path, tmp_path: Path) -> None:
    folder = root / "2024" / DEPT
    (folder / "gbk.yaml").write_bytes(TEXT.encode("gbk"))
    (folder / "utf16.yaml").write_bytes(TEXT.encode("utf-16"))
    (folder / "deep.yaml").write_text("[" * 20_000, encoding="utf-8")
    (folder / "big.yaml").write_bytes(b"#" * 1_000_001)
    (folder / "alias.yaml").write_text("a: &x [*x]\n", encoding="utf-8")
    (folder / "syntax.yaml").write_text("a: >=85%\n", encoding="utf-8")
    (folder / "empty.yaml").write_text("", encoding="utf-8")
    (folder / "list.yaml").write_text("- 1\n", encoding="utf-8")
    (folder / "link.yaml").symlink_to(tmp_path / "missing-target.yaml")
    code, out, _ = run_check(root, "--no-cache")
    assert code == 1
    *lines, summary = out.splitlines()
    codes = set()
    for line in lines:
        match = LINE.match(line) or re.match(
            r"^(?P<path>[^:\n]+): (错误|警告)\[(?P<code>[a-z0-9-]+)\]", line
        )
        assert match, line
        codes.add(match["code"])
    assert {"encoding", "yaml-depth", "file-too-large", "yaml-alias", "yaml-syntax"} <= codes
    assert {"empty-file", "layout-symlink"} <= codes
    assert summary.startswith("检查了 ")


def test_cli_every_diagnostic_line_has_the_exact_form(root: Path) -> None:
    write(
        root,
        edited(
            ("项目类别: 特定目标类", "项目类别: 特定目标"),
            ("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00"),
            ("      - 三级指标: 部门沟通机制健全", "      - 三级指标: 群众满意度"),
        ),
        name="bad.yaml",
    )
    code, out, _ = run_check(root, "--no-cache")
    assert code == 1
    *lines, summary = out.splitlines()
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    bad = f"content/2024/{DEPT}/bad.yaml"
    found = [(m["path"], m["line"], m["col"], m["sev"], m["code"], m["field"]) for m in parsed if m]
    assert found == [
        (bad, "4", "7", "警告", "unknown-category", "项目类别"),
        (bad, "11", "11", "错误", "funding-sum", "项目资金.项目资金总额"),
        (bad, "30", "15", "警告", "indicator-placement", "绩效指标.产出指标.质量指标[1].三级指标"),
        (bad, "46", "15", "警告", "indicator-placement", SEED_WARNING[5]),
        (FILE, "46", "15", "警告", "indicator-placement", SEED_WARNING[5]),
    ]
    assert summary == (
        "检查了 5 个文件：1 个错误（涉及 1 个文件），4 个警告。请按上面的提示修改后再运行。"
    )


def test_cli_check_json(root: Path) -> None:
    write(root, edited(("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00")))
    result = CliRunner().invoke(
        main, ["check", "--content", "content", "--no-cache", "--format", "json"]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    data = json.loads(result.stdout)
    assert data[0] == {
        "path": FILE,
        "line": 11,
        "column": 11,
        "severity": "error",
        "code": "funding-sum",
        "field": "项目资金.项目资金总额",
        "message": "项目资金总额 1,846,000.00 ≠ 财政资金 1,845,000.00 + 其他资金 0.00 = "
        "1,845,000.00（相差 1,000.00）",
    }
    assert [(d["line"], d["severity"], d["code"]) for d in data] == [
        (11, "error", "funding-sum"),
        (46, "warning", "indicator-placement"),
    ]


def test_cli_check_json_clean_exits_zero(root: Path) -> None:
    result = CliRunner().invoke(
        main, ["check", "--content", "content", "--no-cache", "--format", "json"]
    )
    assert result.exit_code == 0
    assert [d["code"] for d in json.loads(result.stdout)] == ["indicator-placement"]


def test_cli_check_missing_content_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--content", "nowhere", "--no-cache"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stdout.splitlines()[0].startswith("nowhere: 错误[content-missing] ")


# --- the check cache ------------------------------------------------------------------------


class LoadSpy:
    """Counts which files `corpus._load_file` really checks (cache misses)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.loaded: list[str] = []
        real = corpus_module._load_file

        def spy(shown: str, raw: bytes) -> FileResult:
            self.loaded.append(Path(shown).name)
            return real(shown, raw)

        monkeypatch.setattr(corpus_module, "_load_file", spy)


def test_cache_returns_the_same_diagnostics(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(root, edited(("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00")))
    cache = tmp_path / "cache"
    spy = LoadSpy(monkeypatch)
    first = load_corpus(root, cache, models=False)
    assert sorted(spy.loaded) == sorted(p.name for p in (root / "2024" / DEPT).iterdir())
    assert list(cache.glob("check-*.json"))
    spy.loaded.clear()
    second = load_corpus(root, cache, models=False)
    assert spy.loaded == []
    assert second.diagnostics == first.diagnostics
    assert [d.format() for d in second.diagnostics] == [d.format() for d in first.diagnostics]
    assert second.diagnostics == load_corpus(root).diagnostics


def test_editing_a_file_invalidates_only_its_entry(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    spy = LoadSpy(monkeypatch)
    before = load_corpus(root, cache, models=False)
    assert rows(before.diagnostics) == [SEED_WARNING]
    spy.loaded.clear()
    write(root, edited(("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00")))
    after = load_corpus(root, cache, models=False)
    assert spy.loaded == [NAME]
    assert rows(after.diagnostics) == [
        (FILE, 11, 11, E, "funding-sum", "项目资金.项目资金总额"),
        SEED_WARNING,
    ]
    # Reverting the edit is again a change to that one file only.
    spy.loaded.clear()
    write(root, TEXT)
    assert rows(load_corpus(root, cache, models=False).diagnostics) == [SEED_WARNING]
    assert spy.loaded == [NAME]


def test_cross_file_rules_are_not_cached(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    load_corpus(root, cache, models=False)
    registry = root / "departments.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("上海市宝山区总工会", "上海市宝山区工会"),
        encoding="utf-8",
    )
    spy = LoadSpy(monkeypatch)
    found = load_corpus(root, cache, models=False).diagnostics
    assert spy.loaded == []
    assert [row(d)[4] for d in found].count("department-name") == 3


def test_damaged_cache_only_costs_time(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_corpus(root, cache, models=False)
    (cache_file,) = cache.glob("check-*.json")
    cache_file.write_bytes(b"not a cache")
    assert rows(load_corpus(root, cache, models=False).diagnostics) == [SEED_WARNING]
    cache_file.write_bytes(b"")
    assert rows(load_corpus(root, cache, models=False).diagnostics) == [SEED_WARNING]


def test_cached_paths_follow_the_working_directory(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    load_corpus(root, cache, models=False)
    monkeypatch.chdir(root.parent)
    assert rows(load_corpus(root, cache, models=False).diagnostics) == [SEED_WARNING]


def test_department_code_of_digits_only_is_refused(root: Path) -> None:
    registry = root / "departments.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8") + "  - 代码: 2\n    名称: 数字部门\n", encoding="utf-8"
    )
    found = load_corpus(root).diagnostics
    slug_errors = [d for d in found if d.code == "slug"]
    assert len(slug_errors) == 1
    assert "全是数字" in slug_errors[0].message
    assert slug_errors[0].path.endswith("departments.yaml")


def test_changed_mode_caches_the_identity_of_unchanged_files(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    changed = {(root / "2024" / DEPT / NAME).resolve()}
    calls: list[str] = []
    real = corpus_module._identity_only

    def spy(shown: str, raw: bytes) -> FileSummary:
        calls.append(Path(shown).name)
        return real(shown, raw)

    monkeypatch.setattr(corpus_module, "_identity_only", spy)
    first = load_corpus(root, cache, models=False, only=changed)
    assert len(calls) == 2  # the two unchanged declarations
    calls.clear()
    second = load_corpus(root, cache, models=False, only=changed)
    assert calls == []  # read from the cache this time
    assert second.diagnostics == first.diagnostics
    # A full check does not take those identity-only entries as checked files.
    spy_loads = LoadSpy(monkeypatch)
    full = load_corpus(root, cache, models=False)
    assert sorted(spy_loads.loaded) == sorted(
        p.name for p in (root / "2024" / DEPT).iterdir() if p.name != NAME
    )
    assert rows(full.diagnostics) == [SEED_WARNING]
