"""The synthetic generator's self-evaluations: the readings and flags they were made to give."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from generator.core.evaluation_analysis import Reading
from generator.load.corpus import load_corpus
from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path


def test_synthetic_evaluations_give_the_readings_they_were_made_with(tmp_path: Path) -> None:
    root = tmp_path / "content"
    declarations = synth.generate(root, 160, years=(2024, 2025), evaluations=0.5)
    expected = json.loads((tmp_path / "content-evaluations.json").read_text("utf-8"))
    corpus = load_corpus(root)
    assert corpus.ok, [d.format() for d in corpus.diagnostics if d.severity.value == "错误"][:5]
    assert len(corpus.projects) == len(declarations)
    assert len(corpus.evaluations) == expected["evaluations"]
    assert 50 <= expected["evaluations"] <= 110  # about half
    assert expected["unmet"] > 0 and expected["full_marks_unmet"] > 0
    assert expected["changed_targets"] > 0
    for evaluated in corpus.evaluations:
        counts = expected["by_file"][evaluated.id]
        analysis = evaluated.analysis
        assert evaluated.declaration is not None
        assert analysis.count(Reading.MET) == counts["met"], evaluated.id
        assert analysis.count(Reading.UNMET) == counts["unmet"], evaluated.id
        assert analysis.count(Reading.SELF_REPORTED) == counts["self_reported"], evaluated.id
        assert analysis.count(Reading.UNKNOWN) == 0
        assert analysis.full_marks_unmet_count == counts["full_marks_unmet"], evaluated.id
        assert analysis.changed_target_count == counts["changed"], evaluated.id
        assert analysis.missing == [] and analysis.unmatched == []
        assert analysis.grade_by_total == evaluated.evaluation.grade
        assert analysis.computed_total == evaluated.evaluation.total_score
    flagged = [
        d
        for d in load_corpus(root, models=False).diagnostics
        if d.code == "evaluation-full-marks-unmet"
    ]
    assert len(flagged) == expected["full_marks_unmet"]


def test_declarations_are_the_same_with_or_without_evaluations(tmp_path: Path) -> None:
    plain = synth.generate(tmp_path / "a", 30)
    with_evaluations = synth.generate(tmp_path / "b", 30, evaluations=1.0)
    for a, b in zip(plain, with_evaluations, strict=True):
        assert a.read_bytes() == b.read_bytes()
    assert len(list((tmp_path / "b").rglob("*.自评.yaml"))) == 30
