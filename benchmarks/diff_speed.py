"""How long `jixiao diff` and `jixiao check --changed` take when one file of many changed.

    python benchmarks/diff_speed.py [--count 10000] [--seed 2024] [--jixiao PATH] [--keep]

Generates `count` declarations with synth.py into a temporary git repository (one commit on
main), changes one amount in one file (项目资金总额 and 财政资金 both rise by 1,000.00, so the file
stays valid), and runs each command as a fresh process:

- `jixiao diff` (merge base with main → working tree; it has no cache),
- `jixiao diff HEAD~1 HEAD` after committing the change (both sides read from git),
- `jixiao check --changed` cold (the cache directory does not exist yet) and warm (again),
- a full `jixiao check` with that cache, then `jixiao check --changed` once more.

Each run's output is checked (one project changed, no errors), so a fast wrong answer does not
pass for a fast one. Prints the seconds.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402  (a sibling script, not an installed package)

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "jixiao benchmark",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "jixiao benchmark",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
}
RAISE = Decimal("1000.00")


def find_jixiao(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit).resolve()
    venv = REPO / ".venv" / "bin" / "jixiao"
    if venv.is_file():
        return venv
    beside = Path(sys.executable).parent / "jixiao"
    if beside.is_file():
        return beside
    found = shutil.which("jixiao")
    if found:
        return Path(found)
    raise SystemExit("diff_speed: no jixiao found (run `make` first, or pass --jixiao PATH)")


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return {**env, **GIT_ENV}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=environment(), check=True, capture_output=True)


def timed(argv: Sequence[str], cwd: Path, expect_exit: int = 0) -> tuple[float, str]:
    """Wall seconds of one fresh process, and its standard output."""
    started = time.perf_counter()
    result = subprocess.run(
        list(argv), cwd=cwd, env=environment(), capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode != expect_exit:
        raise SystemExit(
            f"diff_speed: `{' '.join(argv)}` exited with {result.returncode}:\n"
            f"{result.stdout[-2000:]}{result.stderr[-2000:]}"
        )
    return elapsed, result.stdout


def raise_amount(path: Path) -> None:
    """项目资金总额 and 财政资金 up by the same amount: the sums still hold."""
    text = path.read_text(encoding="utf-8")
    for label in ("项目资金总额", "财政资金"):
        pattern = re.compile(rf"^(  {label}: )([0-9,.]+)$", re.MULTILINE)
        match = pattern.search(text)
        if match is None:
            raise SystemExit(f"diff_speed: no {label} in {path}")
        amount = Decimal(match[2].replace(",", "")) + RAISE
        text = text[: match.start(2)] + f"{amount:.2f}" + text[match.end(2) :]
    path.write_text(text, encoding="utf-8")


def expect(condition: bool, what: str, output: str) -> None:
    if not condition:
        raise SystemExit(f"diff_speed: unexpected output ({what}):\n{output[-2000:]}")


def run(count: int, seed: int, jixiao: Path, workdir: Path) -> dict[str, float]:
    repo = workdir / "repo"
    repo.mkdir()
    started = time.perf_counter()
    declarations = synth.generate(repo / "content", count, seed)
    git(repo, "init", "--quiet", "-b", "main")
    git(repo, "add", "content")
    git(repo, "commit", "--quiet", "--no-verify", "-m", "synthetic declarations")
    elapsed = time.perf_counter() - started
    print(f"generated and committed {count:,} declarations in {elapsed:.1f} s")

    changed = declarations[len(declarations) // 2]
    raise_amount(changed)
    shown = changed.relative_to(repo).as_posix()
    print(f"changed one amount in {shown}")

    seconds: dict[str, float] = {}
    seconds["jixiao diff（工作区）"], out = timed([str(jixiao), "diff"], repo)
    expect("：1 个项目有变化" in out and shown in out, "diff: one changed project", out)

    cache = workdir / "cache"
    check = [str(jixiao), "check", "--changed", "--cache-dir", str(cache)]
    seconds["jixiao check --changed（冷，无缓存目录）"], out = timed(check, repo)
    expect("检查了 1 个文件：没有错误" in out, "check --changed: one file, no errors", out)
    expect(cache.is_dir(), "the cold run created the cache", out)
    seconds["jixiao check --changed（热）"], out = timed(check, repo)
    expect("检查了 1 个文件：没有错误" in out, "warm check --changed", out)
    # The cache holds full check results only: a --changed run does not fill it for the files
    # it did not check, and a full `jixiao check` does.
    full = [str(jixiao), "check", "--cache-dir", str(cache)]
    seconds["jixiao check（全部，缓存中只有 --changed 的结果）"], out = timed(full, repo)
    expect(f"检查了 {count + 1} 个文件：没有错误" in out, "full check", out)
    seconds["jixiao check --changed（全部检查之后）"], out = timed(check, repo)
    expect("检查了 1 个文件：没有错误" in out, "check --changed after a full check", out)

    git(repo, "commit", "--quiet", "--no-verify", "-am", "raise one amount")
    seconds["jixiao diff HEAD~1 HEAD"], out = timed([str(jixiao), "diff", "HEAD~1", "HEAD"], repo)
    expect("：1 个项目有变化" in out, "diff between commits: one changed project", out)
    return seconds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    parser.add_argument("--jixiao", help="the jixiao executable (default: .venv/bin/jixiao)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary repository")
    args = parser.parse_args(argv)
    jixiao = find_jixiao(args.jixiao)
    workdir = Path(tempfile.mkdtemp(prefix="jixiao-diff-speed-"))
    try:
        seconds = run(args.count, args.seed, jixiao, workdir)
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n{args.count:,} 个申报文件，改动其中一个的金额（{os.cpu_count()} 核）：")
    for label, value in seconds.items():
        print(f"  {label}: {value:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
