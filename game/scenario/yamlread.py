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
        return None, [Problem(label, 0, 0, "RF005", f"the file is too large ({len(raw):,} bytes)",
                              f"a scenario file may be at most {MAX_BYTES:,} bytes; split it up")]
    text, problem = _decode(label, raw)
    if problem:
        return None, [problem]
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(label, exc)]
    except yaml.YAMLError as exc:
        return None, [Problem(label, 1, 1, "RF002", f"YAML syntax error: {exc}", "")]
    except RecursionError:
        return None, [Problem(label, 0, 0, "RF005", "the file is nested too deeply",
                              f"scenarios need far fewer than {MAX_DEPTH} levels of indentation")]
    if root is None:
        return None, [Problem(label, 1, 1, "RF011", "the file is empty",
                              "start from docs/examples/parcel_refund.yaml")]
    builder = _Builder(label)
    builder.marks[()] = (root.start_mark.line + 1, root.start_mark.column + 1)
    try:
        data = builder.build(root, (), 0)
    except _Stop as stop:
        return None, [stop.problem]
    return Document(data, builder.marks, builder.bools), builder.problems


def _decode(label: str, raw: bytes) -> tuple[str, Problem | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return "", Problem(label, line, column, "RF001",
                           f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be read)",
                           "save the file with the encoding UTF-8 (in most editors: Save As → Encoding → UTF-8)")
    return text, None


_SYNTAX_HINTS = (
    ("'\\t'", "indent with spaces, never with tabs"),
    ("mapping values are not allowed", "a text that contains ': ' must be put in double quotes"),
    ("could not find expected ':'", "each line of a mapping needs 'key: value'; check the indentation above"),
    ("found undefined alias", "an *alias needs an &anchor defined earlier in the file"),
    ("expected a single document", "remove the '---' line: one scenario per file"),
    ("did not find expected key", "check the indentation: items at the same level must line up"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("while scanning a quoted scalar", "a quote is not closed"),
    ("found character that cannot start any token", "a text that starts with @, ` or % must be put in quotes"),
)


def _syntax_problem(label: str, exc: yaml.MarkedYAMLError) -> Problem:
    # An unclosed quote or bracket is best shown where it opened; anything else where it broke.
    opened = exc.context and ("flow" in exc.context or "quoted" in exc.context)
    mark = (exc.context_mark if opened else None) or exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = " ".join(part for part in (exc.context, exc.problem) if part)
    full = f"{exc.context} {exc.problem}"
    if "'\\t'" in full or "tab character" in full:
        message = "a tab is used for indentation; YAML allows only spaces"
    if "maximum nesting depth" in full:
        return Problem(label, line, column, "RF005", "the file is nested too deeply",
                       f"scenarios need far fewer than {MAX_DEPTH} levels of indentation")
    hint = next((h for needle, h in _SYNTAX_HINTS if needle in full), "")
    return Problem(label, line, column, "RF002", f"YAML syntax error: {message}", hint)


class _Builder:
    """Turns a composed node tree into plain data, recording positions and problems."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.marks: dict[Loc, tuple[int, int]] = {}
        self.bools: dict[Loc, str] = {}
        self.problems: list[Problem] = []
        self.count = 0

    def _at(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _problem(self, node: Node, code: str, message: str, hint: str = "") -> None:
        line, column = self._at(node)
        self.problems.append(Problem(self.label, line, column, code, message, hint))

    def build(self, node: Node, loc: Loc, depth: int) -> object:
        self.count += 1
        if self.count > MAX_VALUES:
            line, column = self._at(node)
            raise _Stop(Problem(self.label, line, column, "RF005",
                                f"the file expands to more than {MAX_VALUES:,} values",
                                "remove anchors and aliases (&name / *name) that repeat large parts"))
        if depth > MAX_DEPTH:
            line, column = self._at(node)
            raise _Stop(Problem(self.label, line, column, "RF005", "the file is nested too deeply",
                                f"scenarios need far fewer than {MAX_DEPTH} levels"))
        if isinstance(node, ScalarNode):
            return self._scalar(node, loc)
        if isinstance(node, SequenceNode):
            self._check_tag(node, f"{_TAG}seq")
            return [self._child(item, loc + (index,), depth) for index, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            self._check_tag(node, f"{_TAG}map")
            return self._mapping(node, loc, depth)
        self._problem(node, "RF004", "this kind of YAML value is not supported")
        return None

    def _child(self, node: Node, loc: Loc, depth: int, key_node: Node | None = None) -> object:
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
                self._problem(key_node, "RF004", "a key must be a plain word, not a list or mapping")
                continue
            key = key_node.value
            if key_node.tag == f"{_TAG}merge":
                self._problem(key_node, "RF004", "merge keys (<<) are not supported",
                              "write the keys out in full")
                continue
            if key in first_seen:
                self._problem(key_node, "RF003",
                              f"duplicate key '{key}' (first used on line {first_seen[key]})",
                              "YAML would silently keep only the last one; remove or rename one of them")
                continue
            first_seen[key] = key_node.start_mark.line + 1
            result[key] = self._child(value_node, loc + (key,), depth, key_node)
        return result

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            self._problem(node, "RF004", f"the tag {node.tag} is not allowed",
                          "remove the '!' tag: scenario files hold plain data only")

    def _scalar(self, node: ScalarNode, loc: Loc) -> object:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self._problem(node, "RF004", f"the tag {tag} is not allowed",
                          "remove the '!' tag: scenario files hold plain data only")
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
