"""The rules that span files: folders, file names, the department registry, duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.diagnostics import Diagnostic
from tests.load.check_support import (
    DEPT,
    FILE,
    NAME,
    OTHER_DEPT,
    REGISTRY,
    TEXT,
    E,
    W,
    check,
    diagnostics,
    edited,
    only,
    row,
    rows,
    write,
)

# --- identity: folders, names, registry ---------------------------------------------------------


def test_year_mismatch(root: Path) -> None:
    found = check(
        root,
        ("\n年度: 2024", "\n年度: 2025"),
        ("计划开始日期: 2024-01-01", "计划开始日期: 2025-01-01"),
        ("计划完成日期: 2024-12-31", "计划完成日期: 2025-12-31"),
        ("  起始年度: 2024\n  终止年度: 2024", "  起始年度: 2025\n  终止年度: 2025"),
    )
    message = only(found, (FILE, 2, 5, E, "year-mismatch", "年度"))
    assert "年度 2025 与所在目录 2024/ 不一致" in message
    assert "content/2025/" in message


def test_department_unknown_with_suggestion(root: Path) -> None:
    write(root, TEXT, dept="baoshan-zonggonghu", name="new-project.yaml")
    found = diagnostics(root)
    path = "content/2024/baoshan-zonggonghu/new-project.yaml"
    message = only(found, (path, None, None, E, "department-unknown", ""))
    assert "“baoshan-zonggonghu”不是 departments.yaml 中登记的主管部门代码" in message
    assert "您是不是想写“baoshan-zonggonghui”？" in message


def test_department_name_misspelt_with_suggestion(root: Path) -> None:
    found = check(root, ("主管部门: 上海市宝山区总工会", "主管部门: 上海市宝山区总公会"))
    message = only(found, (FILE, 5, 7, E, "department-name", "主管部门"))
    assert "登记的名称“上海市宝山区总工会”不一致" in message
    assert "您是不是想写“上海市宝山区总工会”" in message


def test_department_name_of_another_department_says_which_folder(root: Path) -> None:
    registry = root / "departments.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + OTHER_DEPT, encoding="utf-8")
    found = check(root, ("主管部门: 上海市宝山区总工会", "主管部门: 上海市宝山区教育局"))
    message = only(found, (FILE, 5, 7, E, "department-name", "主管部门"))
    assert "应放在 content/2024/baoshan-jiaoyuju/ 下" in message


@pytest.mark.parametrize("name", ["Bad_Name.yaml", "bad--name.yaml", "-bad.yaml", "项目.yaml"])
def test_identity_slug(root: Path, name: str) -> None:
    write(root, TEXT, name=name)
    found = diagnostics(root)
    stem = name.removesuffix(".yaml")
    message = only(found, (f"content/2024/{DEPT}/{name}", None, None, E, "identity-slug", ""))
    assert f"文件名“{stem}”不合规" in message


def test_identity_duplicate_within_a_year(root: Path) -> None:
    registry = root / "departments.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + OTHER_DEPT, encoding="utf-8")
    other = edited(("主管部门: 上海市宝山区总工会", "主管部门: 上海市宝山区教育局"))
    write(root, other, dept="baoshan-jiaoyuju")
    found = diagnostics(root)
    message = only(found, (FILE, None, None, E, "identity-duplicate", ""))
    assert f"已被 content/2024/baoshan-jiaoyuju/{NAME} 使用" in message


def test_identity_duplicate_ignores_case(root: Path) -> None:
    registry = root / "departments.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + OTHER_DEPT, encoding="utf-8")
    other = edited(("主管部门: 上海市宝山区总工会", "主管部门: 上海市宝山区教育局"))
    upper = "Z" + NAME[1:]
    write(root, other, dept="baoshan-jiaoyuju", name=upper)
    found = diagnostics(root)
    assert rows(found) == [
        (f"content/2024/baoshan-jiaoyuju/{upper}", None, None, E, "identity-slug", ""),
        (FILE, None, None, E, "identity-duplicate", ""),
    ]


def test_same_slug_in_two_years_is_fine(root: Path) -> None:
    text = edited(
        ("\n年度: 2024", "\n年度: 2025"),
        ("计划开始日期: 2024-01-01", "计划开始日期: 2025-01-01"),
        ("计划完成日期: 2024-12-31", "计划完成日期: 2025-12-31"),
        ("  起始年度: 2024\n  终止年度: 2024", "  起始年度: 2025\n  终止年度: 2025"),
    )
    write(root, text, year="2025")
    assert diagnostics(root) == []


@pytest.mark.parametrize("name", ["new-project.yml", "new-project.YAML", "new-project.Yaml"])
def test_layout_suffix(root: Path, name: str) -> None:
    write(root, TEXT, name=name)
    found = diagnostics(root)
    message = only(found, (f"content/2024/{DEPT}/{name}", None, None, E, "layout-suffix", ""))
    assert "扩展名请用小写 .yaml" in message


@pytest.mark.parametrize(
    ("relative", "says"),
    [
        ("README.md", "content/ 下只能有 departments.yaml 和以年度命名的目录"),
        ("2024.yaml", "content/ 下只能有"),
        ("2024/notes.txt", "年度目录下只能有以主管部门代码命名的目录"),
        (f"2024/{DEPT}/notes.txt", "部门目录下只能放 .yaml 申报文件"),
    ],
)
def test_layout_stray_file(root: Path, relative: str, says: str) -> None:
    (root / relative).write_text("x", encoding="utf-8")
    found = diagnostics(root)
    assert says in only(found, (f"content/{relative}", None, None, E, "layout", ""))


@pytest.mark.parametrize(
    ("relative", "says"),
    [
        ("24", "content/ 下只能有"),
        ("drafts", "content/ 下只能有"),
        (f"2024/{DEPT}/old", "部门目录下不能再有子目录"),
    ],
)
def test_layout_stray_folder(root: Path, relative: str, says: str) -> None:
    (root / relative).mkdir()
    found = diagnostics(root)
    assert says in only(found, (f"content/{relative}", None, None, E, "layout", ""))


def test_hidden_files_are_not_read(root: Path) -> None:
    (root / ".DS_Store").write_text("x", encoding="utf-8")
    (root / "2024" / DEPT / ".notes.yaml").write_text("x", encoding="utf-8")
    # Not read (no error about its content), but a hidden YAML file is not published either,
    # and a reviewer is told so (test_content_review).
    assert [(d.code, d.severity) for d in diagnostics(root)] == [("layout-hidden", W)]


def _symlink_rows(found: list[Diagnostic]) -> list[tuple[object, ...]]:
    return [row(d)[1:] for d in found]


def test_layout_symlinked_file(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(TEXT, encoding="utf-8")
    (root / "2024" / DEPT / "link.yaml").symlink_to(outside)
    found = diagnostics(root)
    assert _symlink_rows(found) == [(None, None, E, "layout-symlink", "")]
    assert found[0].message == "不能使用符号链接；请放入真实文件。"


def test_layout_symlinked_year_folder(root: Path) -> None:
    (root / "2025").symlink_to(root / "2024")
    found = diagnostics(root)
    assert _symlink_rows(found) == [(None, None, E, "layout-symlink", "")]


@pytest.mark.parametrize("link", ["2025", f"2024/{DEPT}/link.yaml"])
def test_symlink_diagnostic_names_the_link(root: Path, link: str) -> None:
    target = root / "2024" if link == "2025" else root / "2024" / DEPT / NAME
    (root / link).symlink_to(target)
    found = diagnostics(root)
    assert rows(found) == [(f"content/{link}", None, None, E, "layout-symlink", "")]


def test_symlinked_department_folder_is_layout_symlink(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "2024" / "baoshan-jiaoyuju").symlink_to(outside)
    found = diagnostics(root)
    assert rows(found) == [("content/2024/baoshan-jiaoyuju", None, None, E, "layout-symlink", "")]


def test_registry_missing(root: Path) -> None:
    (root / "departments.yaml").unlink()
    found = diagnostics(root)
    message = only(found, (REGISTRY, None, None, E, "registry-missing", ""))
    assert "缺少主管部门名录 departments.yaml" in message


def test_registry_duplicate_name(root: Path) -> None:
    registry = root / "departments.yaml"
    extra = "  - 代码: baoshan-other\n    名称: 上海市宝山区总工会\n"
    registry.write_text(registry.read_text(encoding="utf-8") + extra, encoding="utf-8")
    found = diagnostics(root)
    message = only(found, (REGISTRY, 8, 9, E, "registry-duplicate", ""))
    assert message == "名称“上海市宝山区总工会”重复（第 1 项已用过）"


def test_registry_duplicate_slug_and_name(root: Path) -> None:
    registry = root / "departments.yaml"
    extra = "  - 代码: baoshan-zonggonghui\n    名称: 上海市宝山区总工会\n"
    registry.write_text(registry.read_text(encoding="utf-8") + extra, encoding="utf-8")
    found = diagnostics(root)
    assert rows(found) == [
        (REGISTRY, 7, 9, E, "registry-duplicate", ""),
        (REGISTRY, 8, 9, E, "registry-duplicate", ""),
    ]
    assert found[0].message == "代码“baoshan-zonggonghui”重复（第 1 项已用过）"


def test_registry_bad_slug(root: Path) -> None:
    registry = root / "departments.yaml"
    extra = "  - 代码: Baoshan_Other\n    名称: 某部门\n"
    registry.write_text(registry.read_text(encoding="utf-8") + extra, encoding="utf-8")
    found = diagnostics(root)
    message = only(found, (REGISTRY, 7, 9, E, "slug", "部门[2].代码"))
    assert "代码“Baoshan_Other”不合规" in message


def test_unit_spelling_with_a_full_width_space(root: Path) -> None:
    variant = edited(
        ("实施单位: 上海市宝山区职工服务中心", "实施单位: 上海市宝山区\u3000职工服务中心")
    )
    write(root, variant, name="new-project.yaml")
    found = diagnostics(root)
    path = f"content/2024/{DEPT}/new-project.yaml"
    message = only(found, (path, 6, 7, W, "unit-spelling", "实施单位"))
    assert "“上海市宝山区\u3000职工服务中心”与其他文件中的“上海市宝山区职工服务中心”" in message


def test_unit_spelling_tie_warns_the_spaced_variant(root: Path) -> None:
    variant = edited(
        ("实施单位: 上海市宝山区职工服务中心", "实施单位: '上海市宝山区职工服务中心 '")
    )
    write(root, variant, name="new-project.yaml")
    found = diagnostics(root)
    path = f"content/2024/{DEPT}/new-project.yaml"
    assert rows(found) == [
        (path, 6, 7, W, "unit-spelling", "实施单位"),
        (path, 6, 7, W, "value-padded", "实施单位"),  # the space itself, named
    ]
