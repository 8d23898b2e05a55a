"""Text exports of a form: tab-separated cells, one table row per line (what PDF text
extraction and copying cells out of a table give)."""

from __future__ import annotations

from pathlib import Path

from generator.core.diagnostics import JixiaoUserError
from generator.core.layouts import BY_KEY_ALL, SHANGHAI
from generator.importers.grid import Cell, SourceDocument, SourceRow, clean_cell
from generator.importers.limits import MAX_TEXT_LINES, check_cell_count, check_cell_text


def decode_text(raw: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 first (with or without BOM), else GB18030 (covers GBK)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "UTF-8（带 BOM）"
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
