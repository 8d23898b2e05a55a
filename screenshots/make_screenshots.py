"""Screenshots of a project page for the README: a phone (390×844) and a desktop (1440×900).

    .venv/bin/python screenshots/make_screenshots.py

Builds the shipped content/ into a temporary folder, opens one project page in Debian's headless
Chromium (as the browser tests do) and writes screenshots/project-phone.png and
screenshots/project-desktop.png: the first screen of each, reduced to a 128-colour palette so
that each stays under 150 KB. This folder is not part of the published site.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import ViewportSize, sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.load.corpus import load_corpus  # noqa: E402
from generator.site.writer import build_site  # noqa: E402
from tests.support.browser_support import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

PROJECT = "2024/baoshan-zonggonghui/zhengfu-shishi-gonghui-huiyuanka/"
SHOTS: dict[str, ViewportSize] = {
    "project-phone.png": {"width": 390, "height": 844},
    "project-desktop.png": {"width": 1440, "height": 900},
}
MAX_BYTES = 150_000


def main() -> int:
    argparse.ArgumentParser(
        description="Rebuild the shipped content and rewrite the README's screenshots "
        "(screenshots/project-*.png) with Debian's chromium."
    ).parse_args()
    out = Path(__file__).resolve().parent
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        corpus = load_corpus(REPO / "content")
        build_site(corpus, config_file=REPO / "mkdocs.yml", site_dir=site)
        with serve(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                for name, viewport in SHOTS.items():
                    page = browser.new_page(viewport=viewport, locale="zh-CN")
                    page.goto(base + PROJECT, wait_until="networkidle")
                    raw = Path(tmp) / name
                    page.screenshot(path=str(raw))
                    page.close()
                    image = Image.open(raw).convert("RGB")
                    image.quantize(colors=128).save(out / name, optimize=True)
                    size = (out / name).stat().st_size
                    print(f"{name}: {viewport['width']}×{viewport['height']}, {size:,} bytes")
                    if size > MAX_BYTES:
                        print(f"{name} is larger than {MAX_BYTES:,} bytes", file=sys.stderr)
                        return 1
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
