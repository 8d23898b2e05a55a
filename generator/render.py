"""Renders the corpus into the site's source files: Markdown pages and download files.

Pure: returns `{path: text}` and `{path: bytes}`; `writer` and the MkDocs plugin decide where
they go. Every value from YAML passes through Jinja's autoescape; the page bodies are raw HTML
blocks inside Markdown, so that Markdown syntax in a project name (`[x](javascript:…)`, `|`,
`*`) stays text, and the one Markdown heading is escaped with `markdown_heading`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from generator import export
from generator.aggregate import Subtotal, group_by, subtotal
from generator.corpus import Corpus, Project
from generator.schema import schema_files
from generator.views import (
    SubtotalView,
    breakdowns,
    funding_view,
    indicator_rows,
    relative,
    search_terms,
    subtotal_view,
    summary,
    type_slug,
)

# Every ASCII punctuation mark that Python-Markdown can backslash-escape, plus the ones that
# start inline syntax. `<`, `>` and `&` are already entities after HTML escaping.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def markdown_heading(text: str) -> Markup:
    """Text that Markdown shows literally in a `# heading`, HTML-escaped once."""
    escaped = str(escape(" ".join(text.split())))
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", escaped))


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
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


def _project_page(env: Environment, project: Project) -> str:
    decl = project.declaration
    return env.get_template("project.md.j2").render(
        page_url=project.url,
        project=project,
        decl=decl,
        funding=funding_view(project),
        rows=indicator_rows(project),
        type_url=f"types/{type_slug(decl.category)}/",
        department_url=f"departments/{project.department_slug}/",
        year_url=f"{project.year_dir}/",
        slug=project.slug,
        search_terms=search_terms(project),
        measurable=sum(1 for _, _, i in decl.indicator_rows() if i.reading.is_measurable()),
        indicator_count=len(decl.indicator_rows()),
    )


def _year_subtotals(projects: list[Project], base_total: Decimal) -> list[SubtotalView]:
    years = group_by(projects, lambda p: p.year_dir)
    return [
        subtotal_view(subtotal(y, f"{y} 年度", ps), f"{y}/", base_total)
        for y, ps in sorted(years.items(), reverse=True)
    ]


def render_site(corpus: Corpus) -> SiteSources:
    env = _environment()
    out = SiteSources()
    parts = breakdowns(corpus)
    grand = parts.grand.annual_total

    def table(page_url: str, projects: list[Project]) -> Markup:
        # Already escaped by its own template: Markup keeps autoescape from escaping it twice.
        return Markup(
            env.get_template("_project_table.html.j2").render(
                page_url=page_url, rows=[summary(p) for p in projects]
            )
        )

    def group_page(url: str, kind: str, item: Subtotal, projects: list[Project]) -> None:
        out.pages[f"{url}index.md"] = env.get_template("group.md.j2").render(
            page_url=url,
            kind=kind,
            title=item.label,
            total=subtotal_view(item, url, grand),
            by_year=_year_subtotals(projects, item.annual_total) if kind != "年度" else [],
            table=table(url, projects),
        )

    def views(pairs: list[tuple[Subtotal, list[Project]]], prefix: str) -> list[SubtotalView]:
        return [subtotal_view(item, f"{prefix}{item.key}/", grand) for item, _ in pairs]

    for project in corpus.projects:
        page = f"{project.year_dir}/{project.department_slug}/{project.slug}.md"
        out.pages[page] = _project_page(env, project)
        out.files[f"{project.url}{project.slug}.json"] = export.project_json(project).encode()
        out.files[f"{project.url}{project.slug}.yaml"] = project.source_text.encode()
    for item, projects in parts.by_year:
        group_page(f"{item.key}/", "年度", item, projects)
    for item, projects in parts.by_department:
        group_page(f"departments/{item.key}/", "主管部门", item, projects)
    for item, projects in parts.by_type:
        group_page(f"types/{item.key}/", "项目类别", item, projects)

    total = subtotal_view(parts.grand, "projects/", grand)
    groups = {
        "years": views(parts.by_year, ""),
        "departments": views(parts.by_department, "departments/"),
        "types": views(parts.by_type, "types/"),
    }
    out.pages["index.md"] = env.get_template("home.md.j2").render(
        page_url="", grand=total, **groups
    )
    out.pages["projects.md"] = env.get_template("projects.md.j2").render(
        page_url="projects/", total=total, table=table("projects/", corpus.projects)
    )
    for kind, key, title in (
        ("年度", "years", "按年度"),
        ("主管部门", "departments", "按主管部门"),
        ("项目类别", "types", "按项目类别"),
    ):
        out.pages[f"{key}/index.md"] = env.get_template("group_index.md.j2").render(
            page_url=f"{key}/", kind=kind, title=title, groups=groups[key], total=total
        )
    out.pages["downloads.md"] = env.get_template("downloads.md.j2").render(
        page_url="downloads/", count=len(corpus.projects)
    )
    out.pages["about.md"] = env.get_template("about.md.j2").render(page_url="about/")
    out.files["data/projects.json"] = export.projects_json(corpus).encode()
    out.files["data/projects.csv"] = export.projects_csv(corpus)
    out.files["data/indicators.csv"] = export.indicators_csv(corpus)
    out.files["data/indicators.json"] = export.indicators_json(corpus).encode()
    for name, text in schema_files().items():
        out.files[f"schema/{name}"] = text.encode()
    return out
