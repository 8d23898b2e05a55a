"""The text Excel shows for a number under a cell's number format (单元格格式).

A format has up to four sections separated by `;`: for a positive number, a negative one, zero
and text. A section is literal text around one number: `#,##0.00"万元"` shows 1500 as
`1,500.00万元` and `"≥"0%` shows 0.85 as `≥85%`. The text matters: a unit written only in the
format is the form's unit (a 万元 amount read without it would be taken for 元, ten thousand
times too small), and a target's `≥` is its direction.

Read as Excel shows it, with these exceptions, each so that no fact of the cell is lost or
made up:
- currency signs are left out (see `_CURRENCY`);
- a negative number keeps its minus sign and the first section's text, whatever the negative
  section shows (Excel may print it in brackets or in red, which the form's text cannot carry);
- a section that shows no digits (the accounting format's zero section prints `-`) gives the
  number as the first section shows it, and `Shown.instead` tells what the sheet showed
  instead, for the report: the cell holds a 0, which is not a blank;
- a format this reader does not know (conditions such as `[>=100]`, Chinese numerals
  `[DBNum1]`, fractions, scientific notation, dates) shows the number by its places and
  thousands separator only, as before this module read the text around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import NamedTuple

# Colours a section may be printed in ([Red], [颜色10] is spelled [Color10]): no text.
_COLOUR = re.compile(r"(?i)(?:black|blue|cyan|green|magenta|red|white|yellow|color\s*\d{1,2})")
_DIGIT_PLACES = "0#?"
# ASCII letters in a number section are date or time codes (yyyy, mm, h), or a keyword this
# reader does not read; only E+/E- (scientific) and General have a meaning among numbers.
_LETTER = re.compile(r"[A-Za-z]")
MAX_FORMAT_CHARS = 255  # Excel's own limit on a number format
# Currency signs are not read: a built-in format (货币, 会计专用) is stored as a number whose
# sign Excel takes from the reader's locale (openpyxl and xlrd give the American `"$"`), so the
# file does not say which sign the published sheet showed; and a form's money is in 元 anyway.
_CURRENCY = "$¥￥€£"


@dataclass(frozen=True, slots=True)
class _Section:
    prefix: str
    body: str  # the number's placeholders: 0 # ? , . % or the word General
    suffix: str


def _split_sections(number_format: str) -> list[str]:
    """The sections, split at each `;` that is not quoted, escaped or in brackets."""
    sections, start, index, length = [], 0, 0, len(number_format)
    while index < length:
        char = number_format[index]
        if char == '"':
            end = number_format.find('"', index + 1)
            index = length if end < 0 else end + 1
            continue
        if char == "\\":
            index += 2
            continue
        if char == "[":
            end = number_format.find("]", index + 1)
            index = length if end < 0 else end + 1
            continue
        if char == ";":
            sections.append(number_format[start:index])
            start = index + 1
        index += 1
    sections.append(number_format[start:])
    return sections


def _parse_section(section: str) -> _Section | None:
    """The literal text before and after the number, and the number's placeholders; None for
    a section this reader does not read (see the module's docstring)."""
    prefix: list[str] = []
    body: list[str] = []
    suffix: list[str] = []
    index, length = 0, len(section)
    while index < length:
        char = section[index]
        literal = None
        if char == '"':
            end = section.find('"', index + 1)
            if end < 0:
                return None
            literal, index = section[index + 1 : end], end + 1
        elif char == "\\":
            literal, index = section[index + 1 : index + 2], index + 2
        elif char in "_*":  # `_x`: a space as wide as x; `*x`: x repeated to fill the cell
            index += 2
            continue
        elif char == "[":
            end = section.find("]", index + 1)
            if end < 0:
                return None
            inner, index = section[index + 1 : end], end + 1
            if inner.startswith("$") or _COLOUR.fullmatch(inner):
                continue  # [$¥-804]: a currency sign and a locale (see _CURRENCY); a colour
            else:
                return None  # a condition, [DBNum1], elapsed time: not read here
        elif section[index : index + 7].lower() == "general":
            if body or suffix:
                return None
            body.append("General")
            index += 7
            continue
        elif char in _DIGIT_PLACES or (char in ".,%" and body and not suffix):
            if suffix or (body and body[0] == "General"):
                return None  # text between digits (`0" "000`): not read here
            body.append(char)
            index += 1
            continue
        elif char == "." and not body and index + 1 < length and section[index + 1] in "0#?":
            body.append(char)  # `.00`: no integer digits
            index += 1
            continue
        elif char == "@" or _LETTER.match(char) or (char == "/" and body):
            return None  # text placeholder, dates, scientific notation, fractions
        else:
            literal, index = char, index + 1
        if literal.strip(_CURRENCY + " "):
            (suffix if body else prefix).append(literal)
    if not body:
        return _Section("".join(prefix), "", "")
    if "".join(body).rstrip("%").endswith(","):
        return None  # `#,##0,`: shown in thousands
    return _Section("".join(prefix), "".join(body), "".join(suffix))


def _digits(amount: Decimal, body: str) -> str:
    """`amount` in the placeholders of `body` (0.00, #,##0, 0.0#, 0%, General), rounded half
    away from zero as Excel rounds (0.125 shows as 0.13; Decimal's default is to the even)."""
    if body == "General" or not any(char in body for char in _DIGIT_PLACES):
        whole = amount.to_integral_value()
        # not quantize(): it raises beyond 28 digits, and a cell may hold 1e+308
        return f"{whole:f}" if amount == whole else f"{amount:f}"
    if "%" in body:
        amount *= 100
    integer, _, fraction = body.replace("%", "").partition(".")
    least = fraction.count("0")  # places always shown
    most = sum(fraction.count(char) for char in _DIGIT_PLACES)  # and those shown when not 0
    comma = "," if "," in integer else ""
    with localcontext() as context:
        context.rounding = ROUND_HALF_UP
        shown = f"{amount:{comma}.{most}f}"
    if most > least:  # `0.0#`: 1.50 shows as 1.5, 1.25 as 1.25
        point = shown.index(".")
        kept = shown.rstrip("0")
        shown = kept if len(kept) - point - 1 >= least else shown[: point + least + 1]
        shown = shown.rstrip(".")
    if "0" not in integer and shown.lstrip("-").startswith("0"):
        # `#.00` shows 0.5 as .50, and `#,###` shows 0 as nothing
        sign = "-" if shown.startswith("-") else ""
        shown = sign + shown.lstrip("-")[1:]
    if "%" in body:
        shown += "%"
    return shown


def _stands_for(shown: str) -> Decimal | None:
    """The number that the digits shown stand for (`1,234.50` → 1234.50, `85%` → 0.85)."""
    text = shown.replace(",", "")
    percent = text.endswith("%")
    text = text.rstrip("%")
    if text in ("", "-"):
        return Decimal(0)
    if text.startswith((".", "-.")):
        text = text.replace(".", "0.", 1)
    try:
        number = Decimal(text)
    except ArithmeticError:
        return None
    return number / 100 if percent else number


def _held(value: int | float) -> Decimal:
    # repr() is the shortest text that reads back as the same double: the digits typed. A
    # formula's double can carry binary noise (1.1 + 2.2 = 3.3000000000000003) that Excel, which
    # keeps 15 significant digits, never shows: a float is read to those 15 digits.
    return Decimal(repr(value)) if isinstance(value, int) else Decimal(f"{value:.15g}")


def _sections_for(amount: Decimal, number_format: str) -> tuple[_Section | None, _Section | None]:
    """(the section Excel shows `amount` in, the first section), each None when not read."""
    if len(number_format) > MAX_FORMAT_CHARS:
        return None, None
    parts = _split_sections(number_format)
    first = _parse_section(parts[0])
    if amount.is_zero() and len(parts) >= 3:
        return _parse_section(parts[2]), first
    return first, first


class Shown(NamedTuple):
    """A number as a cell shows it."""

    text: str  # what Excel shows (1,500.00万元)
    stands: Decimal  # the number that text stands for
    held: Decimal  # the number the cell holds, to the 15 significant digits Excel keeps
    instead: str | None = None  # the text shown instead of digits (`-` for a zero), if any


def shown_number(value: int | float, number_format: str) -> Shown:
    """The number as Excel shows it under `number_format` (see the module's docstring)."""
    amount = _held(value)
    if not amount.is_finite():
        return Shown(f"{amount}", amount, amount)
    section, first = _sections_for(amount, number_format)
    if section is not None and section.body and (digits := _digits(amount, section.body)):
        stands = _stands_for(digits)
        if stands is not None:
            return Shown(section.prefix + digits + section.suffix, stands, amount)
    if first is not None and first.body:
        # a zero the sheet shows as text only (`-`): the number as the first section shows it
        digits = _digits(amount, first.body) or _digits(amount, "0" + first.body.lstrip("#?,"))
        stands = _stands_for(digits)
        if stands is not None:
            return Shown(digits, stands, amount, _text_only(section, number_format))
    return _by_places(amount, number_format)


def _text_only(section: _Section | None, number_format: str) -> str | None:
    """The text a section that shows no digits shows instead (the accounting format's `-`)."""
    if section is None or (";" not in number_format and '"' not in number_format):
        return None  # nearly every format: no section of text only
    return (section.prefix + section.suffix).strip() or None


def _by_places(amount: Decimal, number_format: str) -> Shown:
    """A format this reader does not read: the number by its places and separator only."""
    places_match = re.search(r"\.(0+)", number_format)
    places = len(places_match.group(1)) if places_match else None
    with localcontext() as context:
        context.rounding = ROUND_HALF_UP
        if "%" in number_format:
            shown = f"{amount * 100:.{places or 0}f}"
            return Shown(shown + "%", Decimal(shown) / 100, amount)
        if places is not None:
            shown = f"{amount:,.{places}f}" if "," in number_format else f"{amount:.{places}f}"
            return Shown(shown, Decimal(shown.replace(",", "")), amount)
        if re.search(r"(?<![.#0])[#0]", number_format) and "." not in number_format:
            shown = f"{amount:,.0f}" if "," in number_format else f"{amount:.0f}"
            return Shown(shown, Decimal(shown.replace(",", "")), amount)
    return Shown(_digits(amount, "General"), amount, amount)
