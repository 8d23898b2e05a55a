"""项目编码: the optional stable code that links a project's declarations across years.

The format is checked by the model (`project-code`); the rules across files by the corpus:
`project-code-duplicate` (error, one code twice in a year), `project-code-department` and
`project-code-name` (warnings, one code under another 主管部门 or another 项目名称 in a later
year). As in test_checks, each bad tree is the shipped content with `str.replace` edits, and
diagnostics are compared as (path, line, column, severity, code, field) rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.core.diagnostics import Diagnostic, Severity
from generator.core.model import PROJECT_CODE, Declaration, project_code_key
from generator.core.schema import schema_files
from generator.load.corpus import load_corpus
from generator.load.validation import validate_document
from generator.load.yaml_source import load_yaml_bytes
from generator.review.check_changed import keep_for_changed
from generator.review.semantic_diff import FieldChange, compare
from generator.review.yaml_format import format_text
from tests.load.check_support import write  # the same declaration files, written the same way
from tests.support.paths import REPO

CONTENT = REPO / "content"
DEPT = "baoshan-zonggonghui"
NAME = "zhengfu-shishi-gonghui-huiyuanka.yaml"
OTHER = "gonghui-gongzuozhe-jingfei.yaml"  # sorts before NAME: the first of a pair
TEXT = (CONTENT / "2024" / DEPT / NAME).read_text(encoding="utf-8")
OTHER_TEXT = (CONTENT / "2024" / DEPT / OTHER).read_text(encoding="utf-8")
FILE = f"content/2024/{DEPT}/{NAME}"
FILE_2025 = f"content/2025/{DEPT}/{NAME}"
OTHER_DEPT = "  - 代码: baoshan-jiaoyuju\n    名称: 上海市宝山区教育局\n"
NAME_LINE = "项目名称: 政府实事项目 - 工会会员卡\n"

E = Severity.ERROR
W = Severity.WARNING

Row = tuple[str, int | None, int | None, Severity, str, str]


@pytest.fixture
def root(content_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private content/ tree; the working directory is its parent, so paths read content/…."""
    monkeypatch.chdir(content_copy.parent)
    return content_copy


def edited(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def with_code(text: str, code: str) -> str:
    """`text` with `项目编码: code` right after 项目名称 (line 4 in every shipped file)."""
    lines = text.split("\n")
    (index,) = [i for i, line in enumerate(lines) if line.startswith("项目名称:")]
    lines.insert(index + 1, f"项目编码: {code}")
    return "\n".join(lines)


def in_2025(text: str) -> str:
    """The shipped declaration moved to 2025, every date and period with it."""
    return edited(
        text,
        ("\n年度: 2024", "\n年度: 2025"),
        ("计划开始日期: 2024-01-01", "计划开始日期: 2025-01-01"),
        ("计划完成日期: 2024-12-31", "计划完成日期: 2025-12-31"),
        ("  起始年度: 2024\n  终止年度: 2024", "  起始年度: 2025\n  终止年度: 2025"),
    )


def register_other_department(root: Path) -> None:
    registry = root / "departments.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + OTHER_DEPT, encoding="utf-8")


def without_seed_warning(found: list[Diagnostic]) -> list[Diagnostic]:
    """All but the shipped content's deliberate warning (宣传覆盖面 under 生态效益指标)."""
    return [
        d for d in found if not (d.code == "indicator-placement" and "“宣传覆盖面”" in d.message)
    ]


def diagnostics(root: Path) -> list[Diagnostic]:
    """Everything `load_corpus` reports, except the seed's deliberate placement warning."""
    return without_seed_warning(load_corpus(root).diagnostics)


def rows(found: list[Diagnostic]) -> list[Row]:
    return [
        (
            d.path,
            d.position.line if d.position else None,
            d.position.column if d.position else None,
            d.severity,
            d.code,
            d.field,
        )
        for d in found
    ]


def only(found: list[Diagnostic], expected: Row) -> str:
    assert rows(found) == [expected], "\n".join(d.format() for d in found)
    return found[0].message


def declaration(text: str) -> Declaration:
    document, problems = load_yaml_bytes(text.encode("utf-8"), "x.yaml")
    assert document is not None and not problems
    model, problems = validate_document(Declaration, document, "x.yaml")
    assert model is not None, problems
    return model


# --- the field ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["BS-ZGH-0003", "310113240001", "abc", "a.b_c-d", "X" * 40, "2024.ZGH_01"]
)
def test_well_formed_codes_are_accepted(root: Path, code: str) -> None:
    write(root, with_code(TEXT, code))
    assert diagnostics(root) == []
    (project,) = [p for p in load_corpus(root).projects if p.slug == NAME.removesuffix(".yaml")]
    assert project.declaration.project_code == code


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("AB", "AB"),  # too short
        ("X" * 41, "X" * 41),  # too long
        ("-ZGH-0003", "-ZGH-0003"),  # must start with a letter or digit
        ("BS ZGH 0003", "BS ZGH 0003"),  # no spaces
        ("宝山-0003", "宝山-0003"),  # ASCII only
        ("ＢＳ-0003", "ＢＳ-0003"),  # full-width letters are not ASCII
        ("'BS/ZGH/0003'", "BS/ZGH/0003"),  # no slashes (it may become part of a URL)
    ],
)
def test_malformed_code_is_an_error_at_its_value(root: Path, code: str, shown: str) -> None:
    write(root, with_code(TEXT, code))
    message = only(diagnostics(root), (FILE, 4, 7, E, "project-code", "项目编码"))
    assert message == (
        f"项目编码“{shown}”不合规：只能用英文字母、数字和“-”“_”“.”，以字母或数字开头，"
        "共 3–40 个字符，如 BS-ZGH-0003"
    )


def test_blank_code_means_no_code(root: Path) -> None:
    write(root, with_code(TEXT, "").replace("项目编码: ", "项目编码:"))
    assert diagnostics(root) == []
    assert all(p.declaration.project_code is None for p in load_corpus(root).projects)


def test_code_that_is_a_mapping_is_a_type_error(root: Path) -> None:
    write(root, with_code(TEXT, "\n  编号: 3"))
    message = only(diagnostics(root), (FILE, 5, 3, E, "type", "项目编码"))
    assert message == "应为项目编码，这里是一组“字段: 值”"


def test_malformed_code_does_not_hide_a_wrong_sum(root: Path) -> None:
    text = edited(with_code(TEXT, "B"), ("  财政资金: 1,846,000.00", "  财政资金: 1,845,000.00"))
    write(root, text)
    assert rows(diagnostics(root)) == [
        (FILE, 4, 7, E, "project-code", "项目编码"),
        (FILE, 12, 11, E, "funding-sum", "项目资金.项目资金总额"),
    ]


def test_the_committed_schema_is_current() -> None:
    for name, text in schema_files().items():
        assert text == (REPO / "schema" / name).read_text(encoding="utf-8"), "run jixiao schema"
    schema = json.loads(schema_files()["declaration.schema.json"])
    assert schema["properties"]["项目编码"]["pattern"] == f"^{PROJECT_CODE.pattern}$"
    assert "项目编码" not in schema["required"]


def test_the_code_comes_right_after_the_name_in_the_model_and_in_fmt() -> None:
    keys = [f.alias for f in Declaration.model_fields.values()]
    assert keys[keys.index("项目名称") + 1] == "项目编码"
    # Written last, `jixiao fmt` moves it to its place.
    formatted = format_text(TEXT + "项目编码: BS-ZGH-0003\n", "x.yaml")
    assert formatted == with_code(TEXT, "BS-ZGH-0003")


def test_codes_compare_ignoring_case() -> None:
    assert project_code_key("bs-zgh-0003") == project_code_key("BS-ZGH-0003")
    assert PROJECT_CODE.fullmatch("bs-zgh-0003")


def test_jixiao_diff_shows_a_changed_code() -> None:
    before = declaration(with_code(TEXT, "BS-ZGH-0003"))
    after = declaration(with_code(TEXT, "BS-ZGH-0004"))
    assert compare(before, after).fields == [FieldChange("项目编码", "BS-ZGH-0003", "BS-ZGH-0004")]
    assert compare(declaration(TEXT), before).fields == [
        FieldChange("项目编码", None, "BS-ZGH-0003")
    ]


# --- project-code-duplicate -------------------------------------------------------------------


def test_duplicate_code_in_one_year_is_an_error_on_the_second_file(root: Path) -> None:
    write(root, with_code(OTHER_TEXT, "bs-zgh-0003"), name=OTHER)
    write(root, with_code(TEXT, "BS-ZGH-0003"))
    message = only(diagnostics(root), (FILE, 4, 7, E, "project-code-duplicate", "项目编码"))
    assert message == (
        f"项目编码“BS-ZGH-0003”在 2024 年度已被 content/2024/{DEPT}/{OTHER} 使用；"
        "同一年度内每个项目的编码必须唯一（不区分大小写）。同一个项目请只保留一份申报，"
        "不同的项目请换一个编码，如“BS-ZGH-0004”。"
    )


def test_duplicate_suggestion_skips_codes_in_use(root: Path) -> None:
    write(root, with_code(OTHER_TEXT, "ZGH-09"), name=OTHER)
    write(root, with_code(TEXT, "ZGH-09"))
    third = "yiqi-changguan-yunying-jingfei.yaml"
    third_text = (CONTENT / "2024" / DEPT / third).read_text(encoding="utf-8")
    write(root, with_code(third_text, "ZGH-10"), name=third)
    found = diagnostics(root)
    assert rows(found) == [(FILE, 4, 7, E, "project-code-duplicate", "项目编码")]
    assert "如“ZGH-11”" in found[0].message


def test_duplicate_across_departments_in_one_year(root: Path) -> None:
    register_other_department(root)
    other = edited(
        with_code(OTHER_TEXT, "BS-0003"),
        ("主管部门: 上海市宝山区总工会", "主管部门: 上海市宝山区教育局"),
    )
    write(root, other, dept="baoshan-jiaoyuju", name="jiaoyu.yaml")
    write(root, with_code(TEXT, "BS-0003"))
    # Paths sort by department folder: baoshan-jiaoyuju comes first.
    message = only(diagnostics(root), (FILE, 4, 7, E, "project-code-duplicate", "项目编码"))
    assert "已被 content/2024/baoshan-jiaoyuju/jiaoyu.yaml 使用" in message


def test_duplicate_is_found_in_a_file_with_other_errors(root: Path) -> None:
    write(root, with_code(OTHER_TEXT, "BS-0003"), name=OTHER)
    write(
        root,
        edited(
            with_code(TEXT, "BS-0003"), ("计划开始日期: 2024-01-01", "计划开始日期: 2024-13-01")
        ),
    )
    assert rows(diagnostics(root)) == [
        (FILE, 4, 7, E, "project-code-duplicate", "项目编码"),
        (FILE, 8, 9, E, "date", "计划开始日期"),
    ]


def test_the_same_code_in_two_years_is_the_same_project(root: Path) -> None:
    write(root, with_code(TEXT, "BS-ZGH-0003"))
    write(root, with_code(in_2025(TEXT), "bs-zgh-0003"), year="2025")
    assert diagnostics(root) == []


def test_malformed_codes_are_not_compared(root: Path) -> None:
    write(root, with_code(OTHER_TEXT, "B"), name=OTHER)
    write(root, with_code(TEXT, "B"))
    assert [row[4] for row in rows(diagnostics(root))] == ["project-code", "project-code"]


# --- project-code-department ------------------------------------------------------------------


def test_code_under_another_department_in_a_later_year_is_a_warning(root: Path) -> None:
    register_other_department(root)
    write(root, with_code(TEXT, "BS-ZGH-0003"))
    moved = edited(
        with_code(in_2025(TEXT), "BS-ZGH-0003"),
        ("主管部门: 上海市宝山区总工会", "主管部门: 上海市宝山区教育局"),
    )
    write(root, moved, year="2025", dept="baoshan-jiaoyuju")
    path = f"content/2025/baoshan-jiaoyuju/{NAME}"
    message = only(diagnostics(root), (path, 4, 7, W, "project-code-department", "项目编码"))
    assert message == (
        f"项目编码“BS-ZGH-0003”在 2024 年度由“上海市宝山区总工会”申报（{FILE}），"
        "这里的主管部门是“上海市宝山区教育局”。如果这是另一个项目，请换一个编码"
        "（如“BS-ZGH-0004”）；如果是机构调整后改由本部门申报的同一个项目，请审阅者确认后保留。"
    )


def test_department_is_compared_with_the_previous_declared_year_only(root: Path) -> None:
    register_other_department(root)
    write(root, with_code(TEXT, "BS-0003"))
    moved = edited(
        with_code(in_2025(TEXT), "BS-0003"),
        ("主管部门: 上海市宝山区总工会", "主管部门: 上海市宝山区教育局"),
    )
    write(root, moved, year="2025", dept="baoshan-jiaoyuju")
    stays = moved.replace("年度: 2025", "年度: 2027").replace("2025-", "2027-")
    stays = stays.replace("起始年度: 2025\n  终止年度: 2025", "起始年度: 2027\n  终止年度: 2027")
    write(root, stays, year="2027", dept="baoshan-jiaoyuju")
    # Moved once, between 2024 and 2025; 2027 continues 2025 in the same department.
    assert rows(diagnostics(root)) == [
        (f"content/2025/baoshan-jiaoyuju/{NAME}", 4, 7, W, "project-code-department", "项目编码")
    ]


# --- project-code-name ------------------------------------------------------------------------


def test_another_name_under_the_same_code_is_a_warning(root: Path) -> None:
    write(root, with_code(TEXT, "BS-ZGH-0003"))
    renamed = edited(
        with_code(in_2025(TEXT), "BS-ZGH-0003"), (NAME_LINE, "项目名称: 工会会员服务卡\n")
    )
    write(root, renamed, year="2025")
    message = only(diagnostics(root), (FILE_2025, 3, 7, W, "project-code-name", "项目名称"))
    assert message == (
        f"项目编码“BS-ZGH-0003”在 2024 年度的项目名称是“政府实事项目 - 工会会员卡”（{FILE}），"
        "这里是“工会会员服务卡”。项目可以改名，请审阅者确认这是同一个项目；"
        "不是的话请换一个项目编码。"
    )


def test_name_differing_only_in_spaces_or_width_is_the_same_name(root: Path) -> None:
    write(root, with_code(TEXT, "BS-ZGH-0003"))
    respaced = edited(
        with_code(in_2025(TEXT), "BS-ZGH-0003"), (NAME_LINE, "项目名称: 政府实事项目－工会会员卡\n")
    )
    write(root, respaced, year="2025")
    assert diagnostics(root) == []


def test_moved_and_renamed_gives_both_warnings(root: Path) -> None:
    register_other_department(root)
    write(root, with_code(TEXT, "BS-ZGH-0003"))
    other = edited(
        with_code(in_2025(OTHER_TEXT), "BS-ZGH-0003"),
        ("主管部门: 上海市宝山区总工会", "主管部门: 上海市宝山区教育局"),
    )
    write(root, other, year="2025", dept="baoshan-jiaoyuju", name=OTHER)
    path = f"content/2025/baoshan-jiaoyuju/{OTHER}"
    assert rows(diagnostics(root)) == [
        (path, 3, 7, W, "project-code-name", "项目名称"),
        (path, 4, 7, W, "project-code-department", "项目编码"),
    ]


# --- through the cache and `check --changed` ------------------------------------------------


def test_codes_are_compared_from_the_cache(root: Path, tmp_path: Path) -> None:
    write(root, with_code(OTHER_TEXT, "BS-0003"), name=OTHER)
    write(root, with_code(TEXT, "BS-0003"))
    renamed = edited(with_code(in_2025(TEXT), "BS-0003"), (NAME_LINE, "项目名称: 新名称\n"))
    write(root, renamed, year="2025")
    cache = tmp_path / "cache"
    expected = [
        (FILE, 4, 7, E, "project-code-duplicate", "项目编码"),
        (FILE_2025, 3, 7, W, "project-code-name", "项目名称"),
    ]
    first = [
        d
        for d in load_corpus(root, cache, models=False).diagnostics
        if d.code.startswith("project")
    ]
    second = [
        d
        for d in load_corpus(root, cache, models=False).diagnostics
        if d.code.startswith("project")
    ]
    assert rows(first) == rows(second) == expected
    assert first == second


def test_unchanged_files_lend_their_code_to_check_changed(root: Path) -> None:
    write(root, with_code(OTHER_TEXT, "BS-0003"), name=OTHER)
    changed = write(root, with_code(TEXT, "BS-0003"))
    corpus = load_corpus(root, models=False, only={changed.resolve()})
    kept = without_seed_warning(keep_for_changed(corpus.diagnostics, {changed.resolve()}))
    assert rows(kept) == [(FILE, 4, 7, E, "project-code-duplicate", "项目编码")]


def test_check_changed_shows_a_warning_on_an_unchanged_later_year(root: Path) -> None:
    # Renaming the 2024 declaration makes the unchanged 2025 one differ from it.
    changed = write(root, edited(with_code(TEXT, "BS-0003"), (NAME_LINE, "项目名称: 新名称\n")))
    write(root, with_code(in_2025(TEXT), "BS-0003"), year="2025")
    corpus = load_corpus(root, models=False, only={changed.resolve()})
    kept = without_seed_warning(keep_for_changed(corpus.diagnostics, {changed.resolve()}))
    assert rows(kept) == [(FILE_2025, 3, 7, W, "project-code-name", "项目名称")]
