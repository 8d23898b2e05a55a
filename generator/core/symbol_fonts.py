"""Characters of the symbol fonts (Symbol, Wingdings) as Unicode.

Word writes a character inserted from a symbol font (Insert → Symbol) as the font's own code,
not as Unicode: `<w:sym w:font="Symbol" w:char="F0B3"/>` is the ≥ of a target. A PDF made
from such a document often carries the same code in its text layer, moved into Unicode's
private use area (U+F0B3), and so does a file copied from one: a character no reader shows as
≥. Symbol is Adobe's symbol encoding; the tables hold the characters forms use, and a code
not in them is never guessed.
"""

from __future__ import annotations

FONT_CHARACTERS = {
    "symbol": {
        **{code: chr(code) for code in range(0x30, 0x3A)},  # digits
        **{ord(c): c for c in " !#%&()+,./:;<=>?[]_{|}"},
        0x2D: "\u2212",  # minus sign
        0xA2: "\u2032",  # ′
        0xA3: "≤",
        0xA5: "∞",
        0xAC: "←",
        0xAD: "↑",
        0xAE: "→",
        0xAF: "↓",
        0xB0: "°",
        0xB1: "±",
        0xB2: "\u2033",  # ″
        0xB3: "≥",
        0xB4: "×",
        0xB7: "•",
        0xB8: "÷",
        0xB9: "≠",
        0xBA: "≡",
        0xBB: "≈",
        0xBC: "…",
        0xD6: "√",
        0xE5: "∑",
    },
    "wingdings": {
        0xA1: "○",
        0x6C: "●",
        0x6E: "■",
        0xFB: "✗",
        0xFC: "✓",
        0xFD: "☒",
        0xFE: "☑",
    },
    "wingdings 2": {0x50: "✓", 0x4F: "✗", 0x52: "☑", 0x54: "☒", 0xA3: "□"},
}


PRIVATE_USE_SYMBOLS = range(0xF020, 0xF100)  # where Word and PDF text layers put these codes


def symbol_font_character(font: str | None, code: str | int | None) -> str | None:
    """The Unicode character a symbol font's code stands for, or None when unknown. Codes are
    the font's byte (B3) or its place in the private use area (F0B3), as text in hexadecimal
    (as Word writes them) or as a number. A font name may carry a PDF subset prefix
    (ABCDEF+Symbol)."""
    name = (font or "").rpartition("+")[2].strip().lower()
    table = FONT_CHARACTERS.get(name)
    if table is None:
        return None
    if isinstance(code, int):
        number = code
    else:
        try:
            number = int(code or "", 16)
        except ValueError:
            return None
    if 0xF000 <= number <= 0xF0FF:
        number -= 0xF000
    return table.get(number)


def likely_symbol(char: str) -> str | None:
    """For a private-use character where the symbol fonts put their codes: what it stands for
    in Symbol (or else Wingdings), to name in a message; None for any other character."""
    if ord(char) not in PRIVATE_USE_SYMBOLS:
        return None
    for font in FONT_CHARACTERS:
        found = symbol_font_character(font, ord(char))
        if found is not None:
            return f"{font.title()} 字体中的“{found}”"
    return None
