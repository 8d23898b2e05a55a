"""Publishing what was published: 原表问题 (acknowledged problems of the form itself), what the
site shows of them, and an import a publisher can live with (refusing text without cells,
short department codes, rename-department with history that follows the move)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.core.diagnostics import Severity
from generator.core.model import AcknowledgedProblem
from generator.core.project import Corpus
from generator.importers.department_codes import MAX_CODE, department_code
from generator.load.corpus import load_corpus
from generator.review.semantic_diff import compare
from tests.conftest import MKDOCS_YML
from tests.support import import_fixtures as fx
from tests.support.git_support import git as _git
from tests.support.paths import REPO

CARD = "2024/baoshan-zonggonghui/zhengfu-shishi-gonghui-huiyuanka.yaml"
ACK_PROJECT_SUM = (
    "原表问题:\n  - 代码: funding-sum\n    字段: 项目资金.项目资金总额\n    说明: 原表如此\n"
)


def cli(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


# ------------------------------------------------------------------ check: notices and staleness


def test_acknowledged_problem_is_a_notice_at_its_line(content_copy: Path) -> None:
    card = content_copy / CARD
    edit(card, "  项目资金总额: 1,846,000.00", "  项目资金总额: 1,900,000.00")
    code, output = cli("check", "--content", content_copy, "--no-cache")
    assert code == 1 and "错误[funding-sum] 项目资金.项目资金总额" in output  # not acknowledged
    card.write_text(card.read_text("utf-8") + ACK_PROJECT_SUM, encoding="utf-8")
    code, output = cli("check", "--content", content_copy, "--no-cache")
    assert code == 0, output
    line = line_of(card, "项目资金总额: 1,900,000.00")
    assert (
        f"{CARD}:{line}:11: 提示[funding-sum] 项目资金.项目资金总额: 项目资金总额 1,900,000.00"
        in (output)
    )
    assert "原表如此，已记入原表问题" in output
    assert output.rstrip().endswith("没有错误，1 个警告，1 个提示（原表问题，照样发布）。")
    code, output = cli("check", "--content", content_copy, "--no-cache", "--format", "json")
    notices = [d for d in json.loads(output) if d["severity"] == "notice"]
    assert [(d["code"], d["field"], d["line"]) for d in notices] == [
        ("funding-sum", "项目资金.项目资金总额", line)
    ]
    code, output = cli("check", "--content", content_copy, "--no-cache", "--format", "github")
    assert code == 0
    assert "::notice file=" in output and "::error" not in output
    assert f"line={line},col=11,title=提示[funding-sum]" in output


def test_new_unacknowledged_error_still_fails(content_copy: Path) -> None:
    """A hand edit that breaks another sum is an error, whatever else was acknowledged."""
    card = content_copy / CARD
    edit(card, "  项目资金总额: 1,846,000.00", "  项目资金总额: 1,900,000.00")
    card.write_text(card.read_text("utf-8") + ACK_PROJECT_SUM, encoding="utf-8")
    edit(card, "  当年财政拨款: 1,846,000.00", "  当年财政拨款: 1,800,000.00")
    code, output = cli("check", "--content", content_copy, "--no-cache")
    assert code == 1
    assert "错误[funding-sum] 年度资金.年度资金申请总额" in output
    assert "提示[funding-sum] 项目资金.项目资金总额" in output


def test_stale_wrong_and_repeated_acknowledgements_are_errors(content_copy: Path) -> None:
    card = content_copy / CARD
    card.write_text(
        card.read_text("utf-8")
        + ACK_PROJECT_SUM
        + "  - 代码: invisible-char\n    字段: 项目名称\n"
        + "  - 代码: funding-sum\n    字段: 项目资金.项目资金总额\n",
        encoding="utf-8",
    )
    code, output = cli("check", "--content", content_copy, "--no-cache")
    assert code == 1
    lines = card.read_text("utf-8").splitlines()
    first = lines.index("原表问题:") + 2
    assert f"{CARD}:{first}:5: 错误[acknowledgement-stale] 原表问题[1]:" in output
    assert "已不存在" in output and "请删除这一项" in output
    assert "错误[acknowledgement-code] 原表问题[2]: “invisible-char”不能记为原表问题" in output
    assert "错误[acknowledgement-duplicate] 原表问题[3]" in output


def test_an_acknowledgement_field_is_strict(content_copy: Path) -> None:
    card = content_copy / CARD
    card.write_text(
        card.read_text("utf-8") + "原表问题:\n  - 代码: funding-sum\n", encoding="utf-8"
    )
    code, output = cli("check", "--content", content_copy, "--no-cache")
    assert code == 1 and "错误[missing-field] 原表问题[1]" in output and "字段" in output


# ------------------------------------------------------------- a form inconsistent as published


def _inconsistent() -> fx.Data:
    return fx.declaration(
        "道路维修",
        start="2024-01-01",
        end="2024-12-31",
        period=(2024, 2024),
        project=("800,000.00", "750,000.00", None),
        annual=("800,000.00", "800,000.00", None, None),
    )


def test_inconsistent_form_imports_checks_builds_and_shows_its_discrepancy(
    tmp_path: Path, build_content: Callable[[Path, Path], Corpus]
) -> None:
    source = tmp_path / "form.txt"
    fx.write_text(source, [fx.form_grid(_inconsistent())])
    content = tmp_path / "content"
    code, output = cli("import", source, "--content", content)
    assert code == 0, output
    assert "原表本身有问题：项目资金.项目资金总额 合计不符（funding-sum）" in output
    [path] = sorted(content.glob("2024/*/*.yaml"))
    assert path.read_text("utf-8").endswith(ACK_PROJECT_SUM)
    code, output = cli("check", "--content", content, "--no-cache")
    assert code == 0, output
    assert "提示[funding-sum] 项目资金.项目资金总额" in output

    site = tmp_path / "site"
    build_content(content, site)
    page = next(site.glob("2024/*/dao-lu-wei-xiu/index.html")).read_text("utf-8")
    statement = (
        "项目资金总额 800,000.00 元 ≠ 财政资金 750,000.00 元 + 其他资金 空白（相差 50,000.00 元）"
    )
    assert 'class="jx-discrepancies"' in page and "<strong>核对提示</strong>" in page
    assert f"<li>合计不符：{statement}（原表如此）</li>" in page
    listing = (site / "discrepancies" / "index.html").read_text("utf-8")
    assert "共 1 个项目有核对提示，涉及 1 个主管部门。" in listing
    assert statement in listing and "上海市东海区总工会" in listing
    home = (site / "index.html").read_text("utf-8")
    assert 'href="discrepancies/"' in home

    # Without JavaScript the paginated project tables are the explorer's fallback: flagged there.
    static = (site / "projects" / "index.html").read_text("utf-8")
    assert (
        '道路维修</a><span class="jx-flag" title="原表本身有 1 处不一致，见项目页">核对提示</span>'
        in static
    )
    explorer = json.loads((site / "data" / "explorer.json").read_text("utf-8"))
    flag = explorer["columns"].index("discrepancies")
    assert [row[flag] for row in explorer["rows"]] == [1]
    record = json.loads((site / "data" / "projects.json").read_text("utf-8"))["projects"][0]
    assert record["discrepancies"] == [
        {
            "code": "funding-sum",
            "field": "项目资金.项目资金总额",
            "title": "合计不符",
            "statement": statement,
            "note": "原表如此",
        }
    ]
    rows = list(
        csv.DictReader(io.StringIO((site / "data" / "projects.csv").read_text("utf-8-sig")))
    )
    assert rows[0]["核对提示"] == statement
    package = json.loads((site / "data" / "datapackage.json").read_text("utf-8"))
    fields = [f["name"] for f in package["resources"][0]["schema"]["fields"]]
    assert "核对提示" in fields
    from openpyxl import load_workbook

    sheet = load_workbook(site / "data" / "projects.xlsx", read_only=True)["项目"]
    header, first = list(sheet.iter_rows(max_row=2, values_only=True))
    assert first[header.index("核对提示")] == statement

    # A hand edit that breaks another sum of the same file still fails check, and the build.
    edit(path, "  当年财政拨款: 800,000.00", "  当年财政拨款: 700,000.00")
    code, output = cli("check", "--content", content, "--no-cache")
    assert code == 1 and "错误[funding-sum] 年度资金.年度资金申请总额" in output


def test_clean_projects_have_no_discrepancies(seed_site: Path) -> None:
    record = json.loads((seed_site / "data" / "projects.json").read_text("utf-8"))["projects"][0]
    assert record["discrepancies"] == []
    listing = (seed_site / "discrepancies" / "index.html").read_text("utf-8")
    assert "目前没有任何已发布项目带有核对提示。" in listing


def test_diff_shows_acknowledgements_added_and_removed(content_copy: Path) -> None:
    project = next(p for p in load_corpus(content_copy).projects if p.source_path == CARD)
    before = project.declaration
    entry = {"代码": "funding-sum", "字段": "项目资金.项目资金总额", "说明": "原表如此"}
    after = before.model_copy(update={"acknowledged": [AcknowledgedProblem.model_validate(entry)]})
    added = compare(before, after)
    assert [(f.label, f.before, f.after) for f in added.fields] == [
        ("原表问题", "无", "funding-sum（项目资金.项目资金总额）")
    ]
    assert any("新记原表问题 funding-sum（项目资金.项目资金总额）" in f for f in added.flags)
    removed = compare(after, before)
    assert [(f.label, f.before, f.after) for f in removed.fields] == [
        ("原表问题", "funding-sum（项目资金.项目资金总额）", "无")
    ]
    assert removed.flags == []


# ------------------------------------------------------------- import a publisher can live with


def test_text_without_table_structure_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "copied.txt"
    grid = fx.form_grid(_inconsistent())
    # As copied from a PDF viewer: cells separated by spaces, a long cell wrapped on its own line.
    source.write_text("\n".join(" ".join(c for c in row if c) for row in grid.rows), "utf-8")
    content = tmp_path / "content"
    code, output = cli("import", source, "--content", content)
    assert code == 1
    assert "已经失去了表格结构" in output
    assert "看到的栏目：项目名称、项目类别、主管部门、实施单位、计划开始日期" in output
    assert "请直接导入 PDF 或电子表格本身" in output
    assert not content.exists()


@pytest.mark.parametrize(
    ("name", "registered", "code"),
    [
        ("上海市宝山区建设和管理委员会", ["上海市宝山区总工会"], "jian-she-he-guan-li-wei"),
        ("上海市普陀区建设和管理委员会", ["上海市宝山区总工会"], "pu-tuo-qu-jian-she-he"),
        ("上海市宝山区总工会", [], "zong-gong-hui"),
        ("武汉市青山区教育局", [], "jiao-yu-ju"),
        ("湖北省武汉市青山区教育局", [], "jiao-yu-ju"),
        ("中国科学院", [], "zhong-guo-ke-xue-yuan"),
        ("上海市城市管理局", [], "cheng-shi-guan-li-ju"),  # 城市 is not a city's name
        ("0", [], "bumen-0"),  # never all digits: /2024/0/ would be a page number
    ],
)
def test_new_department_codes_are_short_and_readable(
    name: str, registered: list[str], code: str
) -> None:
    assert department_code(name, registered) == code
    assert len(code) <= MAX_CODE


def test_department_code_option_and_summary(content_copy: Path, tmp_path: Path) -> None:
    source = tmp_path / "new.txt"
    fx.write_text(
        source,
        [fx.form_grid(fx.declaration("女职工关爱行动", department="上海市宝山区妇女联合会"))],
    )
    code, output = cli("import", source, "--content", content_copy, "--department-code", "fulian")
    assert code == 0, output
    assert "已写入 2 个文件：" in output
    assert "departments.yaml（主管部门名录，新增 fulian（上海市宝山区妇女联合会））" in output
    assert (content_copy / "2024" / "fulian" / "nv-zhi-gong-guan-ai-xing-dong.yaml").is_file()
    assert load_corpus(content_copy).ok
    code, output = cli("import", source, "--content", content_copy, "--department-code", "Bad Code")
    assert code == 2 and "--department-code “Bad Code”不合规" in output
    code, output = cli(
        "import", source, "--content", content_copy, "--department-code", "baoshan-zonggonghui"
    )
    assert code == 2 and "已是名录中另一个部门的代码" in output


def test_rename_department_moves_folders_and_history_follows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.site.writer import build_site

    root = tmp_path / "repo"
    shutil.copytree(REPO / "content", root / "content")
    registry = root / "content" / "departments.yaml"
    registry.write_text(registry.read_text("utf-8") + "# 名录末尾的注释\n", encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "internal note", "-m", "公开说明: 首次发布")
    edit(root / "content" / CARD, "≥140000.00(人)", "≥120000.00(人)")
    _git(root, "commit", "-q", "-a", "-m", "internal note", "-m", "公开说明: 调低覆盖人数")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    code, output = cli(
        "rename-department", "baoshan-zonggonghui", "zonggonghui", "--content", root / "content"
    )
    assert code == 0, output
    assert "git mv" in output and "主管部门代码 baoshan-zonggonghui 已改为 zonggonghui" in output
    assert not (root / "content" / "2024" / "baoshan-zonggonghui").exists()
    text = registry.read_text("utf-8")
    assert "  - 代码: zonggonghui\n" in text and text.endswith("# 名录末尾的注释\n")
    assert text.startswith("# yaml-language-server")  # comments kept
    _git(root, "commit", "-q", "-m", "internal note", "-m", "公开说明: 部门代码改短")
    corpus = load_corpus(root / "content")
    assert corpus.ok, [d.format() for d in corpus.diagnostics]
    site = tmp_path / "site"
    build_site(corpus, config_file=MKDOCS_YML, site_dir=site)
    moved = CARD.replace("baoshan-zonggonghui", "zonggonghui").removesuffix(".yaml")
    page = (site / moved / "index.html").read_text("utf-8")
    assert "修订记录" in page
    # The three commits, before and after the move, published through their 公开说明 lines.
    assert "部门代码改短" in page and "调低覆盖人数" in page and "首次发布" in page
    assert "internal note" not in page
    # Refusals change nothing.
    code, output = cli("rename-department", "nope", "x", "--content", root / "content")
    assert code == 2 and "名录中没有代码为“nope”的部门" in output
    code, output = cli("rename-department", "zonggonghui", "2024", "--content", root / "content")
    assert code == 2 and "不能全是数字" in output


def test_notice_severity_is_not_an_error() -> None:
    assert Severity.NOTICE.value == "提示"


def test_fmt_keeps_acknowledgements_last_in_canonical_order(content_copy: Path) -> None:
    from generator.review.yaml_format import format_text

    card = content_copy / CARD
    shuffled = (
        "原表问题:\n  - 说明: 原表如此\n    字段: 项目资金.项目资金总额\n    代码: funding-sum\n"
    )
    text = card.read_text("utf-8")
    formatted = format_text(shuffled + text, "x.yaml")
    assert formatted.endswith(ACK_PROJECT_SUM)


def test_each_discrepancy_is_stated_with_the_forms_numbers(content_copy: Path) -> None:
    import datetime as dt
    from decimal import Decimal

    from generator.load.discrepancies import discrepancies_of

    project = next(p for p in load_corpus(content_copy).projects if p.source_path == CARD)
    decl = project.declaration
    entries = [
        ("funding-sum", "年度资金.年度资金申请总额"),
        ("funding-annual-exceeds-total", "年度资金.年度资金申请总额"),
        ("money-negative", "年度资金.上年结转资金"),
        ("date-order", "计划完成日期"),
        ("goal-period-order", "项目总目标.终止年度"),
        ("indicator-level2", "绩效指标.效益指标.满意度"),
        ("indicators-empty", "绩效指标"),
    ]
    odd = decl.model_copy(
        update={
            "annual_funds": decl.annual_funds.model_copy(
                update={"total": Decimal("2000000.00"), "carry_over": Decimal("-1.00")}
            ),
            "start_date": dt.date(2024, 12, 31),
            "end_date": dt.date(2024, 1, 1),
            "overall_goal": decl.overall_goal.model_copy(update={"end_year": 2023}),
            "acknowledged": [
                AcknowledgedProblem.model_validate({"代码": c, "字段": f}) for c, f in entries
            ],
        }
    )
    assert [d.statement for d in discrepancies_of(odd)] == [
        "年度资金申请总额 2,000,000.00 元 ≠ 当年财政拨款 1,846,000.00 元 + 上年结转资金 -1.00 元"
        " + 其他资金 0.00 元（相差 154,001.00 元）",
        "年度资金申请总额 2,000,000.00 元 大于项目资金总额 1,846,000.00 元",
        "上年结转资金 -1.00 元 为负数",
        "计划完成日期 2024-01-01 早于计划开始日期 2024-12-31",
        "项目总目标期间 2024年-2023年：终止年度早于起始年度",
        "二级指标“满意度”不是一级指标“效益指标”下的二级指标",
        "原表没有填写任何三级指标",
    ]
    assert [d.title for d in discrepancies_of(odd)][:2] == ["合计不符", "年度资金超过项目资金总额"]
