"""Languages are data: the locale files in game/locales/ agree with each other, are read lazily
and checked, and a language added as a file (the pseudo-locale) shows up everywhere."""

from __future__ import annotations

import subprocess
import sys

import pytest

from game.locale import (
    LOCALE_DIR,
    STRINGS,
    LocaleError,
    Translator,
    available_languages,
    format_duration,
    add_locale_dir,
    get_locale,
    language_codes,
    parse_locale,
    remove_locale_dir,
)
from game.scenario import placeholders
from tests.conftest import ROOT
from tests.pseudo_locale import (  # noqa: F401 (pseudo_locale is a fixture)
    is_pseudo,
    pseudo,
    pseudo_locale,
    strip_pseudo,
    write_pseudo_locale,
)

SHIPPED = sorted(path.stem for path in LOCALE_DIR.glob("*.yaml"))


def _keys_and_placeholders(code: str) -> dict[str, list[str]]:
    return {key: sorted(placeholders(text)) for key, text in get_locale(code).strings.items()}


def test_english_and_chinese_are_shipped():
    assert {"en", "zh"} <= set(SHIPPED)


@pytest.mark.parametrize("code", [code for code in SHIPPED if code != "en"])
def test_every_language_has_every_english_key_and_no_other_with_the_same_placeholders(code):
    english, other = _keys_and_placeholders("en"), _keys_and_placeholders(code)
    assert sorted(set(english) - set(other)) == [], f"{code}.yaml lacks these keys"
    assert sorted(set(other) - set(english)) == [], f"{code}.yaml has keys en.yaml lacks"
    differ = {key: (english[key], other[key]) for key in english if english[key] != other[key]}
    assert differ == {}, f"{code}.yaml: placeholders differ from en.yaml (en, {code})"


@pytest.mark.parametrize("code", SHIPPED)
def test_every_shipped_file_names_its_language_and_punctuation(code):
    language = get_locale(code).language
    assert language.code == code and language.name and language.native
    assert language.colon.strip() and language.list_separator.strip() and all(language.quote)


def test_languages_are_listed_english_first_and_the_pseudo_locale_joins_them(pseudo_locale):
    codes = [language.code for language in available_languages()]
    assert codes[0] == "en" and set(codes) == set(SHIPPED) | {pseudo_locale}
    assert codes[1:] == sorted(codes[1:])
    assert language_codes() == tuple(codes)
    assert is_pseudo(Translator(pseudo_locale).t("debrief.title"))
    assert set(STRINGS["debrief.title"]) == set(codes)


def test_a_locale_folder_comes_and_goes(tmp_path):
    write_pseudo_locale(tmp_path)
    add_locale_dir(tmp_path)
    try:
        assert "xx" in language_codes() and is_pseudo(Translator("xx").t("ui.back"))
    finally:
        remove_locale_dir(tmp_path)
    assert "xx" not in language_codes() and Translator("xx").t("ui.back") == "Back"


def test_pseudo_text_is_accented_longer_marked_and_keeps_placeholders():
    text = pseudo("Flagged message {number}: {name}")
    assert text.startswith("⟪") and text.endswith("⟫")
    assert placeholders(text) == ["number", "name"]
    assert "Flagged" not in text and "ɱ" not in text            # accents only the font can draw
    assert len(text) - len("{number}{name}") >= 1.4 * len("Flagged message : ") - 1
    assert strip_pseudo(f"Day 2 {pseudo('x ' + pseudo('y'))} z") == "Day 2 \x00 z"


def test_punctuation_comes_from_the_language():
    en, zh = Translator("en"), Translator("zh")
    assert (en.join(["a", "b"]), zh.join(["甲", "乙"])) == ("a, b", "甲、乙")
    assert (en.label("debrief.why", "x"), zh.label("debrief.why", "x")) == ("Why: x", "为什么：x")
    assert (en.quote("hi"), zh.quote("你好")) == ('"hi"', "“你好”")
    assert (format_duration(150, "en"), format_duration(150, "zh")) == ("2 min 30 s", "2分30秒")


def test_a_missing_key_falls_back_to_english_then_shows_the_key(tmp_path):
    assert Translator("zh").t("no.such.key") == "⟦no.such.key⟧"
    assert Translator("no-such-language").t("debrief.title") == "Debrief"
    (tmp_path / "fr.yaml").write_text(
        'language: {code: fr, name: French, native: Français, list_separator: ", ", colon: " : ",'
        ' quote: ["« ", " »"], duration_separator: " "}\nstrings:\n  debrief.title: Bilan\n', encoding="utf-8")
    add_locale_dir(tmp_path)
    try:
        french = Translator("fr")
        assert (french.t("debrief.title"), french.t("debrief.why")) == ("Bilan", "Why")
        assert french.quote("oui") == "« oui »"
    finally:
        remove_locale_dir(tmp_path)
    assert "fr" not in language_codes()


GOOD = ('language: {code: en, name: English, native: English, list_separator: ", ", colon: ": ",'
        ' quote: ["\\"", "\\""], duration_separator: " "}\n')


@pytest.mark.parametrize("text, expect", [
    (GOOD + "strings:\n  a: one\n  a: two\n", "duplicate key 'a'"),
    (GOOD + "strings:\n  a: '{x.__class__}'\n", "not a placeholder"),
    (GOOD + "strings:\n  a: '{n:>10}'\n", "has a conversion or format"),
    (GOOD + "strings:\n  a: [1, 2]\n", "a: must be a non-empty text"),
    (GOOD.replace("colon: \": \", ", "") + "strings: {}\n", "'colon' is missing"),
    (GOOD.replace("code: en", "code: de") + "strings: {}\n", "does not match the file name"),
    ("strings: {}\n", "exactly two parts"),
    (GOOD + "strings: {}\nextra: 1\n", "exactly two parts"),
    (GOOD + "strings:\n  a: !!python/object:os.system x\n", "cannot be read"),
])
def test_a_broken_locale_file_is_refused_with_a_reason(text, expect):
    with pytest.raises(LocaleError, match=expect.replace("(", r"\(").replace("[", r"\[")):
        parse_locale("en", text.encode("utf-8"))


def test_importing_and_the_help_read_no_locale_file():
    """Startup stays fast: `--help` lists the languages from file names, and reads none."""
    code = ("import game.locale as L, game.cli as C; assert not L._loaded, 'import'; "
            "C.build_parser().format_help(); assert not L._loaded, 'help'; "
            "L.Translator('zh').t('debrief.title'); assert len(L._loaded) == 1, L._loaded")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_package_ships_the_locale_files_and_the_classroom_pages():
    try:
        import tomllib
    except ModuleNotFoundError:          # Python 3.10
        import tomli as tomllib

    shipped = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert {"locales/*.yaml", "web/templates/*.html", "web/static/*"} <= set(shipped["game"])


def test_every_category_the_picker_shows_has_a_name_in_every_language(scenarios):
    """The picker groups scenarios under `category.<id>` (a genuine one under the scam it resembles)."""
    shown = {s.resembles if s.kind == "legit" and s.resembles else s.category for s in scenarios.values()}
    missing = {code: sorted(c for c in shown if f"category.{c}" not in get_locale(code).strings) for code in SHIPPED}
    assert missing == {code: [] for code in SHIPPED}, "add these category.<id> keys to game/locales/"
