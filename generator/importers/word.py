"""Word documents (.docx): paragraphs and table rows in document order, as Word shows them."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.core.diagnostics import JixiaoUserError
from generator.core.symbol_fonts import (
    FONT_CHARACTERS,
    PRIVATE_USE_SYMBOLS,
    symbol_font_character,
)
from generator.importers.grid import (
    Cell,
    SourceDocument,
    SourceRow,
    as_positioned,
    clean_cell,
    listed_remark,
)
from generator.importers.limits import (
    MAX_DOCX_TABLES,
    MAX_TABLE_ROWS,
    check_cell_count,
    check_cell_text,
    check_zip,
    xml_errors,
)


def read_docx(path: Path) -> SourceDocument:
    """Paragraphs and table rows in document order; a merged cell counts once per row.

    What Word shows is read wherever it stands: tables inside table cells, paragraphs and
    tables in text boxes and content controls, tracked insertions. python-docx's `.text` reads
    none of these, and a value in a table inside a cell was dropped without a word.
    """
    from docx import Document

    check_zip(path, "docx")
    with xml_errors("docx"):
        document = Document(str(path))
    body = document.element.body
    tables = body.xpath(".//w:tbl")
    if len(tables) > MAX_DOCX_TABLES:
        raise JixiaoUserError(
            f"文档有 {len(tables):,} 张表格，超过上限 {MAX_DOCX_TABLES:,} 张；"
            "没有读取，请拆分后再导入"
        )
    check_cell_count(len(body.xpath(".//w:tc")), "文档")
    for number, table in enumerate(tables, start=1):
        # a merged cell looks up the rows above it: rows per table bound that walk
        if len(table.xpath("./w:tr")) > MAX_TABLE_ROWS:
            raise JixiaoUserError(
                f"文档的第 {number} 张表格超过 {MAX_TABLE_ROWS:,} 行；没有读取，请拆分后再导入"
            )
    rows: list[SourceRow] = []
    reader = _WordReader(document)
    reader.blocks(body, _paragraph_numbers(""), rows)
    return SourceDocument(
        path.as_posix(),
        tuple(rows),
        remarks=(*_hidden_text_remarks(reader.hidden), *_symbol_remarks(reader.symbols)),
    )


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARAGRAPH, _TABLE, _TEXT_BOX = f"{_W}p", f"{_W}tbl", f"{_W}txbxContent"
# What a run shows: its text, a tab or a non-breaking hyphen, and line breaks.
_RUN_TEXT = {f"{_W}t": None, f"{_W}tab": " ", f"{_W}ptab": " ", f"{_W}noBreakHyphen": "-"}
_LINE_BREAKS = {f"{_W}br", f"{_W}cr"}
# A character inserted from a symbol font (Insert → Symbol): `<w:sym w:font="Symbol"
# w:char="F0B3"/>` is the ≥ of a target (see core/symbol_fonts); any character not known is
# not guessed but listed in the report (see _WordReader.symbols).
_SYMBOL = f"{_W}sym"


# Text Word does not show in the paragraph: deleted and moved-away revisions, the fallback
# copy of a text box (its shape is written twice), and a text box's own text (read apart).
_NOT_SHOWN = {
    f"{_W}del",
    f"{_W}moveFrom",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
    _TEXT_BOX,
}


def _content_of(element: Any) -> Any:
    """The element whose children are the paragraphs and tables of a content control or a
    custom XML block, or None for any other element."""
    if element.tag == f"{_W}sdt":
        return element.find(f"{_W}sdtContent")
    if element.tag == f"{_W}customXml":
        return element
    return None


def _shown_in(element: Any, top: Any) -> bool:
    """Whether `element`, inside `top`, is shown as part of `top`'s own text."""
    for ancestor in element.iterancestors():
        if ancestor is top:
            return True
        if ancestor.tag in _NOT_SHOWN:
            return False
    return True


def _paragraph_text(paragraph: Any, vanish: _Vanish) -> tuple[str, str, list[str]]:
    """(what a paragraph shows, the text in it that is formatted hidden, the symbols whose
    character is not known): tracked insertions, hyperlinks, fields' results and inline
    content controls included (python-docx's `.text` reads only its direct runs); deletions,
    which Word shows only as marked changes, not."""
    shown: list[str] = []
    hidden: list[str] = []
    unknown: list[str] = []
    for element in paragraph.iter(*_RUN_TEXT, *_LINE_BREAKS, _SYMBOL):
        if not _shown_in(element, paragraph):
            continue
        properties = _run_properties(element, paragraph)
        parts = hidden if vanish.hides(properties, paragraph) else shown
        if element.tag == _SYMBOL:
            font, code = element.get(f"{_W}font"), element.get(f"{_W}char")
            character = symbol_font_character(font, code)
            if character is None:
                unknown.append(f"字体“{font or '未注明'}”的字符 {code or '?'}")
            else:
                parts.append(character)
        elif element.tag in _LINE_BREAKS:
            if element.get(f"{_W}type") in (None, "textWrapping"):  # not a page break
                parts.append("\n")
        else:
            text = _RUN_TEXT[element.tag] or element.text or ""
            if text and any(ord(char) in PRIVATE_USE_SYMBOLS for char in text):
                text = _from_symbol_font(properties, text)
            parts.append(_raised_or_lowered(properties, text) if text else text)
    return "".join(shown), "".join(hidden), unknown


_VERTICAL_ALIGN = f"{_W}vertAlign"
_FONTS = f"{_W}rFonts"


def _run_properties(element: Any, paragraph: Any) -> Any:
    """The properties (w:rPr) of the run of `paragraph` that holds `element`, or None."""
    run = element.getparent()
    while run is not None and run.tag != _RUN and run is not paragraph:
        run = run.getparent()
    return run.find(_RUN_PROPERTIES) if run is not None and run.tag == _RUN else None


def _from_symbol_font(properties: Any, text: str) -> str:
    """`text` of a w:t whose run (with these properties) is set in a symbol font (w:rFonts),
    its private-use codes (U+F0B3, as Word keeps a ≥ typed in Symbol) as the characters they
    stand for; a code not known stays, and check names what it most likely is."""
    fonts = properties.find(_FONTS) if properties is not None else None
    if fonts is None:
        return text
    for attribute in ("ascii", "hAnsi", "cs", "eastAsia"):
        font = fonts.get(f"{_W}{attribute}")
        if font and font.strip().lower() in FONT_CHARACTERS:
            return "".join(
                (symbol_font_character(font, ord(char)) or char)
                if ord(char) in PRIVATE_USE_SYMBOLS
                else char
                for char in text
            )
    return text


def _raised_or_lowered(properties: Any, text: str) -> str:
    """`text` of a w:t, its digits raised or lowered when its run (with these properties) is
    set so directly (`grid.as_positioned`)."""
    align = properties.find(_VERTICAL_ALIGN) if properties is not None else None
    if align is None:
        return text
    return as_positioned(text, align.get(f"{_W}val"))


_RUN, _RUN_PROPERTIES, _VANISH = f"{_W}r", f"{_W}rPr", f"{_W}vanish"
_FALSE = ("0", "false", "off")


def _vanish_of(properties: Any) -> bool | None:
    """A run-properties element's `w:vanish`: True, False (`w:val="0"`), or None when unset."""
    if properties is None:
        return None
    vanish = properties.find(_VANISH)
    if vanish is None:
        return None
    return (vanish.get(f"{_W}val") or "true").lower() not in _FALSE


class _Vanish:
    """Which runs Word hides (Font → Hidden, `w:vanish`): text neither shown nor printed. The
    property is looked up where Word looks: on the run, in its character style, in its
    paragraph's style (each style through the ones it is based on), in the document defaults."""

    def __init__(self, document: Any) -> None:
        self.based_on: dict[str, str | None] = {}
        self.own: dict[str, bool | None] = {}
        self.default_paragraph_style: str | None = None
        styles = document.styles.element
        for style in styles.iterchildren(f"{_W}style"):
            name = style.get(f"{_W}styleId")
            if name is None:
                continue
            based = style.find(f"{_W}basedOn")
            self.based_on[name] = based.get(f"{_W}val") if based is not None else None
            self.own[name] = _vanish_of(style.find(_RUN_PROPERTIES))
            if style.get(f"{_W}type") == "paragraph" and (
                style.get(f"{_W}default") or ""
            ).lower() in ("1", "true", "on"):
                self.default_paragraph_style = name
        self.default = bool(_vanish_of(styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")))
        self.resolved: dict[str | None, bool | None] = {None: None}

    def style(self, name: str | None) -> bool | None:
        """The style's `w:vanish`, or the nearest one of the styles it is based on."""
        if name not in self.resolved:
            chain: list[str] = []
            found: bool | None = None
            current: str | None = name
            while current is not None and current not in chain:  # a cycle ends the walk
                if current in self.resolved:
                    found = self.resolved[current]
                    break
                chain.append(current)
                if (found := self.own.get(current)) is not None:
                    break
                current = self.based_on.get(current)
            for walked in chain:
                self.resolved[walked] = found
        return self.resolved[name]

    def hides(self, properties: Any, paragraph: Any) -> bool:
        """Whether a run of `paragraph` with these properties (`_run_properties`) is formatted
        hidden."""
        for found in (
            _vanish_of(properties),
            self.style(_value(properties, "rStyle")),
            self.style(
                _value(paragraph.find(f"{_W}pPr"), "pStyle") or self.default_paragraph_style
            ),
        ):
            if found is not None:
                return found
        return self.default


def _value(properties: Any, name: str) -> str | None:
    """The `w:val` of the child `name` of a properties element (`w:rStyle`, `w:pStyle`)."""
    if properties is None:
        return None
    child = properties.find(f"{_W}{name}")
    return child.get(f"{_W}val") if child is not None else None


def _hidden_text_remarks(hidden: list[str]) -> tuple[str, ...]:
    """Text formatted hidden is not on the form a reader sees or prints: not imported, and
    listed so that nothing is passed over silently (as hidden rows of a sheet are)."""
    return listed_remark(
        f"文档中有 {len(hidden)} 处隐藏文字（字体设为“隐藏”，在 Word 中查看和打印时都看不到），"
        "没有导入",
        hidden,
        "如果它们属于公布的表，请在 Word 中选中这些文字，取消“字体”里的“隐藏”后再导入",
    )


def _symbol_remarks(symbols: list[str]) -> tuple[str, ...]:
    return listed_remark(
        f"文档中有 {len(symbols)} 个从符号字体插入的字符（“插入”→“符号”）"
        "不知道代表哪个字，没有导入",
        symbols,
        "请对照原表，在导入的文件中补上这些字符（如 ≥、≤），或在 Word 中改用普通字体的字符后再导入",
    )


def _text_boxes(element: Any) -> list[Any]:
    """The text boxes anchored in `element`, outermost first, without their fallback copies."""
    return [
        box for box in element.iter(_TEXT_BOX) if box is not element and _shown_in(box, element)
    ]


def _cell_blocks(tc: Any, tag: str) -> list[Any]:
    """A cell's own paragraphs or tables (`tag`), inside content controls too."""
    found = []
    for child in tc.iterchildren():
        if child.tag == tag:
            found.append(child)
        elif (content := _content_of(child)) is not None:
            found.extend(_cell_blocks(content, tag))
    return found


def _paragraph_numbers(prefix: str) -> Callable[[], str]:
    """Names the paragraphs of the body (第 1 段, …) or of one text box (文本框 2 第 1 段, …)."""
    numbers = itertools.count(1)
    return lambda: f"{prefix}第 {next(numbers)} 段"


class _WordReader:
    """The rows of a Word document in reading order, each cell with a place a person finds."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.tables = 0
        self.boxes = 0
        self.vanish = _Vanish(document)
        self.hidden: list[str] = []  # text formatted hidden, with where it stands: reported
        self.symbols: list[str] = []  # symbol-font characters not known: reported, not guessed

    def texts(self, paragraphs: list[Any], where: str) -> str:
        """What the paragraphs show, one line each; their hidden text is noted for the report."""
        read = [_paragraph_text(p, self.vanish) for p in paragraphs]
        concealed = clean_cell("\n".join(hidden for _, hidden, _ in read if hidden))
        if concealed:
            check_cell_text(concealed, where)
            self.hidden.append(f"{where}“{concealed}”")
        self.symbols.extend(f"{where}：{symbol}" for _, _, unknown in read for symbol in unknown)
        text = clean_cell("\n".join(shown for shown, _, _ in read))
        check_cell_text(text, where)
        return text

    def blocks(self, container: Any, label: Callable[[], str], into: list[SourceRow]) -> None:
        """The paragraphs and tables of the body, a text box or a content control, in order;
        `label()` names the next paragraph."""
        for child in container.iterchildren():
            if child.tag == _PARAGRAPH:
                self.paragraph(child, label(), into)
            elif child.tag == _TABLE:
                self.tables += 1
                into.extend(self.table_rows(child, self.tables, f"表格 {self.tables} ", 0))
            elif (content := _content_of(child)) is not None:
                self.blocks(content, label, into)

    def paragraph(self, element: Any, where: str, into: list[SourceRow]) -> None:
        text = self.texts([element], where)
        if text:
            into.append(SourceRow((Cell(text, 0, where),)))
        self.text_boxes(element, into)

    def text_boxes(self, element: Any, into: list[SourceRow]) -> None:
        """The text boxes anchored in `element`, after it, each numbered in the document."""
        for box in _text_boxes(element):
            self.boxes += 1
            self.blocks(box, _paragraph_numbers(f"文本框 {self.boxes} "), into)

    def table_rows(self, element: Any, number: int, name: str, offset: int) -> list[SourceRow]:
        """A table's rows, its columns shifted by `offset`: a table inside a cell stands where
        that cell does, gives its first row to the cell's row (as the page shows it) and its
        further rows as rows of their own, before the outer table's next row."""
        from docx.table import Table

        table = Table(element, self.document)
        rows: list[SourceRow] = []
        seen: set[object] = set()  # the elements themselves: keeps their proxies alive
        for row_index, row in enumerate(table.rows, start=1):
            cells: list[Cell] = []
            after: list[SourceRow] = []
            for column, cell in _row_cells(row, table):
                # python-docx repeats a merged cell in every grid position it covers,
                # across columns and down rows: read each underlying cell once.
                if cell._tc in seen:
                    continue
                seen.add(cell._tc)
                where = f"{name}第 {row_index} 行第 {column + 1} 列"
                paragraphs = _cell_blocks(cell._tc, _PARAGRAPH)
                text = self.texts(paragraphs, where)
                if text:
                    cells.append(Cell(text, offset + column, where))
                for index, inner in enumerate(_cell_blocks(cell._tc, _TABLE), start=1):
                    inner_name = f"{where}中的表格" + (f" {index} " if index > 1 else "")
                    inner_rows = self.table_rows(inner, number, inner_name, offset + column)
                    if index == 1 and inner_rows:
                        cells.extend(inner_rows.pop(0).cells)
                    after.extend(inner_rows)
                for paragraph in paragraphs:
                    self.text_boxes(paragraph, after)
            if cells:
                rows.append(SourceRow(tuple(cells), number))
            rows.extend(after)
        return rows


def _row_cells(row: Any, table: Any) -> list[tuple[int, Any]]:
    """(grid column, cell) across a table row, a merged cell repeated where it spans.

    When a row's cells do not fit the table's grid (a merge that Word opens but python-docx
    cannot lay out), python-docx raises; the row's own cells are then read as written, each at
    its grid column, so that nothing in the row is lost.
    """
    from docx.table import _Cell

    try:
        # A row may start later than the table's first column (w:gridBefore: Word and WPS write
        # it for an indented or partly deleted row); python-docx lists only the cells present.
        return list(enumerate(row.cells, start=row.grid_cols_before))
    except ValueError:
        return [(tc.grid_offset, _Cell(tc, table)) for tc in row._tr.tc_lst]
