"""`jixiao check --format gitlab`: a GitLab Code Quality report (a JSON array).

GitLab shows these problems in the merge request's widget and on the changed lines of its diff
(`artifacts: reports: codequality`). Each problem carries the fields GitLab reads:
`description`, `check_name` (the problem code), `fingerprint`, `severity` (one of info, minor,
major, critical, blocker), `location.path` (relative to the repository root, which is not the
same as content/) and `location.lines.begin`.

GitLab compares the fingerprints of the source and target branches to say which problems a
merge request introduced or fixed, so a fingerprint must not change when the problem does not:
it is a hash of the path, the code, the field and the message with line and column numbers
taken out, and an occurrence number when the same problem appears twice in one file. Moving a
problem down by adding a line above it keeps its fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

from generator.core.diagnostics import Diagnostic, Severity, visible
from generator.review.git_revisions import repository_root

# An error stops the site from being published: major. A warning asks a reviewer to look: minor.
# A notice (a problem of the published form, acknowledged in its 原表问题) is info: shown, not
# blocking. critical and blocker are left for security findings of other tools in the widget.
GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.NOTICE: "info"}

# `path:12:3`, `:12`, `第 12 行`, `line 12`: positions that move when unrelated lines are added.
_POSITION = re.compile(r":\d+(?::\d+)?\b|第\s*\d+\s*行|\bline\s+\d+", re.IGNORECASE)


def _repository_path(path: str, root: Path) -> str:
    """`path` (as jixiao printed it, relative to the working directory) from the root, with /."""
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _fingerprint(path: str, diagnostic: Diagnostic, occurrence: int) -> str:
    message = _POSITION.sub("", diagnostic.message)
    key = "\x00".join([path, diagnostic.code, diagnostic.field, message, str(occurrence)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def report_root(content: Path) -> Path:
    """The git repository's top level (where GitLab's paths start), else the working directory."""
    root = repository_root(content if content.exists() else Path.cwd())
    return (root or Path.cwd()).resolve()


def code_quality_report(diagnostics: list[Diagnostic], root: Path) -> str:
    """The problems as a GitLab code quality report, so that GitLab shows them on the lines
    of the merge request's diff. Each issue's fingerprint stays the same while the problem
    does (positions are left out of it), so GitLab can tell new problems from old ones."""
    seen: Counter[tuple[str, str, str, str]] = Counter()
    issues = []
    for diagnostic in diagnostics:
        path = _repository_path(diagnostic.path, root)
        key = (path, diagnostic.code, diagnostic.field, _POSITION.sub("", diagnostic.message))
        occurrence = seen[key]
        seen[key] += 1
        field = f"{visible(diagnostic.field)}: " if diagnostic.field else ""
        line = diagnostic.position.line if diagnostic.position else 1
        issues.append(
            {
                "description": f"{diagnostic.severity.value}[{diagnostic.code}] "
                f"{field}{visible(diagnostic.message)}",
                "check_name": diagnostic.code,
                "fingerprint": _fingerprint(path, diagnostic, occurrence),
                "severity": GITLAB_SEVERITY[diagnostic.severity],
                "location": {"path": path, "lines": {"begin": line}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2)
