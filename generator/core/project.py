"""What the content tree holds once loaded: projects with their place, and the corpus of them.

`load` builds these and every layer above reads them; they live in `core` so that a module that
only reads a corpus (the site, the exports, the reviews) depends on the domain, not on the code
that walks folders and checks files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.diagnostics import Diagnostic, Position, Severity
from generator.core.evaluation_analysis import EvaluationAnalysis
from generator.core.evaluation_model import Evaluation
from generator.core.model import Declaration
from generator.core.registry import Registry


@dataclass(frozen=True, slots=True)
class DeclaredIdentity:
    """What one file says about who it is: the fields the rules that span files read.

    Each is None when its own field is absent or did not validate, so that a file with an
    unrelated error is still checked against its folder, the registry and the other files.
    `positions` says where each of these fields was written (for the diagnostics); the check
    cache stores exactly this record, so adding a field here is a cache format change.
    """

    year: int | None = None  # 年度
    department: str | None = None  # 主管部门
    implementing_unit: str | None = None  # 实施单位
    name: str | None = None  # 项目名称
    project_code: str | None = None  # 项目编码, when written and well-formed
    positions: Mapping[str, Position] = field(default_factory=dict)


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
        """The path of its folder and file: the project's identity and the root of its URL."""
        return f"{self.year_dir}/{self.department_slug}/{self.slug}"

    @property
    def url(self) -> str:
        """The project page's directory URL, relative to the site root."""
        return f"{self.id}/"


@dataclass(frozen=True, slots=True)
class EvaluatedProject:
    """A self-evaluation with its place in the tree, its declaration (if any) and our reading."""

    year_dir: str
    department_slug: str
    slug: str  # the declaration's slug: `<slug>.yaml` is the declaration it answers
    source_path: str  # relative to the content root, with "/"
    evaluation: Evaluation
    declaration: Declaration | None
    analysis: EvaluationAnalysis
    source_text: str

    @property
    def id(self) -> str:
        """Same id as the declaration's `Project.id`: the two share one project page."""
        return f"{self.year_dir}/{self.department_slug}/{self.slug}"


@dataclass(slots=True)
class Corpus:
    """Everything one run loaded: the models, and every problem found on the way."""

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
        """True when nothing is an error: only then is anything published from it."""
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)
