"""What changed between two versions of the declarations, in the terms reviewers use.

Pure: takes the declarations before and after (by path) and returns a report. A project is
the same across a move or rename when git pairs the files, or when a removed and an added file
hold the same 年度 and 项目名称. Money is compared in 元, exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from generator.core.model import Declaration, Indicator
from generator.core.money import exact_money, format_yuan, to_yuan
from generator.core.targets import strengthened
from generator.review.evaluation_diff import EvaluationChange

DEFAULT_THRESHOLD = Decimal("0.10")  # a funding change above 10% needs a reviewer's eye

HEADER_FIELDS: tuple[tuple[str, str], ...] = (
    ("年度", "year"),
    ("项目名称", "name"),
    ("项目编码", "project_code"),
    ("项目类别", "category"),
    ("项目性质", "nature"),
    ("项目属性", "attribute"),
    ("主管部门", "department"),
    ("部门代码", "department_code"),
    ("实施单位", "implementing_unit"),
    ("计划开始日期", "start_date"),
    ("计划完成日期", "end_date"),
    ("项目期", "period"),
    ("资金单位", "unit"),
    ("中期目标", "medium_goal"),
    ("长期目标", "long_goal"),
    ("年度总目标", "annual_goal"),
)
FUNDING_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("项目资金总额", "project_funds", "total"),
    ("财政资金", "project_funds", "fiscal"),
    ("其他资金（项目期）", "project_funds", "other"),
    ("年度资金申请总额", "annual_funds", "total"),
    ("当年财政拨款", "annual_funds", "appropriation"),
    ("上年结转资金", "annual_funds", "carry_over"),
    ("其他资金（年度）", "annual_funds", "other"),
)


class ProjectChangeKind(StrEnum):
    """What happened to a declaration file between two revisions (the JSON's `kind`)."""

    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"  # renamed or moved, paired by git or by 年度 and 项目名称
    CHANGED = "changed"


class IndicatorChangeKind(StrEnum):
    """What happened to one 三级指标 (matched by name) between two versions of a declaration."""

    ADDED = "added"
    REMOVED = "removed"
    TARGET = "target"  # the 年度指标值 changed
    MEDIUM_TARGET = "medium-target"  # the 中期 (or 长期) target changed
    MOVED = "moved"  # to another 一级/二级指标


class Strength(StrEnum):
    """Whether a changed target asks for more or for less, when the two can be ranked.

    The values are the words of `jixiao diff --format json` and of every place that shows
    them (diff, history, the site): code compares members, never the words.
    """

    STRICTER = "更严格"
    LOOSER = "更宽松"

    @classmethod
    def of(cls, stronger: bool | None) -> Strength | None:
        """`targets.strengthened`'s answer as a strength (None: not comparable)."""
        return None if stronger is None else (cls.STRICTER if stronger else cls.LOOSER)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A header or goal field whose text differs (None: blank)."""

    label: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class FundingChange:
    """An amount that differs, in 元 on both sides whatever each file's 资金单位."""

    label: str
    before: Decimal | None  # 元
    after: Decimal | None

    @property
    @exact_money
    def delta(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    @exact_money
    def share(self) -> Decimal | None:
        """The change as a share of the amount before (0.25 is +25%)."""
        delta = self.delta
        if delta is None or not self.before:
            return None
        return delta / self.before


@dataclass(frozen=True, slots=True)
class IndicatorChange:
    """One 三级指标 added, removed, moved or with a changed target."""

    kind: IndicatorChangeKind
    level1: str
    level2: str
    name: str
    before: str | None = None  # target text, or the old category for a move
    after: str | None = None
    strength: Strength | None = None  # None when not comparable


@dataclass(slots=True)
class ProjectChange:
    """Everything that changed in one project, with the flags a reviewer must look at."""

    kind: ProjectChangeKind
    old_path: str | None
    new_path: str | None
    name: str
    department: str
    year: int
    fields: list[FieldChange] = field(default_factory=list)
    funding: list[FundingChange] = field(default_factory=list)
    indicators: list[IndicatorChange] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    annual_before: Decimal = Decimal(0)
    annual_after: Decimal = Decimal(0)
    department_before: str = ""  # differs from `department` when the project moved


@dataclass(frozen=True, slots=True)
class DepartmentTotal:
    """One department's 年度资金申请总额 over the changed projects, before and after."""

    department: str
    before: Decimal
    after: Decimal

    @property
    @exact_money
    def delta(self) -> Decimal:
        return self.after - self.before


@dataclass(slots=True)
class DiffReport:
    """The semantic diff between two revisions: what `jixiao diff` prints in every format."""

    base: str
    head: str
    projects: list[ProjectChange]
    departments: list[DepartmentTotal]
    invalid: list[str]  # files that do not load on one side: `jixiao check` says why
    incomplete_history: bool = False
    # Self-evaluations added, removed or changed (see evaluation_diff), set by diff_run.
    evaluations: list[EvaluationChange] = field(default_factory=list)

    @property
    @exact_money
    def total_before(self) -> Decimal:
        return sum((d.before for d in self.departments), Decimal(0))

    @property
    @exact_money
    def total_after(self) -> Decimal:
        return sum((d.after for d in self.departments), Decimal(0))

    @property
    def flagged(self) -> list[ProjectChange]:
        return [p for p in self.projects if p.flags]


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _annual_yuan(decl: Declaration) -> Decimal:
    amount = decl.annual_funds.total
    return Decimal(0) if amount is None else to_yuan(amount, decl.unit)


def _funding(decl: Declaration, block: str, key: str) -> Decimal | None:
    amount = getattr(getattr(decl, block), key)
    return None if amount is None else to_yuan(amount, decl.unit)


def indicator_map(decl: Declaration) -> dict[str, tuple[str, str, Indicator]]:
    """name → (level1, level2, indicator): indicators are matched across versions and years by
    their 三级指标 name, wherever they sit. The first of two equal names wins (check warns about
    the second), so `jixiao diff` and the site's history pair the same indicators."""
    found: dict[str, tuple[str, str, Indicator]] = {}
    for level1, level2, indicator in decl.indicator_rows():
        found.setdefault(indicator.name, (level1, level2, indicator))
    return found


def _shown_target(indicator: Indicator) -> str:
    """The target as one text: split columns (`≥` | `90` | `%`) joined, as the page reads them."""
    operator, unit = indicator.operator_column, indicator.unit_column
    if operator is None and unit is None:
        return indicator.target
    return f"{operator or ''}{indicator.target}{unit or ''}"


def _medium_text(indicator: Indicator) -> str | None:
    if indicator.medium_target is not None:
        return indicator.medium_target
    return indicator.long_term.target if indicator.long_term is not None else None


def compare(
    before: Declaration,
    after: Declaration,
    *,
    threshold: Decimal = DEFAULT_THRESHOLD,
) -> ProjectChange:
    """Two versions of one project, compared in the terms a reviewer checks: fields, amounts in
    元 (so a change of 资金单位 alone is no change of money), indicators by name, and whether a
    target got stricter. What may hide a weakened declaration (a funding change beyond
    `threshold`, a removed indicator, a looser target, a newly acknowledged 原表问题) is flagged.
    `jixiao diff`, the history of a file and the site's year-to-year steps all read this one
    comparison, so they never disagree. The result's kind is CHANGED; the caller sets paths."""
    change = ProjectChange(
        ProjectChangeKind.CHANGED,
        None,
        None,
        after.name,
        after.department,
        after.year,
        annual_before=_annual_yuan(before),
        annual_after=_annual_yuan(after),
        department_before=before.department,
    )
    for label, attribute in HEADER_FIELDS:
        old, new = _text(getattr(before, attribute)), _text(getattr(after, attribute))
        if old != new:
            change.fields.append(FieldChange(label, old, new))
    for key, label in (
        ("start_year", "项目总目标起始年度"),
        ("end_year", "项目总目标终止年度"),
        ("text", "项目总目标"),
    ):
        old, new = _text(getattr(before.overall_goal, key)), _text(getattr(after.overall_goal, key))
        if old != new:
            change.fields.append(FieldChange(label, old, new))
    for label, block, key in FUNDING_FIELDS:
        old_amount, new_amount = _funding(before, block, key), _funding(after, block, key)
        if old_amount != new_amount:
            funding = FundingChange(label, old_amount, new_amount)
            change.funding.append(funding)
            share = funding.share
            if key != "total":
                continue
            if share is not None and abs(share) > threshold:
                direction = "增加" if share > 0 else "减少"
                change.flags.append(f"{label}{direction} {abs(share) * 100:.1f}%")
            elif old_amount == 0 and new_amount:
                # From nothing to something: more than any threshold, with no percentage.
                change.flags.append(
                    f"{label}由 {format_yuan(old_amount)} 增加到 {format_yuan(new_amount)}"
                )
            elif (old_amount is None) != (new_amount is None):
                was = "空白" if old_amount is None else "有值"
                now = "空白" if new_amount is None else "有值"
                change.flags.append(f"{label}由{was}改为{now}")
    _compare_acknowledgements(before, after, change)
    old_indicators, new_indicators = indicator_map(before), indicator_map(after)
    for name, (level1, level2, old_indicator) in old_indicators.items():
        target = old_indicator.target
        if name not in new_indicators:
            change.indicators.append(
                IndicatorChange(IndicatorChangeKind.REMOVED, level1, level2, name, target)
            )
            change.flags.append(f"删除了指标“{name}”")
            continue
        new_level1, new_level2, new_indicator = new_indicators[name]
        if (new_level1, new_level2) != (level1, level2):
            change.indicators.append(
                IndicatorChange(
                    IndicatorChangeKind.MOVED,
                    new_level1,
                    new_level2,
                    name,
                    f"{level1}/{level2}",
                    f"{new_level1}/{new_level2}",
                )
            )
        medium = (_medium_text(old_indicator), _medium_text(new_indicator))
        annual = (_shown_target(old_indicator), _shown_target(new_indicator))
        # A weakened 中期 (or 长期) target is flagged like an annual one.
        for kind, what, (old_text, new_text) in (
            (IndicatorChangeKind.MEDIUM_TARGET, "中期目标", medium),
            (IndicatorChangeKind.TARGET, "目标", annual),
        ):
            if old_text == new_text:
                continue
            stronger = _stronger(kind, old_indicator, new_indicator)
            change.indicators.append(
                IndicatorChange(
                    kind, new_level1, new_level2, name, old_text, new_text, Strength.of(stronger)
                )
            )
            if stronger is False:
                change.flags.append(f"指标“{name}”{what}放宽：{old_text} → {new_text}")
    for name, (level1, level2, indicator) in new_indicators.items():
        if name not in old_indicators:
            change.indicators.append(
                IndicatorChange(
                    IndicatorChangeKind.ADDED, level1, level2, name, None, indicator.target
                )
            )
    return change


def _stronger(kind: IndicatorChangeKind, before: Indicator, after: Indicator) -> bool | None:
    """Whether the annual (or the 中期/长期) target asks for more now; None: not comparable."""
    if kind is IndicatorChangeKind.TARGET:
        return strengthened(before.reading, after.reading)
    old, new = before.medium_reading, after.medium_reading
    return None if old is None or new is None else strengthened(old, new)


def _acknowledgements(decl: Declaration) -> list[str]:
    return [f"{a.code}（{a.at}）" for a in decl.acknowledged or []]


def _compare_acknowledgements(
    before: Declaration, after: Declaration, change: ProjectChange
) -> None:
    """原表问题 added or removed. An added one turns an error into a notice: the reviewer checks
    that the published form really says so, or the file hides a mistake of its own."""
    old, new = _acknowledgements(before), _acknowledgements(after)
    for entry in new:
        if entry not in old:
            change.fields.append(FieldChange("原表问题", "无", entry))
            change.flags.append(f"新记原表问题 {entry}：这处不一致不再是错误，请核对原表确实如此")
    for entry in old:
        if entry not in new:
            change.fields.append(FieldChange("原表问题", entry, "无"))


@exact_money
def diff_declarations(
    before: dict[str, Declaration],
    after: dict[str, Declaration],
    renames: dict[str, str],
    *,
    base: str,
    head: str,
    invalid: list[str] | None = None,
    threshold: Decimal = DEFAULT_THRESHOLD,
) -> DiffReport:
    """`before`/`after`: path → declaration of the changed files; `renames`: old → new path."""
    projects: list[ProjectChange] = []
    # Only a pair with both sides loaded is a move; a file that does not load on one side is
    # listed as invalid, and the other side stands alone (added, or removed).
    renames = {old: new for old, new in renames.items() if old in before and new in after}
    paired_old = set(renames)
    paired_new = set(renames.values())
    # A removed and an added file with the same year and name are one project that moved.
    # Each added file pairs once, with a removed file of its own department if there is one
    # (two departments may well have projects of the same name).
    added_by_identity: dict[tuple[int, str], list[str]] = {}
    for path in sorted(after):
        if path not in before and path not in paired_new:
            added_by_identity.setdefault((after[path].year, after[path].name), []).append(path)
    unpaired_removed = [p for p in sorted(before) if p not in after and p not in paired_old]
    for same_department in (True, False):
        for old_path in unpaired_removed:
            decl = before[old_path]
            candidates = added_by_identity.get((decl.year, decl.name), [])
            if old_path in paired_old or not candidates:
                continue
            for new_path in candidates:
                if not same_department or after[new_path].department == decl.department:
                    candidates.remove(new_path)
                    renames[old_path] = new_path
                    paired_old.add(old_path)
                    paired_new.add(new_path)
                    break
    for old_path, new_path in sorted(renames.items()):
        if old_path in before and new_path in after:
            change = compare(before[old_path], after[new_path], threshold=threshold)
            change.kind = ProjectChangeKind.MOVED
            change.old_path, change.new_path = old_path, new_path
            projects.append(change)
    for path in sorted(after):
        if path in before and path not in paired_old:
            change = compare(before[path], after[path], threshold=threshold)
            if change.fields or change.funding or change.indicators:
                change.old_path = change.new_path = path
                projects.append(change)
        elif path not in before and path not in paired_new:
            decl = after[path]
            projects.append(
                ProjectChange(
                    ProjectChangeKind.ADDED, None, path, decl.name, decl.department, decl.year,
                    annual_after=_annual_yuan(decl),
                )
            )  # fmt: skip
            for entry in _acknowledgements(decl):
                projects[-1].flags.append(f"新项目带有原表问题 {entry}：请核对原表确实如此")
    for path in sorted(before):
        if path not in after and path not in paired_old:
            decl = before[path]
            removed = ProjectChange(
                ProjectChangeKind.REMOVED, path, None, decl.name, decl.department, decl.year,
                annual_before=_annual_yuan(decl), department_before=decl.department,
            )  # fmt: skip
            removed.flags.append("删除了项目")
            projects.append(removed)
    totals: dict[str, list[Decimal]] = {}
    for change in projects:
        old_department = change.department_before or change.department
        totals.setdefault(old_department, [Decimal(0), Decimal(0)])[0] += change.annual_before
        totals.setdefault(change.department, [Decimal(0), Decimal(0)])[1] += change.annual_after
    departments = [DepartmentTotal(name, b, a) for name, (b, a) in sorted(totals.items())]
    return DiffReport(base, head, projects, departments, invalid or [])
