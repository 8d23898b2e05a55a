"""data/projects.xlsx holds exactly the records of the CSV downloads, cell for cell.

The workbook is written by XlsxWriter, the CSV files by the csv module, both from the same
records (export.py, export_evaluations.py): reading the workbook back with openpyxl must give
every value of every record, money as a number in 元 with two decimals, blank as an empty cell.
"""

from __future__ import annotations

import io
import sys
from decimal import Decimal

import openpyxl
import pytest

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
