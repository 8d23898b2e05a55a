"""MkDocs hook: the Content-Security-Policy of generator/site/csp.py as the first element of every
page's <head> (404.html included), after checking that each inline script is one it allows.

Loaded through `hooks:` in mkdocs.yml. Under `mkdocs serve` (`make serve`) the scripts are
still checked but no policy is written: the preview server injects its live-reload script
inline into every page, which the policy would block.
"""

from __future__ import annotations

from typing import Any

from mkdocs.exceptions import PluginError

from generator.site.csp import InlineScriptNotAllowed, with_policy

_preview = {"serving": False}


def on_startup(*, command: str, dirty: bool) -> None:
    _preview["serving"] = command == "serve"


def _apply(output: str, where: str) -> str:
    try:
        with_policy_applied = with_policy(output, where)
    except InlineScriptNotAllowed as exc:
        raise PluginError(str(exc)) from None
    return output if _preview["serving"] else with_policy_applied


def on_post_page(output: str, page: Any, **kwargs: Any) -> str:
    return _apply(output, page.file.src_uri)


def on_post_template(output_content: str, template_name: str, **kwargs: Any) -> str:
    if template_name.endswith(".html"):
        return _apply(output_content, template_name)
    return output_content
