"""Projects known only from a self-evaluation, on the index pages: what is known, nothing more.

Many places publish the 自评表 without the 申报表. Such a project has its own page
(`urls.evaluation_page`), and must also be found where a reader looks for a year's or a
department's projects. A year or department may even be known only from self-evaluations: it
then gets a page of its own (`evaluation_only_groups`) listing them, so that no link to it is
broken and every self-evaluation is reachable from the index pages.

Pure: rows of text from the forms; a value the form does not give (the 项目类别, the
年度资金申请总额 of a declaration) is not shown at all, never made up, and a blank stays None.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.project import EvaluatedProject
from generator.site import urls
from generator.site.evaluation_view import percent

# How every list marks these projects: the site has no declaration of them.
EVALUATION_ONLY_MARK = "只有自评表"


@dataclass(frozen=True, slots=True)
class EvaluationOnlyRow:
    """One project known only from its 自评表, as the year and department pages list it."""

    year: str
    name: str
    url: str
    department: str
    department_url: str
    unit: str | None  # 实施单位 as printed; None when the form leaves it blank
    total_score: str | None
    grade: str | None
    execution_rate: str | None  # ours, from the 年度资金总额 row


def evaluation_only(evaluations: list[EvaluatedProject]) -> list[EvaluatedProject]:
    """The self-evaluations that answer no declaration in the repository, in the corpus order."""
    return [item for item in evaluations if item.declaration is None]


def evaluation_only_row(item: EvaluatedProject) -> EvaluationOnlyRow:
    form = item.evaluation
    return EvaluationOnlyRow(
        year=item.year_dir,
        name=form.name,
        url=urls.evaluation_page(item).url,
        department=form.department,
        department_url=urls.department_of(item).url,
        unit=form.implementing_unit,
        total_score=None if form.total_score is None else str(form.total_score),
        grade=form.grade,
        execution_rate=percent(item.analysis.execution_rate),
    )


def rows_by_group(items: list[EvaluatedProject]) -> dict[str, list[EvaluationOnlyRow]]:
    """Rows under the URL of their year's page and of their department's page, by name."""
    grouped: dict[str, list[EvaluationOnlyRow]] = {}
    ordered = sorted(items, key=lambda i: (i.year_dir, i.evaluation.name, i.slug))
    for item in ordered:
        row = evaluation_only_row(item)
        for page in (urls.year_of(item), urls.department_of(item)):
            grouped.setdefault(page.url, []).append(row)
    return grouped


@dataclass(frozen=True, slots=True)
class EvaluationOnlyGroup:
    """A year or department that has no declaration, only self-evaluations: its page lists them."""

    word: str  # 年度 or 主管部门
    key: str  # the year, or the department's slug
    label: str  # 2024 年度, or the department's name as the forms print it
    address: urls.Address
    items: list[EvaluatedProject]


def evaluation_only_groups(
    evaluations: list[EvaluatedProject], declared_urls: frozenset[str]
) -> list[EvaluationOnlyGroup]:
    """The years and departments of `evaluations` whose page is not among `declared_urls`
    (the group pages the declarations make): years newest first, then departments by name."""
    years: dict[str, list[EvaluatedProject]] = {}
    departments: dict[str, list[EvaluatedProject]] = {}
    for item in evaluations:
        if urls.year_of(item).url not in declared_urls:
            years.setdefault(item.year_dir, []).append(item)
        if urls.department_of(item).url not in declared_urls:
            departments.setdefault(item.department_slug, []).append(item)
    groups = [
        EvaluationOnlyGroup("年度", year, f"{year} 年度", urls.YEARS.page(year), items)
        for year, items in sorted(years.items(), reverse=True)
    ]
    named = [
        EvaluationOnlyGroup(
            "主管部门", slug, items[0].evaluation.department, urls.DEPARTMENTS.page(slug), items
        )
        for slug, items in departments.items()
    ]
    return groups + sorted(named, key=lambda group: (group.label, group.key))
