"""Reading real spreadsheets and Word files faithfully, and an import's honest exit status.

Each test builds its source in tmp_path (openpyxl, python-docx) from the shapes real published
files take: amounts whose display format rounds them, formulas without a saved result, hidden
rows and sheets, tables inside table cells, files whose extension lies about their type.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.importers.run import Importer
from generator.importers.sources import _cell_text
from generator.load.corpus import check_text
from tests.support import import_fixtures as fx


def _form_file(content: Path) -> str:
    files = [p for p in content.rglob("*.yaml") if p.name != "departments.yaml"]
    assert len(files) == 1, files
    return files[0].read_text(encoding="utf-8")


def _errors(text: str) -> list[str]:
    return [d.format() for d in check_text("<test>", text.encode()) if d.severity.name == "ERROR"]


# ------------------------------------------------------------------ xlsx numbers


def _rounded_workbook(path: Path, *, held: float) -> None:
    """A form whose 财政资金 cells hold `held` under `#,##0.00`, beside totals of 1234.5678
    in the General format (as a formula's result shows)."""
    data = fx.declaration(
        "显示格式",
        money_unit="万元",
        project=("1234.5678", "1,234.57", "0"),
        annual=("1234.5678", "1,234.57", "0", None),
    )
    grid = fx.form_grid(data)
    for r, row in enumerate(grid.rows):
        for column, text in enumerate(row):
            if text == "1234.5678":
                grid.typed[(r, column)] = (1234.5678, None)
            elif text == "1,234.57":
                grid.typed[(r, column)] = (held, "#,##0.00")
            elif text == "0":
                grid.typed[(r, column)] = (0, None)
    fx.write_xlsx(path, {"申报表": [grid]})


def test_an_amount_the_display_format_rounds_is_imported_as_shown_and_its_held_number_reported(
    tmp_path: Path,
) -> None:
    source = tmp_path / "rounded.xlsx"
    _rounded_workbook(source, held=1234.5678)
    content = tmp_path / "content"
    report = Importer(content).import_file(source)
    text = _form_file(content)
    assert "财政资金: 1,234.57" in text  # what the reader of the sheet sees
    # The number the cell holds is in the report, with its cell …
    assert any("申报表!C" in r and "1234.5678" in r and "1,234.57" in r for r in report.remarks)
    # … and the sum that only the display format breaks says so, in the file and the report.
    assert "原表如此" not in text
    assert text.count("显示格式四舍五入") == 2
    warnings = report.forms[0].warnings
    assert sum("显示格式四舍五入" in w and "按单元格存的数合计相符" in w for w in warnings) == 2
    assert _errors(text) == []


def test_a_sum_that_the_held_numbers_break_too_stays_a_published_problem(tmp_path: Path) -> None:
    source = tmp_path / "wrong.xlsx"
    _rounded_workbook(source, held=1234.5699)  # shown 1,234.57, and 1234.5699 ≠ 1234.5678
    content = tmp_path / "content"
    Importer(content).import_file(source)
    text = _form_file(content)
    assert text.count("说明: 原表如此") == 2
    assert "显示格式四舍五入" not in text


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (0.125, "0.00", "0.13"),  # Excel rounds a half away from zero, not to the even
        (2.5, "0", "3"),  # an integer format shows no places
        (1234.0, "#,##0", "1,234"),
        (0.905, "0%", "91%"),
        (0.9051, "0.00%", "90.51%"),
        (0.1 + 0.2, "General", "0.3"),  # a formula's double: 0.30000000000000004
        (0.1 + 0.2, "0.00", "0.30"),
        (-0.125, "0.00", "-0.13"),
    ],
)
def test_a_number_is_read_as_excel_shows_it(value: float, number_format: str, shown: str) -> None:
    assert _cell_text(value, number_format) == shown


def test_float_noise_and_exact_percentages_are_not_reported_as_rounded(tmp_path: Path) -> None:
    data = fx.declaration(
        "浮点", indicators={"满意度指标": {"服务对象满意度指标": [("满意度", "90.00%")]}}
    )
    grid = fx.form_grid(data)
    grid.typed[grid.find("90.00%")] = (0.9, "0.00%")
    grid.typed[grid.find("100,000.00")] = (0.1 + 0.2, None)  # shown 0.3: no rounding to report
    path = tmp_path / "noise.xlsx"
    fx.write_xlsx(path, {"Sheet1": [grid]})
    report = Importer(tmp_path / "content").import_file(path)
    assert not any("存的数" in r for r in report.remarks)


# ------------------------------------------------------------------ cells the reader does not see


def test_a_formula_without_a_saved_result_is_not_read_as_a_blank(tmp_path: Path) -> None:
    data = fx.declaration("公式")
    grid = fx.form_grid(data)
    grid.typed[grid.find("100,000.00")] = ("=C7+C9", None)  # openpyxl saves no result
    path = tmp_path / "formula.xlsx"
    fx.write_xlsx(path, {"申报表": [grid]})
    content = tmp_path / "content"
    report = Importer(content).import_file(path)
    assert report.error is not None
    assert "公式" in report.error and "申报表!C" in report.error
    assert "保存后再导入" in report.error
    assert not content.exists() or not list(content.rglob("*.yaml"))


def test_hidden_rows_columns_and_sheets_are_reported_not_placed(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    data = fx.declaration("隐藏")
    path = tmp_path / "hidden.xlsx"
    fx.write_xlsx(path, {"申报表": [fx.form_grid(data)]})
    workbook = load_workbook(path)
    sheet = workbook["申报表"]
    sheet["H3"] = "旧版金额 90,000.00"
    sheet.column_dimensions["H"].hidden = True
    sheet["A40"] = "去年的数"
    sheet.row_dimensions[40].hidden = True
    notes = workbook.create_sheet("计算过程")
    notes["A1"] = "辅助计算"
    notes.sheet_state = "hidden"
    workbook.save(path)
    content = tmp_path / "content"
    report = Importer(content).import_file(path)
    assert report.forms[0].unplaced == [] and report.outside == []
    hidden = [r for r in report.remarks if "隐藏" in r]
    assert len(hidden) == 1
    for where, text in (("申报表!H3", "旧版金额"), ("申报表!A40", "去年的数")):
        assert where in hidden[0] and text in hidden[0]
    assert "计算过程!A1" in hidden[0]
    assert "旧版金额" not in _form_file(content)
