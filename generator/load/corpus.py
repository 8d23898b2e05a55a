"""The content tree: every declaration file and the registry, loaded and checked together.

Layout: `content/departments.yaml` and `content/<年度>/<部门代码>/<项目代码>.yaml`. The path is
the project's identity (and its URL), so the rules that tie a file to its place live here:
slugs, year and department folders, uniqueness. Gather and check everything first; nothing is
rendered from a corpus that has errors.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core.diagnostics import Diagnostic, Position, Severity, sort_diagnostics, visible
from generator.core.evaluation_model import EVALUATION_SUFFIX, is_evaluation_file
from generator.core.model import PROJECT_CODE, Declaration, project_code_key
from generator.core.registry import RESERVED_RULE, SLUG, SLUG_RULE, Registry, reserved_name
from generator.core.safe_fs import UnsafePathError, kind_of, read_regular
from generator.core.suggest import closest, did_you_mean
from generator.load.acknowledgements import apply_acknowledgements
from generator.load.cache import CheckCache, FileResult, FileSummary
from generator.load.checks import (
    check_declaration,
    check_document_characters,
    check_layout_fields,
    check_valid_fields,
)
from generator.load.validation import valid_fields, validate_document
from generator.load.yaml_source import YamlDocument, load_yaml_bytes

if TYPE_CHECKING:
    from generator.load.evaluation_corpus import EvaluatedProject

REGISTRY_FILE = "departments.yaml"
DECLARATION_SUFFIX = ".yaml"
# Ten times the largest corpus measured (benchmarks/benchmark.py builds 10,000 in 82 s): counted
# before any file is read, so that a pull request of a million files is refused at once.
MAX_DECLARATION_FILES = 100_000
# The top-level fields whose place the cross-file rules point at.
IDENTITY_KEYS = ("年度", "主管部门", "项目名称", "项目编码", "实施单位")


@dataclass(frozen=True, slots=True)
class Entry:
    """What the rules that span files need to know of one declaration (cached by `check`).

    Every declaration file has one, even a file with errors: the rules on its path still apply,
    and each rule on a field runs when that field is known (not None).
    """

    year_dir: str
    department_slug: str
    slug: str
    source_path: str  # relative to the content root, with "/"
    shown_path: str  # as printed in diagnostics
    year: int | None
    department: str | None
    implementing_unit: str | None
    positions: dict[str, Position] = field(default_factory=dict)
    name: str | None = None  # 项目名称
    project_code: str | None = None  # 项目编码, when written and well-formed


@dataclass(frozen=True, slots=True)
class Project:
    """A declaration with its place in the tree."""

    year_dir: str
    department_slug: str
    slug: str
    source_path: str  # relative to the content root, with "/"
    declaration: Declaration
    source_text: str

    @property
    def id(self) -> str:
        return f"{self.year_dir}/{self.department_slug}/{self.slug}"

    @property
    def url(self) -> str:
        return f"{self.id}/"


@dataclass(slots=True)
class Corpus:
    root: Path
    registry: Registry | None
    projects: list[Project]  # empty when loaded for checking only
    diagnostics: list[Diagnostic]
    file_count: int
    notices: list[str] = field(default_factory=list)  # about the run, not the content (cache)
    # Self-evaluations (`<项目代码>.自评.yaml`, see `evaluation_corpus`); empty when checking only.
    evaluations: list[EvaluatedProject] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


def display_path(path: Path) -> str:
    """Paths as the user typed them: relative to the working directory when inside it.

    Links are not followed: a diagnostic about a symbolic link names the link.
    """
    relative = os.path.relpath(os.path.abspath(path))
    shown = Path(path).as_posix() if relative.startswith("..") else Path(relative).as_posix()
    # A name with a newline, a control character or bytes that are not UTF-8 prints as <U+…>:
    # one problem per line, and nothing a terminal or CI log would interpret.
    return visible(shown)


def _error(path: str, code: str, message: str, position: Position | None = None) -> Diagnostic:
    return Diagnostic(path, position, Severity.ERROR, code, "", message)


def _link_error(shown: str) -> Diagnostic:
    return _error(shown, "layout-symlink", "内容目录中不能有符号链接；请放入真实的文件或目录。")


def _read_content_file(path: Path, shown: str) -> tuple[bytes | None, list[Diagnostic]]:
    """A file's bytes, never through a link, never from a FIFO or device (whose text, such as
    a token a link points at, must not reach an error message)."""
    try:
        # The folders on the way were walked without links (`_declaration_files`).
        return read_regular(path, parents_checked=True), []
    except UnsafePathError:
        if path.is_symlink():
            return None, [_link_error(shown)]
        return None, [_error(shown, "layout", "这里只能放普通文件（不能是管道、设备等）。")]
    except OSError as exc:
        return None, [
            _error(shown, "file-unreadable", f"无法读取：{exc.strerror or exc}；请检查文件权限。")
        ]


def _load_registry(root: Path) -> tuple[Registry | None, list[Diagnostic]]:
    path = root / REGISTRY_FILE
    shown = display_path(path)
    if root.is_symlink():
        return None, []  # nothing is read through it; `_declaration_files` reports the link
    if not os.path.lexists(path):
        return None, [
            _error(
                shown,
                "registry-missing",
                "缺少主管部门名录 departments.yaml；请按 README 的格式创建（部门: 代码、名称）。",
            )
        ]
    raw, problems = _read_content_file(path, shown)
    if raw is None:
        return None, problems
    document, problems = load_yaml_bytes(raw, shown)
    if document is None:
        return None, problems
    problems += check_document_characters(document, shown)
    registry, more = validate_document(Registry, document, shown)
    problems += more
    if registry is None:
        return None, problems
    for kind, values in (
        ("代码", [d.slug for d in registry]),
        ("名称", [d.name for d in registry]),
    ):
        seen: dict[str, int] = {}
        for index, value in enumerate(values):
            if value.casefold() in seen:
                position = document.source_map.locate(("部门", index, kind))
                problems.append(
                    _error(
                        shown,
                        "registry-duplicate",
                        f"{kind}“{value}”重复（第 {seen[value.casefold()] + 1} 项已用过）",
                        position,
                    )
                )
            seen.setdefault(value.casefold(), index)
    return registry, problems


def _declaration_files(root: Path) -> tuple[list[tuple[str, str, Path]], list[Diagnostic]]:
    """(year folder, department folder, file) for every declaration, and layout problems."""
    found: list[tuple[str, str, Path]] = []
    problems: list[Diagnostic] = []
    if root.is_symlink():
        return found, [_link_error(display_path(root))]
    for top in sorted(root.iterdir()):
        if top.name.startswith(".") or top.name == REGISTRY_FILE:
            continue
        shown = display_path(top)
        if top.is_symlink():
            problems.append(_link_error(shown))
        elif top.is_dir() and len(top.name) == 4 and top.name.isascii() and top.name.isdigit():
            found_here, more = _year_folder(top)
            found += found_here
            problems += more
        else:
            problems.append(
                _error(
                    shown,
                    "layout",
                    "content/ 下只能有 departments.yaml 和以年度命名的目录（如 2024/）。",
                )
            )
    return found, problems


def _year_folder(year: Path) -> tuple[list[tuple[str, str, Path]], list[Diagnostic]]:
    found: list[tuple[str, str, Path]] = []
    problems: list[Diagnostic] = []
    for department in sorted(year.iterdir()):
        if department.name.startswith("."):
            continue
        if department.is_symlink():
            problems.append(
                _error(
                    display_path(department),
                    "layout-symlink",
                    "内容目录中不能有符号链接；请放入真实目录。",
                )
            )
            continue
        if not department.is_dir():
            problems.append(
                _error(
                    display_path(department),
                    "layout",
                    "年度目录下只能有以主管部门代码命名的目录，申报文件放在其中。",
                )
            )
            continue
        for file in sorted(department.iterdir()):
            if file.name.startswith("."):
                continue
            shown = display_path(file)
            mode = file.lstat().st_mode
            if stat.S_ISLNK(mode):
                problems.append(
                    _error(shown, "layout-symlink", "不能使用符号链接；请放入真实文件。")
                )
            elif stat.S_ISDIR(mode):
                problems.append(_error(shown, "layout", "部门目录下不能再有子目录。"))
            elif file.suffix.lower() in (".yml", ".yaml") and file.suffix != DECLARATION_SUFFIX:
                problems.append(
                    _error(
                        shown, "layout-suffix", f"扩展名请用小写 .yaml（而不是 {file.suffix}）。"
                    )
                )
            elif file.suffix != DECLARATION_SUFFIX:
                problems.append(_error(shown, "layout", "部门目录下只能放 .yaml 申报文件。"))
            elif not stat.S_ISREG(mode):
                problems.append(
                    _error(shown, "layout", f"申报文件必须是普通文件，这里是{kind_of(mode)}。")
                )
            else:
                found.append((year.name, department.name, file))
    return found, problems


def _identity_positions(document: YamlDocument) -> dict[str, Position]:
    """Where the fields the cross-file rules report on were written."""
    return {
        key: pos for key in IDENTITY_KEYS if (pos := document.source_map.locate((key,))) is not None
    }


def _load_file(shown: str, raw: bytes) -> FileResult:
    document, problems = load_yaml_bytes(raw, shown)
    if document is None:
        return FileResult(None, problems, {}, None, None, None)
    problems += check_document_characters(document, shown)
    problems += check_layout_fields(document, shown)
    positions = _identity_positions(document)
    declaration, more = validate_document(Declaration, document, shown)
    problems += more
    if declaration is not None:
        problems += check_declaration(declaration, document, shown)
        problems = apply_acknowledgements(problems, declaration.acknowledged, document, shown)
        return FileResult(
            declaration,
            problems,
            positions,
            declaration.year,
            declaration.department,
            declaration.implementing_unit,
            declaration.name,
            declaration.project_code,
        )
    # Its errors are reported; check the fields that are valid as well, so that one mistake
    # (a misspelt key, a bad amount) does not hide a wrong sum or a folder in the wrong year.
    parts, valid = valid_fields(Declaration, document)
    problems += check_valid_fields(parts, valid, document, shown)
    if "acknowledged" in valid:
        problems = apply_acknowledgements(
            problems, parts.acknowledged, document, shown, report_stale=False
        )
    return FileResult(
        None,
        problems,
        positions,
        parts.year if "year" in valid else None,
        parts.department if "department" in valid else None,
        parts.implementing_unit if "implementing_unit" in valid else None,
        parts.name if "name" in valid else None,
        parts.project_code if "project_code" in valid else None,
    )


def _identity_only(shown: str, raw: bytes) -> FileSummary:
    """The fields the cross-file rules read, without checking the file: fast, and silent."""
    document, _ = load_yaml_bytes(raw, shown)
    data = document.data if document else None
    fields = data if isinstance(data, dict) else {}

    def text(key: str) -> str | None:
        value = fields.get(key)
        return value if isinstance(value, str) else None

    year = text("年度")
    code = text("项目编码")
    positions = _identity_positions(document) if document is not None else {}
    return FileSummary(
        [],
        int(year) if year and year.isascii() and year.isdigit() else None,
        text("主管部门"),
        text("实施单位"),
        positions,
        text("项目名称"),
        code if code is not None and PROJECT_CODE.fullmatch(code) else None,
        checked=False,
    )


def check_text(shown: str, raw: bytes) -> list[Diagnostic]:
    """What `jixiao check` says of one file's own content (no cross-file rules)."""
    return _load_file(shown, raw).diagnostics


def parse_declaration(shown: str, raw: bytes) -> Declaration | None:
    """One declaration from its bytes, or None when it has errors (`jixiao check` says which)."""
    result = _load_file(shown, raw)
    if any(d.severity is Severity.ERROR for d in result.diagnostics):
        return None
    return result.declaration


def _identity_checks(entries: list[Entry], registry: Registry | None) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    departments = registry.by_slug() if registry else {}
    names = {d.name: d.slug for d in registry} if registry else {}
    by_year_slug: dict[tuple[str, str], Entry] = {}
    for project in entries:
        path = project.shown_path
        decl = project
        if not SLUG.fullmatch(project.slug):
            problems.append(
                _error(path, "identity-slug", f"文件名“{project.slug}”不合规：{SLUG_RULE}。")
            )
        elif reserved_name(project.slug):
            problems.append(
                _error(
                    path,
                    "identity-reserved",
                    f"文件名“{project.slug}”不能用：{RESERVED_RULE}（index 是目录自己的页面，"
                    "设备名在 Windows 上无法检出）；请换一个文件名，如 "
                    f"“{project.slug}-xiangmu”。",
                )
            )
        if decl.year is not None and str(decl.year) != project.year_dir:
            problems.append(
                Diagnostic(
                    path,
                    project.positions.get("年度"),
                    Severity.ERROR,
                    "year-mismatch",
                    "年度",
                    f"年度 {decl.year} 与所在目录 {project.year_dir}/ 不一致；"
                    f"请改正年度或把文件移到 content/{decl.year}/ 下。",
                )
            )
        department = departments.get(project.department_slug)
        if registry is not None and department is None:
            hint = did_you_mean(project.department_slug, departments)
            problems.append(
                _error(
                    path,
                    "department-unknown",
                    f"目录“{project.department_slug}”不是 departments.yaml 中登记的主管部门代码。"
                    f"{hint}新部门请先在 departments.yaml 中登记。",
                )
            )
        elif (
            department is not None
            and decl.department is not None
            and decl.department != department.name
        ):
            if decl.department in names:
                folder = f"content/{project.year_dir}/{names[decl.department]}/"
                advice = f"“{decl.department}”的文件应放在 {folder} 下"
            else:
                near = closest(decl.department, names)
                advice = f"您是不是想写“{near}”" if near else "新部门请先在 departments.yaml 中登记"
            problems.append(
                Diagnostic(
                    path,
                    project.positions.get("主管部门"),
                    Severity.ERROR,
                    "department-name",
                    "主管部门",
                    f"“{decl.department}”与目录 {project.department_slug}/ 登记的名称"
                    f"“{department.name}”不一致；{advice}。",
                )
            )
        key = (project.year_dir, project.slug.casefold())
        if key in by_year_slug:
            other = by_year_slug[key]
            problems.append(
                _error(
                    path,
                    "identity-duplicate",
                    f"项目代码“{project.slug}”在 {project.year_dir} 年度已被 "
                    f"{other.shown_path} 使用；同一年度内文件名必须唯一（不区分大小写）。",
                )
            )
        else:
            by_year_slug[key] = project
    problems += _unit_spelling(entries)
    problems += _project_codes(entries, registry)
    return problems


def _normalised_name(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


def _unit_spelling(entries: list[Entry]) -> list[Diagnostic]:
    """The same organisation must be spelled the same way everywhere."""
    spellings: dict[str, dict[str, Entry]] = defaultdict(dict)
    uses: dict[str, int] = defaultdict(int)
    for entry in entries:
        unit = entry.implementing_unit
        if unit is None:
            continue
        spellings[_normalised_name(unit)].setdefault(unit, entry)
        uses[unit] += 1
    problems = []
    for variants in spellings.values():
        if len(variants) < 2:
            continue
        # The most used spelling wins; on a tie, the one already in clean (normalised) form.
        canonical = min(variants, key=lambda v: (-uses[v], v != _normalised_name(v), v))
        for spelling, project in variants.items():
            if spelling != canonical:
                problems.append(
                    Diagnostic(
                        project.shown_path,
                        project.positions.get("实施单位"),
                        Severity.WARNING,
                        "unit-spelling",
                        "实施单位",
                        f"“{spelling}”与其他文件中的“{canonical}”只差空格或全角/半角，"
                        "同一单位请写法一致。",
                    )
                )
    return problems


def _department_label(entry: Entry, registry: Registry | None) -> str:
    registered = registry.by_slug().get(entry.department_slug) if registry else None
    if registered is not None:
        return registered.name
    return entry.department or f"{entry.department_slug}/"


def _suggest_code(code: str, used: set[str]) -> str | None:
    """A code like `code` that no declaration uses: the trailing number counted up, or `-2`."""
    head = code.rstrip("0123456789")
    digits = code[len(head) :]
    candidates = (
        (f"{head}{n:0{len(digits)}d}" for n in range(int(digits) + 1, int(digits) + 1000))
        if digits
        else (f"{code}-{n}" for n in range(2, 1000))
    )
    for candidate in candidates:
        if PROJECT_CODE.fullmatch(candidate) and project_code_key(candidate) not in used:
            return candidate
    return None


def _project_codes(entries: list[Entry], registry: Registry | None) -> list[Diagnostic]:
    """项目编码 links one project's declarations across years; see README (项目编码).

    Codes compare ignoring case. Within a year a code names one declaration (error). Across
    years the declarations that share a code are one project's history, compared year by year
    with the previous declaration of the same code: another 主管部门 is a warning (an
    institutional reform moves projects between departments, which is legitimate, but a reused
    code is a mistake), and so is another 项目名称 (names do change; a reviewer confirms).
    """
    by_code: dict[str, list[tuple[str, Entry]]] = defaultdict(list)
    for entry in entries:  # in path order: by year, then department, then file
        if entry.project_code is not None:
            by_code[project_code_key(entry.project_code)].append((entry.project_code, entry))
    used = set(by_code)
    problems: list[Diagnostic] = []

    def report(entry: Entry, severity: Severity, rule: str, key: str, message: str) -> None:
        problems.append(
            Diagnostic(entry.shown_path, entry.positions.get(key), severity, rule, key, message)
        )

    for uses in by_code.values():
        first_in_year: dict[str, tuple[str, Entry]] = {}
        for code, entry in uses:
            _, other = first_in_year.setdefault(entry.year_dir, (code, entry))
            if other is entry:
                continue
            suggestion = _suggest_code(code, used)
            advice = f"，如“{suggestion}”" if suggestion else ""
            report(
                entry,
                Severity.ERROR,
                "project-code-duplicate",
                "项目编码",
                f"项目编码“{code}”在 {entry.year_dir} 年度已被 {other.shown_path} "
                "使用；同一年度内每个项目的编码必须唯一（不区分大小写）。同一个项目请只保留一份"
                f"申报，不同的项目请换一个编码{advice}。",
            )
        for (_, before), (code, after) in pairwise(first_in_year.values()):
            if before.department_slug != after.department_slug:
                suggestion = _suggest_code(code, used)
                advice = f"（如“{suggestion}”）" if suggestion else ""
                report(
                    after,
                    Severity.WARNING,
                    "project-code-department",
                    "项目编码",
                    f"项目编码“{code}”在 {before.year_dir} 年度由"
                    f"“{_department_label(before, registry)}”申报（{before.shown_path}），"
                    f"这里的主管部门是“{_department_label(after, registry)}”。如果这是另一个"
                    f"项目，请换一个编码{advice}；如果是机构调整后改由本部门申报的同一个项目，"
                    "请审阅者确认后保留。",
                )
            if (
                before.name is not None
                and after.name is not None
                and _normalised_name(before.name) != _normalised_name(after.name)
            ):
                report(
                    after,
                    Severity.WARNING,
                    "project-code-name",
                    "项目名称",
                    f"项目编码“{code}”在 {before.year_dir} 年度的项目名称是"
                    f"“{before.name}”（{before.shown_path}），这里是“{after.name}”。"
                    "项目可以改名，请审阅者确认这是同一个项目；不是的话请换一个项目编码。",
                )
    return problems


def load_corpus(
    root: Path,
    cache_dir: Path | None = None,
    *,
    models: bool = True,
    only: set[Path] | None = None,
) -> Corpus:
    """Loads and checks every file under `root`; never raises for a user's mistake.

    With `models=False` (what `jixiao check` needs) a file whose size and modification time
    are unchanged since the cached check is not read again, and no projects are returned.
    """
    if not root.is_dir():
        return Corpus(
            root,
            None,
            [],
            [
                _error(
                    display_path(root), "content-missing", "内容目录不存在；请用 --content 指定。"
                )
            ],
            0,
        )
    registry, problems = _load_registry(root)
    files, layout_problems = _declaration_files(root)
    problems += layout_problems
    if len(files) > MAX_DECLARATION_FILES:
        problems.append(
            _error(
                display_path(root),
                "too-many-files",
                f"共有 {len(files):,} 个申报文件，超过上限 {MAX_DECLARATION_FILES:,} 个；"
                "没有读取任何申报文件。请检查是否误提交了生成的文件。",
            )
        )
        return Corpus(root, registry, [], sort_diagnostics(problems), len(files) + 1)
    cache = CheckCache.open(cache_dir, root) if cache_dir else None
    projects: list[Project] = []
    entries: list[Entry] = []
    evaluation_files: list[tuple[str, str, Path, str, bytes]] = []
    # The declarations that a self-evaluation answers, kept from this pass for its checks.
    answered = {
        (y, d, p.name.removesuffix(EVALUATION_SUFFIX))
        for y, d, p in files
        if is_evaluation_file(p.name)
    }
    kept: dict[tuple[str, str, str], Declaration | None] = {}
    kept_bytes: dict[tuple[str, str, str], bytes] = {}
    for year_dir, department_slug, path in files:
        shown = display_path(path)
        source_path = path.relative_to(root).as_posix()
        if is_evaluation_file(path.name):
            raw, unreadable = _read_content_file(path, shown)
            problems += unreadable
            if raw is not None:
                evaluation_files.append((year_dir, department_slug, path, shown, raw))
            continue
        identity_only = only is not None and path.resolve() not in only
        raw, unreadable = _read_content_file(path, shown)
        if raw is None:
            problems += unreadable
            continue
        if (year_dir, department_slug, path.stem) in answered:
            kept_bytes[(year_dir, department_slug, path.stem)] = raw
        summary = (
            cache.lookup(shown, raw, checked=not identity_only) if cache and not models else None
        )
        if summary is None and identity_only:
            # `check --changed`: an unchanged file only lends what the cross-file rules need.
            summary = _identity_only(shown, raw)
            if cache:
                cache.store(shown, raw, summary)
        if summary is None:
            result = _load_file(shown, raw)
            summary = FileSummary.of(result)
            if (year_dir, department_slug, path.stem) in answered:
                # As `parse_declaration` gives it: a declaration with errors is not compared
                # (None, kept too, so that it is not read a second time for its 自评表).
                failed = any(d.severity is Severity.ERROR for d in result.diagnostics)
                kept[(year_dir, department_slug, path.stem)] = (
                    None if failed else result.declaration
                )
            if cache:
                cache.store(shown, raw, summary)
            if models and result.declaration is not None:
                projects.append(
                    Project(
                        year_dir,
                        department_slug,
                        path.stem,
                        source_path,
                        result.declaration,
                        raw.decode("utf-8-sig"),
                    )
                )
        problems += summary.diagnostics
        entries.append(
            Entry(
                year_dir,
                department_slug,
                path.stem,
                source_path,
                shown,
                summary.year,
                summary.department,
                summary.implementing_unit,
                summary.positions,
                summary.name,
                summary.project_code,
            )
        )
    evaluations, evaluation_problems = _evaluations(
        root, evaluation_files, registry, (kept, kept_bytes), None if models else cache, models
    )
    problems += evaluation_problems
    if cache:
        cache.save()
    problems += _identity_checks(entries, registry)
    order = registry.order if registry else (lambda slug: 0)
    projects.sort(key=lambda p: (p.year_dir, order(p.department_slug), p.department_slug, p.slug))
    notices = cache.notices if cache else []
    return Corpus(
        root, registry, projects, sort_diagnostics(problems), len(files) + 1, notices, evaluations
    )


def _evaluations(
    root: Path,
    files: list[tuple[str, str, Path, str, bytes]],
    registry: Registry | None,
    read_before: tuple[
        dict[tuple[str, str, str], Declaration | None], dict[tuple[str, str, str], bytes]
    ],
    cache: CheckCache | None,
    models: bool,
) -> tuple[list[EvaluatedProject], list[Diagnostic]]:
    """Self-evaluations, each checked against the declaration beside it (read again when
    `check` loaded no models; with the cache, only when either file changed)."""
    from generator.load.evaluation_corpus import load_evaluations

    loaded, loaded_bytes = read_before  # what the pass over the declarations already read

    def declaration_bytes(year_dir: str, department_slug: str, slug: str) -> bytes | None:
        if (year_dir, department_slug, slug) in loaded_bytes:
            return loaded_bytes[(year_dir, department_slug, slug)]
        path = root / year_dir / department_slug / f"{slug}{DECLARATION_SUFFIX}"
        if not os.path.lexists(path) or path.is_symlink():
            return None
        raw, _ = _read_content_file(path, display_path(path))
        return raw

    def declaration_of(year_dir: str, department_slug: str, slug: str) -> Declaration | None:
        key = (year_dir, department_slug, slug)
        if key in loaded:
            return loaded[key]
        raw = declaration_bytes(year_dir, department_slug, slug)
        path = root / year_dir / department_slug / f"{slug}{DECLARATION_SUFFIX}"
        return None if raw is None else parse_declaration(display_path(path), raw)

    return load_evaluations(
        root,
        files,
        registry,
        declaration_of,
        declaration_bytes=declaration_bytes,
        cache=cache,
        models=models,
    )


__all__ = ["Corpus", "Entry", "Project", "display_path", "load_corpus"]
