"""The package's folders are layers: a module imports only from its own folder and those below.

`core` ← `load` ← `review` ← `importers`, `site`; `cli` sits on top. `importers` and `site` are
siblings and never import each other. The rule is read from the source with `ast`, so an import
inside a function or under `TYPE_CHECKING` counts as much as one at the top of the file.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# What each folder may import, besides itself.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "load": {"core"},
    "review": {"core", "load"},
    "importers": {"core", "load", "review"},
    "site": {"core", "load", "review"},
    "": {"core", "load", "review", "importers", "site"},  # generator/cli.py, generator/__init__.py
}


def _layer_of_module(dotted: str) -> str | None:
    """`generator.load.corpus` → `load`; a name outside the package → None."""
    parts = dotted.split(".")
    if parts[0] != "generator":
        return None
    if len(parts) > 1 and parts[1] in ALLOWED:
        return parts[1]
    return ""


def _imports(source: Path) -> list[tuple[int, str]]:
    tree = ast.parse(source.read_bytes(), filename=str(source))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{source}:{node.lineno}: relative import; write it in full"
            module = node.module or ""
            if module == "generator":
                # `from generator import site` names a folder.
                found.extend((node.lineno, f"generator.{alias.name}") for alias in node.names)
            else:
                found.append((node.lineno, module))
    return found


def _layer_of_file(source: Path, package: Path) -> str:
    relative = source.relative_to(package).parts
    return relative[0] if len(relative) > 1 else ""


def upward_imports(package: Path = PACKAGE) -> list[str]:
    broken = []
    for source in sorted(package.rglob("*.py")):
        own = _layer_of_file(source, package)
        for line, module in _imports(source):
            target = _layer_of_module(module)
            if target is None or target == own or target in ALLOWED[own]:
                continue
            shown = source.relative_to(package.parent).as_posix()
            broken.append(f"{shown}:{line}: {own or 'generator'} imports {module}")
    return broken


def test_every_module_lives_in_a_layer() -> None:
    loose = [
        p.name
        for p in PACKAGE.glob("*.py")
        if p.name not in {"__init__.py", "cli.py", "__main__.py"}
    ]
    assert loose == [], f"put these modules in one of {sorted(k for k in ALLOWED if k)}"
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == {k for k in ALLOWED if k}


def test_no_module_imports_a_layer_above_its_own() -> None:
    assert upward_imports() == []


@pytest.mark.parametrize(
    ("folder", "line"),
    [
        ("core", "from generator.load.corpus import load_corpus\n"),
        ("load", "from generator.site import render\n"),
        ("review", "import generator.importers.run\n"),
        ("site", "from generator.importers.grid import FormOrigin\n"),
        ("importers", "from generator import site\n"),
    ],
)
def test_an_upward_import_is_caught(tmp_path: Path, folder: str, line: str) -> None:
    """The checker itself can fail: plant one bad import per rule in a copy of the layout."""
    package = tmp_path / "generator"
    for name in ALLOWED:
        (package / name).mkdir(parents=True, exist_ok=True)
    (package / folder / "planted.py").write_text(
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    " + line, encoding="utf-8"
    )
    assert upward_imports(package) == [
        f"generator/{folder}/planted.py:4: {folder} imports {line.split()[1]}"
        if not line.startswith("from generator import")
        else f"generator/{folder}/planted.py:4: {folder} imports generator.site"
    ]
