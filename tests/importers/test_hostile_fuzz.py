"""Fuzzing each importer: whatever the file holds, `jixiao import` answers with a report.

Hypothesis writes text exports, workbooks, Word documents and PDFs, some well-formed around the
form's own vocabulary (so that the recogniser meets near-forms), some damaged byte by byte. Each
goes through `Importer.import_file` exactly as `jixiao import` runs it: the reading child under
its memory and processor budget (`importers.sandbox`), then the recogniser. The answer must be a
report, with either forms or a Chinese refusal, and never an exception; each example has a
deadline.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from datetime import timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.core.taxonomy import ALL_SECOND_LEVEL, FIRST_LEVEL
from generator.importers.run import Importer, SourceReport
from tests.support import hostile_fixtures as hf
from tests.support import import_fixtures as fx

FUZZ = settings(
    max_examples=25,
    deadline=timedelta(seconds=30),  # the reader's own budget is 20 s of processor time
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same examples on every run: a failure is reproducible
    # No "explain" phase: it traces every line, also in the reading child, for minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)

LABELS = [
    "财政项目支出绩效目标申报表",
    "项目支出绩效目标申报表",
    "（2025年度）",
    "项目名称",
    "项目类别",
    "项目性质",
    "主管部门",
    "实施单位",
    "计划开始日期",
    "计划完成日期",
    "项目资金",
    "项目资金总额",
    "财政资金",
    "其他资金",
    "年度资金",
    "年度资金申请总额",
    "当年财政拨款",
    "上年结转资金",
    "项目总目标",
    "年度总目标",
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "万元",
    "元",
    *FIRST_LEVEL,
    *sorted(ALL_SECOND_LEVEL),
]
VALUES = st.one_of(
    st.sampled_from(LABELS),
    st.from_regex(r"-?[0-9０-９]{1,30}([.,][0-9]{0,8})?", fullmatch=True),
    st.from_regex(r"(19|20|21)[0-9]{2}[-/年][0-9]{1,2}[-/月][0-9]{1,2}日?", fullmatch=True),
    st.from_regex(r"[≥≤=<>＝]{0,2}[0-9]{1,6}(\.[0-9]{1,2})?(%|人|个|天)?", fullmatch=True),
    st.text(max_size=40),
    st.text(alphabet="项目资金指标年度总额\t \n\u200b\u202e\x00\ufeff", max_size=20),
)
GRID = st.lists(st.lists(VALUES, max_size=8), max_size=40)


def import_report(path: Path) -> SourceReport:
    """What `jixiao import --dry-run` reports for `path`; it must not raise."""
    with TemporaryDirectory() as content:
        report = Importer(Path(content), dry_run=True).import_file(path)
    assert isinstance(report, SourceReport)
    if report.error is not None:
        assert report.error.strip()
        assert "Traceback" not in report.error
    for form in report.forms:
        assert form.action, form
    return report


def _flip(data: bytes, flips: list[tuple[int, int]], cut: int | None) -> bytes:
    damaged = bytearray(data)
    for position, value in flips:
        if damaged:
            damaged[position % len(damaged)] = value
    return bytes(damaged[:cut] if cut is not None else damaged)


DAMAGE = st.tuples(
    st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=12),
    st.one_of(st.none(), st.integers(min_value=0, max_value=5_000)),
)


# --- text ------------------------------------------------------------------------------------


@FUZZ
@given(grid=GRID, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_text_exports(grid: list[list[str]], encoding: str) -> None:
    text = "\n".join("\t".join(row) for row in grid)
    with TemporaryDirectory() as directory:
        path = Path(directory) / "form.txt"
        path.write_bytes(text.encode(encoding, errors="replace"))
        report = import_report(path)
    assert report.error is None or not report.error.startswith("无法读取文件")


@FUZZ
@given(raw=st.binary(max_size=4_000))
def test_text_of_any_bytes(raw: bytes) -> None:
    with TemporaryDirectory() as directory:
        path = Path(directory) / "form.txt"
        path.write_bytes(raw)
        import_report(path)


# --- spreadsheets ----------------------------------------------------------------------------

CELL_VALUES = st.one_of(
    VALUES,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.booleans(),
)
PLACED = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=60),
        st.integers(min_value=1, max_value=12),
        CELL_VALUES,
    ),
    max_size=60,
)
FAR = st.lists(
    st.tuples(st.integers(1, 1_048_576), st.integers(1, 16_384), st.sampled_from(LABELS)),
    max_size=3,
)


def _workbook(cells: list[tuple[int, int, object]], number_format: str | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    workbook = Workbook()
    sheet = workbook.active
    for row, column, value in cells:
        try:
            sheet.cell(row=row, column=column, value=value)  # type: ignore[union-attr]
        except (IllegalCharacterError, ValueError):
            continue  # openpyxl refuses to write control characters: not a file anyone sends
        if number_format:
            sheet.cell(row=row, column=column).number_format = number_format  # type: ignore[union-attr]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@FUZZ
@given(
    cells=PLACED,
    far=FAR,
    number_format=st.sampled_from([None, "#,##0.00", "0.00%", "0", "yyyy-mm-dd", '0.00"万元"']),
)
def test_workbooks(
    cells: list[tuple[int, int, object]], far: list[tuple[int, int, object]], number_format: str
) -> None:
    with TemporaryDirectory() as directory:
        path = Path(directory) / "form.xlsx"
        path.write_bytes(_workbook([*cells, *far], number_format))
        report = import_report(path)
    assert report.error is None or not report.error.startswith("无法读取文件")


@FUZZ
@given(cells=PLACED, damage=DAMAGE)
def test_damaged_workbooks(cells: list[tuple[int, int, object]], damage: tuple) -> None:  # type: ignore[type-arg]
    with TemporaryDirectory() as directory:
        path = Path(directory) / "form.xlsx"
        path.write_bytes(_flip(_workbook(cells, None), *damage))
        import_report(path)


# --- Word ------------------------------------------------------------------------------------


def _document(tables: list[list[list[str]]], merges: list[tuple[int, int, int, int]]) -> bytes:
    from docx import Document

    document = Document()
    for table_rows in tables:
        width = max((len(r) for r in table_rows), default=0)
        if not table_rows or not width:
            document.add_paragraph("".join(t for r in table_rows for t in r)[:200])
            continue
        table = document.add_table(rows=len(table_rows), cols=width)
        for r, row in enumerate(table_rows):
            for c, text in enumerate(row):
                try:
                    table.cell(r, c).text = text
                except ValueError:
                    continue  # control characters that XML cannot hold
        for r1, c1, r2, c2 in merges:
            try:
                table.cell(r1 % len(table_rows), c1 % width).merge(
                    table.cell(r2 % len(table_rows), c2 % width)
                )
            except Exception:  # python-docx refuses some merge shapes; the document stays valid
                continue
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


MERGES = st.lists(st.tuples(*[st.integers(0, 20)] * 4), max_size=4)


@FUZZ
@given(tables=st.lists(GRID, max_size=3), merges=MERGES)
def test_word_documents(
    tables: list[list[list[str]]], merges: list[tuple[int, int, int, int]]
) -> None:
    with TemporaryDirectory() as directory:
        path = Path(directory) / "form.docx"
        path.write_bytes(_document(tables, merges))
        report = import_report(path)
    assert report.error is None or not report.error.startswith("无法读取文件")


@FUZZ
@given(tables=st.lists(GRID, max_size=2), damage=DAMAGE)
def test_damaged_word_documents(tables: list[list[list[str]]], damage: tuple) -> None:  # type: ignore[type-arg]
    with TemporaryDirectory() as directory:
        path = Path(directory) / "form.docx"
        path.write_bytes(_flip(_document(tables, []), *damage))
        import_report(path)


# --- PDF -------------------------------------------------------------------------------------

NUMBER = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(lambda f: f"{f:.3f}"),
)
OPERATION = st.one_of(
    st.tuples(NUMBER, NUMBER).map(lambda a: f"{a[0]} {a[1]} Td"),
    st.tuples(NUMBER).map(lambda a: f"/F1 {a[0]} Tf"),
    st.text(alphabet="abcXYZ()\\ 0123", max_size=30).map(
        lambda t: "(" + t.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj"
    ),
    st.tuples(*[NUMBER] * 4).map(lambda a: " ".join(a) + " re S"),
    st.tuples(*[NUMBER] * 6).map(lambda a: " ".join(a) + " cm"),
    st.sampled_from(["q", "Q", "BT", "ET", "[(a) -250 (b)] TJ", "/Fm1 Do", "T*", "0 g", "f"]),
    st.text(max_size=10),
)
CONTENT = st.lists(OPERATION, max_size=60).map(
    lambda ops: " ".join(ops).encode("latin-1", "replace")
)


@FUZZ
@given(
    pages=st.lists(CONTENT, min_size=1, max_size=4),
    form=CONTENT,
    box=st.tuples(*[NUMBER] * 4),
)
def test_pdfs(pages: list[bytes], form: bytes, box: tuple[str, str, str, str]) -> None:
    with TemporaryDirectory() as directory:
        path = Path(directory) / "budget.pdf"
        media_box = ("[" + " ".join(box) + "]").encode()
        hf._pdf_with_pages(path, pages, media_box=media_box, xobjects={b"Fm1": form})
        import_report(path)


@FUZZ
@given(content=CONTENT, damage=DAMAGE)
def test_damaged_pdfs(content: bytes, damage: tuple) -> None:  # type: ignore[type-arg]
    with TemporaryDirectory() as directory:
        path = Path(directory) / "budget.pdf"
        hf._pdf_with_pages(path, [content])
        path.write_bytes(_flip(path.read_bytes(), *damage))
        import_report(path)


def test_a_real_form_survives_the_fuzzer_helpers(tmp_path: Path) -> None:
    """The helpers make importable files: the fixture workbook read back through them imports."""
    fixture = fx.workbook(tmp_path)
    with zipfile.ZipFile(fixture.path) as archive:
        assert "xl/worksheets/sheet1.xml" in archive.namelist()
    report = import_report(fixture.path)
    assert len(report.forms) == len(fixture.declarations)


def test_a_merge_python_docx_cannot_lay_out_is_still_read(tmp_path: Path) -> None:
    """Found by the fuzzer: after these merges `row.cells` raises; the row's cells are read."""
    title = "财政项目支出绩效目标申报表"
    path = tmp_path / "merged.docx"
    path.write_bytes(_document([[[title] * 8, []]], [(0, 9, 11, 3), (0, 0, 0, 7)]))
    report = import_report(path)
    assert report.error is None or not report.error.startswith("无法读取文件"), report.error
    # The merged cell holds the title eight times over: too long for a title, it is reported.
    assert any(title in cell.text for cell in report.outside) or report.forms
