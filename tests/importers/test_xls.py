"""Excel 97–2003 workbooks (.xls): read with the same guarantees as .xlsx.

The forms the other tests import from .xlsx and text exports are written as .xls (xlwt), or
copied cell by cell from the .xlsx a test made, and must write byte for byte the same files
and the same report. Then what only an .xls has: its number formats in XF records, BIFF5's
codepages, passwords and truncation, and files named .xls that are really something else.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.importers.grid import SourceDocument
from generator.importers.run import Importer, SourceReport
from generator.importers.sources import read_source, read_xls, read_xlsx
from tests.support import evaluation_fixtures as ef
from tests.support import import_fixtures as fx
from tests.support import layout_fixtures as lf
from tests.support import xls_fixtures as xf
from tests.support.paths import REPO

SEED = REPO / "tests" / "data" / "seed.txt"


def _files(content: Path) -> dict[str, str]:
    return {
        p.relative_to(content).as_posix(): p.read_text("utf-8")
        for p in sorted(content.rglob("*.yaml"))
    }


def _cells(report: SourceReport) -> list[tuple[str, str]]:
    """What the report lists as not placed, with its position."""
    cells = [*report.outside, *(c for f in report.forms for c in f.unplaced)]
    return [(c.text, c.where) for c in cells]


def _texts(document: SourceDocument) -> list[tuple[str, str]]:
    return [(c.text, c.where) for row in document.rows for c in row.cells]


# ------------------------------------------------------------------ the same forms as .xlsx


def test_the_seed_as_an_xls_writes_the_files_its_text_export_writes(tmp_path: Path) -> None:
    """The three real 2024 forms, each cell of the text export a text cell where it stands."""
    source = tmp_path / "seed.xls"
    xf.write_text_cells(source, SEED.read_text("utf-8"))
    from_text = Importer(tmp_path / "text").import_file(SEED)
    from_xls = Importer(tmp_path / "xls").import_file(source)
    assert from_xls.error is None
    assert [f.action for f in from_xls.forms] == ["新建"] * 3
    assert [f.indicators for f in from_xls.forms] == [12, 9, 9]
    assert _files(tmp_path / "xls") == _files(tmp_path / "text")
    assert len(_files(tmp_path / "xls")) == 4  # three forms and the departments registry
    assert [c.text for c in from_xls.outside] == [c.text for c in from_text.outside]


def _rounded(directory: Path) -> Path:
    """A form in 万元 whose 财政资金 cells hold 1234.5678 shown as 1,234.57, beside totals of
    1234.5678 in the General format, and a 满意度 typed as 0.9 in the format 0.00%."""
    data = fx.declaration(
        "显示格式",
        money_unit="万元",
        project=("1234.5678", "1,234.57", "0"),
        annual=("1234.5678", "1,234.57", "0", None),
        indicators={"满意度指标": {"服务对象满意度指标": [("满意度", "90.00%")]}},
    )
    grid = fx.form_grid(data)
    for r, row in enumerate(grid.rows):
        for column, text in enumerate(row):
            if text == "1234.5678":
                grid.typed[(r, column)] = (1234.5678, None)
            elif text == "1,234.57":
                grid.typed[(r, column)] = (1234.5678, "#,##0.00")
            elif text == "0":
                grid.typed[(r, column)] = (0, "0")
    grid.typed[grid.find("90.00%")] = (0.9, "0.00%")
    path = directory / "rounded.xlsx"
    fx.write_xlsx(path, {"申报表": [grid]})
    return path


def _hidden(directory: Path) -> Path:
    """A form with a hidden column, a hidden row and a hidden sheet, each holding a value."""
    from openpyxl import load_workbook

    path = directory / "hidden.xlsx"
    fx.write_xlsx(path, {"申报表": [fx.form_grid(fx.declaration("隐藏"))]})
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
    return path


def _layout(name: str) -> Callable[[Path], Path]:
    def build(directory: Path) -> Path:
        form = getattr(lf, name)()
        path = directory / f"{name}.xlsx"
        fx.write_xlsx(path, {"Sheet1": [form.grid]})
        return path

    return build


XLSX_SOURCES: dict[str, Callable[[Path], Path]] = {
    # two forms stacked on a sheet and one on another, amounts `#,##0.00`, dates as dates
    "workbook": lambda directory: fx.workbook(directory).path,
    "rounded": _rounded,
    "hidden": _hidden,
    "hubei": _layout("hubei"),
    "budget-system": _layout("budget_system"),
    "central": _layout("central"),
    "sichuan": _layout("sichuan"),  # one table for a whole department, merged down
}


@pytest.mark.parametrize("name", sorted(XLSX_SOURCES))
def test_an_xls_of_the_same_cells_imports_as_its_xlsx(name: str, tmp_path: Path) -> None:
    """The same files byte for byte, and the same report: the cells not placed with their
    positions, the numbers its display format rounds, the hidden cells."""
    xlsx = XLSX_SOURCES[name](tmp_path)
    xls = tmp_path / "same.xls"
    xf.xls_from_xlsx(xlsx, xls)
    assert _texts(read_xls(xls)) == _texts(read_xlsx(xlsx))
    want = Importer(tmp_path / "from-xlsx").import_file(xlsx)
    got = Importer(tmp_path / "from-xls").import_file(xls)
    assert got.error is None and want.error is None
    assert [f.action for f in got.forms] == [f.action for f in want.forms]
    assert got.forms and all(f.action == "新建" for f in got.forms)
    assert _files(tmp_path / "from-xls") == _files(tmp_path / "from-xlsx")
    assert _cells(got) == _cells(want)
    assert got.remarks == want.remarks
    assert [f.warnings for f in got.forms] == [f.warnings for f in want.forms]


def test_the_three_evaluation_layouts_as_an_xls_import_as_their_xlsx(tmp_path: Path) -> None:
    grids = [ef.national(), ef.budget_system(), ef.sichuan()]
    xlsx = ef.write_xlsx(tmp_path / "forms.xlsx", grids)
    xls = tmp_path / "forms.xls"
    xf.xls_from_xlsx(xlsx, xls)
    written = {}
    for source in (xlsx, xls):
        content = tmp_path / source.suffix.lstrip(".")
        shutil.copytree(REPO / "content", content)
        report = Importer(content).import_file(source)
        assert [f.action for f in report.forms] == ["新建"] * 3
        written[source.suffix] = {
            name: text for name, text in _files(content).items() if ".自评." in name
        }
    assert len(written[".xls"]) == 3
    assert written[".xls"] == written[".xlsx"]


def test_an_xls_number_rounded_by_its_format_is_imported_as_shown_and_reported(
    tmp_path: Path,
) -> None:
    xls = tmp_path / "rounded.xls"
    xf.xls_from_xlsx(_rounded(tmp_path), xls)
    content = tmp_path / "content"
    report = Importer(content).import_file(xls)
    (text,) = [t for n, t in _files(content).items() if n != "departments.yaml"]
    assert "财政资金: 1,234.57" in text
    assert "年度指标值: 90.00%" in text
    assert any(
        "申报表!C" in r and "1234.5678" in r and "按表上显示的 1,234.57 导入" in r
        for r in report.remarks
    )
    assert not any("90.00%" in r for r in report.remarks)  # 0.9 is exactly 90.00%
    assert text.count("显示格式四舍五入") == 2


def test_hidden_sheets_rows_and_columns_of_an_xls_are_listed_not_imported(
    tmp_path: Path,
) -> None:
    xls = tmp_path / "hidden.xls"
    xf.xls_from_xlsx(_hidden(tmp_path), xls)
    content = tmp_path / "content"
    report = Importer(content).import_file(xls)
    assert report.forms[0].unplaced == [] and report.outside == []
    (hidden,) = [r for r in report.remarks if "隐藏" in r]
    for where, text in (("申报表!H3", "旧版金额"), ("申报表!A40", "去年的数")):
        assert f"{where}“{text}" in hidden
    assert "计算过程!A1“辅助计算”" in hidden
    assert not any("旧版金额" in t or "辅助计算" in t for t in _files(content).values())


# ------------------------------------------------------------------ cells as Excel shows them


def test_xls_cells_read_as_excel_shows_them_and_as_the_xlsx_reader_reads_them(
    tmp_path: Path,
) -> None:
    import xlwt
    from openpyxl import Workbook

    values: list[tuple[object, str, str]] = [
        (1234.5678, "#,##0.00", "1,234.57"),
        (0.125, "0.00", "0.13"),  # a half away from zero, as Excel rounds
        (0.905, "0%", "91%"),
        (0.9051, "0.00%", "90.51%"),
        (2.5, "0", "3"),
        (1234.0, "#,##0", "1,234"),
        (100000, "General", "100000"),
        (0.0, "0.00", "0.00"),  # a zero stated, not a blank
        (0.1 + 0.2, "General", "0.3"),
        (-1500.5, "#,##0.00_);[Red]\\(#,##0.00\\)", "-1,500.50"),
        (dt.date(2024, 1, 1), "yyyy-mm-dd", "2024-01-01"),
        (dt.date(2024, 12, 31), 'yyyy"年"m"月"d"日"', "2024-12-31"),
        (dt.datetime(2025, 3, 1, 9, 30), "yyyy/m/d h:mm", "2025-03-01"),
        (True, "General", "TRUE"),
        (False, "General", "FALSE"),
        ("  上海市宝山区\n总工会  ", "General", "上海市宝山区总工会"),
    ]
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("格式")
    workbook = Workbook()
    other = workbook.active
    other.title = "格式"
    for row, (value, number_format, _) in enumerate(values):
        sheet.write(row, 1, value, xlwt.easyxf(num_format_str=number_format))
        cell = other.cell(row=row + 1, column=2, value=value)
        cell.number_format = number_format
    error_row = len(values)
    sheet.row(error_row).set_cell_error(1, "#DIV/0!")
    other.cell(row=error_row + 1, column=2, value="#DIV/0!").data_type = "e"
    xls, xlsx = tmp_path / "cells.xls", tmp_path / "cells.xlsx"
    book.save(str(xls))
    workbook.save(xlsx)
    document = read_xls(xls)
    shown = [*(text for _, _, text in values), "#DIV/0!"]
    assert _texts(document) == [(text, f"格式!B{row}") for row, text in enumerate(shown, 1)]
    assert _texts(read_xlsx(xlsx)) == _texts(document)
    assert [(n.where, n.shown, n.stored) for n in document.rounded] == [
        ("格式!B1", "1,234.57", "1234.5678"),
        ("格式!B2", "0.13", "0.125"),
        ("格式!B3", "91%", "0.905"),
        ("格式!B5", "3", "2.5"),
    ]


def test_a_merged_range_counts_once_and_a_value_under_it_is_listed(tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("申报表", cell_overwrite_ok=True)
    sheet.write_merge(0, 1, 0, 3, "合并的格")
    sheet.write(1, 2, "程序写进被合并的格")  # Excel shows only the top-left cell's value
    sheet.write(1, 4, "右边")
    sheet.write_merge(3, 5, 1, 1, "竖着合并")
    sheet.write(6, 1, "下面")
    path = tmp_path / "merged.xls"
    book.save(str(path))
    document = read_xls(path)
    assert _texts(document) == [
        ("合并的格", "申报表!A1"),
        ("右边", "申报表!E2"),
        ("竖着合并", "申报表!B4"),
        ("下面", "申报表!B7"),
    ]
    (remark,) = document.remarks
    assert "申报表!C2“程序写进被合并的格”" in remark and "没有导入" in remark


def test_excel_95_text_is_decoded_by_its_codepage_or_else_as_gbk(tmp_path: Path) -> None:
    cells: list[tuple[int, int, str | float]] = [
        (0, 0, "财政项目支出绩效目标申报表"),
        (1, 0, "项目名称"),
        (1, 1, "职工疗休养"),
        (2, 1, 1846000.0),
    ]
    stated = tmp_path / "stated.xls"
    xf.biff5_workbook(stated, cells, codepage=936)
    missing = tmp_path / "missing.xls"
    xf.biff5_workbook(missing, cells, codepage=None)
    want = [
        ("财政项目支出绩效目标申报表", "申报表!A1"),
        ("项目名称", "申报表!A2"),
        ("职工疗休养", "申报表!B2"),
        ("1846000", "申报表!B3"),
    ]
    for path in (stated, missing):
        document = read_source(path)
        assert _texts(document) == want
    assert read_source(stated).notes == ("编码：GBK（文件注明的代码页 936）",)
    (note,) = read_source(missing).notes
    assert "没有注明代码页" in note and "GBK" in note


def test_xlrd_says_nothing_in_english_on_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "missing.xls"
    xf.biff5_workbook(path, [(0, 0, "申报表")], codepage=None)  # xlrd warns of this by default
    read_xls(path)
    assert capsys.readouterr() == ("", "")


# ------------------------------------------------------------------ files that cannot be read


def _xls_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "real.xls"
    xf.write_xls(path, {"Sheet1": [fx.form_grid(fx.declaration("真表"))]})
    return path.read_bytes()


def _encrypted(tmp_path: Path) -> bytes:
    path = tmp_path / "locked.xls"
    xf.encrypted_xls(path)
    return path.read_bytes()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (_encrypted, "设置了打开密码（已加密），无法读取；请用 Excel 或 WPS 输入密码打开"),
        (lambda tmp: _xls_bytes(tmp)[:3000], "文件不完整或已损坏"),
        (lambda tmp: _xls_bytes(tmp)[:1000], "文件不完整或已损坏"),
        (lambda tmp: _xls_bytes(tmp)[:512] + bytes(4096), "文件不完整或已损坏"),
        (lambda _: b"\x09\x08\x10\x00" + bytes(60), "文件不完整或已损坏"),  # a bare BIFF record
    ],
    ids=["encrypted", "cut-at-3000", "cut-at-1000", "zeroed", "bare-biff"],
)
def test_a_damaged_or_encrypted_xls_is_refused_in_words(
    tmp_path: Path, content: Callable[[Path], bytes], said: str
) -> None:
    path = tmp_path / "form.xls"
    path.write_bytes(content(tmp_path))
    report = Importer(tmp_path / "content").import_file(path)
    assert report.error is not None
    assert str(path) in report.error and said in report.error
    assert "后再导入" in report.error
    assert "Error" not in report.error and "xlrd" not in report.error


# ------------------------------------------------------------------ files named .xls that are not


_HTML = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:x="urn:schemas-microsoft-com:office:excel">\r\n<head><meta charset="utf-8"></head>'
    "<body><table><tr><td>项目名称</td><td>职工疗休养</td></tr></table></body></html>"
)
_XML_SPREADSHEET = (
    '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
    '<Worksheet ss:Name="Sheet1"><Table><Row><Cell><Data ss:Type="String">项目名称</Data>'
    "</Cell></Row></Table></Worksheet></Workbook>"
)
_MHT = (
    "MIME-Version: 1.0\r\nContent-Type: multipart/related; "
    'boundary="----=_NextPart"\r\n\r\n------=_NextPart\r\n'
)


def _docx(tmp_path: Path) -> bytes:
    path = tmp_path / "real.docx"
    fx.write_docx(path, [fx.form_grid(fx.declaration("真表"))])
    return path.read_bytes()


def _xlsx(tmp_path: Path) -> bytes:
    path = tmp_path / "real.xlsx"
    fx.write_xlsx(path, {"Sheet1": [fx.form_grid(fx.declaration("真表"))]})
    return path.read_bytes()


def _ole(*streams: str) -> Callable[[Path], bytes]:
    """The head of a compound file naming `streams`, as the kind sniffing reads it."""
    names = b"".join(name.encode("utf-16-le") for name in streams)
    return lambda _: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + names


def _gbk_text(text: str) -> Callable[[Path], bytes]:
    return lambda _: text.encode("gbk")


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("web.xls", lambda _: _HTML.encode(), "实际是一个网页（HTML 表格），扩展名却是 .xls"),
        (
            "bom.xls",
            lambda _: b"\xef\xbb\xbf\r\n  " + _HTML.encode(),
            "实际是一个网页（HTML 表格）",
        ),
        (
            "bare-table.xls",
            lambda _: "<table border=1><tr><td>项目名称</td></tr></table>".encode("gbk"),
            "实际是一个网页（HTML 表格）",
        ),
        (
            "utf16.xls",
            lambda _: _HTML.encode("utf-16"),
            "实际是一个网页（HTML 表格）",
        ),
        ("xml.xls", lambda _: _XML_SPREADSHEET.encode(), "XML 电子表格（Excel 2003 XML 格式）"),
        ("page.xls", lambda _: _MHT.encode(), "单个文件网页（.mht / .mhtml）"),
        (
            "tabs.xls",
            _gbk_text("财政项目支出绩效目标申报表\n项目名称\t职工疗休养\n"),
            "实际是制表符分隔的文本（GB18030/GBK），不是 Excel 工作簿，扩展名却是 .xls；"
            "请把扩展名改为 .txt 后再导入",
        ),
        (
            "comma.xls",
            lambda _: "项目名称,职工疗休养\n项目资金总额,100000\n".encode(),
            "实际是逗号分隔的文本（CSV）（UTF-8），不是 Excel 工作簿",
        ),
        (
            "word.xls",
            _docx,
            "实际是一份 Word 文档（.docx），扩展名却是 .xls；请把扩展名改为 .docx",
        ),
        (
            "new.xls",
            _xlsx,
            "实际是一份 Excel 工作簿（.xlsx），扩展名却是 .xls；请把扩展名改为 .xlsx",
        ),
        ("paper.xls", lambda _: b"%PDF-1.7\n", "实际是一份 PDF 文件（.pdf），扩展名却是 .xls"),
        (
            "old-word.xls",
            _ole("WordDocument"),
            "实际是一份旧版 Word 文档（.doc），扩展名却是 .xls，jixiao 不能直接读取这种旧格式；"
            "请用 Word 或 WPS 打开，“另存为” .docx",
        ),
        ("old.xlsx", _ole("Workbook"), "实际是一份旧版 Excel 工作簿（.xls），扩展名却是 .xlsx"),
        ("locked.xlsx", _ole("EncryptionInfo", "EncryptedPackage"), "设置了打开密码（已加密）"),
        ("web.xlsx", lambda _: _HTML.encode(), "实际是一个网页（HTML 表格），扩展名却是 .xlsx"),
        ("web.docx", lambda _: _HTML.encode(), "“另存为” Word 文档（.docx）后再导入"),
        ("web.pdf", lambda _: _HTML.encode(), "下载真正的 PDF 后再导入"),
    ],
)
def test_a_file_named_xls_that_is_something_else_is_told_what_it_is(
    tmp_path: Path, name: str, content: Callable[[Path], bytes], said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content(tmp_path))
    report = Importer(tmp_path / "content").import_file(path)
    assert report.error is not None
    assert str(path) in report.error and said in report.error, report.error
    assert "后再导入" in report.error
    assert "<td>" not in report.error and "Error" not in report.error


def test_a_word_97_document_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "form.doc"
    path.write_bytes(_ole("WordDocument")(tmp_path))
    report = Importer(tmp_path / "content").import_file(path)
    assert report.error is not None
    assert "不支持的文件类型 .doc；支持 .csv、.docx、.pdf、.text、.txt、.xlsx、.xls" in report.error
    assert "请用 Word 或 WPS 打开，“另存为” .docx 后再导入" in report.error


def test_an_xls_larger_than_any_form_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.xls"
    with path.open("wb") as stream:
        stream.truncate(21 * 1024 * 1024)
    report = Importer(tmp_path / "content").import_file(path)
    assert report.error is not None and "超过上限 20.0 MB" in report.error


# ------------------------------------------------------------------ the command


def test_jixiao_import_of_an_xls_exits_0_and_its_files_pass_check(tmp_path: Path) -> None:
    from generator.cli import EXIT_CLEAN
    from tests.support.cli_support import run

    source = tmp_path / "预算表.xls"
    xf.xls_from_xlsx(fx.workbook(tmp_path).path, source)
    content = tmp_path / "content"
    result = run("import", source, "--content", content)
    assert result.exit_code == EXIT_CLEAN, result.output
    assert "已写入" in result.output and "通不过" not in result.output
    assert len([n for n in _files(content) if n != "departments.yaml"]) == 3
    checked = run("check", "--no-cache", "--content", content)
    assert checked.exit_code == EXIT_CLEAN, checked.output


def test_a_zip_archive_named_xls_is_told_to_be_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "archive.xls"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("说明.txt", "说明")
    report = Importer(tmp_path / "content").import_file(path)
    assert report.error is not None
    assert "是一个 ZIP 压缩包，但不是一份旧版 Excel 工作簿（.xls）" in report.error
    assert "请先解压" in report.error and "另存为 .xlsx 后再导入" in report.error


def test_overlapping_merged_ranges_hide_what_they_cover_and_no_more(tmp_path: Path) -> None:
    """A damaged or hostile sheet may merge the same cells many times over: each cell is asked
    once, however many ranges lie across it."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("申报表", cell_overwrite_ok=True)
    sheet.write(0, 0, "左上")
    sheet.write(2, 2, "中间")
    sheet.write(2, 4, "外面")
    sheet.write(5, 0, "下面")
    ranges = sheet._Worksheet__merged_ranges  # xlwt's own list: merge() would write blanks too
    ranges.extend([(0, 4, 0, 3)] * 2_000)  # A1:D5, two thousand times
    ranges.append((2, 3, 2, 2))  # C3:C4 inside it: its corner is covered by A1:D5
    path = tmp_path / "overlapping.xls"
    book.save(str(path))
    document = read_xls(path)
    assert _texts(document) == [("左上", "申报表!A1"), ("外面", "申报表!E3"), ("下面", "申报表!A6")]
    (remark,) = document.remarks
    assert "申报表!C3“中间”" in remark


def test_a_sheet_with_more_merged_ranges_than_any_form_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xlwt

    from generator.core.diagnostics import JixiaoUserError
    from generator.importers import limits

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("申报表")
    sheet.write(0, 0, "财政项目支出绩效目标申报表")
    sheet._Worksheet__merged_ranges.extend((r, r, 0, 1) for r in range(1, 12))
    path = tmp_path / "merges.xls"
    book.save(str(path))
    monkeypatch.setattr(limits, "MAX_MERGED_RANGES", 10)
    with pytest.raises(JixiaoUserError, match="工作表“申报表”有 11 个合并区域，超过上限 10 个"):
        read_xls(path)


def test_a_formula_saved_without_its_result_is_listed_for_checking(tmp_path: Path) -> None:
    """xlwt, like other programs, writes formulas without computing them: the file holds an
    empty text where Excel, on opening, shows a number."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("申报表")
    sheet.write(0, 0, "项目资金总额")
    sheet.write(0, 1, 100.0)
    sheet.write(0, 2, xlwt.Formula("B1*2"))
    path = tmp_path / "formula.xls"
    book.save(str(path))
    document = read_xls(path)
    assert _texts(document) == [("项目资金总额", "申报表!A1"), ("100", "申报表!B1")]
    (remark,) = document.remarks
    assert "申报表!C1" in remark and "保存的计算结果是空的" in remark
    assert "打开、保存后再导入" in remark
