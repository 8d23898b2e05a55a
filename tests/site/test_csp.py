"""The policy's check of inline scripts, which every build runs on every page."""

from __future__ import annotations

import pytest

from generator.site.csp import (
    HEADER_POLICY,
    INLINE_SCRIPT_HASHES,
    META_POLICY,
    InlineScriptNotAllowed,
    inline_scripts,
    script_hash,
    with_policy,
)
from tests.support.paths import REPO


def test_unknown_inline_script_is_refused() -> None:
    with pytest.raises(InlineScriptNotAllowed, match="alert"):
        with_policy("<html><head></head><body><script>alert(1)</script></body></html>", "x.md")


def test_data_blocks_and_external_scripts_need_no_hash() -> None:
    html = (
        '<html><head></head><body><script id="__config" type="application/json">{"a":1}</script>'
        '<script src="assets/x.js"></script><script type="module" src="y.js"></script></body>'
    )
    assert inline_scripts(html) == []
    assert with_policy(html, "x").startswith(
        f'<html><head><meta http-equiv="Content-Security-Policy" content="{META_POLICY}">'
    )


def test_module_and_typed_scripts_are_checked() -> None:
    assert inline_scripts('<script type="module">a()</script><script type=text/javascript>b()'
                          "</script>") == ["a()", "b()"]  # fmt: skip


def test_policy_allows_only_its_hashes_and_the_site() -> None:
    for digest in INLINE_SCRIPT_HASHES:
        assert f"'{digest}'" in META_POLICY
    assert "'unsafe-eval'" not in META_POLICY and "'wasm-unsafe-eval'" in META_POLICY
    assert "http" not in META_POLICY and "*" not in META_POLICY
    assert "'unsafe-inline'" not in META_POLICY.split("script-src")[1].split(";")[0]
    assert HEADER_POLICY.startswith(META_POLICY) and "frame-ancestors" in HEADER_POLICY
    assert "frame-ancestors" not in META_POLICY  # ignored in a meta element
    assert script_hash("") == "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="


def test_preview_server_pages_carry_no_policy() -> None:
    """`mkdocs serve` injects an inline live-reload script, which the policy would block."""
    import importlib.util

    path = REPO / "theme" / "csp_meta.py"
    spec = importlib.util.spec_from_file_location("csp_meta_hook", path)
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    page = "<html><head></head><body></body></html>"
    hook.on_startup(command="build", dirty=False)
    assert "Content-Security-Policy" in hook.on_post_template(page, template_name="404.html")
    hook.on_startup(command="serve", dirty=False)
    assert hook.on_post_template(page, template_name="404.html") == page
    with pytest.raises(Exception, match="INLINE_SCRIPT_HASHES"):  # still checked
        hook.on_post_template("<head></head><script>x()</script>", template_name="404.html")
