"""A build links the replaced site's files that hold the bytes it would write, and only those.

The unit tests take PreviousSite.place alone, with hostile old sites (changed bytes, links,
a file in the way); the build tests rebuild the shipped content after an edit and check which
files are the old ones (same inode), that a file tampered with in the old site or reached
through a link is written afresh, and that the result is the site a build without any old site
or cache writes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.site.previous_site import PreviousSite
from tests.site.test_incremental_build import _build, _differences

PAGE = b"<html>\xe9\xa1\xb9\xe7\x9b\xae</html>\n"


@pytest.fixture
def sites(tmp_path: Path) -> tuple[Path, Path]:
    old, staging = tmp_path / "site", tmp_path / ".site-1-x"
    (old / "2024" / "dept" / "p").mkdir(parents=True)
    (old / "2024" / "dept" / "p" / "index.html").write_bytes(PAGE)
    staging.mkdir()
    return old, staging


def _inode(path: Path) -> tuple[int, int]:
    found = os.lstat(path)
    return found.st_ino, found.st_dev


def test_same_bytes_are_linked(sites: tuple[Path, Path]) -> None:
    old, staging = sites
    previous = PreviousSite.of(old, staging)
    assert previous is not None
    assert previous.place("2024/dept/p/index.html", PAGE)
    new = staging / "2024/dept/p/index.html"
    assert _inode(new) == _inode(old / "2024/dept/p/index.html")
    assert new.read_bytes() == PAGE
    assert previous.linked == 1


@pytest.mark.parametrize(
    "data",
    [PAGE.replace(b"html>\n", b"html> \n"), PAGE + b"x", PAGE[:-1], b""],
    ids=["same size, other bytes", "longer", "shorter", "empty"],
)
def test_other_bytes_are_not_linked(sites: tuple[Path, Path], data: bytes) -> None:
    old, staging = sites
    previous = PreviousSite.of(old, staging)
    assert previous is not None
    assert not previous.place("2024/dept/p/index.html", data)
    assert not (staging / "2024").exists()  # nothing made: the caller writes the file
    assert previous.linked == 0


def test_missing_file_or_odd_paths_are_not_linked(sites: tuple[Path, Path]) -> None:
    old, staging = sites
    previous = PreviousSite.of(old, staging)
    assert previous is not None
    (staging.parent / "outside.html").write_bytes(PAGE)
    for relative in (
        "2024/dept/q/index.html",
        "../outside.html",
        "2024/dept/p/../p/index.html",
        "/2024/dept/p/index.html",
        "2024//dept/p/index.html",
        "",
    ):
        assert not previous.place(relative, PAGE), relative
    assert list(staging.iterdir()) == []


def test_a_link_in_the_old_site_is_not_followed(sites: tuple[Path, Path], tmp_path: Path) -> None:
    """A file or a folder of the old site that is a link, even to the very bytes, is written
    afresh: the new site must not share a file with anything outside the old site."""
    old, staging = sites
    outside = tmp_path / "outside"
    (outside / "p").mkdir(parents=True)
    (outside / "p" / "index.html").write_bytes(PAGE)
    (old / "2024" / "linked-folder").symlink_to(outside, target_is_directory=True)
    (old / "2024" / "dept" / "file-link").mkdir()
    (old / "2024" / "dept" / "file-link" / "index.html").symlink_to(outside / "p" / "index.html")
    previous = PreviousSite.of(old, staging)
    assert previous is not None
    assert not previous.place("2024/linked-folder/p/index.html", PAGE)
    assert not previous.place("2024/dept/file-link/index.html", PAGE)
    assert not (staging / "2024").exists()
    # The real file beside them is still linked.
    assert previous.place("2024/dept/p/index.html", PAGE)


def test_a_folder_swapped_for_a_link_during_the_build_is_not_followed(
    sites: tuple[Path, Path], tmp_path: Path
) -> None:
    old, staging = sites
    (old / "2024" / "dept" / "q").mkdir()
    (old / "2024" / "dept" / "q" / "index.html").write_bytes(PAGE)
    previous = PreviousSite.of(old, staging)
    assert previous is not None
    assert previous.place("2024/dept/p/index.html", PAGE)  # the folder was real then
    outside = tmp_path / "outside"
    (old / "2024" / "dept").rename(outside)
    (old / "2024" / "dept").symlink_to(outside, target_is_directory=True)
    assert not previous.place("2024/dept/q/index.html", PAGE)
    assert not (staging / "2024/dept/q").exists()


def test_only_a_file_that_is_nobody_elses_is_linked(
    sites: tuple[Path, Path], tmp_path: Path
) -> None:
    """A file with another name outside the old site (a backup's hard link), or with other
    permissions than a new file gets, is written afresh: the new site shares nothing with what
    is outside it and publishes what a full build would, permissions included."""
    old, staging = sites
    page = old / "2024/dept/p/index.html"
    elsewhere = tmp_path / "backup.html"
    os.link(page, elsewhere)
    previous = PreviousSite.of(old, staging)
    assert previous is not None
    assert not previous.place("2024/dept/p/index.html", PAGE)
    elsewhere.unlink()
    fresh_mode = page.stat().st_mode
    for mode in (0o666, 0o400, 0o755):
        page.chmod(mode)
        assert not previous.place("2024/dept/p/index.html", PAGE), oct(mode)
    page.chmod(fresh_mode)
    assert previous.place("2024/dept/p/index.html", PAGE)


def test_a_fifo_is_neither_read_nor_linked(sites: tuple[Path, Path]) -> None:
    old, staging = sites
    os.mkfifo(old / "2024" / "dept" / "p" / "data.json")
    previous = PreviousSite.of(old, staging)
    assert previous is not None
    assert not previous.place("2024/dept/p/data.json", b"{}")  # returns at once, no hang


def test_a_file_already_in_place_is_left_alone(sites: tuple[Path, Path]) -> None:
    old, staging = sites
    previous = PreviousSite.of(old, staging)
    assert previous is not None
    there = staging / "2024/dept/p/index.html"
    there.parent.mkdir(parents=True)
    there.write_bytes(b"written by the build")
    assert not previous.place("2024/dept/p/index.html", PAGE)
    assert there.read_bytes() == b"written by the build"
    assert (old / "2024/dept/p/index.html").read_bytes() == PAGE


def test_no_previous_site(tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    staging.mkdir()
    assert PreviousSite.of(tmp_path / "site", staging) is None
    (tmp_path / "real").mkdir()
    (tmp_path / "site").symlink_to(tmp_path / "real", target_is_directory=True)
    assert PreviousSite.of(tmp_path / "site", staging) is None
    (tmp_path / "file").write_text("x")
    assert PreviousSite.of(tmp_path / "file", staging) is None


EDITED = "2024/baoshan-zonggonghui/gonghui-gongzuozhe-jingfei"
UNCHANGED = "2024/baoshan-zonggonghui/yiqi-changguan-yunying-jingfei"
TAMPERED = "2024/baoshan-zonggonghui/zhengfu-shishi-gonghui-huiyuanka"


def _inodes(site: Path) -> dict[str, tuple[int, int]]:
    return {
        path.relative_to(site).as_posix(): _inode(path)
        for path in site.rglob("*")
        if path.is_file() and not path.is_symlink()
    }


@pytest.mark.build
@pytest.mark.parametrize("cached", [True, False], ids=["page cache", "no cache"])
def test_rebuild_links_what_did_not_change(
    content_copy: Path, tmp_path: Path, cached: bool
) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    _build(content_copy, site, cache if cached else None)

    declaration = content_copy / f"{EDITED}.yaml"
    text = declaration.read_text(encoding="utf-8")
    edited = text.replace("项目名称: 工会工作者经费", "项目名称: 工会工作者经费（调整）")
    assert edited != text
    declaration.write_text(edited, encoding="utf-8")
    # The old site is not trusted: a page changed in it, and a project folder replaced by a link
    # to a copy of itself outside the site, must both be written afresh.
    tampered = site / TAMPERED / "index.html"
    tampered.write_bytes(tampered.read_bytes().replace(b"</body>", b"<script>1</script></body>"))
    outside = tmp_path / "outside"
    unchanged = site / UNCHANGED
    unchanged.rename(outside)
    unchanged.symlink_to(outside, target_is_directory=True)
    before = _inodes(site)
    before_outside = _inodes(outside)

    _build(content_copy, site, cache if cached else None)
    after = _inodes(site)

    linked = {path for path, inode in after.items() if before.get(path) == inode}
    written = set(after) - linked
    # The pages and files the edit did not change are the old site's files ...
    assert f"{EDITED}/index.html" in written
    assert f"{TAMPERED}/index.html" in written
    assert b"<script>1</script>" not in (site / TAMPERED / "index.html").read_bytes()
    slug = UNCHANGED.rsplit("/", 1)[1]
    for name in ("index.html", f"{slug}.json", f"{slug}.yaml"):
        assert not any(after[f"{UNCHANGED}/{name}"] == i for i in before_outside.values())
    tampered_slug = TAMPERED.rsplit("/", 1)[1]
    assert {
        "about/index.html",
        f"{TAMPERED}/{tampered_slug}.json",
        f"{TAMPERED}/{tampered_slug}.yaml",
    } <= linked
    # ... and so are the index pages that do not name the edited project (the theme's files,
    # the downloads and the search index of the changed part are written as before).
    assert len([path for path in linked if path.endswith("index.html")]) >= 8, sorted(linked)

    fresh = tmp_path / "fresh"
    _build(content_copy, fresh, None)
    assert _differences(site, fresh) == []


@pytest.mark.build
def test_generated_files_follow_the_pages(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The JSON and YAML beside each project are put in place after the last page, while the
    search index of the last part is built: not before the pages, where they held it up."""
    from generator.site import search_index

    seen: list[list[str]] = []
    start = search_index.SearchIndexer._start

    def noting(indexer: search_index.SearchIndexer, index: int) -> None:
        beside = [p.name for p in indexer.site_dir.glob("2024/*/*/*") if p.suffix != ".html"]
        seen.append(beside)
        start(indexer, index)

    monkeypatch.setattr(search_index.SearchIndexer, "_start", noting)
    site = tmp_path / "site"
    _build(content_copy, site, None)
    assert seen == [[]]  # one part, started before any of them was there
    slug = UNCHANGED.rsplit("/", 1)[1]
    assert (site / UNCHANGED / f"{slug}.json").is_file()
    assert (site / UNCHANGED / f"{slug}.yaml").read_bytes() == (
        content_copy / f"{UNCHANGED}.yaml"
    ).read_bytes()
