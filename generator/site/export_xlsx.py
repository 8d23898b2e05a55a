"""An Excel workbook of all projects and indicators, for people who work in Excel.

Amounts are real numbers in 元 (Excel cannot hold more than 15 significant digits, enough for
any budget to the fen) with a two-decimal format; blank cells stay empty; text that starts with
= stays text, because every text cell is written as a string, never as a formula.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

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
# A fixed timestamp: the same content gives the same workbook bytes.
FIXED_TIME = "2000-01-01T00:00:00"


def projects_xlsx(corpus: Corpus) -> bytes:
    """data/projects.xlsx: the four CSV tables as sheets of one workbook, for readers who
    work in Excel; made in the background (background.py) because openpyxl is slow.
    """
    from datetime import datetime

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES, TYPE_STRING

    # Write-only mode streams rows: at 10,000 projects and 150,000 indicators it is several
    # times faster than building every cell object of a normal workbook.
    workbook = Workbook(write_only=True)
    sheets = [
        ("项目", PROJECT_COLUMNS, [project_record(p) for p in corpus.projects]),
        ("绩效指标", INDICATOR_COLUMNS, indicator_records(corpus)),
        (
            "绩效自评",
            EVALUATION_COLUMNS,
            [evaluation_record(item) for item in corpus.evaluations],
        ),
        ("绩效自评指标", EVALUATION_INDICATOR_COLUMNS, evaluation_indicator_records(corpus)),
    ]
    for title, columns, records in sheets:
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"
        sheet.append([header for header, _ in columns])
        for record in records:
            row: list[object] = []
            for _, key in columns:
                value = _lookup(record, key)
                if value is not None and key.startswith("funding."):
                    cell = WriteOnlyCell(sheet, value=Decimal(str(value)))
                    cell.number_format = MONEY_FORMAT
                    row.append(cell)
                elif isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
                    # openpyxl would write "=100%" as a formula and "#N/A" as an error value:
                    # both are a declaration's text, and stay text.
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.data_type = TYPE_STRING
                    row.append(cell)
                else:
                    row.append(value)
            sheet.append(row)
    stamp = datetime.fromisoformat(FIXED_TIME)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _with_fixed_zip_times(buffer.getvalue())


def _with_fixed_zip_times(data: bytes) -> bytes:
    """The same workbook dated 2000-01-01 throughout: openpyxl dates its zip entries 'now'."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = entry.external_attr
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                # openpyxl stamps dcterms:modified with the time of saving, whatever we set.
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + FIXED_TIME.encode() + rb"Z\g<2>",
                    content,
                )
            target.writestr(fixed, content)
    return out.getvalue()
