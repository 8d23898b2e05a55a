"""Symbol-font characters: Word and PDF text layers keep them as the font's codes."""

from __future__ import annotations

from pathlib import Path

from generator.core.symbol_fonts import likely_symbol, symbol_font_character
from generator.load.corpus import check_text

SEED = Path(__file__).resolve().parents[2] / "content/2024/baoshan-zonggonghui"


def test_codes_of_the_symbol_fonts_are_their_characters() -> None:
    assert symbol_font_character("Symbol", "F0B3") == "≥"
    assert symbol_font_character("Symbol", "A3") == "≤"
    assert symbol_font_character("ABCDEF+Symbol", 0xF0B3) == "≥"  # a PDF subset font
    assert symbol_font_character("Wingdings 2", "F052") == "☑"
    assert symbol_font_character("Webdings", "F061") is None  # not guessed
    assert symbol_font_character("Symbol", "F0FF") is None
    assert symbol_font_character("Symbol", "zz") is None


def test_check_names_what_a_private_use_symbol_code_most_likely_is() -> None:
    path = SEED / "zhengfu-shishi-gonghui-huiyuanka.yaml"
    text = path.read_text(encoding="utf-8").replace("年度指标值: ", "年度指标值: \uf0b3", 1)
    (error,) = [d.format() for d in check_text("x.yaml", text.encode()) if "U+F0B3" in d.format()]
    assert "invisible-char" in error and "Symbol 字体中的“≥”" in error
    assert "改写成它代表的字符" in error
    assert likely_symbol("\ue000") is None  # a private-use character of no symbol font


def test_a_pdf_character_in_a_symbol_font_is_read_as_its_character() -> None:
    from generator.importers import pdf

    def char(text: str, font: str, x0: float) -> dict[str, object]:
        return {
            "text": text,
            "fontname": font,
            "x0": x0,
            "x1": x0 + 5,
            "top": 0,
            "bottom": 10,
            "size": 10,
        }

    class Page:
        def __init__(self) -> None:
            self.chars = [
                char("\uf0b3", "ABCDEF+Symbol", 0),
                char("9", "ABCDEF+SimSun", 5),
                char("\uf0b3", "ABCDEF+SimSun", 10),  # not a symbol font: not guessed
            ]

        def dedupe_chars(self) -> Page:
            return self

    assert [c.text for c in pdf._page_chars(Page(), 1)] == ["≥", "9", "\uf0b3"]
