"""Download files computed on the second core while MkDocs renders the pages.

MkDocs' page rendering is single-threaded, and the whole site's downloads depend on the corpus
alone: the JSON and CSV files under data/ (about 8 CPU s at 10,000 projects when none is kept
from the last build) and the Excel workbook (workbook_cache.py). A forked child computes them in
parallel (fork shares the loaded corpus without pickling it) and leaves them in a folder beside
the site folder; the build links them into the site when the pages are done. Where fork is not
available the files are computed in the same process at that point, with the same result.

The folder is beside the site folder, not in the system's temporary folder: that is often a
tmpfs, where 390 MB of downloads (10,000 projects with their self-evaluations) would stay in
memory after all. It is named like the build's staging folders (`.site-<pid>-…`), so that one
left by a killed build is removed by the next (writer.remove_stale_staging).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from generator.core.diagnostics import JixiaoUserError
from generator.core.safe_fs import make_folders

WORKBOOK_NICENESS = 10

# One job: the files it makes, (path in the site, bytes), one at a time.
Job = Callable[[], Iterable[tuple[str, bytes]]]


def _stop_cleanly(signum: int, frame: object) -> None:
    raise SystemExit(1)


def _compute_all(jobs: Sequence[Job], folder: str) -> None:
    if multiprocessing.parent_process() is not None:
        # A superseded rebuild terminates this child: unwinding (not dying on the signal) lets
        # each job remove its own temporary files, which were left in /tmp before.
        signal.signal(signal.SIGTERM, _stop_cleanly)
        # The build waits at its end for the search index more than for these files, which
        # have time to spare (after one edit at 10,000 they were done 14 s before the index):
        # on two cores the child yields to the build and to Pagefind instead of slowing both.
        if hasattr(os, "nice"):
            os.nice(WORKBOOK_NICENESS)
    for job in jobs:
        for relative, data in job():
            # The paths are jixiao's own (data/…, schema/…), never taken from the content.
            target = Path(folder) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as stream:
                stream.write(data)


def single(relative: str, make: Callable[[], bytes]) -> Job:
    """A job that makes one file."""
    return lambda: [(relative, make())]


class DeferredFiles:
    """`jobs` (site path → the bytes of one file) and `streams` (jobs of several files each),
    computed in a child process from now on, in a folder beside `beside` (the site folder's
    parent; the system's temporary folder if None)."""

    def __init__(
        self,
        jobs: Mapping[str, Callable[[], bytes]],
        streams: Sequence[Job] = (),
        beside: Path | None = None,
    ) -> None:
        self.names = list(jobs)  # for a message if the child fails
        self.jobs = [single(relative, make) for relative, make in jobs.items()] + list(streams)
        if beside is not None:
            beside.mkdir(parents=True, exist_ok=True)
        prefix = f".site-{os.getpid()}-deferred_" if beside is not None else "jixiao-deferred-"
        self.folder = tempfile.mkdtemp(prefix=prefix, dir=beside)
        self.process: multiprocessing.process.BaseProcess | None = None
        self.cancelled = False
        if self.jobs and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self.process = context.Process(target=_compute_all, args=(self.jobs, self.folder))
            # The child's garbage collections leave the objects it inherits alone (frozen):
            # walking them would write to every page of the corpus and so copy it (fork shares
            # pages until either process writes to them).
            gc.freeze()
            try:
                self.process.start()
            finally:
                gc.unfreeze()

    def copy_into(self, site_dir: Path) -> None:
        """Waits for the files and puts them into the built site: linked where the file system
        allows (the bytes are written once), else copied; never through a symbolic link."""
        try:
            if self.process is None:
                _compute_all(self.jobs, self.folder)
            else:
                self.process.join()
                if self.cancelled:
                    return  # superseded: the next rebuild makes its own files
                if self.process.exitcode != 0:
                    made = "、".join(self.names) or "下载文件"
                    raise JixiaoUserError(
                        f"生成下载文件（{made}）的子进程失败，退出码 {self.process.exitcode}"
                    )
            for folder, _, files in os.walk(self.folder):
                for name in sorted(files):
                    path = Path(folder) / name
                    _place(path, site_dir / path.relative_to(self.folder), site_dir)
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


def _place(made: Path, target: Path, site_dir: Path) -> None:
    """`made` at `target`, in one step: `mkdocs serve` may be sending the file being replaced.
    Raises UnsafePathError where a folder on the way is a symbolic link (make_folders)."""
    make_folders(target.parent, site_dir)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        os.link(made, temporary)
    except OSError:
        shutil.copyfile(made, temporary)  # another file system, or no links
    os.replace(temporary, target)
