"""Markdown written for GitHub and GitLab (the review comment) means nothing but its own text.

The comment is rendered here with marko's GitHub-flavoured Markdown (tables, strikethrough,
bare-URL autolinks) and the result is inspected as HTML: a hostile project name produces no
link, image, emphasis, code, raw HTML, extra table cell, mention or issue reference.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import marko
import pytest

from generator.review.markdown_inert import inert
from tests.review.test_diff import GZZ, GZZ_NAME, commit, edit, hermetic_git, new_repo, run_cli

__all__ = ["hermetic_git"]  # the autouse fixture that keeps git hermetic applies here too

HOSTILE = [
    "[点此领取](https://evil.example/phish)",
    "![](https://evil.example/pixel.png)",
    "@someone 请看 @org/team",
    "<img src=x onerror=alert(1)><b>粗</b>",
    "甲|乙|丙",
    "**粗体** _斜体_ ~~删除~~ `代码`",
    "<https://evil.example> https://evil.example www.evil.example mail@evil.example",
    "owner/repo#12 #34 !56 ~标签 %里程碑 $78 &90",
    "[ref]: https://evil.example \\*转义\\* $x^2$ {+加+}",
]

GFM = marko.Markdown(extensions=["gfm"])

# GitHub's mention and issue-reference filters run on the text of the rendered HTML.
MENTION = re.compile(r"(?:^|\W)@[a-z0-9][a-z0-9-]*", re.IGNORECASE)
REFERENCE = re.compile(r"(?:^|[^\w&])[#!$&~%][\w\"]")


def _text(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


@pytest.mark.parametrize("value", HOSTILE)
def test_inert_text_renders_as_itself(value: str) -> None:
    rendered = GFM.convert(f"| 项目 |\n|---|\n| {inert(value)} |\n\n- **{inert(value)}**\n")
    for tag in ("<a ", "<img", "<em>", "<del>", "<code>", "<b>", "<script"):
        assert tag not in rendered, (tag, rendered)
    assert rendered.count("<strong>") == 1  # the list item's own bold, nothing from the value
    assert rendered.count("<td>") == 1  # one cell: the pipes did not split the row
    shown = _text(rendered).replace("\u200b", "")
    assert shown.count(value) == 2  # the reader sees the value exactly, twice
    visible_text = _text(rendered)
    assert not MENTION.search(visible_text), visible_text
    assert not REFERENCE.search(visible_text), visible_text
    assert "://" not in visible_text and "www." not in visible_text.lower()


def test_inert_is_one_line() -> None:
    assert inert("第一行\n第二行\r\n第三行") == "第一行 第二行 第三行"


def test_review_comment_of_a_hostile_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real `jixiao diff --format markdown` on a project renamed to a payload."""
    repo = new_repo(tmp_path)
    payload = "[赢取奖品](https://evil.example) ![](https://evil.example/p.png) @everyone **急**"
    edit(repo / GZZ, f"项目名称: {GZZ_NAME}", f"项目名称: '{payload}'")
    edit(repo / GZZ, "实施单位: ", "实施单位: <b>单位</b> www.evil.example ", count=1)
    commit(repo, "hostile")
    result = run_cli(monkeypatch, repo, "diff", "base", "HEAD", "--format", "markdown")
    assert result.exit_code == 0, result.output
    rendered = GFM.convert(result.stdout)
    assert "<a " not in rendered and "<img" not in rendered and "<b>" not in rendered
    assert "evil.example" in rendered  # shown as text, in the table, the flags and details
    assert payload in _text(rendered).replace("\u200b", "")
    assert not MENTION.search(_text(rendered))
    assert "<details>" in rendered and "<summary>" in rendered  # the comment's own structure
