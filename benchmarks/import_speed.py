"""How fast `jixiao import` reads text exports: forms per second on synthetic declarations.

    python benchmarks/import_speed.py [--count 1000] [--files 1] [--seed 2024]
                                      [--layouts shanghai provincial budget central table]

For each layout: generates `count` declarations in that layout with synth.py, prints each as a
text export the way its layout prints it (`tests.support.form_text.form_text`; the one-table
department layout with `form_text_layouts.department_table_text`), spreads them over
`files` text files and times `Importer.import_file` on them into a new content directory
(recognising the forms, writing the YAML files and the registry). A second run over the same
files, where every form is unchanged, is timed too.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # the test support that lays forms out (tests/support)

import synth  # noqa: E402  (a sibling script)

from generator.core.model import Declaration  # noqa: E402
from generator.importers.run import Importer  # noqa: E402
from generator.load.corpus import load_corpus  # noqa: E402
from tests.support.form_text import form_text  # noqa: E402
from tests.support.form_text_layouts import department_table_text  # noqa: E402


def make_sources(
    work: Path, count: int, files: int, seed: int, layout: str = "shanghai"
) -> list[Path]:
    synth.generate(work / "synth", count, seed=seed, layouts=layout)
    declarations = []
    seen: set[tuple[int, str, str]] = set()
    for project in load_corpus(work / "synth").projects:
        declaration = project.declaration
        # synth.py repeats names within a department; the importer would rightly take a
        # repeat for the same project. Number the repeats so that every form is a project.
        name, number = declaration.name, 1
        while (declaration.year, declaration.department, name) in seen:
            number += 1
            name = f"{declaration.name}（{number}）"
        seen.add((declaration.year, declaration.department, name))
        declarations.append(declaration.model_copy(update={"name": name}))
    per_file = -(-len(declarations) // files)
    paths = []
    for number in range(files):
        chunk = declarations[number * per_file : (number + 1) * per_file]
        path = work / f"forms-{number + 1:03d}.txt"
        if layout == "table":  # one department table per year and unit of money
            tables: dict[tuple[int, str], list[Declaration]] = {}
            for decl in chunk:
                tables.setdefault((decl.year, decl.unit.value), []).append(decl)
            text = "\n".join(department_table_text(group) for group in tables.values())
        else:
            text = "\n".join(form_text(d) for d in chunk)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def run(paths: Sequence[Path], content: Path) -> tuple[float, dict[str, int]]:
    importer = Importer(content)
    started = time.perf_counter()
    reports = [importer.import_file(path) for path in paths]
    elapsed = time.perf_counter() - started
    actions: dict[str, int] = {}
    for report in reports:
        for form in report.forms:
            actions[form.action] = actions.get(form.action, 0) + 1
    return elapsed, actions


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="number of forms")
    parser.add_argument("--files", type=int, default=1, help="number of text files")
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    parser.add_argument("--layouts", nargs="+", choices=synth.LAYOUTS, default=list(synth.LAYOUTS))
    args = parser.parse_args(argv)
    for layout in args.layouts:
        with tempfile.TemporaryDirectory(prefix="jixiao-import-") as tmp:
            work = Path(tmp)
            paths = make_sources(work, args.count, args.files, args.seed, layout)
            size = sum(p.stat().st_size for p in paths) / 1e6
            forms = 0
            for label in ("first import", "re-import (unchanged)"):
                elapsed, actions = run(paths, work / "content")
                forms = sum(actions.values())
                summary = ", ".join(f"{k} {v}" for k, v in sorted(actions.items()))
                print(
                    f"[{layout}] {label}: {forms} forms from {len(paths)} file(s), "
                    f"{size:.1f} MB, in {elapsed:.2f} s = {forms / elapsed:,.0f} forms/s "
                    f"({summary})"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
