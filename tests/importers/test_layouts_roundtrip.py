"""Round trip for every layout: synthetic declarations of all layouts (synth.py --layouts
mixed) printed as their layouts print them and imported again come back unchanged.

`form_text` prints the Shanghai form (with the budget system's split columns when it has them),
the 项目支出绩效目标表 and the central 项目绩效目标表; `department_table_text` prints one
部门预算项目绩效目标申报表 for the projects of several departments. The forms are mixed in one
text file, as a budget document mixes them.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from generator.core.layouts import DEPARTMENT_TABLE
from generator.core.model import Declaration
from generator.importers.run import Importer
from generator.load.corpus import load_corpus
from tests.support.form_text import form_text
from tests.support.form_text_layouts import department_table_text
from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path


def test_every_layout_imports_back(tmp_path: Path) -> None:
    synth.generate(tmp_path / "synth", 400, seed=11, years=(2024, 2025), layouts="mixed")
    corpus = load_corpus(tmp_path / "synth")
    assert corpus.diagnostics == []
    unique: dict[tuple[int, str, str], Declaration] = {}
    for project in corpus.projects:  # synth repeats names; a repeat is the same project
        decl = project.declaration
        unique.setdefault((decl.year, decl.department, decl.name), decl)
    layouts = Counter(
        (d.layout, any(i.weight is not None for _, _, i in d.indicator_rows()))
        for d in unique.values()
    )
    assert len(layouts) == 5, layouts  # Shanghai, split columns, provincial, central, table
    tables: dict[tuple[int, str], list[Declaration]] = {}
    texts = []
    for decl in unique.values():
        if decl.layout == DEPARTMENT_TABLE.key:
            tables.setdefault((decl.year, decl.unit.value), []).append(decl)
        else:
            texts.append(form_text(decl))
    texts += [department_table_text(group) for group in tables.values()]
    source = tmp_path / "forms.txt"
    source.write_text("\n".join(texts), encoding="utf-8")
    report = Importer(tmp_path / "content").import_file(source)
    assert [f.errors for f in report.forms if f.errors] == []
    assert [c.text for f in report.forms for c in f.unplaced] == [] and report.outside == []
    back = load_corpus(tmp_path / "content")
    assert back.diagnostics == []
    got = {(d.year, d.department, d.name): d for d in (p.declaration for p in back.projects)}
    assert got == unique
