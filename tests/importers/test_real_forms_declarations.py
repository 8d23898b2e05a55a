"""Declarations as they are really printed: the unit stated above the table, a year line
without 度, cells wrapped onto a line of their own, page furniture inside the table, a title
repeated after a page break, placeholders (`-`, `/`, `无`) in cells.

Each source is written inline (tab-separated text, as a PDF text extraction gives it) and
imported into a temporary content directory; what was written is checked as `jixiao check`
checks it, and what the import did is read from its report.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.core.diagnostics import Severity
from generator.importers.run import FormReport, Importer
from generator.load.corpus import check_text
from generator.load.yaml_source import YamlValue, load_yaml_bytes
from generator.review.yaml_format import format_text

# ------------------------------------------------------------------ helpers


@dataclass
class Imported:
    forms: list[FormReport]
    files: dict[str, dict[str, Any]]  # 项目名称 → the written file's data
    errors: list[str]  # what `jixiao check` says of the written files (errors only)
    # The texts reported outside the forms.
    outside: list[str] = dataclasses.field(default_factory=list)

    @property
    def form(self) -> FormReport:
        assert len(self.forms) == 1, [(f.project, f.errors) for f in self.forms]
        return self.forms[0]

    @property
    def data(self) -> dict[str, Any]:
        assert len(self.files) == 1, list(self.files)
        return next(iter(self.files.values()))

    @property
    def notes(self) -> str:
        """Every warning of the report, one per line, to search in."""
        return "\n".join(w for f in self.forms for w in f.warnings)

    def indicators(self) -> list[tuple[str, str, str, YamlValue]]:
        """(一级, 二级, 三级指标, 年度指标值) of every indicator written."""
        tree = self.data["绩效指标"]
        assert isinstance(tree, dict)
        rows = []
        for level1, level2s in tree.items():
            assert isinstance(level2s, dict)
            for level2, items in level2s.items():
                assert isinstance(items, list)
                for item in items:
                    assert isinstance(item, dict)
                    rows.append((level1, level2, str(item["三级指标"]), item.get("年度指标值")))
        return rows


def import_text(tmp_path: Path, text: str, name: str = "form.txt") -> Imported:
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    content = tmp_path / "content"
    report = Importer(content).import_file(source)
    files: dict[str, dict[str, Any]] = {}
    errors: list[str] = []
    for path in sorted(content.glob("*/*/*.yaml")):
        raw = path.read_bytes()
        document, problems = load_yaml_bytes(raw, str(path))
        assert document is not None, problems
        assert isinstance(document.data, dict)
        files[str(document.data["项目名称"])] = document.data
        errors += [d.format() for d in check_text(str(path), raw) if d.severity is Severity.ERROR]
    return Imported(report.forms, files, errors, [c.text for c in report.outside])


def tabbed(text: str) -> str:
    """The source as written below: `|` between cells stands for a tab."""
    return "\n".join(line.replace("|", "\t") for line in text.strip("\n").splitlines()) + "\n"


# ------------------------------------------------------------------ the unit above the table

CENTRAL_BODY = """\
项目名称|学生资助
主管部门及代码|[201]某市教育局|实施单位|某市学生资助管理中心
项目属性|延续项目|项目期|2024-2024
项目资金|资金总额|1,500.00|当年资金总额|1,500.00
|其中：财政拨款|1,500.00|其中：当年财政拨款|1,500.00
|其他资金|0|当年其他资金|0
总体目标|中期目标||年度目标
|保障困难学生就学。||资助困难学生3000人。
绩效指标|一级指标|二级指标|三级指标|指标值
|产出指标|数量指标|资助学生人数|≥3000人
|效益指标|社会效益指标|困难学生辍学率|=0
|满意度指标|服务对象满意度指标|学生及家长满意度|≥95%
"""


def test_unit_stated_above_the_table_is_the_forms_unit(tmp_path: Path) -> None:
    statements = ["单位：万元", "金额单位：万元", "单位:万元", "（单位：万元）"]
    for number, statement in enumerate(statements):
        text = f"项目支出绩效目标表\n（2024年度）\n填报单位：某市教育局|||{statement}\n"
        imported = import_text(tmp_path / str(number), tabbed(text + CENTRAL_BODY))
        assert imported.data["资金单位"] == "万元", statement
        assert imported.errors == []
        assert f"第 3 行第 4 格：表上方写明“{statement}”，资金单位记为 万元" in imported.notes
        # The filing unit beside it is no value of the form: listed, never dropped.
        assert [c.text for c in imported.form.unplaced] == ["填报单位：某市教育局"]


def test_unit_at_the_end_of_the_filing_unit_line(tmp_path: Path) -> None:
    text = "项目支出绩效目标表\n（2024年度）\n填报单位：某市教育局　　单位：万元\n"
    imported = import_text(tmp_path, tabbed(text + CENTRAL_BODY))
    assert imported.data["资金单位"] == "万元"
    assert [c.text for c in imported.form.unplaced] == ["填报单位：某市教育局 单位：万元"]


def test_two_different_units_stated_are_an_error(tmp_path: Path) -> None:
    text = "项目支出绩效目标表\n（2024年度）\n|||单位：元\n" + CENTRAL_BODY.replace(
        "项目资金|资金总额", "项目资金（万元）|资金总额"
    )
    imported = import_text(tmp_path, tabbed(text))
    assert imported.files == {}
    assert imported.form.action == "拒绝"
    (error,) = imported.form.errors
    assert "单位是万元" in error and "“单位：元”写的是元" in error and "第 3 行第 4 格" in error


def test_unit_above_and_unit_inside_the_amounts_must_agree(tmp_path: Path) -> None:
    body = CENTRAL_BODY.replace("|资金总额|1,500.00", "|资金总额|1500万元")
    same = import_text(
        tmp_path / "same", tabbed("项目支出绩效目标表\n（2024年度）\n|单位：万元\n" + body)
    )
    assert same.data["资金单位"] == "万元" and same.errors == []
    other = import_text(
        tmp_path / "other", tabbed("项目支出绩效目标表\n（2024年度）\n|单位：元\n" + body)
    )
    assert other.form.action == "拒绝" and "无法确定金额单位" in other.form.errors[0]


# ------------------------------------------------------------------ the year line


def test_year_line_without_du(tmp_path: Path) -> None:
    for number, year_line in enumerate(["（2024年）", "(2024年)", "2024年", "( 2024 年 )"]):
        text = f"项目支出绩效目标表\n{year_line}\n|单位：万元\n" + CENTRAL_BODY
        imported = import_text(tmp_path / str(number), tabbed(text))
        assert imported.data["年度"] == "2024", year_line
        assert imported.form.unplaced == []


def test_year_without_du_in_the_title_line(tmp_path: Path) -> None:
    for number, title in enumerate(["项目支出绩效目标表（2024年）", "2024年项目支出绩效目标表"]):
        imported = import_text(tmp_path / str(number), tabbed(f"{title}\n" + CENTRAL_BODY))
        assert imported.data["年度"] == "2024", title


# ------------------------------------------------------------------ page furniture

SHANGHAI_HEAD = """\
财政项目支出绩效目标申报表
(2024年度)
项目名称|职工疗休养|项目类别|经常性项目
主管部门|上海市宝山区总工会|实施单位|上海市宝山区职工服务中心
计划开始日期|2024-01-01|计划完成日期|2024-12-31
项目资金 (元)|项目资金总额|800,000.00|年度资金申请总额|800,000.00
|其中：财政资金|800,000.00|其中：当年财政拨款|800,000.00
|||上年结转资金|
|其他资金||其他资金|
项目 绩效 目标|项目总目标 (2024年-2024年)||年度总目标
|组织职工疗休养。||组织一线职工疗休养1000人次。
绩效 指标|一级指标|二级指标|三级指标|年度指标值
|产出指标|数量指标|疗休养人次||≥1000人次
||质量指标|疗休养线路安全达标率||=100%
"""
SHANGHAI_TAIL = """\
||时效指标|疗休养完成时间||2024年11月30日前
|效益指标|社会效益指标|职工获得感||提升
|满意度指标|服务对象满意度指标|职工满意度||≥90%
"""
SHANGHAI_INDICATORS = [
    ("产出指标", "数量指标", "疗休养人次", "≥1000人次"),
    ("产出指标", "质量指标", "疗休养线路安全达标率", "=100%"),
    ("产出指标", "时效指标", "疗休养完成时间", "2024年11月30日前"),
    ("效益指标", "社会效益指标", "职工获得感", "提升"),
    ("满意度指标", "服务对象满意度指标", "职工满意度", "≥90%"),
]


def test_page_furniture_inside_the_table_is_no_indicator(tmp_path: Path) -> None:
    furniture = [
        "第 12 页，共 40 页",
        "上海市宝山区总工会2024年部门预算",
        "- 12 -",
        "续表",
        "第 1 页",
    ]
    between = "\n".join(furniture) + "\n"
    text = SHANGHAI_HEAD + between + SHANGHAI_TAIL + "12 / 40\n"
    imported = import_text(tmp_path, tabbed(text))
    assert imported.indicators() == SHANGHAI_INDICATORS
    assert imported.errors == []
    # Nothing dropped silently: each line is listed, with what it was taken for.
    assert [c.text for c in imported.form.unplaced] == [*furniture, "12 / 40"]
    assert "第 16 行第 1 格：“上海市宝山区总工会2024年部门预算”看作页眉" in imported.notes
    assert "第 18 行第 1 格：“续表”看作续表标记" in imported.notes
    assert "第 23 行第 1 格：“12 / 40”看作页码" in imported.notes


def test_header_row_repeated_after_a_page_break(tmp_path: Path) -> None:
    header = "绩效 指标|一级指标|二级指标|三级指标|年度指标值\n"
    imported = import_text(
        tmp_path, tabbed(SHANGHAI_HEAD + "- 12 -\n续表\n" + header + SHANGHAI_TAIL)
    )
    assert imported.indicators() == SHANGHAI_INDICATORS
    assert imported.errors == []
    assert [c.text for c in imported.form.unplaced][2:] == [
        "绩效 指标", "一级指标", "二级指标", "三级指标", "年度指标值",
    ]  # fmt: skip
    repeated = "“绩效 指标 一级指标 二级指标 三级指标 年度指标值”看作换页后重复的指标表表头"
    assert f"第 17 行第 1 格：{repeated}" in imported.notes


def test_page_furniture_in_a_table_read_by_column(tmp_path: Path) -> None:
    text = """\
2025年度项目支出绩效目标申报表
项目名称|老旧小区改造|项目类别|特定目标类
主管部门|某市住房和城乡建设局|实施单位|某市城市更新中心
项目资金（万元）|项目资金总额|5,000.00|年度资金申请总额|5,000.00
|其中：财政资金|5,000.00|其中：当年财政拨款|5,000.00
一级指标|二级指标|三级指标|指标性质|指标值|度量单位|权重
产出指标|数量指标|改造小区|≥|20|个|20
某市2025年部门预算
第 3 页
一级指标|二级指标|三级指标|指标性质|指标值|度量单位|权重
|数量（续）
满意度指标|服务对象满意度指标|居民满意度|≥|90|%|20
"""
    imported = import_text(tmp_path, tabbed(text))
    assert [row[:3] for row in imported.indicators()] == [
        ("产出指标", "数量指标", "改造小区"),
        ("满意度指标", "服务对象满意度指标", "居民满意度"),
    ]
    assert imported.errors == []
    assert "某市2025年部门预算" in [c.text for c in imported.form.unplaced]
    assert "“数量（续）”看作续表标记" in imported.notes


# ------------------------------------------------------------------ a title repeated


def test_title_repeated_after_a_page_break_continues_the_form(tmp_path: Path) -> None:
    repeated = "第 1 页\n\n财政项目支出绩效目标申报表\n(2024年度)\n"
    header = "绩效 指标|一级指标|二级指标|三级指标|年度指标值\n"
    text = SHANGHAI_HEAD + repeated + header + SHANGHAI_TAIL + "第 2 页\n"
    imported = import_text(tmp_path, tabbed(text))
    assert imported.form.action == "新建"
    assert imported.indicators() == SHANGHAI_INDICATORS
    assert imported.errors == []
    assert "第 17 行第 1 格：“财政项目支出绩效目标申报表”看作换页后重复的标题" in imported.notes
    assert "第 18 行第 1 格：“(2024年度)”看作换页后重复的标题" in imported.notes


def test_title_repeated_with_a_project_name_is_a_new_form(tmp_path: Path) -> None:
    second = SHANGHAI_HEAD.replace("职工疗休养", "职工书屋") + SHANGHAI_TAIL
    imported = import_text(tmp_path, tabbed(SHANGHAI_HEAD + SHANGHAI_TAIL + "\n" + second))
    assert [f.project for f in imported.forms] == ["职工疗休养", "职工书屋"]
    assert imported.errors == []


# ------------------------------------------------------------------ wrapped cells

WRAPPED = """\
财政项目支出绩效目标申报表
( 2024 年度 )
项目名称|兰溪路-真南路下立交工|项目类别|特定目标类
|程
主管部门|上海市普陀区建设和管|实施单位|上海市普陀区道路建设管理所
|理委员会
计划开始日期|2024-01-01|计划完成日期|2024-12-31
项目资金 (元)|项目资金总额|1,234,5|年度资金申请总额|1,234,567.00
||67.00
|其中：财政资金|1,234,567.00|其中：当年财政拨款|1,234,567.00
|||上年结转资金|0.00
|其他资金|0.00|其他资金|0.00
项目 绩效 目标|项目总目标 (2024年-2024年)||年度总目标
|完成下立交主体结构施工。||完成主体结构施工。
绩效 指标|一级指标|二级指标|三级指标|年度指标值
|产出指标|数量指标|完成下立交主体结构施工的||>=100
|||长度||米
|||完成绿化||≥1,200平方米
|||面积
||质量指标|工程验收合格率||=100%
||时效指标|完工时间||2024年12月31日
|||||前
||成本指标|单位造价||≤1,234.5
|||||6元/平方米
|效益指标|社会效益指标|通行效率提升||提升
|满意度指标|服务对象满意度指标|周边居民满意度||>=90%
"""


def test_wrapped_cells_are_joined_to_the_cell_above(tmp_path: Path) -> None:
    imported = import_text(tmp_path, tabbed(WRAPPED))
    data = imported.data
    assert data["项目名称"] == "兰溪路-真南路下立交工程"
    assert data["主管部门"] == "上海市普陀区建设和管理委员会"
    assert data["项目资金"] == {
        "项目资金总额": "1,234,567.00",
        "财政资金": "1,234,567.00",
        "其他资金": "0.00",
    }
    assert imported.indicators() == [
        ("产出指标", "数量指标", "完成下立交主体结构施工的长度", ">=100米"),
        ("产出指标", "数量指标", "完成绿化面积", "≥1,200平方米"),
        ("产出指标", "质量指标", "工程验收合格率", "=100%"),
        ("产出指标", "时效指标", "完工时间", "2024年12月31日前"),
        ("产出指标", "成本指标", "单位造价", "≤1,234.56元/平方米"),
        ("效益指标", "社会效益指标", "通行效率提升", "提升"),
        ("满意度指标", "服务对象满意度指标", "周边居民满意度", ">=90%"),
    ]
    assert imported.form.unplaced == []
    # Each join is in the import notes, with its position, for a reviewer to check.
    notes = imported.notes
    amount = "“67.00”单独占一行，看作上一行项目资金.项目资金总额“1,234,5”折行的续写"
    assert f"第 9 行第 3 格：{amount}，合并为“1,234,567.00”" in notes
    assert "第 4 行第 2 格：“程”单独占一行，看作上一行项目名称“兰溪路-真南路下立交工”" in notes
    assert (
        "第 17 行第 4 格：“长度”单独占一行，看作上一行三级指标“完成下立交主体结构施工的”" in notes
    )
    assert "第 19 行第 4 格：“面积”单独占一行，看作上一行三级指标“完成绿化”" in notes
    assert "第 22 行第 6 格：“前”单独占一行，看作上一行年度指标值“2024年12月31日”" in notes


def test_a_row_of_name_and_target_is_a_new_indicator(tmp_path: Path) -> None:
    """The seeds' pattern: level cells blank because the level continues from above. Also
    when the target is only a unit, unless the name above stops mid-phrase."""
    text = WRAPPED.replace("完成下立交主体结构施工的||>=100", "完成下立交主体结构施工||>=100")
    imported = import_text(tmp_path, tabbed(text))
    assert imported.indicators()[:3] == [
        ("产出指标", "数量指标", "完成下立交主体结构施工", ">=100"),
        ("产出指标", "数量指标", "长度", "米"),
        ("产出指标", "数量指标", "完成绿化面积", "≥1,200平方米"),
    ]


def test_two_whole_amounts_one_under_the_other_are_not_joined(tmp_path: Path) -> None:
    text = WRAPPED.replace("1,234,5|", "1,234,567.00|").replace("||67.00", "||89.00")
    imported = import_text(tmp_path, tabbed(text))
    assert imported.data["项目资金"]["项目资金总额"] == "1,234,567.00"
    assert [c.text for c in imported.form.unplaced] == ["89.00"]


def test_wrapped_cells_in_a_table_read_by_column(tmp_path: Path) -> None:
    text = """\
2025年度项目支出绩效目标申报表
项目名称|老旧小区改造|项目类别|特定目标类
主管部门|某市住房和城乡建设局|实施单位|某市城市更新中心
项目资金（万元）|项目资金总额|5,000.00|年度资金申请总额|5,000.00
|其中：财政资金|5,000.00|其中：当年财政拨款|5,000.00
一级指标|二级指标|三级指标|指标性质|指标值|度量单位|权重|评(扣)分标准|备注
产出指标|数量指标|改造小区|≥|20|个|20|每少一个扣1分|
||加装电梯|≥|1,200|部|20|按比例扣分|含试点
||数量||||||
|||||||以外的|
||竣工验收|=|100|%|10||
||合格率||||||
||改造户数|≥|3000||10||
满意度指标|服务对象满意度指标|居民满意度|≥|90|%|20||
"""
    imported = import_text(tmp_path, tabbed(text))
    assert [row[2:] for row in imported.indicators()] == [
        ("改造小区", "20"),
        ("加装电梯数量", "1,200"),
        ("竣工验收合格率", "100"),
        ("改造户数", "3000"),  # name and target: a new indicator, its unit blank
        ("居民满意度", "90"),
    ]
    second = imported.data["绩效指标"]["产出指标"]["数量指标"][1]
    assert second["评分标准"] == "按比例扣分以外的"
    assert imported.errors == [] and imported.form.unplaced == []
    assert "第 10 行第 8 格：“以外的”单独占一行，看作上一行评分标准“按比例扣分”" in imported.notes


# ------------------------------------------------------------------ placeholders

PLACEHOLDERS = """\
财政项目支出绩效目标申报表
(2024年度)
项目名称|职工疗休养|项目类别|-
主管部门|上海市宝山区总工会|实施单位|/
计划开始日期|2024-01-01|计划完成日期|—
项目资金 (元)|项目资金总额|800,000.00|年度资金申请总额|800,000.00
|其中：财政资金|800,000.00|其中：当年财政拨款|800,000.00
|||上年结转资金|——
|其他资金|-|其他资金|无
项目 绩效 目标|项目总目标 (2024年-2024年)||年度总目标
|/||组织一线职工疗休养1000人次。
绩效 指标|一级指标|二级指标|三级指标|年度指标值
|产出指标|数量指标|疗休养人次||≥1000人次
||质量指标|-||－
|效益指标|社会效益指标|职工获得感||/
|满意度指标|服务对象满意度指标|职工满意度||无
"""


def test_placeholders_in_amounts_and_dates_are_blank_with_a_note(tmp_path: Path) -> None:
    imported = import_text(tmp_path, tabbed(PLACEHOLDERS))
    data = imported.data
    assert imported.errors == []
    assert data["项目资金"] == {
        "项目资金总额": "800,000.00",
        "财政资金": "800,000.00",
        "其他资金": None,
    }
    assert data["年度资金"] == {
        "年度资金申请总额": "800,000.00",
        "当年财政拨款": "800,000.00",
        "上年结转资金": None,
        "其他资金": None,
    }
    assert data["计划完成日期"] is None
    # What was printed, and where, is kept in the import notes: nothing is lost.
    notes = imported.notes
    for where, field, mark, kind in [
        ("第 5 行第 4 格", "计划完成日期", "—", "日期"),
        ("第 8 行第 5 格", "年度资金.上年结转资金", "——", "金额"),
        ("第 9 行第 3 格", "项目资金.其他资金", "-", "金额"),
        ("第 9 行第 5 格", "年度资金.其他资金", "无", "金额"),
    ]:
        assert f"{where}：{field}原表印作“{mark}”，表示没有{kind}，写作空白" in notes


def test_the_printed_placeholder_stays_in_the_file_beside_its_blank(tmp_path: Path) -> None:
    """The report is gone after the import; the file is the record a reviewer reads."""
    import_text(tmp_path, tabbed(PLACEHOLDERS))
    (path,) = (tmp_path / "content").glob("*/*/*.yaml")
    text = path.read_text("utf-8")
    for line in [
        "计划完成日期:  # 原表印作“—”",
        "  上年结转资金:  # 原表印作“——”",
        "  其他资金:  # 原表印作“-”",
        "  其他资金:  # 原表印作“无”",
    ]:
        assert line + "\n" in text, line
    assert format_text(text, path.name) == text  # jixiao fmt keeps them where they are


def test_placeholders_in_free_text_are_kept_as_printed(tmp_path: Path) -> None:
    imported = import_text(tmp_path, tabbed(PLACEHOLDERS))
    data = imported.data
    assert (data["项目类别"], data["实施单位"]) == ("-", "/")
    assert data["项目总目标"]["内容"] == "/"
    assert [row[2:] for row in imported.indicators()] == [
        ("疗休养人次", "≥1000人次"),
        ("-", "－"),
        ("职工获得感", "/"),
        ("职工满意度", "无"),
    ]


# ------------------------------------------------------------------ more printed variants


def test_label_and_value_in_one_cell(tmp_path: Path) -> None:
    text = SHANGHAI_HEAD.replace(
        "项目名称|职工疗休养|项目类别|经常性项目", "项目名称：职工疗休养|项目类别：经常性项目"
    ).replace(
        "主管部门|上海市宝山区总工会|实施单位|上海市宝山区职工服务中心",
        "主管　部门：上海市宝山区总工会|实施单位:上海市宝山区职工服务中心",
    )
    imported = import_text(tmp_path, tabbed(text + SHANGHAI_TAIL))
    data = imported.data
    assert (data["项目名称"], data["项目类别"]) == ("职工疗休养", "经常性项目")
    assert (data["主管部门"], data["实施单位"]) == (
        "上海市宝山区总工会",
        "上海市宝山区职工服务中心",
    )
    assert imported.form.unplaced == [] and imported.errors == []
    assert "折行" not in imported.notes  # the second row is labels, not the rest of the first


def test_year_in_chinese_numerals(tmp_path: Path) -> None:
    for number, year_line in enumerate(["二〇二四年度", "（二〇二四年）"]):
        text = SHANGHAI_HEAD.replace("(2024年度)", year_line) + SHANGHAI_TAIL
        imported = import_text(tmp_path / str(number), tabbed(text))
        assert imported.data["年度"] == "2024", year_line
        assert imported.form.unplaced == []


# ------------------------------------------------------------------ what is a title


def test_prose_naming_the_form_is_no_title(tmp_path: Path) -> None:
    """A sentence that names the form, long or short, ending with the name or going on after
    it, is prose above the form: it starts no form of its own and is reported as it stands."""
    sentences = [
        "本部门共有4个项目编制了财政项目支出绩效目标申报表",
        "各项目的项目支出绩效目标申报表如下",
        "详见财政项目支出绩效目标申报表（附后）",
        "根据要求，现将2024年项目支出绩效目标申报表公开如下：",
    ]
    for number, sentence in enumerate(sentences):
        imported = import_text(
            tmp_path / str(number), tabbed(sentence + "\n" + SHANGHAI_HEAD + SHANGHAI_TAIL)
        )
        assert [f.project for f in imported.forms] == ["职工疗休养"], sentence
        assert imported.form.action == "新建", sentence


def test_a_title_line_may_carry_its_year_and_unit(tmp_path: Path) -> None:
    """The year, 续 and the money unit printed on the title's own line leave it a title."""
    for number, title in enumerate(
        ["项目支出绩效目标表（2024年度）单位：万元", "上海市某区教育局2024年项目支出绩效目标表"]
    ):
        imported = import_text(tmp_path / str(number), tabbed(f"{title}\n" + CENTRAL_BODY))
        assert imported.form.action == "新建", title
        assert imported.data["年度"] == "2024", title


# ------------------------------------------------------------------ an appendix heading


def test_an_appendix_heading_over_the_title_starts_no_form(tmp_path: Path) -> None:
    """附件：…申报表 over the form's own title heads the appendix: it is text outside the forms,
    reported as such, and each form under it is read whole."""
    for number, heading in enumerate(
        ["附件：2024年项目支出绩效目标申报表", "附表3：上海市某区2024年项目预算绩效目标表"]
    ):
        first = SHANGHAI_HEAD + SHANGHAI_TAIL
        second = (SHANGHAI_HEAD + SHANGHAI_TAIL).replace("职工疗休养", "职工书屋")
        directory = tmp_path / str(number)
        imported = import_text(directory, tabbed(f"{heading}\n{first}{heading}\n附件2\n{second}"))
        assert [(f.project, f.action) for f in imported.forms] == [
            ("职工疗休养", "新建"),
            ("职工书屋", "新建"),
        ], heading
        assert imported.errors == []
        for form in imported.forms:
            assert form.unplaced == [], heading
        assert imported.outside == [heading, heading, "附件2"]


def test_the_year_of_an_appendix_heading_serves_a_title_without_one(tmp_path: Path) -> None:
    heading = "附件2：2024年项目支出绩效目标表\n项目支出绩效目标表\n"
    imported = import_text(tmp_path, tabbed(heading + CENTRAL_BODY))
    assert imported.form.action == "新建"
    assert imported.data["年度"] == "2024"
    assert "年度 2024 取自标题上方的“附件2：2024年项目支出绩效目标表”" in imported.notes


# ------------------------------------------------------------------ signatures under the table

SIGNATURES = [
    "填报人：张三　　联系电话：021-12345678　　填报日期：2025年1月10日",
    "单位负责人：李四|审核人：王五|财务负责人：赵六",
    "填报单位（盖章）：|某区总工会",
    "联系人|张三|填表人|李四",
]


def test_signature_lines_under_the_table_are_no_indicators(tmp_path: Path) -> None:
    """The lines a form is signed with are text after the table: listed as not placed, with a
    note, never an indicator (nor the rest of the last one's name)."""
    forms = {
        "shanghai": SHANGHAI_HEAD + SHANGHAI_TAIL,
        "central": f"项目支出绩效目标表\n（2024年度）\n{CENTRAL_BODY}",
    }
    for name, form in forms.items():
        imported = import_text(tmp_path / name, tabbed(form + "\n".join(SIGNATURES) + "\n"))
        assert imported.form.action == "新建", name
        assert imported.errors == [], name
        unsigned = import_text(tmp_path / f"{name}-unsigned", tabbed(form))
        assert imported.indicators() == unsigned.indicators(), name
        unplaced = [c.text for c in imported.form.unplaced] + imported.outside
        assert unplaced == [
            "填报人：张三 联系电话：021-12345678 填报日期：2025年1月10日",
            "单位负责人：李四", "审核人：王五", "财务负责人：赵六",
            "填报单位（盖章）：", "某区总工会",
            "联系人", "张三", "填表人", "李四",
        ], name  # fmt: skip
        assert "看作表后的签署栏，没有作为指标导入" in imported.notes, name


def test_an_indicator_named_after_a_signer_stays_an_indicator(tmp_path: Path) -> None:
    body = CENTRAL_BODY.replace("学生及家长满意度|≥95%", "联系人满意度|≥95%")
    imported = import_text(tmp_path, tabbed(f"项目支出绩效目标表\n（2024年度）\n{body}"))
    assert ("满意度指标", "服务对象满意度指标", "联系人满意度", "≥95%") in imported.indicators()


def _sichuan(after_first_project: str = "", after_table: str = "") -> str:
    """The Sichuan one-table-per-department form, with lines put in after the first project's
    row and after the table."""
    from tests.support.published_pdfs import sichuan_department

    lines = sichuan_department().text().splitlines()
    first = next(i for i, line in enumerate(lines) if "村级组织运转经费" in line)
    lines[first + 1 : first + 1] = tabbed(after_first_project).splitlines()
    return "\n".join(lines) + "\n" + tabbed(after_table)


def test_a_signature_under_a_department_table_is_no_project(tmp_path: Path) -> None:
    """单位负责人：… | 填表人：… under the table put 填表人：王五 in the column of 项目名称:
    it was a project of that name, and the cells were used without being placed."""
    imported = import_text(tmp_path, _sichuan(after_table="单位负责人：李四|填表人：王五"))
    assert [f.project for f in imported.forms] == ["村级组织运转经费", "场镇环境卫生整治"]
    assert imported.errors == []
    assert [c.text for f in imported.forms for c in f.unplaced] == [
        "单位负责人：李四",
        "填表人：王五",
    ]


def test_text_in_a_project_column_under_the_project_row_is_reported(tmp_path: Path) -> None:
    """A line under the project's row with text in a project column (the rest of a wrapped
    年度目标) was used without being placed: it is listed as not placed. A copy of the
    project's own cell (a merged cell filled down) is still taken as read."""
    copy = "马踏镇人民政府||||效益指标|社会效益指标|报酬按时发放率|=|100|%|0|正向"
    rest = "|||另保障村级活动阵地日常运行。"
    imported = import_text(tmp_path, _sichuan(after_first_project=f"{copy}\n{rest}"))
    assert [f.project for f in imported.forms] == ["村级组织运转经费", "场镇环境卫生整治"]
    assert [c.text for c in imported.forms[0].unplaced] == ["另保障村级活动阵地日常运行。"]
    assert imported.forms[0].indicators == 5


# ------------------------------------------------------------------ the unit printed again


def test_a_unit_printed_again_inside_the_table_confirms_or_conflicts(tmp_path: Path) -> None:
    """单位：万元 printed again among the indicators (over a continuation page) was listed as
    not placed. The same unit confirms the form's; another is an error, as above the table."""
    head = "项目支出绩效目标表\n（2024年度）\n|||单位：万元\n"
    for number, (again, refused) in enumerate([("单位：万元", False), ("金额单位：元", True)]):
        body = CENTRAL_BODY.replace("|效益指标|", f"{again}\n|效益指标|")
        imported = import_text(tmp_path / str(number), tabbed(head + body))
        assert (imported.form.action == "拒绝") is refused, again
        if refused:
            (error,) = imported.form.errors
            assert f"“{again}”写的金额单位是元" in error and "“单位：万元”写的是万元" in error
        else:
            assert imported.data["资金单位"] == "万元"
            assert len(imported.indicators()) == 3
            assert imported.form.unplaced == []


def test_the_units_of_a_department_table_must_agree(tmp_path: Path) -> None:
    """The whole table's amounts are in one unit: a second statement above it or one printed
    again inside it must say the same, else no project of the table can be imported."""
    agreeing = import_text(tmp_path / "same", _sichuan(after_first_project="单位：元"))
    assert [f.action for f in agreeing.forms] == ["新建", "新建"]
    assert [c.text for f in agreeing.forms for c in f.unplaced] == []
    inside = import_text(tmp_path / "inside", _sichuan(after_first_project="金额单位：万元"))
    above = import_text(
        tmp_path / "above", _sichuan().replace("金额单位：元\n", "金额单位：元\n单位：万元\n")
    )
    for imported in (inside, above):
        assert [f.action for f in imported.forms] == ["拒绝", "拒绝"]
        for form in imported.forms:
            (error,) = form.errors
            assert "写的金额单位是万元" in error and "“金额单位：元”写的是元" in error


def test_a_subtotal_that_agrees_needs_no_warning(tmp_path: Path) -> None:
    imported = import_text(tmp_path, _sichuan())
    assert [f.action for f in imported.forms] == ["新建", "新建"]
    assert not any("小计" in w for f in imported.forms for w in f.warnings)


def test_an_appendix_mark_under_the_table_is_no_indicator(tmp_path: Path) -> None:
    """附件2 alone on its line between two forms was read as an indicator of the first."""
    first = SHANGHAI_HEAD + SHANGHAI_TAIL
    second = first.replace("职工疗休养", "职工书屋")
    for number, mark in enumerate(["附件2", "附表3：", "附件二"]):
        imported = import_text(tmp_path / str(number), tabbed(f"{first}{mark}\n{second}"))
        assert [f.indicators for f in imported.forms] == [5, 5], mark
        assert [c.text for c in imported.forms[0].unplaced] == [mark]


# ------------------------------------------------------------------ the department's code


def test_a_department_code_before_a_dash_or_a_space_is_the_code(tmp_path: Path) -> None:
    """主管部门及代码 printed `201-某市教育局` or `201 某市教育局` (other exports of the same cell
    that prints `[201]某市教育局`) was kept whole: a second department, 201-某市教育局, was added
    to the registry beside 某市教育局, and the form had no 部门代码."""
    head = "项目支出绩效目标表\n（2024年度）\n"
    written = {}
    for number, printed in enumerate(["[201]某市教育局", "201-某市教育局", "201 某市教育局"]):
        body = CENTRAL_BODY.replace("[201]某市教育局", printed).replace(
            "学生资助", f"学生资助{number}"
        )
        source = tmp_path / f"{number}.txt"
        source.write_text(tabbed(head + body), encoding="utf-8")
        report = Importer(tmp_path / "content").import_file(source)
        (form,) = report.forms
        assert form.errors == [], form.errors
        written[printed] = Path(form.file or "")
    assert {path.parent.name for path in written.values()} == {"mou-shi-jiao-yu-ju"}
    for path in written.values():
        text = path.read_text(encoding="utf-8")
        assert "主管部门: 某市教育局\n部门代码: 201\n" in text, text
    registry = (tmp_path / "content" / "departments.yaml").read_text(encoding="utf-8")
    assert registry.count("某市教育局") == 1, registry


CENTRAL_UNIT = """\
项目绩效目标表
（2023年度）
项目名称|科研条件保障项目
主管部门及代码|[173]中国科学院||实施单位|中国科学院某研究所
项目资金（万元）|年度资金总额|1,234.56|执行率分值（10）
|其中：财政拨款|1000.00
|上年结转资金|234.56
|其他资金|
年度总体目标|完成科研平台运行保障。
绩效指标|一级指标|二级指标|三级指标|指标值|分值权重（90）
|产出指标|数量指标|发表论文数|≥20篇|50
|效益指标|社会效益指标|支撑国家重大需求|有效支撑|30
|满意度指标|服务对象满意度指标|合作单位满意度|≥90%|10
"""


def test_a_department_code_in_a_cell_of_its_own_goes_with_the_name(tmp_path: Path) -> None:
    """主管部门及代码 | 173 | 中国科学院 (an export that split the merged cell): 173 was taken
    for the department and 中国科学院 was left not placed."""
    text = CENTRAL_UNIT.replace("[173]中国科学院|", "173|中国科学院")
    imported = import_text(tmp_path, tabbed(text))
    assert imported.errors == [] and imported.form.unplaced == []
    assert (imported.data["主管部门"], imported.data["部门代码"]) == ("中国科学院", "173")
    assert (
        "第 4 行第 2 格、第 4 行第 3 格：主管部门及代码的代码“173”和名称“中国科学院”各占一格，"
        "读作部门代码 173、主管部门 中国科学院"
    ) in imported.notes


def test_the_execution_points_may_say_fen(tmp_path: Path) -> None:
    """执行率分值（10分）: the points were not read, and no note said so (the 10 was lost)."""
    imported = import_text(tmp_path, tabbed(CENTRAL_UNIT.replace("（10）", "（10分）")))
    assert imported.errors == [] and imported.form.unplaced == []
    assert imported.data["执行率分值"] == "10"
    unread = import_text(tmp_path / "unread", tabbed(CENTRAL_UNIT.replace("（10）", "（十分）")))
    assert unread.data["执行率分值"] is None
    assert "第 5 行第 4 格：“执行率分值（十分）”中读不出执行率的分值" in unread.notes


@pytest.mark.parametrize("printed", ["分值权重（90分）", "分值权重(90分)", "权重（%）", "权重(%)"])
def test_a_weight_column_may_say_fen_or_percent(tmp_path: Path, printed: str) -> None:
    """`分值权重（90分）` and `权重(%)` were not taken for the weight column: its values stood
    under 其他列 and the weights were not read (nothing was lost, but nothing was checked)."""
    plain = import_text(tmp_path / "plain", tabbed(CENTRAL_UNIT))
    imported = import_text(
        tmp_path / "said", tabbed(CENTRAL_UNIT.replace("分值权重（90）", printed))
    )
    assert imported.errors == [] and imported.form.unplaced == []
    weights = [
        i.get("分值权重") or i.get("权重")
        for l2s in imported.data["绩效指标"].values()
        for items in l2s.values()
        for i in items
    ]
    assert weights == ["50", "30", "10"]
    assert all("其他列" not in str(i) for l2s in imported.data["绩效指标"].values() for i in l2s)
    if "90" in printed:
        assert imported.data["绩效指标"] == plain.data["绩效指标"]
