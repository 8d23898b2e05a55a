"""Our own reading of a self-evaluation: pure functions the checks and the site both call.

Nothing here changes what the form says. Beside each published value it puts what we read:

- `analyse(evaluation, declaration)` → `EvaluationAnalysis`: per evaluation the 执行率 we compute
  (全年执行数 ÷ 全年预算数 of the 年度资金总额 row), the indicator scores added up, the grade the
  stated bands give (`grade_for`), and per indicator an `IndicatorAnalysis`:
  - `declared`: the declared indicator it answers (same 三级指标 name; exact first, then the
    normalised name: NFKC, no whitespace, no punctuation, case folded), `match` says which;
  - `reading`: `Reading.MET` 达成 / `UNMET` 未达成 / `SELF_REPORTED` 自述达成 (qualitative, taken
    on the unit's word) / `UNKNOWN` 无法判断, from the target (read by `targets.read_target`)
    and the 实际完成值 read by the same reader; a number is compared only when the units agree;
  - flags: `target_changed` (目标被修改: the 年度指标值 of the 自评表 differs from the declared
    one; both texts kept), `full_marks_unmet` (满分未达成: 得分 = 分值 but our reading is 未达成),
    `score_disagrees` (the common rule — 正向 min(实际/目标,1)×分值, 反向 min(目标/实际,1)×分值 —
    gives `rule_score`, more than `SCORE_TOLERANCE` away from the 得分 written).
- `missing`: declared indicators the evaluation does not answer; `unmatched`: evaluation rows
  with no declared indicator (both empty when there is no declaration).

Everything is Decimal and computed under `exact_money`; no function raises on what a form says.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Final

from generator.core.evaluation_model import Evaluation, EvaluationIndicator, FundingRow
from generator.core.model import Declaration, Indicator
from generator.core.money import decimal_places, exact_money
from generator.core.targets import Direction, TargetKind, TargetReading
from generator.core.targets import read_target as _read_target_uncached

# The same target and result texts recur across thousands of forms: read each text once.
read_target = lru_cache(maxsize=65536)(_read_target_uncached)

SCORE_TOLERANCE: Final = Decimal(1)  # "by more than a point"
HUNDRED: Final = Decimal(100)

# 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60 (lower bound included in each band).
GRADE_BANDS: Final[tuple[tuple[Decimal, str], ...]] = (
    (Decimal(90), "优"),
    (Decimal(80), "良"),
    (Decimal(60), "中"),
    (Decimal(0), "差"),
)

# What a unit writes when it declares an indicator not met, in its own words.
_NOT_MET_WORDS: Final = ("未完成", "未达成", "未达到", "未实现", "没有完成", "没有达到", "不达标")
_OPERATOR_NATURES: Final = {
    "≥": "≥",
    ">=": "≥",
    "＞＝": "≥",
    "≤": "≤",
    "<=": "≤",
    "＜＝": "≤",
    "=": "=",
    "＝": "=",
    ">": ">",
    "＞": ">",
    "<": "<",
    "＜": "<",
}


class Reading(StrEnum):
    """Our reading of one indicator's result, shown beside the form's own score."""

    MET = "达成"
    UNMET = "未达成"
    SELF_REPORTED = "自述达成"
    UNKNOWN = "无法判断"


class Match(StrEnum):
    """How a self-evaluation's indicator was paired with the declaration's: by name or nearly."""

    EXACT = "名称一致"
    NORMALISED = "名称近似"


@dataclass(frozen=True, slots=True)
class IndicatorAnalysis:
    """One indicator row of a 自评表 with its declared counterpart and our reading of it."""

    index: int  # row in `Evaluation.indicators`, from 0
    indicator: EvaluationIndicator
    target_text: str | None  # the target as this form states it (see `target_text`)
    actual_text: str | None
    reading: Reading
    declared: Indicator | None = None
    match: Match | None = None
    target_changed: bool = False  # 目标被修改
    full_marks_unmet: bool = False  # 满分未达成
    rule_score: Decimal | None = None  # the common scoring rule's score, when it applies
    score_disagrees: bool = False

    @property
    def declared_target(self) -> str | None:
        """The 年度指标值 the declaration set, to compare with what the 自评表 states."""
        return None if self.declared is None else self.declared.target


@dataclass(frozen=True, slots=True)
class EvaluationAnalysis:
    """What we compute from a 自评表 (and its declaration): shared by checks, site and diff."""

    indicators: list[IndicatorAnalysis]
    execution_rate: Decimal | None  # percent, exact; None when 全年预算数 or 全年执行数 is blank/0
    funding_score: Decimal | None
    indicator_score_sum: Decimal | None  # None when any 得分 is blank (blank ≠ 0)
    computed_total: Decimal | None  # funding_score + indicator_score_sum
    stated_grade: str | None
    grade_by_total: str | None  # from 自评得分 under GRADE_BANDS
    missing: list[tuple[str, str, Indicator]] = field(default_factory=list)
    unmatched: list[int] = field(default_factory=list)

    @property
    def common_grade(self) -> str | None:
        """The grade the written 自评等级 names (优秀 is 优); None when blank or of local rules."""
        return None if self.stated_grade is None else grade_of(self.stated_grade)

    @property
    def grade_differs(self) -> bool:
        """The written grade names another of the common grades than the score gives; a grade
        of local rules (A, 一级) is not compared."""
        common, by_total = self.common_grade, self.grade_by_total
        return common is not None and by_total is not None and common != by_total

    def count(self, reading: Reading) -> int:
        """How many indicators got this reading (the site's and the export's tallies)."""
        return sum(1 for item in self.indicators if item.reading is reading)

    @property
    def full_marks_unmet_count(self) -> int:
        """Indicators scored in full although their target was not met."""
        return sum(1 for item in self.indicators if item.full_marks_unmet)

    @property
    def changed_target_count(self) -> int:
        """Indicators whose target differs from the declared one."""
        return sum(1 for item in self.indicators if item.target_changed)


def normalised_name(name: str) -> str:
    """NFKC, no whitespace, no punctuation, case folded: `满意度 (%)` ≈ `满意度（%）`."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(
        ch for ch in folded if not ch.isspace() and not unicodedata.category(ch).startswith("P")
    )


# The four grades as forms write them out; 合格/不合格 schemes put 合格 where 中 is (60–80).
_GRADE_WORDS: dict[str, str] = {
    "优": "优",
    "優": "优",
    "优秀": "优",
    "優秀": "优",
    "良": "良",
    "良好": "良",
    "中": "中",
    "中等": "中",
    "合格": "中",
    "及格": "中",
    "差": "差",
    "较差": "差",
    "較差": "差",
    "不合格": "差",
    "不及格": "差",
}
_GRADE_DECORATION = re.compile(r"[(（][^)）]{0,20}[)）]|\s|等级$|级$")


def grade_of(written: str) -> str | None:
    """The common grade a written 自评等级 names (`优秀` → 优, `良（85分）` → 良), or None for a
    grade of local rules (A, 一级) that cannot be compared with the score."""
    text = _GRADE_DECORATION.sub("", unicodedata.normalize("NFKC", written))
    return _GRADE_WORDS.get(text)


def grade_for(total: Decimal) -> str:
    """The grade the common bands give a total: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60."""
    for floor, grade in GRADE_BANDS:
        if total >= floor:
            return grade
    return "差"


def target_text(indicator: EvaluationIndicator) -> str | None:
    """The target as stated in the 自评表: 年度指标值, or for the budget-system layout 指标性质 +
    指标值 + 度量单位 (`≥` `85` `%` → `≥85%`; a 定性 indicator is its 指标值)."""
    if indicator.target is not None:
        return indicator.target
    if indicator.value is None:
        return None
    nature = (indicator.nature or "").strip()
    operator = _OPERATOR_NATURES.get(nature, "")
    unit = indicator.measure_unit or ""
    if not operator:
        return indicator.value
    value = indicator.value.strip()
    return f"{operator}{value}" if value.endswith(unit) else f"{operator}{value}{unit}"


def actual_text(indicator: EvaluationIndicator) -> str | None:
    """实际完成值, or the budget-system 完成值 with its 度量单位 when written as a bare number."""
    if indicator.actual is not None:
        return indicator.actual
    if indicator.completed is None:
        return None
    completed = indicator.completed.strip()
    unit = indicator.measure_unit or ""
    reading = read_target(completed)
    if unit and reading.kind is TargetKind.COMPARISON and reading.unit is None:
        return completed + unit
    return completed


def _says_not_met(text: str) -> bool:
    return any(word in text for word in _NOT_MET_WORDS)


def _compare(operator: str, actual: Decimal, target: Decimal) -> bool:
    return {
        ">=": actual >= target,
        ">": actual > target,
        "<=": actual <= target,
        "<": actual < target,
        "=": actual == target,
    }[operator]


def read_result(target: str | None, actual: str | None) -> Reading:
    """Our reading of one indicator from its target and its 实际完成值 (both as written).

    `≥85%` / `87%` → 达成; `≤6元/餐` / `6.5元/餐` → 未达成; `≥85%` / `87` → 无法判断 (units
    differ); `≥85%` / `达成预期指标` → 自述达成; a qualitative target with any result the unit
    does not itself call unmet → 自述达成; blank → 无法判断.
    """
    if actual is None or not actual.strip():
        return Reading.UNKNOWN
    if _says_not_met(actual):
        return Reading.UNMET
    result = read_target(actual)
    goal = read_target(target) if target is not None and target.strip() else None
    if goal is None:
        return Reading.SELF_REPORTED if result.kind is TargetKind.QUALITATIVE else Reading.UNKNOWN
    if goal.kind is TargetKind.QUALITATIVE:
        return Reading.SELF_REPORTED
    if result.kind is TargetKind.QUALITATIVE:
        return Reading.SELF_REPORTED  # "达成预期指标", "按时完成": taken on the unit's word
    if goal.kind is TargetKind.DATE:
        if result.kind is TargetKind.DATE and goal.deadline and result.deadline:
            return Reading.MET if result.deadline <= goal.deadline else Reading.UNMET
        return Reading.UNKNOWN
    if result.kind is not TargetKind.COMPARISON or not _same_unit(goal, result):
        return Reading.UNKNOWN
    assert goal.value is not None and goal.operator is not None and result.value is not None
    if result.operator != "=":
        # "≥95%" as the result restates a bound rather than a measurement.
        return Reading.SELF_REPORTED if result.operator == goal.operator else Reading.UNKNOWN
    return Reading.MET if _compare(goal.operator, result.value, goal.value) else Reading.UNMET


def _same_unit(goal: TargetReading, result: TargetReading) -> bool:
    return (goal.unit or "") == (result.unit or "")


@exact_money
def rule_score(target: str | None, actual: str | None, points: Decimal | None) -> Decimal | None:
    """The common scoring rule's score (正向 min(实际/目标,1)×分值, 反向 min(目标/实际,1)×分值),
    or None when it does not apply (qualitative, dates, units that differ, no 分值)."""
    return _rule_score(target, actual, points)


def _rule_score(target: str | None, actual: str | None, points: Decimal | None) -> Decimal | None:
    if points is None or target is None or actual is None:
        return None
    goal, result = read_target(target), read_target(actual)
    if not (goal.is_measurable() and result.is_measurable()) or not _same_unit(goal, result):
        return None
    if result.operator != "=":
        return None
    assert goal.value is not None and result.value is not None
    if goal.direction is Direction.HIGHER_IS_BETTER:
        if goal.value <= 0:
            return points if result.value >= goal.value else Decimal(0)
        ratio = max(result.value, Decimal(0)) / goal.value
    elif goal.direction is Direction.LOWER_IS_BETTER:
        if result.value <= 0:
            return points
        ratio = max(goal.value, Decimal(0)) / result.value
    else:
        return None
    return min(ratio, Decimal(1)) * points


def _same_target(stated: str, declared: str) -> bool:
    if stated == declared or normalised_name(stated) == normalised_name(declared):
        return True
    a, b = read_target(stated), read_target(declared)
    if a.kind is TargetKind.COMPARISON and b.kind is TargetKind.COMPARISON:
        return (a.operator, a.value, a.unit) == (b.operator, b.value, b.unit)
    if a.kind is TargetKind.DATE and b.kind is TargetKind.DATE:
        return (a.deadline, a.deadline_relation) == (b.deadline, b.deadline_relation)
    return False


def _match(
    rows: list[EvaluationIndicator], declaration: Declaration | None
) -> tuple[dict[int, tuple[Indicator, Match]], list[tuple[str, str, Indicator]]]:
    if declaration is None:
        return {}, []
    declared = declaration.indicator_rows()
    free = set(range(len(declared)))
    found: dict[int, tuple[Indicator, Match]] = {}
    for kind, key in ((Match.EXACT, lambda s: s), (Match.NORMALISED, normalised_name)):
        if len(found) == len(rows) or not free:
            break  # every row matched by its exact name: no need to normalise
        by_name: dict[str, list[int]] = {}
        for position in sorted(free):
            by_name.setdefault(key(declared[position][2].name), []).append(position)
        for index, row in enumerate(rows):
            if index in found:
                continue
            candidates = [p for p in by_name.get(key(row.name), []) if p in free]
            if candidates:
                free.discard(candidates[0])
                found[index] = (declared[candidates[0]][2], kind)
    return found, [declared[p] for p in sorted(free)]


@exact_money
def execution_rate(row: FundingRow) -> Decimal | None:
    """全年执行数 ÷ 全年预算数 in percent, exact; None when either is blank or the budget is 0."""
    return _execution_rate(row)


def _execution_rate(row: FundingRow) -> Decimal | None:
    if row.budget is None or row.spent is None or row.budget == 0:
        return None
    return row.spent * HUNDRED / row.budget


_RATE_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?", re.ASCII)


def printed_rate(text: str | None) -> tuple[Decimal, int] | None:
    """`95.30%` → (95.30, 2): the rate in percent and the places printed; `0.953` → (95.3, 1)."""
    if text is None:
        return None
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    percent = cleaned.endswith("%")
    number = cleaned.rstrip("%")
    if not _RATE_NUMBER.fullmatch(number) or len(number) > 12:
        return None  # Decimal() reads 5e1 as 50: a form prints digits and a point only
    value = Decimal(number)
    places = decimal_places(value)
    if not percent and "." in number and value <= 1:
        return value * HUNDRED, max(places - 2, 0)
    return value, places


def rate_agrees(computed: Decimal, printed: Decimal, places: int) -> bool:
    """Whether the printed rate is the computed one at the printed precision (rounded or cut)."""
    step = Decimal(1).scaleb(-places)
    return printed in (
        computed.quantize(step, rounding=ROUND_HALF_UP),
        computed.quantize(step, rounding=ROUND_DOWN),
    )


def named_total_index(evaluation: Evaluation) -> int | None:
    """The index of the first funding row named as the total (年度资金总额, 合计), if any."""
    for index, row in enumerate(evaluation.funding):
        if "总额" in row.source or "合计" in row.source:
            return index
    return None


def total_row(evaluation: Evaluation) -> FundingRow | None:
    """The 年度资金总额 row (the one named 总额/合计, else the first row)."""
    index = named_total_index(evaluation)
    if index is not None:
        return evaluation.funding[index]
    return evaluation.funding[0] if evaluation.funding else None


def _total_or_sum(
    evaluation: Evaluation, value: Callable[[FundingRow], Decimal | None]
) -> Decimal | None:
    """The total row's value when printed (a merged cell beside every row is printed on the
    first), else the rows' added up; None when no row has one (blank ≠ 0)."""
    row = total_row(evaluation)
    if row is not None and (total := value(row)) is not None:
        return total
    printed = [v for r in evaluation.funding if (v := value(r)) is not None]
    return sum(printed, Decimal(0)) if printed else None


def funding_score(evaluation: Evaluation) -> Decimal | None:
    """The 预算执行 得分."""
    return _total_or_sum(evaluation, lambda row: row.score)


def funding_points(evaluation: Evaluation) -> Decimal | None:
    """The 预算执行 分值."""
    return _total_or_sum(evaluation, lambda row: row.points)


@exact_money
def analyse(evaluation: Evaluation, declaration: Declaration | None) -> EvaluationAnalysis:
    """Our reading of a whole self-evaluation, against its declaration when there is one."""
    matched, missing = _match(evaluation.indicators, declaration)
    items: list[IndicatorAnalysis] = []
    for index, row in enumerate(evaluation.indicators):
        declared, kind = matched.get(index, (None, None))
        stated = target_text(row)
        target = stated if stated is not None else (declared.target if declared else None)
        actual = actual_text(row)
        reading = read_result(target, actual)
        rule = _rule_score(target, actual, row.points)
        items.append(
            IndicatorAnalysis(
                index=index,
                indicator=row,
                target_text=target,
                actual_text=actual,
                reading=reading,
                declared=declared,
                match=kind,
                target_changed=(
                    declared is not None
                    and stated is not None
                    and not _same_target(stated, declared.target)
                ),
                full_marks_unmet=(
                    reading is Reading.UNMET
                    and row.points is not None
                    and row.score is not None
                    and row.score >= row.points
                ),
                rule_score=rule,
                score_disagrees=(
                    rule is not None
                    and row.score is not None
                    and abs(row.score - rule) > SCORE_TOLERANCE
                ),
            )
        )
    scores = [row.score for row in evaluation.indicators]
    indicator_sum = (
        sum((s for s in scores if s is not None), Decimal(0))
        if scores and all(s is not None for s in scores)
        else None
    )
    funds = funding_score(evaluation)
    total = total_row(evaluation)
    return EvaluationAnalysis(
        indicators=items,
        execution_rate=_execution_rate(total) if total is not None else None,
        funding_score=funds,
        indicator_score_sum=indicator_sum,
        computed_total=(None if indicator_sum is None else indicator_sum + (funds or Decimal(0))),
        stated_grade=evaluation.grade,
        grade_by_total=(
            None if evaluation.total_score is None else grade_for(evaluation.total_score)
        ),
        missing=missing,
        unmatched=[i for i in range(len(evaluation.indicators)) if i not in matched]
        if declaration is not None
        else [],
    )


__all__ = [
    "GRADE_BANDS",
    "EvaluationAnalysis",
    "IndicatorAnalysis",
    "Match",
    "Reading",
    "actual_text",
    "analyse",
    "execution_rate",
    "funding_points",
    "grade_for",
    "grade_of",
    "named_total_index",
    "normalised_name",
    "printed_rate",
    "rate_agrees",
    "read_result",
    "rule_score",
    "target_text",
]
