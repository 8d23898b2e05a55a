"""The reader's fast paths give exactly what the strict, value-by-value paths give.

`yaml_source.parse_yaml` first reads a file with a lean loop and falls back to the strict
builder at anything unusual; `checks._check_characters` first looks at the whole text and
falls back to checking each key and value. Both shortcuts exist for speed only, so these tests
compare them with the slow paths on hostile and random text: same values, same positions, same
diagnostics, or the shortcut declines.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.diagnostics import Position, Severity
from generator.core.unicode_checks import text_is_plain
from generator.load import corpus, yaml_source
from generator.load.checks import check_document_characters
from generator.load.yaml_source import YamlDocument, _parse_strictly, _read_well_formed, parse_yaml
from tests.conftest import CONTENT
from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path

PATH = "content/2024/dept/x.yaml"

# YAML syntax, the form's keys, and every kind of character the checks look for, including
# the ways YAML can make a character that the text does not show (escapes, line breaks).
TOKENS = [
    "年度", "项目名称", "绩效指标", "三级指标", "年度指标值", "自评得分", ":", ": ", " ", "  ",
    "\n", "\n  ", "\n    - ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!x ",
    "<<: ", "? ", "'", "''", '"', "#", "|", "|-\n  ", ">", ">\n  ", "---\n", "...\n",
    "%YAML 1.1\n", "~", "null",
    "\\", "\\u200b", "\\t", "\\n", "\\x85", "\\e", "\\\n", "\t", "\r", "\r\n", "\x85",
    "\u2028", "\u2029", "\u3000", "\u00a0", "\ufeff", "\u200b", "\u202e", "\u00ad",
    "\ue000", "\U000f0000", "\u0378", "\uf967", "\u4e0d", "e\u0301", "\u0301", "\u0308",
    "\u00e9", "\u1100\u1161", "\uac00", "\u212b", "≥85%", "1,846,000.00", "x", "甲",
]  # fmt: skip

fuzz = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
texts = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=120).map("".join),
    st.text(max_size=400),
)


def _same_document(fast: YamlDocument, strict: YamlDocument) -> None:
    assert fast.data == strict.data
    assert type(fast.data) is type(strict.data)
    assert fast.source_map.keys == strict.source_map.keys
    assert fast.source_map.values == strict.source_map.values
    assert fast.text == strict.text


@fuzz
@given(texts)
def test_lean_loop_reads_what_the_strict_builder_reads_without_problems(text: str) -> None:
    fast = _read_well_formed(text)
    strict, problems = _parse_strictly(text, PATH)
    if fast is None:
        return  # declined: parse_yaml gives the strict reading, whatever it is
    assert problems == []
    assert strict is not None
    _same_document(fast, strict)


@fuzz
@given(texts)
def test_whole_text_character_check_agrees_with_the_value_by_value_check(text: str) -> None:
    document, _ = parse_yaml(text, PATH)
    if document is None:
        return
    value_by_value = YamlDocument(document.data, document.source_map, None)

    def found(checked: YamlDocument) -> list[tuple[str, str, str]]:
        # Without the text a problem is placed at its value, with it at the character itself.
        return [(d.code, d.field, d.message) for d in check_document_characters(checked, PATH)]

    assert found(document) == found(value_by_value)
    if text_is_plain(text):
        assert check_document_characters(value_by_value, PATH) == []


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\n",
        "a: *x\n",
        "a: !!str 1\n",
        "<<: {a: 1}\n",
        "a: 1\na: 2\n",
        "'': 1\n",
        "? [a]\n: 1\n",
        "a: 1\n---\nb: 2\n",
        "",
        "# only a comment\n",
        "''\n",
        "a: [\n",
        "a: \x01\n",
        "[" * 18 + "]" * 18,
    ],
)
def test_lean_loop_declines_everything_the_strict_builder_reports(text: str) -> None:
    assert _read_well_formed(text) is None
    _, problems = parse_yaml(text, PATH)
    assert problems  # ... and the strict builder does report it


@pytest.mark.parametrize(
    "text",
    [
        "a: \\u200b\n",  # not an escape outside double quotes, yet a backslash: checked per value
        'a: "\\u200b"\n',
        'a: "x\\\n  y"\n',
        "a: x\u200by\n",
        "a: \u4e0d\uf967\n",
        "a: e\u0301\n",
    ],
)
def test_whole_text_check_declines_every_text_that_might_hide_a_character(text: str) -> None:
    assert not text_is_plain(text)


def test_spacing_keeps_a_text_plain() -> None:
    # U+3000, U+2028, a tab and CR are not printable, yet no check reports them in a value.
    assert text_is_plain("名称: 甲\u3000乙\r\n说明: 第一段\u2028第二段 \u00a0\n备注:\t丙\n")


def _content_files() -> list[Path]:
    return sorted(CONTENT.rglob("*.yaml"))


@pytest.mark.parametrize("path", _content_files(), ids=lambda p: p.name)
def test_the_shipped_content_takes_the_fast_paths(path: Path) -> None:
    text = path.read_text("utf-8")
    document = _read_well_formed(text)
    assert document is not None
    strict, problems = _parse_strictly(text, str(path))
    assert problems == [] and strict is not None
    _same_document(document, strict)
    assert text_is_plain(text)


def test_synthetic_declarations_and_evaluations_take_the_fast_paths(tmp_path: Path) -> None:
    synth.generate(tmp_path / "content", 12, layouts="mixed", evaluations=1.0)
    files = sorted((tmp_path / "content").rglob("*.yaml"))
    assert any(f.name.endswith(".自评.yaml") for f in files)
    for path in files:
        text = path.read_text("utf-8")
        document = _read_well_formed(text)
        assert document is not None, path
        strict, problems = _parse_strictly(text, str(path))
        assert problems == [] and strict is not None
        _same_document(document, strict)
        assert text_is_plain(text), path


@pytest.mark.parametrize(
    "parser",
    [
        pytest.param(
            getattr(yaml, "CSafeLoader", None),
            id="libyaml",
            marks=pytest.mark.skipif(not yaml.__with_libyaml__, reason="no libyaml"),
        ),
        pytest.param(yaml.SafeLoader, id="pure-python"),
    ],
)
def test_both_parsers_take_the_lean_loop(parser: type, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "_Parser", parser)
    text = "年度: '2024'\n绩效指标:\n  - 三级指标: 甲\n    年度指标值:\n"
    document = _read_well_formed(text)
    assert document is not None
    assert document.data == {"年度": "2024", "绩效指标": [{"三级指标": "甲", "年度指标值": None}]}
    assert document.source_map.locate(("绩效指标", 0, "年度指标值")) == Position(4, 11)
    assert document.source_map.locate_key(("绩效指标", 0, "年度指标值")) == Position(4, 5)


def test_a_declaration_with_errors_is_read_once_for_its_evaluation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    folder = root / "2024/baoshan-zonggonghui"
    sample = REPO / "tests/data/evaluation/yiqi-changguan-yunying-jingfei.自评.yaml"
    shutil.copy(sample, folder / sample.name)
    declaration = folder / "yiqi-changguan-yunying-jingfei.yaml"
    declaration.write_text(
        declaration.read_text("utf-8").replace("年度: ", "年度: 二〇", 1), "utf-8"
    )
    reads: list[str] = []
    monkeypatch.setattr(corpus, "parse_declaration", lambda shown, raw: reads.append(shown))
    for models in (True, False):
        loaded = corpus.load_corpus(root, models=models)
        assert any(
            d.path.endswith(declaration.name) and d.severity is Severity.ERROR
            for d in loaded.diagnostics
        )
        # compared with nothing, as before: no 自评表 warning about declared indicators
        assert not any(d.code.startswith("evaluation-indicator") for d in loaded.diagnostics)
    assert reads == []
