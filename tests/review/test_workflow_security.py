"""The GitHub workflows are safe by construction, checked on every `make test`.

- zizmor (pinned in pyproject.toml, run offline) reports no finding at medium or above; its
  one accepted exception is the `workflow_run` trigger of the fork-safe comment workflow.
- Every action is pinned to a full commit with its version in a comment (Dependabot keeps both
  current), every checkout drops its token, every job says its own least permissions, and no
  `${{ … }}` is expanded inside a `run:` script (event data goes through `env:`).
- The comment workflow never runs the pull request's code; the review workflow, which does,
  has no write permission and uploads exactly what `jixiao review-comment` accepts.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.review.review_comment import ARTIFACT_NAME, DIFF_FILE, PR_NUMBER_FILE
from tests.support.paths import REPO

ROOT = REPO
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ZIZMOR = Path(sys.executable).parent / "zizmor"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+){0,2}$")


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _trigger(workflow: dict[Any, Any]) -> dict[str, Any]:
    return workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as True


def test_zizmor_finds_nothing_at_medium_or_above() -> None:
    assert ZIZMOR.exists(), "zizmor is a dev dependency: make .venv/.installed-stamp"
    result = subprocess.run(
        [str(ZIZMOR), "--offline", "--format", "json", "--persona", "regular", str(GITHUB)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode in (0, 10, 11, 12, 13, 14), result.stderr  # 1x: findings exist
    findings = json.loads(result.stdout)
    serious = [
        (f["ident"], f["determinations"]["severity"], f["locations"][0]["symbolic"]["key"])
        for f in findings
        if f["determinations"]["severity"] in ("Medium", "High") and not f.get("ignored")
    ]
    assert serious == []


def test_the_only_zizmor_exception_is_the_comment_trigger() -> None:
    ignores = []
    for path in [*WORKFLOWS, GITHUB / "dependabot.yml"]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "zizmor:" in line:
                ignores.append((path.name, line.split("#")[0].strip(), line.split("zizmor:")[1]))
    assert [(name, key) for name, key, _ in ignores] == [("review-comment.yml", "workflow_run:")]
    assert ignores[0][2].strip().startswith("ignore[dangerous-triggers]")


def test_zizmor_would_catch_the_old_workflow(tmp_path: Path) -> None:
    """The check is not vacuous: the review workflow as it was before fails it."""
    old = tmp_path / ".github" / "workflows" / "review.yml"
    old.parent.mkdir(parents=True)
    old.write_text(
        "name: x\non: pull_request\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        '      - run: jixiao diff "origin/${{ github.base_ref }}"\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(ZIZMOR), "--offline", "--format", "json", str(tmp_path / ".github")],
        capture_output=True,
        text=True,
        check=False,
    )
    idents = {f["ident"] for f in json.loads(result.stdout)}
    assert {"template-injection", "unpinned-uses", "artipacked"} <= idents


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_commits(path: Path) -> None:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    uses = [line.split("uses:", 1)[1].strip() for line in lines if "uses:" in line]
    assert uses
    for reference in uses:
        assert PINNED.match(reference), reference


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_inside_run_and_least_permissions(path: Path) -> None:
    workflow = _load(path)
    assert workflow["permissions"] == {}  # nothing by default: each job asks for its own
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{path.name}: job {name} must state its permissions"
    for step in _steps(workflow):
        assert "${{" not in str(step.get("run", "")), step
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_only_the_comment_and_pages_jobs_can_write() -> None:
    writes = {}
    for path in WORKFLOWS:
        for name, job in _load(path)["jobs"].items():
            granted = {k for k, v in job["permissions"].items() if v == "write"}
            if granted:
                writes[f"{path.name}:{name}"] = granted
    assert writes == {
        "review-comment.yml:comment": {"pull-requests"},
        "publish.yml:deploy": {"pages", "id-token"},
        "publish-shards.yml:deploy": {"pages", "id-token"},  # the same deploy, after the shards
    }


def test_comment_workflow_never_runs_the_pull_request() -> None:
    review = _load(GITHUB / "workflows" / "review.yml")
    comment = _load(GITHUB / "workflows" / "review-comment.yml")
    trigger = _trigger(comment)
    assert set(trigger) == {"workflow_run"}
    assert trigger["workflow_run"]["workflows"] == [review["name"]]
    assert set(_trigger(review)) == {"pull_request"}  # not pull_request_target
    text = (GITHUB / "workflows" / "review-comment.yml").read_text(encoding="utf-8")
    assert "ref:" not in text  # the checkout is the default branch
    steps = _steps(comment)
    runs = [str(s["run"]).strip() for s in steps if "run" in s]
    assert runs[0] == "make .venv/.installed-stamp"
    assert runs[1].startswith(".venv/bin/jixiao review-comment ")
    assert not any("download-artifact" in str(s.get("uses", "")) for s in steps)


def test_review_workflow_uploads_what_the_comment_accepts() -> None:
    review = _load(GITHUB / "workflows" / "review.yml")
    steps = _steps(review)
    script = "\n".join(str(s.get("run", "")) for s in steps)
    assert f"> review/{DIFF_FILE}" in script and f"> review/{PR_NUMBER_FILE}" in script
    assert "--format json > review/" in script
    upload = next(s for s in steps if "upload-artifact" in str(s.get("uses", "")))
    assert upload["with"]["name"] == ARTIFACT_NAME
    assert upload["with"]["path"] == "review/"


def test_dependabot_keeps_actions_and_python_pins_current() -> None:
    config = _load(GITHUB / "dependabot.yml")
    ecosystems = {u["package-ecosystem"] for u in config["updates"]}
    assert ecosystems == {"github-actions", "pip"}
