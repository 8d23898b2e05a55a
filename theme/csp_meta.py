"""MkDocs hook: the Content-Security-Policy of generator/csp.py as the first element of every
page's <head> (404.html included), after checking that each inline script is one it allows.

Loaded through `hooks:` in mkdocs.yml, so `mkdocs build` and `mkdocs serve` do the same.
"""

from __future__ import annotations

from typing import Any

from mkdocs.exceptions import PluginError

from generator.csp import InlineScriptNotAllowed, with_policy


def _apply(output: str, where: str) -> str:
    try:
        return with_policy(output, where)
    except InlineScriptNotAllowed as exc:
        raise PluginError(str(exc)) from None


def on_post_page(output: str, page: Any, **kwargs: Any) -> str:
    return _apply(output, page.file.src_uri)


def on_post_template(output_content: str, template_name: str, **kwargs: Any) -> str:
    if template_name.endswith(".html"):
        return _apply(output_content, template_name)
    return output_content
