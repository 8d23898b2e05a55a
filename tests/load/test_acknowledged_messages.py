"""An acknowledged problem (原表问题) keeps its fact and says it is recorded; it no longer asks
the reader to record it. For declarations and for 自评表, every acknowledgeable code."""

from __future__ import annotations

from pathlib import Path

from generator.core.diagnostics import Diagnostic, Severity
from generator.load.acknowledgements import acknowledged_errors
from generator.load.corpus import load_corpus
from generator.load.evaluation_checks import CHECK_THE_FORM, CHECK_THE_GRADE
from generator.load.evaluation_corpus import load_evaluation
from tests.load.test_evaluation_review import SHOWN, _text
from tests.load.test_forms_ack import CARD, edit

RECORDED = "（原表如此，已记入原表问题，照样发布）"
ASKS_TO_RECORD = "请记入原表问题"


def _entries(errors: list[Diagnostic]) -> str:
    lines = ["原表问题:"]
    for entry in acknowledged_errors(errors):
        lines += [f"  - 代码: {entry.code}", f"    字段: {entry.at}"]
    return "\n".join(lines) + "\n"


def _fact(message: str) -> str:
    for advice in (CHECK_THE_FORM, CHECK_THE_GRADE):
        message = message.removesuffix(f"；{advice}")
    return message


def test_an_acknowledged_evaluation_problem_keeps_its_fact_without_the_advice() -> None:
    text = _text(
        # rate; score-over and score-sum
        ("执行率: 95.00%\n    得分: 9.5", "执行率: 96.00%\n    得分: 11"),
        ("效益指标(30分)", "效益指标(35分)"),  # level1-points
        ("    全年预算数: 0.00\n", "    全年预算数: 5.00\n"),  # funding-sum
        ("总分: 100", "总分: 90"),  # points-sum, total-over
        ("自评等级: 优", "自评等级: 良"),  # grade
    )
    _, first = load_evaluation(SHOWN, text.encode(), None)
    errors = [p for p in first if p.severity is Severity.ERROR]
    assert {p.code for p in errors} == {
        "evaluation-rate",
        "evaluation-score-over",
        "evaluation-score-sum",
        "evaluation-level1-points",
        "evaluation-funding-sum",
        "evaluation-points-sum",
        "evaluation-total-over",
        "evaluation-grade",
    }
    asking = {p.code for p in errors if ASKS_TO_RECORD in p.message}
    assert asking == {
        "evaluation-rate",
        "evaluation-score-sum",
        "evaluation-funding-sum",
        "evaluation-total-over",
        "evaluation-grade",
    }
    _, then = load_evaluation(SHOWN, (text + _entries(errors)).encode(), None)
    assert not [p for p in then if p.severity is Severity.ERROR], [p.format() for p in then]
    notices = [p for p in then if p.severity is Severity.NOTICE]
    assert len(notices) == len(errors)
    facts = {(p.code, p.field): _fact(p.message) for p in errors}
    for notice in notices:
        assert ASKS_TO_RECORD not in notice.message and "请核对原表" not in notice.message
        assert notice.message == facts[notice.code, notice.field] + RECORDED


def test_only_the_acknowledged_problem_loses_its_advice() -> None:
    text = _text(
        ("执行率: 95.00%\n    得分: 9.5", "执行率: 96.00%\n    得分: 9.5"),
        ("自评等级: 优", "自评等级: 良"),
    )
    text += "原表问题:\n  - 代码: evaluation-rate\n    字段: 预算执行[1].执行率\n"
    _, problems = load_evaluation(SHOWN, text.encode(), None)
    by_code = {p.code: p for p in problems}
    assert by_code["evaluation-rate"].severity is Severity.NOTICE
    assert ASKS_TO_RECORD not in by_code["evaluation-rate"].message
    assert by_code["evaluation-grade"].severity is Severity.ERROR
    assert by_code["evaluation-grade"].message.endswith(CHECK_THE_GRADE)


def test_an_acknowledged_declaration_problem_keeps_its_fact_without_the_advice(
    content_copy: Path,
) -> None:
    card = content_copy / CARD
    edit(card, "  项目资金总额: 1,846,000.00", "  项目资金总额: 1,900,000.00")
    edit(card, "计划开始日期: 2024-01-01", "计划开始日期: 2024-12-31")
    edit(card, "计划完成日期: 2024-12-31", "计划完成日期: 2024-01-01")
    errors = [
        d
        for d in load_corpus(content_copy, models=False).diagnostics
        if d.severity is Severity.ERROR
    ]
    assert {d.code for d in errors} >= {"funding-sum", "date-order"}
    card.write_text(card.read_text("utf-8") + _entries(errors), encoding="utf-8")
    corpus = load_corpus(content_copy, models=False)
    assert corpus.ok, [d.format() for d in corpus.diagnostics]
    facts = {(d.code, d.field): d.message for d in errors}
    notices = [d for d in corpus.diagnostics if d.severity is Severity.NOTICE]
    assert {d.code for d in notices} == {d.code for d in errors}
    for notice in notices:
        assert ASKS_TO_RECORD not in notice.message
        assert notice.message == facts[notice.code, notice.field] + RECORDED
