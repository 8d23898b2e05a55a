"""Downloads that open in Excel: no declaration text becomes a formula (CSV and xlsx)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest

from generator.load.corpus import load_corpus
from generator.site.export import _cell, projects_csv
from generator.site.export_xlsx import projects_xlsx

DEPT = "2024/baoshan-zonggonghui"
CARD = f"{DEPT}/zhengfu-shishi-gonghui-huiyuanka.yaml"

PAYLOADS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1+1",
    ' =HYPERLINK("http://x.invalid")',
    "\u3000=1+1",  # an ideographic space
    "  @cmd",
    "＝1+1",  # full-width equals sign
    "\tplain",  # a tab alone is refused by OWASP's rule too
]


def _with_unit(content: Path, unit: str) -> None:
    card = content / CARD
    quoted = (
        unit.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    )
    card.write_text(
        card.read_text("utf-8").replace(
            "实施单位: 上海市宝山区职工服务中心", f'实施单位: "{quoted}"'
        ),
        "utf-8",
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe(
    content_copy: Path, payload: str
) -> None:
    _with_unit(content_copy, payload)
    corpus = load_corpus(content_copy)
    assert corpus.ok, corpus.diagnostics
    rows = list(csv.reader(io.StringIO(projects_csv(corpus).decode("utf-8-sig"), newline="")))
    column = rows[0].index("实施单位")
    cells = [row[column] for row in rows[1:]]
    assert "'" + payload in cells


@pytest.mark.parametrize("text", ["\r=1+1", "\rx", "\n=1", " \t\r\n+1"])
def test_carriage_returns_and_newlines_before_a_formula(text: str) -> None:
    # A declaration cannot hold a CR (invisible-char), but the guard does not rely on that.
    assert _cell("实施单位", text) == "'" + text


def test_ordinary_text_is_unchanged(content_copy: Path) -> None:
    _with_unit(content_copy, "上海市 = 宝山区")
    rows = list(
        csv.reader(io.StringIO(projects_csv(load_corpus(content_copy)).decode("utf-8-sig")))
    )
    assert "上海市 = 宝山区" in [r[rows[0].index("实施单位")] for r in rows[1:]]


@pytest.mark.parametrize("payload", ["=1+1", '=HYPERLINK("http://x.invalid")', "#N/A", "@SUM(A1)"])
def test_xlsx_has_no_formula_and_no_error_value(content_copy: Path, payload: str) -> None:
    _with_unit(content_copy, payload)
    workbook = zipfile.ZipFile(io.BytesIO(projects_xlsx(load_corpus(content_copy))))
    sheets = [n for n in workbook.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
    assert sheets
    for name in sheets:
        xml = workbook.read(name).decode("utf-8")
        assert "<f>" not in xml and "<f " not in xml, name
        assert 't="e"' not in xml, name
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook.fp.getvalue()))  # type: ignore[union-attr]
    values = [cell.value for row in book["项目"].iter_rows() for cell in row]
    assert payload in values
