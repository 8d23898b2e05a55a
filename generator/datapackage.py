"""`datapackage.json`: a Frictionless Data Package describing the CSV downloads.

Field names are the CSV's Chinese headers; each field says its type, and money fields say their
unit, so that tools read amounts as exact decimals and blanks as missing, not as zero. The
constraints are the ones `jixiao check` enforces (amounts are not negative, units and reading
kinds come from fixed lists, every project has an id, a year and a name), so that a validator
such as frictionless (tests/test_datapackage.py) finds a CSV that no check would have passed.
"""

from __future__ import annotations

import json

from generator.export import INDICATOR_COLUMNS, PROJECT_COLUMNS

_TYPES = {
    "year": "integer",
    "overall_goal.start_year": "integer",
    "overall_goal.end_year": "integer",
    "start_date": "date",
    "end_date": "date",
    "reading_deadline": "date",
    "reading_value": "number",
}
_ENUMS = {
    "source_money_unit": ["元", "万元"],
    "reading_kind": ["comparison", "date", "qualitative"],
    "reading_direction": ["正向", "反向", "精确"],
}
_REQUIRED = {"id", "project_id", "year", "name", "project_name", "department"}
_DESCRIPTIONS = {
    "id": "项目编号：年度/主管部门代码/项目代码，与网址一致",
    "source_money_unit": "原表的金额单位；本文件中的金额都已精确换算为元",
    "reading_kind": "comparison（比较）、date（期限）或 qualitative（定性）",
    "reading_direction": "正向（越高越好）、反向（越低越好）、精确",
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
        ],
    }
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"
