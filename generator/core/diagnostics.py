"""Problems found in user input, reported as `path:line:col: 错误[code] 字段: message`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


def visible(text: str) -> str:
    """Text safe to print on one line: invisible and direction-changing characters as <U+XXXX>.

    A diagnostic about a right-to-left override must not itself be reordered by it.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else f"<U+{ord(ch):04X}>" for ch in text)


class Severity(StrEnum):
    """How much a problem weighs: only an error stops publication; the words are printed."""

    ERROR = "错误"
    WARNING = "警告"
    # A problem of the published form itself, acknowledged in its 原表问题: shown, not counted.
    NOTICE = "提示"


_SEVERITY_KEYS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "notice"}


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column in a source file, as editors count them."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, located: what every layer reports with, printed one per line."""

    path: str
    position: Position | None
    severity: Severity
    code: str
    field: str
    message: str

    def format(self) -> str:
        """The line a person reads: `path:line:col: 错误[code] 字段: message`."""
        where = self.path
        if self.position is not None:
            where = f"{self.path}:{self.position.line}:{self.position.column}"
        field = f" {visible(self.field)}:" if self.field else ""
        return f"{where}: {self.severity.value}[{self.code}]{field} {visible(self.message)}"

    def to_json(self) -> dict[str, object]:
        """The same problem for tools (`check --format json`), severity as an English key."""
        return {
            "path": self.path,
            "line": self.position.line if self.position else None,
            "column": self.position.column if self.position else None,
            "severity": _SEVERITY_KEYS[self.severity],
            "code": self.code,
            "field": visible(self.field),
            "message": visible(self.message),
        }

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        """File, then place, then code: every run prints its problems in the same order."""
        line = self.position.line if self.position else 0
        column = self.position.column if self.position else 0
        return (self.path, line, column, self.code)


def _github_escape(text: str, *, property_value: bool = False) -> str:
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        escaped = escaped.replace(":", "%3A").replace(",", "%2C")
    return escaped


def github_annotation(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command: the problem shows on the changed line of the PR."""
    kind = _SEVERITY_KEYS[diagnostic.severity]  # GitHub knows error, warning and notice
    properties = [f"file={_github_escape(diagnostic.path, property_value=True)}"]
    if diagnostic.position is not None:
        properties += [f"line={diagnostic.position.line}", f"col={diagnostic.position.column}"]
    title = f"{diagnostic.severity.value}[{diagnostic.code}]"
    properties.append(f"title={_github_escape(title, property_value=True)}")
    field = f"{visible(diagnostic.field)}: " if diagnostic.field else ""
    message = _github_escape(field + visible(diagnostic.message))
    return f"::{kind} {','.join(properties)}::{message}"


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """In reading order, so that two runs over the same files print the same lines."""
    return sorted(diagnostics, key=lambda d: d.sort_key)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """Whether anything blocks publication (warnings and notices do not)."""
    return any(d.severity is Severity.ERROR for d in diagnostics)


def summary_line(diagnostics: list[Diagnostic], file_count: int) -> str:
    """The last line of a check: counts a reviewer can read at a glance, and what to do."""
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
    notices = sum(1 for d in diagnostics if d.severity is Severity.NOTICE)
    erroneous_files = len({d.path for d in diagnostics if d.severity is Severity.ERROR})
    acknowledged = f"，{notices} 个提示（原表问题，照样发布）" if notices else ""
    if errors:
        return (
            f"检查了 {file_count} 个文件：{errors} 个错误（涉及 {erroneous_files} 个文件），"
            f"{warnings} 个警告{acknowledged}。请按上面的提示修改后再运行。"
        )
    return f"检查了 {file_count} 个文件：没有错误，{warnings} 个警告{acknowledged}。"


def diagnostics_json(diagnostics: list[Diagnostic]) -> str:
    """All problems as one JSON array, Chinese kept readable (`ensure_ascii=False`)."""
    return json.dumps([d.to_json() for d in diagnostics], ensure_ascii=False, indent=2)


class JixiaoUserError(Exception):
    """A mistake in the user's input or invocation: printed plainly, never with a traceback."""
