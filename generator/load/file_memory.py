"""What one load of the content tree learned of each file, for the next load to take as it was.

`mkdocs serve` loads the tree again after every save. A file's own check, its model and the
analysis of a self-evaluation are functions of its bytes (and, for a self-evaluation, of its
declaration's bytes) and of jixiao's code, which does not change while a process runs. So a
file whose signature (size, modification time, inode) is what it was needs neither reading nor
checking: its results are taken from memory, and its `Project` is the very object of the last
load, which lets the renderer reuse what it made of it. The rules on a file's place and across
files (the registry, duplicates) still run on every load, over every file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.core.diagnostics import Diagnostic
from generator.core.model import Declaration
from generator.core.project import DeclaredIdentity, EvaluatedProject, Project
from generator.load.cache import FileSummary

# (size, modification time in ns, inode): a save through a new file changes the inode.
Signature = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class DeclarationResult:
    signature: Signature
    shown: str
    summary: FileSummary
    project: Project | None
    # What a self-evaluation beside it is compared with: None when the file has errors.
    for_evaluation: Declaration | None


@dataclass(frozen=True, slots=True)
class EvaluationResult:
    signature: Signature
    declaration_signature: Signature | None  # None: no declaration beside it
    shown: str
    problems: list[Diagnostic]  # its own, before the rules on its place
    identity: DeclaredIdentity  # its 年度 and 主管部门, and where they are written
    evaluated: EvaluatedProject | None


@dataclass(slots=True)
class FileMemory:
    """Results by the file's path relative to the content root, and the signatures they hold
    for: `signatures` is what the tree looked like when this load began."""

    signatures: dict[str, Signature]
    declarations: dict[str, DeclarationResult] = field(default_factory=dict)
    evaluations: dict[str, EvaluationResult] = field(default_factory=dict)

    def declaration(self, earlier: FileMemory | None, path: str) -> DeclarationResult | None:
        """`earlier`'s result for the declaration at `path`, if the file is unchanged since."""
        found = earlier.declarations.get(path) if earlier is not None else None
        if found is None or found.signature != self.signatures.get(path):
            return None
        return found

    def evaluation(
        self, earlier: FileMemory | None, path: str, declaration_path: str
    ) -> EvaluationResult | None:
        """`earlier`'s result for the self-evaluation at `path`, if neither it nor the
        declaration it answers (at `declaration_path`) changed since."""
        found = earlier.evaluations.get(path) if earlier is not None else None
        if (
            found is None
            or found.signature != self.signatures.get(path)
            or found.declaration_signature != self.signatures.get(declaration_path)
        ):
            return None
        return found
