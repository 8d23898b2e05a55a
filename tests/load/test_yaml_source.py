"""Tests for generator.load.yaml_source: the strict reader, one bad input per rule.

Every diagnostic is pinned by (line, column, severity, code, field); lines and columns are
1-based, as editors count them. The reader never fills `field` (it does not know the schema).
"""

from __future__ import annotations

import time

import pytest
import yaml

from generator.core.diagnostics import Diagnostic, Position, Severity
from generator.load import yaml_source
from generator.load.checks import check_document_characters
from generator.load.yaml_source import MAX_DEPTH, MAX_FILE_BYTES, YamlDocument, load_yaml_bytes

PATH = "content/2024/dept/x.yaml"
E = Severity.ERROR
W = Severity.WARNING

Row = tuple[int | None, int | None, Severity, str, str]


def load(source: str | bytes) -> tuple[YamlDocument | None, list[Diagnostic]]:
    raw = source.encode("utf-8") if isinstance(source, str) else source
    return load_yaml_bytes(raw, PATH)


def rows(problems: list[Diagnostic]) -> list[Row]:
    for problem in problems:
        assert problem.path == PATH
    return [
        (
            p.position.line if p.position else None,
            p.position.column if p.position else None,
            p.severity,
            p.code,
            p.field,
        )
        for p in problems
    ]


def data_of(document: YamlDocument | None) -> object:
    assert document is not None
    return document.data


# --- duplicate keys -------------------------------------------------------------------------


def test_duplicate_key_is_an_error_at_the_second_key_naming_the_first_line() -> None:
    document, problems = load("年度: 2024\n项目名称: 甲\n年度: 2025\n")
    assert rows(problems) == [(3, 1, E, "duplicate-key", "")]
    assert "“年度”" in problems[0].message
    assert "第一次在第 1 行" in problems[0].message
    # The first value is kept, the second is not silently merged into it.
    assert data_of(document) == {"年度": "2024", "项目名称": "甲"}


def test_duplicate_key_inside_a_list_item() -> None:
    text = "绩效指标:\n  - 三级指标: 甲\n    年度指标值: 1\n    三级指标: 乙\n"
    document, problems = load(text)
    assert rows(problems) == [(4, 5, E, "duplicate-key", "")]
    assert "第一次在第 2 行" in problems[0].message
    assert data_of(document) == {"绩效指标": [{"三级指标": "甲", "年度指标值": "1"}]}


def test_duplicate_key_with_windows_line_endings_counts_lines_correctly() -> None:
    _, problems = load("a: 1\r\nb: 2\r\na: 3\r\n")
    assert rows(problems) == [(3, 1, E, "duplicate-key", "")]
    assert "第一次在第 1 行" in problems[0].message


# --- anchors, aliases, merge keys, tags ---------------------------------------------------------


def test_anchor_is_an_error_at_the_anchored_value() -> None:
    document, problems = load("a: &x 1\nb: 2\n")
    assert rows(problems) == [(1, 4, E, "yaml-anchor", "")]
    assert "&x" in problems[0].message
    assert data_of(document) == {"a": "1", "b": "2"}


def test_alias_is_an_error_and_is_not_expanded() -> None:
    document, problems = load("a: &x 甲\nb: *x\n")
    assert rows(problems) == [(1, 4, E, "yaml-anchor", ""), (2, 4, E, "yaml-alias", "")]
    assert "*x" in problems[1].message
    assert data_of(document) == {"a": "甲", "b": None}


def test_self_referencing_alias_builds_no_cycle() -> None:
    document, problems = load("a: &x [*x]\n")
    assert rows(problems) == [(1, 4, E, "yaml-anchor", ""), (1, 8, E, "yaml-alias", "")]
    assert data_of(document) == {"a": [None]}


def test_alias_used_as_a_key_is_an_error() -> None:
    document, problems = load("a: &k 名\n*k : 1\n")
    assert rows(problems) == [(1, 4, E, "yaml-anchor", ""), (2, 1, E, "yaml-alias", "")]
    assert data_of(document) == {"a": "名"}


def test_merge_key_is_an_error() -> None:
    document, problems = load("base:\n  a: 1\nc:\n  <<: {a: 2}\n  b: 3\n")
    assert rows(problems) == [(4, 3, E, "yaml-merge-key", "")]
    assert "<<" in problems[0].message
    # Nothing is merged: `c` holds only what is written in it.
    assert data_of(document) == {"base": {"a": "1"}, "c": {"b": "3"}}


def test_quoted_double_angle_key_is_plain_text_not_a_merge() -> None:
    document, problems = load('"<<": 1\n')
    assert problems == []
    assert data_of(document) == {"<<": "1"}


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!str 1\n", "tag:yaml.org,2002:str"),
        ("a: !!float 1\n", "tag:yaml.org,2002:float"),
        ("a: ! 1\n", "!"),
        ("a: !custom 1\n", "!custom"),
    ],
)
def test_explicit_tag_is_an_error_and_the_value_stays_text(text: str, tag: str) -> None:
    document, problems = load(text)
    assert rows(problems) == [(1, 4, E, "yaml-tag", "")]
    assert tag in problems[0].message
    assert data_of(document) == {"a": "1"}


def test_tag_on_a_mapping_is_an_error() -> None:
    _, problems = load("--- !!map\na: 1\n")
    assert rows(problems) == [(1, 5, E, "yaml-tag", "")]


def test_complex_key_is_an_error_and_the_rest_still_loads() -> None:
    document, problems = load("? [a, b]\n: 1\nc: 2\n")
    assert rows(problems) == [(1, 3, E, "yaml-complex-key", "")]
    assert data_of(document) == {"c": "2"}


def test_empty_key_is_an_error() -> None:
    document, problems = load('"": 1\nb: 2\n')
    assert rows(problems) == [(1, 1, E, "empty-key", "")]
    assert data_of(document) == {"b": "2"}


# --- no implicit typing ---------------------------------------------------------------------


IMPLICIT = ["2024-01-01", "NO", "on", "yes", "010", "1_000", "1:30", "100.10", "0x1F", "1e3"]
IMPLICIT += ["true", ".inf", "null", "~", "0.10"]


@pytest.mark.parametrize("written", IMPLICIT)
def test_scalars_stay_the_exact_text_written(written: str) -> None:
    document, problems = load(f"值: {written}\n")
    assert problems == []
    value = data_of(document)
    assert value == {"值": written}
    assert isinstance(value, dict)
    assert type(value["值"]) is str


def test_keys_are_not_typed_either() -> None:
    document, problems = load("on: 1\nNO: 2\n2024: 3\n")
    assert problems == []
    assert data_of(document) == {"on": "1", "NO": "2", "2024": "3"}


def test_quoted_numbers_keep_their_zeros() -> None:
    document, problems = load("a: '100.10'\nb: \"0.00\"\nc: 0.00\n")
    assert problems == []
    assert data_of(document) == {"a": "100.10", "b": "0.00", "c": "0.00"}


def test_empty_and_quoted_empty_scalars_are_none() -> None:
    document, problems = load("a:\nb: ''\nc: \"\"\nd: x\n")
    assert problems == []
    assert data_of(document) == {"a": None, "b": None, "c": None, "d": "x"}


# --- positions ------------------------------------------------------------------------------


def test_source_map_remembers_keys_and_values_one_based() -> None:
    text = "年度: 2024\n绩效指标:\n  产出指标:\n    - 三级指标: 甲\n      年度指标值:\n"
    document, problems = load(text)
    assert problems == []
    assert document is not None
    source_map = document.source_map
    assert source_map.keys[("年度",)] == Position(1, 1)
    assert source_map.values[("年度",)] == Position(1, 5)
    item = ("绩效指标", "产出指标", 0)
    assert source_map.values[item] == Position(4, 7)
    assert source_map.keys[(*item, "三级指标")] == Position(4, 7)
    assert source_map.values[(*item, "三级指标")] == Position(4, 13)
    # An empty value sits just after its colon.
    assert source_map.values[(*item, "年度指标值")] == Position(5, 13)
    # Unknown paths fall back to the nearest enclosing value.
    assert source_map.locate((*item, "备注")) == Position(4, 7)
    assert source_map.locate_key((*item, "三级指标")) == Position(4, 7)


# --- depth ----------------------------------------------------------------------------------


def test_depth_cap_is_sixteen() -> None:
    assert MAX_DEPTH == 16


def test_nesting_at_the_cap_loads() -> None:
    depth = MAX_DEPTH + 1  # the root collection is depth 0
    document, problems = load("[" * depth + "]" * depth)
    assert problems == []
    value = data_of(document)
    for _ in range(MAX_DEPTH):
        assert isinstance(value, list)
        value = value[0]
    assert value == []


def test_nesting_one_past_the_cap_is_yaml_depth_at_the_first_too_deep_node() -> None:
    depth = MAX_DEPTH + 2
    document, problems = load("[" * depth + "]" * depth)
    assert document is None
    assert rows(problems) == [(1, MAX_DEPTH + 2, E, "yaml-depth", "")]
    assert str(MAX_DEPTH) in problems[0].message


def test_deep_block_mapping_is_yaml_depth_at_the_right_line() -> None:
    lines = ["a:"] + ["  " * level + f"k{level}:" for level in range(1, 30)]
    document, problems = load("\n".join(lines) + "\n")
    assert document is None
    # k16's value is the first node deeper than the cap: the mapping that starts at k17.
    assert rows(problems) == [(18, 35, E, "yaml-depth", "")]


PARSERS = [
    pytest.param(
        getattr(yaml, "CSafeLoader", None),
        id="libyaml",
        marks=pytest.mark.skipif(not yaml.__with_libyaml__, reason="no libyaml"),
    ),
    pytest.param(yaml.SafeLoader, id="pure-python"),
]


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("[" * 20_000, MAX_DEPTH + 2),
        ("a: " + "{b: " * 20_000, 68),
        ("- " * 20_000 + "x\n", 35),
    ],
    ids=["flow-sequences", "flow-mappings", "block-sequences"],
)
def test_twenty_thousand_levels_fail_fast_without_recursion_error(
    parser: type, text: str, column: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Failing fast means reading stops at the depth limit: count the parser's events rather
    than time them (a timed test fails on a busy machine and proves nothing on a fast one)."""
    pulled = 0

    class Counting(parser):  # type: ignore[misc, valid-type]
        def get_event(self) -> yaml.Event:
            nonlocal pulled
            pulled += 1
            return super().get_event()

    monkeypatch.setattr(yaml_source, "_Parser", Counting)
    document, problems = load(text)
    assert document is None
    assert rows(problems) == [(1, column, E, "yaml-depth", "")]
    # Both readers together stop within a few events of the limit, never near the 20,000.
    assert 0 < pulled < 4 * MAX_DEPTH + 20


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="no libyaml")
def test_deep_complex_key_is_skipped_without_building_it() -> None:
    """The key's 40,000 events are stepped over, never built into nodes (no recursion); the
    bound is a guard against a hang, not a speed measurement (see benchmarks/load_speed.py)."""
    started = time.monotonic()
    document, problems = load("? " + "[" * 20_000 + "]" * 20_000 + "\n: 1\n")
    assert time.monotonic() - started < 60
    assert rows(problems) == [(1, 3, E, "yaml-complex-key", "")]
    assert data_of(document) == {}


def test_recursion_error_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_source, "MAX_DEPTH", 10**9)
    document, problems = load("[" * 20_000)
    assert document is None
    assert rows(problems) == [(None, None, E, "yaml-depth", "")]


# --- size and encoding ----------------------------------------------------------------------


def test_file_at_the_size_cap_loads() -> None:
    raw = b"a: " + b"x" * (MAX_FILE_BYTES - 4) + b"\n"
    assert len(raw) == MAX_FILE_BYTES
    document, problems = load(raw)
    assert problems == []
    assert data_of(document) == {"a": "x" * (MAX_FILE_BYTES - 4)}


def test_file_over_the_size_cap_is_refused_before_parsing() -> None:
    raw = b"a: [" + b"[" * MAX_FILE_BYTES  # would be a depth error if it were parsed
    document, problems = load(raw)
    assert document is None
    assert rows(problems) == [(None, None, E, "file-too-large", "")]
    assert f"{len(raw):,}" in problems[0].message


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("年度: 2024\n主管部门: 上海市宝山区总工会\n", 1, 1),
        ("year: 2024\n主管部门: 上海市宝山区总工会\n", 2, 1),
        ("a: 1\nb: 宝山\n", 2, 4),
    ],
)
def test_gbk_file_is_an_encoding_error_that_says_gbk(text: str, line: int, column: int) -> None:
    document, problems = load(text.encode("gbk"))
    assert document is None
    assert rows(problems) == [(line, column, E, "encoding", "")]
    assert "GBK" in problems[0].message
    assert "UTF-8" in problems[0].message


@pytest.mark.parametrize(
    "raw",
    [
        b"\xff\xfe" + "年度: 2024\n".encode("utf-16-le"),
        b"\xfe\xff" + "年度: 2024\n".encode("utf-16-be"),
    ],
    ids=["utf-16-le", "utf-16-be"],
)
def test_utf16_with_bom_is_an_encoding_error(raw: bytes) -> None:
    document, problems = load(raw)
    assert document is None
    assert rows(problems) == [(None, None, E, "encoding", "")]
    assert "UTF-16" in problems[0].message


def test_utf8_bom_is_a_warning_and_the_file_still_loads() -> None:
    document, problems = load("年度: 2024\n项目名称: 甲\n".encode("utf-8-sig"))
    assert rows(problems) == [(1, 1, W, "bom", "")]
    assert "BOM" in problems[0].message
    assert data_of(document) == {"年度": "2024", "项目名称": "甲"}
    assert document is not None
    # Positions are not shifted by the stripped BOM.
    assert document.source_map.keys[("年度",)] == Position(1, 1)


def test_bom_in_the_middle_of_a_key_is_kept_and_then_flagged() -> None:
    document, problems = load("年度: 2024\n项目\ufeff名称: 甲\n")
    assert problems == []
    assert data_of(document) == {"年度": "2024", "项目\ufeff名称": "甲"}
    assert document is not None
    found = check_document_characters(document, PATH)
    assert rows(found) == [(2, 3, E, "invisible-char", "项目\ufeff名称")]  # at the U+FEFF
    assert "U+FEFF" in found[0].message
    assert "第 3 个字符" in found[0].message


# --- syntax errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "column"),
    [(">=85%", 9), ("> 85%", 10), ("|x", 9), ("@x", 8), ("%x", 8), ("`x", 8)],
)
def test_unquoted_indicator_character_gives_the_quoting_hint(value: str, column: int) -> None:
    document, problems = load(f"三级指标: 覆盖率\n年度指标值: {value}\n")
    assert document is None
    assert rows(problems) == [(2, column, E, "yaml-syntax", "")]
    assert "加英文引号" in problems[0].message
    assert '">=85%"' in problems[0].message


def test_quoted_comparison_loads() -> None:
    document, problems = load('三级指标: 覆盖率\n年度指标值: ">=85%"\n')
    assert problems == []
    assert data_of(document) == {"三级指标": "覆盖率", "年度指标值": ">=85%"}


def test_tab_indentation_gets_the_tab_hint() -> None:
    _, problems = load("a: 1\n\tb: 2\n")
    assert rows(problems) == [(2, 1, E, "yaml-syntax", "")]
    assert "Tab" in problems[0].message


def test_colon_inside_a_value_gets_the_colon_hint() -> None:
    _, problems = load("a: 1\nb: 时间: 全年\n")
    assert rows(problems) == [(2, 6, E, "yaml-syntax", "")]  # the second colon
    assert "冒号后面要有空格" in problems[0].message


def test_unclosed_quote_points_at_the_opening_quote() -> None:
    _, problems = load('a: "abc\nb: 1\nc: 2\nd: 3\n')
    assert rows(problems) == [(1, 4, E, "yaml-syntax", "")]


def test_control_character_has_a_position_and_a_one_line_message() -> None:
    _, problems = load("a: 1\nb: x\x07y\n")
    assert rows(problems) == [(2, 5, E, "yaml-syntax", "")]
    assert "\n" not in problems[0].message


def test_control_character_is_a_syntax_error_not_a_crash() -> None:
    document, problems = load("a: 1\nb: x\x07y\n")
    assert document is None
    assert [(p.severity, p.code) for p in problems] == [(E, "yaml-syntax")]


# --- documents ------------------------------------------------------------------------------


@pytest.mark.parametrize("second", ["---\nb: 2\n", "---\n", "--- \nb: 2\n---\nc: 3\n"])
def test_more_than_one_document_is_an_error_at_the_second(second: str) -> None:
    document, problems = load("a: 1\n" + second)
    assert rows(problems) == [(2, 1, E, "multiple-documents", "")]
    assert data_of(document) == {"a": "1"}


def test_explicit_document_start_and_end_are_fine() -> None:
    document, problems = load("---\na: 1\n...\n")
    assert problems == []
    assert data_of(document) == {"a": "1"}


@pytest.mark.parametrize("text", ["", "\n\n", "# 只有注释\n"])
def test_empty_file_is_an_error(text: str) -> None:
    _, problems = load(text)
    assert rows(problems) == [(1, 1, E, "empty-file", "")]


def test_a_tab_indent_gets_the_tab_hint_not_the_quoting_one() -> None:
    # libyaml says "found character that cannot start any token" without naming the Tab; the
    # hint for that message (quote a value that starts with >) sent the user the wrong way.
    text = "年度: 2024\n项目资金:\n\t项目资金总额: 1.00\n"
    _, problems = load_yaml_bytes(text.encode(), "t.yaml")
    [problem] = problems
    assert problem.position is not None and problem.position.line == 3
    assert "Tab" in problem.message and "引号" not in problem.message


# --- the kind of form in the messages -------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kind", "other"),
    [
        ("content/2024/dept/x.yaml", "申报表", "自评表"),
        ("content/2024/dept/x.自评.yaml", "自评表", "申报表"),
        ("content/2024/dept/x-自评.yaml", "自评表", "申报表"),  # misnamed: check reads a 自评表
        ("content/2024/dept/x.自評表.yaml", "自评表", "申报表"),
    ],
)
def test_messages_about_the_whole_file_name_the_kind_of_form(
    path: str, kind: str, other: str
) -> None:
    deep = MAX_DEPTH + 2
    found = [
        load_yaml_bytes(b"a: 1\n---\nb: 2\n", path)[1],
        load_yaml_bytes(("[" * deep + "]" * deep).encode(), path)[1],
        load_yaml_bytes(b"a: " + b"x" * MAX_FILE_BYTES, path)[1],
        [yaml_source.too_large(path, MAX_FILE_BYTES + 1)],
    ]
    codes = ["multiple-documents", "yaml-depth", "file-too-large", "file-too-large"]
    for (problem,), code in zip(found, codes, strict=True):
        assert problem.code == code
        assert kind in problem.message and other not in problem.message, problem.message
