"""How long `jixiao check` and `jixiao build` take on large synthetic content trees.

    python benchmarks/benchmark.py [--sizes 1000 10000] [--jixiao PATH] [--json FILE] [--keep]
                                   [--layouts mixed]

For each size: generate declarations with synth.py into a temporary directory, then run, as
separate processes, `jixiao check` with a cold cache, again with a warm one, and `jixiao build`
(including the Pagefind index). Reports wall time, peak resident memory of each process,
the size of the built site and what a visitor downloads for their first search.
MB and KB are 10**6 and 10**3 bytes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
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
    return Run(seconds=elapsed, peak_rss_bytes=_maxrss_bytes(usage.ru_maxrss))


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
    layouts: str = "shanghai",
) -> Result:
    workdir = Path(tempfile.mkdtemp(prefix=f"jixiao-bench-{size}-", dir=parent))
    try:
        content, site, cache, logs = (workdir / n for n in ("content", "site", "cache", "logs"))
        logs.mkdir()
        progress(f"[{size}] generating in {workdir}")
        started = time.perf_counter()
        synth.generate(content, size, seed=seed, layouts=layouts)
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
    args = parser.parse_args(argv)
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
    for size in args.sizes:
        try:
            result = bench_size(
                size, jixiao, args.seed, args.workdir, args.keep, args.cold_build, args.layouts
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
