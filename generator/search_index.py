"""Chinese full-text search with Pagefind, whose extended build segments CJK words.

Material's built-in search ships the whole index to every visitor (60 MB at 5,000 projects);
Pagefind splits it into chunks fetched per query, and runs entirely from the site's own files.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from pagefind_bin_extended import get_executable

from generator.diagnostics import JixiaoUserError


def build_search_index(site_dir: Path) -> None:
    command = [str(get_executable()), "--site", str(site_dir), "--force-language", "zh", "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise JixiaoUserError(
            "生成搜索索引（Pagefind）失败：" + (result.stderr or result.stdout).strip()[-2000:]
        )
