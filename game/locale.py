"""Player-facing strings of the program itself (not of scenarios), in every language.

The words are data: one file per language in `game/locales/` (`en.yaml`, `zh.yaml`, …), each a
`language:` block (code, names, punctuation) and `strings:` (stable key → text). Adding a
language adds a file and touches no Python (docs/languages.md). A file is read the first time
its language is needed, once; importing this module reads nothing. Tests add folders of their
own (`add_locale_dir`, or the environment variable REDFLAG_LOCALE_DIRS, folders separated by
the system's path separator, read when a language is first needed): a file there adds a
language, or replaces one of the same code.

`Translator.t(key, **params)` fills `{name}` placeholders from `params` with the same safe
renderer scenarios use; a key a language lacks falls back to English, and a key no language has
shows as ⟦key⟧. `STRINGS[key]` → `{code: text}` over every language, for checks and tests.
"""

from __future__ import annotations

import os
from decimal import Decimal
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from game.scenario import format_money as _format_money
from game.scenario import RedFlagError, TemplateError, headline_key, placeholders, render

LOCALE_DIR = Path(__file__).resolve().parent / "locales"
SOURCE = "en"                        # the language every other falls back to, listed first
ENV_DIRS = "REDFLAG_LOCALE_DIRS"
MAX_BYTES = 1_000_000
_CODE = re.compile(r"^[a-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")
_TEXT_FIELDS = ("code", "name", "native", "list_separator", "colon", "duration_separator")


class LocaleError(RedFlagError):
    """A locale file is broken; the message names the file and everything wrong with it."""


class Language(NamedTuple):          # NamedTuple, not a dataclass: --help imports this, and it is faster
    """A language's `language:` block: who it is and the punctuation its sentences use."""

    code: str                        # the file's name: "en" for en.yaml
    name: str                        # in English: "Chinese (Simplified)"
    native: str                      # as its speakers write it: "中文" (the language switch shows it)
    list_separator: str              # ", " / "、"
    colon: str                       # after a label: ": " / "："
    quote: tuple[str, str]           # around a quotation: ('"', '"') / ("“", "”")
    duration_separator: str          # between the parts of a duration: " " / ""


class Locale(NamedTuple):
    language: Language
    strings: Mapping[str, str]
    path: Path


# -- where the files are ---------------------------------------------------------------------
_added: list[Path] = []              # folders tests add (`add_locale_dir`), after the game's own
_loaded: dict[Path, Locale] = {}     # each file parsed once: immutable data, read lazily
_index: dict[str, Path] = {}         # code → file, filled on first use, emptied by add/remove


def add_locale_dir(path: str | os.PathLike[str]) -> None:
    """Look for locale files in `path` too (after the game's own folder; a later folder wins)."""
    folder = Path(path).resolve()
    if folder not in _added:
        _added.append(folder)
    _index.clear()


def remove_locale_dir(path: str | os.PathLike[str]) -> None:
    """Undo `add_locale_dir(path)` (and forget what was read from there)."""
    folder = Path(path).resolve()
    if folder in _added:
        _added.remove(folder)
    for file in [f for f in _loaded if f.parent == folder]:
        del _loaded[file]
    _index.clear()


def locale_dirs() -> tuple[Path, ...]:
    """The folders searched, in order: the game's own, REDFLAG_LOCALE_DIRS, then added ones."""
    env = [Path(p) for p in os.environ.get(ENV_DIRS, "").split(os.pathsep) if p]
    return (LOCALE_DIR, *env, *_added)


def _files() -> dict[str, Path]:
    """Code → file, from the folders as they were at the first use (or the last add/remove)."""
    if not _index:
        _index.update(_scan(locale_dirs()))
    return _index


def _scan(dirs: tuple[Path, ...]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in dirs:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in sorted(names):
            code, dot, ext = name.rpartition(".")
            if dot and ext == "yaml" and _CODE.match(code):
                found[code] = folder / name
    return found


def _ordered(codes: Iterable[str]) -> list[str]:
    return sorted(codes, key=lambda code: (code != SOURCE, code))


def language_codes() -> tuple[str, ...]:
    """The codes of the languages whose files exist, English first (no file is read)."""
    return tuple(_ordered(_files()))


def default_lang() -> str:
    """The system's language (REDFLAG_LANG, else the locale) if there is a locale file for it ("zh_CN.UTF-8" → zh), else English."""
    for name in ("REDFLAG_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return match_language(value) or SOURCE
    return SOURCE


def match_language(value: str) -> str | None:
    """The language code that fits a system locale name: "pt_BR.UTF-8" → "pt-BR" if there is a
    file for it, else "pt"; None when no language fits."""
    wanted = value.split(".")[0].split("@")[0].replace("-", "_").lower()
    codes = {code.replace("-", "_").lower(): code for code in language_codes()}
    return codes.get(wanted) or codes.get(wanted.split("_")[0])


def available_languages() -> tuple[Language, ...]:
    """Every language whose file exists, English first, then by code."""
    files = _files()
    return tuple(_read(files[code]).language for code in _ordered(files))


def get_locale(code: str) -> Locale:
    """The locale of `code`; English when there is no such file."""
    files = _files()
    return _read(files.get(code) or files[SOURCE])


def _read(path: Path) -> Locale:
    locale = _loaded.get(path)
    if locale is None:
        locale = _loaded[path] = parse_locale(path.stem, path.read_bytes(), str(path))
    return locale


# -- reading one file ------------------------------------------------------------------------
def _loader():
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml's parser when installed

    class StrictLoader(base):  # type: ignore[misc, valid-type]
        """Rejects a duplicate key (PyYAML would silently keep the last one)."""

        def construct_mapping(self, node, deep=False):
            seen: set[object] = set()
            for key_node, _ in node.value:
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key_node.value!r}", key_node.start_mark)
                seen.add(key_node.value)
            return super().construct_mapping(node, deep)

    return yaml, StrictLoader


def parse_locale(code: str, raw: bytes, label: str = "") -> Locale:
    """Check and read one locale file's bytes. Raises LocaleError listing every problem."""
    label = label or f"{code}.yaml"
    if len(raw) > MAX_BYTES:
        raise LocaleError(f"{label}: the file is too large ({len(raw):,} bytes; at most {MAX_BYTES:,})")
    yaml, loader = _loader()
    try:
        data = yaml.load(raw.decode("utf-8-sig"), Loader=loader)  # noqa: S506 (a SafeLoader)
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LocaleError(f"{label}: cannot be read: {exc}") from None
    problems: list[str] = []
    if not isinstance(data, dict) or set(data) != {"language", "strings"}:
        raise LocaleError(f"{label}: a locale file has exactly two parts, 'language:' and 'strings:'")
    block, strings = data["language"], data["strings"]
    if not isinstance(block, dict):
        block = {}
        problems.append("'language:' must be a mapping")
    fields = {*_TEXT_FIELDS, "quote"}
    problems += [f"language: unknown field '{key}'" for key in block if key not in fields]
    for key in _TEXT_FIELDS:
        if not isinstance(block.get(key), str):
            problems.append(f"language: '{key}' is missing or not a text")
    quote = block.get("quote")
    if not (isinstance(quote, list) and len(quote) == 2 and all(isinstance(q, str) for q in quote)):
        problems.append("language: 'quote' must be two texts, opening and closing")
    if block.get("code") != code:
        problems.append(f"language: code '{block.get('code')}' does not match the file name ({code}.yaml)")
    if not isinstance(strings, dict):
        strings = {}
        problems.append("'strings:' must be a mapping of key: text")
    for key, text in strings.items():
        if not isinstance(key, str) or not isinstance(text, str) or not text:
            problems.append(f"strings: {key}: must be a non-empty text")
            continue
        try:
            placeholders(text)
        except TemplateError as exc:
            problems.append(f"strings: {key}: {exc}")
    if problems:
        raise LocaleError(f"{label}: " + "; ".join(problems))
    language = Language(quote=(quote[0], quote[1]), **{key: block[key] for key in _TEXT_FIELDS})
    return Locale(language, MappingProxyType(dict(strings)), Path(label))


# -- using them ------------------------------------------------------------------------------
def words(key: str, lang: str) -> str:
    """A string by key in `lang`: what front ends hand a Session (`words=`) for the engine's own words."""
    return Translator(lang).t(key)


class Translator:
    """The program's words in one language (English where that language lacks a key)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    @property
    def locale(self) -> Locale:
        return get_locale(self.lang)

    @property
    def language(self) -> Language:
        return self.locale.language

    def t(self, key: str, **params: object) -> str:
        text = get_locale(self.lang).strings.get(key)
        if text is None:
            text = get_locale(SOURCE).strings.get(key)
            if text is None:
                return f"⟦{key}⟧"
        return render(text, {k: str(v) for k, v in params.items()}) if params else text

    @property
    def colon(self) -> str:
        return self.language.colon

    def label(self, key: str, text: str) -> str:
        """"Why: …" / "为什么：…": the string `key`, the language's colon, then `text`."""
        return self.t(key) + self.language.colon + text

    def join(self, items: Iterable[str]) -> str:
        """"a, b" / "甲、乙"."""
        return self.language.list_separator.join(items)

    def quote(self, text: str) -> str:
        """"…" / “…”."""
        opening, closing = self.language.quote
        return f"{opening}{text}{closing}"


class _Table(Mapping[str, Mapping[str, str]]):
    """`STRINGS[key]` → `{code: text}` for every language that has `key` (read on first use)."""

    def _locales(self) -> list[Locale]:
        files = _files()
        return [_read(files[code]) for code in _ordered(files)]

    def __getitem__(self, key: str) -> Mapping[str, str]:
        entry = {loc.language.code: loc.strings[key] for loc in self._locales() if key in loc.strings}
        if not entry:
            raise KeyError(key)
        return MappingProxyType(entry)

    def __iter__(self) -> Iterator[str]:
        seen: dict[str, None] = {}
        for loc in self._locales():
            seen.update(dict.fromkeys(loc.strings))
        return iter(seen)

    def __len__(self) -> int:
        return sum(1 for _ in self)


STRINGS: Mapping[str, Mapping[str, str]] = _Table()

_UNITS = ((86400, "duration.days"), (3600, "duration.hours"), (60, "duration.minutes"), (1, "duration.seconds"))


def format_duration(seconds: float, lang: str) -> str:
    """`86400` → "1 d" / "1天"; `150` → "2 min 30 s" / "2分30秒" (two largest units)."""
    tr = Translator(lang)
    left = max(0, int(seconds + 0.5))
    parts = []
    for size, key in _UNITS:
        if left >= size or (size == 1 and not parts):
            parts.append(tr.t(key, count=left // size))
            left %= size
        if len(parts) == 2:
            break
    return tr.language.duration_separator.join(parts)


def format_money(amount: int | Decimal, currency: str = "CNY", lang: str = "en") -> str:
    """`format_money(3000, "CNY", "zh")` → "¥3,000"; "£12.90" with cents; written the way `lang`
    writes money (Babel's data), the same as scenario text renders `{fee}`."""
    return _format_money(amount, currency, lang)


def outcome_key(outcome: str, loss: int) -> str:
    """The debrief headline for an outcome: a partial ending that cost nothing reads differently."""
    return headline_key(outcome, loss)
