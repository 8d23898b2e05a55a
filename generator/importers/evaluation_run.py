"""`jixiao import` for 自评表: where each recognised self-evaluation is written, and how.

The file goes beside the declaration it answers: `content/<年度>/<部门代码>/<项目代码>.自评.yaml`,
with the slug of the declaration of the same year, department and 项目名称 when there is one, and
the pinyin slug of the name otherwise. The same guarantees as for declarations: an existing file
is never replaced by one that holds less unless forced, and the published form's arithmetic
problems are written to 原表问题 (a faithful copy carries them; `jixiao check` reports notices).
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from generator.core.diagnostics import Diagnostic
from generator.core.evaluation_model import EVALUATION_SUFFIX
from generator.core.money import MoneyUnit
from generator.core.registry import SLUG, reserved_name
from generator.core.safe_fs import (
    UnsafePathError,
)
from generator.importers.evaluation_recognise import (
    MONEY_KEYS,
    SCORE_KEYS,
    RecognisedEvaluation,
    department_of,
    evaluation_yaml,
)
from generator.importers.grid import RoundedNumber
from generator.importers.published_problems import (
    display_rounding_notes,
    with_published_problems,
)
from generator.load.evaluation_corpus import load_evaluation

if TYPE_CHECKING:
    from generator.importers.run import FormReport, Importer


def _diagnostics(text: str) -> list[Diagnostic]:
    _, diagnostics = load_evaluation("<import>", text.encode(), None)
    return diagnostics


_SCORE_STEP = Decimal("0.0001")  # the places a score may have (evaluation_model.Score)


def _held(form: RecognisedEvaluation, rounded: Mapping[str, RoundedNumber]) -> RecognisedEvaluation:
    """The form with every number its spreadsheet shows rounded replaced by the number the
    cell holds, at the places the file allows (a 执行率 stays as shown: its own rounding is
    what the check of its printed places allows for)."""
    held = copy.deepcopy(form)
    places = Decimal(1).scaleb(-(form.unit or MoneyUnit.WAN_YUAN).max_places)
    for place, where in form.number_cells.items():
        number = rounded.get(where)
        key = place[-1]
        if number is None or key not in (*MONEY_KEYS, *SCORE_KEYS):
            continue
        try:
            stored = Decimal(number.stored)
        except ArithmeticError:
            continue
        step = places if key in MONEY_KEYS else _SCORE_STEP
        value = f"{stored.quantize(step, rounding=ROUND_HALF_UP):f}"
        if len(place) == 1:
            held.fields[str(key)] = value
        else:
            table = held.funding if place[0] == "预算执行" else held.indicators
            table[int(place[1])][str(key)] = value
    return held


def _display_rounding_notes(
    form: RecognisedEvaluation,
    diagnostics: Sequence[Diagnostic],
    origin_file: str | None,
    rounded: Mapping[str, RoundedNumber],
) -> dict[tuple[str, str], str]:
    """A 说明 for each published problem that only the spreadsheet's display format made:
    全年执行数 shown 76.00 for a cell holding 76.004 beside a 执行率 of 95.01%, a 得分 shown 8.33
    for 8.3333 beside a 自评得分 the held scores add up to. The form is imported as shown, and
    its 原表问题 says where the difference comes from (as the declarations' import does).
    `diagnostics` are the check of the form as shown."""
    involved = {
        place: rounded[where] for place, where in form.number_cells.items() if where in rounded
    }
    if not involved:
        return {}

    def cells_of(at: str) -> list[RoundedNumber]:
        if at.startswith("预算执行["):
            row = int(at[len("预算执行[") :].split("]", 1)[0]) - 1
            cells = [n for p, n in involved.items() if p[0] == "预算执行" and p[1] == row]
        else:
            cells = [n for p, n in involved.items() if p[-1] in SCORE_KEYS]
        return (cells or list(involved.values()))[:8]

    as_held = _diagnostics(evaluation_yaml(_held(form, rounded), origin_file))
    return display_rounding_notes(
        diagnostics,
        as_held,
        cells_of,
        numbers="数",
        found="核对相符",
    )


def import_evaluation(
    importer: Importer,
    form: RecognisedEvaluation,
    origin_file: str | None,
    rounded: Mapping[str, RoundedNumber] | None = None,
) -> FormReport:
    """Writes one recognised 自评表 beside its declaration, with the declaration's
    guarantees (nothing lost, published problems acknowledged); a form that cannot be placed is
    refused in the report rather than guessed into a folder."""
    from generator.importers.run import FormAction, FormReport, slugify

    result = FormReport(
        form.source,
        form.where,
        form.name,
        form.year,
        page=form.page,
        indicators=len(form.indicators),
        cells=form.cell_count,
        unplaced=list(form.unplaced),
        warnings=list(form.warnings),
        errors=list(form.errors),
    )
    department, _ = department_of(form)
    if form.errors or form.name is None or form.year is None:
        result.action = FormAction.REFUSED
        return result
    if department is None:
        result.action = FormAction.REFUSED
        result.errors.append("缺少主管部门，无法确定文件放在哪个目录")
        return result
    try:
        department_slug = importer.registry.slug_for(department)
        text = evaluation_yaml(form, origin_file)
        diagnostics = _diagnostics(text)
        notes = _display_rounding_notes(form, diagnostics, origin_file, rounded or {})
        text = with_published_problems(
            text, diagnostics, result.warnings, shown="jixiao check 报告为提示", notes=notes
        )
    except UnsafePathError as exc:
        result.action = FormAction.REFUSED
        result.errors.append(str(exc))
        return result
    except Exception as exc:  # fmt refused the text: say so rather than write it
        result.action = FormAction.REFUSED
        result.errors.append(f"无法生成自评文件：{exc}")
        return result
    name = unicodedata.normalize("NFC", form.name)
    declaration = importer.existing.get((form.year, department_slug, name))
    if declaration is not None:
        slug = declaration.name.removesuffix(".yaml")
    else:
        slug = slugify(name)
        if reserved_name(slug):
            slug = f"{slug}-xiangmu"
    assert SLUG.fullmatch(slug), slug
    target = importer.content / form.year / department_slug / f"{slug}{EVALUATION_SUFFIX}"
    importer.write_form(result, target, text)
    return result


__all__ = ["import_evaluation"]
