"""A 自评表 under a near suffix (`x.自評.yaml`, `x.自评表.yaml`, `x-自评.yaml`) is what `check`
says it is everywhere: `fmt` refuses it with check's words instead of reordering it as a
declaration, `diff` shows it as a 自评表 and flags its name, and history never takes it for an
earlier version of a declaration."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.core.diagnostics import Severity
from generator.load.corpus import load_corpus
from generator.review.diff_format import as_json, as_markdown, as_text, report_from_json
from generator.review.diff_run import semantic_diff
from generator.review.history import load_history
from generator.review.yaml_format import FormatError, format_text
from tests.review.test_diff import commit, edit, new_repo
from tests.support.paths import TESTS

SAMPLE = TESTS / "data/evaluation/yiqi-changguan-yunying-jingfei.自评.yaml"
FOLDER = "content/2024/baoshan-zonggonghui"
SLUG = "yiqi-changguan-yunying-jingfei"
NAMES = [f"{SLUG}.自評.yaml", f"{SLUG}.自评表.yaml", f"{SLUG}.自评 .yaml", f"{SLUG}-自评.yaml"]


def _check_message(tmp_path: Path, name: str) -> str:
    root = tmp_path / "check" / "content"
    shutil.copytree(TESTS.parent / "content", root)
    shutil.copy(SAMPLE, root / "2024/baoshan-zonggonghui" / name)
    (error,) = [
        d for d in load_corpus(root, models=False).diagnostics if d.severity is Severity.ERROR
    ]
    return error.message


@pytest.mark.parametrize("name", NAMES)
def test_fmt_refuses_a_misnamed_evaluation_with_the_words_of_check(
    tmp_path: Path, name: str
) -> None:
    text = SAMPLE.read_text("utf-8")
    with pytest.raises(FormatError) as refused:
        format_text(text, f"{FOLDER}/{name}")
    assert str(refused.value) == _check_message(tmp_path, name)
    assert f"请改名为“{SLUG}.自评.yaml”" in str(refused.value)


def test_fmt_leaves_a_misnamed_evaluation_as_it_is_and_fails(tmp_path: Path) -> None:
    target = tmp_path / f"{SLUG}-自评.yaml"
    # Not in the canonical layout: as a declaration, fmt would have reordered its keys.
    written = (
        SAMPLE.read_text("utf-8")
        .replace("年度: 2024\n", "")
        .replace("表式: 全国\n", "表式: 全国\n年度: 2024\n")
    )
    target.write_text(written, "utf-8")
    for args in (["fmt", "--check", str(target)], ["fmt", str(target)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, result.output
        assert f"请改名为“{SLUG}.自评.yaml”" in result.output
        assert "无法处理 1 个" in result.output
        assert target.read_text("utf-8") == written


def test_the_right_name_is_formatted_as_a_self_evaluation() -> None:
    text = SAMPLE.read_text("utf-8")
    assert format_text(text, f"{FOLDER}/{SLUG}.自评.yaml") == text


def test_diff_shows_a_misnamed_evaluation_as_a_self_evaluation_and_flags_its_name(
    tmp_path: Path,
) -> None:
    repo = new_repo(tmp_path)
    name = f"{SLUG}-自评.yaml"
    target = repo / FOLDER / name
    shutil.copy(SAMPLE, target)
    report = semantic_diff(repo / "content", "base", None)
    assert report.projects == [] and report.invalid == []  # not a declaration that fails
    (change,) = report.evaluations
    assert (change.kind, change.path, change.name) == (
        "added",
        f"{FOLDER}/{name}",
        "一期场馆运营经费项目",
    )
    assert change.flags[0].startswith(f"文件名“{name}”的后缀不对")
    text = as_text(report)
    assert "[新增自评] 一期场馆运营经费项目" in text
    assert f"请改名为“{SLUG}.自评.yaml”" in text
    markdown = as_markdown(report)  # the review comment, rendered from the JSON
    assert f"请改名为“{SLUG}.自评.yaml”" in markdown
    assert as_markdown(report_from_json(json.loads(as_json(report)))) == markdown

    commit(repo, "misnamed", tag="misnamed")
    edit(target, "自评得分: 93.5", "自评得分: 98.5")
    (change,) = semantic_diff(repo / "content", "misnamed", None).evaluations
    assert change.kind == "changed"
    assert change.flags[0].startswith(f"文件名“{name}”的后缀不对")
    assert "自评得分提高：93.5 → 98.5" in change.flags


def test_diff_lists_a_self_evaluation_that_no_longer_loads_instead_of_a_removal(
    tmp_path: Path,
) -> None:
    repo = new_repo(tmp_path)
    for name in (SAMPLE.name, f"{SLUG}-自评.yaml"):
        target = repo / FOLDER / name
        shutil.copy(SAMPLE, target)
        commit(repo, "add", tag=f"added-{name}")
        edit(target, "    得分: 4\n", "    得分: 四分\n")
        report = semantic_diff(repo / "content", f"added-{name}", None)
        assert report.evaluations == [], report.evaluations  # not "删除了自评表"
        assert report.invalid == [f"{FOLDER}/{name}"]
        target.unlink()
        commit(repo, "remove")


def test_history_does_not_take_a_self_evaluation_for_an_earlier_declaration(
    tmp_path: Path,
) -> None:
    repo = new_repo(tmp_path)
    declaration = repo / FOLDER / f"{SLUG}.yaml"
    misnamed = repo / FOLDER / f"{SLUG}-2-自评.yaml"
    # A declaration committed under a 自评表's name (check reads it as a misnamed 自评表), then
    # renamed: git pairs the two files, but the declaration begins at the rename.
    shutil.copy(declaration, misnamed)
    commit(repo, "misnamed")
    moved = repo / FOLDER / f"{SLUG}-2.yaml"
    misnamed.rename(moved)
    edit(moved, "项目名称: 一期场馆运营经费项目", "项目名称: 二期场馆运营经费项目")
    commit(repo, "renamed")
    source = f"2024/baoshan-zonggonghui/{SLUG}-2.yaml"
    history = load_history(repo / "content", [source])
    (revision,) = history.by_source[source]
    assert (revision.kind, revision.old_path) == ("新建", None)
    assert revision.subject == "renamed"
