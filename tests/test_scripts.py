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


def test_memory_peaks_names_the_process_that_used_the_memory() -> None:
    """memory_peaks.py reports each process of the tree: here a child that holds 80 MB while
    its parent holds little, which a single tree-wide maximum would not tell apart."""
    program = (
        "import subprocess, sys, time\n"
        "child = 'import time; block = bytearray(80 * 1024 * 1024); time.sleep(1.5)'\n"
        "subprocess.run([sys.executable, '-c', child], check=True)\n"
    )
    result = subprocess.run(
        [sys.executable, "benchmarks/memory_peaks.py", "--interval", "0.05", "--",
         sys.executable, "-c", program],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line.split("|")[1:4] for line in result.stdout.splitlines() if line.startswith("| ")]
    peaks = [(name.strip(), int(mib.strip().replace(",", ""))) for name, _, mib in rows[1:]]
    processes = [(name, mib) for name, mib in peaks if not name.startswith("(")]
    assert len(processes) == 2, result.stdout
    (_, big), (_, small) = processes  # sorted by peak, largest first
    assert big >= 80 > small, result.stdout
    tree_sum = dict(peaks)["(sum over the tree at one moment)"]
    assert tree_sum >= big + small - 1


def test_edit_phases_times_every_phase_it_names(tmp_path: Path) -> None:
    """edit_phases.py wraps functions by name: a renamed one stops it at start (as `_downloads`
    did), and a generator's work would be timed as nothing. Every phase must show up with time
    in the full build, and the background process's files in the timeline."""
    result = subprocess.run(
        [sys.executable, "benchmarks/edit_phases.py", str(tmp_path), "--count", "12", "--timeline"],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    first_build, timeline = result.stdout.split("after editing")[0].split("  timeline")
    # The critical path, in the order the build takes it.
    events = [line.split(maxsplit=1)[1] for line in timeline.splitlines()[1:]]
    expected = [
        "load_corpus ends",
        "render_site starts",
        "MkDocs builds its first page",
        "search part 0 starts",
        "on_post_build starts",
        "wait for the background process ends",
        "on_post_build ends",
    ]
    assert [e for e in events if e in expected] == expected, timeline
    timed = {
        line[4:44].strip(): float(line[44:].split()[1])
        for line in first_build.splitlines()
        if line.startswith("    ")
    }
    # The downloads are the background process's (one of its files is the last it wrote).
    assert "the background process wrote its last file" in timeline, timeline
    assert "render_site._project_pages" in timed, result.stdout
    phases = {"load_corpus", "render_site", "search index: wait at the end"}
    assert phases <= set(timed), result.stdout
    assert "garbage collection, generation 0" in timed, result.stdout
    assert "after editing" in result.stdout and "peak memory" in result.stdout
