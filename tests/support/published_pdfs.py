"""Published PDFs of every layout, drawn as the budget systems draw them, with their text twin.

`pdf_fixtures` draws forms cell by cell on a canvas; this module lays them out with reportlab's
platypus, as report generators do: a `Table` of `Paragraph` cells that wrap Chinese text at any
character (`wordWrap="CJK"`), merged cells as SPANs, vertically centred, with a running header
and a page number on every page, several forms flowing one after another (a form starting in
the middle of a page), and a table cut over two pages by hand where the test wants it, with or
without 续表 above the rest and the header row repeated.

Each `Form` is a grid of cell texts: the same grid written as a tab-separated text export is the
form's *text twin*. The PDF reader must give the recognisers the same rows as the text twin, so
importing the PDF must write the same YAML as importing the twin (the 来源 block aside): every
value kept and placed, nothing invented, wrapped text joined back. The layouts are those of
DOMAIN.md "One form, many layouts" and "Self-evaluation".

The font is reportlab's built-in CID font STSong-Light (no font file; pdfplumber reads its text
back through the Adobe-GB1 CMap).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from tests.support.evaluation_fixtures import NATIONAL_FUNDING_HEADER, NATIONAL_INDICATOR_HEADER

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=11.5, wordWrap="CJK")
CENTRED_CELL = ParagraphStyle("centred", CELL, alignment=1)
TITLE = ParagraphStyle("title", fontName=FONT, fontSize=15, leading=20, alignment=1)
YEAR = ParagraphStyle("year", fontName=FONT, fontSize=10, leading=14, alignment=1)
NOTE = ParagraphStyle("note", fontName=FONT, fontSize=10, leading=14)
HEADER = "上海市普陀区建设和管理委员会2024年部门预算"

Span = tuple[int, int, int, int]  # first row, first column, last row, last column
Tree = dict[str, dict[str, list[tuple[str, ...]]]]


@dataclass
class Form:
    """A form: lines printed above the table (title, year, 金额单位) and the table's grid."""

    above: list[tuple[str, ParagraphStyle]]
    rows: list[list[str]]
    widths: list[float]
    spans: list[Span] = field(default_factory=list)
    # "grid": every cell ruled, merged cells merged; "rows": only a rule under each row, no
    # cell merged (a label stands in the first row of its group), as some budget systems print;
    # "rows-merged": a rule under each row, merged cells merged (no rule crosses them, their
    # text centred in the span); "inner": every rule inside the table, no outer box; "box":
    # only the outer box; "columns": the outer box and a rule between columns, none between
    # rows; "none": no rule at all (a Word table printed with its borders off)
    rules: str = "grid"
    # How the text stands in its cells, from a row on: (first row, "MIDDLE" | "TOP" | "BOTTOM")
    valign: Sequence[tuple[int, str]] = ((0, "MIDDLE"),)
    # Cell texts printed vertically: one character a line ("stacked", as Word's vertical text
    # direction prints CJK), or turned a quarter left to read upwards ("turned", a spreadsheet's
    # rotated text)
    vertical: dict[str, str] = field(default_factory=dict)
    centred: bool = False  # every cell's text centred across its cell, as budget systems print

    def text(self) -> str:
        """The text twin: each line above, then each row, cells separated by tabs."""
        lines = [text for text, _ in self.above]
        lines += ["\t".join(row).rstrip("\t") for row in self.rows]
        return "\n".join(lines) + "\n"

    def flowables(
        self, breaks: Sequence[int] = (), *, header_row: int | None = None, continued: str = ""
    ) -> list[Flowable]:
        """The lines above and the table; a new page starts at each row of `breaks`, headed by
        `continued` (续表) and row `header_row` repeated. A merged cell crossing a break is
        cut, its text left in the first part, as spreadsheet prints do."""
        out: list[Flowable] = [Paragraph(escape(text), style) for text, style in self.above]
        out.append(Spacer(1, 4))
        cuts = [0, *breaks, len(self.rows)]
        for part, (start, stop) in enumerate(pairwise(cuts)):
            rows = list(range(start, stop))
            if part:
                out.append(PageBreak())
                if continued:
                    out.append(Paragraph(escape(continued), NOTE))
                if header_row is not None:
                    rows = [header_row, *rows]
            out.append(self._table(rows))
        return out

    def _cell(self, text: str) -> Any:
        how = self.vertical.get(text)
        if how == "turned":
            return Turned(text)
        style = CENTRED_CELL if self.centred else CELL
        if how == "stacked":
            return Paragraph("<br/>".join(escape(c) for c in text), style)
        return Paragraph(escape(text), style) if text else ""

    def _table(self, rows: list[int]) -> Table:
        at = {r: i for i, r in enumerate(rows)}
        data: list[list[Any]] = [[self._cell(c) for c in self.rows[r]] for r in rows]
        for row in data:
            row.extend([""] * (len(self.widths) - len(row)))
        style: list[tuple[Any, ...]] = []
        for first, how in self.valign:
            local = [i for i, r in enumerate(rows) if r >= first]
            if local:
                style.append(("VALIGN", (0, local[0]), (-1, -1), how))
        if self.rules in ("rows", "rows-merged"):
            style += [("LINEABOVE", (0, 0), (-1, 0), 0.5, "black")]
            style += [("LINEBELOW", (0, r), (-1, r), 0.5, "black") for r in range(len(rows))]
            if self.rules == "rows":
                return Table(data, colWidths=self.widths, style=TableStyle(style))
        else:
            style += {
                "grid": [("GRID", (0, 0), (-1, -1), 0.5, "black")],
                "inner": [("INNERGRID", (0, 0), (-1, -1), 0.5, "black")],
                "box": [("BOX", (0, 0), (-1, -1), 0.5, "black")],
                "columns": [
                    ("BOX", (0, 0), (-1, -1), 0.5, "black"),
                    ("LINEBEFORE", (1, 0), (-1, -1), 0.5, "black"),
                ],
                "none": [],
            }[self.rules]
        for r1, c1, r2, c2 in self.spans:
            inside = [r for r in range(r1, r2 + 1) if r in at]
            if not inside:
                continue
            low, high = at[inside[0]], at[inside[-1]]
            if inside[0] != r1:  # the lower part of a cut merged cell holds no text
                for r in range(low, high + 1):
                    for c in range(c1, c2 + 1):
                        data[r][c] = ""
            if high > low or c2 > c1:
                style.append(("SPAN", (c1, low), (c2, high)))
        return Table(data, colWidths=self.widths, style=TableStyle(style))


class Turned(Flowable):  # type: ignore[misc]
    """A line of text turned a quarter left, reading upwards."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.length = pdfmetrics.stringWidth(self.text, FONT, CELL.fontSize)
        return CELL.fontSize, self.length

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setFont(FONT, CELL.fontSize)
        self.canv.rotate(90)
        self.canv.drawString(0, -CELL.fontSize + 2, self.text)
        self.canv.restoreState()


def title(text: str, year: str | None = None) -> list[tuple[str, ParagraphStyle]]:
    return [(text, TITLE)] + ([(year, YEAR)] if year else [])


def build(
    path: Path,
    story: list[Flowable],
    *,
    header: str | None = HEADER,
    footer: str = "第 {n} 页",
    landscaped: bool = False,
) -> Path:
    """The PDF, with `header` at the top of every page and `footer` (the page number) below."""
    size = landscape(A4) if landscaped else A4

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        if header:
            canvas.drawCentredString(size[0] / 2, size[1] - 30, header)
        canvas.drawCentredString(size[0] / 2, 24, footer.format(n=doc.page))
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path),
        pagesize=size,
        topMargin=48,
        bottomMargin=48,
        leftMargin=36,
        rightMargin=36,
        invariant=1,
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return path


def indicator_rows(tree: Tree) -> tuple[list[list[str]], list[Span]]:
    """Indicator rows under a first column left blank, first- and second-level cells merged
    down over their indicators; a second level without indicators keeps its row."""
    rows: list[list[str]] = []
    spans: list[Span] = []
    for level1, level2s in tree.items():
        top1 = len(rows)
        for level2, items in level2s.items():
            top2 = len(rows)
            for item in items or [("", "")]:
                first1, first2 = len(rows) == top1, len(rows) == top2
                rows.append(["", level1 if first1 else "", level2 if first2 else "", *item])
            if len(rows) - 1 > top2:
                spans.append((top2, 2, len(rows) - 1, 2))
        if len(rows) - 1 > top1:
            spans.append((top1, 1, len(rows) - 1, 1))
    return rows, spans


def _append_indicators(rows: list[list[str]], spans: list[Span], tree: Tree) -> None:
    """The indicator rows under the header row that ends `rows`, the label cell merged down."""
    indicators, merged = indicator_rows(tree)
    top = len(rows)
    rows += indicators
    spans += [(r1 + top, c1, r2 + top, c2) for r1, c1, r2, c2 in merged]
    spans.append((top - 1, 0, len(rows) - 1, 0))


# ------------------------------------------------------------------ declarations

SHANGHAI_TREE: Tree = {
    "产出指标": {
        "数量指标": [
            ("完成下立交主体结构施工长度", "≥985米"),
            ("配套排水管道敷设长度", "≥1.20(公里)"),
            *((f"第{i}标段道路附属设施修复面积", f"≥{i * 1250:,}平方米") for i in range(1, 19)),
        ],
        "质量指标": [("工程验收合格率", "=100.00(%)")],
        "时效指标": [("主体结构完成时间", "2024年9月30日前")],
        "成本指标": [("年度工程投资控制", "≤12,050,000.00(元)")],
    },
    "效益指标": {
        "经济效益指标": [],
        "社会效益指标": [("高峰时段通行时间缩短", "≥10.00(%)")],
        "生态效益指标": [],
        "可持续影响指标": [("设施设计使用年限", "≥100(年)")],
    },
    "满意度指标": {"服务对象满意度指标": [("沿线居民满意度", "≥90.00(%)")]},
}
BRIDGE = "兰溪路-真南路下立交工程（含配套道路及排水设施改造）"
# 项目资金总额, 财政资金, 其他资金, 年度资金申请总额, 当年财政拨款, 上年结转资金, 其他资金
BRIDGE_FUNDS = (
    "36,000,000.00",
    "36,000,000.00",
    "0.00",
    "12,050,000.00",
    "12,050,000.00",
    "",
    "",
)


def shanghai(
    *,
    name: str = BRIDGE,
    funds: Sequence[str] = BRIDGE_FUNDS,
    tree: Tree = SHANGHAI_TREE,
    widths: Sequence[float] = (46, 118, 108, 150, 101),
) -> Form:
    """财政项目支出绩效目标申报表 (Shanghai), 元: labels in a narrow first column that wrap
    (计划开始 / 日期), a long name and unit that wrap, 0.00 beside blank cells."""
    p_total, p_fiscal, p_other, a_total, a_fiscal, a_carried, a_other = funds
    rows = [
        ["项目名称", name, "", "项目类别", "特定目标类"],
        [
            "主管部门",
            "上海市普陀区建设和管理委员会",
            "",
            "实施单位",
            "上海市普陀区市政工程建设和养护管理中心",
        ],
        ["计划开始日期", "2024-01-01", "", "计划完成日期", "2024-12-31"],
        ["项目资金 (元)", "项目资金总额", p_total, "年度资金申请总额", a_total],
        ["", "其中：财政资金", p_fiscal, "其中：当年财政拨款", a_fiscal],
        ["", "", "", "上年结转资金", a_carried],
        ["", "其他资金", p_other, "其他资金", a_other],
        ["项目绩效目标", "项目总目标 (2024年-2026年)", "", "年度总目标", ""],
        [
            "",
            "建成兰溪路-真南路下立交，全长985米，缓解真南路沿线交通拥堵，提升区域路网通行能力。",
            "",
            "1. 完成主体结构施工；2. 完成附属工程；3. 年底前具备通车条件。",
            "",
        ],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值"],
    ]
    spans: list[Span] = [
        (0, 1, 0, 2),
        (1, 1, 1, 2),
        (2, 1, 2, 2),
        (3, 0, 6, 0),
        (7, 0, 8, 0),
        (7, 1, 7, 2),
        (7, 3, 7, 4),
        (8, 1, 8, 2),
        (8, 3, 8, 4),
    ]
    _append_indicators(rows, spans, tree)
    return Form(title("财政项目支出绩效目标申报表", "(2024年度)"), rows, list(widths), spans)


SHANGHAI_HEADER_ROW = 9  # the indicator table's header row, repeated after a page break


def greening_with_wrong_sums() -> Form:
    """A Shanghai form as published with sums that do not add up (458,000.00 ≠ 450,000.00)."""
    return shanghai(
        name="街心花园绿化养护",
        funds=("458,000.00", "450,000.00", "0.00", "458,000.00", "400,000.00", "50,000.00", ""),
        tree={
            "产出指标": {"数量指标": [("养护面积", "≥36,000平方米")]},
            "满意度指标": {"服务对象满意度指标": [("居民满意度", "≥90%")]},
        },
    )


CENTRAL_TREE: Tree = {
    "产出指标": {
        "数量指标": [("大型仪器设备开放共享机时", "≥4000小时", "20")],
        "质量指标": [("设备完好率", "≥95%", "20")],
        "时效指标": [("故障响应时间", "≤2个工作日", "10")],
    },
    "成本指标": {
        "经济成本指标": [("单台设备年度维护成本", "≤12.5万元", "10")],
        "社会成本指标": [],
    },
    "效益指标": {"社会效益指标": [("支撑国家重点研发计划等科研项目数", "≥50项", "20")]},
    "满意度指标": {"服务对象满意度指标": [("仪器使用用户满意度", "≥90%", "10")]},
}


def central(
    name: str = "大型科研仪器设备运行维护",
    funds: Sequence[str] = ("1,234.5678", "1,000.123456", "234.444344", ""),
) -> Form:
    """项目绩效目标表 of a central unit: 主管部门及代码 [173]中国科学院, 万元, 执行率分值（10）,
    分值权重（90）, only 年度总体目标."""
    total, fiscal, carried, other = funds
    rows = [
        ["项目名称", name, "", "", "", ""],
        ["主管部门及代码", "[173]中国科学院", "", "实施单位", "中国科学院上海高等研究院", ""],
        ["项目资金（万元）", "", "年度资金总额", total, "执行率分值（10）", ""],
        ["", "", "其中：财政拨款", fiscal, "", ""],
        ["", "", "上年结转资金", carried, "", ""],
        ["", "", "其他资金", other, "", ""],
        [
            "年度总体目标",
            "保障大型仪器设备稳定运行，面向院内外开放共享机时不少于4000小时，支撑科研项目50项以上。",
            "",
            "",
            "",
            "",
        ],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "分值权重（90）"],
    ]
    spans: list[Span] = [
        (0, 1, 0, 5),
        (1, 1, 1, 2),
        (1, 4, 1, 5),
        (2, 0, 5, 1),
        (2, 4, 5, 5),
        (6, 1, 6, 5),
    ]
    _append_indicators(rows, spans, CENTRAL_TREE)
    return Form(title("项目绩效目标表", "（2023年度）"), rows, [62, 70, 90, 150, 80, 71], spans)


def provincial() -> Form:
    """项目支出绩效目标表 (Wuhan 2020): 主管部门及编码 [015001]…, 项目属性, 项目期, the unit
    inside the amounts (10000万元), 中期目标 / 年度目标, long and annual indicators side by side
    (7 columns), the title an appendix heading (附表：…)."""
    rows = [
        ["项目名称", "青山区中小学校舍维修改造项目", "", "", "", "", "", ""],
        [
            "主管部门及编码",
            "[015001]武汉市青山区教育局",
            "",
            "",
            "实施单位",
            "武汉市青山区教育局",
            "",
            "",
        ],
        ["项目属性", "基础建设、修缮类", "", "", "项目期", "202001-202012", "", ""],
        ["项目资金", "资金总额", "10000万元", "", "当年资金总额", "3,000万元", "", ""],
        ["", "其中：财政拨款", "10000万元", "", "其中：当年财政拨款", "3,000万元", "", ""],
        ["", "其他资金", "", "", "当年其他资金", "", "", ""],
        ["总体目标", "中期目标", "", "", "年度目标", "", "", ""],
        [
            "",
            "通过三年维修改造，全区中小学校舍安全隐患全部消除，办学条件明显改善。",
            "",
            "",
            "1. 完成8000平方米校舍维修；2. 完成6所学校改造。",
            "",
            "",
            "",
        ],
        [
            "绩效指标",
            "一级指标",
            "二级指标(长期)",
            "三级指标(长期)",
            "指标值(长期)",
            "二级指标(年度)",
            "三级指标(年度)",
            "指标值(年度)",
        ],
        [
            "",
            "产出指标",
            "数量指标",
            "维修校舍面积",
            "≥20000平方米",
            "数量指标",
            "当年维修校舍面积",
            "≥8000平方米",
        ],
        ["", "", "", "改造学校数", "≥18所", "", "改造学校数", "≥6所"],
        ["", "", "质量指标", "验收合格率", "100%", "质量指标", "验收合格率", "100%"],
        [
            "",
            "效益指标",
            "社会效益指标",
            "校舍安全隐患消除率",
            "100%",
            "社会效益指标",
            "当年隐患消除率",
            "≥30%",
        ],
        [
            "",
            "满意度指标",
            "服务对象满意度指标",
            "师生满意度",
            "≥90%",
            "服务对象满意度指标",
            "师生满意度",
            "≥90%",
        ],
    ]
    spans: list[Span] = [
        (0, 1, 0, 7),
        (1, 1, 1, 3),
        (1, 5, 1, 7),
        (2, 1, 2, 3),
        (2, 5, 2, 7),
        (3, 0, 5, 0),
        *((r, 2, r, 3) for r in (3, 4, 5)),
        *((r, 5, r, 7) for r in (3, 4, 5)),
        (6, 0, 7, 0),
        (6, 1, 6, 3),
        (6, 4, 6, 7),
        (7, 1, 7, 3),
        (7, 4, 7, 7),
        (8, 0, 13, 0),
        (9, 1, 11, 1),
        (9, 2, 10, 2),
        (9, 5, 10, 5),
    ]
    above = title("附表：武汉市青山区教育局2020年项目支出绩效目标表")
    return Form(above, rows, [50, 56, 62, 70, 60, 62, 70, 93], spans)


def budget_system() -> Form:
    """The budget-system layout (预算管理一体化): 指标性质 | 指标值 | 度量单位 | 权重 |
    评(扣)分标准, amounts in 万元 without thousands separators, the year in the title."""
    rows = [
        ["项目名称", "老旧小区综合改造", "", "项目类别", "特定目标类", "", "", ""],
        ["主管部门", "某市住房和城乡建设局", "", "实施单位", "某市城市更新中心", "", "", ""],
        ["计划开始日期", "2025-01-01", "", "计划完成日期", "2025-12-31", "", "", ""],
        ["项目资金（万元）", "项目资金总额", "12345.678901", "年度资金申请总额", "5000"],
        ["", "其中：财政资金", "12345.678901", "其中：当年财政拨款", "4000"],
        ["", "", "", "上年结转资金", "1000"],
        ["", "其他资金", "0.00", "其他资金", ""],
        ["项目总目标（2024年-2026年）", "", "", "年度总目标"],
        ["改造老旧小区50个，惠及居民2万户。", "", "", "改造老旧小区20个，加装电梯1200部。"],
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
            "权重",
            "评(扣)分标准",
        ],
        ["产出指标", "数量指标", "改造小区数量", "≥", "20", "个", "20", "每少一个扣1分"],
        ["", "", "加装电梯数量", "≥", "1,200", "部", "20", "按完成比例扣分"],
        ["", "质量指标", "竣工验收合格率", "=", "100", "%", "10", ""],
        ["成本指标", "经济成本指标", "户均改造成本", "≤", "5.5", "万元/户", "10", ""],
        ["效益指标", "社会效益指标", "居住条件改善情况", "定性", "明显改善", "", "20", ""],
        ["满意度指标", "服务对象满意度指标", "居民满意度", "≥", "90", "%", "20", ""],
    ]
    spans: list[Span] = [
        (0, 1, 0, 2),
        (0, 4, 0, 7),
        (1, 1, 1, 2),
        (1, 4, 1, 7),
        (2, 1, 2, 2),
        (2, 4, 2, 7),
        (3, 0, 6, 0),
        *((r, 4, r, 7) for r in (3, 4, 5, 6)),
        (7, 0, 7, 2),
        (7, 3, 7, 7),
        (8, 0, 8, 2),
        (8, 3, 8, 7),
        (10, 0, 12, 0),
        (10, 1, 11, 1),
    ]
    return Form(
        title("2025年度项目支出绩效目标申报表"), rows, [56, 70, 90, 44, 60, 56, 40, 107], spans
    )


SICHUAN_PROJECTS = [
    (
        "马踏镇人民政府",
        "村级组织运转经费",
        "1,234,567.89",
        "保障全镇12个村级组织正常运转，落实村干部报酬待遇。",
        [
            ("产出指标", "数量指标", "保障村数", "≥", "12", "个", "30", "正向"),
            ("产出指标", "质量指标", "资金拨付准确率", "=", "100", "%", "20", "正向"),
            ("效益指标", "社会效益指标", "村级组织正常运转", "定性", "正常", "", "30", ""),
            ("满意度指标", "服务对象满意度指标", "村民满意度", "≥", "90", "%", "20", "正向"),
        ],
    ),
    (
        "马踏镇人民政府",
        "场镇环境卫生整治",
        "7,593,052.64",
        "场镇环境干净整洁，生活垃圾清运及时，无积存垃圾。",
        [
            ("产出指标", "数量指标", "清扫保洁面积", "≥", "50,000", "平方米", "40", "正向"),
            ("产出指标", "时效指标", "垃圾清运及时率", "≥", "95", "%", "20", "正向"),
            ("满意度指标", "服务对象满意度指标", "居民满意度", "≥", "85", "%", "40", "正向"),
        ],
    ),
]


def sichuan_department() -> Form:
    """One table for a whole department (Sichuan 2023): 金额单位：元 above the table, a
    subtotal row for the unit, each project's cells merged down over its indicator rows."""
    header = [
        "单位名称",
        "项目名称",
        "预算数",
        "年度目标",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "权重",
        "指标方向性",
    ]
    rows = [header, ["820-马踏镇部门", "", "8,827,620.53"]]
    spans: list[Span] = [(1, 0, 1, 1)]
    for unit, name, amount, goal, indicators in SICHUAN_PROJECTS:
        top = len(rows)
        for i, indicator in enumerate(indicators):
            project = [unit, name, amount, goal] if i == 0 else ["", "", "", ""]
            rows.append([*project, *indicator])
        spans += [(top, c, len(rows) - 1, c) for c in range(4)]
    above = [("2023年部门预算项目绩效目标申报表", TITLE), ("金额单位：元", NOTE)]
    return Form(above, rows, [56, 64, 62, 100, 46, 56, 72, 36, 44, 40, 30, 40], spans)


# ------------------------------------------------------------------ self-evaluations


def evaluation_national() -> Form:
    """项目支出绩效自评表 (财预〔2020〕10号): 万元, 分值 | 执行率 | 得分, 预期目标 | 实际完成情况,
    weights in the first-level cells (产出指标（50分）), a wrapped reason."""
    rows = [
        ["项目名称", "一期场馆运营经费项目"],
        ["主管部门", "上海市宝山区总工会", "", "", "实施单位", "上海市宝山区工人文化活动中心"],
        [*NATIONAL_FUNDING_HEADER],
        ["", "年度资金总额", "75.00", "80.00", "76.00", "10", "95.00%", "9.5"],
        ["", "其中：当年财政拨款", "75.00", "80.00", "76.00", "", "95.00%", ""],
        ["", "上年结转资金", "", "", "", "", "", ""],
        ["", "其他资金", "0.00", "0.00", "0.00", "", "", ""],
        ["年度总体目标", "预期目标", "", "", "实际完成情况"],
        [
            "",
            "依托中心场馆和培训场地，向职工提供丰富的文化服务。",
            "",
            "",
            "全年开展培训96场次，场馆开放率100%。",
        ],
        [*NATIONAL_INDICATOR_HEADER],
        [
            "",
            "产出指标（50分）",
            "数量指标",
            "组织公益乐学培训次数",
            ">=100场次",
            "96场次",
            "15",
            "14.4",
            "受场馆维修影响，部分培训取消。",
        ],
        ["", "", "", "运动场馆开放率", "=100%", "100%", "15", "15"],
        ["", "", "质量指标", "各类活动参与率", ">=90%", "92%", "10", "10"],
        [
            "",
            "",
            "时效指标",
            "保障采购完成及时性",
            "按计划时间内完成",
            "达成预期指标",
            "10",
            "10",
        ],
        [
            "",
            "效益指标（30分）",
            "社会效益指标",
            "丰富职工业余文化生活",
            "丰富",
            "达成预期指标",
            "30",
            "30",
        ],
        [
            "",
            "满意度指标（10分）",
            "服务对象满意度指标",
            "参与人员满意度",
            ">=85%",
            "88%",
            "10",
            "10",
        ],
    ]
    spans: list[Span] = [
        (0, 1, 0, 8),
        (1, 1, 1, 3),
        (1, 5, 1, 8),
        (2, 0, 6, 0),
        (7, 0, 8, 0),
        (7, 1, 7, 3),
        (7, 4, 7, 8),
        (8, 1, 8, 3),
        (8, 4, 8, 8),
        (9, 0, 15, 0),
        (10, 1, 13, 1),
        (10, 2, 11, 2),
    ]
    return Form(
        title("项目支出绩效自评表", "（ 2024 年度 ）"),
        rows,
        [44, 62, 56, 78, 58, 56, 34, 34, 101],
        spans,
    )


def evaluation_budget_system() -> Form:
    """The budget-system 自评表: 调整后预算数 | 预算执行数 | 权重, 财政资金 / 财政专户管理资金 /
    单位资金, 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析."""
    rows = [
        ["项目名称", "农村公路日常养护"],
        ["主管部门", "某县交通运输局", "", "", "", "实施单位", "某县公路养护中心"],
        [
            "资金情况（万元）",
            "",
            "年初预算数",
            "调整后预算数",
            "预算执行数",
            "权重",
            "执行率",
            "得分",
        ],
        ["", "年度资金总额", "1,200.00", "1,180.50", "1,100.25", "10", "93.2%", "9.32"],
        ["", "财政资金", "1,200.00", "1,180.50", "1,100.25"],
        ["", "财政专户管理资金"],
        ["", "单位资金", "0", "0", "0"],
        ["年度总体目标", "预期目标", "", "", "", "实际完成情况"],
        [
            "",
            "完成农村公路日常养护500公里，路况优良率不低于85%。",
            "",
            "",
            "",
            "完成养护480公里，路况优良率88%。",
        ],
        [
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
            "完成值",
            "权重",
            "得分",
            "未完成原因分析",
        ],
        [
            "",
            "产出指标",
            "数量指标",
            "养护里程",
            "≥",
            "500",
            "公里",
            "480",
            "20",
            "19.2",
            "部分路段因资金不足推迟养护",
        ],
        ["", "", "质量指标", "路况优良率", "≥", "85", "%", "88", "20", "20"],
        ["", "", "时效指标", "完成时间", "定性", "按时完成", "", "按时完成", "10", "10"],
        [
            "",
            "成本指标",
            "经济成本指标",
            "每公里养护成本",
            "≤",
            "2.4",
            "万元/公里",
            "2.29",
            "10",
            "10",
        ],
        ["", "效益指标", "社会效益指标", "群众出行便利度", "定性", "提升", "", "提升", "20", "20"],
        [
            "",
            "满意度指标",
            "服务对象满意度指标",
            "沿线群众满意度",
            "≥",
            "90",
            "%",
            "93",
            "10",
            "10",
        ],
    ]
    spans: list[Span] = [
        (0, 1, 0, 10),
        (1, 1, 1, 4),
        (1, 6, 1, 10),
        (2, 0, 6, 0),
        (7, 0, 8, 0),
        (7, 1, 7, 4),
        (7, 5, 7, 10),
        (8, 1, 8, 4),
        (8, 5, 8, 10),
        (9, 0, 15, 0),
        (10, 1, 12, 1),
    ]
    return Form(
        title("项目支出绩效自评表", "（2024年度）"),
        rows,
        [40, 48, 56, 56, 34, 46, 40, 44, 30, 34, 95],
        spans,
    )


def evaluation_sichuan() -> Form:
    """The Sichuan 衔接资金 自评表: 报表编号, 项目基本情况, 全年预算数(A) | 全年执行数(B) | 分值 |
    执行率(B/A) | 得分, 年初设定目标, indicators with 分值 before the target, 总分 / 自评得分 /
    自评等级 on one row, 评价结论 … 项目负责人 / 财务负责人."""
    rows = [
        ["报表编号", "SC-2023-001"],
        ["项目名称", "某村产业路建设项目"],
        ["主管部门", "某县乡村振兴局", "", "", "实施单位", "某镇人民政府"],
        ["项目基本情况", "新建产业路3公里，惠及农户200户，总投资300万元。"],
        ["项目资金（万元）", "", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"],
        ["", "年度资金总额", "300", "299.99", "10", "100%", "10"],
        ["", "其中：财政资金", "300", "299.99", "", "100.00%", ""],
        ["年度总体目标", "年初设定目标", "", "", "年度总体目标完成情况综述"],
        ["", "新建产业路3公里", "", "", "已完成新建产业路3公里"],
        [
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "分值",
            "年度指标值",
            "全年实际值",
            "得分",
            "未完成原因及拟采取的改进措施",
        ],
        ["", "产出指标", "数量指标", "新建道路长度", "20", "≥3公里", "3公里", "20"],
        ["", "", "质量指标", "验收合格率", "20", "100%", "100%", "20"],
        ["", "", "时效指标", "完工时间", "10", "2023年10月31日前", "2023年10月20日", "10"],
        ["", "效益指标", "经济效益指标", "带动农户增收", "15", "≥500元/户", "600元/户", "15"],
        ["", "", "社会效益指标", "受益农户数", "15", "≥200户", "210户", "15"],
        ["", "满意度指标", "服务对象满意度指标", "受益群众满意度", "10", "≥90%", "95%", "10"],
        ["总分", "", "", "", "100", "自评得分", "100", "自评等级", "优"],
        ["评价结论", "项目按期完成。"],
        ["存在问题", "无"],
        ["改进措施", "加强后期管护。"],
        ["项目负责人", "张三", "", "", "财务负责人", "李四"],
    ]
    spans: list[Span] = [
        (0, 1, 0, 8),
        (1, 1, 1, 8),
        (2, 1, 2, 3),
        (2, 5, 2, 8),
        (3, 1, 3, 8),
        (4, 0, 6, 0),
        (7, 0, 8, 0),
        (7, 1, 7, 3),
        (7, 4, 7, 8),
        (8, 1, 8, 3),
        (8, 4, 8, 8),
        (9, 0, 15, 0),
        (10, 1, 12, 1),
        (13, 1, 14, 1),
        (16, 0, 16, 3),
        (17, 1, 17, 8),
        (18, 1, 18, 8),
        (19, 1, 19, 8),
        (20, 1, 20, 3),
        (20, 5, 20, 8),
    ]
    return Form(
        title("2023年度衔接资金项目绩效自评表"),
        rows,
        [52, 52, 56, 60, 40, 62, 60, 40, 101],
        spans,
    )


# ------------------------------------------------------------------ documents


@dataclass
class Published:
    """A PDF and its text twin (the same forms as a tab-separated text export)."""

    pdf: Path
    twin: Path


def _publish(
    directory: Path, name: str, story: list[Flowable], forms: Sequence[Form], **options: Any
) -> Published:
    pdf = build(directory / f"{name}.pdf", story, **options)
    twin = directory / f"{name}.txt"
    twin.write_text("\n".join(form.text() for form in forms), encoding="utf-8")
    return Published(pdf, twin)


def _budget_table(heading: str, rows: list[list[str]]) -> list[Flowable]:
    """A budget table of another kind (部门收支总表), on its own page."""
    table = Table(
        rows,
        colWidths=[220, 130, 130],
        style=TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONT", (0, 0), (-1, -1), FONT, 9)]
        ),
    )
    return [Paragraph(heading, TITLE), Paragraph("单位：元", NOTE), table, PageBreak()]


def department_budget(directory: Path, rules: str = "grid") -> Published:
    """A department budget (部门预算) of 8 pages: a cover, two budget tables of other kinds, then
    the declarations one after another, each new form where the last one ended (mid-page):
    a form with sums that do not add up and the central form below it on page 4; the Shanghai
    form cut after 14 indicators, 续表 and the header row repeated on page 6; the provincial and
    the budget-system forms on page 7, the latter cut by the page end without a mark. The
    forms' tables are ruled as `rules` says (`Form.rules`)."""
    bridge = shanghai()
    forms = [greening_with_wrong_sums(), central(), bridge, provincial(), budget_system()]
    for form in forms:
        form.rules = rules
    story: list[Flowable] = [Paragraph(HEADER, TITLE), PageBreak()]
    story += _budget_table(
        "2024年部门收支总表",
        [
            ["项目", "本年收入", "本年支出"],
            ["一般公共预算拨款", "21,645,800.00", "21,645,800.00"],
            ["政府性基金", "", "0.00"],
        ],
    )
    story += _budget_table(
        "2024年项目支出预算表",
        [
            ["项目", "金额", "备注"],
            ["兰溪路-真南路下立交工程", "12,050,000.00", ""],
            ["老旧小区综合改造", "50,000,000", ""],
        ],
    )
    story += [*forms[0].flowables(), Spacer(1, 18), *forms[1].flowables(), PageBreak()]
    story += bridge.flowables([24], header_row=SHANGHAI_HEADER_ROW, continued="续表")
    story += [PageBreak(), *forms[3].flowables(), Spacer(1, 20), *forms[4].flowables()]
    return _publish(directory, "部门预算", story, forms)


def department_table(directory: Path, rules: str = "grid") -> Published:
    """The Sichuan department table on landscape pages, the unit's second project moved to
    the next page with the header row repeated and no 续表; ruled as `rules` says."""
    form = sichuan_department()
    form.rules = rules
    story = form.flowables([6], header_row=0)
    return _publish(directory, "部门项目绩效目标表", story, [form], landscaped=True, header=None)


def final_accounts(directory: Path) -> Published:
    """A final accounts (部门决算) appendix: the three 自评表 layouts, one a page, after a
    budget table; page numbers written - N -."""
    forms = [evaluation_national(), evaluation_budget_system(), evaluation_sichuan()]
    story: list[Flowable] = _budget_table(
        "2024年部门决算收支总表",
        [["项目", "决算数", "备注"], ["一般公共预算财政拨款收入", "3,605,000.00", ""]],
    )
    for i, form in enumerate(forms):
        if i:
            story.append(PageBreak())
        story += form.flowables()
    return _publish(
        directory, "部门决算", story, forms, header="某县2024年部门决算", footer="- {n} -"
    )


NARROW_TREE: Tree = {
    "产出指标": {
        "数量指标": [
            ("维护地下电缆及配套架空线路的总长度", "≥1,234.56公里"),
            ("ISO 9001 quality audits", "≥95%"),
        ],
        "质量指标": [("路灯亮灯率", "≥98.00%"), ("单灯年度维护成本", "≤2,350.00(元/盏)")],
        "时效指标": [("故障修复时间", "2024年12月31日前")],
    },
    "效益指标": {"社会效益指标": [("夜间出行安全保障", "有效保障")]},
    "满意度指标": {"服务对象满意度指标": [("市民满意度", "≥90%")]},
}


def narrow_columns(directory: Path) -> Published:
    """The Shanghai form with narrow amount and target columns: amounts, dates and targets
    wrap inside numbers and before units (12,345,678. / 90, ≥98.00 / %, 2024- / 12-31)."""
    form = shanghai(
        name="城市道路照明设施维护",
        funds=(
            "12,345,678.90",
            "12,345,678.90",
            "0.00",
            "1,234,567.89",
            "1,000,000.00",
            "234,567.89",
            "0.00",
        ),
        tree=NARROW_TREE,
        widths=(40, 150, 52, 200, 40),
    )
    return _publish(directory, "窄列", form.flowables(), [form], header=None)


def forms_at_page_foot(directory: Path) -> Published:
    """Two forms that start near the foot of a page, under a page of prose: the central form's
    title left alone at the foot of page 1, its table on page 2; the 自评表's title and first
    two rows at the foot of page 3, the rest on page 4."""
    forms = [central(), evaluation_national()]
    story: list[Flowable] = [Paragraph("编制说明", TITLE), Spacer(1, 640), *forms[0].flowables()]
    story += [PageBreak(), Paragraph("编制说明", TITLE), Spacer(1, 500), *forms[1].flowables()]
    return _publish(directory, "页脚标题", story, forms)


def ruled_across(directory: Path) -> Published:
    """Forms ruled only across, under each row (no vertical line, no merged cell): pdfplumber
    finds no table, the cells are read by alignment, each cell's text centred between its
    row's rules, a wrapped cell taller than its neighbours."""
    forms = [central(), evaluation_budget_system()]
    story: list[Flowable] = []
    for form in forms:
        form.rules = "rows"
        story += [*form.flowables(), PageBreak()]
    return _publish(directory, "横线表", story[:-1], forms)


def continued_under(directory: Path, mark: str) -> Path:
    """The Shanghai form cut after 14 indicators, `mark` printed over the rest (no header)."""
    form = shanghai()
    return build(directory / "续页.pdf", form.flowables([24], continued=mark), header=None)


MERGED_TREE: Tree = {
    "产出指标": {
        "数量指标": [("改造雨水管道长度", "≥1,200米"), ("新建检查井数量", "≥36座")],
        "质量指标": [("工程验收合格率", "=100.00(%)")],
        "时效指标": [("完工时间", "2024年11月30日前")],
    },
    "效益指标": {
        "社会效益指标": [("汛期道路积水点减少", "≥5个"), ("受益居民户数", "≥2,000户")],
        "可持续影响指标": [("管网设计使用年限", "≥50(年)")],
    },
    "满意度指标": {"服务对象满意度指标": [("沿线居民满意度", "≥90.00(%)")]},
}


def ruled_across_merged(directory: Path) -> Published:
    """Forms ruled only across whose label cells are merged down over their rows, as budget
    systems print them: no rule crosses a merged cell, and its text stands centred in the span
    (产出指标 in the middle of its four indicators, 项目资金 (元) wrapped over two lines across
    the rule of the column beside it)."""
    forms = [shanghai(name="真南路雨水管道改造", tree=MERGED_TREE), budget_system()]
    story: list[Flowable] = []
    for form in forms:
        form.rules = "rows-merged"
        story += [*form.flowables(), PageBreak()]
    return _publish(directory, "横线合并表", story[:-1], forms)


UNRULED_TREE: Tree = {
    "产出指标": {
        "数量指标": [
            ("改造雨水管道长度", "≥1,200米"),
            ("新建检查井数量（含更换破损井盖及配套雨水口）", "≥36座"),
        ],
        "质量指标": [("工程验收合格率", "=100.00(%)")],
        "时效指标": [("完工时间", "2024年11月30日前")],
        "成本指标": [],
    },
    "效益指标": {
        "经济效益指标": [],
        "社会效益指标": [("汛期道路积水点减少", "≥5个"), ("受益居民户数", "≥2,000户")],
        "可持续影响指标": [("管网设计使用年限", "≥50(年)")],
    },
    "满意度指标": {"服务对象满意度指标": [("沿线居民满意度", "≥90.00(%)")]},
}
UNRULED_NAME = "真南路（桃浦路至沪嘉高速段）雨水管道改造及道路积水点整治工程"


def unruled_budget_system() -> Form:
    """The budget-system form with a project name and an indicator name long enough to wrap."""
    form = budget_system()
    form.rows[0][1] = "老旧小区综合改造（含加装电梯、雨污分流及海绵化改造）"
    row = next(row for row in form.rows if row[2] == "加装电梯数量")
    row[2] = "既有多层住宅加装电梯完成数量"
    return form


def unruled(
    directory: Path,
    rules: str = "none",
    valign: Sequence[tuple[int, str]] = ((0, "MIDDLE"),),
    *,
    centred: bool = False,
) -> Published:
    """Forms printed without rules (`none`), in an outer box only (`box`) or with rules
    between the columns only (`columns`), as some budget systems and Word documents with
    their borders turned off print them: every cell's text
    centred vertically in its cell, a merged cell's in its span (or as `valign` says), and
    left-aligned (or `centred` across the cell). The Shanghai form's project name and an
    indicator name wrap; so do the budget-system form's."""
    forms = [shanghai(name=UNRULED_NAME, tree=UNRULED_TREE), unruled_budget_system()]
    story: list[Flowable] = []
    for form in forms:
        form.rules = rules
        form.valign = valign
        form.centred = centred
        story += [*form.flowables(), PageBreak()]
    return _publish(directory, "无线表", story[:-1], forms)


def unruled_departments(directory: Path) -> tuple[Published, Published]:
    """The department budget and the department table printed without rules: unruled tables
    that go on over the next page, cut by the page end, under 续表 or with the header row
    printed again, two forms on one page, landscape pages."""
    return department_budget(directory, "none"), department_table(directory, "none")


def short_unruled(directory: Path, valign: Sequence[tuple[int, str]]) -> Published:
    """A form without rules and without a wrapped cell, so that no cell shows how text
    stands in it; its category labels merged over their rows (`valign`: as in `Form`)."""
    form = shanghai(
        name="雨水管道改造",
        tree={
            "产出指标": {
                "数量指标": [("管道长度", "≥1,200米"), ("检查井", "≥36座"), ("雨水口", "≥80个")],
                "质量指标": [("合格率", "=100%")],
            },
            "满意度指标": {"服务对象满意度指标": [("满意度", "≥90%")]},
        },
        widths=(70, 120, 100, 150, 90),
    )
    form.rows[1][1:] = ["某区建设管理委员会", "", "实施单位", "某区市政养护中心"]
    form.rows[7][1] = "项目总目标(2024年-2024年)"
    form.rows[8][1:] = ["完成管道改造", "", "完成年度任务", ""]
    form.rules = "none"
    form.valign = valign
    return _publish(directory, "无线短表", form.flowables(), [form], header=None)


def without_outer_box(directory: Path) -> Published:
    """The 部门决算's three 自评表 with every rule inside the table and none around it (a Word
    table with its outside borders turned off): rows merged across the table (项目名称, 评价
    结论) cut the inner rules into pieces."""
    forms = [evaluation_national(), evaluation_budget_system(), evaluation_sichuan()]
    story: list[Flowable] = []
    for form in forms:
        form.rules = "inner"
        story += [*form.flowables(), PageBreak()]
    return _publish(directory, "无外框", story[:-1], forms, header="某县2024年部门决算")


def vertical_labels(directory: Path) -> Published:
    """The first-level labels printed vertically in their merged cells: turned to read
    upwards in a ruled table and in one ruled across, stacked one character a line in a
    table without rules (centred) and in one ruled across."""
    forms = []
    for road, rules, how in (
        ("真南路", "grid", "turned"),
        ("桃浦路", "rows-merged", "turned"),
        ("沪嘉路", "none", "stacked"),
    ):
        form = shanghai(name=f"{road}雨水管道改造", tree=MERGED_TREE)
        form.rules = rules
        form.vertical = dict.fromkeys(MERGED_TREE, how)
        forms.append(form)
    form = unruled_budget_system()
    form.rules = "rows-merged"
    form.vertical = dict.fromkeys(("产出指标", "绩效指标"), "stacked")
    forms.append(form)
    story: list[Flowable] = []
    for form in forms:
        story += [*form.flowables(), PageBreak()]
    return _publish(directory, "竖排", story[:-1], forms)


def unruled_continued(directory: Path, valign: Sequence[tuple[int, str]]) -> Published:
    """The unruled Shanghai form cut after its first indicator, the rest on the next page
    (a cell of the 效益指标 rows wraps too); its text standing as `valign` says."""
    tree = {
        **UNRULED_TREE,
        "效益指标": {
            "社会效益指标": [("受益居民户数（含沿线商户及学校、医院等公共机构）", "≥2,000户")],
        },
    }
    form = shanghai(name=UNRULED_NAME, tree=tree)
    form.rules = "none"
    form.valign = valign
    return _publish(directory, "无线续页", form.flowables([11]), [form], header=None)
