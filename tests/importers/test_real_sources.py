"""Reading real spreadsheets and Word files faithfully, and an import's honest exit status.

Each test builds its source in tmp_path (openpyxl, python-docx) from the shapes real published
files take: amounts whose display format rounds them, formulas without a saved result, hidden
rows and sheets, tables inside table cells, files whose extension lies about their type.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from generator.importers.run import Importer
from generator.importers.sheet_cells import cell_value as _cell_value
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
    assert _cell_value(value, number_format)[0] == shown


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


# ------------------------------------------------------------------ Word documents


def _indicator_data(name: str) -> fx.Data:
    return fx.declaration(
        name,
        indicators={
            "产出指标": {"数量指标": [("保洁河道长度", "≥120公里")]},
            "满意度指标": {
                "服务对象满意度指标": [("沿岸居民满意度", "≥90%"), ("商户满意度", "≥85%")]
            },
        },
    )


def _nest_indicators(document: object) -> None:
    """Moves the satisfaction indicators (name and target) into a table inside the 三级指标
    cell of the row that names their category, as some published documents lay them out."""
    table = document.tables[0]  # type: ignore[attr-defined]
    rows = list(table.rows)
    top = next(i for i, row in enumerate(rows) if "服务对象满意度指标" in row.cells[2].text)
    items = [(rows[i].cells[3].text, rows[i].cells[5].text) for i in (top, top + 1)]
    for i in (top, top + 1):
        rows[i].cells[3].text = ""
        rows[i].cells[5].text = ""
    inner = rows[top].cells[3].add_table(rows=2, cols=2)
    for r, (name, target) in enumerate(items):
        inner.cell(r, 0).text = name
        inner.cell(r, 1).text = target
    table._tbl.remove(rows[top + 1]._tr)  # the second indicator now stands in the inner table


def test_a_table_inside_a_table_cell_is_read(tmp_path: Path) -> None:
    from docx import Document

    data = _indicator_data("嵌套表格")
    path = tmp_path / "nested.docx"
    fx.write_docx(path, [fx.form_grid(data)])
    document = Document(str(path))
    _nest_indicators(document)
    document.save(str(path))
    content = tmp_path / "content"
    report = Importer(content).import_file(path)
    form = report.forms[0]
    assert form.unplaced == [] and report.outside == []
    assert form.indicators == 3
    text = _form_file(content)
    for value in ("沿岸居民满意度", "≥90%", "商户满意度", "≥85%"):
        assert value in text


def test_a_form_laid_out_in_a_one_cell_table_is_read(tmp_path: Path) -> None:
    """A document converted from a web page often wraps the whole form in a layout table."""
    from docx import Document

    data = fx.declaration("外框表格")
    plain = tmp_path / "plain.docx"
    fx.write_docx(plain, [fx.form_grid(data)])
    form_table = Document(str(plain)).tables[0]._tbl
    document = Document()
    frame = document.add_table(rows=1, cols=1)
    frame.cell(0, 0).paragraphs[0]._p.addprevious(form_table)  # a cell ends with a paragraph
    path = tmp_path / "framed.docx"
    document.save(str(path))
    content = tmp_path / "content"
    report = Importer(content).import_file(path)
    assert [f.action.value for f in report.forms] == ["新建"]
    assert report.forms[0].unplaced == []
    assert report.forms[0].indicators == fx.indicator_count(data)


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
_WPS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
_V = 'xmlns:v="urn:schemas-microsoft-com:vml"'


def _docx_texts(path: Path) -> list[tuple[str, str]]:
    from generator.importers.sources import read_docx

    return [(c.text, c.where) for row in read_docx(path).rows for c in row.cells]


def test_text_boxes_revisions_and_content_controls_are_read_as_word_shows_them(
    tmp_path: Path,
) -> None:
    from docx import Document
    from docx.oxml import parse_xml

    def box(text: str) -> str:
        return f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"

    document = Document()
    document.add_paragraph("财政项目支出绩效目标申报表")
    anchor = document.add_paragraph("正文")
    # A text box is written twice: the shape (Choice) and a VML copy for old readers (Fallback).
    anchor._p.append(
        parse_xml(
            f"<w:r {_W} {_MC} {_WPS} {_V}><mc:AlternateContent>"
            f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{box("金额单位：元")}</wps:txbx>'
            "</w:drawing></mc:Choice>"
            f"<mc:Fallback><w:pict><v:textbox>{box('金额单位：元')}</v:textbox></w:pict>"
            "</mc:Fallback></mc:AlternateContent></w:r>"
        )
    )
    document.element.body.insert(
        len(document.element.body) - 1,
        parse_xml(
            f"<w:p {_W}><w:r><w:t>项目名称：</w:t></w:r>"
            '<w:ins w:id="1" w:author="a"><w:r><w:t>河道保洁</w:t></w:r></w:ins>'
            '<w:del w:id="2" w:author="a"><w:r><w:delText>旧名称</w:delText></w:r></w:del>'
            "</w:p>"
        ),
    )
    document.element.body.insert(
        len(document.element.body) - 1,
        parse_xml(
            f"<w:sdt {_W}><w:sdtContent><w:p><w:r><w:t>主管部门：上海市某区水务局</w:t></w:r>"
            "</w:p></w:sdtContent></w:sdt>"
        ),
    )
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "合并的格"
    table.cell(0, 2).text = "右上"
    path = tmp_path / "shapes.docx"
    document.save(str(path))
    texts = _docx_texts(path)
    assert ("金额单位：元", "文本框 1 第 1 段") in texts
    assert [t for t, _ in texts].count("金额单位：元") == 1  # not its fallback copy too
    assert ("项目名称：河道保洁", "第 3 段") in texts  # the insertion, not the deletion
    assert ("主管部门：上海市某区水务局", "第 4 段") in texts
    assert [t for t, _ in texts].count("合并的格") == 1
    assert "右上" in [t for t, _ in texts]


def test_text_formatted_hidden_is_listed_not_read(tmp_path: Path) -> None:
    """Word neither shows nor prints text formatted hidden (`w:vanish`), whether on the run,
    through its character style (and the style that one is based on) or its paragraph's
    style; a run may show itself again inside a hidden paragraph (`w:vanish w:val="0"`)."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    document = Document()
    base = document.styles.add_style("内部", WD_STYLE_TYPE.CHARACTER)
    base.font.hidden = True
    note = document.styles.add_style("内部批注", WD_STYLE_TYPE.CHARACTER)
    note.base_style = base  # hidden through the style it is based on
    hidden_paragraph = document.styles.add_style("隐藏段落", WD_STYLE_TYPE.PARAGRAPH)
    hidden_paragraph.font.hidden = True
    first = document.add_paragraph("项目名称：")
    first.add_run("旧名称").font.hidden = True
    first.add_run("河道保洁")
    second = document.add_paragraph("主管部门：上海市某区水务局")
    second.add_run("（内部编号 7）", style="内部批注")
    third = document.add_paragraph("仅供内部参考", style="隐藏段落")
    third.add_run("，但这句显示").font.hidden = False
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "财政资金"
    cell = table.cell(0, 1)
    cell.paragraphs[0].add_run("100,000.00")
    cell.paragraphs[0].add_run("90,000.00").font.hidden = True
    cell.add_paragraph("上年数 80,000.00", style="隐藏段落")
    path = tmp_path / "hidden.docx"
    document.save(str(path))
    from generator.importers.sources import read_docx

    read = read_docx(path)
    assert [(c.text, c.where) for row in read.rows for c in row.cells] == [
        ("项目名称：河道保洁", "第 1 段"),
        ("主管部门：上海市某区水务局", "第 2 段"),
        ("，但这句显示", "第 3 段"),
        ("财政资金", "表格 1 第 1 行第 1 列"),
        ("100,000.00", "表格 1 第 1 行第 2 列"),
    ]
    (remark,) = read.remarks
    for listed in (
        "第 1 段“旧名称”",
        "第 2 段“（内部编号 7）”",
        "第 3 段“仅供内部参考”",
        "表格 1 第 1 行第 2 列“90,000.00上年数 80,000.00”",  # one cell: its lines joined
    ):
        assert listed in remark
    assert remark.startswith("文档中有 4 处隐藏文字") and "没有导入" in remark


def test_a_form_with_hidden_text_imports_as_printed_and_reports_it(tmp_path: Path) -> None:
    from docx import Document

    data = _indicator_data("隐藏文字")
    path = tmp_path / "form.docx"
    fx.write_docx(path, [fx.form_grid(data)])
    document = Document(str(path))
    table = document.tables[0]
    for row in table.rows:
        for cell in row.cells:
            if cell.text == "≥120公里":
                cell.paragraphs[0].add_run("（原为≥100公里）").font.hidden = True
    hidden_row = table.add_row()
    hidden_row.cells[3].paragraphs[0].add_run("已取消的指标").font.hidden = True
    document.save(str(path))
    content = tmp_path / "content"
    report = Importer(content).import_file(path)
    form = report.forms[0]
    assert form.action == "新建" and form.unplaced == [] and report.outside == []
    assert form.indicators == 3
    text = _form_file(content)
    assert "年度指标值: ≥120公里\n" in text
    assert "原为" not in text and "已取消的指标" not in text
    (remark,) = [r for r in report.remarks if "隐藏文字" in r]
    assert "“（原为≥100公里）”" in remark and "“已取消的指标”" in remark


def test_tracked_deletions_are_not_read_in_cells_or_as_deleted_rows(tmp_path: Path) -> None:
    """With the changes accepted, as the document prints, a deleted run or table row is gone:
    it is not form text, and it is not a remark either (it is no longer in the document)."""
    from docx import Document
    from docx.oxml import parse_xml

    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "财政资金"
    table.cell(0, 1)._tc.remove(table.cell(0, 1).paragraphs[0]._p)
    table.cell(0, 1)._tc.append(
        parse_xml(
            f"<w:p {_W}>"
            '<w:del w:id="1" w:author="a"><w:r><w:delText>90,000.00</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="a"><w:r><w:t>100,000.00</w:t></w:r></w:ins>'
            '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>挪走的字</w:t></w:r></w:moveFrom>'
            "</w:p>"
        )
    )
    deleted = table.rows[1]._tr
    deleted.insert(0, parse_xml(f'<w:trPr {_W}><w:del w:id="4" w:author="a"/></w:trPr>'))
    for tc, text in zip(deleted.tc_lst, ("上年结转资金", "5,000.00"), strict=True):
        tc.remove(tc.p_lst[0])
        tc.append(
            parse_xml(
                f'<w:p {_W}><w:del w:id="5" w:author="a"><w:r><w:delText>{text}</w:delText>'
                "</w:r></w:del></w:p>"
            )
        )
    path = tmp_path / "revised.docx"
    document.save(str(path))
    from generator.importers.sources import read_docx

    read = read_docx(path)
    assert [[c.text for c in row.cells] for row in read.rows] == [["财政资金", "100,000.00"]]
    assert read.remarks == ()


# ------------------------------------------------------------------ exit status


def test_an_import_whose_file_fails_check_exits_1_and_says_where(tmp_path: Path) -> None:
    """A date that does not exist is copied faithfully, but it is no 原表问题 a file may carry:
    `jixiao check` refuses the file, so the import that wrote it must not report success."""
    from generator.cli import EXIT_PROBLEMS
    from tests.support.cli_support import run

    data = fx.declaration("不存在的日期", start="2024-02-30")
    source = tmp_path / "form.txt"
    fx.write_text(source, [fx.form_grid(data)])
    content = tmp_path / "content"
    result = run("import", source, "--content", content)
    assert result.exit_code == EXIT_PROBLEMS, result.output
    written = next(content.rglob("bu-cun-zai-de-ri-qi.yaml"))
    line = next(
        number
        for number, text in enumerate(written.read_text("utf-8").splitlines(), start=1)
        if text.startswith("计划开始日期")
    )
    error = next(line_ for line_ in result.output.splitlines() if "通不过 jixiao check" in line_)
    assert written.as_posix() in error and f":{line}:" in error
    assert "计划开始日期" in error and "不是真实存在的日期" in error
    assert f"第 {line} 行" in error and "改正" in error
    assert run("check", "--no-cache", "--content", content).exit_code == EXIT_PROBLEMS
    # A dry run says the same of the file it would write.
    again = run("import", source, "--content", tmp_path / "other", "--dry-run")
    assert again.exit_code == EXIT_PROBLEMS and "将要写入的文件通不过" in again.output


def test_an_import_whose_files_pass_check_exits_0(tmp_path: Path) -> None:
    from generator.cli import EXIT_CLEAN
    from tests.support.cli_support import run

    source = tmp_path / "form.txt"
    fx.write_text(source, [fx.form_grid(fx.declaration("正常"))])
    result = run("import", source, "--content", tmp_path / "content")
    assert result.exit_code == EXIT_CLEAN, result.output
    assert "通不过" not in result.output


# ------------------------------------------------------------------ files not what they say


def _workbook_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "real.xlsx"
    fx.write_xlsx(path, {"Sheet1": [fx.form_grid(fx.declaration("真表"))]})
    return path.read_bytes()


def _docx_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "real.docx"
    fx.write_docx(path, [fx.form_grid(fx.declaration("真表"))])
    return path.read_bytes()


def _zip_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("申报表说明.txt", "说明")
    return path.read_bytes()


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        (
            "word.xlsx",
            _docx_bytes,
            "实际是一份 Word 文档（.docx），扩展名却是 .xlsx；请把扩展名改为 .docx",
        ),
        ("sheet.docx", _workbook_bytes, "实际是一份 Excel 工作簿（.xlsx），扩展名却是 .docx"),
        (
            "old.xlsx",
            lambda _: (
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le")
            ),
            "旧版 Excel 工作簿（.xls）",
        ),
        ("empty.xlsx", lambda _: b"", "文件是空的"),
        ("cut.xlsx", lambda tmp: _workbook_bytes(tmp)[:3000], "文件不完整或已损坏"),
        # a whole archive of other files: not a truncated one
        ("archive.xlsx", _zip_bytes, "是一个 ZIP 压缩包，但不是一份 Excel 工作簿（.xlsx）"),
        ("archive.docx", _zip_bytes, "是一个 ZIP 压缩包，但不是一份 Word 文档（.docx）"),
        ("paper.xlsx", lambda _: b"%PDF-1.7\n", "实际是一份 PDF 文件（.pdf）"),
    ],
)
def test_a_file_whose_content_is_not_its_extension_gets_words_and_what_to_do(
    tmp_path: Path, name: str, content: object, said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content(tmp_path))  # type: ignore[operator]
    report = Importer(tmp_path / "content").import_file(path)
    assert report.error is not None
    assert str(path) in report.error and said in report.error
    assert "后再导入" in report.error
    assert "Error" not in report.error and "File" not in report.error  # no library English


def test_what_a_file_really_is_is_told_in_the_limited_child_with_the_same_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Telling the kind opens the ZIP directory or reads a whole OLE file: under the child's
    # memory limit, not in the parent; its refusal comes back word for word.
    from generator.core.diagnostics import JixiaoUserError
    from generator.importers import sources
    from generator.importers.sandbox import can_isolate

    def refuse(path: Path) -> None:
        raise JixiaoUserError(f"{path}：进程 {os.getpid()}")

    path = tmp_path / "form.xlsx"
    path.write_bytes(_workbook_bytes(tmp_path))
    monkeypatch.setattr(sources, "_refuse_other_kind", refuse)
    with pytest.raises(JixiaoUserError) as raised:
        sources.read_source(path)
    said, pid = str(raised.value).rsplit(" ", 1)
    assert said == f"{path}：进程"
    assert (int(pid) != os.getpid()) == can_isolate()


def test_a_library_failure_is_told_in_chinese_not_in_its_english_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.importers import sources

    def broken(path: Path) -> object:
        raise KeyError("There is no item named 'xl/sharedStrings.xml' in the archive")

    path = tmp_path / "form.xlsx"
    path.write_bytes(_workbook_bytes(tmp_path))
    monkeypatch.setitem(sources.READERS, ".xlsx", broken)
    report = Importer(tmp_path / "content").import_file(path)
    assert report.error is not None
    assert str(path) in report.error and "无法读取这个文件" in report.error
    assert "KeyError" not in report.error and "archive" not in report.error


# ------------------------------------------------------------------ symbol-font characters


def _with_symbols(path: Path, targets: dict[str, str]) -> None:
    """The form as a Word table whose targets begin with a character inserted from a symbol
    font (Insert → Symbol): `targets` maps a target as printed to the w:sym XML of its first
    character, the rest of the target following in an ordinary run."""
    from docx import Document
    from docx.oxml import parse_xml

    data = fx.declaration(
        "符号字体",
        indicators={
            "产出指标": {
                "数量指标": [("培训人次", "≥100人次"), ("活动场次", "≤12场")],
                "质量指标": [("合格率", "≥90%")],
            },
            "满意度指标": {"服务对象满意度指标": [("满意度", "☑满意")]},
        },
    )
    fx.write_docx(path, [fx.form_grid(data)])
    document = Document(str(path))
    for cell in (c for t in document.tables for row in t.rows for c in row.cells):
        printed = cell.text  # a merged cell comes again: changed once, then no longer a target
        if printed in targets:
            paragraph = cell.paragraphs[0]
            for run in list(paragraph.runs):
                run._r.getparent().remove(run._r)
            paragraph._p.append(parse_xml(f"<w:r {_W}>{targets[printed]}</w:r>"))
            paragraph.add_run(printed[1:])
    document.save(str(path))


def test_characters_inserted_from_a_symbol_font_are_read_as_the_characters(
    tmp_path: Path,
) -> None:
    # ≥ and ≤ typed with Insert → Symbol are written as the Symbol font's codes: a target
    # read without them lost its direction (≥100人次 became 100人次) without a word.
    source = tmp_path / "symbols.docx"
    _with_symbols(
        source,
        {
            "≥100人次": '<w:sym w:font="Symbol" w:char="F0B3"/>',
            "≤12场": '<w:sym w:font="Symbol" w:char="A3"/>',
            "☑满意": '<w:sym w:font="Wingdings 2" w:char="F052"/>',
        },
    )
    # … or typed in the font itself: Word keeps the code in the private use area (U+F0B3).
    from docx import Document
    from docx.oxml import parse_xml

    document = Document(str(source))
    for cell in (c for t in document.tables for row in t.rows for c in row.cells):
        if cell.text == "≥90%":
            for run in list(cell.paragraphs[0].runs):
                run._r.getparent().remove(run._r)
            cell.paragraphs[0]._p.append(
                parse_xml(
                    f'<w:r {_W}><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr>'
                    "<w:t>\uf0b3</w:t></w:r>"
                )
            )
            cell.paragraphs[0].add_run("90%")
    document.save(str(source))
    content = tmp_path / "content"
    report = Importer(content).import_file(source)
    text = _form_file(content)
    for target in ("≥100人次", "≤12场", "☑满意", "≥90%"):
        assert f"年度指标值: {target}" in text
    assert not any("符号字体" in r for r in report.remarks)


def test_a_symbol_character_that_is_not_known_is_reported_not_dropped_silently(
    tmp_path: Path,
) -> None:
    source = tmp_path / "unknown.docx"
    _with_symbols(source, {"≥100人次": '<w:sym w:font="Webdings" w:char="F061"/>'})
    report = Importer(tmp_path / "content").import_file(source)
    (remark,) = [r for r in report.remarks if "符号字体" in r]
    assert "Webdings" in remark and "F061" in remark and "第" in remark


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("申报表.ofd", "OFD 版式文件"),
        ("申报表.et", "WPS 表格文件请用 WPS 打开，“另存为” .xlsx 后再导入"),
        ("申报表.wps", "WPS 文字文档请用 WPS 打开，“另存为” .docx 后再导入"),
        ("扫描件.jpg", "不做文字识别"),
        ("附件.rar", "请先解压"),
    ],
)
def test_a_format_jixiao_does_not_read_is_told_what_to_do_with_it(
    tmp_path: Path, name: str, said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x00" * 16)
    report = Importer(tmp_path / "content").import_file(path)
    assert report.error is not None
    assert f"不支持的文件类型 {path.suffix}" in report.error and said in report.error


# ------------------------------------------------------------------ CSV


def test_a_csv_file_imports_as_the_same_form_as_its_tab_separated_text(tmp_path: Path) -> None:
    # Open-data portals and "另存为 CSV" give cells separated by commas, a cell holding a
    # comma (every amount over 999) or a line break in quotes.
    import csv

    grid = fx.form_grid(fx.declaration("逗号分隔", goal="第一句，有逗号。第二句。"))
    text = tmp_path / "form.txt"
    text.write_text("\n".join("\t".join(row) for row in grid.rows), encoding="utf-8")
    table = tmp_path / "form.csv"
    with table.open("w", encoding="gb18030", newline="") as stream:
        csv.writer(stream).writerows(grid.rows)
    assert '"100,000.00"' in table.read_text(encoding="gb18030")
    written = []
    for source in (text, table):
        content = tmp_path / source.suffix[1:]
        report = Importer(content).import_file(source)
        assert report.error is None, report.error
        written.append(_form_file(content))
    assert "项目资金总额: 100,000.00" in written[1]
    assert written[0] == written[1]


def test_a_quoted_csv_cell_keeps_its_line_break_and_its_place(tmp_path: Path) -> None:
    from generator.importers.sources import read_csv

    path = tmp_path / "cells.csv"
    path.write_text('项目名称,"上海市普陀区建设和管\n理委员会",x\n下一行,1\n', encoding="utf-8")
    rows = [[(c.text, c.where) for c in row.cells] for row in read_csv(path).rows]
    assert rows == [
        [
            ("项目名称", "第 1 行第 1 格"),
            ("上海市普陀区建设和管理委员会", "第 1 行第 2 格"),
            ("x", "第 1 行第 3 格"),
        ],
        [("下一行", "第 3 行第 1 格"), ("1", "第 3 行第 2 格")],
    ]


def test_a_csv_with_an_unclosed_quote_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text('项目名称,测试\n项目资金,"100,000.00\n' + "x," * 10 + "\n", encoding="utf-8")
    report = Importer(tmp_path / "content").import_file(path)
    assert report.error is not None
    assert "行" in report.error and "引号" in report.error
    assert "Error" not in report.error and "field" not in report.error


def test_a_word_row_that_starts_later_than_the_first_column_keeps_its_columns(
    tmp_path: Path,
) -> None:
    # w:gridBefore: the row's first cell stands under the table's second column. python-docx
    # lists only the cells present, and they were read one column to the left: under 项目名称.
    from docx import Document
    from docx.oxml import parse_xml

    document = Document()
    table = document.add_table(rows=2, cols=3)
    for column, text in enumerate(("三级指标", "年度指标值", "备注")):
        table.cell(0, column).text = text
    row = table.rows[1]._tr
    row.remove(row.tc_lst[2])
    row.insert(0, parse_xml(f"<w:trPr {_W}><w:gridBefore w:val='1'/></w:trPr>"))
    for tc, text in zip(row.tc_lst, ("≥90%", "按年度"), strict=True):
        tc.xpath(".//w:p")[0].append(parse_xml(f"<w:r {_W}><w:t>{text}</w:t></w:r>"))
    path = tmp_path / "indented.docx"
    document.save(str(path))
    from generator.importers.sources import read_docx

    cells = [(c.text, c.column) for row in read_docx(path).rows for c in row.cells]
    assert cells[3:] == [("≥90%", 1), ("按年度", 2)]


def test_digits_typed_raised_or_lowered_are_read_as_they_look(tmp_path: Path) -> None:
    # `≥1000m` and a raised `2` (Font → Superscript) is ≥1000m²: read as a plain digit it was
    # ≥1000m2, which no longer reads as a number of square metres.
    from docx.oxml import parse_xml

    source = tmp_path / "raised.docx"
    _with_symbols(source, {})  # the form as a Word table, targets as printed
    from docx import Document

    document = Document(str(source))
    # a target as printed → the text before the raised or lowered 2, and its position
    typed = {"≥100人次": ("≥1000m", "superscript"), "≤12场": ("≤12吨CO", "subscript")}
    for cell in (c for t in document.tables for row in t.rows for c in row.cells):
        if (found := typed.get(cell.text)) is not None:
            before, position = found
            paragraph = cell.paragraphs[0]
            for run in list(paragraph.runs):
                run._r.getparent().remove(run._r)
            paragraph.add_run(before)
            paragraph._p.append(
                parse_xml(
                    f'<w:r {_W}><w:rPr><w:vertAlign w:val="{position}"/></w:rPr><w:t>2</w:t></w:r>'
                )
            )
    document.save(str(source))
    content = tmp_path / "content"
    Importer(content).import_file(source)
    text = _form_file(content)
    assert "年度指标值: ≥1000m²" in text and "年度指标值: ≤12吨CO₂" in text
    assert _errors(text) == []


def test_raised_and_lowered_digits_in_a_workbook_are_read_as_they_look(tmp_path: Path) -> None:
    # The same in a cell of runs (rich text): Excel keeps each run's font, xlsx in the shared
    # string table, xls as the cell's font runs.
    import xlsxwriter
    import xlwt

    from generator.importers.sources import read_xls, read_xlsx

    xlsx = tmp_path / "raised.xlsx"
    workbook = xlsxwriter.Workbook(str(xlsx))
    sheet = workbook.add_worksheet("表")
    raised, lowered = (
        workbook.add_format({"font_script": 1}),
        workbook.add_format({"font_script": 2}),
    )
    sheet.write_rich_string("A1", "≥1000m", raised, "2")
    sheet.write_rich_string("A2", "≤12吨CO", lowered, "2", "当量")
    workbook.close()

    xls = tmp_path / "raised.xls"
    book = xlwt.Workbook(encoding="utf-8")
    page = book.add_sheet("表")
    up, down = xlwt.Font(), xlwt.Font()
    up.escapement, down.escapement = (
        xlwt.Font.ESCAPEMENT_SUPERSCRIPT,
        xlwt.Font.ESCAPEMENT_SUBSCRIPT,
    )
    page.write_rich_text(0, 0, ["≥1000m", ("2", up)])
    page.write_rich_text(1, 0, ["≤12吨CO", ("2", down), "当量"])
    book.save(str(xls))

    for document in (read_xlsx(xlsx), read_xls(xls)):
        assert [c.text for row in document.rows for c in row.cells] == ["≥1000m²", "≤12吨CO₂当量"]


def test_a_csv_larger_than_a_text_export_may_be_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("wb") as stream:
        stream.truncate(21 * 1024 * 1024)  # sparse: no disk, and no byte of it is read
    report = Importer(tmp_path / "content").import_file(path)
    assert report.error is not None and "超过上限 20.0 MB" in report.error


def test_cells_copied_out_of_excel_with_line_breaks_read_as_the_sheet(tmp_path: Path) -> None:
    # Copied out of Excel, a cell typed with Alt+Enter is quoted, its line break inside the
    # quotes: read line by line it became two rows, each with a stray quote.
    import csv
    import io

    grid = fx.form_grid(fx.declaration("复制", annual_goal='1. 完成"培训"；\n2. 完成活动。'))
    copied = io.StringIO()
    csv.writer(copied, delimiter="\t", lineterminator="\r\n").writerows(grid.rows)
    assert '"1. 完成""培训""；\n2. 完成活动。"' in copied.getvalue()
    text, sheet = tmp_path / "copied.txt", tmp_path / "sheet.xlsx"
    text.write_text(copied.getvalue(), encoding="utf-8", newline="")
    fx.write_xlsx(sheet, {"申报表": [grid]})
    written = []
    for source in (text, sheet):
        content = tmp_path / source.suffix[1:]
        report = Importer(content).import_file(source)
        assert report.error is None and report.outside == [], report.error
        written.append(_form_file(content))
    assert written[0] == written[1]
    assert '年度总目标: |-\n  1. 完成"培训"；\n  2. 完成活动。' in written[0]
