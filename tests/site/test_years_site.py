"""Year-to-year links on the built site: a project's 历年申报 and a department's turnover."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import CONTENT, build

DEPT = "baoshan-zonggonghui"
CARD = "zhengfu-shishi-gonghui-huiyuanka"


def _declare_again(content: Path) -> None:
    """The card project with a code in 2024, declared again in 2025 with changes."""
    source = content / "2024" / DEPT / f"{CARD}.yaml"
    text = source.read_text(encoding="utf-8").replace(
        "项目类别: 特定目标类", "项目编码: BS-ZGH-0003\n项目类别: 特定目标类"
    )
    source.write_text(text, encoding="utf-8")
    later = (
        text.replace("年度: 2024", "年度: 2025")
        .replace("2024-01-01", "2025-01-01")
        .replace("2024-12-31", "2025-12-31")
        .replace("起始年度: 2024", "起始年度: 2025")
        .replace("终止年度: 2024", "终止年度: 2025")
        .replace("≥140000.00(人)", "≥150000.00(人)")
        .replace("1,846,000.00", "1,950,000.00")
    )
    (content / "2025" / DEPT).mkdir(parents=True)
    (content / "2025" / DEPT / f"{CARD}.yaml").write_text(later, encoding="utf-8")


def test_project_page_shows_funding_and_targets_per_year(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    _declare_again(content)
    site = tmp_path / "site"
    build(content, site)
    page = (site / "2025" / DEPT / CARD / "index.html").read_text(encoding="utf-8")
    assert "历年申报" in page and "BS-ZGH-0003" in page
    assert "+104,000.00" in page  # 1,950,000.00 − 1,846,000.00
    assert "≥150000.00(人)（更严格）" in page
    assert 'href="../../../2024/baoshan-zonggonghui/zhengfu-shishi-gonghui-huiyuanka/"' in page
    earlier = (site / "2024" / DEPT / CARD / "index.html").read_text(encoding="utf-8")
    assert "2024（本页）" in earlier
    single = (site / "2024" / DEPT / "gonghui-gongzuozhe-jingfei" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "历年申报" not in single  # no code: nothing to link


def test_department_page_lists_new_continued_and_ended(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    _declare_again(content)
    site = tmp_path / "site"
    build(content, site)
    page = (site / "departments" / DEPT / "index.html").read_text(encoding="utf-8")
    assert "各年度新增、延续与结束" in page
    assert "2025 年度：1 个项目（与 2024 年度相比：新增 0，延续 1，结束 0）" in page
    assert "2024 年度：3 个项目（首次收录）" in page
