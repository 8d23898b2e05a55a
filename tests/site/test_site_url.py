"""`site_url` is settable (mkdocs.yml, JIXIAO_SITE_URL, `jixiao build --site-url`) and then
sitemap.xml lists every page of the site under that address."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import CONTENT, MKDOCS_YML, REPO

pytestmark = pytest.mark.build

URL = "https://example.org/jixiao/"


def _pages(site: Path) -> set[str]:
    folders = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}
    return {URL if folder == "." else f"{URL}{folder}/" for folder in folders}


def _locs(site: Path) -> list[str]:
    return re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))


def _build(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Path:
    site = tmp_path / "site"
    result = CliRunner().invoke(
        main,
        ["build", "--no-cache", "--content", str(CONTENT), "--site-dir", str(site),
         "--config", str(MKDOCS_YML), *args],
        env=env or {},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return site


def test_sitemap_lists_every_page_with_site_url_option(tmp_path: Path) -> None:
    site = _build(tmp_path, "--site-url", URL)
    locs = _locs(site)
    assert len(locs) == len(set(locs)) >= 17
    assert set(locs) == _pages(site)
    assert URL + "2024/baoshan-zonggonghui/gonghui-gongzuozhe-jingfei/" in locs
    # The 404 page, served for any missing path, links to the site's own folder.
    assert 'href="/jixiao/assets/' in (site / "404.html").read_text(encoding="utf-8")


def test_site_url_from_the_environment(tmp_path: Path) -> None:
    site = _build(tmp_path, env={"JIXIAO_SITE_URL": URL})
    assert URL + "explorer/" in _locs(site)


def test_site_url_from_mkdocs_yml(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    text = MKDOCS_YML.read_text(encoding="utf-8")
    text = text.replace("custom_dir: theme", f"custom_dir: {REPO / 'theme'}")
    text = re.sub(r"- theme/(\w+\.py)", lambda m: f"- {REPO / 'theme' / m.group(1)}", text)
    config.write_text(f"site_url: {URL}\n" + text, encoding="utf-8")
    shutil.copytree(CONTENT, tmp_path / "content")
    site = tmp_path / "site"
    result = CliRunner().invoke(
        main,
        ["build", "--no-cache", "--content", str(tmp_path / "content"), "--site-dir", str(site),
         "--config", str(config)],
        env={"JIXIAO_SITE_URL": ""},  # empty, as a GitHub variable that is not set
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert URL + "about/" in _locs(site)


def test_without_site_url_the_sitemap_is_empty(tmp_path: Path) -> None:
    site = _build(tmp_path, env={"JIXIAO_SITE_URL": ""})
    assert _locs(site) == []
