"""The Excel workbook of the last build, reused while the content it is made of is unchanged.

XlsxWriter takes ~13 s of pure Python for 10,000 projects. The workbook is a function of the
declarations and self-evaluations (their paths and files, in the site's order), the department
registry and jixiao's code: `corpus_key` hashes all of these with the site's fingerprint
(page_cache.site_fingerprint), and the workbook is kept under that key, signed like the pages.
Any edit to the content makes a new workbook; a rebuild without one (`make site` twice, a
change to the theme only after the first rebuild) copies the kept one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from generator.core.project import Corpus
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
