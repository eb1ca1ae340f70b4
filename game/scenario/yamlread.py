"""Reading untrusted YAML: bounded, safe, with a line and column for every value.

Only the standard YAML tags are accepted and nothing is ever constructed from a tag, so a
file cannot make us run code. Duplicate keys, which PyYAML silently drops, are reported.
Aliases are allowed but the expanded document is capped, so an alias bomb is refused
quickly and with bounded memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem
from .messages import make

MAX_BYTES = 1_000_000
MAX_VALUES = 100_000
MAX_DEPTH = 40

Loc = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_CONSTRUCTOR = SafeConstructor()
# libyaml's parser is ~10x faster and refuses nesting beyond 1000 levels by itself.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    """Plain Python data (dicts, lists, scalars) plus where each value stands in the file."""

    data: object
    marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    bools: dict[Loc, str] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)     # where each mapping key is written

    def where(self, loc: Loc) -> tuple[int, int]:
        """The (line, column) of `loc`, or of its nearest ancestor that exists."""
        loc = tuple(loc)
        while loc:
            if loc in self.marks:
                return self.marks[loc]
            loc = loc[:-1]
        return self.marks.get((), (1, 1))


class _Stop(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def read_yaml(label: str, raw: bytes) -> tuple[Document | None, list[Problem]]:
    """Parse `raw` (the bytes of a file called `label`). Never raises for bad input."""
    if len(raw) > MAX_BYTES:
        return None, [make(label, 0, 0, "file_too_large", size=f"{len(raw):,}", limit=f"{MAX_BYTES:,}")]
    text, problem = _decode(label, raw)
    if problem:
        return None, [problem]
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(label, exc, text)]
    except yaml.YAMLError as exc:
        return None, [make(label, 1, 1, "syntax_other", detail=str(exc))]
    except RecursionError:
        return None, [make(label, 0, 0, "too_deep", limit=MAX_DEPTH)]
    if root is None:
        return None, [make(label, 1, 1, "empty_file")]
    builder = _Builder(label)
    builder.marks[()] = (root.start_mark.line + 1, root.start_mark.column + 1)
    try:
        data = builder.build(root, (), 0)
    except _Stop as stop:
        return None, [stop.problem]
    return Document(data, builder.marks, builder.bools, builder.keys), builder.problems


def _decode(label: str, raw: bytes) -> tuple[str, Problem | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return "", make(label, line, column, "not_utf8", byte=f"{raw[exc.start]:02x}")
    return text, None


_OPENERS = ":[{,-?"          # a quote mark opens a quoted text only at the start of a value


def _quotes(line: str) -> list[tuple[int, int | None]]:
    """The quoted texts of one line as (opening column, closing column or None when the line
    ends inside it), 0-based. A quote mark within a plain text opens nothing, as in YAML."""
    found: list[tuple[int, int | None]] = []
    index, before = 0, ""
    while index < len(line):
        char = line[index]
        if char == "#" and (index == 0 or line[index - 1] in " \t"):
            break
        if char in "\"'" and (before == "" or before in _OPENERS):
            opened, index = index, index + 1
            while index < len(line):
                if char == '"' and line[index] == "\\":
                    index += 2
                    continue
                if line[index] == char:
                    if char == "'" and line[index + 1:index + 2] == "'":
                        index += 2
                        continue
                    break
                index += 1
            found.append((opened, index if index < len(line) else None))
            before = char
        elif not char.isspace():
            before = char
        index += 1
    return found


def _quote_problem(label: str, lines: list[str], first: int, line: int, column: int) -> Problem | None:
    """An unclosed quote, or a quoted text that ends where the error is, between the 0-based
    lines `first` and `line` (the error's): the usual cause of a YAML error on such a line."""
    if 0 <= line < len(lines):
        for opened, closed in _quotes(lines[line]):
            if closed is not None and closed < column and not lines[line][closed + 1:column].strip():
                return make(label, line + 1, opened + 1, "syntax_quote_early", line=line + 1,
                            closed=closed + 1)
    for number in range(min(line, len(lines) - 1), max(first, 0) - 1, -1):
        for opened, closed in _quotes(lines[number]):
            if closed is None:
                return make(label, number + 1, opened + 1, "syntax_quote", line=number + 1)
    return None


_SYNTAX_KEYS = (
    ("mapping values are not allowed", "syntax_colon"),
    ("could not find expected ':'", "syntax_no_colon"),
    ("expected a single document", "syntax_documents"),
    ("did not find expected key", "syntax_indent"),
    ("did not find expected '-' indicator", "syntax_indent"),
    ("expected <block end>", "syntax_indent"),
    ("block sequence entries are not allowed", "syntax_dash"),
    ("did not find expected node content", "syntax_no_value"),
)


def _syntax_problem(label: str, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    """A YAML syntax error in plain words, where the mistake most likely is (an unclosed quote
    or bracket is shown where it opened)."""
    full = f"{exc.context or ''} {exc.problem or ''}"
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line, mark.column) if mark else (0, 0)
    lines = text.splitlines()
    current = lines[line] if 0 <= line < len(lines) else ""
    indent = current[:len(current) - len(current.lstrip(" \t"))]
    if "\t" in indent or current[column:column + 1] == "\t" or "'\\t'" in full or "tab character" in full:
        return make(label, line + 1, (indent.find("\t") if "\t" in indent else column) + 1, "syntax_tab")
    if "maximum nesting depth" in full:
        return make(label, line + 1, column + 1, "too_deep", limit=MAX_DEPTH)
    context = exc.context_mark
    if exc.context and "quoted" in exc.context and context is not None:
        return make(label, context.line + 1, context.column + 1, "syntax_quote", line=context.line + 1)
    first = context.line if context is not None and context.line <= line else line - 1
    quote = _quote_problem(label, lines, first, line, column)
    if quote is not None:
        return quote
    if exc.context and "flow" in exc.context and context is not None:
        bracket = "[" if "sequence" in exc.context else "{"
        return make(label, context.line + 1, context.column + 1, "syntax_bracket", bracket=bracket,
                    closing="]" if bracket == "[" else "}", line=context.line + 1)
    if "found undefined alias" in full:
        name = current[column:].lstrip("*").split()[0].rstrip(",]}") if current[column:].strip() else "?"
        return make(label, line + 1, column + 1, "syntax_alias", name=name)
    if "cannot start any token" in full:
        return make(label, line + 1, column + 1, "syntax_reserved", char=current[column:column + 1] or "?")
    key = next((key for needle, key in _SYNTAX_KEYS if needle in full), "")
    if key:
        return make(label, line + 1, column + 1, key)
    return make(label, line + 1, column + 1, "syntax_other", detail=" ".join(full.split()))


class _Builder:
    """Turns a composed node tree into plain data, recording positions and problems."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.marks: dict[Loc, tuple[int, int]] = {}
        self.bools: dict[Loc, str] = {}
        self.keys: dict[Loc, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.count = 0

    def _at(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _problem(self, node: Node, key: str, /, **params: object) -> None:
        line, column = self._at(node)
        self.problems.append(make(self.label, line, column, key, **params))

    def build(self, node: Node, loc: Loc, depth: int) -> object:
        self.count += 1
        if self.count > MAX_VALUES:
            line, column = self._at(node)
            raise _Stop(make(self.label, line, column, "too_many_values", limit=f"{MAX_VALUES:,}"))
        if depth > MAX_DEPTH:
            line, column = self._at(node)
            raise _Stop(make(self.label, line, column, "too_deep", limit=MAX_DEPTH))
        if isinstance(node, ScalarNode):
            return self._scalar(node, loc)
        if isinstance(node, SequenceNode):
            self._check_tag(node, f"{_TAG}seq")
            return [self._child(item, loc + (index,), depth) for index, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            self._check_tag(node, f"{_TAG}map")
            return self._mapping(node, loc, depth)
        self._problem(node, "unsupported_value")
        return None

    def _child(self, node: Node, loc: Loc, depth: int, key_node: Node | None = None) -> object:
        if key_node is not None:
            self.keys[loc] = self._at(key_node)
        if isinstance(node, ScalarNode) or key_node is None:
            self.marks[loc] = self._at(node)
        else:
            self.marks[loc] = self._at(key_node)
        return self.build(node, loc, depth + 1)

    def _mapping(self, node: MappingNode, loc: Loc, depth: int) -> dict[str, object]:
        result: dict[str, object] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node, "key_not_plain")
                continue
            key = key_node.value
            if key_node.tag == f"{_TAG}merge":
                self._problem(key_node, "merge_key")
                continue
            if key in first_seen:
                self._problem(key_node, "duplicate_key", key=key, first=first_seen[key])
                continue
            first_seen[key] = key_node.start_mark.line + 1
            result[key] = self._child(value_node, loc + (key,), depth, key_node)
        return result

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            self._problem(node, "tag", tag=node.tag)

    def _scalar(self, node: ScalarNode, loc: Loc) -> object:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self._problem(node, "tag", tag=tag)
            return node.value
        if tag.endswith(":str") or tag.endswith(":timestamp"):
            return node.value
        try:
            if tag.endswith(":int"):
                return _CONSTRUCTOR.construct_yaml_int(node)
            if tag.endswith(":float"):
                return _CONSTRUCTOR.construct_yaml_float(node)
            if tag.endswith(":bool"):
                if not node.style:  # plain (None from PyYAML, '' from libyaml), not quoted
                    self.bools[loc] = node.value
                return _CONSTRUCTOR.construct_yaml_bool(node)
        except (ValueError, yaml.YAMLError):
            return node.value
        return None
