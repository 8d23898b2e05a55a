"""The corpus kept between rebuilds of `mkdocs serve`: after each kind of save it is the
corpus a full load gives (same projects, texts, order, evaluations and problems)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from generator.core.project import Corpus
from generator.load import live_corpus
from generator.load.corpus import load_corpus
from generator.load.live_corpus import LiveCorpus, reload_corpus
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
def loads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records each load: True for a full one, False for one that reads changed files only."""
    seen: list[bool] = []
    real = live_corpus.load_corpus

    def counted(root: Path, cache_dir: Path | None = None, **kwargs: object) -> Corpus:
        seen.append("only" not in kwargs)
        return real(root, cache_dir, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(live_corpus, "load_corpus", counted)
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
    content: Path, tmp_path: Path, loads: list[bool]
) -> None:
    cache = tmp_path / "cache"
    live = reload_corpus(content, cache, None)
    target = _declaration(content)
    _edit(target, "项目名称: ", "项目名称: 改过的")
    live = reload_corpus(content, cache, live)
    assert loads == [True, False]
    assert _facts(live.corpus) == _facts(load_corpus(content, cache))
    assert any(p.declaration.name.startswith("改过的") for p in live.corpus.projects)


def test_a_problem_across_files_is_found_as_a_full_load_finds_it(
    content: Path, tmp_path: Path, loads: list[bool]
) -> None:
    cache = tmp_path / "cache"
    live = reload_corpus(content, cache, None)
    first, second = [
        p for p in sorted(content.glob("2024/*/*.yaml")) if not p.name.endswith(".自评.yaml")
    ][:2]
    # The same 项目编码 in two files of one year: the first written before the last load, the
    # second now, so that the rule needs the unchanged file's identity from the cache.
    _edit(first, "项目名称: ", "项目编码: SH-2024-001\n项目名称: ")
    live = reload_corpus(content, cache, None)
    assert live.corpus.ok
    _edit(second, "项目名称: ", "项目编码: SH-2024-001\n项目名称: ")
    live = reload_corpus(content, cache, live)
    assert loads[-1] is False
    full = load_corpus(content, cache)
    assert not full.ok
    assert _facts(live.corpus) == _facts(full)


def test_an_error_in_the_edited_file_is_reported(
    content: Path, tmp_path: Path, loads: list[bool]
) -> None:
    cache = tmp_path / "cache"
    live = reload_corpus(content, cache, None)
    _edit(_declaration(content), "年度: ", "年度: 二〇")
    live = reload_corpus(content, cache, live)
    assert not live.corpus.ok
    assert _facts(live.corpus) == _facts(load_corpus(content, cache))


@pytest.mark.parametrize("change", ["add", "remove", "evaluation", "answered", "registry"])
def test_other_changes_load_everything(
    content: Path, tmp_path: Path, loads: list[bool], change: str
) -> None:
    cache = tmp_path / "cache"
    live = reload_corpus(content, cache, None)
    if change == "add":
        source = _declaration(content)
        shutil.copy(source, source.with_name("xin-xiangmu.yaml"))
    elif change == "remove":
        _declaration(content).unlink()
    elif change == "evaluation":
        _edit(next(content.glob("*/*/*.自评.yaml")), "项目名称: ", "项目名称: 改")
    elif change == "answered":
        _edit(_declaration(content, answered=True), "项目名称: ", "项目名称: 改")
    else:
        registry = content / "departments.yaml"
        registry.write_text(registry.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    live = reload_corpus(content, cache, live)
    assert loads == [True, True]
    assert _facts(live.corpus) == _facts(load_corpus(content, cache))


def test_no_change_keeps_the_corpus_and_no_cache_loads_everything(
    content: Path, tmp_path: Path, loads: list[bool]
) -> None:
    live = reload_corpus(content, tmp_path / "cache", None)
    again = reload_corpus(content, tmp_path / "cache", live)
    assert again.corpus is live.corpus
    uncached: LiveCorpus = reload_corpus(content, None, None)
    _edit(_declaration(content), "项目名称: ", "项目名称: 改")
    reload_corpus(content, None, uncached)
    assert loads == [True, True, True]
