"""What the project pages weigh: Material's indentation is gone, the content is untouched.

`theme/compact_html.py` (a MkDocs hook) turns every whitespace run with a line break outside the
page body into one line break; project pages have no table-of-contents sidebar.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load.corpus import load_corpus
from generator.site.writer import build_site
from tests.conftest import CONTENT, MKDOCS_YML, REPO
from tests.support.browser_support import article, read_page, squash

pytestmark = pytest.mark.build

HOOK = REPO / "theme" / "compact_html.py"
PROJECT_PAGES = sorted((CONTENT / "2024" / "baoshan-zonggonghui").glob("*.yaml"))
KEPT = re.compile(r"<(article|pre|textarea|script|style)\b.*?</\1\s*>", re.DOTALL)


def _load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("jixiao_compact_html", HOOK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


compact = _load_hook().compact


def test_compact_keeps_one_line_break_per_run_of_indentation() -> None:
    html = "<div>\n    <span>\n      首页\n    </span>\n\n\n  </div>\n"
    assert compact(html) == "<div>\n<span>\n首页\n</span>\n</div>\n"
    # Spaces without a line break may separate inline elements: left alone.
    assert compact("<a>甲</a>  <a>乙</a>") == "<a>甲</a>  <a>乙</a>"
    # An ideographic space and a no-break space are text, not indentation.
    assert compact("<p>\n\u3000\u3000正文\n</p>") == "<p>\n\u3000\u3000正文\n</p>"
    assert compact("<p>\n\u00a0x</p>") == "<p>\n\u00a0x</p>"


@pytest.mark.parametrize("tag", ["article", "pre", "textarea", "script", "style"])
def test_compact_leaves_preformatted_and_code_elements_alone(tag: str) -> None:
    inner = "\n    第一行\n\n        第二行\n  "
    html = f"<div>\n  <{tag} class='x'>{inner}</{tag}>\n  </div>"
    assert compact(html) == f"<div>\n<{tag} class='x'>{inner}</{tag}>\n</div>"


# The one regex `compact` used to find the kept elements by (see _KEEP_START in the hook).
_KEEP_REGEX = re.compile(
    r"<(article|pre|textarea|script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE
)


def _compact_by_regex(html: str) -> str:
    parts: list[str] = []
    position = 0
    for kept in _KEEP_REGEX.finditer(html):
        parts.append(_BREAK.sub("\n", html[position : kept.start()]))
        parts.append(kept.group())
        position = kept.end()
    parts.append(_BREAK.sub("\n", html[position:]))
    return "".join(parts)


_BREAK = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")
_PIECES = [
    "<article>",
    "</article>",
    "</ARTICLE >",
    "<Article class='a'>",
    "<pre>",
    "</pre>",
    "</pre\n>",
    "<pres>",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<textarea>",
    "</textarea>",
    "<div>",
    "</div>",
    "\n",
    "  ",
    "\n  \n",
    "\t",
    "\u3000",
    "文字",
    "<",
    "/",
    ">",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
@settings(max_examples=3000, suppress_health_check=[HealthCheck.too_slow])
def test_compact_keeps_what_the_single_regex_kept(html: str) -> None:
    assert compact(html) == _compact_by_regex(html)


@pytest.fixture(scope="module")
def both_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The shipped content built as configured, and built without the hook."""
    root = tmp_path_factory.mktemp("weight")
    text = MKDOCS_YML.read_text(encoding="utf-8")
    assert "hooks:\n  - theme/compact_html.py\n" in text
    plain = root / "mkdocs.yml"
    plain.write_text(
        text.replace("hooks:\n  - theme/compact_html.py\n", "hooks:\n")
        .replace("custom_dir: theme", f"custom_dir: {REPO / 'theme'}")
        .replace("- theme/csp_meta.py", f"- {REPO / 'theme' / 'csp_meta.py'}"),
        encoding="utf-8",
    )
    corpus = load_corpus(CONTENT)
    assert corpus.ok
    build_site(corpus, config_file=MKDOCS_YML, site_dir=root / "compact")
    build_site(corpus, config_file=plain, site_dir=root / "plain")
    return root / "compact", root / "plain"


def test_the_hook_changes_only_whitespace_outside_the_page_body(
    both_sites: tuple[Path, Path],
) -> None:
    compacted, plain = both_sites
    pages = sorted(p.relative_to(plain) for p in plain.rglob("*.html"))
    assert len(pages) >= 14
    saved = 0
    for name in pages:
        before = (plain / name).read_text(encoding="utf-8")
        after = (compacted / name).read_text(encoding="utf-8")
        assert after == compact(before), name
        assert [m.group() for m in KEPT.finditer(after)] == [
            m.group() for m in KEPT.finditer(before)
        ], name
        assert squash(read_page(compacted / name)[1].text()) == squash(
            read_page(plain / name)[1].text()
        )
        outside = KEPT.sub("", after)
        assert not re.search(r"\n[ \t]", outside), f"{name} still has indented lines"
        saved += len(before.encode()) - len(after.encode())
    assert saved > 2000 * len(pages)  # Material's indentation: ~3 KB of every page


@pytest.mark.parametrize("source", PROJECT_PAGES, ids=lambda p: p.stem)
def test_project_pages_have_no_table_of_contents_and_stay_small(
    both_sites: tuple[Path, Path], source: Path
) -> None:
    compacted, _ = both_sites
    page = compacted / "2024" / "baoshan-zonggonghui" / source.stem / "index.html"
    raw, document = read_page(page)
    assert document.find_all("div", "md-sidebar--secondary") == []
    assert len(document.find_all("div", "md-sidebar--primary")) == 1
    # The sections are still there, only the sidebar listing them is not.
    headings = [h.text() for h in article(document).find_all("h2")]
    assert headings == ["项目资金", "项目绩效目标", "绩效指标", "修订记录", "数据下载"]
    # Was 15–16.5 KB with Material's indentation and the table of contents (now with the
    # revision-history section, one more nav entry, about 0.8 KB of accessibility: table
    # captions, header scopes and the no-JavaScript hint), plus the Content-Security-Policy
    # meta element (about 330 bytes, generator/site/csp.py).
    assert len(raw.encode()) < 15_400


def test_index_pages_keep_their_table_of_contents(both_sites: tuple[Path, Path]) -> None:
    compacted, _ = both_sites
    _, document = read_page(compacted / "index.html")
    toc = document.find("div", "md-sidebar--secondary")
    assert [squash(a.text()) for a in toc.find_all("a")] == ["按年度", "按主管部门", "按项目类别"]
