"""A strict YAML reader that keeps every value as the text written, with its position.

PyYAML's own loaders are unfit for public budget data: they keep the last of two equal keys
silently, turn `2024-01-01` into a date, `NO` into False and `100.10` into a float, and expand
aliases into shared references. We therefore read the *event stream* of libyaml (the C parser,
when available) and build plain Python values ourselves:

- every scalar stays a `str` (an empty scalar is `None`: a blank cell);
- duplicate keys, anchors, aliases, merge keys and explicit tags are errors;
- nesting depth and file size are capped before anything expensive happens;
- each key and value remembers its 1-based line and column, so that a later check can point at
  the user's line.

Nearly every file in a content tree is well formed, so each is first read by a lean loop
(`_read_well_formed`) that builds the values and keeps libyaml's marks for their positions
(a `Position` is made only for a value some diagnostic points at). At the first thing that loop
does not take on itself — any syntax error, anchor, alias, tag, merge key, empty or complex
key, duplicate key, nesting past the cap, a second document, an empty file — it gives up and
the file is read again by `_Builder`, the strict reader that says what is wrong and where: so a
file with a problem gets exactly the diagnostics it always got, and a file without one costs a
single pass with no per-value checks in Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any, Protocol

import yaml

from generator.core.diagnostics import Diagnostic, Position, Severity
from generator.core.evaluation_model import named_as_evaluation
from generator.core.unicode_checks import character_name, describe, invisible_characters

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 16

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

YamlPath = tuple[str | int, ...]
YamlValue = str | None | dict[str, "YamlValue"] | list["YamlValue"]


class _Mark(Protocol):
    """Where libyaml (or PyYAML's pure-Python parser) saw an event: 0-based line and column."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


_Marks = dict[YamlPath, "_Mark | None"]


class SourceMap:
    """Where each key and value of a document was written.

    Holds the parser's marks and makes a `Position` only for the paths that are looked up:
    most values are never pointed at by any diagnostic.
    """

    __slots__ = ("key_marks", "value_marks")

    def __init__(self, key_marks: _Marks | None = None, value_marks: _Marks | None = None):
        self.key_marks: _Marks = key_marks if key_marks is not None else {}
        self.value_marks: _Marks = value_marks if value_marks is not None else {}

    @property
    def keys(self) -> dict[YamlPath, Position]:
        return {path: _position(mark) for path, mark in self.key_marks.items()}

    @property
    def values(self) -> dict[YamlPath, Position]:
        return {path: _position(mark) for path, mark in self.value_marks.items()}

    def locate(self, path: YamlPath) -> Position | None:
        """The value's position, else its key's, else the nearest enclosing one."""
        probe = tuple(path)
        values, keys = self.value_marks, self.key_marks
        while True:
            if probe in values:
                return _position(values[probe])
            if probe in keys:
                return _position(keys[probe])
            if not probe:
                return None
            probe = probe[:-1]

    def locate_fields(self, keys: Iterable[str]) -> dict[str, Position]:
        """`locate` for each top-level field of `keys` (the identity fields that the rules on a
        file's place report on), by key."""
        return {key: pos for key in keys if (pos := self.locate((key,))) is not None}

    def locate_key(self, path: YamlPath) -> Position | None:
        probe = tuple(path)
        if probe in self.key_marks:
            return _position(self.key_marks[probe])
        return self.locate(probe)

    def locate_character(
        self, path: YamlPath, written: str, index: int, text: str | None, *, key: bool = False
    ) -> Position | None:
        """Where character `index` of the key (or value) at `path`, which reads `written`, is.

        Exact when the text from the mark on reads as the value up to that character on one
        line (a plain or quoted scalar without escapes: nearly every name); otherwise, as for
        a folded or escaped value, where the key or value starts.
        """
        mark = (self.key_marks if key else self.value_marks).get(tuple(path))
        start = getattr(mark, "index", None)
        if mark is not None and text is not None and isinstance(start, int):
            quote = 1 if text[start : start + 1] in ("'", '"') else 0
            source = text[start + quote : start + quote + index + 1]
            if source == written[: index + 1] and "\n" not in source:
                return Position(mark.line + 1, mark.column + 1 + quote + index)
        return self.locate_key(path) if key else self.locate(path)


@dataclass(slots=True)
class YamlDocument:
    data: YamlValue
    source_map: SourceMap
    # The decoded text the document was read from, when there is one: lets a check over every
    # string look at the whole text once instead of at each value (see `checks`).
    text: str | None = None


class _Abort(Exception):
    """Stops reading a file after an error that makes the rest meaningless."""


def _position(mark: _Mark | None) -> Position:
    # libyaml sets marks on every event; the fallback only satisfies the type.
    line, column = getattr(mark, "line", 0), getattr(mark, "column", 0)
    return Position(line + 1, column + 1)


def form_word(path: str) -> str:
    """What the file holds, for a message about the whole file: 自评表 when its name says so
    (`<项目代码>.自评.yaml`, or a near suffix that `check` reads as one), else 申报表. Only a
    message that is being written asks."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return "自评表" if named_as_evaluation(name) else "申报表"


def too_large(path: str, size: int) -> Diagnostic:
    """A content file over MAX_FILE_BYTES, refused before it is parsed (or read at all)."""
    return _error(
        path,
        None,
        "file-too-large",
        f"文件有 {size:,} 字节，超过上限 {MAX_FILE_BYTES:,} 字节；"
        f"一份{form_word(path)}通常只有几千字节，请检查是否误放了其他文件。",
    )


def decode_source(raw: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 only, with a helpful word for the GBK files that Chinese Windows tools write."""
    problems: list[Diagnostic] = []
    if len(raw) > MAX_FILE_BYTES:
        return None, [too_large(path, len(raw))]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(
            _error(path, None, "encoding", "文件是 UTF-16 编码；请另存为 UTF-8（无 BOM）。")
        )
        return None, problems
    if (utf16 := _utf16_without_bom(raw)) is not None:
        first = raw.index(b"\0")
        problems.append(
            _error(
                path,
                Position(1, 1),
                "encoding",
                f"文件是 {utf16} 编码（没有 BOM），不是 UTF-8：从第 {first + 1} 个字节起，"
                "每个英文字母、数字和冒号旁都有一个 U+0000（空字符）字节。"
                "请用编辑器“另存为 UTF-8”（无 BOM）后再提交。",
            )
        )
        return None, problems
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        problems.append(
            Diagnostic(
                path,
                Position(1, 1),
                Severity.WARNING,
                "bom",
                "",
                "文件开头有 UTF-8 BOM（字节顺序标记），已忽略；建议另存为“UTF-8 无 BOM”。",
            )
        )
    try:
        return raw.decode("utf-8"), problems
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        looks_like = ""
        try:
            raw.decode("gb18030")
            looks_like = "看起来是 GBK/GB18030 编码（中文 Windows 软件的默认编码）；"
        except UnicodeDecodeError:
            pass
        problems.append(
            _error(
                path,
                Position(line, column),
                "encoding",
                f"文件不是有效的 UTF-8 编码，{looks_like}请用编辑器“另存为 UTF-8”后再提交。",
            )
        )
        return None, problems


def _utf16_without_bom(raw: bytes) -> str | None:
    """ "UTF-16LE" or "UTF-16BE" for a text that is plainly one, written without a BOM.

    YAML text never holds a NUL, and UTF-16 puts one beside every ASCII character (the
    colons, spaces, digits and line breaks of every line): NULs in one byte position of the
    pairs, and the whole decoding as UTF-16, tell it from a UTF-8 file with a stray NUL.
    """
    if b"\0" not in raw[:4096] or len(raw) % 2:
        return None
    sample = raw[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) < len(sample) // 8 or min(even, odd) * 10 > max(even, odd):
        return None
    encoding = "UTF-16LE" if odd > even else "UTF-16BE"
    try:
        raw.decode(encoding.lower())
    except UnicodeDecodeError:
        return None
    return encoding


def _error(path: str, position: Position | None, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, position, Severity.ERROR, code, "", message)


TAB_HINT = "YAML 不允许用 Tab 缩进，请改用空格。"


def _syntax_hint(problem: str) -> str:
    if "tab" in problem:
        return TAB_HINT
    if "block scalar" in problem or "found character" in problem:
        return '以 >、|、%、@、` 等符号开头的值要加英文引号，例如 ">=85%"。'
    if "mapping values are not allowed" in problem:
        return "冒号后面要有空格；值里含“: ”时请给整个值加引号。"
    if "could not find expected ':'" in problem or "simple key" in problem:
        return "每一行应是“字段: 值”的形式，检查上一行是否缺少冒号或引号未闭合。"
    if "indentation" in problem or "expected <block end>" in problem:
        return "缩进不一致：同一层级的字段必须对齐，请用空格缩进。"
    return "请检查这一行的引号、冒号和缩进。"


class _Builder:
    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.events: Iterator[yaml.Event] = iter(yaml.parse(text, Loader=_Parser))
        self.source_map = SourceMap()
        self.problems: list[Diagnostic] = []

    def fail(self, event: yaml.Event, code: str, message: str) -> None:
        self.problems.append(_error(self.path, _position(event.start_mark), code, message))

    def next(self) -> yaml.Event:
        return next(self.events)

    def check_node_extras(self, event: yaml.Event) -> None:
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.fail(
                event,
                "yaml-anchor",
                f"不支持锚点 &{anchor}：每个值请直接写出来（锚点和别名会让数据难以审阅）。",
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            self.fail(event, "yaml-tag", f"不支持类型标签 {tag}：所有值都按文字读取，请删去标签。")

    def node(self, event: yaml.Event, path: YamlPath, depth: int) -> YamlValue:
        if depth > MAX_DEPTH:
            self.fail(
                event,
                "yaml-depth",
                f"嵌套超过 {MAX_DEPTH} 层，{form_word(self.path)}不需要这么深的结构。",
            )
            raise _Abort
        if isinstance(event, yaml.AliasEvent):
            self.fail(
                event, "yaml-alias", f"不支持别名 *{event.anchor}：请把引用的内容直接写出来。"
            )
            return None
        self.check_node_extras(event)
        self.source_map.value_marks[path] = event.start_mark
        if isinstance(event, yaml.ScalarEvent):
            return event.value if event.value != "" else None
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[YamlValue] = []
            while not isinstance(child := self.next(), yaml.SequenceEndEvent):
                items.append(self.node(child, (*path, len(items)), depth + 1))
            return items
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(path, depth)
        raise AssertionError(f"unexpected YAML event {event!r}")  # libyaml guarantees the grammar

    def mapping(self, path: YamlPath, depth: int) -> dict[str, YamlValue]:
        result: dict[str, YamlValue] = {}
        while not isinstance(key_event := self.next(), yaml.MappingEndEvent):
            key = self.key(key_event)
            value_event = self.next()
            if key is None:
                self.node(value_event, (*path, "?"), depth + 1)
                continue
            key_path = (*path, key)
            if key in result:
                first = _position(self.source_map.key_marks[key_path])
                self.fail(
                    key_event,
                    "duplicate-key",
                    f"字段“{key}”重复出现（第一次在第 {first.line} 行）；"
                    "YAML 只会保留其中一个，另一个的内容会丢失，请合并或删除一个。",
                )
                self.node(value_event, (*path, f"{key}#重复"), depth + 1)
                continue
            self.source_map.key_marks[key_path] = key_event.start_mark
            result[key] = self.node(value_event, key_path, depth + 1)
        return result

    def key(self, event: yaml.Event) -> str | None:
        if not isinstance(event, yaml.ScalarEvent):
            if isinstance(event, yaml.AliasEvent):
                self.fail(event, "yaml-alias", f"不支持别名 *{event.anchor}。")
                return None
            self.fail(event, "yaml-complex-key", "字段名必须是一段文字，不能是列表或映射。")
            self.skip(event)
            return None
        self.check_node_extras(event)
        if event.value == "<<" and event.implicit[0]:
            self.fail(event, "yaml-merge-key", "不支持合并键 <<：请把每个字段直接写出来。")
            return None
        if event.value == "":
            self.fail(event, "empty-key", "字段名不能为空。")
            return None
        return str(event.value)

    def skip(self, event: yaml.Event) -> None:
        depth = 1 if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent) else 0
        while depth:
            inner = self.next()
            if isinstance(inner, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                depth += 1
            elif isinstance(inner, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1

    def document(self) -> YamlValue:
        self.next()  # StreamStart
        start = self.next()
        if isinstance(start, yaml.StreamEndEvent):
            self.problems.append(_error(self.path, Position(1, 1), "empty-file", "文件是空的。"))
            return None
        root = self.node(self.next(), (), 0)
        self.next()  # DocumentEnd
        extra = self.next()
        if not isinstance(extra, yaml.StreamEndEvent):
            self.fail(
                extra,
                "multiple-documents",
                f"一个文件只能有一份{form_word(self.path)}（发现了第二个 --- 文档）。",
            )
        return root


class _NotPlain(Exception):
    """The lean loop met something only the strict reader reports on."""


_SCALAR = yaml.ScalarEvent
_MAPPING, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_EventSource = Callable[[], Any]


def _read_well_formed(text: str) -> YamlDocument | None:
    """The document, when `_Builder` would read it without a single problem; else None.

    Accepts exactly what `_Builder` accepts silently: one document whose root is not blank,
    keys that are non-empty, unique, plain text (not `<<`), no anchor, alias or tag anywhere,
    no node deeper than MAX_DEPTH. Everything else, including every parser error, is None.
    """
    parser = _Parser(text)
    try:
        get: _EventSource = parser.get_event
        get()  # StreamStart
        if type(get()) is not yaml.DocumentStartEvent:
            return None  # an empty stream
        source_map = SourceMap()
        root = _plain_node(get, get(), (), 0, source_map.key_marks, source_map.value_marks)
        get()  # DocumentEnd
        if root is None or type(get()) is not yaml.StreamEndEvent:
            return None
        return YamlDocument(root, source_map, text)
    except (_NotPlain, yaml.YAMLError, RecursionError, AttributeError):
        return None  # AttributeError: an event where a node must be, which libyaml never gives
    finally:
        parser.dispose()


def _plain_node(
    get: _EventSource,
    event: Any,
    path: YamlPath,
    depth: int,
    key_marks: _Marks,
    value_marks: _Marks,
) -> YamlValue:
    # Written for speed: a content tree holds millions of values. Events are `Any` here so that
    # no isinstance() runs per value: `type(...) is` is exact, as libyaml makes exactly these
    # classes; scalar values of a mapping are taken in its loop, without a call.
    kind = type(event)
    if depth > MAX_DEPTH or event.anchor is not None:
        raise _NotPlain
    if kind is _SCALAR:
        if event.tag is not None:
            raise _NotPlain
        value_marks[path] = event.start_mark
        value: str = event.value
        return value or None
    if kind is _MAPPING:
        if event.tag is not None:
            raise _NotPlain
        value_marks[path] = event.start_mark
        mapping: dict[str, YamlValue] = {}
        inner = depth + 1
        while True:
            key_event: Any = get()
            if type(key_event) is not _SCALAR:
                if type(key_event) is _MAPPING_END:
                    return mapping
                raise _NotPlain  # a complex key, an alias
            key: str = key_event.value
            if (
                key in mapping
                or not key
                or key == "<<"
                or key_event.anchor is not None
                or key_event.tag is not None
            ):
                raise _NotPlain
            key_path = (*path, key)
            key_marks[key_path] = key_event.start_mark
            child: Any = get()
            if (
                type(child) is _SCALAR
                and inner <= MAX_DEPTH
                and child.anchor is None
                and child.tag is None
            ):
                value_marks[key_path] = child.start_mark
                mapping[key] = child.value or None
            else:
                mapping[key] = _plain_node(get, child, key_path, inner, key_marks, value_marks)
    if kind is _SEQUENCE:
        if event.tag is not None:
            raise _NotPlain
        value_marks[path] = event.start_mark
        items: list[YamlValue] = []
        inner = depth + 1
        while type(item := get()) is not _SEQUENCE_END:
            items.append(_plain_node(get, item, (*path, len(items)), inner, key_marks, value_marks))
        return items
    raise _NotPlain  # an alias


# Line breaks to YAML 1.1, and so to libyaml, that an editor shows as nothing or as a space:
# NEL (U+0085), LS (U+2028), PS (U+2029). Inside a value, the rest of its line became a line of
# its own (a syntax error libyaml placed lines below, naming no character); inside a quoted
# value they were folded into a space; inside a comment, the rest of the line was read as YAML
# that the editor shows as a comment. So they are refused wherever they are, before parsing.
_HIDDEN_BREAKS = re.compile("[\u0085\u2028\u2029]")
# Each is reported up to this many times in one file.
MAX_CHARACTER_REPORTS = 10


def _text_position(text: str, index: int) -> Position:
    """Line and column of `text[index]`, lines broken at line feeds as editors count them."""
    line_start = text.rfind("\n", 0, index) + 1
    return Position(text.count("\n", 0, index) + 1, index - line_start + 1)


def _hidden_breaks(text: str, path: str) -> list[Diagnostic]:
    problems = []
    for match in islice(_HIDDEN_BREAKS.finditer(text), MAX_CHARACTER_REPORTS):
        char = match.group()
        position = _text_position(text, match.start())
        problems.append(
            _error(
                path,
                position,
                "yaml-syntax",
                f"第 {position.line} 行第 {position.column} 列有 {describe(char)}"
                f"（{character_name(char)}）：编辑器里看不出来，YAML 却把它当作换行，这一行会"
                "被读错。请删除它；要换行请直接回车（常见于从网页、Word 或 PDF 复制的文字）。",
            )
        )
    return problems


def parse_yaml(text: str, path: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Reads one YAML document strictly. Returns None when the text cannot be read at all."""
    if _HIDDEN_BREAKS.search(text) is not None:
        return None, _hidden_breaks(text, path)
    document = _read_well_formed(text)
    if document is not None:
        return document, []
    return _parse_strictly(text, path)


def _parse_strictly(text: str, path: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """`parse_yaml` for a text with a problem: every problem, each where it was written."""
    builder = _Builder(text, path)
    try:
        data = builder.document()
    except _Abort:
        return None, builder.problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in str(exc.problem):
            mark = exc.context_mark  # an unclosed quote: point where it opens, not at the end
        position = _position(mark) if mark is not None else None
        problem = exc.problem or exc.context or "语法错误"
        context = f"{exc.context or ''} {problem}"
        # libyaml names no character ("found character that cannot start any token"): a Tab
        # where it stopped is the usual cause, and the usual quoting advice would mislead.
        at = getattr(mark, "index", None)
        tab = isinstance(at, int) and text[at : at + 1] == "\t"
        hint = TAB_HINT if tab else _syntax_hint(context)
        if (hidden := _invisible_before(text, position)) is not None:
            builder.problems.append(hidden_character_error(path, *hidden))
            return None, builder.problems
        builder.problems.append(
            _error(
                path,
                position,
                "yaml-syntax",
                f"YAML 语法错误（{problem}）。{hint}",
            )
        )
        return None, builder.problems
    except yaml.reader.ReaderError as exc:  # a control character YAML does not allow
        index = exc.position
        if _Parser is not yaml.SafeLoader:
            # libyaml counts this offset in bytes of UTF-8, not in characters: a NUL after
            # Chinese text was placed lines below where it is.
            index = len(text.encode("utf-8")[:index].decode("utf-8", errors="ignore"))
        position = _text_position(text, index)
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        builder.problems.append(
            _error(
                path,
                position,
                "yaml-syntax",
                f"第 {position.line} 行第 {position.column} 列有不允许的控制字符 {describe(char)}"
                f"（{character_name(char)}）；请删除它（常见于从 PDF 复制的文字）。",
            )
        )
        return None, builder.problems
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        builder.problems.append(_error(path, None, "yaml-syntax", f"无法读取 YAML：{message}"))
        return None, builder.problems
    except RecursionError:
        builder.problems.append(
            _error(path, None, "yaml-depth", f"嵌套过深，超过 {MAX_DEPTH} 层。")
        )
        return None, builder.problems
    if data is None and not builder.problems:
        builder.problems.append(_error(path, Position(1, 1), "empty-file", "文件里没有内容。"))
    if any(p.code == "empty-file" for p in builder.problems):
        return None, builder.problems
    return YamlDocument(data, builder.source_map, text), builder.problems


def _invisible_before(text: str, position: Position | None) -> tuple[Position, str] | None:
    """The first invisible character on the line where the parser stopped, up to that place.

    libyaml stops at a U+FEFF that starts a line (two files joined together, each with its
    BOM) or at a zero-width space before a key, and names neither: "did not find expected
    key" at a line that looks right sends the reader to look for a missing colon.
    """
    if position is None:
        return None
    lines = text.split("\n")
    if not 0 < position.line <= len(lines):
        return None
    found = invisible_characters(lines[position.line - 1][: position.column])
    if not found:
        return None
    index, char, _ = found[0]
    return Position(position.line, index + 1), char


def hidden_character_error(path: str, position: Position, char: str) -> Diagnostic:
    """A syntax error caused by a character nobody sees: named, placed, and what to do."""
    where = "行首" if position.column == 1 else f"第 {position.column} 列"
    return _error(
        path,
        position,
        "yaml-syntax",
        f"第 {position.line} 行{where}有看不见的字符 {describe(char)}（{character_name(char)}），"
        "YAML 因此读不懂这一行。请删除它（可在编辑器里把光标移到那里按退格键；常见于把两个文件"
        "拼在一起，或从网页复制的文字）。",
    )


def load_yaml_bytes(raw: bytes, path: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    text, problems = decode_source(raw, path)
    if text is None:
        return None, problems
    document, more = parse_yaml(text, path)
    return document, problems + more
