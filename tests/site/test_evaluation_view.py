"""What the pages show of a self-evaluation: blank stays 空白, 0 stays 0, flags and ranking."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.core.project import EvaluatedProject
from generator.load.corpus import load_corpus
from generator.site.evaluation_view import evaluation_view, group_row, rank_rows
from tests.conftest import CONTENT
from tests.support.paths import TESTS

SAMPLE = TESTS / "data/evaluation/yiqi-changguan-yunying-jingfei.自评.yaml"
FOLDER = "2024/baoshan-zonggonghui"


def _evaluations(tmp_path: Path, texts: dict[str, str]) -> list[EvaluatedProject]:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    for name, text in texts.items():
        (root / FOLDER / name).write_text(text, "utf-8")
    corpus = load_corpus(root)
    return corpus.evaluations


def test_view_keeps_blank_and_zero_apart_and_flags_full_marks(tmp_path: Path) -> None:
    sample = SAMPLE.read_text("utf-8")
    (evaluated,) = _evaluations(tmp_path, {SAMPLE.name: sample})
    view = evaluation_view(evaluated)
    carry = next(row for row in view.funding if row.source == "上年结转资金")
    other = next(row for row in view.funding if row.source == "其他资金")
    assert (carry.budget, carry.spent) == (None, None)  # blank: shown as 空白
    assert (other.budget, other.spent) == ("0.00", "0.00")  # 0.00 万元: a fact, shown
    assert view.execution_rate == "95.00%"
    training = next(row for row in view.indicators if row.name == "组织公益乐学培训次数")
    assert training.reading == "未达成" and "满分未达成" in training.flags
    assert training.declared_target is not None
    assert view.summary.unmet >= 1 and view.summary.full_marks_unmet >= 1


def test_ranking_and_department_figures(tmp_path: Path) -> None:
    sample = SAMPLE.read_text("utf-8")
    low = sample.replace("项目名称: 一期场馆运营经费项目", "项目名称: 另一个项目").replace(
        "自评得分: 93.5", "自评得分: 80"
    )
    evaluated = _evaluations(tmp_path, {SAMPLE.name: sample, "ling-yi-ge.自评.yaml": low})
    ranked = rank_rows(evaluated)
    assert [r.total_score for r in ranked] == ["93.5", "80"]
    assert [r.has_declaration for r in ranked] == [True, False]
    figures = group_row("部门", "departments/x/", evaluated)
    assert figures.evaluations == 2
    assert figures.average_score == "86.75"
    assert figures.execution_rate == "95.00%"  # (76 + 76) ÷ (80 + 80) 万元
