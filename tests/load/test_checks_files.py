"""Whole-file problems through the corpus: BOM, GBK, duplicate keys, empty files."""

from __future__ import annotations

from pathlib import Path

from generator.load.corpus import load_corpus
from tests.load.check_support import (
    DEPT,
    FILE,
    NAME,
    TEXT,
    E,
    W,
    check,
    diagnostics,
    edited,
    only,
    rows,
    write,
)

# --- whole-file problems through the corpus ---------------------------------------------------


def test_bom_file_is_a_warning_and_still_checked(root: Path) -> None:
    path = root / "2024" / DEPT / NAME
    path.write_bytes(
        edited(("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00")).encode("utf-8-sig")
    )
    found = diagnostics(root)
    assert rows(found) == [
        (FILE, 1, 1, W, "bom", ""),
        (FILE, 11, 11, E, "funding-sum", "项目资金.项目资金总额"),
    ]


def test_gbk_file(root: Path) -> None:
    (root / "2024" / DEPT / NAME).write_bytes(TEXT.encode("gbk"))
    found = load_corpus(root).diagnostics
    assert "GBK" in only(found, (FILE, 2, 1, E, "encoding", ""))


def test_duplicate_key_in_a_declaration(root: Path) -> None:
    found = check(root, ("\n年度: 2024\n", "\n年度: 2024\n年度: 2025\n"))
    assert "第一次在第 2 行" in only(found, (FILE, 3, 1, E, "duplicate-key", ""))


def test_unquoted_comparison_in_a_declaration(root: Path) -> None:
    found = check(root, ("        年度指标值: 健全", "        年度指标值: >=85%"))
    assert '">=85%"' in only(found, (FILE, 31, 17, E, "yaml-syntax", ""))


def test_empty_declaration_is_one_error(root: Path) -> None:
    write(root, "", name="empty.yaml")
    found = diagnostics(root)
    assert rows(found) == [(f"content/2024/{DEPT}/empty.yaml", 1, 1, E, "empty-file", "")]


def test_root_that_is_not_a_mapping(root: Path) -> None:
    write(root, "- 年度: 2024\n", name="a-list.yaml")
    found = diagnostics(root)
    message = only(found, (f"content/2024/{DEPT}/a-list.yaml", 1, 1, E, "type", ""))
    assert "这里是列表" in message
