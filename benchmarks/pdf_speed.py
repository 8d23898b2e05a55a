"""How fast `jixiao import` reads a department-budget PDF: pages per second.

    python benchmarks/pdf_speed.py [--pages 60] [--repeat 3]

Builds a budget PDF of `pages` pages with the test builders (tests/support/pdf_fixtures.py): a
cover, an explanatory page, two budget tables, then projects in turn until the pages are used up,
each with its 项目经费情况说明 and its form (2026 layout ruled, unruled in 万元, a ruled form over
two pages, the older layout with its narrative above the title). Then times `jixiao import` of it
into a new content directory, in process (`Importer.import_file`: reading, recognising,
writing the YAML files) and as the command a user runs (a new process, start-up included).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.importers.run import Importer  # noqa: E402
from tests.support import import_fixtures as fx  # noqa: E402  (the builders the tests use)
from tests.support import pdf_fixtures as pf  # noqa: E402

Project = tuple[Callable[[], pf.Data], int]  # a declaration and the pages it takes


def build(path: Path, pages: int) -> int:
    """The budget PDF; returns the number of forms in it."""
    pdf = pf.BudgetPdf(path)
    pdf.cover("上海市东海区建设和管理委员会 2026 年部门预算")
    pdf.paragraphs(
        "编制说明", ["本部门 2026 年部门预算包括收支总表、项目支出预算表和项目绩效目标。"]
    )
    pdf.budget_table("2026 年部门收支总表", [["项目", "本年收入", "本年支出"]])
    pdf.budget_table("2026 年项目支出预算表", [["项目", "金额（元）", "备注"]])
    kinds: list[Project] = [(pf.bridge, 2), (pf.greening, 2), (pf.lighting, 3), (pf.sidewalks, 1)]
    forms = 0
    while True:
        for make, needed in kinds:
            if pdf.number + needed > pages:
                # Fill what is left with prose pages, so that the PDF has exactly `pages`.
                while pdf.number < pages:
                    pdf.paragraphs("名词解释", ["一般公共预算拨款：指区级财政当年拨付的资金。"])
                pdf.save()
                return forms
            forms += 1
            data = make()
            data["项目名称"] = f"{data['项目名称']}（{forms}）"
            name = data["项目名称"]
            if make is pf.sidewalks:
                pdf.form(
                    pf.table_only(fx.form_grid(data)),
                    above=["项目经费情况说明", f"{name}：2026年预算安排为500,000.00元。"],
                )
                continue
            total = data["年度资金"]["年度资金申请总额"]
            unit = data["资金单位"]
            pdf.paragraphs(
                "项目经费情况说明", pf.narrative_lines(name, f"年度预算 {total} {unit}。")
            )
            if make is pf.bridge:
                pdf.form(pf.grid_2026(data))
            elif make is pf.greening:
                pdf.form(pf.table_only(fx.form_grid(data)), pf.FormStyle(ruled=False))
            else:
                style = pf.FormStyle(break_before="设施完好率")
                pdf.form(pf.table_only(fx.form_grid(data)), style)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3, help="in-process runs; the best counts")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jixiao-pdf-") as tmp:
        work = Path(tmp)
        path = work / "budget.pdf"
        forms = build(path, args.pages)
        size = path.stat().st_size / 1e6
        best = float("inf")
        for run in range(args.repeat):
            started = time.perf_counter()
            report = Importer(work / f"content-{run}").import_file(path)
            best = min(best, time.perf_counter() - started)
        created = sum(1 for f in report.forms if f.action == "新建")
        unplaced = sum(len(f.unplaced) for f in report.forms) + len(report.outside)
        print(
            f"in process: {args.pages} pages ({forms} forms, {size:.1f} MB) in {best:.2f} s "
            f"= {args.pages / best:.1f} pages/s (best of {args.repeat}); "
            f"{created} forms created, {unplaced} cells not placed"
        )
        jixiao = Path(sys.executable).with_name("jixiao")
        started = time.perf_counter()
        result = subprocess.run(
            [str(jixiao), "import", str(path), "--content", str(work / "content-cli")],
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - started
        print(
            f"jixiao import (new process): {elapsed:.2f} s = {args.pages / elapsed:.1f} pages/s, "
            f"exit code {result.returncode}; {result.stdout.splitlines()[-2]}"
        )
        if created != forms or unplaced or result.returncode:
            print(result.stdout, file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
