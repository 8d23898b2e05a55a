"""Round trip: a declaration printed as a text export and imported again is the same declaration.

`tests.support.form_text.form_text` lays a `Declaration` out as a PDF text extraction does (tabs,
blank cells, one row per indicator). Importing that text and reading the written YAML back with
`load_corpus` must give a model equal to the one printed, for declarations that hypothesis
builds and for the realistic ones of benchmarks/synth.py, many forms to a file.
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.model import Declaration
from generator.core.taxonomy import FIRST_LEVEL
from generator.importers.grid import is_spread_out
from generator.importers.run import Importer
from generator.load.corpus import load_corpus
from tests.support.form_text import form_text
from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path

# Words a form prints as labels or categories: a value that *is* one of them cannot be told
# from the label by any reader, so values are drawn from text that is not one of them.
LABELS = (
    "项目名称", "项目类别", "项目性质", "主管部门", "实施单位", "计划开始日期", "计划完成日期",
    "项目资金", "财政资金", "年度资金", "当年财政拨款", "上年结转资金", "其他资金",
    "项目总目标", "项目总体目标", "总体目标", "项目绩效总目标", "年度总目标", "年度总体目标",
    "年度绩效目标", "项目绩效目标", "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值",
    "年度/项目指标值", "指标值", "项目支出绩效目标申报表",
)  # fmt: skip
LEVEL_WORDS = set(FIRST_LEVEL) | {l2 for l2s in FIRST_LEVEL.values() for l2 in l2s}

CJK = "工会职工服务中心项目经费运营管理培训活动建设维护保障文化体育场馆安全宣传教育法律援助帮扶困难"
CJK += "劳模创新技能竞赛会员卡覆盖人数率完成及时合格满意提升健全机制制度计划采购区市街道社区"
PUNCT = "（）()“”、，。；：-·/%+＝=≥≤><~#&*!|'\"@`?[]{},.:\\ "
ALPHABET = CJK + PUNCT + "ABCxyz0123456789"


def _label_like(text: str) -> bool:
    """A label or category word, alone or followed by a bracket, a digit or a unit, as
    "项目资金 (元)" and "项目总目标 (2024年-2024年)" are. Longer text may begin with one."""
    compact = "".join(text.split()).replace("：", "").replace(":", "").removeprefix("其中")
    if compact in LEVEL_WORDS or "申报表" in compact:
        return True
    return any(
        compact.startswith(label) and compact[len(label) : len(label) + 1] in "(（0123456789-万元单"
        for label in LABELS
    )


def texts(max_size: int = 24) -> st.SearchStrategy[str]:
    """Text as a cell holds it: one space between words, none at the ends, not a label, and
    not single Chinese characters each set apart, which is how distributed alignment prints one
    word and reads as that word (grid.is_spread_out): such a value cannot come back spaced."""
    return (
        st.text(alphabet=ALPHABET, min_size=1, max_size=max_size)
        .map(lambda s: " ".join(s.split()))
        .filter(lambda s: bool(s) and not _label_like(s) and not is_spread_out(s))
    )


# A goal wrapped whole in one pair of quote marks reads as the 2026 export's quoting, which the
# importer takes off (with a warning): such a goal cannot come back as written.
WRAPPING_QUOTES = {"“": "”", '"': '"'}


def goal_texts() -> st.SearchStrategy[str]:
    return texts(80).filter(lambda s: WRAPPING_QUOTES.get(s[0]) != s[-1] or len(s) < 3)


@st.composite
def amounts(draw: st.DrawFn, places: int) -> str | None:
    if draw(st.integers(0, 4)) == 0:
        return None
    whole = draw(st.integers(0, 10**10))
    digits = draw(st.integers(0, places))
    fraction = "".join(str(draw(st.integers(0, 9))) for _ in range(digits))
    number = f"{whole:,}" if draw(st.booleans()) else str(whole)
    return f"{number}.{fraction}" if fraction else number


@st.composite
def indicator_trees(draw: st.DrawFn) -> dict[str, dict[str, list[dict[str, str]]]]:
    tree: dict[str, dict[str, list[dict[str, str]]]] = {}
    for level1 in draw(st.lists(st.sampled_from(list(FIRST_LEVEL)), unique=True, max_size=4)):
        level2s = draw(
            st.lists(st.sampled_from(FIRST_LEVEL[level1]), unique=True, min_size=1, max_size=5)
        )
        tree[level1] = {
            level2: [
                {"三级指标": name, "年度指标值": target}
                for name, target in draw(st.lists(st.tuples(texts(), texts(12)), max_size=3))
            ]
            for level2 in level2s
        }
    return tree


@st.composite
def declarations(draw: st.DrawFn) -> Declaration:
    year = draw(st.integers(2000, 2099))
    unit = draw(st.sampled_from(["元", "万元"]))
    places = 2 if unit == "元" else 6
    start_year = draw(st.integers(2000, 2099))
    data: dict[str, Any] = {
        "年度": str(year),
        "项目名称": draw(texts()),
        "项目类别": draw(st.sampled_from(["经常性项目", "特定目标类", "一次性项目", "其他运转类"])),
    }
    nature = draw(st.none() | st.sampled_from(["一次性", "阶段性", "经常性"]))
    if nature is not None:
        data["项目性质"] = nature
    data |= {
        "主管部门": draw(texts()),
        "实施单位": draw(texts()),
        "计划开始日期": draw(st.dates()).isoformat(),
        "计划完成日期": draw(st.dates()).isoformat(),
        "资金单位": unit,
        "项目资金": {k: draw(amounts(places)) for k in ("项目资金总额", "财政资金", "其他资金")},
        "年度资金": {
            k: draw(amounts(places))
            for k in ("年度资金申请总额", "当年财政拨款", "上年结转资金", "其他资金")
        },
        "项目总目标": {
            "起始年度": str(start_year),
            "终止年度": str(draw(st.integers(start_year, 2099))),
            "内容": draw(goal_texts()),
        },
        "年度总目标": draw(goal_texts()),
        "绩效指标": draw(indicator_trees()),
    }
    return Declaration.model_validate(data)


YEAR_STYLES = ["({year}年度)", "（{year}年度）", "{year} 年度", "（ {year} 年 度 ）"]


def import_text(text: str, root: Path) -> tuple[list[Declaration], list[str]]:
    """Imports `text` into a new content directory; the declarations and the actions."""
    source = root / "forms.txt"
    source.write_text(text, encoding="utf-8")
    content = root / "content"
    report = Importer(content).import_file(source)
    assert report.error is None, report.error
    for form in report.forms:
        assert form.unplaced == [], form.unplaced
        assert form.errors == [], form.errors
    corpus = load_corpus(content)
    # A generated form's own inconsistencies (sums, date order) come back acknowledged as
    # 原表问题, which leaves check without errors; tests/load/test_forms_ack.py tests what they say.
    assert corpus.ok, [d.format() for d in corpus.diagnostics]
    declarations = [
        p.declaration.model_copy(update={"acknowledged": None}) for p in corpus.projects
    ]
    return declarations, [f.action for f in report.forms]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(declaration=declarations(), year_style=st.sampled_from(YEAR_STYLES))
def test_form_text_imports_back(declaration: Declaration, year_style: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        got, actions = import_text(form_text(declaration, year_style=year_style), Path(tmp))
    assert actions == ["新建"]
    assert got == [declaration]


def test_synthetic_batch_imports_back(tmp_path: Path) -> None:
    """300 realistic declarations (synth.py), one text file, every one back as it was."""
    synth.generate(tmp_path / "synth", 300, seed=7, years=(2024, 2025))
    originals: dict[tuple[int, str, str], Declaration] = {}
    for project in load_corpus(tmp_path / "synth").projects:
        d = project.declaration
        originals.setdefault((d.year, d.department, d.name), d)  # identity: one file each
    rng = random.Random(7)
    text = "\n".join(form_text(d, year_style=rng.choice(YEAR_STYLES)) for d in originals.values())
    got, actions = import_text(text, tmp_path)
    assert actions == ["新建"] * len(originals)
    assert {(d.year, d.department, d.name): d for d in got} == originals
