"""The indicator framework: first- and second-level categories and where indicators belong.

Sources differ between the older layout (成本指标 as a second level under 产出指标, still in
Shanghai's 2024 forms) and the framework of 财预〔2021〕101号 (成本指标 as a first level with
经济/社会/生态环境成本指标). Both are accepted. Variants that forms really use are listed as
such, not normalised away: the file keeps what the source wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

FIRST_LEVEL: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    "效益指标": (
        "经济效益指标",
        "社会效益指标",
        "生态效益指标",
        "环境效益指标",
        "可持续影响指标",
    ),
    "满意度指标": ("服务对象满意度指标", "社会公众或服务对象满意度指标"),
}

ALL_SECOND_LEVEL: frozenset[str] = frozenset(l2 for l2s in FIRST_LEVEL.values() for l2 in l2s)

# The 项目类别 forms commonly use, each with the ASCII name of its index page (`/types/<slug>/`).
# An open list: another category is a warning (`unknown-category`) and gets a slug of its own.
PROJECT_CATEGORY_SLUGS: dict[str, str] = {
    "经常性项目": "jingchangxing",
    "特定目标类": "tedingmubiao",
    "一次性项目": "yicixing",
    "其他运转类": "qitayunzhuan",
    "人员类": "renyuan",
    "运转类": "yunzhuan",
}
KNOWN_CATEGORIES: tuple[str, ...] = tuple(PROJECT_CATEGORY_SLUGS)
# The group of projects whose form leaves 项目类别 blank (or whose layout has none).
BLANK_CATEGORY = "未填写项目类别"
# 项目性质 as the newer forms print it, with or without the word 项目.
KNOWN_NATURES = ("一次性项目", "阶段性项目", "经常性项目", "一次性", "阶段性", "经常性")


def parents_of(second_level: str) -> list[str]:
    """The first-level categories a second-level one may sit under (成本指标 has two homes)."""
    return [l1 for l1, l2s in FIRST_LEVEL.items() if second_level in l2s]


@dataclass(frozen=True, slots=True)
class PlacementRule:
    """An indicator whose name contains one of `keywords` usually belongs under `expected`."""

    keywords: tuple[str, ...]
    expected: frozenset[str]
    label: str


# Keyword rules catch the misclassifications seen in real forms (宣传覆盖面 under 生态效益指标)
# without pretending to be a classifier: a hit is a warning for the reviewer, never an error.
PLACEMENT_RULES: tuple[PlacementRule, ...] = (
    PlacementRule(
        ("满意度", "满意率"),
        frozenset({"服务对象满意度指标", "社会公众或服务对象满意度指标"}),
        "满意度",
    ),
    PlacementRule(("及时性", "及时率"), frozenset({"时效指标"}), "时效"),
    PlacementRule(
        ("成本", "单价", "单位造价"),
        frozenset({"成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标"}),
        "成本",
    ),
)

ECOLOGICAL_KEYWORDS: tuple[str, ...] = (
    "生态", "环境", "环保", "绿化", "绿色", "节能", "能耗", "减排", "排放", "碳", "污染", "污水",
    "废", "垃圾", "水质", "空气", "噪声", "扬尘", "植被", "森林", "湿地", "耕地", "土壤", "节水",
    "节约", "资源", "低碳", "清洁", "河道", "水土",
)  # fmt: skip
ECOLOGICAL_CATEGORIES = frozenset({"生态效益指标", "环境效益指标", "生态环境成本指标"})


def placement_warning(second_level: str, indicator_name: str) -> str | None:
    """Why this indicator looks misplaced under `second_level`, or None if it looks fine."""
    for rule in PLACEMENT_RULES:
        if any(k in indicator_name for k in rule.keywords) and second_level not in rule.expected:
            expected = "、".join(sorted(rule.expected))
            return (
                f"“{indicator_name}”看起来是{rule.label}类指标，通常放在{expected}下，"
                f"而不是{second_level}；请核对原表。"
            )
    if second_level in ECOLOGICAL_CATEGORIES and not any(
        k in indicator_name for k in ECOLOGICAL_KEYWORDS
    ):
        return (
            f"“{indicator_name}”不像{second_level}（名称里没有生态、环境、节能、排放等字样）；"
            "原表可能放错了类别，请核对。"
        )
    return None
