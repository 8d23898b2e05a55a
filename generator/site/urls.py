"""The site's one URL scheme: every page type owns both its URL and its Markdown source path.

MkDocs derives a page's URL from the path of its Markdown source under docs_dir (with
`use_directory_urls`, `a/b.md` is served at `a/b/` and `a/index.md` at `a/`), while links,
pagers, charts, the search index and the tests need the URL. Keeping the pair together in one
object per page type, in the spirit of Pelican's `*_URL` / `*_SAVE_AS` settings, means a page
cannot be written at one path and linked at another, and the nav's spelling of a page
(`projects.md` in mkdocs.yml) is written down once, here.

Every URL is a directory URL relative to the site root ("" is the home page); files (downloads)
are plain site paths. `links.relative` turns two of them into the link one page writes to the
other. This module imports nothing from MkDocs, so that `jixiao export` can use it without.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from urllib.parse import quote

from generator.core.project import EvaluatedProject, Project
from generator.core.taxonomy import BLANK_CATEGORY, PROJECT_CATEGORY_SLUGS


@dataclass(frozen=True, slots=True)
class Address:
    """Where one page is read (`url`) and the generated Markdown MkDocs builds it from."""

    url: str
    docs_path: str


def directory(url: str) -> Address:
    """A page kept as `<url>index.md`: the usual place of a page that has no nav entry."""
    return Address(url, f"{url}index.md")


def nav_page(name: str) -> Address:
    """A page of mkdocs.yml's nav, which names it `<name>.md`: served at `<name>/`."""
    return Address(f"{name}/", f"{name}.md")


HOME = Address("", "index.md")
EXPLORER = nav_page("explorer")
QUALITY = nav_page("quality")
DISCREPANCIES = nav_page("discrepancies")
EVALUATIONS = nav_page("evaluations")
DOWNLOADS = nav_page("downloads")
ABOUT = nav_page("about")
CHANGES = nav_page("changes")
# The first page of the table of every project; its further pages follow `table_page`.
PROJECTS = nav_page("projects")


def table_page_url(first_url: str, number: int) -> str:
    """URL of page `number` (from 1) of a long project table whose first page is `first_url`:
    the first page keeps its own address, the others continue below it at `<url>2/`, …"""
    return first_url if number == 1 else f"{first_url}{number}/"


def table_page(first: Address, number: int) -> Address:
    """The address of page `number` of the table whose first page is `first`."""
    return first if number == 1 else directory(table_page_url(first.url, number))


@dataclass(frozen=True, slots=True)
class GroupPages:
    """The pages of one way of grouping projects (by year, department or type): an index page
    listing the groups and one page per group under `prefix`, keyed by the group's slug."""

    prefix: str
    index: Address

    def page(self, key: str) -> Address:
        """The first page of the group keyed `key` (a year, a department slug, a type slug)."""
        return directory(f"{self.prefix}{key}/")


# A year's page is at the top level (`2024/`), as the year folders of content/ are: the URL of
# a project then reads like its path in the repository.
YEARS = GroupPages("", directory("years/"))
DEPARTMENTS = GroupPages("departments/", directory("departments/"))
TYPES = GroupPages("types/", directory("types/"))


def project_page(project: Project) -> Address:
    """A declaration's page: its path under content/ without `.yaml`, so `id` is its URL."""
    return Address(project.url, f"{project.id}.md")


def evaluation_page(evaluated: EvaluatedProject) -> Address:
    """A self-evaluation that answers no declaration, at the address its project would have."""
    return Address(f"{evaluated.id}/", f"{evaluated.id}.md")


def year_of(item: Project | EvaluatedProject) -> Address:
    """The page of the year a project or self-evaluation belongs to."""
    return YEARS.page(item.year_dir)


def department_of(item: Project | EvaluatedProject) -> Address:
    """The page of the department a project or self-evaluation belongs to."""
    return DEPARTMENTS.page(item.department_slug)


# The part of a type page's URL (`types/<slug>/`): ASCII, and stable as new types appear.
KNOWN_TYPE_SLUGS = {**PROJECT_CATEGORY_SLUGS, BLANK_CATEGORY: "weitianxie"}

# The digest that tells apart two unlisted types (whose pinyin may be the same: homophones, or
# names longer than the 40 letters kept) must never be equal for two names, or one type's page
# overwrites the other's and its projects vanish from the type pages. Six hex digits (24 bits)
# collided for two 44-character names found by a short search. The slug is computed from the
# name alone, never from the other types in the corpus: a site built in shards (shard_site.py)
# and every project page must agree on it without seeing the whole corpus. So the digest is
# long instead: 130 bits of SHA-256, written in 26 base-32 letters, where finding any two names
# that collide would take some 2^65 hashes.
TYPE_DIGEST_CHARS = 26


def type_slug(category: str) -> str:
    """A stable ASCII URL part for a project type, also for types nobody listed yet."""
    if category in KNOWN_TYPE_SLUGS:
        return KNOWN_TYPE_SLUGS[category]
    from pypinyin import lazy_pinyin  # only needed for unusual types

    letters = "".join(
        c for c in "".join(lazy_pinyin(category)).lower() if c.isascii() and c.isalnum()
    )
    digest = base64.b32encode(hashlib.sha256(category.encode()).digest()).decode().lower()
    return f"{letters[:40] or 'leibie'}-{digest[:TYPE_DIGEST_CHARS]}"


# --- Files ------------------------------------------------------------------------------------

DATA_FOLDER = "data/"
SCHEMA_FOLDER = "schema/"
# Published source documents (`site/documents.py`): the same name as in the form's 来源.文件.
DOCUMENTS_FOLDER = "documents/"


def data_file(name: str) -> str:
    """A download of the whole site's data (data/projects.csv, …)."""
    return f"{DATA_FOLDER}{name}"


def schema_file(name: str) -> str:
    """A JSON Schema of the content, published for editors that check YAML as it is typed."""
    return f"{SCHEMA_FOLDER}{name}"


def document_file(name: str) -> str:
    """Where a published source document is written in the site (its name as it is)."""
    return f"{DOCUMENTS_FOLDER}{name}"


def document_link(name: str) -> str:
    """The same document as an href: percent-encoded, since a file name may hold any text."""
    return f"{DOCUMENTS_FOLDER}{quote(name)}"


def project_file(project: Project, suffix: str) -> str:
    """A download beside a project's page: `<slug><suffix>`, e.g. its `.yaml` source."""
    return f"{project.url}{project.slug}{suffix}"


def evaluation_file(evaluated: EvaluatedProject, suffix: str) -> str:
    """A download beside the page of a self-evaluation (its own, or its project's)."""
    return f"{evaluated.id}/{evaluated.slug}{suffix}"
