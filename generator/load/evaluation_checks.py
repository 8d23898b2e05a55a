"""`jixiao check` for a self-evaluation: its arithmetic as published, and its declaration.

Arithmetic (errors, acknowledgeable in `原表问题` since they describe the published form):
- `evaluation-rate`: 执行率 ≠ 全年执行数 ÷ 全年预算数 at the precision printed;
- `evaluation-score-over`: a 得分 above its 分值;
- `evaluation-score-sum`: 预算执行得分 + the indicators' 得分 ≠ 自评得分;
- `evaluation-points-sum`: the 分值 do not add up to 总分;
- `evaluation-level1-points`: a first-level cell's weight (`产出指标(50分)`) ≠ the 分值 under it;
- `evaluation-grade`: 自评等级 disagrees with 自评得分 under 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60.

Against the declaration and our reading (warnings: they are findings, shown on the site):
- `evaluation-indicator-unmatched`, `evaluation-indicator-missing`, `evaluation-target-changed`
  (目标被修改), `evaluation-full-marks-unmet` (满分未达成), `evaluation-score-rule`.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from generator.core.diagnostics import Diagnostic, Severity
from generator.core.evaluation_analysis import (
    EvaluationAnalysis,
    analyse,
    execution_rate,
    printed_rate,
    rate_agrees,
)
from generator.core.evaluation_model import Evaluation
from generator.core.model import Declaration
from generator.core.money import decimal_places, exact_money, is_negative, negative_hint
from generator.load.validation import field_label
from generator.load.yaml_source import YamlDocument, YamlPath

_LEVEL1_WEIGHT = re.compile(r"[(（]\s*([0-9]+(?:\.[0-9]+)?)\s*分?\s*[)）]")


def level1_weight(label: str) -> Decimal | None:
    """`产出指标(50分)` → 50; None when the cell carries no weight."""
    match = _LEVEL1_WEIGHT.search(unicodedata.normalize("NFKC", label))
    return None if match is None else Decimal(match[1])


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


class _Report:
    def __init__(self, document: YamlDocument, path: str) -> None:
        self.document = document
        self.path = path
        self.found: list[Diagnostic] = []

    def add(self, severity: Severity, loc: YamlPath, code: str, message: str) -> None:
        position = self.document.source_map.locate(loc)
        self.found.append(
            Diagnostic(self.path, position, severity, code, field_label(loc), message)
        )


@exact_money
def check_evaluation(
    evaluation: Evaluation,
    document: YamlDocument,
    path: str,
    declaration: Declaration | None,
    analysis: EvaluationAnalysis | None = None,
) -> list[Diagnostic]:
    """Every problem of one self-evaluation (its own arithmetic, and against `declaration`);
    `analysis` is `analyse(evaluation, declaration)` when the caller has it already."""
    report = _Report(document, path)
    if analysis is None:
        analysis = analyse(evaluation, declaration)
    _arithmetic(evaluation, analysis, report)
    if declaration is not None:
        _against_declaration(evaluation, analysis, report)
    _readings(analysis, report)
    return report.found


def _arithmetic(evaluation: Evaluation, analysis: EvaluationAnalysis, report: _Report) -> None:
    error = Severity.ERROR
    for index, row in enumerate(evaluation.funding):
        loc: YamlPath = ("预算执行", index)
        for key, amount in (
            ("年初预算数", row.initial_budget),
            ("全年预算数", row.budget),
            ("全年执行数", row.spent),
        ):
            if amount is None:
                continue
            if is_negative(amount):
                report.add(
                    error,
                    (*loc, key),
                    "money-negative",
                    f"金额 {amount} 为负数{negative_hint(amount)}",
                )
            if decimal_places(amount) > evaluation.unit.max_places:
                report.add(
                    error,
                    (*loc, key),
                    "money-places",
                    f"金额 {amount} 的小数位超过 {evaluation.unit.max_places} 位"
                    f"（资金单位为{evaluation.unit.value}）",
                )
        printed = printed_rate(row.rate)
        computed = execution_rate(row)
        if row.rate is not None and printed is None:
            report.add(
                error,
                (*loc, "执行率"),
                "evaluation-rate",
                f"执行率“{row.rate}”不是百分数，如 95.30%",
            )
        elif printed is not None and computed is not None:
            value, places = printed
            if not rate_agrees(computed, value, places):
                step = Decimal(1).scaleb(-places)
                shown = computed.quantize(step, rounding=ROUND_HALF_UP)
                report.add(
                    error,
                    (*loc, "执行率"),
                    "evaluation-rate",
                    f"执行率写的是 {row.rate}，全年执行数 {_fmt(row.spent or Decimal(0))} ÷ "
                    f"全年预算数 {_fmt(row.budget or Decimal(0))} = {shown}%；"
                    "请核对原表（原表如此请记入原表问题）",
                )
        if row.score is not None and row.points is not None and row.score > row.points:
            report.add(
                error,
                (*loc, "得分"),
                "evaluation-score-over",
                f"得分 {_fmt(row.score)} 超过分值 {_fmt(row.points)}",
            )
    for index, item in enumerate(evaluation.indicators):
        if item.score is not None and item.points is not None and item.score > item.points:
            report.add(
                error,
                ("绩效指标", index, "得分"),
                "evaluation-score-over",
                f"“{item.name}”的得分 {_fmt(item.score)} 超过分值 {_fmt(item.points)}",
            )
    total = evaluation.total_score
    if total is not None and analysis.computed_total is not None:
        places = decimal_places(total)
        summed = analysis.computed_total.quantize(
            Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
        )
        if summed != total:
            report.add(
                error,
                ("自评得分",),
                "evaluation-score-sum",
                f"自评得分写的是 {_fmt(total)}，预算执行得分 "
                f"{_fmt(analysis.funding_score or Decimal(0))} 加各项指标得分 "
                f"{_fmt(analysis.indicator_score_sum or Decimal(0))} 共 "
                f"{_fmt(analysis.computed_total)}；请核对原表（原表如此请记入原表问题）",
            )
    points = [r.points for r in evaluation.funding if r.points is not None]
    indicator_points = [i.points for i in evaluation.indicators]
    if (
        evaluation.total_points is not None
        and indicator_points
        and all(p is not None for p in indicator_points)
    ):
        summed_points = sum((p for p in [*points, *indicator_points] if p is not None), Decimal(0))
        if summed_points != evaluation.total_points:
            report.add(
                error,
                ("总分",),
                "evaluation-points-sum",
                f"总分写的是 {_fmt(evaluation.total_points)}，各项分值合计 {_fmt(summed_points)}",
            )
    _level1_points(evaluation, report)
    if (
        evaluation.grade is not None
        and analysis.grade_by_total is not None
        and evaluation.grade.strip() != analysis.grade_by_total
    ):
        report.add(
            error,
            ("自评等级",),
            "evaluation-grade",
            f"自评等级写的是“{evaluation.grade}”，自评得分 {_fmt(total or Decimal(0))} 按"
            f"优 ≥ 90、良 80–90、中 60–80、差 < 60 应为“{analysis.grade_by_total}”",
        )


def _level1_points(evaluation: Evaluation, report: _Report) -> None:
    first: dict[str, int] = {}
    sums: dict[str, Decimal | None] = {}
    for index, item in enumerate(evaluation.indicators):
        first.setdefault(item.level1, index)
        before = sums.get(item.level1, Decimal(0))
        sums[item.level1] = None if before is None or item.points is None else before + item.points
    for label, index in first.items():
        weight = level1_weight(label)
        total = sums[label]
        if weight is not None and total is not None and weight != total:
            report.add(
                Severity.ERROR,
                ("绩效指标", index, "一级指标"),
                "evaluation-level1-points",
                f"“{label}”写明 {_fmt(weight)} 分，其下各三级指标分值合计 {_fmt(total)}",
            )


def _against_declaration(
    evaluation: Evaluation, analysis: EvaluationAnalysis, report: _Report
) -> None:
    warning = Severity.WARNING
    for index in analysis.unmatched:
        report.add(
            warning,
            ("绩效指标", index, "三级指标"),
            "evaluation-indicator-unmatched",
            f"三级指标“{evaluation.indicators[index].name}”在申报表中没有同名指标",
        )
    for item in analysis.indicators:
        if item.target_changed and item.declared is not None:
            report.add(
                warning,
                ("绩效指标", item.index, "年度指标值"),
                "evaluation-target-changed",
                f"目标被修改：自评表写“{item.target_text}”，申报表写“{item.declared.target}”",
            )
    if analysis.missing:
        names = "、".join(f"“{indicator.name}”" for _, _, indicator in analysis.missing)
        report.add(
            warning,
            ("绩效指标",),
            "evaluation-indicator-missing",
            f"申报表的 {len(analysis.missing)} 个三级指标在自评表中没有：{names}",
        )


def _readings(analysis: EvaluationAnalysis, report: _Report) -> None:
    warning = Severity.WARNING
    for item in analysis.indicators:
        row = item.indicator
        if item.full_marks_unmet:
            report.add(
                warning,
                ("绩效指标", item.index, "得分"),
                "evaluation-full-marks-unmet",
                f"满分未达成：“{row.name}”目标“{item.target_text}”，实际“{item.actual_text}”，"
                f"仍得满分 {_fmt(row.score or Decimal(0))}",
            )
        elif item.score_disagrees and item.rule_score is not None:
            report.add(
                warning,
                ("绩效指标", item.index, "得分"),
                "evaluation-score-rule",
                f"“{row.name}”得分 {_fmt(row.score or Decimal(0))}，按通行计分规则"
                f"（目标“{item.target_text}”，实际“{item.actual_text}”）约为 "
                f"{item.rule_score.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}",
            )


__all__ = ["check_evaluation", "level1_weight"]
