"""Shared fixtures: copies of the shipped content and real MkDocs builds of them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from generator.core.project import Corpus
from generator.load.corpus import load_corpus
from generator.site.writer import build_site
from tests.support.paths import CONTENT, MKDOCS_YML, REPO


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped content/ that a test may change."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture
def root(content_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private content/ tree; the working directory is its parent, so paths read content/…."""
    monkeypatch.chdir(content_copy.parent)
    return content_copy


def build(content: Path, site: Path, config_file: Path = MKDOCS_YML) -> Corpus:
    corpus = load_corpus(content)
    assert corpus.ok, "\n".join(d.format() for d in corpus.diagnostics)
    build_site(corpus, config_file=config_file, site_dir=site)
    return corpus


def mkdocs_yml_with(folder: Path, **settings: object) -> Path:
    """A mkdocs.yml in `folder` that is the shipped one (`INHERIT`) with `settings` for the
    jixiao plugin, such as `page_size`, set as a publisher would set them.

    MkDocs reads the inherited file's paths from the new file's folder: the theme folder and
    the hooks are named by their absolute paths so that the site is built the same way."""
    import yaml

    shipped = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    config = {
        "INHERIT": str(MKDOCS_YML),
        "theme": {"custom_dir": str(REPO / shipped["theme"]["custom_dir"])},
        "hooks": [str(REPO / hook) for hook in shipped["hooks"]],
        "plugins": [{"jixiao": settings}],
    }
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content, built once per test run into a temporary site/."""
    site = tmp_path_factory.mktemp("seed") / "site"
    build(CONTENT, site)
    return site


@pytest.fixture
def build_content() -> Callable[[Path, Path], Corpus]:
    return build


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output (review the diff before committing)",
    )


def nav_titles() -> list[str]:
    """The navigation as mkdocs.yml declares it: the one place it is written."""
    import yaml

    config = yaml.load(MKDOCS_YML.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return [next(iter(entry)) for entry in config["nav"]]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, shared by the browser tests; required on CI."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser_support import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing; install Debian's chromium (make browser)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: the browser tests must run on CI")
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
