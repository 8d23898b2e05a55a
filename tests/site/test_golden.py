"""Golden files: the rendered sources of the shipped content, compared byte for byte.

After an intended change, run `pytest tests/site/test_golden.py --update-golden` and review the diff
of tests/golden/ like any other change.
"""

from __future__ import annotations

import pytest

from generator.load.corpus import load_corpus
from generator.site.render import SiteSources, render_site
from tests.conftest import CONTENT
from tests.support.paths import TESTS

GOLDEN = TESTS / "golden"

GOLDEN_PAGES = [
    "index.md",
    "projects.md",
    "departments/baoshan-zonggonghui/index.md",
    "types/tedingmubiao/index.md",
    "2024/baoshan-zonggonghui/gonghui-gongzuozhe-jingfei.md",
    "2024/baoshan-zonggonghui/zhengfu-shishi-gonghui-huiyuanka.md",
]
GOLDEN_FILES = ["data/projects.json", "data/projects.csv", "data/indicators.csv"]


@pytest.fixture(scope="module")
def sources() -> SiteSources:
    corpus = load_corpus(CONTENT)
    assert corpus.ok
    return render_site(corpus)


def _compare(name: str, actual: bytes, update: bool) -> None:
    golden = GOLDEN / name
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual)
        return
    assert golden.exists(), f"missing golden file {golden}; run with --update-golden"
    assert actual.decode("utf-8-sig") == golden.read_bytes().decode("utf-8-sig")
    assert actual == golden.read_bytes()


@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_page_matches_golden(
    sources: SiteSources, page: str, request: pytest.FixtureRequest
) -> None:
    _compare(page, sources.pages[page].encode(), bool(request.config.getoption("--update-golden")))


@pytest.mark.parametrize("name", GOLDEN_FILES)
def test_data_file_matches_golden(
    sources: SiteSources, name: str, request: pytest.FixtureRequest
) -> None:
    _compare(name, sources.files[name], bool(request.config.getoption("--update-golden")))


def test_every_page_is_rendered(sources: SiteSources) -> None:
    assert set(GOLDEN_PAGES) <= set(sources.pages)
    project_pages = [p for p in sources.pages if p.startswith("2024/") and p.count("/") == 2]
    assert len(project_pages) == 3
