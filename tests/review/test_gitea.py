"""Gitea / Forgejo: the README's recipe for the pull-request comment, run as written against a
fake Gitea API, and the review workflow using only what Gitea's and Forgejo's Actions provide."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.review.test_diff import GZZ, commit, edit, git, hermetic_git, new_repo
from tests.support.paths import REPO

__all__ = ["hermetic_git"]

ROOT = REPO
JIXIAO = Path(sys.executable).parent / "jixiao"


def readme_gitea_script() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## 在 Gitea / Forgejo 上\n", 1)[1].split("\n## ", 1)[0]
    [script] = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    return script


@pytest.fixture
def gitea() -> Iterator[tuple[list[tuple[str, str, dict[str, str], Any]], str]]:
    calls: list[tuple[str, str, dict[str, str], Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            calls.append(("POST", self.path, dict(self.headers.items()), body))
            data = json.dumps({"id": 1}).encode()
            self.send_response(201)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    yield calls, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_readme_comment_recipe_posts_the_diff(
    tmp_path: Path, gitea: tuple[list[tuple[str, str, dict[str, str], Any]], str]
) -> None:
    calls, server = gitea
    repo = new_repo(tmp_path)
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")  # as the runner's checkout has it
    git(repo, "checkout", "--quiet", "-b", "change")
    edit(
        repo / GZZ,
        "项目名称: 工会工作者经费",
        "项目名称: '工会工作者经费 [点我](https://evil.example)'",
    )
    commit(repo, "rename")
    script = readme_gitea_script().replace(".venv/bin/jixiao", str(JIXIAO))
    env = {
        **os.environ,
        "BASE_REF": "main",
        "GITEA_TOKEN": "gitea-token-1",
        "PR_NUMBER": "3",
        "GITHUB_SERVER_URL": server,
        "GITHUB_REPOSITORY": "finance/jixiao-data",
    }
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    [(method, path, headers, body)] = calls
    assert (method, path) == ("POST", "/api/v1/repos/finance/jixiao-data/issues/3/comments")
    assert headers["Authorization"] == "token gitea-token-1"
    assert body == {"body": (repo / "diff.md").read_text(encoding="utf-8")}
    assert "### 绩效目标申报变更" in body["body"]
    assert "](https://evil.example)" not in body["body"]  # inert, as on GitHub


def test_review_workflow_needs_nothing_gitea_lacks() -> None:
    review = yaml.safe_load((ROOT / ".github/workflows/review.yml").read_text(encoding="utf-8"))
    trigger = review[True] if True in review else review["on"]
    assert set(trigger) == {"pull_request"}
    steps = [s for job in review["jobs"].values() for s in job["steps"]]
    actions = {str(s["uses"]).split("@")[0] for s in steps if "uses" in s}
    assert actions == {"actions/checkout", "actions/setup-python", "actions/upload-artifact"}
    script = "\n".join(str(s.get("run", "")) for s in steps)
    assert "gh " not in script and "api.github.com" not in script
