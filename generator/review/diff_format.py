"""A semantic diff as terminal text, as a pull-request comment (Markdown), or as JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from generator.core.money import FEN, decimal_places, exact_money, format_signed_yuan, format_yuan
from generator.review.evaluation_diff import (
    EvaluationChange,
    EvaluationChangeKind,
    ReadingChange,
    ScoreChange,
    evaluation_lines,
)
from generator.review.markdown_inert import inert
from generator.review.semantic_diff import (
    DepartmentTotal,
    DiffReport,
    FieldChange,
    FundingChange,
    IndicatorChange,
    IndicatorChangeKind,
    ProjectChange,
    ProjectChangeKind,
    Strength,
)

KIND_WORDS = {
    ProjectChangeKind.ADDED: "新增",
    ProjectChangeKind.REMOVED: "删除",
    ProjectChangeKind.MOVED: "移动/改名",
    ProjectChangeKind.CHANGED: "修改",
}


def _shown(amount: Decimal | None) -> str:
    return "空白" if amount is None else format_yuan(amount)


@exact_money
def funding_line(change: FundingChange) -> str:
    """One changed amount with its difference in 元 and as a share: a reviewer weighs a change
    of money by its size, not by the two amounts alone."""
    text = f"{change.label}：{_shown(change.before)} → {_shown(change.after)}"
    if change.delta is not None:
        text += f"（{format_signed_yuan(change.delta)} 元"
        if change.share is not None:
            text += f"，{'+' if change.share > 0 else ''}{change.share * 100:.1f}%"
        text += "）"
    return text


def field_line(change: FieldChange) -> str:
    """A changed field, before → after, a blank shown as 空白 so that it never vanishes from
    the line."""
    return f"{change.label}：{change.before or '空白'} → {change.after or '空白'}"


def indicator_line(change: IndicatorChange) -> str:
    """One indicator change as a sentence. A target change that cannot be ranked says so, so
    that a missing 更严格/更宽松 is not read as no change in strength."""
    where = f"{change.level1}/{change.level2}"
    if change.kind == IndicatorChangeKind.ADDED:
        return f"新增指标“{change.name}”（{where}）：{change.after}"
    if change.kind == IndicatorChangeKind.REMOVED:
        return f"删除指标“{change.name}”（{where}）：原为 {change.before}"
    if change.kind == IndicatorChangeKind.MOVED:
        return f"指标“{change.name}”从 {change.before} 移到 {change.after}"
    strength = f"，{change.strength}" if change.strength else "（无法比较强弱）"
    if change.kind == IndicatorChangeKind.MEDIUM_TARGET:
        return f"指标“{change.name}”中期目标：{change.before} → {change.after}{strength}"
    return f"指标“{change.name}”目标：{change.before} → {change.after}{strength}"


def _title(project: ProjectChange, quote: Callable[[str], str] = str) -> str:
    """`quote` is applied to the text that comes from the declarations and their paths."""
    path = quote(project.new_path or project.old_path or "")
    if project.kind == ProjectChangeKind.MOVED:
        path = f"{quote(project.old_path or '')} → {quote(project.new_path or '')}"
    where = f"{project.year}，{quote(project.department)}"
    return f"[{KIND_WORDS[project.kind]}] {quote(project.name)}（{where}）{path}"


def _details(project: ProjectChange) -> list[str]:
    # An added or removed project has no field changes: its amount, so that the pull-request
    # comment has a <details> entry (with the file's path in its summary) for it too.
    if project.kind == ProjectChangeKind.ADDED:
        return [f"年度资金申请总额 {format_yuan(project.annual_after)} 元"]
    if project.kind == ProjectChangeKind.REMOVED:
        return [f"原年度资金申请总额 {format_yuan(project.annual_before)} 元"]
    return change_lines(project)


def change_lines(change: ProjectChange) -> list[str]:
    """One line per changed field, amount and indicator: the diff's details and a revision's
    list on the site's 修订记录 are the same lines."""
    lines = [field_line(f) for f in change.fields]
    lines += [funding_line(f) for f in change.funding]
    lines += [indicator_line(i) for i in change.indicators]
    return lines


@exact_money
def as_text(report: DiffReport) -> str:
    """The diff for a terminal or a CI log: every change, flag and department total, so that a
    reviewer without the forge's page still sees all of it."""
    out = [f"比较 {report.base} → {report.head}：{len(report.projects)} 个项目有变化"]
    if report.incomplete_history:
        out.append("注意：这是浅克隆，历史不完整。")
    for project in report.projects:
        out.append("")
        out.append(_title(project))
        out += [f"  {line}" for line in _details(project)]
        out += [f"  ⚑ 需关注：{flag}" for flag in project.flags]
    for change in report.evaluations:
        out.append("")
        out.append(_evaluation_title(change))
        out += [f"  {line}" for line in evaluation_lines(change)]
        out += [f"  ⚑ 需关注：{flag}" for flag in change.flags]
    for path in report.invalid:
        out.append(f"无法读取（有错误，请运行 jixiao check）：{path}")
    if report.departments:
        out.append("")
        out.append("有变化的项目的年度资金申请总额（元），按主管部门：")
        for d in report.departments:
            amounts = f"{format_yuan(d.before)} → {format_yuan(d.after)}"
            out.append(f"  {d.department}：{amounts}（{format_signed_yuan(d.delta)}）")
        delta = report.total_after - report.total_before
        amounts = f"{format_yuan(report.total_before)} → {format_yuan(report.total_after)}"
        out.append(f"  合计：{amounts}（{format_signed_yuan(delta)}）")
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    """Text for a Markdown table cell, list item or summary: shown as is, meaning nothing."""
    return inert(text)


def _details_block(summary: str, lines: list[str]) -> list[str]:
    """One change folded under its title: a long diff stays a list of titles to open."""
    return [
        "<details>",
        f"<summary>{summary}（{len(lines)} 处）</summary>",
        "",
        *(f"- {_cell(line)}" for line in lines),
        "",
        "</details>",
        "",
    ]


@exact_money
def as_markdown(report: DiffReport) -> str:
    """The pull-request comment: flags first, then a table, then each change folded. Every
    value from the declarations goes through `inert`, because a pull request's text must not
    become a link, a mention or HTML in a comment posted with write permission."""
    out = [f"### 绩效目标申报变更：{_cell(report.base)} → {_cell(report.head)}", ""]
    if report.incomplete_history:
        out += ["> 注意：这是浅克隆，历史不完整。", ""]
    if not report.projects and not report.invalid and not report.evaluations:
        out.append("没有申报内容的变化。")
        return "\n".join(out) + "\n"
    flagged = report.flagged
    if flagged:
        out += ["#### ⚑ 需要审阅者关注", ""]
        for project in flagged:
            for flag in project.flags:
                out.append(f"- **{_cell(project.name)}**：{_cell(flag)}")
        out.append("")
    out += ["| 变化 | 项目 | 年度 | 主管部门 | 年度资金申请总额（元） |", "|---|---|---|---|---|"]
    for project in report.projects:
        money = f"{format_yuan(project.annual_before)} → {format_yuan(project.annual_after)}"
        out.append(
            f"| {KIND_WORDS[project.kind]} | {_cell(project.name)} | {project.year} | "
            f"{_cell(project.department)} | {money} |"
        )
    out.append("")
    for project in report.projects:
        details = _details(project)
        if details:
            out += _details_block(_title(project, _cell), details)
    if report.evaluations:
        out += ["#### 绩效自评表的变化", ""]
        for change in report.evaluations:
            for flag in change.flags:
                out.append(f"- ⚑ **{_cell(change.name)}**：{_cell(flag)}")
        out.append("")
        for change in report.evaluations:
            out += _details_block(_evaluation_title(change, _cell), evaluation_lines(change))
    if report.invalid:
        out.append("无法读取（有错误，请看 `jixiao check` 的结果）：")
        out += [f"- {_cell(p)}" for p in report.invalid]
        out.append("")
    out += ["有变化的项目的年度资金申请总额：", ""]
    out += ["| 主管部门 | 之前（元） | 之后（元） | 变化（元） |", "|---|---:|---:|---:|"]
    for d in report.departments:
        out.append(
            f"| {_cell(d.department)} | {format_yuan(d.before)} | {format_yuan(d.after)} | "
            f"{format_signed_yuan(d.delta)} |"
        )
    delta = report.total_after - report.total_before
    out.append(
        f"| **合计** | {format_yuan(report.total_before)} | {format_yuan(report.total_after)} | "
        f"{format_signed_yuan(delta)} |"
    )
    return "\n".join(out) + "\n"


@exact_money
def _money(amount: Decimal | None) -> str | None:
    """A decimal string in 元 with at least two places, as in the exports ("0.00", not "0")."""
    if amount is None:
        return None
    return f"{amount.quantize(FEN):f}" if decimal_places(amount) <= 2 else f"{amount:f}"


def as_json(report: DiffReport) -> str:
    """The diff as data, for tools and for the comment workflow, which reads it back with
    `report_from_json`; money as exact decimal strings, never floats."""
    data = {
        "base": report.base,
        "head": report.head,
        "incomplete_history": report.incomplete_history,
        "projects": [
            {
                "kind": p.kind,
                "old_path": p.old_path,
                "new_path": p.new_path,
                "name": p.name,
                "year": p.year,
                "department": p.department,
                "annual_total_before": _money(p.annual_before),
                "annual_total_after": _money(p.annual_after),
                "fields": [
                    {"label": f.label, "before": f.before, "after": f.after} for f in p.fields
                ],
                "funding": [
                    {
                        "label": f.label,
                        "before": _money(f.before),
                        "after": _money(f.after),
                        "delta": _money(f.delta),
                        "share": None if f.share is None else f"{f.share:.4f}",
                    }
                    for f in p.funding
                ],
                "indicators": [
                    {
                        "kind": i.kind,
                        "level1": i.level1,
                        "level2": i.level2,
                        "name": i.name,
                        "before": i.before,
                        "after": i.after,
                        "strength": i.strength,
                    }
                    for i in p.indicators
                ],
                "flags": p.flags,
            }
            for p in report.projects
        ],
        "departments": [
            {
                "department": d.department,
                "before": _money(d.before),
                "after": _money(d.after),
                "delta": _money(d.delta),
            }
            for d in report.departments
        ],
        "total_before": _money(report.total_before),
        "total_after": _money(report.total_after),
        "invalid": report.invalid,
        "evaluations": [
            {
                "kind": e.kind,
                "path": e.path,
                "name": e.name,
                "department": e.department,
                "year": e.year,
                "total_before": _score(e.total_before),
                "total_after": _score(e.total_after),
                "grade_before": e.grade_before,
                "grade_after": e.grade_after,
                "scores": [
                    {"name": x.name, "before": _score(x.before), "after": _score(x.after)}
                    for x in e.scores
                ],
                "readings": [
                    {"name": x.name, "before": x.before, "after": x.after} for x in e.readings
                ],
                "flags": e.flags,
            }
            for e in report.evaluations
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _score(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def _evaluation_title(change: EvaluationChange, quote: Callable[[str], str] = str) -> str:
    where = f"{change.year}，{quote(change.department)}"
    kind = EVALUATION_KIND_WORDS[change.kind]
    return f"[{kind}] {quote(change.name)}（{where}）{quote(change.path)}"


EVALUATION_KIND_WORDS = {
    EvaluationChangeKind.ADDED: "新增自评",
    EvaluationChangeKind.REMOVED: "删除自评",
    EvaluationChangeKind.CHANGED: "修改自评",
}


# --- reading the JSON back: the review comment is rendered from data, never from a PR's text ---

_AMOUNT = re.compile(r"-?\d{1,18}(?:\.\d{1,8})?")


class ReportFormatError(ValueError):
    """The JSON is not what `as_json` writes."""


def _expect(value: object, kind: type, where: str) -> Any:
    if type(value) is not kind:
        raise ReportFormatError(f"{where}：应为 {kind.__name__}")
    return value


def _text(value: object, where: str, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    return _expect(value, str, where)


_Choice = TypeVar("_Choice", bound=StrEnum)


def _choice(value: object, choices: type[_Choice], where: str) -> _Choice:
    """One of the words `as_json` writes for `choices`; any other text is refused."""
    text = _text(value, where)
    try:
        return choices(text)
    except ValueError:
        raise ReportFormatError(f"{where}：未知的变化“{text}”") from None


def _amount(value: object, where: str, *, optional: bool = False) -> Decimal | None:
    if value is None and optional:
        return None
    if type(value) is not str or not _AMOUNT.fullmatch(value):
        raise ReportFormatError(f"{where}：应为金额字符串")
    return Decimal(value)


def _year(value: object, where: str) -> int:
    year: int = _expect(value, int, where)
    if not 1900 <= year <= 2999:
        raise ReportFormatError(f"{where}：年度 {year} 不合理")
    return year


def _fields(item: object, keys: set[str], where: str) -> dict[str, object]:
    data: dict[str, object] = _expect(item, dict, where)
    if set(data) != keys:
        raise ReportFormatError(f"{where}：键应为 {sorted(keys)}")
    return data


def _records(value: object, keys: set[str], where: str) -> list[dict[str, object]]:
    """A list of objects, each with exactly `keys`."""
    return [_fields(item, keys, where) for item in _expect(value, list, where)]


def _project(item: object, where: str) -> ProjectChange:
    keys = {
        "kind", "old_path", "new_path", "name", "year", "department", "annual_total_before",
        "annual_total_after", "fields", "funding", "indicators", "flags",
    }  # fmt: skip
    data = _fields(item, keys, where)
    kind = _choice(data["kind"], ProjectChangeKind, f"{where}.kind")
    fields = [
        FieldChange(
            _text(f["label"], where),
            _text(f["before"], where, optional=True),
            _text(f["after"], where, optional=True),
        )
        for f in _records(data["fields"], {"label", "before", "after"}, f"{where}.fields")
    ]
    funding = [
        FundingChange(
            _text(f["label"], where),
            _amount(f["before"], where, optional=True),
            _amount(f["after"], where, optional=True),
        )
        for f in _records(
            data["funding"], {"label", "before", "after", "delta", "share"}, f"{where}.funding"
        )
    ]
    indicator_keys = {"kind", "level1", "level2", "name", "before", "after", "strength"}
    indicators = [
        IndicatorChange(
            _choice(i["kind"], IndicatorChangeKind, f"{where}.indicators"),
            _text(i["level1"], where),
            _text(i["level2"], where),
            _text(i["name"], where),
            _text(i["before"], where, optional=True),
            _text(i["after"], where, optional=True),
            None
            if i["strength"] is None
            else _choice(i["strength"], Strength, f"{where}.indicators"),
        )
        for i in _records(data["indicators"], indicator_keys, f"{where}.indicators")
    ]
    flags = [_text(f, f"{where}.flags") for f in _expect(data["flags"], list, f"{where}.flags")]
    return ProjectChange(
        kind=kind,
        old_path=_text(data["old_path"], f"{where}.old_path", optional=True),
        new_path=_text(data["new_path"], f"{where}.new_path", optional=True),
        name=_text(data["name"], f"{where}.name"),
        department=_text(data["department"], f"{where}.department"),
        year=_year(data["year"], f"{where}.year"),
        fields=fields,
        funding=funding,
        indicators=indicators,
        flags=flags,
        annual_before=_amount(data["annual_total_before"], where) or Decimal(0),
        annual_after=_amount(data["annual_total_after"], where) or Decimal(0),
    )


def report_from_json(data: object) -> DiffReport:
    """A DiffReport from what `as_json` wrote; anything else raises ReportFormatError."""
    keys = {
        "base", "head", "incomplete_history", "projects", "departments", "total_before",
        "total_after", "invalid",
    }  # fmt: skip
    # "evaluations" (self-evaluations) is optional: reports written before it still read.
    evaluation_items: list[object] = []
    if isinstance(data, dict) and "evaluations" in data:
        data = dict(data)
        evaluation_items = _expect(data.pop("evaluations"), list, "evaluations")
    top = _fields(data, keys, "报告")
    departments = [
        DepartmentTotal(
            _text(d["department"], "departments"),
            _amount(d["before"], "departments") or Decimal(0),
            _amount(d["after"], "departments") or Decimal(0),
        )
        for d in _records(
            top["departments"], {"department", "before", "after", "delta"}, "departments"
        )
    ]
    return DiffReport(
        base=_text(top["base"], "base"),
        head=_text(top["head"], "head"),
        projects=[
            _project(p, f"projects[{n}]")
            for n, p in enumerate(_expect(top["projects"], list, "projects"))
        ],
        departments=departments,
        invalid=[_text(p, "invalid") for p in _expect(top["invalid"], list, "invalid")],
        incomplete_history=_expect(top["incomplete_history"], bool, "incomplete_history"),
        evaluations=[_evaluation(e, f"evaluations[{n}]") for n, e in enumerate(evaluation_items)],
    )


_SCORE_TEXT = re.compile(r"\d{1,4}(?:\.\d{1,8})?")


def _score_of(value: object, where: str) -> Decimal | None:
    if value is None:
        return None
    if type(value) is not str or not _SCORE_TEXT.fullmatch(value):
        raise ReportFormatError(f"{where}：应为分数字符串")
    return Decimal(value)


def _evaluation(item: object, where: str) -> EvaluationChange:
    keys = {
        "kind", "path", "name", "department", "year", "total_before", "total_after",
        "grade_before", "grade_after", "scores", "readings", "flags",
    }  # fmt: skip
    data = _fields(item, keys, where)
    kind = _choice(data["kind"], EvaluationChangeKind, f"{where}.kind")
    pair = {"name", "before", "after"}
    return EvaluationChange(
        kind,
        _text(data["path"], f"{where}.path"),
        _text(data["name"], f"{where}.name"),
        _text(data["department"], f"{where}.department"),
        _year(data["year"], f"{where}.year"),
        total_before=_score_of(data["total_before"], f"{where}.total_before"),
        total_after=_score_of(data["total_after"], f"{where}.total_after"),
        grade_before=_text(data["grade_before"], f"{where}.grade_before", optional=True),
        grade_after=_text(data["grade_after"], f"{where}.grade_after", optional=True),
        scores=[
            ScoreChange(
                _text(x["name"], f"{where}.scores"),
                _score_of(x["before"], f"{where}.scores"),
                _score_of(x["after"], f"{where}.scores"),
            )
            for x in _records(data["scores"], pair, f"{where}.scores")
        ],
        readings=[
            ReadingChange(
                _text(x["name"], f"{where}.readings"),
                _text(x["before"], f"{where}.readings", optional=True),
                _text(x["after"], f"{where}.readings", optional=True),
            )
            for x in _records(data["readings"], pair, f"{where}.readings")
        ],
        flags=[_text(f, f"{where}.flags") for f in _expect(data["flags"], list, f"{where}.flags")],
    )
