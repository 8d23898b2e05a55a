"""年度指标值的结构化读法。

Every indicator target keeps its raw text exactly as written; this module only adds a reading of
it: a comparison (operator, number, unit, direction), a deadline, or "qualitative" when the text
is neither. Reading never raises on a string: whatever cannot be read with confidence is
qualitative, because a wrong number on a published page is worse than no number.

Full-width input (`＞＝８５％`, `（元）`, `１４０，０００．００`) is folded to ASCII before
reading. The fold is deliberately narrower than NFKC: NFKC also turns `²` into `2` and `①` into
`1`, which would silently change the number (`≥10²` would read as `≥102`). Only ASCII digits
`[0-9]` count as digits after the fold; `\\d` is never used, since it also matches `١٢٣`.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Final

__all__ = [
    "Direction",
    "TargetKind",
    "TargetReading",
    "read_target",
    "strengthened",
]


class TargetKind(StrEnum):
    """What a target value is: a comparison with a number, a deadline, or words only."""

    COMPARISON = "comparison"
    DATE = "date"
    QUALITATIVE = "qualitative"


class Direction(StrEnum):
    """Which way a comparison is better; the words are shown as they are."""

    HIGHER_IS_BETTER = "正向"
    LOWER_IS_BETTER = "反向"
    EXACT = "精确"


@dataclass(frozen=True, slots=True)
class TargetReading:
    """A 年度指标值 read into its parts; the text itself is always kept and shown as written."""

    text: str
    kind: TargetKind
    operator: str | None = None
    value: Decimal | None = None
    unit: str | None = None
    direction: Direction | None = None
    deadline: date | None = None
    deadline_relation: str | None = None

    def is_measurable(self) -> bool:
        """A comparison with a number; deadlines and qualitative targets are not."""
        return self.kind is TargetKind.COMPARISON and self.value is not None

    def to_json(self) -> dict[str, str | None]:
        """The reading for the downloads, numbers as exact decimal text."""
        return {
            "kind": str(self.kind),
            "operator": self.operator,
            # "f" rather than str(): str(Decimal("0.0000001")) is "1E-7".
            "value": None if self.value is None else format(self.value, "f"),
            "unit": self.unit,
            "direction": None if self.direction is None else str(self.direction),
            "deadline": None if self.deadline is None else self.deadline.isoformat(),
            "deadline_relation": self.deadline_relation,
        }


# Full-width ASCII variants (U+FF01–U+FF5E) map to ASCII by a fixed offset; the ideographic space
# and the minus sign are the other characters that appear in extracted forms.
_FOLD: Final[dict[int, str]] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = " "
_FOLD[0x2212] = "-"

_SYMBOL_OPERATORS: Final[dict[str, str]] = {
    "≥": ">=",
    "≧": ">=",
    "⩾": ">=",
    "≤": "<=",
    "≦": "<=",
    "⩽": "<=",
    ">": ">",
    "<": "<",
    "=": "=",
}

_WORD_OPERATORS: Final[dict[str, str]] = {
    "不低于": ">=",
    "不少于": ">=",
    "不小于": ">=",
    "至少": ">=",
    "达到": ">=",
    "大于": ">",
    "高于": ">",
    "超过": ">",
    "多于": ">",
    "不高于": "<=",
    "不超过": "<=",
    "不多于": "<=",
    "不大于": "<=",
    "至多": "<=",
    "低于": "<",
    "小于": "<",
    "少于": "<",
    "等于": "=",
}

# 以上/以下/以内 include the number itself (the usual reading in Chinese regulations).
_SUFFIX_OPERATORS: Final[tuple[tuple[str, str], ...]] = (
    ("及以上", ">="),
    ("及以下", "<="),
    ("以上", ">="),
    ("以下", "<="),
    ("以内", "<="),
    ("之内", "<="),
    ("内", "<="),
)

# "约85%" / "85%左右" are approximations; an exact reading of them would be invented.
_APPROXIMATE_SUFFIXES: Final[tuple[str, ...]] = ("左右", "上下")

_DIRECTIONS: Final[dict[str, Direction]] = {
    ">": Direction.HIGHER_IS_BETTER,
    ">=": Direction.HIGHER_IS_BETTER,
    "<": Direction.LOWER_IS_BETTER,
    "<=": Direction.LOWER_IS_BETTER,
    "=": Direction.EXACT,
}


def _alternation(words: list[str]) -> str:
    # Longest first, so that 不低于 wins over 低于 and >= over >.
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_COMPARISON_RE: Final[re.Pattern[str]] = re.compile(
    r"\s*"
    r"(?:(?P<op2>[<>])\s*=|(?P<op>" + _alternation([*_SYMBOL_OPERATORS, *_WORD_OPERATORS]) + r"))?"
    r"\s*"
    # A comma is a thousands separator only between groups of exactly three digits; "1,00" leaves
    # ",00" as the unit, which the unit check then refuses.
    r"(?P<num>[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)"
    r"(?P<rest>.*)",
    re.DOTALL,
)

# A unit is a word such as 人次, %, 个工作日, 次/年, m². Digits, operators, separators and brackets
# inside it mean the text is a range, a list or a sentence, not one comparison.
_UNIT_FORBIDDEN_RE: Final[re.Pattern[str]] = re.compile(
    r"[\s0-9<>=≥≧⩾≤≦⩽≠≈~,;:、。()\[\]{}【】〔〕《》]"
)
_BRACKETED_RE: Final[re.Pattern[str]] = re.compile(r"\(\s*([^()]*?)\s*\)", re.DOTALL)

_RELATION = r"\s*(?:(?P<rel>之前|以前|前|以内|内|为止|止)(?:\s*完成)?)?\s*"
_YEAR = r"\s*(?P<y>[0-9]{4})\s*"

_DAY_RE: Final[re.Pattern[str]] = re.compile(
    _YEAR + r"年\s*(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*[日号]" + _RELATION
)
_ISO_DAY_RE: Final[re.Pattern[str]] = re.compile(
    _YEAR + r"(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})" + _RELATION
)
_MONTH_END_RE: Final[re.Pattern[str]] = re.compile(
    _YEAR + r"年\s*(?P<m>[0-9]{1,2})\s*月\s*(?:份\s*)?(?P<end>底|末)?" + _RELATION
)
_YEAR_END_RE: Final[re.Pattern[str]] = re.compile(
    _YEAR + r"年\s*(?:度\s*)?(?P<end>底|末)?" + _RELATION
)

_WITHIN: Final[frozenset[str]] = frozenset({"内", "以内"})


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _qualitative(text: str) -> TargetReading:
    return TargetReading(text=text, kind=TargetKind.QUALITATIVE)


def _date_reading(text: str, folded: str) -> TargetReading | None:
    """A DATE reading; qualitative for a date-shaped text that fixes no day; None otherwise.

    Date-shaped text must not fall through to the comparison reading, which would take
    "2024年前" for the number 2024 with the unit 年前.
    """
    for pattern in (_DAY_RE, _ISO_DAY_RE):
        match = pattern.fullmatch(folded)
        if match is not None:
            try:
                deadline = date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return _qualitative(text)
            return _deadline(text, deadline, match["rel"])

    # Without a day, only an explicit end (底/末) or "within" (内) fixes the date: "2024年6月前"
    # may mean before June or by the end of June, so it stays qualitative.
    match = _MONTH_END_RE.fullmatch(folded)
    if match is not None:
        if match["end"] is None and match["rel"] not in _WITHIN:
            return _qualitative(text)
        year, month = int(match["y"]), int(match["m"])
        if year < 1 or not 1 <= month <= 12:
            return _qualitative(text)
        last = calendar.monthrange(year, month)[1]
        return _deadline(text, date(year, month, last), match["rel"])

    match = _YEAR_END_RE.fullmatch(folded)
    if match is not None:
        if match["end"] is None and match["rel"] not in _WITHIN:
            return _qualitative(text)
        year = int(match["y"])
        if year < 1:
            return _qualitative(text)
        return _deadline(text, date(year, 12, 31), match["rel"])
    return None


def _deadline(text: str, deadline: date, relation: str | None) -> TargetReading:
    return TargetReading(
        text=text, kind=TargetKind.DATE, deadline=deadline, deadline_relation=relation
    )


def _read_unit(rest: str) -> str | None:
    """The unit with its brackets removed, "" for none, None when `rest` is not a unit."""
    rest = rest.strip()
    bracketed = _BRACKETED_RE.fullmatch(rest)
    if bracketed is not None:
        rest = bracketed[1]
    if not rest:
        return ""
    # Superscripts and circled digits are digits too (unicodedata), and a unit cannot start with
    # one: "≥10²" is a power, not 10 of a unit called "²".
    if unicodedata.digit(rest[0], None) is not None or rest[0] in "+-.":
        return None
    if _UNIT_FORBIDDEN_RE.search(rest) is not None:
        return None
    # "100%完成" or "95%覆盖" is a sentence about a percentage, and "%完成" is no unit.
    if rest[0] in "%‰" and len(rest) > 1:
        return None
    return rest


def _comparison_reading(text: str, folded: str) -> TargetReading | None:
    match = _COMPARISON_RE.fullmatch(folded)
    if match is None:
        return None
    if match["op2"] is not None:
        operator: str | None = match["op2"] + "="
    elif match["op"] is not None:
        word = match["op"]
        operator = _SYMBOL_OPERATORS.get(word) or _WORD_OPERATORS[word]
    else:
        operator = None

    rest = match["rest"].strip()
    if rest.endswith(_APPROXIMATE_SUFFIXES):
        return None
    for suffix, suffix_operator in _SUFFIX_OPERATORS:
        if rest.endswith(suffix):
            # A bare 内 needs a unit before it ("5个工作日内"); "5内" is not a target.
            if suffix == "内" and len(rest) == len(suffix):
                return None
            # "≥90%以上" says the same thing twice and is accepted; "＞90%以上" contradicts itself.
            if operator is not None and operator != suffix_operator:
                return None
            operator = suffix_operator
            rest = rest[: -len(suffix)]
            break

    unit = _read_unit(rest)
    if unit is None:
        return None
    if operator is None:
        operator = "="  # A bare number or percentage states the value itself.
    return TargetReading(
        text=text,
        kind=TargetKind.COMPARISON,
        operator=operator,
        value=Decimal(match["num"].replace(",", "")),
        unit=unit or None,
        direction=_DIRECTIONS[operator],
    )


def read_target(text: str) -> TargetReading:
    """Read a 年度指标值. `text` is kept exactly; the reading never raises."""
    folded = _fold(text)
    reading = _date_reading(text, folded) or _comparison_reading(text, folded)
    return reading if reading is not None else _qualitative(text)


def strengthened(before: TargetReading, after: TargetReading) -> bool | None:
    """Whether `after` is stricter (True) or looser (False) than `before`.

    None when the two cannot be ranked: different kinds, units, directions or deadline relations,
    exact (=) targets, qualitative targets, or targets that are equally strict. For deadlines with
    the same relation, an earlier date is stricter.
    """
    if before.kind is not after.kind:
        return None
    if before.kind is TargetKind.DATE:
        if (
            before.deadline is None
            or after.deadline is None
            or before.deadline_relation != after.deadline_relation
            or before.deadline == after.deadline
        ):
            return None
        return after.deadline < before.deadline
    if before.kind is not TargetKind.COMPARISON:
        return None
    if (
        before.value is None
        or after.value is None
        or before.operator is None
        or after.operator is None
        or before.unit != after.unit
        or before.direction is not after.direction
        or before.direction is Direction.EXACT
    ):
        return None

    higher = before.direction is Direction.HIGHER_IS_BETTER
    if after.value != before.value:
        return (after.value > before.value) is higher
    # Same number: the strict operator excludes the boundary, so it asks for more.
    before_strict = before.operator in (">", "<")
    after_strict = after.operator in (">", "<")
    if before_strict == after_strict:
        return None
    return after_strict
