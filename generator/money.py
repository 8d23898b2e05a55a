"""Amounts of money: exact decimals read from the text written, never floats.

In declaration files amounts are written with ASCII digits, an optional minus sign, optional
thousands separators in correct groups of three, and at most two decimal places in 元 (six in
万元, which is still exact to the fen). Full-width digits are refused here on purpose: the
YAML files are the canonical data, and the importer is the place that normalises what a PDF or
spreadsheet wrote.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

_AMOUNT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?", re.ASCII)

YUAN_PER_WAN = Decimal(10000)
FEN = Decimal("0.01")


class MoneyUnit(StrEnum):
    YUAN = "元"
    WAN_YUAN = "万元"

    @property
    def max_places(self) -> int:
        return 2 if self is MoneyUnit.YUAN else 6


class AmountError(ValueError):
    """The text is not an amount; the message says why, in Chinese."""


def parse_amount(text: str) -> Decimal:
    """`"16,357,365.00"` → `Decimal("16357365.00")`; raises AmountError for anything else."""
    stripped = text.strip()
    if not _AMOUNT.fullmatch(stripped):
        if any(ch in stripped for ch in "０１２３４５６７８９，．"):
            raise AmountError(f"“{text}”含全角数字或符号；金额请用半角数字书写，如 1,846,000.00")
        if "," in stripped:
            raise AmountError(f"“{text}”的千位分隔符位置不对；应写成 1,846,000.00 或 1846000.00")
        raise AmountError(f"“{text}”不是金额；应写成 1,846,000.00 或 1846000.00，不填请留空")
    return Decimal(stripped.replace(",", ""))


def decimal_places(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def to_yuan(amount: Decimal, unit: MoneyUnit) -> Decimal:
    """Exact conversion; the result keeps two places so that it prints to the fen."""
    yuan = amount * YUAN_PER_WAN if unit is MoneyUnit.WAN_YUAN else amount
    # 432.0000 万元 is 4320000.0000 元 to Decimal: trailing zeros are not precision, drop them.
    # Sub-fen digits (checks make them an error) are kept, never rounded away.
    at_fen = yuan.quantize(FEN)
    return at_fen if at_fen == yuan else yuan.normalize()


def format_yuan(amount: Decimal) -> str:
    """`Decimal("16357365")` → `"16,357,365.00"`, as the published forms print money."""
    return f"{amount.quantize(FEN):,}" if decimal_places(amount) <= 2 else f"{amount:,f}"


def format_wan(amount_yuan: Decimal) -> str:
    """Yuan shown in 万元 with two places, for overview tables; exact input, rounded display.

    Rounded half up (四舍五入), as people round money, not half to even as Decimal does.
    """
    return f"{(amount_yuan / YUAN_PER_WAN).quantize(FEN, rounding=ROUND_HALF_UP):,}"
