"""One identity record (`DeclaredIdentity`) from the loader through the check cache to the
cross-file rules, and a cache written in the older positional format is simply not read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.core.diagnostics import Diagnostic, Position, Severity
from generator.core.project import DeclaredIdentity
from generator.load import cache as cache_module
from generator.load.cache import CACHE_FORMAT, FileSummary, summary_json, summary_of
from generator.load.corpus import load_corpus

CARD = "2024/baoshan-zonggonghui/zhengfu-shishi-gonghui-huiyuanka.yaml"


def test_a_summary_survives_its_json_form_field_by_field() -> None:
    summary = FileSummary(
        diagnostics=[
            Diagnostic(
                "a.yaml", Position(3, 5), Severity.WARNING, "value-blank", "实施单位", "空白"
            )
        ],
        identity=DeclaredIdentity(
            year=2024,
            department="上海市宝山区总工会",
            implementing_unit=None,
            name="工会会员卡",
            project_code="BS-ZGH-0003",
            positions={"年度": Position(2, 5), "项目名称": Position(3, 7)},
        ),
        checked=False,
    )
    # Through real JSON text, as the cache file holds it.
    assert summary_of(json.loads(json.dumps(summary_json(summary)))) == summary


@pytest.mark.parametrize(
    "stored",
    [
        # The format-2 layout: positional, six identity fields in their own order.
        [[], 2024, "部门", None, {}, "名称", None, True],
        {"diagnostics": [], "year": 2024},  # keys missing
        {**dict.fromkeys(("diagnostics", "year", "positions", "checked")), "extra": 1},
    ],
)
def test_a_summary_of_another_shape_is_refused(stored: object) -> None:
    with pytest.raises(ValueError):
        summary_of(stored)


def test_an_older_cache_is_ignored_without_a_word(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    card = content_copy / CARD
    card.write_text(
        card.read_text("utf-8").replace("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00"),
        "utf-8",
    )
    cache = tmp_path / "cache"
    first = load_corpus(content_copy, cache, models=False)
    assert "funding-sum" in {d.code for d in first.diagnostics}
    (cache_file,) = cache.glob("check-*.json")
    _, _, payload = cache_file.read_bytes().partition(b"\n")
    data = json.loads(payload)
    assert data["format"] == CACHE_FORMAT == 3
    # The same entries as an older jixiao wrote them (signed by this user, so trusted), each
    # claiming no problem: they must not be read, since their fields mean other things.
    data["format"] = 2
    for shown, (digest, summary) in data["entries"].items():
        identity = [summary[k] for k in ("year", "department", "implementing_unit")]
        data["entries"][shown] = [digest, [[], *identity, {}, None, None, True]]
    old = json.dumps(data).encode()
    key = (tmp_path / "home" / "jixiao" / "cache-key").read_bytes()
    cache_file.write_bytes(cache_module.sign(key, old) + b"\n" + old)

    again = load_corpus(content_copy, cache, models=False)
    assert again.notices == []  # an old cache is no problem worth a word
    assert again.diagnostics == first.diagnostics
    _, _, rewritten = cache_file.read_bytes().partition(b"\n")
    assert json.loads(rewritten)["format"] == CACHE_FORMAT


def test_cross_file_rules_read_the_identity_from_the_cache(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm check reports the same cross-file problems as a cold one, at the same places."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    card = content_copy / CARD
    twin = card.with_name("twin.yaml")
    twin.write_text(
        card.read_text("utf-8").replace("年度: 2024", "年度: 2023"),
        "utf-8",
    )
    cache = tmp_path / "cache"
    cold = load_corpus(content_copy, cache, models=False)
    warm = load_corpus(content_copy, cache, models=False)
    found = [d for d in cold.diagnostics if d.code == "year-mismatch"]
    assert found and found[0].position is not None  # placed at 年度 from the identity record
    assert warm.diagnostics == cold.diagnostics
