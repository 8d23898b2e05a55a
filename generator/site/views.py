"""What the templates show, formatted once in Python: templates only place it on the page."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.core.model import Declaration, Indicator
from generator.core.money import (
    MoneyUnit,
    exact_money,
    format_signed_yuan,
    format_wan,
    format_yuan,
    to_yuan,
)
from generator.core.project import Corpus, Project
from generator.core.registry import department_name
from generator.core.targets import TargetKind, TargetReading
from generator.core.taxonomy import BLANK_CATEGORY
from generator.review.semantic_diff import IndicatorChangeKind, Strength
from generator.site import urls
from generator.site.aggregate import (
    Subtotal,
    annual_total_yuan,
    group_by,
    measurable_count,
    subtotal,
)
from generator.site.form_view import FormView, long_cells, split_cells
from generator.site.urls import table_page_url, type_slug
from generator.site.years import Lineage


def category_of(decl: Declaration) -> str:
    """The project type as index pages group it: a blank 项目类别 is a group of its own."""
    return BLANK_CATEGORY if decl.category is None else decl.category


def money_cell(amount: Decimal | None) -> str:
    """An amount as the tables show it in 元; a blank cell stays empty (the template marks it)."""
    return "" if amount is None else format_yuan(amount)


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    level1: str
    level2: str
    name: str
    target: str
    reading: str
    measurable: bool
    level1_span: int  # rows the first-level cell spans; 0 where an earlier row holds it
    level2_span: int
    # The cells of the layout's further columns (`form_view.FormView`): long-term set, split.
    long: tuple[str, ...] = ()
    split: tuple[str, ...] = ()


# How a reader writes the comparison the data keeps in ASCII (`>=` stays `>=` in JSON and CSV).
OPERATOR_SIGNS = {">=": "≥", "<=": "≤", "!=": "≠"}


def describe_reading(reading: TargetReading) -> str:
    """How we read a target, in a reader's words (≥ 95%，正向; 期限 …; 定性)."""
    if reading.kind is TargetKind.COMPARISON and reading.value is not None:
        unit = reading.unit or ""
        direction = f"，{reading.direction.value}" if reading.direction else ""
        sign = OPERATOR_SIGNS.get(reading.operator or "", reading.operator)
        return f"{sign} {reading.value}{unit}{direction}"
    if reading.kind is TargetKind.DATE and reading.deadline is not None:
        return f"期限 {reading.deadline.isoformat()}{reading.deadline_relation or ''}"
    return "定性"


def indicator_rows(project: Project, form: FormView | None = None) -> list[IndicatorRow]:
    """The indicator table of a project page, row by row as the form lays it out, with the
    row spans of the first two levels and the layout's further columns.
    """
    rows: list[IndicatorRow] = []
    split_keys = form.split_keys if form is not None else ()
    has_long = bool(form is not None and form.long_columns)
    for level1, level2s in project.declaration.indicators.items():
        level1_rows = sum(max(1, len(items)) for items in level2s.values()) or 1
        first_in_level1 = True
        for level2, items in level2s.items():
            entries: list[Indicator | None] = list(items) or [None]  # empty: a row all the same
            for index, indicator in enumerate(entries):
                reading = indicator.reading if indicator else None
                rows.append(
                    IndicatorRow(
                        level1,
                        level2,
                        indicator.name if indicator else "",
                        indicator.target if indicator else "",
                        describe_reading(reading) if reading else "",
                        bool(reading and reading.is_measurable()),
                        level1_rows if first_in_level1 else 0,
                        len(entries) if index == 0 else 0,
                        long_cells(indicator) if has_long else (),
                        split_cells(indicator, split_keys),
                    )
                )
                first_in_level1 = False
        if not level2s:
            rows.append(
                IndicatorRow(
                    level1,
                    "",
                    "",
                    "",
                    "",
                    False,
                    1,
                    1,
                    long_cells(None) if has_long else (),
                    split_cells(None, split_keys),
                )
            )
    return rows


@dataclass(frozen=True, slots=True)
class ProjectSummary:
    """One row of an index table."""

    url: str
    year: int
    name: str
    department: str
    department_slug: str
    unit: str
    category: str
    category_slug: str
    annual_total: str
    annual_total_sort: str
    indicators: int
    measurable: int
    discrepancies: int = 0  # 核对提示: the form's acknowledged problems (原表问题)


def summary(project: Project) -> ProjectSummary:
    """One row of a project table, formatted once: every table (全部项目, a year, a department,
    a type) shows the same row for the same project.
    """
    decl = project.declaration
    total = annual_total_yuan(project)
    rows = decl.indicator_rows()
    return ProjectSummary(
        url=urls.project_page(project).url,
        year=decl.year,
        name=decl.name,
        department=decl.department,
        department_slug=project.department_slug,
        unit=decl.implementing_unit or "",
        category=category_of(decl),
        category_slug=type_slug(category_of(decl)),
        annual_total=money_cell(total),
        annual_total_sort="" if total is None else str(total),
        indicators=len(rows),
        measurable=measurable_count(decl),
        discrepancies=len(decl.acknowledged or []),
    )


@dataclass(frozen=True, slots=True)
class PagerLink:
    label: str
    url: str  # "" for the current page and for a gap ("…")
    current: bool


@dataclass(frozen=True, slots=True)
class Pager:
    """The pager above and below one page of a long project table."""

    number: int
    count: int
    position: str  # 第 2 页，共 20 页
    range_text: str  # 第 501–1000 项，共 10000 项
    previous_url: str  # "" on the first page
    next_url: str  # "" on the last page
    links: tuple[PagerLink, ...]


def _pager_numbers(number: int, count: int, around: int) -> list[int | None]:
    """Page numbers to link: the first, the last and `around` either side; None is a gap."""
    wanted = sorted({1, count, *range(max(1, number - around), min(count, number + around) + 1)})
    shown: list[int | None] = []
    previous = 0
    for n in wanted:
        if n - previous == 2:
            shown.append(n - 1)  # "…" would hide just one page: show that page instead
        elif previous and n - previous > 2:
            shown.append(None)
        shown.append(n)
        previous = n
    return shown


def pagers(first_url: str, rows: int, page_size: int, around: int = 2) -> list[Pager]:
    """One pager per page of a table of `rows` rows; a single page needs none (empty list)."""
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    count = -(-rows // page_size)
    if count <= 1:
        return []
    result: list[Pager] = []
    for number in range(1, count + 1):
        first = (number - 1) * page_size + 1
        last = min(rows, number * page_size)
        shown = str(first) if first == last else f"{first}–{last}"
        links = tuple(
            PagerLink("…", "", False)
            if n is None
            else PagerLink(str(n), "" if n == number else table_page_url(first_url, n), n == number)
            for n in _pager_numbers(number, count, around)
        )
        result.append(
            Pager(
                number=number,
                count=count,
                position=f"第 {number} 页，共 {count} 页",
                range_text=f"第 {shown} 项，共 {rows} 项",
                previous_url=table_page_url(first_url, number - 1) if number > 1 else "",
                next_url=table_page_url(first_url, number + 1) if number < count else "",
                links=links,
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class SubtotalView:
    key: str
    label: str
    url: str
    count: int
    annual_total: str
    annual_total_wan: str
    appropriation: str
    share: str
    blank_note: str
    indicators: int


@exact_money
def subtotal_view(item: Subtotal, url: str, grand_total: Decimal) -> SubtotalView:
    """A group's totals as the pages show them, with its share of `grand_total`."""
    share = item.share_percent(grand_total)
    return SubtotalView(
        key=item.key,
        label=item.label,
        url=url,
        count=item.count,
        annual_total=format_yuan(item.annual_total),
        annual_total_wan=format_wan(item.annual_total),
        appropriation=format_yuan(item.appropriation),
        share="" if share is None else f"{share.quantize(Decimal('0.1'))}%",
        blank_note=f"{item.blank_annual_totals} 个项目未填" if item.blank_annual_totals else "",
        indicators=item.indicators,
    )


@dataclass(frozen=True, slots=True)
class FundingView:
    unit: str
    total: str
    fiscal: str
    other: str
    annual_total: str
    appropriation: str
    carry_over: str
    annual_other: str
    in_yuan_note: str


def funding_view(project: Project) -> FundingView:
    """The funding table of a project page in the form's own unit, as the form printed it."""
    decl = project.declaration
    pf, af = decl.project_funds, decl.annual_funds
    note = ""
    if decl.unit is MoneyUnit.WAN_YUAN and af.total is not None:
        note = f"年度资金申请总额折合 {format_yuan(to_yuan(af.total, decl.unit))} 元"

    def shown(amount: Decimal | None) -> str:
        # In 万元 the source may carry up to six places; show them as written.
        return (
            ""
            if amount is None
            else (format_yuan(amount) if decl.unit is MoneyUnit.YUAN else f"{amount:,}")
        )

    return FundingView(
        unit=decl.unit.value,
        total=shown(pf.total),
        fiscal=shown(pf.fiscal),
        other=shown(pf.other),
        annual_total=shown(af.total),
        appropriation=shown(af.appropriation),
        carry_over=shown(af.carry_over),
        annual_other=shown(af.other),
        in_yuan_note=note,
    )


@dataclass(frozen=True, slots=True)
class Breakdowns:
    """Subtotals by year, department and type, with the grand total they share."""

    grand: Subtotal
    by_year: list[tuple[Subtotal, list[Project]]]
    by_department: list[tuple[Subtotal, list[Project]]]
    by_type: list[tuple[Subtotal, list[Project]]]


def department_label(corpus: Corpus, slug: str, projects: list[Project]) -> str:
    """A department's name as the registry (departments.yaml) spells it, else as its
    first project's form does: the folder slug alone means nothing to a reader.
    """
    return department_name(corpus.registry, slug, projects[0].declaration.department)


def breakdowns(corpus: Corpus) -> Breakdowns:
    """The site's three ways of grouping projects, in the order the pages list them:
    years newest first, departments in the registry's order, types largest first.
    """
    projects = corpus.projects
    years = group_by(projects, lambda p: p.year_dir)
    departments = group_by(projects, lambda p: p.department_slug)
    types = group_by(projects, lambda p: category_of(p.declaration))
    order = corpus.registry.order if corpus.registry else (lambda slug: 0)
    return Breakdowns(
        grand=subtotal("all", "合计", projects),
        by_year=[
            (subtotal(y, f"{y} 年度", ps), ps) for y, ps in sorted(years.items(), reverse=True)
        ],
        by_department=[
            (subtotal(slug, department_label(corpus, slug, ps), ps), ps)
            for slug, ps in sorted(departments.items(), key=lambda kv: (order(kv[0]), kv[0]))
        ],
        by_type=sorted(
            ((subtotal(type_slug(t), t, ps), ps) for t, ps in types.items()),
            key=lambda pair: (-pair[0].annual_total, pair[0].label),
        ),
    )


@dataclass(frozen=True, slots=True)
class QualityRow:
    """How many of a group's targets can be checked against a number at year end."""

    label: str
    url: str
    projects: int
    indicators: int
    measurable: int
    deadlines: int
    qualitative: int

    @property
    def share(self) -> str:
        if not self.indicators:
            return ""
        return f"{(Decimal(self.measurable) / self.indicators * 100).quantize(Decimal('0.1'))}%"


def quality_row(label: str, url: str, projects: list[Project]) -> QualityRow:
    """How checkable a group's targets are: measurable, a deadline, or only qualitative."""
    readings = [
        indicator.reading
        for project in projects
        for _, _, indicator in project.declaration.indicator_rows()
    ]
    measurable = sum(measurable_count(project.declaration) for project in projects)
    deadlines = sum(1 for r in readings if r.kind is TargetKind.DATE)
    return QualityRow(
        label,
        url,
        len(projects),
        len(readings),
        measurable,
        deadlines,
        len(readings) - measurable - deadlines,
    )


@dataclass(frozen=True, slots=True)
class LineageYear:
    year: int
    url: str
    current: bool
    annual_total: str
    appropriation: str
    delta: str


@dataclass(frozen=True, slots=True)
class LineageIndicator:
    name: str
    where: str
    cells: tuple[tuple[str, str], ...]  # (target text or "—", css class) per year


@dataclass(frozen=True, slots=True)
class LineageView:
    code: str
    years: tuple[LineageYear, ...]
    indicators: tuple[LineageIndicator, ...]
    changes: int  # indicator changes over all years


def lineage_view(lineage: Lineage, current: Project) -> LineageView:
    years = tuple(
        LineageYear(
            funding.year,
            project.url,
            project.id == current.id,
            money_cell(funding.annual_total) or "空白",
            money_cell(funding.appropriation) or "空白",
            (
                ""
                if funding.annual_total_delta is None
                else format_signed_yuan(funding.annual_total_delta)
            ),
        )
        for funding, project in zip(lineage.funding, lineage.projects, strict=True)
    )
    css = {Strength.STRICTER: "jx-stronger", Strength.LOOSER: "jx-weaker"}
    indicators = tuple(
        LineageIndicator(
            history.name,
            f"{history.level1}/{history.level2}",
            tuple(
                (
                    "—"
                    if cell.target is None
                    else cell.target
                    + (f"（{cell.strength}）" if cell.strength else "")
                    + ("（新增）" if cell.change == IndicatorChangeKind.ADDED else ""),
                    (
                        css[cell.strength]
                        if cell.strength
                        else "jx-removed"
                        if cell.target is None
                        else ""
                    ),
                )
                for cell in history.cells
            ),
        )
        for history in lineage.indicators
    )
    changes = sum(len(step.indicators) for step in lineage.steps)
    return LineageView(lineage.code, years, indicators, changes)
