"""Where the time of `jixiao build` goes, phase by phase, in a full build and after one edit.

    python benchmarks/edit_phases.py DIR [--count 2000] [--git] [--timeline]

Generates DIR/content with synth.py (once; `--git` commits it, so that the site's 修订记录 are
loaded as in a real repository), builds it with a cache folder DIR/cache, edits one declaration
(benchmark.edit_one_declaration) and builds again, in this process. For each build it prints the
wall and CPU seconds (this process only: Pagefind and the workbook's process are children, see
the children line) of each phase, timed by wrapping the functions that make it up; with
`--timeline`, also when each step starts and ends (the critical path: what the build waits for).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from benchmark import edit_one_declaration  # noqa: E402  (sibling scripts)

PHASES: dict[str, list[float]] = {}
# (seconds since the build started, what happened): where the build waits, and for what.
EVENTS: list[tuple[float, str]] = []
STARTED = [0.0, 0.0]  # perf_counter and time.time() when the build started
PAGES_BUILT = [0]


def _event(label: str) -> None:
    EVENTS.append((time.perf_counter() - STARTED[0], label))


def _timed(owner: Any, name: str, label: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    def add(wall: float, cpu: float) -> None:
        spent = PHASES.setdefault(label, [0.0, 0.0])
        spent[0] += time.perf_counter() - wall
        spent[1] += time.process_time() - cpu

    def timed_items(items: Iterator[Any]) -> Iterator[Any]:
        # A generator's work happens as it is consumed, not when it is called.
        while True:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                item = next(items)
            except StopIteration:
                add(wall, cpu)
                return
            add(wall, cpu)
            yield item

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            result = original(*args, **kwargs)
        finally:
            add(wall, cpu)
        return timed_items(result) if isinstance(result, Generator) else result

    setattr(owner, name, wrapper)


def _instrument() -> None:
    from generator.load import corpus
    from generator.site import background, mkdocs_plugin, render, search_index, writer

    _timed(corpus, "load_corpus", "load_corpus")
    _timed(mkdocs_plugin, "load_history", "load_history")
    for step in (
        "_prepare",
        "_project_pages",
        "_evaluation_only_pages",
        "_group_pages",
        "_overview_pages",
        "_project_table_pages",
        "_group_index_pages",
        "_about_pages",
    ):
        _timed(render, step, f"render_site.{step}")
    _timed(mkdocs_plugin, "render_site", "render_site")
    _timed(writer, "build", "mkdocs build (incl. on_config)")
    # The downloads and the workbook: made by the background process, linked in at the end.
    _timed(background.DeferredFiles, "copy_into", "wait for downloads + link")
    _timed(search_index.SearchIndexer, "finish", "search index: wait at the end")
    _timed(search_index, "_run_pagefind", "search index: pagefind runs")
    _timed(writer, "remove_stale_staging", "remove stale staging")


def _mark(owner: Any, name: str, label: str) -> None:
    """Notes when `owner.name` starts and returns (with its first argument, for a part)."""
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        which = f" {args[1]}" if len(args) > 1 and isinstance(args[1], int) else ""
        _event(f"{label}{which} starts")
        try:
            return original(*args, **kwargs)
        finally:
            _event(f"{label}{which} ends")

    setattr(owner, name, wrapper)


def _timeline() -> None:
    from mkdocs.commands import build as mkdocs_build

    from generator.load import corpus
    from generator.site import background, mkdocs_plugin, search_index

    _mark(corpus, "load_corpus", "load_corpus")
    _mark(mkdocs_plugin, "render_site", "render_site")
    _mark(search_index.SearchIndexer, "_index_part", "search part")
    _mark(mkdocs_plugin.JixiaoPlugin, "on_post_build", "on_post_build")
    copy_into = background.DeferredFiles.copy_into

    def finished_when(files: background.DeferredFiles, site_dir: Path) -> None:
        if files.process is not None:
            files.process.join()  # what copy_into waits for first; then its files are there
        made = [path for path in Path(files.folder).rglob("*") if path.is_file()]
        for path in made:
            if path.suffix == ".xlsx":
                at = path.stat().st_mtime - STARTED[1]
                EVENTS.append((at, "the background process wrote the workbook"))
        if made:
            at = max(path.stat().st_mtime for path in made) - STARTED[1]
            EVENTS.append((at, "the background process wrote its last file"))
        copy_into(files, site_dir)

    setattr(background.DeferredFiles, "copy_into", finished_when)  # noqa: B010
    _mark(background.DeferredFiles, "copy_into", "wait for the background process")
    pages = mkdocs_build._build_page

    def first_page(*args: Any, **kwargs: Any) -> Any:
        if PAGES_BUILT[0] == 0:
            _event("MkDocs builds its first page")
        PAGES_BUILT[0] += 1
        return pages(*args, **kwargs)

    mkdocs_build._build_page = first_page


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _count_collections() -> None:
    """Adds the time of Python's garbage collections, by generation, to PHASES."""
    import gc

    started = [0.0, 0.0]

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[:] = [time.perf_counter(), time.process_time()]
            return
        spent = PHASES.setdefault(f"garbage collection, generation {info['generation']}", [0, 0])
        spent[0] += time.perf_counter() - started[0]
        spent[1] += time.process_time() - started[1]

    gc.callbacks.append(callback)


def _build(content: Path, site: Path, cache: Path | None) -> None:
    from generator.load.corpus import load_corpus
    from generator.site.writer import build_site

    PHASES.clear()
    EVENTS.clear()
    PAGES_BUILT[0] = 0
    STARTED[:] = [time.perf_counter(), time.time()]
    wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    loaded = load_corpus(content, cache)
    assert loaded.ok
    build_site(loaded, config_file=REPO / "mkdocs.yml", site_dir=site, cache_dir=cache)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    children = _children_cpu() - children
    print(f"  total: wall {wall:.2f} s, CPU {cpu:.2f} s (+ children {children:.2f} s)")
    for label, (w, c) in PHASES.items():
        print(f"    {label:40} wall {w:7.2f} s  CPU {c:7.2f} s")
    if EVENTS:
        print("  timeline (s since the build started):")
        for at, label in sorted(EVENTS):
            print(f"    {at:7.2f}  {label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--git", action="store_true", help="commit the content (history)")
    parser.add_argument("--skip-first", action="store_true", help="cache already warm")
    parser.add_argument("--timeline", action="store_true", help="when each step starts and ends")
    parser.add_argument(
        "--python-gc",
        action="store_true",
        help="Python's default garbage collection thresholds, not those of the jixiao command",
    )
    args = parser.parse_args()
    if not args.python_gc:
        from generator.cli import collect_fully_less_often

        collect_fully_less_often()  # as `jixiao build` does
    content = args.dir / "content"
    if not content.exists():
        subprocess.run(
            [sys.executable, str(HERE / "synth.py"), str(content), "--count", str(args.count)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        if args.git:
            for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "synthetic"]):
                subprocess.run(
                    ["git", "-c", "user.name=b", "-c", "user.email=b@example.org", *command],
                    cwd=content,
                    check=True,
                )
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    _instrument()
    _count_collections()
    if args.timeline:
        _timeline()
    if not args.skip_first:
        print("build with cache:")
        _build(content, args.dir / "site", args.dir / "cache")
    edited = edit_one_declaration(content)
    print(f"after editing {edited.relative_to(content)}:")
    _build(content, args.dir / "site", args.dir / "cache")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
