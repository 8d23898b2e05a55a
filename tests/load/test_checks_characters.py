"""The checker on characters a reviewer cannot see: zero-width, bidi controls."""

from __future__ import annotations

from pathlib import Path

from tests.load.check_support import (
    FILE,
    E,
    check,
    only,
    rows,
)

# --- characters -----------------------------------------------------------------------------


def test_zero_width_space_in_a_value(root: Path) -> None:
    found = check(
        root, ("实施单位: 上海市宝山区职工服务中心", "实施单位: 上海市宝山区\u200b职工服务中心")
    )
    # At the character itself: the value starts at column 7, and U+200B is its 7th character.
    message = only(found, (FILE, 6, 13, E, "invisible-char", "实施单位"))
    assert "值的第 7 个字符" in message
    assert "U+200B" in message


def test_each_invisible_character_is_reported(root: Path) -> None:
    found = check(root, ("      - 三级指标: 投保周期", "      - 三级指标: \u200b投保\u2060周期"))
    field = "绩效指标.产出指标.时效指标[1].三级指标"
    assert rows(found) == [
        (FILE, 33, 15, E, "invisible-char", field),
        (FILE, 33, 18, E, "invisible-char", field),
    ]
    assert "第 1 个字符" in found[0].message
    assert "U+200B" in found[0].message
    assert "第 4 个字符" in found[1].message
    assert "U+2060" in found[1].message


def test_right_to_left_override_in_a_key(root: Path) -> None:
    found = check(root, ("  财政资金: 1,846,000.00", "  财政\u202e资金: 1,846,000.00"))
    assert rows(found) == [
        (FILE, 11, 3, E, "missing-field", "项目资金.财政资金"),
        (FILE, 12, 3, E, "unknown-field", "项目资金.财政\u202e资金"),
        (FILE, 12, 5, E, "invisible-char", "项目资金.财政\u202e资金"),
    ]
    assert "字段名的第 3 个字符" in found[2].message
    assert "U+202E" in found[2].message


def test_diagnostics_do_not_echo_bidi_controls(root: Path) -> None:
    found = check(root, ("  财政资金: 1,846,000.00", "  财政\u202e资金: 1,846,000.00"))
    assert found
    for d in found:
        assert "\u202e" not in d.format()
