"""Page sources, download shares and the workbook reused from the last build give the site a
full build gives: after an edit to one declaration (seen by another year's page through its
项目编码), to a 自评表 (its project page, the 自评结果 page, the department's figures), and after
a declaration is removed (the department's and the site's totals, every index page)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from generator.load.corpus import load_corpus
from generator.site import export, export_parts
from generator.site.writer import build_site
from tests.conftest import CONTENT, MKDOCS_YML
from tests.site.test_incremental_build import _differences
from tests.site.test_years_site import CARD, DEPT, _declare_again
from tests.support.git_support import git
from tests.support.paths import TESTS

pytestmark = pytest.mark.build

EVALUATION = TESTS / "data/evaluation/yiqi-changguan-yunying-jingfei.自评.yaml"
FOLDER = f"2024/{DEPT}"
PAYLOAD = "<script>alert('planted')</script>"


def _content(tmp_path: Path) -> Path:
    """Two years linked by a 项目编码, a 自评表, all committed: pages show history too."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    _declare_again(content)
    shutil.copy(EVALUATION, content / FOLDER / EVALUATION.name)
    git(content, "init", "-q")
    git(content, "add", "-A")
    git(content, "commit", "-qm", "申报")
    return content


def _build(content: Path, site: Path, cache: Path | None) -> None:
    corpus = load_corpus(content)
    assert corpus.ok, "\n".join(d.format() for d in corpus.diagnostics)
    build_site(corpus, config_file=MKDOCS_YML, site_dir=site, cache_dir=cache)


def _entries(cache: Path, folder: str) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in cache.glob(f"site/*/{folder}/*") if p.is_file()}


def _same_as_full_build(content: Path, site: Path, tmp_path: Path, name: str) -> None:
    fresh = tmp_path / name
    _build(content, fresh, None)
    assert _differences(site, fresh) == []


def test_edits_then_builds_equal_full_builds(tmp_path: Path) -> None:
    content = _content(tmp_path)
    cache, site = tmp_path / "cache", tmp_path / "site"
    _build(content, site, cache)
    sources = _entries(cache, "sources")
    assert len(sources) >= 8  # a page and a download share per declaration
    workbook = _entries(cache, "workbook")
    assert len(workbook) == 1
    rows = _entries(cache, "workbook-rows")
    files = list(content.glob("*/*/*.yaml"))
    assert len(rows) == len(files)  # the workbook's rows of each declaration and 自评表

    # Nothing changed: every source and the workbook are taken as they were.
    _build(content, site, cache)
    assert _entries(cache, "sources") == sources
    assert _entries(cache, "workbook") == workbook
    assert _entries(cache, "workbook-rows") == rows

    # 1. A target of the 2024 card: its page, and the 2025 page's 历年申报 (项目编码).
    earlier = content / FOLDER / f"{CARD}.yaml"
    earlier.write_text(
        earlier.read_text("utf-8").replace("≥140000.00(人)", "≥130000.00(人)"), "utf-8"
    )
    _build(content, site, cache)
    after = _entries(cache, "sources")
    assert len(set(after) - set(sources)) == 3  # the two pages and the edited share
    assert len(set(after) & set(sources)) == len(sources) - 3
    assert _entries(cache, "workbook") != workbook
    # The workbook is made again from the kept rows of every other file and the card's new ones.
    assert len(set(_entries(cache, "workbook-rows")) - set(rows)) == 1
    assert len(set(_entries(cache, "workbook-rows")) & set(rows)) == len(rows) - 1
    later = (site / "2025" / DEPT / CARD / "index.html").read_text("utf-8")
    assert "≥150000.00(人)（更严格）" in later and "≥130000.00(人)" in later
    _same_as_full_build(content, site, tmp_path, "fresh-1")

    # 2. The 自评表, committed: the project page, 自评结果 and the department's figures.
    evaluation = content / FOLDER / EVALUATION.name
    text = evaluation.read_text("utf-8")
    edited = text.replace("受场馆维修影响，部分培训取消。", "受场馆维修影响，培训改期。")
    assert edited != text
    evaluation.write_text(edited, "utf-8")
    git(content, "commit", "-qam", "自评")
    _build(content, site, cache)
    assert "培训改期" in (site / FOLDER / "yiqi-changguan-yunying-jingfei/index.html").read_text(
        "utf-8"
    )
    _same_as_full_build(content, site, tmp_path, "fresh-2")

    # 3. A declaration removed: the department's and the site's totals, the index pages.
    (content / FOLDER / "gonghui-gongzuozhe-jingfei.yaml").unlink()
    _build(content, site, cache)
    assert not (site / FOLDER / "gonghui-gongzuozhe-jingfei").exists()
    _same_as_full_build(content, site, tmp_path, "fresh-3")


def test_forged_sources_and_workbook_are_not_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _content(tmp_path)
    cache = tmp_path / "repo-cache"
    _build(content, tmp_path / "site", cache)
    planted = [
        *sorted(cache.glob("site/*/sources/*.md")),
        *sorted(cache.glob("site/*/workbook/*")),
        *sorted(cache.glob("site/*/workbook-rows/*.xml")),
    ]
    assert any(entry.suffix == ".xml" for entry in planted)
    # Keys are public: an attacker rewrites every entry with a payload and a plain hash.
    for entry in planted:
        body = entry.read_bytes().split(b"\n", 1)[1]
        if entry.suffix in (".md", ".xml"):  # a page source, a download share, workbook rows
            body = body.replace("工会".encode(), PAYLOAD.encode())
        else:
            body = body + PAYLOAD.encode()
        entry.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    site = tmp_path / "again"
    _build(content, site, cache)
    published = b"".join(p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file())
    assert PAYLOAD.encode() not in published
    _same_as_full_build(content, site, tmp_path, "fresh")


def test_download_shares_join_into_the_whole_files(tmp_path: Path) -> None:
    corpus = load_corpus(_content(tmp_path))
    shares = [export_parts.project_export(p) for p in corpus.projects]
    assert export_parts.projects_json(shares) == export.projects_json(corpus)
    assert export_parts.projects_csv(shares) == export.projects_csv(corpus)
    assert export_parts.indicators_json(shares) == export.indicators_json(corpus)
    assert export_parts.indicators_csv(shares) == export.indicators_csv(corpus)
    for share, project in zip(shares, corpus.projects, strict=True):
        assert export_parts.project_json(share) == export.project_json(project)
        assert export_parts.ProjectExport.from_text(share.to_text()) == share
        assert share.measurable_count == project.declaration.measurable_count
    (tmp_path / "empty").mkdir()
    assert export_parts.projects_json([]) == export.projects_json(
        load_corpus(tmp_path / "empty", None)
    )
    # Anything but the stored shape is refused (and the share made again), never half read.
    from_text = export_parts.ProjectExport.from_text
    assert from_text("1 1 1 1 2 1\nabcd") == export_parts.ProjectExport(
        b"a", b"b", b"c", b"d", 2, 1
    )
    assert from_text("1 1 1 1 0 0\nabcde") is None  # longer than the lengths say
    assert from_text("1 1 1 2 0 0\nabcd") is None  # shorter
    assert from_text("1 1 1 1\nabcd") is None  # before counts
    assert from_text("1 1 1 1 0\nabcd") is None  # before the count of measurable targets
    assert from_text("1 1 1 1 -1 0\nabcd") is None
    assert from_text("1 1 1 1 0 ١\nabcd") is None  # a digit, but not an ASCII one
    assert from_text('["a", "b", "c", "d", 0]') is None  # the JSON of earlier versions
    assert from_text("") is None
    # A project without indicators adds nothing to indicators.json, not an empty item.
    bare = export_parts.ProjectExport(b'{"id":"x"}', b"", b"", b"", 0, 0)
    mixed = [bare, *shares, bare]
    records = [r for s in shares for r in json.loads(s.indicators.join([b"[", b"]"]))]
    expected = export.indicators_json_text([export.compact_json(r) for r in records])
    assert export_parts.indicators_json(mixed) == expected
    assert json.loads(expected)["count"] == sum(s.indicator_count for s in mixed) > 0
    assert export_parts.ProjectExport.from_text("not a share") is None
