"""Characters the shipped font cannot draw: `validate` (and so `lint`) warns with RF039.

The window draws every text with one font (assets/fonts/NotoSansSC-RedFlag.otf); a character it
has no glyph for shows as a box (□). tools/build_font.py writes the code points the font covers
beside it, as ranges of hexadecimal code points (`FONT_CHARS_FILE`), so this check needs neither
fontTools nor pygame; tests/content/test_font.py keeps that file equal to the font's real cmap.

Where a character stands: the line and column of the character itself whenever it is written
literally in the file (plain, quoted or block text, one line or several); the position of the
text when it was made by an escape such as "\\U0001F600". One warning per character and file,
at its first place, saying how many places it has. Mapping keys and comments are not checked:
they are never shown. A file that is not UTF-8 or not YAML gets no RF039 (its error comes first).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.scenario import Problem, read_bytes

ROOT = Path(__file__).resolve().parent.parent.parent
FONT_CHARS_FILE = ROOT / "assets" / "fonts" / "NotoSansSC-RedFlag.chars.txt"
CODE = "RF039"
MAX_BYTES = 1_000_000  # as game.scenario.yamlread: larger files are refused before this check matters

_HINT = ("write it another way: a common character, a word, or pinyin for a rare name (emoji are never "
         "drawn); assets/fonts/README.md lists what the font holds")
#: The English words of RF039, `key: (message, hint)`: the one source of the English text
#: (tests/authoring/test_glyphs.py checks that game/locales/en.yaml says exactly this as `diag.KEY`).
ENGLISH = {
    "glyph_missing": ("the game's font cannot draw '{char}' ({code}): the window shows a box (□) instead", _HINT),
    "glyph_missing_often": ("the game's font cannot draw '{char}' ({code}): the window shows a box (□) instead; "
                            "it appears {places} times in this file, this is the first", _HINT),
}

#: Whitespace that is drawn (as a gap of a known width) and so must be in the font.
KEPT_SPACES = {"\u0020", "\u3000"}

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a line break
_ASCII = bytes(range(0x80))
_ESCAPE = re.compile(r"\\[xuU]")  # a double-quoted escape can make any character


def is_drawn(char: str) -> bool:
    """False for characters that need no glyph: controls, format characters, separators,
    whitespace other than U+0020 and U+3000, and variation selectors."""
    if char in KEPT_SPACES:
        return True
    code = ord(char)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x180B <= code <= 0x180F:
        return False
    if char.isspace():
        return False
    return unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Zl", "Zp"}


# -- the code points the font covers ---------------------------------------------------------

def format_ranges(codes: set[int], per_line: int = 12) -> str:
    """`codes` as lines of space-separated hexadecimal ranges ("4E00-4E0D 4E10"), ascending."""
    ranges: list[str] = []
    ordered = sorted(codes)
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            end += 1
        first, last = ordered[start], ordered[end]
        ranges.append(f"{first:04X}" if first == last else f"{first:04X}-{last:04X}")
        start = end + 1
    return "\n".join(" ".join(ranges[index:index + per_line]) for index in range(0, len(ranges), per_line))


def parse_ranges(text: str) -> frozenset[int]:
    """The code points of a `format_ranges` text (lines starting with # are comments)."""
    codes: set[int] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("#"):
            continue
        for item in line.split():
            first, dash, last = item.partition("-")
            try:
                low = int(first, 16)
                high = int(last, 16) if dash else low
            except ValueError:
                raise ValueError(f"line {number}: {item!r} is not a code point or range") from None
            if not 0 <= low <= high <= 0x10FFFF:
                raise ValueError(f"line {number}: {item!r} is not a code point or range")
            codes.update(range(low, high + 1))
    return frozenset(codes)


@lru_cache(maxsize=4)
def font_coverage(path: Path = FONT_CHARS_FILE) -> frozenset[int] | None:
    """The code points the shipped font draws, or None when the file is missing (no check then)."""
    try:
        return parse_ranges(path.read_text(encoding="utf-8"))
    except OSError:
        return None


# -- the check ----------------------------------------------------------------------------------

def glyph_problems(label: str, raw: bytes, covered: frozenset[int] | None = None) -> list[Problem]:
    """One RF039 warning per character of the file's texts that `covered` (default: the shipped
    font's) lacks, at its first place in the file. Never raises for bad input."""
    covered = font_coverage() if covered is None else covered
    if covered is None or len(raw) > MAX_BYTES:
        return []
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return []
    if not _lacking(text, covered) and not _ESCAPE.search(text):  # the usual case: no second parse
        return []
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except (yaml.YAMLError, RecursionError):
        return []
    places: dict[str, list[int]] = {}   # character -> absolute indexes of its places in `text`
    for node in _value_scalars(root):
        lacking = _lacking(node.value, covered)
        if lacking:
            _locate(text, node, lacking, places)
    starts = [0] + [match.end() for match in _BREAK.finditer(text)]
    problems = []
    for char, where in places.items():
        index = min(where)
        line = bisect.bisect_right(starts, index)
        problems.append(_problem(label, line, index - starts[line - 1] + 1, char, len(where)))
    return sorted(problems, key=lambda problem: (problem.line, problem.column))


def glyph_problems_in_file(path: Path, covered: frozenset[int] | None = None) -> list[Problem]:
    """`glyph_problems` for the file at `path` (nothing when it cannot be read: validate says why)."""
    raw, problem = read_bytes(path)         # never opens a named pipe or a device (a plain read would block)
    if raw is None or problem is not None:
        return []
    return glyph_problems(str(path), raw, covered)


def _lacking(text: str, covered: frozenset[int]) -> set[str]:
    """The drawn characters of `text` that `covered` lacks. ASCII is always covered, and set()
    over a whole Chinese file makes a str object per character, so the ASCII bytes are dropped
    first (in C): half the time over the shipped library."""
    if text.isascii():
        return set()
    rest = text.encode("utf-8").translate(None, _ASCII).decode("utf-8")
    return {char for char in set(rest) if ord(char) not in covered and is_drawn(char)}


def _value_scalars(root: Node | None) -> list[ScalarNode]:
    """Every scalar that is a value (not a mapping key), each node once (aliases share nodes)."""
    found: list[ScalarNode] = []
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            found.append(node)
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, MappingNode):
            stack.extend(value for _, value in reversed(node.value))
    return found


def _locate(text: str, node: ScalarNode, lacking: set[str], places: dict[str, list[int]]) -> None:
    """Add where each lacking character of `node` stands: each literal occurrence in the node's
    source when they match its value one for one (quotes, indentation and folding add none),
    else (an escape made it) the start of the node, once per occurrence in the value."""
    start, end = node.start_mark.index, node.end_mark.index
    source = text[start:end]
    for char in lacking:
        wanted = node.value.count(char)
        literal = [start + offset for offset, found in enumerate(source) if found == char]
        places.setdefault(char, []).extend(literal if len(literal) == wanted else [start] * wanted)


def _problem(label: str, line: int, column: int, char: str, places: int) -> Problem:
    key = "glyph_missing_often" if places > 1 else "glyph_missing"
    params = {"char": char, "code": f"U+{ord(char):04X}", "places": places}
    message, hint = ENGLISH[key]
    return Problem(label, line, column, CODE, message.format_map(params), hint.format_map(params),
                   severity="warning", key=key, params=tuple(params.items()))
