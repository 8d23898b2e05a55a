"""A 自评等级 written out (优秀, 良好) is the common grade it names: the project page flags a grade
only when it names another grade than the score gives, and the explorer's 自评等级 filter finds
优秀 under 优. A grade of local rules (A) is shown as written and never compared."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.load.corpus import load_corpus
from generator.site.evaluation_view import evaluation_view
from generator.site.explorer import explorer_json
from tests.support.paths import REPO

SAMPLE = REPO / "tests/data/evaluation/yiqi-changguan-yunying-jingfei.自评.yaml"  # 93.5, 优
FOLDER = Path("2024/baoshan-zonggonghui")


@pytest.mark.parametrize(
    ("written", "flagged", "filtered_as"),
    [
        ("优", False, "优"),
        ("优秀", False, "优"),
        ("优（93.5分）", False, "优"),
        ("良好", True, "良"),
        ("良", True, "良"),
        ("A", False, None),
    ],
)
def test_a_grade_is_flagged_only_when_it_names_another_grade(
    tmp_path: Path, written: str, flagged: bool, filtered_as: str | None
) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    text = SAMPLE.read_text("utf-8").replace("自评等级: 优", f"自评等级: {written}")
    (content / FOLDER / SAMPLE.name).write_text(text, "utf-8")
    corpus = load_corpus(content)
    (evaluated,) = [e for e in corpus.evaluations if e.source_path.endswith(SAMPLE.name)]
    view = evaluation_view(evaluated)
    assert view.grade == written and view.grade_by_total == "优"
    assert view.grade_differs is flagged
    data = json.loads(explorer_json(corpus))
    cells = [row[10] for row in data["rows"] if row[10] is not None and row[10][0] == "93.5"]
    assert [(cell[1], cell[4]) for cell in cells] == [(written, filtered_as)]
