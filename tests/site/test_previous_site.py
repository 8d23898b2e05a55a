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

from generator.site import previous_site
from generator.site.previous_site import RECORD, PreviousSite, load_record
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
    # No site yet: nothing to link, but the build keeps its record for the next one.
    first = PreviousSite.of(tmp_path / "site", staging)
    assert first is not None and not first.exists
    assert not first.place("2024/dept/p/index.html", PAGE, "page:k")
    assert not (staging / "2024").exists()
    assert first.record.contents == {"2024/dept/p/index.html": "page:k"}
    (tmp_path / "real").mkdir()
    (tmp_path / "site").symlink_to(tmp_path / "real", target_is_directory=True)
    assert PreviousSite.of(tmp_path / "site", staging) is None
    (tmp_path / "file").write_text("x")
    assert PreviousSite.of(tmp_path / "file", staging) is None


SECRET = b"k" * 64
RELATIVE = "2024/dept/p/index.html"


def _recorded(old: Path, tmp_path: Path, content: str = "page:k") -> Path:
    """The record a build that wrote the old site's page (as `content`) would have left."""
    builder = PreviousSite(tmp_path / "elsewhere", old, exists=False)
    builder.record.note(RELATIVE, content)
    path = tmp_path / "cache" / RECORD
    builder.record.save(path, old, old, SECRET)
    return path


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the old files read to compare them."""
    calls: list[int] = []
    read_all = previous_site._read_all

    def counting(handle: int, size: int) -> bytes:
        calls.append(size)
        return read_all(handle, size)

    monkeypatch.setattr(previous_site, "_read_all", counting)
    return calls


def test_the_record_vouches_for_an_unchanged_file(
    sites: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file the last build's record lists with the same content, and that is still the file
    it recorded (inode, size, modification time), is linked without being read."""
    old, staging = sites
    record = _recorded(old, tmp_path)
    reads = _reads(monkeypatch)
    previous = PreviousSite.of(old, staging)
    assert previous is not None
    previous.trust(record, SECRET)
    assert previous.holds(RELATIVE, "page:k")
    assert not previous.holds(RELATIVE, "page:other")
    assert previous.place(RELATIVE, None, "page:k")
    assert _inode(staging / RELATIVE) == _inode(old / RELATIVE)
    assert reads == []
    assert previous.record.contents == {RELATIVE: "page:k"}


def test_the_record_of_other_content_spares_the_comparison(
    sites: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the record says the old file holds other content, it is neither read nor linked:
    the build writes the file."""
    old, staging = sites
    record = _recorded(old, tmp_path, "page:old")
    reads = _reads(monkeypatch)
    previous = PreviousSite.of(old, staging)
    assert previous is not None
    previous.trust(record, SECRET)
    assert not previous.place(RELATIVE, PAGE, "page:new")
    assert reads == []
    assert not (staging / "2024").exists()


@pytest.mark.parametrize("change", ["rewritten", "same size, new time", "replaced"])
def test_a_file_changed_since_the_record_is_compared(
    sites: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """The record vouches only for the very file it saw: changed in place (even to the same
    size), or replaced by another file, the old file is read and compared as without it."""
    old, staging = sites
    record = _recorded(old, tmp_path)
    page = old / RELATIVE
    tampered = PAGE.replace(b"html>\n", b"html>!")
    if change == "rewritten":
        page.write_bytes(PAGE + b"<script>1</script>")
    elif change == "same size, new time":
        before = page.stat().st_mtime_ns
        with page.open("r+b") as stream:
            stream.write(tampered)
        os.utime(page, ns=(before + 1, before + 1))
    else:
        page.unlink()
        page.write_bytes(PAGE)
    reads = _reads(monkeypatch)
    previous = PreviousSite.of(old, staging)
    assert previous is not None
    previous.trust(record, SECRET)
    assert not previous.holds(RELATIVE, "page:k")
    linked = previous.place(RELATIVE, PAGE, "page:k")
    # Compared byte for byte (a file of another size needs no reading to differ).
    assert len(reads) == (0 if change == "rewritten" else 1)
    assert linked == (change == "replaced")  # only the replacement holds the same bytes


def test_a_record_not_signed_with_the_key_or_of_another_site_is_ignored(
    sites: tuple[Path, Path], tmp_path: Path
) -> None:
    old, staging = sites
    record = _recorded(old, tmp_path)
    assert load_record(record, old, SECRET)
    assert load_record(record, old, b"x" * 64) == {}  # written with another key
    assert load_record(record, tmp_path / "other-site", SECRET) == {}
    forged = record.read_bytes().replace(b"page:k", b"page:x")
    record.write_bytes(forged)
    assert load_record(record, old, SECRET) == {}
    record.unlink()
    record.symlink_to(tmp_path / "nowhere")
    assert load_record(record, old, SECRET) == {}
    previous = PreviousSite.of(old, staging)
    assert previous is not None
    previous.trust(record, SECRET)
    assert not previous.holds(RELATIVE, "page:k")
    assert previous.place(RELATIVE, PAGE, "page:k")  # compared, the same bytes: linked


def test_seeding_links_only_what_the_record_vouches_for(
    sites: tuple[Path, Path], tmp_path: Path
) -> None:
    old, staging = sites
    folder = old / "pagefind" / "fragment"
    folder.mkdir(parents=True)
    for name in ("a", "b", "c"):
        (folder / f"{name}.pf_fragment").write_bytes(name.encode())
    builder = PreviousSite(tmp_path / "elsewhere", old, exists=False)
    for name in ("a", "b"):  # c is not in the record
        builder.record.note(f"pagefind/fragment/{name}.pf_fragment", name)
    builder.record.note(RELATIVE, "page:k")
    record = tmp_path / "cache" / RECORD
    builder.record.save(record, old, old, SECRET)
    (folder / "b.pf_fragment").write_bytes(b"B")  # changed since the record
    previous = PreviousSite.of(old, staging)
    assert previous is not None
    previous.trust(record, SECRET)
    assert previous.seed("pagefind/fragment/") == 1
    assert sorted(p.name for p in (staging / "pagefind" / "fragment").iterdir()) == [
        "a.pf_fragment"
    ]
    assert not (staging / "2024").exists()  # only under the prefix
    assert previous.record.contents == {}  # seeding notes nothing


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


@pytest.mark.build
def test_after_an_edit_the_record_spares_every_reading(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the first build's record, the rebuild after an edit links every unchanged page,
    JSON, YAML and search file without reading it or its cache entry, writes what changed, and
    gives the site a build from nothing gives."""
    from generator.site import page_cache

    site, cache = tmp_path / "site", tmp_path / "cache"
    _build(content_copy, site, cache)
    declaration = content_copy / f"{EDITED}.yaml"
    text = declaration.read_text(encoding="utf-8")
    declaration.write_text(
        text.replace("项目名称: 工会工作者经费", "项目名称: 工会工作者经费（调整）")
    )
    before = _inodes(site)

    reads = _reads(monkeypatch)
    cached_pages: list[str] = []
    get_bytes = page_cache.PageCache.get_bytes

    def noting(cache_: page_cache.PageCache, key: str) -> bytes | None:
        found = get_bytes(cache_, key)
        if cache_.suffix == ".html" and found is not None:
            cached_pages.append(key)
        return found

    monkeypatch.setattr(page_cache.PageCache, "get_bytes", noting)
    _build(content_copy, site, cache)
    after = _inodes(site)

    assert reads == []  # no old file compared
    assert cached_pages == []  # no finished page read from the cache (the changed ones: none)
    linked = {path for path, inode in after.items() if before.get(path) == inode}
    slug = UNCHANGED.rsplit("/", 1)[1]
    assert {
        f"{UNCHANGED}/index.html",
        f"{UNCHANGED}/{slug}.json",
        f"{UNCHANGED}/{slug}.yaml",
        "about/index.html",
    } <= linked
    assert f"{EDITED}/index.html" not in linked
    # The part was indexed again from the last build's fragments: those of the unchanged pages
    # are the old files (Pagefind did not write them again); the site is a fresh build's.
    assert any(path.startswith("pagefind/fragment/") for path in linked)
    assert "工会工作者经费（调整）" in (site / EDITED / "index.html").read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    _build(content_copy, fresh, None)
    assert _differences(site, fresh) == []
