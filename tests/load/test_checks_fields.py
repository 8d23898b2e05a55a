"""The checker, field by field: missing, blank, unknown, wrong type.

A file with errors is still checked wherever it is valid.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.model import Declaration
from generator.load.checks import RULES, check_declaration, check_valid_fields
from generator.load.corpus import load_corpus
from generator.load.validation import validate_document
from generator.load.yaml_source import load_yaml_bytes
from tests.load.check_support import (
    DEPT,
    FILE,
    SEED_WARNING,
    TEXT,
    E,
    W,
    check,
    diagnostics,
    edited,
    is_seed_warning,
    only,
    rows,
    tail_from,
    write,
)
from tests.support.paths import REPO

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
