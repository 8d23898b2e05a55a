"""The README's nginx configuration, loaded by Debian's nginx, serving a site built for /jixiao/.

Checks what a reader's browser gets: the Content-Security-Policy header (equal to the policy in
the pages), caching (a year for files named by their content's hash, revalidation for the rest),
compression of text but not of Pagefind's already-compressed files, directory URLs and the 404
page; then Chromium opens every page type under /jixiao/: no 4xx, no policy violation, search
and the explorer work.

`make test` installs nginx-light when it is missing (as it installs chromium); locally the test
is skipped without nginx, on CI it fails.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from generator.load.corpus import load_corpus
from generator.site.csp import HEADER_POLICY
from generator.site.writer import build_site
from tests.conftest import CONTENT, MKDOCS_YML
from tests.site.test_browser import HUIYUANKA, PROJECT_URLS, YIQI
from tests.site.test_csp_browser import PAGE_TYPES, _open, _violations, search_for_unions
from tests.support.paths import REPO

ROOT = REPO
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
IMMUTABLE = "public, max-age=31536000, immutable"


def readme_nginx_config() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## 在自有服务器上发布\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```nginx\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1
    return blocks[0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: make browser installs it")
        pytest.skip("nginx is missing (make browser installs nginx-light)")
    root = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    site = root / "www" / "jixiao"
    build_site(
        load_corpus(CONTENT),
        config_file=MKDOCS_YML,
        site_dir=site,
        site_url=f"http://127.0.0.1:{port}/jixiao/",  # as README says: built for its address
    )
    config = readme_nginx_config()
    assert "listen 80;" in config and "root /srv/www;" in config
    config = config.replace("listen 80;", f"listen 127.0.0.1:{port};").replace(
        "root /srv/www;", f"root {root / 'www'};"
    )
    for folder in ("logs", "temp"):
        (root / folder).mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the temporary site
    temp = root / "temp"
    (root / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {root}/nginx.pid;\nerror_log {root}/logs/error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n include /etc/nginx/mime.types;\n default_type application/octet-stream;\n"
        f" access_log off;\n client_body_temp_path {temp}/body;\n proxy_temp_path {temp}/proxy;\n"
        f" fastcgi_temp_path {temp}/fastcgi;\n uwsgi_temp_path {temp}/uwsgi;\n"
        f" scgi_temp_path {temp}/scgi;\n{config}\n}}\n",
        encoding="utf-8",
    )
    conf = str(root / "nginx.conf")
    tested = subprocess.run(
        [NGINX, "-t", "-p", str(root), "-c", conf], capture_output=True, text=True, check=False
    )
    assert tested.returncode == 0, tested.stderr
    process = subprocess.Popen(
        [NGINX, "-p", str(root), "-c", conf, "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}/jixiao/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
        yield base, site
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get(url: str, *, gzip: bool = False) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip else {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers.items()), exc.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_html_gets_the_policy_and_is_revalidated(served: tuple[str, Path]) -> None:
    base, _ = served
    status, headers, _ = _get(base, gzip=True)
    assert status == 200
    assert headers["Content-Security-Policy"] == HEADER_POLICY
    assert headers["Cache-Control"] == "no-cache"
    assert headers["Content-Encoding"] == "gzip"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "nginx/" not in headers.get("Server", "")


def test_hashed_files_are_cached_for_a_year(served: tuple[str, Path]) -> None:
    base, site = served
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    index = next((site / "pagefind" / "index").iterdir())
    fragment = next((site / "pagefind" / "fragment").iterdir())
    meta = next((site / "pagefind").glob("pagefind.*.pf_meta"))
    for path in (bundle, index, fragment, meta):
        status, headers, _ = _get(base + path.relative_to(site).as_posix(), gzip=True)
        assert status == 200 and headers["Cache-Control"] == IMMUTABLE, path.name
        assert headers["Content-Security-Policy"] == HEADER_POLICY
    # Text is compressed on the way; Pagefind's files are gzip already and are sent as they are.
    assert _get(base + bundle.relative_to(site).as_posix(), gzip=True)[1]["Content-Encoding"]
    status, headers, body = _get(base + index.relative_to(site).as_posix(), gzip=True)
    assert "Content-Encoding" not in headers and body == index.read_bytes()
    for unhashed in ("pagefind/pagefind.js", "pagefind/pagefind-entry.json", "assets/jixiao.css"):
        assert _get(base + unhashed)[1]["Cache-Control"] == "no-cache", unhashed


def test_directory_urls_and_the_404_page(served: tuple[str, Path]) -> None:
    base, _ = served
    status, headers, _ = _get(base + "2024")
    assert status == 301 and headers["Location"] == "/jixiao/2024/"
    status, _, body = _get(base + PROJECT_URLS[HUIYUANKA])
    assert status == 200 and HUIYUANKA.encode() in body
    status, headers, body = _get(base + "no/such/page/")
    assert status == 404
    assert "Content-Security-Policy" in headers
    assert b'href="/jixiao/assets/' in body  # Material's 404 page, linking into /jixiao/


def test_every_page_type_in_chromium_under_the_sub_path(
    browser: Browser, served: tuple[str, Path]
) -> None:
    base, _ = served
    page, console = _open(browser)
    failed: list[str] = []
    page.context.on(
        "response",
        lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    for name, url in PAGE_TYPES.items():
        if name == "404":
            continue
        page.goto(base + url, wait_until="networkidle")
        expect(page.locator("article h1").first).to_be_visible()
    search_for_unions(page)
    page.locator(".pagefind-ui__result-link", has_text=YIQI).click()
    page.wait_for_url(base + PROJECT_URLS[YIQI])
    page.goto(base + "explorer/", wait_until="networkidle")
    page.wait_for_selector("#jx-explorer.jx-explorer-ready")
    assert failed == []
    assert _violations(page, console) == []
    # A missing page: nginx answers with the site's 404 page, styled and within the policy.
    response = page.goto(base + "no/such/page/", wait_until="networkidle")
    assert response is not None and response.status == 404
    expect(page.locator("article h1").first).to_be_visible()
    assert [f for f in failed if "/no/such/page/" not in f] == []
    assert _violations(page, console) == []
    page.context.close()
