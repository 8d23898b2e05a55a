"""Issue 14 §2: a value the form leaves out is published blank, with a warning, not an error.

A 项目总目标 without a year span, a blank date, category or implementing unit is stored blank
(the key written with an empty value), checked without a crash by every rule that reads it,
and shown as 空白. The name, the year and the department stay required, and a field the
layout prints may not be left out altogether.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.core.model import Declaration
from generator.load.corpus import load_corpus
from generator.load.validation import validate_document
from generator.load.yaml_source import load_yaml_bytes
from generator.review.semantic_diff import compare
from generator.site.explorer import explorer_json
from generator.site.export import project_record, projects_csv
from generator.site.form_view import form_view
from tests.load.check_support import DEPT, FILE, TEXT, E, W, check, edited, rows, write

BLANKS = (
    ("项目类别: 特定目标类", "项目类别:"),
    ("实施单位: 上海市宝山区职工服务中心", "实施单位:"),
    ("计划开始日期: 2024-01-01", "计划开始日期:"),
    ("计划完成日期: 2024-12-31", "计划完成日期:"),
    ("  起始年度: 2024", "  起始年度:"),
    ("  终止年度: 2024", "  终止年度:"),
)


def test_every_blank_is_one_warning_and_no_error(root: Path) -> None:
    found = check(root, *BLANKS)
    assert rows(found) == [
        (FILE, 4, 6, W, "value-blank", "项目类别"),
        (FILE, 6, 6, W, "value-blank", "实施单位"),
        (FILE, 7, 8, W, "value-blank", "计划开始日期"),
        (FILE, 8, 8, W, "value-blank", "计划完成日期"),
        (FILE, 20, 8, W, "value-blank", "项目总目标.起始年度"),
        (FILE, 21, 8, W, "value-blank", "项目总目标.终止年度"),
    ]
    assert all("原表空白，按空白发布" in d.message for d in found)


def test_one_blank_date_leaves_the_other_checked_without_crash(root: Path) -> None:
    # date-order and date-outside-year need both dates: with one blank they stay silent.
    found = check(root, ("计划开始日期: 2024-01-01", "计划开始日期:"))
    assert rows(found) == [(FILE, 7, 8, W, "value-blank", "计划开始日期")]
    # One goal year blank: goal-period-order and goal-period-year stay silent too.
    found = check(root, ("  终止年度: 2024", "  终止年度:"))
    assert rows(found) == [(FILE, 21, 8, W, "value-blank", "项目总目标.终止年度")]


def test_a_printed_field_left_out_is_still_an_error(root: Path) -> None:
    found = check(root, ("计划开始日期: 2024-01-01\n", ""))
    assert rows(found) == [(FILE, 2, 1, E, "missing-field", "计划开始日期")]


def test_name_year_and_department_stay_required(root: Path) -> None:
    found = check(root, ("项目名称: 政府实事项目 - 工会会员卡", "项目名称:"))
    assert (FILE, 3, 6, E, "missing-value", "项目名称") in rows(found), rows(found)
    found = check(root, ("主管部门: 上海市宝山区总工会", "主管部门:"))
    assert (FILE, 5, 6, E, "missing-value", "主管部门") in rows(found)


def test_blanks_flow_through_page_views_exports_explorer_and_diff(root: Path) -> None:
    write(root, edited(*BLANKS))
    corpus = load_corpus(root)
    (project,) = [p for p in corpus.projects if p.department_slug == DEPT and "huiyuanka" in p.slug]
    decl = project.declaration
    assert decl.category is None and decl.start_date is None
    assert decl.overall_goal.start_year is None
    view = form_view(decl)
    header = dict(pair for row in view.header for pair in row)
    assert header["项目类别"] is None and header["计划完成日期"] is None
    assert view.goals[0].heading == "项目总目标（期间空白）"
    record = project_record(project)
    assert record["start_date"] is None and record["category"] is None
    assert record["overall_goal"]["start_year"] is None
    assert "空白" not in projects_csv(corpus).decode("utf-8-sig").split("\r\n")[0]
    explorer = json.loads(explorer_json(corpus))
    assert "未填写项目类别" in explorer["categories"]
    before = declaration_of(root, TEXT)
    change = compare(before, decl)
    labels = {f.label: (f.before, f.after) for f in change.fields}
    assert labels["计划开始日期"] == ("2024-01-01", None)
    assert labels["项目总目标起始年度"] == ("2024", None)


def declaration_of(root: Path, text: str) -> Declaration:
    document, _ = load_yaml_bytes(text.encode(), "x.yaml")
    assert document is not None
    decl, problems = validate_document(Declaration, document, "x.yaml")
    assert decl is not None, problems
    return decl
