"""An Excel workbook of all projects and indicators, for people who work in Excel.

Amounts are real numbers in 元 (Excel cannot hold more than 15 significant digits, enough for
any budget to the fen) with a two-decimal format; blank cells stay empty; text that starts with
= stays text, because every text cell is written as a string, never as a formula.

XlsxWriter, made for writing workbooks, streams each row to disk (`constant_memory`): at 10,000
projects and 135,000 indicators it takes two thirds of the time openpyxl's write-only mode
took (12.9 against 18.8 CPU seconds), which counts most after a one-file edit, when the whole
workbook is made again.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.core.project import Corpus
from generator.site.export import (
    INDICATOR_COLUMNS,
    PROJECT_COLUMNS,
    _lookup,
    indicator_records,
    project_record,
)
from generator.site.export_evaluations import (
    EVALUATION_COLUMNS,
    EVALUATION_INDICATOR_COLUMNS,
    evaluation_indicator_records,
    evaluation_record,
)

MONEY_FORMAT = "#,##0.00"
# A fixed timestamp: the same content gives the same workbook bytes (XlsxWriter dates its zip
# entries 1980-01-31 whatever the clock says).
FIXED_TIME = datetime(2000, 1, 1)
# Excel holds at most 32,767 characters in a cell and XlsxWriter would cut a longer text without
# a word. No field of a form is that long (the schema stops at 5,000), but a joined cell (the
# form's other columns, the published problems) could be: it then ends with a note that says
# where the whole text is, instead of silently losing the rest.
CELL_LIMIT = 32767
CUT_NOTE = "……（超过 Excel 单元格的 32,767 字上限，全文见同名的 CSV 或 JSON 文件）"


Sheet = tuple[str, tuple[tuple[str, str], ...], Iterable[dict[str, Any]]]


def workbook_sheets(corpus: Corpus) -> list[Sheet]:
    """The workbook's sheets: title, columns (header, record key) and records, the very
    records of the CSV downloads (export.py, export_evaluations.py), made as they are written."""
    return [
        ("项目", PROJECT_COLUMNS, (project_record(p) for p in corpus.projects)),
        ("绩效指标", INDICATOR_COLUMNS, indicator_records(corpus)),
        ("绩效自评", EVALUATION_COLUMNS, (evaluation_record(e) for e in corpus.evaluations)),
        ("绩效自评指标", EVALUATION_INDICATOR_COLUMNS, evaluation_indicator_records(corpus)),
    ]


def projects_xlsx(corpus: Corpus) -> bytes:
    """data/projects.xlsx: the four CSV tables as sheets of one workbook, for readers who
    work in Excel; made in the background (background.py) while the pages render.
    """
    import xlsxwriter

    with tempfile.TemporaryDirectory(prefix="jixiao-xlsx-") as folder:
        path = Path(folder) / "projects.xlsx"
        # constant_memory writes each row out as the next one starts, with strings inline (no
        # shared-string table to build); the sheets' temporary files stay in our folder.
        workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": folder})
        workbook.set_properties({"created": FIXED_TIME})
        money = workbook.add_format({"num_format": MONEY_FORMAT})
        for title, columns, records in workbook_sheets(corpus):
            sheet = workbook.add_worksheet(title)
            sheet.freeze_panes(1, 0)
            for column, (header, _) in enumerate(columns):
                sheet.write_string(0, column, header)
            money_columns = {key for _, key in columns if key.startswith("funding.")}
            for row, record in enumerate(records, start=1):
                for column, (_, key) in enumerate(columns):
                    value = _lookup(record, key)
                    if value is None:
                        continue  # a blank cell of the form stays an empty cell
                    if key in money_columns:
                        # The exact decimal text of the amount goes into the file, never a float.
                        sheet.write_number(row, column, Decimal(str(value)), money)
                    elif isinstance(value, bool):
                        sheet.write_boolean(row, column, value)
                    elif isinstance(value, int | Decimal):
                        sheet.write_number(row, column, value)
                    else:
                        # write_string, never write(): "=1+1" or "#N/A" stays the form's text.
                        sheet.write_string(row, column, _fitting(str(value)))
        workbook.close()
        return path.read_bytes()


def _fitting(text: str) -> str:
    if len(text) <= CELL_LIMIT:
        return text
    return text[: CELL_LIMIT - len(CUT_NOTE)] + CUT_NOTE
