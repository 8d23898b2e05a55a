"""A government portal's conventions: footer particulars, last-update dates, source documents.

- `extra.jixiao_portal` in mkdocs.yml puts 主办单位, 联系方式, ICP 备案号 (linked to the MIIT
  register), 公安备案号 (linked with its record code) and 网站标识码 in the footer, escaped,
  instead of "Made with Material for MkDocs"; absent settings show nothing; a wrong setting is
  a clear error.
- Index pages show the date of the newest revision of their projects (from git).
- A declaration imported from a PDF links to the document and page when the repository keeps
  the document in documents/ beside content/; a symlink, a name with a folder and a missing
  file are not published and show as text.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from generator.core.diagnostics import JixiaoUserError
from generator.load.corpus import load_corpus
from generator.site.documents import find_documents, is_plain_name
from generator.site.portal import ICP_REGISTER, POLICE_REGISTER, footer_items
from generator.site.writer import build_site
from tests.conftest import CONTENT, MKDOCS_YML, REPO
from tests.support.browser_support import article, parse_html, read_page

DEPT = "2024/baoshan-zonggonghui"
CARD = f"{DEPT}/zhengfu-shishi-gonghui-huiyuanka"
WAGES = f"{DEPT}/gonghui-gongzuozhe-jingfei"
VENUE = f"{DEPT}/yiqi-changguan-yunying-jingfei"
PDF = "2024年宝山区总工会部门预算.pdf"
PDF_BYTES = b"%PDF-1.4\n% a stand-in: the site publishes the bytes as they are\n%%EOF\n"


def test_footer_items_in_order_with_register_links() -> None:
    items = footer_items(
        {
            "jixiao_portal": {
                "网站标识码": "3101130001",
                "公安备案号": "沪公网安备 31011302000123号",
                "ICP备案号": "沪ICP备12345678号-1",
                "主办单位": "上海市宝山区财政局",
                "联系方式": "021-12345678",
            }
        }
    )
    assert [(i.label, i.text, i.href) for i in items] == [
        ("主办单位", "上海市宝山区财政局", None),
        ("联系方式", "021-12345678", None),
        ("ICP 备案号", "沪ICP备12345678号-1", ICP_REGISTER),
        ("公安备案号", "沪公网安备 31011302000123号", POLICE_REGISTER + "31011302000123"),
        ("网站标识码", "3101130001", None),
    ]
    assert footer_items({}) == []
    assert footer_items({"jixiao_portal": {"主办单位": ""}}) == []
    assert footer_items({"jixiao_portal": {"公安备案号": "待备案"}})[0].href is None


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"主办方": "x"}, "未知的设置 主办方"),
        ({"主办单位": ["a", "b"]}, "应是一行文字"),
        ({"联系方式": True}, "应是一行文字"),
        ("上海市宝山区财政局", "映射"),
        ({"联系方式": "x" * 201}, "过长"),
    ],
)
def test_a_wrong_setting_is_a_clear_error(settings: object, message: str) -> None:
    with pytest.raises(JixiaoUserError, match=message):
        footer_items({"jixiao_portal": settings})


def test_only_plain_regular_files_in_the_folder_are_documents(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(b"a")
    (tmp_path / "secret.pdf").write_bytes(b"s")
    (folder / "link.pdf").symlink_to(tmp_path / "secret.pdf")
    (folder / "sub").mkdir()
    (folder / "sub" / "b.pdf").write_bytes(b"b")
    wanted = ["a.pdf", "link.pdf", "sub/b.pdf", "../secret.pdf", "sub", ".hidden", "missing.pdf"]
    assert find_documents(folder, wanted) == {"a.pdf": folder / "a.pdf"}
    assert not is_plain_name("..\\secret.pdf") and not is_plain_name("")
    # A symlinked folder is not followed either.
    (tmp_path / "linked").symlink_to(folder)
    assert find_documents(tmp_path / "linked", ["a.pdf"]) == {}


def test_a_document_that_could_run_script_is_never_published(tmp_path: Path) -> None:
    # Served from the site's own address, report.js would pass `script-src 'self'`.
    folder = tmp_path / "documents"
    folder.mkdir()
    names = ["report.html", "report.js", "chart.svg", "page.HTM", "form.PDF", "table.xlsx"]
    for name in names:
        (folder / name).write_bytes(b"<script>alert(1)</script>")
    assert sorted(find_documents(folder, names)) == ["form.PDF", "table.xlsx"]


def _with_source(path: Path, file: str, page: int) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"来源:\n  文件: {file}\n  页码: {page}\n", encoding="utf-8")


def portal_config(folder: Path, settings: str) -> Path:
    """mkdocs.yml inheriting the shipped one, with `settings` under extra.jixiao_portal (the
    theme paths made absolute: a child config resolves them from its own folder)."""
    config = folder / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {MKDOCS_YML}\n"
        "theme:\n"
        "  name: material\n"
        f"  custom_dir: {REPO / 'theme'}\n"
        "  language: zh\n"
        "  font: false\n"
        "  palette:\n    primary: custom\n    accent: custom\n"
        f"hooks:\n  - {REPO / 'theme' / 'compact_html.py'}\n"
        "extra:\n"
        "  jixiao_portal:\n" + settings,
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def portal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("portal")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    _with_source(content / f"{CARD}.yaml", PDF, 17)
    _with_source(content / f"{WAGES}.yaml", "linked.pdf", 3)
    _with_source(content / f"{VENUE}.yaml", "../outside.pdf", 2)
    documents = root / "documents"
    documents.mkdir()
    (documents / PDF).write_bytes(PDF_BYTES)
    (root / "outside.pdf").write_bytes(b"not to be published")
    (documents / "linked.pdf").symlink_to(root / "outside.pdf")
    config = portal_config(
        root,
        "    主办单位: 上海市宝山区财政局<script>alert(1)</script>\n"
        "    联系方式: 021-12345678\n"
        "    ICP备案号: 沪ICP备12345678号-1\n"
        "    公安备案号: 沪公网安备 31011302000123号\n",
    )
    corpus = load_corpus(content)
    assert corpus.ok
    build_site(corpus, config_file=config, site_dir=root / "site")
    return root / "site"


def test_the_footer_shows_the_portal_settings_escaped(portal_site: Path) -> None:
    for page in ("index.html", f"{CARD}/index.html", "about/index.html"):
        raw, document = read_page(portal_site / page)
        footer = document.find("footer")
        text = " ".join(footer.text().split())
        assert "主办单位：上海市宝山区财政局<script>alert(1)</script>" in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
        assert "<script>alert(1)" not in raw
        assert "联系方式：021-12345678" in text
        assert "网站标识码" not in text  # not set: not shown
        assert "Made with" not in text
        links = {a.text().strip(): a.attrs["href"] for a in footer.find_all("a")}
        assert links["沪ICP备12345678号-1"] == ICP_REGISTER
        assert links["沪公网安备 31011302000123号"] == POLICE_REGISTER + "31011302000123"


def test_the_shipped_footer_has_no_material_credit(seed_site: Path) -> None:
    _, document = read_page(seed_site / "index.html")
    assert "Made with" not in document.find("footer").text()
    assert document.find("footer").find_all("ul", "jx-portal") == []  # nothing is set


def test_a_kept_document_is_published_and_linked_with_its_page(portal_site: Path) -> None:
    published = portal_site / "documents" / PDF
    assert published.read_bytes() == PDF_BYTES
    _, document = read_page(portal_site / CARD / "index.html")
    source = article(document).find("p", "jx-source")
    (link,) = source.find_all("a")
    assert link.attrs["href"] == f"../../../documents/{quote(PDF)}#page=17"
    assert "%E5%B9%B4" in link.attrs["href"]  # percent-encoded, as an href must be
    assert link.text() == f"{PDF} 第 17 页"


@pytest.mark.parametrize(("project", "name"), [(WAGES, "linked.pdf"), (VENUE, "../outside.pdf")])
def test_a_symlink_or_a_path_is_neither_published_nor_linked(
    portal_site: Path, project: str, name: str
) -> None:
    assert not (portal_site / "documents" / "linked.pdf").exists()
    assert not (portal_site / "outside.pdf").exists()
    _, document = read_page(portal_site / project / "index.html")
    source = article(document).find("p", "jx-source")
    assert source.find_all("a") == []
    assert f"来源：{name} 第" in source.text()
    assert "原文件未随本站发布" in source.text()


def test_index_pages_show_the_newest_revision_of_their_projects(seed_site: Path) -> None:
    dates = []
    for path in (CONTENT / "2024").rglob("*.yaml"):
        stamp = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", str(path)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1"},
        ).stdout.strip()
        if stamp:
            dates.append(stamp)
    if not dates:
        pytest.skip("the shipped content is not committed in this checkout")
    newest = max(dates)
    for page in ("", "projects/", "departments/", f"{DEPT.split('/')[0]}/", "quality/"):
        raw = (seed_site / page / "index.html").read_text(encoding="utf-8")
        updated = parse_html(raw).find_all("p", "jx-updated")
        assert len(updated) == 1, page
        assert re.search(r"最后更新：\d{4}-\d{2}-\d{2}", updated[0].text()), page
        assert newest in updated[0].text(), page


def test_build_refuses_a_wrong_setting_and_names_the_folder_it_keeps(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    config = portal_config(tmp_path, "    主办方: 某局\n")
    site = tmp_path / "public"
    args = ["build", "--content", str(CONTENT), "--config", str(config)]
    result = CliRunner().invoke(main, [*args, "--site-dir", str(site), "--no-cache"])
    assert result.exit_code == 2  # a refused setting (exit 1 is for problems in the content)
    assert "extra.jixiao_portal 中有未知的设置 主办方" in result.output
    assert "Traceback" not in result.output
    assert not site.exists()
    # Content with errors: the message names the folder that was kept, not always site/.
    broken = tmp_path / "content"
    shutil.copytree(CONTENT, broken)
    (broken / f"{CARD}.yaml").write_text("年度: 2024\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", "--content", str(broken), "--site-dir", str(site), "--no-cache"]
    )
    assert result.exit_code == 1
    assert f"原有的 {site.as_posix()}/ 保持不变" in result.output
