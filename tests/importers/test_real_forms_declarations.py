"""Declarations as they are really printed: the unit stated above the table, a year line
without 度, cells wrapped onto a line of their own, page furniture inside the table, a title
repeated after a page break, placeholders (`-`, `/`, `无`) in cells.

Each source is written inline (tab-separated text, as a PDF text extraction gives it) and
imported into a temporary content directory; what was written is checked as `jixiao check`
checks it, and what the import did is read from its report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.core.diagnostics import Severity
from generator.importers.run import FormReport, Importer
from generator.load.corpus import check_text
from generator.load.yaml_source import YamlValue, load_yaml_bytes

# ------------------------------------------------------------------ helpers


@dataclass
class Imported:
    forms: list[FormReport]
    files: dict[str, dict[str, YamlValue]]  # 项目名称 → the written file's data
    errors: list[str]  # what `jixiao check` says of the written files (errors only)

    @property
    def form(self) -> FormReport:
        assert len(self.forms) == 1, [(f.project, f.errors) for f in self.forms]
        return self.forms[0]

    @property
    def data(self) -> dict[str, YamlValue]:
        assert len(self.files) == 1, list(self.files)
        return next(iter(self.files.values()))

    @property
    def notes(self) -> str:
        """Every warning of the report, one per line, to search in."""
        return "\n".join(w for f in self.forms for w in f.warnings)

    def indicators(self) -> list[tuple[str, str, str, YamlValue]]:
        """(一级, 二级, 三级指标, 年度指标值) of every indicator written."""
        tree = self.data["绩效指标"]
        assert isinstance(tree, dict)
        rows = []
        for level1, level2s in tree.items():
            assert isinstance(level2s, dict)
            for level2, items in level2s.items():
                assert isinstance(items, list)
                for item in items:
                    assert isinstance(item, dict)
                    rows.append((level1, level2, str(item["三级指标"]), item.get("年度指标值")))
        return rows


def import_text(tmp_path: Path, text: str, name: str = "form.txt") -> Imported:
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    content = tmp_path / "content"
    report = Importer(content).import_file(source)
    files: dict[str, dict[str, YamlValue]] = {}
    errors: list[str] = []
    for path in sorted(content.glob("*/*/*.yaml")):
        raw = path.read_bytes()
        document, problems = load_yaml_bytes(raw, str(path))
        assert document is not None, problems
        assert isinstance(document.data, dict)
        files[str(document.data["项目名称"])] = document.data
        errors += [d.format() for d in check_text(str(path), raw) if d.severity is Severity.ERROR]
    return Imported(report.forms, files, errors)


def tabbed(text: str) -> str:
    """The source as written below: `|` between cells stands for a tab."""
    return "\n".join(line.replace("|", "\t") for line in text.strip("\n").splitlines()) + "\n"


# ------------------------------------------------------------------ the unit above the table

CENTRAL_BODY = """\
项目名称|学生资助
主管部门及代码|[201]某市教育局|实施单位|某市学生资助管理中心
项目属性|延续项目|项目期|2024-2024
项目资金|资金总额|1,500.00|当年资金总额|1,500.00
|其中：财政拨款|1,500.00|其中：当年财政拨款|1,500.00
|其他资金|0|当年其他资金|0
总体目标|中期目标||年度目标
|保障困难学生就学。||资助困难学生3000人。
绩效指标|一级指标|二级指标|三级指标|指标值
|产出指标|数量指标|资助学生人数|≥3000人
|效益指标|社会效益指标|困难学生辍学率|=0
|满意度指标|服务对象满意度指标|学生及家长满意度|≥95%
"""


def test_unit_stated_above_the_table_is_the_forms_unit(tmp_path: Path) -> None:
    statements = ["单位：万元", "金额单位：万元", "单位:万元", "（单位：万元）"]
    for number, statement in enumerate(statements):
        text = f"项目支出绩效目标表\n（2024年度）\n填报单位：某市教育局|||{statement}\n"
        imported = import_text(tmp_path / str(number), tabbed(text + CENTRAL_BODY))
        assert imported.data["资金单位"] == "万元", statement
        assert imported.errors == []
        assert f"第 3 行第 4 格：表上方写明“{statement}”，资金单位记为 万元" in imported.notes
        # The filing unit beside it is no value of the form: listed, never dropped.
        assert [c.text for c in imported.form.unplaced] == ["填报单位：某市教育局"]


def test_unit_at_the_end_of_the_filing_unit_line(tmp_path: Path) -> None:
    text = "项目支出绩效目标表\n（2024年度）\n填报单位：某市教育局　　单位：万元\n"
    imported = import_text(tmp_path, tabbed(text + CENTRAL_BODY))
    assert imported.data["资金单位"] == "万元"
    assert [c.text for c in imported.form.unplaced] == ["填报单位：某市教育局 单位：万元"]


def test_two_different_units_stated_are_an_error(tmp_path: Path) -> None:
    text = "项目支出绩效目标表\n（2024年度）\n|||单位：元\n" + CENTRAL_BODY.replace(
        "项目资金|资金总额", "项目资金（万元）|资金总额"
    )
    imported = import_text(tmp_path, tabbed(text))
    assert imported.files == {}
    assert imported.form.action == "拒绝"
    (error,) = imported.form.errors
    assert "单位是万元" in error and "“单位：元”写的是元" in error and "第 3 行第 4 格" in error


def test_unit_above_and_unit_inside_the_amounts_must_agree(tmp_path: Path) -> None:
    body = CENTRAL_BODY.replace("|资金总额|1,500.00", "|资金总额|1500万元")
    same = import_text(
        tmp_path / "same", tabbed("项目支出绩效目标表\n（2024年度）\n|单位：万元\n" + body)
    )
    assert same.data["资金单位"] == "万元" and same.errors == []
    other = import_text(
        tmp_path / "other", tabbed("项目支出绩效目标表\n（2024年度）\n|单位：元\n" + body)
    )
    assert other.form.action == "拒绝" and "无法确定金额单位" in other.form.errors[0]


# ------------------------------------------------------------------ the year line


def test_year_line_without_du(tmp_path: Path) -> None:
    for number, year_line in enumerate(["（2024年）", "(2024年)", "2024年", "( 2024 年 )"]):
        text = f"项目支出绩效目标表\n{year_line}\n|单位：万元\n" + CENTRAL_BODY
        imported = import_text(tmp_path / str(number), tabbed(text))
        assert imported.data["年度"] == "2024", year_line
        assert imported.form.unplaced == []


def test_year_without_du_in_the_title_line(tmp_path: Path) -> None:
    for number, title in enumerate(["项目支出绩效目标表（2024年）", "2024年项目支出绩效目标表"]):
        imported = import_text(tmp_path / str(number), tabbed(f"{title}\n" + CENTRAL_BODY))
        assert imported.data["年度"] == "2024", title
