"""What a page shows of a self-evaluation: plain strings built from the form and our reading.

Pure: `evaluation_view(evaluated)` turns an `EvaluatedProject` (form, declaration, analysis)
into rows of text for `templates/_evaluation.md.j2`; `evaluation_summary` gives the figures
the department pages, the 自评结果 page, the explorer and the exports share. Every value is the
one printed (blank stays `None`, shown as 空白), beside it what we computed, never instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator.core.evaluation_analysis import EvaluationAnalysis, Reading, total_row
from generator.core.evaluation_model import Evaluation
from generator.core.money import MoneyUnit, exact_money, format_yuan, to_yuan
from generator.core.project import EvaluatedProject
from generator.site import urls

_CENT = Decimal("0.01")


def percent(value: Decimal | None) -> str | None:
    """A computed rate, two places: `95.00%`; None when there is no rate."""
    return None if value is None else f"{value.quantize(_CENT, rounding=ROUND_HALF_UP)}%"


def _amount(amount: Decimal | None, unit: MoneyUnit) -> str | None:
    if amount is None:
        return None
    return format_yuan(amount) if unit is MoneyUnit.YUAN else f"{amount:,}"


def _score(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True, slots=True)
class FundingRowView:
    source: str
    initial_budget: str | None
    budget: str | None
    spent: str | None
    points: str | None
    rate: str | None  # as printed
    score: str | None


@dataclass(frozen=True, slots=True)
class IndicatorRowView:
    level1: str
    level2: str | None
    name: str
    declared_target: str | None  # None: no declared indicator matched
    target: str | None  # the 自评表's own target
    target_changed: bool
    actual: str | None
    points: str | None
    score: str | None
    reading: str
    reading_css: str
    reason: str | None
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EvaluationView:
    unit: str
    layout: str
    funding: list[FundingRowView]
    execution_rate: str | None  # ours, from the 年度资金总额 row
    expected: str | None
    achieved: str | None
    has_goal: bool
    indicators: list[IndicatorRowView]
    missing: list[str]  # declared indicators the evaluation does not answer
    total_points: str | None
    total_score: str | None
    grade: str | None
    grade_by_total: str | None
    # The written grade names another of the common grades than the score gives (优秀 is 优:
    # no flag); a grade of local rules (A, 一级) is not compared.
    grade_differs: bool
    summary: EvaluationSummary
    has_declaration: bool


@dataclass(frozen=True, slots=True)
class EvaluationSummary:
    """The figures one self-evaluation contributes to the department and ranking pages."""

    total_score: Decimal | None
    grade: str | None
    execution_rate: Decimal | None
    met: int
    unmet: int
    self_reported: int
    unknown: int
    full_marks_unmet: int
    changed_targets: int
    score_disagrees: int

    @property
    def flag_count(self) -> int:
        """The flags the 自评结果 page shows (满分未达成, 目标被修改, 得分与计分规则不符)."""
        return self.full_marks_unmet + self.changed_targets + self.score_disagrees

    @property
    def indicator_count(self) -> int:
        """Every indicator of the 自评表, whatever our reading of it."""
        return self.met + self.unmet + self.self_reported + self.unknown


_READING_CSS = {
    Reading.MET: "jx-met",
    Reading.UNMET: "jx-unmet",
    Reading.SELF_REPORTED: "jx-self",
    Reading.UNKNOWN: "jx-unknown",
}


def evaluation_summary(evaluation: Evaluation, analysis: EvaluationAnalysis) -> EvaluationSummary:
    """The counts of one 自评表 that the project page, the tables and the explorer show,
    computed once so that they agree.
    """
    return EvaluationSummary(
        total_score=evaluation.total_score,
        grade=evaluation.grade,
        execution_rate=analysis.execution_rate,
        met=analysis.count(Reading.MET),
        unmet=analysis.count(Reading.UNMET),
        self_reported=analysis.count(Reading.SELF_REPORTED),
        unknown=analysis.count(Reading.UNKNOWN),
        full_marks_unmet=analysis.full_marks_unmet_count,
        changed_targets=analysis.changed_target_count,
        score_disagrees=sum(1 for item in analysis.indicators if item.score_disagrees),
    )


def flags_of(target_changed: bool, full_marks_unmet: bool, rule: str | None) -> tuple[str, ...]:
    """The warnings shown beside an indicator of a 自评表, in the words a reader knows."""
    flags: list[str] = []
    if target_changed:
        flags.append("目标被修改")
    if full_marks_unmet:
        flags.append("满分未达成")
    if rule is not None:
        flags.append(f"得分与通用计分规则不符（按规则约 {rule} 分）")
    return tuple(flags)


@exact_money
def evaluation_view(evaluated: EvaluatedProject) -> EvaluationView:
    """The 绩效自评 section of a page: the form's figures formatted as printed (in its own
    unit) and our reading of each indicator beside them.
    """
    evaluation, analysis = evaluated.evaluation, evaluated.analysis
    unit = evaluation.unit
    funding = [
        FundingRowView(
            source=row.source,
            initial_budget=_amount(row.initial_budget, unit),
            budget=_amount(row.budget, unit),
            spent=_amount(row.spent, unit),
            points=_score(row.points),
            rate=row.rate,
            score=_score(row.score),
        )
        for row in evaluation.funding
    ]
    rows: list[IndicatorRowView] = []
    for item in analysis.indicators:
        row = item.indicator
        rule = (
            str(item.rule_score.quantize(_CENT, rounding=ROUND_HALF_UP))
            if item.score_disagrees and item.rule_score is not None
            else None
        )
        rows.append(
            IndicatorRowView(
                level1=row.level1,
                level2=row.level2,
                name=row.name,
                declared_target=item.declared_target,
                target=item.target_text,
                target_changed=item.target_changed,
                actual=item.actual_text,
                points=_score(row.points),
                score=_score(row.score),
                reading=item.reading.value,
                reading_css=_READING_CSS[item.reading],
                reason=row.reason,
                flags=flags_of(item.target_changed, item.full_marks_unmet, rule),
            )
        )
    goal = evaluation.goal
    return EvaluationView(
        unit=unit.value,
        layout=evaluation.layout.value,
        funding=funding,
        execution_rate=percent(analysis.execution_rate),
        expected=None if goal is None else goal.expected,
        achieved=None if goal is None else goal.achieved,
        has_goal=goal is not None,
        indicators=rows,
        missing=[
            f"{level1} / {level2} / {ind.name}（{ind.target}）"
            for level1, level2, ind in analysis.missing
        ],
        total_points=_score(evaluation.total_points),
        total_score=_score(evaluation.total_score),
        grade=evaluation.grade,
        grade_by_total=analysis.grade_by_total,
        grade_differs=analysis.grade_differs,
        summary=evaluation_summary(evaluation, analysis),
        has_declaration=evaluated.declaration is not None,
    )


__all__ = [
    "EvaluationGroupRow",
    "EvaluationRankRow",
    "EvaluationSummary",
    "EvaluationView",
    "FundingRowView",
    "IndicatorRowView",
    "evaluation_summary",
    "evaluation_view",
    "flags_of",
    "group_row",
    "percent",
    "rank_rows",
]


@dataclass(frozen=True, slots=True)
class EvaluationGroupRow:
    """One department's (or the whole site's) self-evaluations in figures, as text."""

    label: str
    url: str | None  # the department's page; None when it has none (evaluations only)
    evaluations: int
    execution_rate: str | None  # Σ全年执行数 ÷ Σ全年预算数 of the 年度资金总额 rows, in yuan
    average_score: str | None  # mean 自评得分 of the forms that state one
    average_sort: Decimal  # for ranking: -1 when no form states a score
    met_share: str | None  # 达成 ÷ (达成 + 未达成)
    met: int
    unmet: int
    full_marks_unmet: int
    changed_targets: int


@exact_money
def group_row(label: str, url: str | None, evaluated: list[EvaluatedProject]) -> EvaluationGroupRow:
    """A group's self-evaluations in figures (a department, or all of them): 执行率 from the
    sums in 元 of the forms that state both budget and spending, never an average of rates.
    """
    budget = spent = Decimal(0)
    for item in evaluated:
        row = total_row(item.evaluation)
        if row is not None and row.budget is not None and row.spent is not None:
            budget += to_yuan(row.budget, item.evaluation.unit)
            spent += to_yuan(row.spent, item.evaluation.unit)
    scores = [i.evaluation.total_score for i in evaluated if i.evaluation.total_score is not None]
    summaries = [evaluation_summary(i.evaluation, i.analysis) for i in evaluated]
    met = sum(s.met for s in summaries)
    unmet = sum(s.unmet for s in summaries)
    average = sum(scores, Decimal(0)) / len(scores) if scores else None
    return EvaluationGroupRow(
        label=label,
        url=url,
        evaluations=len(evaluated),
        execution_rate=percent(spent * 100 / budget) if budget else None,
        average_score=None if average is None else str(average.quantize(_CENT, ROUND_HALF_UP)),
        average_sort=Decimal(-1) if average is None else average,
        met_share=percent(Decimal(met) * 100 / (met + unmet)) if met + unmet else None,
        met=met,
        unmet=unmet,
        full_marks_unmet=sum(s.full_marks_unmet for s in summaries),
        changed_targets=sum(s.changed_targets for s in summaries),
    )


@dataclass(frozen=True, slots=True)
class EvaluationRankRow:
    """One project's self-evaluation in the ranking of the 自评结果 page."""

    year: str
    name: str
    url: str
    department: str
    department_url: str | None  # None when the department has no page of its own
    total_score: str | None
    grade: str | None
    execution_rate: str | None
    summary: EvaluationSummary
    has_declaration: bool


def rank_rows(evaluated: list[EvaluatedProject]) -> list[EvaluationRankRow]:
    """Highest 自评得分 first (no score last), then by year and name."""
    ordered = sorted(
        evaluated,
        key=lambda i: (
            i.evaluation.total_score is None,
            -(i.evaluation.total_score or Decimal(0)),
            i.year_dir,
            i.evaluation.name,
        ),
    )
    return [
        EvaluationRankRow(
            year=item.year_dir,
            name=item.evaluation.name,
            url=urls.evaluation_page(item).url,
            department=item.evaluation.department,
            department_url=urls.department_of(item).url,
            total_score=_score(item.evaluation.total_score),
            grade=item.evaluation.grade,
            execution_rate=percent(item.analysis.execution_rate),
            summary=evaluation_summary(item.evaluation, item.analysis),
            has_declaration=item.declaration is not None,
        )
        for item in ordered
    ]
