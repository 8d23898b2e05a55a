"""How long a saved edit takes to show under `mkdocs serve` (what `make serve` runs).

    python benchmarks/serve_speed.py [--size 10000] [--edits 3] [--evaluations 1.0]

Generates declarations with synth.py, starts `mkdocs serve --dirty` on them (what `make serve`
runs; --clean: MkDocs' default full rebuild), waits for the first build,
then edits one declaration's annual goal at a time and polls its page until the new text is
served. Reports the first build and each edit's seconds from the save to the page.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402  (a sibling script, not an installed package)


def write_config(folder: Path, content: Path) -> Path:
    """The repository's mkdocs.yml with the content, theme and hook named by absolute paths."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: content", f"docs_dir: {content}")
    text = text.replace("custom_dir: theme", f"custom_dir: {REPO / 'theme'}")
    # Every hook (compact HTML, the Content-Security-Policy) by its absolute path.
    text = text.replace("\n  - theme/", f"\n  - {REPO / 'theme'}/")
    config = folder / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError):
        return None


def wait_for(
    url: str, text: str, deadline: float, server: subprocess.Popen[bytes] | None = None
) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < deadline:
        if server is not None and server.poll() is not None:
            raise SystemExit(
                f"serve_speed: mkdocs serve stopped (exit {server.returncode}); --show-log"
            )
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - started
        time.sleep(0.1)
    raise SystemExit(f"serve_speed: {text!r} not served at {url} within {deadline:.0f} s")


@contextlib.contextmanager
def serving(
    config: Path, port: int, log: Path, clean: bool = False
) -> Iterator[subprocess.Popen[bytes]]:
    mkdocs = Path(sys.executable).parent / "mkdocs"
    mode = [] if clean else ["--dirty"]  # `make serve` rebuilds dirty
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [str(mkdocs), "serve", *mode, "-f", str(config), "-a", f"127.0.0.1:{port}"],
            cwd=config.parent,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument(
        "--evaluations",
        type=float,
        default=0.0,
        help="share of projects that also get a 自评表 (synth.py --evaluations)",
    )
    parser.add_argument("--deadline", type=float, default=1800.0, help="seconds to wait at most")
    parser.add_argument("--show-log", action="store_true", help="print mkdocs serve's output")
    parser.add_argument(
        "--clean", action="store_true", help="rebuild clean (MkDocs' default), not --dirty"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jixiao-serve-") as temporary:
        folder = Path(temporary)
        content = folder / "content"
        files = synth.generate(content, args.size, evaluations=args.evaluations)
        config = write_config(folder, content)
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        target = sorted(files)[len(files) // 2]
        url = base + target.relative_to(content).with_suffix("").as_posix() + "/"
        try:
            with serving(config, port, folder / "serve.log", clean=args.clean) as server:
                first = wait_for(url, "年度总目标", args.deadline, server)
                print(f"size {args.size:,}: first build served after {first:.1f} s", flush=True)
                for number in range(1, args.edits + 1):
                    marker = f"第{number}次修订"
                    text = target.read_text(encoding="utf-8")
                    target.write_text(
                        text.replace("年度总目标: ", f"年度总目标: {marker}", 1), encoding="utf-8"
                    )
                    seconds = wait_for(url, marker, args.deadline, server)
                    print(f"edit {number}: saved → shown in {seconds:.1f} s", flush=True)
        finally:
            if args.show_log:
                print((folder / "serve.log").read_text(encoding="utf-8", errors="replace"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
