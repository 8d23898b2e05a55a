"""A 自评表 that fails validation in one part still gets its arithmetic checked on every part
that did validate, so that a reviewer sees every problem in one pass. A value that did not
validate is neither blank nor zero: a sum that needs it is skipped, and that is said nowhere but
in the validation error itself."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest
import yaml

from generator.core.diagnostics import Diagnostic, Severity
from generator.load.corpus import load_corpus
from generator.load.evaluation_corpus import load_evaluation
from tests.load.test_evaluation_review import FOLDER, SAMPLE, SHOWN, _corpus, _text

# The sample's last indicator (参与人员满意度): 分值 10, 得分 4.
LAST_SCORE = ("    分值: 10\n    得分: 4\n", "    分值: 10\n    得分: 四分\n")
# Its first indicator (运动场馆开放率): 分值 15, 得分 15.
FIRST_OVER = ("    分值: 15\n    得分: 15\n", "    分值: 15\n    得分: 16\n")
WRONG_RATE = ("执行率: 95.00%\n    得分: 9.5", "执行率: 96.00%\n    得分: 9.5")
RATE_AND_FUNDING_OVER = ("执行率: 95.00%\n    得分: 9.5", "执行率: 96.00%\n    得分: 11")
WRONG_GRADE = ("自评等级: 优", "自评等级: 良")


def _problems(text: str) -> list[Diagnostic]:
    _, problems = load_evaluation(SHOWN, text.encode(), None)
    return problems


def _codes(text: str) -> dict[str, list[Diagnostic]]:
    found: dict[str, list[Diagnostic]] = {}
    for problem in _problems(text):
        found.setdefault(problem.code, []).append(problem)
    return found


def test_one_bad_score_does_not_hide_the_arithmetic_of_the_rest() -> None:
    text = _text(LAST_SCORE, FIRST_OVER, RATE_AND_FUNDING_OVER, WRONG_GRADE)
    codes = _codes(text)
    (score,) = codes.pop("score")
    assert score.field == "绩效指标[7].得分" and "四分" in score.message
    assert [d.field for d in codes.pop("evaluation-score-over")] == [
        "预算执行[1].得分",
        "绩效指标[1].得分",
    ]
    (rate,) = codes.pop("evaluation-rate")
    assert rate.field == "预算执行[1].执行率" and "96.00%" in rate.message
    (grade,) = codes.pop("evaluation-grade")
    assert "应为“优”" in grade.message
    # 自评得分 is the sum of every 得分, one of which is unknown: no score-sum error, and no
    # word about the skipped sum either (the score error says what to put right).
    assert codes == {}


def test_an_invalid_score_is_not_taken_as_blank_or_zero() -> None:
    # The same form with the 得分 blank: the sum is not checked either (blank is not 0) …
    blank = _codes(_text(("    分值: 10\n    得分: 4\n", "    分值: 10\n    得分:\n")))
    assert "evaluation-score-sum" not in blank
    # … nor beside a bad one: taking 四分 as 0 would add up to 89.5 and call 91 wrong.
    codes = _codes(_text(LAST_SCORE, ("自评得分: 93.5", "自评得分: 91")))
    assert set(codes) == {"score"}, codes


def test_a_bad_weight_skips_the_sums_it_is_in_and_no_other() -> None:
    text = _text(
        ("    分值: 10\n    得分: 4\n", "    分值: 十\n    得分: 4\n"),
        ("实际完成值: 0%\n    分值: 15", "实际完成值: 0%\n    分值: 20"),
        ("总分: 100\n", ""),
        ("自评得分: 93.5", "自评得分: 101"),
    )
    codes = _codes(text)
    assert [d.code for d in codes.pop("score")] == ["score"]
    # 效益指标's own weights are all valid: its sum is still checked.
    (level1,) = codes.pop("evaluation-level1-points")
    assert level1.field == "绩效指标[5].一级指标" and "合计 35" in level1.message
    # 自评得分 101 against the 分值 added up (no 总分 printed) needs the bad one: skipped. The
    # scores still add up to 93.5, not 101: that is checked.
    assert [d.code for d in codes.pop("evaluation-score-sum")] == ["evaluation-score-sum"]
    assert codes == {}


def test_an_invalid_total_points_is_not_taken_as_not_printed() -> None:
    # With 总分 blank, 自评得分 is held to the 分值 added up; with 总分 invalid it is not known
    # which maximum the form printed.
    text = _text(("总分: 100", "总分: 一百"), ("自评得分: 93.5", "自评得分: 101"))
    codes = _codes(text)
    # The 得分 still add up to 93.5, not 101: that is checked.
    assert set(codes) == {"score", "evaluation-score-sum"}, codes


def test_a_bad_amount_skips_only_its_column_of_the_funding_sum() -> None:
    text = _text(
        ("    年初预算数: 75.00\n    全年预算数: 80.00\n    全年执行数: 76.00\n    执行率",
         "    年初预算数: 70.00\n    全年预算数: 八十\n    全年执行数: 76.00\n    执行率"),
    )  # fmt: skip
    codes = _codes(text)
    (money,) = codes.pop("money")
    assert money.field == "预算执行[2].全年预算数"
    # 年初预算数 75 ≠ 70 + 空白 + 0.00 is still found; 全年预算数 is not added up with a hole.
    (funding,) = codes.pop("evaluation-funding-sum")
    assert funding.field == "预算执行[1].年初预算数"
    # The row's 执行率 needs its 全年预算数: not compared.
    assert codes == {}


def test_a_bad_row_name_skips_every_sum_that_needs_to_know_the_total_row() -> None:
    text = _text(
        ("资金来源: 上年结转资金", "资金来源: [上年结转资金]"),
        ("    年初预算数: 0.00\n", "    年初预算数: 9.00\n"),
        ("自评得分: 93.5", "自评得分: 90"),
        WRONG_RATE,
    )
    codes = _codes(text)
    (bad,) = codes.pop("type")
    assert bad.field == "预算执行[3].资金来源"
    # Which row is the total is not known: no funding sum, no score sum; the rate of a row
    # stands on its own.
    assert [d.field for d in codes.pop("evaluation-rate")] == ["预算执行[1].执行率"]
    assert codes == {}


def test_a_table_that_is_not_a_list_leaves_the_other_table_checked() -> None:
    text = SAMPLE.read_text("utf-8")
    start = text.index("绩效指标:\n")
    end = text.index("总分:")
    text = text[:start] + "绩效指标: 见附件\n" + text[end:]
    text = text.replace(*WRONG_RATE).replace(*WRONG_GRADE)
    codes = _codes(text)
    assert [d.field for d in codes.pop("type")] == ["绩效指标"]
    assert [d.field for d in codes.pop("evaluation-rate")] == ["预算执行[1].执行率"]
    assert [d.field for d in codes.pop("evaluation-grade")] == ["自评等级"]
    assert codes == {}  # no score sum from the funding alone


def test_a_row_that_is_not_a_mapping_leaves_the_other_rows_checked() -> None:
    text = _text(
        FIRST_OVER, ("  - 一级指标: 满意度指标(10分)", "  - 无\n  - 一级指标: 满意度指标(10分)")
    )
    codes = _codes(text)
    assert [d.field for d in codes.pop("type")] == ["绩效指标[7]"]
    assert [d.field for d in codes.pop("evaluation-score-over")] == ["绩效指标[1].得分"]
    assert codes == {}


def test_a_row_without_its_name_keeps_its_scores() -> None:
    text = _text(FIRST_OVER, ("    三级指标: 运动场馆开放率\n", ""))
    codes = _codes(text)
    assert [d.field for d in codes.pop("missing-field")] == ["绩效指标[1].三级指标"]
    assert [d.field for d in codes.pop("evaluation-score-over")] == ["绩效指标[1].得分"]
    # The 得分 are all valid: the sum (94.5 ≠ 93.5) is checked.
    assert [d.field for d in codes.pop("evaluation-score-sum")] == ["自评得分"]
    assert codes == {}


def test_a_bad_unit_skips_the_places_and_keeps_the_rest() -> None:
    text = _text(
        ("资金单位: 万元", "资金单位: 美元"),
        ("全年执行数: 76.00\n    分值", "全年执行数: 76.001\n    分值"),
        WRONG_RATE,
    )
    codes = _codes(text)
    assert "enum" in codes and "money-places" not in codes
    assert [d.field for d in codes["evaluation-rate"]] == ["预算执行[1].执行率"]


def test_acknowledged_problems_of_a_partly_valid_file_are_notices_and_none_is_stale() -> None:
    text = _text(LAST_SCORE, WRONG_RATE) + (
        "原表问题:\n"
        "  - 代码: evaluation-rate\n    字段: 预算执行[1].执行率\n"
        "  - 代码: evaluation-score-sum\n    字段: 自评得分\n"  # not checked now: not stale
    )
    problems = _problems(text)
    assert [(p.code, p.severity) for p in problems] == [
        ("score", Severity.ERROR),
        ("evaluation-rate", Severity.NOTICE),
    ]


@pytest.mark.parametrize("models", [False, True])
def test_the_corpus_reports_the_arithmetic_of_a_partly_valid_file(
    tmp_path: Path, models: bool
) -> None:
    root = _corpus(
        tmp_path, "yiqi-changguan-yunying-jingfei.自评.yaml", _text(LAST_SCORE, WRONG_GRADE)
    )
    corpus = load_corpus(root, models=models)
    codes = {d.code for d in corpus.diagnostics if "自评" in d.path}
    assert codes == {"score", "evaluation-grade"}
    assert corpus.evaluations == []  # not published: it does not validate
    assert f"{FOLDER}/" in next(d.path for d in corpus.diagnostics if d.code == "score")


def test_a_field_beside_a_misspelt_key_is_not_taken_as_blank() -> None:
    # `得份` is reported as an unknown field; the row's 得分 is not blank, it is unknown: taking
    # it as blank would add up 84 for the scores and call 93.5 wrong.
    codes = _codes(
        _text(("    执行率: 95.00%\n    得分: 9.5", "    执行率: 95.00%\n    得份: 9.5"))
    )
    assert set(codes) == {"unknown-field"}, codes
    # A misspelt top-level key: 总分 is not known to be unprinted either.
    text = _text(("总分: 100", "总 分: 100"), ("自评得分: 93.5", "自评得分: 101"))
    assert set(_codes(text)) == {"unknown-field", "evaluation-score-sum"}


Path_ = tuple[str | int, ...]


def _children(value: object) -> list[tuple[str | int, object]]:
    if isinstance(value, dict):
        return list(value.items())
    if isinstance(value, list):
        return list(enumerate(value))
    return []


def _paths(value: object, at: Path_ = ()) -> list[Path_]:
    found: list[Path_] = []
    for key, child in _children(value):
        found += [(*at, key), *_paths(child, (*at, key))]
    return found


def test_no_invalid_cell_or_misspelt_key_makes_a_right_form_wrong() -> None:
    """The sample adds up. Make some of its cells invalid (a mapping or a list where a value
    goes) or misspell some keys: whatever the rules still check must still add up."""
    base = yaml.safe_load(SAMPLE.read_text("utf-8"))
    every = _paths(base)
    rng = random.Random(20240601)
    for _ in range(120):
        data = copy.deepcopy(base)
        for _ in range(rng.randint(1, 3)):
            *above, last = rng.choice(every)
            parent: object = data
            for key in above:
                parent = dict(_children(parent)).get(key)
            bad = {"k": "v"} if rng.random() < 0.5 else ["a"]
            if isinstance(parent, dict) and last in parent:
                if rng.random() < 0.4:
                    parent[f"{last}x"] = parent.pop(last)
                else:
                    parent[last] = bad
            elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
                parent[last] = bad
        text = yaml.safe_dump(data, allow_unicode=True)
        wrong = [
            p.format()
            for p in _problems(text)
            if p.severity is Severity.ERROR and p.code.startswith(("evaluation-", "money-"))
        ]
        assert wrong == [], text


def test_acknowledgements_that_do_not_validate_acknowledge_nothing() -> None:
    text = _text(LAST_SCORE, WRONG_RATE) + (
        "原表问题:\n  - 代码: evaluation-rate\n  - 代码: evaluation-grade\n    字段: 自评等级\n"
    )
    problems = _problems(text)
    assert [(p.code, p.field, p.severity) for p in problems] == [
        ("score", "绩效指标[7].得分", Severity.ERROR),
        ("missing-field", "原表问题[1].字段", Severity.ERROR),
        ("evaluation-rate", "预算执行[1].执行率", Severity.ERROR),
    ]
