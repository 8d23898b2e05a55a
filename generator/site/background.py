"""Heavy download files computed on the second core while MkDocs renders the pages.

The Excel workbook of 10,000 projects and 135,000 indicators takes XlsxWriter ~13 s of pure
Python; MkDocs' page rendering is single-threaded too. A forked child computes such files in
parallel (fork shares the loaded corpus without pickling it) and leaves them in a temporary
folder; the build copies them into the site when the pages are done. Where fork is not
available the files are computed in the same process, with the same result.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import tempfile
from collections.abc import Callable
from pathlib import Path

from generator.core.diagnostics import JixiaoUserError

WORKBOOK_NICENESS = 10


def _stop_cleanly(signum: int, frame: object) -> None:
    raise SystemExit(1)


def _compute_all(jobs: dict[str, Callable[[], bytes]], folder: str) -> None:
    if multiprocessing.parent_process() is not None:
        # A superseded rebuild terminates this child: unwinding (not dying on the signal) lets
        # each job remove its own temporary files, which were left in /tmp before.
        signal.signal(signal.SIGTERM, _stop_cleanly)
        # The build waits at its end for the search index more than for the workbook, which
        # has time to spare (after one edit at 10,000 it was done 6 s before the index): on two
        # cores it yields to the build and to Pagefind instead of slowing both.
        if hasattr(os, "nice"):
            os.nice(WORKBOOK_NICENESS)
    for relative, make in jobs.items():
        target = Path(folder) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(make())


class DeferredFiles:
    def __init__(self, jobs: dict[str, Callable[[], bytes]]) -> None:
        self.jobs = jobs
        self.folder = tempfile.mkdtemp(prefix="jixiao-deferred-")
        self.process: multiprocessing.process.BaseProcess | None = None
        self.cancelled = False
        if jobs and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self.process = context.Process(target=_compute_all, args=(jobs, self.folder))
            self.process.start()

    def copy_into(self, site_dir: Path) -> None:
        """Waits for the files and copies them into the built site."""
        try:
            if self.process is None:
                _compute_all(self.jobs, self.folder)
            else:
                self.process.join()
                if self.cancelled:
                    return  # superseded: the next rebuild makes its own files
                if self.process.exitcode != 0:
                    names = "、".join(self.jobs)
                    raise JixiaoUserError(
                        f"生成下载文件（{names}）的子进程失败，退出码 {self.process.exitcode}"
                    )
            for relative in self.jobs:
                target = site_dir / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(self.folder) / relative, target)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def cancel(self) -> None:
        """Stops the files of a build that was superseded (a rebuild under `mkdocs serve`), so
        that two children never write the same workbook.
        """
        self.cancelled = True
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
        shutil.rmtree(self.folder, ignore_errors=True)
