"""Which characters the game's font must contain.

Two sets:

* `required_characters(root)`: every character the game can put on screen from its content,
  read afresh each call: the whole text of `scenarios/*.yaml` (the red-flag catalogue included),
  `docs/examples/*.yaml` and the program's strings in every language (`game/locales/*.yaml`),
  every string literal of every `.py` file under `game/`, and every character Faker's zh_CN
  locale can emit.
  `character_sources(root)` gives the same characters with where each came from.
* `base_characters()`: what the font carries whether or not the content uses it yet: ASCII,
  Latin-1, general punctuation, CJK symbols and punctuation, full-width forms, box drawing, a few
  UI symbols, and the 3,755 level-1 hanzi of GB2312.

Characters nobody draws are left out of `required_characters`: control and format characters
(Unicode categories Cc, Cf), line and paragraph separators, whitespace other than U+0020 and
the ideographic space U+3000, and variation selectors.

Used by tools/build_font.py (what to put in the font) and tests/content/test_font.py (what the
shipped font must have). Needs only the standard library and Faker.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import unicodedata
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Symbols the UI may use besides the ranges below.
UI_SYMBOLS = "★☆⚑✓✗⏱←→↑↓•·…—–“”‘’¥€£%‰№"

#: Whitespace that is drawn (as a gap of a known width) and so must be in the font.
KEPT_SPACES = {"\u0020", "\u3000"}


def _ranges(*pairs: tuple[int, int]) -> set[str]:
    return {chr(code) for first, last in pairs for code in range(first, last + 1)}


def gb2312_level1() -> set[str]:
    """The 3,755 level-1 hanzi of GB2312: rows 0xB0-0xD7, cells 0xA1-0xFE (row 0xD7 ends at 0xF9)."""
    chars = set()
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            if row == 0xD7 and cell > 0xF9:
                break
            chars.add(bytes((row, cell)).decode("gb2312"))
    assert len(chars) == 3755, len(chars)
    return chars


def base_characters() -> set[str]:
    """The fixed part of the font's character set (some of it may be absent from the source font)."""
    chars = _ranges(
        (0x20, 0x7E),      # ASCII printable
        (0xA0, 0xFF),      # Latin-1 supplement
        (0x2000, 0x206F),  # general punctuation
        (0x2500, 0x257F),  # box drawing
        (0x3000, 0x303F),  # CJK symbols and punctuation
        (0xFF00, 0xFFEF),  # half-width and full-width forms
    )
    chars.update(UI_SYMBOLS)
    chars.update(gb2312_level1())
    return chars


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
        add(_python_strings(path), path.relative_to(root).as_posix())
    for provider, chars in faker_characters("zh_CN").items():
        add(chars, f"Faker zh_CN ({provider})")
    return sources


def required_characters(root: Path = ROOT) -> set[str]:
    """Every drawn character of the scenarios, the catalogue, the examples, the game's strings
    and Faker zh_CN: what the shipped font must contain."""
    return set(character_sources(root))


if __name__ == "__main__":
    found = character_sources()
    outside = sorted(set(found) - base_characters())
    print(f"{len(found)} characters in the content; {len(outside)} outside the base set:")
    print("".join(outside))
