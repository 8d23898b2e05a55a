"""A project across years, and each department's projects year by year.

Pure: reads a loaded `Corpus` and computes; nothing here renders or writes. Declarations are
linked across years by their 项目编码 only (compared ignoring case, see `project_code_key`):
the file path may change from year to year, and names do change, so neither is an identity.
A declaration without a code cannot be linked: it has no history, and on its department's
page it counts as new every year (`DepartmentProject.uncoded` says why).

- `Lineage`: the declarations of one code in two or more years, oldest first, with the funding
  per year (年度资金申请总额 and 当年财政拨款 in 元, None where the form left them blank), the
  changes between each pair of consecutive declared years (`semantic_diff.compare`: indicators
  added, removed, moved, targets changed and whether 更严格 or 更宽松), and a table of every
  indicator's target in every year.
- `DepartmentYear`: one department (by its folder) in one year: totals, and the projects that
  are new, continued or ended compared with the department's previous declared year (the
  latest earlier year in which that department declared anything; years may be skipped).

A corpus with errors (a `project-code-duplicate` among them) is never published; should one be
passed here anyway, the first declaration of a code in a year (in corpus order) is the one
linked, and the others stand alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from types import MappingProxyType

from generator.core.model import project_code_key
from generator.core.money import exact_money
from generator.core.project import Corpus, Project
from generator.core.registry import department_name
from generator.review.semantic_diff import (
    FieldChange,
    FundingChange,
    IndicatorChange,
    IndicatorChangeKind,
    Strength,
    compare,
    indicator_map,
)
from generator.site.aggregate import Subtotal, annual_total_yuan, appropriation_yuan, subtotal

__all__ = [
    "DepartmentProject",
    "DepartmentYear",
    "IndicatorHistory",
    "Lineage",
    "Status",
    "Step",
    "TargetCell",
    "YearFunding",
    "Years",
    "build_years",
]


# --- one project across years ---------------------------------------------------------------


@exact_money
def _delta(before: Decimal | None, after: Decimal | None) -> Decimal | None:
    return None if before is None or after is None else after - before


@dataclass(frozen=True, slots=True)
class YearFunding:
    """One year's funding of a project, in 元; None where the form left the cell blank."""

    year: int
    annual_total: Decimal | None  # 年度资金申请总额
    appropriation: Decimal | None  # 当年财政拨款
    # Against the previous declared year of the same project: None in its first year, or
    # when either side is blank (a blank is not a zero).
    annual_total_delta: Decimal | None
    appropriation_delta: Decimal | None


@dataclass(frozen=True, slots=True)
class Step:
    """What changed from one declared year of a project to its next declared year."""

    before: Project
    after: Project
    indicators: tuple[IndicatorChange, ...]  # kind: added, removed, target (strength), moved
    fields: tuple[FieldChange, ...]  # header and goal fields that differ, except 年度
    funding: tuple[FundingChange, ...]  # every amount that differs, in 元

    def count(self, kind: IndicatorChangeKind, strength: Strength | None = None) -> int:
        """How many indicator changes of `kind` (and `strength`, e.g. LOOSER) there are."""
        return sum(
            1
            for change in self.indicators
            if change.kind == kind and (strength is None or change.strength == strength)
        )


@dataclass(frozen=True, slots=True)
class TargetCell:
    """One indicator in one year of a project."""

    year: int
    target: str | None  # 年度指标值 as written; None: not in that year's declaration
    # Against the project's previous declared year: ADDED, REMOVED, TARGET (changed), or
    # None (the same, the first year, or absent in both).
    change: IndicatorChangeKind | None
    strength: Strength | None  # for a changed target, when the two can be ranked


@dataclass(frozen=True, slots=True)
class IndicatorHistory:
    """One 三级指标 (matched by name, as `jixiao diff` does) across a project's years."""

    level1: str  # where it sits in the latest year that declares it
    level2: str
    name: str
    cells: tuple[TargetCell, ...]  # one per year of the lineage, oldest first


@dataclass(frozen=True, slots=True)
class Lineage:
    """One 项目编码 declared in two or more years."""

    code: str  # as written in the latest declaration
    projects: tuple[Project, ...]  # one per declared year, oldest first
    funding: tuple[YearFunding, ...]  # one per declared year, oldest first
    steps: tuple[Step, ...]  # between consecutive declared years: len(projects) - 1
    indicators: tuple[IndicatorHistory, ...]  # the latest year's order, then dropped ones

    @property
    def key(self) -> str:
        return project_code_key(self.code)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(p.declaration.year for p in self.projects)

    @property
    def latest(self) -> Project:
        return self.projects[-1]


def _step(before: Project, after: Project) -> Step:
    change = compare(before.declaration, after.declaration)
    return Step(
        before,
        after,
        tuple(change.indicators),
        tuple(f for f in change.fields if f.label != "年度"),
        tuple(change.funding),
    )


def _indicator_histories(
    projects: tuple[Project, ...], steps: tuple[Step, ...]
) -> tuple[IndicatorHistory, ...]:
    maps = [
        {name: (l1, l2, i.target) for name, (l1, l2, i) in indicator_map(p.declaration).items()}
        for p in projects
    ]
    order: dict[str, tuple[str, str]] = {}  # name → (level1, level2) where last declared
    for found in reversed(maps):
        for name, (level1, level2, _) in found.items():
            order.setdefault(name, (level1, level2))
    histories = []
    for name, (level1, level2) in order.items():
        cells = []
        for index, (project, found) in enumerate(zip(projects, maps, strict=True)):
            target = found[name][2] if name in found else None
            change: IndicatorChangeKind | None = None
            strength: Strength | None = None
            if index > 0:
                before = maps[index - 1].get(name)
                if before is None and target is not None:
                    change = IndicatorChangeKind.ADDED
                elif before is not None and target is None:
                    change = IndicatorChangeKind.REMOVED
                elif before is not None and before[2] != target:
                    change = IndicatorChangeKind.TARGET
                    strength = next(
                        (
                            c.strength
                            for c in steps[index - 1].indicators
                            if c.kind == IndicatorChangeKind.TARGET and c.name == name
                        ),
                        None,
                    )
            cells.append(TargetCell(project.declaration.year, target, change, strength))
        histories.append(IndicatorHistory(level1, level2, name, tuple(cells)))
    return tuple(histories)


def _lineage(projects: tuple[Project, ...]) -> Lineage:
    funding = []
    previous: Project | None = None
    for project in projects:
        annual, appropriation = annual_total_yuan(project), appropriation_yuan(project)
        funding.append(
            YearFunding(
                project.declaration.year,
                annual,
                appropriation,
                None if previous is None else _delta(annual_total_yuan(previous), annual),
                None if previous is None else _delta(appropriation_yuan(previous), appropriation),
            )
        )
        previous = project
    steps = tuple(_step(a, b) for a, b in pairwise(projects))
    code = projects[-1].declaration.project_code or ""  # only coded declarations are linked
    return Lineage(code, projects, tuple(funding), steps, _indicator_histories(projects, steps))


# --- departments year by year ---------------------------------------------------------------


class Status(StrEnum):
    NEW = "new"  # not declared by this department in its previous declared year
    CONTINUED = "continued"  # declared by this department in its previous declared year too
    ENDED = "ended"  # declared in the previous declared year, not this year


@dataclass(frozen=True, slots=True)
class DepartmentProject:
    """A project in a department's list for one year."""

    status: Status
    year: int  # the year of the list (for an ended project: the year it is missing from)
    project: Project  # this year's declaration; for an ended project the last one it had here
    previous: Project | None  # continued: the same code in the department's previous year
    # A coded project that is new here but was declared before (the latest such declaration),
    # or an ended one that is declared again later (the first such): by another department
    # (an institutional reform) or by this one after a gap. None when there is none.
    earlier: Project | None = None
    later: Project | None = None

    @property
    def code(self) -> str | None:
        return self.project.declaration.project_code

    @property
    def uncoded(self) -> bool:
        """No 项目编码: the declaration cannot be linked to other years, so it is always new."""
        return self.code is None

    @property
    def renamed_from(self) -> str | None:
        """The previous year's 项目名称 of a continued project whose name changed."""
        if self.previous is None:
            return None
        old = self.previous.declaration.name
        return old if old != self.project.declaration.name else None

    @property
    def note(self) -> str | None:
        """One line of Chinese to show beside the project, or None."""
        if self.uncoded:
            return "未填写项目编码，无法与其他年度的申报对应，每年都按新增列出"
        here = self.project.department_slug
        if self.status is Status.NEW and self.earlier is not None:
            earlier = self.earlier
            if earlier.department_slug != here:
                return f"{earlier.declaration.year} 年由{earlier.declaration.department}申报"
            return f"{earlier.declaration.year} 年曾申报，此后中断"
        if self.status is Status.ENDED and self.later is not None:
            later = self.later
            if later.department_slug != here:
                return f"{later.declaration.year} 年改由{later.declaration.department}申报"
            return f"{later.declaration.year} 年再次申报"
        if self.renamed_from is not None:
            return f"原名“{self.renamed_from}”"
        return None


@dataclass(frozen=True, slots=True)
class DepartmentYear:
    """One department's declarations in one year, compared with its previous declared year."""

    department_slug: str
    department: str  # the registered name (the folder name when it is not registered)
    year: int
    previous_year: int | None  # None: the department's first year here; nothing to compare
    totals: Subtotal  # count, 年度资金申请总额 and 当年财政拨款 in 元, blank totals counted
    new: tuple[DepartmentProject, ...]
    continued: tuple[DepartmentProject, ...]
    ended: tuple[DepartmentProject, ...]

    @property
    def compared(self) -> bool:
        """False in the department's first year, where every project is new only trivially."""
        return self.previous_year is not None


@dataclass(frozen=True, slots=True)
class Years:
    """Everything this module computes for one corpus."""

    lineages: tuple[Lineage, ...]  # by code, ignoring case
    departments: Mapping[str, tuple[DepartmentYear, ...]]  # slug → years, oldest first
    _by_project: Mapping[str, Lineage]

    def lineage_of(self, project: Project) -> Lineage | None:
        """The history of `project`, or None: no 项目编码, or the only year of its code."""
        return self._by_project.get(project.id)

    def department_years(self, slug: str) -> tuple[DepartmentYear, ...]:
        return self.departments.get(slug, ())


def _linked(projects: Iterable[Project]) -> dict[str, list[Project]]:
    """code key → the first declaration of that code in each year, oldest first."""
    by_code: dict[str, dict[int, Project]] = {}
    for project in projects:
        code = project.declaration.project_code
        if code is not None:
            by_code.setdefault(project_code_key(code), {}).setdefault(
                project.declaration.year, project
            )
    return {key: [years[y] for y in sorted(years)] for key, years in by_code.items()}


def _department_years(
    slug: str, name: str, projects: list[Project], linked: dict[str, list[Project]]
) -> tuple[DepartmentYear, ...]:
    by_year: dict[int, list[Project]] = {}
    for project in projects:
        by_year.setdefault(project.declaration.year, []).append(project)
    result = []
    previous_year: int | None = None
    for year in sorted(by_year):
        this_year = by_year[year]
        before = by_year.get(previous_year, []) if previous_year is not None else []
        before_codes: dict[str, Project] = {}
        for project in before:
            code = project.declaration.project_code
            if code is not None:
                before_codes.setdefault(project_code_key(code), project)
        seen: set[str] = set()
        new, continued = [], []
        for project in this_year:
            code = project.declaration.project_code
            key = project_code_key(code) if code is not None else None
            if key is not None and key in before_codes and key not in seen:
                seen.add(key)
                continued.append(
                    DepartmentProject(Status.CONTINUED, year, project, before_codes[key])
                )
                continue
            history = linked.get(key, []) if key is not None else []
            earlier = [p for p in history if p.declaration.year < year]
            new.append(
                DepartmentProject(
                    Status.NEW, year, project, None, earlier=earlier[-1] if earlier else None
                )
            )
        ended = []
        for key, project in before_codes.items():
            if key in seen:
                continue
            later = [p for p in linked[key] if p.declaration.year > project.declaration.year]
            ended.append(
                DepartmentProject(
                    Status.ENDED, year, project, None, later=later[0] if later else None
                )
            )
        result.append(
            DepartmentYear(
                slug,
                name,
                year,
                previous_year,
                subtotal(f"{slug}/{year}", name, this_year),
                tuple(new),
                tuple(continued),
                tuple(ended),
            )
        )
        previous_year = year
    return tuple(result)


def build_years(corpus: Corpus) -> Years:
    """Lineages and department years for a loaded corpus (`load_corpus(..., models=True)`)."""
    projects = corpus.projects
    linked = _linked(projects)
    lineages = tuple(
        _lineage(tuple(history))
        for _, history in sorted(linked.items())
        if len(history) > 1  # a history needs two years
    )
    by_project = {p.id: lineage for lineage in lineages for p in lineage.projects}
    by_department: dict[str, list[Project]] = {}
    for project in projects:
        by_department.setdefault(project.department_slug, []).append(project)
    departments = {
        slug: _department_years(slug, department_name(corpus.registry, slug, slug), members, linked)
        for slug, members in by_department.items()
    }
    return Years(lineages, MappingProxyType(departments), MappingProxyType(by_project))
