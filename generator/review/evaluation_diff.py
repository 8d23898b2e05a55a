"""`jixiao diff` for self-evaluations: what changed in a 自评表 between two revisions.

Pure: `diff_evaluations(before, after)` takes path → (Evaluation, the declaration beside it or
None) at each revision and gives one `EvaluationChange` per added, removed or changed
self-evaluation: the 自评得分 and 自评等级, each indicator's 得分 and our reading (from
`evaluation_analysis.analyse`, the reading the site shows). What a reviewer should look at is
flagged: a total or an indicator score that rose, and a reading that went from 未达成 to 达成 —
the two ways a form can be made to look better after the fact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from generator.core.evaluation_analysis import EvaluationAnalysis, Reading, analyse
from generator.core.evaluation_model import Evaluation
from generator.core.model import Declaration

Side = tuple[Evaluation, Declaration | None]


@dataclass(frozen=True, slots=True)
class ScoreChange:
    """A 得分 (or the 自评得分) that differs between the two revisions."""

    name: str  # 三级指标, or "自评得分" for the total
    before: Decimal | None
    after: Decimal | None


@dataclass(frozen=True, slots=True)
class ReadingChange:
    """Our reading of one indicator (达成, 未达成, …) that differs between the revisions."""

    name: str
    before: str | None  # None: the indicator is new or gone
    after: str | None


class EvaluationChangeKind(StrEnum):
    """What happened to a 自评表 file between two revisions (the JSON's `kind`)."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass
class EvaluationChange:
    """One 自评表 added, removed or changed, with what a reviewer should look at."""

    kind: EvaluationChangeKind
    path: str
    name: str
    department: str
    year: int
    total_before: Decimal | None = None
    total_after: Decimal | None = None
    grade_before: str | None = None
    grade_after: str | None = None
    scores: list[ScoreChange] = field(default_factory=list)
    readings: list[ReadingChange] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def _by_name(analysis: EvaluationAnalysis) -> dict[str, tuple[Decimal | None, Reading]]:
    found: dict[str, tuple[Decimal | None, Reading]] = {}
    for item in analysis.indicators:
        found.setdefault(item.indicator.name, (item.indicator.score, item.reading))
    return found


def _rose(before: Decimal | None, after: Decimal | None) -> bool:
    return after is not None and (before is None or after > before)


def _change(
    kind: EvaluationChangeKind, path: str, old: Evaluation | None, new: Evaluation | None
) -> EvaluationChange:
    """A change named after the newer side, with the score and grade of each side there is."""
    shown = new if new is not None else old
    assert shown is not None
    return EvaluationChange(
        kind,
        path,
        shown.name,
        shown.department,
        shown.year,
        total_before=None if old is None else old.total_score,
        total_after=None if new is None else new.total_score,
        grade_before=None if old is None else old.grade,
        grade_after=None if new is None else new.grade,
    )


def compare_evaluations(path: str, before: Side, after: Side) -> EvaluationChange:
    """Two versions of one 自评表, with the declaration beside each: the readings are taken
    against the declaration of the same revision, because a target edited in the declaration
    changes whether a result meets it. Rises are flagged, as the way to make a form look better
    after the fact."""
    old, new = before[0], after[0]
    change = _change(EvaluationChangeKind.CHANGED, path, old, new)
    if old.total_score != new.total_score:
        change.scores.append(ScoreChange("自评得分", old.total_score, new.total_score))
        if _rose(old.total_score, new.total_score):
            change.flags.append(f"自评得分提高：{old.total_score} → {new.total_score}")
    if old.grade != new.grade:
        change.flags.append(f"自评等级改变：{_shown(old.grade)} → {_shown(new.grade)}")
    was, now = _by_name(analyse(old, before[1])), _by_name(analyse(new, after[1]))
    for name in [*was, *(n for n in now if n not in was)]:
        old_score, old_reading = was.get(name, (None, None))
        new_score, new_reading = now.get(name, (None, None))
        if name in was and name in now and old_score != new_score:
            change.scores.append(ScoreChange(name, old_score, new_score))
            if _rose(old_score, new_score):
                change.flags.append(f"指标“{name}”得分提高：{old_score} → {new_score}")
        if old_reading != new_reading:
            change.readings.append(
                ReadingChange(
                    name,
                    None if old_reading is None else old_reading.value,
                    None if new_reading is None else new_reading.value,
                )
            )
            if old_reading is Reading.UNMET and new_reading is Reading.MET:
                change.flags.append(f"指标“{name}”由未达成变为达成：请核对实际完成值的依据")
    return change


def diff_evaluations(
    before: dict[str, Side],
    after: dict[str, Side],
    misnamed: Callable[[str], str | None] = lambda path: None,
) -> list[EvaluationChange]:
    """path → (self-evaluation, its declaration) at the base and at the head revision.

    `misnamed(path)` says what is wrong with a 自评表's file name (check's words), or None: a
    file added or changed under such a name is flagged with it first, since it is not
    published until it is renamed."""
    changes: list[EvaluationChange] = []
    for path in sorted(set(before) | set(after)):
        if path in before and path in after:
            change = compare_evaluations(path, before[path], after[path])
            if (name_problem := misnamed(path)) is not None:
                change.flags.insert(0, name_problem)
            if change.scores or change.readings or change.flags:
                changes.append(change)
        elif path in after:
            added = _change(EvaluationChangeKind.ADDED, path, None, after[path][0])
            if (name_problem := misnamed(path)) is not None:
                added.flags.append(name_problem)
            changes.append(added)
        else:
            removed = _change(EvaluationChangeKind.REMOVED, path, before[path][0], None)
            removed.flags.append("删除了自评表")
            changes.append(removed)
    return changes


def _shown(value: object) -> str:
    return "空白" if value is None else str(value)  # 0 is a score, not a blank


def evaluation_lines(change: EvaluationChange) -> list[str]:
    """The details of one change as plain lines (the formats quote them as they need)."""
    if change.kind == EvaluationChangeKind.ADDED:
        return [f"自评得分 {_shown(change.total_after)}，自评等级 {_shown(change.grade_after)}"]
    if change.kind == EvaluationChangeKind.REMOVED:
        return [
            f"原自评得分 {_shown(change.total_before)}，原自评等级 {_shown(change.grade_before)}"
        ]
    lines = []
    for score in change.scores:
        what = "自评得分" if score.name == "自评得分" else f"指标“{score.name}”得分"
        lines.append(f"{what}：{_shown(score.before)} → {_shown(score.after)}")
    lines += [
        f"指标“{r.name}”我们的读法：{r.before or '（无此指标）'} → {r.after or '（无此指标）'}"
        for r in change.readings
    ]
    return lines


__all__ = [
    "EvaluationChange",
    "EvaluationChangeKind",
    "ReadingChange",
    "ScoreChange",
    "compare_evaluations",
    "diff_evaluations",
    "evaluation_lines",
]
