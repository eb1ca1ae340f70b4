"""Personas: the cast's names, numbers and addresses, generated from the session's seed.

Facts are made once per session, in the Faker locale of the region it plays in, and are the
same in every language (a language switch is a view, never a new person). Chinese names are
written in characters for a session that starts in Chinese, and in pinyin otherwise.

`FakerPersonas` imports Faker lazily (it costs ~100 ms) and keeps one Faker per locale,
re-seeded per session with `seed_instance` (never the shared `Faker.seed`). The generated
values are stored in the session, so a saved game never needs Faker to resume.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from game.scenario import LANGS, Scenario, Text

#: The Faker locale of a session whose region does not say (a bare test catalogue).
LOCALES = {"en": "en_US", "zh": "zh_CN"}
_TLDS = ("top", "vip", "cc", "xyz", "club", "icu", "shop")
_COUNTRY_CODES = ("855", "95", "63", "60", "66", "856", "84")

#: {lang: {member: {field: value}}}
Personas = dict[str, dict[str, dict[str, str]]]


class PersonaSource(Protocol):
    def generate(self, scenario: Scenario, seed: int, lang: str = "en", *, locale: str | None = None,
                 languages: tuple[str, ...] = LANGS) -> Personas: ...


def _text_fields(scenario: Scenario, lang: str, picks: Mapping[tuple[str, str], int]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for member_id, member in scenario.cast.items():
        fields: dict[str, str] = {}
        for name, spec in member.fields.items():
            if isinstance(spec, Text):
                fields[name] = spec.get(lang)
            elif not isinstance(spec, str):
                fields[name] = spec.pick[picks[(member_id, name)]].get(lang)
        out[member_id] = fields
    return out


def _picks(scenario: Scenario, seed: int) -> dict[tuple[str, str], int]:
    """Seeded choices among `pick:` options, shared by both languages."""
    import random

    rng = random.Random(f"cast:{seed}")
    return {(member_id, name): rng.randrange(len(spec.pick))
            for member_id, member in scenario.cast.items()
            for name, spec in member.fields.items()
            if not isinstance(spec, (str, Text))}


class FixedPersonas:
    """Predictable personas for tests: `agent.name` → "Agent Name" in every language."""

    def generate(self, scenario: Scenario, seed: int, lang: str = "en", *, locale: str | None = None,
                 languages: tuple[str, ...] = LANGS) -> Personas:
        picks = _picks(scenario, seed)
        result: Personas = {}
        for view_lang in languages:
            fields = _text_fields(scenario, view_lang, picks)
            for member_id, member in scenario.cast.items():
                for name, spec in member.fields.items():
                    if isinstance(spec, str):
                        fields[member_id][name] = f"{member_id.title()} {name.replace('_', ' ').title()}"
            result[view_lang] = fields
        return result


class FakerPersonas:
    """Personas from Faker, in the region's locale (zh_CN, en_US, en_GB, …)."""

    def __init__(self) -> None:
        self._fakers: dict[str, Any] = {}

    def _faker(self, locale: str) -> Any:
        if locale not in self._fakers:
            from faker import Faker

            # Unweighted picks are 2-8x faster and still give real names from Faker's lists.
            self._fakers[locale] = Faker(locale, use_weighting=False)
        return self._fakers[locale]

    def generate(self, scenario: Scenario, seed: int, lang: str = "en", *, locale: str | None = None,
                 languages: tuple[str, ...] = LANGS) -> Personas:
        """The cast's facts, made once in `locale` (the region's) and shared by every language:
        switching language never renames anyone or changes a number. Fixed and picked texts are
        translations of one fact and follow the language. Only what the cast uses is made."""
        picks = _picks(scenario, seed)
        locale = locale or LOCALES.get(lang, "en_US")
        fake = self._faker(locale)
        fake.seed_instance(seed)
        generated: dict[str, dict[str, str]] = {}
        for member_id, member in scenario.cast.items():
            person: dict[str, str] = {}         # one person per member: name, first and last agree
            generated[member_id] = {name: _fill(fake, locale, lang, spec, person)
                                    for name, spec in member.fields.items() if isinstance(spec, str)}
        result: Personas = {}
        for view_lang in languages:
            fields = _text_fields(scenario, view_lang, picks)
            for member_id, values in generated.items():
                fields[member_id].update(values)
            result[view_lang] = fields
        return result


def _fill(fake: Any, locale: str, lang: str, kind: str, person: dict[str, str]) -> str:
    chinese = locale.startswith("zh")
    if kind in ("name", "first_name", "last_name"):
        # Built from parts, so English names carry no "Dr." or "DDS" and the parts agree.
        if not person:
            if chinese and lang != "zh":
                person["first_name"], person["last_name"] = fake.first_romanized_name(), fake.last_romanized_name()
            else:
                person["first_name"], person["last_name"] = fake.first_name(), fake.last_name()
            person["name"] = (person["last_name"] + person["first_name"] if chinese and lang == "zh"
                              else f"{person['first_name']} {person['last_name']}")
        return person[kind]
    if kind == "phone_number":
        if chinese:
            return fake.phone_number()
        if locale == "en_US":
            return fake.numerify("(%##) 555-01##")        # 555-0100..0199: set aside for fiction
        return fake.cellphone_number() if hasattr(fake, "cellphone_number") else fake.phone_number()
    if kind == "bank" and locale == "en_US":              # Faker's en_US banks are British ones
        return f"{fake.city()} {fake.random_element(('Savings Bank', 'Community Bank', 'Federal Credit Union'))}"
    if kind == "domain":
        return f"{fake.domain_word()}.com"
    if kind == "odd_domain":
        word = fake.domain_word().replace("_", "-")
        return f"{word}-{fake.lexify('????').lower()}{fake.random_int(2, 99)}.{fake.random_element(_TLDS)}"
    if kind == "card_tail":
        return fake.numerify("####")
    if kind == "overseas_phone":
        return f"+{fake.random_element(_COUNTRY_CODES)} {fake.numerify('## ### ####')}"
    return str(getattr(fake, kind)())
