"""The data behind the explorer page: every project in one compact JSON file.

Repeated strings (departments, units, types) are stored once and referenced by index, and each
project is an array, not an object: at 10,000 projects this keeps the download small. Money is
a decimal string in 元, so that the browser sums it exactly (in fen, with BigInt). Projects
known only from a self-evaluation follow the declarations, marked by `evaluation_only`.
"""

from __future__ import annotations

import json

from generator.core.project import Corpus, EvaluatedProject
from generator.site import urls
from generator.site.aggregate import annual_total_yuan, measurable_count
from generator.site.evaluation_only import evaluation_only
from generator.site.evaluation_view import evaluation_summary, percent
from generator.site.views import category_of


def explorer_json(corpus: Corpus) -> str:
    """data/explorer.json: what the explorer page filters, sorts and sums in the browser,
    in the compact form described above; read by theme/assets/jixiao-explorer.js.
    """
    departments: dict[str, int] = {}
    units: dict[str, int] = {}
    categories: dict[str, int] = {}
    rows = []
    # 绩效自评 of each project: [自评得分, 自评等级, 执行率 %, 未达成的指标数] (evaluation_view).
    evaluated = {item.id: item for item in corpus.evaluations}
    for project in corpus.projects:
        decl = project.declaration
        amount = annual_total_yuan(project)
        indicators = decl.indicator_rows()
        rows.append(
            [
                urls.project_page(project).url,
                decl.year,
                decl.name,
                departments.setdefault(decl.department, len(departments)),
                units.setdefault(decl.implementing_unit or "", len(units)),
                categories.setdefault(category_of(decl), len(categories)),
                None if amount is None else f"{amount:f}",
                len(indicators),
                measurable_count(decl),
                len(decl.acknowledged or []),  # 核对提示: the form's acknowledged problems
                _evaluation_cell(evaluated.get(project.id)),
                0,
            ]
        )
    # A project known only from its 自评表 (evaluation_only.py): what the form says, and null
    # where only a declaration would tell (项目类别, 年度资金申请总额, 指标数), never a made-up 0.
    for item in evaluation_only(corpus.evaluations):
        form = item.evaluation
        rows.append(
            [
                urls.evaluation_page(item).url,
                form.year,
                form.name,
                departments.setdefault(form.department, len(departments)),
                units.setdefault(form.implementing_unit or "", len(units)),
                None,
                None,
                None,
                None,
                0,
                _evaluation_cell(item),
                1,
            ]
        )
    data = {
        "format_version": 1,
        "columns": [
            "url", "year", "name", "department", "unit", "category", "annual_total",
            "indicators", "measurable", "discrepancies", "evaluation", "evaluation_only",
        ],
        "years": sorted(
            {p.declaration.year for p in corpus.projects}
            | {item.evaluation.year for item in evaluation_only(corpus.evaluations)},
            reverse=True,
        ),
        "departments": list(departments),
        "units": list(units),
        "categories": list(categories),
        "rows": rows,
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _evaluation_cell(item: EvaluatedProject | None) -> list[object] | None:
    if item is None:
        return None
    summary = evaluation_summary(item.evaluation, item.analysis)
    score = summary.total_score
    rate = percent(summary.execution_rate)
    return [
        None if score is None else f"{score:f}",
        summary.grade,
        None if rate is None else rate.rstrip("%"),
        summary.unmet,
        item.analysis.common_grade,  # 优秀 is 优 for the filter
    ]
