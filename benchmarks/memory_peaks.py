"""Peak memory of each process of a command, sampled from /proc (Linux).

    python benchmarks/memory_peaks.py [--interval 0.2] -- jixiao build --content C --site-dir S

A build is three kinds of process: jixiao itself, the forked child that writes the Excel
workbook, and one Pagefind process per search part. `benchmark.py` reports the largest single
process (the operating system's `ru_maxrss` of the waited-for tree), which does not say which
one it was; this script samples every process of the command's tree and prints, for each, its
largest resident set (VmRSS) and the largest sum over the tree at one moment. Resident sets
count pages shared with the parent after a fork in both, so the sum overstates what the machine
needed; it is an upper bound.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in (PROC / str(pid) / "task").iterdir():
            found += [int(child) for child in (task / "children").read_text().split()]
    except OSError:
        pass  # the process ended between two reads
    return found


def process_tree(root: int) -> list[int]:
    """`root` and every process below it, as /proc lists them now."""
    tree, index = [root], 0
    while index < len(tree):
        tree += _children(tree[index])
        index += 1
    return tree


def resident_mib(pid: int) -> tuple[str, int] | None:
    """(command name, VmRSS in MiB) of a live process; None once it has ended."""
    try:
        status = (PROC / str(pid) / "status").read_text()
    except OSError:
        return None
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    if "VmRSS" not in fields:
        return None  # a zombie: no memory left
    return fields["Name"].strip(), int(fields["VmRSS"].split()[0]) // 1024


@dataclass
class Peaks:
    # pid → (name, MiB) at its largest: a process that execs another program keeps its pid, and
    # is named after what it was running when it held the most.
    by_process: dict[int, tuple[str, int]] = field(default_factory=dict)
    tree_sum: int = 0
    seconds: float = 0.0
    exit_code: int = 0

    def sample(self, root: int) -> None:
        total = 0
        for pid in process_tree(root):
            found = resident_mib(pid)
            if found is None:
                continue
            name, mib = found
            if mib >= self.by_process.get(pid, ("", -1))[1]:
                self.by_process[pid] = (name, mib)
            total += mib
        self.tree_sum = max(self.tree_sum, total)

    def report(self) -> str:
        lines = [
            f"exit {self.exit_code}, {self.seconds:.1f} s wall",
            "| process | pid | peak MiB |",
        ]
        lines.append("|---|---:|---:|")
        for pid, (name, mib) in sorted(self.by_process.items(), key=lambda item: -item[1][1]):
            lines.append(f"| {name} | {pid} | {mib:,} |")
        lines.append(f"| (sum over the tree at one moment) | | {self.tree_sum:,} |")
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
