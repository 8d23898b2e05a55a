"""Amounts of money: exact decimals read from the text written, never floats.

In declaration files amounts are written with ASCII digits, an optional minus sign, optional
thousands separators in correct groups of three, and at most two decimal places in 元 (six in
万元, which is still exact to the fen). Full-width digits are refused here on purpose: the
YAML files are the canonical data, and the importer is the place that normalises what a PDF or
spreadsheet wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from enum import StrEnum
from functools import wraps
from typing import ParamSpec, TypeVar

_AMOUNT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?", re.ASCII)

YUAN_PER_WAN = Decimal(10000)
FEN = Decimal("0.01")

# Bounds, checked before a string becomes a number. The largest amount any form may hold is
# 10^15 元 (a thousand 万亿, some thirty times a year of China's whole national budget): far above
# any real project, and small enough that every sum jixiao makes is exact (see MONEY_CONTEXT).
MAX_YUAN = Decimal(10) ** 15
MAX_YUAN_TEXT = "1,000,000,000,000,000 元（1000 万亿元）"
# What the text of one amount may hold whatever its unit: at most 16 digits before the point
# (the exact limit, which depends on the unit, is checked with the unit in `checks`) and at most
# 40 characters in all. A longer text is refused before Decimal reads it.
MAX_INTEGER_DIGITS = 16
MAX_AMOUNT_CHARS = 40  # "1,000,000,000,000,000.00" is 24 characters
MONEY_TOO_LARGE = "money-too-large"

# Every sum of money is computed in this context. An amount that passes `parse_amount` has at
# most 40 digits (10^16 万元 = 10^20 元 before the point); 64 significant digits hold the total of
# a million of them exactly, so no sum is ever rounded, and an operation that could not be exact
# raises instead of passing silently. Decimal's default context has 28 digits: a 400-digit
# amount was rounded in a sum and then made `quantize` raise InvalidOperation.
MONEY_CONTEXT = Context(
    prec=64, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)

_P = ParamSpec("_P")
_R = TypeVar("_R")


def exact_money(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Runs `function` with MONEY_CONTEXT as the decimal context: for code that adds up money."""

    @wraps(function)
    def in_money_context(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with localcontext(MONEY_CONTEXT):
            return function(*args, **kwargs)

    return in_money_context


# The unit amounts are written in; kept as printed, converted to 元 only to compare. (No
# docstring: pydantic would publish it in the JSON Schema.)
class MoneyUnit(StrEnum):
    YUAN = "元"
    WAN_YUAN = "万元"

    @property
    def max_places(self) -> int:
        """Decimal places that still mean whole fen: 2 in 元, 6 in 万元."""
        return 2 if self is MoneyUnit.YUAN else 6


class AmountError(ValueError):
    """The text is not an amount; the message says why, in Chinese; `code` names the problem."""

    def __init__(self, message: str, code: str = "money") -> None:
        super().__init__(message)
        self.code = code


def too_large_message(shown: str) -> str:
    """One wording for an amount over the limit, whether the text or the value is too long."""
    return f"金额 {shown} 超过上限 {MAX_YUAN_TEXT}；请核对位数和资金单位（元/万元）"


def parse_amount(text: str) -> Decimal:
    """`"16,357,365.00"` → `Decimal("16357365.00")`; raises AmountError for anything else.

    The length of the text is bounded first, so that a hostile 400-digit "amount" is refused
    before it becomes a number that no later sum or rounding could hold.
    """
    stripped = text.strip()
    if len(stripped) > MAX_AMOUNT_CHARS:
        raise AmountError(
            too_large_message(f"“{stripped[:20]}…”（{len(stripped):,} 个字符）"), MONEY_TOO_LARGE
        )
    if not _AMOUNT.fullmatch(stripped):
        if any(ch in stripped for ch in "０１２３４５６７８９，．"):
            raise AmountError(f"“{text}”含全角数字或符号；金额请用半角数字书写，如 1,846,000.00")
        if "," in stripped:
            raise AmountError(f"“{text}”的千位分隔符位置不对；应写成 1,846,000.00 或 1846000.00")
        raise AmountError(f"“{text}”不是金额；应写成 1,846,000.00 或 1846000.00，不填请留空")
    whole = stripped.lstrip("-").replace(",", "").partition(".")[0]
    if len(whole.lstrip("0")) > MAX_INTEGER_DIGITS:
        raise AmountError(too_large_message(f"“{stripped}”"), MONEY_TOO_LARGE)
    return Decimal(stripped.replace(",", ""))


def is_negative(amount: Decimal) -> bool:
    """Below zero, or a negative zero: `-0.00` is no amount a form prints (`Decimal("-0.00") <
    0` is False, so a plain comparison let it through as a zero)."""
    return amount.is_signed()


def negative_hint(amount: Decimal) -> str:
    """What to add to the message about a negative amount: a zero is written without a sign."""
    return "；零请写 0.00" if amount == 0 else ""


def decimal_places(amount: Decimal) -> int:
    """Places as written (`1.50` has two): exactness to the fen is checked on the text's scale."""
    exponent = amount.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def exceeds_limit(amount: Decimal, unit: MoneyUnit) -> bool:
    """More than MAX_YUAN 元 either way, once converted from the unit it is written in."""
    return abs(to_yuan(amount, unit)) > MAX_YUAN


@exact_money
def to_yuan(amount: Decimal, unit: MoneyUnit) -> Decimal:
    """Exact conversion; the result keeps two places so that it prints to the fen."""
    yuan = amount * YUAN_PER_WAN if unit is MoneyUnit.WAN_YUAN else amount
    # 432.0000 万元 is 4320000.0000 元 to Decimal: trailing zeros are not precision, drop them.
    # Sub-fen digits (checks make them an error) are kept, never rounded away.
    at_fen = yuan.quantize(FEN)
    return at_fen if at_fen == yuan else yuan.normalize()


@exact_money
def format_yuan(amount: Decimal) -> str:
    """`Decimal("16357365")` → `"16,357,365.00"`, as the published forms print money."""
    return f"{amount.quantize(FEN):,}" if decimal_places(amount) <= 2 else f"{amount:,f}"


def format_signed_yuan(amount: Decimal) -> str:
    """A difference of money with its sign (`+1,000.00`, `-50.00`, `0.00`), so that a rise and
    a fall read apart: the diff, its pull-request comment and the site's year-to-year funding
    all print a change this one way."""
    return ("+" if amount > 0 else "") + format_yuan(amount)


@exact_money
def format_wan(amount_yuan: Decimal) -> str:
    """Yuan shown in 万元 with two places, for overview tables; exact input, rounded display.

    Rounded half up (四舍五入), as people round money, not half to even as Decimal does.
    """
    return f"{(amount_yuan / YUAN_PER_WAN).quantize(FEN, rounding=ROUND_HALF_UP):,}"
