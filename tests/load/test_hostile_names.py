"""Look-alike spellings: compatibility ideographs and decomposed (NFD) text in names."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.core.unicode_checks import lookalike_characters
from generator.importers.run import slugify
from generator.load.corpus import load_corpus
from tests.support import import_fixtures as fx

DEPT = "2024/baoshan-zonggonghui"
CARD = f"{DEPT}/zhengfu-shishi-gonghui-huiyuanka.yaml"
COMPAT_BU = "\uf967"  # CJK COMPATIBILITY IDEOGRAPH-F967, looks exactly like 不 (U+4E0D)


def _replace(content: Path, old: str, new: str) -> None:
    card = content / CARD
    text = card.read_text("utf-8")
    assert old in text
    card.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (
            "项目名称: 政府实事项目 - 工会会员卡",
            f"项目名称: 政府实事项目{COMPAT_BU}工会会员卡",
            "项目名称",
        ),
        (
            "主管部门: 上海市宝山区总工会",
            "主管部门: 上海市宝山区總工会".replace("總", "\uf90e"),
            "主管部门",
        ),
        (
            "实施单位: 上海市宝山区职工服务中心",
            "实施单位: Cafe\u0301 上海市宝山区职工服务中心",
            "实施单位",
        ),
        (
            "三级指标: 工会会员服务卡的覆盖人数",
            f"三级指标: 工会会员服务卡的覆盖人数{COMPAT_BU}变",
            "三级指标",
        ),
    ],
)
def test_lookalike_characters_are_errors(
    content_copy: Path, old: str, new: str, field: str
) -> None:
    _replace(content_copy, old, new)
    found = [d for d in load_corpus(content_copy).diagnostics if d.code == "lookalike-char"]
    assert len(found) == 1, found
    (problem,) = found
    assert problem.field.endswith(field)
    assert problem.position is not None
    assert "NFC" in problem.message


def test_the_message_names_the_standard_character() -> None:
    ((index, char, standard),) = lookalike_characters(f"公开{COMPAT_BU}")
    assert (index, char, standard) == (2, COMPAT_BU, "不")
    ((index, char, standard),) = lookalike_characters("Cafe\u0301")
    assert index == 4 and standard == "é"
    assert lookalike_characters("上海市宝山区總工会 Café") == []  # NFC text passes


def test_a_stable_compatibility_ideograph_is_not_flagged() -> None:
    # U+FA11 﨑 is one of the twelve unified ideographs in the compatibility block: NFC keeps it.
    assert lookalike_characters("\ufa11") == []


def _form(directory: Path, name: str, department: str, stem: str) -> Path:
    source = directory / f"{stem}.txt"
    fx.write_text(source, [fx.form_grid(fx.declaration(name, department=department))])
    return source


def test_nfc_and_nfd_imports_give_one_file(tmp_path: Path) -> None:
    name_nfc = "Café 职工培训 不"
    name_nfd = unicodedata.normalize("NFD", name_nfc).replace("不", COMPAT_BU)
    assert name_nfd != name_nfc
    department_nfd = unicodedata.normalize("NFD", "上海市东海区总工会 É")
    content = tmp_path / "content"
    for stem, name, department in (
        ("nfc", name_nfc, "上海市东海区总工会 É"),
        ("nfd", name_nfd, department_nfd),
    ):
        result = CliRunner().invoke(
            main,
            ["import", str(_form(tmp_path, name, department, stem)), "--content", str(content)],
        )
        assert result.exit_code == 0, result.output
    files = sorted(content.glob("*/*/*.yaml"))
    assert len(files) == 1, files
    assert len(list((content / "2024").iterdir())) == 1  # one department folder
    text = files[0].read_text("utf-8")
    assert name_nfc in text and COMPAT_BU not in text
    assert unicodedata.is_normalized("NFC", (content / "departments.yaml").read_text("utf-8"))
    assert slugify(name_nfc) == slugify(name_nfd)
    assert not [d for d in load_corpus(content).diagnostics if d.code == "lookalike-char"]
