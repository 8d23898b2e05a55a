"""A site built in shards: each shard on its own, then the top level from their manifests.

The shards are real MkDocs builds of a synthetic archive; the assembled site is compared with
the same content built whole: the same project pages byte for byte, the same totals on the
home and index pages, every link resolving, and one search box finding projects of every
shard in Chromium.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from playwright.sync_api import Browser, expect

from generator.core.diagnostics import JixiaoUserError
from generator.core.project import Corpus
from generator.load.corpus import load_corpus
from generator.load.shards import Shard, all_shards
from generator.site import urls
from generator.site.search_index import PARTS_FILE
from generator.site.shard_site import MANIFEST, read_manifest
from generator.site.writer import build_portal, build_site
from tests.support.browser_support import TIMEOUT_MS, serve
from tests.support.paths import MKDOCS_YML, REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path


@dataclass(frozen=True)
class Built:
    root: Path
    whole: Path  # the content built as one site
    site: Path  # the same content built in shards and assembled
    corpus: Corpus
    shards: list[Shard]
    built: dict[str, Path]  # shard name → its own build, before assembly


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    root = tmp_path_factory.mktemp("sharded")
    content = root / "content"
    synth.generate(content, 48, seed=17, years=(2023, 2024), evaluations=0.3)
    corpus = load_corpus(content)
    assert corpus.ok
    build_site(corpus, config_file=MKDOCS_YML, site_dir=root / "whole", cache_dir=None)
    shards = all_shards(content, "departments", 2)
    assert len(shards) == 2
    built: dict[str, Path] = {}
    for shard in shards:
        part = load_corpus(content, folders=shard.folders)
        assert part.ok
        built[shard.name] = root / "out" / shard.name
        build_site(
            part, config_file=MKDOCS_YML, site_dir=built[shard.name], cache_dir=None, shard=shard
        )
    build_portal(sorted(built.values()), config_file=MKDOCS_YML, site_dir=root / "site")
    yield Built(root, root / "whole", root / "site", corpus, shards, built)


_SHARD_NOTE = re.compile(r'<p class="jx-shard-note md-grid">.*?</p>\s*')


def _shard_of(built: Built, year_dir: str, department: str) -> str:
    return next(s.name for s in built.shards if (year_dir, department) in s.folders)


@pytest.mark.build
def test_every_project_page_is_the_one_a_whole_build_makes(built: Built) -> None:
    compared = 0
    for project in built.corpus.projects:
        name = _shard_of(built, project.year_dir, project.department_slug)
        page = urls.project_page(project).url + "index.html"
        sharded = (built.site / "shards" / name / page).read_text(encoding="utf-8")
        # The one difference: the note that the page belongs to a shard, with its way back.
        note = _SHARD_NOTE.search(sharded)
        assert note is not None and "全站首页" in note.group(0)
        whole = (built.whole / page).read_text(encoding="utf-8")
        assert sharded.replace(note.group(0), "") == whole, page
        for suffix in (".json", ".yaml"):
            file = urls.project_file(project, suffix)
            shard_file = built.site / "shards" / name / file
            assert shard_file.read_bytes() == (built.whole / file).read_bytes()
        compared += 1
    assert compared == len(built.corpus.projects) == 48


def _lead(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    match = re.search(r'<div class="jx-lead">\s*<p>(.*?)</p>', text, re.S)
    assert match is not None
    return match.group(1)


def _rows(page: Path) -> dict[str, tuple[str, ...]]:
    """label → (count, 年度资金申请总额, 当年财政拨款, 占比, 指标数) of a subtotal table."""
    text = page.read_text(encoding="utf-8")
    cell = r'<td class="jx-num">([^<]*)</td>'
    pattern = r"<tr><td>(?:<a [^>]*>)?([^<]+)(?:</a>)?</td>" + cell * 5
    return {m.group(1): m.groups()[1:] for m in re.finditer(pattern, text)}


@pytest.mark.build
def test_top_level_totals_are_those_of_the_whole_site(built: Built) -> None:
    assert _lead(built.site / "index.html") == _lead(built.whole / "index.html")
    assert "共 <strong>48</strong> 个项目" in _lead(built.site / "index.html")
    for index in ("years", "departments", "types"):
        whole = _rows(built.whole / index / "index.html")
        sharded = _rows(built.site / index / "index.html")
        assert whole and sharded == whole, index
    # Departments are split between the shards; years are in both, with both linked.
    years = (built.site / "years" / "index.html").read_text(encoding="utf-8")
    for shard in built.shards:
        assert f'href="../shards/{shard.name}/{urls.YEARS.page("2024").url}"' in years


def _links(page: Path, site: Path) -> list[str]:
    base = "/" + page.parent.relative_to(site).as_posix() + "/"
    text = page.read_text(encoding="utf-8")
    return [
        unquote(urljoin(base.replace("//", "/"), href))
        for href in re.findall(r'href="([^"#?]+)', text)
        if not href.startswith(("http:", "https:", "mailto:"))
    ]


@pytest.mark.build
def test_every_link_of_the_top_level_resolves(built: Built) -> None:
    pages = [p for p in built.site.glob("**/index.html") if "shards" not in p.parts]
    assert len(pages) >= 12
    # And a shard's own pages: their note leads back to the top level.
    for shard in built.shards:
        pages += [
            built.site / "shards" / shard.name / "index.html",
            built.site / "shards" / shard.name / urls.YEARS.page("2024").url / "index.html",
        ]
    checked = 0
    for page in pages:
        for link in _links(page, built.site):
            target = built.site / link.lstrip("/")
            if link.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(built.site)} → {link}"
            checked += 1
    assert checked > 100


@pytest.mark.build
def test_search_lists_join_the_shards_and_leave_the_builds_alone(built: Built) -> None:
    first, second = (s.name for s in built.shards)
    top = json.loads((built.site / "pagefind" / PARTS_FILE).read_text(encoding="utf-8"))
    both = ["2023", "2024"]  # each shard is a group of departments, in both years
    assert top == {
        "primary": f"../shards/{first}/pagefind/",
        "merge": [f"../shards/{second}/pagefind/"],
        "years": [both, both],
    }
    mine = json.loads(
        (built.site / "shards" / first / "pagefind" / PARTS_FILE).read_text(encoding="utf-8")
    )
    assert mine == {"merge": [f"../../{second}/pagefind/"], "years": [both, both]}
    # The shard's own build is hard-linked into the site, never changed through the link.
    own = json.loads((built.built[first] / "pagefind" / PARTS_FILE).read_text(encoding="utf-8"))
    assert own == {"merge": [], "years": [both]}
    for name in ("pagefind-ui.js", "pagefind-ui.css"):
        assert (built.site / "pagefind" / name).is_file()
    names = json.loads((built.site / "data" / "search-names.json").read_text(encoding="utf-8"))
    whole = json.loads((built.whole / "data" / "search-names.json").read_text(encoding="utf-8"))
    assert names["tokens"] == whole["tokens"]
    assert sorted(names["filters"]["主管部门"]) == sorted(whole["filters"]["主管部门"])


@pytest.mark.browser
def test_one_search_box_finds_projects_of_every_shard(built: Built, browser: Browser) -> None:
    wanted = {
        shard.name: next(
            p for p in built.corpus.projects if (p.year_dir, p.department_slug) in shard.folders
        )
        for shard in built.shards
    }
    first = built.shards[0].name
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        with serve(built.site) as base:
            page = context.new_page()
            # From the top level, and from a page of the first shard.
            for start in (base, f"{base}shards/{first}/"):
                page.goto(start)
                for name, project in wanted.items():
                    query = f"{project.declaration.department} {project.declaration.name}"
                    page.locator(".md-header .pagefind-ui__search-input").fill(query)
                    expect(page.locator(".pagefind-ui__message")).to_contain_text(query)
                    href = f"/shards/{name}/{urls.project_page(project).url}"
                    link = page.locator(f'.pagefind-ui__result-link[href$="{href}"]')
                    expect(link.first).to_be_visible()
            response = page.goto(f"{base}shards/{name}/{urls.project_page(project).url}")
            assert response is not None and response.status == 200
    finally:
        context.close()


def _manifest(tmp_path: Path, built: Built, change: dict[str, object]) -> Path:
    data = json.loads((built.built[built.shards[0].name] / MANIFEST).read_text(encoding="utf-8"))
    for dotted, value in change.items():
        *path, last = dotted.split(".")
        holder = data
        for key in path:
            holder = holder[int(key)] if isinstance(holder, list) else holder[key]
        holder[last] = value
    target = tmp_path / MANIFEST
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return target


@pytest.mark.build
@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"format": "other"}, "format 应为 jixiao-shard"),
        ({"version": 99}, "version 应为 1"),
        ({"years.0.url": "../../etc/"}, "years[0].url 应为分片内的相对地址"),
        ({"years.0.url": "javascript:alert(1)"}, "years[0].url 应为分片内的相对地址"),
        ({"shard.name": "../x"}, "shard.name 应为一个目录名"),
        ({"grand.count": -1}, "grand.count 应为非负整数"),
        ({"grand.annual_total": "1e999999"}, "grand.annual_total 应为金额"),
        ({"departments": "x"}, "departments 应为列表"),
    ],
)
def test_a_wrong_manifest_is_refused_in_words(
    built: Built, tmp_path: Path, change: dict[str, object], words: str
) -> None:
    with pytest.raises(JixiaoUserError, match=re.escape(words)):
        read_manifest(_manifest(tmp_path, built, change))


@pytest.mark.build
def test_a_manifest_that_is_a_link_or_not_json_is_refused(built: Built, tmp_path: Path) -> None:
    real = _manifest(tmp_path, built, {})
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with pytest.raises(JixiaoUserError, match="符号链接"):
        read_manifest(link)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(JixiaoUserError, match="不是有效的 JSON"):
        read_manifest(broken)
    with pytest.raises(JixiaoUserError, match="不是 jixiao build --shard 生成的分片网站"):
        read_manifest(tmp_path / "missing.json")


@pytest.mark.build
def test_a_link_inside_a_shard_is_not_put_into_the_site(built: Built, tmp_path: Path) -> None:
    import shutil

    shard = tmp_path / "shards" / "bad"
    shutil.copytree(built.built[built.shards[0].name], shard)
    (shard / "secret").symlink_to("/etc/passwd")
    with pytest.raises(JixiaoUserError, match="不是普通文件或目录"):
        build_portal([shard], config_file=MKDOCS_YML, site_dir=tmp_path / "site")
    assert not (tmp_path / "site").exists()


@pytest.mark.build
def test_a_build_after_a_join_is_an_ordinary_site(built: Built, tmp_path: Path) -> None:
    """MkDocs keeps one plugin instance per process: nothing of the join carries over."""
    build_site(built.corpus, config_file=MKDOCS_YML, site_dir=tmp_path / "again", cache_dir=None)
    home = (tmp_path / "again" / "index.html").read_text(encoding="utf-8")
    assert "个分片" not in home
    assert home == (built.whole / "index.html").read_text(encoding="utf-8")


@pytest.mark.browser
@pytest.mark.parametrize(
    "url",
    ["", "departments/", "projects/", "shards/departments-1-of-2/"],
    ids=lambda u: u or "home",
)
def test_the_top_level_and_a_shard_pass_axe(built: Built, browser: Browser, url: str) -> None:
    """The top level's own pages (and a shard's home with its note) as a screen-reader user
    gets them: no serious or critical axe-core finding (WCAG 2.1 AA)."""
    from tests.support.browser_support import blocking_violations, opened_page

    with serve(built.site) as base, opened_page(browser, base + url) as page:
        findings = blocking_violations(page)
        assert findings.blocking == []
        assert findings.passes > 10
