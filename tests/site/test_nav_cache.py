"""Material's navigation is rendered once for all project pages whose links come out the same
(page_meta.ThemeGlobals.nav_key), its `block config` once for all pages at the same depth
(config_key), and the site is byte for byte what Material renders for every page on its own."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from markupsafe import Markup

from generator.load.corpus import load_corpus
from generator.site.page_meta import ThemeGlobals
from generator.site.writer import build_site
from tests.conftest import MKDOCS_YML
from tests.site.test_incremental_build import _differences
from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path

pytestmark = pytest.mark.build


def test_shared_renderings_give_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    synth.generate(content, 40, years=(2024, 2025), layouts="mixed", evaluations=0.3)
    corpus = load_corpus(content)
    assert corpus.ok
    projects = len(corpus.projects)

    rendered: list[tuple[object, ...]] = []
    remember = ThemeGlobals.remember

    def counted(self: ThemeGlobals, key: tuple[object, ...], markup: Markup) -> Markup:
        rendered.append(key)
        return remember(self, key, markup)

    monkeypatch.setattr(ThemeGlobals, "remember", counted)
    build_site(
        corpus, config_file=MKDOCS_YML, site_dir=tmp_path / "shared", cache_dir=tmp_path / "c1"
    )
    navigations = [key for key in rendered if key[0] == "nav"]
    configs = [key for key in rendered if key[0] == "config"]
    assert len(rendered) == len(set(rendered)) == len(navigations) + len(configs)
    # Every project page is at <year>/<department>/<project>/: one rendering serves them all.
    assert len(navigations) == 1 and projects > 30
    # One per depth of the site's pages (home, nav pages, their pages, project pages).
    assert 2 <= len(configs) <= 5, configs

    monkeypatch.setattr(ThemeGlobals, "nav_key", lambda self, page, nav, config: None)
    monkeypatch.setattr(ThemeGlobals, "config_key", lambda self, page, base_url: None)
    build_site(
        corpus, config_file=MKDOCS_YML, site_dir=tmp_path / "each", cache_dir=tmp_path / "c2"
    )
    assert _differences(tmp_path / "shared", tmp_path / "each") == []
    page = next((tmp_path / "each").glob("2025/*/*/index.html")).read_text("utf-8")
    assert 'class="md-nav md-nav--primary"' in page and "../../../departments/" in page
