"""The site's data files, each written to a folder of its own as soon as it is made.

The downloads under data/ (JSON, CSV and the schema) are the largest sources of a build: about
390 MB at 10,000 projects with their self-evaluations. Kept as bytes until MkDocs writes them,
which it does only after it has rendered every page, they were the largest part of the build's
peak memory that nothing needed. A build (not `mkdocs serve`, which writes them after showing
the pages) now makes them one at a time right after the page sources, writes each here, and
hands MkDocs the file's path: MkDocs copies it into the site as it copies a theme file.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Iterable
from pathlib import Path


class SpilledFiles:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="jixiao-data-"))
        self.paths: dict[str, Path] = {}  # site path → where its bytes are, in the site's order
        # Removed when the build ends (remove), and at the latest when the process exits.
        self._remover = weakref.finalize(self, shutil.rmtree, self.folder, ignore_errors=True)

    def write(self, made: Iterable[tuple[str, bytes]]) -> None:
        """Writes each (site path, bytes) as it comes, so that one file at a time is held."""
        for site_path, data in made:
            # A name of our own: the site path never decides where in the file system a file goes.
            target = self.folder / f"{len(self.paths):06d}"
            with open(target, "xb") as out:
                out.write(data)
            self.paths[site_path] = target

    def remove(self) -> None:
        self._remover()
