"""Renders the corpus into the site's source files: Markdown pages and download files.

Pure: returns `{path: text}` and `{path: bytes}`; `writer` and the MkDocs plugin decide where
they go. Every value from YAML passes through Jinja's autoescape; the page bodies are raw HTML
blocks inside Markdown, so that Markdown syntax in a project name (`[x](javascript:…)`, `|`,
`*`) stays text, and the one Markdown heading is escaped with `markdown_heading`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache, partial

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator.core.project import Corpus, EvaluatedProject, Project
from generator.core.schema import schema_files
from generator.load.discrepancies import Discrepancy, discrepancies_of
from generator.review.history import History, shown_note
from generator.site import export_evaluations, export_parts, urls
from generator.site.aggregate import Subtotal, group_by, measurable_count, subtotal
from generator.site.charts import Bar, bar_chart
from generator.site.datapackage import datapackage_json
from generator.site.evaluation_only import (
    EvaluationOnlyGroup,
    EvaluationOnlyRow,
    evaluation_only,
    evaluation_only_groups,
    rows_by_group,
)
from generator.site.evaluation_view import (
    EvaluationGroupRow,
    EvaluationRankRow,
    evaluation_view,
    group_row,
    rank_rows,
)
from generator.site.explorer import explorer_json
from generator.site.export_xlsx import KeptRows, projects_xlsx
from generator.site.form_view import form_view
from generator.site.links import relative
from generator.site.page_cache import PageCache
from generator.site.page_meta import FRONT_MATTER
from generator.site.search_terms import (
    MARKER,
    evaluation_search_terms,
    known_name_tokens,
    search_terms,
)
from generator.site.views import (
    Breakdowns,
    Pager,
    ProjectSummary,
    SubtotalView,
    breakdowns,
    category_of,
    funding_view,
    indicator_rows,
    lineage_view,
    pagers,
    quality_row,
    subtotal_view,
    summary,
)
from generator.site.years import Years, build_years

# Rows per page of a project table (all projects, a year, a department, a type), unless
# mkdocs.yml sets the plugin's `page_size`. A longer table continues at <url>2/, <url>3/, …:
# at 10,000 projects one table would be ~4 MB of HTML, which a phone renders slowly and nobody
# scrolls through.
DEFAULT_PAGE_SIZE = 500

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


@cache
def page_environment() -> Environment:
    """The Jinja environment of every page template (also the top level of a sharded site).

    One per process, so that a rebuild under `mkdocs serve` does not compile every template
    again; Jinja still reloads a template whose file changed (auto_reload)."""
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
    env.globals["urls"] = urls  # the templates' links to fixed pages and files
    env.globals.update(FRONT_MATTER)
    return env


@dataclass(slots=True)
class SiteSources:
    pages: dict[str, str] = field(default_factory=dict)  # docs path → Markdown
    files: dict[str, bytes] = field(default_factory=dict)  # site path → bytes
    # render_site(defer_downloads=True): the data files, made when called.
    later: Callable[[], Iterator[tuple[str, bytes]]] | None = None
    # The slow downloads are not here: the plugin starts them before rendering
    # (`deferred_downloads`).


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
    # The folder's relative path, then the encoded name: `relative` works on paths, not hrefs.
    folder = relative(urls.project_page(project).url, urls.DOCUMENTS_FOLDER).rstrip("/") + "/"
    href = folder + urls.document_link(source.file).removeprefix(urls.DOCUMENTS_FOLDER)
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
    page_url = urls.project_page(project).url
    return env.get_template("project.md.j2").render(
        source_href=_source_href(project, documents),
        lineage=lineage_view(lineage, project) if lineage else None,
        revisions=revisions,
        revision_notes=[shown_note(r, history.public_subjects) for r in revisions],
        history_available=history.available,
        history_incomplete=history.incomplete,
        page_url=page_url,
        project=project,
        decl=decl,
        funding=funding_view(project),
        form=form,
        rows=indicator_rows(project, form),
        type_url=urls.TYPES.page(urls.type_slug(category_of(decl))).url,
        department_url=urls.department_of(project).url,
        year_url=urls.year_of(project).url,
        slug=project.slug,
        search_terms=search_terms(project),
        search_marker=MARKER,
        measurable=measurable_count(decl),
        indicator_count=len(decl.indicator_rows()),
        discrepancies=discrepancies_of(decl),
        evaluated=evaluated,
        ev=None if evaluated is None else evaluation_view(evaluated),
        evaluation_link=relative(page_url, urls.EVALUATIONS.url),
    )


def _evaluation_page(env: Environment, evaluated: EvaluatedProject, pages: frozenset[str]) -> str:
    """A self-evaluation without a declaration, at the URL its project would have. Its year and
    department are linked only where they have a page (`pages`); a year or department known
    only from self-evaluations has one too (`_evaluation_only_group_pages`)."""
    url = urls.evaluation_page(evaluated).url
    year_url = urls.year_of(evaluated).url
    department_url = urls.department_of(evaluated).url
    return env.get_template("evaluation.md.j2").render(
        page_url=url,
        evaluated=evaluated,
        ev=evaluation_view(evaluated),
        evaluation_link=relative(url, urls.EVALUATIONS.url),
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
            groups.append(DiscrepancyGroup(item.label, urls.DEPARTMENTS.page(item.key).url, rows))
    return groups


def _year_subtotals(projects: list[Project], base_total: Decimal) -> list[SubtotalView]:
    years = group_by(projects, lambda p: p.year_dir)
    return [
        subtotal_view(subtotal(y, f"{y} 年度", ps), urls.YEARS.page(y).url, base_total)
        for y, ps in sorted(years.items(), reverse=True)
    ]


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
                urls.project_page(project).url if project else None,
                revision.kind,
                revision.summary,
                shown_note(revision, history.public_subjects),
                revision.changes,
            )
        )
    return recent


@dataclass(frozen=True, slots=True)
class _GroupKind:
    """What sets the pages of one way of grouping apart: their addresses and what they show.

    A year's page charts its departments; the other groups chart their years and list their
    yearly subtotals. A department's page does not repeat its own name on every row, and alone
    shows what each year added, continued and ended, and its self-evaluations in figures.
    """

    word: str  # shown on the page: 主管部门：…
    key: str  # the home and index templates' name for the groups
    index_title: str
    pages: urls.GroupPages
    groups_of: Callable[[Breakdowns], list[tuple[Subtotal, list[Project]]]]
    charts_departments: bool = False
    department_column: bool = True
    department_details: bool = False


_BY_YEAR = _GroupKind(
    "年度", "years", "按年度", urls.YEARS, lambda parts: parts.by_year, charts_departments=True
)
_BY_DEPARTMENT = _GroupKind(
    "主管部门",
    "departments",
    "按主管部门",
    urls.DEPARTMENTS,
    lambda parts: parts.by_department,
    department_column=False,
    department_details=True,
)
_BY_TYPE = _GroupKind("项目类别", "types", "按项目类别", urls.TYPES, lambda parts: parts.by_type)
_GROUP_KINDS = (_BY_YEAR, _BY_DEPARTMENT, _BY_TYPE)


@dataclass(frozen=True, slots=True)
class _Site:
    """What every step of `render_site` reads: computed once, before the first page."""

    corpus: Corpus
    env: Environment
    history: History
    years: Years
    documents: frozenset[str]
    page_size: int
    parts: Breakdowns
    # The year and department pages there will be: links elsewhere go only to these.
    group_urls: frozenset[str]
    # Years and departments known only from self-evaluations (evaluation_only.py), which get a
    # page of their own, and the projects known only from a 自评表 under each group's URL.
    evaluation_only_groups: list[EvaluationOnlyGroup]
    evaluation_only_rows: dict[str, list[EvaluationOnlyRow]]
    # Each department's self-evaluations in figures, and those that answer no declaration.
    evaluation_figures: dict[str, EvaluationGroupRow]
    evaluation_only: dict[str, list[EvaluationRankRow]]
    total: SubtotalView
    updated: str | None
    # Page sources of the last build, signed (page_cache.py): a project page whose inputs are
    # unchanged is taken from it instead of rendered. None: render every page.
    reuse: PageCache | None = None
    # Each project's share of the data downloads, by project id: made with its page.
    exports: dict[str, export_parts.ProjectExport] = field(default_factory=dict)

    # Each project's row of the project tables: it is in four tables (all projects, its year,
    # department and type), and made once.
    summaries: dict[str, ProjectSummary] = field(default_factory=dict)

    @property
    def grand(self) -> Decimal:
        return self.parts.grand.annual_total

    def summary_of(self, project: Project) -> ProjectSummary:
        row = self.summaries.get(project.id)
        if row is None:
            row = self.summaries[project.id] = summary(project)
        return row

    def groups(self, kind: _GroupKind) -> list[tuple[Subtotal, list[Project]]]:
        return kind.groups_of(self.parts)


def _prepare(
    corpus: Corpus,
    page_size: int,
    history: History,
    documents: frozenset[str],
    reuse: PageCache | None = None,
) -> _Site:
    parts = breakdowns(corpus)
    declared_urls = frozenset(
        [_BY_DEPARTMENT.pages.page(item.key).url for item, _ in parts.by_department]
        + [_BY_YEAR.pages.page(item.key).url for item, _ in parts.by_year]
    )
    undeclared = evaluation_only_groups(corpus.evaluations, declared_urls)
    group_urls = declared_urls | {group.address.url for group in undeclared}
    by_department: dict[str, list[EvaluatedProject]] = {}
    for each in corpus.evaluations:
        by_department.setdefault(urls.department_of(each).url, []).append(each)
    return _Site(
        corpus=corpus,
        env=page_environment(),
        history=history,
        years=build_years(corpus),
        documents=documents,
        page_size=page_size,
        parts=parts,
        group_urls=group_urls,
        evaluation_only_groups=undeclared,
        evaluation_only_rows=rows_by_group(evaluation_only(corpus.evaluations)),
        evaluation_figures={
            url: group_row(
                items[0].evaluation.department, url if url in group_urls else None, items
            )
            for url, items in by_department.items()
        },
        evaluation_only={
            url: [r for r in rank_rows(items) if not r.has_declaration]
            for url, items in by_department.items()
        },
        total=subtotal_view(parts.grand, urls.PROJECTS.url, parts.grand.annual_total),
        updated=last_updated(corpus.projects, history),
        reuse=reuse,
    )


def render_site(
    corpus: Corpus,
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
    history: History | None = None,
    documents: frozenset[str] = frozenset(),
    reuse: PageCache | None = None,
    defer_downloads: bool = False,
    downloads_elsewhere: bool = False,
) -> SiteSources:
    """The site's sources; project tables have `page_size` rows a page (the plugin's option).

    With `defer_downloads`, the whole site's data files are not in `files` but made by
    `later()` (`mkdocs serve` shows the pages first and writes them after). With
    `downloads_elsewhere`, they are not made here at all: a build makes them in its background
    process (`download_files`, background.py).

    `documents` are the 来源 files that the site publishes under documents/ (see documents.py).
    The steps run in a fixed order: MkDocs takes the pages, and sitemap.xml lists them, in the
    order they are added here. With `reuse`, a project page and its JSON whose inputs are those
    of the last build are taken from it, byte for byte what rendering them would give.
    """
    site = _prepare(corpus, page_size, history or History(), documents, reuse)
    out = SiteSources()
    if defer_downloads:
        out.later = partial(_download_files, site)
    _project_pages(site, out)
    _evaluation_only_pages(site, out)
    for kind in _GROUP_KINDS:
        _group_pages(site, kind, out)
    _evaluation_only_group_pages(site, out)
    _overview_pages(site, out)
    _project_table_pages(site, out)
    _group_index_pages(site, out)
    _about_pages(site, out)
    if not defer_downloads and not downloads_elsewhere:
        out.files.update(_download_files(site))
    return out


def _project_pages(site: _Site, out: SiteSources) -> None:
    """A page per declaration, with its JSON, its YAML source and its 自评表 beside it."""
    evaluations = {evaluated.id: evaluated for evaluated in site.corpus.evaluations}
    render = partial(
        _project_page, site.env, history=site.history, years=site.years, documents=site.documents
    )
    for project in site.corpus.projects:
        evaluated = evaluations.get(project.id)
        docs_path = urls.project_page(project).docs_path
        out.pages[docs_path] = _reused(
            site.reuse,
            f"page:{docs_path}",
            partial(_project_page_inputs, site, project, evaluated),
            partial(render, project=project, evaluated=evaluated),
        )
        share = _project_export(site, project)
        out.files[urls.project_file(project, ".json")] = export_parts.project_json(share).encode()
        out.files[urls.project_file(project, ".yaml")] = project.source_text.encode()
        if evaluated is not None:
            out.files[urls.project_file(project, ".zipin.yaml")] = evaluated.source_text.encode()


def _reused(
    cache: PageCache | None,
    name: str,
    inputs: Callable[[], tuple[object, ...]],
    make: Callable[[], str],
) -> str:
    """`make()`, or the text it gave in the last build for the same `name` and `inputs()`.

    The key also holds the fingerprint of jixiao's code, templates, configuration and versions
    (page_cache.site_fingerprint), so `inputs` need only name what comes from the content.
    Under `mkdocs serve` the inputs are compared with the last rebuild's as they are (mostly
    the same objects), before any key is hashed (page_cache.Memory)."""
    if cache is None:
        return make()
    known = inputs()
    text = cache.recall(name, known)
    if text is not None:
        return text
    key = cache.key(name, repr(known))
    text = cache.get(key)
    if text is None:
        text = make()
        cache.put(key, text)
    cache.remember(name, known, key)
    return text


def _project_export(site: _Site, project: Project) -> export_parts.ProjectExport:
    return _share(project, site.reuse, site.exports)


def _share(
    project: Project, reuse: PageCache | None, exports: dict[str, export_parts.ProjectExport]
) -> export_parts.ProjectExport:
    """The project's share of the downloads: made once a build (`exports`), reused from the
    last build while its file is unchanged (its records depend on nothing else)."""
    share = exports.get(project.id)
    if share is None:
        made = _reused(
            reuse,
            f"export:{project.source_path}",
            partial(tuple, [project.source_text]),
            lambda: export_parts.project_export(project).to_text(),
        )
        found = (
            export_parts.ProjectExport.from_text(made)
            if reuse is None
            else reuse.derived(made, export_parts.ProjectExport.from_text)
        )
        share = found or export_parts.project_export(project)
        exports[project.id] = share
        # Counted when the share was made from this very file (its text is the share's key).
        project.declaration.adopt_measurable_count(share.measurable_count)
    return share


def _project_page_inputs(
    site: _Site, project: Project, evaluated: EvaluatedProject | None
) -> tuple[object, ...]:
    """Everything `_project_page` shows: the declaration's file and what other files add to
    its page (its years under the same 项目编码, its revisions, its 自评表)."""
    lineage = site.years.lineage_of(project)
    revisions = site.history.by_source.get(project.source_path, [])
    public = site.history.public_subjects
    return (
        project.source_path,
        project.source_text,
        _source_href(project, site.documents),
        None if lineage is None else repr(lineage_view(lineage, project)),
        tuple((repr(revision), shown_note(revision, public)) for revision in revisions),
        site.history.available,
        site.history.incomplete,
        None
        if evaluated is None
        # The analysis follows from the two files' texts (both here) and the code (in the
        # cache's fingerprint): its repr, slow with pydantic, would add nothing to the key.
        else (evaluated.source_path, evaluated.source_text, evaluated.declaration is None),
    )


def _evaluation_only_pages(site: _Site, out: SiteSources) -> None:
    """A self-evaluation that answers no declaration: its own page where the project's would be."""
    for evaluated in evaluation_only(site.corpus.evaluations):
        out.pages[urls.evaluation_page(evaluated).docs_path] = _evaluation_page(
            site.env, evaluated, site.group_urls
        )
        out.files[urls.evaluation_file(evaluated, ".zipin.yaml")] = evaluated.source_text.encode()


def _table(
    site: _Site, url: str, projects: list[Project], pager: Pager | None, kind: _GroupKind | None
) -> Markup:
    rows = [site.summary_of(p) for p in projects]
    caption = "项目" if pager is None else f"项目：{pager.range_text}"
    department_column = kind is None or kind.department_column
    render = partial(
        site.env.get_template("_project_table.html.j2").render,
        page_url=url,
        rows=rows,
        pager=pager,
        caption=caption,
        department_column=department_column,
    )
    # A table is reused while its rows are: a saved edit that changes no row (a goal, an
    # indicator's wording) renders none of the 10,000-row tables again.
    inputs = partial(tuple, [pager, caption, department_column, tuple(rows)])
    # Already escaped by its own template: Markup keeps autoescape from escaping it twice.
    return Markup(_reused(site.reuse, f"table:{url}", inputs, render))


def _paginated(
    site: _Site, first: urls.Address, projects: list[Project], kind: _GroupKind | None = None
) -> list[tuple[urls.Address, Pager | None, Markup]]:
    """(address, pager, table) for each page of a project table; rows keep their order."""
    size = site.page_size
    pages: list[Pager | None] = list(pagers(first.url, len(projects), size)) or [None]
    result: list[tuple[urls.Address, Pager | None, Markup]] = []
    for index, pager in enumerate(pages):
        address = urls.table_page(first, index + 1)
        chunk = projects[index * size : (index + 1) * size] if pager else projects
        result.append((address, pager, _table(site, address.url, chunk, pager, kind)))
    return result


def _group_chart(
    kind: _GroupKind, item: Subtotal, projects: list[Project], first_url: str
) -> Markup | None:
    """A year's page charts its departments; other groups chart their years.

    Each bar links to the page of its department or year."""
    if kind.charts_departments:
        by_department = group_by(projects, lambda p: p.declaration.department)
        bars = [
            Bar(
                name,
                subtotal(name, name, ps).annual_total,
                relative(first_url, urls.department_of(ps[0]).url),
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
                relative(first_url, urls.YEARS.page(year).url),
            )
            for year, ps in sorted(by_year.items())
        ]
        title = f"{item.label}各年度年度资金申请总额"
    return bar_chart(title, bars, total=item.annual_total)


def _group_pages(site: _Site, kind: _GroupKind, out: SiteSources) -> None:
    """The pages of every group of one kind: totals, charts and the group's project table."""
    for item, projects in site.groups(kind):
        first = kind.pages.page(item.key)
        total = subtotal_view(item, first.url, site.grand)
        by_year = [] if kind.charts_departments else _year_subtotals(projects, item.annual_total)
        figure = _group_chart(kind, item, projects, first.url)
        # Several years: what each year added, continued and ended, linked by 项目编码.
        department_years = site.years.department_years(item.key) if kind.department_details else ()
        turnover = department_years if len(department_years) > 1 else ()
        updated = last_updated(projects, site.history)
        for address, pager, rows in _paginated(site, first, projects, kind):
            out.pages[address.docs_path] = site.env.get_template("group.md.j2").render(
                page_url=address.url,
                first_url=first.url,
                first_page=pager is None or pager.number == 1,
                kind=kind.word,
                title=item.label,
                heading=_heading(item.label, pager),
                total=total,
                by_year=by_year,
                chart=figure,
                chart_of_departments=kind.charts_departments,
                turnover=turnover,
                table=rows,
                updated=updated,
                evaluation_figures=site.evaluation_figures.get(first.url)
                if kind.department_details
                else None,
                evaluation_only=site.evaluation_only.get(first.url, [])
                if kind.department_details
                else [],
                # A year's page lists the projects of the year known only from a 自评表.
                evaluation_only_rows=site.evaluation_only_rows.get(first.url, [])
                if kind.charts_departments
                else [],
                department_column=True,
            )


def _evaluation_only_group_pages(site: _Site, out: SiteSources) -> None:
    """A year or department known only from self-evaluations: a page listing them, so that
    the links to it from their pages and the 自评结果 page resolve (evaluation_only.py)."""
    for group in site.evaluation_only_groups:
        url = group.address.url
        out.pages[group.address.docs_path] = site.env.get_template("evaluation_group.md.j2").render(
            page_url=url,
            group=group,
            evaluation_figures=site.evaluation_figures.get(url),
            evaluation_only_rows=site.evaluation_only_rows.get(url, []),
            department_column=group.word == "年度",
        )


def _subtotal_views(site: _Site, kind: _GroupKind) -> list[SubtotalView]:
    return [
        subtotal_view(item, kind.pages.page(item.key).url, site.grand)
        for item, _ in site.groups(kind)
    ]


def _overview_chart(
    title: str, site: _Site, kind: _GroupKind, *, largest_first: bool = True
) -> Markup:
    # Largest first: a chart cut at MAX_BARS shows the biggest, whatever the table order.
    bars = [
        Bar(item.label, item.annual_total, kind.pages.page(item.key).url)
        for item, _ in site.groups(kind)
    ]
    if largest_first:
        bars.sort(key=lambda bar: (-bar.value, bar.label))
    return bar_chart(title, bars, total=site.grand)


def _overview_pages(site: _Site, out: SiteSources) -> None:
    """The home page, and the pages that look at every project at once."""
    corpus, env = site.corpus, site.env
    out.pages[urls.HOME.docs_path] = env.get_template("home.md.j2").render(
        page_url=urls.HOME.url,
        updated=site.updated,
        grand=site.total,
        charts={
            "years": _overview_chart("各年度年度资金申请总额", site, _BY_YEAR, largest_first=False),
            "departments": _overview_chart("各主管部门年度资金申请总额", site, _BY_DEPARTMENT),
            "types": _overview_chart("各项目类别年度资金申请总额", site, _BY_TYPE),
        },
        **{kind.key: _subtotal_views(site, kind) for kind in _GROUP_KINDS},
    )
    out.pages[urls.QUALITY.docs_path] = env.get_template("quality.md.j2").render(
        page_url=urls.QUALITY.url,
        rows=[
            quality_row(item.label, urls.DEPARTMENTS.page(item.key).url, projects)
            for item, projects in site.parts.by_department
        ],
        overall=quality_row("合计", urls.QUALITY.url, corpus.projects),
        updated=site.updated,
    )
    out.pages[urls.DISCREPANCIES.docs_path] = env.get_template("discrepancies.md.j2").render(
        page_url=urls.DISCREPANCIES.url,
        groups=(flagged := discrepancy_groups(site.parts.by_department)),
        project_count=sum(len(group.rows) for group in flagged),
    )
    out.pages[urls.EVALUATIONS.docs_path] = _evaluations_page(site)
    out.pages[urls.EXPLORER.docs_path] = env.get_template("explorer.md.j2").render(
        page_url=urls.EXPLORER.url, total=site.total
    )


def _evaluations_page(site: _Site) -> str:
    """Every self-evaluation ranked, and the departments by their average score."""
    ranked_departments = sorted(
        site.evaluation_figures.values(), key=lambda row: (-row.average_sort, row.label)
    )
    page_url = urls.EVALUATIONS.url
    chart = bar_chart(
        "各主管部门平均自评得分",
        [
            Bar(
                row.label,
                row.average_sort,
                relative(page_url, row.url) if row.url is not None else None,
            )
            for row in ranked_departments
            if row.average_score is not None
        ],
        shown_as=lambda value: str(value.quantize(Decimal("0.01"))),
        value_unit="分",
        value_heading="平均自评得分",
    )
    overall = group_row("合计", page_url, site.corpus.evaluations)
    projects = [
        row if row.department_url in site.group_urls else replace(row, department_url=None)
        for row in rank_rows(site.corpus.evaluations)
    ]
    render = partial(
        site.env.get_template("evaluations.md.j2").render,
        page_url=page_url,
        overall=overall,
        departments=ranked_departments,
        projects=projects,
        chart=chart if any(row.average_score is not None for row in ranked_departments) else None,
    )
    # Its 10,000 rows are rendered again only when one of them changed (the chart follows the
    # departments' rows).
    inputs = partial(tuple, [overall, tuple(ranked_departments), tuple(projects)])
    return _reused(site.reuse, f"page:{urls.EVALUATIONS.docs_path}", inputs, render)


def _project_table_pages(site: _Site, out: SiteSources) -> None:
    """The table of every project, over as many pages as it takes."""
    for address, pager, rows in _paginated(site, urls.PROJECTS, site.corpus.projects):
        out.pages[address.docs_path] = site.env.get_template("projects.md.j2").render(
            page_url=address.url,
            first_url=urls.PROJECTS.url,
            first_page=pager is None or pager.number == 1,
            heading=_heading("全部项目", pager),
            total=site.total,
            table=rows,
            updated=site.updated,
        )


def _group_index_pages(site: _Site, out: SiteSources) -> None:
    """按年度, 按主管部门, 按项目类别: each group of a kind with its subtotal."""
    for kind in _GROUP_KINDS:
        out.pages[kind.pages.index.docs_path] = site.env.get_template("group_index.md.j2").render(
            page_url=kind.pages.index.url,
            kind=kind.word,
            title=kind.index_title,
            groups=_subtotal_views(site, kind),
            total=site.total,
            updated=site.updated,
            evaluation_only_groups=[
                group for group in site.evaluation_only_groups if group.word == kind.word
            ],
        )


def _about_pages(site: _Site, out: SiteSources) -> None:
    """The pages about the site and its data: downloads, about, recent changes."""
    env, history = site.env, site.history
    out.pages[urls.DOWNLOADS.docs_path] = env.get_template("downloads.md.j2").render(
        page_url=urls.DOWNLOADS.url, count=len(site.corpus.projects)
    )
    out.pages[urls.ABOUT.docs_path] = env.get_template("about.md.j2").render(
        page_url=urls.ABOUT.url
    )
    recent = _recent_changes(site.corpus, history)
    out.pages[urls.CHANGES.docs_path] = env.get_template("changes.md.j2").render(
        page_url=urls.CHANGES.url,
        recent=recent,
        any_note=any(item.note for item in recent),
        history_available=history.available,
        history_incomplete=history.incomplete,
    )


def deferred_downloads(
    corpus: Corpus, kept: KeptRows | None = None
) -> dict[str, Callable[[], bytes]]:
    """The workbook, made in a second process while the pages render (background.py);
    `kept`: its rows of the last build (workbook_cache.kept_rows). A build makes the rest of
    the downloads there too (`download_files`), `mkdocs serve` after the pages.

    They depend on the corpus alone, so the plugin can fork their process before rendering:
    a child forked after `render_site` would carry every rendered source in its memory too.
    """
    return {urls.data_file("projects.xlsx"): partial(projects_xlsx, corpus, kept)}


def _download_files(site: _Site) -> Iterator[tuple[str, bytes]]:
    return download_files(site.corpus, site.reuse, site.exports)


def download_files(
    corpus: Corpus,
    reuse: PageCache | None = None,
    exports: dict[str, export_parts.ProjectExport] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """The whole site's data under data/ and the schema under schema/ (see 数据下载), one file
    at a time (`mkdocs serve` may stop between two). `reuse`: the page sources' cache, which
    keeps each project's share of them; `exports`: the shares this build has made so far."""
    data = urls.data_file
    exports = {} if exports is None else exports
    # The shares first: they carry each declaration's count of 可量化 targets (the explorer's
    # and the group pages'), which is not counted again where a share is reused.
    shares = [_share(project, reuse, exports) for project in corpus.projects]
    yield data("explorer.json"), explorer_json(corpus).encode()
    yield data("search-names.json"), known_name_tokens(corpus).encode()
    yield data("datapackage.json"), datapackage_json().encode()
    yield data("projects.json"), export_parts.projects_json(shares).encode()
    yield data("projects.csv"), export_parts.projects_csv(shares)
    yield data("indicators.csv"), export_parts.indicators_csv(shares)
    yield data("indicators.json"), export_parts.indicators_json(shares).encode()
    yield data("evaluations.json"), export_evaluations.evaluations_json(corpus).encode()
    yield data("evaluations.csv"), export_evaluations.evaluations_csv(corpus)
    yield (
        data("evaluation_indicators.csv"),
        export_evaluations.evaluation_indicators_csv(corpus),
    )
    for name, text in schema_files().items():
        yield urls.schema_file(name), text.encode()
