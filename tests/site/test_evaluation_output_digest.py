"""Every output of content with self-evaluations, byte for byte, as digests.

The pages and downloads of evaluations have no golden files of their own (tests/golden covers
the shipped content, which has none), and the work that makes them is tuned for speed: a
faster template, export or analysis must give the same bytes. Two corpora: synthetic content in
every layout where most projects have a 自评表 (met, unmet, full marks unmet, changed targets),
and the shipped content with the hand-made sample and self-evaluations without a declaration
(test_evaluation_gaps.py). Their rendered sources, downloads, workbook and `check` problems are
hashed and compared with tests/golden/evaluation_digests.json.

After an intended change of these outputs, run
`pytest tests/site/test_evaluation_output_digest.py --update-golden` and look at what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from generator.load.corpus import load_corpus
from generator.site.export_xlsx import projects_xlsx
from generator.site.render import render_site
from tests.conftest import CONTENT
from tests.site.test_evaluation_gaps import write_evaluations
from tests.support.paths import REPO, TESTS

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path

GOLDEN = TESTS / "golden" / "evaluation_digests.json"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _outputs(root: Path) -> dict[str, str]:
    corpus = load_corpus(root)
    assert corpus.evaluations
    sources = render_site(corpus)
    digests = {f"page:{name}": _digest(text.encode()) for name, text in sources.pages.items()}
    digests.update({f"file:{name}": _digest(data) for name, data in sources.files.items()})
    digests["file:data/projects.xlsx"] = _digest(projects_xlsx(corpus))
    problems = "\n".join(d.format() for d in corpus.diagnostics)
    # The folder is a new temporary one every run: its path is not part of the output.
    problems = problems.replace(os.path.relpath(root), "ROOT").replace(str(root), "ROOT")
    digests["check"] = _digest(problems.encode())
    return dict(sorted(digests.items()))


@pytest.fixture(scope="module")
def digests(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    folder = tmp_path_factory.mktemp("evaluation-digests")
    synthetic = folder / "synthetic"
    synth.generate(synthetic, 90, years=(2024, 2025), layouts="mixed", evaluations=0.8)
    shipped = folder / "shipped"
    shutil.copytree(CONTENT, shipped)
    write_evaluations(shipped)
    return {"synthetic": _outputs(synthetic), "shipped": _outputs(shipped)}


def test_evaluation_outputs_are_unchanged(
    digests: dict[str, dict[str, str]], request: pytest.FixtureRequest
) -> None:
    if request.config.getoption("--update-golden"):
        GOLDEN.write_text(json.dumps(digests, indent=1, ensure_ascii=False) + "\n", "utf-8")
        return
    expected = json.loads(GOLDEN.read_text("utf-8"))
    for corpus, outputs in digests.items():
        changed = sorted(
            name
            for name in outputs.keys() | expected[corpus].keys()
            if outputs.get(name) != expected[corpus].get(name)
        )
        assert not changed, f"{corpus}: {changed[:20]}"
