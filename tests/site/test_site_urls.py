"""The URL scheme (generator/site/urls.py) against what MkDocs really builds, and the settings
the plugin refuses.

- Every generated page's docs path is served by MkDocs at the URL its page type names, and
  each page type's address is a page of the built site.
- Links are MkDocs' own relative links.
- `use_directory_urls: false` and a `page_size` below 1 are refused with a Chinese message,
  and the previous site stays in place.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from mkdocs.structure.files import File

from generator.core.diagnostics import JixiaoUserError
from generator.core.project import Corpus
from generator.load.corpus import load_corpus
from generator.review.history import History
from generator.site import urls
from generator.site.aggregate import measurable_count
from generator.site.links import relative
from generator.site.render import render_site
from generator.site.views import indicator_rows
from generator.site.writer import build_site
from tests.conftest import CONTENT, MKDOCS_YML, REPO, mkdocs_yml_with

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    loaded = load_corpus(CONTENT)
    assert loaded.ok
    return loaded


def mkdocs_url(docs_path: str) -> str:
    """The URL MkDocs gives the page built from `docs_path` (use_directory_urls: true); the
    home page, `./` to MkDocs, is "" in the URL scheme."""
    url = File(docs_path, "/docs", "/site", use_directory_urls=True).url
    return "" if url == "./" else url


def test_every_generated_page_is_served_where_its_page_type_says(corpus: Corpus) -> None:
    pages = render_site(corpus, history=History()).pages
    addresses = [
        urls.HOME,
        urls.PROJECTS,
        urls.EXPLORER,
        urls.QUALITY,
        urls.DISCREPANCIES,
        urls.EVALUATIONS,
        urls.DOWNLOADS,
        urls.ABOUT,
        urls.CHANGES,
        urls.YEARS.index,
        urls.DEPARTMENTS.index,
        urls.TYPES.index,
        *(urls.project_page(p) for p in corpus.projects),
        *(urls.year_of(p) for p in corpus.projects),
        *(urls.department_of(p) for p in corpus.projects),
    ]
    for address in addresses:
        assert address.docs_path in pages, address
        assert mkdocs_url(address.docs_path) == address.url, address
    # And no page is written where MkDocs would serve it at an address nobody links to.
    for docs_path in pages:
        url = mkdocs_url(docs_path)
        assert url.endswith("/") or url == "", docs_path


def test_a_table_continues_below_its_first_page() -> None:
    second = urls.table_page(urls.PROJECTS, 2)
    assert second == urls.Address("projects/2/", "projects/2/index.md")
    assert mkdocs_url(second.docs_path) == second.url
    assert urls.table_page(urls.PROJECTS, 1) is urls.PROJECTS
    department = urls.DEPARTMENTS.page("x")
    assert urls.table_page(department, 3).url == "departments/x/3/"


def test_each_address_is_a_page_of_the_built_site(seed_site: Path, corpus: Corpus) -> None:
    for address in (
        urls.HOME,
        urls.PROJECTS,
        urls.EXPLORER,
        urls.DOWNLOADS,
        urls.TYPES.index,
        *(urls.project_page(p) for p in corpus.projects),
        *(urls.department_of(p) for p in corpus.projects),
    ):
        assert (seed_site / address.url / "index.html").is_file(), address
    for name in ("projects.csv", "explorer.json", "datapackage.json"):
        assert (seed_site / urls.data_file(name)).is_file(), name
    project = corpus.projects[0]
    assert (seed_site / urls.project_file(project, ".yaml")).read_bytes() == (
        project.source_text.encode()
    )


@pytest.mark.parametrize(
    ("from_url", "to_url", "link"),
    [
        ("", "", "./"),
        ("projects/", "projects/", "./"),
        ("", "projects/", "projects/"),
        ("projects/2/", "projects/", "../"),
        ("explorer/", "", ".."),
        ("downloads/", "data/projects.csv", "../data/projects.csv"),
        ("2024/bumen/xiangmu/", "departments/bumen/", "../../../departments/bumen/"),
        ("2024/bumen/xiangmu/", "2024/", "../../"),
    ],
)
def test_links_are_mkdocs_relative_links(from_url: str, to_url: str, link: str) -> None:
    assert relative(from_url, to_url) == link


def test_the_measurable_count_is_the_rows_marked_measurable(corpus: Corpus) -> None:
    for project in corpus.projects:
        marked = sum(1 for row in indicator_rows(project) if row.measurable)
        assert measurable_count(project.declaration) == marked > 0


def _config(folder: Path, **top: object) -> Path:
    """The shipped mkdocs.yml (inherited) with top-level settings changed."""
    shipped = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    config = {
        "INHERIT": str(MKDOCS_YML),
        "theme": {"custom_dir": str(REPO / shipped["theme"]["custom_dir"])},
        "hooks": [str(REPO / hook) for hook in shipped["hooks"]],
        **top,
    }
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def test_file_urls_are_refused_in_chinese(tmp_path: Path, corpus: Corpus) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("旧网站", encoding="utf-8")
    config = _config(tmp_path, use_directory_urls=False)
    with pytest.raises(JixiaoUserError, match="use_directory_urls: true") as raised:
        build_site(corpus, config_file=config, site_dir=site)
    assert "use_directory_urls: false" in str(raised.value)
    assert [p.name for p in site.iterdir()] == ["old.html"]


@pytest.mark.parametrize("size", [0, -5])
def test_a_page_size_below_one_is_refused(tmp_path: Path, corpus: Corpus, size: int) -> None:
    config = mkdocs_yml_with(tmp_path, page_size=size)
    with pytest.raises(JixiaoUserError, match=f"page_size 为 {size}，应为正整数"):
        build_site(corpus, config_file=config, site_dir=tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_the_page_size_option_splits_the_tables(tmp_path: Path, corpus: Corpus) -> None:
    """The shipped content has 3 projects: 2 a page makes a second page of every table of 3."""
    config = mkdocs_yml_with(tmp_path, page_size=2)
    build_site(corpus, config_file=config, site_dir=tmp_path / "site")
    second = urls.table_page(urls.PROJECTS, 2)
    assert (tmp_path / "site" / second.url / "index.html").is_file()
    assert not (tmp_path / "site" / urls.table_page(urls.PROJECTS, 3).url).exists()


def test_the_nav_names_the_pages_of_the_url_scheme() -> None:
    """mkdocs.yml's nav spells each page by its docs path: the scheme's, entry by entry."""
    nav = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))["nav"]
    assert [next(iter(entry.values())) for entry in nav] == [
        address.docs_path
        for address in (
            urls.HOME,
            urls.PROJECTS,
            urls.EXPLORER,
            urls.DEPARTMENTS.index,
            urls.TYPES.index,
            urls.YEARS.index,
            urls.QUALITY,
            urls.EVALUATIONS,
            urls.CHANGES,
            urls.DOWNLOADS,
            urls.ABOUT,
        )
    ]
