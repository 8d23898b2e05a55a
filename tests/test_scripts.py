"""The scripts beside the package (benchmarks/, screenshots/) still start.

They are run by hand, not by the test suite, so a moved module (the package and tests were
regrouped into folders) would break them silently; `--help` imports everything a script uses
and parses its options, without doing the slow work.
"""

from __future__ import annotations

import subprocess
import sys

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
