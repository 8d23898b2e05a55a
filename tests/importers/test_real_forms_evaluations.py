"""自评表 as they are really printed: a declaration after them, wrapped names and weights, the
总分 row in the indicator columns, page furniture between rows (DOMAIN.md, Self-evaluation).

Each fixture is a small tab-separated text export written here, read by the same reader and
recogniser `jixiao import` uses; the end-to-end tests import into an empty content folder and
load the written file as `jixiao check` does.
"""

from __future__ import annotations

from pathlib import Path

from generator.core.diagnostics import Severity
from generator.importers.evaluation_recognise import RecognisedEvaluation, recognise_evaluations
from generator.importers.run import Importer, SourceReport
from generator.importers.sources import read_text
from generator.load.corpus import load_corpus

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
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["", "年度资金总额", "50.00", "50.00", "50.00", "10", "100.00%", "10"],
    ["年度总体目标", "预期目标", "", "", "实际完成情况"],
    ["", "运维职工服务阵地。", "", "", "完成。"],
]
INDICATOR_HEADER = [
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
