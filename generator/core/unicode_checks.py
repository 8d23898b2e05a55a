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
    # Line breaks to YAML (and so to libyaml) that editors and people do not see as breaks.
    "\u0085": "下一行符 NEL",
    "\u2028": "行分隔符",
    "\u2029": "段分隔符",
}


# Default-ignorable code points (Unicode's Default_Ignorable_Code_Point) that are letters or
# marks rather than format characters, so `str.isprintable` takes them for visible text: a font
# draws them as nothing, or as a blank the width of a character. A Hangul filler after 总工会
# made a second department that no reviewer could tell from the first.
_IGNORABLE_LETTERS = {
    "\u034f": "组合用字形连接符",
    "\u115f": "韩文初声填充符",
    "\u1160": "韩文中声填充符",
    "\u17b4": "高棉文固有元音",
    "\u17b5": "高棉文固有元音",
    "\u3164": "韩文填充符",
    "\uffa0": "半角韩文填充符",
}
_IGNORABLE_RANGES = (
    ("\u180b", "\u180d", "蒙古文自由变体选择符"),
    ("\u180f", "\u180f", "蒙古文自由变体选择符"),
    ("\ufe00", "\ufe0f", "变体选择符"),
    ("\U000e0100", "\U000e01ef", "变体选择符"),
)
_IGNORABLE_CLASS = "".join(_IGNORABLE_LETTERS) + "".join(
    f"{low}-{high}" for low, high, _ in _IGNORABLE_RANGES
)
_IGNORABLE = re.compile(f"[{_IGNORABLE_CLASS}]")


def _ignorable_name(char: str) -> str | None:
    if char in _IGNORABLE_LETTERS:
        return _IGNORABLE_LETTERS[char]
    return next((name for low, high, name in _IGNORABLE_RANGES if low <= char <= high), None)


def invisible_characters(text: str) -> list[tuple[int, str, str]]:
    """(index, character, Chinese name) for every invisible or bidi-control character."""
    if (
        text.replace("\n", "").replace("\t", "").isprintable()
        and "\u00ad" not in text
        and _IGNORABLE.search(text) is None
    ):
        return []  # the common case, at C speed: no Cc, Cf, Co, Cn or Zs other than space
    found = []
    for index, char in enumerate(text):
        if char in _NAMED:
            found.append((index, char, _NAMED[char]))
        elif (ignorable := _ignorable_name(char)) is not None:
            found.append((index, char, ignorable))
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


# The Kangxi radicals (U+2F00–U+2FD5) and the CJK radicals supplement (U+2E80–U+2EF3) are
# symbols for dictionaries' radical indexes, not characters of text: ⼯ (U+2F2F) is drawn exactly
# as 工 (U+5DE5), yet 总⼯会 and 总工会 are two names, and a search for either misses the other.
# They come from PDF text layers (fonts that map glyphs to radicals) and from input methods'
# symbol pages. NFC keeps them, so `lookalike_characters` does not see them.
_RADICAL_CLASS = "\u2e80-\u2ef3\u2f00-\u2fd5"
_RADICALS = re.compile(f"[{_RADICAL_CLASS}]")


# The ideograph each CJK Radicals Supplement symbol stands for, where NFKC gives none (it gives
# one for ⺟ and ⻳ only): the simplified forms PDF fonts map to these code points in running text
# (⺠ for 民 in 人民政府, ⻓ 长, ⻔ 门, ⻢ 马 …) and the component forms (⺡ 氵, ⻖ 阝 …), after
# Unicode's EquivalentUnifiedIdeograph data. Symbols whose ideograph lies outside the Basic
# Multilingual Plane or is uncertain are left out: the check then asks to type the character.
_SUPPLEMENT_IDEOGRAPHS = {
    "\u2e81": "厂", "\u2e85": "亻", "\u2e86": "冂", "\u2e89": "刂", "\u2e8a": "卜",
    "\u2e8f": "尣", "\u2e90": "尢", "\u2e92": "巳", "\u2e93": "幺", "\u2e94": "彑",
    "\u2e96": "忄", "\u2e97": "心", "\u2e98": "扌", "\u2e99": "攵", "\u2e9b": "旡",
    "\u2e9c": "日", "\u2e9d": "月", "\u2e9e": "歺", "\u2ea0": "民", "\u2ea1": "氵",
    "\u2ea2": "氺", "\u2ea3": "灬", "\u2ea4": "爫", "\u2ea6": "丬", "\u2ea7": "牛",
    "\u2ea8": "犭", "\u2ea9": "王", "\u2eaa": "疋", "\u2eab": "目", "\u2eac": "示",
    "\u2ead": "礻", "\u2eae": "竹", "\u2eaf": "糹", "\u2eb0": "纟", "\u2eb2": "罒",
    "\u2eb3": "罓", "\u2eb6": "羊", "\u2eb9": "耂", "\u2eba": "肀", "\u2ebc": "月",
    "\u2ebd": "臼", "\u2ebe": "艹", "\u2ebf": "艹", "\u2ec0": "艹", "\u2ec1": "虎",
    "\u2ec2": "衤", "\u2ec4": "西", "\u2ec5": "见", "\u2ec6": "角", "\u2ec8": "讠",
    "\u2ec9": "贝", "\u2ecb": "车", "\u2ecc": "辶", "\u2ecd": "辶", "\u2ecf": "阝",
    "\u2ed0": "钅", "\u2ed1": "長", "\u2ed2": "镸", "\u2ed3": "长", "\u2ed4": "门",
    "\u2ed6": "阝", "\u2ed7": "雨", "\u2ed8": "青", "\u2ed9": "韦", "\u2eda": "页",
    "\u2edb": "风", "\u2edc": "飞", "\u2edd": "食", "\u2edf": "飠", "\u2ee0": "饣",
    "\u2ee2": "马", "\u2ee3": "骨", "\u2ee4": "鬼", "\u2ee5": "鱼", "\u2ee6": "鸟",
    "\u2ee7": "卤", "\u2ee8": "麦", "\u2ee9": "黄", "\u2eea": "黾", "\u2eeb": "斉",
    "\u2eec": "齐", "\u2eed": "歯", "\u2eee": "齿", "\u2eef": "竜", "\u2ef0": "龙",
    "\u2ef1": "龜", "\u2ef2": "亀",
}  # fmt: skip


def radical_ideograph(char: str) -> str | None:
    """The ideograph a radical symbol stands for (⼯ → 工, ⺠ → 民), or None when Unicode's
    normalisation and our table give none."""
    standard = unicodedata.normalize("NFKC", char)
    if standard != char:
        return standard
    return _SUPPLEMENT_IDEOGRAPHS.get(char)


def radical_characters(text: str) -> list[tuple[int, str, str | None]]:
    """(index, radical, the ideograph to write instead, or None) for every CJK radical symbol."""
    if _RADICALS.search(text) is None:
        return []  # the common case, at C speed
    return [
        (match.start(), match.group(), radical_ideograph(match.group()))
        for match in _RADICALS.finditer(text)
    ]


def without_radicals(text: str) -> str:
    """`text` with every radical symbol that stands for an ideograph written as that ideograph:
    ⼈⺠政府 → 人民政府. The others stay, for the check to name."""
    if _RADICALS.search(text) is None:
        return text
    return _RADICALS.sub(lambda match: radical_ideograph(match.group()) or match.group(), text)


# What `str.isprintable` refuses and `invisible_characters` never reports: tab and line feed,
# the space separators (Zs: U+3000, the ideographic space, is common in Chinese text) and the
# line and paragraph separators; and the carriage return, which YAML turns into a line feed
# in every value.
_SPACING = re.compile("[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


# Either of the printable characters `text_is_plain` refuses: one pass over a file, not two.
_IGNORABLE_OR_RADICAL = re.compile(f"[{_IGNORABLE_CLASS}{_RADICAL_CLASS}]")


def text_is_plain(text: str) -> bool:
    """Whether no value read from this YAML text can hold an invisible or look-alike character.

    One look at the whole file instead of one per key and value; a text that fails is checked
    value by value. Without a backslash, every character of a YAML value is one of the text's
    own (quotes and indentation are only dropped, line breaks only become a space or a line
    feed), so:
    - no default-ignorable letter or mark (a Hangul filler) and no radical symbol, found by
      one regex, since both are printable;
    - printable apart from spacing means no Cc, Cf, Co or Cn character anywhere;
    - unchanged by NFD and by NFC means no character that decomposes, no mark out of canonical
      order and no pair that composes, and a piece of such a text (a value) has none either.
    """
    return (
        "\\" not in text
        # Letters and symbols that print but are ignorable or radicals: one regex, in C.
        and _IGNORABLE_OR_RADICAL.search(text) is None
        # Line by line first (at C speed); a tab, U+3000 or CR sends the text to the regex.
        and (all(map(str.isprintable, text.split("\n"))) or _SPACING.sub("", text).isprintable())
        and unicodedata.is_normalized("NFD", text)
        and unicodedata.is_normalized("NFC", text)
    )


# Names for the characters that stop the YAML reader itself (`yaml_source`), beside _NAMED's.
_CONTROL_NAMES = {
    "\u0000": "空字符",
    "\u0007": "响铃符",
    "\u0008": "退格符",
    "\u000b": "垂直制表符",
    "\u000c": "换页符",
    "\u001b": "转义符",
    "\u007f": "删除符",
}


def character_name(char: str) -> str:
    """A Chinese name for an unusual character where there is one, else Unicode's own name."""
    if char in _NAMED:
        return _NAMED[char]
    if char in _CONTROL_NAMES:
        return _CONTROL_NAMES[char]
    if (ignorable := _ignorable_name(char)) is not None:
        return ignorable
    if unicodedata.category(char) == "Cc":
        return "控制字符"
    return unicodedata.name(char, "未命名的字符")


def describe(char: str) -> str:
    """A character as `U+XXXX`: an invisible one cannot be shown any other way."""
    return f"U+{ord(char):04X}"
