"""Invisible and direction-changing characters: they make text lie about itself.

A zero-width space splits a search term, a right-to-left override can make `>=85%` display as
something else. None belongs in a budget declaration, so each is an error that names the
character and where it is.
"""

from __future__ import annotations

import re
import unicodedata

_NAMED = {
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u2060": "字连接符",
    "\ufeff": "零宽不换行空格（BOM）",
    "\u00ad": "软连字符",
    "\u200e": "从左到右标记",
    "\u200f": "从右到左标记",
    "\u061c": "阿拉伯字母标记",
    "\u202a": "从左到右嵌入",
    "\u202b": "从右到左嵌入",
    "\u202c": "方向格式结束",
    "\u202d": "从左到右覆盖",
    "\u202e": "从右到左覆盖",
    "\u2066": "从左到右隔离",
    "\u2067": "从右到左隔离",
    "\u2068": "首字符方向隔离",
    "\u2069": "方向隔离结束",
}


def invisible_characters(text: str) -> list[tuple[int, str, str]]:
    """(index, character, Chinese name) for every invisible or bidi-control character."""
    if text.replace("\n", "").replace("\t", "").isprintable() and "\u00ad" not in text:
        return []  # the common case, at C speed: no Cc, Cf, Co, Cn or Zs other than space
    found = []
    for index, char in enumerate(text):
        if char in _NAMED:
            found.append((index, char, _NAMED[char]))
        elif unicodedata.category(char) in ("Cf", "Co", "Cn") or (
            unicodedata.category(char) == "Cc" and char not in "\n\t"
        ):
            found.append((index, char, "不可见的控制字符"))
    return found


def lookalike_characters(text: str) -> list[tuple[int, str, str]]:
    """(index, character, its standard form) for each character that is not in NFC form.

    A CJK compatibility ideograph (U+F967 for 不) or a decomposed accent looks exactly like the
    standard character, yet compares unequal: two names that look the same would be two
    organisations, a search would miss one, a reviewer could not see the difference.
    """
    if unicodedata.is_normalized("NFC", text):
        return []  # the common case, at C speed
    found = []
    for index, char in enumerate(text):
        standard = unicodedata.normalize("NFC", char)
        if standard != char:
            found.append((index, char, standard))
        elif unicodedata.combining(char) and index:
            # A combining mark that NFC joins to the character before it.
            pair = text[index - 1 : index + 1]
            if unicodedata.normalize("NFC", pair) != pair:
                found.append((index, char, unicodedata.normalize("NFC", pair)))
    if not found:  # a sequence NFC reorders or composes in another way (rare): say so once
        found.append((0, text[0], unicodedata.normalize("NFC", text)))
    return found


# What `str.isprintable` refuses and `invisible_characters` never reports: tab and line feed,
# the space separators (Zs: U+3000, the ideographic space, is common in Chinese text) and the
# line and paragraph separators; and the carriage return, which YAML turns into a line feed
# in every value.
_SPACING = re.compile("[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


def text_is_plain(text: str) -> bool:
    """Whether no value read from this YAML text can hold an invisible or look-alike character.

    One look at the whole file instead of one per key and value; a text that fails is checked
    value by value. Without a backslash, every character of a YAML value is one of the text's
    own (quotes and indentation are only dropped, line breaks only become a space or a line
    feed), so:
    - printable apart from spacing means no Cc, Cf, Co or Cn character anywhere;
    - unchanged by NFD and by NFC means no character that decomposes, no mark out of canonical
      order and no pair that composes, and a piece of such a text (a value) has none either.
    """
    return (
        "\\" not in text
        # Line by line first (at C speed); a tab, U+3000 or CR sends the text to the regex.
        and (all(map(str.isprintable, text.split("\n"))) or _SPACING.sub("", text).isprintable())
        and unicodedata.is_normalized("NFD", text)
        and unicodedata.is_normalized("NFC", text)
    )


def describe(char: str) -> str:
    """A character as `U+XXXX`: an invisible one cannot be shown any other way."""
    return f"U+{ord(char):04X}"
