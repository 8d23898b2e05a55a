"""The corpus kept between rebuilds of `mkdocs serve`: after each kind of save it is the
corpus a full load gives (same projects, texts, order, evaluations and problems)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from generator.core.project import Corpus
from generator.load import corpus as corpus_module
from generator.load import evaluation_corpus
from generator.load.corpus import load_corpus
from generator.load.live_corpus import reload_corpus
from generator.load.value_cache import ValueCache
from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path


def _facts(corpus: Corpus) -> tuple[object, ...]:
    return (
        [(p.source_path, p.source_text, p.declaration) for p in corpus.projects],
        [(e.source_path, e.source_text, repr(e.analysis)) for e in corpus.evaluations],
        [d.format() for d in corpus.diagnostics],
        corpus.file_count,
        corpus.ok,
    )


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    synth.generate(folder, 30, seed=3, years=(2023, 2024), evaluations=0.2)
    return folder


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of every file read and checked (a declaration or a self-evaluation)."""
    seen: list[str] = []
    declaration, evaluation = corpus_module._load_file, evaluation_corpus._load

    def declaration_checked(shown: str, raw: bytes, values: ValueCache | None = None) -> object:
        seen.append(Path(shown).name)
        return declaration(shown, raw, values)

    def evaluation_checked(shown: str, raw: bytes, answers: object) -> object:
        seen.append(Path(shown).name)
        return evaluation(shown, raw, answers)  # type: ignore[arg-type]

    monkeypatch.setattr(corpus_module, "_load_file", declaration_checked)
    monkeypatch.setattr(evaluation_corpus, "_load", evaluation_checked)
    return seen


def _declaration(content: Path, answered: bool = False) -> Path:
    evaluations = {p.name.removesuffix(".自评.yaml") for p in content.glob("*/*/*.自评.yaml")}
    return next(
        p
        for p in sorted(content.glob("*/*/*.yaml"))
        if not p.name.endswith(".自评.yaml") and (p.stem in evaluations) == answered
    )


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_reads_one_file_and_gives_the_full_corpus(
    content: Path, tmp_path: Path, checked: list[str]
) -> None:
    live = reload_corpus(content, tmp_path / "cache", None)
    target = _declaration(content)
    _edit(target, "项目名称: ", "项目名称: 改过的")
    checked.clear()
    again = reload_corpus(content, tmp_path / "cache", live)
    assert checked == [target.name]
    assert _facts(again.corpus) == _facts(load_corpus(content))
    assert any(p.declaration.name.startswith("改过的") for p in again.corpus.projects)
    # The other projects are the very objects of the last load: the renderer's reuse of what it
    # made of them (render.py) depends on it.
    before = {p.source_path: p for p in live.corpus.projects}
    for project in again.corpus.projects:
        assert (project is before[project.source_path]) == (project.slug != target.stem)


def test_a_problem_across_files_is_found_as_a_full_load_finds_it(
    content: Path, tmp_path: Path, checked: list[str]
) -> None:
    first, second = [
        p for p in sorted(content.glob("2024/*/*.yaml")) if not p.name.endswith(".自评.yaml")
    ][:2]
    _edit(first, "项目名称: ", "项目编码: SH-2024-001\n项目名称: ")
    live = reload_corpus(content, None, None)
    assert live.corpus.ok
    # The same 项目编码 in two files of one year: the first unchanged since the last load.
    _edit(second, "项目名称: ", "项目编码: SH-2024-001\n项目名称: ")
    checked.clear()
    live = reload_corpus(content, None, live)
    assert checked == [second.name]
    full = load_corpus(content)
    assert not full.ok
    assert _facts(live.corpus) == _facts(full)


def test_an_error_in_the_edited_file_is_reported_and_mended(
    content: Path, tmp_path: Path, checked: list[str]
) -> None:
    live = reload_corpus(content, None, None)
    target = _declaration(content)
    _edit(target, "年度: ", "年度: 二〇")
    live = reload_corpus(content, None, live)
    assert not live.corpus.ok
    assert _facts(live.corpus) == _facts(load_corpus(content))
    _edit(target, "年度: 二〇", "年度: ")
    checked.clear()
    live = reload_corpus(content, None, live)
    assert checked == [target.name]
    assert live.corpus.ok
    assert _facts(live.corpus) == _facts(load_corpus(content))


@pytest.mark.parametrize("change", ["add", "remove", "evaluation", "answered", "registry"])
def test_every_other_change_reads_what_it_touches(
    content: Path, tmp_path: Path, checked: list[str], change: str
) -> None:
    live = reload_corpus(content, tmp_path / "cache", None)
    expected: list[str] = []
    if change == "add":
        source = _declaration(content)
        shutil.copy(source, source.with_name("xin-xiangmu.yaml"))
        expected = ["xin-xiangmu.yaml"]
    elif change == "remove":
        _declaration(content).unlink()
    elif change == "evaluation":
        evaluation = next(content.glob("*/*/*.自评.yaml"))
        _edit(evaluation, "项目名称: ", "项目名称: 改")
        expected = [evaluation.name]
    elif change == "answered":
        # A self-evaluation is compared with its declaration: both are checked again.
        answered = _declaration(content, answered=True)
        _edit(answered, "项目名称: ", "项目名称: 改")
        expected = [answered.name, f"{answered.stem}.自评.yaml"]
    else:
        # The registry ties files to their places: those rules run on every load, over every
        # file, but no file's own check depends on it.
        slug = _declaration(content).parent.name
        _edit(
            content / "departments.yaml", f"代码: {slug}\n    名称: ", f"代码: {slug}\n    名称: 改"
        )
    checked.clear()
    live = reload_corpus(content, tmp_path / "cache", live)
    assert checked == expected
    assert _facts(live.corpus) == _facts(load_corpus(content))
    assert live.corpus.ok == (change != "registry")  # a renamed department: its files disagree


def test_no_change_keeps_the_corpus(content: Path, tmp_path: Path) -> None:
    live = reload_corpus(content, tmp_path / "cache", None)
    assert reload_corpus(content, tmp_path / "cache", live) is live
