"""Open-data exports: JSON with stable English keys, CSV that Excel on Chinese Windows opens.

Money is exported in 元 as decimal strings ("16357365.00"), converted exactly from the source
unit; a blank cell is `null` in JSON and an empty cell in CSV, never 0. No timestamps: the same
content always gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from generator.core.layouts import SPLIT_COLUMNS
from generator.core.model import Indicator
from generator.core.money import to_yuan
from generator.core.project import Corpus, Project
from generator.load.discrepancies import discrepancies_of
from generator.site import urls

FORMAT_VERSION = 1


def _yuan(project: Project, amount: Decimal | None) -> str | None:
    if amount is None:
        return None
    return f"{to_yuan(amount, project.declaration.unit):f}"


def project_record(project: Project) -> dict[str, Any]:
    """One project as open data: every field of the form under a stable English key, money in 元.

    The one record behind project JSON, projects.json, projects.csv and the workbook, so that
    the four downloads never disagree; a blank cell stays None (null, an empty cell), never 0.
    """
    decl = project.declaration
    pf, af = decl.project_funds, decl.annual_funds
    return {
        "id": project.id,
        "url": urls.project_page(project).url,
        "source_file": project.source_path,
        "year": decl.year,
        "name": decl.name,
        "project_code": decl.project_code,
        "layout": decl.layout,
        "category": decl.category,
        "nature": decl.nature,
        "attribute": decl.attribute,
        "department": decl.department,
        "department_code": decl.department_code,
        "department_slug": project.department_slug,
        "implementing_unit": decl.implementing_unit,
        "period": decl.period,
        "start_date": None if decl.start_date is None else decl.start_date.isoformat(),
        "end_date": None if decl.end_date is None else decl.end_date.isoformat(),
        "source_money_unit": decl.unit.value,
        "funding": {
            "project_total": _yuan(project, pf.total),
            "project_fiscal": _yuan(project, pf.fiscal),
            "project_other": _yuan(project, pf.other),
            "annual_total": _yuan(project, af.total),
            "annual_appropriation": _yuan(project, af.appropriation),
            "annual_carry_over": _yuan(project, af.carry_over),
            "annual_other": _yuan(project, af.other),
        },
        "overall_goal": {
            "start_year": decl.overall_goal.start_year,
            "end_year": decl.overall_goal.end_year,
            "text": decl.overall_goal.text,
        },
        "medium_goal": decl.medium_goal,
        "long_goal": decl.long_goal,
        "annual_goal": decl.annual_goal,
        "execution_score": decl.execution_score,
        "column_totals": decl.column_totals,
        "source": None
        if decl.source is None
        else {
            "file": decl.source.file,
            "page": decl.source.page,
            "narrative": None
            if decl.source.narrative is None
            else {
                "page": decl.source.narrative.page,
                "amount": f"{decl.source.narrative.amount:f}",
                "unit": decl.source.narrative.unit.value,
            },
        },
        # 原表问题: the published form's own problems, as the project page's 核对提示 states them.
        "discrepancies": [item.to_json() for item in discrepancies_of(decl)],
        "indicators": [
            {
                "level1": level1,
                "categories": [
                    {
                        "level2": level2,
                        "indicators": [
                            {
                                "name": i.name,
                                "target": i.target,
                                "reading": i.reading.to_json(),
                                **indicator_columns(i),
                            }
                            for i in items
                        ],
                    }
                    for level2, items in level2s.items()
                ],
            }
            for level1, level2s in decl.indicators.items()
        ],
    }


def indicator_columns(indicator: Indicator) -> dict[str, Any]:
    """The layout's further columns of an indicator: 中期 target, split columns, the long-term
    set, columns kept under their own header; null where the form has none."""
    long_term = indicator.long_term
    return {
        "medium_target": indicator.medium_target,
        "columns": {
            key: value
            for key, attribute in SPLIT_ATTRIBUTES
            if (value := getattr(indicator, attribute)) is not None
        }
        or None,
        "long_term": None
        if long_term is None
        else {"level2": long_term.level2, "name": long_term.name, "target": long_term.target},
        "other_columns": indicator.other_columns,
    }


SPLIT_ATTRIBUTES = tuple(
    (info.alias, name)
    for name, info in Indicator.model_fields.items()
    if info.alias in SPLIT_COLUMNS
)


def compact_json(data: object) -> str:
    # Compact, so that json's C encoder writes it (indent forces the pure-Python one, 1 ms a
    # project: 10 s of a 10,000-project build). Browsers and jq show it indented anyway.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _dump(data: object) -> str:
    return compact_json(data) + "\n"


# The files are written from records already in JSON, so that the site build can join the
# records it kept from the last build (export_parts.py) into the very same bytes.
def project_json_text(record: str) -> str:
    """The download beside a project's page: its record alone, versioned like projects.json."""
    return f'{{"format_version":{FORMAT_VERSION},"project":{record}}}\n'


def json_list_envelope(name: str, count: int) -> tuple[str, str]:
    """What data/projects.json and data/indicators.json write before and after their `count`
    records, which are joined by `,` in between."""
    return f'{{"format_version":{FORMAT_VERSION},"count":{count},"{name}":[', "]}\n"


def projects_json_text(records: list[str]) -> str:
    """data/projects.json: every record, in the site's order, with the count to check against."""
    head, tail = json_list_envelope("projects", len(records))
    return head + ",".join(records) + tail


def indicators_json_text(records: list[str]) -> str:
    """data/indicators.json: the indicator records, for readers who want them without the tree."""
    head, tail = json_list_envelope("indicators", len(records))
    return head + ",".join(records) + tail


def project_json(project: Project) -> str:
    return project_json_text(compact_json(project_record(project)))


def projects_json(corpus: Corpus) -> str:
    return projects_json_text([compact_json(project_record(p)) for p in corpus.projects])


def indicator_records(corpus: Corpus) -> list[dict[str, Any]]:
    """One record per 三级指标 with its project's identity repeated, so that a row of
    indicators.csv can be read (and filtered in Excel) without joining it to projects.csv.
    """
    return [record for project in corpus.projects for record in project_indicator_records(project)]


def project_indicator_records(project: Project) -> list[dict[str, Any]]:
    """The indicator records of one project, in the order of its form."""
    records = []
    decl = project.declaration
    for level1, level2, indicator in decl.indicator_rows():
        reading = indicator.reading.to_json()
        records.append(
            {
                "project_id": project.id,
                "year": decl.year,
                "project_name": decl.name,
                "department": decl.department,
                "level1": level1,
                "level2": level2,
                "name": indicator.name,
                "target": indicator.target,
                "medium_target": _medium(indicator),
                "columns": _columns_text(indicator),
                **{f"reading_{k}": v for k, v in reading.items()},
            }
        )
    return records


def _medium(indicator: Indicator) -> str | None:
    if indicator.medium_target is not None:
        return indicator.medium_target
    return indicator.long_term.target if indicator.long_term is not None else None


def _columns_text(indicator: Indicator) -> str | None:
    """The split and kept columns as one cell: `指标性质=≥；计量单位=%`."""
    columns = indicator_columns(indicator)
    pairs = {**(columns["columns"] or {}), **(columns["other_columns"] or {})}
    return "；".join(f"{k}={v or ''}" for k, v in pairs.items()) or None


def indicators_json(corpus: Corpus) -> str:
    return indicators_json_text([compact_json(record) for record in indicator_records(corpus)])


PROJECT_COLUMNS = (
    ("项目编号", "id"),
    ("年度", "year"),
    ("项目名称", "name"),
    ("项目编码", "project_code"),
    ("表样", "layout"),
    ("项目类别", "category"),
    ("项目性质", "nature"),
    ("项目属性", "attribute"),
    ("主管部门", "department"),
    ("部门代码", "department_code"),
    ("实施单位", "implementing_unit"),
    ("计划开始日期", "start_date"),
    ("计划完成日期", "end_date"),
    ("项目期", "period"),
    ("原表资金单位", "source_money_unit"),
    ("项目资金总额（元）", "funding.project_total"),
    ("财政资金（元）", "funding.project_fiscal"),
    ("其他资金（项目期，元）", "funding.project_other"),
    ("年度资金申请总额（元）", "funding.annual_total"),
    ("当年财政拨款（元）", "funding.annual_appropriation"),
    ("上年结转资金（元）", "funding.annual_carry_over"),
    ("其他资金（年度，元）", "funding.annual_other"),
    ("项目总目标起始年度", "overall_goal.start_year"),
    ("项目总目标终止年度", "overall_goal.end_year"),
    ("项目总目标", "overall_goal.text"),
    ("中期目标", "medium_goal"),
    ("长期目标", "long_goal"),
    ("年度总目标", "annual_goal"),
    ("执行率分值", "execution_score"),
    ("网页", "url"),
    ("核对提示", "discrepancies"),
)

INDICATOR_COLUMNS = (
    ("项目编号", "project_id"),
    ("年度", "year"),
    ("项目名称", "project_name"),
    ("主管部门", "department"),
    ("一级指标", "level1"),
    ("二级指标", "level2"),
    ("三级指标", "name"),
    ("年度指标值", "target"),
    ("中期指标值", "medium_target"),
    ("原表其他列", "columns"),
    ("指标值类型", "reading_kind"),
    ("比较符", "reading_operator"),
    ("数值", "reading_value"),
    ("单位", "reading_unit"),
    ("方向", "reading_direction"),
    ("期限", "reading_deadline"),
)


def _lookup(record: dict[str, Any], dotted: str) -> object:
    value: object
    if "." not in dotted:  # most columns: one step, without splitting the key every cell
        value = record[dotted] if isinstance(record, dict) else None
    else:
        value = record
        for part in dotted.split("."):
            value = value[part] if isinstance(value, dict) else None
    if isinstance(value, list):  # the discrepancies: one cell of plain statements, or empty
        return "；".join(str(item["statement"]) for item in value) or None
    return value


NUMERIC_KEYS = frozenset(key for _, key in PROJECT_COLUMNS if key.startswith("funding."))


# What makes a spreadsheet read a cell as a formula: = + - @ (and their full-width forms, which
# some input methods turn into the ASCII ones), also after leading spaces, which Excel and
# LibreOffice skip; a leading tab or carriage return is refused by OWASP's rule as well.
_FORMULA_START = frozenset("=+-@＝＋－＠")
_SKIPPED = " \u3000\t\r\n"


# The first characters after which `_cell` has to look further: any other (and an empty cell)
# starts neither a formula nor the spaces before one.
_SUSPECT_START = _FORMULA_START | frozenset(_SKIPPED)


def _cell(key: str, value: object) -> str:
    text = "" if value is None else str(value)
    # Excel runs a cell that starts with = + - @ as a formula: the target "=100%" would show
    # as 1. A leading apostrophe is Excel's own "this is text" mark; JSON keeps the original.
    if (
        text[:1] in _SUSPECT_START
        and key not in NUMERIC_KEYS
        and (text[:1] in ("\t", "\r") or text.lstrip(_SKIPPED)[:1] in _FORMULA_START)
    ):
        return "'" + text
    return text


def _csv(columns: tuple[tuple[str, str], ...], records: list[dict[str, Any]]) -> bytes:
    return csv_file(columns, [csv_rows(columns, records)])


def csv_rows(columns: tuple[tuple[str, str], ...], records: list[dict[str, Any]]) -> str:
    """The lines of `records` in a CSV file of `columns`, without the header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for record in records:
        writer.writerow([_cell(key, _lookup(record, key)) for _, key in columns])
    return buffer.getvalue()


def csv_file(columns: tuple[tuple[str, str], ...], rows: list[str]) -> bytes:
    """A CSV file of `columns`: the header, then `rows` (from `csv_rows`) as they are."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([header for header, _ in columns])
    buffer.writelines(rows)
    # The BOM makes Excel on Chinese Windows read UTF-8 instead of GBK.
    return buffer.getvalue().encode("utf-8-sig")


def projects_csv(corpus: Corpus) -> bytes:
    """data/projects.csv: the project records with Chinese headers, for Excel (see `_csv`)."""
    return _csv(PROJECT_COLUMNS, [project_record(p) for p in corpus.projects])


def indicators_csv(corpus: Corpus) -> bytes:
    """data/indicators.csv: the indicator records with Chinese headers, for Excel."""
    return _csv(INDICATOR_COLUMNS, indicator_records(corpus))
