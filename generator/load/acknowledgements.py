"""原表问题: problems of a published form itself, acknowledged so that it is published as is.

A disclosure site shows a form as it was published, and says what is wrong with it: amounts that
do not add up, dates in the wrong order. A declaration lists such problems in its last field
`原表问题`, each by the check's code and the field it is reported at:

    原表问题:
      - 代码: funding-sum
        字段: 项目资金.项目资金总额
        说明: 原表如此

An acknowledged problem is still reported, at its own line and with its own message, as a notice
(提示) instead of an error: the site builds and the project page shows it in its 核对提示 box. Only
problems of the published content can be acknowledged (the codes below); a problem of the file
itself (YAML syntax, invisible characters, layout, encoding) never can. An acknowledgement that
matches no problem any more is an error (stale), so the list cannot outlive the problem and hide
the next one; a problem nobody acknowledged is an error as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.core.diagnostics import Diagnostic, Severity
from generator.core.model import AcknowledgedProblem
from generator.core.problems import ACKNOWLEDGEABLE_TITLES
from generator.load.validation import field_label
from generator.load.yaml_source import YamlDocument, YamlPath

FIELD = "原表问题"

# Codes that describe what a published form says (its sums, dates, periods and indicator
# categories), and so may be acknowledged. Syntax, security and layout codes are absent on
# purpose: they are mistakes of the file, which can always be corrected without touching a fact.
ACKNOWLEDGEABLE: dict[str, str] = dict(ACKNOWLEDGEABLE_TITLES)  # code → title, see core/problems


def _key(code: str, at: str) -> tuple[str, str]:
    return (code, at)


def apply_acknowledgements(
    diagnostics: Sequence[Diagnostic],
    acknowledged: Sequence[AcknowledgedProblem] | None,
    document: YamlDocument,
    path: str,
    *,
    report_stale: bool = True,
) -> list[Diagnostic]:
    """The file's diagnostics with acknowledged errors turned into notices, and the problems of
    the acknowledgements themselves (a code that cannot be acknowledged, a stale or repeated
    entry) added as errors.

    `report_stale` is False for a file that did not validate as a whole: rules whose fields
    failed did not run, so an acknowledgement that matches nothing may still be current.
    """
    entries = list(acknowledged or [])
    if not entries:
        return list(diagnostics)
    result: list[Diagnostic] = []
    problems: list[Diagnostic] = []
    wanted: dict[tuple[str, str], int] = {}
    for index, entry in enumerate(entries):
        loc: YamlPath = (FIELD, index)
        if entry.code not in ACKNOWLEDGEABLE:
            allowed = "、".join(ACKNOWLEDGEABLE)
            problems.append(
                _error(
                    document,
                    path,
                    (*loc, "代码"),
                    "acknowledgement-code",
                    f"“{entry.code}”不能记为原表问题：只有原表内容的核对结果可以（{allowed}）；"
                    "文件本身的问题（YAML 写法、看不见的字符、目录结构等）请直接改正",
                )
            )
            continue
        key = _key(entry.code, entry.at)
        if key in wanted:
            problems.append(
                _error(
                    document,
                    path,
                    loc,
                    "acknowledgement-duplicate",
                    f"原表问题 {entry.code}（{entry.at}）与第 {wanted[key] + 1} 项重复；"
                    "请删除这一项",
                )
            )
            continue
        wanted[key] = index
    used: set[tuple[str, str]] = set()
    for diagnostic in diagnostics:
        key = _key(diagnostic.code, diagnostic.field)
        if diagnostic.severity is Severity.ERROR and key in wanted:
            used.add(key)
            result.append(
                Diagnostic(
                    diagnostic.path,
                    diagnostic.position,
                    Severity.NOTICE,
                    diagnostic.code,
                    diagnostic.field,
                    f"{diagnostic.message}（原表如此，已记入原表问题，照样发布）",
                )
            )
        else:
            result.append(diagnostic)
    if report_stale:
        for key, index in wanted.items():
            if key not in used:
                code, at = key
                problems.append(
                    _error(
                        document,
                        path,
                        (FIELD, index),
                        "acknowledgement-stale",
                        f"原表问题记的 {code}（{at}）已不存在：jixiao check 在“{at}”没有发现"
                        f"“{ACKNOWLEDGEABLE[code]}”。数字改正了就请删除这一项；"
                        "字段写错了请按 jixiao check 报告的字段名填写",
                    )
                )
    return result + problems


def _error(document: YamlDocument, path: str, loc: YamlPath, code: str, message: str) -> Diagnostic:
    position = document.source_map.locate(loc)
    return Diagnostic(path, position, Severity.ERROR, code, field_label(loc[:2]), message)


def acknowledged_errors(diagnostics: Sequence[Diagnostic]) -> list[AcknowledgedProblem]:
    """What `jixiao import` writes: one entry per acknowledgeable error of a faithful copy."""
    found: dict[tuple[str, str], AcknowledgedProblem] = {}
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.ERROR and diagnostic.code in ACKNOWLEDGEABLE:
            found.setdefault(
                _key(diagnostic.code, diagnostic.field),
                AcknowledgedProblem.model_validate(
                    {"代码": diagnostic.code, "字段": diagnostic.field, "说明": "原表如此"}
                ),
            )
    return list(found.values())


__all__ = ["ACKNOWLEDGEABLE", "FIELD", "acknowledged_errors", "apply_acknowledgements"]
