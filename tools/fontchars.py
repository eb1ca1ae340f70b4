"""Which characters the game's font must contain.

Two sets:

* `required_characters(root)`: every character the game can put on screen from its content,
  read afresh each call: the whole text of `scenarios/*.yaml` (the red-flag catalogue included),
  `docs/examples/*.yaml` and the program's strings in every language (`game/locales/*.yaml`),
  every string literal of every `.py` file under `game/`, and every character Faker's zh_CN
  locale can emit.
  `character_sources(root)` gives the same characters with where each came from.
* `base_characters()`: what the font carries whether or not the content uses it yet: the
  8,105 hanzi of the 通用规范汉字表 (`tongyong_8105()`, stored in tools/data/tongyong-8105.txt),
  all of GB2312 (its 6,763 hanzi and the 682 symbols of rows 1-9: kana, Greek, Cyrillic, pinyin,
  bopomofo, ①, Ⅻ, ...), and the blocks of punctuation and symbols that Chinese and English
  text use (ASCII, Latin-1, pinyin letters, general punctuation, currency, arrows, maths, box
  drawing, geometric shapes, CJK symbols and punctuation, ㎡-style units, full-width forms, ...),
  plus a few UI symbols.

Characters nobody draws are left out of `required_characters`: control and format characters
(Unicode categories Cc, Cf), line and paragraph separators, whitespace other than U+0020 and
the ideographic space U+3000, and variation selectors (`is_drawn`, shared with the `validate`
check in game/authoring/glyphs.py).

Used by tools/build_font.py (what to put in the font) and tests/content/test_font.py (what the
shipped font must have). Needs the standard library, Faker and the game package.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python tools/build_font.py`
    sys.path.insert(0, str(ROOT))

from game.authoring.glyphs import is_drawn  # noqa: E402

TONGYONG_FILE = ROOT / "tools" / "data" / "tongyong-8105.txt"
#: Where levels 2 and 3 of the 通用规范汉字表 start (0-based positions in the table's order).
TONGYONG_LEVELS = {1: 0, 2: 3500, 3: 6500}

#: Symbols the UI may use besides the ranges below.
UI_SYMBOLS = "★☆⚑✓✗⏱←→↑↓•·…—–“”‘’¥€£%‰№"


def _ranges(*pairs: tuple[int, int]) -> set[str]:
    return {chr(code) for first, last in pairs for code in range(first, last + 1)}


def _gb2312_rows(first: int, last: int) -> set[str]:
    chars = set()
    for row in range(first, last + 1):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:   # the unassigned cells of a row
                continue
    return chars


def gb2312() -> set[str]:
    """All of GB2312: the 682 symbols of rows 0xA1-0xA9 and the 6,763 hanzi of both levels."""
    chars = _gb2312_rows(0xA1, 0xA9) | _gb2312_rows(0xB0, 0xF7)
    assert len(chars) == 682 + 6763, len(chars)
    return chars


def tongyong_8105(path: Path = TONGYONG_FILE) -> tuple[str, ...]:
    """The 8,105 hanzi of the 通用规范汉字表 (2013), in the table's order: levels 1 (3,500),
    2 (3,000) and 3 (1,605) one after the other. Raises ValueError if the file is not that."""
    chars: list[str] = []
    starts: dict[int, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.strip()
        level = re.fullmatch(r"# level (\d)", text)
        if level:
            starts[int(level.group(1))] = len(chars)
        elif text and not text.startswith("#"):
            if len(text) != 1:
                raise ValueError(f"{path.name}:{number}: one character a line, not {text!r}")
            chars.append(text)
    if len(chars) != 8105 or len(set(chars)) != 8105 or starts != TONGYONG_LEVELS:
        raise ValueError(f"{path.name}: {len(chars)} characters ({len(set(chars))} distinct), levels at "
                         f"{starts}; expected 8,105 distinct, levels at {TONGYONG_LEVELS}")
    return tuple(chars)


#: Blocks of punctuation and symbols the font carries (only what the source font has of them).
SYMBOL_BLOCKS = (
    (0x0020, 0x007E),  # ASCII printable
    (0x00A0, 0x024F),  # Latin-1, Latin Extended-A and -B (pinyin letters: ā ǎ ü ǘ)
    (0x02B0, 0x02FF),  # spacing modifier letters (ˇ ˉ ˊ ˋ ˙: tone marks)
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x2000, 0x206F),  # general punctuation
    (0x2070, 0x209F),  # superscripts and subscripts
    (0x20A0, 0x20CF),  # currency symbols
    (0x2100, 0x218F),  # letterlike symbols (℃ № ™), number forms (Ⅻ ⅓)
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x23FF),  # mathematical operators, miscellaneous technical
    (0x2460, 0x24FF),  # enclosed alphanumerics (① ⑴ ⒈)
    (0x2500, 0x25FF),  # box drawing, block elements, geometric shapes (■ □ ▲ ○ ●)
    (0x2600, 0x27BF),  # miscellaneous symbols (☎ ☑ ♀), dingbats (✓ ✔ ❶)
    (0x2E80, 0x2FDF),  # CJK radicals (Kangxi radicals arrive when text is copied out of a PDF)
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3100, 0x312F),  # bopomofo
    (0x31C0, 0x31EF),  # CJK strokes
    (0x3200, 0x33FF),  # enclosed CJK letters and months (㈠ ㊣), CJK compatibility (㎡ ㎏ ㎞)
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE6F),  # CJK compatibility forms, small form variants
    (0xFF00, 0xFFEF),  # half-width and full-width forms
)


def base_characters() -> set[str]:
    """The fixed part of the font's character set (some of it may be absent from the source font)."""
    chars = _ranges(*SYMBOL_BLOCKS)
    chars.update(UI_SYMBOLS)
    chars.update(gb2312())
    chars.update(tongyong_8105())
    return chars


# -- where the characters come from ---------------------------------------------------------

def _text_files(root: Path) -> list[Path]:
    return (sorted((root / "scenarios").glob("*.yaml")) + sorted((root / "docs" / "examples").glob("*.yaml"))
            + sorted((root / "game" / "locales").glob("*.yaml")))


def _python_strings(path: Path) -> set[str]:
    """Characters of every str literal in one Python file (f-string parts and docstrings included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    chars: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            chars.update(node.value)
    return chars


def _collect(value: object, chars: set[str], seen: set[int]) -> None:
    """Every character of every str inside `value`, walking lists, tuples, sets and dicts (keys too)."""
    if isinstance(value, str):
        chars.update(value)
        return
    if id(value) in seen:
        return
    if isinstance(value, dict):  # OrderedDict included
        seen.add(id(value))
        for key, item in value.items():
            _collect(key, chars, seen)
            _collect(item, chars, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        seen.add(id(value))
        for item in value:
            _collect(item, chars, seen)


def faker_characters(locale: str = "zh_CN") -> dict[str, set[str]]:
    """Characters Faker's `locale` can emit, by provider: the class attributes (str, list, tuple,
    dict, OrderedDict, set, recursively) of every provider that has a `locale` module (person,
    company, address, phone_number, job, bank, lorem, internet, date_time, ssn, automotive,
    credit_card, ...), its base classes included. Providers without a zh_CN module (colour,
    emoji, ...) are not used by the game and are not walked."""
    import faker.providers  # imported here: it is slow (~0.1 s) and only needed for this

    found: dict[str, set[str]] = {}
    for info in pkgutil.iter_modules(faker.providers.__path__):
        try:
            module = importlib.import_module(f"faker.providers.{info.name}.{locale}")
        except ModuleNotFoundError:
            continue
        provider = getattr(module, "Provider", None)
        if provider is None:
            continue
        chars: set[str] = set()
        for cls in provider.__mro__:
            if cls is object:
                continue
            for name, value in vars(cls).items():
                if not name.startswith("__"):
                    _collect(value, chars, set())
        found[info.name] = chars
    return found


#: Game modules whose strings only ever reach a terminal, never the window's font: the terminal's
#: cleaning prints control pictures (␛) and U+FFFD in place of characters a terminal would obey.
TERMINAL_ONLY = frozenset({"game/terminal.py"})


def character_sources(root: Path = ROOT) -> dict[str, set[str]]:
    """Every drawn character the content uses, mapped to where it was found: a path relative to
    `root` (scenario, example or game source file) or 'Faker zh_CN (provider)'."""
    root = Path(root)
    sources: dict[str, set[str]] = {}

    def add(chars: Iterable[str], where: str) -> None:
        for char in chars:
            if is_drawn(char):
                sources.setdefault(char, set()).add(where)

    for path in _text_files(root):
        add(path.read_text(encoding="utf-8"), path.relative_to(root).as_posix())
    for path in sorted((root / "game").rglob("*.py")):
        if path.relative_to(root).as_posix() in TERMINAL_ONLY:
            continue
        add(_python_strings(path), path.relative_to(root).as_posix())
    for provider, chars in faker_characters("zh_CN").items():
        add(chars, f"Faker zh_CN ({provider})")
    return sources


def required_characters(root: Path = ROOT) -> set[str]:
    """Every drawn character of the scenarios, the catalogue, the examples, the game's strings
    and Faker zh_CN: what the shipped font must contain."""
    return set(character_sources(root))


if __name__ == "__main__":
    import argparse

    argparse.ArgumentParser(description="List the characters the game's content uses and those outside the "
                                        "base set.").parse_args()
    found = character_sources()
    outside = sorted(set(found) - base_characters())
    print(f"{len(found)} characters in the content; {len(outside)} outside the base set:")
    print("".join(outside))
