"""The original documents (来源.文件) published beside the site, so a reader can cite the source.

A declaration imported from a department's budget PDF names that file in `来源.文件`. When the
repository keeps the file in the documents folder (`documents/` beside `content/`), the site
publishes it at `documents/<文件>` and the project page links to `…#page=N`; otherwise the page
shows the file name and page as text. The name comes from YAML and is untrusted: only a plain
file name is looked up (no folder, no `..`, no hidden file), only a regular file directly in the
folder is taken (a symlink is never followed), and its size is bounded before it is read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

DOCUMENTS_FOLDER = "documents"  # beside content/ (plugin option documents_dir); URL: urls.py
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024
# What a published form comes as. Anything else (.html, .js, .svg) would be served from the
# site's own address, where its script passes the site's `script-src 'self'`: never published,
# the page names the file as text instead.
PUBLISHED_SUFFIXES = frozenset({".pdf", ".xlsx", ".xls", ".docx", ".doc", ".txt", ".csv"})


def is_publishable(name: str) -> bool:
    """A plain file name (is_plain_name) of a kind of file that a form is published as."""
    return is_plain_name(name) and Path(name).suffix.lower() in PUBLISHED_SUFFIXES


def is_plain_name(name: str) -> bool:
    """A file name that cannot leave the documents folder or hide in it."""
    return (
        bool(name)
        and name == name.strip()
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
        and "\0" not in name
        and all(ord(c) >= 32 for c in name)
    )


def find_documents(folder: Path, names: Iterable[str]) -> dict[str, Path]:
    """name → path for each wanted name that is a regular file directly in `folder`."""
    try:
        folder_mode = os.lstat(folder).st_mode
    except OSError:
        return {}
    if not stat.S_ISDIR(folder_mode):  # a symlinked folder is not followed either
        return {}
    found: dict[str, Path] = {}
    for name in sorted(set(names)):
        if not is_publishable(name):
            continue
        path = folder / name
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_DOCUMENT_BYTES:
            found[name] = path
    return found
