"""Fuzzing the strict YAML loader and the checks behind it: any bytes give diagnostics, fast.

Whatever a pull request puts in a declaration file, `jixiao check` answers with its own
diagnostics (one line each), never a traceback, and within a time budget per file.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.diagnostics import Diagnostic, Severity
from generator.load.corpus import _load_file
from generator.load.yaml_source import load_yaml_bytes
from tests.conftest import CONTENT

SEED_TEXT = (CONTENT / "2024/baoshan-zonggonghui/zhengfu-shishi-gonghui-huiyuanka.yaml").read_text(
    "utf-8"
)
# Pieces a hostile or clumsy author would combine: YAML syntax, the form's keys, money, targets,
# invisible and look-alike characters, encodings' traps.
TOKENS = [
    "年度", "项目名称", "项目资金", "项目资金总额", "绩效指标", "产出指标", "数量指标", "三级指标",
    "年度指标值", "资金单位", "元", "万元", ":", ": ", " ", "  ", "\n", "\n  ", "\n    - ", "- ",
    "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!!python/object:os.system ", "<<: ", "? ",
    "'", '"', "#", "|", ">", "---\n", "...\n", "%YAML 1.1\n", "1,846,000.00", "0.00", "-1",
    "1e400", "9" * 40, "≥", "%", "@", "=", "\t", "\r", "\ufeff", "\x00", "\x85", "\u2028",
    "\u202e", "\u200b", "\uf967", "e\u0301", "\ud7ff", "2024-01-01", "NO", "~", "null", "\\",
]  # fmt: skip
BUDGET_MS = 3000  # per example, on a busy 2-core machine; a real file takes milliseconds


def _assert_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        assert isinstance(diagnostic, Diagnostic)
        assert diagnostic.severity in (Severity.ERROR, Severity.WARNING)
        assert diagnostic.code and diagnostic.message
        line = diagnostic.format()
        assert "\n" not in line and "\r" not in line  # one problem, one line
        diagnostic.to_json()


def _check(raw: bytes) -> None:
    document, problems = load_yaml_bytes(raw, "fuzz.yaml")
    _assert_diagnostics(problems)
    if document is None:
        assert any(p.severity is Severity.ERROR for p in problems)
    result = _load_file("fuzz.yaml", raw)  # the loader, the schema and every rule
    _assert_diagnostics(result.diagnostics)


fuzz = settings(
    max_examples=100,
    deadline=BUDGET_MS,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@fuzz
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(raw: bytes) -> None:
    _check(raw)


@fuzz
@given(st.text(max_size=2000))
def test_arbitrary_text(text: str) -> None:
    _check(text.encode("utf-8", "surrogatepass"))


@fuzz
@given(st.lists(st.sampled_from(TOKENS), max_size=300))
def test_yaml_like_text(tokens: list[str]) -> None:
    _check("".join(tokens).encode("utf-8", "surrogatepass"))


@st.composite
def _mutated_declaration(draw: st.DrawFn) -> str:
    text = SEED_TEXT
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
    return text


@fuzz
@given(_mutated_declaration())
def test_mutated_real_declaration(text: str) -> None:
    _check(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=5, deadline=BUDGET_MS * 3)
@given(st.integers(1, 5))
def test_deep_nesting_and_long_files_stay_within_budget(scale: int) -> None:
    _check(("[" * 5000 * scale + "]" * 5000 * scale).encode())
    _check(("a:\n" + "  " * 200 * scale + "b: c\n").encode())
    _check(("- x\n" * 30_000 * scale).encode())


def test_seed_itself_is_clean(tmp_path: Path) -> None:
    result = _load_file("seed.yaml", SEED_TEXT.encode())
    assert result.declaration is not None
