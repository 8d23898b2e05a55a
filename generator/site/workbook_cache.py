"""The Excel workbook of the last build, and each file's rows in it, reused while unchanged.

The workbook is a function of the declarations and self-evaluations (their paths and files, in
the site's order), the department registry and jixiao's code: `corpus_key` hashes all of these
with the site's fingerprint (page_cache.site_fingerprint), and the workbook is kept under that
key, signed like the pages. A rebuild without an edit (`make site` twice, a change to the theme
only after the first rebuild) copies the kept one.

After an edit the workbook is made again, but only the edited file's rows are: each file's rows
(export_xlsx.item_rows: its own records, numbered when the workbook is put together) are kept
under a key of the file's path and text (and, for a 自评表, its declaration's text, which its
readings come from), so 10,000 projects cost one file's rows and the putting together.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from generator.core.project import Corpus
from generator.site.export_xlsx import KeptRows, workbook_items
from generator.site.page_cache import PageCache


def corpus_key(cache: PageCache, corpus: Corpus) -> str:
    digest = hashlib.sha256()
    digest.update(repr(corpus.registry).encode() + b"\0")
    for kind, items in (("projects", corpus.projects), ("evaluations", corpus.evaluations)):
        digest.update(f"{kind}:{len(items)}\0".encode())
        for item in items:
            digest.update(item.source_path.encode() + b"\0" + item.source_text.encode() + b"\0")
    return cache.key("data/projects.xlsx", digest.hexdigest())


def reused_workbook(cache: PageCache, key: str, make: Callable[[], bytes]) -> bytes:
    """The kept workbook for `key` if this user's jixiao made it; else `make()`, then kept.
    Runs in the background process (background.py)."""
    data = cache.get_bytes(key)
    if data is None:
        data = make()
        cache.put_bytes(key, data)
    return data


def kept_rows(cache: PageCache, corpus: Corpus) -> KeptRows:
    """Each workbook item's rows from the last build that made them, else made and kept.

    The keys are computed and marked used here, in the build's own process, before the
    background process that reads and writes the entries starts: the end of the build keeps
    exactly these entries (PageCache.prune), whatever that process did.
    """
    keys = [cache.key(name, inputs) for name, inputs in workbook_items(corpus)]
    cache.used.update(keys)

    def rows(index: int, make: Callable[[], str]) -> str:
        text = cache.get(keys[index])
        if text is None:
            text = make()
            cache.put(keys[index], text)
        return text

    return rows
