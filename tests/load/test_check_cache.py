"""The check cache: same diagnostics, only edited files re-checked, damage only costs time."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.load.corpus as corpus_module
from generator.load.cache import FileResult, FileSummary
from generator.load.corpus import load_corpus
from generator.load.value_cache import ValueCache
from tests.load.check_support import (
    DEPT,
    FILE,
    NAME,
    SEED_WARNING,
    TEXT,
    E,
    edited,
    row,
    rows,
    write,
)

# --- the check cache ------------------------------------------------------------------------


class LoadSpy:
    """Counts which files `corpus._load_file` really checks (cache misses)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.loaded: list[str] = []
        real = corpus_module._load_file

        def spy(shown: str, raw: bytes, values: ValueCache | None = None) -> FileResult:
            self.loaded.append(Path(shown).name)
            return real(shown, raw, values)

        monkeypatch.setattr(corpus_module, "_load_file", spy)


def test_cache_returns_the_same_diagnostics(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(root, edited(("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00")))
    cache = tmp_path / "cache"
    spy = LoadSpy(monkeypatch)
    first = load_corpus(root, cache, models=False)
    assert sorted(spy.loaded) == sorted(p.name for p in (root / "2024" / DEPT).iterdir())
    assert list(cache.glob("check-*.json"))
    spy.loaded.clear()
    second = load_corpus(root, cache, models=False)
    assert spy.loaded == []
    assert second.diagnostics == first.diagnostics
    assert [d.format() for d in second.diagnostics] == [d.format() for d in first.diagnostics]
    assert second.diagnostics == load_corpus(root).diagnostics


def test_editing_a_file_invalidates_only_its_entry(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    spy = LoadSpy(monkeypatch)
    before = load_corpus(root, cache, models=False)
    assert rows(before.diagnostics) == [SEED_WARNING]
    spy.loaded.clear()
    write(root, edited(("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00")))
    after = load_corpus(root, cache, models=False)
    assert spy.loaded == [NAME]
    assert rows(after.diagnostics) == [
        (FILE, 11, 11, E, "funding-sum", "项目资金.项目资金总额"),
        SEED_WARNING,
    ]
    # Reverting the edit is again a change to that one file only.
    spy.loaded.clear()
    write(root, TEXT)
    assert rows(load_corpus(root, cache, models=False).diagnostics) == [SEED_WARNING]
    assert spy.loaded == [NAME]


def test_cross_file_rules_are_not_cached(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    load_corpus(root, cache, models=False)
    registry = root / "departments.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("上海市宝山区总工会", "上海市宝山区工会"),
        encoding="utf-8",
    )
    spy = LoadSpy(monkeypatch)
    found = load_corpus(root, cache, models=False).diagnostics
    assert spy.loaded == []
    assert [row(d)[4] for d in found].count("department-name") == 3


def test_damaged_cache_only_costs_time(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_corpus(root, cache, models=False)
    (cache_file,) = cache.glob("check-*.json")
    cache_file.write_bytes(b"not a cache")
    assert rows(load_corpus(root, cache, models=False).diagnostics) == [SEED_WARNING]
    cache_file.write_bytes(b"")
    assert rows(load_corpus(root, cache, models=False).diagnostics) == [SEED_WARNING]


def test_cached_paths_follow_the_working_directory(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    load_corpus(root, cache, models=False)
    monkeypatch.chdir(root.parent)
    assert rows(load_corpus(root, cache, models=False).diagnostics) == [SEED_WARNING]


def test_department_code_of_digits_only_is_refused(root: Path) -> None:
    registry = root / "departments.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8") + "  - 代码: 2\n    名称: 数字部门\n", encoding="utf-8"
    )
    found = load_corpus(root).diagnostics
    slug_errors = [d for d in found if d.code == "slug"]
    assert len(slug_errors) == 1
    assert "全是数字" in slug_errors[0].message
    assert slug_errors[0].path.endswith("departments.yaml")


def test_changed_mode_caches_the_identity_of_unchanged_files(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    changed = {(root / "2024" / DEPT / NAME).resolve()}
    calls: list[str] = []
    real = corpus_module._identity_only

    def spy(shown: str, raw: bytes) -> FileSummary:
        calls.append(Path(shown).name)
        return real(shown, raw)

    monkeypatch.setattr(corpus_module, "_identity_only", spy)
    first = load_corpus(root, cache, models=False, only=changed)
    assert len(calls) == 2  # the two unchanged declarations
    calls.clear()
    second = load_corpus(root, cache, models=False, only=changed)
    assert calls == []  # read from the cache this time
    assert second.diagnostics == first.diagnostics
    # A full check does not take those identity-only entries as checked files.
    spy_loads = LoadSpy(monkeypatch)
    full = load_corpus(root, cache, models=False)
    assert sorted(spy_loads.loaded) == sorted(
        p.name for p in (root / "2024" / DEPT).iterdir() if p.name != NAME
    )
    assert rows(full.diagnostics) == [SEED_WARNING]


def test_a_build_takes_the_cached_verdicts_and_reads_only_the_models(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`jixiao build` (models) checks a file only when its bytes changed; the corpus is the same
    as without the cache: projects, models, diagnostics (a warning included) and evaluations."""
    write(root, edited(("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00")))
    cache = tmp_path / "cache"
    fresh = load_corpus(root)
    spy = LoadSpy(monkeypatch)
    first = load_corpus(root, cache)
    spy.loaded.clear()
    second = load_corpus(root, cache)
    assert spy.loaded == []
    for corpus in (first, second):
        assert corpus.diagnostics == fresh.diagnostics and corpus.diagnostics
        assert [(p.source_path, p.source_text) for p in corpus.projects] == [
            (p.source_path, p.source_text) for p in fresh.projects
        ]
        assert [p.declaration for p in corpus.projects] == [p.declaration for p in fresh.projects]
        assert corpus.evaluations == fresh.evaluations
    write(root, TEXT)
    third = load_corpus(root, cache)
    assert spy.loaded == [Path(FILE).name]
    assert third.diagnostics == load_corpus(root).diagnostics


def test_a_build_keeps_the_cached_verdicts_of_self_evaluations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """check, build, check: the second check reads no self-evaluation again (the cache keeps
    only what a run used, and a build that did not mark them cost the next check them all)."""
    import sys

    import generator.load.evaluation_corpus as evaluation_module
    from tests.support.paths import REPO

    sys.path.insert(0, str(REPO / "benchmarks"))
    import synth  # a sibling script, not an installed package: found through sys.path

    content = tmp_path / "content"
    synth.generate(content, 12, evaluations=1.0)
    evaluations = sorted(p.name for p in content.glob("*/*/*.自评.yaml"))
    assert len(evaluations) == 12
    read: list[str] = []
    real = evaluation_module._load

    def spy(shown: str, *args: object) -> object:
        read.append(Path(shown).name)
        return real(shown, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(evaluation_module, "_load", spy)
    cache = tmp_path / "cache"
    checked = load_corpus(content, cache, models=False)
    built = load_corpus(content, cache)  # what `jixiao build` loads
    assert sorted(read) == sorted(evaluations * 2) and len(built.evaluations) == 12
    read.clear()
    again = load_corpus(content, cache, models=False)
    assert read == []
    assert again.diagnostics == checked.diagnostics
