"""What a review of hostile content found `jixiao check` letting through or saying badly."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.diagnostics import Diagnostic
from generator.load.checks import _maybe_null_or_padded
from generator.load.corpus import load_corpus
from generator.load.live_corpus import reload_corpus
from generator.load.yaml_source import load_yaml_bytes
from generator.site.urls import type_slug
from generator.site.views import breakdowns, category_of
from tests.load.check_support import DEPT, FILE, REGISTRY, check, diagnostics, edited, write
from tests.support.paths import REPO

DEPARTMENT_LINE = "主管部门: 上海市宝山区总工会"
UNIT_LINE = "实施单位: 上海市宝山区职工服务中心"


def _coded(found: list[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in found if d.code == code]


def _at(d: Diagnostic) -> tuple[str, int, int]:
    assert d.position is not None, d.format()
    return d.path, d.position.line, d.position.column


# --- Look-alike and invisible characters -------------------------------------------------------

KANGXI_WORK = "\u2f2f"  # KANGXI RADICAL WORK ⼯, drawn exactly as 工 (U+5DE5)


def test_a_kangxi_radical_in_a_department_name_is_an_error_at_its_character(root: Path) -> None:
    found = check(root, (DEPARTMENT_LINE, DEPARTMENT_LINE.replace("总工会", f"总{KANGXI_WORK}会")))
    (problem,) = _coded(found, "lookalike-char")
    # 主管部门: is line 5; the value starts at column 7 and ⼯ is its 8th character.
    assert _at(problem) == (FILE, 5, 14)
    assert problem.field == "主管部门"
    assert "U+2F2F" in problem.message and "“工”" in problem.message and "U+5DE5" in problem.message


def test_a_kangxi_radical_in_the_registry_is_an_error(root: Path) -> None:
    registry = root / "departments.yaml"
    text = registry.read_text("utf-8")
    registry.write_text(
        text.replace("名称: 上海市宝山区总工会", "名称: 上海市宝山区总⼯会"), "utf-8"
    )
    found = _coded(diagnostics(root), "lookalike-char")
    assert [(d.path, d.field) for d in found] == [(REGISTRY, "部门[1].名称")]
    assert "U+2F2F" in found[0].message


def test_a_supplement_radical_without_an_equivalent_asks_to_type_the_character(
    root: Path,
) -> None:
    repeat = "\u2e80"  # CJK RADICAL REPEAT ⺀: neither NFKC nor our table gives an ideograph
    found = check(root, (UNIT_LINE, UNIT_LINE.replace("服务", f"服务{repeat}")))
    (problem,) = _coded(found, "lookalike-char")
    assert "U+2E80" in problem.message and "输入法" in problem.message
    assert _at(problem)[1:] == (6, 7 + 10)


def test_a_supplement_radical_that_stands_for_an_ideograph_names_it(root: Path) -> None:
    civilian = "\u2ea0"  # CJK RADICAL CIVILIAN ⺠, drawn as 民; NFKC has no mapping for it
    found = check(root, (UNIT_LINE, UNIT_LINE.replace("服务", f"服务{civilian}")))
    (problem,) = _coded(found, "lookalike-char")
    assert "U+2EA0" in problem.message and "请改为“民”" in problem.message


def test_a_quoted_value_gives_the_column_of_the_character(root: Path) -> None:
    found = check(root, (UNIT_LINE, f'实施单位: "上海市宝山区职{KANGXI_WORK}服务中心"'))
    (problem,) = _coded(found, "lookalike-char")
    assert _at(problem)[1:] == (6, 7 + 1 + 7)


@pytest.mark.parametrize(
    ("char", "code_point"),
    [
        ("\u3164", "U+3164"),  # HANGUL FILLER
        ("\u115f", "U+115F"),  # HANGUL CHOSEONG FILLER
        ("\u1160", "U+1160"),  # HANGUL JUNGSEONG FILLER
        ("\uffa0", "U+FFA0"),  # HALFWIDTH HANGUL FILLER
        ("\u034f", "U+034F"),  # COMBINING GRAPHEME JOINER
        ("\ufe00", "U+FE00"),  # VARIATION SELECTOR-1
    ],
)
def test_an_invisible_filler_in_a_name_is_an_error(root: Path, char: str, code_point: str) -> None:
    found = check(root, (DEPARTMENT_LINE, DEPARTMENT_LINE + char))
    (problem,) = _coded(found, "invisible-char")
    assert _at(problem) == (FILE, 5, 7 + 9)  # after the 9 characters of the name
    assert code_point in problem.message and "请删除" in problem.message


def test_a_filler_in_a_key_is_found_too(root: Path) -> None:
    found = check(root, (DEPARTMENT_LINE, "主管\u3164部门: 上海市宝山区总工会"))
    problems = _coded(found, "invisible-char")
    assert [(d.field, _at(d)[1:]) for d in problems] == [("主管\u3164部门", (5, 3))]


def test_thousands_of_fillers_give_a_bounded_number_of_errors(root: Path) -> None:
    found = check(root, (DEPARTMENT_LINE, DEPARTMENT_LINE + "\u3164" * 5000))
    problems = _coded(found, "invisible-char")
    assert len(problems) == 11
    assert "另有 4990 个" in problems[-1].message


def test_plain_names_still_pass(root: Path) -> None:
    write(root, edited((UNIT_LINE, "实施单位: 上海市宝山区职工服务中心（工）")))
    assert not [d for d in diagnostics(root) if d.code in ("lookalike-char", "invisible-char")]


# --- Type pages --------------------------------------------------------------------------------

# Two 项目类别 whose pinyin is the same (40 letters are kept) and whose SHA-256 starts with the
# same six hex digits (b0efe9): with a six-digit digest they had one page, and one was lost.
COLLIDING_TYPES = ("类" * 40 + "3284", "类" * 40 + "2183")


def test_two_types_that_collided_at_six_hex_digits_get_two_urls() -> None:
    first, second = COLLIDING_TYPES
    assert (
        hashlib.sha256(first.encode()).hexdigest()[:6]
        == (hashlib.sha256(second.encode()).hexdigest()[:6])
    )
    assert type_slug(first) != type_slug(second)
    assert type_slug(first) == type_slug("类" * 40 + "3284")  # the same name, the same URL
    assert type_slug(first).isascii()


def test_each_colliding_type_keeps_its_own_page(root: Path) -> None:
    for index, category in enumerate(COLLIDING_TYPES):
        write(
            root,
            edited(("项目类别: 特定目标类", f"项目类别: {category}")),
            name=f"leibie-{index}.yaml",
        )
    corpus = load_corpus(root)
    pages = {subtotal.key: subtotal.label for subtotal, _ in breakdowns(corpus).by_type}
    assert set(COLLIDING_TYPES) <= set(pages.values())
    assert len(pages) == len({category_of(p.declaration) for p in corpus.projects})


# --- Rules on a self-evaluation's place --------------------------------------------------------

EVALUATION = REPO / "tests/data/evaluation/yiqi-changguan-yunying-jingfei.自评.yaml"
EVALUATION_PATH = f"content/2024/{DEPT}/{EVALUATION.name}"


def _misplaced_evaluation(root: Path) -> None:
    """The sample 自评表 with a year and a department that its folder does not have."""
    text = EVALUATION.read_text("utf-8")
    text = text.replace("年度: 2024", "年度: 2023").replace(
        "主管部门: 上海市宝山区总工会", "主管部门: 上海市宝山区总工会办公室"
    )
    (root / "2024" / DEPT / EVALUATION.name).write_text(text, "utf-8")


def _place_rows(found: list[Diagnostic]) -> list[tuple[str, int, int, str, str]]:
    return [
        (*_at(d), d.code, d.field) for d in found if d.code in ("year-mismatch", "department-name")
    ]


EXPECTED_PLACE_ROWS = [
    (EVALUATION_PATH, 2, 5, "year-mismatch", "年度"),
    (EVALUATION_PATH, 4, 7, "department-name", "主管部门"),
]


def test_a_self_evaluation_in_the_wrong_folder_is_told_at_its_lines(root: Path) -> None:
    _misplaced_evaluation(root)
    assert _place_rows(load_corpus(root).diagnostics) == EXPECTED_PLACE_ROWS


def test_the_lines_survive_the_check_cache(root: Path, tmp_path: Path) -> None:
    _misplaced_evaluation(root)
    cache = tmp_path / "cache"
    first = load_corpus(root, cache, models=False).diagnostics
    again = load_corpus(root, cache, models=False).diagnostics  # from the cache
    assert _place_rows(first) == _place_rows(again) == EXPECTED_PLACE_ROWS


def test_the_lines_survive_a_live_reload(root: Path) -> None:
    _misplaced_evaluation(root)
    first = reload_corpus(root, None, None)
    again = reload_corpus(root, None, first)  # nothing changed: results from memory
    assert _place_rows(again.corpus.diagnostics) == EXPECTED_PLACE_ROWS


# --- Hidden files ------------------------------------------------------------------------------


def _hidden_rows(root: Path) -> list[tuple[str, str]]:
    found = load_corpus(root).diagnostics
    return [(d.path, d.severity.value) for d in found if d.code == "layout-hidden"]


def test_a_hidden_declaration_is_told_not_to_be_published(root: Path) -> None:
    write(root, edited(), name=".zhengfu-copy.yaml")
    (root / "2024" / DEPT / ".zhengfu-copy.自评.yaml").write_text("年度: 2024\n", "utf-8")
    found = [d for d in load_corpus(root).diagnostics if d.code == "layout-hidden"]
    assert [(d.path, d.severity.value) for d in found] == [
        (f"content/2024/{DEPT}/.zhengfu-copy.yaml", "警告"),
        (f"content/2024/{DEPT}/.zhengfu-copy.自评.yaml", "警告"),
    ]
    assert "不发布" in found[0].message and "zhengfu-copy.yaml" in found[0].message


@pytest.mark.parametrize(
    "hidden",
    [".hidden/x.yaml", ".2026/baoshan-zonggonghui/a.yaml", "2025/.baoshan-zonggonghui/a.yaml"],
)
def test_a_hidden_folder_of_declarations_is_told(root: Path, hidden: str) -> None:
    path = root / hidden
    path.parent.mkdir(parents=True)
    path.write_text(edited(), "utf-8")
    # The hidden folder is named: the first one on the way whose name starts with ".".
    parts = hidden.split("/")
    folder = "content/" + "/".join(parts[: next(i for i, p in enumerate(parts) if p[0] == ".") + 1])
    assert _hidden_rows(root) == [(folder, "警告")]


def test_hidden_leftovers_without_yaml_stay_quiet(root: Path) -> None:
    (root / ".DS_Store").write_bytes(b"\0")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    (root / "2024" / DEPT / ".zhengfu.yaml.swp").write_bytes(b"\0")
    (root / "2024" / ".empty").mkdir()
    assert _hidden_rows(root) == []


def test_a_macos_leftover_is_named_as_one(root: Path) -> None:
    (root / "2024" / DEPT / "._zhengfu.yaml").write_bytes(b"\0\5\26\7")
    (problem,) = [d for d in load_corpus(root).diagnostics if d.code == "layout-hidden"]
    assert "macOS" in problem.message


# --- Negative zero -----------------------------------------------------------------------------


def test_a_negative_zero_amount_is_a_negative_amount(root: Path) -> None:
    found = check(root, ("  上年结转资金: 0.00", "  上年结转资金: -0.00"))
    (problem,) = _coded(found, "money-negative")
    assert _at(problem) == (FILE, 17, 11)
    assert problem.field == "年度资金.上年结转资金"
    assert "-0.00" in problem.message and "0.00" in problem.message


def _evaluation_problems(root: Path, old: str, new: str) -> list[Diagnostic]:
    text = EVALUATION.read_text("utf-8")
    assert text.count(old) >= 1
    (root / "2024" / DEPT / EVALUATION.name).write_text(text.replace(old, new, 1), "utf-8")
    return [d for d in load_corpus(root).diagnostics if d.path == EVALUATION_PATH]


def test_a_negative_zero_in_a_self_evaluation_is_a_negative_amount(root: Path) -> None:
    found = _evaluation_problems(root, "全年执行数: 76.00", "全年执行数: -0.00")
    (problem,) = _coded(found, "money-negative")
    assert _at(problem) == (EVALUATION_PATH, 12, 12)


def test_a_negative_zero_score_is_no_score(root: Path) -> None:
    found = _evaluation_problems(root, "得分: 9.5", "得分: -0")
    (problem,) = _coded(found, "score")
    assert "-0" in problem.message


# --- Characters the YAML reader stops at -------------------------------------------------------

CARD = "card.yaml"


def _read(text: str | bytes) -> list[Diagnostic]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    document, problems = load_yaml_bytes(raw, CARD)
    assert document is None
    return problems


def _one_line(problems: list[Diagnostic]) -> tuple[str, int, int, str]:
    (problem,) = problems
    return (*_at(problem), problem.code)


@pytest.mark.parametrize(
    ("text", "place", "named"),
    [
        ("年度: 2024\n实施单位: 上海\x85职工\n", (2, 9), ("U+0085", "NEL")),
        ('年度: 2024\n实施单位: "上海\u2028职工"\n', (2, 10), ("U+2028", "行分隔符")),
        ("年度: 2024 # 注释\u2029项目名称: 藏在注释里\n", (1, 14), ("U+2029", "段分隔符")),
    ],
)
def test_a_line_break_editors_do_not_show_is_named_where_it_is(
    text: str, place: tuple[int, int], named: tuple[str, str]
) -> None:
    problems = _read(text)
    assert _one_line(problems) == (CARD, *place, "yaml-syntax")
    assert all(word in problems[0].message for word in named)
    assert "请删除" in problems[0].message


def test_a_byte_order_mark_starting_a_line_is_named() -> None:
    problems = _read("年度: 2024\n项目名称: 甲\n\ufeff实施单位: 乙\n")
    assert _one_line(problems) == (CARD, 3, 1, "yaml-syntax")
    assert "U+FEFF" in problems[0].message and "BOM" in problems[0].message
    assert "行首" in problems[0].message


@pytest.mark.parametrize(
    ("encoding", "named"), [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")]
)
def test_utf16_without_a_byte_order_mark_is_named(encoding: str, named: str) -> None:
    problems = _read("年度: 2024\n项目名称: 工会会员卡\n".encode(encoding))
    assert _one_line(problems) == (CARD, 1, 1, "encoding")
    message = problems[0].message
    assert named in message
    assert "U+0000" in message and "另存为 UTF-8" in message


def test_a_stray_nul_in_utf8_is_named_with_its_place() -> None:
    problems = _read("年度: 2024\n项目名称: 工会\x00会员卡\n")
    assert _one_line(problems) == (CARD, 2, 9, "yaml-syntax")
    assert "U+0000（空字符）" in problems[0].message


# --- Years -------------------------------------------------------------------------------------


def test_a_year_out_of_range_states_the_accepted_range(root: Path) -> None:
    found = check(root, ("  终止年度: 2024", "  终止年度: 9999"))
    (problem,) = _coded(found, "year")
    assert _at(problem) == (FILE, 21, 9)
    assert "9999" in problem.message and "1900–2199" in problem.message


# --- Values that do not read as meant ----------------------------------------------------------


@pytest.mark.parametrize("word", ["null", "~", "NULL"])
def test_a_null_word_is_published_as_text_and_says_so(root: Path, word: str) -> None:
    found = check(root, (UNIT_LINE, f"实施单位: {word}"))
    (problem,) = _coded(found, "value-null-word")
    assert (_at(problem), problem.severity.value) == ((FILE, 6, 7), "警告")
    assert f"“{word}”" in problem.message and "实施单位:" in problem.message


@pytest.mark.parametrize(
    ("written", "named"),
    [("上海市宝山区职工服务中心\u3000", "U+3000"), ("' 上海市宝山区职工服务中心'", "U+0020")],
)
def test_a_name_with_spaces_around_it_is_told(root: Path, written: str, named: str) -> None:
    found = check(root, (UNIT_LINE, f"实施单位: {written}"))
    (problem,) = _coded(found, "value-padded")
    assert _at(problem) == (FILE, 6, 7)
    assert named in problem.message


def test_a_null_word_inside_text_is_fine(root: Path) -> None:
    found = check(root, (UNIT_LINE, "实施单位: nullable 中心 ~ 分部"))
    assert not _coded(found, "value-null-word") and not _coded(found, "value-padded")


_PADDED_REGEX = re.compile(  # the one-regex form of the test, kept here as its specification
    "null|Null|NULL|~|[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]|[\"'][ \t]|[ \t][\"']"
    "[ \t]*(?:#.*)?$|\\\\",
    re.MULTILINE,
)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=" \t\"'#\na\u3000\u00a0nulNL~\\：值", max_size=12))
def test_the_quick_look_for_padding_never_misses_what_the_regex_finds(text: str) -> None:
    if _PADDED_REGEX.search(text) is not None:
        assert _maybe_null_or_padded(text)
