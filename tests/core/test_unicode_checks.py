"""The character checks' compiled classes."""

from __future__ import annotations

import re

from generator.core import unicode_checks

EVERY_CODE_POINT = "".join(map(chr, range(0x110000)))


def _found(pattern: re.Pattern[str]) -> set[int]:
    return {match.start() for match in pattern.finditer(EVERY_CODE_POINT)}


def test_one_pass_for_the_whole_text_refuses_exactly_the_ignorables_and_the_radicals() -> None:
    """`text_is_plain` looks for both kinds with one joined class: it must find every code
    point that either class finds, and no other."""
    ignorable = _found(unicode_checks._IGNORABLE)
    radicals = _found(unicode_checks._RADICALS)
    assert len(ignorable) == 7 + 3 + 1 + 16 + 240
    assert len(radicals) == (0x2EF3 - 0x2E80 + 1) + (0x2FD5 - 0x2F00 + 1)
    assert _found(unicode_checks._IGNORABLE_OR_RADICAL) == ignorable | radicals
