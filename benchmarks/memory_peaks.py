"""Peak memory of each process of a command, sampled from /proc (Linux).

    python benchmarks/memory_peaks.py [--interval 0.2] -- jixiao build --content C --site-dir S

A build is three kinds of process: jixiao itself, the forked child that writes the Excel
workbook, and one Pagefind process per search part. `benchmark.py` reports the largest single
process (the operating system's `ru_maxrss` of the waited-for tree), which does not say which
one it was; this script samples every process of the command's tree and prints, for each, its
largest resident set (VmRSS) with its proportional set (PSS) at that moment, and the largest
sums over the tree. Resident sets count pages shared with the parent after a fork in both, so
their sum is an upper bound; the sum of PSS is what the machine held (benchmarks/shards.py
reports it per shard).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True, slots=True)
class ProcessMemory:
    name: str
    rss_kb: int  # resident set: pages shared with another process counted in full
    pss_kb: int  # proportional set: each shared page divided between the processes mapping it


def _status_fields(pid: str) -> dict[str, str] | None:
    try:
        with open(PROC / pid / "status", encoding="ascii", errors="replace") as status:
            return dict(line.split(":", 1) for line in status if ":" in line)
    except OSError:
        return None  # the process ended between two reads


def _pss_kb(pid: int, fallback: int) -> int:
    try:
        with open(PROC / str(pid) / "smaps_rollup", encoding="ascii", errors="replace") as f:
            return next((int(line.split()[1]) for line in f if line.startswith("Pss:")), fallback)
    except OSError:
        return fallback


def tree_memory(root: int) -> dict[int, ProcessMemory]:
    """`root` and every live process below it (found by their parents), with their memory now.

    The workbook's process is forked from the build and shares its pages until either writes
    them: the sum of RSS counts those twice and is an upper bound, the sum of PSS is what the
    machine holds."""
    parents: dict[int, int] = {}
    found: dict[int, tuple[str, int]] = {}
    for entry in os.scandir(PROC):
        if not entry.name.isdigit() or (fields := _status_fields(entry.name)) is None:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields.get("PPid", "0").strip() or 0)
        if "VmRSS" in fields:  # a zombie has none: no memory left
            found[pid] = (fields.get("Name", "?").strip(), int(fields["VmRSS"].split()[0]))
    tree: dict[int, ProcessMemory] = {}
    for pid, (name, rss) in found.items():
        walker = pid
        while walker not in (0, 1) and walker != root:
            walker = parents.get(walker, 0)
        if walker == root:
            tree[pid] = ProcessMemory(name, rss, _pss_kb(pid, rss))
    return tree


@dataclass
class Peaks:
    # pid → (name, RSS MiB, PSS MiB) at its largest RSS: a process that execs another program
    # keeps its pid, and is named after what it was running when it held the most.
    by_process: dict[int, tuple[str, int, int]] = field(default_factory=dict)
    tree_sum: int = 0  # MiB of RSS
    tree_pss: int = 0  # MiB of PSS
    seconds: float = 0.0
    exit_code: int = 0

    def sample(self, root: int) -> None:
        tree = tree_memory(root)
        for pid, memory in tree.items():
            rss, pss = memory.rss_kb // 1024, memory.pss_kb // 1024
            if rss >= self.by_process.get(pid, ("", -1, 0))[1]:
                self.by_process[pid] = (memory.name, rss, pss)
        self.tree_sum = max(self.tree_sum, sum(m.rss_kb for m in tree.values()) // 1024)
        self.tree_pss = max(self.tree_pss, sum(m.pss_kb for m in tree.values()) // 1024)

    def report(self) -> str:
        lines = [
            f"exit {self.exit_code}, {self.seconds:.1f} s wall",
            "| process | pid | peak RSS MiB | its PSS MiB |",
        ]
        lines.append("|---|---:|---:|---:|")
        for pid, (name, rss, pss) in sorted(self.by_process.items(), key=lambda item: -item[1][1]):
            lines.append(f"| {name} | {pid} | {rss:,} | {pss:,} |")
        lines.append(
            f"| (sum over the tree at one moment) | | {self.tree_sum:,} | {self.tree_pss:,} |"
        )
        return "\n".join(lines)


def measure(argv: Sequence[str], interval: float) -> Peaks:
    peaks = Peaks()
    started = time.perf_counter()
    with subprocess.Popen(list(argv), stdout=subprocess.DEVNULL) as process:
        while process.poll() is None:
            peaks.sample(process.pid)
            time.sleep(interval)
        peaks.exit_code = process.returncode
    peaks.seconds = time.perf_counter() - started
    return peaks


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Peak resident memory of each process of a command (Linux /proc)."
    )
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between samples")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command to run")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command after --")
    if not PROC.is_dir():
        print("memory_peaks: needs Linux /proc", file=sys.stderr)
        return 2
    peaks = measure(command, args.interval)
    print(peaks.report())
    return 0 if peaks.exit_code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
