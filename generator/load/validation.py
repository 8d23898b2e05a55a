"""Turns a strict YAML document into a model, mapping pydantic's errors to the user's lines."""

from __future__ import annotations

import typing
from contextlib import suppress
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from generator.core.diagnostics import Diagnostic, Severity
from generator.core.model import describe_value
from generator.core.problems import UNTRANSLATED_PREFIX, VALIDATOR_CODES
from generator.core.suggest import did_you_mean
from generator.load.yaml_source import YamlDocument, YamlPath, YamlValue

ModelT = TypeVar("ModelT", bound=BaseModel)

# Error types raised by our own validators (PydanticCustomError): their messages are Chinese.
OWN_ERROR_CODES = VALIDATOR_CODES


def field_label(loc: YamlPath) -> str:
    """The field as people name it: list items count from 1, as the rows of the form.

    `("绩效指标", "产出指标", "数量指标", 0, "三级指标")` → `绩效指标.产出指标.数量指标[1].三级指标`
    """
    label = ""
    for part in loc:
        if isinstance(part, int):
            label += f"[{part + 1}]"  # people count list items from 1, as the form's rows
        else:
            label += f".{part}" if label else part
    return label


def _model_at(model: type[BaseModel], loc: YamlPath) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc`, if it is a model at all."""
    current: object = model
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            by_alias = {f.alias or name: f for name, f in current.model_fields.items()}
            if not isinstance(part, str) or part not in by_alias:
                return None
            current = by_alias[part].annotation
        else:
            return None
        current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: object) -> object:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, type(int | None)):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _unwrap(members[0])
    return annotation


def _allowed_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


@cache
def _allowed_keys_of(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(_allowed_keys(model))


def _message(root: type[BaseModel], error: ErrorDetails) -> tuple[str, str]:
    """(code, Chinese message) for one pydantic error."""
    kind = error["type"]
    loc = tuple(error["loc"])
    given = error.get("input")
    if kind == "missing":
        return "missing-field", f"缺少必填字段“{loc[-1]}”；原表此格空白时也请写出字段并留空。"
    if kind == "extra_forbidden":
        parent = _model_at(root, loc[:-1])
        hint = did_you_mean(str(loc[-1]), _allowed_keys(parent)) if parent else ""
        return "unknown-field", f"未知字段“{loc[-1]}”。{hint}".rstrip()
    if kind == "string_type":
        if given is None:
            return "missing-value", "不能为空"
        return "type", f"应为一段文字，这里是{describe_value(given)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "type", f"应为一组“字段: 值”（缩进写在下一行），这里是{describe_value(given)}"
    if kind == "list_type":
        return "type", f"应为列表（每项以“- ”开头），这里是{describe_value(given)}"
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        return "enum", f"{describe_value(given)}不在可选值之中；可选值：{expected}"
    if kind in OWN_ERROR_CODES:
        return kind, error["msg"]
    # A pydantic message we have not translated yet.
    return f"{UNTRANSLATED_PREFIX}{kind}", error["msg"]


def validate_document(
    model: type[ModelT], document: YamlDocument, path: str
) -> tuple[ModelT | None, list[Diagnostic]]:
    """The model, or every problem pydantic found, each at the user's line and in Chinese."""
    try:
        return model.model_validate(document.data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            code, message = _message(model, error)
            position = (
                document.source_map.locate_key(loc)
                if code in ("unknown-field", "missing-field")
                else document.source_map.locate(loc)
            )
            problems.append(
                Diagnostic(path, position, Severity.ERROR, code, field_label(loc), message)
            )
        return None, problems


def _prune(model: object, value: YamlValue) -> YamlValue:
    model = _unwrap(model)
    if isinstance(model, type) and issubclass(model, BaseModel) and isinstance(value, dict):
        fields = {f.alias or name: f.annotation for name, f in model.model_fields.items()}
        return {k: _prune(fields[k], v) for k, v in value.items() if k in fields}
    if typing.get_origin(model) is list and isinstance(value, list):
        (item,) = typing.get_args(model)
        return [_prune(item, v) for v in value]
    if typing.get_origin(model) is dict and isinstance(value, dict):
        _, item = typing.get_args(model)
        return {k: _prune(item, v) for k, v in value.items()}
    return value


@cache
def _field_validators(model: type[BaseModel]) -> dict[str, tuple[str, TypeAdapter[Any]]]:
    """attribute → (YAML key, a validator of that field alone); built once per model."""
    return {
        name: (info.alias or name, TypeAdapter(info.rebuild_annotation()))
        for name, info in model.model_fields.items()
    }


def valid_fields(model: type[ModelT], document: YamlDocument) -> tuple[ModelT, frozenset[str]]:
    """The top-level fields that validate on their own, for a document that failed as a whole.

    Its errors are reported by `validate_document`; this is for the checks that span fields.
    Returns the model holding only those fields (`model_construct`: reading another attribute
    raises AttributeError) and their attribute names. A field that is absent but has a default
    counts as valid. Unknown keys are left out first: they are reported already, and one in an
    indicator should not make the whole indicator tree unusable for the other checks.
    """
    data = _prune(model, document.data)
    if not isinstance(data, dict):
        return model.model_construct(), frozenset()
    values: dict[str, Any] = {}
    for name, (key, validator) in _field_validators(model).items():
        if key in data:
            # A field that fails here is left out; its errors come from validate_document, once.
            with suppress(ValidationError):
                values[name] = validator.validate_python(data[key])
        elif not (info := model.model_fields[name]).is_required():
            values[name] = info.get_default(call_default_factory=True)
    return model.model_construct(**values), frozenset(values)


def valid_cells(model: type[ModelT], document: YamlDocument) -> tuple[ModelT, frozenset[YamlPath]]:
    """For a document that failed as a whole: every cell that validates, and where the others are.

    Finer than `valid_fields`, for forms whose tables are lists of rows (a 自评表's 预算执行 and
    绩效指标): a top-level field that fails is kept row by row when it is a list of models, and
    a row that fails is kept field by field. Returns the model (`model_construct`) with every
    field set: a valid value, a default for one absent, or None for one that is not known; and
    the paths of the cells not known (`("绩效指标", 3, "得分")`, a whole row `("预算执行", 2)`, a
    whole field `("总分",)`, `()` for a document that is no mapping). Not known: it did not
    validate, or it is required and absent, or it is absent from a mapping that holds an
    unknown key (which may be its misspelling). A None there is not a blank cell: whoever adds
    up a column asks the paths first.
    """
    data = document.data
    if not isinstance(data, dict):
        return _unknown_row(model), frozenset({()})
    built, unknown = _cells(model, data, ())
    return built, frozenset(unknown)


def _unknown_row(model: type[ModelT]) -> ModelT:
    return model.model_construct(**dict.fromkeys(model.model_fields))


def _cells(
    model: type[ModelT], data: dict[str, YamlValue], at: YamlPath
) -> tuple[ModelT, list[YamlPath]]:
    values: dict[str, Any] = {}
    unknown: list[YamlPath] = []
    fields = _field_validators(model)
    # Beside an unknown key (reported: `得份: 9.5`), a field that is absent may be the one it
    # misspells: not known to be blank.
    misspelt = any(key not in _allowed_keys_of(model) for key in data)
    for name, (key, validator) in fields.items():
        info = model.model_fields[name]
        if key not in data:
            if info.is_required() or misspelt:
                values[name] = None
                unknown.append((*at, key))  # missing-field, or the misspelt key's error
            else:
                values[name] = info.get_default(call_default_factory=True)
            continue
        try:
            values[name] = validator.validate_python(data[key])
        except ValidationError as exc:
            rows = _rows(info.annotation, data[key], exc, (*at, key))
            if rows is None:
                values[name] = None
                unknown.append((*at, key))
            else:
                values[name], more = rows
                unknown += more
    return model.model_construct(**values), unknown


def _rows(
    annotation: object, value: YamlValue, exc: ValidationError, at: YamlPath
) -> tuple[list[BaseModel], list[YamlPath]] | None:
    """A list of models that failed, kept row by row; None when the list itself failed (not a
    list, too many rows) or holds no models."""
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) is not list or not isinstance(value, list):
        return None
    (row_model,) = typing.get_args(annotation)
    row_model = _unwrap(row_model)
    if not (isinstance(row_model, type) and issubclass(row_model, BaseModel)):
        return None
    failed: set[int] = set()
    for error in exc.errors(include_url=False):
        where = error["loc"]
        if not where or not isinstance(where[0], int):
            return None  # the list as a whole (too many rows): no row is known
        failed.add(where[0])
    rows: list[BaseModel] = []
    unknown: list[YamlPath] = []
    for index, row in enumerate(value):
        if index not in failed:
            rows.append(row_model.model_validate(row))
        elif isinstance(row, dict):
            built, more = _cells(row_model, row, (*at, index))
            rows.append(built)
            unknown += more
        else:
            rows.append(_unknown_row(row_model))
            unknown.append((*at, index))
    return rows, unknown
