"""Totals for the index pages, computed once in Python with exact decimals.

Money is summed in 元 after exact unit conversion. A blank amount is not a zero: a subtotal
counts how many of its projects left the cell blank, and the page says so beside the number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from generator.core.model import Declaration
from generator.core.money import exact_money
from generator.core.project import Project


def measurable_count(declaration: Declaration) -> int:
    """The targets of a declaration that can be checked against a number at year end."""
    return declaration.measurable_count


def annual_total_yuan(project: Project) -> Decimal | None:
    """A project's 年度资金申请总额 in 元, whatever unit its form used; None when blank."""
    return project.declaration.annual_total_in_yuan


def appropriation_yuan(project: Project) -> Decimal | None:
    """A project's 当年财政拨款 in 元; None when blank."""
    return project.declaration.appropriation_in_yuan


@dataclass(frozen=True, slots=True)
class Subtotal:
    key: str
    label: str
    count: int
    annual_total: Decimal
    appropriation: Decimal
    blank_annual_totals: int
    indicators: int

    @exact_money
    def share_percent(self, total: Decimal) -> Decimal | None:
        return None if total == 0 else self.annual_total / total * 100


@exact_money
def subtotal(key: str, label: str, projects: Iterable[Project]) -> Subtotal:
    """Totals of a group of projects in 元, counting the blank amounts instead of adding 0."""
    count = 0
    annual = Decimal(0)
    appropriation = Decimal(0)
    blanks = 0
    indicators = 0
    for project in projects:
        count += 1
        amount = annual_total_yuan(project)
        if amount is None:
            blanks += 1
        else:
            annual += amount
        appropriation += appropriation_yuan(project) or Decimal(0)
        indicators += len(project.declaration.indicator_rows())
    return Subtotal(key, label, count, annual, appropriation, blanks, indicators)


def group_by(
    projects: Iterable[Project], key: Callable[[Project], str]
) -> dict[str, list[Project]]:
    """Projects grouped by `key`, each group and the groups in the order first met: the
    corpus order, which the pages keep.
    """
    groups: dict[str, list[Project]] = {}
    for project in projects:
        groups.setdefault(key(project), []).append(project)
    return groups
