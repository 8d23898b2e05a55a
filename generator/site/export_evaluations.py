"""Open data of the self-evaluations: each form as published and our reading beside it.

`evaluations.csv` / `evaluations.json`: one row per 自评表 (its totals, the 年度资金总额 row in 元,
the 执行率 printed and the one we compute, the counts of our readings and flags);
`evaluation_indicators.csv`: one row per 三级指标 (declared target, the form's target, the
result, score, our reading, the flags). Same conventions as `export`: money in 元 as exact
decimal strings, blank is empty (never 0), keys in English in JSON, Chinese headers in CSV.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from generator.core.evaluation_analysis import total_row
from generator.core.money import exact_money, to_yuan
from generator.core.project import Corpus, EvaluatedProject
from generator.site import urls
from generator.site.evaluation_view import evaluation_summary
from generator.site.export import FORMAT_VERSION, _csv, _dump

# How a yes/no column is written in the CSV and JSON (and listed in datapackage.json).
YES, NO = "是", "否"


def yes_no(value: bool) -> str:
    return YES if value else NO


_CENT = Decimal("0.01")


def _number(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


@exact_money
def evaluation_record(item: EvaluatedProject) -> dict[str, Any]:
    """One 自评表 as open data: the form's figures as published and our reading beside
    them, under distinct keys, so that nobody mistakes a computed 执行率 for the printed one.
    """
    evaluation, analysis = item.evaluation, item.analysis
    row = total_row(evaluation)
    summary = evaluation_summary(evaluation, analysis)

    def yuan(amount: Decimal | None) -> str | None:
        return None if amount is None else f"{to_yuan(amount, evaluation.unit):f}"

    rate = analysis.execution_rate
    return {
        "id": item.id,
        "year": evaluation.year,
        "name": evaluation.name,
        "department": evaluation.department,
        "implementing_unit": evaluation.implementing_unit,
        "has_declaration": yes_no(item.declaration is not None),
        "layout": evaluation.layout.value,
        "source_money_unit": evaluation.unit.value,
        "funding": {
            "budget": yuan(row.budget) if row is not None else None,
            "spent": yuan(row.spent) if row is not None else None,
        },
        "printed_rate": row.rate if row is not None else None,
        "execution_rate": None
        if rate is None
        else f"{rate.quantize(_CENT, rounding=ROUND_HALF_UP):f}",
        "total_points": _number(evaluation.total_points),
        "total_score": _number(evaluation.total_score),
        "grade": evaluation.grade,
        "grade_by_total": analysis.grade_by_total,
        "met": summary.met,
        "unmet": summary.unmet,
        "self_reported": summary.self_reported,
        "unknown": summary.unknown,
        "full_marks_unmet": summary.full_marks_unmet,
        "changed_targets": summary.changed_targets,
        "score_disagrees": summary.score_disagrees,
        "missing_declared": len(analysis.missing),
        "url": urls.evaluation_page(item).url,
    }


@exact_money
def evaluation_indicator_records(corpus: Corpus) -> list[dict[str, Any]]:
    """One record per 三级指标 of every 自评表: the declared target beside the
    form's, so that a target changed between declaration and evaluation shows in one row.
    """
    return [record for item in corpus.evaluations for record in item_indicator_records(item)]


def item_indicator_records(item: EvaluatedProject) -> list[dict[str, Any]]:
    """The indicator records of one 自评表, in the order of its form."""
    records: list[dict[str, Any]] = []
    for analysed in item.analysis.indicators:
        row = analysed.indicator
        rule = analysed.rule_score
        records.append(
            {
                "evaluation_id": item.id,
                "year": item.evaluation.year,
                "project_name": item.evaluation.name,
                "department": item.evaluation.department,
                "position": analysed.index + 1,
                "level1": row.level1,
                "level2": row.level2,
                "name": row.name,
                "declared_target": analysed.declared_target,
                "target": analysed.target_text,
                "actual": analysed.actual_text,
                "points": _number(row.points),
                "score": _number(row.score),
                "reading": analysed.reading.value,
                "flag_target_changed": yes_no(analysed.target_changed),
                "flag_full_marks_unmet": yes_no(analysed.full_marks_unmet),
                "rule_score": None
                if rule is None
                else f"{rule.quantize(_CENT, rounding=ROUND_HALF_UP):f}",
                "flag_score_disagrees": yes_no(analysed.score_disagrees),
                "reason": row.reason,
            }
        )
    return records


EVALUATION_COLUMNS = (
    ("项目编号", "id"),
    ("年度", "year"),
    ("项目名称", "name"),
    ("主管部门", "department"),
    ("实施单位", "implementing_unit"),
    ("有申报表", "has_declaration"),
    ("表式", "layout"),
    ("原表资金单位", "source_money_unit"),
    ("全年预算数（元）", "funding.budget"),
    ("全年执行数（元）", "funding.spent"),
    ("执行率（原表）", "printed_rate"),
    ("执行率（本站计算，%）", "execution_rate"),
    ("总分", "total_points"),
    ("自评得分", "total_score"),
    ("自评等级", "grade"),
    ("按得分的等级", "grade_by_total"),
    ("达成", "met"),
    ("未达成", "unmet"),
    ("自述达成", "self_reported"),
    ("无法判断", "unknown"),
    ("满分未达成", "full_marks_unmet"),
    ("目标被修改", "changed_targets"),
    ("得分与计分规则不符", "score_disagrees"),
    ("申报了但未自评的指标", "missing_declared"),
    ("网页", "url"),
)

EVALUATION_INDICATOR_COLUMNS = (
    ("项目编号", "evaluation_id"),
    ("年度", "year"),
    ("项目名称", "project_name"),
    ("主管部门", "department"),
    ("序号", "position"),
    ("一级指标", "level1"),
    ("二级指标", "level2"),
    ("三级指标", "name"),
    ("申报的年度指标值", "declared_target"),
    ("自评表的年度指标值", "target"),
    ("实际完成值", "actual"),
    ("分值", "points"),
    ("得分", "score"),
    ("我们的读法", "reading"),
    ("目标被修改", "flag_target_changed"),
    ("满分未达成", "flag_full_marks_unmet"),
    ("按通用计分规则的得分", "rule_score"),
    ("得分与计分规则不符", "flag_score_disagrees"),
    ("偏差原因分析及改进措施", "reason"),
)


def evaluations_json(corpus: Corpus) -> str:
    """data/evaluations.json: every self-evaluation and its indicators in one file."""
    records = [evaluation_record(item) for item in corpus.evaluations]
    indicators = evaluation_indicator_records(corpus)
    return _dump(
        {
            "format_version": FORMAT_VERSION,
            "count": len(records),
            "evaluations": records,
            "indicators": indicators,
        }
    )


def evaluations_csv(corpus: Corpus) -> bytes:
    """data/evaluations.csv: one row per 自评表, Chinese headers, for Excel."""
    return _csv(EVALUATION_COLUMNS, [evaluation_record(item) for item in corpus.evaluations])


def evaluation_indicators_csv(corpus: Corpus) -> bytes:
    """data/evaluation_indicators.csv: one row per indicator of a 自评表."""
    return _csv(EVALUATION_INDICATOR_COLUMNS, evaluation_indicator_records(corpus))


__all__ = [
    "EVALUATION_COLUMNS",
    "EVALUATION_INDICATOR_COLUMNS",
    "evaluation_indicator_records",
    "evaluation_indicators_csv",
    "evaluation_record",
    "evaluations_csv",
    "evaluations_json",
    "item_indicator_records",
]
