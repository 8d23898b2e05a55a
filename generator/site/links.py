"""Links between pages, written the way MkDocs writes its own (`mkdocs.utils`).

Kept apart from `urls`, which needs no MkDocs: only the page renderer links pages.
"""

from __future__ import annotations

from mkdocs.utils import get_relative_url


def relative(from_url: str, to_url: str) -> str:
    """The link the page at `from_url` writes to `to_url` (both site paths, "" the home page).

    MkDocs answers "." for a page's link to itself; "./" says the same and is what the pages
    have always carried, so that a built site stays byte-identical.
    """
    link = get_relative_url(to_url, from_url)
    return "./" if link == "." else link
