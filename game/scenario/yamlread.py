"""Reading untrusted YAML: bounded, safe, with a line and column for every value.

Only the standard YAML tags are accepted and nothing is ever constructed from a tag, so a
file cannot make us run code. Duplicate keys, which PyYAML silently drops, are reported.
Aliases are allowed but the expanded document is capped, so an alias bomb is refused
quickly and with bounded memory.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field

from collections.abc import Iterator

import yaml
from yaml.composer import ComposerError
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from .deadline import Deadline
from .errors import Problem
from .messages import make

MAX_BYTES = 1_000_000
MAX_VALUES = 300_000          # a 1 MB file holds fewer, however densely written
#: Characters no text may hold: C0 controls but tab and line feed, DEL, C1 controls, and the bidi
#: embeddings, overrides and isolates that make text read in another order than it is written.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_ALIAS_VALUES = 100_000    # values added by aliases (*name): an alias bomb stops at the alias that passes it
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


def read_yaml(label: str, raw: bytes, deadline: Deadline | None = None) -> tuple[Document | None, list[Problem]]:
    """Parse `raw` (the bytes of a file called `label`). Never raises for bad input (a `deadline`
    that passes raises its TooLong)."""
    if len(raw) > MAX_BYTES:
        return None, [make(label, 0, 0, "file_too_large", size=f"{len(raw):,}", limit=f"{MAX_BYTES:,}")]
    text, problem = _decode(label, raw)
    if problem:
        return None, [problem]
    builder = _Builder(label, deadline)
    try:
        data = builder.run(text)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(label, exc, text)]
    except yaml.YAMLError as exc:
        return None, [make(label, 1, 1, "syntax_other", detail=str(exc))]
    except RecursionError:
        return None, [make(label, 0, 0, "too_deep", limit=MAX_DEPTH)]
    except _Stop as stop:
        return None, [stop.problem]
    if not builder.has_root:
        return None, [make(label, 1, 1, "empty_file")]
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


_SEQUENCE, _MAPPING = 1, 2
_NO_KEY = object()
_RESOLVER = Resolver()
_STR = f"{_TAG}str"
_RESOLVED_FIRST = frozenset(key for key in Resolver.yaml_implicit_resolvers if key)
_PLAIN_TEXT = None not in Resolver.yaml_implicit_resolvers      # no resolver applies to every first character
_STARTS = (SequenceStartEvent, MappingStartEvent)
_ENDS = (SequenceEndEvent, MappingEndEvent)


class _Frame:
    """A sequence or mapping being built: where it stands, and (a mapping) the key whose value
    comes next."""

    __slots__ = ("kind", "value", "loc", "depth", "index", "key", "key_event", "skip", "first_seen")

    def __init__(self, kind: int, value: list | dict, loc: Loc, depth: int) -> None:
        self.kind, self.value, self.loc, self.depth = kind, value, loc, depth
        self.index = 0
        self.key: object = _NO_KEY
        self.key_event: ScalarEvent | None = None
        self.skip = False
        self.first_seen: dict[str, int] = {}


class _Builder:
    """Turns libyaml's event stream into plain data, recording positions and problems.

    Working from the events (not from composed nodes) reads a 1 MB file in about 60% of the time
    (the composer makes a node and two position objects per value). It reports what the composer
    would (an alias with no anchor, an anchor defined twice, a second document) and expands an
    alias by replaying the events of its anchor's node, counting every value it adds, so an alias
    bomb stops at MAX_VALUES. Nothing recurses, so no depth of nesting can overflow the stack."""

    def __init__(self, label: str, deadline: Deadline | None = None) -> None:
        self.label = label
        self.deadline = deadline
        self.marks: dict[Loc, tuple[int, int]] = {}
        self.bools: dict[Loc, str] = {}
        self.keys: dict[Loc, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.aliased = 0
        self.ticks = 0
        self.has_root = False
        self.anchors: dict[str, list] = {}          # anchor → [first event, end (None while open), mark]
        self.recorded: list[Event] = []              # the events of anchored nodes, for their aliases
        self.weight: list[int] = [0]                 # values in recorded[:i], aliases expanded (a prefix sum)
        self.sources: list[Iterator[Event]] = []

    # -- the event stream --------------------------------------------------------------------

    def _live(self, text: str) -> Iterator[Event]:
        """The parser's events, recording anchored nodes and checking what the composer checks."""
        level = 0
        open_anchors: list[tuple[str, int]] = []
        documents = 0
        root_mark = None
        for event in yaml.parse(text, Loader=_LOADER):
            kind = type(event)
            if kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise ComposerError("expected a single document in the stream", root_mark,
                                        "but found another document", event.start_mark)
            elif kind is AliasEvent:
                if event.anchor not in self.anchors:
                    raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
            elif kind is ScalarEvent or kind in _STARTS:
                if root_mark is None:
                    root_mark = event.start_mark
                anchor = event.anchor
                if anchor is not None:
                    if anchor in self.anchors:
                        raise ComposerError("found duplicate anchor; first occurrence",
                                            self.anchors[anchor][2], "second occurrence", event.start_mark)
                    self.anchors[anchor] = [len(self.recorded), None, event.start_mark]
                    open_anchors.append((anchor, level))
            if open_anchors:
                self.recorded.append(event)
                values = 1 if kind is ScalarEvent or kind in _STARTS else 0
                if kind is AliasEvent:      # what the alias will add: its node's values, known once it closed
                    first, end = self.anchors[event.anchor][:2]
                    values = 0 if end is None else self.weight[end] - self.weight[first]
                self.weight.append(self.weight[-1] + values)
            if kind in _STARTS:
                level += 1
            elif kind in _ENDS:
                level -= 1
            if open_anchors and open_anchors[-1][1] == level and (kind is ScalarEvent or kind in _ENDS):
                self.anchors[open_anchors.pop()[0]][1] = len(self.recorded)
            yield event

    def _next(self) -> Event | None:
        self.ticks += 1
        if self.deadline is not None and not self.ticks & 0xFFF:
            self.deadline.check()
        while self.sources:
            event = next(self.sources[-1], None)
            if event is not None:
                return event
            if len(self.sources) == 1:
                return None
            self.sources.pop()
        return None

    def _skip(self, event: Event) -> None:
        """Pass over the node that `event` starts, building nothing."""
        if type(event) not in _STARTS:
            return
        nesting = 1
        while nesting:
            inner = self._next()
            if inner is None:
                return
            if type(inner) in _STARTS:
                nesting += 1
            elif type(inner) in _ENDS:
                nesting -= 1

    def _replay(self, event: AliasEvent) -> Event:
        """The first event of an alias's node, with the rest of its events next in line."""
        first, end, _ = self.anchors[event.anchor]
        if end is None:                     # an alias inside its own anchor: endless nesting
            raise _Stop(make(self.label, *self._at(event), "too_deep", limit=MAX_DEPTH))
        if self.aliased + self.weight[end] - self.weight[first] > MAX_ALIAS_VALUES:
            # a bomb is refused at the alias that would pass the cap, before any of it is built
            raise _Stop(make(self.label, *self._at(event), "too_many_values", limit=f"{MAX_ALIAS_VALUES:,}"))
        self.sources.append(map(self.recorded.__getitem__, range(first, end)))
        return self._next()

    # -- building ------------------------------------------------------------------------------

    def run(self, text: str) -> object:
        live = self._live(text)
        self.sources = [live]
        try:
            return self._build()
        except _Stop:
            for _ in live:                  # a syntax error anywhere still comes first, as it did
                pass
            raise

    def _build(self) -> object:
        root: object = None
        stack: list[_Frame] = []
        while True:
            event = self._next()
            if event is None:
                return root
            kind = type(event)
            if kind in _ENDS:
                stack.pop()
                continue
            if kind is not ScalarEvent and kind is not AliasEvent and kind not in _STARTS:
                continue                    # stream and document starts and ends
            if not stack:
                if self.has_root:
                    continue
                self.has_root = True
                self.marks[()] = self._at(event)
                root = self._node(event, (), -1, None, None, stack)
                continue
            frame = stack[-1]
            if frame.kind == _SEQUENCE:
                loc = frame.loc + (frame.index,)
                frame.index += 1
                self._node(event, loc, frame.depth, None, frame, stack)
            elif frame.key is _NO_KEY and not frame.skip:
                self._key(event, frame)
            elif frame.skip:
                frame.skip = False
                self._skip(event)
            else:
                key, key_event = frame.key, frame.key_event
                frame.key, frame.key_event = _NO_KEY, None
                self._node(event, frame.loc + (key,), frame.depth, key_event, frame, stack)

    def _key(self, event: Event, frame: _Frame) -> None:
        if type(event) is AliasEvent:
            first, end, _ = self.anchors[event.anchor]
            node = self.recorded[first]
            if end is not None and type(node) is ScalarEvent:
                event = node                # an alias of a plain text is that text
            else:
                self._problem(node, "key_not_plain")
                frame.skip = True
                return
        if type(event) is not ScalarEvent:
            self._problem(event, "key_not_plain")
            self._skip(event)
            frame.skip = True
            return
        key = event.value
        if self._tag(event) == f"{_TAG}merge":
            self._problem(event, "merge_key")
            frame.skip = True
        elif key in frame.first_seen:
            self._problem(event, "duplicate_key", key=key, first=frame.first_seen[key])
            frame.skip = True
        else:
            frame.first_seen[key] = event.start_mark.line + 1
            frame.key, frame.key_event = key, event

    def _node(self, event: Event, loc: Loc, parent_depth: int, key_event: ScalarEvent | None,
              parent: _Frame | None, stack: list[_Frame]) -> object:
        """Build the node `event` starts at `loc` (a child of `parent`, under `key_event`)."""
        if type(event) is AliasEvent:
            event = self._replay(event)
        depth = parent_depth + 1
        if parent is not None:
            if key_event is not None:
                self.keys[loc] = self._at(key_event)
            self.marks[loc] = self._at(event if key_event is None or type(event) is ScalarEvent else key_event)
        self.count += 1
        if self.count > MAX_VALUES:
            raise _Stop(make(self.label, *self._at(event), "too_many_values", limit=f"{MAX_VALUES:,}"))
        if len(self.sources) > 1:           # a value an alias repeats
            self.aliased += 1
            if self.aliased > MAX_ALIAS_VALUES:
                raise _Stop(make(self.label, *self._at(event), "too_many_values", limit=f"{MAX_ALIAS_VALUES:,}"))
        if depth > MAX_DEPTH:
            raise _Stop(make(self.label, *self._at(event), "too_deep", limit=MAX_DEPTH))
        kind = type(event)
        value: object
        if kind is ScalarEvent:
            value = self._scalar(event, loc)
        elif kind is SequenceStartEvent:
            self._check_tag(event, SequenceNode, f"{_TAG}seq")
            value = []
            stack.append(_Frame(_SEQUENCE, value, loc, depth))
        else:
            self._check_tag(event, MappingNode, f"{_TAG}map")
            value = {}
            stack.append(_Frame(_MAPPING, value, loc, depth))
        if parent is not None:
            if parent.kind == _SEQUENCE:
                parent.value.append(value)
            else:
                parent.value[loc[-1]] = value
        return value

    def _at(self, event: Event) -> tuple[int, int]:
        return event.start_mark.line + 1, event.start_mark.column + 1

    def _problem(self, event: Event, key: str, /, **params: object) -> None:
        line, column = self._at(event)
        self.problems.append(make(self.label, line, column, key, **params))

    def _tag(self, event: ScalarEvent) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            value = event.value
            if not event.implicit[0] or (value and _PLAIN_TEXT and value[0] not in _RESOLVED_FIRST):
                return _STR                 # quoted, or a plain text no implicit type starts like
            return _RESOLVER.resolve(ScalarNode, value, event.implicit)
        return tag

    def _check_tag(self, event: Event, node_kind: type, expected: str) -> None:
        tag = event.tag
        if tag is None or tag == "!":
            tag = _RESOLVER.resolve(node_kind, None, event.implicit)
        if tag != expected:
            self._problem(event, "tag", tag=tag)

    def _scalar(self, event: ScalarEvent, loc: Loc) -> object:
        tag = self._tag(event)
        if tag not in _SCALAR_TAGS:
            self._problem(event, "tag", tag=tag)
            return event.value
        if tag.endswith(":str") or tag.endswith(":timestamp"):
            control = _CONTROL.search(event.value)
            if control:
                self._problem(event, "text_control", char=f"U+{ord(control.group()):04X}")
            return event.value
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        try:
            if tag.endswith(":int"):
                return _CONSTRUCTOR.construct_yaml_int(node)
            if tag.endswith(":float"):
                return _CONSTRUCTOR.construct_yaml_float(node)
            if tag.endswith(":bool"):
                if not event.style:  # plain (None from PyYAML, '' from libyaml), not quoted
                    self.bools[loc] = event.value
                return _CONSTRUCTOR.construct_yaml_bool(node)
        except (ValueError, IndexError, KeyError, yaml.YAMLError):     # `!!int ""`, `!!bool x`: kept as text
            return event.value
        return None
