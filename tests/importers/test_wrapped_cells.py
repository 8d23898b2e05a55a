"""Wrapped cells: one rule joins the lines of a cell, whichever reader read it (txt, xlsx, docx,
PDF). Between Chinese characters a wrap is nothing, between Latin words a space, and after a
sentence before a list marker a paragraph break that stays a line break in the YAML."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.model import Declaration
from generator.core.project import Corpus
from generator.core.wrapped_text import SENTENCE_END, is_cjk, join_wrapped, starts_list_item
from generator.importers.grid import clean_cell, is_spread_out
from generator.importers.run import Importer
from generator.load.corpus import load_corpus
from generator.review.yaml_format import format_text
from tests.support import import_fixtures as fx
from tests.support import pdf_fixtures as pdfx

NAME = "智慧道路 Smart Road 改造工程"
NAME_WRAPPED = "智慧道路 Smart\nRoad 改造工\n程"
DEPARTMENT = "上海市普陀区建设和管理委员会"
DEPARTMENT_WRAPPED = "上海市普陀区建设和管\n理委员会"
GOAL = "建成下立交，全长985米，缓解交通拥堵。"
GOAL_WRAPPED = "建成下立交，全长985\n米，缓解交通拥堵。"
# Two paragraphs: the break after 。 before 2. is content, kept as a line break.
ANNUAL = "1. 完成主体结构施工。\n2. 年底前具备通车条件。"


# ------------------------------------------------------------------ the rule


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (["兰溪路-真南路下立交工", "程"], "兰溪路-真南路下立交工程"),
        (["阶段性项", "目"], "阶段性项目"),
        (["上海市普陀区建设和管", "理委员会"], "上海市普陀区建设和管理委员会"),
        (["提升服务，", "做好保障"], "提升服务，做好保障"),  # CJK punctuation, then CJK
        (["Smart", "Road"], "Smart Road"),
        (["Phase A", "B"], "Phase A B"),  # two words stay two words
        # A narrow cell breaks inside numbers: the pieces are one number.
        (["项目总目标 (2025年-2", "025年)"], "项目总目标 (2025年-2025年)"),
        (["1,846,", "000.00"], "1,846,000.00"),
        (["全长985", "米"], "全长985米"),
        (["1. 完成施工。", "2. 通车。"], "1. 完成施工。\n2. 通车。"),
        (["（1）完成施工；", "（2）通车。"], "（1）完成施工；\n（2）通车。"),
        (["一、完成施工。", "二、通车。"], "一、完成施工。\n二、通车。"),
        (["完成施工。", "全面通车。"], "完成施工。全面通车。"),  # no list marker: one paragraph
        (["  多个   空格 ", "", "照旧 "], "多个 空格照旧"),
    ],
)
def test_lines_join_by_one_rule(lines: list[str], text: str) -> None:
    assert join_wrapped(lines) == text
    assert clean_cell("\n".join(lines)) == text  # what every reader calls


def test_markers_and_characters() -> None:
    assert (
        starts_list_item("2. 通车") and starts_list_item("（2）通车") and starts_list_item("二、")
    )
    assert not starts_list_item("2024年") and not starts_list_item("2.5万元")
    assert is_cjk("工") and is_cjk("。") and is_cjk("，") and not is_cjk("a") and not is_cjk("1")


_PIECES = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from(list("，。、；：（）“”！？")),
    st.sampled_from(list("abcXYZ0129 -./%")),
)


@settings(max_examples=300, deadline=None)
@given(chars=st.lists(_PIECES, min_size=1, max_size=60), data=st.data())
def test_wrapping_at_any_cjk_position_reads_back(chars: list[str], data: st.DataObject) -> None:
    """For any text, wrapping it at any CJK position and reading it back gives the text."""
    text = " ".join("".join(chars).split())
    positions = [
        i
        for i in range(1, len(text))
        if is_cjk(text[i - 1])
        and is_cjk(text[i])
        # After a sentence, a list marker starts a paragraph: that break is content.
        and not (text[i - 1] in SENTENCE_END and starts_list_item(text[i:]))
    ]
    cuts = sorted(data.draw(st.sets(st.sampled_from(positions))) if positions else set())
    lines = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    assert join_wrapped(lines) == text
    # … and so does clean_cell, but for single characters each set apart (一 一), which is how
    # distributed alignment prints one word
    expected = "".join(text.split()) if is_spread_out(text) else text
    assert clean_cell("\n".join(lines)) == expected


# ------------------------------------------------------------------ every reader


def _data() -> fx.Data:
    return fx.declaration(
        NAME,
        department=DEPARTMENT,
        start="2024-01-01",
        end="2024-12-31",
        period=(2024, 2024),
        goal=GOAL,
        annual_goal=ANNUAL,
    )


def _wrapped_grid(data: fx.Data) -> fx.Grid:
    grid = fx.form_grid(data)
    for text, wrapped in (
        (NAME, NAME_WRAPPED),
        (DEPARTMENT, DEPARTMENT_WRAPPED),
        (GOAL, GOAL_WRAPPED),
    ):
        r, c = grid.find(text)
        grid.rows[r][c] = wrapped
    return grid


def _text_grid(data: fx.Data) -> fx.Grid:
    """A text export: a cell's lines wrapped onto rows of their own, under the first line."""
    grid = fx.form_grid(data)
    r, overall = grid.find(GOAL)
    annual = grid.rows[r].index(ANNUAL)
    first, second = ANNUAL.split("\n")
    grid.rows[r][overall], grid.rows[r][annual] = GOAL_WRAPPED.split("\n")[0], first
    continued = [""] * fx.WIDTH
    continued[overall], continued[annual] = GOAL_WRAPPED.split("\n")[1], second
    grid.rows.insert(r + 1, continued)
    # Header values wrapped over rows of their own, under the value (three lines for the name).
    for text, wrapped in ((DEPARTMENT, DEPARTMENT_WRAPPED), (NAME, NAME_WRAPPED)):
        r, c = grid.find(text)
        first, *rest = wrapped.split("\n")
        grid.rows[r][c] = first
        for offset, line in enumerate(rest, start=1):
            below = [""] * fx.WIDTH
            below[c] = line
            grid.rows.insert(r + offset, below)
    return grid


def _write(kind: str, directory: Path, data: fx.Data) -> Path:
    path = directory / f"form.{kind}"
    if kind == "txt":
        fx.write_text(path, [_text_grid(data)])
    elif kind == "xlsx":
        fx.write_xlsx(path, {"Sheet1": [_wrapped_grid(data)]})
    elif kind == "docx":
        fx.write_docx(path, [_wrapped_grid(data)])
    else:
        path = pdfx.single_form_pdf(directory, data, pdfx.table_only(_wrapped_grid(data)))
    return path


@pytest.mark.parametrize("kind", ["txt", "xlsx", "docx", "pdf"])
def test_every_reader_joins_wrapped_cells_the_same_way(kind: str, tmp_path: Path) -> None:
    data = _data()
    content = tmp_path / "content"
    report = Importer(content).import_file(_write(kind, tmp_path, data))
    assert report.error is None, report.error
    assert [f.action for f in report.forms] == ["新建"], [f.errors for f in report.forms]
    assert report.forms[0].unplaced == []
    corpus = load_corpus(content)
    assert corpus.ok, [d.format() for d in corpus.diagnostics]
    [project] = corpus.projects
    declaration: Declaration = project.declaration
    assert declaration.model_copy(update={"source": None}) == fx.expected(data)  # PDF: 来源
    assert declaration.annual_goal == ANNUAL  # the numbered list is still a list
    registry = (content / "departments.yaml").read_text(encoding="utf-8")
    assert f"名称: {DEPARTMENT}\n" in registry and "管 理" not in registry
    # The paragraph break is a literal block in the file, which fmt keeps as it is.
    source = (content / project.source_path).read_text(encoding="utf-8")
    assert "年度总目标: |-\n  1. 完成主体结构施工。\n  2. 年底前具备通车条件。\n" in source
    assert format_text(source, "x.yaml") == source


def test_fmt_writes_a_quoted_multi_line_value_as_a_block(content_copy: Path) -> None:
    path = next(content_copy.glob("2024/*/zhengfu-shishi-gonghui-huiyuanka.yaml"))
    text = path.read_text(encoding="utf-8")
    start = text.index("年度总目标:")
    end = text.index("\n", start)
    quoted = (
        text[:start] + '年度总目标: "1. 做好参保工作。\\n2. 做好服务工作。"  # 两段' + text[end:]
    )
    formatted = format_text(quoted, "x.yaml")
    assert "年度总目标: |-  # 两段\n  1. 做好参保工作。\n  2. 做好服务工作。\n" in formatted
    assert format_text(formatted, "x.yaml") == formatted
    # Text that a block would change (a "#", trailing spaces) stays quoted.
    odd = text[:start] + '年度总目标: "1. 第 #1 项。\\n2. 其他。"' + text[end:]
    assert '年度总目标: "1. 第 #1 项。\\n2. 其他。"' in format_text(odd, "x.yaml")


def test_project_page_keeps_the_list_and_escapes_it(
    tmp_path: Path, build_content: Callable[[Path, Path], Corpus]
) -> None:
    data = _data()
    data["年度总目标"] = "1. 完成<script>alert(1)</script>施工。\n2. 年底前通车。"
    content = tmp_path / "content"
    fx.write_xlsx(tmp_path / "f.xlsx", {"S": [fx.form_grid(data)]})
    Importer(content).import_file(tmp_path / "f.xlsx")
    build_content(content, tmp_path / "site")
    page = next((tmp_path / "site").glob("2024/*/*/index.html")).read_text(encoding="utf-8")
    escaped = "1. 完成&lt;script&gt;alert(1)&lt;/script&gt;施工。\n2. 年底前通车。"
    assert f'<td class="jx-text">{escaped}</td>' in page
    assert "<script>alert(1)" not in page
