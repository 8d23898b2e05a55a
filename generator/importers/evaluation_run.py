"""`jixiao import` for 自评表: where each recognised self-evaluation is written, and how.

The file goes beside the declaration it answers: `content/<年度>/<部门代码>/<项目代码>.自评.yaml`,
with the slug of the declaration of the same year, department and 项目名称 when there is one, and
the pinyin slug of the name otherwise. The same guarantees as for declarations: an existing file
is never replaced by one that holds less unless forced, and the published form's arithmetic
problems are written to 原表问题 (a faithful copy carries them; `jixiao check` reports notices).
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from generator.core.evaluation_model import EVALUATION_SUFFIX
from generator.core.registry import SLUG, reserved_name
from generator.core.safe_fs import (
    UnsafePathError,
)
from generator.importers.evaluation_recognise import (
    RecognisedEvaluation,
    department_of,
    evaluation_yaml,
)
from generator.importers.published_problems import with_published_problems
from generator.load.evaluation_corpus import load_evaluation

if TYPE_CHECKING:
    from generator.importers.run import FormReport, Importer


def _acknowledge(text: str, warnings: list[str]) -> str:
    _, diagnostics = load_evaluation("<import>", text.encode(), None)
    return with_published_problems(text, diagnostics, warnings, shown="jixiao check 报告为提示")


def import_evaluation(
    importer: Importer, form: RecognisedEvaluation, origin_file: str | None
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
        text = _acknowledge(evaluation_yaml(form, origin_file), result.warnings)
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
