"""The rules that span files: a declaration against its folder, the registry and the others.

A file's own content is checked when it is loaded (`corpus._load_file`, cached per file); these
rules read only each file's `DeclaredIdentity` and its place, so they run on every check, cache
or not, and see the whole tree at once: a year folder, a registered department, a unique file
name and 项目编码 within a year, one spelling of an 实施单位, and a 项目编码's history.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from generator.core.diagnostics import Diagnostic, Position, Severity
from generator.core.model import PROJECT_CODE, project_code_key
from generator.core.project import DeclaredIdentity
from generator.core.registry import (
    RESERVED_RULE,
    SLUG,
    SLUG_RULE,
    Registry,
    department_name,
    reserved_name,
)
from generator.core.suggest import closest, did_you_mean


@dataclass(frozen=True, slots=True)
class Entry:
    """One declaration file as these rules see it: where it is, and who it says it is.

    Every declaration file has one, even a file with errors: the rules on its path still apply,
    and each rule on a field runs when that field is known (not None).
    """

    year_dir: str
    department_slug: str
    slug: str
    source_path: str  # relative to the content root, with "/"
    shown_path: str  # as printed in diagnostics
    identity: DeclaredIdentity


def _error(path: str, code: str, message: str, position: Position | None = None) -> Diagnostic:
    return Diagnostic(path, position, Severity.ERROR, code, "", message)


def cross_file_checks(entries: list[Entry], registry: Registry | None) -> list[Diagnostic]:
    """Every problem of a file's place and of files compared with each other.

    `entries` come in path order (year, department, file): the first file to use a name or a
    code keeps it, and the later ones are the ones reported.
    """
    problems: list[Diagnostic] = []
    departments = registry.by_slug() if registry else {}
    names = {d.name: d.slug for d in registry} if registry else {}
    by_year_slug: dict[tuple[str, str], Entry] = {}
    for project in entries:
        path = project.shown_path
        declared = project.identity
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
        if declared.year is not None and str(declared.year) != project.year_dir:
            problems.append(
                Diagnostic(
                    path,
                    project.identity.positions.get("年度"),
                    Severity.ERROR,
                    "year-mismatch",
                    "年度",
                    f"年度 {declared.year} 与所在目录 {project.year_dir}/ 不一致；"
                    f"请改正年度或把文件移到 content/{declared.year}/ 下。",
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
            and declared.department is not None
            and declared.department != department.name
        ):
            if declared.department in names:
                folder = f"content/{project.year_dir}/{names[declared.department]}/"
                advice = f"“{declared.department}”的文件应放在 {folder} 下"
            else:
                near = closest(declared.department, names)
                advice = f"您是不是想写“{near}”" if near else "新部门请先在 departments.yaml 中登记"
            problems.append(
                Diagnostic(
                    path,
                    project.identity.positions.get("主管部门"),
                    Severity.ERROR,
                    "department-name",
                    "主管部门",
                    f"“{declared.department}”与目录 {project.department_slug}/ 登记的名称"
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
        unit = entry.identity.implementing_unit
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
                        project.identity.positions.get("实施单位"),
                        Severity.WARNING,
                        "unit-spelling",
                        "实施单位",
                        f"“{spelling}”与其他文件中的“{canonical}”只差空格或全角/半角，"
                        "同一单位请写法一致。",
                    )
                )
    return problems


def _department_label(entry: Entry, registry: Registry | None) -> str:
    """The department as a message names it: registered, else as written, else the folder."""
    written = entry.identity.department or f"{entry.department_slug}/"
    return department_name(registry, entry.department_slug, written)


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
        if entry.identity.project_code is not None:
            by_code[project_code_key(entry.identity.project_code)].append(
                (entry.identity.project_code, entry)
            )
    used = set(by_code)
    problems: list[Diagnostic] = []

    def report(entry: Entry, severity: Severity, rule: str, key: str, message: str) -> None:
        problems.append(
            Diagnostic(
                entry.shown_path, entry.identity.positions.get(key), severity, rule, key, message
            )
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
                before.identity.name is not None
                and after.identity.name is not None
                and _normalised_name(before.identity.name) != _normalised_name(after.identity.name)
            ):
                report(
                    after,
                    Severity.WARNING,
                    "project-code-name",
                    "项目名称",
                    f"项目编码“{code}”在 {before.year_dir} 年度的项目名称是"
                    f"“{before.identity.name}”（{before.shown_path}），这里是“{after.identity.name}”。"
                    "项目可以改名，请审阅者确认这是同一个项目；不是的话请换一个项目编码。",
                )
    return problems


__all__ = ["Entry", "cross_file_checks"]
