"""自评表 as they are really printed: a declaration after them, wrapped names and weights, the
总分 row in the indicator columns, page furniture between rows (DOMAIN.md, Self-evaluation).

Each fixture is a small tab-separated text export written here, read by the same reader and
recogniser `jixiao import` uses; the end-to-end tests import into an empty content folder and
load the written file as `jixiao check` does.
"""

from __future__ import annotations

from pathlib import Path

from generator.importers.evaluation_recognise import RecognisedEvaluation, recognise_evaluations
from generator.importers.run import Importer, SourceReport
from generator.importers.sources import read_text
from generator.load.corpus import load_corpus
from tests.support.evaluation_fixtures import NATIONAL_FUNDING_HEADER
from tests.support.evaluation_fixtures import NATIONAL_INDICATOR_HEADER as INDICATOR_HEADER

TAB = "\t"


def _text(rows: list[list[str]]) -> str:
    return "\n".join(TAB.join(row) for row in rows) + "\n"


def _recognise(tmp_path: Path, rows: list[list[str]]) -> tuple[list[RecognisedEvaluation], int]:
    """The 自评表 of a text export, and how many rows were left to the declarations' reader."""
    source = tmp_path / "form.txt"
    source.write_text(_text(rows), "utf-8")
    forms, rest = recognise_evaluations(read_text(source))
    return forms, len(rest.rows)


def _import(tmp_path: Path, rows: list[list[str]]) -> tuple[SourceReport, Path]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "form.txt"
    source.write_text(_text(rows), "utf-8")
    content = tmp_path / "content"
    content.mkdir()
    report = Importer(content).import_file(source)
    assert report.error is None, report.error
    return report, content


def _written(content: Path) -> str:
    (path,) = content.rglob("*.自评.yaml")
    return path.read_text("utf-8")


def _check(content: Path) -> list[tuple[str, str]]:
    corpus = load_corpus(content, models=False)
    return [(d.severity.value, d.code) for d in corpus.diagnostics if d.path.endswith("自评.yaml")]


HEAD = [
    ["项目支出绩效自评表"],
    ["（2024年度）"],
    ["项目名称", "职工服务阵地运维"],
    ["主管部门", "上海市宝山区总工会", "实施单位", "上海市宝山区职工服务中心"],
    [*NATIONAL_FUNDING_HEADER],
    ["", "年度资金总额", "50.00", "50.00", "50.00", "10", "100.00%", "10"],
    ["年度总体目标", "预期目标", "", "", "实际完成情况"],
    ["", "运维职工服务阵地。", "", "", "完成。"],
]
LABELLED_TOTAL = ["总分", "100", "自评得分", "100", "自评等级", "优"]


def _indicator(level1: str, level2: str, name: str, points: str, score: str) -> list[str]:
    return ["", level1, level2, name, "≥90%", "95%", points, score, ""]


def _form(*indicator_rows: list[str], total: list[list[str]] | None = None) -> list[list[str]]:
    return [*HEAD, INDICATOR_HEADER, *indicator_rows, *(total or [LABELLED_TOTAL])]


FULL = (
    _indicator("产出指标", "数量指标", "开放天数", "50", "50"),
    _indicator("效益指标", "社会效益指标", "服务人次", "30", "30"),
    _indicator("满意度指标", "服务对象满意度指标", "职工满意度", "10", "10"),
)


# --- 1. a 自评表 followed by a declaration ----------------------------------------------------


DECLARATION = [
    ["（2025年度）"],
    ["项目名称", "大型仪器共享平台"],
    ["主管部门及代码", "[173]中国科学院", "实施单位", "中国科学院某研究所"],
    ["项目资金（万元）", "", "年度资金总额", "500.00", "执行率分值（10）"],
    ["", "", "其中：财政拨款", "500.00"],
    ["年度总体目标", "建设共享平台。"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "分值权重（90）"],
    ["", "产出指标", "数量指标", "接入仪器数", "≥100台", "90"],
]


def test_a_declaration_after_the_evaluation_ends_it_whatever_its_title(tmp_path: Path) -> None:
    for title in ("项目绩效目标表", "项目支出绩效目标表", "财政项目支出绩效目标申报表",
                  "某区2025年项目支出绩效目标申报表"):  # fmt: skip
        rows = [*_form(*FULL), [title], *DECLARATION]
        (form,), rest = _recognise(tmp_path, rows)
        assert [i["三级指标"] for i in form.indicators] == ["开放天数", "服务人次", "职工满意度"]
        assert form.unplaced == [], title
        assert rest == 1 + len(DECLARATION), title  # every row of the declaration is its own


# --- 2. a wrapped 三级指标 name, reason or 实际完成值 ---------------------------------------------


def test_a_wrapped_name_is_joined_to_the_indicator_above_and_reported(tmp_path: Path) -> None:
    rows = _form(
        ["", "产出指标", "数量指标", "职工服务阵地开放", "≥300天", "310天", "25", "25", ""],
        ["", "", "", "天数", "", "", "", "", ""],
        ["", "", "质量指标", "设施完好率", "≥95%", "97%", "25", "25", "受设备老化影响，"],
        ["", "", "", "", "", "", "", "", "部分设施维修。"],
        ["", "效益指标", "社会效益指标", "服务职工人次", "≥10000", "12000人", "30", "30", ""],
        ["", "", "", "", "人次", "次", "", "", ""],
        _indicator("满意度指标", "服务对象满意度指标", "职工满意度", "10", "10"),
    )
    (form,), _ = _recognise(tmp_path, rows)
    assert [i["三级指标"] for i in form.indicators] == [
        "职工服务阵地开放天数",
        "设施完好率",
        "服务职工人次",
        "职工满意度",
    ]
    assert form.indicators[1]["偏差原因分析及改进措施"] == "受设备老化影响，部分设施维修。"
    assert form.indicators[2]["年度指标值"] == "≥10000人次"
    assert form.indicators[2]["实际完成值"] == "12000人次"
    assert form.unplaced == []
    joins = [w for w in form.warnings if "折行" in w]
    assert len(joins) == 3
    assert joins[0].startswith("第 11 行第 4 格：“天数”")


def test_a_name_alone_on_its_line_takes_the_values_printed_beside_its_next_line(
    tmp_path: Path,
) -> None:
    # A PDF prints a row's values beside the middle of a name wrapped over its lines.
    rows = _form(
        ["", "产出指标", "数量指标", "组织公益乐学培训", "", "", "", "", ""],
        ["", "", "", "次数", ">=100场次", "96场次", "50", "48", ""],
        _indicator("效益指标", "社会效益指标", "服务人次", "30", "30"),
        _indicator("满意度指标", "服务对象满意度指标", "职工满意度", "10", "10"),
    )
    (form,), _ = _recognise(tmp_path, rows)
    first = form.indicators[0]
    assert first["三级指标"] == "组织公益乐学培训次数"
    assert (first["年度指标值"], first["分值"], first["得分"]) == (">=100场次", "50", "48")
    assert len(form.indicators) == 3


def test_a_long_lone_name_is_its_own_indicator_not_a_wrap(tmp_path: Path) -> None:
    # Longer than the name above: it cannot be that name's wrapped line.
    rows = _form(
        _indicator("产出指标", "数量指标", "开放天数", "50", "50"),
        ["", "", "", "职工服务阵地开放时长", "", "", "", "", ""],
        _indicator("效益指标", "社会效益指标", "服务人次", "30", "30"),
    )
    (form,), _ = _recognise(tmp_path, rows)
    assert [i["三级指标"] for i in form.indicators] == [
        "开放天数",
        "职工服务阵地开放时长",
        "服务人次",
    ]


# --- 3. a first-level cell's weight wrapped onto a line of its own -----------------------------


def test_a_wrapped_level_weight_belongs_to_its_level(tmp_path: Path) -> None:
    for weight in ("(50分)", "（50分）"):
        rows = _form(
            [
                "",
                "产出指标",
                "数量指标",
                "培训次数",
                ">=100场次",
                "96场次",
                "25",
                "24",
                "受维修影响",
            ],
            ["", weight, "", "", "", "", "", "", ""],
            ["", "", "", "场馆开放率", "=100%", "100%", "25", "25", ""],
            ["", "效益指标", "社会效益指标", "服务人次", "≥1万", "1.2万", "30", "30", ""],
            ["", "(30分)", "", "", "", "", "", "", ""],
            _indicator("满意度指标", "服务对象满意度", "职工满意度", "10", "10"),
            ["", "", "指标", "", "", "", "", "", ""],
        )
        (form,), _ = _recognise(tmp_path, rows)
        levels = [(i["一级指标"], i["二级指标"]) for i in form.indicators]
        assert levels == [
            (f"产出指标{weight}", "数量指标"),
            (f"产出指标{weight}", "数量指标"),
            ("效益指标(30分)", "社会效益指标"),
            ("满意度指标", "服务对象满意度指标"),
        ], weight
        assert form.unplaced == []
        assert sum("折行" in w for w in form.warnings) == 3


def test_the_wrapped_weight_is_stored_and_checked_as_the_one_line_weight(tmp_path: Path) -> None:
    wrapped = _form(
        _indicator("产出指标", "数量指标", "开放天数", "40", "40"),
        ["", "(50分)", "", "", "", "", "", "", ""],
        _indicator("效益指标", "社会效益指标", "服务人次", "40", "40"),
        _indicator("满意度指标", "服务对象满意度指标", "职工满意度", "10", "10"),
        total=[["总分", "100", "自评得分", "100", "自评等级", "优"]],
    )
    one_line = [list(row) for row in wrapped if row[1:2] != ["(50分)"]]
    one_line[len(HEAD) + 1][1] = "产出指标(50分)"
    _, content = _import(tmp_path / "wrapped", wrapped)
    _, expected = _import(tmp_path / "one", one_line)
    assert _written(content) == _written(expected)
    assert "一级指标: 产出指标(50分)" in _written(content)
    assert ("提示", "evaluation-level1-points") in _check(content)  # 50 written, 40 under it


# --- 4. the 总分 row in the indicator table's columns ------------------------------------------


def _total_in_columns(points: str, score: str) -> list[list[str]]:
    return [["总分", "", "", "", "", "", points, score, ""], ["自评等级", "优"]]


def test_the_total_row_in_the_indicator_columns_gives_total_points_and_score(
    tmp_path: Path,
) -> None:
    rows = _form(*FULL, total=_total_in_columns("100", "90.6"))
    rows[len(HEAD) + 1][6:8] = ["50", "40.6"]
    report, content = _import(tmp_path, rows)
    (form,) = report.forms
    assert form.unplaced == []
    text = _written(content)
    assert "总分: 100\n自评得分: 90.6\n自评等级: 优\n" in text
    # The totals add up, and 90.6 is 优 under the bands: no problem of the form to report.
    codes = {code for _, code in _check(content)}
    assert not codes & {"evaluation-grade", "evaluation-score-sum", "evaluation-points-sum"}


def test_a_grade_against_the_bands_is_reported_for_a_column_total(tmp_path: Path) -> None:
    rows = _form(*FULL, total=[*_total_in_columns("100", "90.6")[:1], ["自评等级", "良"]])
    rows[len(HEAD) + 1][6:8] = ["50", "40.6"]
    _, content = _import(tmp_path, rows)
    assert ("提示", "evaluation-grade") in _check(content)


def test_a_total_written_twice_keeps_the_first_and_reports_the_second(tmp_path: Path) -> None:
    rows = _form(*FULL, total=[*_total_in_columns("100", "90"), ["自评得分", "95"]])
    (form,), _ = _recognise(tmp_path, rows)
    assert form.fields["自评得分"] == "90"
    assert [c.text for c in form.unplaced] == ["95"]
    assert any("自评得分已经读到“90”" in w for w in form.warnings)


def test_a_total_row_for_the_budget_system_layout(tmp_path: Path) -> None:
    header = ["绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
              "完成值", "权重", "得分", "未完成原因分析"]  # fmt: skip
    rows = [
        *HEAD,
        header,
        ["", "产出指标", "数量指标", "养护里程", "≥", "500", "公里", "480", "90", "86", ""],
        ["总计", "", "", "", "", "", "", "", "100", "96", ""],
    ]
    (form,), _ = _recognise(tmp_path, rows)
    assert (form.fields["总分"], form.fields["自评得分"]) == ("100", "96")
    assert form.unplaced == []


# --- 5. page furniture inside a 自评表 ----------------------------------------------------------


def test_page_furniture_between_indicator_rows_is_skipped_and_listed(tmp_path: Path) -> None:
    furniture = [
        ["第 3 页"],
        ["- 3 -"],
        ["3 / 40"],
        ["", "", "", "第 3 页，共 40 页"],
        ["上海市宝山区总工会2024年度部门决算"],
        ["续表"],
        INDICATOR_HEADER,
    ]
    rows = _form(
        _indicator("产出指标", "数量指标", "开放天数", "50", "50"),
        *furniture,
        _indicator("", "", "开放时长", "10", "10"),
        _indicator("效益指标", "社会效益指标", "服务人次", "20", "20"),
        _indicator("满意度指标", "服务对象满意度指标", "职工满意度", "10", "10"),
    )
    (form,), _ = _recognise(tmp_path, rows)
    assert [i["三级指标"] for i in form.indicators] == [
        "开放天数",
        "开放时长",
        "服务人次",
        "职工满意度",
    ]
    assert form.indicators[1]["二级指标"] == "数量指标"  # the table goes on across the page
    assert form.unplaced == []
    skipped = [w for w in form.warnings if "跳过" in w]
    assert len(skipped) == len(furniture)
    assert "“第 3 页”是页码" in skipped[0]
    assert "页眉" in skipped[4] and "续表" in skipped[5] and "重复的表头" in skipped[6]


def test_a_page_number_after_a_long_text_is_not_part_of_it(tmp_path: Path) -> None:
    rows = [*_form(*FULL), ["评价结论", "项目按期完成，"], ["", "效果良好。"], ["- 4 -"],
            ["上海市宝山区总工会"]]  # fmt: skip
    (form,), _ = _recognise(tmp_path, rows)
    assert form.fields["评价结论"] == "项目按期完成，效果良好。"
    assert [c.text for c in form.unplaced] == ["上海市宝山区总工会"]  # not a continuation


def test_the_title_printed_again_on_the_next_page_continues_the_form(tmp_path: Path) -> None:
    rows = _form(
        _indicator("产出指标", "数量指标", "开放天数", "50", "50"),
        ["项目支出绩效自评表（续）"],
        _indicator("效益指标", "社会效益指标", "服务人次", "30", "30"),
    )
    forms, _ = _recognise(tmp_path, rows)
    assert len(forms) == 1
    assert [i["三级指标"] for i in forms[0].indicators] == ["开放天数", "服务人次"]
    assert any("重复的标题" in w for w in forms[0].warnings)


# --- 6. the samples' other cases ---------------------------------------------------------------


def test_a_dash_in_a_number_column_is_blank_and_reported_a_zero_stays_zero(
    tmp_path: Path,
) -> None:
    rows = _form(*FULL)
    funding = rows.index(["", "年度资金总额", "50.00", "50.00", "50.00", "10", "100.00%", "10"])
    rows[funding + 1 : funding + 1] = [
        ["", "其中：当年财政拨款", "50.00", "50.00", "50.00", "—", "100.00%", "—"],
        ["", "上年结转资金", "", "", "", "－", "/", "-"],
        ["", "其他资金", "0.00", "0", "0.00", "", "", ""],
    ]
    report, content = _import(tmp_path, rows)
    text = _written(content)
    assert (
        "  - 资金来源: 其中：当年财政拨款\n    年初预算数: 50.00\n    全年预算数: 50.00\n"
        "    全年执行数: 50.00\n    分值:  # 原表印作“—”\n    执行率: 100.00%\n"
        "    得分:  # 原表印作“—”\n"
    ) in text
    assert (
        "  - 资金来源: 上年结转资金\n    年初预算数:\n    全年预算数:\n    全年执行数:\n"
        "    分值:  # 原表印作“－”\n    执行率:  # 原表印作“/”\n    得分:  # 原表印作“-”\n"
    ) in text
    assert "  - 资金来源: 其他资金\n    年初预算数: 0.00\n    全年预算数: 0.00\n" in text
    assert [s for s, _ in _check(content)].count("错误") == 0
    dashes = [w for w in report.forms[0].warnings if "不适用" in w]
    assert len(dashes) == 5 and dashes[0].startswith("第 7 行第 6 格：“—”")


def test_block_names_split_over_two_lines_are_consumed_not_kept_as_columns(
    tmp_path: Path,
) -> None:
    rows = [
        ["项目支出绩效自评表"],
        ["（2024年度）"],
        ["项目名称", "职工服务阵地运维"],
        ["主管部门", "上海市宝山区总工会", "实施单位", "上海市宝山区职工服务中心"],
        ["项目资金", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["（元）", "年度资金总额", "500000.00", "500000.00", "500000.00", "10", "100.00%", "10"],
        ["年度总体", "预期目标", "", "", "实际完成情况"],
        ["目标", "运维职工服务阵地。", "", "", "完成。"],
        ["绩效", *INDICATOR_HEADER[1:]],
        ["指标", *_indicator("产出指标", "数量指标", "开放天数", "50", "50")[1:]],
        _indicator("效益指标", "社会效益指标", "服务人次", "30", "30"),
        _indicator("满意度指标", "服务对象满意度指标", "职工满意度", "10", "10"),
        LABELLED_TOTAL,
    ]
    (form,), _ = _recognise(tmp_path, rows)
    assert form.unplaced == []
    assert str(form.unit) == "元"
    assert form.goal == {"预期目标": "运维职工服务阵地。", "实际完成情况": "完成。"}
    assert all("其他列" not in i for i in form.indicators)
    assert [i["三级指标"] for i in form.indicators] == ["开放天数", "服务人次", "职工满意度"]


def test_a_wrapped_header_value_is_joined_to_its_label(tmp_path: Path) -> None:
    rows = _form(*FULL)
    rows[2:4] = [
        ["项目名称", "兰溪路-真南路下立交工"],
        ["", "程养护"],
        ["主管部门", "上海市普陀区建设和管", "实施单位", "上海市普陀区市政工程"],
        ["", "理委员会", "", "管理所"],
    ]
    (form,), _ = _recognise(tmp_path, rows)
    assert form.name == "兰溪路-真南路下立交工程养护"
    assert form.fields["主管部门"] == "上海市普陀区建设和管理委员会"
    assert form.fields["实施单位"] == "上海市普陀区市政工程管理所"
    assert form.unplaced == []
    assert sum("折行" in w for w in form.warnings) == 3


def test_scores_written_with_fen_are_read_as_numbers_and_reported(tmp_path: Path) -> None:
    rows = _form(
        _indicator("产出指标", "数量指标", "开放天数", "50分", "50分"),
        _indicator("效益指标", "社会效益指标", "服务人次", "30", "30"),
        _indicator("满意度指标", "服务对象满意度指标", "职工满意度", "10", "10"),
    )
    report, content = _import(tmp_path, rows)
    assert "    分值: 50\n    得分: 50\n" in _written(content)
    fen = [w for w in report.forms[0].warnings if "去掉了“分”字" in w]
    assert [w.split("：")[0] for w in fen] == ["第 10 行第 7 格", "第 10 行第 8 格"]


def test_wrapped_lines_stop_joining_at_the_longest_field(tmp_path: Path) -> None:
    # A hostile export of thousands of one-character rows: each would join to the text above,
    # copying a text that grows with every row. Joins stop at the longest field; the rest is
    # reported as not placed, never dropped.
    wraps = 6_000
    rows = _form(
        ["", "产出指标", "数量指标", "开放天数", "≥300天", "310天", "50", "50", "原因"],
        *[["", "", "", "", "", "", "", "", "字"] for _ in range(wraps)],
    )
    (form,), _ = _recognise(tmp_path, rows)
    reason = str(form.indicators[0]["偏差原因分析及改进措施"])
    assert 5_000 <= len(reason) <= 5_001
    assert len(reason) - len("原因") + len(form.unplaced) == wraps


def test_a_wrapped_header_value_stops_joining_at_the_longest_field(tmp_path: Path) -> None:
    # The same bound for the rest of a header value (主管部门 … / 理委员会): a hostile export of
    # thousands of rows under a label's value joined them all, each join copying the whole text
    # and quoting it in a note (20,000 rows took 17 s). The rest is reported as not placed.
    wraps = 2_000
    rows = _form(*FULL)
    rows[3:4] = [
        ["主管部门", "上海市宝山区总工会", "实施单位", "上海市宝山区职工服务中心"],
        *[["", "宝山区总工会"] for _ in range(wraps)],
    ]
    (form,), _ = _recognise(tmp_path, rows)
    department = str(form.fields["主管部门"])
    assert 5_000 <= len(department) < 5_000 + len("宝山区总工会")
    joined = (len(department) - len("上海市宝山区总工会")) // len("宝山区总工会")
    assert [c.text for c in form.unplaced] == ["宝山区总工会"] * (wraps - joined)
    assert sum("折行" in w for w in form.warnings) == joined


# ------------------------------------------------------------------ xlsx display rounding


def _rounded_evaluation(path: Path, *, spent: float, score: float) -> None:
    """A 自评表 workbook whose 全年执行数 and two 得分 cells hold more places than `0.00` shows,
    beside a 执行率 (95.01%) and a 自评得分 (98.89) that the held numbers give."""
    from tests.support import import_fixtures as fx

    rows = [
        ["项目支出绩效自评表"],
        ["（2024年度）"],
        ["项目名称", "职工服务阵地运维"],
        ["主管部门", "上海市宝山区总工会", "实施单位", "上海市宝山区职工服务中心"],
        [*NATIONAL_FUNDING_HEADER],
        ["", "年度资金总额", "80.00", "80.00", "76.00", "10", "95.01%", "10"],
        INDICATOR_HEADER,
        ["", "产出指标", "数量指标", "开放天数", "≥90%", "95%", "45", "44.44", ""],
        ["", "效益指标", "社会效益指标", "服务人次", "≥90%", "95%", "45", "44.44", ""],
        ["总分", "100", "自评得分", "98.89", "自评等级", "优"],
    ]
    grid = fx.Grid(rows)
    grid.typed[(5, 4)] = (spent, "0.00")
    grid.typed[(7, 7)] = (score, "0.00")
    grid.typed[(8, 7)] = (44.444, "0.00")
    fx.write_xlsx(path, {"自评表": [grid]})


def test_a_rate_and_a_score_sum_the_display_format_breaks_say_so(tmp_path: Path) -> None:
    source = tmp_path / "rounded.xlsx"
    _rounded_evaluation(source, spent=76.004, score=44.444)
    content = tmp_path / "content"
    report = Importer(content).import_file(source)
    (form,) = report.forms
    text = _written(content)
    assert "全年执行数: 76.00" in text and "得分: 44.44" in text  # imported as shown
    assert "原表如此" not in text
    assert text.count("显示格式四舍五入") == 2  # 执行率 and 自评得分
    assert "自评表!E6 显示 76.00、存的是 76.004" in text
    assert "自评表!H8 显示 44.44、存的是 44.444" in text
    assert sum("显示格式四舍五入" in w for w in form.warnings) == 2
    assert any("自评表!E6" in r and "76.004" in r for r in report.remarks)
    assert [s for s, _ in _check(content) if s == "错误"] == []


def test_a_rate_the_held_numbers_break_too_stays_a_published_problem(tmp_path: Path) -> None:
    source = tmp_path / "wrong.xlsx"
    _rounded_evaluation(source, spent=76.0001, score=44.4401)  # held: 95.0001%, 98.8841
    content = tmp_path / "content"
    Importer(content).import_file(source)
    text = _written(content)
    assert text.count("说明: 原表如此") == 2
    assert "显示格式四舍五入" not in text
