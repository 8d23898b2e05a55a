"""What the checker tests share: the shipped declaration, edits of it, and rows to compare."""

from __future__ import annotations

from pathlib import Path

from generator.core.diagnostics import Diagnostic, Severity
from generator.load.corpus import load_corpus
from tests.support.paths import REPO

CONTENT = REPO / "content"
DEPT = "baoshan-zonggonghui"
NAME = "zhengfu-shishi-gonghui-huiyuanka.yaml"
TEXT = (CONTENT / "2024" / DEPT / NAME).read_text(encoding="utf-8")
FILE = f"content/2024/{DEPT}/{NAME}"
REGISTRY = "content/departments.yaml"
OTHER_DEPT = "  - 代码: baoshan-jiaoyuju\n    名称: 上海市宝山区教育局\n"

E = Severity.ERROR
W = Severity.WARNING

Row = tuple[str, int | None, int | None, Severity, str, str]

# The one warning the shipped content has on purpose: 宣传覆盖面 filed under 生态效益指标.
SEED_WARNING: Row = (
    FILE,
    46,
    15,
    W,
    "indicator-placement",
    "绩效指标.效益指标.生态效益指标[1].三级指标",
)


def edited(*replacements: tuple[str, str]) -> str:
    """The shipped declaration with each (old, new) applied; `old` must occur exactly once."""
    text = TEXT
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def write(root: Path, text: str, *, year: str = "2024", dept: str = DEPT, name: str = NAME) -> Path:
    folder = root / year / dept
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def is_seed_warning(d: Diagnostic) -> bool:
    return d.code == "indicator-placement" and "“宣传覆盖面”" in d.message


def diagnostics(root: Path) -> list[Diagnostic]:
    """Everything `load_corpus` reports, except the seed's deliberate warning."""
    return [d for d in load_corpus(root).diagnostics if not is_seed_warning(d)]


def check(root: Path, *replacements: tuple[str, str]) -> list[Diagnostic]:
    """Diagnostics after editing the shipped declaration in place."""
    write(root, edited(*replacements))
    return diagnostics(root)


def row(d: Diagnostic) -> Row:
    line = d.position.line if d.position else None
    column = d.position.column if d.position else None
    return (d.path, line, column, d.severity, d.code, d.field)


def rows(found: list[Diagnostic]) -> list[Row]:
    return [row(d) for d in found]


def only(found: list[Diagnostic], expected: Row) -> str:
    """Asserts that `found` is exactly one diagnostic, `expected`; returns its message."""
    assert rows(found) == [expected], "\n".join(d.format() for d in found)
    return found[0].message


def tail_from(marker: str) -> str:
    return TEXT[TEXT.index(marker) :]
