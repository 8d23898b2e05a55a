"""`jixiao diff` on self-evaluations, in a real git repository: added and removed forms, score
and reading changes, the reviewer's flags, JSON that reads back, and inert Markdown."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.review.diff_format import as_json, as_markdown, as_text, report_from_json
from generator.review.diff_run import semantic_diff
from tests.review.test_diff import commit, edit, new_repo
from tests.support.paths import TESTS

SAMPLE = TESTS / "data/evaluation/yiqi-changguan-yunying-jingfei.自评.yaml"
FOLDER = "content/2024/baoshan-zonggonghui"
HOSTILE = "[点我](https://evil.example/) <img src=x onerror=alert(1)> | ![x](y)"


def test_added_changed_and_removed_evaluations(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    target = repo / FOLDER / SAMPLE.name
    shutil.copy(SAMPLE, target)
    commit(repo, "add evaluation", tag="added")
    added = semantic_diff(repo / "content", "base", "added")
    assert [(e.kind, e.path) for e in added.evaluations] == [("added", f"{FOLDER}/{SAMPLE.name}")]
    assert added.projects == []  # the declaration beside it did not change

    # The result now meets the target (96 → 100 场次) and two scores rise.
    edit(target, "实际完成值: 96场次", "实际完成值: 100场次")
    edit(target, "    得分: 4\n", "    得分: 9\n")
    edit(target, "自评得分: 93.5", "自评得分: 98.5")
    commit(repo, "improve", tag="improved")
    report = semantic_diff(repo / "content", "added", "improved")
    (change,) = report.evaluations
    assert change.kind == "changed"
    assert [(r.name, r.before, r.after) for r in change.readings] == [
        ("组织公益乐学培训次数", "未达成", "达成")
    ]
    assert any("由未达成变为达成" in flag for flag in change.flags)
    assert any(flag.startswith("自评得分提高：93.5 → 98.5") for flag in change.flags)
    assert any("参与人员满意度" in flag and "得分提高" in flag for flag in change.flags)
    text = as_text(report)
    assert "[修改自评] 一期场馆运营经费项目" in text
    assert "⚑ 需关注：指标“组织公益乐学培训次数”由未达成变为达成" in text
    # The review comment is rendered from the JSON: it reads back to the same Markdown.
    markdown = as_markdown(report)
    assert "#### 绩效自评表的变化" in markdown
    assert as_markdown(report_from_json(json.loads(as_json(report)))) == markdown

    target.unlink()
    commit(repo, "remove", tag="removed")
    removed = semantic_diff(repo / "content", "improved", "removed")
    assert [(e.kind, e.flags) for e in removed.evaluations] == [("removed", ["删除了自评表"])]


def test_a_lower_score_is_listed_but_not_flagged(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    target = repo / FOLDER / SAMPLE.name
    shutil.copy(SAMPLE, target)
    commit(repo, "add", tag="added")
    edit(target, "自评得分: 93.5", "自评得分: 90")
    report = semantic_diff(repo / "content", "added", None)  # against the worktree
    (change,) = report.evaluations
    assert [(s.name, str(s.before), str(s.after)) for s in change.scores] == [
        ("自评得分", "93.5", "90")
    ]
    assert change.flags == []


def test_markdown_of_a_hostile_evaluation_stays_inert(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    target = repo / FOLDER / "e-vil.自评.yaml"
    text = SAMPLE.read_text("utf-8").replace(
        "项目名称: 一期场馆运营经费项目", f"项目名称: '{HOSTILE}'"
    )
    target.write_text(text, "utf-8")
    report = semantic_diff(repo / "content", "base", None)
    (change,) = report.evaluations
    assert change.name == HOSTILE
    markdown = as_markdown(report)
    assert "](https://evil.example/)" not in markdown
    assert "<img" not in markdown and "![x]" not in markdown
