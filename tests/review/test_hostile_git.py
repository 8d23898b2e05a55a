"""No commit message, author or path can change what 修订记录 and `jixiao diff` show.

Real git repositories with hostile commits: record separators, newlines and fake diff headers
in subjects and bodies, odd authors, and paths with newlines, spaces and the word "missing".
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.review.git_revisions import read_blobs_at
from generator.review.history import load_history
from tests.conftest import CONTENT
from tests.support.git_support import git

DEPT = "2024/baoshan-zonggonghui"
CARD = f"{DEPT}/zhengfu-shishi-gonghui-huiyuanka.yaml"
VENUE = f"{DEPT}/yiqi-changguan-yunying-jingfei.yaml"

HOSTILE_SUBJECTS = [
    "调低\x1e覆盖人数",  # the old record separator
    "\x1e\x1e",
    "改名\ncontent/2024/x/y.yaml\x00",  # a NUL ends a message in git; the rest is dropped
    "M\tcontent/2024/baoshan-zonggonghui/zhengfu-shishi-gonghui-huiyuanka.yaml",
    "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@",
    "0123456789abcdef0123456789abcdef01234567",  # looks like a commit id
    "",
]


def commit(repo: Path, message: str, author: str = "审阅者 <r@example.invalid>") -> None:
    # Through a file: a message may hold anything but NUL (git cuts it there).
    (repo.parent / "message").write_bytes(message.split("\x00")[0].encode())
    git(
        repo,
        "commit",
        "-q",
        "--allow-empty-message",
        "-F",
        str(repo.parent / "message"),
        author=author,
    )


def edit(repo: Path, old: str, new: str) -> None:
    card = repo / "content" / CARD
    card.write_text(card.read_text("utf-8").replace(old, new), "utf-8")
    git(repo, "add", "-A")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(CONTENT, root / "content")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    commit(root, "首次发布")
    return root


def test_every_revision_survives_hostile_subjects(repo: Path) -> None:
    values = [f"≥{140000 - 1000 * (n + 1)}.00(人)" for n in range(len(HOSTILE_SUBJECTS))]
    previous = "≥140000.00(人)"
    for subject, value in zip(HOSTILE_SUBJECTS, values, strict=True):
        edit(repo, previous, value)
        commit(
            repo, subject + "\n\nbody\x1eline\n\x1e", author="\x1e攻击者\x1e <x@example.invalid>"
        )
        previous = value
    history = load_history(repo / "content", [CARD, VENUE])
    card = history.by_source[CARD]
    assert len(card) == len(HOSTILE_SUBJECTS) + 1
    assert [r.kind for r in card] == ["修改"] * len(HOSTILE_SUBJECTS) + ["新建"]
    # Newest first; each revision shows its own change, none swallowed or shifted.
    for revision, (before, after) in zip(
        card, reversed(list(zip(["≥140000.00(人)", *values], values, strict=False))), strict=False
    ):
        assert any(before in line and after in line for line in revision.changes), revision
    # Each shows its own commit's subject, as git gives it for that one commit alone.
    for revision in card:
        alone = subprocess.run(
            ["git", "log", "-1", "--format=%s", revision.commit],
            cwd=repo,
            capture_output=True,
            check=True,
        ).stdout.decode()
        assert revision.subject == alone.strip()
    assert card[-2].subject == "调低\x1e覆盖人数"  # the separator is part of the subject
    assert len(history.by_source[VENUE]) == 1


def test_hostile_paths_are_only_paths(repo: Path) -> None:
    """A file whose name holds a newline, a space and the word missing cannot desync cat-file."""
    odd = repo / "content" / DEPT / "x\nHEAD:evil missing"
    odd.write_text("not a declaration\n", "utf-8")
    spaced = repo / "content" / DEPT / "a b missing.yaml"
    spaced.write_text("年度: 2024\n", "utf-8")
    git(repo, "add", "-A")
    commit(repo, "奇怪的文件名")
    edit(repo, "≥140000.00(人)", "≥130000.00(人)")
    commit(repo, "调低")
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()
    prefix = "content/" + DEPT + "/"
    found = read_blobs_at(
        repo,
        [
            (head, prefix + "x\nHEAD:evil missing"),
            (head, prefix + "a b missing.yaml"),
            (head, prefix + "not there.yaml"),
            (head, "content/" + CARD),
        ],
    )
    assert found[(head, prefix + "x\nHEAD:evil missing")] == b"not a declaration\n"
    assert found[(head, prefix + "a b missing.yaml")] == "年度: 2024\n".encode()
    assert (head, prefix + "not there.yaml") not in found
    assert "≥130000.00(人)".encode() in found[(head, "content/" + CARD)]
    history = load_history(repo / "content", [CARD])
    assert [r.kind for r in history.by_source[CARD]] == ["修改", "新建"]
