"""Builders of hostile import files (tests/importers/test_hostile_import.py, benchmarks/hostile.py).

Each builds in a second or less what an attacker would send: a tiny spreadsheet whose one cell
stands at XFD1048576, ZIP parts that inflate a thousandfold, PDFs of thousands of pages, of a
page that inflates to gigabytes, of millions of characters drawn from one small stream. Nothing
here is committed as a binary; the PDFs are written by hand (objects and a cross-reference
table), so that each hostile construct is exactly what the test says.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from tests.support import import_fixtures as fx

# ------------------------------------------------------------------ spreadsheets and documents


def xlsx_far_cell(directory: Path) -> fx.Fixture:
    """The fixture workbook of three forms, plus one cell at the last row and column Excel has."""
    from openpyxl import load_workbook

    fixture = fx.workbook(directory)
    workbook = load_workbook(fixture.path)
    workbook.worksheets[0]["XFD1048576"] = "远处的一格"
    workbook.save(fixture.path)
    fixture.unplaced.append("远处的一格")
    return fixture


def _replace_members(path: Path, members: dict[str, bytes], *, extra: int = 0) -> Path:
    """Rewrites the ZIP at `path` with `members` replaced or added, and `extra` tiny parts."""
    with zipfile.ZipFile(path) as source:
        kept = {info.filename: source.read(info) for info in source.infolist()}
    kept.update(members)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name, data in kept.items():
            target.writestr(name, data)
        for number in range(extra):
            target.writestr(f"customXml/item{number}.xml", b"<a/>")
    path.write_bytes(buffer.getvalue())
    return path


def _blank_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "项目支出绩效目标申报表"
    workbook.save(path)
    return path


def _blank_docx(path: Path) -> Path:
    from docx import Document

    document = Document()
    document.add_paragraph("项目支出绩效目标申报表")
    document.save(str(path))
    return path


SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)


def xlsx_bomb(path: Path, megabytes: int = 200) -> Path:
    """A sheet part of `megabytes` of whitespace: a few hundred KB on disk, ~1,000:1."""
    sheet = SHEET_HEAD + b" " * (megabytes * 1024 * 1024) + b"</sheetData></worksheet>"
    return _replace_members(_blank_xlsx(path), {"xl/worksheets/sheet1.xml": sheet})


def xlsx_many_parts(path: Path, parts: int = 5_000) -> Path:
    return _replace_members(_blank_xlsx(path), {}, extra=parts)


def xlsx_many_cells(path: Path, cells: int = 300_000) -> Path:
    """One row of `cells` short inline-string cells: a few MB of XML."""
    from openpyxl.utils import get_column_letter

    rows = []
    per_row = 1_000
    for row in range(1, cells // per_row + 1):
        row_cells = "".join(
            f'<c r="{get_column_letter(column)}{row}" t="inlineStr"><is><t>x</t></is></c>'
            for column in range(1, per_row + 1)
        )
        rows.append(f'<row r="{row}">{row_cells}</row>')
    sheet = SHEET_HEAD + "".join(rows).encode() + b"</sheetData></worksheet>"
    return _replace_members(_blank_xlsx(path), {"xl/worksheets/sheet1.xml": sheet})


DOCUMENT_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body>"
)
DOCUMENT_TAIL = b"</w:body></w:document>"


def docx_bomb(path: Path, megabytes: int = 200) -> Path:
    body = DOCUMENT_HEAD + b" " * (megabytes * 1024 * 1024) + DOCUMENT_TAIL
    return _replace_members(_blank_docx(path), {"word/document.xml": body})


def docx_many_tables(path: Path, tables: int = 100_000) -> Path:
    table = b"<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"
    body = DOCUMENT_HEAD + table * tables + DOCUMENT_TAIL
    return _replace_members(_blank_docx(path), {"word/document.xml": body})


def docx_nested_tables(path: Path, depth: int = 5_000) -> Path:
    """Tables inside table cells, `depth` deep."""
    opening = b"<w:tbl><w:tr><w:tc>" * depth
    closing = b"<w:p/></w:tc></w:tr></w:tbl>" * depth
    body = DOCUMENT_HEAD + opening + closing + DOCUMENT_TAIL
    return _replace_members(_blank_docx(path), {"word/document.xml": body})


def docx_tall_merge(path: Path, rows: int = 6_000) -> Path:
    """One table whose first column is one vertically merged cell over `rows` rows."""
    first = b'<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p/></w:tc></w:tr>'
    rest = b"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>" * (rows - 1)
    body = DOCUMENT_HEAD + b"<w:tbl>" + first + rest + b"</w:tbl>" + DOCUMENT_TAIL
    return _replace_members(_blank_docx(path), {"word/document.xml": body})


# ------------------------------------------------------------------ text


def text_long_line(path: Path, megabytes: int) -> Path:
    path.write_bytes(b"\xe5\x90\x8d" * (megabytes * 1024 * 1024 // 3))  # 名 名 名 …
    return path


def text_many_cells(path: Path, cells: int = 300_000) -> Path:
    path.write_text("\n".join("\t".join(["x"] * 100) for _ in range(cells // 100)), "utf-8")
    return path


# ------------------------------------------------------------------ PDF


class _Pdf:
    """A PDF written object by object, with a correct cross-reference table."""

    def __init__(self) -> None:
        self.objects: list[bytes] = []

    def add(self, body: bytes) -> int:
        self.objects.append(body)
        return len(self.objects)

    def stream(self, data: bytes, extra: bytes = b"", *, compress: bool = True) -> int:
        if compress:
            data = zlib.compress(data, 9)
            extra += b" /Filter /FlateDecode"
        head = b"<< /Length %d%s >>\nstream\n" % (len(data), extra)
        return self.add(head + data + b"\nendstream")

    def save(self, path: Path, kids: list[int], pages_id: int) -> Path:
        kids_text = b" ".join(b"%d 0 R" % kid for kid in kids)
        self.objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
            kids_text,
            len(kids),
        )
        catalog = self.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(self.objects) + 1,
            catalog,
            xref,
        )
        path.write_bytes(bytes(out))
        return path


def _pdf_with_pages(
    path: Path,
    contents: list[bytes],
    *,
    media_box: bytes = b"[0 0 595 842]",
    xobjects: dict[bytes, bytes] | None = None,
) -> Path:
    pdf = _Pdf()
    pages_id = pdf.add(b"")  # filled in by save
    font = pdf.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    xobject_refs = b""
    for name, data in (xobjects or {}).items():
        form = pdf.stream(
            data,
            b" /Type /XObject /Subtype /Form /BBox [0 0 595 842]"
            b" /Resources << /Font << /F1 %d 0 R >> >>" % font,
        )
        xobject_refs += b"/%s %d 0 R " % (name, form)
    resources = b"<< /Font << /F1 %d 0 R >> /XObject << %s>> >>" % (font, xobject_refs)
    kids = []
    for content in contents:
        stream = pdf.stream(content)
        kids.append(
            pdf.add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox %s /Resources %s /Contents %d 0 R >>"
                % (pages_id, media_box, resources, stream)
            )
        )
    return pdf.save(path, kids, pages_id)


def pdf_many_pages(path: Path, pages: int = 3_000) -> Path:
    content = b"BT /F1 12 Tf 72 720 Td (Page of a very long budget) Tj ET"
    return _pdf_with_pages(path, [content] * pages)


def pdf_content_bomb(path: Path, megabytes: int = 500) -> Path:
    """One page whose content stream inflates to `megabytes` (spaces): ~1,000:1."""
    content = b"BT /F1 12 Tf 72 720 Td (x) Tj ET" + b" " * (megabytes * 1024 * 1024)
    return _pdf_with_pages(path, [content])


def pdf_many_chars(path: Path, chars: int = 2_000_000) -> Path:
    """One page printing `chars` characters at 0.1 pt from one short compressed string."""
    content = b"BT /F1 0.1 Tf 10 800 Td (" + b"a" * chars + b") Tj ET"
    return _pdf_with_pages(path, [content])


def pdf_repeated_form(path: Path, draws: int = 2_000, chars: int = 1_000) -> Path:
    """A small form XObject of `chars` characters drawn `draws` times: an alias in PDF."""
    form = b"BT /F1 0.1 Tf 10 800 Td (" + b"a" * chars + b") Tj ET"
    content = b"q /Fm1 Do Q " * draws
    return _pdf_with_pages(path, [content], xobjects={b"Fm1": form})


def pdf_huge_page(path: Path) -> Path:
    """A page ten million points wide, with a form title on it."""
    content = b"BT /F1 12 Tf 72 720 Td (Budget) Tj ET 0 0 m 10000000 10000000 l S"
    return _pdf_with_pages(path, [content], media_box=b"[0 0 10000000 10000000]")


def pdf_deep_nesting(path: Path, depth: int = 100_000) -> Path:
    """A page whose content nests `q` (save state) a hundred thousand times, and an array."""
    content = b"q " * depth + b"BT /F1 12 Tf 72 720 Td (x) Tj ET" + b" Q" * depth
    content += b" [" * depth + b"] " * depth
    return _pdf_with_pages(path, [content])


def zip_lying_sizes(path: Path, megabytes: int = 100) -> Path:
    """A .xlsx whose sheet inflates to `megabytes` but whose headers say 1,000 bytes."""
    xlsx_bomb(path, megabytes)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if data[start + name_at : start + name_at + len(name)] == name:
                data[start + size_at : start + size_at + 4] = (1000).to_bytes(4, "little")
            start += 4
    path.write_bytes(bytes(data))
    return path
