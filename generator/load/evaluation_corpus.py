"""Self-evaluation files in the content tree: loaded, checked, and paired with their declaration.

`content/<年度>/<部门代码>/<项目代码>.自评.yaml` answers `<项目代码>.yaml` in the same folder (same
year, department and slug). Either may exist alone. `corpus.load_corpus` hands every
`*.自评.yaml` here instead of reading it as a declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.core.diagnostics import Diagnostic, Severity
from generator.core.evaluation_analysis import EvaluationAnalysis, analyse
from generator.core.evaluation_model import (
    EVALUATION_SUFFIX,
    Evaluation,
    evaluation_slug,
    misnamed_evaluation,
    misnamed_message,
)
from generator.core.model import Declaration
from generator.core.project import DeclaredIdentity, EvaluatedProject
from generator.core.registry import RESERVED_RULE, SLUG, SLUG_RULE, Registry, reserved_name
from generator.load.acknowledgements import apply_acknowledgements
from generator.load.cache import CheckCache, FileSummary
from generator.load.checks import check_document_characters, check_written_values
from generator.load.evaluation_checks import (
    check_evaluation,
    check_evaluation_parts,
    known_acknowledgements,
)
from generator.load.file_memory import EvaluationResult, FileMemory
from generator.load.validation import valid_cells, validate_document
from generator.load.yaml_source import load_yaml_bytes


def answered_slug(name: str) -> str | None:
    """The slug of the declaration a self-evaluation file answers, named right or with a near
    suffix (`misnamed_evaluation`); None for any other file."""
    if name.endswith(EVALUATION_SUFFIX):
        return evaluation_slug(name)
    return misnamed_evaluation(name)


def load_evaluation(
    shown: str, raw: bytes, declaration: Declaration | None
) -> tuple[Evaluation | None, list[Diagnostic]]:
    """One self-evaluation from its bytes with every problem of its own content."""
    evaluation, _, problems, _ = _load(shown, raw, declaration)
    return evaluation, problems


# The fields the rules on a self-evaluation's place read; their positions are kept (and cached)
# so that those rules point at the line, as they do for a declaration.
EVALUATION_IDENTITY_KEYS = ("年度", "主管部门")


def _load(
    shown: str, raw: bytes, declaration: Declaration | None
) -> tuple[Evaluation | None, EvaluationAnalysis | None, list[Diagnostic], DeclaredIdentity]:
    document, problems = load_yaml_bytes(raw, shown)
    if document is None:
        return None, None, problems, DeclaredIdentity()
    positions = document.source_map.locate_fields(EVALUATION_IDENTITY_KEYS)
    problems += check_document_characters(document, shown)
    problems += check_written_values(document, shown)
    evaluation, more = validate_document(Evaluation, document, shown)
    problems += more
    if evaluation is None:
        # Its errors are reported; the cells that are valid still face the arithmetic and the
        # rules on the file's place, so that one bad score hides neither a wrong rate nor a
        # file in the wrong year's folder.
        parts, unknown = valid_cells(Evaluation, document)
        problems += check_evaluation_parts(parts, unknown, document, shown)
        acknowledged = known_acknowledgements(parts, unknown)
        if acknowledged:
            # Rules that needed an unknown cell did not run: an entry unmatched may be current.
            problems = apply_acknowledgements(
                problems, acknowledged, document, shown, report_stale=False
            )
        identity = DeclaredIdentity(
            year=parts.year, department=parts.department, positions=positions
        )
        return None, None, problems, identity
    identity = DeclaredIdentity(
        year=evaluation.year, department=evaluation.department, positions=positions
    )
    analysis = analyse(evaluation, declaration)
    problems += check_evaluation(evaluation, document, shown, declaration, analysis)
    problems = apply_acknowledgements(problems, evaluation.acknowledged, document, shown)
    return evaluation, analysis, problems, identity


def _identity(
    shown: str,
    year_dir: str,
    department_slug: str,
    name: str,
    misnamed: str | None,
    declared: DeclaredIdentity,
    registry: Registry | None,
) -> list[Diagnostic]:
    """The rules on the file's place: its name (`misnamed`: `misnamed_evaluation(name)`), its
    folder's year and department."""

    def error(code: str, field: str, message: str) -> Diagnostic:
        # A rule about a field points at it; one about the file's name or folder has no line.
        position = declared.positions.get(field) if field else None
        return Diagnostic(shown, position, Severity.ERROR, code, field, message)

    year, department_name = declared.year, declared.department
    problems = []
    slug = evaluation_slug(name)
    if misnamed is not None:
        problems.append(error("identity-slug", "", misnamed_message(name, misnamed)))
    elif not SLUG.fullmatch(slug):
        problems.append(
            error("identity-slug", "", f"文件名“{slug}.自评.yaml”不合规：项目代码{SLUG_RULE}。")
        )
    elif reserved_name(slug):
        problems.append(error("identity-reserved", "", f"文件名“{slug}”不能用：{RESERVED_RULE}。"))
    if year is not None and str(year) != year_dir:
        problems.append(
            error(
                "year-mismatch",
                "年度",
                f"年度 {year} 与所在目录 {year_dir}/ 不一致；请改正年度或移动文件。",
            )
        )
    department = registry.by_slug().get(department_slug) if registry else None
    if registry is not None and department is None:
        problems.append(
            error(
                "department-unknown",
                "",
                f"目录“{department_slug}”不是 departments.yaml 中登记的主管部门代码。",
            )
        )
    elif (
        department is not None
        and department_name is not None
        and department_name != department.name
    ):
        problems.append(
            error(
                "department-name",
                "主管部门",
                f"“{department_name}”与目录 {department_slug}/ 登记的名称"
                f"“{department.name}”不一致。",
            )
        )
    return problems


def load_evaluations(
    root: Path,
    files: list[tuple[str, str, Path, str, bytes | EvaluationResult]],
    registry: Registry | None,
    declaration_of: Callable[[str, str, str], Declaration | None],
    *,
    declaration_bytes: Callable[[str, str, str], bytes | None] | None = None,
    cache: CheckCache | None = None,
    models: bool = True,
    memory: FileMemory | None = None,
) -> tuple[list[EvaluatedProject], list[Diagnostic]]:
    """Every self-evaluation file (year folder, department folder, path, shown path, bytes),
    checked against its declaration, which `declaration_of(year, department, slug)` returns.
    In place of the bytes, the last load's result for a file that did not change
    (file_memory.py); with `memory`, each file's result is recorded there.

    With a `cache`, `jixiao check` (no models) takes a file's own problems from the cache when
    neither it nor its declaration changed: the entry is keyed by both files' bytes. A build
    (models) reads every file, but stores its verdict too: the cache keeps only what a run
    used, and a build that left the evaluations out made the next check read them all again
    (10.4 s instead of 1.6 at 10,000). The rules on its place (folder, registry) run every time.
    """
    evaluated: list[EvaluatedProject] = []
    problems: list[Diagnostic] = []
    for year_dir, department_slug, path, shown, raw in files:
        misnamed = misnamed_evaluation(path.name)
        slug = misnamed or evaluation_slug(path.name)
        source_path = path.relative_to(root).as_posix()
        if isinstance(raw, EvaluationResult):
            if memory is not None:
                memory.evaluations[source_path] = raw
            problems += raw.problems
            problems += _identity(
                shown, year_dir, department_slug, path.name, misnamed, raw.identity, registry
            )
            if models and raw.evaluated is not None:
                evaluated.append(raw.evaluated)
            continue
        key = b""
        if cache is not None and declaration_bytes is not None:
            declared = declaration_bytes(year_dir, department_slug, slug)
            key = raw + b"\0jixiao-declaration\0" + (declared if declared is not None else b"-")
            summary = None if models else cache.lookup(shown, key)
            if summary is not None:
                problems += summary.diagnostics
                problems += _identity(
                    shown,
                    year_dir,
                    department_slug,
                    path.name,
                    misnamed,
                    summary.identity,
                    registry,
                )
                continue
        declaration = declaration_of(year_dir, department_slug, slug)
        evaluation, analysis, found, identity = _load(shown, raw, declaration)
        problems += found
        problems += _identity(
            shown, year_dir, department_slug, path.name, misnamed, identity, registry
        )
        if cache is not None and declaration_bytes is not None:
            cache.store(shown, key, FileSummary(diagnostics=found, identity=identity))
        made = None
        # A misnamed file is checked, but not published: its name must be put right first.
        if models and misnamed is None and evaluation is not None and analysis is not None:
            made = EvaluatedProject(
                year_dir,
                department_slug,
                slug,
                source_path,
                evaluation,
                declaration,
                analysis,
                raw.decode("utf-8-sig"),
            )
            evaluated.append(made)
        if memory is not None and (signature := memory.signatures.get(source_path)):
            answers = f"{year_dir}/{department_slug}/{slug}.yaml"
            memory.evaluations[source_path] = EvaluationResult(
                signature,
                memory.signatures.get(answers),
                shown,
                found,
                identity,
                made,
            )
    return evaluated, problems


__all__ = [
    "answered_slug",
    "load_evaluation",
    "load_evaluations",
    "misnamed_evaluation",
    "misnamed_message",
]
