"""Where the tests find the repository, its shipped content and their own data."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
CONTENT = REPO / "content"
MKDOCS_YML = REPO / "mkdocs.yml"
