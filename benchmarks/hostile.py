"""Every `jixiao` command on every hostile input: wall time, processor time and peak memory.

    python benchmarks/hostile.py [--only NAME …] [--markdown]

Builds a hostile corpus in a temporary directory (nothing is committed): import files (an xlsx
whose one cell stands at XFD1048576, ZIP bombs, headers that lie, thousands of parts, cells,
tables and rows, a PDF of 3,000 pages, a page inflating to 500 MB, a page of two million
characters, a form XObject drawn 2,000 times, a page ten million points wide, 100,000 nested
`q`; a 50 MB text line, a GBK worst case) and content trees for a pull request (a 400-digit
amount, amounts at the limit, a 20,000-character name, a 3,000-character department name, 10,000
indicators, 20,000 nested brackets, an alias bomb, 43,000 unknown keys, the largest declaration
that passes). Then runs each command on each input as its own process under `/usr/bin/time`
and prints a table: what jixiao answered, wall seconds, processor seconds, peak resident MB.

The goal (issue 9): every command on every single hostile input answers within 30 s and stays
under 1 GB. Wall time depends on the machine's load; processor time does not.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.support import hostile_fixtures as hf  # noqa: E402  (the builders the tests use)

JIXIAO = Path(sys.executable).with_name("jixiao")
TIME = "/usr/bin/time"
HYK = "2024/baoshan-zonggonghui/zhengfu-shishi-gonghui-huiyuanka.yaml"
SEED = (REPO / "content" / HYK).read_text(encoding="utf-8")
WALL_GOAL, MEMORY_GOAL_MB = 30.0, 1000.0


@dataclass
class Run:
    case: str
    command: str
    answer: str
    wall: float
    cpu: float
    peak_mb: float

    @property
    def within_goal(self) -> bool:
        return self.wall <= WALL_GOAL and self.peak_mb <= MEMORY_GOAL_MB


def timed(args: list[str], cwd: Path) -> tuple[int, str, float, float, float]:
    """(exit code, output, wall s, processor s, peak MB) of one process and its children."""
    report = cwd / ".time"
    command = [TIME, "-o", str(report), "-f", "%e %U %S %M", *args]
    env = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    wall, user, system, peak_kb = report.read_text().split()[-4:]
    return (
        result.returncode,
        result.stdout + result.stderr,
        float(wall),
        float(user) + float(system),
        int(peak_kb) / 1024,
    )


def answer_of(code: int, output: str) -> str:
    """What a person sees first: the first error, or the summary line."""
    if "Traceback" in output:
        return "TRACEBACK"
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for line in lines:
        for marker in ("错误：", "错误["):
            if marker in line:
                start = line.index(marker)
                return f"{code}: {line[start : start + 60]}"
    return f"{code}: {(lines[-1] if lines else '')[:60]}"


# ------------------------------------------------------------------ import files


def _one_far_cell(path: Path) -> Path:
    """The issue's 4.9 KB workbook: one cell, at the last row and column."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["XFD1048576"] = "x"  # type: ignore[index]
    workbook.save(path)
    return path


def _streamed_bomb(path: Path, member: str, megabytes: int, blank: Callable[[Path], Path]) -> Path:
    """A ZIP part of `megabytes` of spaces, written in chunks (the builder stays small)."""
    blank(path)
    with zipfile.ZipFile(path) as source:
        kept = {i.filename: source.read(i) for i in source.infolist() if i.filename != member}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name, data in kept.items():
            target.writestr(name, data)
        with target.open(member, "w", force_zip64=True) as stream:
            chunk = b" " * (1024 * 1024)
            for _ in range(megabytes):
                stream.write(chunk)
    return path


def _gbk_worst_case(path: Path) -> Path:
    """19 MB that is UTF-8 until its last byte: decoded twice, the second time as GB18030."""
    path.write_bytes("项目名称\t".encode() * (19 * 1024 * 1024 // 13) + b"\xff")
    return path


def _budget(path: Path) -> Path:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import pdf_speed

    pdf_speed.build(path, 60)
    return path


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _xls_merges(path: Path, count: int) -> Path:
    """An .xls whose one sheet merges `count` ranges, each the full 256 columns of its row."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("申报表", cell_overwrite_ok=True)
    sheet.write(0, 0, "财政项目支出绩效目标申报表")
    # xlwt's own list: merge() would also write a blank into every covered cell
    sheet._Worksheet__merged_ranges.extend((r % 65_536, r % 65_536, 0, 255) for r in range(count))
    book.save(str(path))
    return path


def _xls_tall(path: Path) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("申报表")
    for row in range(65_536):
        sheet.write(row, 255, "值")
    book.save(str(path))
    return path


def _xlsx_merges(path: Path, count: int) -> Path:
    """An .xlsx whose one sheet holds a cell in each of `count` rows and merges each row
    across all 16,384 columns (A:XFD)."""
    rows = "".join(
        f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>值</t></is></c></row>'
        for row in range(1, count + 1)
    )
    merges = "".join(f'<mergeCell ref="A{row}:XFD{row}"/>' for row in range(1, count + 1))
    sheet = (
        hf.SHEET_HEAD
        + rows.encode()
        + b"</sheetData>"
        + f'<mergeCells count="{count}">{merges}</mergeCells></worksheet>'.encode()
    )
    return hf._replace_members(hf._blank_xlsx(path), {"xl/worksheets/sheet1.xml": sheet})


IMPORT_FILES: dict[str, Callable[[Path], Path]] = {
    "reference: 60-page budget PDF (28 forms)": lambda d: _budget(d / "budget.pdf"),
    "xlsx: one cell at XFD1048576 (4.9 KB)": lambda d: _one_far_cell(d / "far.xlsx"),
    "xlsx: 3 forms + a cell at XFD1048576": lambda d: hf.xlsx_far_cell(d).path,
    "xlsx: sheet part inflating to 1 GB": lambda d: _streamed_bomb(
        d / "bomb.xlsx", "xl/worksheets/sheet1.xml", 1024, hf._blank_xlsx
    ),
    "xlsx: headers that understate sizes": lambda d: hf.zip_lying_sizes(d / "lying.xlsx", 60),
    "xlsx: 5,000 parts": lambda d: hf.xlsx_many_parts(d / "parts.xlsx", 5_000),
    "xlsx: 300,000 cells": lambda d: hf.xlsx_many_cells(d / "cells.xlsx", 300_000),
    "docx: document part inflating to 1 GB": lambda d: _streamed_bomb(
        d / "bomb.docx", "word/document.xml", 1024, hf._blank_docx
    ),
    "docx: 100,000 tables": lambda d: hf.docx_many_tables(d / "tables.docx", 100_000),
    "docx: tables nested 5,000 deep": lambda d: hf.docx_nested_tables(d / "nested.docx"),
    "docx: a cell merged down 6,000 rows": lambda d: hf.docx_tall_merge(d / "merge.docx"),
    "docx: 10 million empty paragraphs (60 MB XML)": lambda d: hf._replace_members(
        hf._blank_docx(d / "paragraphs.docx"),
        {"word/document.xml": hf.DOCUMENT_HEAD + b"<w:p/>" * 10_000_000 + hf.DOCUMENT_TAIL},
    ),
    "xls: 49,000 full-width merged ranges over one cell each": lambda d: _xls_merges(
        d / "merges.xls", 49_000
    ),
    "xls: 60,000 merged ranges": lambda d: _xls_merges(d / "many.xls", 60_000),
    "xls: 65,536 rows of one far cell": lambda d: _xls_tall(d / "tall.xls"),
    "xlsx: 49,000 rows merged A:XFD": lambda d: _xlsx_merges(d / "merges.xlsx", 49_000),
    "csv: an unclosed quote before 15 MB": lambda d: _written(
        d / "quote.csv", b'\xe9\xa1\xb9\xe7\x9b\xae,"' + b"x" * 15_000_000
    ),
    "csv: 300,000 cells": lambda d: _written(d / "cells.csv", (b"a," * 100 + b"\n") * 3_000),
    "txt: one 50 MB line": lambda d: hf.text_long_line(d / "line50.txt", 50),
    "txt: one 15 MB line": lambda d: hf.text_long_line(d / "line15.txt", 15),
    "txt: 300,000 cells": lambda d: hf.text_many_cells(d / "cells.txt", 300_000),
    "txt: 19 MB, not UTF-8 at its last byte": lambda d: _gbk_worst_case(d / "gbk.txt"),
    "pdf: 3,000 pages": lambda d: hf.pdf_many_pages(d / "pages.pdf", 3_000),
    "pdf: a page inflating to 500 MB": lambda d: hf.pdf_content_bomb(d / "inflate.pdf", 500),
    "pdf: 2,000,000 characters on a page": lambda d: hf.pdf_many_chars(d / "chars.pdf"),
    "pdf: a form XObject drawn 2,000 times": lambda d: hf.pdf_repeated_form(d / "form.pdf"),
    "pdf: a page 10 million points wide": lambda d: hf.pdf_huge_page(d / "huge.pdf"),
    "pdf: 100,000 nested q and [": lambda d: hf.pdf_deep_nesting(d / "deep.pdf"),
}


# ------------------------------------------------------------------ content trees


def _amounts(text: str, amount: str) -> str:
    for key in ("项目资金总额", "财政资金", "年度资金申请总额", "当年财政拨款"):
        start = text.index(f"  {key}: ")
        end = text.index("\n", start)
        text = text[:start] + f"  {key}: {amount}" + text[end:]
    return text


def _indicators(count: int, name_chars: int = 8, target_chars: int = 4) -> str:
    rows = "".join(
        f"      - 三级指标: {str(i).rjust(name_chars, '指')}\n"
        f"        年度指标值: {'完' * target_chars}\n"
        for i in range(count)
    )
    start = SEED.index("绩效指标:\n")
    return SEED[:start] + "绩效指标:\n  产出指标:\n    数量指标:\n" + rows


def _largest_passing() -> str:
    """Every field at its limit: 500 indicators of 200-character names and targets."""
    text = _indicators(500, 200, 200)
    text = text.replace("政府实事项目 - 工会会员卡", "名" * 200)
    text = text.replace("上海市宝山区职工服务中心", "单" * 200)
    goal = SEED.split("  内容: ", 1)[1].split("\n", 1)[0]
    text = text.replace(goal, "目" * 5000)
    return text.replace("做好会员专享基本四类保障的参保工作。", "年" * 5000)


def _nested(depth: int) -> str:
    return SEED + "备注: " + "[" * depth + "]" * depth + "\n"


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return SEED + "\n".join(lines) + "\n"


def _unknown_keys(count: int) -> str:
    return SEED + "".join(f"未知字段{i}: 值\n" for i in range(count))


CONTENT_CASES: dict[str, Callable[[], dict[str, str]]] = {
    "yaml: a 400-digit amount": lambda: {HYK: _amounts(SEED, "9" * 400)},
    "yaml: 3 projects of 999,999,999,999,999.99": lambda: {
        path: _amounts((REPO / "content" / path).read_text("utf-8"), "999,999,999,999,999.99")
        for path in (
            HYK,
            "2024/baoshan-zonggonghui/gonghui-gongzuozhe-jingfei.yaml",
            "2024/baoshan-zonggonghui/yiqi-changguan-yunying-jingfei.yaml",
        )
    },
    "yaml: a 20,000-character 项目名称": lambda: {
        HYK: SEED.replace("政府实事项目 - 工会会员卡", "名" * 20_000)
    },
    "yaml: a 3,000-character department name": lambda: {
        "departments.yaml": (REPO / "content/departments.yaml")
        .read_text("utf-8")
        .replace("上海市宝山区总工会", "部" * 3000)
    },
    "yaml: 10,000 indicators (0.9 MB)": lambda: {HYK: _indicators(10_000)},
    "yaml: the largest declaration that passes": lambda: {HYK: _largest_passing()},
    "yaml: 20,000 nested brackets": lambda: {HYK: _nested(20_000)},
    "yaml: an alias bomb (billion laughs)": lambda: {HYK: _alias_bomb()},
    "yaml: 43,000 unknown keys (1 MB)": lambda: {HYK: _unknown_keys(43_000)},
}


def _git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    }
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def content_runs(name: str, files: dict[str, str], work: Path) -> list[Run]:
    repo = work / "repo"
    shutil.copytree(REPO / "content", repo / "content")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "seed")
    for path, text in files.items():
        (repo / "content" / path).write_text(text, encoding="utf-8")
    commands = {
        "check": ["check", "--no-cache"],
        "build": ["build", "--no-cache", "--site-dir", str(work / "site")],
        "export": ["export", "--no-cache", "--format", "json"],
        "fmt --check": ["fmt", "--check"],
        "diff": ["diff", "--format", "markdown"],
    }
    runs = []
    for label, args in commands.items():
        if label == "build":
            args = [*args, "--config", str(REPO / "mkdocs.yml")]
        code, output, wall, cpu, peak = timed([str(JIXIAO), *args], repo)
        runs.append(Run(name, label, answer_of(code, output), wall, cpu, peak))
    return runs


def import_run(name: str, build: Callable[[Path], Path], work: Path) -> Run:
    path = build(work)
    args = [str(JIXIAO), "import", "--content", str(work / "content"), str(path)]
    code, output, wall, cpu, peak = timed(args, work)
    size = path.stat().st_size
    shown = f"{size / 1024 / 1024:.1f} MB" if size > 1024 * 1024 else f"{size / 1024:.1f} KB"
    return Run(f"{name} [{shown}]", "import", answer_of(code, output), wall, cpu, peak)


def table(runs: list[Run]) -> str:
    out = [
        "| 输入 | 命令 | 结果（退出码：首条错误或汇总） | 用时 s | CPU s | 峰值内存 MB |",
        "|---|---|---|---:|---:|---:|",
    ]
    for run in runs:
        answer = run.answer.replace("|", "\\|")
        out.append(
            f"| {run.case} | {run.command} | {answer} | {run.wall:.1f} | {run.cpu:.1f} | "
            f"{run.peak_mb:.0f} |"
        )
    return "\n".join(out)


def summary(runs: list[Run]) -> str:
    """One row per input: what `check` (or `import`) answered, and the worst of its commands."""
    out = [
        "| 输入 | 结果（退出码：首条错误或汇总） | 最长用时 s | 最多 CPU s | 最大峰值内存 MB |",
        "|---|---|---:|---:|---:|",
    ]
    cases = list(dict.fromkeys(run.case for run in runs))
    for case in cases:
        mine = [run for run in runs if run.case == case]
        first = next((r for r in mine if r.command in ("check", "import")), mine[0])
        slowest = max(mine, key=lambda r: r.wall)
        answer = first.answer.replace("|", "\\|")
        out.append(
            f"| {case} | {answer} | {slowest.wall:.1f}（{slowest.command}） | "
            f"{max(r.cpu for r in mine):.1f} | {max(r.peak_mb for r in mine):.0f} |"
        )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="run only cases whose name contains one of these")
    arguments = parser.parse_args()

    def wanted(name: str) -> bool:
        return not arguments.only or any(part in name for part in arguments.only)

    runs: list[Run] = []
    for name, build in IMPORT_FILES.items():
        if wanted(name):
            with tempfile.TemporaryDirectory() as work:
                runs.append(import_run(name, build, Path(work)))
                print(table(runs[-1:]).splitlines()[-1], flush=True)
    for name, files in CONTENT_CASES.items():
        if wanted(name):
            with tempfile.TemporaryDirectory() as work:
                for run in content_runs(name, files(), Path(work)):
                    runs.append(run)
                    print(table([run]).splitlines()[-1], flush=True)
    print()
    print(table(runs))
    print()
    print(summary(runs))
    slowest = max(runs, key=lambda r: r.wall)
    largest = max(runs, key=lambda r: r.peak_mb)
    print(
        f"\n{len(runs)} runs; slowest {slowest.wall:.1f} s ({slowest.case}, {slowest.command}); "
        f"largest {largest.peak_mb:.0f} MB ({largest.case}, {largest.command}); "
        f"goal ≤ {WALL_GOAL:.0f} s and ≤ {MEMORY_GOAL_MB:.0f} MB: "
        f"{'met' if all(r.within_goal for r in runs) else 'NOT met'}; "
        f"tracebacks: {sum(r.answer == 'TRACEBACK' for r in runs)}"
    )


if __name__ == "__main__":
    main()
