"""Chinese full-text search with Pagefind, whose extended build segments CJK words.

Material's built-in search ships the whole index to every visitor (60 MB at 5,000 projects);
Pagefind splits it into chunks fetched per query, and runs entirely from the site's own files.

Pagefind holds everything it indexes in memory (about 190 KB per project page: 1.9 GB at
10,000). The project pages are therefore indexed in parts of at most `PAGES_PER_PART` pages,
whole departments of a year together, one Pagefind run after the other: the first part is the
bundle in `pagefind/`, the others `pagefind/part-N/`, listed in `pagefind/jixiao-parts.json`,
and the search box merges them (Pagefind's `mergeIndex`). A part whose pages are byte for byte
those of the last build is copied from the cache instead of being indexed again, so an edit
re-indexes one part. A cached part lives in the user's cache folder and carries a manifest of
its files' hashes signed with the user's secret cache key (`generator.load.cache.signing_key`); a
part that does not verify (planted, edited, or holding a link) is indexed again, so a cache
folder written by someone else can never put its files, scripts included, into the site.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import cbor2
from pagefind_bin_extended import get_executable

from generator.core.diagnostics import JixiaoUserError

# Pagefind's peak memory grows by about 190 KB per page of a declaration, and its time by about
# 2 ms. After an edit the build waits for the edited page's part to be indexed again (8.5 s at
# 4,000 pages), but a smaller part costs the first search: it fetches one index chunk per query
# word from every part of the newest year. At 100,000 declarations in 10 shards, parts of 2,000
# pages gave 660–797 KB and 0.93–1.52 s (1.47–1.52 s every run for a query of five words,
# 学前教育发展专项资金), parts of 4,000 415–525 KB and 0.91–1.01 s the same day
# (benchmarks/shards.py, first_search, three rounds each): the parts stay at 4,000 pages.
# A page with a self-evaluation holds about 2.5 times the text, and Pagefind's memory follows the
# text: a part also ends before its pages' sources (Markdown) pass PART_CHARS, 4,000
# declarations' pages of about 6,000 characters.
PAGES_PER_PART = 4000
PART_CHARS = 24_000_000
PARTS_FILE = "jixiao-parts.json"
# A first search fetches every bundle's metadata (about 7.4 bytes a page) and, for each query
# word, one index chunk of every bundle (about 17 KB): at 100,000 declarations in 30 bundles of
# 4,000 pages, 3.0–4.1 MB. Above this many bundles, the list names the newest year as the search
# box's starting scope (`scope`): it loads only the bundles holding that year's pages, and the
# reader widens the search with the 年度 filter (全部). Six bundles stay under about 1 MB.
SCOPE_ABOVE = 6
_BUNDLE = "pagefind"
_OPTIONS = ["--force-language", "zh", "--quiet"]
# Puts bytes at a path of the site some other way than writing them (previous_site.py), given
# their SHA-256 (and, with None for the bytes, only where that alone vouches for them); False
# when it did not, and the file is written.
Place = Callable[[str, bytes | None, str | None], bool]


@dataclass(frozen=True, slots=True)
class SearchPart:
    folders: tuple[str, ...]  # `<year>/<department>` folders of the site, whole
    pages: tuple[str, ...]  # the project pages in them, relative to the site

    @property
    def years(self) -> tuple[str, ...]:
        """The years of its pages: the first folder of each (content/<year>/<department>/)."""
        return tuple(sorted({folder.split("/", 1)[0] for folder in self.folders}))

    @property
    def glob(self) -> str:
        patterns = [f"{folder}/*/index.html" for folder in self.folders]
        return patterns[0] if len(patterns) == 1 else "{" + ",".join(patterns) + "}"


def plan_parts(
    project_urls: Sequence[str], limit: int | None = None, sizes: Mapping[str, int] | None = None
) -> list[SearchPart]:
    """Consecutive departments (by year, then department) packed into parts of ≤ `limit` pages
    and, with `sizes` (each URL's page source in characters), ≤ PART_CHARS of source.

    A department larger than that is a part of its own. Adding or editing a project changes
    only its own part, unless a part boundary moves. `limit` is PAGES_PER_PART unless given,
    read when called so that a test can build a real site in several parts.
    """
    limit = PAGES_PER_PART if limit is None else limit
    by_folder: dict[str, list[str]] = {}
    weight: dict[str, int] = {}
    for url in project_urls:
        folder = url.strip("/").rsplit("/", 1)[0]
        by_folder.setdefault(folder, []).append(f"{url.strip('/')}/index.html")
        weight[folder] = weight.get(folder, 0) + (sizes or {}).get(url, 0)
    parts: list[SearchPart] = []
    folders: list[str] = []
    pages: list[str] = []
    chars = 0
    for folder in sorted(by_folder):
        mine = sorted(by_folder[folder])
        too_many = len(pages) + len(mine) > limit or chars + weight[folder] > PART_CHARS
        if pages and too_many:
            parts.append(SearchPart(tuple(folders), tuple(pages)))
            folders, pages, chars = [], [], 0
        folders.append(folder)
        pages.extend(mine)
        chars += weight[folder]
    if pages:
        parts.append(SearchPart(tuple(folders), tuple(pages)))
    return parts


def _run_pagefind(
    site_dir: Path,
    output_subdir: str,
    glob: str | None,
    started: Callable[[subprocess.Popen[str]], None] | None = None,
) -> None:
    """Runs Pagefind over `site_dir` (the pages matching `glob`) into `output_subdir`;
    `started` is handed the process, so that a superseded rebuild can stop it."""
    command = [str(get_executable()), "--site", str(site_dir), *_OPTIONS]
    command += ["--output-subdir", output_subdir]
    if glob is not None:
        command += ["--glob", glob]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        if started is not None:
            started(process)
        stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise JixiaoUserError("生成搜索索引（Pagefind）失败：" + (stderr or stdout).strip()[-2000:])
    settle_bundle(site_dir / output_subdir)


_META_HEADER = b"pagefind_dcd"
_META_PAGES = 1
_META_FILTERS = 3  # [version, pages, index chunks, filters, sorts, meta fields]
_META_SORTS = 4


def settle_bundle(bundle: Path) -> None:
    """Makes Pagefind's output depend only on the pages: the same site gives the same bytes.

    Pagefind lists the filters (年度, 主管部门, 项目类别) and sorts in its metadata file in hash
    map order, which changes from run to run, and names the file after its content. The lists
    are put in name order, the file is written again (gzip without a timestamp) under a name
    derived from its content, and the entry file points to it. Nothing else is changed.
    """
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, info in entry.get("languages", {}).items():
        meta_file = bundle / f"pagefind.{info['hash']}.pf_meta"
        raw = gzip.decompress(meta_file.read_bytes())
        if not raw.startswith(_META_HEADER):
            raise JixiaoUserError(f"Pagefind 的索引文件 {meta_file.name} 格式不符，无法整理")
        meta = cbor2.loads(raw[len(_META_HEADER) :])
        if isinstance(meta, list) and len(meta) > _META_FILTERS:
            meta[_META_FILTERS] = [
                [name, _settle_filter(bundle / "filter", language, chunk)]
                for name, chunk in meta[_META_FILTERS]
            ]
        for position in (_META_FILTERS, _META_SORTS):
            if isinstance(meta, list) and len(meta) > position and isinstance(meta[position], list):
                meta[position] = sorted(meta[position], key=lambda item: str(item[0]))
        data = _META_HEADER + cbor2.dumps(meta)
        name = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
        meta_file.unlink()
        (bundle / f"pagefind.{name}.pf_meta").write_bytes(gzip.compress(data, mtime=0))
        info["hash"] = name
    entry_file.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def _remove_unnamed_fragments(bundle: Path) -> None:
    """Removes the fragments that no page of the bundle's index names (Pagefind's metadata
    lists each page as [fragment name, word count])."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    named: set[str] = set()
    for info in entry.get("languages", {}).values():
        raw = gzip.decompress((bundle / f"pagefind.{info['hash']}.pf_meta").read_bytes())
        meta = cbor2.loads(raw[len(_META_HEADER) :])
        pages = meta[_META_PAGES] if isinstance(meta, list) and len(meta) > _META_PAGES else None
        if not isinstance(pages, list):
            raise JixiaoUserError(f"Pagefind 的索引文件 {bundle.as_posix()} 格式不符，无法整理")
        named.update(f"{page[0]}.pf_fragment" for page in pages)
    for fragment in os.scandir(bundle / "fragment"):
        if fragment.name not in named:
            os.unlink(fragment.path)


def _settle_filter(folder: Path, language: str, chunk: str) -> str:
    """A filter's values (each with its pages) in name order, under a name from the content."""
    source = folder / f"{chunk}.pf_filter"
    raw = gzip.decompress(source.read_bytes())
    name, values = cbor2.loads(raw[len(_META_HEADER) :])
    data = _META_HEADER + cbor2.dumps([name, sorted(values, key=lambda item: str(item[0]))])
    settled = f"{language}_{hashlib.sha256(data).hexdigest()[:7]}"
    source.unlink()
    (folder / f"{settled}.pf_filter").write_bytes(gzip.compress(data, mtime=0))
    return settled


def _part_key(site_dir: Path, part: SearchPart, ids: Mapping[str, str] | None = None) -> str:
    """What the part is indexed from: its pages' bytes, or where `ids` names every page's
    content (a finished page's key in the page cache, which fixes its bytes), those names,
    without reading 4,000 pages again."""
    version = metadata.version("pagefind-bin-extended")
    digest = hashlib.sha256(f"pagefind {version} {_OPTIONS} {part.glob}".encode())
    named = [ids.get(page) for page in part.pages] if ids is not None else []
    if ids is not None and all(named):
        digest.update(b"named\0")
        for page, content in zip(part.pages, named, strict=True):
            digest.update(f"{page}\0{content}\0".encode())
        return digest.hexdigest()
    for page in part.pages:
        digest.update(page.encode() + b"\0" + (site_dir / page).read_bytes() + b"\0")
    return digest.hexdigest()


def _copy_bundle(source: Path, target: Path) -> None:
    """Copies a bundle's files, without the part folders nested in the first bundle."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(source):
        if entry.is_symlink() or entry.name.startswith("part-"):
            continue
        if entry.is_dir():
            shutil.copytree(entry.path, target / entry.name, symlinks=True)
        else:
            shutil.copyfile(entry.path, target / entry.name)


def build_search_index(
    site_dir: Path,
    project_urls: Sequence[str] | None = None,
    cache_dir: Path | None = None,
    secret: bytes | None = None,
) -> None:
    """Indexes the project pages at `project_urls` (all pages with a search body if None).

    Parts are reused from `cache_dir` only with `secret`, the key their manifests are signed with.
    """
    SearchIndexer(site_dir, project_urls, cache_dir, secret).finish()


class SearchIndexer:
    """Indexes each part as soon as all its pages are on disk, while MkDocs writes the rest.

    Pagefind is a process of its own: the first parts are indexed on the second core while the
    build renders and writes the later pages, and only the last part is left for the end of
    the build. One Pagefind at a time, so that only one process holds a part in memory; a part
    found in the cache is checked and copied beside it (`_parts`), so that after an edit the
    one part to index again does not wait for the copies of the parts before it. The result is
    the same as indexing every part after the build: a part starts only once its last page is
    written, and no part reads another's pages.
    """

    def __init__(
        self,
        site_dir: Path,
        page_urls: Sequence[str] | None,
        cache_dir: Path | None,
        secret: bytes | None,
        sizes: Mapping[str, int] | None = None,
        earlier: SearchIndexer | None = None,
        place: Place | None = None,
        note: Callable[[str, str], None] | None = None,
        ids: Mapping[str, str] | None = None,
        seed: Callable[[str], int] | None = None,
    ) -> None:
        self.site_dir = site_dir
        self.place = place  # a cached part's file linked from the replaced site (previous_site)
        self.note = note  # told each file of a part indexed afresh, with its SHA-256 (the same)
        self.ids = ids  # what each page written holds, by name (see _part_key)
        # Puts the replaced site's files under a folder in place (previous_site.seed): see
        # _pagefind, which gives Pagefind the last build's fragments of the part.
        self.seed = seed
        self.cache_dir = cache_dir if secret is not None else None
        self.secret = secret
        self.whole = not page_urls  # no project page: one bundle over every page, at the end
        self.parts = [] if self.whole else plan_parts(page_urls or [], sizes=sizes)
        self.names = [_BUNDLE if i == 0 else f"{_BUNDLE}/part-{i}" for i in range(len(self.parts))]
        self._part_of = {page: i for i, part in enumerate(self.parts) for page in part.pages}
        self._remaining = [len(part.pages) for part in self.parts]
        self._started: dict[int, Future[str | None]] = {}
        # Each complete part's key, and its copy from the cache (reading and hashing files)...
        self._parts = ThreadPoolExecutor(max_workers=2, thread_name_prefix="search-part")
        # ...and the parts to index, one Pagefind process at a time.
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pagefind")
        # The parts complete in the site folder, each in its folder: `mkdocs serve` keeps one
        # site folder, and a rebuild that writes none of a part's pages again keeps the part
        # the last rebuild left there (`earlier`), without reading its pages.
        self.done: set[tuple[str, SearchPart]] = set()
        self._earlier = (
            earlier.done if earlier is not None and earlier.site_dir == site_dir else set()
        )
        self._touched: set[int] = set()  # the parts with a page written by this build
        self._cancelled = threading.Event()
        self._process: subprocess.Popen[str] | None = None

    def written(self, page: str) -> None:
        """`page` (e.g. 2024/部门/项目/index.html) is on disk; a part whose pages all are starts."""
        index = self._part_of.get(page)
        if index is None:
            return
        self._touched.add(index)
        self._remaining[index] -= 1
        if self._remaining[index] == 0 and index not in self._started:
            self._start(index)

    def pages_of_parts_with(self, pages: set[str]) -> set[str]:
        """Every page of the parts that hold one of `pages` (as `written` names them)."""
        parts = {self._part_of[page] for page in pages if page in self._part_of}
        return {page for index in parts for page in self.parts[index].pages}

    def _start(self, index: int) -> None:
        self._started[index] = self._parts.submit(self._index_part, index)

    def _kept(self, index: int) -> bool:
        """The part as the last rebuild left it in this site folder: none of its pages was
        written again, and it is the same part (the same pages)."""
        name, part = self.names[index], self.parts[index]
        kept = (
            index not in self._touched
            and (name, part) in self._earlier
            and (self.site_dir / name).is_dir()
        )
        if kept:
            self.done.add((name, part))
        return kept

    def _index_part(self, index: int) -> str | None:
        """Indexes one part, or copies it from the cache; returns its cache key."""
        key = self._index_or_copy(index)
        self.done.add((self.names[index], self.parts[index]))
        return key

    def _index_or_copy(self, index: int) -> str | None:
        part, name = self.parts[index], self.names[index]
        if self._cancelled.is_set():
            raise _Cancelled
        key = _part_key(self.site_dir, part, self.ids) if self.cache_dir is not None else None
        stored = self.cache_dir / key if self.cache_dir is not None and key is not None else None
        secret = self.secret
        if (
            stored is None
            or secret is None
            or not _copy_verified(stored, self.site_dir, name, secret, self.place)
        ):
            self._pool.submit(self._pagefind, name, part.glob).result()
            if stored is not None and secret is not None:
                stored_files = _store(self.site_dir / name, stored, secret)
                if (note := self.note) is not None:
                    for file, digest in stored_files:
                        note(f"{name}/{file}", digest)
        return key

    def _pagefind(self, name: str, glob: str | None) -> None:
        """Pagefind into the bundle `name`, in a process that cancel() can stop.

        Pagefind names each page's fragment after its content and does not write a fragment
        whose file is already there: given the last build's fragments of the part (from the
        replaced site, where its record vouches for them), it compresses and writes only those
        of the pages that changed. 4,000 pages after one edit: 5.6–7.0 s instead of 7.7–9.2 s
        (same machine, alternated). The fragments no page of the new index names are removed
        afterwards, so the bundle is the one Pagefind writes into an empty folder."""
        seeded = self.seed is not None and self.seed(f"{name}/fragment/") > 0
        try:
            _run_pagefind(self.site_dir, name, glob, self._running)
        except JixiaoUserError:
            if self._cancelled.is_set():
                raise _Cancelled from None  # stopped by cancel(), not a failure
            raise
        if seeded:
            _remove_unnamed_fragments(self.site_dir / name)

    def _running(self, process: subprocess.Popen[str]) -> None:
        self._process = process
        if self._cancelled.is_set():
            process.kill()  # cancel() came between the check and the start

    def finish(self) -> None:
        """Indexes what is left, waits for every part, and lists the parts beside the first.
        After cancel(), stops without an index (the next rebuild makes it)."""
        try:
            if self.whole:
                self._pagefind(_BUNDLE, None)
                return
            for index in range(len(self.parts)):
                if index not in self._started and not self._kept(index):
                    self._start(index)
            used = {key for future in self._started.values() if (key := future.result())}
        except (_Cancelled, RuntimeError, CancelledError):
            # RuntimeError, CancelledError: cancel() shut the pools down before or during a part.
            if self._cancelled.is_set():
                return
            raise
        finally:
            self._shutdown()
        extra = [f"part-{i}/" for i in range(1, len(self.parts))]
        listing = parts_listing(extra, [list(part.years) for part in self.parts])
        _write_listing(self.site_dir / _BUNDLE / PARTS_FILE, listing)
        if self.cache_dir is not None:
            _prune(self.cache_dir, used)

    def cancel(self) -> None:
        """The build failed, or a rebuild under `mkdocs serve` supersedes it: the part being
        indexed stops, and no part not yet started will be."""
        self._cancelled.set()
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()
        self._shutdown()

    def _shutdown(self) -> None:
        # The Pagefind pool first: a part waiting for its turn there is cancelled, which ends
        # the wait of its thread in `_parts`.
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._parts.shutdown(wait=True, cancel_futures=True)


class _Cancelled(Exception):
    """SearchIndexer.cancel() stopped the part being indexed."""


MANIFEST = "jixiao-manifest.json"


def _bundle_files(bundle: Path) -> list[str]:
    """The bundle's files (relative, with `/`), without the parts nested in the first bundle."""
    files = []
    for folder, dirs, names in os.walk(bundle):
        relative = Path(folder).relative_to(bundle)
        dirs[:] = sorted(d for d in dirs if not (relative == Path(".") and d.startswith("part-")))
        files += [(relative / name).as_posix() for name in sorted(names)]
    return [f for f in files if f != MANIFEST]


def _signed_manifest(bundle: Path, secret: bytes) -> tuple[bytes, list[tuple[str, str]]]:
    """The bundle's manifest, signed, and its entries: each file with its SHA-256."""
    entries = [
        (name, hashlib.sha256((bundle / name).read_bytes()).hexdigest())
        for name in _bundle_files(bundle)
    ]
    payload = json.dumps(entries, separators=(",", ":")).encode()
    signature = hmac.new(secret, payload, hashlib.sha256).hexdigest().encode()
    return signature + b"\n" + payload, entries


def _copy_verified(
    stored: Path, site_dir: Path, bundle: str, secret: bytes, place: Place | None = None
) -> bool:
    """Copies a cached part into the site's folder `bundle` if its signed manifest holds; False
    (nothing left there) when it does not: not signed with `secret`, a file added, missing,
    changed or a link anywhere. `place` may put a file instead (a link to the same bytes)."""
    target = site_dir / bundle
    try:
        if stored.is_symlink() or not stored.is_dir():
            return False
        signature, _, payload = (stored / MANIFEST).read_bytes().partition(b"\n")
        expected = hmac.new(secret, payload, hashlib.sha256).hexdigest().encode()
        if (stored / MANIFEST).is_symlink() or not hmac.compare_digest(signature, expected):
            return False
        entries = json.loads(payload)
        files = {name: digest for name, digest in entries}
        if sorted(files) != sorted(_bundle_files(stored)):
            return False
        for folder, dirs, names in os.walk(stored):
            if any(Path(folder, entry).is_symlink() for entry in (*dirs, *names)):
                return False
        target.mkdir(parents=True, exist_ok=True)
        for name, digest in files.items():
            if place is not None and place(f"{bundle}/{name}", None, digest):
                continue  # the replaced site's file, vouched for by the site's record: unread
            data = (stored / name).read_bytes()
            if hashlib.sha256(data).hexdigest() != digest:
                raise ValueError(name)
            if place is not None and place(f"{bundle}/{name}", data, digest):
                continue
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(data)
        return True
    except (OSError, ValueError, TypeError):
        for name in _bundle_files(target) if target.is_dir() else []:
            (target / name).unlink(missing_ok=True)
        return False


def _store(bundle: Path, stored: Path, secret: bytes) -> list[tuple[str, str]]:
    """Keeps a copy of the bundle in the cache; its files, each with its SHA-256."""
    stored.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=stored.parent, prefix=".tmp-"))
    _copy_bundle(bundle, temporary)
    manifest, entries = _signed_manifest(temporary, secret)
    (temporary / MANIFEST).write_bytes(manifest)
    shutil.rmtree(stored, ignore_errors=True)
    temporary.rename(stored)
    return entries


def _prune(cache_dir: Path, used: set[str]) -> None:
    try:
        entries = list(os.scandir(cache_dir))
    except OSError:
        return
    for entry in entries:
        if entry.name not in used:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)


# An entry of a shard's own list of parts, as `SearchIndexer.finish` writes it.
_LISTED_PART = re.compile(r"part-[0-9]+/")


Years = list[str] | None  # the years of a bundle's pages; None: not listed (an older build)


def parts_listing(
    merge: list[str], years: Sequence[Years], primary: str | None = None
) -> dict[str, object]:
    """What PARTS_FILE holds: the bundles merged into the first one (`primary`, else the bundle
    beside the file), each bundle's years (first bundle first), and, when there are more than
    SCOPE_ABOVE bundles, the year the search box starts on (`scope`, the newest)."""
    listing: dict[str, object] = {} if primary is None else {"primary": primary}
    listing.update(merge=merge, years=list(years))
    every = {year for listed in years if listed for year in listed}
    if len(years) > SCOPE_ABOVE and every:
        listing["scope"] = max(every)
    return listing


_LISTED_YEAR = re.compile(r"[0-9]{4}")


def _listed_years(years: object) -> bool:
    """A bundle's years as parts_listing writes them: None, or a list of four-digit years."""
    return years is None or (
        isinstance(years, list)
        and all(isinstance(year, str) and _LISTED_YEAR.fullmatch(year) for year in years)
    )


def _write_listing(path: Path, listing: dict[str, object]) -> None:
    """Writes PARTS_FILE; a file hard-linked from a shard is replaced, never changed."""
    _replace_text(path, json.dumps(listing, ensure_ascii=False) + "\n")


def _own_parts(bundle: Path) -> tuple[list[str], list[Years]]:
    """The parts a shard's build listed beside its first bundle (`part-N/`) and the years of
    each bundle (the first included), checked."""
    listed = bundle / PARTS_FILE
    if not listed.is_file() or listed.is_symlink():
        return [], [None]
    try:
        data = (
            json.loads(listed.read_text(encoding="utf-8"))
            if listed.stat().st_size < 65536
            else None
        )
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = None
    if isinstance(data, list):  # written before the years were listed
        data = {"merge": data, "years": [None] * (len(data) + 1)}
    parts = data.get("merge") if isinstance(data, dict) else None
    years = data.get("years") if isinstance(data, dict) else None
    if (
        not isinstance(parts, list)
        or not all(isinstance(p, str) and _LISTED_PART.fullmatch(p) for p in parts)
        or not isinstance(years, list)
        or len(years) != len(parts) + 1
        or not all(_listed_years(y) for y in years)
    ):
        raise JixiaoUserError(f"{listed.as_posix()} 不是 jixiao 写的分块列表；请重新构建该分片。")
    return parts, years


def _replace_text(path: Path, text: str) -> None:
    """Writes a new file in place of `path`: a hard-linked original (build_portal links the
    shards' files) is left as it was."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def join_shard_indexes(site_dir: Path, shard_roots: Sequence[str]) -> None:
    """One search over every shard of a site built in shards (Pagefind's `mergeIndex`).

    Each shard's own list of parts grows by every other shard's bundle and parts, so that its
    search box searches the whole site; the top level, which indexes no page of its own, gets
    Pagefind's UI files and a list whose `primary` is the first shard's bundle. Pagefind takes
    each bundle's page addresses relative to the folder above the bundle (the shard's root).
    """
    bundles = {root: site_dir / root / _BUNDLE for root in shard_roots}
    parts: dict[str, list[str]] = {}
    years: dict[str, list[Years]] = {}
    for root, bundle in bundles.items():
        parts[root], years[root] = _own_parts(bundle)
    for root in shard_roots:
        others: list[str] = []
        their_years: list[Years] = []
        for other in shard_roots:
            if other != root:
                name = other.rstrip("/").rsplit("/", 1)[-1]
                base = f"../../{name}/{_BUNDLE}/"
                others += [base] + [base + part for part in parts[other]]
                their_years += years[other]
        if bundles[root].is_dir():
            listing = parts_listing(parts[root] + others, years[root] + their_years)
            _write_listing(bundles[root] / PARTS_FILE, listing)
    first = shard_roots[0]
    top = site_dir / _BUNDLE
    top.mkdir(parents=True, exist_ok=True)
    for name in ("pagefind-ui.js", "pagefind-ui.css"):
        source = bundles[first] / name
        if source.is_file() and not source.is_symlink():
            shutil.copyfile(source, top / name)
    every = [
        bundle
        for root in shard_roots
        for bundle in [f"../{root}/{_BUNDLE}/"] + [f"../{root}/{_BUNDLE}/{p}" for p in parts[root]]
    ]
    joined = parts_listing(
        every[1:], [y for root in shard_roots for y in years[root]], primary=every[0]
    )
    _write_listing(top / PARTS_FILE, joined)
