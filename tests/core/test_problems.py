"""The catalogue of problem codes (`core/problems.py`) against the code and the README.

Codes are read from the source with `ast`: every string handed to something that reports a
problem (`Diagnostic`, the reporters' `error`/`warn`/`add`/`fail`, `PydanticCustomError`,
`AmountError`, the `(code, message)` pairs of `validation`) must be in the catalogue, and every
catalogue entry must be emitted somewhere, so that neither can drift from the other.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from generator.core.diagnostics import Severity
from generator.core.problems import (
    ACKNOWLEDGEABLE_TITLES,
    CATALOGUE,
    CROSS_FILE_CODES,
    PROBLEMS,
    UNTRANSLATED_PREFIX,
    VALIDATOR_CODES,
    Scope,
)
from generator.load.acknowledgements import ACKNOWLEDGEABLE
from generator.load.validation import OWN_ERROR_CODES
from tests.support.paths import REPO

ROOT = REPO
PACKAGE = ROOT / "generator"
CODE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
# Callables whose string arguments are problem codes. The generic names (`error`, `add`, …) are
# only read in core/ and load/, the layers that report problems; `Diagnostic` everywhere.
EVERYWHERE = {"Diagnostic"}
REPORTERS = {
    "Diagnostic",
    "_error",
    "error",
    "warn",
    "add",
    "report",
    "fail",
    "PydanticCustomError",
    "AmountError",
}
SEVERITY_WORDS = {"错误": Severity.ERROR, "警告": Severity.WARNING}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _constants(trees: dict[Path, ast.Module]) -> dict[str, str]:
    """Module-level `NAME = "text"` of the whole package (a code may be named once)."""
    found: dict[str, str] = {}
    for tree in trees.values():
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id.isupper():
                        found[target.id] = node.value.value
    return found


def emitted_codes(package: Path = PACKAGE) -> dict[str, set[str]]:
    """code → the modules that report it, read from the source."""
    trees = {source: ast.parse(source.read_bytes()) for source in package.rglob("*.py")}
    constants = _constants(trees)
    found: dict[str, set[str]] = {}

    def text_of(node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            return constants.get(node.id)
        return None

    def note(node: ast.expr, where: str) -> None:
        text = text_of(node)
        if text is not None and CODE.fullmatch(text):
            found.setdefault(text, set()).add(where)

    for source, tree in trees.items():
        where = source.relative_to(package).as_posix()
        layer = where.split("/")[0]
        names = REPORTERS if layer in ("core", "load") else EVERYWHERE
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in names:
                for argument in [*node.args, *(k.value for k in node.keywords)]:
                    note(argument, where)
            elif (
                layer == "load"
                and isinstance(node, ast.Return)
                and isinstance(node.value, ast.Tuple)
                and node.value.elts
                and isinstance(node.value.elts[0], ast.Constant)
            ):
                note(node.value.elts[0], where)  # validation: `return "code", message`
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                arguments = node.args
                defaults = dict(
                    zip(
                        [a.arg for a in arguments.args][-len(arguments.defaults) :],
                        arguments.defaults,
                        strict=True,
                    )
                    if arguments.defaults
                    else ()
                )
                if "code" in defaults:
                    note(defaults["code"], where)  # `AmountError(message, code="money")`
    return found


def test_each_code_is_catalogued_once() -> None:
    codes = [p.code for p in PROBLEMS]
    assert len(codes) == len(set(codes))
    assert all(CODE.fullmatch(code) for code in codes)
    assert all(p.title and p.title.isprintable() for p in PROBLEMS)
    assert not any(code.startswith(UNTRANSLATED_PREFIX) for code in codes)


def test_every_code_the_package_emits_is_catalogued_and_every_entry_is_emitted() -> None:
    emitted = emitted_codes()
    assert len(emitted) > 80  # the scan does find the reporters
    unknown = {code: sorted(where) for code, where in emitted.items() if code not in CATALOGUE}
    assert unknown == {}, "add these codes to generator/core/problems.py"
    never = sorted(set(CATALOGUE) - set(emitted))
    assert never == [], "catalogued but reported nowhere: remove them or find the reporter"


def test_the_scan_would_notice_an_uncatalogued_code(tmp_path: Path) -> None:
    package = tmp_path / "generator"
    (package / "load").mkdir(parents=True)
    (package / "load" / "rule.py").write_text(
        "NEW = 'brand-new-rule'\n"
        "def check(report):\n"
        "    report.warn(NEW, (), '新规则')\n"
        "    report.error('another-rule', (), '说明')\n",
        encoding="utf-8",
    )
    assert set(emitted_codes(package)) == {"brand-new-rule", "another-rule"}


def test_derived_sets_follow_the_catalogue() -> None:
    assert OWN_ERROR_CODES == VALIDATOR_CODES
    assert list(ACKNOWLEDGEABLE) == list(ACKNOWLEDGEABLE_TITLES)
    assert {p.code: p.title for p in PROBLEMS if p.acknowledgeable} == ACKNOWLEDGEABLE
    # Only a fact of the form is acknowledged, and only an error needs to be.
    assert all(CATALOGUE[code].severity is Severity.ERROR for code in ACKNOWLEDGEABLE)
    assert {p.code for p in PROBLEMS if p.scope is Scope.CROSS_FILE} == CROSS_FILE_CODES
    # Rules that compare files live where the whole tree is seen.
    emitted = emitted_codes()
    for code in CROSS_FILE_CODES:
        assert emitted[code] <= {"load/cross_file.py", "load/corpus.py"}, code


def test_validator_codes_are_the_ones_our_validators_raise() -> None:
    emitted = emitted_codes()
    from_core = {
        code for code, where in emitted.items() if any(w.startswith("core/") for w in where)
    }
    assert from_core == VALIDATOR_CODES


def _readme_rows() -> list[tuple[list[str], str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("| 代码 | 级别 | 含义 |")
    table = text[start : text.index("\n\n", start)].splitlines()[2:]
    rows = []
    for line in table:
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows.append((re.findall(r"`([a-z0-9-]+)`", cells[0]), cells[1]))
    return rows


def test_the_readme_table_lists_the_catalogue() -> None:
    rows = _readme_rows()
    listed = [code for codes, _ in rows for code in codes]
    assert len(listed) == len(set(listed)), "a code is listed twice in README"
    assert sorted(listed) == sorted(CATALOGUE)


@pytest.mark.parametrize(("codes", "shown"), [r for r in _readme_rows() if r[0]])
def test_each_readme_row_states_its_codes_severity(codes: list[str], shown: str) -> None:
    words = {w for w in re.findall(r"错误|警告", shown)}
    severities = {CATALOGUE[code].severity for code in codes}
    assert severities == {SEVERITY_WORDS[w] for w in words}
    if "可记入" in shown:
        assert all(CATALOGUE[code].acknowledgeable for code in codes)
