"""A project's share of the data downloads, as text, so that an unchanged project's share can
be taken from the last build (render.py) instead of computed again.

projects.json, projects.csv, indicators.json and indicators.csv list every project's records
in the site's order; the JSON is compact, so a list is `[` + its items joined by `,` + `]`,
and a CSV file is its header followed by each record's line. Each file is therefore its
projects' shares joined, byte for byte what export.py writes from the whole corpus
(tests/test_incremental_sources.py compares them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from generator.core.project import Project
from generator.site import export

_compact = export.compact_json


@dataclass(frozen=True, slots=True)
class ProjectExport:
    record: str  # project_record as compact JSON
    row: str  # its line of projects.csv
    indicators: list[str]  # each indicator record as compact JSON
    indicator_rows: str  # its lines of indicators.csv

    def to_json(self) -> str:
        return _compact([self.record, self.row, self.indicators, self.indicator_rows])

    @classmethod
    def from_json(cls, text: str) -> ProjectExport | None:
        """The share stored by `to_json`; None for anything of another shape."""
        try:
            data = json.loads(text)
        except ValueError:
            return None
        if not (isinstance(data, list) and len(data) == 4):
            return None
        record, row, indicators, indicator_rows = data
        texts = [record, row, indicator_rows]
        if not all(isinstance(t, str) for t in texts) or not isinstance(indicators, list):
            return None
        if not all(isinstance(item, str) for item in indicators):
            return None
        return cls(record, row, indicators, indicator_rows)


def project_export(project: Project) -> ProjectExport:
    record = export.project_record(project)
    indicators = export.project_indicator_records(project)
    return ProjectExport(
        record=_compact(record),
        row=export.csv_rows(export.PROJECT_COLUMNS, [record]),
        indicators=[_compact(item) for item in indicators],
        indicator_rows=export.csv_rows(export.INDICATOR_COLUMNS, indicators),
    )


def project_json(share: ProjectExport) -> str:
    """The download beside a project's page (export.project_json)."""
    return export.project_json_text(share.record)


def projects_json(shares: list[ProjectExport]) -> str:
    """data/projects.json (export.projects_json)."""
    return export.projects_json_text([share.record for share in shares])


def projects_csv(shares: list[ProjectExport]) -> bytes:
    """data/projects.csv (export.projects_csv)."""
    return export.csv_file(export.PROJECT_COLUMNS, [share.row for share in shares])


def indicators_json(shares: list[ProjectExport]) -> str:
    """data/indicators.json (export.indicators_json)."""
    return export.indicators_json_text([record for share in shares for record in share.indicators])


def indicators_csv(shares: list[ProjectExport]) -> bytes:
    """data/indicators.csv (export.indicators_csv)."""
    return export.csv_file(export.INDICATOR_COLUMNS, [share.indicator_rows for share in shares])
