"""A province's archive built in shards: each shard's build, the join, and the first search.

    python benchmarks/shards.py --workdir DIR [--count 100000] [--years 2015 … 2024]
                                [--by year | --by departments --groups 10] [--json FILE]

Generates `--count` declarations with synth.py over `--years` into DIR/content (kept: a second
run with the same DIR reuses it), lists the shards (`jixiao shards`) and builds each one as its
own process, one after the other, as a CI matrix would on separate machines
(`jixiao build --shard SPEC --no-cache`); then joins them (`jixiao build --portal`).

For every process: wall seconds, CPU seconds (user + system, children included) and the peak
memory of the whole process tree (the build, Pagefind and the workbook's process sampled together
every 0.2 s from /proc: what one machine must hold), against the issue's 2 GB per machine; as
the sum of PSS (shared pages counted once) and, as an upper bound, of RSS.

Then the joined site is served on 127.0.0.1 and opened in Debian's headless chromium: for a
project of the first shard and one of the last, the search box on the home page gets the
project's name, and the report gives the bytes the browser fetched from typing to the first
result shown, and the milliseconds between them (budget: 1 MB and 1 s). A site of more than
search_index.SCOPE_ABOVE bundles starts its search on the newest year: the report then also
gives what choosing 全部 under 年度 costs on top (`widened`), the search over every shard.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import synth  # noqa: E402  (a sibling script, not an installed package)
from memory_peaks import tree_memory  # noqa: E402  (the same)

from tests.support.browser_support import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

MEMORY_BUDGET_MB = 2000
SEARCH_BYTES_BUDGET = 1_000_000
SEARCH_MS_BUDGET = 1000.0


def _tree_memory_kb(root: int) -> tuple[int, int]:
    """(PSS, RSS) of `root` and every process below it, in KB (memory_peaks.tree_memory)."""
    tree = tree_memory(root).values()
    return sum(m.pss_kb for m in tree), sum(m.rss_kb for m in tree)


def measured(argv: Sequence[str]) -> dict[str, Any]:
    """Runs `argv`; its wall and CPU seconds and the peak memory of its process tree."""
    started = time.perf_counter()
    before = os.times()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_pss = peak_rss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_pss, peak_rss
        while not done.is_set():
            pss, rss = _tree_memory_kb(process.pid)
            peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    done.set()
    sampler.join()
    after = os.times()
    if process.returncode != 0:
        raise SystemExit(f"shards: {' '.join(argv)} failed:\n{err[-3000:]}")
    return {
        "wall_seconds": round(time.perf_counter() - started, 2),
        "cpu_seconds": round(
            (after.children_user - before.children_user)
            + (after.children_system - before.children_system),
            2,
        ),
        "peak_tree_pss_mb": round(peak_pss / 1024),
        "peak_tree_rss_mb": round(peak_rss / 1024),
        "output": out.strip().splitlines()[-1] if out.strip() else "",
    }


def first_search(site: Path, queries: list[str]) -> list[dict[str, Any]]:
    """For each query: bytes fetched and ms from typing it to the first result shown, and the
    shards the shown results come from (a common project name is in every shard)."""
    from playwright.sync_api import sync_playwright

    results = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for query in queries:
                # A new context each time: nothing of the last search is in the browser's cache.
                context = browser.new_context(
                    locale="zh-CN", viewport={"width": 1280, "height": 900}
                )
                page = context.new_page()
                page.goto(base, wait_until="networkidle")
                fetched: list[int] = []
                page.on(
                    "requestfinished",
                    lambda request, into=fetched: into.append(request.sizes()["responseBodySize"]),
                )
                box = page.locator(".md-header .pagefind-ui__search-input")
                box.wait_for()
                started = time.perf_counter()
                box.fill(query)
                _answered(page)
                elapsed = (time.perf_counter() - started) * 1000
                page.wait_for_load_state("networkidle")
                result = {"query": query, "ms_to_result": round(elapsed), **_shown(page, fetched)}
                year = page.locator('#jx-search .jx-search-filters select[name="年度"]')
                scope = year.input_value() if year.count() else ""
                if scope:
                    # The search starts on the newest year: what widening it to 全部 costs.
                    result["scope"] = scope
                    fetched.clear()
                    started = time.perf_counter()
                    year.select_option("")
                    _answered(page)
                    elapsed = (time.perf_counter() - started) * 1000
                    page.wait_for_load_state("networkidle")
                    result["widened"] = {"ms_to_result": round(elapsed), **_shown(page, fetched)}
                results.append(result)
                context.close()
        finally:
            browser.close()
    return results


def _answered(page: Any) -> None:
    """Waits for the first result, or for the message that there is none (a project of an
    older year, with the search on the newest year)."""
    results = page.locator(".pagefind-ui__result-link")
    none = page.locator(".pagefind-ui__message", has_text="没有找到")
    results.or_(none).first.wait_for(timeout=60_000)


def _shown(page: Any, fetched: list[int]) -> dict[str, Any]:
    """The bytes and requests fetched so far and the shards of the results shown."""
    shown = page.locator(".pagefind-ui__result-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    shards = {h.split("/shards/", 1)[1].split("/", 1)[0] for h in shown if "/shards/" in h}
    return {
        "bytes": sum(fetched),
        "requests": len(fetched),
        "results_shown": len(shown),
        "shards_in_results": sorted(shards),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--years", type=int, nargs="+", default=list(range(2015, 2025)))
    parser.add_argument("--by", choices=["year", "departments"], default="year")
    parser.add_argument("--groups", type=int, default=10, help="groups of departments")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    content = args.workdir / "content"
    if not content.exists():
        synth.generate(content, args.count, years=tuple(args.years))
    jixiao = [sys.executable, "-m", "generator.cli"]
    listed = json.loads(
        subprocess.run(
            [*jixiao, "shards", "--content", str(content), "--by", args.by,
             "--count", str(args.groups)],
            capture_output=True, text=True, check=True, cwd=REPO,
        ).stdout
    )  # fmt: skip
    out = args.workdir / "shards"
    report: dict[str, Any] = {"count": args.count, "by": args.by, "shards": {}}
    for shard in listed:
        run = measured(
            [*jixiao, "build", "--content", str(content), "--shard", shard["spec"], "--no-cache",
             "--site-dir", str(out / shard["name"])]
        )  # fmt: skip
        report["shards"][shard["name"]] = run
        print(f"{shard['name']}: {run}", flush=True)
    report["join"] = measured(
        [*jixiao, "build", "--portal", str(out), "--site-dir", str(args.workdir / "site")]
    )
    print(f"join: {report['join']}", flush=True)

    queries = []
    for year in (args.years[0], args.years[-1]):
        path = sorted(content.glob(f"{year}/*/*.yaml"))[0]
        queries.append(
            next(
                line.split(":", 1)[1].strip().strip("'\"")
                for line in path.read_text(encoding="utf-8").splitlines()
                if line.startswith("项目名称:")
            )
        )
    report["first_search"] = first_search(args.workdir / "site", queries)
    builds = list(report["shards"].values())
    report["summary"] = {
        "shard_wall_max_s": max(b["wall_seconds"] for b in builds),
        "shard_wall_median_s": sorted(b["wall_seconds"] for b in builds)[len(builds) // 2],
        "shard_peak_pss_max_mb": max(b["peak_tree_pss_mb"] for b in builds),
        "shard_peak_rss_max_mb": max(b["peak_tree_rss_mb"] for b in builds),
        "join_wall_s": report["join"]["wall_seconds"],
        "join_peak_pss_mb": report["join"]["peak_tree_pss_mb"],
        "search_bytes_max": max(s["bytes"] for s in report["first_search"]),
        "search_ms_max": max(s["ms_to_result"] for s in report["first_search"]),
        "widened_bytes_max": max(
            (s["widened"]["bytes"] for s in report["first_search"] if "widened" in s), default=None
        ),
        "widened_ms_max": max(
            (s["widened"]["ms_to_result"] for s in report["first_search"] if "widened" in s),
            default=None,
        ),
        "budgets": {
            "memory_mb": MEMORY_BUDGET_MB,
            "search_bytes": SEARCH_BYTES_BUDGET,
            "search_ms": SEARCH_MS_BUDGET,
        },
    }
    print(json.dumps(report["summary"], ensure_ascii=False, indent=1))
    print(json.dumps(report["first_search"], ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
