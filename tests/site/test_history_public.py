"""History in Chinese: each revision leads with its semantic change; a commit message is
published only where the publisher opted in (`public_commit_messages` or a `公开说明:` line)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from generator.load.corpus import load_corpus
from generator.review.history import load_history, shown_note
from generator.site.writer import build_site
from tests.conftest import MKDOCS_YML, REPO
from tests.review.test_history import CARD
from tests.support.browser_support import TIMEOUT_MS, serve
from tests.support.git_support import content_repo, git

ENGLISH = "Project skeleton: pyproject, Makefile"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = content_repo(tmp_path, ENGLISH)
    card = root / "content" / CARD
    text = card.read_text(encoding="utf-8")
    text = text.replace("年度资金申请总额: 1,846,000.00", "年度资金申请总额: 1,900,000.00")
    text = text.replace("当年财政拨款: 1,846,000.00", "当年财政拨款: 1,900,000.00")
    text = text.replace("项目资金总额: 1,846,000.00", "项目资金总额: 1,900,000.00")
    text = text.replace("财政资金: 1,846,000.00", "财政资金: 1,900,000.00")
    text = text.replace(
        "        年度指标值: ≥140000.00(人)\n",
        "        年度指标值: ≥140000.00(人)\n"
        "      - 三级指标: 新办会员卡数量\n        年度指标值: ≥2000(张)\n"
        "      - 三级指标: 会员卡服务网点\n        年度指标值: ≥30(个)\n",
    )
    card.write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "bump numbers (internal ticket #4411)")
    card.write_text(text + "# 核对过\n", encoding="utf-8")
    git(
        root,
        "commit",
        "-q",
        "-am",
        "fix comment\n\n内部说明，不公开。\n\n公开说明：根据区财政局批复补充注释",
    )
    return root


def test_each_revision_says_its_change_in_chinese(repo: Path) -> None:
    history = load_history(repo / "content", [CARD])
    newest, changed, created = history.by_source[CARD]
    assert created.summary.startswith("新建申报：年度资金申请总额 1,846,000.00 元，三级指标 ")
    assert changed.summary == (
        "项目资金总额 1,846,000.00 → 1,900,000.00；财政资金 1,846,000.00 → 1,900,000.00；"
        "年度资金申请总额 1,846,000.00 → 1,900,000.00；另有 1 项资金变化；新增指标 2 个"
    )
    assert newest.summary == "格式调整（没有值变化）"
    # Only the 公开说明 line is public; the rest of that message and every other subject is not.
    assert [shown_note(r, False) for r in (newest, changed, created)] == [
        "根据区财政局批复补充注释",
        "",
        "",
    ]
    assert [shown_note(r, True) for r in (newest, changed, created)] == [
        "根据区财政局批复补充注释",
        "bump numbers (internal ticket #4411)",
        ENGLISH,
    ]


def config_with(tmp_path: Path, option: str) -> Path:
    """mkdocs.yml with one more jixiao plugin option, beside a copy of the theme."""
    folder = tmp_path / "config"
    shutil.copytree(REPO / "theme", folder / "theme")
    text = MKDOCS_YML.read_text(encoding="utf-8")
    assert "\n  - jixiao\n" in text
    text = text.replace("\n  - jixiao\n", f"\n  - jixiao:\n      {option}\n")
    config = folder / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def build(repo: Path, site: Path, config: Path = MKDOCS_YML) -> None:
    corpus = load_corpus(repo / "content")
    assert corpus.ok
    build_site(corpus, config_file=config, site_dir=site)


def test_commit_messages_stay_private_by_default(repo: Path, tmp_path: Path) -> None:
    build(repo, tmp_path / "site")
    card = (tmp_path / "site" / CARD.removesuffix(".yaml") / "index.html").read_text("utf-8")
    changes = (tmp_path / "site" / "changes" / "index.html").read_text("utf-8")
    for page in (card, changes):
        assert "年度资金申请总额 1,846,000.00 → 1,900,000.00" in page
        assert "新增指标 2 个" in page
        assert "根据区财政局批复补充注释" in page  # the one the publisher made public
        assert ENGLISH not in page and "internal ticket" not in page and "内部说明" not in page
        assert "fix comment" not in page


def test_the_publisher_can_publish_every_commit_message(repo: Path, tmp_path: Path) -> None:
    config = config_with(tmp_path, "public_commit_messages: true")
    build(repo, tmp_path / "site", config)
    changes = (tmp_path / "site" / "changes" / "index.html").read_text("utf-8")
    assert ENGLISH in changes and "bump numbers (internal ticket #4411)" in changes
    assert "根据区财政局批复补充注释" in changes and "fix comment" not in changes
    assert "内部说明" not in changes  # only the subject, never the body


@pytest.fixture
def built(repo: Path, tmp_path: Path) -> Iterator[str]:
    config = config_with(tmp_path, "public_commit_messages: true")
    build(repo, tmp_path / "site", config)
    with serve(tmp_path / "site") as base:
        yield base


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1440])
def test_the_change_column_does_not_wrap_a_character_a_line(
    built: str, browser: Browser, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(built + "changes/")
        lines = page.evaluate(
            """() => Array.from(document.querySelectorAll('.jx-changes td'), (td) => {
              const range = document.createRange();
              range.selectNodeContents(td);
              const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
              return [td.className, td.textContent.length, tops.size];
            })"""
        )
        summaries = [(chars, count) for kind, chars, count in lines if kind == "jx-change-summary"]
        assert len(summaries) >= 3
        for chars, count in summaries:
            assert chars / count >= 8, (chars, count)  # lines of text, not a character a line
        assert all(count == 1 for kind, _, count in lines if kind == "jx-date")
    finally:
        context.close()
