"""Which reader reads an input file, and what the file really is whatever its name says.

Each reader turns a file into rows of cells (`grid.SourceDocument`): `text_source` (tab-separated
text), `xlsx`, `xls`, `word` (.docx) and `pdf`. `read_source` checks the file's size, then runs
the reader in a limited child process (`sandbox`), after the file's first bytes have said that it
is what its extension says.
"""

from __future__ import annotations

import functools
import zipfile
from collections.abc import Callable
from pathlib import Path

from generator.core.diagnostics import JixiaoUserError
from generator.importers.grid import SourceDocument
from generator.importers.limits import check_file_size
from generator.importers.pdf import read_pdf
from generator.importers.sandbox import read_isolated
from generator.importers.text_source import decode_text, read_csv, read_text
from generator.importers.word import read_docx
from generator.importers.xls import read_xls
from generator.importers.xlsx import read_xlsx

__all__ = [
    "READERS",
    "read_csv",
    "read_docx",
    "read_pdf",
    "read_source",
    "read_text",
    "read_xls",
    "read_xlsx",
]


READERS = {
    ".txt": read_text,
    ".text": read_text,
    ".csv": read_csv,
    ".xlsx": read_xlsx,
    ".xls": read_xls,
    ".docx": read_docx,
    ".pdf": read_pdf,
}


def read_source(path: Path) -> SourceDocument:
    """Any supported file as rows of cells, after its size is checked and, where possible,
    in a limited child process (what the file really is is told there too: that opens the ZIP
    directory or reads the whole OLE file): the recogniser never sees where the rows came from."""
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        # the current formats first, then the old one jixiao also reads
        supported = "、".join(sorted(READERS, key=lambda name: (name in _OLD_FORMATS, name)))
        advice = _OTHER_FORMATS.get(suffix, "")
        raise JixiaoUserError(
            f"{path}：不支持的文件类型 {path.suffix or '（无扩展名）'}；支持 {supported}"
            + (f"。{advice}" if advice else "")
        )
    if not path.is_file():
        raise JixiaoUserError(f"{path}：文件不存在")
    check_file_size(path)
    return read_isolated(functools.partial(_read_as_named, reader), path)


# What to do with the other formats a budget form is published or kept in, in the words its
# users know (WPS's own formats, the national fixed-layout format OFD, web pages, scans).
_SAVE_AS = "用{app}打开，“另存为” {target} 后再导入"
_OTHER_FORMATS = {
    ".doc": "旧版 Word 文档请" + _SAVE_AS.format(app=" Word 或 WPS ", target=".docx"),
    ".wps": "WPS 文字文档请" + _SAVE_AS.format(app=" WPS ", target=".docx"),
    ".et": "WPS 表格文件请" + _SAVE_AS.format(app=" WPS ", target=".xlsx"),
    ".ett": "WPS 表格模板请" + _SAVE_AS.format(app=" WPS ", target=".xlsx"),
    ".ods": "OpenDocument 表格请"
    + _SAVE_AS.format(app=" WPS、LibreOffice 或 Excel ", target=".xlsx"),
    ".odt": "OpenDocument 文档请"
    + _SAVE_AS.format(app=" WPS、LibreOffice 或 Word ", target=".docx"),
    ".rtf": "RTF 文档请" + _SAVE_AS.format(app=" Word 或 WPS ", target=".docx"),
    ".ofd": (
        "OFD 版式文件（国家标准的电子公文格式）请用数科、福昕等 OFD 阅读器“另存为”或“导出”为 PDF 后"
        "再导入；导出后请确认 PDF 中的文字可以选中复制"
    ),
    **dict.fromkeys(
        (".html", ".htm"),
        "网页请在浏览器中打开，把表格复制到 Excel 或 WPS 表格，保存为 .xlsx 后再导入",
    ),
    **dict.fromkeys(
        (".mht", ".mhtml"), "单个文件网页请用 Word 或 Excel 打开，另存为 .docx 或 .xlsx 后再导入"
    ),
    **dict.fromkeys((".zip", ".rar", ".7z"), "压缩包请先解压，再导入其中的申报表文件"),
    **dict.fromkeys(
        (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif"),
        "图片（扫描件或截图）里没有可读取的文字，jixiao 不做文字识别；请找到原表的电子版"
        "（PDF、Excel、Word），或把表格录入 Excel 后再导入",
    ),
}


def _read_as_named(reader: Callable[[Path], SourceDocument], path: Path) -> SourceDocument:
    """`reader(path)`, once the file's content is known to be what its extension says."""
    _refuse_other_kind(path)
    return reader(path)


_OLD_FORMATS = frozenset({".xls"})
# What a file is, whatever its name says: its first bytes, and for a ZIP the parts it holds.
_OLE2 = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97–2003 (.xls, .doc), and encrypted .xlsx/.docx
)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OTHER_ZIP = ".zip"  # a whole ZIP archive holding neither a workbook nor a Word document
_ENCRYPTED = "encrypted"  # an .xlsx or .docx with a password to open: an OLE file, not a ZIP
_KIND_NAMES = {
    ".xlsx": "一份 Excel 工作簿（.xlsx）",
    ".docx": "一份 Word 文档（.docx）",
    ".pdf": "一份 PDF 文件（.pdf）",
    ".xls": "一份旧版 Excel 工作簿（.xls）",
    ".doc": "一份旧版 Word 文档（.doc）",
}


def _real_kind(path: Path, head: bytes) -> str | None:
    """The extension the file's content says it has (.xlsx, .docx, .pdf, .xls, .doc,
    `_OTHER_ZIP` for an archive of other parts, `_ENCRYPTED` for a password-protected
    .xlsx or .docx), or None when its first bytes name no kind jixiao knows (a text file, a
    web page, an unknown one) or the archive is damaged."""
    if head.startswith(b"%PDF"):
        return ".pdf"
    if head.startswith(_ZIP):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None  # a damaged archive: its reader says so
        if any(name.startswith("word/") for name in names):
            return ".docx"
        if any(name.startswith("xl/") for name in names):
            return ".xlsx"
        return _OTHER_ZIP
    if head.startswith(_OLE2):
        # The compound file names its streams in UTF-16: Workbook (or Book), WordDocument, or
        # EncryptedPackage for an Office 2007+ file encrypted with a password.
        raw = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in raw:
            return _ENCRYPTED
        if "WordDocument".encode("utf-16-le") in raw:
            return ".doc"
        return ".xls"
    return None


def _refuse_other_kind(path: Path) -> None:
    """Refuses, in words that say what to do, a file whose content is not what its extension
    says (an .xls or a Word document renamed .xlsx, a web page or a text saved as .xls, a ZIP
    archive of other files), an empty file and a truncated archive: their readers would fail
    with a library's English message, or read a web page's markup as cells."""
    suffix = path.suffix.lower()
    with path.open("rb") as stream:
        head = stream.read(8)
    if not head:
        raise JixiaoUserError(
            f"{path}：文件是空的（0 字节），没有内容可导入；请确认文件是否下载或复制完整，"
            "重新取得原文件后再导入"
        )
    if suffix in (".txt", ".text"):
        return  # a text file has no signature; a binary one is refused by its decoding
    kind = _real_kind(path, head)
    if kind == _ENCRYPTED:
        program = "Excel" if suffix in (".xlsx", ".xls") else "Word"
        raise JixiaoUserError(
            f"{path}：这个文件设置了打开密码（已加密），无法读取；请用 {program} 或 WPS "
            "输入密码打开，取消加密（“文件”→“信息”→“用密码进行加密”，清空密码），"
            "保存后再导入"
        )
    if kind == _OTHER_ZIP:
        if suffix not in (".xlsx", ".docx", ".xls"):
            return
        raise JixiaoUserError(
            f"{path}：这个文件是一个 ZIP 压缩包，但不是{_KIND_NAMES[suffix]}"
            "（里面没有 Office 文件应有的部件）；如果申报表在压缩包里，请先解压，"
            "取出其中的文件后再导入；如果它是其他程序的格式（如 .ods、.odt），"
            f"请用能打开它的程序另存为 {'.xlsx' if suffix == '.xls' else suffix} 后再导入"
        )
    if kind is None:
        _refuse_web_page(path, suffix)
        if suffix == ".xls":
            _refuse_text_as_xls(path)
            return  # perhaps a BIFF stream without its OLE wrapper: xlrd reads those
        if head.startswith(_ZIP) and suffix in (".xlsx", ".docx"):
            raise JixiaoUserError(
                f"{path}：文件不完整或已损坏（压缩包的目录缺失，常见于没有下载完的文件）；"
                "请重新下载或从原处再复制一份，用 Excel、WPS 或 Word 能打开后再导入"
            )
        if suffix in (".xlsx", ".docx") and not head.startswith(_ZIP):
            raise JixiaoUserError(
                f"{path}：文件内容不是{_KIND_NAMES[suffix]}（文件开头不是这种格式应有的样子），"
                f"可能已损坏或扩展名不对；请用能打开它的程序打开，另存为 {suffix} 后再导入"
            )
        return
    if kind == suffix:
        return
    if kind in READERS:
        raise JixiaoUserError(
            f"{path}：这个文件实际是{_KIND_NAMES[kind]}，扩展名却是 {path.suffix}；"
            f"请把扩展名改为 {kind} 后再导入"
        )
    raise JixiaoUserError(
        f"{path}：这个文件实际是{_KIND_NAMES[kind]}，扩展名却是 {path.suffix}，"
        "jixiao 不能直接读取这种旧格式；请用 Word 或 WPS 打开，“另存为” .docx 后再导入"
    )


# What an office file downloaded from a web system often really is: a page of markup.
_MARKUP_HEAD = 4096
_HTML_TAGS = (b"<html", b"<!doctype html", b"<table", b"<head", b"<body", b"<meta", b"<style")
_XML_SPREADSHEET = (b"urn:schemas-microsoft-com:office:spreadsheet", b'progid="excel.sheet"')


def _refuse_web_page(path: Path, suffix: str) -> None:
    """Refuses a web page (HTML, a single-file MHT page) or an Excel 2003 XML spreadsheet
    named .xls, .xlsx, .docx or .pdf: web systems export a `<table>` page under an .xls name,
    and Excel and WPS open it, but its markup is not cells jixiao can read faithfully."""
    with path.open("rb") as stream:
        head = stream.read(_MARKUP_HEAD).lower()
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        head = head.removeprefix(bom)
    head = head.replace(b"\0", b"")  # a UTF-16 page: its ASCII tags, byte by byte
    start = head.lstrip()
    what = None
    if start.startswith(b"<") and any(tag in head for tag in _XML_SPREADSHEET):
        what = "一份 XML 电子表格（Excel 2003 XML 格式）"
    elif start.startswith(b"<") and any(tag in head for tag in _HTML_TAGS):
        what = "一个网页（HTML 表格）"
    elif start.startswith(b"mime-version:") or b"multipart/related" in head:
        what = "一个单个文件网页（.mht / .mhtml）"
    if what is None:
        return
    if suffix == ".pdf":
        todo = (
            "常见于下载链接给出的是网页而不是文件本身；请在浏览器中打开原链接，"
            "下载真正的 PDF 后再导入"
        )
    elif suffix == ".docx":
        todo = "请用 Word 或 WPS 打开它，“另存为” Word 文档（.docx）后再导入"
    else:
        todo = (
            "网上办事和预算系统常把网页表格存成 .xls 供下载，Excel 和 WPS 能打开，"
            "但它不是 Excel 工作簿，jixiao 不读网页；请用 Excel 或 WPS 打开它，"
            "“另存为” Excel 工作簿（.xlsx）后再导入"
        )
    raise JixiaoUserError(f"{path}：这个文件实际是{what}，扩展名却是 {path.suffix}；{todo}")


def _refuse_text_as_xls(path: Path) -> None:
    """Refuses a text export (tab-separated, CSV, plain) named .xls: a tab-separated one is
    what `read_text` reads, under its own name."""
    raw = path.read_bytes()
    if b"\0" in raw[:_MARKUP_HEAD]:
        return  # binary: not a text
    try:
        text, encoding = decode_text(raw)
    except JixiaoUserError:
        return
    if "\t" in text:
        raise JixiaoUserError(
            f"{path}：这个文件实际是制表符分隔的文本（{encoding}），不是 Excel 工作簿，"
            "扩展名却是 .xls；请把扩展名改为 .txt 后再导入（jixiao 按单元格读取这种文本），"
            "或用 Excel 或 WPS 打开，“另存为” .xlsx 后再导入"
        )
    what = "逗号分隔的文本（CSV）" if "," in text or "，" in text else "纯文本"
    raise JixiaoUserError(
        f"{path}：这个文件实际是{what}（{encoding}），不是 Excel 工作簿，扩展名却是 .xls；"
        "请用 Excel 或 WPS 打开，“另存为” Excel 工作簿（.xlsx）后再导入"
    )
