"""The layouts in which declarations are published, as data.

One declaration, many printed layouts (see README「申报表的各种表样」): the facts are the same,
the labels, the fields printed and the indicator columns differ. Each `Layout` says, for one
of them, how its title reads, which labels fill which field of the declaration, which fields
the form prints (the importer writes each of them, blank when the cell is blank; `check`
reports one that is missing) and how the project page labels them. The indicator columns are
one vocabulary for all layouts (`INDICATOR_COLUMNS`): a column is known by its header, wherever
it stands.

Supporting a new province's layout means adding an entry here and its fixtures; the recogniser,
the checks and the project page read these tables and have no per-layout code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# --- the form's header: labels → fields ---------------------------------------------------------

# Header fields every layout may print, by YAML key: the labels that name them.
SHANGHAI_HEADER = {
    "项目名称": "项目名称",
    "项目类别": "项目类别",
    "项目性质": "项目性质",
    "主管部门": "主管部门",
    "实施单位": "实施单位",
    "计划开始日期": "计划开始日期",
    "计划完成日期": "计划完成日期",
}

SHANGHAI_FUNDING: dict[str, tuple[str, str]] = {
    "项目资金总额": ("项目资金", "项目资金总额"),
    "财政资金": ("项目资金", "财政资金"),
    "年度资金申请总额": ("年度资金", "年度资金申请总额"),
    "年度资金总额": ("年度资金", "年度资金申请总额"),
    "当年财政拨款": ("年度资金", "当年财政拨款"),
    "上年结转资金": ("年度资金", "上年结转资金"),
}

# Goal labels → the field they fill. A label of the overall goal may carry its period.
OVERALL = "项目总目标"
MEDIUM = "中期目标"
LONG = "长期目标"
ANNUAL = "年度总目标"

OVERALL_GOAL_PREFIXES = ("项目总目标", "项目总体目标", "总体目标", "项目绩效总目标")
GOAL_LABELS: dict[str, str] = {
    "中期目标": MEDIUM,
    "长期目标": LONG,
    "年度总目标": ANNUAL,
    "年度总体目标": ANNUAL,
    "年度绩效目标": ANNUAL,
    "年度目标": ANNUAL,
}


@dataclass(frozen=True, slots=True)
class Layout:
    """One printed layout of the declaration."""

    key: str  # the value of 表样 in the YAML; "" for the default (Shanghai) layout
    name: str  # how README and the page name it
    title: str  # the title the project page prints
    # Labels (as `normalise_label` gives them) that mark a form as this layout; any one suffices.
    markers: tuple[str, ...]
    header: dict[str, str]  # printed label → top-level YAML key
    funding: dict[str, tuple[str, str]]  # printed label → (block, key)
    # The labels of 其他资金 in the order they stand (a layout that prints it twice, once per
    # block, leaves the reader to tell them apart by order or column).
    other_funds: dict[str, tuple[str, str]]
    # The top-level YAML keys the form prints: written by import (blank when the cell is blank)
    # and required by `check`; every other optional key may be absent.
    prints: tuple[str, ...]
    # The label the project page prints for a YAML path, where it differs from the key.
    page_labels: dict[str, str] = field(default_factory=dict)
    # Code-bearing department labels: `[015001]武汉市青山区教育局` fills 主管部门 and 部门代码.
    coded_department: tuple[str, ...] = ()
    # Words of the title line that mark the layout on their own (项目绩效目标表, without 支出).
    title_words: tuple[str, ...] = ()
    # The header's rows as the form prints them, by YAML key (the project page follows them).
    header_rows: tuple[tuple[str, ...], ...] = (("项目名称",), ("主管部门", "实施单位"))
    # One table for a whole department: the project columns (header → YAML path) that start a
    # project's row group; its indicator columns follow. Empty: one form per project.
    project_columns: dict[str, str] = field(default_factory=dict)

    def label(self, path: str) -> str:
        """The label this layout prints for a field path: pages show the source's own words."""
        return self.page_labels.get(path, path.rsplit(".", 1)[-1])

    def prints_block(self, key: str) -> bool:
        """Whether this layout prints the block at all (an absent block is not a blank one)."""
        return key in self.prints


SHANGHAI = Layout(
    key="",
    name="上海财政项目支出绩效目标申报表",
    title="财政项目支出绩效目标申报表",
    markers=(),
    header=SHANGHAI_HEADER,
    funding=SHANGHAI_FUNDING,
    other_funds={"其他资金": ("", "其他资金")},
    header_rows=(
        ("项目名称", "项目类别"),
        ("项目性质",),
        ("主管部门", "实施单位"),
        ("计划开始日期", "计划完成日期"),
    ),
    page_labels={
        "项目资金.财政资金": "其中：财政资金",
        "年度资金.当年财政拨款": "其中：当年财政拨款",
    },
    prints=(
        "项目名称",
        "项目类别",
        "主管部门",
        "实施单位",
        "计划开始日期",
        "计划完成日期",
        "项目资金",
        "年度资金",
        "项目总目标",
        "年度总目标",
    ),
)

# Central and many provincial forms (湖北 2020): code in the department cell, 项目属性, the
# period as written, funding in 万元 (often with the unit inside the value), 总体目标 split into
# 中期目标 and 年度目标.
PROVINCIAL = Layout(
    key="项目支出绩效目标表",
    name="项目支出绩效目标表（中央和多数省份）",
    title="项目支出绩效目标表",
    markers=("主管部门及编码", "主管部门及代码", "项目属性", "项目起止时间", "当年资金总额"),
    header={
        "项目名称": "项目名称",
        "主管部门及编码": "主管部门",
        "主管部门及代码": "主管部门",
        "主管部门": "主管部门",
        "实施单位": "实施单位",
        "项目属性": "项目属性",
        "项目起止时间": "项目期",
        "项目期": "项目期",
    },
    funding={
        "资金总额": ("项目资金", "项目资金总额"),
        "财政拨款": ("项目资金", "财政资金"),
        "当年资金总额": ("年度资金", "年度资金申请总额"),
        "当年财政拨款": ("年度资金", "当年财政拨款"),
        "上年结转资金": ("年度资金", "上年结转资金"),
        "当年其他资金": ("年度资金", "其他资金"),
    },
    other_funds={"其他资金": ("项目资金", "其他资金")},
    header_rows=(("项目名称",), ("主管部门", "实施单位"), ("项目属性", "项目期")),
    prints=(
        "项目名称",
        "主管部门",
        "部门代码",
        "实施单位",
        "项目属性",
        "项目期",
        "项目资金",
        "年度资金",
        "年度总目标",
    ),
    page_labels={
        "主管部门": "主管部门及编码",
        "项目期": "项目起止时间",
        "项目资金.项目资金总额": "资金总额",
        "项目资金.财政资金": "其中：财政拨款",
        "项目资金.其他资金": "其他资金",
        "年度资金.年度资金申请总额": "当年资金总额",
        "年度资金.当年财政拨款": "其中：当年财政拨款",
        "年度资金.其他资金": "当年其他资金",
        "年度总目标": "年度目标",
    },
    coded_department=("主管部门及编码", "主管部门及代码"),
)

# Central units' budgets (项目绩效目标表, e.g. a 中国科学院 institute): one year's funding with
# the 执行率分值, only 年度总体目标, indicators with 指标值 and 分值权重（90）.
CENTRAL = Layout(
    key="中央部门项目绩效目标表",
    name="项目绩效目标表（中央部门）",
    title="项目绩效目标表",
    markers=("执行率分值",),
    title_words=("项目绩效目标表",),
    header={
        "项目名称": "项目名称",
        "主管部门及代码": "主管部门",
        "主管部门及编码": "主管部门",
        "主管部门": "主管部门",
        "实施单位": "实施单位",
    },
    funding={
        "年度资金总额": ("年度资金", "年度资金申请总额"),
        "财政拨款": ("年度资金", "当年财政拨款"),
        "当年财政拨款": ("年度资金", "当年财政拨款"),
        "上年结转资金": ("年度资金", "上年结转资金"),
    },
    other_funds={"其他资金": ("年度资金", "其他资金")},
    prints=("项目名称", "主管部门", "部门代码", "实施单位", "年度资金", "执行率分值", "年度总目标"),
    page_labels={
        "主管部门": "主管部门及代码",
        "年度资金.年度资金申请总额": "年度资金总额",
        "年度资金.当年财政拨款": "其中：财政拨款",
        "年度总目标": "年度总体目标",
    },
    coded_department=("主管部门及代码", "主管部门及编码"),
)

# One table for a whole department (四川 2023 部门预算项目绩效目标申报表): a row group per
# project, a subtotal row per unit (`820-马踏镇部门  8,827,620.53`), 金额单位 above the table.
DEPARTMENT_TABLE = Layout(
    key="部门预算项目绩效目标申报表",
    name="部门预算项目绩效目标申报表（一张表列出全部门的项目）",
    title="部门预算项目绩效目标申报表",
    markers=(),
    header={},
    funding={},
    other_funds={},
    prints=("项目名称", "主管部门", "部门代码", "实施单位", "年度资金", "年度总目标"),
    page_labels={
        "实施单位": "单位名称",
        "年度资金.年度资金申请总额": "预算数",
        "年度总目标": "年度目标",
    },
    project_columns={
        "单位名称": "实施单位",
        "项目名称": "项目名称",
        "预算数": "年度资金.年度资金申请总额",
        "年度目标": "年度总目标",
    },
)

LAYOUTS: tuple[Layout, ...] = (CENTRAL, PROVINCIAL, SHANGHAI)
# Layouts recognised by their table's header row rather than by form labels.
TABLE_LAYOUTS: tuple[Layout, ...] = (DEPARTMENT_TABLE,)
BY_KEY_ALL = (*LAYOUTS, *TABLE_LAYOUTS)
BY_KEY: dict[str, Layout] = {layout.key: layout for layout in BY_KEY_ALL}
LAYOUT_KEYS = tuple(layout.key for layout in BY_KEY_ALL if layout.key)


def layout_of(key: str | None) -> Layout:
    """The layout named by a declaration's 表样 (absent: Shanghai); unknown names: Shanghai."""
    return BY_KEY.get(key or "", SHANGHAI)


def choose_layout(labels: set[str], title: str = "") -> Layout:
    """The first layout whose title words are in the title line, or one of whose markers
    begins one of the form's labels (`执行率分值（10）`); else Shanghai."""
    for layout in LAYOUTS:
        if any(word in title for word in layout.title_words) or any(
            label.startswith(marker) for marker in layout.markers for label in labels
        ):
            return layout
    return SHANGHAI


EXECUTION_SCORE = "执行率分值"  # its points in brackets: 执行率分值（10）


# --- titles ---------------------------------------------------------------------------------------

# 财政项目支出绩效目标申报表, …填报表, 项目支出绩效目标表, 项目绩效目标表, …审批表,
# 部门预算项目绩效目标申报表, 附表：…项目预算绩效目标表: "项目", perhaps 支出 or 预算, "绩效目标",
# perhaps 申报 / 填报 / 审批, "表". Not 部门整体支出绩效目标表 (a department's, not a project's).
TITLE_PATTERN = re.compile(r"项目(?:支出|预算)?绩效目标(?:申报|填报|审批)?表")
MAX_TITLE_LENGTH = 60  # a title line with its region, department and year; prose is longer

# --- indicator columns ----------------------------------------------------------------------------

LEVEL1 = "一级指标"
LEVEL2 = "二级指标"
NAME = "三级指标"
TARGET = "年度指标值"
LONG_LEVEL2 = "长期指标.二级指标"
LONG_NAME = "长期指标.三级指标"
LONG_TARGET = "长期指标.指标值"

# Indicator column headers (after `column_label`) → the indicator field they fill. Split target
# columns and the budget system's columns are optional fields of `model.Indicator`.
INDICATOR_COLUMNS: dict[str, str] = {
    "一级指标": LEVEL1,
    "二级指标": LEVEL2,
    "二级指标(年度)": LEVEL2,
    "三级指标": NAME,
    "三级指标(年度)": NAME,
    "指标名称": NAME,
    "年度指标值": TARGET,
    "指标值": TARGET,
    "指标值(年度)": TARGET,
    "年度指标值(年度)": TARGET,
    "年度/项目指标值": TARGET,
    "年度(/项目)指标值": TARGET,
    "二级指标(长期)": LONG_LEVEL2,
    "二级指标(中期)": LONG_LEVEL2,
    "三级指标(长期)": LONG_NAME,
    "三级指标(中期)": LONG_NAME,
    "指标值(长期)": LONG_TARGET,
    "指标值(中期)": LONG_TARGET,
    "中期指标值": "中期指标值",
    "长期指标值": "中期指标值",
    "指标性质": "指标性质",
    "指标方向": "指标方向",
    "指标方向性": "指标方向性",
    "计量单位": "计量单位",
    "度量单位": "度量单位",
    "权重": "权重",
    "分值": "分值",
    "分值权重": "分值权重",
    "指标值类型": "指标值类型",
    "指标解释": "指标解释",
    "评(扣)分标准": "评分标准",
    "评分标准": "评分标准",
    "扣分标准": "评分标准",
}
# The basic columns every layout has: a table with only these is read by vocabulary (cells of
# extracted text shift), one with any other column by column.
BASIC_COLUMNS = frozenset({LEVEL1, LEVEL2, NAME, TARGET})
# The optional indicator fields in the order the page prints them (YAML keys of Indicator).
SPLIT_COLUMNS = (
    "中期指标值",
    "指标性质",
    "指标方向",
    "指标方向性",
    "计量单位",
    "度量单位",
    "权重",
    "分值",
    "分值权重",
    "指标值类型",
    "指标解释",
    "评分标准",
)
SPLIT_COLUMN_TITLES = {"评分标准": "评（扣）分标准"}

# `分值权重（90）`, `（90分）`; `权重(%)` says only that weights are percentages.
_TOTAL_IN_LABEL = re.compile(r"\(([0-9]+(?:\.[0-9]+)?)分?\)$")
_PERCENT_IN_LABEL = re.compile(r"\([%％]\)$")


def column_label(text: str) -> tuple[str, str | None]:
    """(header as compared, a total written in it): `分值权重（90）` → (`分值权重`, `90`).

    Spaces dropped, brackets half-width; `(长期)`, `(年度)` and `(扣)` are part of the label.
    """
    compact = "".join(text.split()).replace("（", "(").replace("）", ")").replace("：", "")
    compact = compact.removeprefix("其中")
    total = _TOTAL_IN_LABEL.search(compact)
    if total and compact[: total.start()] in INDICATOR_COLUMNS:
        label = compact[: total.start()]
        if not compact.endswith("分)") or "分值" in label or "权重" in label:
            return label, total.group(1)
    percent = _PERCENT_IN_LABEL.search(compact)
    if percent and compact[: percent.start()] in INDICATOR_COLUMNS:
        return compact[: percent.start()], None
    return compact, None
