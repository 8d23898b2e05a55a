"""The site's Content-Security-Policy: only its own files, Pagefind's WebAssembly, nothing else.

One policy, written into every page as `<meta http-equiv="Content-Security-Policy">` (by the
hook theme/csp_meta.py) and given to the web server as a header (README, 在自有服务器上发布);
the header adds what a meta element cannot carry (`frame-ancestors`).

What the pages use, and why each source is allowed:
- scripts: Material's bundle, Pagefind and jixiao's own files, all from the site itself, and
  the two small inline scripts of Material's templates, allowed by their SHA-256 hashes (not
  by 'unsafe-inline'): every build checks each inline script of every page against these hashes
  and fails if Material changed one, so the policy cannot silently fall behind the theme;
- 'wasm-unsafe-eval': Pagefind's search runs as WebAssembly, which must be compiled;
- workers: Pagefind searches in a web worker loaded from the site;
- styles: the stylesheets of the site, plus 'unsafe-inline' for style attributes, which
  Material's and Pagefind's scripts set while laying out the page (a style cannot run code);
- images: the site and `data:` URLs (Material's icons in its stylesheet);
- connect: the search index and the explorer's JSON, from the site.
Fonts, connections and workers fall back to `default-src 'self'` (workers through
`script-src`), which keeps the policy short: it is in every page.
Everything else is refused: no other host, no plugins, no `<base>`, no form posting elsewhere.
"""

from __future__ import annotations

import base64
import hashlib
import re

# sha256 of the two inline scripts of mkdocs-material 9.8: partials/javascripts/base.html (its
# storage scope, the same on every page because mkdocs.yml sets `extra.scope: /`; by default it
# is the page's relative base URL, a different script at each folder depth) and
# partials/javascripts/content.html. A Material version that changes either fails the build
# until the new hash is written here and in the README's server configuration.
INLINE_SCRIPT_HASHES = (
    "sha256-exqRXrW/0laiImCrTE8a70vxyyY10FJVIppytLf/dbY=",
    "sha256-/8wPdzX9q0NNJXyA5lzsLojXFpkeaXVxhbfkUOQaWy8=",
)

_DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval' " + " ".join(f"'{h}'" for h in INLINE_SCRIPT_HASHES)),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

META_POLICY = "; ".join(f"{name} {value}" for name, value in _DIRECTIVES)
HEADER_POLICY = META_POLICY + "; frame-ancestors 'self'"

# An inline script is one without src whose type runs as JavaScript (a JSON data block such as
# Material's `<script id="__config" type="application/json">` is not executed).
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_EXECUTABLE_TYPES = {"", "text/javascript", "module", "application/javascript"}


class InlineScriptNotAllowed(Exception):
    """A page carries an inline script that the policy does not allow."""


def script_hash(source: str) -> str:
    """The policy's name for an inline script: the browser runs it only if this hash is listed."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def inline_scripts(html: str) -> list[str]:
    """The executable inline scripts of a page, whose hashes the policy must list: a
    script with `src` or of a data type (JSON) needs no hash.
    """
    scripts = []
    for match in _SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        if re.search(r"\bsrc\s*=", attributes, re.IGNORECASE):
            continue
        kind = _TYPE.search(attributes)
        if (kind.group(1).lower() if kind else "") in _EXECUTABLE_TYPES:
            scripts.append(body)
    return scripts


def with_policy(html: str, where: str) -> str:
    """`html` with the policy as the first element of <head>; raises if a script is not allowed."""
    for source in inline_scripts(html):
        if script_hash(source) not in INLINE_SCRIPT_HASHES:
            raise InlineScriptNotAllowed(
                f"{where}：内联脚本的哈希 {script_hash(source)} 不在 Content-Security-Policy 中"
                f"（generator/site/csp.py 的 INLINE_SCRIPT_HASHES）；脚本开头：{source[:80]!r}"
            )
    meta = f'<meta http-equiv="Content-Security-Policy" content="{META_POLICY}">'
    head = re.search(r"<head\b[^>]*>", html, re.IGNORECASE)
    if head is None:
        return html
    return html[: head.end()] + meta + html[head.end() :]
