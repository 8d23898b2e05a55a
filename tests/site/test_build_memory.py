"""What a build holds while MkDocs renders the pages: no data file (the background process
makes them, background.py) and no page's source once the page is rendered (FastPage), with the
site byte for byte what the in-memory sources give. And a cancelled background job leaves no
temporary files behind."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from generator.core.diagnostics import JixiaoUserError
from generator.load.corpus import load_corpus
from generator.review.history import History
from generator.site import background
from generator.site.background import DeferredFiles
from generator.site.fast_page import FastPage
from generator.site.mkdocs_plugin import JixiaoPlugin
from generator.site.render import render_site
from generator.site.writer import build_site
from tests.conftest import MKDOCS_YML
from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path

pytestmark = pytest.mark.build


@pytest.mark.parametrize("links", [True, False], ids=["linked", "copied"])
def test_build_holds_neither_data_files_nor_rendered_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: bool
) -> None:
    content = tmp_path / "content"
    synth.generate(content, 24, years=(2024,), layouts="mixed", evaluations=0.5)
    corpus = load_corpus(content)
    assert corpus.ok and corpus.evaluations
    placed: list[str] = []
    real_link = os.link

    def link(source: Any, target: Any) -> None:
        if not links:  # as across file systems: each file is copied instead
            raise OSError(18, "Invalid cross-device link")
        placed.append(os.fspath(target))
        real_link(source, target)

    monkeypatch.setattr(background.os, "link", link)
    seen: dict[str, Any] = {}
    on_env = JixiaoPlugin.on_env

    def looking(self: JixiaoPlugin, env: Any, config: Any, files: Any) -> Any:
        # MkDocs calls on_env after it has read every page and before it renders them.
        seen["pages"] = [f for f in files if isinstance(f.page, FastPage)]
        seen["data"] = [f for f in files if f.src_uri.startswith("data/")]
        seen["sources"] = dict(self.sources.pages) if self.sources else None
        # Beside the site folder (the build's staging folder), not in the system's tmp.
        seen["deferred"] = list(tmp_path.glob(".site-*-deferred_*"))
        return on_env(self, env, config, files)

    monkeypatch.setattr(JixiaoPlugin, "on_env", looking)
    site = tmp_path / "site"
    build_site(corpus, config_file=MKDOCS_YML, site_dir=site, cache_dir=None)

    assert len(seen["pages"]) > len(corpus.projects)
    assert all(file.content_string == "" for file in seen["pages"])
    assert seen["sources"] and set(seen["sources"].values()) == {""}
    assert seen["data"] == []  # no download is a file MkDocs holds: the background makes them
    assert len(seen["deferred"]) == 1
    assert list(tmp_path.glob(".site-*")) == []  # removed when the build ended

    expected = render_site(corpus, history=History(), documents=frozenset()).files
    downloads = {path: data for path, data in expected.items() if path.startswith("data/")}
    assert {"data/projects.json", "data/evaluations.json", "data/indicators.csv"} <= set(downloads)
    for path, data in downloads.items():
        assert (site / path).read_bytes() == data, path
    schema = {path for path in expected if path.startswith("schema/")}
    assert schema and all((site / path).read_bytes() == expected[path] for path in schema)
    assert (site / "data/projects.xlsx").is_file()
    # Linked where it can be: each file's bytes are written once.
    if links:
        assert len(placed) == len(downloads) + len(schema) + 1  # and the workbook
    else:
        assert placed == []


def _slow_job_with_temporary_files(folder: str) -> bytes:
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        (Path(scratch) / "part").write_bytes(b"x")
        time.sleep(60)
    return b""


def test_a_cancelled_background_job_removes_its_temporary_files(tmp_path: Path) -> None:
    def job() -> bytes:
        return _slow_job_with_temporary_files(str(tmp_path))

    deferred = DeferredFiles({"data/slow.bin": job})
    deadline = time.monotonic() + 20
    while not list(tmp_path.glob("*/part")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert list(tmp_path.glob("*/part")), "the job never started"
    deferred.cancel()
    assert deferred.process is not None and deferred.process.exitcode is not None
    assert list(tmp_path.iterdir()) == []


def _niceness() -> bytes:
    return str(os.nice(0)).encode()


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities here")
def test_the_workbook_process_yields_to_the_build(tmp_path: Path) -> None:
    """The background process runs at a lower priority than the build (and its Pagefind),
    which it would otherwise slow down on two cores."""
    deferred = DeferredFiles({"data/nice.txt": _niceness})
    assert deferred.process is not None  # forked, as on Linux
    deferred.copy_into(tmp_path)
    child = int((tmp_path / "data" / "nice.txt").read_text())
    assert child == min(os.nice(0) + background.WORKBOOK_NICENESS, 19)


def test_a_download_is_never_placed_through_a_planted_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    content = tmp_path / "content"
    synth.generate(content, 4, years=(2024,))
    corpus = load_corpus(content)
    outside = tmp_path / "outside"
    outside.mkdir()
    on_files = JixiaoPlugin.on_files

    def planting(self: JixiaoPlugin, files: Any, config: Any) -> Any:
        # After MkDocs has emptied the site folder, before the downloads go into it.
        (Path(config.site_dir) / "data").symlink_to(outside, target_is_directory=True)
        return on_files(self, files, config)

    monkeypatch.setattr(JixiaoPlugin, "on_files", planting)
    with pytest.raises(JixiaoUserError, match="MkDocs 构建失败"):
        build_site(corpus, config_file=MKDOCS_YML, site_dir=tmp_path / "site", cache_dir=None)
    assert "data 是符号链接" in caplog.text  # MkDocs logs the plugin's message, then stops
    assert list(outside.iterdir()) == []
    assert list(tmp_path.glob(".site-*")) == []
