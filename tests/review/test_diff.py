"""`jixiao diff` and `jixiao check --changed` on real git repositories built in tmp_path.

The main history starts from a copy of the shipped content/ and makes one commit per kind of
change a reviewer meets: an amount, a weakened target, an indicator added and removed, a file
moved (once so that git pairs the files, once so that only 年度 + 项目名称 do), a project added
and removed. Each step is tagged, so a test compares two tags and asserts the exact entries.

After an intended change of the Markdown or text output, run
`pytest tests/review/test_diff.py --update-golden` and review the diff of tests/golden/diff/.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.core.diagnostics import Diagnostic, Position, Severity, github_annotation
from generator.review.diff_run import semantic_diff
from generator.review.semantic_diff import (
    DepartmentTotal,
    FieldChange,
    FundingChange,
    IndicatorChange,
    ProjectChange,
)
from tests.conftest import CONTENT
from tests.support.paths import TESTS

GOLDEN = TESTS / "golden" / "diff"

DEPT = "上海市宝山区总工会"
EDU = "上海市宝山区教育局"
D = "content/2024/baoshan-zonggonghui"
GZZ = f"{D}/gonghui-gongzuozhe-jingfei.yaml"  # 工会工作者经费, 16,357,365.00 元
CG = f"{D}/yiqi-changguan-yunying-jingfei.yaml"  # 一期场馆运营经费项目, 750,000.00 元
CG_MOVED = f"{D}/changguan-yunying.yaml"
HYK = f"{D}/zhengfu-shishi-gonghui-huiyuanka.yaml"  # 政府实事项目 - 工会会员卡, 1,846,000.00 元
HYK_MOVED = f"{D}/gonghui-huiyuanka.yaml"
NEW = "content/2024/baoshan-jiaoyuju/xiaoyuan-anquan.yaml"

GZZ_NAME = "工会工作者经费"
CG_NAME = "一期场馆运营经费项目"
HYK_NAME = "政府实事项目 - 工会会员卡"
NEW_NAME = "校园安全设施改造"

REGISTRY_WITH_EDU = """\
  - 代码: baoshan-jiaoyuju
    名称: 上海市宝山区教育局
"""

# A new project of a new department, written in 万元: 50.00 万元 is 500,000.00 元.
NEW_DECLARATION = """\
年度: 2024
项目名称: 校园安全设施改造
项目类别: 一次性项目
主管部门: 上海市宝山区教育局
实施单位: 上海市宝山区教育保障中心
计划开始日期: 2024-03-01
计划完成日期: 2024-08-31
资金单位: 万元
项目资金:
  项目资金总额: 50.00
  财政资金: 50.00
  其他资金: 0.00
年度资金:
  年度资金申请总额: 50.00
  当年财政拨款: 50.00
  上年结转资金: 0.00
  其他资金: 0.00
项目总目标:
  起始年度: 2024
  终止年度: 2024
  内容: 更新全区中小学校门口的安全设施。
年度总目标: 完成 20 所学校校门安全设施的改造。
绩效指标:
  产出指标:
    数量指标:
      - 三级指标: 改造学校数量
        年度指标值: ≥20所
  满意度指标:
    服务对象满意度指标:
      - 三级指标: 家长满意度
        年度指标值: ">=90%"
"""

# The 工会会员卡 declaration as it stands after the indicator steps, rewritten: four-space
# indentation and amounts in 万元 (the same amounts in 元). Too different for git to pair the
# old and the new file; only 年度 + 项目名称 tell that the project moved.
HYK_REWRITTEN = """\
年度: 2024
项目名称: 政府实事项目 - 工会会员卡
项目类别: 特定目标类
主管部门: 上海市宝山区总工会
实施单位: 上海市宝山区职工服务中心
计划开始日期: 2024-01-01
计划完成日期: 2024-12-31
资金单位: 万元
项目资金:
    项目资金总额: 184.60
    财政资金: 184.60
    其他资金: 0.00
年度资金:
    年度资金申请总额: 184.60
    当年财政拨款: 184.60
    上年结转资金: 0.00
    其他资金: 0.00
项目总目标:
    起始年度: 2024
    终止年度: 2024
    内容: 工会会员卡是宝山区“我为群众办实事”重点民生项目，服务内容：专享基本保障费 14.20 万人*13 元/人=184.60 万元（按实计算）。
年度总目标: 做好会员专享基本四类保障的参保工作。
绩效指标:
    产出指标:
        数量指标:
            - 三级指标: 工会会员服务卡的覆盖人数
              年度指标值: ≥140000.00(人)
        质量指标:
            - 三级指标: 部门沟通机制健全
              年度指标值: 健全
        时效指标:
            - 三级指标: 投保周期
              年度指标值: 按时投保
            - 三级指标: 理赔办理时限
              年度指标值: ≤3天
        成本指标:
            - 三级指标: 投保单价
              年度指标值: =13.00(元)
    效益指标:
        经济效益指标:
            - 三级指标: 服务力度
              年度指标值: 更多更优
        社会效益指标:
            - 三级指标: 职工服务
              年度指标值: 按预算执行
        生态效益指标: []
        可持续影响指标:
            - 三级指标: 定期开展情况
              年度指标值: 年度
    满意度指标:
        服务对象满意度指标:
            - 三级指标: 职工满意度
              年度指标值: 非常满意
"""  # noqa: E501


def yuan(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


# --- git and file helpers ----------------------------------------------------------------------

# The tests must not depend on the user's git configuration (signing, hooks, default branch).
HERMETIC_GIT = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
INHERITED_GIT = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY")


def _git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in INHERITED_GIT}
    return {**env, **HERMETIC_GIT}


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Jixiao Test", "-c", "user.email=test@example.invalid", *args],
        cwd=repo,
        env=_git_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def commit(repo: Path, message: str, tag: str | None = None) -> str:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--no-verify", "-m", message)
    if tag:
        git(repo, "tag", tag)
    return git(repo, "rev-parse", "HEAD").strip()


def new_repo(parent: Path, branch: str = "main") -> Path:
    """A git repository whose first commit is a copy of the shipped content/."""
    repo = parent / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet", "-b", branch)
    shutil.copytree(CONTENT, repo / "content")
    commit(repo, "base", tag="base")
    return repo


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` by `new`, which must occur exactly `count` times (a guard on the test)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def register_edu(repo: Path) -> None:
    with (repo / "content" / "departments.yaml").open("a", encoding="utf-8") as registry:
        registry.write(REGISTRY_WITH_EDU)


def name_status(repo: Path, base: str, head: str) -> list[str]:
    out = git(repo, "diff", "--name-status", "-M", base, head, "--", "content")
    return out.splitlines()


@pytest.fixture(autouse=True)
def hermetic_git(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The git that jixiao runs sees no user configuration and no repository above tmp."""
    for key in INHERITED_GIT:
        monkeypatch.delenv(key, raising=False)
    for key, value in HERMETIC_GIT.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path_factory.getbasetemp()))


def run_cli(monkeypatch: pytest.MonkeyPatch, cwd: Path, *args: str) -> Result:
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(main, list(args))


def compare_golden(name: str, actual: str, request: pytest.FixtureRequest) -> None:
    golden = GOLDEN / name
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    assert golden.exists(), f"missing golden file {golden}; run with --update-golden"
    assert actual == golden.read_text(encoding="utf-8")


# --- the history: one commit per kind of change ------------------------------------------------


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = new_repo(tmp_path_factory.mktemp("history"))
    gzz, cg, hyk = root / GZZ, root / CG, root / HYK

    # amount: +22.3% on 工会工作者经费 (flagged), +4.0% on 一期场馆 (not flagged)
    edit(gzz, "16,357,365.00", "20,000,000.00", count=4)
    edit(cg, "750,000.00", "780,000.00", count=4)
    commit(root, "Edit amounts", tag="amount")

    # weaken: ≥90% → ≥80% is looser, <1% → <0.5% stricter, 满意 → 非常满意 qualitative
    edit(cg, '年度指标值: ">=90%"', '年度指标值: ">=80%"')
    edit(cg, '年度指标值: "<1%"', '年度指标值: "<0.5%"')
    edit(hyk, "年度指标值: 满意\n", "年度指标值: 非常满意\n")
    commit(root, "Weaken a target", tag="weaken")

    # indicators: 理赔办理时限 added, 宣传覆盖面 removed
    edit(
        hyk,
        "        年度指标值: 按时投保\n",
        "        年度指标值: 按时投保\n      - 三级指标: 理赔办理时限\n        年度指标值: ≤5天\n",
    )
    edit(
        hyk,
        "    生态效益指标:\n      - 三级指标: 宣传覆盖面\n        年度指标值: 扩大\n",
        "    生态效益指标: []\n",
    )
    commit(root, "Add and remove an indicator", tag="indicators")

    # tighten: ≤5天 → ≤3天 is stricter for a lower-is-better target
    edit(hyk, "≤5天", "≤3天")
    commit(root, "Tighten a deadline", tag="tighten")

    # move: a plain rename, which git pairs
    git(root, "mv", CG, CG_MOVED)
    commit(root, "Move a file", tag="move")

    # rewrite: a rename with a rewrite git does not pair; 年度 + 项目名称 still match
    git(root, "rm", "--quiet", HYK)
    write(root / HYK_MOVED, HYK_REWRITTEN)
    commit(root, "Move and reformat a file", tag="rewrite")

    # projects: 工会工作者经费 removed, a project of a new department added
    git(root, "rm", "--quiet", GZZ)
    register_edu(root)
    write(root / NEW, NEW_DECLARATION)
    commit(root, "Add and remove a project", tag="projects")
    return root


TAGS = ["base", "amount", "weaken", "indicators", "tighten", "move", "rewrite", "projects"]


def test_history_is_valid_content(history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each entry below is about a change, not an error: every step loads, the end is clean."""
    for before, after in itertools.pairwise(TAGS):
        report = semantic_diff(history / "content", before, after)
        assert report.invalid == [], (before, after)
        assert len(report.projects) >= 1, (before, after)
    result = run_cli(monkeypatch, history, "check", "--no-cache")
    assert result.exit_code == 0, result.output
    assert result.stdout == "检查了 4 个文件：没有错误，0 个警告。\n"  # 3 + departments.yaml


# --- exact entries, step by step ---------------------------------------------------------------


def test_edit_amount(history: Path) -> None:
    report = semantic_diff(history / "content", "base", "amount")
    assert (report.base, report.head, report.invalid) == ("base", "amount", [])
    assert report.incomplete_history is False
    before, after = yuan("16,357,365.00"), yuan("20,000,000.00")
    small_before, small_after = yuan("750,000.00"), yuan("780,000.00")
    assert report.projects == [
        ProjectChange(
            "changed", GZZ, GZZ, GZZ_NAME, DEPT, 2024,
            funding=[
                FundingChange("项目资金总额", before, after),
                FundingChange("财政资金", before, after),
                FundingChange("年度资金申请总额", before, after),
                FundingChange("当年财政拨款", before, after),
            ],
            flags=["项目资金总额增加 22.3%", "年度资金申请总额增加 22.3%"],
            annual_before=before, annual_after=after, department_before=DEPT,
        ),
        ProjectChange(
            "changed", CG, CG, CG_NAME, DEPT, 2024,
            funding=[
                FundingChange("项目资金总额", small_before, small_after),
                FundingChange("财政资金", small_before, small_after),
                FundingChange("年度资金申请总额", small_before, small_after),
                FundingChange("当年财政拨款", small_before, small_after),
            ],
            annual_before=small_before, annual_after=small_after, department_before=DEPT,
        ),
    ]  # fmt: skip
    funding = report.projects[0].funding[0]
    assert funding.delta == yuan("3,642,635.00")
    assert funding.share is not None and round(funding.share, 6) == Decimal("0.222691")
    assert report.departments == [
        DepartmentTotal(DEPT, yuan("17,107,365.00"), yuan("20,780,000.00"))
    ]
    assert report.total_after - report.total_before == yuan("3,672,635.00")
    assert [p.name for p in report.flagged] == [GZZ_NAME]


def test_weaken_and_strengthen_targets(history: Path) -> None:
    report = semantic_diff(history / "content", "amount", "weaken")
    assert report.projects == [
        ProjectChange(
            "changed", CG, CG, CG_NAME, DEPT, 2024,
            indicators=[
                IndicatorChange(
                    "target", "产出指标", "质量指标", "各类活动参与率", ">=90%", ">=80%", "更宽松"
                ),
                IndicatorChange(
                    "target", "效益指标", "社会效益指标", "场馆安全事故率", "<1%", "<0.5%", "更严格"
                ),
            ],
            flags=["指标“各类活动参与率”目标放宽：>=90% → >=80%"],
            annual_before=yuan("780,000.00"), annual_after=yuan("780,000.00"),
            department_before=DEPT,
        ),
        ProjectChange(
            "changed", HYK, HYK, HYK_NAME, DEPT, 2024,
            # A qualitative change is shown as text, with no strength and no flag.
            indicators=[
                IndicatorChange(
                    "target", "满意度指标", "服务对象满意度指标", "职工满意度", "满意", "非常满意"
                ),
            ],
            annual_before=yuan("1,846,000.00"), annual_after=yuan("1,846,000.00"),
            department_before=DEPT,
        ),
    ]  # fmt: skip
    assert report.departments == [DepartmentTotal(DEPT, yuan("2,626,000.00"), yuan("2,626,000.00"))]


def test_add_and_remove_indicator(history: Path) -> None:
    report = semantic_diff(history / "content", "weaken", "indicators")
    assert report.projects == [
        ProjectChange(
            "changed", HYK, HYK, HYK_NAME, DEPT, 2024,
            indicators=[
                IndicatorChange("removed", "效益指标", "生态效益指标", "宣传覆盖面", "扩大"),
                IndicatorChange("added", "产出指标", "时效指标", "理赔办理时限", None, "≤5天"),
            ],
            flags=["删除了指标“宣传覆盖面”"],
            annual_before=yuan("1,846,000.00"), annual_after=yuan("1,846,000.00"),
            department_before=DEPT,
        ),
    ]  # fmt: skip


def test_tighten_lower_is_better_target(history: Path) -> None:
    report = semantic_diff(history / "content", "indicators", "tighten")
    assert len(report.projects) == 1
    assert report.projects[0].indicators == [
        IndicatorChange("target", "产出指标", "时效指标", "理赔办理时限", "≤5天", "≤3天", "更严格")
    ]
    assert report.projects[0].flags == []


def test_move_that_git_pairs(history: Path) -> None:
    assert name_status(history, "tighten", "move") == [f"R100\t{CG}\t{CG_MOVED}"]
    report = semantic_diff(history / "content", "tighten", "move")
    assert report.projects == [
        ProjectChange(
            "moved", CG, CG_MOVED, CG_NAME, DEPT, 2024,
            annual_before=yuan("780,000.00"), annual_after=yuan("780,000.00"),
            department_before=DEPT,
        )
    ]  # fmt: skip
    assert report.flagged == []


def test_move_that_only_identity_pairs(history: Path) -> None:
    # Precondition: git sees a deletion and an addition, not a rename.
    assert name_status(history, "move", "rewrite") == [f"A\t{HYK_MOVED}", f"D\t{HYK}"]
    report = semantic_diff(history / "content", "move", "rewrite")
    # The amounts are the same in 元 although the unit and every number changed in the text.
    assert report.projects == [
        ProjectChange(
            "moved", HYK, HYK_MOVED, HYK_NAME, DEPT, 2024,
            fields=[FieldChange("资金单位", "元", "万元")],
            annual_before=yuan("1,846,000.00"), annual_after=yuan("1,846,000.00"),
            department_before=DEPT,
        )
    ]  # fmt: skip
    assert report.flagged == []


def test_add_and_remove_project(history: Path) -> None:
    report = semantic_diff(history / "content", "rewrite", "projects")
    assert report.projects == [
        ProjectChange(
            "added", None, NEW, NEW_NAME, EDU, 2024, annual_after=yuan("500,000.00")
        ),
        ProjectChange(
            "removed", GZZ, None, GZZ_NAME, DEPT, 2024, flags=["删除了项目"],
            annual_before=yuan("20,000,000.00"), department_before=DEPT,
        ),
    ]  # fmt: skip
    assert report.departments == [
        DepartmentTotal(DEPT, yuan("20,000,000.00"), Decimal(0)),
        DepartmentTotal(EDU, Decimal(0), yuan("500,000.00")),
    ]
    assert (report.total_before, report.total_after) == (yuan("20,000,000"), yuan("500,000"))


def _whole_history_projects() -> list[ProjectChange]:
    return [
        ProjectChange(
            "moved", CG, CG_MOVED, CG_NAME, DEPT, 2024,
            funding=[
                FundingChange(label, yuan("750,000.00"), yuan("780,000.00"))
                for label in ("项目资金总额", "财政资金", "年度资金申请总额", "当年财政拨款")
            ],
            indicators=[
                IndicatorChange(
                    "target", "产出指标", "质量指标", "各类活动参与率", ">=90%", ">=80%", "更宽松"
                ),
                IndicatorChange(
                    "target", "效益指标", "社会效益指标", "场馆安全事故率", "<1%", "<0.5%", "更严格"
                ),
            ],
            flags=["指标“各类活动参与率”目标放宽：>=90% → >=80%"],
            annual_before=yuan("750,000.00"), annual_after=yuan("780,000.00"),
            department_before=DEPT,
        ),
        ProjectChange(
            "moved", HYK, HYK_MOVED, HYK_NAME, DEPT, 2024,
            fields=[FieldChange("资金单位", "元", "万元")],
            indicators=[
                IndicatorChange("removed", "效益指标", "生态效益指标", "宣传覆盖面", "扩大"),
                IndicatorChange(
                    "target", "满意度指标", "服务对象满意度指标", "职工满意度", "满意", "非常满意"
                ),
                IndicatorChange("added", "产出指标", "时效指标", "理赔办理时限", None, "≤3天"),
            ],
            flags=["删除了指标“宣传覆盖面”"],
            annual_before=yuan("1,846,000.00"), annual_after=yuan("1,846,000.00"),
            department_before=DEPT,
        ),
        ProjectChange("added", None, NEW, NEW_NAME, EDU, 2024, annual_after=yuan("500,000.00")),
        ProjectChange(
            "removed", GZZ, None, GZZ_NAME, DEPT, 2024, flags=["删除了项目"],
            annual_before=yuan("16,357,365.00"), department_before=DEPT,
        ),
    ]  # fmt: skip


def test_whole_history(history: Path) -> None:
    report = semantic_diff(history / "content", "base", "projects")
    assert report.projects == _whole_history_projects()
    assert report.departments == [
        DepartmentTotal(DEPT, yuan("18,953,365.00"), yuan("2,626,000.00")),
        DepartmentTotal(EDU, Decimal(0), yuan("500,000.00")),
    ]
    assert report.total_before == yuan("18,953,365.00")
    assert report.total_after == yuan("3,126,000.00")
    assert [p.new_path or p.old_path for p in report.flagged] == [CG_MOVED, HYK_MOVED, GZZ]
    assert report.invalid == []
    assert report.incomplete_history is False


def test_no_change_between_equal_revisions(history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = semantic_diff(history / "content", "projects", "projects")
    assert (report.projects, report.departments, report.invalid) == ([], [], [])
    result = run_cli(monkeypatch, history, "diff", "projects", "projects", "--format", "markdown")
    assert result.exit_code == 0
    assert result.output == "### 绩效目标申报变更：projects → projects\n\n没有申报内容的变化。\n"


# --- output formats ----------------------------------------------------------------------------


def test_markdown_golden(
    history: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    result = run_cli(monkeypatch, history, "diff", "base", "projects", "--format", "markdown")
    assert result.exit_code == 0, result.output
    compare_golden("history.md", result.stdout, request)
    # What the golden file must say, independent of its exact bytes:
    # One collapsible entry per project: two changed, one added, one removed.
    assert result.stdout.count("<details>") == result.stdout.count("</details>") == 4
    assert "<summary>[新增] 校园安全设施改造" in result.stdout
    assert "- 原年度资金申请总额 16,357,365.00 元" in result.stdout
    assert "| **合计** | 18,953,365.00 | 3,126,000.00 | -15,827,365.00 |" in result.stdout


def test_text_golden(
    history: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    result = run_cli(monkeypatch, history, "diff", "base", "projects")
    assert result.exit_code == 0, result.output
    compare_golden("history.txt", result.stdout, request)
    assert "浅克隆" not in result.stdout
    assert "  ⚑ 需关注：删除了项目" in result.stdout


def test_json_output(history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli(monkeypatch, history, "diff", "base", "projects", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["base"], data["head"], data["incomplete_history"]) == ("base", "projects", False)
    assert [(p["kind"], p["old_path"], p["new_path"]) for p in data["projects"]] == [
        ("moved", CG, CG_MOVED),
        ("moved", HYK, HYK_MOVED),
        ("added", None, NEW),
        ("removed", GZZ, None),
    ]
    moved = data["projects"][0]
    # Money is a decimal string in 元, never a float.
    assert moved["funding"][0] == {
        "label": "项目资金总额",
        "before": "750000.00",
        "after": "780000.00",
        "delta": "30000.00",
        "share": "0.0400",
    }
    assert moved["indicators"][0] == {
        "kind": "target",
        "level1": "产出指标",
        "level2": "质量指标",
        "name": "各类活动参与率",
        "before": ">=90%",
        "after": ">=80%",
        "strength": "更宽松",
    }
    assert data["projects"][1]["fields"] == [{"label": "资金单位", "before": "元", "after": "万元"}]
    assert data["projects"][1]["indicators"][1]["strength"] is None
    added, removed = data["projects"][2], data["projects"][3]
    assert (added["annual_total_before"], added["annual_total_after"]) == ("0.00", "500000.00")
    assert (removed["annual_total_before"], removed["annual_total_after"]) == (
        "16357365.00",
        "0.00",
    )
    assert removed["flags"] == ["删除了项目"]
    assert data["departments"] == [
        {"department": DEPT, "before": "18953365.00", "after": "2626000.00",
         "delta": "-16327365.00"},
        {"department": EDU, "before": "0.00", "after": "500000.00", "delta": "500000.00"},
    ]  # fmt: skip
    assert (data["total_before"], data["total_after"]) == ("18953365.00", "3126000.00")
    assert data["invalid"] == []


def test_json_share_of_an_amount_change(history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli(monkeypatch, history, "diff", "base", "amount", "--format", "json")
    first = json.loads(result.stdout)["projects"][0]
    assert first["funding"][0] == {
        "label": "项目资金总额",
        "before": "16357365.00",
        "after": "20000000.00",
        "delta": "3642635.00",
        "share": "0.2227",
    }


# --- the threshold -----------------------------------------------------------------------------


GZZ_FLAGS = ["项目资金总额增加 22.3%", "年度资金申请总额增加 22.3%"]
CG_FLAGS = ["项目资金总额增加 4.0%", "年度资金申请总额增加 4.0%"]


@pytest.mark.parametrize(
    ("threshold", "gzz_flags", "cg_flags"),
    [
        (None, GZZ_FLAGS, []),  # the default is 0.10
        ("0.5", [], []),
        ("0.2226", GZZ_FLAGS, []),
        ("0.2227", [], []),  # 工会工作者经费 changed by 22.269…%
        ("0.0399", GZZ_FLAGS, CG_FLAGS),
        ("0.04", GZZ_FLAGS, []),  # 一期场馆 changed by exactly 4%: not *more* than 0.04
    ],
)
def test_threshold(
    history: Path,
    monkeypatch: pytest.MonkeyPatch,
    threshold: str | None,
    gzz_flags: list[str],
    cg_flags: list[str],
) -> None:
    args = ["diff", "base", "amount", "--format", "json"]
    if threshold is not None:
        args += ["--threshold", threshold]
    result = run_cli(monkeypatch, history, *args)
    assert result.exit_code == 0, result.output
    projects = json.loads(result.stdout)["projects"]
    assert [p["name"] for p in projects] == [GZZ_NAME, CG_NAME]
    assert projects[0]["flags"] == gzz_flags
    assert projects[1]["flags"] == cg_flags


def test_threshold_that_is_not_a_number(history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli(monkeypatch, history, "diff", "base", "amount", "--threshold", "十分之一")
    assert result.exit_code == 2
    assert result.stderr == "错误：--threshold “十分之一”不是数字，例如 0.10\n"


def test_funding_from_zero_is_flagged(tmp_path: Path) -> None:
    """0.00 → any amount is more than any threshold; there is no percentage to show."""
    repo = new_repo(tmp_path)
    hyk = repo / HYK
    edit(hyk, "其他资金: 0.00\n年度资金", "其他资金: 100,000.00\n年度资金")
    edit(hyk, "  项目资金总额: 1,846,000.00", "  项目资金总额: 1,946,000.00")
    edit(hyk, "上年结转资金: 0.00", "上年结转资金: 100,000.00")
    edit(hyk, "  年度资金申请总额: 1,846,000.00", "  年度资金申请总额: 1,946,000.00")
    [change] = semantic_diff(repo / "content", "HEAD", None).projects
    assert change.funding == [
        FundingChange("项目资金总额", yuan("1,846,000.00"), yuan("1,946,000.00")),
        FundingChange("其他资金（项目期）", Decimal("0.00"), yuan("100,000.00")),
        FundingChange("年度资金申请总额", yuan("1,846,000.00"), yuan("1,946,000.00")),
        FundingChange("上年结转资金", Decimal("0.00"), yuan("100,000.00")),
    ]
    assert change.funding[1].share is None
    assert change.flags == []  # +5.4% on the totals; 0 → amount in a part is not a total

    git(repo, "checkout", "--", "content")
    edit(hyk, "1,846,000.00", "0.00", count=4)
    commit(repo, "Nothing requested yet")
    for label in ("项目资金总额", "财政资金", "年度资金申请总额", "当年财政拨款"):
        edit(hyk, f"  {label}: 0.00", f"  {label}: 300,000.00")
    [change] = semantic_diff(repo / "content", "HEAD", None).projects
    assert change.funding[0] == FundingChange("项目资金总额", Decimal("0.00"), yuan("300,000.00"))
    assert change.flags == [
        "项目资金总额由 0.00 增加到 300,000.00",
        "年度资金申请总额由 0.00 增加到 300,000.00",
    ]


# --- revisions: working tree, branches, shallow clones, no repository --------------------------


def test_working_tree_is_the_default_head(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = new_repo(tmp_path)
    head = git(repo, "rev-parse", "HEAD").strip()
    edit(repo / GZZ, "16,357,365.00", "16,000,000.00", count=4)  # uncommitted
    register_edu(repo)
    write(repo / NEW, NEW_DECLARATION)  # untracked: never `git add`ed
    shutil.move(repo / CG, repo / CG_MOVED)  # a plain mv: git sees D + untracked
    status = git(repo, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert f"?? {NEW}" in status
    assert f"?? {CG_MOVED}" in status

    report = semantic_diff(repo / "content", None, None)
    assert (report.base, report.head) == (head[:12], "工作区")
    assert [(p.kind, p.old_path, p.new_path) for p in report.projects] == [
        ("moved", CG, CG_MOVED),
        ("added", None, NEW),
        ("changed", GZZ, GZZ),
    ]
    changed = report.projects[2]
    assert changed.funding[0] == FundingChange(
        "项目资金总额", yuan("16,357,365.00"), yuan("16,000,000.00")
    )
    assert changed.flags == []  # -2.2%

    result = run_cli(monkeypatch, repo, "diff")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"比较 {head[:12]} → 工作区：3 个项目有变化\n")
    assert "项目资金总额：16,357,365.00 → 16,000,000.00（-357,365.00 元，-2.2%）" in result.stdout


def test_branch_compares_with_the_merge_base(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    fork = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "switch", "--quiet", "-c", "feature")
    edit(repo / GZZ, "16,357,365.00", "17,000,000.00", count=4)
    commit(repo, "Feature: raise an amount")
    git(repo, "switch", "--quiet", "main")
    edit(repo / CG, '">=90%"', '">=95%"')
    commit(repo, "Main moves on")
    git(repo, "switch", "--quiet", "feature")

    report = semantic_diff(repo / "content", None, None)
    assert report.base == fork[:12]
    # Only the branch's own change: main's later commit is not reported as reverted.
    assert [(p.kind, p.name) for p in report.projects] == [("changed", GZZ_NAME)]

    # Comparing with main's tip instead shows main's change as undone on the branch.
    direct = semantic_diff(repo / "content", "main", "feature")
    assert [p.name for p in direct.projects] == [GZZ_NAME, CG_NAME]
    assert direct.projects[1].indicators == [
        IndicatorChange(
            "target", "产出指标", "质量指标", "各类活动参与率", ">=95%", ">=90%", "更宽松"
        )
    ]


def test_without_main_branch_base_must_be_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = new_repo(tmp_path, branch="trunk")
    result = run_cli(monkeypatch, repo, "diff")
    assert result.exit_code == 2
    assert "找不到 main 分支" in result.stderr
    assert "Traceback" not in result.output
    assert run_cli(monkeypatch, repo, "diff", "HEAD").exit_code == 0


def test_unknown_revision(history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli(monkeypatch, history, "diff", "no-such-tag", "projects")
    assert result.exit_code == 2
    assert result.stderr == "错误：找不到 git 版本“no-such-tag”\n"


def test_shallow_clone(history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "1", history.as_uri(), str(clone))
    edit(clone / CG_MOVED, "780,000.00", "790,000.00", count=4)

    report = semantic_diff(clone / "content", None, None)
    assert report.incomplete_history is True
    assert [(p.kind, p.name) for p in report.projects] == [("changed", CG_NAME)]

    text = run_cli(monkeypatch, clone, "diff")
    assert text.exit_code == 0, text.output
    assert text.stdout.splitlines()[1] == "注意：这是浅克隆，历史不完整。"
    markdown = run_cli(monkeypatch, clone, "diff", "--format", "markdown")
    assert "> 注意：这是浅克隆，历史不完整。" in markdown.stdout
    data = json.loads(run_cli(monkeypatch, clone, "diff", "--format", "json").stdout)
    assert data["incomplete_history"] is True
    # The history that is not there cannot be compared with, and the error says so plainly.
    missing = run_cli(monkeypatch, clone, "diff", "HEAD~1")
    assert missing.exit_code == 2
    assert missing.stderr == "错误：找不到 git 版本“HEAD~1”\n"


def test_not_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(CONTENT, plain / "content")
    for args in (["diff"], ["diff", "HEAD~1", "HEAD", "--format", "json"]):
        result = run_cli(monkeypatch, plain, *args)
        assert result.exit_code == 2
        assert isinstance(result.exception, SystemExit)
        assert result.stderr == "错误：content 不在 git 仓库中，无法比较版本\n"
        assert result.stdout == ""
    changed = run_cli(monkeypatch, plain, "check", "--changed", "--no-cache")
    assert changed.exit_code == 2
    assert changed.stderr == "错误：content 不在 git 仓库中，--changed 需要 git\n"
    assert "Traceback" not in changed.output


# --- departments, unreadable files, escaping ---------------------------------------------------


def test_department_change(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    register_edu(repo)
    commit(repo, "Register a department")
    moved = "content/2024/baoshan-jiaoyuju/gonghui-gongzuozhe-jingfei.yaml"
    (repo / moved).parent.mkdir(parents=True)
    git(repo, "mv", GZZ, moved)
    edit(repo / moved, f"主管部门: {DEPT}", f"主管部门: {EDU}")
    edit(repo / moved, "16,357,365.00", "17,000,000.00", count=4)
    commit(repo, "Hand a project to another department")

    report = semantic_diff(repo / "content", "HEAD~1", "HEAD")
    [change] = report.projects
    assert (change.kind, change.old_path, change.new_path) == ("moved", GZZ, moved)
    assert (change.department_before, change.department) == (DEPT, EDU)
    assert change.fields == [FieldChange("主管部门", DEPT, EDU)]
    # Before is counted to the old department, after to the new one.
    assert report.departments == [
        DepartmentTotal(DEPT, yuan("16,357,365.00"), Decimal(0)),
        DepartmentTotal(EDU, Decimal(0), yuan("17,000,000.00")),
    ]
    assert report.total_after - report.total_before == yuan("642,635.00")

    # Handed back, as a new untracked file: only 年度 + 项目名称 pair it, across departments.
    text = (
        (repo / moved).read_text(encoding="utf-8").replace(f"主管部门: {EDU}", f"主管部门: {DEPT}")
    )
    (repo / moved).unlink()
    write(repo / GZZ, text)
    [back] = semantic_diff(repo / "content", "HEAD", None).projects
    assert (back.kind, back.old_path, back.new_path) == ("moved", moved, GZZ)
    assert (back.department_before, back.department) == (EDU, DEPT)


def test_identity_pairs_each_added_file_once(tmp_path: Path) -> None:
    """Two removed projects of the same name, one added: one moved, the other removed."""
    repo = new_repo(tmp_path)
    register_edu(repo)
    edu_copy = "content/2024/baoshan-jiaoyuju/gonghui-gongzuozhe-jingfei.yaml"
    text = (repo / GZZ).read_text(encoding="utf-8")
    text = text.replace(f"主管部门: {DEPT}", f"主管部门: {EDU}")
    write(repo / edu_copy, text.replace("16,357,365.00", "1,000,000.00"))
    commit(repo, "The same project name in two departments")
    # Both removed, one of them back under a new name, in the working tree (git pairs nothing).
    (repo / edu_copy).unlink()
    back = f"{D}/gonghui-gongzuozhe.yaml"
    text = (repo / GZZ).read_text(encoding="utf-8").replace("16,357,365.00", "17,000,000.00")
    (repo / GZZ).unlink()
    write(repo / back, text)

    report = semantic_diff(repo / "content", "HEAD", None)
    # The added file pairs with the removed file of its own department, and only with that.
    assert [(p.kind, p.old_path, p.new_path, p.department) for p in report.projects] == [
        ("moved", GZZ, back, DEPT),
        ("removed", edu_copy, None, EDU),
    ]
    assert report.departments == [
        DepartmentTotal(DEPT, yuan("16,357,365.00"), yuan("17,000,000.00")),
        DepartmentTotal(EDU, yuan("1,000,000.00"), Decimal(0)),
    ]


def test_unreadable_file_is_reported_not_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = new_repo(tmp_path)
    # A wrong sum (a check error) and a YAML syntax error; and one good change beside them.
    edit(repo / HYK, "  项目资金总额: 1,846,000.00", "  项目资金总额: 1,846,001.00")
    edit(repo / GZZ, "\n年度: 2024\n项目名称", "\n年度: [2024\n项目名称")
    edit(repo / CG, "750,000.00", "760,000.00", count=4)
    commit(repo, "Break two files")

    report = semantic_diff(repo / "content", "HEAD~1", "HEAD")
    assert report.invalid == [GZZ, HYK]
    # The broken files still exist: they are neither removed projects nor flagged.
    assert [(p.kind, p.name, p.flags) for p in report.projects] == [("changed", CG_NAME, [])]
    assert report.departments == [DepartmentTotal(DEPT, yuan("750,000"), yuan("760,000"))]

    text = run_cli(monkeypatch, repo, "diff", "HEAD~1", "HEAD")
    assert text.exit_code == 0, text.output
    assert f"无法读取（有错误，请运行 jixiao check）：{GZZ}\n" in text.stdout
    assert f"无法读取（有错误，请运行 jixiao check）：{HYK}\n" in text.stdout
    assert "删除" not in text.stdout
    markdown = run_cli(monkeypatch, repo, "diff", "HEAD~1", "HEAD", "--format", "markdown")
    assert f"无法读取（有错误，请看 `jixiao check` 的结果）：\n- {GZZ}\n- {HYK}\n" in (
        markdown.stdout
    )
    data = json.loads(
        run_cli(monkeypatch, repo, "diff", "HEAD~1", "HEAD", "--format", "json").stdout
    )
    assert data["invalid"] == [GZZ, HYK]


def test_unreadable_file_renamed_and_repaired(tmp_path: Path) -> None:
    """Broken at BASE, repaired and renamed at HEAD: the project at its new path is shown."""
    repo = new_repo(tmp_path)
    edit(repo / HYK, "  项目资金总额: 1,846,000.00", "  项目资金总额: 1,846,001.00")
    commit(repo, "Broken on main")
    git(repo, "mv", HYK, HYK_MOVED)
    edit(repo / HYK_MOVED, "  项目资金总额: 1,846,001.00", "  项目资金总额: 1,846,000.00")
    commit(repo, "Repair and rename")
    assert name_status(repo, "HEAD~1", "HEAD")[0].startswith("R")

    report = semantic_diff(repo / "content", "HEAD~1", "HEAD")
    assert report.invalid == [HYK]
    assert [(p.kind, p.old_path, p.new_path) for p in report.projects] == [
        ("added", None, HYK_MOVED)
    ]


def test_markdown_escapes_project_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = new_repo(tmp_path)
    hostile = "甲|乙 <script>alert(1)</script>"
    edit(repo / GZZ, f"项目名称: {GZZ_NAME}", f'项目名称: "{hostile}"')
    edit(repo / GZZ, '">=85%"', '">=60%"', count=3)
    result = run_cli(monkeypatch, repo, "diff", "--format", "markdown")
    assert result.exit_code == 0, result.output
    markdown = result.stdout
    safe = "甲&#124;乙 &lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<script>" not in markdown
    assert "甲|乙" not in markdown
    assert f"| 修改 | {safe} | 2024 | {DEPT} | 16,357,365.00 → 16,357,365.00 |" in markdown
    assert f"- **{safe}**：指标“工会工作者满意度”目标放宽：&gt;=85% → &gt;=60%" in markdown
    assert f"- 项目名称：{GZZ_NAME} → {safe}" in markdown
    assert f"<summary>[修改] {safe}（2024，{DEPT}）{GZZ}（4 处）</summary>" in markdown
    for line in markdown.splitlines():
        if line.startswith("| 修改 |"):
            assert line.count("|") == 6  # five cells: the name did not split the row


# --- check --changed ---------------------------------------------------------------------------


@pytest.fixture
def check_repo(tmp_path: Path) -> Path:
    """main holds an error in 一期场馆 (a wrong sum) that nobody touches afterwards."""
    repo = new_repo(tmp_path)
    register_edu(repo)
    edit(repo / CG, "  项目资金总额: 750,000.00", "  项目资金总额: 750,001.00")
    commit(repo, "An old error on main")
    return repo


CG_ERROR = (
    f"{CG}:11:11: 错误[funding-sum] 项目资金.项目资金总额: 项目资金总额 750,001.00 ≠ "
    "财政资金 750,000.00 + 其他资金 （空白） = 750,000.00（相差 1.00）"
)


def test_check_changed_shows_only_changed_files(
    check_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = str(tmp_path / "cache")
    full = run_cli(monkeypatch, check_repo, "check", "--cache-dir", cache)
    assert full.exit_code == 1
    assert full.stdout.splitlines()[0] == CG_ERROR  # the error is there, and now cached

    edit(check_repo / GZZ, "16,357,365.00", "16,000,000.00", count=4)
    for cache_args in (["--no-cache"], ["--cache-dir", cache]):
        result = run_cli(monkeypatch, check_repo, "check", "--changed", *cache_args)
        assert result.exit_code == 0, result.output
        assert result.stdout == "检查了 1 个文件：没有错误，0 个警告。\n"

    # An error in the changed file is reported, still without the unchanged file's error.
    edit(check_repo / GZZ, "  财政资金: 16,000,000.00", "  财政资金: 15,000,000.00")
    result = run_cli(monkeypatch, check_repo, "check", "--changed", "--no-cache")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{GZZ}:11:11: 错误[funding-sum] 项目资金.项目资金总额: 项目资金总额 16,000,000.00 ≠ "
        "财政资金 15,000,000.00 + 其他资金 （空白） = 15,000,000.00（相差 1,000,000.00）",
        "检查了 1 个文件：1 个错误（涉及 1 个文件），0 个警告。请按上面的提示修改后再运行。",
    ]


def test_check_changed_since_a_given_base(
    check_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Since `base` the old error is itself a change; since HEAD it is not.
    since_base = run_cli(monkeypatch, check_repo, "check", "--changed", "base", "--no-cache")
    assert since_base.exit_code == 1
    assert CG_ERROR in since_base.stdout.splitlines()
    since_head = run_cli(monkeypatch, check_repo, "check", "--changed", "HEAD", "--no-cache")
    assert since_head.exit_code == 0
    bad = run_cli(monkeypatch, check_repo, "check", "--changed", "nope", "--no-cache")
    assert (bad.exit_code, bad.stderr) == (2, "错误：找不到 git 版本“nope”\n")


def test_check_changed_reports_a_duplicate_it_introduces(
    check_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A new file in another department takes the project code of an unchanged file. Folders
    # sort baoshan-jiaoyuju first, so the error is reported on the *unchanged* file.
    duplicate = "content/2024/baoshan-jiaoyuju/yiqi-changguan-yunying-jingfei.yaml"
    text = (check_repo / CG).read_text(encoding="utf-8")
    text = text.replace("750,001.00", "750,000.00").replace(f"主管部门: {DEPT}", f"主管部门: {EDU}")
    write(check_repo / duplicate, text)
    result = run_cli(monkeypatch, check_repo, "check", "--changed", "--no-cache")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{CG}: 错误[identity-duplicate] 项目代码“yiqi-changguan-yunying-jingfei”在 2024 年度已被 "
        f"{duplicate} 使用；同一年度内文件名必须唯一（不区分大小写）。",
        "检查了 1 个文件：1 个错误（涉及 1 个文件），0 个警告。请按上面的提示修改后再运行。",
    ]


def test_check_changed_github_format(check_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gzz = check_repo / GZZ
    edit(gzz, "  财政资金: 16,357,365.00", "  财政资金: 16,000,000.00")  # funding-sum
    edit(gzz, "  上年结转资金:\n", "  上年结转资金: 5%\n")  # money, with a % to escape
    edit(gzz, "2024-01-01\n计划完成日期: 2024-12-31", "2025-01-01\n计划完成日期: 2025-12-31")
    odd = f"{D}/说明,草稿:1.txt"  # a stray file: a layout error, with , and : in its path
    write(check_repo / odd, "不是申报表\n")
    result = run_cli(
        monkeypatch, check_repo, "check", "--changed", "--no-cache", "--format", "github"
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::warning file={GZZ},line=7,col=9,title=警告[date-outside-year]::计划开始日期: "
        "计划期间 2025-01-01 至 2025-12-31 不包含申报年度 2024",
        f"::error file={GZZ},line=11,col=11,title=错误[funding-sum]::项目资金.项目资金总额: "
        "项目资金总额 16,357,365.00 ≠ 财政资金 16,000,000.00 + 其他资金 （空白） = 16,000,000.00"
        "（相差 357,365.00）",
        f"::error file={GZZ},line=17,col=11,title=错误[money]::年度资金.上年结转资金: "
        "“5%25”不是金额；应写成 1,846,000.00 或 1846000.00，不填请留空",
        f"::error file={D}/说明%2C草稿%3A1.txt,title=错误[layout]::"
        "部门目录下只能放 .yaml 申报文件。",
        "检查了 2 个文件：3 个错误（涉及 2 个文件），1 个警告。请按上面的提示修改后再运行。",
    ]
    # The unchanged file's error on main is not among them.
    assert CG not in result.stdout


def test_github_annotation_escaping() -> None:
    diagnostic = Diagnostic(
        "content/2024/a,b:c%\r\n.yaml",
        Position(3, 7),
        Severity.WARNING,
        "money",
        "项目资金.其他资金",
        "“5%”不是金额, 请写成 5.00: 元",
    )
    assert github_annotation(diagnostic) == (
        "::warning file=content/2024/a%2Cb%3Ac%25%0D%0A.yaml,line=3,col=7,title=警告[money]"
        "::项目资金.其他资金: “5%25”不是金额, 请写成 5.00: 元"
    )
    no_position = Diagnostic("content/2024", None, Severity.ERROR, "layout", "", "100% 不对")
    assert github_annotation(no_position) == (
        "::error file=content/2024,title=错误[layout]::100%25 不对"
    )
