"""A build after an edit reuses the unchanged pages and gives the same site as a full build."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

import pytest

from generator.load.corpus import load_corpus
from generator.site.writer import build_site
from tests.conftest import MKDOCS_YML

pytestmark = pytest.mark.build

EDITED = "2024/baoshan-zonggonghui/gonghui-gongzuozhe-jingfei.yaml"


def _build(content: Path, site: Path, cache: Path | None) -> None:
    corpus = load_corpus(content)
    assert corpus.ok, "\n".join(d.format() for d in corpus.diagnostics)
    build_site(corpus, config_file=MKDOCS_YML, site_dir=site, cache_dir=cache)


def _differences(left: Path, right: Path) -> list[str]:
    """Files missing on one side or different in content, as paths relative to the sites."""
    found: list[str] = []

    def walk(compare: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + name for name in compare.left_only + compare.right_only)
        found.extend(prefix + name for name in compare.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(
            compare.left, compare.right, compare.common_files, shallow=False
        )
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in compare.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found


def _cached_pages(cache: Path) -> dict[str, float]:
    return {p.name: p.stat().st_mtime_ns for p in cache.glob("site/*/pages/*.html")}


def test_edit_then_build_equals_full_build(content_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    site = tmp_path / "site"
    _build(content_copy, site, cache)
    first = _cached_pages(cache)
    assert len(first) >= 14  # every generated page is kept

    source = content_copy / EDITED
    text = source.read_text(encoding="utf-8")
    edited = text.replace("项目名称: 工会工作者经费", "项目名称: 工会工作者经费（调整）")
    assert edited != text
    source.write_text(edited, encoding="utf-8")
    _build(content_copy, site, cache)
    second = _cached_pages(cache)

    # Pages whose source did not change were taken from the cache, not rendered and stored again.
    kept = {name for name in first if name in second and first[name] == second[name]}
    assert len(kept) >= 5
    # The changed project page and the pages that list it were rendered again.
    assert len(set(second) - set(first)) >= 3
    # The previous version of a changed page is no longer kept.
    assert len(second) == len(first)

    fresh = tmp_path / "fresh"
    _build(content_copy, fresh, None)
    assert _differences(site, fresh) == []
    assert "工会工作者经费（调整）" in (
        site / "2024/baoshan-zonggonghui/gonghui-gongzuozhe-jingfei/index.html"
    ).read_text(encoding="utf-8")


def test_damaged_cache_is_rendered_again(content_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    site = tmp_path / "site"
    _build(content_copy, site, cache)
    pages = sorted(cache.glob("site/*/pages/*.html"))
    # One entry altered by hand, one replaced by a symlink to another file: neither is used.
    altered = pages[0].read_bytes().replace(b"</body>", b"<script>x()</script></body>")
    pages[0].write_bytes(altered)
    outside = tmp_path / "outside.html"
    outside.write_bytes(pages[2].read_bytes())
    pages[1].unlink()
    os.symlink(outside, pages[1])

    again = tmp_path / "again"
    _build(content_copy, again, cache)
    assert _differences(site, again) == []
    assert b"<script>x()</script>" not in pages[0].read_bytes()
    assert not pages[1].is_symlink()


def test_configuration_change_renders_every_page(content_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _build(content_copy, tmp_path / "site", cache)
    before = set(_cached_pages(cache))
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        MKDOCS_YML.read_text(encoding="utf-8").replace(
            "site_name: 财政项目支出绩效目标公开", "site_name: 另一个站名"
        ),
        encoding="utf-8",
    )
    # The theme folder is named relative to the configuration file: keep it the repository's.
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("custom_dir: theme", f"custom_dir: {MKDOCS_YML.parent / 'theme'}"),
        encoding="utf-8",
    )
    text = config.read_text(encoding="utf-8")
    for hook in ("compact_html.py", "csp_meta.py"):  # the hooks, named relative to it too
        text = text.replace(f"  - theme/{hook}", f"  - {MKDOCS_YML.parent / 'theme' / hook}")
    config.write_text(text, encoding="utf-8")
    corpus = load_corpus(content_copy)
    build_site(corpus, config_file=config, site_dir=tmp_path / "other", cache_dir=cache)
    after = set(_cached_pages(cache))
    assert before.isdisjoint(after)
    page = tmp_path / "other/2024/baoshan-zonggonghui/gonghui-gongzuozhe-jingfei/index.html"
    assert "另一个站名" in page.read_text(encoding="utf-8")
