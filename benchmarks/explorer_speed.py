"""How big the explorer's data is and how fast it filters, at 1,000 and 10,000 projects.

    python benchmarks/explorer_speed.py [--sizes 1000 10000] [--repeat 10] [--json FILE]
                                        [--workdir DIR | --site SITE...]

For each size: generate declarations with synth.py (two years), build the real site (MkDocs and
Pagefind, in this process), serve it on 127.0.0.1 and open explorer/ in Debian's headless
chromium (/usr/bin/chromium, through Playwright). Reports

- the bytes of data/explorer.json and of the explorer page (which carries no table: a reader
  without JavaScript is sent to the paginated all-projects tables), raw and gzip-compressed
  (level 6, a common server setting);
- the time from navigation start until the explorer is ready, i.e. its filters are usable
  (data fetched, parsed and the first table rendered: the script's `jx-explorer-ready`
  performance mark), against a budget of 1 s, with DOMContentLoaded and load for reference;
- for each kind of filter change, the time inside the page from setting the control and
  dispatching its `input` event until the table, count and total are rendered and laid out
  (render() is synchronous; reading offsetHeight forces style and layout), and until the next
  animation frame (an upper bound that includes waiting for the frame). Every run changes the
  result (it alternates between two values), so no run is a no-op.

Sizes are bytes (KB = 10**3). Times are milliseconds, median and maximum over --repeat runs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import synth  # noqa: E402  (a sibling script, not an installed package)

# The same browser, flags and static server as the browser tests.
from tests.support.browser_support import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

YEARS = (2024, 2025)
BUDGET_MS = 100.0
READY_BUDGET_MS = 1000.0

# One filter change inside the page. `change` runs in the page and must change the table.
MEASURE = """async (change) => {
  const root = document.getElementById("jx-explorer");
  const form = root.querySelector("form");
  const set = (name, value) => {
    const control = form.elements.namedItem(name);
    control.value = value;
    control.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const t0 = performance.now();
  if (change.click) {
    root.querySelector(`th[data-sort="${change.click}"]`).click();
  } else {
    set(change.name, change.value);
  }
  const t1 = performance.now();
  void document.body.offsetHeight;
  const t2 = performance.now();
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const t3 = performance.now();
  return {
    script: t1 - t0,
    laid_out: t2 - t0,
    next_frame: t3 - t0,
    count: root.querySelector("[data-jx-count]").textContent,
    rows: root.querySelectorAll("tbody tr").length,
  };
}"""


# Back to all projects in the default order, before each kind of change.
RESET = """() => {
  const form = document.querySelector("#jx-explorer form");
  for (const control of form.elements) control.value = "";
  form.dispatchEvent(new Event("input", { bubbles: true }));
}"""


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def build(workdir: Path, size: int) -> tuple[Path, float, float]:
    """Generates `size` projects and builds the site; (site, generate s, build s)."""
    from generator.load.corpus import load_corpus
    from generator.site.writer import build_site

    content = workdir / "content"
    site = workdir / "site"
    started = time.perf_counter()
    synth.generate(content, size, years=YEARS)
    generated = time.perf_counter()
    corpus = load_corpus(content)
    if not corpus.ok:
        raise SystemExit("explorer_speed: the synthetic content does not pass jixiao check")
    build_site(corpus, config_file=REPO / "mkdocs.yml", site_dir=site)
    return site, generated - started, time.perf_counter() - generated


def changes(data: dict[str, Any]) -> list[tuple[str, list[dict[str, str]]]]:
    """(label, the two changes a run alternates between) for each kind of filter."""
    by_department: dict[int, int] = {}
    for row in data["rows"]:
        by_department[row[3]] = by_department.get(row[3], 0) + 1
    largest = data["departments"][max(by_department, key=lambda d: by_department[d])]

    def toggle(name: str, value: str, other: str = "") -> list[dict[str, str]]:
        return [{"name": name, "value": value}, {"name": name, "value": other}]

    return [
        ("年度：全部 ↔ 一年", toggle("year", str(data["years"][0]))),
        ("主管部门：全部 ↔ 项目最多的部门", toggle("department", largest)),
        ("文字：空 ↔ “经费”", toggle("q", "经费")),
        ("文字：“经费” ↔ “经费 教育”", toggle("q", "经费 教育", "经费")),
        ("金额下限：空 ↔ 100 万元", toggle("min", "100万")),
        ("按金额排序：升 ↔ 降（全部项目）", [{"click": "amount"}, {"click": "amount"}]),
        ("按项目名称排序：升 ↔ 降（全部项目）", [{"click": "name"}, {"click": "name"}]),
    ]


def measure_page(base: str, repeat: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(base + "explorer/", wait_until="load")
            page.wait_for_selector("#jx-explorer.jx-explorer-ready", timeout=60_000)
            ready = page.evaluate(
                "() => performance.getEntriesByName('jx-explorer-ready')[0]?.startTime ?? null"
            )
            navigation = page.evaluate(
                "() => { const n = performance.getEntriesByType('navigation')[0];"
                " return {dom: n.domContentLoadedEventEnd, load: n.loadEventEnd}; }"
            )
            data = json.loads(
                page.evaluate("() => fetch('../data/explorer.json').then(r => r.text())")
            )
            results: dict[str, Any] = {}
            for label, pair in changes(data):
                page.evaluate(RESET)
                runs = [page.evaluate(MEASURE, pair[i % 2]) for i in range(2 * repeat)]
                counts = {run["count"] for run in runs}
                if len(counts) != 2 and not pair[0].get("click"):
                    raise SystemExit(f"explorer_speed: {label} did not change the table: {counts}")
                results[label] = {
                    key: {
                        "median": statistics.median(run[key] for run in runs),
                        "max": max(run[key] for run in runs),
                    }
                    for key in ("script", "laid_out", "next_frame")
                } | {"counts": sorted(counts), "rows_rendered": max(run["rows"] for run in runs)}
            if errors:
                raise SystemExit(f"explorer_speed: errors in the page: {errors}")
            return {
                "ready_ms": ready,
                "dom_content_loaded_ms": navigation["dom"],
                "load_ms": navigation["load"],
                "changes": results,
            }
        finally:
            browser.close()


def measure(site: Path, repeat: int) -> dict[str, Any]:
    explorer = (site / "data" / "explorer.json").read_bytes()
    html = (site / "explorer" / "index.html").read_bytes()
    with serve(site) as base:
        timings = measure_page(base, repeat)
    return {
        "projects": len(json.loads(explorer)["rows"]),
        "explorer_json_bytes": len(explorer),
        "explorer_json_gzip_bytes": gzip_size(explorer),
        "explorer_html_bytes": len(html),
        "explorer_html_gzip_bytes": gzip_size(html),
        **timings,
    }


def kb(n: int) -> str:
    return f"{n / 1000:,.1f} KB"


def report(result: dict[str, Any]) -> str:
    size = result["projects"]
    ready = result["ready_ms"]
    built = (
        f" (generated in {result['generate_seconds']} s, built in {result['build_seconds']} s)"
        if "build_seconds" in result
        else ""
    )
    lines = [
        f"== {size:,} projects{built}",
        f"data/explorer.json   {kb(result['explorer_json_bytes']):>12}, gzip "
        f"{kb(result['explorer_json_gzip_bytes']):>10} "
        f"({result['explorer_json_bytes'] / size:.0f} B a project)",
        f"explorer/index.html  {kb(result['explorer_html_bytes']):>12}, gzip "
        f"{kb(result['explorer_html_gzip_bytes']):>10} (no table: filled from explorer.json)",
        "ready, filters usable (navigation start to the first filtered table): "
        + (
            "no jx-explorer-ready mark"
            if ready is None
            else f"{ready:.0f} ms ({'within' if ready <= READY_BUDGET_MS else 'OVER'} the "
            f"{READY_BUDGET_MS:.0f} ms budget; DOMContentLoaded "
            f"{result['dom_content_loaded_ms']:.0f} ms, load {result['load_ms']:.0f} ms)"
        ),
        "script       laid out     next frame   (ms, median/max)  table rows  change",
    ]
    worst = 0.0
    for label, timing in result["changes"].items():
        script, laid, frame = timing["script"], timing["laid_out"], timing["next_frame"]
        worst = max(worst, laid["max"])
        lines.append(
            f"{script['median']:5.1f}/{script['max']:<6.1f} "
            f"{laid['median']:5.1f}/{laid['max']:<6.1f} "
            f"{frame['median']:5.1f}/{frame['max']:<6.1f}{timing['rows_rendered']:>29}  {label}"
        )
    verdict = "within" if worst <= BUDGET_MS else "OVER"
    lines.append(
        f"slowest change, laid out: {worst:.1f} ms ({verdict} the {BUDGET_MS:.0f} ms budget)"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=10, help="runs of each change (×2)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--workdir", type=Path, help="keep content and sites here (must be empty)")
    parser.add_argument(
        "--site",
        type=Path,
        nargs="+",
        help="measure these built sites instead (e.g. kept with --workdir, after changing the "
        "script: copy theme/assets/ into each site's assets/ first)",
    )
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        raise SystemExit(f"explorer_speed: {CHROMIUM} is missing (make browser)")
    results = []
    if args.site:
        for site in args.site:
            results.append(measure(site, args.repeat))
            print(report(results[-1]), flush=True)
        args.sizes = []
    root = args.workdir or Path(tempfile.mkdtemp(prefix="jixiao-explorer-"))
    try:
        for size in args.sizes:
            site, generate_s, build_s = build(root / str(size), size)
            result = {
                "generate_seconds": round(generate_s, 1),
                "build_seconds": round(build_s, 1),
            } | measure(site, args.repeat)
            print(report(result), flush=True)
            results.append(result)
    finally:
        if args.workdir is None:
            shutil.rmtree(root, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
