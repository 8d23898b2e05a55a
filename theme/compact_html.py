"""MkDocs hook: drops the indentation and blank lines Material's templates leave in every page.

Material's templates are indented for reading and Jinja keeps that indentation: a quarter of
a project page was whitespace between the tags of the header, navigation and footer. Every run
of whitespace that contains a line break becomes one line break. A browser renders the two
alike (one collapsible space) except in preformatted text, so the page body (`<article>`,
which jixiao's templates already write compactly and whose goal cells are `pre-line`), and
`<pre>`, `<textarea>`, `<script>` and `<style>` are kept byte for byte.

Loaded through `hooks:` in mkdocs.yml, so `mkdocs build` and `mkdocs serve` do the same.
MkDocs does not copy `*.py` files from the theme folder into the site.
"""

from __future__ import annotations

import re
from typing import Any

# Kept as written, each up to its own end tag. None of them nests inside itself in Material's
# output, and text from YAML cannot end one early: it is HTML-escaped (`&lt;/article&gt;`).
# What `<(article|pre|textarea|script|style)\b.*?</\1\s*>` (DOTALL, IGNORECASE) would match,
# found as a start and then a search for its end tag: the one regex's lazy `.*?` tried the
# backreference at every character of the page body, a third of the hook's time.
_KEEP_START = re.compile(r"<(article|pre|textarea|script|style)\b", re.IGNORECASE)
_KEEP_END = {
    tag: re.compile(rf"</{tag}\s*>", re.IGNORECASE)
    for tag in ("article", "pre", "textarea", "script", "style")
}
# HTML's own whitespace only: U+3000 and no-break spaces are visible text, not indentation.
_BREAK = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")


def compact(html: str) -> str:
    parts: list[str] = []
    position = search = 0
    while (start := _KEEP_START.search(html, search)) is not None:
        end = _KEEP_END[start.group(1).lower()].search(html, start.end())
        if end is None:  # never closed: not kept; look for the next start after this one
            search = start.start() + 1
            continue
        parts.append(_BREAK.sub("\n", html[position : start.start()]))
        parts.append(html[start.start() : end.end()])
        position = search = end.end()
    parts.append(_BREAK.sub("\n", html[position:]))
    return "".join(parts)


def on_post_page(output: str, **kwargs: Any) -> str:
    return compact(output)


def on_post_template(output_content: str, template_name: str, **kwargs: Any) -> str:
    """Material's 404.html is a static template, not a page; sitemap.xml stays as it is."""
    return compact(output_content) if template_name.endswith(".html") else output_content
