"""Reads one import file in a child process with a memory and a time budget.

The bounds in `importers.limits` refuse what can be told before reading; but openpyxl, lxml and
pdfminer are large parsers of hostile formats, and a file may find a way to make one of them
allocate gigabytes or loop for minutes that no bound foresaw. So the reader runs in a forked
child whose address space is capped (`RLIMIT_AS`) and whose processor time is capped
(`RLIMIT_CPU`: processor time, not wall time, so that a busy machine does not refuse a good
file); a wall-clock limit in the parent is the last resort. A file that exhausts any of them is
refused with a clear message, and the other files are imported.

The child sends the document back as JSON over a pipe: plain data, never pickled objects.
Where `fork` is not available (Windows, macOS' default), the reader runs in this process with
the bounds alone.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from types import FrameType
from typing import Any

from generator.core.diagnostics import JixiaoUserError
from generator.importers.grid import (
    Cell,
    NarrativePage,
    RoundedNumber,
    SourceDocument,
    SourceRow,
)

READ_CPU_SECONDS = 20  # processor time for one file; a 60-page budget PDF takes about 2 s
READ_WALL_SECONDS = 60.0  # the parent's last resort, for a child that neither works nor ends
MEGABYTE = 1024 * 1024
# What the child may map beyond what it inherited (`jixiao` with every reader loaded maps about
# 90 MB), so that its resident memory stays under 1 GB. A 60-page budget PDF needs about 100 MB.
READ_MEMORY_BYTES = 640 * MEGABYTE

Reader = Callable[[Path], SourceDocument]


def can_isolate() -> bool:
    """Whether files can be read in a limited child process here (Linux, with fork)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def read_isolated(reader: Reader, path: Path) -> SourceDocument:
    """`reader(path)` in a child process under READ_MEMORY_BYTES and READ_CPU_SECONDS."""
    if not can_isolate():
        return reader(path)
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_read_in_child, args=(reader, path, send), daemon=True)
    child.start()
    send.close()
    payload: bytes | None = None
    started = time.monotonic()
    try:
        if receive.poll(READ_WALL_SECONDS):
            try:
                payload = receive.recv_bytes()
            except EOFError:
                payload = None  # the child died before it could answer
        elif child.is_alive():
            raise JixiaoUserError(_too_slow(READ_WALL_SECONDS))
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    if payload is None:
        if child.exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
            raise JixiaoUserError(_too_slow(READ_CPU_SECONDS))
        elapsed = time.monotonic() - started
        raise JixiaoUserError(
            f"{_OUT_OF_MEMORY}（读取程序异常退出，退出码 {child.exitcode}，"
            f"用时 {elapsed:.1f} 秒）；没有导入这个文件。请确认文件是否正确，或拆分后再导入"
        )
    answer = json.loads(payload)
    if "error" in answer:
        raise JixiaoUserError(str(answer["error"]))
    return document_from_json(answer["document"])


def unreadable(path: Path | str) -> str:
    """What to say of a file a library could not read: in words, never its English message."""
    return (
        f"{path}：无法读取这个文件，它可能已损坏，或者内容与扩展名不符；"
        "请用 Excel、WPS、Word 或 PDF 阅读器打开确认，另存一份后再导入"
    )


_OUT_OF_MEMORY = f"读取时超出内存上限 {READ_MEMORY_BYTES // MEGABYTE:,} MB"


def _too_slow(seconds: float) -> str:
    return (
        f"读取超过 {seconds:.0f} 秒仍未完成，已停止；没有导入这个文件。"
        "申报表文件通常几秒内读完，请确认文件是否正确，或拆分后再导入"
    )


class _OutOfTime(BaseException):
    """SIGXCPU, as an exception that no `except Exception` inside a parser can swallow."""


def _on_cpu_limit(signum: int, frame: FrameType | None) -> None:
    raise _OutOfTime


def _mapped_bytes() -> int:
    """The address space this process has mapped already (Linux), 0 when unknown."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def _read_in_child(reader: Reader, path: Path, send: Connection) -> None:
    import resource

    sys.settrace(None)  # a debugger's or test tool's tracer has no business in the reader
    limit = _mapped_bytes() + READ_MEMORY_BYTES
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.signal(signal.SIGXCPU, _on_cpu_limit)  # at the soft limit; SIGKILL at the hard one
    resource.setrlimit(resource.RLIMIT_CPU, (READ_CPU_SECONDS, READ_CPU_SECONDS + 5))
    answer: dict[str, Any]
    try:
        answer = {"document": document_to_json(reader(path))}
    except JixiaoUserError as exc:
        answer = {"error": str(exc)}
    except _OutOfTime:
        answer = {"error": _too_slow(READ_CPU_SECONDS)}
    except MemoryError:
        answer = {"error": f"{_OUT_OF_MEMORY}；没有导入这个文件"}
    except RecursionError:
        answer = {"error": "文件的结构嵌套过深，无法读取；没有导入这个文件"}
    except Exception:  # a damaged xlsx/docx: say so, the parent goes on with the others
        answer = {"error": unreadable(path)}
    try:
        send.send_bytes(json.dumps(answer, ensure_ascii=False).encode("utf-8"))
        send.close()
    except BaseException:  # no memory left even for the answer: the parent says so
        os._exit(1)
    # End here: the exit handlers this child inherited (thread pools, a browser driver, a test
    # runner's) belong to the parent and must not run twice.
    os._exit(0)


def document_to_json(document: SourceDocument) -> dict[str, Any]:
    """A source document as plain JSON, the only thing the child process hands back: no
    pickle, so that a hostile file cannot make the parent run anything."""
    return {
        "path": document.path,
        "rows": [
            {
                "cells": [[c.text, c.column, c.where] for c in row.cells],
                "table": row.table,
                "page": row.page,
            }
            for row in document.rows
        ],
        "notes": list(document.notes),
        "remarks": list(document.remarks),
        "problems": list(document.problems),
        "narratives": [[n.page, n.text] for n in document.narratives],
        "paged": document.paged,
        "rounded": [[r.where, r.shown, r.stored] for r in document.rounded],
    }


def document_from_json(data: dict[str, Any]) -> SourceDocument:
    """The child's JSON back as a document; a malformed answer raises, it is never trusted."""
    return SourceDocument(
        str(data["path"]),
        tuple(
            SourceRow(
                tuple(
                    Cell(str(text), int(column), str(where)) for text, column, where in row["cells"]
                ),
                row["table"],
                row["page"],
            )
            for row in data["rows"]
        ),
        tuple(data["notes"]),
        remarks=tuple(data["remarks"]),
        problems=tuple(data["problems"]),
        narratives=tuple(NarrativePage(int(page), str(text)) for page, text in data["narratives"]),
        paged=bool(data["paged"]),
        rounded=tuple(
            RoundedNumber(str(where), str(shown), str(stored))
            for where, shown, stored in data["rounded"]
        ),
    )
