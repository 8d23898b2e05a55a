"""`datapackage.json`: a Frictionless Data Package describing the CSV downloads.

Field names are the CSV's Chinese headers; each field says its type, and money fields say their
unit, so that tools read amounts as exact decimals and blanks as missing, not as zero. The
constraints are the ones `jixiao check` enforces (amounts are not negative, units and reading
kinds come from fixed lists, every project has an id, a year and a name), so that a validator
such as frictionless (tests/site/test_datapackage.py) finds a CSV that no check would have passed.
"""

from __future__ import annotations

import json

from generator.core.evaluation_analysis import Reading
from generator.core.money import MoneyUnit
from generator.core.targets import Direction, TargetKind
from generator.site.export import INDICATOR_COLUMNS, PROJECT_COLUMNS
from generator.site.export_evaluations import (
    EVALUATION_COLUMNS,
    EVALUATION_INDICATOR_COLUMNS,
    NO,
    YES,
)

_TYPES = {
    "year": "integer",
    "overall_goal.start_year": "integer",
    "overall_goal.end_year": "integer",
    "start_date": "date",
    "end_date": "date",
    "reading_deadline": "date",
    "reading_value": "number",
    # Self-evaluations (export_evaluations): scores and our counts.
    "execution_rate": "number",
    "total_points": "number",
    "total_score": "number",
    "points": "number",
    "score": "number",
    "rule_score": "number",
    "position": "integer",
    **{
        key: "integer"
        for key in (
            "met",
            "unmet",
            "self_reported",
            "unknown",
            "full_marks_unmet",
            "changed_targets",
            "score_disagrees",
            "missing_declared",
        )
    },
}
# Derived from the types the exports write, so that a new unit, kind or reading cannot be
# exported without the data package allowing it.
_ENUMS = {
    "source_money_unit": [unit.value for unit in MoneyUnit],
    "reading_kind": [kind.value for kind in TargetKind],
    "reading_direction": [direction.value for direction in Direction],
    "reading": [reading.value for reading in Reading],
    "has_declaration": [YES, NO],
    "flag_target_changed": [YES, NO],
    "flag_full_marks_unmet": [YES, NO],
    "flag_score_disagrees": [YES, NO],
}
_REQUIRED = {"id", "project_id", "year", "name", "project_name", "department", "evaluation_id"}
_DESCRIPTIONS = {
    "id": "项目编号：年度/主管部门代码/项目代码，与网址一致",
    "source_money_unit": "原表的金额单位；本文件中的金额都已精确换算为元",
    "reading_kind": "comparison（比较）、date（期限）或 qualitative（定性）",
    "reading_direction": "正向（越高越好）、反向（越低越好）、精确",
    "execution_rate": "本站按原表的全年执行数 ÷ 全年预算数（年度资金总额一行）计算的执行率，百分数",
    "reading": "本站按年度指标值与实际完成值作出的读法；自述达成是定性指标或按单位自述",
    "rule_score": "按通用计分规则（正向 min(实际/目标,1)×分值，反向 min(目标/实际,1)×分值）的得分",
    "discrepancies": "核对提示：已发布的原表本身的问题（如合计不符），按原表发布并在此说明；"
    "多条用“；”分隔，没有则为空",
}


def _fields(columns: tuple[tuple[str, str], ...]) -> list[dict[str, object]]:
    fields: list[dict[str, object]] = []
    for header, key in columns:
        spec: dict[str, object] = {"name": header, "type": _TYPES.get(key, "string")}
        constraints: dict[str, object] = {}
        if key.startswith("funding."):
            spec.update(
                type="number", bareNumber=True, description="金额（元），空白表示原表未填写"
            )
            constraints["minimum"] = 0
        elif key in _DESCRIPTIONS:
            spec["description"] = _DESCRIPTIONS[key]
        if key in _ENUMS:
            constraints["enum"] = _ENUMS[key]
        if key in _REQUIRED:
            constraints["required"] = True
        if constraints:
            spec["constraints"] = constraints
        fields.append(spec)
    return fields


def datapackage_json() -> str:
    """data/datapackage.json: the CSV downloads described for Frictionless tools, derived
    from the same column lists as the CSV files so that the description cannot drift from them.
    """
    package = {
        "name": "jixiao-performance-targets",
        "title": "财政项目支出绩效目标申报表",
        "description": "各部门申报的财政项目支出绩效目标：项目、资金与三级绩效指标。",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": [
            {
                "name": "projects",
                "title": "项目",
                "path": "projects.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                "schema": {
                    "fields": _fields(PROJECT_COLUMNS),
                    "primaryKey": ["项目编号"],
                    "missingValues": [""],
                },
            },
            {
                "name": "indicators",
                "title": "三级绩效指标",
                "path": "indicators.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                "schema": {
                    "fields": _fields(INDICATOR_COLUMNS),
                    "missingValues": [""],
                    "foreignKeys": [
                        {
                            "fields": ["项目编号"],
                            "reference": {"resource": "projects", "fields": ["项目编号"]},
                        }
                    ],
                },
            },
            {
                "name": "evaluations",
                "title": "绩效自评表",
                "description": "每份项目支出绩效自评表一行：原表的得分、等级和预算执行，"
                "以及本站计算的执行率和对各指标的读法的计数。项目编号与申报表相同；"
                "只有自评表的项目在 projects 中没有对应行。",
                "path": "evaluations.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                "schema": {
                    "fields": _fields(EVALUATION_COLUMNS),
                    "primaryKey": ["项目编号"],
                    "missingValues": [""],
                },
            },
            {
                "name": "evaluation_indicators",
                "title": "绩效自评指标",
                "description": "自评表的每个三级指标一行：申报的目标、自评表的目标、实际完成值、"
                "分值、得分，本站的读法和提示。",
                "path": "evaluation_indicators.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                "schema": {
                    "fields": _fields(EVALUATION_INDICATOR_COLUMNS),
                    "missingValues": [""],
                    "foreignKeys": [
                        {
                            "fields": ["项目编号"],
                            "reference": {"resource": "evaluations", "fields": ["项目编号"]},
                        }
                    ],
                },
            },
        ],
    }
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"
