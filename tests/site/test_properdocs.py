"""The way out of MkDocs 1.x: ProperDocs builds the shipped content into the same site.

ProperDocs (the `properdocs` extra) is the maintained continuation of MkDocs 1.x: it reads
mkdocs.yml and serves `mkdocs.*` imports from its own modules, so the jixiao plugin, the hook
and Material run unchanged. Both tools build the shipped content as separate processes; every
file must be the same except the `generator` meta tag that names the tool.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONTENT, MKDOCS_YML, REPO

pytestmark = pytest.mark.build

BIN = Path(sys.executable).parent
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def _config(folder: Path) -> Path:
    """mkdocs.yml with the repository's theme, hook and content named by absolute paths."""
    text = MKDOCS_YML.read_text(encoding="utf-8")
    text = text.replace("docs_dir: content", f"docs_dir: {CONTENT}")
    text = text.replace("custom_dir: theme", f"custom_dir: {REPO / 'theme'}")
    for hook in ("compact_html.py", "csp_meta.py"):
        text = text.replace(f"  - theme/{hook}", f"  - {REPO / 'theme' / hook}")
    config = folder / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def _build(tool: str, folder: Path) -> Path:
    site = folder / "site"
    environment = dict(os.environ, SOURCE_DATE_EPOCH="0", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [str(BIN / tool), "build", "--quiet", "-f", str(_config(folder)), "-d", str(site)],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_properdocs_builds_the_same_site(tmp_path: Path) -> None:
    if shutil.which("properdocs", path=str(BIN)) is None:
        message = "ProperDocs is not installed (pip install -e '.[properdocs]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    (tmp_path / "mkdocs").mkdir()
    (tmp_path / "properdocs").mkdir()
    ours = _files(_build("mkdocs", tmp_path / "mkdocs"))
    theirs = _files(_build("properdocs", tmp_path / "properdocs"))
    assert sorted(ours) == sorted(theirs)
    assert any(name.endswith(".pf_meta") for name in ours)  # the search index was built too
    named = 0
    for name, data in ours.items():
        other = theirs[name]
        if GENERATOR_TAG.search(data):
            named += 1
            assert b"ProperDocs" in other, name
            data, other = GENERATOR_TAG.sub(b"", data), GENERATOR_TAG.sub(b"", other)
        assert data == other, name
    assert named >= 14  # every page, each built by its own tool
