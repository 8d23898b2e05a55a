"""Hostile declarations: amounts and texts far beyond any real form, sent in a pull request.

Each test writes what an attacker would commit and asserts what `jixiao` answers: a Chinese
error at the file and line, never a traceback; sums that stay exact; no build of refused input.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import generator.load.corpus as corpus_module
from generator.cli import main
from generator.core.model import (
    MAX_GOAL_CHARS,
    MAX_INDICATORS,
    MAX_NAME_CHARS,
    MAX_TARGET_CHARS,
    Declaration,
)
from generator.core.money import MAX_YUAN, AmountError, format_yuan, parse_amount
from generator.load.corpus import load_corpus
from generator.review.diff_format import as_json, as_markdown, as_text
from generator.review.semantic_diff import diff_declarations
from generator.site.aggregate import subtotal
from tests.conftest import MKDOCS_YML, REPO, build

DEPT = "baoshan-zonggonghui"
FOLDER = f"content/2024/{DEPT}"
HYK = f"{FOLDER}/zhengfu-shishi-gonghui-huiyuanka.yaml"
SEED = (REPO / HYK).read_text(encoding="utf-8")
CONFIG = ("--config", str(MKDOCS_YML))
AMOUNT_LINE = re.compile(r"^(  (?:项目资金总额|财政资金|年度资金申请总额|当年财政拨款)): .*$", re.M)


@pytest.fixture
def root(content_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(content_copy.parent)
    return content_copy


def with_amount(text: str, amount: str, unit: str = "元") -> str:
    """The declaration with every total and fiscal amount set to `amount`: the sums still hold."""
    return AMOUNT_LINE.sub(lambda m: f"{m[1]}: {amount}", text).replace(
        "资金单位: 元", f"资金单位: {unit}"
    )


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def errors(root: Path) -> list[tuple[str, int | None, str, str]]:
    return [
        (d.path, d.position.line if d.position else None, d.code, d.field)
        for d in load_corpus(root).diagnostics
        if d.severity.name == "ERROR"
    ]


# --- amounts ---------------------------------------------------------------------------------


def test_a_400_digit_amount_is_refused_at_its_line_and_check_does_not_crash(root: Path) -> None:
    (root / "2024" / DEPT / "zhengfu-shishi-gonghui-huiyuanka.yaml").write_text(
        with_amount(SEED, "9" * 400), encoding="utf-8"
    )
    result = run("check", "--no-cache")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "money-too-large" in line]
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{HYK}:11:11",
        f"{HYK}:12:9",
        f"{HYK}:15:13",
        f"{HYK}:16:11",
    ]
    assert "超过上限 1,000,000,000,000,000 元" in lines[0]
    assert "（400 个字符）" in lines[0]  # the 400 digits themselves are not echoed


def test_an_amount_beyond_28_digits_is_refused_and_build_refuses_without_traceback(
    root: Path, tmp_path: Path
) -> None:
    (root / "2024" / DEPT / "zhengfu-shishi-gonghui-huiyuanka.yaml").write_text(
        with_amount(SEED, "1" + "0" * 29 + ".00"), encoding="utf-8"
    )
    assert {code for _, _, code, _ in errors(root)} == {"money-too-large"}
    result = run("build", "--no-cache", "--site-dir", str(tmp_path / "site"), *CONFIG)
    assert result.exit_code == 1
    assert "money-too-large" in result.output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("amount", "unit", "refused"),
    [
        ("1,000,000,000,000,000.00", "元", False),  # exactly the limit
        ("1,000,000,000,000,000.01", "元", True),
        ("9,999,999,999,999,999.99", "元", True),  # 16 digits: read, then refused with its unit
        ("100,000,000,000.000000", "万元", False),  # 10^11 万元 is 10^15 元
        ("100,000,000,000.000001", "万元", True),
        ("9,999,999,999,999,999.999999", "万元", True),
    ],
)
def test_the_limit_is_10_to_the_15_yuan_in_either_unit(
    root: Path, amount: str, unit: str, refused: bool
) -> None:
    (root / "2024" / DEPT / "zhengfu-shishi-gonghui-huiyuanka.yaml").write_text(
        with_amount(SEED, amount, unit), encoding="utf-8"
    )
    found = errors(root)
    expected = [
        (HYK, 11, "money-too-large", "项目资金.项目资金总额"),
        (HYK, 12, "money-too-large", "项目资金.财政资金"),
        (HYK, 15, "money-too-large", "年度资金.年度资金申请总额"),
        (HYK, 16, "money-too-large", "年度资金.当年财政拨款"),
    ]
    assert found == (expected if refused else [])


def test_a_narrative_amount_beyond_the_limit_is_refused(root: Path) -> None:
    text = SEED + "来源:\n  文件: 预算.pdf\n  经费说明:\n    页码: 3\n    金额: 1" + "0" * 25 + "\n"
    text += "    单位: 万元\n"
    (root / "2024" / DEPT / "zhengfu-shishi-gonghui-huiyuanka.yaml").write_text(text, "utf-8")
    assert errors(root) == [(HYK, 59, "money-too-large", "来源.经费说明.金额")]


def test_the_text_of_an_amount_is_bounded_before_it_is_read() -> None:
    with pytest.raises(AmountError) as raised:
        parse_amount("1" * 1_000_000)
    assert raised.value.code == "money-too-large"
    assert len(str(raised.value)) < 200
    assert parse_amount("0" * 30 + "1.00") == Decimal("1.00")  # leading zeros are not magnitude


def test_three_amounts_at_the_limit_build_and_sum_exactly(root: Path, tmp_path: Path) -> None:
    """Three projects of 999,999,999,999,999.99 元 each: the site's total is exact to the fen."""
    biggest = "999,999,999,999,999.99"
    for file in sorted((root / "2024" / DEPT).glob("*.yaml")):
        text = file.read_text(encoding="utf-8")
        file.write_text(with_amount(text, biggest), encoding="utf-8")
    site = tmp_path / "site"
    corpus = build(root, site)
    assert len(corpus.projects) == 3
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "2,999,999,999,999,999.97" in home
    exported = run("export", "--no-cache", "--format", "json")
    amounts = [p["funding"]["annual_total"] for p in json.loads(exported.output)["projects"]]
    assert amounts == ["999999999999999.99"] * 3


def test_sums_of_the_largest_readable_amounts_are_exact_and_never_raise() -> None:
    """Amounts that `check` refuses still load for `diff`: their sums must neither round nor
    raise (Decimal's default 28 digits made `quantize` raise InvalidOperation)."""
    huge = "9,999,999,999,999,999.999999"  # the most a field may hold: 16 digits, 万元
    document = with_amount(SEED, huge, "万元")
    from generator.load.yaml_source import load_yaml_bytes

    parsed, problems = load_yaml_bytes(document.encode(), "x.yaml")
    assert parsed is not None and not problems
    declaration = Declaration.model_validate(parsed.data)
    before = {f"2024/d/p{i}.yaml": declaration for i in range(3)}
    report = diff_declarations(before, {}, {}, base="a", head="b")
    one_project_yuan = Decimal("99999999999999999999.99")
    assert report.total_before == 3 * one_project_yuan
    for text in (as_text(report), as_markdown(report)):
        assert "299,999,999,999,999,999,999.97" in text
    assert "299999999999999999999.97" in as_json(report)


def test_subtotals_are_exact_for_many_projects_at_the_limit() -> None:
    from generator.core.project import Project

    declaration = Declaration.model_validate(_data(with_amount(SEED, "1,000,000,000,000,000.00")))
    projects = [Project("2024", DEPT, f"p{i}", "x", declaration, "") for i in range(2000)]
    total = subtotal("2024", "2024", projects)
    assert total.annual_total == 2000 * MAX_YUAN
    assert format_yuan(total.annual_total) == "2,000,000,000,000,000,000.00"


def _data(text: str) -> object:
    from generator.load.yaml_source import load_yaml_bytes

    parsed, _ = load_yaml_bytes(text.encode(), "x.yaml")
    assert parsed is not None
    return parsed.data


# --- texts and counts ------------------------------------------------------------------------


GOAL = "年度总目标: 做好会员专享基本四类保障的参保工作。"
QUALITY = "绩效指标.产出指标.质量指标[1]"
TIMING = "绩效指标.产出指标.时效指标[1]"


@pytest.mark.parametrize(
    ("old", "key", "limit", "line", "field"),
    [
        ("项目名称: 政府实事项目 - 工会会员卡", "项目名称", MAX_NAME_CHARS, 3, "项目名称"),
        ("实施单位: 上海市宝山区职工服务中心", "实施单位", MAX_NAME_CHARS, 6, "实施单位"),
        (GOAL, "年度总目标", MAX_GOAL_CHARS, 23, "年度总目标"),
        (
            "        年度指标值: 健全",
            "        年度指标值",
            MAX_TARGET_CHARS,
            31,
            f"{QUALITY}.年度指标值",
        ),
        (
            "      - 三级指标: 投保周期",
            "      - 三级指标",
            MAX_NAME_CHARS,
            33,
            f"{TIMING}.三级指标",
        ),
    ],
)
def test_a_text_beyond_its_limit_is_refused_at_its_line(
    root: Path, old: str, key: str, limit: int, line: int, field: str
) -> None:
    path = root / "2024" / DEPT / "zhengfu-shishi-gonghui-huiyuanka.yaml"
    at_limit = SEED.replace(old, f"{key}: {'长' * limit}")
    path.write_text(at_limit, encoding="utf-8")
    assert not [e for e in errors(root) if e[2] == "text-too-long"]
    path.write_text(SEED.replace(old, f"{key}: {'长' * (limit + 1)}"), encoding="utf-8")
    found = [e for e in errors(root) if e[2] == "text-too-long"]
    assert found == [(HYK, line, "text-too-long", field)]
    message = next(d for d in load_corpus(root).diagnostics if d.code == "text-too-long").message
    assert f"有 {limit + 1:,} 个字符，超过上限 {limit:,} 个字符" in message


def test_a_20000_character_name_is_refused_by_check_and_build(root: Path, tmp_path: Path) -> None:
    path = root / "2024" / DEPT / "zhengfu-shishi-gonghui-huiyuanka.yaml"
    path.write_text(SEED.replace("政府实事项目 - 工会会员卡", "名" * 20_000), encoding="utf-8")
    result = run("build", "--no-cache", "--site-dir", str(tmp_path / "site"), *CONFIG)
    assert result.exit_code == 1
    assert f"{HYK}:3:7: 错误[text-too-long] 项目名称:" in result.output
    assert not (tmp_path / "site").exists()


def test_a_department_name_in_the_registry_is_bounded(root: Path) -> None:
    registry = root / "departments.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("上海市宝山区总工会", "部" * 3000), encoding="utf-8")
    codes = {(path, code) for path, _, code, _ in errors(root)}
    assert ("content/departments.yaml", "text-too-long") in codes


def test_too_many_indicators_are_refused_before_they_are_modelled(root: Path) -> None:
    rows = "".join(
        f"      - 三级指标: 指标{i}\n        年度指标值: 完成\n" for i in range(MAX_INDICATORS + 1)
    )
    first = "      - 三级指标: 工会会员服务卡的覆盖人数\n        年度指标值: ≥140000.00(人)\n"
    text = SEED.replace("    数量指标:\n" + first, "    数量指标:\n" + rows)
    path = root / "2024" / DEPT / "zhengfu-shishi-gonghui-huiyuanka.yaml"
    path.write_text(text, encoding="utf-8")
    found = load_corpus(root).diagnostics
    refused = [d for d in found if d.code == "too-many-indicators"]
    assert [(d.path, d.position and d.position.line, d.field) for d in refused] == [
        (HYK, 25, "绩效指标")
    ]
    assert f"共有 {MAX_INDICATORS + 9:,} 个三级指标，超过上限 {MAX_INDICATORS:,} 个" in (
        refused[0].message
    )
    assert not [d for d in found if d.code.startswith("indicator-")]


def test_too_many_files_are_refused_before_any_is_read(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus_module, "MAX_DECLARATION_FILES", 2)
    (root / "2024" / DEPT / "broken.yaml").write_text("项目名称: [", encoding="utf-8")
    found = load_corpus(root).diagnostics
    assert [(d.path, d.code) for d in found] == [("content", "too-many-files")]
    assert "共有 4 个申报文件，超过上限 2 个" in found[0].message
    result = run("check", "--no-cache")
    assert result.exit_code == 1
    assert "错误[too-many-files]" in result.output
