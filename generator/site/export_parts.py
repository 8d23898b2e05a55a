"""A project's share of the data downloads, as UTF-8 bytes, so that an unchanged project's share can
be taken from the last build (render.py) instead of computed again.

projects.json, projects.csv, indicators.json and indicators.csv list every project's records
in the site's order; the JSON is compact, so a list is `[` + its items joined by `,` + `]`,
and a CSV file is its header followed by each record's line. Each file is therefore its
projects' shares joined, byte for byte what export.py writes from the whole corpus
(tests/test_incremental_sources.py compares them).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.project import Project
from generator.site import export

_compact = export.compact_json


@dataclass(frozen=True, slots=True)
class ProjectExport:
    """UTF-8 bytes, not text: held for every project until the downloads are joined, where a
    str of Chinese text takes two bytes a character (248 MB at 10,000 projects against 150 MB).
    """

    record: bytes  # project_record as compact JSON
    row: bytes  # its line of projects.csv
    indicators: bytes  # its indicator records as compact JSON, joined by `,` (b"" for none)
    indicator_rows: bytes  # its lines of indicators.csv
    indicator_count: int
    # Its 可量化 targets (Declaration.measurable_count): kept with the share because reading
    # every target again to count them cost 1.4 s of a rebuild after one edit at 10,000.
    measurable_count: int

    def to_text(self) -> str:
        """The share as one text for the build cache: a first line with the length of each part
        (in characters) and the indicator count, then the four parts as they are. Unlike the JSON
        list of strings it replaces, nothing is escaped and unescaped: at 10,000 projects writing
        and reading back all shares takes 0.66 CPU s instead of 1.45."""
        texts = [
            text.decode() for text in (self.record, self.row, self.indicators, self.indicator_rows)
        ]
        lengths = " ".join(str(len(text)) for text in texts)
        return f"{lengths} {self.indicator_count} {self.measurable_count}\n" + "".join(texts)

    @classmethod
    def from_text(cls, text: str) -> ProjectExport | None:
        """The share stored by `to_text`; None for anything of another shape."""
        head, newline, body = text.partition("\n")
        numbers = head.split(" ")
        if (
            not newline
            or len(numbers) != 6
            or not all(n.isascii() and n.isdigit() for n in numbers)
        ):
            return None
        *lengths, count, measurable = (int(number) for number in numbers)
        if sum(lengths) != len(body):
            return None
        parts: list[bytes] = []
        start = 0
        for length in lengths:
            parts.append(body[start : start + length].encode())
            start += length
        record, row, indicators, indicator_rows = parts
        return cls(record, row, indicators, indicator_rows, count, measurable)


def project_export(project: Project) -> ProjectExport:
    record = export.project_record(project)
    indicators = export.project_indicator_records(project)
    return ProjectExport(
        record=_compact(record).encode(),
        row=export.csv_rows(export.PROJECT_COLUMNS, [record]).encode(),
        indicators=",".join(_compact(item) for item in indicators).encode(),
        indicator_rows=export.csv_rows(export.INDICATOR_COLUMNS, indicators).encode(),
        indicator_count=len(indicators),
        measurable_count=project.declaration.measurable_count,
    )


def _joined(head: str, items: list[bytes], tail: str) -> str:
    """head + items joined by `,` + tail, as text: the bytes are made once and decoded once
    (an f-string around a join would copy the whole text a second time)."""
    parts = [head.encode()]
    for index, item in enumerate(items):
        parts += (b",", item) if index else (item,)
    parts.append(tail.encode())
    return b"".join(parts).decode()


def project_json(share: ProjectExport) -> str:
    """The download beside a project's page (export.project_json)."""
    return export.project_json_text(share.record.decode())


def projects_json(shares: list[ProjectExport]) -> str:
    """data/projects.json (export.projects_json)."""
    head, tail = export.json_list_envelope("projects", len(shares))
    return _joined(head, [share.record for share in shares], tail)


def projects_csv(shares: list[ProjectExport]) -> bytes:
    """data/projects.csv (export.projects_csv)."""
    return b"".join([export.csv_file(export.PROJECT_COLUMNS, []), *(s.row for s in shares)])


def indicators_json(shares: list[ProjectExport]) -> str:
    """data/indicators.json (export.indicators_json)."""
    count = sum(share.indicator_count for share in shares)
    head, tail = export.json_list_envelope("indicators", count)
    return _joined(head, [share.indicators for share in shares if share.indicators], tail)


def indicators_csv(shares: list[ProjectExport]) -> bytes:
    """data/indicators.csv (export.indicators_csv)."""
    header = export.csv_file(export.INDICATOR_COLUMNS, [])
    return b"".join([header, *(share.indicator_rows for share in shares)])
