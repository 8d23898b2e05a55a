"""The check cache is data that cannot run, and a planted or tampered cache is ignored."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
from pathlib import Path

import pytest

from generator.load import cache as cache_module
from generator.load.cache import code_fingerprint, default_cache_dir
from generator.load.corpus import load_corpus
from tests.conftest import REPO
from tests.support.cli_support import run

DEPT = "2024/baoshan-zonggonghui"
CARD = f"{DEPT}/zhengfu-shishi-gonghui-huiyuanka.yaml"


class _Payload:
    """What an attacker pickles: unpickling it creates a file (a stand-in for any command)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.marker),))


@pytest.fixture
def broken(content_copy: Path) -> Path:
    """Content with one funding-sum error: a planted cache would want to hide it."""
    card = content_copy / CARD
    card.write_text(
        card.read_text("utf-8").replace("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00"),
        "utf-8",
    )
    return content_copy


def test_a_planted_pickle_is_never_loaded(broken: Path, tmp_path: Path) -> None:
    cache = tmp_path / "repo" / ".jixiao-cache"
    cache.mkdir(parents=True)
    marker = tmp_path / "pwned"
    proof = tmp_path / "proof"
    pickle.loads(pickle.dumps(_Payload(proof)))
    assert proof.is_dir()  # the payload does run when unpickled
    tree = cache_module.hashlib.sha256(str(broken.resolve()).encode()).hexdigest()[:16]
    for name in (f"check-{tree}.pickle", f"check-{tree}.json"):
        (cache / name).write_bytes(
            pickle.dumps({"code": code_fingerprint(), "x": _Payload(marker)})
        )
    result = run("check", "--content", broken, "--cache-dir", cache)
    assert not marker.exists()
    assert result.exit_code == 1
    assert "funding-sum" in result.output
    assert "不再读取 pickle 缓存" in result.output
    assert "签名不符" in result.output


def _forge(cache_file: Path) -> None:
    """Rewrite a real cache file so that it reports no problem, keeping the old signature."""
    signature, _, payload = cache_file.read_bytes().partition(b"\n")
    data = json.loads(payload)
    for entry in data["entries"].values():
        entry[1]["diagnostics"] = []  # no diagnostics
    cache_file.write_bytes(signature + b"\n" + json.dumps(data, ensure_ascii=False).encode())


def test_a_tampered_cache_cannot_hide_a_problem(broken: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = run("check", "--content", broken, "--cache-dir", cache)
    assert first.exit_code == 1 and "funding-sum" in first.output
    (cache_file,) = cache.glob("check-*.json")
    _forge(cache_file)
    result = run("check", "--content", broken, "--cache-dir", cache)
    assert result.exit_code == 1
    assert "funding-sum" in result.output
    assert "签名不符" in result.output


def test_a_cache_signed_with_another_key_is_ignored(
    broken: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache made on the attacker's own machine verifies under the attacker's key only."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "attacker-home"))
    assert run("check", "--content", broken, "--cache-dir", cache).exit_code == 1
    (cache_file,) = cache.glob("check-*.json")
    _, _, payload = cache_file.read_bytes().partition(b"\n")
    data = json.loads(payload)
    for entry in data["entries"].values():
        entry[1]["diagnostics"] = []
    forged = json.dumps(data).encode()
    key = (tmp_path / "attacker-home" / "jixiao" / "cache-key").read_bytes()
    cache_file.write_bytes(cache_module.sign(key, forged) + b"\n" + forged)
    # On the attacker's machine the forgery verifies (and hides the error) ...
    assert run("check", "--content", broken, "--cache-dir", cache).exit_code == 0
    # ... on CI, whose key the attacker does not have, it does not.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "ci-home"))
    result = run("check", "--content", broken, "--cache-dir", cache)
    assert result.exit_code == 1 and "funding-sum" in result.output
    assert "签名不符" in result.output


def test_an_entry_is_verified_against_the_bytes_it_describes(
    content_copy: Path, tmp_path: Path
) -> None:
    """Same size, same modification time, other bytes: the file is checked again."""
    cache = tmp_path / "cache"
    assert load_corpus(content_copy, cache, models=False).ok
    card = content_copy / CARD
    stat = card.stat()
    text = card.read_text("utf-8")
    edited = text.replace("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00")
    assert len(edited.encode()) == len(text.encode())
    card.write_text(edited, "utf-8")
    os.utime(card, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    found = load_corpus(content_copy, cache, models=False).diagnostics
    assert "funding-sum" in {d.code for d in found}


def test_the_default_cache_is_outside_the_repository(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(content_copy.parent)
    assert default_cache_dir() == tmp_path / "xdg" / "jixiao"
    assert run("check", "--content", "content").exit_code == 0
    assert list((tmp_path / "xdg" / "jixiao").glob("check-*.json"))
    assert not (content_copy.parent / ".jixiao-cache").exists()
    key = tmp_path / "xdg" / "jixiao" / "cache-key"
    assert key.stat().st_mode & 0o077 == 0  # the key is the user's alone
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the XDG spec says
    assert default_cache_dir() == Path.home() / ".cache" / "jixiao"


def test_the_code_fingerprint_covers_subpackages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "generator"
    shutil.copytree(REPO / "generator", package)
    monkeypatch.setattr(cache_module, "_PACKAGE", package)
    cache_module.code_fingerprint.cache_clear()
    try:
        before = cache_module.code_fingerprint()
        (package / "sub").mkdir()
        (package / "sub" / "rules.py").write_text("X = 1\n", "utf-8")
        cache_module.code_fingerprint.cache_clear()
        assert cache_module.code_fingerprint() != before
    finally:
        cache_module.code_fingerprint.cache_clear()


def test_no_deserialiser_of_code_in_the_package() -> None:
    """The shared hook's rule: nothing in generator/ may turn bytes into objects or code."""
    pattern = re.compile(
        r"import pickle|from pickle|import marshal|import shelve|yaml\.load\(|eval\("
    )
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "generator").rglob("*.py"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
