"""Builders for the PDF import tests: department-budget PDFs drawn with reportlab.

A budget PDF is a sequence of pages as departments publish them: a cover, an explanatory page,
budget tables, a scanned appendix, and per project a 项目经费情况说明 and its form. A form starts
from the same declaration data and grid as the other import fixtures (`import_fixtures`) and is
drawn as a table, ruled (every cell's border, merged cells merged) or unruled (the same layout
without a line). Text wraps inside its cell character by character as the exports do
("…下立交工" / "程"), the first column is narrow so that its labels stand two characters a line
("项目" / "名称"), and a form longer than the page goes on over the next page, its table
continued without a title. Every page but the cover has a running header and a page number.

The font is reportlab's built-in CID font STSong-Light: no font file is needed, and pdfplumber
reads its text back (the characters map to Unicode through the Adobe-GB1 CMap).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from tests.support import import_fixtures as fx

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

PAGE_WIDTH, PAGE_HEIGHT = A4
TOP = 72.0  # the table's top margin; the running header stands above it
BOTTOM = 72.0
ASCENT = 0.75  # the baseline below a character's top, in font sizes (pdfplumber's `top`)
HEADER = "上海市东海区建设和管理委员会 2026 年部门预算"
DEPARTMENT = "上海市东海区建设和管理委员会"

Data = dict[str, Any]


def width_of(text: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, FONT, size))


def wrap(text: str, width: float, size: float) -> list[str]:
    """Character by character, as the exports wrap CJK text: a line breaks anywhere. A "\n" in
    the text is a break of its own (a wrap placed by a test, or a paragraph)."""
    if "\n" in text:
        return [line for part in text.split("\n") for line in wrap(part, width, size)]
    lines: list[str] = []
    line = ""
    for char in text:
        if line and width_of(line + char, size) > width:
            lines.append(line)
            line = char
        else:
            line += char
    return [*lines, line] if line else lines


@dataclass
class FormStyle:
    ruled: bool = True
    widths: tuple[float, ...] = (32, 88, 88, 92, 60, 110)
    size: float = 9.0
    leading: float = 11.5
    padding: float = 3.5
    middle: bool = True  # ruled cells centred vertically, as the exports print them
    break_before: str | None = None  # start a new page at the row holding this text

    @property
    def left(self) -> float:
        return (PAGE_WIDTH - sum(self.widths)) / 2


@dataclass
class _Box:
    r1: int
    c1: int
    r2: int
    c2: int
    lines: list[str]


def _boxes(grid: fx.Grid, style: FormStyle) -> list[_Box]:
    """Each cell of the grid once, merged ranges as one box, its text wrapped to its width."""
    covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for r1, c1, r2, c2 in grid.merges:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                covered[(r, c)] = (r1, c1, r2, c2)
    boxes = []
    for r, row in enumerate(grid.rows):
        for c in range(len(style.widths)):
            r1, c1, r2, c2 = covered.get((r, c), (r, c, r, c))
            if (r1, c1) != (r, c):
                continue
            text = row[c] if c < len(row) else ""
            width = sum(style.widths[c1 : c2 + 1]) - 2 * style.padding
            boxes.append(_Box(r1, c1, r2, c2, wrap(text, width, style.size) if text else []))
    return boxes


def _need(box: _Box, style: FormStyle) -> float:
    return max(1, len(box.lines)) * style.leading + 2 * style.padding


class BudgetPdf:
    """A PDF drawn page by page; `number` is the page being drawn (1-based)."""

    def __init__(self, path: Path, *, header: str | None = HEADER) -> None:
        self.path = path
        self.canvas = Canvas(str(path), pagesize=A4, invariant=1)
        self.header = header
        self.number = 0
        self.open = False

    # -- pages

    def begin(self, *, decorated: bool = True) -> Canvas:
        if self.open:
            self.end()
        self.number += 1
        self.open = True
        if decorated and self.header:
            self.text(self.header, PAGE_WIDTH / 2, 40, 8, centre=True)
        if decorated:
            self.text(f"- {self.number} -", PAGE_WIDTH / 2, PAGE_HEIGHT - 36, 8, centre=True)
        return self.canvas

    def end(self) -> None:
        self.canvas.showPage()
        self.open = False

    def save(self) -> Path:
        if self.open:
            self.end()
        self.canvas.save()
        return self.path

    def text(self, text: str, x: float, top: float, size: float, *, centre: bool = False) -> None:
        """`text` with its characters' top at `top` (measured from the top of the page)."""
        self.canvas.setFont(FONT, size)
        if centre:
            x -= width_of(text, size) / 2
        self.canvas.drawString(x, PAGE_HEIGHT - top - ASCENT * size, text)

    def paragraphs(self, title: str, paragraphs: Sequence[str], *, size: float = 10.5) -> int:
        """A page of prose: a centred title, then paragraphs wrapped to the page's width."""
        self.begin()
        self.text(title, PAGE_WIDTH / 2, TOP, 15, centre=True)
        top = TOP + 34
        for paragraph in paragraphs:
            for line in wrap(paragraph, PAGE_WIDTH - 2 * 80, size):
                self.text(line, 80, top, size)
                top += size * 1.6
            top += size * 0.6
        return self.number

    def cover(self, title: str) -> int:
        self.begin(decorated=False)
        self.text(title, PAGE_WIDTH / 2, 300, 22, centre=True)
        return self.number

    def scan(self) -> int:
        """A scanned page: an image and no text at all."""
        from PIL import Image
        from reportlab.lib.utils import ImageReader

        self.begin(decorated=False)
        image = Image.new("L", (60, 80), color=200)
        self.canvas.drawImage(ImageReader(image), 80, 200, width=420, height=560)
        return self.number

    def budget_table(self, title: str, rows: Sequence[Sequence[str]]) -> int:
        """A budget table (部门收支总表, 项目支出预算表): ruled, numbers, no form labels."""
        self.begin()
        self.text(title, PAGE_WIDTH / 2, TOP, 14, centre=True)
        widths = [200.0, 120.0, 120.0]
        left = (PAGE_WIDTH - sum(widths)) / 2
        top = TOP + 30
        for row in rows:
            x = left
            for width, text in zip(widths, row, strict=False):
                self.canvas.rect(x, PAGE_HEIGHT - top - 20, width, 20)
                self.text(text, x + 4, top + 5.5, 9)
                x += width
            top += 20
        return self.number

    # -- a form

    def form(
        self,
        grid: fx.Grid,
        style: FormStyle | None = None,
        *,
        title: str = fx.TITLE,
        year_line: str | None = "（2026年度）",
        above: Sequence[str] = (),
        frame: bool = False,
    ) -> tuple[int, int]:
        """The form on a new page (or more): the title above its table. Returns (first, last)
        page. `above` are lines of prose printed above the title on the same page; `frame`
        draws a border around each page, ruled off under the title: a table of two cells that
        holds the form's table."""
        style = style or FormStyle()
        boxes = _boxes(grid, style)
        heights = [style.leading + 2 * style.padding] * len(grid.rows)
        for box in boxes:
            if box.r1 == box.r2:
                heights[box.r1] = max(heights[box.r1], _need(box, style))
        for box in boxes:  # a merged box taller than its rows makes its last row taller
            if box.r1 != box.r2:
                short = _need(box, style) - sum(heights[box.r1 : box.r2 + 1])
                if short > 0:
                    heights[box.r2] += short
        # Rows to pages: a row that does not fit (or the forced break) starts the next page.
        first_top = TOP + 14 * len(above) + (22 if title else 0) + (18 if year_line else 0) + 4
        pages: list[list[tuple[int, float]]] = [[]]
        top = first_top
        forced = grid.find(style.break_before)[0] if style.break_before else None
        for r, height in enumerate(heights):
            if pages[-1] and (top + height > PAGE_HEIGHT - BOTTOM or r == forced):
                pages.append([])
                top = TOP
            pages[-1].append((r, top))
            top += height
        where = {r: (p, top) for p, rows in enumerate(pages) for r, top in rows}
        lefts = [style.left + sum(style.widths[:c]) for c in range(len(style.widths) + 1)]
        parts: dict[int, list[tuple[_Box, float, float, bool]]] = {}
        for box in boxes:
            spans: dict[int, tuple[float, float]] = {}
            for r in range(box.r1, box.r2 + 1):
                p, top = where[r]
                start, _ = spans.get(p, (top, top))
                spans[p] = (start, top + heights[r])
            # The text goes into the first part tall enough for it (a merged cell split by the
            # page break), as the exports do; the fixture refuses a break that leaves no room.
            need = _need(box, style)
            holder = next((p for p, (a, b) in spans.items() if b - a >= need - 0.01), None)
            if holder is None and box.lines:
                raise ValueError(f"no room for {box.lines} across the page break")
            for p, (a, b) in spans.items():
                parts.setdefault(p, []).append((box, a, b, p == holder))
        first = self.number + 1
        for p in range(len(pages)):
            canvas = self.begin()
            if frame:
                canvas.rect(40, 60, PAGE_WIDTH - 80, PAGE_HEIGHT - 120)
                band = PAGE_HEIGHT - first_top + 2 if p == 0 else PAGE_HEIGHT - TOP + 2
                canvas.line(40, band, PAGE_WIDTH - 40, band)
            if p == 0:
                top = TOP
                for line in above:
                    self.text(line, 80, top, 10.5)
                    top += 14
                if title:
                    self.text(title, PAGE_WIDTH / 2, top, 14, centre=True)
                    top += 22
                if year_line:
                    self.text(year_line, PAGE_WIDTH / 2, top, 10, centre=True)
            canvas.setLineWidth(0.5)
            for box, a, b, holds_text in parts.get(p, []):
                x0, x1 = lefts[box.c1], lefts[box.c2 + 1]
                if style.ruled:
                    canvas.rect(x0, PAGE_HEIGHT - b, x1 - x0, b - a)
                if not holds_text or not box.lines:
                    continue
                text_height = (len(box.lines) - 1) * style.leading + style.size
                if style.ruled and style.middle:
                    line_top = a + (b - a - text_height) / 2
                else:
                    line_top = a + style.padding
                for line in box.lines:
                    self.text(line, x0 + style.padding, line_top, style.size)
                    line_top += style.leading
        return first, self.number


def table_only(grid: fx.Grid) -> fx.Grid:
    """`import_fixtures.form_grid` without its title rows: a PDF prints the title above the
    table (`BudgetPdf.form` draws it)."""
    head = next(i for i, row in enumerate(grid.rows) if row[0] == "项目名称")
    merges = [(r1 - head, c1, r2 - head, c2) for r1, c1, r2, c2 in grid.merges if r1 >= head]
    return fx.Grid(grid.rows[head:], merges)


# ------------------------------------------------------------------ forms of the 2026 exports


def quoted(text: str) -> str:
    return f"“{text}”"


def grid_2026(data: Data, *, quote: str = "“”", level1_below: bool = True) -> fx.Grid:
    """The 2026 layout: 项目性质 beside 项目类别, 项目总体目标 and 年度总体目标 in quote marks,
    dates as 2026/1/1, the header 年度(/项目)指标值, and the first first-level label on the
    second row of its group, its first cell left empty (`level1_below`)."""
    width = 6
    rows: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []

    def add(cells: Sequence[str], *spans: tuple[int, int]) -> int:
        rows.append([*cells, *[""] * (width - len(cells))])
        r = len(rows) - 1
        merges.extend((r, c1, r, c2) for c1, c2 in spans)
        return r

    add(["项目名称", data["项目名称"], "", "实施单位", data["实施单位"]], (1, 2), (4, 5))
    add(["项目类别", data["项目类别"], "", "项目性质", data["项目性质"]], (1, 2), (4, 5))
    add(["主管部门", data["主管部门"]], (1, 5))
    add(
        [
            "计划开始日期",
            fx.slash_date(data["计划开始日期"]),
            "",
            "计划完成日期",
            fx.slash_date(data["计划完成日期"]),
        ],
        (1, 2),
        (4, 5),
    )
    pf, af = data["项目资金"], data["年度资金"]
    project = {k: v or "" for k, v in pf.items()}
    annual = {k: v or "" for k, v in af.items()}
    top = add(
        [
            f"项目资金（{data['资金单位']}）",
            "项目资金总额",
            project["项目资金总额"],
            "年度资金申请总额",
            annual["年度资金申请总额"],
        ],
        (4, 5),
    )
    add(
        ["", "其中：财政资金", project["财政资金"], "其中：当年财政拨款", annual["当年财政拨款"]],
        (4, 5),
    )
    add(["", "", "", "上年结转资金", annual["上年结转资金"]], (4, 5))
    bottom = add(["", "其他资金", project["其他资金"], "其他资金", annual["其他资金"]], (4, 5))
    merges.append((top, 0, bottom, 0))
    goal = data["项目总目标"]
    opening, closing = quote[0], quote[-1]
    top = add(
        [
            "项目绩效目标",
            f"项目总体目标（{goal['起始年度']}年-{goal['终止年度']}年）",
            "",
            "年度总体目标",
        ],
        (1, 2),
        (3, 5),
    )
    bottom = add(
        ["", f"{opening}{goal['内容']}{closing}", "", f"{opening}{data['年度总目标']}{closing}"],
        (1, 2),
        (3, 5),
    )
    merges.append((top, 0, bottom, 0))
    top = add(["绩效指标", "一级指标", "二级指标", "三级指标", "", "年度(/项目)指标值"], (3, 4))
    first_group = True
    for level1, level2s in data["绩效指标"].items():
        top1 = len(rows)
        for level2, items in level2s.items():
            top2 = len(rows)
            for item in items or [None]:
                label2 = level2 if len(rows) == top2 else ""
                name, target = (item["三级指标"], item["年度指标值"]) if item else ("", "")
                add(["", "", label2, name, "", target], (3, 4))
            if len(rows) - 1 > top2:
                merges.append((top2, 2, len(rows) - 1, 2))
        count = len(rows) - top1
        if first_group and level1_below and count >= 2:
            # The first-level cells of this group are not merged; its label stands on the
            # second row, the first row's cell left empty.
            rows[top1 + 1][1] = level1
        else:
            rows[top1][1] = level1
            if count > 1:
                merges.append((top1, 1, len(rows) - 1, 1))
        first_group = False
    merges.append((top, 0, len(rows) - 1, 0))
    return fx.Grid(rows, merges)


# ------------------------------------------------------------------ the declarations


def bridge() -> Data:
    """A multi-year (阶段性) project in the 2026 layout: a cumulative total larger than the
    year's amount, 0 for a stated zero, =100.00(%), ≥90.00(%), 985米, a name that wraps."""
    return fx.declaration(
        "兰溪路-真南路下立交工程（含配套道路及排水设施改造）",
        year=2026,
        category="特定目标类",
        nature="阶段性项目",
        department=DEPARTMENT,
        unit="上海市东海区市政工程建设和养护管理中心",
        start="2026-01-01",
        end="2026-12-31",
        project=("36,000,000.00", "36,000,000.00", "0"),
        annual=("12,050,000.00", "12,050,000.00", "0", "0"),
        period=(2024, 2026),
        goal="建成兰溪路-真南路下立交，全长985米，缓解真南路沿线交通拥堵，提升区域路网通行能力。",
        annual_goal="完成主体结构施工和附属工程，年底前具备通车条件。",
        indicators={
            "产出指标": {
                "数量指标": [("下立交建设长度", "985米"), ("配套排水管道", "≥1.20(公里)")],
                "质量指标": [("工程验收合格率", "=100.00(%)")],
                "时效指标": [("主体结构完成时间", "2026年9月30日前")],
            },
            "成本指标": {
                "经济成本指标": [("年度工程投资控制", "≤12,050,000.00(元)")],
                "社会成本指标": [],
                "生态环境成本指标": [],
            },
            "效益指标": {
                "经济效益指标": [],
                "社会效益指标": [("高峰时段通行时间缩短", "≥10.00(%)")],
                "生态效益指标": [],
                "可持续影响指标": [("设施设计使用年限", "≥100(年)")],
            },
            "满意度指标": {"社会公众或服务对象满意度指标": [("沿线居民满意度", "≥90.00(%)")]},
        },
    )


def greening() -> Data:
    """A form in 万元, drawn unruled."""
    return fx.declaration(
        "街心花园绿化养护",
        year=2026,
        category="经常性项目",
        department=DEPARTMENT,
        unit="上海市东海区绿化管理所",
        money_unit="万元",
        project=("45.80", "45.80", None),
        annual=("45.80", "45.80", None, None),
        goal="做好全区 12 处街心花园的日常养护，保持绿化完好。",
        annual_goal="1. 完成日常养护； 2. 完成补种更新。",
        indicators={
            "产出指标": {
                "数量指标": [("养护面积", "≥36,000平方米"), ("补种苗木", "≥1,200株")],
                "质量指标": [("绿化完好率", "≥95%")],
                "时效指标": [("养护及时性", "及时")],
            },
            "效益指标": {"生态效益指标": [("绿化覆盖率", "保持稳定")]},
            "满意度指标": {"服务对象满意度指标": [("周边居民满意度", "≥90%")]},
        },
    )


def lighting() -> Data:
    """A long form, ruled, whose table is continued on the next page."""
    return fx.declaration(
        "城市道路照明和景观灯光设施运行维护",
        year=2026,
        category="经常性项目",
        department=DEPARTMENT,
        unit="上海市东海区城市照明管理所（上海市东海区景观灯光管理中心）",
        project=("8,650,000.00", "8,650,000.00", None),
        annual=("8,650,000.00", "8,200,000.00", "450,000.00", None),
        goal=(
            "保障全区城市道路照明和景观灯光设施安全、稳定运行，亮灯率、完好率保持在较高水平，"
            "为市民夜间出行提供良好的照明环境，并逐步推进照明设施节能改造。"
        ),
        annual_goal=(
            "1. 完成全区道路照明设施日常维护和故障抢修； 2. 完成重大节日景观灯光保障； "
            "3. 推进节能灯具更换 600 盏以上。"
        ),
        indicators={
            "产出指标": {
                "数量指标": [
                    ("景观灯光设施维护数量", "≥3,500盏"),
                    ("年度巡查覆盖道路数", "≥420条"),
                    ("节能灯具更换数量", "≥600盏"),
                ],
                "质量指标": [
                    ("路灯亮灯率", "≥98%"),
                    ("设施完好率", "≥96%"),
                    ("夜间巡查频次", "≥2次/周"),
                ],
                "时效指标": [
                    ("故障报修处理及时率", "≥95%"),
                    ("重大节日保障完成时间", "按计划时间完成"),
                ],
                "成本指标": [("单灯年度维护成本", "≤2,350.00(元)")],
            },
            "效益指标": {
                "经济效益指标": [("节约电费", "≥30万元")],
                "社会效益指标": [("夜间出行安全保障", "有效保障"), ("城市夜景品质", "提升")],
                "生态效益指标": [("年度节能电量", "≥120万千瓦时")],
                "可持续影响指标": [("设施长效管理机制", "健全")],
            },
            "满意度指标": {"服务对象满意度指标": [("市民满意度", "≥90%")]},
        },
    )


def sidewalks() -> Data:
    """The older layout (项目性质 on its own row, ISO dates), ruled, funding in 元."""
    return fx.declaration(
        "人行道破损设施修复",
        year=2026,
        category="一次性项目",
        nature="一次性项目",
        department=DEPARTMENT,
        unit="上海市东海区市政工程建设和养护管理中心",
        start="2026-03-01",
        end="2026-10-31",
        project=("500,000.00", "500,000.00", "0.00"),
        annual=("500,000.00", "500,000.00", "0.00", "0.00"),
        indicators={
            "产出指标": {
                "数量指标": [("修复人行道面积", "≥8,000平方米")],
                "时效指标": [("修复完成时间", "2026年10月31日前")],
            },
            "效益指标": {"社会效益指标": [("行人通行安全", "提升")]},
            "满意度指标": {"服务对象满意度指标": [("市民满意度", "≥85%")]},
        },
    )


@dataclass
class PdfFixture:
    path: Path
    declarations: list[Data]  # in the order of the PDF
    form_pages: list[tuple[int, int]]  # (first, last) page of each form
    # project name → (page, amount, unit) of its 项目经费情况说明
    narratives: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    mismatched: list[str] = field(default_factory=list)  # names whose narrative disagrees
    mention_page: int | None = None
    scan_page: int | None = None
    other_pages: list[int] = field(default_factory=list)  # pages neither form nor narrative
    after_form: int | None = None  # a prose page right after a form: not taken for its sequel


def narrative_lines(name: str, sentence: str) -> list[str]:
    return [
        "一、项目概述",
        f"{name}项目，{sentence}",
        "二、项目立项依据",
        "根据区政府年度重点工作安排和相关行业管理规定，由实施单位组织实施。",
        "三、绩效目标",
        "详见后附财政项目支出绩效目标申报表。",
    ]


def budget_pdf(directory: Path) -> PdfFixture:
    """A department budget of 13 pages: cover, a page that only mentions the form's title,
    two budget tables, a scanned appendix, then four projects:

    - the bridge (2026 layout, ruled, 元): narrative before it, 1,205.00 万元 = its
      12,050,000.00 元, after a cumulative total of 3,600.00 万元 the reader must skip;
    - greening (unruled, 万元): narrative before it states 46.00 万元, the form 45.80: mismatch;
    - lighting (ruled, 元): no narrative, the form split over two pages;
    - sidewalks (older layout, ruled): its narrative stands above the title on the form's page,
      500,000.00 元;

    and a closing page of prose right after the last form.
    """
    pdf = BudgetPdf(directory / "2026年东海区建设管理委员会部门预算.pdf")
    other = [pdf.cover("上海市东海区建设和管理委员会 2026 年部门预算")]
    mention = pdf.paragraphs(
        "编制说明",
        [
            "本部门 2026 年部门预算包括收支总表、项目支出预算表和项目绩效目标。",
            f"本部门共有 4 个项目编制了{fx.TITLE}，详见各项目经费情况说明之后的表格。",
        ],
    )
    other.append(
        pdf.budget_table(
            "2026 年部门收支总表",
            [
                ["项目", "本年收入", "本年支出"],
                ["一般公共预算拨款", "21,645,800.00", "21,645,800.00"],
            ],
        )
    )
    other.append(
        pdf.budget_table(
            "2026 年项目支出预算表",
            [
                ["项目", "金额（元）", "备注"],
                ["兰溪路-真南路下立交工程", "12,050,000.00", ""],
                ["街心花园绿化养护", "458,000.00", ""],
            ],
        )
    )
    scan = pdf.scan()
    data = [bridge(), greening(), lighting(), sidewalks()]
    narratives: dict[str, tuple[int, str, str]] = {}
    pages: list[tuple[int, int]] = []

    page = pdf.paragraphs(
        "项目经费情况说明",
        narrative_lines(
            data[0]["项目名称"], "项目总预算 3,600.00 万元，2026 年度预算 1,205.00 万元。"
        ),
    )
    narratives[data[0]["项目名称"]] = (page, "1,205.00", "万元")
    pages.append(pdf.form(grid_2026(data[0])))

    page = pdf.paragraphs(
        "项目经费情况说明", narrative_lines(data[1]["项目名称"], "年度预算 46.00 万元。")
    )
    narratives[data[1]["项目名称"]] = (page, "46.00", "万元")
    pages.append(pdf.form(table_only(fx.form_grid(data[1])), FormStyle(ruled=False)))

    pages.append(pdf.form(table_only(fx.form_grid(data[2])), FormStyle(break_before="设施完好率")))

    first, last = pdf.form(
        table_only(fx.form_grid(data[3])),
        above=[
            "项目经费情况说明",
            f"{data[3]['项目名称']}：2026年预算安排为500,000.00元，用于修复破损人行道。",
        ],
    )
    narratives[data[3]["项目名称"]] = (first, "500,000.00", "元")
    pages.append((first, last))
    closing = pdf.paragraphs("名词解释", ["一般公共预算拨款：指区级财政当年拨付的资金。"])
    other.append(closing)
    pdf.save()
    return PdfFixture(
        pdf.path,
        data,
        pages,
        narratives,
        mismatched=[data[1]["项目名称"]],
        mention_page=mention,
        scan_page=scan,
        other_pages=other,
        after_form=closing,
    )


def image_form_pdf(directory: Path) -> tuple[Path, Data]:
    """A form whose table was pasted in as a picture under a text title, then a good form."""
    pdf = BudgetPdf(directory / "图片表格.pdf")
    pdf.begin()
    pdf.text(fx.TITLE, PAGE_WIDTH / 2, TOP, 14, centre=True)
    pdf.text("（2026年度）", PAGE_WIDTH / 2, TOP + 22, 10, centre=True)
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    pdf.canvas.drawImage(ImageReader(Image.new("L", (60, 80), 230)), 62, 120, 470, 560)
    data = sidewalks()
    pdf.form(table_only(fx.form_grid(data)))
    return pdf.save(), data


def scanned_pdf(directory: Path) -> Path:
    pdf = BudgetPdf(directory / "扫描件.pdf", header=None)
    pdf.scan()
    pdf.scan()
    return pdf.save()


def single_form_pdf(
    directory: Path,
    data: Data,
    grid: fx.Grid,
    style: FormStyle | None = None,
    name: str = "form",
    *,
    frame: bool = False,
) -> Path:
    pdf = BudgetPdf(directory / f"{name}.pdf", header=None)
    pdf.form(grid, style, year_line=f"（{data['年度']}年度）", frame=frame)
    return pdf.save()
