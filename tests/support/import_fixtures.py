"""Builders for the import tests: declarations laid out as published forms, in every format.

A fixture starts from the declaration it must import into (YAML-shaped data with the form's
own labels, so `expected()` gives the `Declaration` to compare with) and lays it out as a grid
of cells the way the forms print it: six columns, section labels in the first, merged ranges
where the form merges. The same grid is then written as a tab-separated text export, as an
.xlsx sheet (merged cells merged, amounts as numbers with a number format, dates as dates) or
as a .docx table (merged cells merged). A `Fixture` holds the file, the declarations it must
give, how many forms it must refuse and the text of every non-empty cell of the forms it must
import, so that a test can check that each cell ends up somewhere.

Messy variants (cells shifted into the wrong column, names over two cells, full-width digits,
`2026/1/1` dates, stray cells, a form continued in a second table) are small edits of a grid
or options of the writers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.model import Declaration

TITLE = "财政项目支出绩效目标申报表"
SHORT_TITLE = "项目支出绩效目标申报表"
WIDTH = 6

Data = dict[str, Any]
IndicatorSpec = dict[str, dict[str, list[tuple[str, str]]]]


# ------------------------------------------------------------------ declarations


def declaration(
    name: str,
    *,
    year: int = 2024,
    category: str = "经常性项目",
    nature: str | None = None,
    department: str = "上海市东海区总工会",
    unit: str = "上海市东海区职工服务中心",
    start: str = "",
    end: str = "",
    money_unit: str = "元",
    project: tuple[str | None, str | None, str | None] = ("100,000.00", "100,000.00", None),
    annual: tuple[str | None, str | None, str | None, str | None] = (
        "100,000.00",
        "100,000.00",
        None,
        None,
    ),
    period: tuple[int, int] | None = None,
    goal: str = "提升职工服务水平，做好年度各项工作。",
    annual_goal: str = "1. 完成培训； 2. 完成活动。",
    indicators: IndicatorSpec | None = None,
) -> Data:
    """YAML-shaped data of one declaration, values as the canonical file writes them."""
    start_year, end_year = period or (year, year)
    data: Data = {
        "年度": str(year),
        "项目名称": name,
        "项目类别": category,
    }
    if nature is not None:
        data["项目性质"] = nature
    data |= {
        "主管部门": department,
        "实施单位": unit,
        "计划开始日期": start or f"{year}-01-01",
        "计划完成日期": end or f"{year}-12-31",
        "资金单位": money_unit,
        "项目资金": dict(zip(("项目资金总额", "财政资金", "其他资金"), project, strict=True)),
        "年度资金": dict(
            zip(
                ("年度资金申请总额", "当年财政拨款", "上年结转资金", "其他资金"),
                annual,
                strict=True,
            )
        ),
        "项目总目标": {"起始年度": str(start_year), "终止年度": str(end_year), "内容": goal},
        "年度总目标": annual_goal,
        "绩效指标": {
            l1: {
                l2: [{"三级指标": n, "年度指标值": t} for n, t in items]
                for l2, items in l2s.items()
            }
            for l1, l2s in (indicators or DEFAULT_INDICATORS).items()
        },
    }
    return data


DEFAULT_INDICATORS: IndicatorSpec = {
    "产出指标": {
        "数量指标": [("培训人次", ">100人次"), ("活动场次", ">=12场")],
        "质量指标": [("培训合格率", ">=90%")],
        "时效指标": [("培训完成及时性", "按计划时间完成")],
        "成本指标": [("培训成本控制", "按政策标准执行")],
    },
    "效益指标": {
        "经济效益指标": [],
        "社会效益指标": [("职工技能提升情况", "提升")],
        "生态效益指标": [],
        "可持续影响指标": [("培训制度", "机制健全")],
    },
    "满意度指标": {"服务对象满意度指标": [("职工满意度", ">=85%")]},
}


def expected(data: Data) -> Declaration:
    return Declaration.model_validate(data)


def indicator_count(data: Data) -> int:
    return sum(len(items) for l2s in data["绩效指标"].values() for items in l2s.values())


# ------------------------------------------------------------------ the grid of a form


@dataclass
class Grid:
    """Rows of cell texts ("" for empty), merged ranges, and typed values for spreadsheets."""

    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    typed: dict[tuple[int, int], tuple[object, str | None]] = field(default_factory=dict)

    def texts(self) -> list[str]:
        return [text for row in self.rows for text in row if text.strip()]

    def find(self, text: str) -> tuple[int, int]:
        for r, row in enumerate(self.rows):
            if text in row:
                return r, row.index(text)
        raise KeyError(text)


def written(value: str | None, how: Callable[[str], str] | None) -> str:
    if value is None:
        return ""
    return how(value) if how else value


def fullwidth(text: str) -> str:
    """ASCII digits and marks as their full-width forms: 1,846,000.00 → １，８４６，０００．００."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def slash_date(iso: str) -> str:
    """2026-01-01 → 2026/1/1, as some exports write dates."""
    year, month, day = iso.split("-")
    return f"{year}/{int(month)}/{int(day)}"


def form_grid(
    data: Data,
    *,
    title: str = TITLE,
    year_label: str = "({year}年度)",
    title_with_year: bool = False,
    unit_label: str = "项目资金 ({unit})",
    amount: Callable[[str], str] | None = None,
    date: Callable[[str], str] | None = None,
    split_names: dict[str, tuple[str, str]] | None = None,
) -> Grid:
    """The form as the published table lays it out, six columns wide.

    `split_names` writes an indicator name over the two name columns (as a PDF extraction
    wraps it); otherwise the two columns are merged.
    """
    year = data["年度"]
    rows: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []

    def add(cells: Sequence[str], *spans: tuple[int, int]) -> int:
        row = [*cells, *[""] * (WIDTH - len(cells))]
        rows.append(row)
        r = len(rows) - 1
        merges.extend((r, c1, r, c2) for c1, c2 in spans)
        return r

    if title_with_year:
        add([f"{title}{year_label.format(year=year)}"], (0, WIDTH - 1))
    else:
        add([title], (0, WIDTH - 1))
        add([year_label.format(year=year)], (0, WIDTH - 1))
    add(["项目名称", data["项目名称"], "", "项目类别", data["项目类别"]], (1, 2), (4, 5))
    if "项目性质" in data:
        add(["项目性质", data["项目性质"]], (1, 2))
    add(["主管部门", data["主管部门"], "", "实施单位", data["实施单位"]], (1, 2), (4, 5))
    add(
        [
            "计划开始日期",
            written(data["计划开始日期"], date),
            "",
            "计划完成日期",
            written(data["计划完成日期"], date),
        ],
        (1, 2),
        (4, 5),
    )
    pf, af = data["项目资金"], data["年度资金"]
    first = add(
        [
            unit_label.format(unit=data["资金单位"]),
            "项目资金总额",
            written(pf["项目资金总额"], amount),
            "年度资金申请总额",
            written(af["年度资金申请总额"], amount),
        ],
        (4, 5),
    )
    add(
        [
            "",
            "其中：财政资金",
            written(pf["财政资金"], amount),
            "其中：当年财政拨款",
            written(af["当年财政拨款"], amount),
        ],
        (4, 5),
    )
    add(["", "", "", "上年结转资金", written(af["上年结转资金"], amount)], (4, 5))
    last = add(
        [
            "",
            "其他资金",
            written(pf["其他资金"], amount),
            "其他资金",
            written(af["其他资金"], amount),
        ],
        (4, 5),
    )
    merges.append((first, 0, last, 0))
    goal = data["项目总目标"]
    period = f"项目总目标 ({goal['起始年度']}年-{goal['终止年度']}年)"
    first = add(["项目 绩效 目标", period, "", "年度总目标"], (1, 2), (3, 5))
    last = add(["", goal["内容"], "", data["年度总目标"]], (1, 2), (3, 5))
    merges.append((first, 0, last, 0))
    first = add(["绩效 指标", "一级指标", "二级指标", "三级指标", "", "年度指标值"], (3, 4))
    split = split_names or {}
    for level1, level2s in data["绩效指标"].items():
        top1 = len(rows)
        for level2, items in level2s.items():
            top2 = len(rows)
            for item in items or [None]:
                label1 = level1 if len(rows) == top1 else ""
                label2 = level2 if len(rows) == top2 else ""
                if item is None:
                    add(["", label1, label2])
                elif item["三级指标"] in split:
                    part1, part2 = split[item["三级指标"]]
                    add(["", label1, label2, part1, part2, item["年度指标值"]])
                else:
                    add(["", label1, label2, item["三级指标"], "", item["年度指标值"]], (3, 4))
            if len(rows) - 1 > top2:
                merges.append((top2, 2, len(rows) - 1, 2))
        if len(rows) - 1 > top1:
            merges.append((top1, 1, len(rows) - 1, 1))
    merges.append((first, 0, len(rows) - 1, 0))
    return Grid(rows, merges)


def shift_left(grid: Grid, text: str) -> None:
    """Moves the row holding `text` one cell to the left, as PDF extraction sometimes does."""
    r, _ = grid.find(text)
    row = grid.rows[r]
    if row and row[0] == "":
        grid.rows[r] = [*row[1:], ""]


def close_gaps(grid: Grid, text: str) -> None:
    """Drops the empty cells after the first non-empty one in the row holding `text`."""
    r, _ = grid.find(text)
    row = grid.rows[r]
    start = next(i for i, cell in enumerate(row) if cell)
    kept = [cell for cell in row[start:] if cell]
    grid.rows[r] = [*row[:start], *kept, *[""] * (len(row) - start - len(kept))]


# ------------------------------------------------------------------ writers


def grid_text(grid: Grid) -> str:
    return "\n".join("\t".join(row).rstrip("\t") for row in grid.rows) + "\n"


def write_text(
    path: Path, grids: Sequence[Grid], *, encoding: str = "utf-8", preamble: str = ""
) -> None:
    """The grids as one tab-separated text export, a blank line between forms."""
    text = preamble + "\n".join(grid_text(grid) for grid in grids)
    path.write_bytes(text.encode(encoding))


def text_cells(text: str) -> list[str]:
    return [cell for line in text.splitlines() for cell in line.split("\t") if cell.strip()]


def write_xlsx(path: Path, sheets: dict[str, Sequence[Grid]], *, gap: int = 2) -> None:
    """One sheet per key, its grids stacked with `gap` empty rows.

    A cell with a typed value (a number with its number format, a date) is written as that
    value; every other cell as its text. Merged ranges are merged.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, grids in sheets.items():
        sheet = workbook.create_sheet(title)
        top = 1
        for grid in grids:
            for r, row in enumerate(grid.rows):
                for c, text in enumerate(row):
                    if not text:
                        continue
                    cell = sheet.cell(row=top + r, column=c + 1)
                    if (r, c) in grid.typed:
                        value, number_format = grid.typed[(r, c)]
                        cell.value = value
                        if number_format:
                            cell.number_format = number_format
                    else:
                        cell.value = text
                        cell.data_type = "s"  # "=25个" is text typed in a cell, not a formula
            for r1, c1, r2, c2 in grid.merges:
                sheet.merge_cells(
                    start_row=top + r1, start_column=c1 + 1, end_row=top + r2, end_column=c2 + 1
                )
            top += len(grid.rows) + gap
    workbook.save(path)


def write_docx(
    path: Path,
    grids: Sequence[Grid],
    *,
    title_outside: Sequence[bool] = (),
    paragraphs_between: Sequence[str] = (),
    continued_after: dict[int, str] | None = None,
) -> None:
    """One table per grid, merged ranges merged, paragraphs between them if given.

    With `title_outside[i]` the first rows of grid i (title and year, one cell each) are
    written as paragraphs above its table, as Word documents usually print them. With
    `continued_after[i] = name` grid i's table breaks after the row of indicator `name` and
    goes on in a second table after a paragraph "续表", as a form continued on the next page.
    """
    from docx import Document

    document = Document()
    for number, grid in enumerate(grids):
        if number and number - 1 < len(paragraphs_between):
            document.add_paragraph(paragraphs_between[number - 1])
        rows, merges = grid.rows, grid.merges
        if number < len(title_outside) and title_outside[number]:
            head = next(i for i, row in enumerate(rows) if row[0] == "项目名称")
            for row in rows[:head]:
                document.add_paragraph(row[0])
            rows = rows[head:]
            merges = [(r1 - head, c1, r2 - head, c2) for r1, c1, r2, c2 in merges if r1 >= head]
        parts = [(0, len(rows))]
        if continued_after and number in continued_after:
            cut = next(r for r, row in enumerate(rows) if continued_after[number] in row) + 1
            parts = [(0, cut), (cut, len(rows))]
        for index, (top, bottom) in enumerate(parts):
            if index:
                document.add_paragraph("续表")
            table = document.add_table(rows=bottom - top, cols=max(WIDTH, *map(len, rows)))
            for r1, c1, r2, c2 in merges:
                first, last = max(r1, top), min(r2, bottom - 1)
                if first <= last and (first, c1) != (last, c2):
                    table.cell(first - top, c1).merge(table.cell(last - top, c2))
            for r, row in enumerate(rows[top:bottom]):
                for c, text in enumerate(row):
                    if text:
                        table.cell(r, c).text = text
        document.add_paragraph("")
    document.save(str(path))


# ------------------------------------------------------------------ the fixtures


@dataclass
class Fixture:
    """A source file, the declarations it must give and the forms it must refuse."""

    path: Path
    declarations: list[Data]
    refused: int = 0
    cells: list[str] = field(default_factory=list)  # every non-empty source cell's text
    unplaced: list[str] = field(default_factory=list)  # cells that must be reported unplaced
    encoding: str | None = None  # as the report must name it


def seed_like_data() -> Data:
    """The shape of the seed's third form, in 万元, multi-year, with 项目性质."""
    return declaration(
        "政府实事项目 - 职工疗休养",
        year=2025,
        category="特定目标类",
        nature="阶段性",
        start="2025-03-01",
        end="2026-06-30",
        money_unit="万元",
        project=("320.500000", "300.00", "20.5"),
        annual=("180.00", "160.00", "0.00", "20.00"),
        period=(2025, 2026),
        goal="分两年完成全区一线职工疗休养，每年不少于 2,000 人次。",
        annual_goal="完成 2025 年度疗休养安排。",
        indicators={
            "产出指标": {
                "数量指标": [("疗休养人次", "≥2,000人次"), ("疗休养线路数量", "≥8条")],
                "质量指标": [("疗休养安全事故发生率", "＝0")],
                "时效指标": [("疗休养完成时间", "2025年10月31日前")],
            },
            "成本指标": {
                "经济成本指标": [("人均疗休养费用", "≤1,500元/人")],
                "社会成本指标": [],
                "生态环境成本指标": [],
            },
            "效益指标": {
                "经济效益指标": [],
                "社会效益指标": [("职工获得感", "明显提升")],
                "环境效益指标": [],
                "可持续影响指标": [("疗休养长效机制", "健全")],
            },
            "满意度指标": {"社会公众或服务对象满意度指标": [("参加职工满意度", "≥90%")]},
        },
    )


def messy_text(directory: Path) -> Fixture:
    """Two forms in one UTF-8 export with the seed's kinds of mess, and more.

    Form 1: short title, full-width year brackets, 万元, full-width amounts, `2025/3/1` dates,
    项目性质, the 2021 framework (成本指标 as a first level), a name over two cells, empty
    categories, a second-level word shifted into the first-level column.
    Form 2: the old layout with 成本指标 and 可持续影响指标 shifted left, blank and 0.00
    amounts side by side, a year line "2024 年度".
    """
    first = seed_like_data()
    grid1 = form_grid(
        first,
        title=SHORT_TITLE,
        year_label="（{year}年度）",
        amount=fullwidth,
        date=slash_date,
        split_names={"疗休养安全事故发生率": ("疗休养安全事故", "发生率")},
    )
    shift_left(grid1, "可持续影响指标")
    close_gaps(grid1, "疗休养人次")
    second = declaration(
        "基层工会阵地建设",
        project=("1,200,000.00", "1,200,000.00", "0.00"),
        annual=("1,200,000.00", "1,200,000.00", None, "0.00"),
        indicators={
            "产出指标": {
                "数量指标": [("新建职工之家数量", "=10个")],
                "质量指标": [("验收合格率", "=100%")],
                "时效指标": [("建设完成及时性", "及时")],
                "成本指标": [("单个阵地建设成本", "≤120,000.00(元)")],
            },
            "效益指标": {
                "经济效益指标": [],
                "社会效益指标": [("职工活动参与度", "提高")],
                "生态效益指标": [],
                "可持续影响指标": [("阵地长效管理", "长期")],
            },
            "满意度指标": {"服务对象满意度指标": [("职工满意度", ">=85%")]},
        },
    )
    grid2 = form_grid(second, year_label="{year} 年度")
    shift_left(grid2, "成本指标")
    shift_left(grid2, "可持续影响指标")
    path = directory / "messy.txt"
    write_text(path, [grid1, grid2], preamble="\n附件 2\n\n")
    cells = [*grid1.texts(), *grid2.texts(), "附件 2"]
    return Fixture(path, [first, second], cells=cells, unplaced=["附件 2"], encoding="UTF-8")


def gbk_text(directory: Path) -> Fixture:
    """A GBK export whose title and year share one line, with a refused form in the middle."""
    first = declaration(
        "职工法律援助服务",
        year=2024,
        department="上海市东海区司法局",
        unit="上海市东海区法律援助中心",
        project=("86,400.00", "86,400.00", None),
        annual=("86,400.00", "86,400.00", None, None),
        indicators={
            "产出指标": {"数量指标": [("法律援助案件数", "≥300件")], "时效指标": []},
            "效益指标": {"社会效益指标": [("职工合法权益保障", "有效保障")]},
            "满意度指标": {"服务对象满意度指标": [("受援职工满意度", "≥90%")]},
        },
    )
    second = declaration(
        "职工法律咨询热线",
        year=2024,
        department="上海市东海区司法局",
        unit="上海市东海区法律援助中心",
        project=("40,000.00", "40,000.00", None),
        annual=("40,000.00", "40,000.00", None, None),
        indicators={
            "产出指标": {"数量指标": [("热线接听量", "≥5,000次")]},
            "满意度指标": {"服务对象满意度指标": [("来电职工满意度", "≥85%")]},
        },
    )
    no_name = form_grid(
        declaration("（删去）", department="上海市东海区司法局"), title_with_year=True
    )
    no_name.rows[no_name.find("（删去）")[0]][1] = ""
    grids = [
        form_grid(first, title_with_year=True, year_label="（{year} 年度）"),
        no_name,
        form_grid(second, title_with_year=True, year_label="(2024年度)"),
    ]
    path = directory / "gbk.txt"
    write_text(path, grids, encoding="gbk")
    cells = [*grids[0].texts(), *grids[2].texts()]
    return Fixture(path, [first, second], refused=1, cells=cells, encoding="GB18030/GBK")


def workbook(directory: Path) -> Fixture:
    """Two forms stacked on one sheet and a third on another, merged cells everywhere.

    The first sheet's amounts are numbers with the number format `#,##0.00` and its dates are
    date cells; the second sheet is in 万元 with text cells, a stray note beside the form and
    an indicator name over two cells.
    """
    first = declaration(
        "职工文化活动",
        year=2025,
        project=("1,846,000.00", "1,846,000.00", "0.00"),
        annual=("1,846,000.00", "1,846,000.00", "0.00", "0.00"),
        start="2025-01-01",
        end="2025-12-31",
    )
    second = declaration(
        "劳模创新工作室补贴",
        year=2025,
        category="一次性项目",
        project=("250,000.00", "200,000.00", "50,000.00"),
        annual=("250,000.00", "200,000.00", None, "50,000.00"),
        start="2025-02-01",
        end="2025-11-30",
        indicators={
            "产出指标": {"数量指标": [("资助工作室数量", "=25个")], "质量指标": []},
            "效益指标": {"社会效益指标": [("创新成果转化", "≥10项")], "生态效益指标": []},
            "满意度指标": {"服务对象满意度指标": [("工作室满意度", "≥90%")]},
        },
    )
    third = declaration(
        "职工服务中心改造",
        year=2025,
        category="特定目标类",
        nature="一次性",
        money_unit="万元",
        department="上海市东海区总工会",
        start="2025-04-01",
        end="2025-10-31",
        project=("45.80", "45.80", None),
        annual=("45.80", "45.80", None, None),
        indicators={
            "产出指标": {
                "数量指标": [("改造面积", "≥1,200平方米")],
                "时效指标": [("改造完成时间", "2025年10月31日前")],
            },
            "成本指标": {"经济成本指标": [("改造单价", "≤380元/平方米")]},
            "效益指标": {"社会效益指标": [("服务能力提升", "提升")]},
            "满意度指标": {"服务对象满意度指标": [("使用职工满意度", "≥90%")]},
        },
    )
    grid1 = form_grid(first, title_with_year=True, year_label="（{year}年度）")
    _typed_amounts(grid1)
    grid2 = form_grid(second)
    grid3 = form_grid(third, split_names={"服务能力提升": ("服务能力", "提升")})
    note_row = grid3.find("计划开始日期")[0]
    grid3.rows[note_row].append("注：金额以批复为准")
    path = directory / "forms.xlsx"
    write_xlsx(path, {"总工会": [grid1, grid2], "改造项目": [grid3]})
    cells = [*grid1.texts(), *grid2.texts(), *grid3.texts()]
    return Fixture(path, [first, second, third], cells=cells, unplaced=["注：金额以批复为准"])


def _typed_amounts(grid: Grid) -> None:
    """Amounts as numbers in the format `#,##0.00` and dates as date cells, as typed in Excel."""
    for r, row in enumerate(grid.rows):
        for c, text in enumerate(row):
            if not text or c == 0:
                continue
            label = row[c - 1]
            if label in ("计划开始日期", "计划完成日期"):
                grid.typed[(r, c)] = (dt.date.fromisoformat(text), "yyyy-mm-dd")
            elif label.removeprefix("其中：") in (
                "项目资金总额",
                "财政资金",
                "其他资金",
                "年度资金申请总额",
                "当年财政拨款",
                "上年结转资金",
            ):
                grid.typed[(r, c)] = (float(text.replace(",", "")), "#,##0.00")


def document(directory: Path) -> Fixture:
    """A Word document with three forms: two with the title above the table, one inside it.

    The first form's table is continued in a second table after a paragraph "续表"; a note
    stands between the second and the third form. Neither paragraph is an indicator.
    """
    first = declaration(
        "困难职工帮扶",
        year=2026,
        category="特定目标类",
        start="2026-01-01",
        end="2026-12-31",
        project=("3,000,000.00", "2,800,000.00", "200,000.00"),
        annual=("3,000,000.00", "2,800,000.00", None, "200,000.00"),
        indicators={
            "产出指标": {
                "数量指标": [("帮扶困难职工人数", "≥1,500人")],
                "质量指标": [("帮扶资金发放准确率", "=100%")],
                "时效指标": [("帮扶资金发放及时性", "及时")],
                "成本指标": [],
            },
            "效益指标": {
                "经济效益指标": [("困难职工家庭收入改善", "改善")],
                "社会效益指标": [],
                "生态效益指标": [],
                "可持续影响指标": [],
            },
            "满意度指标": {"服务对象满意度指标": [("受助职工满意度", "≥90%")]},
        },
    )
    second = declaration(
        "职工技能竞赛",
        year=2026,
        money_unit="万元",
        project=("60.00", "60.00", None),
        annual=("60.00", "60.00", None, None),
    )
    third = declaration(
        "工会干部培训",
        year=2026,
        nature="经常性",
        category="其他运转类",
        goal="总体目标：提升工会干部履职能力。",  # text that begins with a label word
        project=("500,000.00", "500,000.00", "0.00"),
        annual=("500,000.00", "500,000.00", "0.00", "0.00"),
    )
    grids = [
        form_grid(first, year_label="（{year}年度）", date=slash_date),
        form_grid(second, title=SHORT_TITLE, year_label="{year} 年度"),
        form_grid(third, title_with_year=True),
    ]
    path = directory / "forms.docx"
    note = "填报说明：金额单位见各表表头"
    write_docx(
        path,
        grids,
        title_outside=[True, True, False],
        paragraphs_between=["", note],
        continued_after={0: "帮扶资金发放准确率"},
    )
    cells = [text for grid in grids for text in grid.texts()] + ["续表", note]
    return Fixture(path, [first, second, third], cells=cells, unplaced=["续表", note])


def not_a_form(directory: Path) -> Fixture:
    path = directory / "minutes.txt"
    text = "会议纪要\n时间\t2024年3月1日\n议题\t工会经费预算\n"
    path.write_text(text, encoding="utf-8")
    return Fixture(path, [], cells=text_cells(text))


def no_year(directory: Path) -> Fixture:
    """A form whose title has no year, followed by a good one: one refused, one imported."""
    good = declaration("职工书屋建设", year=2024)
    bad = form_grid(declaration("职工运动会", year=2024))
    bad.rows[1] = ["", "", "", "", "", ""]  # the year line left out
    path = directory / "no-year.txt"
    good_grid = form_grid(good)
    write_text(path, [bad, good_grid])
    return Fixture(path, [good], refused=1, cells=good_grid.texts())


BUILDERS: dict[str, Callable[[Path], Fixture]] = {
    "messy-text": messy_text,
    "gbk-text": gbk_text,
    "workbook": workbook,
    "document": document,
    "not-a-form": not_a_form,
    "no-year": no_year,
}
