"""The optional 来源 block (written by the PDF import) on the project page and in the JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import CONTENT, build

CARD = "2024/baoshan-zonggonghui/zhengfu-shishi-gonghui-huiyuanka"

SOURCE = """来源:
  文件: 2024年宝山区总工会部门预算.pdf
  页码: 17
  经费说明:
    页码: 16
    金额: 184.60
    单位: 万元
"""


def test_source_block_is_shown_and_exported(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / f"{CARD}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + SOURCE, encoding="utf-8")
    site = tmp_path / "site"
    corpus = build(content, site)  # 184.60 万元 equals 1,846,000.00 元: no warning
    assert not [d for d in corpus.diagnostics if d.code == "funding-narrative-mismatch"]
    page = (site / CARD / "index.html").read_text(encoding="utf-8")
    assert (
        "来源：2024年宝山区总工会部门预算.pdf 第 17 页（原文件未随本站发布）；"
        "同一文件第 16 页的《项目经费情况说明》"
        "写明年度预算 184.60 万元。" in page
    )
    record = json.loads((site / CARD / "zhengfu-shishi-gonghui-huiyuanka.json").read_text())
    assert record["project"]["source"] == {
        "file": "2024年宝山区总工会部门预算.pdf",
        "page": 17,
        "narrative": {"page": 16, "amount": "184.60", "unit": "万元"},
    }
    other = json.loads(
        (
            site
            / "2024/baoshan-zonggonghui/gonghui-gongzuozhe-jingfei/gonghui-gongzuozhe-jingfei.json"
        ).read_text()
    )
    assert other["project"]["source"] is None
