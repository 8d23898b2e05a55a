"""data/projects.xlsx holds exactly the records of the CSV downloads, cell for cell.

The workbook's frame is written by XlsxWriter and its rows by export_xlsx (kept per file from
one build to the next), the CSV files by the csv module, all from the same records (export.py,
export_evaluations.py): reading the workbook back with openpyxl must give every value of every
record, money as a number in 元 with two decimals, blank as an empty cell; and each cell must be
the XML that XlsxWriter itself writes for it, whatever the text.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.project import Corpus
from generator.load.corpus import load_corpus
from generator.site import export_xlsx
from generator.site.export import _lookup, project_record
from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("workbook") / "content"
    synth.generate(folder, 60, years=(2024, 2025), layouts="mixed", evaluations=0.8)
    loaded = load_corpus(folder)
    assert loaded.projects and loaded.evaluations
    return loaded


def _expected(corpus: Corpus) -> dict[str, list[list[object]]]:
    return {
        title: [
            [header for header, _ in columns],
            *([_lookup(r, key) for _, key in columns] for r in records),
        ]
        for title, columns, records in export_xlsx.workbook_sheets(corpus)
    }


def test_every_record_is_in_the_workbook_cell_for_cell(corpus: Corpus) -> None:
    book = openpyxl.load_workbook(io.BytesIO(export_xlsx.projects_xlsx(corpus)))
    expected = _expected(corpus)
    assert book.sheetnames == list(expected)
    money_headers = {
        header
        for _, columns, _ in export_xlsx.workbook_sheets(corpus)
        for header, key in columns
        if key.startswith("funding.")
    }
    money_cells = blank_cells = 0
    for title, rows in expected.items():
        sheet = book[title]
        assert sheet.freeze_panes == "A2", title
        assert sheet.max_row == len(rows), title
        for row_number, (want, got) in enumerate(zip(rows, sheet.iter_rows(), strict=False), 1):
            cells = list(got) + [None] * (len(want) - len(got))
            for header, value, cell in zip(rows[0], want, cells, strict=True):
                where = f"{title}!{row_number} {header}"
                actual = None if cell is None else cell.value
                if value is None:
                    assert actual is None, where
                    blank_cells += 1
                elif row_number > 1 and str(header) in money_headers:
                    assert Decimal(str(actual)) == Decimal(str(value)), where
                    assert cell is not None and cell.number_format == "#,##0.00", where
                    money_cells += 1
                else:
                    assert actual == value, where
                    assert type(actual) is type(value), where
    # The corpus has amounts and blank cells to compare, or the test compared nothing.
    assert money_cells > 100 and blank_cells > 100


def test_the_same_content_gives_the_same_bytes(corpus: Corpus) -> None:
    assert export_xlsx.projects_xlsx(corpus) == export_xlsx.projects_xlsx(corpus)


def test_a_text_too_long_for_a_cell_says_where_the_whole_text_is(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_name = "很长的项目名称" * 6000  # 42,000 characters: more than Excel's 32,767
    original = project_record

    def with_long_name(project: object) -> dict[str, object]:
        record = original(project)  # type: ignore[arg-type]
        record["name"] = long_name
        return record

    monkeypatch.setattr(export_xlsx, "project_record", with_long_name)
    book = openpyxl.load_workbook(io.BytesIO(export_xlsx.projects_xlsx(corpus)), read_only=True)
    header = [cell.value for cell in next(book["项目"].iter_rows(max_row=1))]
    name = next(book["项目"].iter_rows(min_row=2, max_row=2))[header.index("项目名称")].value
    assert isinstance(name, str) and len(name) == export_xlsx.CELL_LIMIT
    assert name.endswith(export_xlsx.CUT_NOTE)
    assert name.startswith(long_name[: export_xlsx.CELL_LIMIT - len(export_xlsx.CUT_NOTE)])
    # A text that fits is written whole.
    assert export_xlsx._fitting("x" * export_xlsx.CELL_LIMIT) == "x" * export_xlsx.CELL_LIMIT


def _xlsxwriter_cells(tmp_path: Path, values: list[object], money: bool = False) -> list[str]:
    """The <c> element XlsxWriter writes in constant_memory mode for each value, in rows 2 on."""
    path = tmp_path / "reference.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    style = workbook.add_format({"num_format": export_xlsx.MONEY_FORMAT})
    sheet = workbook.add_worksheet()
    for row, value in enumerate(values, start=1):
        if money:
            sheet.write_number(row, 0, value, style)  # type: ignore[arg-type]
        elif isinstance(value, bool):
            sheet.write_boolean(row, 0, value)
        elif isinstance(value, int | Decimal):
            sheet.write_number(row, 0, value)
        else:
            sheet.write_string(row, 0, str(value))
    workbook.close()
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode("utf-8")
    return re.findall(r"<c r=.*?</c>", xml, flags=re.S)


def _our_cells(values: list[object], money: bool = False) -> list[str]:
    columns = (("金额" if money else "值", "funding.total" if money else "value"),)
    rows = export_xlsx._rows(columns, [{"value": v, "funding": {"total": v}} for v in values])
    cells = []
    for number, row in enumerate(rows.split(export_xlsx.ROW_END)[:-1], start=2):
        row = row.replace(export_xlsx.ROW, str(number)).replace(export_xlsx.MONEY_STYLE, "1")
        cells += re.findall(r"<c r=.*?</c>", row, flags=re.S)
    return cells


HOSTILE_TEXTS = [
    "=1+1",
    "a & b < c > d \"e\" 'f'",
    " 前后有空格 ",
    "\t制表符",
    "换行\n",
    "_x0041_ 像转义的文字 _x005F_",
    "控制\x00\x01\x08\x0b\x1f字符",
    "\ufffe\uffff",
    "</t></is></c><c><f>SUM(A1)</f></c>",
    "\x00\x01\x02\x03",  # the marks of a piece of rows
    "𠀀 supplementary 😀",
    "",
]


def test_text_cells_are_those_xlsxwriter_writes(tmp_path: Path) -> None:
    assert _our_cells(HOSTILE_TEXTS[:-1]) == _xlsxwriter_cells(tmp_path, HOSTILE_TEXTS[:-1])


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=20))
def test_any_text_cell_is_the_one_xlsxwriter_writes(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("cells")
    assert _our_cells(list(texts)) == _xlsxwriter_cells(folder, list(texts))


def test_numbers_and_booleans_are_those_xlsxwriter_writes(tmp_path: Path) -> None:
    numbers: list[object] = [0, 7, 2024, Decimal("0.50"), Decimal("-3.25"), True, False]
    assert _our_cells(numbers) == _xlsxwriter_cells(tmp_path, numbers)
    amounts: list[object] = [
        Decimal("0.00"),
        Decimal("16357365.00"),
        Decimal("1500.5"),
        Decimal("99999999999999.99"),
        Decimal("123456789012345678.12"),  # beyond Excel's 15 digits: rounded as XlsxWriter does
    ]
    assert _our_cells(amounts, money=True) == _xlsxwriter_cells(tmp_path, amounts, money=True)


def _counting_kept(
    store: dict[int, str], made: list[int]
) -> Callable[[int, Callable[[], str]], str]:
    def kept(index: int, make: Callable[[], str]) -> str:
        if index not in store:
            made.append(index)
            store[index] = make()
        return store[index]

    return kept


def test_kept_rows_give_the_same_workbook(corpus: Corpus) -> None:
    store: dict[int, str] = {}
    made: list[int] = []
    whole = export_xlsx.projects_xlsx(corpus)
    assert export_xlsx.projects_xlsx(corpus, _counting_kept(store, made)) == whole
    items = len(corpus.projects) + len(corpus.evaluations)
    assert sorted(made) == list(range(items))
    made.clear()
    assert export_xlsx.projects_xlsx(corpus, _counting_kept(store, made)) == whole
    assert made == []
    assert len(export_xlsx.workbook_items(corpus)) == items  # a key for each piece


def test_rows_beyond_excels_limit_are_named_in_the_last_row(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_xlsx, "EXCEL_ROWS", 30)
    book = openpyxl.load_workbook(io.BytesIO(export_xlsx.projects_xlsx(corpus)), read_only=True)
    sheet = book["绩效指标"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 30
    indicators = sum(1 for _ in export_xlsx.workbook_sheets(corpus)[1][2])
    left_out = indicators - 28  # rows 2–29 hold indicators, row 30 the note
    assert rows[-1][0] == export_xlsx.ROWS_NOTE.format(count=f"{left_out:,}")
    assert rows[-2][0] is not None and rows[-2][0] != rows[-1][0]
