"""`make serve` (`mkdocs serve --dirty`): a rebuild after a save reads the saved file only,
writes only the outputs whose content changed, and leaves the site a clean build would make."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from generator.load.corpus import load_corpus
from generator.site import search_index
from generator.site.mkdocs_plugin import JixiaoPlugin
from generator.site.search_index import PARTS_FILE
from generator.site.writer import build_site
from tests.conftest import mkdocs_yml_with
from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path


def _files(site: Path) -> dict[str, Path]:
    """Every file of a site but the search index's (a rebuild leaves the last run's hashed
    chunks beside the new ones; the index is compared in test_search_parts.py)."""
    return {
        p.relative_to(site).as_posix(): p
        for p in site.rglob("*")
        if p.is_file() and p.relative_to(site).parts[0] != "pagefind"
    }


def _differences(served: Path, clean: Path) -> list[str]:
    left, right = _files(served), _files(clean)
    found = sorted(set(left) ^ set(right))
    found += [
        name
        for name in sorted(set(left) & set(right))
        if not filecmp.cmp(left[name], right[name], shallow=False)
    ]
    return found


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _serving(config_file: Path, content: Path, served: Path) -> tuple[MkDocsConfig, JixiaoPlugin]:
    """The configuration and the plugin of a `mkdocs serve --dirty` session into `served`."""
    config = load_config(str(config_file), docs_dir=str(content), site_dir=str(served))
    plugin = config.plugins["jixiao"]
    assert isinstance(plugin, JixiaoPlugin)
    plugin.on_startup(command="serve", dirty=True)
    return config, plugin


@pytest.mark.build
def test_a_dirty_rebuild_writes_what_changed_and_equals_a_clean_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The date inside sitemap.xml.gz: `jixiao build` fixes it, `mkdocs serve` does not.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    content = tmp_path / "content"
    synth.generate(content, 30, seed=8, years=(2023, 2024), evaluations=0.2)
    config_file = mkdocs_yml_with(tmp_path, cache_dir=str(tmp_path / "cache"))
    served = tmp_path / "served"
    config, plugin = _serving(config_file, content, served)

    def rebuild() -> None:
        build(config, dirty=True)
        assert plugin.finishing is not None
        plugin.finishing.join()  # the search index and the workbook, added after the pages

    def clean_build(name: str) -> Path:
        # In a process of its own: MkDocs keeps one plugin instance per process, and
        # `jixiao build` in this one would end the serve session the test drives.
        command = [sys.executable, "-m", "generator.cli", "build", "--no-cache"]
        command += ["--content", str(content), "--config", str(config_file)]
        subprocess.run([*command, "--site-dir", str(tmp_path / name)], check=True, cwd=REPO)
        return tmp_path / name

    rebuild()
    before = {name: p.stat().st_mtime_ns for name, p in _files(served).items()}
    # Declarations without a 自评表 (a deleted one's 自评表 would take its page's place).
    declarations = sorted(
        p
        for p in content.glob("2024/*/*.yaml")
        if ".自评" not in p.name and not p.with_name(f"{p.stem}.自评.yaml").exists()
    )
    edited, other = declarations[0], declarations[-1]
    _edit(edited, "项目名称: ", "项目名称: 改过的")
    rebuild()
    assert _differences(served, clean_build("clean-1")) == []
    after = {name: p.stat().st_mtime_ns for name, p in _files(served).items()}
    page = f"{edited.relative_to(content).with_suffix('').as_posix()}/index.html"
    unchanged = f"{other.relative_to(content).with_suffix('').as_posix()}/index.html"
    assert after[page] != before[page]
    assert after[unchanged] == before[unchanged]  # not written again
    rewritten = [name for name in after if after[name] != before.get(name)]
    assert len(rewritten) < len(after) / 3, rewritten

    other.unlink()  # a deleted declaration's page and files leave the preview
    rebuild()
    assert not (served / unchanged).exists()
    assert _differences(served, clean_build("clean-2")) == []


@pytest.mark.build
def test_a_rebuild_indexes_the_edited_part_only_and_a_save_stops_the_last_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    monkeypatch.setattr(search_index, "PAGES_PER_PART", 12)
    content = tmp_path / "content"
    synth.generate(content, 40, seed=11)
    config_file = mkdocs_yml_with(tmp_path, cache_dir=str(tmp_path / "cache"))
    served = tmp_path / "served"
    config, plugin = _serving(config_file, content, served)
    runs: list[str] = []
    read: list[str] = []
    real_run, real_key = search_index._run_pagefind, search_index._part_key

    def counted(site_dir: Path, output_subdir: str, glob: str | None, *more: object) -> None:
        runs.append(output_subdir)
        time.sleep(delay)  # a slow index, so that the next save comes while it is being made
        real_run(site_dir, output_subdir, glob, *more)  # type: ignore[arg-type]

    def keyed(
        site_dir: Path, part: search_index.SearchPart, ids: Mapping[str, str] | None = None
    ) -> str:
        read.append(part.folders[0])
        return real_key(site_dir, part, ids)

    monkeypatch.setattr(search_index, "_run_pagefind", counted)
    monkeypatch.setattr(search_index, "_part_key", keyed)
    delay = 0.0

    def finished() -> None:
        assert plugin.finishing is not None
        plugin.finishing.join()

    build(config, dirty=True)
    finished()
    listing = json.loads((served / "pagefind" / PARTS_FILE).read_text(encoding="utf-8"))
    parts = 1 + len(listing["merge"])
    assert parts >= 3 and len(runs) == parts

    declarations = sorted(content.glob("*/*/*.yaml"))
    _edit(declarations[-1], "年度总目标: ", "年度总目标: 修订后")
    runs.clear()
    read.clear()
    build(config, dirty=True)
    finished()
    # The part holding the edited page is indexed again; the others are left as they are, their
    # pages not even read.
    assert len(runs) == 1 and len(read) == 1

    # A save while that index is still being made: it stops, and the next rebuild's is whole.
    _edit(declarations[0], "年度总目标: ", "年度总目标: 修订后")
    delay = 1.0
    build(config, dirty=True)
    superseded = plugin.finishing_work
    _edit(declarations[1], "年度总目标: ", "年度总目标: 再修订")
    delay = 0.0
    build(config, dirty=True)
    finished()
    assert superseded.cancelled

    clean = tmp_path / "clean"
    build_site(load_corpus(content), config_file=config_file, site_dir=clean, cache_dir=None)
    assert _differences(served, clean) == []
    index = [p for p in (clean / "pagefind").rglob("*") if p.is_file()]
    assert index
    # A kept part's files are those a clean build makes; a rebuilt part's older chunks may stay.
    for path in index:
        shown = served / path.relative_to(clean)
        assert shown.is_file() and filecmp.cmp(path, shown, shallow=False), shown
