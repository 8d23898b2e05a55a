"""JSON Schemas of the declaration and the registry, for editors (yaml-language-server)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.core.evaluation_model import Evaluation
from generator.core.model import Declaration
from generator.core.registry import Registry

SCHEMA_BASE = "https://jixiao.invalid/schema/"  # an identifier, never fetched


def _schema(
    model: type[Declaration] | type[Registry] | type[Evaluation], name: str, title: str
) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE + name,
        **schema,
        "title": title,
    }


def schema_files() -> dict[str, str]:
    """The JSON Schemas, generated from the models that validate, so editors and check agree."""
    schemas = {
        "declaration.schema.json": _schema(
            Declaration, "declaration.schema.json", "财政项目支出绩效目标申报表"
        ),
        "departments.schema.json": _schema(Registry, "departments.schema.json", "主管部门名录"),
        "evaluation.schema.json": _schema(
            Evaluation, "evaluation.schema.json", "项目支出绩效自评表"
        ),
    }
    return {
        name: json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
        for name, schema in schemas.items()
    }


def write_schemas(directory: Path) -> list[Path]:
    """Writes `schema/*.schema.json` for editors (`jixiao schema`); returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
