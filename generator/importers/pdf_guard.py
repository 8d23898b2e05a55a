"""Bounds on one PDF page, checked before pdfminer interprets it, and a time limit while it does.

pdfminer decompresses a content stream whole (`zlib.decompress`, no cap) and then makes an
object of every character: a page whose 1 MB stream inflates to 1 GB, or that prints millions
of tiny characters, would take the process down. The content streams of a page (and the form
XObjects it draws) are therefore measured first with a capped decompressor; the characters are
counted once read; and each page gets a few seconds of processor time, enforced with a timer
signal where one is available (the main thread on POSIX, as in the import's child process).
"""

from __future__ import annotations

import signal
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from generator.core.diagnostics import JixiaoUserError
from generator.importers.limits import (
    MAX_PAGE_CHARS,
    MAX_PAGE_CONTENT_BYTES,
    PAGE_SECONDS,
    capped_size,
)


class _PageTimeout(BaseException):
    """Raised by the timer; a BaseException so that no `except Exception` in a parser eats it."""


@contextmanager
def page_time_limit(number: int) -> Iterator[None]:
    """Stops reading page `number` after PAGE_SECONDS of processor time: a crafted page
    can keep pdfminer busy indefinitely, and one bad page must not hang a whole import."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    fired = []

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        fired.append(True)
        # An exception raised where Python ignores it (a garbage-collector callback, __del__)
        # is lost: ask again shortly, until one lands where it stops the page.
        signal.setitimer(signal.ITIMER_PROF, 0.05)
        raise _PageTimeout

    stopped = JixiaoUserError(
        f"第 {number} 页读取超过 {PAGE_SECONDS:.0f} 秒仍未完成，已停止；没有导入这个文件。"
        "正常的页面不到 1 秒就能读完，请确认文件是否正确"
    )
    # ITIMER_PROF counts the processor time of this process: a busy machine does not count.
    previous = signal.signal(signal.SIGPROF, on_alarm)
    signal.setitimer(signal.ITIMER_PROF, PAGE_SECONDS)
    try:
        yield
    except _PageTimeout:
        raise stopped from None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
    if fired:  # every raise was swallowed, and the page ended anyway: still over its time
        raise stopped


def check_page_content(pdf_page: Any, number: int) -> None:
    """The decompressed size of what the page draws, without decompressing more than the cap."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1

    page_obj = pdf_page.page_obj
    streams = [resolve1(ref) for ref in page_obj.contents]
    xobjects = resolve1((page_obj.resources or {}).get("XObject")) or {}
    if isinstance(xobjects, dict):
        for ref in xobjects.values():
            xobject = resolve1(ref)
            if isinstance(xobject, PDFStream) and _name(xobject.get("Subtype")) == "Form":
                streams.append(xobject)
    total = 0
    for stream in streams:
        if not isinstance(stream, PDFStream):
            continue
        raw = stream.get_rawdata()
        if raw is None:  # decoded already
            total += len(stream.get_data())
        else:
            filters = [f for f, _ in stream.get_filters()]
            if not filters:
                total += len(raw)
            elif len(filters) == 1 and filters[0] in LITERALS_FLATE_DECODE:
                total += capped_size(_inflated(raw), MAX_PAGE_CONTENT_BYTES - total)
            # other filter chains are rare in content streams; the memory budget covers them
        if total > MAX_PAGE_CONTENT_BYTES:
            raise JixiaoUserError(
                f"第 {number} 页的内容解压后超过 {MAX_PAGE_CONTENT_BYTES // (1024 * 1024)} MB"
                "（正常的页面约 100 KB），像是“压缩炸弹”；没有导入这个文件"
            )


def check_page_chars(count: int, number: int) -> None:
    """Refuses a page with more characters than any real page, before they are laid out."""
    if count > MAX_PAGE_CHARS:
        raise JixiaoUserError(
            f"第 {number} 页有 {count:,} 个字符，超过一页的上限 {MAX_PAGE_CHARS:,} 个"
            "（一页申报表约几千字）；没有导入这个文件"
        )


def _inflated(raw: bytes) -> Iterator[bytes]:
    """What a Flate stream inflates to, a megabyte at a time, so that the caller can stop."""
    inflater = zlib.decompressobj()
    pending = raw
    try:
        while pending:
            yield inflater.decompress(pending, 1024 * 1024)
            pending = inflater.unconsumed_tail
    except zlib.error:
        return  # damaged data: pdfminer reports it (or recovers what it can)


def _name(value: object) -> str:
    return str(getattr(value, "name", value))
