"""A git for tests: hermetic (no user or system configuration), quiet, failing loudly."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def git(repo: Path, *args: str, author: str = "审阅者 <r@example.invalid>") -> None:
    """Runs git in `repo` as `author` ("name <email>"), ignoring every git configuration of
    the machine, so that tests do not depend on who runs them."""
    name, _, email = author.partition(" <")
    subprocess.run(
        ["git", "-c", f"user.name={name}", "-c", f"user.email={email.rstrip('>')}", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env={
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_CONFIG_SYSTEM": "/dev/null",
            "PATH": "/usr/bin:/bin",
        },
    )


def content_repo(tmp_path: Path, message: str) -> Path:
    """A git repository at tmp_path/repo holding the shipped content/, committed once with
    `message`; the root of the repository."""
    from tests.support.paths import CONTENT

    root = tmp_path / "repo"
    shutil.copytree(CONTENT, root / "content")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return root
