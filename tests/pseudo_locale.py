"""A pseudo-locale for tests: `xx`, generated from en.yaml, shows which program text is not
translated and which would not fit a longer language.

Every letter that the game's font can draw with an accent gets one (a → á, e → é, …; the font
has only Latin-1 accents, so b, f, k … stay as they are and widths stay true), the text is padded
to about 140 % of its length and wrapped in ⟪…⟫, and `{placeholders}` are kept intact. So any
program string on screen carries ⟪…⟫, and scenario text (which has no `xx`) falls back to English.

`pseudo_locale` (a fixture) writes the file into a temporary folder and adds the folder with
`game.locale.add_locale_dir` for the duration of one test.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pytest

from game.locale import LOCALE_DIR, SOURCE, add_locale_dir, get_locale, remove_locale_dir

CODE = "xx"
OPEN, CLOSE = "⟪", "⟫"
CUT = "\x00"                 # where a known text was taken out (so the words around it stay apart)
ACCENTS = str.maketrans("aAcCdDeEiInNoOpPuUyY", "áÁçÇðÐéÉíÍñÑóÓþÞúÚýÝ")
FILLER = "àéîõüçñ"          # padding, accented too
PLACEHOLDER = re.compile(r"(\{[^{}]*\})")
GROWTH = 1.4
HEAD = 2                     # scenario texts are looked up by their first two characters
LETTER = re.compile(r"[A-Za-z]")
#: A drawn text with one of these, after every ⟪…⟫ and every scenario text is taken out, is
#: program text that is not translated: a word in unaccented Latin letters (a lone letter is a
#: key to press: "a) …") or a Chinese character.
UNTRANSLATED = re.compile(r"[A-Za-z]{2,}|[\u3400-\u9fff]")


def pseudo(text: str) -> str:
    """"Back" → "⟪Báçk⟫", "Day {day}" → "⟪Ðáý {day}à⟫": accented, longer, marked."""
    parts = PLACEHOLDER.split(text)
    body = "".join(part if index % 2 else part.translate(ACCENTS) for index, part in enumerate(parts))
    visible = sum(len(part) for index, part in enumerate(parts) if not index % 2)
    pad = max(0, round(GROWTH * visible) - visible - 2)
    filler = (FILLER * (pad // len(FILLER) + 1))[:pad]
    return f"{OPEN}{body}{filler}{CLOSE}"


def is_pseudo(text: str) -> bool:
    return OPEN in text


def strip_pseudo(text: str) -> str:
    """`text` without its ⟪…⟫ parts (innermost first, so a pseudo string inside another goes too)."""
    inner = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
    while True:
        shorter = inner.sub(CUT, text)
        if shorter == text:
            return text
        text = shorter


def content_strings(*objects: object) -> set[str]:
    """Every text inside `objects` (views, results, scenarios, the catalogue: dataclasses,
    pydantic models, mappings, sequences): what the scenario, not the program, says."""
    found: set[str] = set()
    seen: set[int] = set()
    stack = list(objects)
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            found.add(value)
            continue
        if value is None or isinstance(value, (int, float, bool)) or id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, Mapping):
            stack += [*value.keys(), *value.values()]
        elif isinstance(value, (list, tuple, set, frozenset)):
            stack += list(value)
        elif dataclasses.is_dataclass(value):
            stack += [getattr(value, f.name) for f in dataclasses.fields(value)]
        elif hasattr(type(value), "model_fields"):    # a pydantic model, extra fields included
            stack += [getattr(value, name) for name in type(value).model_fields]
            stack += list((getattr(value, "model_extra", None) or {}).values())
    return found


class Sorter:
    """Sorts drawn or printed texts: program text (⟪…⟫), scenario text in its English fallback
    ("untranslated", allowed), and program text that is not translated (a failure).

    Matching ignores whitespace, so scenario text wrapped over several terminal lines is still
    recognised."""

    def __init__(self, content: Iterable[str] = ()) -> None:
        self._content: set[str] = set()
        self._by_head: dict[str, list[str]] = {}     # first HEAD characters → texts, longest first
        self._joined: str | None = None
        self._leftovers: dict[str, list[str]] = {}
        self.add(content)

    def add(self, content: Iterable[str]) -> None:
        """Learn more scenario text (what a view or a result showed)."""
        new = {_squash(text) for text in content if UNTRANSLATED.search(text)} - self._content
        if new:
            self._content |= new
            for text in new:
                texts = self._by_head.setdefault(text[:HEAD], [])
                texts.append(text)
                texts.sort(key=len, reverse=True)
            self._joined = None
            self._leftovers.clear()

    @property
    def joined(self) -> str:
        if self._joined is None:
            self._joined = CUT.join(self._content)
        return self._joined

    def leftovers(self, text: str) -> list[str]:
        """The pieces of `text` with words in them that are neither translated program text
        (⟪…⟫) nor scenario text: program text no language file can translate."""
        found = self._leftovers.get(text)
        if found is None:
            rest = strip_pseudo(_squash(text))
            found = self._remove_known(rest) if UNTRANSLATED.search(rest) else []
            if found and "…" in rest:     # perhaps scenario text the program shortened
                found = min(found, self._remove_known(self._cut_excerpts(rest)), key=lambda f: len("".join(f)))
            self._leftovers[text] = found
        return found

    def _remove_known(self, rest: str) -> list[str]:
        """The pieces of `rest` with words, once every scenario text in it is taken out (from the
        left, the longest that starts at each place; a text of one or two letters only as a word)."""
        out, index = [], 0
        while index < len(rest):
            candidates = (*self._by_head.get(rest[index:index + HEAD], ()), *self._by_head.get(rest[index], ()))
            match = next((text for text in candidates if rest.startswith(text, index)), None)
            if match and len(match) < 3 and LETTER.search(rest[index - 1:index] + rest[index + len(match):][:1]):
                match = None                                   # "Li" as a name, not inside "Link"
            if match:
                out.append(CUT)
                index += len(match)
            else:
                out.append(rest[index])
                index += 1
        return [piece for piece in "".join(out).split(CUT) if UNTRANSLATED.search(piece)]

    def _cut_excerpts(self, text: str) -> str:
        """`text` without the scenario texts the program shortened with "…": a message quoted
        in the flag tray ("Install LinkRoom and share…"), an account number ("TRp4…c2Wd"). Before
        each "…" the longest run that is part of a scenario text goes, and after it the longest."""
        parts = text.split("…")
        for index, part in enumerate(parts):
            if index < len(parts) - 1:
                start = next((s for s in range(len(part) - 3) if part[s:] in self.joined), None)
                part = part if start is None else part[:start] + CUT
            if index > 0:
                end = next((e for e in range(len(part), 3, -1) if part[:e] in self.joined), None)
                part = part if end is None else CUT + part[end:]
            parts[index] = part
        return "…".join(parts)

    def verdict(self, text: str) -> str:
        """"program" (words no language file translates: a failure), "untranslated" (scenario
        text in English, allowed), "pseudo" (program text, translated) or "none" (no words)."""
        if self.leftovers(text):
            return "program"
        if UNTRANSLATED.search(strip_pseudo(text)):
            return "untranslated"
        return "pseudo" if OPEN in text else "none"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def write_pseudo_locale(folder: Path) -> Path:
    """Write `xx.yaml` (every key of en.yaml, pseudo-localised) into `folder`; return its path."""
    source = get_locale(SOURCE)
    language = source.language
    lines = ["language:", f"  code: {CODE}", "  name: Pseudo", f"  native: {json.dumps(pseudo('Pseudo'))}",
             f"  list_separator: {json.dumps(language.list_separator)}", f"  colon: {json.dumps(language.colon)}",
             f"  quote: {json.dumps(list(language.quote))}",
             f"  duration_separator: {json.dumps(language.duration_separator)}", "strings:"]
    lines += [f"  {key}: {json.dumps(pseudo(text), ensure_ascii=False)}" for key, text in source.strings.items()]
    path = folder / f"{CODE}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def pseudo_locale(tmp_path_factory) -> Iterator[str]:
    """The `xx` locale, available for one test; yields its code."""
    assert (LOCALE_DIR / f"{SOURCE}.yaml").is_file()
    folder = tmp_path_factory.mktemp("locales")
    write_pseudo_locale(folder)
    add_locale_dir(folder)
    try:
        yield CODE
    finally:
        remove_locale_dir(folder)
