"""The command line as the tests call it: in process, a traceback always failing the test."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import main


def run(*args: str | Path) -> Result:
    """`jixiao ARGS…`; its exit code and output, or the exception a bug raised: a traceback is a
    bug whatever the exit code, never an answer."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result
