"""Helpers for tests that look at the built site as a reader (or a browser) does.

- `parse_html`: a small DOM over the standard library's HTMLParser, enough to read tables,
  headings and attributes of the pages MkDocs writes (no third-party parser is installed).
- `serve`: the built site on 127.0.0.1 at a free port, in a thread, stopped on exit.
- `write_xss_content`: rewrites a copy of the shipped content so that names, units, goals and
  indicators carry HTML/Markdown injection payloads.
- `opened_page` and `blocking_violations`: one page in a fresh browser context, and what
  axe-core finds on it, for the tests that look at the site in headless chromium.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return "".join(parts)

    def iter(self) -> Iterator[Element]:
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, class_: str | None = None) -> list[Element]:
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag) and (class_ is None or class_ in e.classes)
        ]

    def find(self, tag: str | None = None, class_: str | None = None) -> Element:
        found = self.find_all(tag, class_)
        assert found, f"no <{tag or '*'} class={class_!r}> in <{self.tag}>"
        return found[0]

    def cells(self) -> list[Element]:
        """The th/td children of a table row, in order."""
        return [c for c in self.children if isinstance(c, Element) and c.tag in ("th", "td")]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v if v is not None else "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v if v is not None else "" for k, v in attrs})
        self.stack[-1].children.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Element:
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.root


def read_page(path: Path) -> tuple[str, Element]:
    raw = path.read_text(encoding="utf-8")
    return raw, parse_html(raw)


def article(document: Element) -> Element:
    """The page body MkDocs renders from Markdown (without header, nav and footer)."""
    return document.find("article")


def squash(text: str) -> str:
    return " ".join(text.split())


# --- A static server --------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serves `directory` on http://127.0.0.1:<free port>; yields the base URL (with `/`).
    `headers` are sent with every response, as a web server configured for the site would."""

    class Handler(_QuietHandler):
        def end_headers(self) -> None:
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            super().end_headers()

    handler = functools.partial(Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- Injection payloads ---------------------------------------------------------------------

DEPARTMENT_DIR = Path("2024") / "baoshan-zonggonghui"

XSS_TITLE_SLUG = "gonghui-gongzuozhe-jingfei"
XSS_MARKDOWN_SLUG = "yiqi-changguan-yunying-jingfei"
XSS_FIELDS_SLUG = "zhengfu-shishi-gonghui-huiyuanka"

XSS_TITLE_NAME = "A</title><script>alert(1)</script>"
XSS_MARKDOWN_NAME = "[x](javascript:alert(1)) | *粗体* <img src=x onerror=alert(1)>"
XSS_INDICATOR_NAME = "<script>alert(2)</script>[y](javascript:alert(2)) | 指标"
XSS_TARGET = "<img src=x onerror=alert(3)> | **目标**"
XSS_UNIT = "<iframe src=javascript:alert(4)></iframe>[u](javascript:alert(4)) | 单位"
# A blank line must not end the raw HTML block and let the rest be read as Markdown.
XSS_ANNUAL_GOAL = (
    "</td></tr></table><script>alert(5)</script>\n\n[g](javascript:alert(5)) `代码`\n\n| a | b |"
)


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML double-quoted scalars)."""
    return json.dumps(value, ensure_ascii=False)


def replace_line(path: Path, old: str, new: str) -> None:
    """Replaces the one line of `path` that equals `old` (without its newline) by `new`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    hits = [i for i, line in enumerate(lines) if line == old]
    assert len(hits) == 1, f"{path}: expected one line {old!r}, found {len(hits)}"
    lines[hits[0]] = new
    path.write_text("\n".join(lines), encoding="utf-8")


def write_xss_content(content: Path) -> dict[str, str]:
    """Puts the payloads into a copy of the shipped content; returns slug → project name."""
    folder = content / DEPARTMENT_DIR
    replace_line(
        folder / f"{XSS_TITLE_SLUG}.yaml",
        "项目名称: 工会工作者经费",
        f"项目名称: {_quoted(XSS_TITLE_NAME)}",
    )
    replace_line(
        folder / f"{XSS_MARKDOWN_SLUG}.yaml",
        "项目名称: 一期场馆运营经费项目",
        f"项目名称: {_quoted(XSS_MARKDOWN_NAME)}",
    )
    fields = folder / f"{XSS_FIELDS_SLUG}.yaml"
    replace_line(fields, "实施单位: 上海市宝山区职工服务中心", f"实施单位: {_quoted(XSS_UNIT)}")
    replace_line(
        fields,
        "年度总目标: 做好会员专享基本四类保障的参保工作。",
        f"年度总目标: {_quoted(XSS_ANNUAL_GOAL)}",
    )
    replace_line(
        fields,
        "      - 三级指标: 部门沟通机制健全",
        f"      - 三级指标: {_quoted(XSS_INDICATOR_NAME)}",
    )
    replace_line(fields, "        年度指标值: 健全", f"        年度指标值: {_quoted(XSS_TARGET)}")
    return {
        XSS_TITLE_SLUG: XSS_TITLE_NAME,
        XSS_MARKDOWN_SLUG: XSS_MARKDOWN_NAME,
        XSS_FIELDS_SLUG: "政府实事项目 - 工会会员卡",
    }


CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling Google's hosts, which this
# machine's closed network refuses, many at a time.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000


# --- A page in a browser ----------------------------------------------------------------------


@contextmanager
def opened_page(
    browser: Browser,
    url: str,
    viewport: ViewportSize | None = None,
    *,
    ready: str | None = None,
    javascript: bool = True,
    wait_until: Literal["load", "networkidle"] = "networkidle",
    dialogs: list[str] | None = None,
) -> Iterator[Page]:
    """`url` in a context of its own (no storage shared with other tests), as a Chinese reader
    opens it (in Playwright's default window without `viewport`); waits until `ready` (a
    selector) is visible; the context is closed on exit.

    With `dialogs`, every alert/confirm the page opens, from the first script on, is dismissed
    and its message appended: an injected script that runs shows up there."""
    from playwright.sync_api import Dialog, expect

    def record(dialog: Dialog) -> None:
        assert dialogs is not None
        dialogs.append(dialog.message)
        dialog.dismiss()

    context = browser.new_context(viewport=viewport, locale="zh-CN", java_script_enabled=javascript)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        if dialogs is not None:
            page.on("dialog", record)
        page.goto(url, wait_until=wait_until)
        if ready is not None:
            expect(page.locator(ready)).to_be_visible()
        yield page
    finally:
        context.close()


# The window of most browser tests: a laptop's.
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


# axe-core's impacts that fail a test (WCAG 2.1 AA: contrast, labels, table headers …).
BLOCKING = frozenset({"serious", "critical"})


@dataclass(frozen=True)
class AxeFindings:
    blocking: list[tuple[str, str, list[Any], str]]  # (rule, impact, first targets, help)
    passes: int  # rules that found content to check and passed: proof that the run looked


def blocking_violations(page: Page) -> AxeFindings:
    """Runs axe-core (bundled by axe-playwright-python) on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page).response
    blocking = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5], v["help"])
        for v in response["violations"]
        if v["impact"] in BLOCKING
    ]
    return AxeFindings(blocking, len(response["passes"]))
