"""Money: exact parsing, exact 万元 → 元, and printing to the fen."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.core.money import AmountError, MoneyUnit, format_yuan, parse_amount, to_yuan


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,846,000.00", "1846000.00"), ("0.00", "0.00"), ("0", "0"), ("-5.10", "-5.10")],
)
def test_parse_amount_keeps_the_written_value(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)
    assert str(parse_amount(text)) == expected


@pytest.mark.parametrize("text", ["1,00", "１２３", "12.3.4", "十万", "1 000", ""])
def test_parse_amount_refuses_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(text)


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        ("432.0000", MoneyUnit.WAN_YUAN, "4320000.00"),  # trailing zeros are not precision
        ("184.6", MoneyUnit.WAN_YUAN, "1846000.00"),
        ("0.000001", MoneyUnit.WAN_YUAN, "0.01"),  # one fen
        ("0.0000001", MoneyUnit.WAN_YUAN, "0.001"),  # below a fen: kept, never rounded away
        ("16357365", MoneyUnit.YUAN, "16357365.00"),
    ],
)
def test_to_yuan_is_exact_and_prints_to_the_fen(
    amount: str, unit: MoneyUnit, expected: str
) -> None:
    assert str(to_yuan(Decimal(amount), unit)) == expected


def test_format_yuan_groups_thousands_and_never_uses_exponents() -> None:
    assert format_yuan(Decimal("16357365")) == "16,357,365.00"
    assert format_yuan(Decimal("1E-7")) == "0.0000001"
