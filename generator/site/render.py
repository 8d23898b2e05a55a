"""Renders the corpus into the site's source files: Markdown pages and download files.

Pure: returns `{path: text}` and `{path: bytes}`; `writer` and the MkDocs plugin decide where
they go. Every value from YAML passes through Jinja's autoescape; the page bodies are raw HTML
blocks inside Markdown, so that Markdown syntax in a project name (`[x](javascript:…)`, `|`,
`*`) stays text, and the one Markdown heading is escaped with `markdown_heading`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator.core.project import Corpus, EvaluatedProject, Project
from generator.core.schema import schema_files
from generator.load.discrepancies import Discrepancy, discrepancies_of
from generator.review.history import History, shown_note
from generator.site import export, export_evaluations
from generator.site.aggregate import Subtotal, group_by, subtotal
from generator.site.charts import Bar, bar_chart
from generator.site.datapackage import datapackage_json
from generator.site.documents import DOCUMENTS_FOLDER, document_url
from generator.site.evaluation_view import evaluation_view, group_row, rank_rows
from generator.site.explorer import explorer_json
from generator.site.export_xlsx import projects_xlsx
from generator.site.form_view import form_view
from generator.site.search_terms import (
    MARKER,
    evaluation_search_terms,
    known_name_tokens,
    search_terms,
)
from generator.site.views import (
    Pager,
    SubtotalView,
    breakdowns,
    category_of,
    funding_view,
    indicator_rows,
    lineage_view,
    page_url,
    pagers,
    quality_row,
    relative,
    subtotal_view,
    summary,
    type_slug,
)
from generator.site.years import Years, build_years

# Rows per page of a project table (all projects, a year, a department, a type). A longer table
# continues at <url>2/, <url>3/, …: at 10,000 projects one table would be ~4 MB of HTML, which
# a phone renders slowly and nobody scrolls through.
PROJECTS_PER_PAGE = 500

# Every ASCII punctuation mark that Python-Markdown can backslash-escape, plus the ones that
# start inline syntax. `<`, `>` and `&` are already entities after HTML escaping.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def markdown_heading(text: str) -> Markup:
    """Text that Markdown shows literally in a `# heading`, HTML-escaped once.

    Quotes stay quotes: element text needs no `&#34;`, and MkDocs copies the heading into the
    page title escaping the `&` of any entity it does not know, so `&#34;` would show as such
    in the browser's title and Material's header (`<`, `>` and `&` are escaped as they must).
    """
    escaped = html.escape(" ".join(text.split()), quote=False)
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", escaped))


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.site", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown_heading"] = markdown_heading
    env.globals["relative"] = relative
    return env


@dataclass(slots=True)
class SiteSources:
    pages: dict[str, str] = field(default_factory=dict)  # docs path → Markdown
    files: dict[str, bytes] = field(default_factory=dict)  # site path → bytes
    # site path → how to make it: files slow to compute, made while the pages render
    deferred: dict[str, Callable[[], bytes]] = field(default_factory=dict)


def last_updated(projects: list[Project], history: History) -> str | None:
    """The date of the newest commit that changed one of `projects` (ISO), None without git."""
    dates = [
        revisions[0].date for p in projects if (revisions := history.by_source.get(p.source_path))
    ]
    return max(dates, default=None)


def _source_href(project: Project, documents: frozenset[str]) -> str | None:
    """The link to the original document and page, when the repository publishes it."""
    source = project.declaration.source
    if source is None or source.file not in documents:
        return None
    href = relative(project.url, f"{DOCUMENTS_FOLDER}/").rstrip("/") + "/"
    href += document_url(source.file).removeprefix(f"{DOCUMENTS_FOLDER}/")
    return href if source.page is None else f"{href}#page={source.page}"


def _project_page(
    env: Environment,
    project: Project,
    history: History,
    years: Years,
    documents: frozenset[str] = frozenset(),
    evaluated: EvaluatedProject | None = None,
) -> str:
    decl = project.declaration
    form = form_view(decl)
    lineage = years.lineage_of(project)
    revisions = history.by_source.get(project.source_path, [])
    return env.get_template("project.md.j2").render(
        source_href=_source_href(project, documents),
        lineage=lineage_view(lineage, project) if lineage else None,
        revisions=revisions,
        revision_notes=[shown_note(r, history.public_subjects) for r in revisions],
        history_available=history.available,
        history_incomplete=history.incomplete,
        page_url=project.url,
        project=project,
        decl=decl,
        funding=funding_view(project),
        form=form,
        rows=indicator_rows(project, form),
        type_url=f"types/{type_slug(category_of(decl))}/",
        department_url=f"departments/{project.department_slug}/",
        year_url=f"{project.year_dir}/",
        slug=project.slug,
        search_terms=search_terms(project),
        search_marker=MARKER,
        measurable=sum(1 for _, _, i in decl.indicator_rows() if i.reading.is_measurable()),
        indicator_count=len(decl.indicator_rows()),
        discrepancies=discrepancies_of(decl),
        evaluated=evaluated,
        ev=None if evaluated is None else evaluation_view(evaluated),
        evaluation_link=relative(project.url, "evaluations/"),
    )


def _evaluation_page(env: Environment, evaluated: EvaluatedProject, pages: set[str]) -> str:
    """A self-evaluation without a declaration, at the URL its project would have. Its year and
    department are linked only where they have a page (`pages`): a department known only from
    self-evaluations has none."""
    url = f"{evaluated.id}/"
    year_url = f"{evaluated.year_dir}/"
    department_url = f"departments/{evaluated.department_slug}/"
    return env.get_template("evaluation.md.j2").render(
        page_url=url,
        evaluated=evaluated,
        ev=evaluation_view(evaluated),
        evaluation_link=relative(url, "evaluations/"),
        year_url=year_url if year_url in pages else None,
        department_url=department_url if department_url in pages else None,
        slug=evaluated.slug,
        search_terms=evaluation_search_terms(evaluated.evaluation),
        search_marker=MARKER,
    )


@dataclass(frozen=True, slots=True)
class DiscrepancyRow:
    project: Project
    items: list[Discrepancy]


@dataclass(frozen=True, slots=True)
class DiscrepancyGroup:
    label: str
    url: str
    rows: list[DiscrepancyRow]


def discrepancy_groups(
    by_department: list[tuple[Subtotal, list[Project]]],
) -> list[DiscrepancyGroup]:
    """Every published discrepancy, by department, in the site's order of departments."""
    groups = []
    for item, projects in by_department:
        rows = [
            DiscrepancyRow(p, found) for p in projects if (found := discrepancies_of(p.declaration))
        ]
        if rows:
            groups.append(DiscrepancyGroup(item.label, f"departments/{item.key}/", rows))
    return groups


def _year_subtotals(projects: list[Project], base_total: Decimal) -> list[SubtotalView]:
    years = group_by(projects, lambda p: p.year_dir)
    return [
        subtotal_view(subtotal(y, f"{y} 年度", ps), f"{y}/", base_total)
        for y, ps in sorted(years.items(), reverse=True)
    ]


def _docs_path(url: str) -> str:
    """The Markdown source of the page at directory URL `url` (`projects/` is projects.md)."""
    return "projects.md" if url == "projects/" else f"{url}index.md"


def _heading(title: str, pager: Pager | None) -> str:
    return title if pager is None or pager.number == 1 else f"{title}（第 {pager.number} 页）"


@dataclass(frozen=True, slots=True)
class RecentChange:
    date: str
    name: str
    url: str | None
    kind: str
    summary: str  # the semantic change in one line of Chinese
    note: str  # the commit message, only where the publisher made it public
    changes: tuple[str, ...]


def _recent_changes(corpus: Corpus, history: History) -> list[RecentChange]:
    by_source = {p.source_path: p for p in corpus.projects}
    recent = []
    for source, revision in history.recent:
        project = by_source.get(source)
        recent.append(
            RecentChange(
                revision.date,
                project.declaration.name if project else source,
                project.url if project else None,
                revision.kind,
                revision.summary,
                shown_note(revision, history.public_subjects),
                revision.changes,
            )
        )
    return recent


def render_site(
    corpus: Corpus,
    *,
    page_size: int | None = None,
    history: History | None = None,
    documents: frozenset[str] = frozenset(),
) -> SiteSources:
    """The site's sources; project tables have `page_size` rows a page (PROJECTS_PER_PAGE).

    `documents` are the 来源 files that the site publishes under documents/ (see documents.py).

    The default is read when called, not when defined, so that a test can build a real site
    with small pages by setting the constant.
    """
    size = PROJECTS_PER_PAGE if page_size is None else page_size
    history = history or History()
    years = build_years(corpus)
    env = _environment()
    out = SiteSources()
    parts = breakdowns(corpus)
    # The year and department pages there will be: links elsewhere go only to these.
    group_urls = {f"departments/{item.key}/" for item, _ in parts.by_department} | {
        f"{item.key}/" for item, _ in parts.by_year
    }
    grand = parts.grand.annual_total

    def table(
        url: str, projects: list[Project], pager: Pager | None, *, department_column: bool
    ) -> Markup:
        # Already escaped by its own template: Markup keeps autoescape from escaping it twice.
        return Markup(
            env.get_template("_project_table.html.j2").render(
                page_url=url,
                rows=[summary(p) for p in projects],
                pager=pager,
                caption="项目" if pager is None else f"项目：{pager.range_text}",
                department_column=department_column,
            )
        )

    def paginated(
        first_url: str, projects: list[Project], *, department_column: bool = True
    ) -> list[tuple[str, Pager | None, Markup]]:
        """(URL, pager, table) for each page of the table; rows keep their order."""
        pages: list[Pager | None] = list(pagers(first_url, len(projects), size)) or [None]
        result: list[tuple[str, Pager | None, Markup]] = []
        for index, pager in enumerate(pages):
            url = page_url(first_url, index + 1)
            chunk = projects[index * size : (index + 1) * size] if pager else projects
            result.append(
                (url, pager, table(url, chunk, pager, department_column=department_column))
            )
        return result

    def group_chart(
        kind: str, item: Subtotal, projects: list[Project], first_url: str
    ) -> Markup | None:
        """A year's page charts its departments; other groups chart their years.

        Each bar links to the page of its department or year."""
        if kind == "年度":
            by_department = group_by(projects, lambda p: p.declaration.department)
            bars = [
                Bar(
                    name,
                    subtotal(name, name, ps).annual_total,
                    relative(first_url, f"departments/{ps[0].department_slug}/"),
                )
                for name, ps in by_department.items()
            ]
            bars.sort(key=lambda bar: (-bar.value, bar.label))
            title = f"{item.label}各主管部门年度资金申请总额"
        else:
            by_year = group_by(projects, lambda p: p.year_dir)
            if len(by_year) < 2:
                return None
            bars = [
                Bar(
                    f"{year} 年度",
                    subtotal(year, year, ps).annual_total,
                    relative(first_url, f"{year}/"),
                )
                for year, ps in sorted(by_year.items())
            ]
            title = f"{item.label}各年度年度资金申请总额"
        return bar_chart(title, bars, total=item.annual_total)

    def group_pages(first_url: str, kind: str, item: Subtotal, projects: list[Project]) -> None:
        total = subtotal_view(item, first_url, grand)
        by_year = _year_subtotals(projects, item.annual_total) if kind != "年度" else []
        figure = group_chart(kind, item, projects, first_url)
        # Several years: what each year added, continued and ended, linked by 项目编码.
        department_years = years.department_years(item.key) if kind == "主管部门" else ()
        turnover = department_years if len(department_years) > 1 else ()
        updated = last_updated(projects, history)
        # A department's page does not repeat its own name on every row.
        pages = paginated(first_url, projects, department_column=kind != "主管部门")
        for url, pager, rows in pages:
            out.pages[_docs_path(url)] = env.get_template("group.md.j2").render(
                page_url=url,
                first_url=first_url,
                first_page=pager is None or pager.number == 1,
                kind=kind,
                title=item.label,
                heading=_heading(item.label, pager),
                total=total,
                by_year=by_year,
                chart=figure,
                turnover=turnover,
                table=rows,
                updated=updated,
                evaluation_figures=figures_of.get(first_url) if kind == "主管部门" else None,
                evaluation_only=only_of.get(first_url, []) if kind == "主管部门" else [],
            )

    def views(pairs: list[tuple[Subtotal, list[Project]]], prefix: str) -> list[SubtotalView]:
        return [subtotal_view(item, f"{prefix}{item.key}/", grand) for item, _ in pairs]

    evaluations = {evaluated.id: evaluated for evaluated in corpus.evaluations}
    # Each department's self-evaluations in figures, and those that answer no declaration.
    by_department_evaluations: dict[str, list[EvaluatedProject]] = {}
    for each in corpus.evaluations:
        url = f"departments/{each.department_slug}/"
        by_department_evaluations.setdefault(url, []).append(each)
    figures_of = {
        url: group_row(items[0].evaluation.department, url if url in group_urls else None, items)
        for url, items in by_department_evaluations.items()
    }
    only_of = {
        url: [r for r in rank_rows(items) if not r.has_declaration]
        for url, items in by_department_evaluations.items()
    }
    for project in corpus.projects:
        page = f"{project.year_dir}/{project.department_slug}/{project.slug}.md"
        evaluated = evaluations.pop(project.id, None)
        out.pages[page] = _project_page(env, project, history, years, documents, evaluated)
        out.files[f"{project.url}{project.slug}.json"] = export.project_json(project).encode()
        out.files[f"{project.url}{project.slug}.yaml"] = project.source_text.encode()
        if evaluated is not None:
            out.files[f"{project.url}{project.slug}.zipin.yaml"] = evaluated.source_text.encode()
    # What is left answers no declaration: its own page at the URL the project would have.
    for evaluated in evaluations.values():
        out.pages[f"{evaluated.id}.md"] = _evaluation_page(env, evaluated, group_urls)
        out.files[f"{evaluated.id}/{evaluated.slug}.zipin.yaml"] = evaluated.source_text.encode()
    for item, projects in parts.by_year:
        group_pages(f"{item.key}/", "年度", item, projects)
    for item, projects in parts.by_department:
        group_pages(f"departments/{item.key}/", "主管部门", item, projects)
    for item, projects in parts.by_type:
        group_pages(f"types/{item.key}/", "项目类别", item, projects)

    total = subtotal_view(parts.grand, "projects/", grand)
    groups = {
        "years": views(parts.by_year, ""),
        "departments": views(parts.by_department, "departments/"),
        "types": views(parts.by_type, "types/"),
    }

    def chart(
        title: str,
        pairs: list[tuple[Subtotal, list[Project]]],
        whole: Decimal,
        prefix: str,
        *,
        largest_first: bool = True,
    ) -> Markup:
        # Largest first: a chart cut at MAX_BARS shows the biggest, whatever the table order.
        bars = [Bar(item.label, item.annual_total, f"{prefix}{item.key}/") for item, _ in pairs]
        if largest_first:
            bars.sort(key=lambda bar: (-bar.value, bar.label))
        return bar_chart(title, bars, total=whole)

    everything_updated = last_updated(corpus.projects, history)
    out.pages["index.md"] = env.get_template("home.md.j2").render(
        page_url="",
        updated=everything_updated,
        grand=total,
        charts={
            "years": chart("各年度年度资金申请总额", parts.by_year, grand, "", largest_first=False),
            "departments": chart(
                "各主管部门年度资金申请总额", parts.by_department, grand, "departments/"
            ),
            "types": chart("各项目类别年度资金申请总额", parts.by_type, grand, "types/"),
        },
        **groups,
    )
    quality = [
        quality_row(item.label, f"departments/{item.key}/", projects)
        for item, projects in parts.by_department
    ]
    out.pages["quality.md"] = env.get_template("quality.md.j2").render(
        page_url="quality/",
        rows=quality,
        overall=quality_row("合计", "quality/", corpus.projects),
        updated=everything_updated,
    )
    out.pages["discrepancies.md"] = env.get_template("discrepancies.md.j2").render(
        page_url="discrepancies/",
        groups=(flagged := discrepancy_groups(parts.by_department)),
        project_count=sum(len(group.rows) for group in flagged),
    )
    ranked_departments = sorted(figures_of.values(), key=lambda row: (-row.average_sort, row.label))
    out.pages["evaluations.md"] = env.get_template("evaluations.md.j2").render(
        page_url="evaluations/",
        overall=group_row("合计", "evaluations/", corpus.evaluations),
        departments=ranked_departments,
        projects=[
            row if row.department_url in group_urls else replace(row, department_url=None)
            for row in rank_rows(corpus.evaluations)
        ],
        chart=bar_chart(
            "各主管部门平均自评得分",
            [
                Bar(
                    row.label,
                    row.average_sort,
                    relative("evaluations/", row.url) if row.url is not None else None,
                )
                for row in ranked_departments
                if row.average_score is not None
            ],
            shown_as=lambda value: str(value.quantize(Decimal("0.01"))),
            value_unit="分",
            value_heading="平均自评得分",
        )
        if any(row.average_score is not None for row in ranked_departments)
        else None,
    )
    out.pages["explorer.md"] = env.get_template("explorer.md.j2").render(
        page_url="explorer/", total=total
    )
    out.files["data/explorer.json"] = explorer_json(corpus).encode()
    out.files["data/search-names.json"] = known_name_tokens(corpus).encode()
    out.files["data/datapackage.json"] = datapackage_json().encode()
    out.deferred["data/projects.xlsx"] = partial(projects_xlsx, corpus)
    for url, pager, rows in paginated("projects/", corpus.projects):
        out.pages[_docs_path(url)] = env.get_template("projects.md.j2").render(
            page_url=url,
            first_url="projects/",
            first_page=pager is None or pager.number == 1,
            heading=_heading("全部项目", pager),
            total=total,
            table=rows,
            updated=everything_updated,
        )
    for kind, key, title in (
        ("年度", "years", "按年度"),
        ("主管部门", "departments", "按主管部门"),
        ("项目类别", "types", "按项目类别"),
    ):
        out.pages[f"{key}/index.md"] = env.get_template("group_index.md.j2").render(
            page_url=f"{key}/",
            kind=kind,
            title=title,
            groups=groups[key],
            total=total,
            updated=everything_updated,
        )
    out.pages["downloads.md"] = env.get_template("downloads.md.j2").render(
        page_url="downloads/", count=len(corpus.projects)
    )
    out.pages["about.md"] = env.get_template("about.md.j2").render(page_url="about/")
    recent = _recent_changes(corpus, history)
    out.pages["changes.md"] = env.get_template("changes.md.j2").render(
        page_url="changes/",
        recent=recent,
        any_note=any(item.note for item in recent),
        history_available=history.available,
        history_incomplete=history.incomplete,
    )
    out.files["data/projects.json"] = export.projects_json(corpus).encode()
    out.files["data/projects.csv"] = export.projects_csv(corpus)
    out.files["data/indicators.csv"] = export.indicators_csv(corpus)
    out.files["data/indicators.json"] = export.indicators_json(corpus).encode()
    out.files["data/evaluations.json"] = export_evaluations.evaluations_json(corpus).encode()
    out.files["data/evaluations.csv"] = export_evaluations.evaluations_csv(corpus)
    out.files["data/evaluation_indicators.csv"] = export_evaluations.evaluation_indicators_csv(
        corpus
    )
    for name, text in schema_files().items():
        out.files[f"schema/{name}"] = text.encode()
    return out
