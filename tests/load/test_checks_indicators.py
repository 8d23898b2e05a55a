"""The checker on the indicator tree: levels, placement, duplicates."""

from __future__ import annotations

from pathlib import Path

from generator.load.corpus import load_corpus
from tests.load.check_support import (
    FILE,
    SEED_WARNING,
    E,
    W,
    check,
    edited,
    only,
    rows,
    tail_from,
    write,
)

# --- indicators -----------------------------------------------------------------------------


def test_indicator_level1_typo_with_suggestion(root: Path) -> None:
    found = check(root, ("  产出指标:", "  产出指表:"))
    message = only(found, (FILE, 25, 3, E, "indicator-level1", "绩效指标.产出指表"))
    assert message.endswith("您是不是想写“产出指标”？")


def test_second_level_name_at_first_level_says_where_it_belongs(root: Path) -> None:
    found = check(
        root,
        (
            "    可持续影响指标:\n      - 三级指标: 定期开展情况\n        年度指标值: 年度\n",
            "  可持续影响指标:\n    可持续影响指标:\n      - 三级指标: 定期开展情况\n"
            "        年度指标值: 年度\n",
        ),
    )
    message = only(found, (FILE, 48, 3, E, "indicator-level1", "绩效指标.可持续影响指标"))
    assert "“可持续影响指标”是二级指标，应写在一级指标“效益指标”之下" in message


def test_known_second_level_under_the_wrong_first_level(root: Path) -> None:
    found = check(root, ("    数量指标:", "    社会效益指标:"))
    message = only(found, (FILE, 26, 5, E, "indicator-level2", "绩效指标.产出指标.社会效益指标"))
    assert message == "二级指标“社会效益指标”属于“效益指标”，不属于“产出指标”"


def test_unknown_second_level_with_suggestion(root: Path) -> None:
    found = check(root, ("    数量指标:", "    数量指表:"))
    message = only(found, (FILE, 26, 5, E, "indicator-level2", "绩效指标.产出指标.数量指表"))
    assert message.endswith("您是不是想写“数量指标”？")


def test_indicators_empty_mapping(root: Path) -> None:
    found = check(root, (tail_from("绩效指标:\n"), "绩效指标: {}\n"))
    message = only(found, (FILE, 24, 7, E, "indicators-empty", "绩效指标"))
    assert "至少要有一个一级指标" in message


def test_indicators_without_any_third_level(root: Path) -> None:
    found = check(
        root,
        (tail_from("绩效指标:\n"), "绩效指标:\n  产出指标:\n    数量指标: []\n    质量指标:\n"),
    )
    message = only(found, (FILE, 25, 3, E, "indicators-empty", "绩效指标"))
    assert "没有任何三级指标" in message


def test_indicator_duplicate_is_a_warning(root: Path) -> None:
    found = check(
        root,
        (
            "        年度指标值: 健全\n",
            "        年度指标值: 健全\n"
            "      - 三级指标: 部门沟通机制健全\n"
            "        年度指标值: 完善\n",
        ),
    )
    message = only(
        found, (FILE, 32, 15, W, "indicator-duplicate", "绩效指标.产出指标.质量指标[2].三级指标")
    )
    assert "第 1 项和第 2 项" in message


def test_satisfaction_outside_satisfaction_indicators_is_a_placement_warning(root: Path) -> None:
    found = check(root, ("      - 三级指标: 部门沟通机制健全", "      - 三级指标: 群众满意度"))
    message = only(
        found, (FILE, 30, 15, W, "indicator-placement", "绩效指标.产出指标.质量指标[1].三级指标")
    )
    assert "“群众满意度”看起来是满意度类指标" in message
    assert "而不是质量指标" in message


def test_seed_placement_warning_moves_with_its_line(root: Path) -> None:
    write(root, edited(("\n年度: 2024\n", "\n年度: 2024\n\n")))
    found = load_corpus(root).diagnostics
    assert rows(found) == [(FILE, 47, 15, *SEED_WARNING[3:])]


def test_placement_warning_disappears_when_the_indicator_is_moved(root: Path) -> None:
    write(root, edited(("      - 三级指标: 宣传覆盖面", "      - 三级指标: 节能宣传覆盖面")))
    assert load_corpus(root).diagnostics == []
