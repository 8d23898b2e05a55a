"""Radical symbols from PDF text layers are imported as the ideographs the page shows.

A PDF font may map the glyph of 人 to the Kangxi radical ⼈ (U+2F08) and 民 to the supplement's
⺠ (U+2EA0): the text layer then says ⼈⺠政府 where the page shows 人民政府. `jixiao check` refuses
radicals as look-alikes, so an import that kept them would write files that fail; it writes the
ideograph instead, and the name, the file name and the department are those a reader types.
"""

from __future__ import annotations

from pathlib import Path

from generator.core.diagnostics import Severity
from generator.core.unicode_checks import radical_characters, without_radicals
from generator.importers.grid import clean_cell
from generator.importers.run import Importer
from generator.load.corpus import check_text
from generator.load.yaml_source import load_yaml_bytes

# As a PDF text layer gives it: ⼈ U+2F08, ⺠ U+2EA0, ⼯ U+2F2F, ⻓ U+2ED3, ⻔ U+2ED4.
FORM = """\
财政项目支出绩效目标申报表
(2024年度)
项目名称\t职\u2f2f疗休养\t项目类别\t经常性项目
主管部门\t上海市宝山区\u2f08\u2ea0政府\t实施单位\t上海市宝山区职\u2f2f服务中心
计划开始日期\t2024-01-01\t计划完成日期\t2024-12-31
项目资金 (元)\t项目资金总额\t800,000.00\t年度资金申请总额\t800,000.00
\t其中：财政资金\t800,000.00\t其中：当年财政拨款\t800,000.00
\t\t\t上年结转资金\t0.00
\t其他资金\t0.00\t其他资金\t0.00
项目 绩效 目标\t项目总目标 (2024年-2024年)\t\t年度总目标
\t组织职\u2f2f疗休养。\t\t组织一线职\u2f2f疗休养1000人次。
绩效 指标\t一级指标\t二级指标\t三级指标\t年度指标值
\t产出指标\t数量指标\t疗休养人次\t\t≥1000人次
\t\t时效指标\t疗休养完成时间\t\t2024年11月30日前
\t效益指标\t社会效益指标\t\u2ed3效机制\t\t健全
\t满意度指标\t服务对象满意度指标\t职\u2f2f满意度\t\t≥90%
"""


def test_a_radical_becomes_the_ideograph_it_stands_for() -> None:
    assert without_radicals("\u2f08\u2ea0政府") == "人民政府"
    assert clean_cell("\u2ed3江\u2ed4户") == "长江门户"
    # ⺀ (U+2E80, REPEAT) stands for no ideograph: it stays, for the check to name.
    assert without_radicals("\u2e80") == "\u2e80"
    assert radical_characters("\u2e80")[0][2] is None


def test_an_imported_form_holds_no_radical_and_passes_check(tmp_path: Path) -> None:
    source = tmp_path / "form.txt"
    source.write_text(FORM, encoding="utf-8")
    content = tmp_path / "content"
    report = Importer(content).import_file(source)
    (form,) = report.forms
    assert form.project == "职工疗休养"
    (path,) = content.glob("2024/*/*.yaml")
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert not radical_characters(text)
    assert "上海市宝山区人民政府" in text and "长效机制" in text
    document, problems = load_yaml_bytes(raw, str(path))
    assert document is not None and not problems
    errors = [d for d in check_text(str(path), raw) if d.severity is Severity.ERROR]
    assert errors == []
