"""The scripts beside the package (benchmarks/, screenshots/) still start.

They are run by hand, not by the test suite, so a moved module (the package and tests were
regrouped into folders) would break them silently; `--help` imports everything a script uses
and parses its options, without doing the slow work.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import REPO

SCRIPTS = sorted(
    path.relative_to(REPO).as_posix()
    for folder in ("benchmarks", "screenshots")
    for path in (REPO / folder).glob("*.py")
)


def test_there_are_scripts_to_check() -> None:
    assert "benchmarks/benchmark.py" in SCRIPTS and len(SCRIPTS) >= 10


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_starts(script: str) -> None:
    result = subprocess.run(
        [sys.executable, script, "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr


def test_the_serve_benchmark_writes_a_config_mkdocs_loads(tmp_path: Path) -> None:
    """serve_speed.py copies mkdocs.yml with absolute paths: every hook must be rewritten, or
    `mkdocs serve` stops at once and the benchmark waits for a page that never comes (as it
    did when the second hook was added)."""
    from mkdocs.config import load_config

    sys.path.insert(0, str(REPO / "benchmarks"))
    import serve_speed

    (tmp_path / "content").mkdir()
    config = load_config(str(serve_speed.write_config(tmp_path, tmp_path / "content")))
    assert len(config.hooks) == 2
