"""`jixiao fmt`: one canonical layout for every file, so that reviewers see only real changes.

Canonical means: keys in the form's order (unknown keys kept, at the end of their mapping),
two-space indentation, values quoted only where YAML needs it, amounts with thousands
separators and two decimals. Comments are carried over: a comment line stays before the key it
preceded, a trailing comment stays on its key's line. The result is read back and compared
with the original, value by value (amounts by exact decimal value), before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import yaml

from generator.core.evaluation_model import (
    Evaluation,
    EvaluationGoal,
    EvaluationIndicator,
    FundingRow,
    is_evaluation_file,
    misnamed_evaluation,
    misnamed_message,
)
from generator.core.model import (
    AcknowledgedProblem,
    AnnualFunds,
    Declaration,
    Indicator,
    OverallGoal,
    ProjectFunds,
)
from generator.core.money import AmountError, decimal_places, parse_amount
from generator.core.registry import Department, Registry
from generator.core.yaml_text import block_scalar, scalar
from generator.load.yaml_source import YamlPath, YamlValue, load_yaml_bytes

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _aliases(model: type) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]  # type: ignore[attr-defined]


# Key order by the name of the enclosing key ("" for the top level of a declaration).
KEY_ORDER: dict[str, list[str]] = {
    "": _aliases(Declaration),
    "项目资金": _aliases(ProjectFunds),
    "年度资金": _aliases(AnnualFunds),
    "项目总目标": _aliases(OverallGoal),
    "indicator": _aliases(Indicator),
    "acknowledged": _aliases(AcknowledgedProblem),
    "registry": _aliases(Registry),
    "department": _aliases(Department),
}
MONEY_BLOCKS = ("项目资金", "年度资金")
# A self-evaluation (`<项目代码>.自评.yaml`): its own key order and its money columns.
EVALUATION_KEY_ORDER: dict[str, list[str]] = {
    "": _aliases(Evaluation),
    "年度总体目标": _aliases(EvaluationGoal),
    "预算执行": _aliases(FundingRow),
    "绩效指标": _aliases(EvaluationIndicator),
    "原表问题": _aliases(AcknowledgedProblem),
}
EVALUATION_MONEY = ("年初预算数", "全年预算数", "全年执行数")


def _is_money_path(path: YamlPath, evaluation: bool) -> bool:
    if evaluation:
        return len(path) == 3 and path[0] == "预算执行" and path[2] in EVALUATION_MONEY
    return len(path) == 2 and path[0] in MONEY_BLOCKS


@dataclass(slots=True)
class Comments:
    """The comments of a file by the key they stand at, so that `fmt` puts them back there."""

    before: dict[YamlPath, list[str]] = field(default_factory=dict)  # comment lines
    trailing: dict[YamlPath, str] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)  # before the first key
    footer: list[str] = field(default_factory=list)


class FormatError(Exception):
    """The file cannot be formatted safely; the message says why, in Chinese."""


def _collect_comments(text: str) -> Comments:
    """Comment lines and trailing comments, keyed by the path of the key they belong to."""
    lines = text.split("\n")
    comments = Comments()
    key_lines: list[tuple[int, YamlPath]] = []  # (0-based line, path) of every key
    trailing_at: dict[int, YamlPath] = {}
    stack: list[list[object]] = []  # per open collection: [kind, path, index or pending key]
    for event in yaml.parse(text, Loader=_Parser):
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            path = _child_path(stack)
            kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
            stack.append([kind, path, None if kind == "map" else 0])
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
            _advance(stack)
        elif isinstance(event, yaml.ScalarEvent):
            top = stack[-1] if stack else None
            if top is not None and top[0] == "map" and top[2] is None:
                path = (*top[1], event.value)  # type: ignore[misc]
                top[2] = event.value
                key_lines.append((_line_of(event.start_mark), path))
                trailing_at.setdefault(_line_of(event.end_mark), path)
            else:
                path = _child_path(stack)
                trailing_at[_line_of(event.end_mark)] = trailing_at.get(
                    _line_of(event.end_mark), path
                )
                _advance(stack)
    pending: list[str] = []
    key_index = 0
    for number, line in enumerate(lines):
        stripped = line.strip()
        while key_index < len(key_lines) and key_lines[key_index][0] < number:
            key_index += 1
        if stripped.startswith("#"):
            pending.append(stripped)
            continue
        if key_index < len(key_lines) and key_lines[key_index][0] == number and pending:
            if key_index == 0:
                comments.header.extend(pending)
            else:
                path = key_lines[key_index][1]
                if stripped.startswith("- "):
                    path = path[:-1]  # before a list item: it belongs to the item, not its key
                comments.before.setdefault(path, []).extend(pending)
            pending = []
        if "#" in line and number in trailing_at:
            trailing = _trailing_comment(line)
            if trailing:
                comments.trailing[trailing_at[number]] = trailing
    comments.footer = pending
    return comments


def _line_of(mark: object) -> int:
    return int(getattr(mark, "line", 0))


def _child_path(stack: list[list[object]]) -> YamlPath:
    if not stack:
        return ()
    _, path, slot = stack[-1]
    assert isinstance(path, tuple) and isinstance(slot, str | int)
    return (*path, slot)


def _advance(stack: list[list[object]]) -> None:
    if not stack:
        return
    top = stack[-1]
    if top[0] == "map":
        top[2] = None
    else:
        top[2] = int(top[2]) + 1  # type: ignore[call-overload]


def _trailing_comment(line: str) -> str | None:
    """The `# …` at the end of a line, outside any quotes."""
    quote: str | None = None
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'" and (index == 0 or line[index - 1] in " :-"):
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[index:].strip()
    return None


def _canonical_amount(text: str, unit: str) -> str:
    try:
        amount = parse_amount(text)
    except AmountError:
        return text  # not an amount: `jixiao check` reports it, fmt keeps it as written
    places = max(2, decimal_places(amount)) if unit == "万元" else 2
    if decimal_places(amount) > places:
        return text
    return f"{amount:,.{places}f}"


class _Emitter:
    def __init__(
        self, comments: Comments, unit: str, registry: bool, evaluation: bool = False
    ) -> None:
        self.comments = comments
        self.unit = unit
        self.registry = registry
        self.evaluation = evaluation
        self.out: list[str] = []

    def key_order(self, path: YamlPath) -> list[str]:
        if self.registry:
            return KEY_ORDER["registry" if not path else "department"]
        if self.evaluation:
            if not path:
                return EVALUATION_KEY_ORDER[""]
            if len(path) <= 2 and str(path[0]) in EVALUATION_KEY_ORDER:
                return EVALUATION_KEY_ORDER[str(path[0])]
            return []
        if not path:
            return KEY_ORDER[""]
        if len(path) == 1 and path[0] in KEY_ORDER:
            return KEY_ORDER[str(path[0])]
        if path[0] == "绩效指标" and len(path) == 4:
            return KEY_ORDER["indicator"]
        if path[0] == "原表问题" and len(path) == 2:
            return KEY_ORDER["acknowledged"]
        return []

    def is_money(self, path: YamlPath) -> bool:
        return not self.registry and _is_money_path(path, self.evaluation)

    def leaf(self, path: YamlPath, value: str | None) -> str:
        if value is not None and self.is_money(path):
            value = _canonical_amount(value, self.unit)
        return scalar(value)

    def line(self, indent: int, text: str, path: YamlPath) -> None:
        for comment in self.comments.before.get(path, []):
            self.out.append(" " * indent + comment)
        trailing = self.comments.trailing.get(path)
        self.out.append(" " * indent + text + (f"  {trailing}" if trailing else ""))

    def mapping(self, value: dict[str, YamlValue], path: YamlPath, indent: int, dash: bool) -> None:
        order = self.key_order(path)
        keys = sorted(value, key=lambda k: order.index(k) if k in order else len(order))
        if dash:
            for comment in self.comments.before.get(path, []):
                self.out.append(" " * indent + comment)
        for position, key in enumerate(keys):
            prefix = "- " if dash and position == 0 else ("  " if dash else "")
            self.entry(key, value[key], (*path, key), indent, prefix)

    def entry(self, key: str, value: YamlValue, path: YamlPath, indent: int, prefix: str) -> None:
        head = f"{prefix}{scalar(key)}:"
        inner = indent + len(prefix) + 2
        if isinstance(value, dict):
            if not value:
                self.line(indent, head + " {}", path)
                return
            self.line(indent, head, path)
            self.mapping(value, path, inner, dash=False)
        elif isinstance(value, list):
            if not value:
                self.line(indent, head + " []", path)
                return
            self.line(indent, head, path)
            self.sequence(value, path, inner)
        else:
            block = block_scalar(value, inner) if not self.is_money(path) else None
            if block is not None:
                # A text of several lines (a numbered list) stays a literal block; a trailing
                # comment stays on the key's line, after `|-`.
                indicator, body = block.split("\n", 1)
                self.line(indent, f"{head} {indicator}", path)
                self.out.append(body)
                return
            rendered = self.leaf(path, value)
            self.line(indent, f"{head} {rendered}" if rendered else head, path)

    def sequence(self, items: list[YamlValue], path: YamlPath, indent: int) -> None:
        for index, item in enumerate(items):
            item_path = (*path, index)
            if isinstance(item, dict) and item:
                self.mapping(item, item_path, indent, dash=True)
            elif isinstance(item, list):
                raise FormatError("列表中直接嵌套列表，申报表不使用这种结构")
            else:
                rendered = scalar(item) if not isinstance(item, dict) else "{}"
                self.line(indent, f"- {rendered}".rstrip(), item_path)


def _same_values(
    before: YamlValue, after: YamlValue, path: YamlPath = (), evaluation: bool = False
) -> bool:
    if isinstance(before, dict) and isinstance(after, dict):
        return before.keys() == after.keys() and all(
            _same_values(before[k], after[k], (*path, k), evaluation) for k in before
        )
    if isinstance(before, list) and isinstance(after, list):
        return len(before) == len(after) and all(
            _same_values(b, a, (*path, i), evaluation)
            for i, (b, a) in enumerate(zip(before, after, strict=True))
        )
    if isinstance(before, str) and isinstance(after, str) and _is_money_path(path, evaluation):
        try:
            return parse_amount(before) == parse_amount(after)
        except AmountError:
            return before == after
    return before == after


def format_text(text: str, path: str) -> str:
    """The canonical text of one file; raises FormatError when that cannot be done safely.

    A 自评表 under a near suffix (`x-自评.yaml`) is refused with `check`'s words: formatted by
    its name it would be reordered as a declaration, and by its content it would pass `fmt`
    while `check` refuses it; its name is the one thing to put right first."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    if (slug := misnamed_evaluation(name)) is not None:
        raise FormatError(misnamed_message(name, slug))
    document, problems = load_yaml_bytes(text.encode("utf-8"), path)
    if document is None or not isinstance(document.data, dict):
        reason = problems[0].format() if problems else "不是“字段: 值”的映射"
        raise FormatError(f"无法读取，未格式化：{reason}")
    if any(
        p.code in ("duplicate-key", "yaml-anchor", "yaml-alias", "yaml-merge-key", "yaml-tag")
        for p in problems
    ):
        raise FormatError("文件有重复字段、锚点、别名或标签，请先按 jixiao check 的提示修改")
    data = document.data
    comments = _collect_comments(text)
    unit = data.get("资金单位")
    evaluation = is_evaluation_file(path)
    emitter = _Emitter(
        comments,
        unit if isinstance(unit, str) else "元",
        registry="部门" in data and not evaluation,
        evaluation=evaluation,
    )
    emitter.out.extend(comments.header)
    emitter.mapping(data, (), 0, dash=False)
    emitter.out.extend(comments.footer)
    result = "\n".join(emitter.out) + "\n"
    reread, _ = load_yaml_bytes(result.encode("utf-8"), path)
    if reread is None or not _same_values(data, reread.data, evaluation=evaluation):
        raise FormatError("格式化后的内容与原文件的值不一致，已放弃（这是 jixiao 的缺陷，请报告）")
    return result


__all__ = ["Decimal", "FormatError", "format_text"]
