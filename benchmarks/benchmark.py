"""How long `jixiao check` and `jixiao build` take on large synthetic content trees.

    python benchmarks/benchmark.py [--sizes 1000 10000] [--jixiao PATH] [--json FILE] [--keep]
                                   [--vs-mkdocs] [--peer-search]
                                   [--layouts mixed]

For each size: generate declarations with synth.py into a temporary directory, then run, as
separate processes, `jixiao check` with a cold cache, again with a warm one, and `jixiao build`
(including the Pagefind index). Reports wall time, peak resident memory of each process,
the size of the built site and what a visitor downloads for their first search.
MB and KB are 10**6 and 10**3 bytes.

With --vs-mkdocs the same run also builds the same pages with plain MkDocs + Material (no
jixiao plugin, no hook, no theme overrides, search off; --peer-search adds Material's own
search): the Markdown jixiao generates is written to a docs folder beforehand (not timed) and
`mkdocs build` runs as a separate process, measured like the others. Machines and their load
differ; the ratio jixiao / MkDocs of one run does not depend on them as much.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402  (a sibling script, not an installed package)

CACHE_NAME = ".jixiao-cache"
STDERR_TAIL_LINES = 40


class CommandFailed(Exception):
    def __init__(self, label: str, argv: Sequence[str], returncode: int, stderr_tail: str):
        super().__init__(f"{label} failed with exit code {returncode}")
        self.label = label
        self.argv = list(argv)
        self.returncode = returncode
        self.stderr_tail = stderr_tail


@dataclass
class Run:
    seconds: float
    peak_rss_bytes: int
    # user + system CPU time of the process and the children it waited for (Pagefind, the
    # workbook's process): on a shared machine wall time depends on the load, this much less.
    cpu_seconds: float = 0.0


@dataclass
class SearchDownload:
    language: str | None
    # file (relative to the site) -> bytes; None when the file was expected but not found
    components: dict[str, int | None] = field(default_factory=dict)
    index_chunks: int = 0

    @property
    def total_bytes(self) -> int:
        return sum(size for size in self.components.values() if size is not None)

    @property
    def missing(self) -> list[str]:
        return [name for name, size in self.components.items() if size is None]


@dataclass
class PageWeight:
    """One page type as a visitor gets it: its HTML and, with the style sheets and scripts it
    links from the site, everything a first visit downloads (search index chunks excepted:
    they come on the first search)."""

    url: str
    html_bytes: int
    with_assets_bytes: int


_ASSET = re.compile(r'<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src)="([^"]+)"')


def _page_weight(site: Path, url: str) -> PageWeight:
    html_path = site / url / "index.html"
    html = html_path.read_text(encoding="utf-8")
    assets = 0
    for link in sorted(set(_ASSET.findall(html))):
        target = (html_path.parent / link.split("?")[0]).resolve()
        if target.is_file() and site.resolve() in target.parents:
            assets += target.stat().st_size
    size = html_path.stat().st_size
    return PageWeight(url, size, size + assets)


def page_weights(site: Path) -> dict[str, PageWeight]:
    """The home page, the largest project page, the largest first page of a department, a
    year's first page, all projects' first page and the explorer (with its JSON data)."""

    def largest(pattern: str) -> str:
        path = max(site.glob(pattern), key=lambda p: (p.stat().st_size, p.as_posix()))
        return path.parent.relative_to(site).as_posix() + "/"

    weights = {
        "首页": _page_weight(site, ""),
        "项目页（最大）": _page_weight(site, largest("[0-9]*/*/*/index.html")),
        "部门页（最大的第 1 页）": _page_weight(site, largest("departments/*/index.html")),
        "年度页（第 1 页）": _page_weight(site, largest("[0-9][0-9][0-9][0-9]/index.html")),
        "全部项目（第 1 页）": _page_weight(site, "projects/"),
    }
    explorer = _page_weight(site, "explorer/")
    data = (site / "data" / "explorer.json").stat().st_size
    weights["项目浏览器（含 explorer.json）"] = PageWeight(
        "explorer/", explorer.html_bytes, explorer.with_assets_bytes + data
    )
    return weights


@dataclass
class Result:
    size: int
    generate_seconds: float
    check_cold: Run
    check_warm: Run
    build: Run
    html_pages: int
    site_bytes: int
    pagefind_bytes: int
    search: SearchDownload
    workdir: str | None
    weights: dict[str, PageWeight] = field(default_factory=dict)
    edit_check: Run | None = None  # `jixiao check` after one declaration was edited
    edit_build: Run | None = None  # `jixiao build` after it, reusing what did not change
    peer: Run | None = None  # plain MkDocs + Material on the same pages, search off
    peer_search: Run | None = None  # the same with Material's own search
    evaluations: float = 0.0  # share of declarations with a self-evaluation (synth.py)

    @property
    def ratio(self) -> float | None:
        return self.build.seconds / self.peer.seconds if self.peer else None

    @property
    def ms_per_page(self) -> float:
        return self.build.seconds * 1000 / self.size if self.size else 0.0

    @property
    def peak_rss_bytes(self) -> int:
        return max(
            self.check_cold.peak_rss_bytes,
            self.check_warm.peak_rss_bytes,
            self.build.peak_rss_bytes,
        )

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["ms_per_page"] = round(self.ms_per_page, 3)
        data["peak_rss_bytes"] = self.peak_rss_bytes
        data["jixiao_over_mkdocs"] = round(self.ratio, 3) if self.ratio else None
        data["search"]["total_bytes"] = self.search.total_bytes
        data["search"]["missing"] = self.search.missing
        return data


# ---------------------------------------------------------------- running commands


def _maxrss_bytes(ru_maxrss: int) -> int:
    # Linux reports kibibytes, macOS bytes.
    return ru_maxrss if sys.platform == "darwin" else ru_maxrss * 1024


def _tail(path: Path, lines: int = STDERR_TAIL_LINES) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def run_measured(label: str, argv: Sequence[str], cwd: Path, log_dir: Path) -> Run:
    """Run argv to completion; its wall time and the peak RSS of its process tree.

    os.wait4 returns the resource usage of exactly this child (with its own waited-for
    children, e.g. the pagefind binary), which getrusage(RUSAGE_CHILDREN) cannot separate
    from earlier runs, and it needs no /usr/bin/time. Output goes to files rather than
    pipes so a chatty command cannot block on a full pipe while we wait.
    """
    stem = label.replace(" ", "-")
    out_path, err_path = log_dir / f"{stem}.stdout", log_dir / f"{stem}.stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        try:
            # A session of its own, so an interrupted benchmark can stop the whole tree
            # (the build runs pagefind and may run more) rather than orphan it.
            proc = subprocess.Popen(
                list(argv),
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
        except OSError as exc:
            raise CommandFailed(label, argv, 127, str(exc)) from exc
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise
        elapsed = time.perf_counter() - started
    # Tell Popen the child is reaped, so it never waits for a pid that may be reused.
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise CommandFailed(label, argv, proc.returncode, _tail(err_path))
    return Run(
        seconds=elapsed,
        peak_rss_bytes=_maxrss_bytes(usage.ru_maxrss),
        cpu_seconds=usage.ru_utime + usage.ru_stime,
    )


def find_jixiao(explicit: str | None) -> Path:
    if explicit:
        path = Path(explicit)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise SystemExit(f"benchmark: {explicit} is not an executable file")
        return path.resolve()
    venv = REPO / ".venv" / "bin" / "jixiao"
    if venv.is_file():
        return venv
    found = shutil.which("jixiao")
    if found:
        return Path(found)
    raise SystemExit("benchmark: no jixiao found (run `make` first, or pass --jixiao PATH)")


# ---------------------------------------------------------------- measuring the site


def tree_bytes(root: Path) -> int:
    total = 0
    for folder, _dirs, files in os.walk(root):
        for name in files:
            total += os.lstat(os.path.join(folder, name)).st_size
    return total


def count_html(root: Path) -> int:
    return sum(
        1 for _folder, _dirs, files in os.walk(root) for name in files if name.endswith(".html")
    )


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return None


def _largest(paths: Sequence[Path]) -> Path | None:
    return max(paths, key=lambda p: (p.stat().st_size, p.name), default=None)


def _ui_files(site: Path) -> tuple[str, str]:
    """Which Pagefind UI the site's pages load; the default UI unless a page says otherwise."""
    candidates = [site / "index.html", *sorted(site.glob("*/index.html"))[:20]]
    for page in candidates:
        try:
            html = page.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for ui in ("pagefind-component-ui", "pagefind-modular-ui", "pagefind-ui"):
            if f"{ui}.js" in html:
                return f"{ui}.js", f"{ui}.css"
    return "pagefind-ui.js", "pagefind-ui.css"


def _page_count(info: dict[str, object]) -> int:
    count = info.get("page_count")
    return count if isinstance(count, int) else 0


def search_download(site: Path) -> SearchDownload:
    """Bytes a visitor fetches from opening the search box to seeing the first result.

    The Pagefind runtime (and, since 1.5, its web worker), the entry file, the metadata
    and wasm of the index language, the UI script and style, then one index chunk and one
    result fragment. The largest chunk and fragment are taken, so this is an upper bound
    for a one-word search.
    """
    pf = site / "pagefind"
    language: str | None = None
    meta_hash: str | None = None
    wasm = "unknown"
    try:
        entry = json.loads((pf / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages: dict[str, dict[str, object]] = entry.get("languages") or {}
    except (OSError, ValueError):
        languages = {}
    if languages:
        # A multilingual site searches in the page's language; ours is the one with the pages.
        language, info = max(languages.items(), key=lambda kv: _page_count(kv[1]))
        meta_hash = str(info.get("hash") or "") or None
        wasm = str(info.get("wasm") or "unknown")

    wasm_file = pf / f"wasm.{wasm}.pagefind"
    if not wasm_file.exists():
        others = sorted(pf.glob("wasm.*.pagefind"))
        wasm_file = others[0] if len(others) == 1 else wasm_file

    def same_language(paths: list[Path]) -> list[Path]:
        if language is None:
            return paths
        mine = [p for p in paths if p.name.startswith(f"{language}_")]
        return mine or paths

    chunks = sorted((pf / "index").glob("*.pf_index"))
    fragments = same_language(sorted((pf / "fragment").glob("*.pf_fragment")))
    chunk = _largest(same_language(chunks))
    fragment = _largest(fragments)
    ui_js, ui_css = _ui_files(site)

    wanted: list[Path | None] = [
        pf / "pagefind.js",
        pf / "pagefind-worker.js" if (pf / "pagefind-worker.js").exists() else None,
        pf / "pagefind-entry.json",
        pf / f"pagefind.{meta_hash}.pf_meta" if meta_hash else pf / "pagefind.*.pf_meta",
        wasm_file,
        pf / ui_js,
        pf / ui_css,
        chunk if chunk else pf / "index" / "*.pf_index",
        fragment if fragment else pf / "fragment" / "*.pf_fragment",
    ]
    result = SearchDownload(language=language, index_chunks=len(chunks))
    for path in wanted:
        if path is not None:
            result.components[path.relative_to(site).as_posix()] = _size(path)
    return result


def edit_one_declaration(content: Path) -> Path:
    """Changes the annual goal of the middle declaration, as a person editing one file would."""
    files = sorted(content.glob("*/*/*.yaml"))
    target = files[len(files) // 2]
    text = target.read_text(encoding="utf-8")
    marker = "年度总目标: "
    if marker not in text:
        raise SystemExit(f"benchmark: no {marker!r} in {target}")
    target.write_text(text.replace(marker, marker + "（修订）", 1), encoding="utf-8")
    return target


# ---------------------------------------------------------------- the MkDocs peer

PEER_PLUGINS_OFF: list[str] = []


def write_peer_project(content: Path, folder: Path, *, search: bool) -> Path:
    """A plain MkDocs + Material project with the pages and files jixiao generates; its config."""
    import yaml

    from generator.load.corpus import load_corpus
    from generator.review.history import History
    from generator.site.render import render_site

    corpus = load_corpus(content, None)
    sources = render_site(corpus, history=History())
    docs = folder / "docs"
    for path, markdown in sources.pages.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    for path, data in sources.files.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    ours = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config = {
        "site_name": ours["site_name"],
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "language": "zh",
            "font": False,
            "features": ours["theme"].get("features", []),
        },
        "nav": ours["nav"],
        "plugins": ["search"] if search else PEER_PLUGINS_OFF,
        "markdown_extensions": ours["markdown_extensions"],
        "not_in_nav": ours["not_in_nav"],
        "validation": ours["validation"],
    }
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return config_file


def mkdocs_executable(jixiao: Path) -> Path:
    beside = jixiao.parent / "mkdocs"
    if beside.is_file():
        return beside
    found = shutil.which("mkdocs")
    if found:
        return Path(found)
    raise SystemExit("benchmark: no mkdocs found beside jixiao or on PATH")


def bench_peer(content: Path, workdir: Path, jixiao: Path, *, search: bool, logs: Path) -> Run:
    label = "mkdocs peer search" if search else "mkdocs peer"
    folder = workdir / label.replace(" ", "-")
    folder.mkdir()
    config_file = write_peer_project(content, folder, search=search)
    argv = [str(mkdocs_executable(jixiao)), "build", "--quiet", "-f", str(config_file)]
    run = run_measured(label, argv, folder, logs)
    shutil.rmtree(folder, ignore_errors=True)
    return run


# ---------------------------------------------------------------- one size


def _clear_caches(content: Path, cache: Path) -> None:
    for folder in (content.parent / CACHE_NAME, REPO / CACHE_NAME, cache):
        shutil.rmtree(folder, ignore_errors=True)


def bench_size(
    size: int,
    jixiao: Path,
    seed: int,
    parent: Path | None,
    keep: bool,
    cold_build: bool,
    vs_mkdocs: bool = False,
    peer_search: bool = False,
    edit: bool = False,
    layouts: str = "shanghai",
    evaluations: float = 0.0,
) -> Result:
    workdir = Path(tempfile.mkdtemp(prefix=f"jixiao-bench-{size}-", dir=parent))
    try:
        content, site, cache, logs = (workdir / n for n in ("content", "site", "cache", "logs"))
        logs.mkdir()
        progress(f"[{size}] generating in {workdir}")
        started = time.perf_counter()
        synth.generate(content, size, seed=seed, layouts=layouts, evaluations=evaluations)
        generated = time.perf_counter() - started

        _clear_caches(content, cache)
        check = [str(jixiao), "check", "--content", str(content), "--cache-dir", str(cache)]
        # The working directory is the repository, as for `make site`, so the CLI finds the
        # project's configuration; every path it writes to is passed explicitly.
        progress(f"[{size}] check (cold cache) …")
        cold = run_measured("check cold", check, REPO, logs)
        progress(f"[{size}] check (cold cache) {cold.seconds:.2f} s")
        progress(f"[{size}] check (warm cache) …")
        warm = run_measured("check warm", check, REPO, logs)
        progress(f"[{size}] check (warm cache) {warm.seconds:.2f} s")

        if cold_build:
            _clear_caches(content, cache)
        build_argv = [
            str(jixiao),
            "build",
            "--content",
            str(content),
            "--site-dir",
            str(site),
            "--cache-dir",
            str(cache),
        ]
        progress(f"[{size}] build …")
        build = run_measured("build", build_argv, REPO, logs)
        progress(f"[{size}] build {build.seconds:.2f} s")
        edit_check = edit_build = None
        if edit:
            edited = edit_one_declaration(content)
            progress(f"[{size}] edited {edited.relative_to(content)}; check + build …")
            edit_check = run_measured("check after edit", check, REPO, logs)
            edit_build = run_measured("build after edit", build_argv, REPO, logs)
            progress(
                f"[{size}] after one edit: check {edit_check.seconds:.2f} s, "
                f"build {edit_build.seconds:.2f} s"
            )
        peer = searching = None
        if vs_mkdocs:
            progress(f"[{size}] plain MkDocs + Material on the same pages …")
            peer = bench_peer(content, workdir, jixiao, search=False, logs=logs)
            progress(f"[{size}] plain MkDocs + Material {peer.seconds:.2f} s")
        if peer_search:
            searching = bench_peer(content, workdir, jixiao, search=True, logs=logs)
            progress(f"[{size}] plain MkDocs + Material + search {searching.seconds:.2f} s")

        return Result(
            size=size,
            generate_seconds=round(generated, 3),
            check_cold=cold,
            check_warm=warm,
            build=build,
            html_pages=count_html(site),
            site_bytes=tree_bytes(site),
            pagefind_bytes=tree_bytes(site / "pagefind"),
            search=search_download(site),
            workdir=str(workdir) if keep else None,
            weights=page_weights(site),
            peer=peer,
            peer_search=searching,
            edit_check=edit_check,
            edit_build=edit_build,
            evaluations=evaluations,
        )
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


# ---------------------------------------------------------------- reporting


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def markdown_table(results: Sequence[Result]) -> str:
    header = (
        "| size | check cold s | check warm s | build s | ms/page | peak MB | site MB "
        "| search first-download KB | index chunks |"
    )
    rule = "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    rows = [
        f"| {r.size:,} | {r.check_cold.seconds:.2f} | {r.check_warm.seconds:.2f} "
        f"| {r.build.seconds:.2f} | {r.ms_per_page:.1f} | {r.peak_rss_bytes / 1e6:.0f} "
        f"| {r.site_bytes / 1e6:.1f} | {r.search.total_bytes / 1e3:.0f} | {r.search.index_chunks} |"
        for r in results
    ]
    table = "\n".join([header, rule, *rows])
    edits = [r for r in results if r.edit_build is not None]
    if edits:
        edit_rows = [
            f"| {r.size:,} | {r.build.seconds:.2f} ({r.build.cpu_seconds:.1f}) "
            f"| {r.edit_check.seconds:.2f} ({r.edit_check.cpu_seconds:.1f}) "
            f"| {r.edit_build.seconds:.2f} ({r.edit_build.cpu_seconds:.1f}) "
            f"| {r.edit_build.peak_rss_bytes / 1e6:.0f} |"
            for r in edits
            if r.edit_check is not None and r.edit_build is not None
        ]
        table += (
            "\n\n| size | full build s (CPU s) | check after one edit s (CPU s) "
            "| build after one edit s (CPU s) "
            "| its peak MB |\n|---:|---:|---:|---:|---:|\n" + "\n".join(edit_rows)
        )
    peers = [r for r in results if r.peer is not None]
    if not peers:
        return table
    peer_header = (
        "| size | jixiao build s (CPU s) | jixiao peak MB | MkDocs + Material s (CPU s) "
        "| its peak MB | jixiao / MkDocs, wall (CPU) | + Material search s | its peak MB |"
    )
    peer_rule = "|---:|---:|---:|---:|---:|---:|---:|---:|"
    peer_rows = []
    for r in peers:
        assert r.peer is not None
        searching = (
            f"{r.peer_search.seconds:.2f} | {r.peer_search.peak_rss_bytes / 1e6:.0f}"
            if r.peer_search
            else "– | –"
        )
        cpu_ratio = r.build.cpu_seconds / r.peer.cpu_seconds if r.peer.cpu_seconds else 0.0
        peer_rows.append(
            f"| {r.size:,} | {r.build.seconds:.2f} ({r.build.cpu_seconds:.1f}) "
            f"| {r.build.peak_rss_bytes / 1e6:.0f} "
            f"| {r.peer.seconds:.2f} ({r.peer.cpu_seconds:.1f}) "
            f"| {r.peer.peak_rss_bytes / 1e6:.0f} | {r.ratio:.2f} ({cpu_ratio:.2f}) "
            f"| {searching} |"
        )
    return "\n\n".join([table, "\n".join([peer_header, peer_rule, *peer_rows])])


def evaluations_table(results: Sequence[Result]) -> str:
    """Each size with and without self-evaluations, wall (CPU) seconds, and the ratio to the
    same size without any (share 0) measured in the same run."""
    header = (
        "| size | self-evaluations | check cold s (CPU) | build s (CPU) "
        "| check × (CPU ×) | build × (CPU ×) |"
    )
    rows = [header, "|---:|---:|---:|---:|---:|---:|"]
    base = {r.size: r for r in results if r.evaluations == 0}
    for r in results:
        plain = base.get(r.size)

        def times(run: Run, plain_run: Run | None) -> str:
            if plain_run is None or not plain_run.seconds or not plain_run.cpu_seconds:
                return "—"
            return (
                f"{run.seconds / plain_run.seconds:.2f} "
                f"({run.cpu_seconds / plain_run.cpu_seconds:.2f})"
            )

        rows.append(
            f"| {r.size:,} | {round(r.size * r.evaluations):,} "
            f"| {r.check_cold.seconds:.2f} ({r.check_cold.cpu_seconds:.1f}) "
            f"| {r.build.seconds:.2f} ({r.build.cpu_seconds:.1f}) "
            f"| {times(r.check_cold, plain.check_cold if plain else None)} "
            f"| {times(r.build, plain.build if plain else None)} |"
        )
    return "\n".join(rows)


def weights_table(results: Sequence[Result]) -> str:
    """Page weights in KB (10**3 bytes): HTML, and HTML with the site's CSS and scripts."""
    names = list(results[0].weights) if results else []
    sizes = " | ".join(f"{r.size:,} 个项目 HTML / 含样式与脚本" for r in results)
    header = f"| 页面 | {sizes} |"
    rule = "|---|" + "---:|" * len(results)
    rows = []
    for name in names:
        shown = [r.weights[name] for r in results]
        cells = " | ".join(
            f"{w.html_bytes / 1e3:.0f} / {w.with_assets_bytes / 1e3:.0f}" for w in shown
        )
        rows.append(f"| {name} | {cells} |")
    return "\n".join([header, rule, *rows])


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time jixiao check/build on synthetic content trees of several sizes."
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[1000, 10000],
        metavar="N",
        help="numbers of declarations (default: 1000 10000)",
    )
    parser.add_argument(
        "--jixiao",
        metavar="PATH",
        help="the jixiao executable (default: .venv/bin/jixiao, else jixiao on PATH)",
    )
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write results as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    parser.add_argument(
        "--workdir",
        type=Path,
        metavar="DIR",
        help="where to create the temporary directories (default: the system temp dir)",
    )
    parser.add_argument(
        "--layouts",
        choices=("mixed", *synth.LAYOUTS),
        default="shanghai",
        help="the synthetic declarations' layouts (default: shanghai; mixed: every layout)",
    )
    parser.add_argument(
        "--cold-build",
        action="store_true",
        help="clear the cache before the build too (default: build after check, as `make site`)",
    )
    parser.add_argument(
        "--vs-mkdocs",
        action="store_true",
        help="also build the same pages with plain MkDocs + Material (search off) in the same run",
    )
    parser.add_argument(
        "--peer-search",
        action="store_true",
        help="also build them with plain MkDocs + Material and Material's own search",
    )
    parser.add_argument(
        "--edit",
        action="store_true",
        help="after the build, edit one declaration and time check + build again",
    )
    parser.add_argument(
        "--evaluations",
        type=float,
        nargs="+",
        default=[0.0],
        metavar="SHARE",
        help="share of declarations given a self-evaluation (synth.py --evaluations); several "
        "shares measure each size once per share in the same run (e.g. 0 1.0)",
    )
    args = parser.parse_args(argv)
    if any(not 0 <= share <= 1 for share in args.evaluations):
        parser.error("--evaluations must be between 0 and 1")
    if any(n <= 0 for n in args.sizes):
        parser.error("--sizes must be positive")
    return args


def _terminated(signum: int, _frame: object) -> None:
    # Unwind like Ctrl-C, so the running command is stopped and the temp dir removed.
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminated)
    jixiao = find_jixiao(args.jixiao)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    for size, share in ((n, e) for n in args.sizes for e in args.evaluations):
        if len(args.evaluations) > 1:
            progress(f"[{size}] self-evaluations for {share:.0%} of the declarations")
        try:
            result = bench_size(
                size,
                jixiao,
                args.seed,
                args.workdir,
                args.keep,
                args.cold_build,
                args.vs_mkdocs,
                args.peer_search,
                args.edit,
                args.layouts,
                share,
            )
        except KeyboardInterrupt:
            print(f"benchmark: interrupted at size {size}", file=sys.stderr)
            return 130
        except CommandFailed as exc:
            print(
                f"benchmark: `{' '.join(exc.argv)}` ({exc.label}, size {size}) "
                f"failed with exit code {exc.returncode}; end of its stderr:\n{exc.stderr_tail}",
                file=sys.stderr,
            )
            return 1
        results.append(result)
        for name in result.search.missing:
            progress(f"[{size}] warning: {name} not found in the built site")
        if result.workdir:
            progress(f"[{size}] kept {result.workdir}")

    print(markdown_table(results))
    print()
    if len(args.evaluations) > 1:
        print(evaluations_table(results))
        print()
    print(weights_table(results))
    if args.json:
        report = {
            "jixiao": str(jixiao),
            "seed": args.seed,
            "cold_build": args.cold_build,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "results": [r.to_json() for r in results],
        }
        args.json.write_text(
            json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
