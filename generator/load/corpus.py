"""The content tree: every declaration file and the registry, loaded and checked together.

Layout: `content/departments.yaml` and `content/<年度>/<部门代码>/<项目代码>.yaml`. The path is
the project's identity (and its URL): this module walks the folders (refusing links and
anything that is not a plain file), reads and checks each file on its own, and hands each
file's place and `DeclaredIdentity` to `cross_file` for the rules that tie a file to its place
and to the others. Gather and check everything first; nothing is rendered from a corpus that
has errors.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from generator.core.diagnostics import Diagnostic, Position, Severity, sort_diagnostics, visible
from generator.core.model import PROJECT_CODE, Declaration
from generator.core.project import Corpus, DeclaredIdentity, EvaluatedProject, Project
from generator.core.registry import Registry
from generator.core.safe_fs import FileTooLargeError, UnsafePathError, kind_of, read_regular
from generator.load.acknowledgements import apply_acknowledgements
from generator.load.cache import CheckCache, FileResult, FileSummary
from generator.load.checks import (
    check_declaration,
    check_document_characters,
    check_layout_fields,
    check_valid_fields,
    check_written_values,
)
from generator.load.cross_file import Entry, cross_file_checks
from generator.load.evaluation_corpus import answered_slug
from generator.load.file_memory import DeclarationResult, EvaluationResult, FileMemory
from generator.load.validation import valid_fields, validate_document
from generator.load.value_cache import ValueCache, values_digest
from generator.load.yaml_source import MAX_FILE_BYTES, load_yaml_bytes, too_large

REGISTRY_FILE = "departments.yaml"
DECLARATION_SUFFIX = ".yaml"
# Ten times the largest corpus measured (benchmarks/benchmark.py builds 10,000 in 82 s): counted
# before any file is read, so that a pull request of a million files is refused at once.
MAX_DECLARATION_FILES = 100_000
# The top-level fields whose place the cross-file rules point at.
IDENTITY_KEYS = ("年度", "主管部门", "项目名称", "项目编码", "实施单位")


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
        return read_regular(path, parents_checked=True, limit=MAX_FILE_BYTES), []
    except FileTooLargeError as exc:
        return None, [too_large(shown, exc.size)]
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
    problems += check_written_values(document, shown)
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


def registered_departments(root: Path) -> dict[str, str]:
    """Name (NFC) → code of every department in `departments.yaml` as written, valid or not.

    What `jixiao import` needs to put a form in its department's folder and to append new
    departments: it must work with a registry that `check` would reject (a duplicate name, a
    missing code), so this reads leniently where `_load_registry` validates. A code that could
    not be a folder is refused by the importer when it is used. The file is read without
    following links; a link or an unreadable file raises (UnsafePathError, OSError).
    """
    path = root / REGISTRY_FILE
    if not os.path.lexists(path):
        return {}
    document, _ = load_yaml_bytes(read_regular(path, root), str(path))
    data = document.data if document else None
    entries = data.get("部门") if isinstance(data, dict) else None
    found: dict[str, str] = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("名称"), str):
            name = unicodedata.normalize("NFC", str(entry["名称"]))
            found[name] = str(entry.get("代码") or "")
    return found


def _hidden_link(path: Path, problems: list[Diagnostic]) -> bool:
    """A hidden name (`.a`) that is a symbolic link is reported like any other link: hidden
    files are not read, but MkDocs walks the content folder following links, and `.a -> .`
    twice made that walk endless."""
    if not (path.name.startswith(".") and path.is_symlink()):
        return False
    problems.append(_link_error(display_path(path)))
    return True


# How many entries a hidden folder is searched for YAML files at most: `.git` may hold many.
MAX_HIDDEN_ENTRIES = 10_000


def _is_yaml_name(name: str) -> bool:
    return name.lower().endswith((".yaml", ".yml"))


def _yaml_files_below(folder: Path, levels: int) -> int:
    """YAML files in `folder` and up to `levels - 1` levels of folders below it (no links)."""
    count, seen, pending = 0, 0, [(folder, levels)]
    while pending and seen < MAX_HIDDEN_ENTRIES:
        current, left = pending.pop()
        try:
            with os.scandir(current) as listing:
                for entry in listing:
                    seen += 1
                    if entry.is_dir(follow_symlinks=False):
                        if left > 1:
                            pending.append((Path(entry.path), left - 1))
                    elif _is_yaml_name(entry.name):
                        count += 1
        except OSError:
            continue  # unreadable: nothing in it would have been read either
    return count


def _hidden(path: Path, levels: int, problems: list[Diagnostic]) -> bool:
    """Whether `path` is hidden (`.a`) and so is neither read nor published.

    Hidden names are skipped because editors and systems leave them beside real files
    (`.DS_Store`, `.git`, an editor's swap file). But a hidden declaration, or a hidden folder
    of them (`.2026/`), would vanish from the site without a word: it is reported, as a
    warning, not an error. The file is not read, so it cannot change what is published, and
    whether it should be published is for the reviewer to decide (a draft kept aside, or a
    file hidden by mistake); an error would block every build over a leftover that macOS
    writes beside each file on some drives (`._name.yaml`). `levels` is how many folder levels
    below a hidden folder at this place could hold declarations.
    """
    if _hidden_link(path, problems):
        return True
    if not path.name.startswith("."):
        return False
    if path.is_dir():
        count = _yaml_files_below(path, levels)
        if not count:
            return True
        message = (
            f"以“.”开头的目录不会被读取，其中的 {count} 个 YAML 文件既不检查也不发布。"
            "如果它们要发布，请去掉目录名开头的“.”；否则请删除这个目录。"
        )
    elif _is_yaml_name(path.name):
        if path.name.startswith("._"):
            advice = "这通常是 macOS 在 U 盘或网络盘上生成的附属文件，请删除它。"
        else:
            advice = (
                f"如果这是要发布的申报表或自评表，请去掉文件名开头的“.”"
                f"（改为 {visible(path.name.lstrip('.'))}）；否则请删除它。"
            )
        message = f"以“.”开头的文件既不检查也不发布。{advice}"
    else:
        return True
    problems.append(
        Diagnostic(display_path(path), None, Severity.WARNING, "layout-hidden", "", message)
    )
    return True


def _declaration_files(root: Path) -> tuple[list[tuple[str, str, Path]], list[Diagnostic]]:
    """(year folder, department folder, file) for every declaration, and layout problems."""
    found: list[tuple[str, str, Path]] = []
    problems: list[Diagnostic] = []
    if root.is_symlink():
        return found, [_link_error(display_path(root))]
    for top in sorted(root.iterdir()):
        # A hidden year folder holds department folders, which hold the files.
        if _hidden(top, 2, problems) or top.name == REGISTRY_FILE:
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
        if _hidden(department, 1, problems):
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
        # scandir: one system call per folder instead of one per file (10,000 files a load).
        with os.scandir(department) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            if entry.name.startswith(".") and _hidden(department / entry.name, 1, problems):
                continue
            file = department / entry.name
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISREG(mode) and entry.name.endswith(DECLARATION_SUFFIX):
                found.append((year.name, department.name, file))
                continue
            shown = display_path(file)
            if stat.S_ISLNK(mode):
                problems.append(
                    _error(shown, "layout-symlink", "不能使用符号链接；请放入真实文件。")
                )
            elif stat.S_ISDIR(mode):
                problems.append(_error(shown, "layout", "部门目录下不能再有子目录。"))
            elif _is_yaml_name(file.name) and file.suffix != DECLARATION_SUFFIX:
                problems.append(
                    _error(
                        shown, "layout-suffix", f"扩展名请用小写 .yaml（而不是 {file.suffix}）。"
                    )
                )
            elif file.suffix != DECLARATION_SUFFIX:
                problems.append(_error(shown, "layout", "部门目录下只能放 .yaml 申报文件。"))
            else:
                problems.append(
                    _error(shown, "layout", f"申报文件必须是普通文件，这里是{kind_of(mode)}。")
                )
    return found, problems


def _load_file(shown: str, raw: bytes, values: ValueCache | None = None) -> FileResult:
    document, problems = load_yaml_bytes(raw, shown)
    if document is None:
        return FileResult(declaration=None, diagnostics=problems, identity=DeclaredIdentity())
    if values is not None:
        values.store(shown, values_digest(raw), document.data)  # for the next build
    problems += check_document_characters(document, shown)
    problems += check_written_values(document, shown)
    problems += check_layout_fields(document, shown)
    positions = document.source_map.locate_fields(IDENTITY_KEYS)
    declaration, more = validate_document(Declaration, document, shown)
    problems += more
    if declaration is not None:
        problems += check_declaration(declaration, document, shown)
        problems = apply_acknowledgements(problems, declaration.acknowledged, document, shown)
        identity = DeclaredIdentity(
            year=declaration.year,
            department=declaration.department,
            implementing_unit=declaration.implementing_unit,
            name=declaration.name,
            project_code=declaration.project_code,
            positions=positions,
        )
        return FileResult(declaration=declaration, diagnostics=problems, identity=identity)
    # Its errors are reported; check the fields that are valid as well, so that one mistake
    # (a misspelt key, a bad amount) does not hide a wrong sum or a folder in the wrong year.
    parts, valid = valid_fields(Declaration, document)
    problems += check_valid_fields(parts, valid, document, shown)
    if "acknowledged" in valid:
        problems = apply_acknowledgements(
            problems, parts.acknowledged, document, shown, report_stale=False
        )
    identity = DeclaredIdentity(
        year=parts.year if "year" in valid else None,
        department=parts.department if "department" in valid else None,
        implementing_unit=parts.implementing_unit if "implementing_unit" in valid else None,
        name=parts.name if "name" in valid else None,
        project_code=parts.project_code if "project_code" in valid else None,
        positions=positions,
    )
    return FileResult(declaration=None, diagnostics=problems, identity=identity)


def _model_only(shown: str, raw: bytes, values: ValueCache | None = None) -> Declaration | None:
    """The declaration in a file whose check results are cached: read and validated only,
    from the values the last build kept for these bytes when there are (value_cache.py).

    None when it does not validate (then its cached verdict is not taken either). A file whose
    cached check found errors still gives its model, as `_load_file` would: validation alone
    decides whether there is one."""
    digest = values_digest(raw) if values is not None else ""
    data = values.lookup(shown, digest) if values is not None else None
    if data is None:
        document, _ = load_yaml_bytes(raw, shown)
        if document is None:
            return None
        data = document.data
        if values is not None:
            values.store(shown, digest, data)
    try:
        return Declaration.model_validate(data)
    except ValidationError:
        return None


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
    positions = document.source_map.locate_fields(IDENTITY_KEYS) if document is not None else {}
    identity = DeclaredIdentity(
        year=int(year) if year and year.isascii() and year.isdigit() else None,
        department=text("主管部门"),
        implementing_unit=text("实施单位"),
        name=text("项目名称"),
        project_code=code if code is not None and PROJECT_CODE.fullmatch(code) else None,
        positions=positions,
    )
    return FileSummary(diagnostics=[], identity=identity, checked=False)


def check_text(shown: str, raw: bytes) -> list[Diagnostic]:
    """What `jixiao check` says of one file's own content (no cross-file rules)."""
    return _load_file(shown, raw).diagnostics


def parse_declaration(shown: str, raw: bytes) -> Declaration | None:
    """One declaration from its bytes, or None when it has errors (`jixiao check` says which)."""
    result = _load_file(shown, raw)
    if any(d.severity is Severity.ERROR for d in result.diagnostics):
        return None
    return result.declaration


def _entry(place: tuple[str, str, str, str], shown: str, summary: FileSummary) -> Entry:
    """What the rules across files know of a declaration file: its place and identity."""
    year_dir, department_slug, slug, source_path = place
    return Entry(
        year_dir=year_dir,
        department_slug=department_slug,
        slug=slug,
        source_path=source_path,
        shown_path=shown,
        identity=summary.identity,
    )


def project_order(registry: Registry | None) -> Callable[[Project], tuple[str, int, str, str]]:
    """The order of a corpus's projects: by year, then departments as the registry lists them."""
    order = registry.order if registry else (lambda slug: 0)
    return lambda p: (p.year_dir, order(p.department_slug), p.department_slug, p.slug)


def load_corpus(
    root: Path,
    cache_dir: Path | None = None,
    *,
    models: bool = True,
    only: set[Path] | None = None,
    folders: frozenset[tuple[str, str]] | None = None,
    memory: FileMemory | None = None,
    earlier: FileMemory | None = None,
) -> Corpus:
    """Loads and checks every file under `root`; never raises for a user's mistake.

    With `models=False` (what `jixiao check` needs) a file whose size and modification time
    are unchanged since the cached check is not read again, and no projects are returned.
    With `folders`, only the declarations in those (year, department) folders are read: one
    shard of the site (shards.py); rules across files then see that shard alone.
    With `memory` (models only: `mkdocs serve`, see file_memory.py) each file's results are
    recorded there, and a file unchanged since `earlier` is neither read nor checked again.
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
    if folders is not None:
        # One shard of the site (load/shards.py): the other folders are not read at all.
        files = [entry for entry in files if (entry[0], entry[1]) in folders]
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
    # A build's models: each declaration's values as its YAML gave them in the last build.
    values = ValueCache.open(cache_dir, root) if cache_dir and models else None
    # `only` names files by their real path: the tree holds no links (they are refused), so a
    # file's real path is the content root's followed by its place, compared as text.
    real_root = os.path.realpath(root)
    wanted = {os.fspath(path) for path in only} if only is not None else set()
    projects: list[Project] = []
    entries: list[Entry] = []
    evaluation_files: list[tuple[str, str, Path, str, bytes | EvaluationResult]] = []
    # The declarations that a self-evaluation answers, kept from this pass for its checks.
    answered = {(y, d, slug) for y, d, p in files if (slug := answered_slug(p.name)) is not None}
    kept: dict[tuple[str, str, str], Declaration | None] = {}
    kept_bytes: dict[tuple[str, str, str], bytes] = {}
    for year_dir, department_slug, path in files:
        source_path = path.relative_to(root).as_posix()
        place = (year_dir, department_slug, path.stem, source_path)
        answers_slug = answered_slug(path.name)  # a misnamed 自评表 too: its error names the suffix
        if memory is not None:
            if answers_slug is not None:
                answers = f"{year_dir}/{department_slug}/{answers_slug}{DECLARATION_SUFFIX}"
                if (same := memory.evaluation(earlier, source_path, answers)) is not None:
                    evaluation_files.append((year_dir, department_slug, path, same.shown, same))
                    continue
            elif (unchanged := memory.declaration(earlier, source_path)) is not None:
                memory.declarations[source_path] = unchanged
                if (year_dir, department_slug, path.stem) in answered:
                    kept[(year_dir, department_slug, path.stem)] = unchanged.for_evaluation
                if unchanged.project is not None:
                    projects.append(unchanged.project)
                problems += unchanged.summary.diagnostics
                entries.append(_entry(place, unchanged.shown, unchanged.summary))
                continue
        shown = display_path(path)
        if answers_slug is not None:
            raw, unreadable = _read_content_file(path, shown)
            problems += unreadable
            if raw is not None:
                evaluation_files.append((year_dir, department_slug, path, shown, raw))
            continue
        identity_only = only is not None and os.path.join(real_root, source_path) not in wanted
        raw, unreadable = _read_content_file(path, shown)
        if raw is None:
            problems += unreadable
            continue
        if (year_dir, department_slug, path.stem) in answered:
            kept_bytes[(year_dir, department_slug, path.stem)] = raw
        # A file read for its identity only (`check --changed`) takes it from the cache too: it
        # gives no model anyway.
        summary = cache.lookup(shown, raw, checked=not identity_only) if cache is not None else None
        declaration: Declaration | None = None
        read = False  # the file's model was read, from the cached verdict or by a full check
        if summary is not None and models and not identity_only:
            # The checks' verdict on these bytes is cached; the model is not (only JSON is kept,
            # never models): read it again, without running the checks a second time.
            declaration = _model_only(shown, raw, values)
            read = declaration is not None
            if not read:
                summary = None  # the model did not validate after all: check the file afresh
        if summary is None and identity_only:
            # `check --changed`: an unchanged file only lends what the cross-file rules need.
            summary = _identity_only(shown, raw)
            if cache:
                cache.store(shown, raw, summary)
        if summary is None:
            result = _load_file(shown, raw, values)
            summary, declaration, read = FileSummary.of(result), result.declaration, True
            if cache:
                cache.store(shown, raw, summary)
        project = None
        if read:
            # As `parse_declaration` gives it: a declaration with errors is not compared with
            # its 自评表 (None, kept too, so that it is not read a second time for it).
            failed = any(d.severity is Severity.ERROR for d in summary.diagnostics)
            if (year_dir, department_slug, path.stem) in answered:
                kept[(year_dir, department_slug, path.stem)] = None if failed else declaration
            if models and declaration is not None:
                project = Project(*place, declaration, raw.decode("utf-8-sig"))
                projects.append(project)
            if memory is not None and (signature := memory.signatures.get(source_path)):
                memory.declarations[source_path] = DeclarationResult(
                    signature, shown, summary, project, None if failed else declaration
                )
        problems += summary.diagnostics
        entries.append(_entry(place, shown, summary))
    evaluations, evaluation_problems = _evaluations(
        root,
        evaluation_files,
        registry,
        (kept, kept_bytes),
        cache,
        models,
        memory,
    )
    problems += evaluation_problems
    if cache:
        cache.save()
    if values is not None:
        values.save()
    problems += cross_file_checks(entries, registry)
    projects.sort(key=project_order(registry))
    notices = cache.notices if cache else []
    return Corpus(
        root, registry, projects, sort_diagnostics(problems), len(files) + 1, notices, evaluations
    )


def _evaluations(
    root: Path,
    files: list[tuple[str, str, Path, str, bytes | EvaluationResult]],
    registry: Registry | None,
    read_before: tuple[
        dict[tuple[str, str, str], Declaration | None], dict[tuple[str, str, str], bytes]
    ],
    cache: CheckCache | None,
    models: bool,
    memory: FileMemory | None,
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
        memory=memory,
    )


__all__ = ["display_path", "load_corpus"]
