"""The site's data files, each written to a folder of its own as soon as it is made.

The downloads under data/ (JSON, CSV and the schema) are the largest sources of a build: about
390 MB at 10,000 projects with their self-evaluations. Kept as bytes until MkDocs writes them,
which it does only after it has rendered every page, they were the largest part of the build's
peak memory that nothing needed. A build (not `mkdocs serve`, which writes them after showing
the pages) now makes them one at a time before it renders any page, writes each here, and
hands MkDocs the file's path.

The folder is beside the site folder, not in the system's temporary folder: that is often a
tmpfs, where the bytes would stay in memory after all, only not in the build's own. On the same
file system each file is then linked into the site instead of written a second time; where a
link cannot be made MkDocs copies it, as it copies a theme file. The folder is named like the
build's staging folders (`.site-<pid>-…`), so that one left by a killed build is removed by the
next (writer.remove_stale_staging).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections.abc import Iterable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from generator.core.safe_fs import make_folders


class SpilledFiles:
    def __init__(self, beside: Path) -> None:
        beside.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".site-{os.getpid()}-data_", dir=beside))
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

    def files(self, config: MkDocsConfig) -> list[File]:
        """MkDocs' files for the spilled data, each linked into the site folder where it can be
        (MkDocs then finds source and destination the same file and leaves it), else copied.
        Raises UnsafePathError where a folder on the way is a symbolic link (make_folders)."""
        made = []
        for site_path, on_disk in self.paths.items():
            file = File.generated(config, site_path, abs_src_path=str(on_disk))
            target = file.abs_dest_path
            make_folders(Path(target).parent, Path(config.site_dir))
            try:
                os.link(on_disk, target)
            except OSError:
                pass  # another file system, or no links: MkDocs copies it
            else:
                file.abs_src_path = target
            made.append(file)
        return made

    def remove(self) -> None:
        self._remover()
