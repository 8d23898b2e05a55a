"""A short, readable code (the folder and URL name) for a department new to the registry.

The full pinyin of 上海市宝山区建设和管理委员会 is a 43-letter string that nobody types or reads.
What tells departments apart is what follows the administrative prefix they share: a new
department drops the prefix its name shares with a registered one (上海市宝山区), or, for the first
department, the common province / city / district prefixes (上海市, 武汉市青山区). The pinyin of the
rest is cut at a syllable boundary to at most MAX_CODE characters. `--department-code` chooses
the code outright, and `jixiao rename-department` changes it later.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_CODE = 24

_HAN = "[\u4e00-\u9fff]"
# The administrative units that a department's name starts with, outermost first. Two or three
# characters before the unit word, so that 城市管理局 (one character before 市) is not cut.
_ADMIN_PREFIX = re.compile(
    rf"^(?:{_HAN}{{2,3}}(?:省|自治区))?(?:{_HAN}{{2,3}}市)?(?:{_HAN}{{2,4}}(?:区|县|旗))?"
)
_UNIT_ENDS = ("省", "自治区", "市", "区", "县", "旗", "州", "盟")


def _shared_admin_prefix(name: str, registered: Iterable[str]) -> str:
    """The longest prefix `name` shares with a registered name that ends an administrative unit
    (`上海市宝山区` of 上海市宝山区总工会 and 上海市宝山区建设和管理委员会)."""
    best = ""
    for other in registered:
        length = 0
        for a, b in zip(name, other, strict=False):
            if a != b:
                break
            length += 1
        shared = name[:length]
        while shared and not shared.endswith(_UNIT_ENDS):
            shared = shared[:-1]
        if len(shared) > len(best) and len(name) - len(shared) >= 2:
            best = shared
    return best


def distinctive_part(name: str, registered: Iterable[str]) -> str:
    """The part of a department's name that the code is made from."""
    shared = _shared_admin_prefix(name, registered)
    if shared:
        return name[len(shared) :]
    prefix = _ADMIN_PREFIX.match(name)
    cut = prefix.end() if prefix else 0
    return name[cut:] if len(name) - cut >= 2 else name


def _syllables(text: str) -> list[str]:
    from pypinyin import lazy_pinyin

    words = "-".join(lazy_pinyin(text)).lower()
    cleaned = "".join(c if c.isascii() and c.isalnum() else "-" for c in words)
    return [part for part in cleaned.split("-") if part]


def department_code(name: str, registered: Iterable[str]) -> str:
    """`上海市宝山区建设和管理委员会` beside 上海市宝山区总工会 → `jian-she-he-guan-li-wei-yuan`."""
    parts = _syllables(distinctive_part(name, list(registered)))
    code = ""
    for part in parts:
        candidate = f"{code}-{part}" if code else part
        if len(candidate) > MAX_CODE:
            break
        code = candidate
    if not code and parts:
        code = parts[0][:MAX_CODE]
    if not any(c.isalpha() for c in code):
        # An all-digit code would clash with page numbers in URLs (registry rule).
        code = (f"bumen-{code}" if code else "bumen")[:MAX_CODE].rstrip("-")
    return code


__all__ = ["MAX_CODE", "department_code", "distinctive_part"]
