"""Text exports of a form: tab-separated cells, one table row per line (what PDF text
extraction and copying cells out of a table give), and CSV files (what open-data portals and
"另存为 CSV" give: cells separated by commas, a cell holding a comma or a line break quoted)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from generator.core.diagnostics import JixiaoUserError
from generator.core.layouts import BY_KEY_ALL, SHANGHAI
from generator.importers.grid import Cell, SourceDocument, SourceRow, clean_cell
from generator.importers.limits import (
    MAX_CELL_CHARS,
    MAX_TEXT_LINES,
    check_cell_count,
    check_cell_text,
)


def decode_text(raw: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 first (with or without BOM), UTF-16 with its BOM, else
    GB18030 (covers GBK)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "UTF-8（带 BOM）"
    # Excel's and WPS's "Unicode 文本" (Unicode Text) is UTF-16 with its byte order mark.
    for mark, codec, name in (
        (b"\xff\xfe", "utf-16-le", "UTF-16 LE（带 BOM，Excel 的“Unicode 文本”）"),
        (b"\xfe\xff", "utf-16-be", "UTF-16 BE（带 BOM）"),
    ):
        if raw.startswith(mark):
            try:
                return raw[2:].decode(codec), name
            except UnicodeDecodeError as exc:
                raise JixiaoUserError(
                    f"文件开头标明是 UTF-16，但第 {exc.start + 2} 字节处不是 UTF-16 文字；"
                    "文件可能已损坏，请从 Excel 或 WPS 重新导出"
                ) from None
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "GB18030/GBK"
    except UnicodeDecodeError as exc:
        raise JixiaoUserError(
            f"无法识别文件编码（既不是 UTF-8 也不是 GBK/GB18030），第 {exc.start} 字节处出错"
        ) from None


# Labels whose presence says "this is a form", for the message that refuses a text without cells.
_LAYOUTS_SHANGHAI_FIRST = (SHANGHAI, *(layout for layout in BY_KEY_ALL if layout is not SHANGHAI))
_FORM_LABELS = (
    *dict.fromkeys(label for layout in _LAYOUTS_SHANGHAI_FIRST for label in layout.header),
    *dict.fromkeys(label for layout in _LAYOUTS_SHANGHAI_FIRST for label in layout.funding),
    "项目总目标",
    "年度总目标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
)


def _refuse_lost_structure(path: Path, text: str) -> None:
    """A form copied from a PDF viewer has lost its table: cells are separated by spaces (which
    also occur inside cells) and a wrapped cell's lines stand on lines of their own, between
    other cells' lines. Reading it would mean guessing which words belong to which cell."""
    if "\t" in text:
        return
    compact = "".join(text.split())
    seen = [label for label in _FORM_LABELS if label in compact]
    if len(seen) < 2:
        return  # not a form at all: the recogniser says so in its own words
    raise JixiaoUserError(
        f"{path}：这段文字像申报表，但已经失去了表格结构（没有用制表符分隔的单元格，"
        "单元格之间只有空格，折行的单元格各占一行），不靠猜测就无法知道每个值属于哪一格，"
        f"所以不导入。看到的栏目：{'、'.join(seen)}。请直接导入 PDF 或电子表格本身"
        "（jixiao import 文件.pdf / .xlsx / .docx），或从表格中按单元格复制（制表符分隔）。"
    )


def read_text(path: Path) -> SourceDocument:
    """Tab-separated cells, one row per line, as PDF text extraction gives them."""
    text, encoding = decode_text(path.read_bytes())
    lines = text.splitlines()
    if len(lines) > MAX_TEXT_LINES:
        raise JixiaoUserError(
            f"文件有 {len(lines):,} 行，超过上限 {MAX_TEXT_LINES:,} 行；没有读取，请拆分后再导入"
        )
    _refuse_lost_structure(path, text)
    if _copied_from_a_sheet(text):
        return _read_delimited(
            path,
            text,
            (f"编码：{encoding}", "按从 Excel 复制的格式读取：带引号的格含换行"),
            "\t",
            "文本文件",
        )
    rows = []
    count = 0
    for number, line in enumerate(lines, start=1):
        check_cell_text(line, f"第 {number} 行")  # a cell is at most its line
        cells = tuple(
            Cell(cleaned, column, f"第 {number} 行第 {column + 1} 格")
            for column, raw in enumerate(line.split("\t"))
            if (cleaned := clean_cell(raw))
        )
        if cells:
            count += len(cells)
            check_cell_count(count, "文本文件")
            rows.append(SourceRow(cells))
    return SourceDocument(path.as_posix(), tuple(rows), (f"编码：{encoding}",))


def read_csv(path: Path) -> SourceDocument:
    """A CSV file: one table row per record, cells separated by commas, a cell with a comma, a
    quote or a line break in quotes (`"1,846,000.00"`), as Excel, WPS and open-data portals
    write it. UTF-8 (with or without BOM) or GBK/GB18030, as a text export."""
    text, encoding = decode_text(path.read_bytes())
    return _read_delimited(path, text, (f"编码：{encoding}",), ",", "CSV 文件")


# Cells copied out of Excel or WPS (and its 文本文件(制表符分隔)) are tab-separated, rows end in
# CR LF, and a cell holding a line break (a goal typed with Alt+Enter: 1. … / 2. …) is quoted,
# its line break a bare LF and its quotes doubled: `"1. 完成培训\n2. 完成活动"`. Split line by
# line, it was two rows with a stray quote in each. Only that signature (CR LF rows, a quoted
# cell across a bare LF) reads a text so: a PDF's text may hold cells that are a lone quote.
_QUOTED_LINES = re.compile(r'(?:^|\t)"(?:[^"\r\n]|"")+\n(?:[^"]|"")*"(?=\t|\r?$)', re.MULTILINE)


def _copied_from_a_sheet(text: str) -> bool:
    return "\t" in text and "\r\n" in text and _QUOTED_LINES.search(text) is not None


def _read_delimited(
    path: Path, text: str, notes: tuple[str, ...], delimiter: str, kind: str
) -> SourceDocument:
    """Records of cells separated by `delimiter`, a cell with the delimiter, a quote or a line
    break in quotes; each cell placed at the line its record starts on."""
    if text.count("\n") > MAX_TEXT_LINES:
        raise JixiaoUserError(f"文件超过 {MAX_TEXT_LINES:,} 行；没有读取，请拆分后再导入")
    # The csv module's own bound on a field, one past a cell's: a longer one is refused below
    # by check_cell_text with its place, not by the module's English message.
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL_CHARS + 1)
    rows = []
    count = 0
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter, strict=True)
    ended = 0  # the line the record before ended on: a record starts on the next one
    try:
        for record in reader:
            number, ended = ended + 1, reader.line_num
            cells = []
            for column, raw in enumerate(record):
                where = f"第 {number} 行第 {column + 1} 格"
                check_cell_text(raw, where)
                if cleaned := clean_cell(raw):
                    cells.append(Cell(cleaned, column, where))
            if cells:
                count += len(cells)
                check_cell_count(count, kind)
                rows.append(SourceRow(tuple(cells)))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise JixiaoUserError(
                f"{path}：第 {reader.line_num} 行附近有一格超过 {MAX_CELL_CHARS:,} 个字符"
                "（常见于缺了一个结束引号，后面的内容都被当成了这一格）；没有导入这个文件。"
                "请用 Excel 或 WPS 打开核对"
            ) from None
        raise JixiaoUserError(
            f"{path}：第 {reader.line_num} 行的引号不完整"
            "（引号没有成对，或引号后紧跟着别的字符）；"
            "没有导入这个文件。请用 Excel 或 WPS 打开核对，另存为 .xlsx 后再导入"
        ) from None
    finally:
        csv.field_size_limit(limit)
    return SourceDocument(path.as_posix(), tuple(rows), notes)
