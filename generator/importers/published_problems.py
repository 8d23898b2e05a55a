"""The 原表问题 block an import appends to the file it writes, declaration or 自评表.

An import copies the published form faithfully, so a sum that does not add up is the published
form's own: it is acknowledged (check reports it as a notice), never "corrected", and the import
report says so for each one. Problems of the file itself cannot be acknowledged and stay errors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from generator.core.diagnostics import Diagnostic
from generator.core.yaml_text import scalar
from generator.importers.grid import RoundedNumber
from generator.load.acknowledgements import ACKNOWLEDGEABLE, FIELD, acknowledged_errors


def with_published_problems(
    text: str,
    diagnostics: Sequence[Diagnostic],
    warnings: list[str],
    *,
    shown: str,
    notes: Mapping[tuple[str, str], str] | None = None,
) -> str:
    """`text` with a 原表问题 entry for every acknowledgeable error among `diagnostics` (the
    check of `text` itself), each also explained in `warnings`, ending with `shown`: where the
    acknowledged problem appears from now on. `notes` gives some (code, field) a 说明 of its
    own, in the file and in the warning, instead of 原表如此."""
    found = acknowledged_errors(diagnostics)
    if not found:
        return text
    lines = [f"{FIELD}:"]
    for entry in found:
        note = (notes or {}).get((entry.code, entry.at))
        lines += [
            f"  - 代码: {scalar(entry.code)}",
            f"    字段: {scalar(entry.at)}",
            f"    说明: {scalar(note or entry.note)}",
        ]
        warnings.append(
            f"原表本身有问题：{entry.at} {ACKNOWLEDGEABLE[entry.code]}（{entry.code}），"
            + (f"{note}；" if note else "")
            + f"按原表导入并记入“原表问题”；{shown}"
        )
    return text + "\n".join(lines) + "\n"


def _acknowledgeable(diagnostics: Sequence[Diagnostic]) -> set[tuple[str, str]]:
    """(code, field) of each problem among `diagnostics` that a 原表问题 entry could acknowledge."""
    return {(entry.code, entry.at) for entry in acknowledged_errors(diagnostics)}


def display_rounding_notes(
    as_shown: Sequence[Diagnostic],
    as_held: Sequence[Diagnostic],
    cells_of: Callable[[str], Sequence[RoundedNumber]],
    *,
    numbers: str,
    found: str,
) -> dict[tuple[str, str], str]:
    """A 说明 for each published problem of the form as shown that the numbers its cells hold
    do not make (`as_shown`, `as_held`: the check of each text): the display format made it.
    `cells_of` gives the rounded cells behind a field; the note names `numbers` (数, 金额) and
    what the held numbers give (`found`: 核对相符, 合计相符)."""
    notes = {}
    for code, at in _acknowledgeable(as_shown) - _acknowledgeable(as_held):
        cells = "，".join(f"{n.where} 显示 {n.shown}、存的是 {n.stored}" for n in cells_of(at))
        notes[(code, at)] = (
            f"表上的{numbers}是显示格式四舍五入后的数（{cells}），按单元格存的数{found}"
        )
    return notes
