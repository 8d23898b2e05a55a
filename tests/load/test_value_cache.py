"""The value cache: a build's second load takes each unchanged declaration's values from the
JSON the first kept, gives the very same models, and reads the YAML of anything it cannot trust
(an edited file, a tampered, forged or linked cache file)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import generator.load.cache as cache_module
import generator.load.corpus as corpus_module
from generator.load.cache import read_signed_entries, save_signed, sign, signing_key
from generator.load.corpus import load_corpus
from generator.load.value_cache import VALUES_FORMAT, ValueCache
from tests.support.paths import REPO


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Synthetic declarations (and the shipped ones), with a cache key of this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    target = tmp_path / "content"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "synth.py"), str(target), "--count", "40"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return target


@pytest.fixture
def yaml_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The declarations whose YAML is read (a miss of the value cache, or no cache)."""
    read: list[str] = []
    real = corpus_module.load_yaml_bytes

    def counting(raw: bytes, path: str) -> object:
        if Path(path).name != "departments.yaml":  # the registry is not a declaration
            read.append(Path(path).name)
        return real(raw, path)

    monkeypatch.setattr(corpus_module, "load_yaml_bytes", counting)
    return read


def _values_file(cache: Path) -> Path:
    (found,) = cache.glob("values-*.json")
    return found


def _models(content: Path, cache: Path | None) -> list[object]:
    corpus = load_corpus(content, cache)
    assert corpus.ok
    return [project.declaration for project in corpus.projects]


def test_second_build_reads_no_yaml_and_gives_the_same_models(
    content: Path, tmp_path: Path, yaml_reads: list[str]
) -> None:
    cache = tmp_path / "cache"
    first = _models(content, cache)
    files = len(list(content.glob("*/*/*.yaml")))
    assert len(yaml_reads) == files
    yaml_reads.clear()
    second = _models(content, cache)
    assert yaml_reads == []  # every declaration from the kept values
    assert second == first == _models(content, None)


def test_an_edited_file_is_read_again(content: Path, tmp_path: Path, yaml_reads: list[str]) -> None:
    cache = tmp_path / "cache"
    _models(content, cache)
    edited = sorted(content.glob("*/*/*.yaml"))[3]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("年度总目标: ", "年度总目标: （修订）", 1), encoding="utf-8")
    yaml_reads.clear()
    models = _models(content, cache)
    assert yaml_reads == [edited.name]
    assert models == _models(content, None)
    assert any(m.annual_goal.startswith("（修订）") for m in models)  # type: ignore[attr-defined]


def test_check_does_not_keep_values(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert load_corpus(content, cache, models=False).ok
    assert list(cache.glob("values-*.json")) == []


def _tamper(file: Path, change: str, field: str = "项目名称", value: str = "被篡改的名称") -> None:
    """Changes one kept value. "kept signature": the old signature stays; "resigned": signed
    with another key (an attacker's); "our key": signed with the user's own key, as a bug of
    ours, or an entry stale for some other reason, would be."""
    signature, _, payload = file.read_bytes().partition(b"\n")
    data = json.loads(payload)
    shown, (digest, values) = next(iter(data["entries"].items()))
    tampered = json.loads(values)
    tampered[field] = value
    data["entries"][shown] = [digest, json.dumps(tampered, ensure_ascii=False)]
    payload = json.dumps(data, ensure_ascii=False).encode()
    if change == "resigned":
        signature = sign(b"another user's key, 32 bytes or more", payload)
    elif change == "our key":
        key = signing_key()
        assert key is not None
        signature = sign(key, payload)
    file.write_bytes(signature + b"\n" + payload)


@pytest.mark.parametrize("change", ["kept signature", "resigned"])
def test_a_tampered_cache_is_not_used(
    content: Path, tmp_path: Path, yaml_reads: list[str], change: str
) -> None:
    cache = tmp_path / "cache"
    _models(content, cache)
    _tamper(_values_file(cache), change)
    yaml_reads.clear()
    models = _models(content, cache)
    assert len(yaml_reads) == len(models)  # none of the kept values was taken
    assert all(m.name != "被篡改的名称" for m in models)  # type: ignore[attr-defined]
    assert models == _models(content, None)


def test_kept_values_that_do_not_validate_are_read_again(
    content: Path, tmp_path: Path, yaml_reads: list[str]
) -> None:
    """An entry signed with our key whose values do not make a declaration: the file is read
    and checked afresh, and gives the model and the problems a load without the cache gives."""
    cache = tmp_path / "cache"
    _models(content, cache)
    _tamper(_values_file(cache), "our key", "年度", "不是年份")
    yaml_reads.clear()
    corpus = load_corpus(content, cache)
    assert len(yaml_reads) == 1
    fresh = load_corpus(content, None)
    assert [p.declaration for p in corpus.projects] == [p.declaration for p in fresh.projects]
    assert corpus.diagnostics == fresh.diagnostics


def test_an_oversized_or_renamed_cache_file_is_not_read(
    content: Path, tmp_path: Path, yaml_reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    _models(content, cache)
    kept = _values_file(cache)
    monkeypatch.setattr(cache_module, "MAX_CACHE_BYTES", kept.stat().st_size - 1)
    yaml_reads.clear()
    models = _models(content, cache)
    assert len(yaml_reads) == len(models)  # larger than the bound: not even read
    monkeypatch.undo()
    # Another signed cache of ours renamed as this one: its format says it is not values.
    key = signing_key()
    assert key is not None
    save_signed(kept, key, 1, {}, ascii_only=True)  # the history cache's format
    assert read_signed_entries(kept, cache, key, VALUES_FORMAT) is None
    assert read_signed_entries(kept, cache, key, 1) == {}


def test_an_entry_for_other_bytes_or_of_another_shape_is_not_used(tmp_path: Path) -> None:
    values = ValueCache(None, None, {"a.yaml": ["d1", '{"项目名称":"x"}'], "b.yaml": ["d2", "[]"]})
    assert values.lookup("a.yaml", "d1") == {"项目名称": "x"}
    assert values.lookup("a.yaml", "other bytes") is None
    assert values.lookup("b.yaml", "d2") is None  # not a mapping: not a declaration we kept
    assert values.lookup("c.yaml", "d1") is None
    for entry in (["d1"], ["d1", 3], "d1", ["d1", "{not json"]):
        assert ValueCache(None, None, {"a.yaml": entry}).lookup("a.yaml", "d1") is None


def test_a_linked_cache_file_is_neither_read_nor_written(
    content: Path, tmp_path: Path, yaml_reads: list[str]
) -> None:
    cache = tmp_path / "cache"
    _models(content, cache)
    kept = _values_file(cache)
    elsewhere = tmp_path / "elsewhere.json"
    kept.rename(elsewhere)
    kept.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    yaml_reads.clear()
    models = _models(content, cache)
    assert len(yaml_reads) == len(models)
    assert elsewhere.read_bytes() == before
