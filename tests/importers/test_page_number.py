"""One page-number pattern for both import paths: the PDF reader drops a page-number line at a
page's edge, and the recogniser leaves a page-number cell under the indicator table unplaced,
whether the digits are ASCII or full-width (the two used to disagree about full-width ones)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from generator.importers.recognise import PAGE_NUMBER
from generator.importers.run import Importer
from generator.load.corpus import load_corpus
from tests.support import import_fixtures as fx
from tests.support import pdf_fixtures as pf
from tests.support.paths import TESTS

SEED = TESTS / "data" / "seed.txt"
FULL_WIDTH = str.maketrans("0123456789-/", "０１２３４５６７８９－／")


@pytest.mark.parametrize(
    "text",
    ["12", "- 12 -", "－１２－", "–12–", "第 12 页", "第１２页", "12 页", "第 12 页，共 60 页",
     "第１２页共６０页", "12/60", "１２／６０"],
)  # fmt: skip
def test_page_numbers(text: str) -> None:
    assert PAGE_NUMBER.fullmatch(text)


@pytest.mark.parametrize("text", ["12345", "１２３４５", "1,846", "12.5", "第 12 条", "12 个"])
def test_not_page_numbers(text: str) -> None:
    """Five digits or more is an amount, not one of at most 1,000 pages."""
    assert PAGE_NUMBER.fullmatch(text) is None


class _FullWidthNumbers(pf.BudgetPdf):
    """Every page numbered in full-width digits at its foot: `－１－`."""

    def begin(self, *, decorated: bool = True) -> Canvas:
        canvas = super().begin(decorated=False)
        if decorated:
            number = f"-{self.number}-".translate(FULL_WIDTH)
            self.text(number, pf.PAGE_WIDTH / 2, pf.PAGE_HEIGHT - 36, 8, centre=True)
        return canvas


def test_pdf_drops_a_full_width_page_number(tmp_path: Path) -> None:
    data = pf.lighting()
    pdf = _FullWidthNumbers(tmp_path / "form.pdf", header=None)
    pdf.form(pf.table_only(fx.form_grid(data)), year_line=f"（{data['年度']}年度）")
    path = pdf.save()
    report = Importer(tmp_path / "content").import_file(path)
    assert report.outside == []
    assert [(f.action, f.unplaced, f.errors) for f in report.forms] == [("新建", [], [])]
    got = load_corpus(tmp_path / "content").projects[0].declaration
    assert got.model_copy(update={"source": None}) == fx.expected(data)


def test_text_leaves_a_full_width_page_number_unplaced(tmp_path: Path) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    last = max(i for i, line in enumerate(lines) if "工会工作者满意度" in line)
    footers = ["－３－", "第４页 共２０页", "３／２０"]
    lines[last + 1 : last + 1] = footers
    source = tmp_path / "seed-with-full-width-footers.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = Importer(tmp_path / "content").import_file(source)
    first = report.forms[0]
    assert first.indicators == 12  # as without the footers: none became an indicator
    assert [c.text for c in first.unplaced] == footers
