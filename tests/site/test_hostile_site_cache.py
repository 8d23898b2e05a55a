"""A page or search part planted in the site cache never reaches the published site.

The page cache's keys hash public inputs only (the generated source, the path, the code and the
configuration), so anyone can compute them: what makes a cached page trustworthy is the HMAC
under the user's secret cache key, kept outside the repository. These tests plant entries as
an attacker with a pull request would (a folder passed as --cache-dir inside the repository)
and check that the build renders and indexes afresh instead.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from generator.load.corpus import load_corpus
from generator.site import search_index
from generator.site.writer import build_site
from tests.conftest import MKDOCS_YML
from tests.site.test_incremental_build import _differences

pytestmark = pytest.mark.build

PAYLOAD = b"<script>alert('planted')</script>"


def _build(content: Path, site: Path, cache: Path | None) -> None:
    corpus = load_corpus(content)
    assert corpus.ok, "\n".join(d.format() for d in corpus.diagnostics)
    build_site(corpus, config_file=MKDOCS_YML, site_dir=site, cache_dir=cache)


def _published(site: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file())


def test_forged_pages_with_computable_keys_are_not_published(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "repo-cache"
    _build(content_copy, tmp_path / "site", cache)
    pages = sorted(cache.glob("site/*/pages/*.html"))
    assert pages
    # The attacker knows every key (the file names) and writes each page with the payload and
    # a correct plain hash, the integrity check an unkeyed cache would use.
    for page in pages:
        html = page.read_bytes().split(b"\n", 1)[1].replace(b"</body>", PAYLOAD + b"</body>")
        page.write_bytes(hashlib.sha256(html).hexdigest().encode() + b"\n" + html)
    # A new user (another machine, another secret) builds from the repository with the cache.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    site = tmp_path / "again"
    _build(content_copy, site, cache)
    assert PAYLOAD not in _published(site)
    fresh = tmp_path / "fresh"
    _build(content_copy, fresh, None)
    assert _differences(site, fresh) == []


def test_tampered_search_part_is_indexed_again(content_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _build(content_copy, tmp_path / "site", cache)
    parts = [p for p in cache.glob("site/*/search/*") if p.is_dir()]
    assert parts
    script = next(parts[0].rglob("pagefind-ui.js"))
    script.write_bytes(script.read_bytes() + b"\n" + PAYLOAD)
    extra = parts[0] / "planted.js"
    extra.write_bytes(PAYLOAD)
    site = tmp_path / "again"
    _build(content_copy, site, cache)
    assert PAYLOAD not in _published(site)
    assert not (site / "pagefind" / "planted.js").exists()
    fresh = tmp_path / "fresh"
    _build(content_copy, fresh, None)
    assert _differences(site, fresh) == []


def test_a_linked_cache_folder_is_neither_read_nor_written(
    content_copy: Path, tmp_path: Path
) -> None:
    """`pages` as a link would have pages written, and stale files deleted, where it points."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("不能被删除", encoding="utf-8")
    cache = tmp_path / "cache"
    _build(content_copy, tmp_path / "site", cache)
    pages = next(cache.glob("site/*/pages"))
    for entry in pages.iterdir():
        entry.unlink()
    pages.rmdir()
    os.symlink(victim, pages)
    site = tmp_path / "again"
    cwd = Path.cwd()
    os.chdir(tmp_path)  # the link is checked from the working directory down
    try:
        _build(content_copy, site, cache)
    finally:
        os.chdir(cwd)
    assert sorted(p.name for p in victim.iterdir()) == ["keep.txt"]
    assert (site / "index.html").is_file()


def test_parts_are_only_reused_with_a_key() -> None:
    assert "secret" in search_index.build_search_index.__code__.co_varnames


def test_a_write_goes_through_neither_a_planted_link_nor_a_stale_file(tmp_path: Path) -> None:
    """An entry is written beside under `.tmp-<process id>-<key>`: a link or a file left at that
    name (a stopped process with the same id) is replaced, and the link's target is untouched."""
    from generator.site.page_cache import PageCache

    cache = PageCache(tmp_path / "pages", "f" * 64, b"k" * 32)
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me", "utf-8")
    linked, stale = cache.key("a/", "x"), cache.key("b/", "y")
    cache.folder.mkdir()
    (cache.folder / f".tmp-{os.getpid()}-{linked}").symlink_to(target)
    (cache.folder / f".tmp-{os.getpid()}-{stale}").write_bytes(b"half a page")
    cache.put(linked, "<p>one</p>")
    cache.put(stale, "<p>two</p>")
    assert target.read_text("utf-8") == "keep me"
    assert sorted(p.name for p in cache.folder.iterdir()) == sorted(
        [f"{linked}.html", f"{stale}.html"]
    )
    again = PageCache(cache.folder, "f" * 64, b"k" * 32)
    assert again.get(linked) == "<p>one</p>" and again.get(stale) == "<p>two</p>"
