"""Text from declarations made inert in Markdown that GitHub, GitLab or Gitea will render.

A pull-request comment is posted under the bot's name, so a project name must not become a
link, an image, an @-mention that notifies someone, a reference to another issue, raw HTML,
emphasis or an extra table column. Every character with a meaning is written as a numeric
character reference, which is literal text in a Markdown paragraph, in a table cell and inside
an HTML block alike (a backslash escape would show as a backslash inside `<summary>`).

The forges also find mentions, issue references and bare URLs in the rendered text itself,
after references are decoded; for those a zero-width space (U+200B, invisible) is put after
the sigil so that the pattern no longer matches: `@name`, `#12`, `!12`, `%name`, `$12`, `&12`,
`~name`, `https://`, `www.`.
"""

from __future__ import annotations

import re

from markupsafe import escape

ZERO_WIDTH_SPACE = "&#8203;"

# Besides HTML's `&<>"'` (escaped by markupsafe): table cells, backslash escapes, code spans,
# emphasis, links and images (no `[`, no link), strikethrough, math, GitLab's inline diff.
_MEANINGFUL = "|\\`*_[]~${}"
_REFERENCES = {ch: f"&#{ord(ch)};" for ch in _MEANINGFUL}

# Sigils of mentions and references on GitHub (`@`, `#`) and GitLab (also `!`, `%`, `$`, `&`,
# `~`), when a name or number follows; and the starts of bare URLs.
_SIGIL = re.compile(r"([@#!%$&~])(?=[\w\"'])")
_URL_START = re.compile(r"(?i)(?<=:)(?=//)|(?<=\bwww)(?=\.)")


def inert(text: str) -> str:
    """One line of Markdown that shows `text` as it is and means nothing else."""
    text = " ".join(text.splitlines()) if "\n" in text or "\r" in text else text
    text = _SIGIL.sub(lambda m: m.group(1) + "\u200b", text)
    text = _URL_START.sub("\u200b", text)
    text = "".join(_REFERENCES.get(ch, ch) for ch in str(escape(text)))
    return text.replace("\u200b", ZERO_WIDTH_SPACE)
