"""Pages whose body is already HTML skip Python-Markdown's two HTML parsers.

A generated page is a few `#` headings between raw HTML blocks. MkDocs renders it with
Python-Markdown, whose HTML-block preprocessor runs Python's HTML parser over the whole page
to find where each raw block ends, and MkDocs runs it a second time to collect anchor ids:
three quarters of MkDocs' time per page, to copy the blocks through unchanged.

`FastPage.render` splits such a page itself: each raw block starts at a line that opens a
block-level tag and ends at the line that closes it, and is copied through byte for byte, as
Python-Markdown does; the headings alone go through MkDocs' own renderer (the real
Python-Markdown with the site's extensions), so their ids, table of contents and the page title
are MkDocs' own. Anything else — Markdown paragraphs, lists, code fences, comments, scripts,
a heading directly against a block — is rendered the ordinary way, so the fast path never has
to imitate Markdown beyond where a raw block ends. `tests/site/test_fast_page.py` renders every
page of real and hostile corpora both ways and compares content, table of contents, title and
anchors.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from markdown import Markdown
from markdown.extensions.toc import nest_toc_tokens, slugify, unique
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

# Python-Markdown's block-level tags, without the ones the fast path leaves to Python-Markdown:
# void `hr`, and the elements whose content the HTML parser reads as raw text (a `</div>` in a
# script is not an end tag).
_BLOCK_TAGS = frozenset(Markdown().block_level_elements) - {"hr", "script", "style", "textarea"}
_BLOCK_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(?=[\s>])")
_HEADING = re.compile(r"#{1,6}[^\n]*")
# What Python-Markdown would treat differently from a plain run of lines: tabs and carriage
# returns (normalised), its own placeholder markers, lines of spaces (emptied), code fences
# (taken out before raw HTML), comments, processing instructions, CDATA and raw-text elements.
# `_unsafe` finds them in three cheap passes instead of one regex that tries all five patterns at
# every character of the page (a third of the fast path's time, twice that on a page with a
# 自评表); tests/site/test_fast_page.py compares it with that regex.
_UNSAFE_CHARACTERS = ("\t", "\r", "\x02", "\x03")
_UNSAFE_LINE = re.compile(r"^ +$|^ {0,3}(?:`{3}|~{3})", re.MULTILINE)
_UNSAFE_TAG = re.compile(r"<[!?]|<(?:script|style|textarea|xmp|plaintext)\b", re.IGNORECASE)
# The extensions whose output the fast path has been compared with; any other configuration
# renders every page the ordinary way.
_KNOWN_EXTENSIONS = ["toc", "tables", "fenced_code"]
_ANCHOR_ATTRIBUTE = re.compile(r"""<(\w+)\b[^>]*?\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# What every match of _ANCHOR_ATTRIBUTE holds: `_anchor_ids` looks for the next of these first,
# instead of trying the tag pattern at every tag of a long table.
_ANCHOR_CANDIDATE = re.compile(r"\s(?:id|name)\s*=")


def fast_path_allowed(config: MkDocsConfig) -> bool:
    """Whether the generated pages may skip Python-Markdown: only with exactly the
    Markdown settings the fast path reproduces; any other mkdocs.yml gets MkDocs' own rendering.
    """
    mdx: dict[str, dict[str, Any]] = config.mdx_configs or {}
    toc_options = mdx.get("toc", {})
    return (
        list(config.markdown_extensions) == _KNOWN_EXTENSIONS
        and set(mdx) <= {"toc"}
        and set(toc_options) <= {"permalink"}
        and not toc_options.get("permalink")
    )


def split_blocks(markdown: str) -> list[tuple[str, str]] | None:
    """[("heading", line) | ("html", block) | ("gap", "")] or None where Markdown must decide.

    A raw block is followed by a "gap" when a blank line follows it: Python-Markdown then keeps
    one line break after the block in its output.
    """
    if _unsafe(markdown):
        return None
    lines = markdown.split("\n")
    items: list[tuple[str, str]] = []
    index, count = 0, len(lines)
    while index < count:
        line = lines[index]
        if not line:
            index += 1
            continue
        if _HEADING.fullmatch(line):
            # A heading directly followed by text or a block would make Markdown decide more.
            if index + 1 < count and lines[index + 1]:
                return None
            items.append(("heading", line))
            index += 1
            continue
        start = _BLOCK_START.match(line)
        if start is None or start.group(1).lower() not in _BLOCK_TAGS:
            return None
        end = _block_end(lines, index, start.group(1))
        if end is None:
            return None
        items.append(("html", "\n".join(lines[index : end + 1])))
        index = end + 1
        if index < count and not lines[index]:
            items.append(("gap", ""))
        elif index < count and not _BLOCK_START.match(lines[index]):
            return None  # text right after a block: Python-Markdown reads it as Markdown
    return items


def _unsafe(markdown: str) -> bool:
    """Whether the text holds anything of `_UNSAFE_*` (see there)."""
    if any(character in markdown for character in _UNSAFE_CHARACTERS):
        return True
    # A line of spaces or an indented fence needs a line that starts with a space; a fence
    # without indent needs the three characters themselves.
    maybe_line = "\n " in markdown or markdown.startswith(" ") or "```" in markdown
    if (maybe_line or "~~~" in markdown) and _UNSAFE_LINE.search(markdown):
        return True
    return _UNSAFE_TAG.search(markdown) is not None


def _block_end(lines: list[str], first: int, tag: str) -> int | None:
    """The line whose end closes the block opened at `first`; None if it closes mid-line."""
    opening = re.compile(rf"<{tag}(?=[\s>/])[^>]*?(/?)>|</{tag}\s*>", re.IGNORECASE)
    depth = 0
    for number in range(first, len(lines)):
        line = lines[number]
        for match in opening.finditer(line):
            if match.group(0).startswith("</"):
                depth -= 1
                if depth == 0:
                    return number if match.end() == len(line) else None
            elif not match.group(1):  # `<div/>` opens nothing
                depth += 1
    return None


@dataclass(frozen=True, slots=True)
class _Heading:
    level: int
    inner: str  # the heading's HTML between its tags
    name: str  # its table-of-contents entry
    title: str | None  # the page title MkDocs takes from it when it is the page's first h1


# One heading line → its rendering; the same `## 项目资金` is on every project page.
_HEADINGS: dict[str, _Heading] = {}
_HEADINGS_KEPT = 200_000
# A heading of plain text and backslash-escaped punctuation (how `markdown_heading` writes a
# project name without quotes, `<`, `>` or `&`): Python-Markdown's inline patterns leave it as
# the text with the backslashes removed. Anything else is rendered by MkDocs.
_SIMPLE_CHARACTER = r"(?:[^\s\\`*_\[\]!<>&#~]|\\[\\`*_{}\[\]()#+\-.!|])"
_SIMPLE_HEADING = re.compile(rf"(#{{1,6}}) ({_SIMPLE_CHARACTER}+(?: {_SIMPLE_CHARACTER}+)*)")
_ESCAPED = re.compile(r"\\(.)")
_RENDERED_HEADING = re.compile(r'<h([1-6]) id="([^"<>&]*)">(.*)</h\1>', re.DOTALL)


class FastPage(Page):
    """A generated page: raw HTML blocks copied through, headings rendered by MkDocs."""

    reused = False  # its finished HTML comes from the page cache: nothing to render

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.reused:
            self.content, self.toc = "", get_toc([])
            self.present_anchor_ids = set()
            self._release_markdown()
            return
        source = self.markdown
        items = split_blocks(source) if source is not None and fast_path_allowed(config) else None
        headings = [
            self._heading(text, config, files) for kind, text in items or () if kind == "heading"
        ]
        if not items or None in headings:
            self.markdown = source
            super().render(config, files)
            self._release_source()
            return
        used: set[str] = set()
        counters: dict[str, int] = {}
        tokens: list[dict[str, Any]] = []
        parts: list[str] = []
        anchors: set[str] = set()
        next_heading = iter(headings)
        for kind, text in items:
            if kind == "heading":
                heading = next(next_heading)
                assert heading is not None
                # Python-Markdown's toc: the slug of the text, made unique within the page.
                anchor = unique(slugify(html.unescape(heading.name), "-"), used, counters)
                parts.append(f'<h{heading.level} id="{anchor}">{heading.inner}</h{heading.level}>')
                tokens.append(
                    {
                        "level": heading.level,
                        "id": anchor,
                        "name": heading.name,
                        "html": heading.inner,
                        "data-toc-label": "",
                    }
                )
                anchors.add(anchor)
            elif kind == "html":
                parts.append(text)
                anchors.update(_anchor_ids(text))
            else:
                parts[-1] += "\n"
        first = headings[0] if items[0][0] == "heading" else None
        self.content = "\n".join(parts).strip()
        self.toc = get_toc(nest_toc_tokens(tokens))
        self._title_from_render = first.title if first is not None and first.level == 1 else None
        self.present_anchor_ids = anchors
        self.links_to_anchors = None
        self._release_markdown()

    def _release_markdown(self) -> None:
        """Drops the page's Markdown once it is rendered: MkDocs renders every page before it
        writes the first, and keeps each one's Markdown meanwhile (about 90 MB at 10,000
        projects). Empty, not None: MkDocs' `title` is None for a page without Markdown, and
        reads the Markdown itself only when there is no content, which there now is."""
        self.markdown = ""
        self._release_source()

    def _release_source(self) -> None:
        """Drops the generated source the page was read from: its File keeps it for the whole
        build otherwise, beside the rendered content (another ~300 MB at 10,000 projects with
        their self-evaluations). Nothing reads a page's source after it is rendered."""
        self.file.content_string = ""

    def _heading(self, line: str, config: MkDocsConfig, files: Files) -> _Heading | None:
        """The line rendered alone by MkDocs (this page lends itself), or None if not a heading."""
        known = _HEADINGS.get(line)
        if known is not None:
            return known
        simple = _SIMPLE_HEADING.fullmatch(line)
        if simple is not None:
            text = _ESCAPED.sub(r"\1", simple.group(2))
            return _Heading(len(simple.group(1)), text, text, text)
        source = self.markdown
        self.markdown = line + "\n"
        try:
            super().render(config, files)
        finally:
            self.markdown = source
        rendered = _RENDERED_HEADING.fullmatch(self.content or "")
        toc = list(self.toc)
        if rendered is None or len(toc) != 1 or self.links_to_anchors:
            return None
        level, anchor, inner = int(rendered.group(1)), rendered.group(2), rendered.group(3)
        # Alone on its page the heading's id is its slug made unique in an empty page.
        if anchor != unique(slugify(html.unescape(toc[0].title), "-"), set()):
            return None
        heading = _Heading(level, inner, toc[0].title, self._title_from_render)
        if len(_HEADINGS) >= _HEADINGS_KEPT:
            _HEADINGS.clear()
        _HEADINGS[line] = heading
        return heading


def _anchor_ids(block: str) -> set[str]:
    """The ids (and `<a name>`s) of a raw block, as MkDocs' anchor collection reads them."""
    found = set()
    for match in _anchor_matches(block):
        tag, attribute = match.group(1).lower(), match.group(2).lower()
        if attribute == "id" or tag == "a":
            found.add(
                html.unescape(match.group(3) if match.group(3) is not None else match.group(4))
            )
    return found


def _anchor_matches(block: str) -> Iterator[re.Match[str]]:
    """The matches of `_ANCHOR_ATTRIBUTE.finditer(block)`, without trying it where none starts.

    A match holds an `_ANCHOR_CANDIDATE` and no `>` between its `<` and that candidate, so none
    starts before the last `>` ahead of the next candidate: the search starts after it.
    """
    position = 0
    while (candidate := _ANCHOR_CANDIDATE.search(block, position)) is not None:
        start = max(position, block.rfind(">", position, candidate.start()) + 1)
        match = _ANCHOR_ATTRIBUTE.search(block, start)
        if match is None:
            return
        yield match
        position = match.end()
