"""Hostile import files: each is refused with a Chinese message in that file's report, and the
other files of the same run are imported. Time and memory are measured by benchmarks/hostile.py;
these tests assert the refusals and what was kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import generator.importers.limits as import_limits
import generator.importers.pdf_guard as pdf_guard
import generator.importers.sandbox as sandbox
from generator.cli import main
from generator.core.diagnostics import JixiaoUserError
from generator.importers.grid import SourceDocument
from generator.importers.limits import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_DOCX_TABLES,
    MAX_PAGE_CHARS,
    MAX_PDF_PAGES,
    MAX_SOURCE_BYTES,
    MAX_TABLE_ROWS,
    MAX_ZIP_MEMBERS,
)
from generator.importers.pdf import read_pdf
from generator.importers.run import Importer, SourceReport
from generator.importers.sandbox import document_from_json, document_to_json, read_isolated
from generator.importers.sources import read_docx, read_text, read_xlsx
from tests.support import hostile_fixtures as hf
from tests.support import import_fixtures as fx
from tests.support import pdf_fixtures as pf


def refusal(path: Path, tmp_path: Path) -> str:
    """The error of the one report `jixiao import` gives for `path`; nothing was written."""
    content = tmp_path / "content"
    report = Importer(content).import_file(path)
    assert report.error is not None
    assert report.forms == []
    assert not content.exists() or not list(content.rglob("*.yaml"))
    return report.error


def imported(path: Path, tmp_path: Path) -> SourceReport:
    report = Importer(tmp_path / "content").import_file(path)
    assert report.error is None, report.error
    return report


# --- spreadsheets ----------------------------------------------------------------------------


def test_a_cell_at_xfd1048576_is_read_once_and_the_forms_import(tmp_path: Path) -> None:
    """4.9 KB that made openpyxl build 17 billion cells: only the cells present are visited."""
    fixture = hf.xlsx_far_cell(tmp_path)
    report = imported(fixture.path, tmp_path)
    assert [form.action for form in report.forms] == ["新建"] * 3
    where = "总工会!XFD1048576"
    mentioned = [
        *(c.where for c in report.outside),
        *(c.where for form in report.forms for c in form.unplaced),
        *(w for form in report.forms for w in form.warnings),
    ]
    assert any(where in text for text in mentioned), mentioned  # the far cell is not lost


def test_an_xlsx_read_from_its_xml_gives_the_same_cells_as_before(tmp_path: Path) -> None:
    fixture = fx.workbook(tmp_path)
    document = read_xlsx(fixture.path)
    texts = [cell.text for row in document.rows for cell in row.cells]
    assert sorted(texts) == sorted(t for t in fixture.cells if t)
    assert document.rows[0].cells[0].where.startswith("总工会!A")


@pytest.mark.parametrize(
    ("build", "kind"), [(hf.xlsx_bomb, "xlsx"), (hf.docx_bomb, "docx")], ids=["xlsx", "docx"]
)
def test_a_zip_bomb_is_refused_before_it_is_parsed(
    build: Callable[[Path, int], Path], kind: str, tmp_path: Path
) -> None:
    path = build(tmp_path / f"bomb.{kind}", 100)
    assert path.stat().st_size < 150_000  # 100 MB inflated from under 150 KB
    message = refusal(path, tmp_path)
    assert message.startswith(f"{kind} 文件解压后超过 100."), message
    assert "上限 64.0 MB；没有读取" in message


def test_one_part_inflating_a_thousandfold_is_a_bomb(tmp_path: Path) -> None:
    message = refusal(hf.xlsx_bomb(tmp_path / "bomb.xlsx", 30), tmp_path)
    assert message.startswith("xlsx 文件内的 xl/worksheets/sheet1.xml 压缩比为 1,0"), message
    assert "超过 1,000:1，像是“压缩炸弹”；没有读取" in message


def test_many_small_parts_are_refused_by_their_total(tmp_path: Path) -> None:
    part = b" " * (700 * 1024)  # under the size from which the ratio is checked
    members = {f"xl/media/part{i}.xml": part for i in range(100)}
    path = hf._replace_members(hf._blank_xlsx(tmp_path / "parts.xlsx"), members)
    message = refusal(path, tmp_path)
    assert message.startswith("xlsx 文件解压后超过 6"), message
    assert "上限 64.0 MB；没有读取" in message


def test_zip_headers_that_understate_the_size_are_caught(tmp_path: Path) -> None:
    message = refusal(hf.zip_lying_sizes(tmp_path / "lying.xlsx", 20), tmp_path)
    assert message == "xlsx 文件已损坏或加密，无法读取其中的部件"


def test_too_many_zip_parts(tmp_path: Path) -> None:
    message = refusal(hf.xlsx_many_parts(tmp_path / "parts.xlsx", MAX_ZIP_MEMBERS), tmp_path)
    assert f"超过上限 {MAX_ZIP_MEMBERS:,} 个；没有读取" in message


def test_too_many_cells_in_a_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert MAX_CELLS == 200_000
    monkeypatch.setattr(import_limits, "MAX_CELLS", 2_000)  # the same code, a faster test
    message = refusal(hf.xlsx_many_cells(tmp_path / "cells.xlsx", 3_000), tmp_path)
    assert message.startswith("工作簿：非空单元格超过 2,000 个，已停止读取")


# --- Word ------------------------------------------------------------------------------------


def test_too_many_tables_in_a_document(tmp_path: Path) -> None:
    path = hf.docx_many_tables(tmp_path / "tables.docx", MAX_DOCX_TABLES + 1)
    message = refusal(path, tmp_path)
    assert message.startswith(f"文档有 {MAX_DOCX_TABLES + 1:,} 张表格，超过上限")


def test_tables_nested_thousands_deep(tmp_path: Path) -> None:
    message = refusal(hf.docx_nested_tables(tmp_path / "nested.docx"), tmp_path)
    assert message.startswith("docx 文件中的 XML 无法解析（")
    assert "嵌套过深" in message


def test_a_cell_merged_down_thousands_of_rows(tmp_path: Path) -> None:
    message = refusal(hf.docx_tall_merge(tmp_path / "merge.docx", MAX_TABLE_ROWS + 1), tmp_path)
    assert message == f"文档的第 1 张表格超过 {MAX_TABLE_ROWS:,} 行；没有读取，请拆分后再导入"


def test_a_document_read_with_bounds_keeps_its_tables(tmp_path: Path) -> None:
    fixture = fx.document(tmp_path)
    texts = [cell.text for row in read_docx(fixture.path).rows for cell in row.cells]
    assert set(t for t in fixture.cells if t) <= set(texts)


# --- text ------------------------------------------------------------------------------------


def test_a_text_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = hf.text_long_line(tmp_path / "big.txt", MAX_SOURCE_BYTES[".txt"] // (1024 * 1024) + 1)
    message = refusal(path, tmp_path)
    assert message.startswith("文件有 21.0 MB，超过上限 20.0 MB；没有读取。")


def test_a_line_longer_than_any_cell(tmp_path: Path) -> None:
    message = refusal(hf.text_long_line(tmp_path / "line.txt", 1), tmp_path)
    assert message.startswith(f"第 1 行有 349,525 个字符，超过一格的上限 {MAX_CELL_CHARS:,} 个")


def test_too_many_cells_in_a_text_file(tmp_path: Path) -> None:
    message = refusal(hf.text_many_cells(tmp_path / "cells.txt", MAX_CELLS + 100), tmp_path)
    assert message.startswith(f"文本文件：非空单元格超过 {MAX_CELLS:,} 个")


# --- PDF -------------------------------------------------------------------------------------


def test_a_pdf_of_thousands_of_pages_is_refused_before_its_pages_are_read(tmp_path: Path) -> None:
    message = refusal(hf.pdf_many_pages(tmp_path / "long.pdf", 3_000), tmp_path)
    assert message.startswith(f"PDF 有 3,000 页，超过上限 {MAX_PDF_PAGES:,} 页；没有读取。")


def test_a_pdf_page_that_inflates_to_500_mb(tmp_path: Path) -> None:
    message = refusal(hf.pdf_content_bomb(tmp_path / "bomb.pdf", 100), tmp_path)
    assert message.startswith("第 1 页的内容解压后超过 4 MB")


def test_a_pdf_page_of_too_many_characters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert MAX_PAGE_CHARS == 100_000
    monkeypatch.setattr(pdf_guard, "MAX_PAGE_CHARS", 5_000)  # the same code, a faster test
    message = refusal(hf.pdf_many_chars(tmp_path / "chars.pdf", 6_000), tmp_path)
    assert message.startswith("第 1 页有 6,000 个字符，超过一页的上限 5,000 个")


def test_a_small_form_drawn_again_and_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A form XObject drawn 30 times: a PDF's alias, counted as what it draws."""
    monkeypatch.setattr(pdf_guard, "MAX_PAGE_CHARS", 5_000)
    path = hf.pdf_repeated_form(tmp_path / "form.pdf", 30, 1_000)
    assert path.stat().st_size < 2_000
    message = refusal(path, tmp_path)
    assert message.startswith("第 1 页有 30,000 个字符，超过一页的上限 5,000 个")


@pytest.mark.parametrize(
    "build", [hf.pdf_huge_page, lambda p: hf.pdf_deep_nesting(p, 20_000)], ids=["huge", "deep"]
)
def test_odd_pages_are_reported_not_crashed_on(
    build: Callable[[Path], Path], tmp_path: Path
) -> None:
    message = refusal(build(tmp_path / "odd.pdf"), tmp_path)
    assert message == "文件中没有找到“项目支出绩效目标申报表”标题，不像是申报表"


def test_a_page_that_takes_too_long_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    budget = pf.BudgetPdf(tmp_path / "budget.pdf")
    budget.paragraphs("编制说明", ["本部门预算包括收支总表。"] * 40)
    path = budget.save()
    monkeypatch.setattr(pdf_guard, "PAGE_SECONDS", 0.001)
    with pytest.raises(JixiaoUserError) as raised:
        read_pdf(path)
    assert str(raised.value).startswith("第 1 页读取超过 0 秒仍未完成，已停止")


# --- the child process -----------------------------------------------------------------------


def _allocate_two_gigabytes(path: Path) -> SourceDocument:
    hoard = [bytearray(64 * 1024 * 1024) for _ in range(32)]
    return SourceDocument(str(path), (), (str(len(hoard)),))


def _spin(path: Path) -> SourceDocument:
    while True:
        pass


def _sleep(path: Path) -> SourceDocument:
    time.sleep(30)
    return SourceDocument(str(path), ())


def _crash(path: Path) -> SourceDocument:
    raise ZeroDivisionError("division by zero")


@pytest.mark.skipif(not sandbox.can_isolate(), reason="the child process needs fork (Linux)")
def test_a_reader_that_exhausts_memory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(JixiaoUserError) as raised:
        read_isolated(_allocate_two_gigabytes, tmp_path / "x.txt")
    assert str(raised.value).startswith("读取时超出内存上限 640 MB")


@pytest.mark.skipif(not sandbox.can_isolate(), reason="the child process needs fork (Linux)")
def test_a_reader_that_spins_is_stopped_by_its_processor_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "READ_CPU_SECONDS", 1)
    with pytest.raises(JixiaoUserError) as raised:
        read_isolated(_spin, tmp_path / "x.txt")
    assert str(raised.value).startswith("读取超过 1 秒仍未完成，已停止；没有导入这个文件。")


@pytest.mark.skipif(not sandbox.can_isolate(), reason="the child process needs fork (Linux)")
def test_a_reader_that_never_answers_is_stopped_by_the_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "READ_WALL_SECONDS", 0.5)
    started = time.monotonic()
    with pytest.raises(JixiaoUserError) as raised:
        read_isolated(_sleep, tmp_path / "x.txt")
    assert str(raised.value).startswith("读取超过 0 秒仍未完成")  # 0.5 s, shown rounded
    assert time.monotonic() - started < 10


@pytest.mark.skipif(not sandbox.can_isolate(), reason="the child process needs fork (Linux)")
def test_a_reader_bug_is_reported_as_before(tmp_path: Path) -> None:
    with pytest.raises(JixiaoUserError) as raised:
        read_isolated(_crash, tmp_path / "x.txt")
    # in words that name the file and what to do, not the library's English message
    assert str(raised.value).startswith(f"{tmp_path / 'x.txt'}：无法读取这个文件")
    assert "ZeroDivisionError" not in str(raised.value)


@pytest.mark.parametrize("builder", sorted(fx.BUILDERS))
def test_a_document_crosses_from_the_child_unchanged(builder: str, tmp_path: Path) -> None:
    fixture = fx.BUILDERS[builder](tmp_path)
    reader = {".txt": read_text, ".xlsx": read_xlsx, ".docx": read_docx}[fixture.path.suffix]
    document = reader(fixture.path)
    assert document_from_json(document_to_json(document)) == document
    assert read_isolated(reader, fixture.path) == document


def test_a_budget_pdf_crosses_from_the_child_unchanged(tmp_path: Path) -> None:
    budget = pf.BudgetPdf(tmp_path / "budget.pdf")
    budget.paragraphs("项目经费情况说明", ["某项目，年度预算 120.50 万元。"])
    path = budget.save()
    assert read_isolated(read_pdf, path) == read_pdf(path)


# --- one bad file among good ones ------------------------------------------------------------


def test_the_other_files_of_the_run_are_imported(tmp_path: Path) -> None:
    bomb = hf.xlsx_bomb(tmp_path / "bomb.xlsx", 80)
    pages = hf.pdf_many_pages(tmp_path / "long.pdf", MAX_PDF_PAGES + 1)
    good = fx.messy_text(tmp_path)
    content = tmp_path / "content"
    args = ["import", "--content", str(content), str(bomb), str(pages), str(good.path)]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "xlsx 文件解压后超过" in result.output
    assert f"超过上限 {MAX_PDF_PAGES:,} 页" in result.output
    assert len(list(content.glob("*/*/*.yaml"))) == len(good.declarations)
