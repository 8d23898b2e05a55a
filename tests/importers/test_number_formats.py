"""A spreadsheet number is read with the text its number format shows around it.

Budget sheets carry facts in their number formats: `#,##0.00"万元"` is the money unit (read
without it, a 万元 amount became 元, ten thousand times too small), `"≥"0%` is a target's
direction, and the accounting format (会计专用) shows a zero as `-`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.importers.number_format import shown_number
from generator.importers.run import Importer
from generator.importers.sources import read_source
from tests.support import import_fixtures as fx

ACCOUNTING = '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ '  # Excel's 会计专用, no symbol


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (1500, '#,##0.00"万元"', "1,500.00万元"),
        (1500, '0.00 "万元"', "1500.00万元"),
        (100, "0.00\\元", "100.00元"),
        (0.85, '"≥"0%', "≥85%"),
        (120, '0"人次"', "120人次"),
        # Currency signs are the reader's locale's for a built-in format: not read.
        (1500, "[$¥-804]#,##0.00", "1,500.00"),
        (1500, '"$"#,##0_);("$"#,##0)', "1,500"),  # built-in 5, as openpyxl and xlrd give it
        (1500, '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)', "1,500"),  # built-in 42
        (1234.5, 'General"元"', "1234.5元"),
        (1234.5, ACCOUNTING, "1,234.50"),
        (1234.5678, "#,##0.00_);[Red](#,##0.00)", "1,234.57"),  # colour and padding: no text
        (1.5, "0.0#", "1.5"),  # optional places shown only when not zero
        (1.25, "0.0#", "1.25"),
        (0.5, "#.00", ".50"),
        # A negative number keeps its sign, whatever the negative section prints.
        (-5, "#,##0.00_);[Red](#,##0.00)", "-5.00"),
        (-1234.5, ACCOUNTING, "-1,234.50"),
        # Formats this reader does not read: the number by its places, as before.
        (5, "[>=100]0;0.0", "5.0"),
        (5, "[DBNum1]0", "5"),
        (3, "0.00E+00", "3.00"),
    ],
)
def test_the_text_around_the_number_is_shown(value: float, number_format: str, shown: str) -> None:
    assert shown_number(value, number_format)[0] == shown
    assert shown_number(value, number_format).instead is None


def test_the_number_a_formatted_text_stands_for_is_the_number_not_the_text() -> None:
    from decimal import Decimal

    assert shown_number(1234.5678, '#,##0.00"万元"')[1:3] == (
        Decimal("1234.57"),
        Decimal("1234.5678"),
    )
    assert shown_number(0.8555, '"≥"0.0%')[:2] == ("≥85.6%", Decimal("0.856"))  # half up


@pytest.mark.parametrize("number_format", [ACCOUNTING, '0.00;-0.00;"-"', '#,##0.00;;"—"'])
def test_a_zero_shown_as_a_dash_is_the_zero_it_holds(number_format: str) -> None:
    assert shown_number(0, number_format)[0] == "0.00"
    assert shown_number(0, number_format).instead in ("-", "—")
    assert shown_number(5, number_format).instead is None


def _unit_only_in_the_format(path: Path) -> None:
    """A Shanghai form whose funding label names no unit (项目资金) and whose amounts are
    numbers formatted `#,##0.00"万元"`: the sheet shows 100,000.00万元."""
    data = fx.declaration("格式中的单位", money_unit="万元")
    grid = fx.form_grid(data, unit_label="项目资金")
    for r, row in enumerate(grid.rows):
        for c, text in enumerate(row):
            if text == "100,000.00":
                grid.typed[(r, c)] = (100000, '#,##0.00"万元"')
    fx.write_xlsx(path, {"申报表": [grid]})


def test_a_unit_written_only_in_the_number_format_is_the_forms_unit(tmp_path: Path) -> None:
    source = tmp_path / "unit.xlsx"
    _unit_only_in_the_format(source)
    content = tmp_path / "content"
    report = Importer(content).import_file(source)
    assert report.error is None, report.error
    (written,) = [p for p in content.rglob("*.yaml") if p.name != "departments.yaml"]
    text = written.read_text(encoding="utf-8")
    assert "资金单位: 万元" in text
    assert "项目资金总额: 100,000.00\n" in text


def test_a_target_direction_written_only_in_the_number_format_is_kept(tmp_path: Path) -> None:
    data = fx.declaration("格式中的方向")
    grid = fx.form_grid(data)
    grid.typed[grid.find(">=90%")] = (0.9, '"≥"0%')
    source = tmp_path / "target.xlsx"
    fx.write_xlsx(source, {"申报表": [grid]})
    content = tmp_path / "content"
    Importer(content).import_file(source)
    (written,) = [p for p in content.rglob("*.yaml") if p.name != "departments.yaml"]
    assert "年度指标值: ≥90%" in written.read_text(encoding="utf-8")


def test_a_zero_the_accounting_format_shows_as_a_dash_is_imported_as_zero_and_reported(
    tmp_path: Path,
) -> None:
    data = fx.declaration("会计格式", annual=("100,000.00", "100,000.00", "0.00", None))
    grid = fx.form_grid(data)
    carried = grid.find("0.00")
    grid.typed[carried] = (0, ACCOUNTING)
    source = tmp_path / "accounting.xlsx"
    fx.write_xlsx(source, {"申报表": [grid]})
    content = tmp_path / "content"
    report = Importer(content).import_file(source)
    (written,) = [p for p in content.rglob("*.yaml") if p.name != "departments.yaml"]
    text = written.read_text(encoding="utf-8")
    assert "上年结转资金: 0.00" in text  # the cell holds 0: not a blank
    where = f"申报表!E{carried[0] + 1}"
    (remark,) = [r for r in report.remarks if "显示为文字" in r]
    assert where in remark and "“-”" in remark


def test_a_value_under_a_merged_range_of_an_xlsx_is_listed_not_read(tmp_path: Path) -> None:
    # Excel shows only the top-left value of a merged range; a program may still write values
    # under it (XlsxWriter writes what it is told). .xls lists them; .xlsx does the same.
    import xlsxwriter

    path = tmp_path / "covered.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("表")
    sheet.merge_range("A1:C1", "财政项目支出绩效目标申报表")
    sheet.write("B1", "合并区域下看不到的字")
    sheet.write("A2", "项目名称")
    sheet.write("B2", "测试项目")
    workbook.close()
    document = read_source(path)
    texts = [cell.text for row in document.rows for cell in row.cells]
    assert texts == ["财政项目支出绩效目标申报表", "项目名称", "测试项目"]
    (remark,) = [r for r in document.remarks if "合并" in r]
    assert "表!B1" in remark and "合并区域下看不到的字" in remark


def _write_with_shared_strings(path: Path, grid: fx.Grid) -> None:
    """The grid as Excel and WPS save a sheet: every text in the shared string table
    (xl/sharedStrings.xml). openpyxl, which the other fixtures use, writes inline strings."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("申报表")
    for r1, c1, r2, c2 in grid.merges:
        sheet.merge_range(r1, c1, r2, c2, grid.rows[r1][c1])
    for r, row in enumerate(grid.rows):
        for c, text in enumerate(row):
            if (r, c) in grid.typed:
                value, number_format = grid.typed[(r, c)]
                sheet.write(r, c, value, workbook.add_format({"num_format": number_format}))
            elif text:
                sheet.write_string(r, c, text)
    workbook.close()


def test_a_workbook_saved_with_shared_strings_imports_as_the_same_form(tmp_path: Path) -> None:
    # Every workbook Excel or WPS saves keeps its texts in the shared string table; the sheet
    # reader was given a new workbook's empty table instead and refused every such file as
    # damaged, while openpyxl's inline strings in the test fixtures read fine.
    import zipfile

    grid = fx.form_grid(fx.declaration("共享字符串"))
    shared, inline = tmp_path / "shared.xlsx", tmp_path / "inline.xlsx"
    _write_with_shared_strings(shared, grid)
    fx.write_xlsx(inline, {"申报表": [grid]})
    with zipfile.ZipFile(shared) as archive:
        assert "xl/sharedStrings.xml" in archive.namelist()
    written = []
    for source in (shared, inline):
        content = tmp_path / source.stem
        report = Importer(content).import_file(source)
        assert report.error is None, report.error
        (form,) = [p for p in content.rglob("*.yaml") if p.name != "departments.yaml"]
        written.append(form.read_text(encoding="utf-8"))
    assert written[0] == written[1]
    assert "项目名称: 共享字符串" in written[0]


@pytest.mark.parametrize("built_in", [31, 57, 14])  # 2024年1月1日, 2024年1月, 1/1/24
def test_a_date_in_an_east_asian_built_in_format_is_a_date(tmp_path: Path, built_in: int) -> None:
    # Chinese Excel's 2024年1月1日 is built-in format 31, stored by its number alone; openpyxl
    # knows only the American built-ins and gave the day number: 计划开始日期: 45292.
    from datetime import datetime

    grid = fx.form_grid(fx.declaration("中文日期"))
    for text, moment in (
        ("2024-01-01", datetime(2024, 1, 1)),
        ("2024-12-31", datetime(2024, 12, 31)),
    ):
        grid.typed[grid.find(text)] = (moment, built_in)
    source = tmp_path / "dates.xlsx"
    _write_with_shared_strings(source, grid)
    content = tmp_path / "content"
    report = Importer(content).import_file(source)
    assert report.error is None, report.error
    (form,) = [p for p in content.rglob("*.yaml") if p.name != "departments.yaml"]
    text = form.read_text(encoding="utf-8")
    assert "计划开始日期: 2024-01-01" in text and "计划完成日期: 2024-12-31" in text
