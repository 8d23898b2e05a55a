"""自评表 fixtures built from DOMAIN.md (Self-evaluation), in the three layouts, with the messy
cases real forms have: 实际完成值 written as 达成预期指标, full marks beside an unmet target,
scores that do not add up, a target that differs from the declared one, first-level cells with
their weight (`产出指标(50分)`), unit codes prefixed `219-…`, a reason wrapped onto a second row.

Each grid is rows of cell texts ("" for an empty cell) and is written as a tab-separated text
export, a workbook sheet, a Word table (title paragraphs above it) and a ruled PDF page.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

Grid = list[list[str]]

DEPARTMENT = "上海市宝山区总工会"
# The header rows of the national layout (财预〔2020〕10号), shared by every fixture printed in it.
NATIONAL_FUNDING_HEADER = [
    "项目资金（万元）",
    "",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
]
NATIONAL_INDICATOR_HEADER = [
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]


def national() -> Grid:
    """财预〔2020〕10号 layout; answers the declaration 一期场馆运营经费项目 in content/."""
    return [
        ["项目支出绩效自评表"],
        ["（2024年度）"],
        ["项目名称", "一期场馆运营经费项目"],
        [
            "主管部门",
            f"219-{DEPARTMENT}",
            "",
            "",
            "实施单位",
            "219001-上海市宝山区工人文化活动中心",
        ],
        [*NATIONAL_FUNDING_HEADER],
        ["", "年度资金总额", "75.00", "80.00", "76.00", "10", "95.00%", "9.5"],
        ["", "其中：当年财政拨款", "75.00", "80.00", "76.00", "", "95.00%"],
        ["", "上年结转资金"],
        ["", "其他资金", "0.00", "0.00", "0.00"],
        ["年度总体目标", "预期目标", "", "", "实际完成情况"],
        [
            "",
            "依托中心场馆和培训场地，向社会公众提供广泛、优质公共文化服务。",
            "",
            "",
            "全年场馆正常开放，组织公益培训 96 场。",
        ],
        [*NATIONAL_INDICATOR_HEADER],
        ["", "产出指标(50分)", "数量指标", "运动场馆开放率", "=100%", "100%", "15", "15"],
        [
            "",
            "",
            "",
            "组织公益乐学培训次数",
            ">=100场次",
            "96场次",
            "15",
            "15",
            "受场馆维修影响，",
        ],
        ["", "", "", "", "", "", "", "", "部分培训取消。"],
        ["", "", "质量指标", "各类活动参与率", ">=85%", "87%", "10", "10"],
        ["", "", "时效指标", "保险采购完成及时性", "按计划时间内完成", "达成预期指标", "10", "10"],
        [
            "",
            "效益指标(30分)",
            "社会效益指标",
            "丰富广大职工业余文化生活",
            "丰富",
            "达成预期指标",
            "15",
            "15",
        ],
        ["", "", "", "场馆安全事故率", "<1%", "0%", "15", "15"],
        ["", "满意度指标(10分)", "服务对象满意度指标", "参与人员满意度", ">=85%", "60%", "10", "4"],
        ["总分", "100", "自评得分", "93.5", "自评等级", "优"],
    ]


def budget_system() -> Grid:
    """预算系统 layout: 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析."""
    return [
        ["2024年度部门（单位）项目支出绩效自评表"],
        ["项目名称", "公益乐学培训项目", "主管部门", DEPARTMENT, "实施单位", "219-宝山区职工学校"],
        ["资金情况（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "100.00", "100.00", "90.00", "10", "90.00%", "9"],
        ["当年财政拨款", "100.00", "100.00", "90.00", "", "90.00%"],
        ["年度总体目标", "预期目标", "", "", "", "实际完成情况"],
        ["", "全年开展公益培训不少于100场。", "", "", "", "全年开展公益培训80场。"],
        [
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
        ["产出指标", "数量指标", "培训场次", "≥", "100", "场次", "80", "20", "16", "师资不足"],
        ["", "质量指标", "培训合格率", "≥", "90", "%", "95", "20", "20"],
        ["", "成本指标", "人均餐费", "≤", "6", "元/餐", "6.5", "10", "10"],
        [
            "效益指标",
            "社会效益指标",
            "职工参与度",
            "定性",
            "明显提升",
            "",
            "达成预期指标",
            "30",
            "30",
        ],
        ["满意度指标", "服务对象满意度指标", "参训人员满意度", "≥", "85", "%", "90", "10", "10"],
        ["总分", "100", "自评得分", "95", "自评等级", "优"],
    ]


def sichuan() -> Grid:
    """四川 衔接资金 department layout: 分值 before 年度指标值, 报表编号, conclusions, leads.
    Its scores do not add up (7.5 + 30 + 18 + 30 + 10 = 95.5, written 88.5)."""
    return [
        ["衔接资金项目绩效自评表"],
        ["（2024年度）"],
        ["报表编号", "SC-2024-017"],
        ["项目名称", "乡村产业道路建设项目", "主管部门", DEPARTMENT],
        ["实施单位", "219-宝山区某某镇人民政府", "项目负责人", "张三", "财务负责人", "李四"],
        ["项目基本情况", "新建产业道路，连接三个行政村。"],
        ["项目资金（万元）", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"],
        ["年度资金总额", "200.00", "150.00", "10", "75.00%", "7.5"],
        ["其中：财政资金", "200.00", "150.00", "", "75.00%"],
        ["年初设定目标", "", "", "年度总体目标完成情况综述"],
        ["新建道路10公里。", "", "", "建成道路8公里。"],
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "分值",
            "年度指标值",
            "全年实际值",
            "得分",
            "未完成原因及拟采取的改进措施",
        ],
        ["产出指标(50分)", "数量指标", "新建道路长度", "30", "≥10公里", "8公里", "30", "雨季影响"],
        ["", "时效指标", "完工时间", "20", "2024年10月31日前", "2024年11月30日", "18"],
        ["效益指标(30分)", "社会效益指标", "受益群众", "30", "≥500人", "达成预期指标", "30"],
        ["满意度指标(10分)", "服务对象满意度指标", "群众满意度", "10", "≥90%", "92%", "10"],
        ["合计", "", "", "100", "", "", "88.5"],
        ["自评等级", "良"],
        ["评价结论", "项目基本完成年度目标。"],
        ["存在问题", "工期滞后。"],
        ["改进措施", "加强进度管理。"],
    ]


GRIDS = {"national": national, "budget": budget_system, "sichuan": sichuan}


def cells(grid: Grid) -> list[str]:
    return [text for row in grid for text in row if text.strip()]


def write_text(path: Path, grids: Sequence[Grid]) -> Path:
    text = "\n".join("\n".join("\t".join(row) for row in grid) for grid in grids) + "\n"
    path.write_text(text, "utf-8")
    return path


def write_xlsx(path: Path, grids: Sequence[Grid]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, grid in enumerate(grids, start=1):
        sheet = workbook.create_sheet(f"自评表{number}")
        for r, row in enumerate(grid, start=1):
            for c, text in enumerate(row, start=1):
                if text:
                    cell = sheet.cell(row=r, column=c)
                    cell.value = text
                    cell.data_type = "s"  # "=100%" is text, not a formula
    workbook.save(path)
    return path


def write_docx(path: Path, grids: Sequence[Grid]) -> Path:
    """The title rows (one cell each, before 项目名称/报表编号) as paragraphs, the rest a table."""
    from docx import Document

    document = Document()
    for grid in grids:
        head = next(i for i, row in enumerate(grid) if len(row) > 1 or row[0] == "报表编号")
        for row in grid[:head]:
            document.add_paragraph(row[0])
        rows = grid[head:]
        width = max(len(row) for row in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text:
                    table.cell(r, c).text = text
        document.add_paragraph("")
    document.save(str(path))
    return path


def write_pdf(path: Path, grids: Sequence[Grid]) -> Path:
    """Each form on a landscape page of a 部门决算: title, then a ruled table."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    from tests.support.pdf_fixtures import FONT, wrap

    width, height = landscape(A4)
    canvas = Canvas(str(path), pagesize=(width, height), invariant=1)
    size, leading, padding = 7.0, 9.0, 3.0
    for grid in grids:
        head = next(i for i, row in enumerate(grid) if len(row) > 1 or row[0] == "报表编号")
        top = 40.0
        for row in grid[:head]:
            canvas.setFont(FONT, 12)
            canvas.drawCentredString(width / 2, height - top - 10, row[0])
            top += 20
        rows = grid[head:]
        columns = max(len(row) for row in rows)
        column_width = (width - 60) / columns
        for row in rows:
            padded = row + [""] * (columns - len(row))
            lines = [wrap(text, column_width - 2 * padding, size) for text in padded]
            row_height = max(1, *(len(x) for x in lines)) * leading + 2 * padding
            for c, texts in enumerate(lines):
                x = 30 + c * column_width
                canvas.rect(x, height - top - row_height, column_width, row_height)
                canvas.setFont(FONT, size)
                for n, line in enumerate(texts):
                    canvas.drawString(
                        x + padding, height - top - padding - (n + 1) * leading + 2, line
                    )
            top += row_height
        canvas.showPage()
    canvas.save()
    return path


WRITERS = {"txt": write_text, "xlsx": write_xlsx, "docx": write_docx, "pdf": write_pdf}
