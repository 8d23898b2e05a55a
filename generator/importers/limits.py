"""Bounds on what one import file may make jixiao do, checked before the expensive work.

Import files come from elsewhere: a 4.9 KB .xlsx whose one cell stands at XFD1048576, a .docx or
.xlsx whose parts decompress 2,000-fold, a PDF of 3,000 pages or of millions of tiny characters.
Each bound below is far above what a real department-budget file holds (20–60 pages, a few
hundred KB of spreadsheet XML), and each refusal names the bound and what to do, in Chinese.
The whole read also runs under a memory and time budget (`importers.sandbox`).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from generator.core.diagnostics import JixiaoUserError

MB = 1024 * 1024

# The file on disk, before anything reads it.
MAX_SOURCE_BYTES = {
    ".txt": 20 * MB,
    ".text": 20 * MB,
    ".csv": 20 * MB,
    ".xlsx": 20 * MB,
    ".xls": 20 * MB,
    ".docx": 20 * MB,
}
MAX_PDF_BYTES = 100 * MB
# .xlsx and .docx are ZIP archives of XML parts.
MAX_ZIP_MEMBERS = 2_000
MAX_ZIP_TOTAL_BYTES = 64 * MB  # all parts together, decompressed
MAX_ZIP_RATIO = 1_000  # a part this many times smaller compressed than decompressed …
RATIO_CHECKED_FROM = 1 * MB  # … and at least this large decompressed is a compression bomb
# What the readers produce: cells of a sheet or Word tables, lines of a text file.
MAX_CELLS = 200_000  # a form has about 100 non-empty cells
MAX_CELL_CHARS = 20_000  # the longest field (a goal) may hold 5,000
MAX_TEXT_LINES = 500_000
MAX_MERGED_RANGES = 50_000  # in one .xls sheet; a form merges about 50 ranges
MAX_DOCX_TABLES = 5_000
MAX_TABLE_ROWS = 5_000
# PDF.
MAX_PDF_PAGES = 1_000
MAX_PAGE_CHARS = 100_000  # a dense A4 page holds about 5,000
MAX_PAGE_CONTENT_BYTES = 4 * MB  # a page's content streams, decompressed; real pages: ~100 KB
PAGE_SECONDS = 5.0  # one page; a real page takes about 0.03 s


def capped_size(chunks: Iterable[bytes], cap: int) -> int:
    """The length of what `chunks` decompress to, read no further than the first chunk that
    goes past `cap`: a declared size may lie, so what is counted is what actually came out,
    and a compression bomb is stopped after at most one chunk more than the cap."""
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > cap:
            break
    return size


def _size(number: int) -> str:
    return f"{number / MB:,.1f} MB" if number >= MB else f"{number:,} 字节"


def check_file_size(path: Path) -> None:
    """Refuses a file larger than any real form before a byte of it is read."""
    limit = MAX_SOURCE_BYTES.get(path.suffix.lower(), MAX_PDF_BYTES)
    size = path.stat().st_size
    if size > limit:
        raise JixiaoUserError(
            f"文件有 {_size(size)}，超过上限 {_size(limit)}；没有读取。"
            "申报表文件通常只有几百 KB，请确认文件是否正确，或拆分后再导入。"
        )


def check_zip(path: Path, kind: str) -> None:
    """Reads the ZIP directory and decompresses every part with a running cap.

    The sizes in a ZIP header may lie; `zipfile` never returns more than a member's declared
    size and checks its CRC, and the cap below counts what actually came out.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise JixiaoUserError(
            f"不是有效的 {kind} 文件（无法作为 ZIP 压缩包打开），可能已损坏"
        ) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise JixiaoUserError(
                f"{kind} 文件内有 {len(members):,} 个部件，"
                f"超过上限 {MAX_ZIP_MEMBERS:,} 个；没有读取"
            )
        declared = sum(member.file_size for member in members)
        if declared > MAX_ZIP_TOTAL_BYTES:
            raise JixiaoUserError(_too_large(kind, declared))
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size >= RATIO_CHECKED_FROM and ratio > MAX_ZIP_RATIO:
                raise JixiaoUserError(
                    f"{kind} 文件内的 {member.filename} 压缩比为 {ratio:,.0f}:1"
                    f"（解压后 {_size(member.file_size)}），超过 {MAX_ZIP_RATIO:,}:1，"
                    "像是“压缩炸弹”；没有读取"
                )
        total = 0
        try:
            for member in members:
                with archive.open(member) as stream:
                    chunks = iter(partial(stream.read, MB), b"")
                    total += capped_size(chunks, MAX_ZIP_TOTAL_BYTES - total)
                if total > MAX_ZIP_TOTAL_BYTES:
                    raise JixiaoUserError(_too_large(kind, total))
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
            # a bad CRC, a size that lied, an encrypted or unsupported part
            raise JixiaoUserError(f"{kind} 文件已损坏或加密，无法读取其中的部件") from None


def _too_large(kind: str, size: int) -> str:
    return (
        f"{kind} 文件解压后超过 {_size(size)}，上限 {_size(MAX_ZIP_TOTAL_BYTES)}；没有读取。"
        "申报表工作簿或文档解压后通常只有几 MB，请确认文件是否正确"
    )


def check_cell_count(count: int, where: str) -> None:
    """Stops a reader that has produced more cells than any real file holds."""
    if count > MAX_CELLS:
        raise JixiaoUserError(
            f"{where}：非空单元格超过 {MAX_CELLS:,} 个，已停止读取；"
            "一份申报表约 100 格，请拆分文件后再导入"
        )


def check_merged_ranges(count: int, sheet: str) -> None:
    """Refuses an .xls sheet with more merged ranges than any real sheet, before they are
    sorted and walked."""
    if count > MAX_MERGED_RANGES:
        raise JixiaoUserError(
            f"工作表“{sheet}”有 {count:,} 个合并区域，超过上限 {MAX_MERGED_RANGES:,} 个；"
            "没有导入这个文件。一份申报表约 50 个合并区域，请确认文件是否正确"
        )


def check_cell_text(text: str, where: str) -> None:
    """Refuses a cell longer than any real field, before it reaches the recogniser."""
    if len(text) > MAX_CELL_CHARS:
        raise JixiaoUserError(
            f"{where}有 {len(text):,} 个字符，超过一格的上限 {MAX_CELL_CHARS:,} 个；"
            "没有导入这个文件。"
            "请确认文件是否正确"
        )


@contextmanager
def xml_errors(kind: str) -> Iterator[None]:
    """lxml's refusals (depth over 256, a text node over 10 MB, no memory left) in Chinese."""
    from lxml.etree import XMLSyntaxError

    try:
        yield
    except XMLSyntaxError as exc:
        raise JixiaoUserError(
            f"{kind} 文件中的 XML 无法解析（{exc.msg}）：文件可能已损坏、嵌套过深，"
            "或超出了读取的内存上限；没有导入这个文件"
        ) from None
