"""A semantic diff as terminal text, as a pull-request comment (Markdown), or as JSON."""

from __future__ import annotations

import json
from decimal import Decimal

from markupsafe import escape

from generator.money import FEN, decimal_places, format_yuan
from generator.semantic_diff import DiffReport, FundingChange, IndicatorChange, ProjectChange

KIND_WORDS = {"added": "新增", "removed": "删除", "moved": "移动/改名", "changed": "修改"}


def signed(amount: Decimal) -> str:
    return ("+" if amount > 0 else "") + format_yuan(amount)


def _shown(amount: Decimal | None) -> str:
    return "空白" if amount is None else format_yuan(amount)


def funding_line(change: FundingChange) -> str:
    text = f"{change.label}：{_shown(change.before)} → {_shown(change.after)}"
    if change.delta is not None:
        text += f"（{signed(change.delta)} 元"
        if change.share is not None:
            text += f"，{'+' if change.share > 0 else ''}{change.share * 100:.1f}%"
        text += "）"
    return text


def indicator_line(change: IndicatorChange) -> str:
    where = f"{change.level1}/{change.level2}"
    if change.kind == "added":
        return f"新增指标“{change.name}”（{where}）：{change.after}"
    if change.kind == "removed":
        return f"删除指标“{change.name}”（{where}）：原为 {change.before}"
    if change.kind == "moved":
        return f"指标“{change.name}”从 {change.before} 移到 {change.after}"
    strength = f"，{change.strength}" if change.strength else "（无法比较强弱）"
    if change.kind == "medium-target":
        return f"指标“{change.name}”中期目标：{change.before} → {change.after}{strength}"
    return f"指标“{change.name}”目标：{change.before} → {change.after}{strength}"


def _title(project: ProjectChange) -> str:
    path = project.new_path or project.old_path or ""
    if project.kind == "moved":
        path = f"{project.old_path} → {project.new_path}"
    return (
        f"[{KIND_WORDS[project.kind]}] {project.name}（{project.year}，{project.department}）{path}"
    )


def _details(project: ProjectChange) -> list[str]:
    # An added or removed project has no field changes: its amount, so that the pull-request
    # comment has a <details> entry (with the file's path in its summary) for it too.
    if project.kind == "added":
        return [f"年度资金申请总额 {format_yuan(project.annual_after)} 元"]
    if project.kind == "removed":
        return [f"原年度资金申请总额 {format_yuan(project.annual_before)} 元"]
    lines = [f"{f.label}：{f.before or '空白'} → {f.after or '空白'}" for f in project.fields]
    lines += [funding_line(f) for f in project.funding]
    lines += [indicator_line(i) for i in project.indicators]
    return lines


def as_text(report: DiffReport) -> str:
    out = [f"比较 {report.base} → {report.head}：{len(report.projects)} 个项目有变化"]
    if report.incomplete_history:
        out.append("注意：这是浅克隆，历史不完整。")
    for project in report.projects:
        out.append("")
        out.append(_title(project))
        out += [f"  {line}" for line in _details(project)]
        out += [f"  ⚑ 需关注：{flag}" for flag in project.flags]
    for path in report.invalid:
        out.append(f"无法读取（有错误，请运行 jixiao check）：{path}")
    if report.departments:
        out.append("")
        out.append("有变化的项目的年度资金申请总额（元），按主管部门：")
        for d in report.departments:
            amounts = f"{format_yuan(d.before)} → {format_yuan(d.after)}"
            out.append(f"  {d.department}：{amounts}（{signed(d.delta)}）")
        delta = report.total_after - report.total_before
        amounts = f"{format_yuan(report.total_before)} → {format_yuan(report.total_after)}"
        out.append(f"  合计：{amounts}（{signed(delta)}）")
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    """Text for a Markdown table cell: escaped HTML, no pipe, no line break."""
    return str(escape(text)).replace("|", "&#124;").replace("\n", " ")


def as_markdown(report: DiffReport) -> str:
    out = [f"### 绩效目标申报变更：{_cell(report.base)} → {_cell(report.head)}", ""]
    if report.incomplete_history:
        out += ["> 注意：这是浅克隆，历史不完整。", ""]
    if not report.projects and not report.invalid:
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
        if not details:
            continue
        out += [
            "<details>",
            f"<summary>{_cell(_title(project))}（{len(details)} 处）</summary>",
            "",
        ]
        out += [f"- {_cell(line)}" for line in details]
        out += ["", "</details>", ""]
    if report.invalid:
        out.append("无法读取（有错误，请看 `jixiao check` 的结果）：")
        out += [f"- `{_cell(p)}`" for p in report.invalid]
        out.append("")
    out += ["有变化的项目的年度资金申请总额：", ""]
    out += ["| 主管部门 | 之前（元） | 之后（元） | 变化（元） |", "|---|---:|---:|---:|"]
    for d in report.departments:
        out.append(
            f"| {_cell(d.department)} | {format_yuan(d.before)} | {format_yuan(d.after)} | "
            f"{signed(d.delta)} |"
        )
    delta = report.total_after - report.total_before
    out.append(
        f"| **合计** | {format_yuan(report.total_before)} | {format_yuan(report.total_after)} | "
        f"{signed(delta)} |"
    )
    return "\n".join(out) + "\n"


def _money(amount: Decimal | None) -> str | None:
    """A decimal string in 元 with at least two places, as in the exports ("0.00", not "0")."""
    if amount is None:
        return None
    return f"{amount.quantize(FEN):f}" if decimal_places(amount) <= 2 else f"{amount:f}"


def as_json(report: DiffReport) -> str:
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
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
