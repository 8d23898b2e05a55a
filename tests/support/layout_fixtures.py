"""Fixtures for the layouts of DOMAIN.md beyond the Shanghai form, built from its descriptions.

Each builder gives the declaration the form must import into (YAML-shaped data, as
`import_fixtures.declaration` does) and the form's grid, laid out the way that layout prints
it; the writers of `import_fixtures` turn the grid into a text export, an .xlsx sheet or a
.docx table, and `pdf_fixtures.BudgetPdf` draws it as a ruled PDF table. Each cell of the grid
is recorded either as a label (`labels`) or as a value with the texts it must become in the
written file (`values`), so that a test can show that no cell is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support import import_fixtures as fx
from tests.support import pdf_fixtures as pdfx

Data = dict[str, Any]


@dataclass
class LayoutForm:
    title: str
    data: Data
    grid: fx.Grid
    labels: set[str] = field(default_factory=set)
    # cell text → the texts (YAML scalars) it must appear as in the written file
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    widths: tuple[float, ...] = ()


# ------------------------------------------------------------------ 湖北 2020: 项目支出绩效目标表

HUBEI_SETS = [
    # 一级, 二级(长期), 三级(长期), 指标值(长期), 二级(年度), 三级(年度), 指标值(年度)
    (
        "产出指标",
        "数量指标",
        "维修校舍面积",
        "≥20000平方米",
        "数量指标",
        "当年维修校舍面积",
        "≥8000平方米",
    ),
    ("", "", "改造学校数", "15所", "", "当年改造学校数", "6所"),
    ("", "质量指标", "工程验收合格率", "100%", "质量指标", "工程验收合格率", "=100%"),
    (
        "",
        "时效指标",
        "项目完成时间",
        "2022年12月31日前",
        "时效指标",
        "年度任务完成时间",
        "2020年12月31日前",
    ),
    (
        "效益指标",
        "社会效益指标",
        "改善办学条件",
        "明显改善",
        "社会效益指标",
        "消除校舍安全隐患",
        "消除",
    ),
    (
        "满意度指标",
        "服务对象满意度指标",
        "师生满意度",
        "≥90%",
        "服务对象满意度指标",
        "师生满意度",
        "≥92%",
    ),
]


DEPARTMENT = "武汉市青山区教育局"
CODED = f"[015001]{DEPARTMENT}"


def hubei(
    name: str = "青山区中小学校舍维修改造项目", *, amounts: tuple[str, ...] = ("10000万元",) * 4
) -> LayoutForm:
    """The 2020 Hubei form: code in the department cell, 项目属性, 项目起止时间 `202001-202012`,
    amounts with the unit inside (`10000万元`), 中期目标 beside 年度目标, and the 7-column
    indicator table with the long-term set beside the annual one."""
    total, fiscal, annual_total, annual_fiscal = amounts
    medium = "通过三年维修改造，全区中小学校舍安全隐患全部消除，办学条件明显改善。"
    annual = "1. 完成8000平方米校舍维修；2. 完成6所学校改造。"
    rows: list[list[str]] = [
        ["2020年项目支出绩效目标表", "", "", "", "", "", "", ""],
        ["项目名称", name, "", "", "", "", "", ""],
        ["主管部门及编码", CODED, "", "", "实施单位", DEPARTMENT, "", ""],
        ["项目属性", "基础建设、修缮类", "", "", "项目起止时间", "202001-202012", "", ""],
        ["项目资金", "资金总额", "", total, "当年资金总额", "", annual_total, ""],
        ["", "其中：财政拨款", "", fiscal, "其中：当年财政拨款", "", annual_fiscal, ""],
        ["", "其他资金", "", "", "当年其他资金", "", "", ""],
        ["总体目标", "中期目标", "", "", "年度目标", "", "", ""],
        ["", medium, "", "", annual, "", "", ""],
        ["绩效指标", "一级指标", "二级指标(长期)", "三级指标(长期)", "指标值(长期)",
         "二级指标(年度)", "三级指标(年度)", "指标值(年度)"],
    ]  # fmt: skip
    first_indicator = len(rows)
    for row in HUBEI_SETS:
        rows.append(["", *row])
    merges = [
        (0, 0, 0, 7),
        (1, 1, 1, 7),
        (2, 1, 2, 3),
        (2, 5, 2, 7),
        (3, 1, 3, 3),
        (3, 5, 3, 7),
        (4, 0, 6, 0),
        (4, 1, 4, 2),
        (5, 1, 5, 2),
        (6, 1, 6, 2),
        (4, 4, 4, 5),
        (5, 4, 5, 5),
        (6, 4, 6, 5),
        (4, 6, 4, 7),
        (5, 6, 5, 7),
        (6, 6, 6, 7),
        (7, 0, 8, 0),
        (7, 1, 7, 3),
        (7, 4, 7, 7),
        (8, 1, 8, 3),
        (8, 4, 8, 7),
        (9, 0, len(rows) - 1, 0),
        # 一级指标 merged down its rows, the two 数量指标 over their two rows
        (first_indicator, 1, first_indicator + 3, 1),
        (first_indicator, 2, first_indicator + 1, 2),
        (first_indicator, 5, first_indicator + 1, 5),
    ]
    indicators: dict[str, dict[str, list[dict[str, Any]]]] = {}
    level1 = level2 = long_level2 = ""
    for l1, l2_long, n_long, t_long, l2, n, t in HUBEI_SETS:
        level1, level2, long_level2 = l1 or level1, l2 or level2, l2_long or long_level2
        indicators.setdefault(level1, {}).setdefault(level2, []).append(
            {
                "三级指标": n,
                "年度指标值": t,
                "长期指标": {"二级指标": long_level2, "三级指标": n_long, "指标值": t_long},
            }
        )

    def number(text: str) -> str:
        return text.removesuffix("万元")

    data: Data = {
        "年度": "2020",
        "表样": "项目支出绩效目标表",
        "项目名称": name,
        "项目属性": "基础建设、修缮类",
        "主管部门": "武汉市青山区教育局",
        "部门代码": "015001",
        "实施单位": "武汉市青山区教育局",
        "项目期": "202001-202012",
        "资金单位": "万元",
        "项目资金": {"项目资金总额": number(total), "财政资金": number(fiscal), "其他资金": None},
        "年度资金": {
            "年度资金申请总额": number(annual_total),
            "当年财政拨款": number(annual_fiscal),
            "上年结转资金": None,
            "其他资金": None,
        },
        "中期目标": medium,
        "年度总目标": annual,
        "绩效指标": indicators,
    }
    labels = {
        "项目名称", "主管部门及编码", "实施单位", "项目属性", "项目起止时间", "项目资金",
        "资金总额", "其中：财政拨款", "其他资金", "当年资金总额", "其中：当年财政拨款",
        "当年其他资金", "总体目标", "中期目标", "年度目标", "绩效指标", "一级指标",
        "二级指标(长期)", "三级指标(长期)", "指标值(长期)", "二级指标(年度)", "三级指标(年度)",
        "指标值(年度)",
    }  # fmt: skip
    values: dict[str, tuple[str, ...]] = {
        "2020年项目支出绩效目标表": ("2020",),
        name: (name,),
        "[015001]武汉市青山区教育局": ("015001", "武汉市青山区教育局"),
        "武汉市青山区教育局": ("武汉市青山区教育局",),
        "基础建设、修缮类": ("基础建设、修缮类",),
        "202001-202012": ("202001-202012",),
        medium: (medium,),
        annual: (annual,),
    }
    for amount in amounts:
        values[amount] = (number(amount),)
    for row in HUBEI_SETS:
        for text in row:
            if text:
                values[text] = (text,)
    return LayoutForm(
        "2020年项目支出绩效目标表",
        data,
        fx.Grid(rows, merges),
        labels,
        values,
        widths=(40, 62, 58, 80, 70, 62, 76, 70),
    )


# ------------------------------------------------------------------ 预算管理一体化: split columns

BUDGET_COLUMNS = (
    "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重", "指标值类型",
    "指标解释", "评(扣)分标准", "备注",
)  # fmt: skip
# 一级, 二级, 三级, then 指标性质 … 评(扣)分标准 and 备注 (a column jixiao does not know)
BUDGET_ROWS = [
    ("产出指标", "数量指标", "培训人次", "≥", "100", "人次", "20", "定量", "全年培训职工人次",
     "完成得满分", ""),
    ("产出指标", "质量指标", "培训合格率", "≥", "90", "%", "20", "定量", "合格人数占参训人数",
     "低于目标不得分", "抽查"),
    ("产出指标", "时效指标", "完成及时性", "定性", "及时", "", "10", "定性", "按计划完成",
     "延期扣5分", ""),
    ("效益指标", "社会效益指标", "职工技能提升", "定性", "提升", "", "30", "定性", "技能等级",
     "酌情扣分", ""),
    ("满意度指标", "服务对象满意度指标", "职工满意度", "≥", "85", "%", "20", "定量", "问卷调查",
     "每低1%扣1分", ""),
]  # fmt: skip
_SPLIT_KEYS = ("指标性质", "年度指标值", "度量单位", "权重", "指标值类型", "指标解释", "评分标准")


def budget_system(name: str = "职工技能培训") -> LayoutForm:
    """A Shanghai header over the budget system's indicator table: the target split into
    指标性质 | 指标值 | 度量单位, with 权重, 指标值类型, 指标解释, 评(扣)分标准 and a 备注 column
    that jixiao does not know (kept under its own header)."""
    data = fx.declaration(name, year=2025)
    head = fx.form_grid(data)
    cut = next(r for r, row in enumerate(head.rows) if row[1] == "一级指标")
    width = 1 + len(BUDGET_COLUMNS)
    rows = [[*row, *[""] * (width - len(row))] for row in head.rows[:cut]]
    merges = [
        (r1, c1, r2, width - 1 if c2 == fx.WIDTH - 1 else c2)
        for r1, c1, r2, c2 in head.merges
        if r1 < cut
    ]
    first = len(rows)
    rows.append(["绩效 指标", *BUDGET_COLUMNS])
    tree: dict[str, dict[str, list[dict[str, Any]]]] = {}
    previous = ("", "")
    for level1, level2, indicator, *cells in BUDGET_ROWS:
        shown1 = level1 if level1 != previous[0] else ""
        rows.append(["", shown1, level2, indicator, *cells])
        previous = (level1, level2)
        *split, note = cells
        item: dict[str, Any] = {"三级指标": indicator}
        item |= {key: (value or None) for key, value in zip(_SPLIT_KEYS, split, strict=True)}
        item["其他列"] = {"备注": note or None}
        tree.setdefault(level1, {}).setdefault(level2, []).append(item)
    merges += [(first, 0, len(rows) - 1, 0), (first + 1, 1, first + 3, 1)]
    data["绩效指标"] = tree
    labels = {text for row in rows[:cut] for text in row if text} - set(_header_values(data))
    labels |= {"绩效 指标", *BUDGET_COLUMNS}
    values = {text: (text,) for text in _header_values(data)}
    values |= {f"({data['年度']}年度)": (data["年度"],)}
    period = f"项目总目标 ({data['年度']}年-{data['年度']}年)"
    values[period] = (data["年度"],)
    values["项目资金 (元)"] = ("元",)
    labels -= set(values)
    for row in BUDGET_ROWS:
        values |= {text: (text,) for text in row if text}
    return LayoutForm(
        fx.TITLE,
        data,
        fx.Grid(rows, merges),
        labels,
        values,
        widths=(22, 40, 44, 50, 34, 34, 34, 28, 34, 54, 54, 34),
    )


def _header_values(data: Data) -> list[str]:
    """The value cells of the Shanghai header (strings as the grid holds them)."""
    values = [
        data[key]
        for key in ("项目名称", "项目类别", "主管部门", "实施单位", "计划开始日期", "计划完成日期")
    ]
    values += [v for v in (*data["项目资金"].values(), *data["年度资金"].values()) if v]
    values += [data["项目总目标"]["内容"], data["年度总目标"]]
    return values


# ------------------------------------------------------------------ 中央部门: 项目绩效目标表

CENTRAL_ROWS = [
    ("产出指标", "数量指标", "发表论文数", "≥20篇", "20"),
    ("产出指标", "质量指标", "成果验收通过率", "100%", "20"),
    ("产出指标", "时效指标", "按期完成率", "≥95%", "10"),
    ("效益指标", "社会效益指标", "支撑国家重大需求", "有效支撑", "30"),
    ("满意度指标", "服务对象满意度指标", "合作单位满意度", "≥90%", "10"),
]


def central(name: str = "科研条件保障项目") -> LayoutForm:
    """A 2023 central unit's 项目绩效目标表: 主管部门及代码 `[173]中国科学院`, one year's funds
    in 万元 (with and without thousands separators) and 执行率分值（10）, only 年度总体目标,
    indicators with 指标值 and 分值权重（90）."""
    goal = "完成科研平台运行保障，支撑重点科研任务按期完成。"
    rows: list[list[str]] = [
        ["项目绩效目标表", "", "", "", "", ""],
        ["（2023年度）", "", "", "", "", ""],
        ["项目名称", name, "", "", "", ""],
        ["主管部门及代码", "[173]中国科学院", "", "实施单位", "中国科学院某研究所", ""],
        ["项目资金（万元）", "年度资金总额", "1,234.56", "执行率分值（10）", "", ""],
        ["", "其中：财政拨款", "1000.00", "", "", ""],
        ["", "上年结转资金", "234.56", "", "", ""],
        ["", "其他资金", "", "", "", ""],
        ["年度总体目标", goal, "", "", "", ""],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "分值权重（90）"],
    ]
    first = len(rows)
    tree: dict[str, dict[str, list[dict[str, Any]]]] = {}
    previous = ""
    for level1, level2, indicator, target, weight in CENTRAL_ROWS:
        rows.append(["", level1 if level1 != previous else "", level2, indicator, target, weight])
        previous = level1
        tree.setdefault(level1, {}).setdefault(level2, []).append(
            {"三级指标": indicator, "年度指标值": target, "分值权重": weight}
        )
    merges = [
        (0, 0, 0, 5), (1, 0, 1, 5), (2, 1, 2, 5), (3, 1, 3, 2), (3, 4, 3, 5),
        (4, 0, 7, 0), (4, 3, 7, 3), (4, 4, 7, 5), (8, 1, 8, 5),
        (9, 0, len(rows) - 1, 0), (first, 1, first + 2, 1),
    ]  # fmt: skip
    data: Data = {
        "年度": "2023",
        "表样": "中央部门项目绩效目标表",
        "项目名称": name,
        "主管部门": "中国科学院",
        "部门代码": "173",
        "实施单位": "中国科学院某研究所",
        "资金单位": "万元",
        "年度资金": {
            "年度资金申请总额": "1,234.56",
            "当年财政拨款": "1000.00",
            "上年结转资金": "234.56",
            "其他资金": None,
        },
        "执行率分值": "10",
        "年度总目标": goal,
        "绩效指标": tree,
        "指标列合计": {"分值权重": "90"},
    }
    labels = {
        "项目名称", "主管部门及代码", "实施单位", "项目资金（万元）", "年度资金总额",
        "其中：财政拨款", "上年结转资金", "其他资金", "年度总体目标", "绩效指标", "一级指标",
        "二级指标", "三级指标", "指标值",
    }  # fmt: skip
    values: dict[str, tuple[str, ...]] = {
        "项目绩效目标表": (),
        "（2023年度）": ("2023",),
        name: (name,),
        "[173]中国科学院": ("173", "中国科学院"),
        "中国科学院某研究所": ("中国科学院某研究所",),
        "1,234.56": ("1,234.56",),
        "1000.00": ("1000.00",),
        "234.56": ("234.56",),
        "执行率分值（10）": ("10",),
        goal: (goal,),
        "分值权重（90）": ("90",),
    }
    for row in CENTRAL_ROWS:
        values |= {text: (text,) for text in row}
    return LayoutForm(
        "项目绩效目标表", data, fx.Grid(rows, merges), labels, values,
        widths=(60, 80, 90, 110, 70, 70),
    )  # fmt: skip


def two_row_header(form: LayoutForm) -> LayoutForm:
    """The two-sets table with its header over two rows, as many forms print it: the groups
    长期绩效指标 and 年度绩效指标, each merged over 二级指标 | 三级指标 | 指标值 below it."""
    rows = [list(row) for row in form.grid.rows]
    at = next(i for i, row in enumerate(rows) if "二级指标(长期)" in row)
    rows[at : at + 1] = [
        ["绩效指标", "一级指标", "长期绩效指标", "", "", "年度绩效指标", "", ""],
        ["", "", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"],
    ]
    merges = []
    for r1, c1, r2, c2 in form.grid.merges:
        merges.append((r1 + (r1 > at), c1, r2 + (r2 >= at), c2))
    merges += [(at, 1, at + 1, 1), (at, 2, at, 4), (at, 5, at, 7)]
    labels = {text for text in form.labels if "(长期)" not in text and "(年度)" not in text}
    labels |= {"长期绩效指标", "年度绩效指标", "二级指标", "三级指标", "指标值"}
    return LayoutForm(
        form.title, form.data, fx.Grid(rows, merges), labels, form.values, form.widths
    )


# ------------------------------------------------------------------ 四川: one table per department

SICHUAN_HEADER = (
    "单位名称", "项目名称", "预算数", "年度目标", "一级指标", "二级指标", "三级指标", "指标性质",
    "指标值", "度量单位", "权重", "指标方向性",
)  # fmt: skip
SICHUAN_PROJECTS = [
    (
        "820001-马踏镇人民政府", "乡村道路养护", "5,000,000.00", "完成全镇30公里乡村道路日常养护。",
        [
            ("产出指标", "数量指标", "养护道路里程", "≥", "30", "公里", "30", "正向"),
            ("产出指标", "质量指标", "养护合格率", "≥", "95", "%", "30", "正向"),
            ("效益指标", "社会效益指标", "群众出行条件", "定性", "改善", "", "20", "正向"),
            ("满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", "20", "正向"),
        ],
    ),
    (
        "820002-马踏镇农业服务中心", "农田水利设施维护", "3,827,620.53", "维护沟渠12公里。",
        [
            ("产出指标", "数量指标", "维护沟渠长度", "≥", "12", "公里", "40", "正向"),
            ("满意度指标", "服务对象满意度指标", "农户满意度", "≥", "85", "%", "60", "正向"),
        ],
    ),
]  # fmt: skip
SICHUAN_KEYS = ("指标性质", "年度指标值", "度量单位", "权重", "指标方向性")


@dataclass
class TableForm:
    """A department's table: several declarations from one form."""

    grid: fx.Grid
    declarations: list[Data]
    labels: set[str]
    values: dict[str, tuple[str, ...]]
    widths: tuple[float, ...]
    title: str = "2023年部门预算项目绩效目标申报表"


def sichuan(subtotal: str = "8,827,620.53") -> TableForm:
    """The 2023 Sichuan 部门预算项目绩效目标申报表: 金额单位 above the table, a subtotal row
    for the unit (`820-马踏镇部门`), each project's cells merged down over its indicator rows."""
    width = len(SICHUAN_HEADER)
    rows: list[list[str]] = [
        ["2023年部门预算项目绩效目标申报表", *[""] * (width - 1)],
        ["金额单位：元", *[""] * (width - 1)],
        list(SICHUAN_HEADER),
        ["820-马踏镇部门", "", subtotal, *[""] * (width - 3)],
    ]
    merges = [(0, 0, 0, width - 1), (1, 0, 1, width - 1)]
    declarations: list[Data] = []
    values: dict[str, tuple[str, ...]] = {
        "2023年部门预算项目绩效目标申报表": ("2023",),
        "金额单位：元": ("元",),
        "820-马踏镇部门": ("820", "马踏镇部门"),
        subtotal: (),  # checked against the projects, reported in the import report
    }
    for unit, name, budget, goal, indicators in SICHUAN_PROJECTS:
        top = len(rows)
        tree: dict[str, dict[str, list[dict[str, Any]]]] = {}
        previous = ""
        for level1, level2, indicator, *cells in indicators:
            head = [unit, name, budget, goal] if len(rows) == top else ["", "", "", ""]
            rows.append([*head, level1 if level1 != previous else "", level2, indicator, *cells])
            previous = level1
            item: dict[str, Any] = {"三级指标": indicator}
            item |= {k: (v or None) for k, v in zip(SICHUAN_KEYS, cells, strict=True)}
            tree.setdefault(level1, {}).setdefault(level2, []).append(item)
            values |= {text: (text,) for text in (level1, level2, indicator, *cells) if text}
        merges += [(top, c, len(rows) - 1, c) for c in range(4)]
        values |= {unit: (unit,), name: (name,), budget: (budget,), goal: (goal,)}
        declarations.append(
            {
                "年度": "2023",
                "表样": "部门预算项目绩效目标申报表",
                "项目名称": name,
                "主管部门": "马踏镇部门",
                "部门代码": "820",
                "实施单位": unit,
                "资金单位": "元",
                "年度资金": {
                    "年度资金申请总额": budget,
                    "当年财政拨款": None,
                    "上年结转资金": None,
                    "其他资金": None,
                },
                "年度总目标": goal,
                "绩效指标": tree,
            }
        )
    return TableForm(
        fx.Grid(rows, merges),
        declarations,
        set(SICHUAN_HEADER),
        values,
        widths=(58, 50, 50, 60, 34, 40, 44, 28, 26, 28, 24, 30),
    )


def left_out_text(table: TableForm) -> str:
    """The table as a copy gives it: the merged cells left out of the following rows, with
    their tabs (and a first-level cell merged down is left out as well)."""
    lines = []
    for row in table.grid.rows:
        cells = list(row)
        while cells and not cells[0] and any(cells):
            cells.pop(0)
        lines.append("\t".join(cells).rstrip("\t"))
    return "\n".join(lines) + "\n"


def filled_down(table: TableForm, *, whole_sheet: bool = False) -> fx.Grid:
    """The table after 取消合并并填充内容 (un-merge and fill, common when a sheet is exported or
    cleaned): every cell of a merged range below the header holds the range's text, so each
    indicator row repeats its project's 单位名称, 项目名称, 预算数 and 年度目标. `whole_sheet`:
    the whole sheet was selected, so the title and the unit line fill their rows too, and the
    subtotal's label, merged over 单位名称 and 项目名称 in many tables, fills both."""
    rows = [list(row) for row in table.grid.rows]
    header = rows.index(list(SICHUAN_HEADER))
    for r1, c1, r2, c2 in table.grid.merges:
        if r1 > header or whole_sheet:
            for r in range(r1, r2 + 1):
                rows[r][c1 : c2 + 1] = [table.grid.rows[r1][c1]] * (c2 - c1 + 1)
    if whole_sheet:
        subtotal = rows[header + 1]
        subtotal[1] = subtotal[0]
    return fx.Grid(rows)


def write_table_all(directory: Path, table: TableForm, stem: str) -> dict[str, Path]:
    paths = {
        "txt": directory / f"{stem}.txt",
        "xlsx": directory / f"{stem}.xlsx",
        "docx": directory / f"{stem}.docx",
        "left-out": directory / f"{stem}-copied.txt",
    }
    fx.write_text(paths["txt"], [table.grid])
    paths["left-out"].write_text(left_out_text(table), encoding="utf-8")
    fx.write_xlsx(paths["xlsx"], {"Sheet1": [table.grid]})
    fx.write_docx(paths["docx"], [table.grid])
    pdf = pdfx.BudgetPdf(directory / f"{stem}.pdf", header=None)
    style = pdfx.FormStyle(widths=table.widths, size=7.0, leading=9.0)
    grid = fx.Grid(
        table.grid.rows[1:], [(a - 1, b, c - 1, d) for a, b, c, d in table.grid.merges if a]
    )
    pdf.form(grid, style, title=table.title, year_line=None)
    paths["pdf"] = pdf.save()
    return paths


# ------------------------------------------------------------------ writers for every reader


def write_all(directory: Path, form: LayoutForm, stem: str) -> dict[str, Path]:
    """The form as a text export, an .xlsx sheet, a .docx table and a ruled PDF."""
    paths = {
        "txt": directory / f"{stem}.txt",
        "xlsx": directory / f"{stem}.xlsx",
        "docx": directory / f"{stem}.docx",
    }
    fx.write_text(paths["txt"], [form.grid])
    fx.write_xlsx(paths["xlsx"], {"Sheet1": [form.grid]})
    fx.write_docx(paths["docx"], [form.grid])
    pdf = pdfx.BudgetPdf(directory / f"{stem}.pdf", header=None)
    style = pdfx.FormStyle(widths=form.widths, size=8.0, leading=10.0)
    grid = pdfx.table_only(form.grid)
    year = next((row[0] for row in form.grid.rows[:2] if "年度" in row[0]), None)
    pdf.form(grid, style, title=form.title, year_line=year)
    paths["pdf"] = pdf.save()
    return paths
