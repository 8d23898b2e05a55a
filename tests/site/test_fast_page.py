"""The fast page path gives what MkDocs' own Markdown rendering gives, on every generated page.

Each page is rendered twice — by MkDocs' `Page.render` (Python-Markdown with the site's
extensions) and by `FastPage.render` — and the HTML, the table of contents, the title and the
anchor ids are compared. The corpora: the shipped content, the hostile values of the escaping
tests, synthetic declarations, and hand-written pages at the edges of what the fast path takes.
"""

from __future__ import annotations

import random
import re
import string
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from generator.load.corpus import load_corpus
from generator.review.history import History
from generator.site.fast_page import (
    _ANCHOR_ATTRIBUTE,
    FastPage,
    _anchor_matches,
    _unsafe,
    fast_path_allowed,
    split_blocks,
)
from generator.site.render import markdown_heading, render_site
from tests.conftest import CONTENT, MKDOCS_YML, REPO
from tests.support.browser_support import write_xss_content

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path


@pytest.fixture(scope="module")
def config() -> MkDocsConfig:
    return load_config(str(MKDOCS_YML))


def _toc(items: list[AnchorLink]) -> list[tuple[Any, ...]]:
    return [(i.title, i.id, i.level, _toc(i.children)) for i in items]


def _render(kind: type[Page], config: MkDocsConfig, path: str, markdown: str) -> Page:
    file = File(path, src_dir=None, dest_dir=config.site_dir, use_directory_urls=True)
    file.content_string = markdown
    page = kind(None, file, config)
    page.read_source(config)
    page.render(config, Files([file]))
    return page


def _assert_same(config: MkDocsConfig, path: str, markdown: str) -> None:
    expected = _render(Page, config, path, markdown)
    actual = _render(FastPage, config, path, markdown)
    assert actual.content == expected.content, path
    assert _toc(list(actual.toc)) == _toc(list(expected.toc)), path
    assert actual.title == expected.title, path
    assert actual.present_anchor_ids == expected.present_anchor_ids, path


def _check_corpus(config: MkDocsConfig, content: Path) -> dict[str, str]:
    corpus = load_corpus(content)
    assert corpus.ok, "\n".join(d.format() for d in corpus.diagnostics)
    pages = render_site(corpus, history=History()).pages
    for path, markdown in pages.items():
        _assert_same(config, path, markdown)
    return pages


def _body(markdown: str) -> str:
    """The page without its front matter, as MkDocs hands it to `render`."""
    return markdown.split("---\n", 2)[2]


def test_shipped_content(config: MkDocsConfig) -> None:
    pages = _check_corpus(config, CONTENT)
    # The pages that make up the bulk of a site do take the fast path.
    bulk = [p for p in pages if p.startswith(("2024/", "departments/", "types/"))]
    assert len(bulk) >= 5
    for path in bulk:
        assert split_blocks(_body(pages[path])) is not None, path


def test_hostile_values(config: MkDocsConfig, content_copy: Path) -> None:
    write_xss_content(content_copy)
    _check_corpus(config, content_copy)


def test_synthetic_declarations(config: MkDocsConfig, tmp_path: Path) -> None:
    synth.generate(tmp_path / "content", 120, seed=7)
    pages = _check_corpus(config, tmp_path / "content")
    fast = [p for p, text in pages.items() if split_blocks(_body(text)) is not None]
    assert len(fast) >= 120


# Every printable ASCII character and some Unicode, escaped as the templates escape a name.
HEADINGS = [
    *(str(markdown_heading(f"项目{c}名称{c}")) for c in string.punctuation),
    str(markdown_heading(string.punctuation)),
    str(markdown_heading("A&B <i>x</i> 'q' \"d\" [l](javascript:alert(1)) `c` **b** _e_")),
    "项目 *强调* 与 `代码` 与 [链接](other.md#x)",
    "&amp; &#39; &\\#39; & ; &copy",
    "Ünïcödé ŽLUTÝ 项目",
    "_1",
    "",
]


@pytest.mark.parametrize("text", HEADINGS)
def test_headings(config: MkDocsConfig, text: str) -> None:
    page = f"# {text}\n\n<div>\n<p>x</p>\n</div>\n\n## {text}\n\n## {text}\n"
    _assert_same(config, "a/b.md", page)


EDGES = {
    "adjacent blocks": "<div>a</div>\n<table><tr><td>b</td></tr></table>\n\n# t\n",
    "nested same tag": '<div class="x">\n<div>\n<p>a</p>\n</div>\n</div>\n\n## t\n',
    "self-closing": "<div>\n<div/>\n</div>\n",
    "unclosed inner": "<div>\n<p>a\n</div>\n\n## t\n",
    "text after close": "<div>a</div> tail\n\n## t\n",
    "text below block": "<div>a</div>\ntail\n",
    "heading against block": "## t\n<div>a</div>\n",
    "paragraph": "# t\n\nplain *text*\n\n<div>a</div>\n",
    "list": "- a\n- b\n",
    "fence": "<div>\n```\ncode\n```\n</div>\n",
    "comment": "<div><!-- </div> --></div>\n",
    "script": "<div><script>if (a</div>) {}</script></div>\n",
    "inline tag first": "<span>a</span>\n",
    "ids": '<div id="a"><a name="b"></a><p id=\'c\' name="d">x</p><a id="e&amp;f"></a></div>\n',
    "block first": "<div>a</div>\n\n# title below\n",
    "h2 first": "## sub\n\n# main\n",
    "blank lines inside": "<div>\n\n<p>a</p>\n\n</div>\n",
    "spaces line": "<div>\n   \n</div>\n",
    "tab": "<div>\ta</div>\n",
    "closing hashes": "## t ##\n",
    "empty": "",
}


@pytest.mark.parametrize("markdown", EDGES.values(), ids=EDGES.keys())
def test_edges(config: MkDocsConfig, markdown: str) -> None:
    _assert_same(config, "a/b.md", markdown)


def test_other_markdown_configuration_renders_the_ordinary_way() -> None:
    config = load_config(str(MKDOCS_YML))
    config.mdx_configs["toc"]["permalink"] = True
    assert not fast_path_allowed(config)
    _assert_same(config, "a/b.md", "# 标题\n\n<div>a</div>\n\n## 小节\n")


def test_random_names(config: MkDocsConfig) -> None:
    """Names drawn from punctuation, spaces, letters and CJK, escaped as the templates do."""
    rng = random.Random(13)
    alphabet = string.punctuation + "  aZ9项目　\u00a0é"
    for _ in range(300):
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        if not name.strip():
            continue
        heading = str(markdown_heading(name))
        _assert_same(config, "a/b.md", f"# {heading}\n\n<div>x</div>\n\n## {heading}\n")


# The one regex `_unsafe` replaced (it tried all five patterns at every character of a page).
_UNSAFE_REGEX = re.compile(
    r"[\t\r\x02\x03]|^ +$|^ {0,3}(?:`{3}|~{3})|<[!?]|<(?:script|style|textarea|xmp|plaintext)\b",
    re.MULTILINE | re.IGNORECASE,
)
_FRAGMENTS = [
    " ",
    "  ",
    "   ",
    "    ",
    "\n",
    "\t",
    "\r",
    "\x02",
    "\x03",
    "`",
    "```",
    "~",
    "~~~",
    "<",
    "!",
    "?",
    ">",
    "<!--",
    "<?",
    "<script",
    "<SCRIPT>",
    "<Style",
    "<textarea",
    "<xmp",
    "<plaintext",
    "<scripts",
    "<p>",
    "<div>",
    "a",
    "表",
    "# 标题",
    "<pre>",
    "</div>",
]


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=20).map("".join))
@settings(max_examples=3000, suppress_health_check=[HealthCheck.too_slow])
def test_unsafe_finds_what_the_single_regex_found(markdown: str) -> None:
    assert _unsafe(markdown) == (_UNSAFE_REGEX.search(markdown) is not None)


def test_unsafe_agrees_with_the_single_regex_on_generated_pages(tmp_path: Path) -> None:
    root = tmp_path / "content"
    synth.generate(root, 40, layouts="mixed", evaluations=1.0)
    for text in render_site(load_corpus(root)).pages.values():
        body = _body(text)
        assert _unsafe(body) == (_UNSAFE_REGEX.search(body) is not None)


_ANCHOR_PIECES = [
    "<",
    ">",
    "<a",
    "<div",
    "<td",
    " ",
    "\n",
    "\u3000",
    "id",
    "name",
    "=",
    " = ",
    '"',
    "'",
    "x",
    "表",
    'id="a"',
    " id='b'",
    ' name="c"',
    "data-id=",
    "/>",
    "</a>",
]


@given(st.lists(st.sampled_from(_ANCHOR_PIECES), max_size=30).map("".join))
@settings(max_examples=3000, suppress_health_check=[HealthCheck.too_slow])
def test_anchor_matches_are_those_of_the_regex(block: str) -> None:
    expected = [m.span() for m in _ANCHOR_ATTRIBUTE.finditer(block)]
    assert [m.span() for m in _anchor_matches(block)] == expected
