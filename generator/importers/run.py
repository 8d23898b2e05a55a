"""`jixiao import`: source files in, declaration files out, with a report of every cell.

Identity: a project is (年度, 主管部门, 项目名称). Importing the same form again finds the file
that already holds that project, wherever it was renamed to, and updates it; a new project gets
a slug made from the pinyin of its name, made unique within its year. A new department is added
to the registry. An existing file is never replaced by one that holds less, unless forced.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from generator.core.diagnostics import Diagnostic, JixiaoUserError, Severity
from generator.core.evaluation_model import is_evaluation_file
from generator.core.money import AmountError, parse_amount, to_yuan
from generator.core.registry import SLUG, SLUG_RULE, reserved_name
from generator.core.safe_fs import (
    UnsafePathError,
    make_folders,
    read_regular,
    refuse_links,
    write_atomic,
    yaml_files,
)
from generator.core.yaml_text import scalar
from generator.importers.declaration_yaml import declaration_yaml
from generator.importers.department_codes import department_code
from generator.importers.grid import Cell, FormOrigin, NarrativeLink, RoundedNumber
from generator.importers.pdf import link_narratives
from generator.importers.published_problems import (
    display_rounding_notes,
    with_published_problems,
)
from generator.importers.recognise import Placed, RecognisedForm, normalise_amount, recognise
from generator.importers.sandbox import unreadable
from generator.importers.sources import read_source
from generator.load.corpus import REGISTRY_FILE, check_text, registered_departments
from generator.load.yaml_source import YamlValue, load_yaml_bytes

MAX_SLUG = 60


def slugify(text: str) -> str:
    """Pinyin, lower case, digits and '-': 工会会员卡 → gong-hui-hui-yuan-ka."""
    from pypinyin import lazy_pinyin

    text = unicodedata.normalize("NFC", text)  # NFC and NFD spellings give one slug
    parts = "-".join(lazy_pinyin(text)).lower()
    slug = "-".join(
        p for p in "".join(c if c.isascii() and c.isalnum() else "-" for c in parts).split("-") if p
    )
    if len(slug) > MAX_SLUG:
        digest = hashlib.sha256(text.encode()).hexdigest()[:6]
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] + "-" + digest
    return slug or "xiangmu"


class FormAction(StrEnum):
    """What the import did, or would do, with one form's file. The values are the report's
    words (its text and the JSON's `action`); code compares members."""

    CREATED = "新建"
    UPDATED = "更新"
    UNCHANGED = "未变"
    REFUSED = "拒绝"


DRY_RUN_NOTE = "（试运行，未写入）"  # after the action of a form a dry run did not write


@dataclass(slots=True)
class FormReport:
    """What happened to one form, for the import report: the report accounts for every cell."""

    source: str
    where: str
    project: str | None
    year: str | None
    page: int | None = None  # a PDF form's first page
    narrative: NarrativeLink | None = None  # its 项目经费情况说明, when the PDF has one
    file: str | None = None
    # Refused unless the import decides otherwise: each path sets it before returning.
    action: FormAction = FormAction.REFUSED
    dry_run: bool = False  # the action was only planned: nothing was written
    indicators: int = 0
    cells: int = 0
    unplaced: list[Cell] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def shown_action(self) -> str:
        """The action as the report prints it, marked when a dry run did not write it."""
        return self.action.value + (DRY_RUN_NOTE if self.dry_run else "")

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "where": self.where,
            "project": self.project,
            "year": self.year,
            "page": self.page,
            "narrative": (
                None
                if self.narrative is None
                else {
                    "page": self.narrative.page,
                    "amount": self.narrative.amount,
                    "unit": self.narrative.unit,
                    "excerpt": self.narrative.excerpt,
                }
            ),
            "file": self.file,
            "action": self.shown_action,
            "indicators": self.indicators,
            "cells": self.cells,
            "unplaced": [{"text": c.text, "where": c.where} for c in self.unplaced],
            "warnings": self.warnings,
            "errors": self.errors,
        }


@dataclass(slots=True)
class SourceReport:
    """What happened to one source file: its forms, and everything outside them."""

    source: str
    notes: list[str]
    outside: list[Cell]
    forms: list[FormReport]
    error: str | None = None
    remarks: list[str] = field(default_factory=list)  # pages not read as forms, and why
    problems: list[str] = field(default_factory=list)  # pages that look like forms, unread

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "notes": self.notes,
            "remarks": self.remarks,
            "problems": self.problems,
            "outside_forms": [{"text": c.text, "where": c.where} for c in self.outside],
            "forms": [f.to_json() for f in self.forms],
            "error": self.error,
        }


class _Registry:
    """The departments file, read as text so that its comments survive an append."""

    def __init__(self, content: Path, requested_code: str | None = None) -> None:
        self.content = content
        self.path = content / REGISTRY_FILE
        self.by_name: dict[str, str] = registered_departments(content)
        self.added: list[tuple[str, str]] = []
        self.saved: list[tuple[str, str]] = []  # every department this import added
        # `--department-code`: the code of the (one) department that this import adds.
        self.requested_code = requested_code

    def slug_for(self, name: str) -> str:
        if name in self.by_name:
            known = self.by_name[name]
            if not SLUG.fullmatch(known) or reserved_name(known):
                # A code such as `../../.github` would send the file out of content/.
                raise UnsafePathError(
                    f"departments.yaml 中“{name}”的代码“{known}”不合规，无法确定目录；"
                    "请先改正名录（jixiao check 会指出）"
                )
            return known
        taken = set(self.by_name.values())
        if self.requested_code is not None:
            slug, self.requested_code = self.requested_code, None
        else:
            slug = department_code(name, self.by_name)
        if reserved_name(slug) or slug.isdigit():
            slug = f"{slug}-bumen"  # `con/`, `index/` or `2/` cannot be a department's folder
        candidate, number = slug, 2
        while candidate in taken:
            candidate, number = f"{slug}-{number}", number + 1
        self.by_name[name] = candidate
        self.added.append((candidate, name))
        return candidate

    def save(self) -> bool:
        """Appends the new departments; True when the file was written."""
        if not self.added:
            return False
        text = (
            read_regular(self.path, self.content).decode("utf-8")
            if os.path.lexists(self.path)
            else (
                "# yaml-language-server: $schema=../schema/departments.schema.json\n"
                "# 主管部门名录：代码（网址中的目录名）与正式名称一一对应，"
                "顺序即网站上的排列顺序。\n"
                "部门:\n"
            )
        )
        if not text.endswith("\n"):
            text += "\n"
        for slug, name in self.added:
            text += f"  - 代码: {slug}\n    名称: {scalar(name)}\n"
        make_folders(self.path.parent, self.content)
        write_atomic(self.path, text.encode("utf-8"), self.content)
        self.saved += self.added
        self.added.clear()
        return True


def _leaves(value: YamlValue, path: str = "") -> set[tuple[str, str]]:
    if isinstance(value, dict):
        return {leaf for k, v in value.items() for leaf in _leaves(v, f"{path}/{k}")}
    if isinstance(value, list):
        return {leaf for i, v in enumerate(value) for leaf in _leaves(v, f"{path}[{i}]")}
    return {(path, value)} if value is not None else set()


def _read_data(path: Path, content: Path) -> YamlValue:
    document, _ = load_yaml_bytes(read_regular(path, content), str(path))
    return document.data if document else None


def _existing_projects(content: Path) -> dict[tuple[str, str, str], Path]:
    """(年度 folder, department folder, 项目名称) → file, for every declaration already there.

    A linked file or folder is no declaration: it is not read (`jixiao check` reports it), and
    an import never writes through it.
    """
    found: dict[tuple[str, str, str], Path] = {}
    for file in yaml_files(content):
        if file.parent.parent.parent != content:
            continue
        try:
            data = _read_data(file, content)
        except (UnsafePathError, OSError):
            continue
        if is_evaluation_file(file.name):
            continue  # a self-evaluation (`<项目代码>.自评.yaml`) is not a declaration
        if isinstance(data, dict) and isinstance(data.get("项目名称"), str):
            name = unicodedata.normalize("NFC", str(data["项目名称"]))
            found[(file.parent.parent.name, file.parent.name, name)] = file
    return found


class Importer:
    """One `jixiao import` run: the registry, the existing files and what was written, shared
    by all the files of the run so that two forms of one project find the same file."""

    def __init__(
        self,
        content: Path,
        *,
        dry_run: bool = False,
        force: bool = False,
        department_code: str | None = None,
    ) -> None:
        self.content = content
        self.dry_run = dry_run
        self.force = force
        if department_code is not None and not SLUG.fullmatch(department_code):
            raise JixiaoUserError(f"--department-code “{department_code}”不合规：{SLUG_RULE}")
        if department_code is not None and (
            reserved_name(department_code) or department_code.isdigit()
        ):
            raise JixiaoUserError(
                f"--department-code “{department_code}”是保留名称或全是数字，"
                "不能作为目录名；请换一个代码"
            )
        self.registry = _Registry(content, department_code)
        if department_code in self.registry.by_name.values():
            raise JixiaoUserError(
                f"--department-code {department_code} 已是名录中另一个部门的代码；请换一个代码"
            )
        self.existing = _existing_projects(content) if content.is_dir() else {}
        self.stems: dict[str, set[str]] = {}  # the file names taken in each year
        for (year, _, _), path in self.existing.items():
            self.stems.setdefault(year, set()).add(path.stem)
        self.written: set[Path] = set()

    def import_file(self, path: Path) -> SourceReport:
        """Every form of one file, each written or refused with its reason; a file that cannot
        be read at all is reported, not raised, so that the other files of the run still import."""
        try:
            document = read_source(path)
        except JixiaoUserError as exc:
            return SourceReport(path.as_posix(), [], [], [], str(exc))
        except Exception:  # a damaged xlsx/docx: say so, go on with the other files
            return SourceReport(path.as_posix(), [], [], [], unreadable(path))
        # 自评表 first: their rows are taken out, so that the declarations' reader never sees them.
        from generator.importers.evaluation_recognise import recognise_evaluations
        from generator.importers.evaluation_run import import_evaluation

        rounded = {number.where: number for number in document.rounded}
        evaluations, document = recognise_evaluations(document)
        forms, outside = recognise(document)
        report = SourceReport(
            document.path,
            list(document.notes),
            outside,
            [],
            remarks=list(document.remarks),
            problems=list(document.problems),
        )
        if not forms and not evaluations and not document.problems:
            # (A page that looks like a form but could not be read is a problem of its own,
            # which says why: "no title found" would be wrong about that file.)
            report.error = "文件中没有找到“项目支出绩效目标申报表”标题，不像是申报表"
        origins: list[FormOrigin | None] = [None] * len(forms)
        if document.paged:
            links, link_remarks = link_narratives(document, forms)
            report.remarks.extend(link_remarks)
            name = Path(document.path).name
            origins = [
                FormOrigin(name, form.page, link) for form, link in zip(forms, links, strict=True)
            ]
        for form, origin in zip(forms, origins, strict=True):
            report.forms.append(self.import_form(form, origin, rounded))
        for evaluation in evaluations:
            origin_file = Path(document.path).name if document.paged else None
            report.forms.append(import_evaluation(self, evaluation, origin_file, rounded))
        if not self.dry_run and self.registry.save():
            self.written.add(self.registry.path)
        return report

    def import_form(
        self,
        form: RecognisedForm,
        origin: FormOrigin | None = None,
        rounded: Mapping[str, RoundedNumber] | None = None,
    ) -> FormReport:
        """Writes one recognised declaration where its identity puts it (the existing file of the
        same 年度, 主管部门 and 项目名称, or a new slug), with the published form's own problems
        acknowledged. A form without a name, year or department is refused, never guessed."""
        name = form.header["项目名称"].text if "项目名称" in form.header else None
        result = FormReport(
            form.source,
            form.where,
            name,
            form.year.text,
            page=form.page,
            narrative=origin.narrative if origin else None,
            indicators=form.indicator_count,
            cells=form.cell_count,
            unplaced=list(form.unplaced),
            warnings=list(form.warnings),
            errors=list(form.errors),
        )
        if form.errors or name is None or form.year.text is None:
            result.action = FormAction.REFUSED
            return result
        department = form.header.get("主管部门")
        if department is None or not department.text:
            result.action = FormAction.REFUSED
            result.errors.append("缺少主管部门，无法确定文件放在哪个目录")
            return result
        try:
            department_slug = self.registry.slug_for(department.text)
        except UnsafePathError as exc:
            result.action = FormAction.REFUSED
            result.errors.append(str(exc))
            return result
        text = declaration_yaml(form, result.warnings, origin)
        diagnostics = check_text("<import>", text.encode())
        text = _acknowledge_published_problems(
            text,
            diagnostics,
            result.warnings,
            _display_rounding_notes(form, diagnostics, origin, rounded or {}),
        )
        if origin is not None and origin.narrative is not None:
            mismatch = _narrative_mismatch(form, origin.narrative)
            if mismatch:
                result.warnings.append(mismatch)
        target = self._target(form.year.text, department_slug, name)
        if not self.write_form(result, target, text):
            return result
        self.existing[(form.year.text, department_slug, name)] = target
        self.stems.setdefault(form.year.text, set()).add(target.stem)
        return result

    def write_form(self, result: FormReport, target: Path, text: str) -> bool:
        """Writes one imported form's file (declaration or 自评表) unless that would lose what the
        file already holds; the action and any refusal go into `result`. True when written.

        The published form's own problems are acknowledged in the text already; an error that
        remains (a value the schema refuses) makes the file fail `jixiao check`, so it is an
        error of the import too: the run exits 1 and says where and what to do."""
        written = self._write_form(result, target, text)
        if result.action is not FormAction.REFUSED:
            state = "将要写入的文件" if self.dry_run else "写入的文件" if written else "这个文件"
            result.errors.extend(_errors_after_import(target, text, state))
        return written

    def _write_form(self, result: FormReport, target: Path, text: str) -> bool:
        result.file = target.as_posix()
        try:
            refuse_links(target, self.content)
            old_bytes = read_regular(target, self.content) if os.path.lexists(target) else None
        except (UnsafePathError, OSError) as exc:
            result.action = FormAction.REFUSED
            result.errors.append(f"{exc}")
            return False
        if old_bytes is not None:
            if old_bytes == text.encode():
                result.action = FormAction.UNCHANGED
                return False
            old_data = _read_data(target, self.content)
            if old_data is None and not self.force:
                result.action = FormAction.REFUSED
                result.errors.append(
                    f"{target} 已存在但无法读取（YAML 有错误），不能判断覆盖会丢掉什么；"
                    "请先修好它，或确认要覆盖时加 --force"
                )
                return False
            # Less information: a field that holds a value now would be left without one. A
            # value that changed (a corrected amount) is an update, not a loss.
            lost = {p for p, _ in _leaves(old_data)} - {p for p, _ in _leaves(_parse(text))}
            if lost and not self.force:
                result.action = FormAction.REFUSED
                shown = "、".join(sorted(p.strip("/") for p in lost)[:8])
                result.errors.append(
                    f"{target} 已存在，新导入的内容会丢掉 {len(lost)} 个值（{shown}）；"
                    "确认要覆盖请加 --force"
                )
                return False
            result.action = FormAction.UPDATED
        else:
            result.action = FormAction.CREATED
        if self.dry_run:
            result.dry_run = True
            return False
        try:
            make_folders(target.parent, self.content)
            write_atomic(target, text.encode("utf-8"), self.content)
        except UnsafePathError as exc:
            result.action = FormAction.REFUSED
            result.errors.append(f"{exc}")
            return False
        self.written.add(target)
        return True

    def _target(self, year: str, department_slug: str, name: str) -> Path:
        known = self.existing.get((year, department_slug, name))
        if known is not None:
            return known
        slug = slugify(name)
        if reserved_name(slug):
            slug = f"{slug}-xiangmu"  # `index.yaml` is its folder's page, `con.yaml` a device
        if slug in self.stems.get(year, set()):
            slug = f"{slug}-{hashlib.sha256(f'{department_slug}/{name}'.encode()).hexdigest()[:6]}"
        assert SLUG.fullmatch(slug), slug
        return self.content / year / department_slug / f"{slug}.yaml"


def _acknowledge_published_problems(
    text: str,
    diagnostics: Sequence[Diagnostic],
    warnings: list[str],
    notes: Mapping[tuple[str, str], str] | None = None,
) -> str:
    """The file with a 原表问题 list for every error its faithful copy of the form carries
    (`diagnostics`: the check of `text`)."""
    return with_published_problems(
        text,
        diagnostics,
        warnings,
        shown="jixiao check 报告为提示，网站上显示为核对提示",
        notes=notes,
    )


def _display_rounding_notes(
    form: RecognisedForm,
    diagnostics: Sequence[Diagnostic],
    origin: FormOrigin | None,
    rounded: Mapping[str, RoundedNumber],
) -> dict[tuple[str, str], str]:
    """A 说明 for each published problem that only the display format made: the sheet shows
    1,234.57 (a cell holding 1234.5678) beside a total of 1234.5678, which the numbers the cells
    hold do add up to. The form is imported as shown, and its 原表问题 says where the
    difference comes from, instead of calling the published sum wrong without a word.
    `diagnostics` are the check of the form as shown."""
    funds = {key: placed for key, placed in form.funds.items() if placed.where in rounded}
    if not funds:
        return {}
    held = dataclasses.replace(
        form,
        funds={
            **form.funds,
            **{
                key: Placed(rounded[placed.where].stored, placed.where)
                for key, placed in funds.items()
                if placed.where is not None
            },
        },
    )
    as_held = check_text("<import>", declaration_yaml(held, [], origin).encode())

    def cells_of(at: str) -> list[RoundedNumber]:
        block = at.split(".", 1)[0]  # 项目资金 or 年度资金: the cells of that column
        in_block = [rounded[p.where] for (b, _), p in funds.items() if p.where and b == block]
        return in_block or [rounded[p.where] for p in funds.values() if p.where]

    return display_rounding_notes(
        diagnostics,
        as_held,
        cells_of,
        numbers="金额",
        found="合计相符",
    )


def _errors_after_import(target: Path, text: str, state: str) -> list[str]:
    """What `jixiao check` will say against the file an import wrote (or would write, or left
    as it was), each error with its line and what to do, in the report's words."""
    from generator.load.evaluation_corpus import load_evaluation

    shown = target.as_posix()
    if is_evaluation_file(target.name):
        _, diagnostics = load_evaluation(shown, text.encode(), None)
    else:
        diagnostics = check_text(shown, text.encode())
    return [
        f"{state}通不过 jixiao check：{diagnostic.format()}。"
        + (
            f"请在这个文件的第 {diagnostic.position.line} 行按提示改正"
            if diagnostic.position is not None
            else "请按提示改正这个文件"
        )
        + "（原表就是这样写的，请先向填报单位核实），再运行 jixiao check"
        for diagnostic in diagnostics
        if diagnostic.severity is Severity.ERROR
    ]


def _narrative_mismatch(form: RecognisedForm, narrative: NarrativeLink) -> str | None:
    """The import's early word on what `jixiao check` reports as funding-narrative-mismatch."""
    placed = form.funds.get(("年度资金", "年度资金申请总额"))
    if placed is None or placed.text is None:
        return None
    try:
        declared = to_yuan(parse_amount(normalise_amount(placed.text)), form.unit)
        stated = to_yuan(parse_amount(narrative.amount), narrative.unit)
    except (AmountError, ValueError):
        return None  # an amount that does not read is reported by check as it stands
    if declared == stated:
        return None
    return (
        f"第 {narrative.page} 页项目经费情况说明写的 {narrative.amount} {narrative.unit}"
        f"与年度资金申请总额 {placed.text} {form.unit}不一致"
        "（jixiao check 报告为 funding-narrative-mismatch）"
    )


def _parse(text: str) -> YamlValue:
    document, _ = load_yaml_bytes(text.encode(), "<import>")
    return document.data if document else None


def reports_json(reports: list[SourceReport]) -> str:
    """The import report as JSON (`--report`), for tools that check an import."""
    return json.dumps([r.to_json() for r in reports], ensure_ascii=False, indent=2) + "\n"
