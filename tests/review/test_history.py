"""Revision history on the built site: from a real git repository, across a rename."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.core.model import Declaration
from generator.load.cache import sign
from generator.load.corpus import load_corpus
from generator.review import history as history_module
from generator.review.history import History, Revision, load_history
from generator.site.writer import build_site
from tests.conftest import CONTENT, MKDOCS_YML
from tests.support.git_support import content_repo, git

DEPT = "2024/baoshan-zonggonghui"
CARD = f"{DEPT}/zhengfu-shishi-gonghui-huiyuanka.yaml"
VENUE_OLD = f"{DEPT}/yiqi-changguan-yunying-jingfei.yaml"
VENUE_NEW = f"{DEPT}/changguan-yunying.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = content_repo(tmp_path, "首次发布")
    card = root / "content" / CARD
    card.write_text(
        card.read_text(encoding="utf-8").replace("≥140000.00(人)", "≥120000.00(人)"),
        encoding="utf-8",
    )
    git(root, "commit", "-q", "-am", "调低覆盖人数")
    git(root, "mv", f"content/{VENUE_OLD}", f"content/{VENUE_NEW}")
    git(root, "commit", "-q", "-m", "场馆运营改名")
    card.write_text(card.read_text(encoding="utf-8") + "# 已核对原表\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "加注释")
    return root


def test_history_follows_edits_and_renames(repo: Path) -> None:
    history = load_history(repo / "content", [CARD, VENUE_NEW])
    assert history.available and not history.incomplete
    card = history.by_source[CARD]
    assert [r.subject for r in card] == ["加注释", "调低覆盖人数", "首次发布"]
    assert [r.kind for r in card] == ["格式调整", "修改", "新建"]
    assert card[0].changes == ()
    assert card[1].changes == (
        "指标“工会会员服务卡的覆盖人数”目标：≥140000.00(人) → ≥120000.00(人)，更宽松",
    )
    venue = history.by_source[VENUE_NEW]
    assert [(r.kind, r.old_path, r.new_path) for r in venue] == [
        ("移动", f"content/{VENUE_OLD}", f"content/{VENUE_NEW}"),
        ("新建", None, f"content/{VENUE_OLD}"),
    ]
    assert [r.subject for _, r in history.recent][:3] == ["加注释", "场馆运营改名", "调低覆盖人数"]


def test_history_outside_git_is_empty_not_an_error(tmp_path: Path) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    history = load_history(tmp_path / "content", [CARD])
    assert not history.available and history.by_source == {}


def test_shallow_clone_is_marked_incomplete(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    history = load_history(clone / "content", [CARD])
    assert history.available and history.incomplete
    assert [r.kind for r in history.by_source[CARD]] == ["新建"]  # all a shallow clone knows


def test_built_pages_show_the_history(repo: Path, tmp_path: Path) -> None:
    corpus = load_corpus(repo / "content")
    assert corpus.ok
    site = tmp_path / "site"
    build_site(corpus, config_file=MKDOCS_YML, site_dir=site)
    card = (site / CARD.removesuffix(".yaml") / "index.html").read_text(encoding="utf-8")
    assert "修订记录" in card and "指标目标变化 1 个（更宽松 1 个）" in card
    # Commit messages stay private unless the publisher opts in (tests/site/test_history_public.py).
    assert "调低覆盖人数" not in card and "首次发布" not in card
    assert "≥140000.00(人) → ≥120000.00(人)，更宽松" in card
    assert "最后修改 " in card
    venue = (site / VENUE_NEW.removesuffix(".yaml") / "index.html").read_text(encoding="utf-8")
    assert f"content/{VENUE_OLD} → content/{VENUE_NEW}" in venue
    changes = (site / "changes" / "index.html").read_text(encoding="utf-8")
    assert "场馆运营改名" not in changes and "调低覆盖人数" not in changes
    assert changes.index("格式调整") < changes.index("移动") < changes.index("指标目标变化")


def _revisions(history: History) -> dict[str, list[Revision]]:
    return {source: list(revisions) for source, revisions in history.by_source.items()}


def test_cached_history_is_the_history_without_parsing_again(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    cache = tmp_path / "cache"
    paths = [CARD, VENUE_NEW]
    fresh = load_history(repo / "content", paths)
    first = load_history(repo / "content", paths, cache_dir=cache)
    assert list(cache.glob("history-*.json"))
    assert _revisions(first) == _revisions(fresh) and first.recent == fresh.recent

    def no_parsing(path: str, raw: bytes) -> None:
        raise AssertionError(f"{path} parsed again")

    monkeypatch.setattr(history_module, "parse_declaration", no_parsing)
    again = load_history(repo / "content", paths, cache_dir=cache)
    assert _revisions(again) == _revisions(fresh) and again.recent == fresh.recent
    # A new commit: only its two sides are parsed.
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    card = repo / "content" / CARD
    card.write_text(
        card.read_text(encoding="utf-8").replace("≥120000.00(人)", "≥130000.00(人)"),
        encoding="utf-8",
    )
    git(repo, "commit", "-q", "-am", "再调")
    parsed: list[str] = []
    real = history_module.parse_declaration

    def counted(path: str, raw: bytes) -> Declaration | None:
        parsed.append(path)
        return real(path, raw)

    monkeypatch.setattr(history_module, "parse_declaration", counted)
    newer = load_history(repo / "content", paths, cache_dir=cache)
    assert parsed == [f"content/{CARD}", f"content/{CARD}"]
    monkeypatch.undo()
    assert _revisions(newer) == _revisions(load_history(repo / "content", paths))


def test_a_history_cache_not_signed_by_this_user_is_not_read(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "attacker"))
    load_history(repo / "content", [CARD], cache_dir=cache)
    (stored,) = cache.glob("history-*.json")
    _, _, payload = stored.read_bytes().partition(b"\n")
    data = json.loads(payload)
    for entry in data["entries"].values():
        entry[1] = "植入的说明"
    planted = json.dumps(data).encode()
    # Signed with the attacker's key, or not signed at all: another user describes afresh.
    attacker_key = (tmp_path / "attacker" / "jixiao" / "cache-key").read_bytes()
    for forged in (sign(attacker_key, planted), b"0" * 64):
        stored.write_bytes(forged + b"\n" + planted)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "victim"))
        history = load_history(repo / "content", [CARD], cache_dir=cache)
        assert all(r.summary != "植入的说明" for r in history.by_source[CARD])
    # Under the attacker's own key the planted text would be read: the signature is the guard.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "attacker"))
    stored.write_bytes(sign(attacker_key, planted) + b"\n" + planted)
    assert load_history(repo / "content", [CARD], cache_dir=cache).by_source[CARD][0].summary == (
        "植入的说明"
    )
