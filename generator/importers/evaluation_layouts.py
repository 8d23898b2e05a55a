"""The published 自评表 layouts, as data: titles, labels and column headers → the file's keys.

Three layouts (DOMAIN.md, Self-evaluation) share one file format (`evaluation_model`):

- 全国 (财预〔2020〕10号): 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分; 预期目标 |
  实际完成情况; 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施.
- 预算系统: the indicator columns split into 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 |
  未完成原因分析.
- 四川 (衔接资金): 全年预算数(A) | 全年执行数(B) | 分值 | 执行率(B/A) | 得分; 年初设定目标 |
  年度总体目标完成情况综述; 一级 | 二级 | 三级 | 分值 | 年度指标值 | 全年实际值 | 得分 |
  未完成原因及拟采取的改进措施; the department form adds 报表编号, 项目基本情况, 评价结论,
  存在问题, 改进措施, 项目负责人, 财务负责人.

Headers are compared after `header_key` (no whitespace, full-width brackets and colons folded,
a trailing unit such as （万元） or a marker such as (A) removed). A header that is in none of the
tables below is kept as it is, under 其他列, never dropped.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from generator.core.evaluation_model import EvaluationLayout
from generator.core.money import MoneyUnit

# A page or sheet is a 自评表 when a row holds one of these (after `header_key`).
TITLE_WORDS: Final = ("绩效自评表",)

# Labels whose value stands in the next cell: label → top-level key of the file.
HEADER_LABELS: Final[dict[str, str]] = {
    "项目名称": "项目名称",
    "主管部门": "主管部门",
    "主管部门及代码": "主管部门",
    "实施单位": "实施单位",
    "报表编号": "报表编号",
    "项目基本情况": "项目基本情况",
    "总分": "总分",
    "自评得分": "自评得分",
    "自评总分": "自评得分",
    "得分合计": "自评得分",
    "自评等级": "自评等级",
    "评价结论": "评价结论",
    "存在问题": "存在问题",
    "改进措施": "改进措施",
    "项目负责人": "项目负责人",
    "财务负责人": "财务负责人",
}

# Funding column headers → FundingRow keys.
FUNDING_COLUMNS: Final[dict[str, str]] = {
    "年初预算数": "年初预算数",
    "全年预算数": "全年预算数",
    "调整后预算数": "全年预算数",
    "全年执行数": "全年执行数",
    "预算执行数": "全年执行数",
    "分值": "分值",
    "权重": "分值",
    "执行率": "执行率",
    "得分": "得分",
}
# Row labels of the funding block (any text starting with one of them, after 其中).
FUNDING_ROWS: Final = (
    "年度资金总额",
    "资金总额",
    "当年财政拨款",
    "本年财政拨款",
    "上年结转资金",
    "财政资金",
    "财政专户管理资金",
    "单位资金",
    "其他资金",
)
# Cells that only give the funding block its shape.
FUNDING_WORDS: Final = ("项目资金", "预算执行情况", "资金情况", "年度资金")

GOAL_COLUMNS: Final[dict[str, str]] = {
    "预期目标": "预期目标",
    "年初设定目标": "预期目标",
    "实际完成情况": "实际完成情况",
    "年度总体目标完成情况综述": "实际完成情况",
}
GOAL_WORDS: Final = ("年度总体目标", "总体目标", "年度目标")

INDICATOR_COLUMNS: Final[dict[str, str]] = {
    "一级指标": "一级指标",
    "二级指标": "二级指标",
    "三级指标": "三级指标",
    "年度指标值": "年度指标值",
    "实际完成值": "实际完成值",
    "全年实际值": "实际完成值",
    "指标性质": "指标性质",
    "指标值": "指标值",
    "度量单位": "度量单位",
    "完成值": "完成值",
    "分值": "分值",
    "权重": "分值",
    "得分": "得分",
    "偏差原因分析及改进措施": "偏差原因分析及改进措施",
    "未完成原因分析": "偏差原因分析及改进措施",
    "未完成原因及拟采取的改进措施": "偏差原因分析及改进措施",
}
INDICATOR_WORDS: Final = ("绩效指标", "绩效指标完成情况")

_UNIT_TAIL = re.compile(r"\((?:单位)?(?:万元|元|分|%)\)$|\([A-Z](?:/[A-Z])?\)$")


def header_key(text: str) -> str:
    """`全年预算数（A）` → `全年预算数`, `执行率 (B/A)` → `执行率`,
    `其中：当年财政拨款` → `当年财政拨款`."""
    folded = unicodedata.normalize("NFKC", text)
    compact = "".join(folded.split()).replace(":", "")
    compact = _UNIT_TAIL.sub("", compact)
    return compact.removeprefix("其中")


def is_title(text: str) -> bool:
    """Whether a row's text holds a 自评表 title, spaces and full-width forms folded: titles
    name a year and a place around the same words."""
    key = header_key(text)
    return any(word in key for word in TITLE_WORDS)


def money_unit_of(texts: list[str]) -> MoneyUnit | None:
    """万元 or 元, when a header or note states it (`（万元）`, `单位：万元`)."""
    for text in texts:
        folded = unicodedata.normalize("NFKC", text)
        if "万元" in folded:
            return MoneyUnit.WAN_YUAN
    for text in texts:
        folded = "".join(unicodedata.normalize("NFKC", text).split())
        if folded.endswith("(元)") or "单位:元" in folded:
            return MoneyUnit.YUAN
    return None


def layout_of(indicator_keys: list[str]) -> EvaluationLayout:
    """The layout from the indicator header's keys, in column order."""
    if "指标性质" in indicator_keys or "度量单位" in indicator_keys:
        return EvaluationLayout.BUDGET_SYSTEM
    if (
        "分值" in indicator_keys
        and "年度指标值" in indicator_keys
        and indicator_keys.index("分值") < indicator_keys.index("年度指标值")
    ):
        return EvaluationLayout.SICHUAN
    return EvaluationLayout.NATIONAL


def is_funding_row(text: str) -> bool:
    """Whether a row is one of the 预算执行 rows, in any of the layouts' words (units and
    其中 folded away)."""
    key = header_key(text)
    return any(key.startswith(label) for label in FUNDING_ROWS)


__all__ = [
    "FUNDING_COLUMNS",
    "GOAL_COLUMNS",
    "HEADER_LABELS",
    "INDICATOR_COLUMNS",
    "header_key",
    "is_funding_row",
    "is_title",
    "layout_of",
    "money_unit_of",
]
