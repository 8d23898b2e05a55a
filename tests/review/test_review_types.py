"""The values the review layer hands on are types, read and written in one place each: change
kinds and strengths survive the JSON round trip as members, words that `as_json` never writes
are refused, one signed-money formatter, one reader of `--name-status -z`."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from generator.core.money import format_signed_yuan
from generator.review.diff_format import ReportFormatError, as_json, report_from_json
from generator.review.git_revisions import content_prefix, read_name_status
from generator.review.semantic_diff import (
    DiffReport,
    IndicatorChange,
    IndicatorChangeKind,
    ProjectChange,
    ProjectChangeKind,
    Strength,
)


def _report() -> DiffReport:
    indicator = IndicatorChange(
        IndicatorChangeKind.TARGET, "产出指标", "数量指标", "覆盖人数", "≥10", "≥5", Strength.LOOSER
    )
    project = ProjectChange(
        ProjectChangeKind.CHANGED,
        "content/2024/a/b.yaml",
        "content/2024/a/b.yaml",
        "项目",
        "部门",
        2024,
        indicators=[indicator],
    )
    return DiffReport("main", "HEAD", [project], [], [])


def test_kinds_and_strength_are_written_as_before_and_read_back_as_members() -> None:
    text = as_json(_report())
    data = json.loads(text)
    assert data["projects"][0]["kind"] == "changed"
    assert data["projects"][0]["indicators"][0]["kind"] == "target"
    assert data["projects"][0]["indicators"][0]["strength"] == "更宽松"
    back = report_from_json(data)
    assert back.projects[0].kind is ProjectChangeKind.CHANGED
    assert back.projects[0].indicators[0].kind is IndicatorChangeKind.TARGET
    assert back.projects[0].indicators[0].strength is Strength.LOOSER
    assert as_json(back) == text


@pytest.mark.parametrize(
    ("key", "value"), [("kind", "<b>x</b>"), ("strength", "much stricter"), ("strength", 1)]
)
def test_an_indicator_word_as_json_never_writes_is_refused(key: str, value: object) -> None:
    data = json.loads(as_json(_report()))
    data["projects"][0]["indicators"][0][key] = value
    with pytest.raises(ReportFormatError):
        report_from_json(data)


@pytest.mark.parametrize(
    ("amount", "shown"),
    [("1000", "+1,000.00"), ("-50", "-50.00"), ("0", "0.00"), ("0.001", "+0.001")],
)
def test_signed_money(amount: str, shown: str) -> None:
    assert format_signed_yuan(Decimal(amount)) == shown


def test_name_status_fields_are_read_by_position() -> None:
    # A path may hold a newline or look like a status: it is only ever a path.
    fields = ["\nM", "M", "R100", "a\nb.yaml", "D", "A", "new.yaml", "T", "link.yaml", ""]
    changes, end = read_name_status(fields, 0)
    assert [(c.status, c.old_path, c.new_path) for c in changes] == [
        ("M", "M", "M"),
        ("R", "a\nb.yaml", "D"),
        ("A", None, "new.yaml"),
        ("T", "link.yaml", "link.yaml"),
    ]
    assert end == len(fields) - 1  # stopped at the first field that is no status


def test_content_prefix(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    assert content_prefix(tmp_path, tmp_path) == ""
    assert content_prefix(tmp_path, tmp_path / "content") == "content/"
    with pytest.raises(ValueError):
        content_prefix(tmp_path / "content", tmp_path)
