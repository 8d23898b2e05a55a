"""The GitHub workflows run the same commands the tests exercise, with options that exist."""

from __future__ import annotations

import shlex

import click
import pytest
import yaml

from generator.cli import main
from tests.support.paths import REPO

WORKFLOWS = REPO / ".github" / "workflows"
GITLAB_CI = WORKFLOWS.parent.parent / ".gitlab-ci.yml"


def _gitlab_lines() -> list[str]:
    pipeline = yaml.safe_load(GITLAB_CI.read_text(encoding="utf-8"))
    lines = []
    for job in pipeline.values():
        if isinstance(job, dict):
            for key in ("before_script", "script"):
                lines += [str(line).strip() for line in job.get(key) or []]
    return lines


def _run_lines() -> list[str]:
    lines = []
    for file in sorted(WORKFLOWS.glob("*.yml")):
        workflow = yaml.safe_load(file.read_text(encoding="utf-8"))
        for job in workflow["jobs"].values():
            for step in job.get("steps", []):
                for line in str(step.get("run", "")).splitlines():
                    lines.append(line.strip())
    return lines + _gitlab_lines()


def _jixiao_commands() -> list[list[str]]:
    commands = []
    for line in _run_lines():
        if "jixiao " in line:
            words = shlex.split(line.split(">")[0])
            program = next(i for i, w in enumerate(words) if w.endswith("jixiao"))
            commands.append(words[program + 1 :])
    return commands


def test_workflows_call_jixiao() -> None:
    subcommands = {words[0] for words in _jixiao_commands()}
    assert {"check", "fmt", "diff", "review-comment", "gitlab-note"} <= subcommands
    gitlab = " ".join(_gitlab_lines())
    assert "jixiao check --changed" in gitlab and "--format gitlab" in gitlab


@pytest.mark.parametrize("words", _jixiao_commands(), ids=lambda w: " ".join(w))
def test_every_option_exists(words: list[str]) -> None:
    assert isinstance(main, click.Group)
    command = main.commands[words[0]]
    known = {opt for param in command.params for opt in getattr(param, "opts", [])}
    for word in words[1:]:
        if word.startswith("--"):
            assert word.split("=")[0] in known, f"{word} is not an option of jixiao {words[0]}"


def test_make_targets_used_by_workflows_exist() -> None:
    makefile = (WORKFLOWS.parent.parent / "Makefile").read_text(encoding="utf-8")
    for line in _run_lines():
        if line.startswith("make "):
            target = line.split()[1]
            assert (
                f"\n{target}:" in makefile
                or makefile.startswith(f"{target}:")
                or (target == ".venv/.installed-stamp" and "$(STAMP):" in makefile)
            ), target
