"""The names the generated pages and the theme share, written down once.

A page tells the theme what kind of page it is through one front-matter key (`PAGE_KIND_KEY`,
value a `PageKind`); `theme/main.html` reads it to decide, for instance, that a project page
has no table of contents and goes into the search index, or that the explorer page loads its
data early. The page templates write the key from `FRONT_MATTER` (render.py's globals), and the
theme reads it through the `jixiao` global (`ThemeGlobals`, set by the plugin's on_env), so
that a renamed kind is renamed on both sides or fails loudly, never silently drops a feature.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import ModuleType
from typing import Any

from markupsafe import Markup
from mkdocs.utils import normalize_url

from generator.site import urls as url_scheme
from generator.site.portal import FooterItem

# The front-matter key of every generated page.
PAGE_KIND_KEY = "jixiao_page"


class PageKind(StrEnum):
    HOME = "home"
    PROJECT = "project"  # a declaration's page, or a self-evaluation's without one
    GROUP = "group"  # a year, a department, a project type
    INDEX = "index"  # the other pages of the nav (全部项目, 按年度, 关于 …)
    EXPLORER = "explorer"
    RANKING = "ranking"  # the 自评结果 page: tables a reader sorts (theme/assets/jixiao-sort.js)


# What the page templates (generator/site/templates) see to write their front matter.
FRONT_MATTER: Mapping[str, Any] = {"page_kind_key": PAGE_KIND_KEY, "page_kinds": PageKind}


@dataclass(frozen=True, slots=True)
class ThemeGlobals:
    """`jixiao` in theme/*.html: the page kinds, the footer's items (portal.py) and the URL
    scheme (urls.py) for the theme's links to the site's own pages and files."""

    footer: list[FooterItem] = field(default_factory=list)
    shard: str | None = None  # the label of the shard this site is (jixiao build --shard)
    kinds: type[PageKind] = PageKind
    urls: ModuleType = url_scheme
    # Parts of Material's pages rendered once for every page with the same key (nav_key,
    # config_key; theme/main.html's `once`), for one build: the plugin makes a new
    # ThemeGlobals from every configuration.
    rendered: dict[tuple[object, ...], Markup] = field(default_factory=dict)

    def kind_of(self, page: Any) -> str | None:
        """The kind a page declares in its front matter; None for MkDocs' own (404.html)."""
        meta = getattr(page, "meta", None)
        return meta.get(PAGE_KIND_KEY) if isinstance(meta, Mapping) else None

    def nav_key(self, page: Any, nav: Any, config: Any) -> tuple[object, ...] | None:
        """Everything in Material's partials/nav.html that depends on the page, for a page that
        is not in the navigation: the nav's titles, the links to its pages and to the logo as
        MkDocs' `url` filter writes them from this page, and whether an item is active. Pages
        with the same key get the same markup, so 10,000 project pages share a few renderings
        instead of making 10,000 (a fifth of Material's time per page). None for a page in the
        navigation, whose item Material marks as the current one: it is rendered as usual.
        """
        if page is None or nav is None:
            return None
        logo = config.theme.get("logo")
        links: list[object] = [normalize_url(str(logo), page)] if logo else []
        items = list(nav.items)
        while items:
            item = items.pop()
            if item.active or item == page:
                return None
            url = getattr(item, "url", None)
            links.append((item.title, None if url is None else normalize_url(url, page)))
            items.extend(getattr(item, "children", None) or ())
        return ("nav", *links)

    def config_key(self, page: Any, base_url: str) -> tuple[object, ...] | None:
        """What Material's `block config` takes from the page: `base_url`, and its search
        worker's address under assets/, which MkDocs' `url` filter writes as `base_url` + the
        path for every page outside assets/. The rest (features, translations, version) is the
        build's. None (render it) for a page under assets/ or without an address."""
        url = getattr(page, "url", None)
        if not isinstance(url, str) or url.startswith("assets/"):
            return None
        return ("config", base_url)

    def remember(self, key: tuple[object, ...], markup: Markup) -> Markup:
        self.rendered[key] = markup
        return markup
