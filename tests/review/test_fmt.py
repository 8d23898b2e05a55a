"""`jixiao fmt`: one canonical layout, values unchanged, comments kept, on every file we have."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.importers.run import Importer
from generator.load.corpus import load_corpus
from generator.load.yaml_source import load_yaml_bytes
from generator.review.yaml_format import FormatError, format_text
from tests.conftest import CONTENT
from tests.support import import_fixtures

SHIPPED = sorted(CONTENT.rglob("*.yaml"))
FIXTURES: list[Callable[[Path], import_fixtures.Fixture]] = [
    import_fixtures.messy_text,
    import_fixtures.gbk_text,
    import_fixtures.workbook,
    import_fixtures.document,
]


def _data(text: str) -> object:
    document, _ = load_yaml_bytes(text.encode("utf-8"), "x.yaml")
    assert document is not None
    return document.data


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_files_are_already_canonical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert format_text(text, path.as_posix()) == text


@pytest.mark.parametrize("make", FIXTURES, ids=lambda f: f.__name__)
def test_imported_fixture_files_round_trip(
    make: Callable[[Path], import_fixtures.Fixture], tmp_path: Path
) -> None:
    source = tmp_path / "source"
    source.mkdir()
    fixture = make(source)
    content = tmp_path / "content"
    importer = Importer(content)
    importer.import_file(fixture.path)
    assert importer.written
    for path in sorted(content.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        formatted = format_text(text, path.as_posix())
        assert format_text(formatted, path.as_posix()) == formatted  # idempotent
        before, after = _data(text), _data(formatted)
        if path.name != "departments.yaml":
            # Amounts may be rewritten as 1,846,000.00, never to another value: the loaded
            # declarations are equal.
            first = load_corpus(content).projects
            path.write_text(formatted, encoding="utf-8")
            second = load_corpus(content).projects
            assert [p.declaration for p in first] == [p.declaration for p in second]
        else:
            assert before == after


MESSY = """\
# yaml-language-server: $schema=../../../schema/declaration.schema.json
# 由导入生成，后经人工核对
项目名称: 工会会员卡   # 原表名称
年度: 2024
项目类别: 特定目标类
主管部门: 上海市宝山区总工会
实施单位: 上海市宝山区职工服务中心
计划完成日期: 2024-12-31
计划开始日期: 2024-01-01
资金单位: 元
年度资金:
  当年财政拨款: 1846000
  年度资金申请总额: 1846000
  上年结转资金: 0.00
  其他资金:   # 原表空白
项目资金:
  项目资金总额: 1846000.0
  财政资金: 1,846,000.00
  其他资金: 0
项目总目标:
  内容: "目标 # 不是注释"
  起始年度: 2024
  终止年度: 2024
年度总目标: 做好参保工作。
绩效指标:
  产出指标:
    数量指标:
      # 覆盖人数按实计算
      - 年度指标值: ≥140000.00(人)
        三级指标: 覆盖人数
    质量指标: []
# 文件结束
"""


def test_messy_file_gets_the_canonical_order_and_keeps_every_comment() -> None:
    formatted = format_text(MESSY, "x.yaml")
    lines = formatted.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../../schema/declaration.schema.json"
    assert lines[1] == "# 由导入生成，后经人工核对"
    assert lines[2] == "年度: 2024"
    assert lines[3] == "项目名称: 工会会员卡  # 原表名称"
    assert "  项目资金总额: 1,846,000.00" in lines
    assert "  其他资金: 0.00" in lines
    assert "  其他资金:  # 原表空白" in lines
    assert '  内容: "目标 # 不是注释"' in lines
    start = lines.index("      # 覆盖人数按实计算")
    assert lines[start + 1] == "      - 三级指标: 覆盖人数"
    assert lines[start + 2] == "        年度指标值: ≥140000.00(人)"
    assert lines[-1] == "# 文件结束"
    assert formatted.index("项目资金:") < formatted.index("年度资金:")
    assert formatted.index("计划开始日期") < formatted.index("计划完成日期")
    for comment in [line.strip() for line in MESSY.splitlines() if "#" in line]:
        marker = comment[comment.index("# ") :] if "# " in comment else comment
        if "不是注释" not in marker:
            assert marker in formatted, marker
    assert format_text(formatted, "x.yaml") == formatted


def test_unknown_keys_are_kept_at_the_end_of_their_mapping() -> None:
    formatted = format_text("备注: 保留\n年度: 2024\n", "x.yaml")
    assert formatted == "年度: 2024\n备注: 保留\n"


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "a: &x 1\nb: *x\n", "a: [\n", "- 1\n- 2\n"])
def test_files_that_cannot_be_formatted_safely_are_refused(text: str) -> None:
    with pytest.raises(FormatError):
        format_text(text, "x.yaml")


def test_cli_check_prints_the_diff_and_fails_then_fmt_fixes(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    target = content / "2024" / "baoshan-zonggonghui" / "gonghui-gongzuozhe-jingfei.yaml"
    original = target.read_text(encoding="utf-8")
    target.write_text(original.replace("16,357,365.00", "16357365"), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["fmt", "--check", "--content", str(content)])
    assert result.exit_code == 1
    assert "-  项目资金总额: 16357365" in result.output
    assert "+  项目资金总额: 16,357,365.00" in result.output
    assert target.read_text(encoding="utf-8") != original  # --check changes nothing
    result = runner.invoke(main, ["fmt", "--content", str(content)])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == original
    result = runner.invoke(main, ["fmt", "--check", "--content", str(content)])
    assert result.exit_code == 0
