"""data/datapackage.json validates with frictionless, together with the CSVs it describes.

For the shipped site and a synthetic one (two years, amounts in 元 and 万元, a blank annual
total): the package and both CSVs are valid, with every project and indicator read. A copy
with one bad value (a non-numeric or negative amount, an unknown unit, a repeated project id,
an indicator of no project) is invalid, with the error on the field it is in, so that this
test fails when the package stops describing the CSVs.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import frictionless
import pytest

from generator.core.project import Corpus
from generator.site.aggregate import annual_total_yuan
from tests.conftest import CONTENT, build
from tests.support.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import synth  # a sibling script, not an installed package: found through sys.path

pytestmark = pytest.mark.build

ANNUAL_TOTAL = "年度资金申请总额（元）"


@dataclass(frozen=True)
class Built:
    data: Path
    corpus: Corpus


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("package-shipped")
    return Built(root / "site" / "data", build(CONTENT, root / "site"))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("package-synthetic")
    paths = synth.generate(root / "content", 100, years=(2024, 2025))
    text = paths[0].read_text(encoding="utf-8")
    blanked, hits = re.subn(r"(?m)^(  年度资金申请总额:).*$", r"\1", text)
    assert hits == 1
    paths[0].write_text(blanked, encoding="utf-8")
    return Built(root / "site" / "data", build(root / "content", root / "site"))


@pytest.fixture(params=["shipped", "synthetic"])
def built(request: pytest.FixtureRequest) -> Built:
    result: Built = request.getfixturevalue(request.param)
    return result


def validate(data: Path) -> frictionless.Report:
    return frictionless.validate(str(data / "datapackage.json"))


def errors(report: frictionless.Report) -> list[tuple[str, str]]:
    """(error type, field name) of every error of every resource."""
    return [
        (error.type, getattr(error, "field_name", ""))
        for task in report.tasks
        for error in task.errors
    ] + [(error.type, "") for error in report.errors]


def test_the_package_and_its_csvs_are_valid(built: Built) -> None:
    report = validate(built.data)
    assert report.valid, report.flatten(["type", "rowNumber", "fieldName", "note"])
    names = ["projects", "indicators", "evaluations", "evaluation_indicators"]
    assert [task.name for task in report.tasks] == names
    projects, indicators = report.tasks[:2]
    assert projects.stats["rows"] == len(built.corpus.projects)
    assert indicators.stats["rows"] == sum(
        len(p.declaration.indicator_rows()) for p in built.corpus.projects
    )


def test_amounts_read_as_exact_numbers_and_blanks_as_missing(synthetic: Built) -> None:
    package = frictionless.Package(str(synthetic.data / "datapackage.json"))
    rows = package.get_resource("projects").read_rows()
    by_id = {row["项目编号"]: row for row in rows}
    assert len(by_id) == len(synthetic.corpus.projects)
    blanks = 0
    for project in synthetic.corpus.projects:
        row = by_id[project.id]
        assert row["年度"] == project.declaration.year
        funds = project.declaration.annual_funds
        if funds.total is None:
            assert row[ANNUAL_TOTAL] is None  # missing, not zero
            blanks += 1
        else:
            # Decimal in, Decimal out: the amount in 元, exact to the fen, even from 万元.
            assert row[ANNUAL_TOTAL] == annual_total_yuan(project)
    assert blanks == 1


def rewrite(path: Path, change: Callable[[list[dict[str, str]]], None]) -> None:
    """Rewrites a CSV of the package (UTF-8 with BOM) after `change` edits its rows."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig", newline="")


def set_value(column: str, value: str, row: int = 1) -> Callable[[list[dict[str, str]]], None]:
    def change(rows: list[dict[str, str]]) -> None:
        assert column in rows[row], column
        rows[row][column] = value

    return change


def repeat_first_id(rows: list[dict[str, str]]) -> None:
    rows[1]["项目编号"] = rows[0]["项目编号"]


BROKEN = {
    "non-numeric amount": (
        "projects.csv",
        set_value(ANNUAL_TOTAL, "abc"),
        "type-error",
        ANNUAL_TOTAL,
    ),
    "amount with a separator": (
        "projects.csv",
        set_value(ANNUAL_TOTAL, "1,846,000.00"),
        "type-error",
        ANNUAL_TOTAL,
    ),
    "negative amount": (
        "projects.csv",
        set_value("财政资金（元）", "-1.00"),
        "constraint-error",
        "财政资金（元）",
    ),
    "unknown unit": (
        "projects.csv",
        set_value("原表资金单位", "千元"),
        "constraint-error",
        "原表资金单位",
    ),
    "year not a number": ("projects.csv", set_value("年度", "二〇二四"), "type-error", "年度"),
    "date not a date": (
        "projects.csv",
        set_value("计划开始日期", "2024/1/1"),
        "type-error",
        "计划开始日期",
    ),
    "blank name": ("projects.csv", set_value("项目名称", ""), "constraint-error", "项目名称"),
    "repeated project id": ("projects.csv", repeat_first_id, "primary-key", ""),
    "indicator of no project": (
        "indicators.csv",
        set_value("项目编号", "2024/nobody/nothing"),
        "foreign-key",
        "",
    ),
    "reading value not a number": (
        "indicators.csv",
        set_value("数值", "八十"),
        "type-error",
        "数值",
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_copy_is_invalid(shipped: Built, tmp_path: Path, case: str) -> None:
    name, change, error_type, field_name = BROKEN[case]
    data = tmp_path / "data"
    shutil.copytree(shipped.data, data)
    rewrite(data / "projects.csv", lambda rows: None)
    rewrite(data / "indicators.csv", lambda rows: None)
    assert validate(data).valid  # rewriting alone changes nothing that matters

    rewrite(data / name, change)
    report = validate(data)
    assert not report.valid
    found = errors(report)
    assert found[0] == (error_type, field_name)
    if case == "repeated project id":
        # The project whose id was overwritten leaves its indicators without a project.
        assert {kind for kind, _ in found[1:]} == {"foreign-key"}
    else:
        assert len(found) == 1, found
