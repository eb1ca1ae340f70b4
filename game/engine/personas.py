"""Personas: the cast's names, numbers and addresses, generated from the session's seed.

Facts are made once per session, in the Faker locale of the region it plays in, and are the
same in every language (a language switch is a view, never a new person). Chinese names are
written in characters for a session that starts in Chinese, and in pinyin otherwise.

`FakerPersonas` imports Faker lazily (it costs ~100 ms) and keeps one Faker per locale, seeded
with `seed_instance` (never the shared `Faker.seed`) to fill its pools of people and values, from
which each session picks by its seed. The generated values are stored in the session, so a
saved game never needs Faker to resume.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Protocol

from game.scenario import LANGS, Identity, Scenario, Text

from .draws import draws

#: The Faker locale of a session whose region does not say (a bare test catalogue).
LOCALES = {"en": "en_US", "zh": "zh_CN"}
_TLDS = ("top", "vip", "cc", "xyz", "club", "icu", "shop")
_COUNTRY_CODES = ("855", "95", "63", "60", "66", "856", "84")

#: {lang: {member: {field: value}}}
Personas = dict[str, dict[str, dict[str, str]]]


class PersonaSource(Protocol):
    def generate(self, scenario: Scenario, seed: int, lang: str = "en", *, locale: str | None = None,
                 languages: tuple[str, ...] = LANGS) -> Personas: ...


def _text_fields(scenario: Scenario, lang: str, picks: Mapping[tuple[str, str], int],
                 faked: Mapping[str, dict[str, str]] | None = None) -> dict[str, dict[str, str]]:
    """Every member's fields in `lang`: the fixed texts, the picked ones, and `faked` (what
    Faker made for them); fresh dicts, the caller's to keep."""
    out: dict[str, dict[str, str]] = {}
    for member_id, (fixed, picked) in _cast_texts(Identity(scenario), lang).items():
        fields = out[member_id] = dict(fixed)
        for name, spec in picked:
            fields[name] = spec.pick[picks[(member_id, name)]].get(lang)
        if faked and member_id in faked:
            fields.update(faked[member_id])
    return out


@lru_cache(maxsize=256)
def _cast_texts(scenario: Identity, lang: str) -> dict[str, tuple[dict[str, str], tuple]]:
    """Per member: its fixed texts in `lang`, and its `pick:` fields (read only: shared)."""
    return {member_id: ({name: spec.get(lang) for name, spec in member.fields.items() if isinstance(spec, Text)},
                        tuple((name, spec) for name, spec in member.fields.items()
                              if not isinstance(spec, (str, Text))))
            for member_id, member in scenario.value.cast.items()}


@lru_cache(maxsize=256)
def _cast_plan(scenario: Identity) -> tuple[tuple[tuple[str, str, int], ...], tuple[tuple[str, tuple[tuple[str, str], ...]], ...]]:
    """Per scenario: the `pick:` fields (member, field, number of options) and the fields Faker
    fills (member, ((field, kind), …)), each in file order."""
    cast = scenario.value.cast
    picks = tuple((member_id, name, len(spec.pick)) for member_id, member in cast.items()
                  for name, spec in member.fields.items() if not isinstance(spec, (str, Text)))
    faked = tuple((member_id, tuple((name, spec) for name, spec in member.fields.items() if isinstance(spec, str)))
                  for member_id, member in cast.items())
    return picks, tuple((member_id, kinds) for member_id, kinds in faked if kinds)


def _picks(scenario: Scenario, numbers: list[int]) -> dict[tuple[str, str], int]:
    """Seeded choices among `pick:` options (the first of the session's cast numbers, taken with
    `pop()`), shared by every language."""
    take = numbers.pop
    return {(member_id, name): take() % count for member_id, name, count in _cast_plan(Identity(scenario))[0]}


class FixedPersonas:
    """Predictable personas for tests: `agent.name` → "Agent Name" in every language."""

    def generate(self, scenario: Scenario, seed: int, lang: str = "en", *, locale: str | None = None,
                 languages: tuple[str, ...] = LANGS) -> Personas:
        picks = _picks(scenario, draws(f"cast:{seed}", len(_cast_plan(Identity(scenario))[0])))
        result: Personas = {}
        for view_lang in languages:
            fields = _text_fields(scenario, view_lang, picks)
            for member_id, member in scenario.cast.items():
                for name, spec in member.fields.items():
                    if isinstance(spec, str):
                        fields[member_id][name] = f"{member_id.title()} {name.replace('_', ' ').title()}"
            result[view_lang] = fields
        return result


#: The kinds that come from one person (they must agree: "Li Wei", "Li", "Wei").
_PERSON_KINDS = frozenset({"name", "first_name", "last_name"})


class FakerPersonas:
    """Personas from Faker, in the region's locale (zh_CN, en_US, en_GB, …).

    Faker takes 2-35 µs per value (a phone number, a company, a domain), which was most of a
    bot's play-through. So each locale has a pool of 2**PEOPLE_BITS people and of 2**POOL_BITS
    values of each other kind: entry i is made by Faker seeded with (kind, i) the first time any session picks
    it, and the session's seed picks i. A value depends on the seed alone, in any process; a
    long playtest or a class of players costs a few Faker calls per kind, not per session."""

    POOL_BITS = 8               # 256 values of each kind per locale (phone numbers, companies, sites)
    PEOPLE_BITS = 11            # and 2,048 people: the same name in two stories would confuse

    def __init__(self) -> None:
        self._fakers: dict[str, Any] = {}
        self._pool: dict[tuple[str, str, int], Any] = {}

    def _faker(self, locale: str) -> Any:
        if locale not in self._fakers:
            from faker import Faker

            # Unweighted picks are 2-8x faster and still give real names from Faker's lists. One
            # locale: its generator does what the Faker proxy would, without the proxy's lookups.
            self._fakers[locale] = Faker(locale, use_weighting=False).factories[0]
        return self._fakers[locale]

    def generate(self, scenario: Scenario, seed: int, lang: str = "en", *, locale: str | None = None,
                 languages: tuple[str, ...] = LANGS) -> Personas:
        """The cast's facts, made once in `locale` (the region's) and shared by every language:
        switching language never renames anyone or changes a number. Fixed and picked texts are
        translations of one fact and follow the language. Only what the cast uses is made."""
        locale = locale or LOCALES.get(lang, "en_US")
        # Chinese names are written in characters for a session started in Chinese, else in pinyin.
        person_kind = "person:hanzi" if locale.startswith("zh") and lang == "zh" else "person"
        pick_specs, faked = _cast_plan(Identity(scenario))
        numbers = draws(f"cast:{seed}", len(pick_specs) + sum(len(kinds) for _, kinds in faked))
        picks = _picks(scenario, numbers)
        pooled, values, people = self._pooled, (1 << self.POOL_BITS) - 1, (1 << self.PEOPLE_BITS) - 1
        generated: dict[str, dict[str, str]] = {}
        for member_id, kinds in faked:
            person = None
            fields = generated[member_id] = {}
            for name, kind in kinds:
                if kind in _PERSON_KINDS:
                    person = person or pooled(locale, person_kind, numbers.pop() & people)
                    fields[name] = person[kind]
                else:
                    fields[name] = pooled(locale, kind, numbers.pop() & values)
        return {view_lang: _text_fields(scenario, view_lang, picks, generated) for view_lang in languages}

    def _pooled(self, locale: str, kind: str, index: int) -> Any:
        """Entry `index` of the pool of `kind` in `locale` (a person: their name fields), made on
        first use."""
        key = (locale, kind, index)
        value = self._pool.get(key)
        if value is None:
            fake = self._faker(locale)
            fake.seed_instance((zlib.crc32(kind.encode()) << 16) + index)
            if kind.startswith("person"):
                value = {}
                _fill(fake, locale, "zh" if kind == "person:hanzi" else "en", "name", value)
            else:
                value = _fill(fake, locale, "en", kind, {})
            self._pool[key] = value
        return value


def _us_area_code(fake: Any) -> str:
    """A North American area code as the numbering plan allows them: never starting with 0 or 1
    (no "(110)" that reads like a police number), no N9X, no N11 service code (no "(911)")."""
    while True:
        code = f"{fake.random_int(2, 9)}{fake.random_int(0, 8)}{fake.random_digit()}"
        if not code.endswith("11"):
            return code


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
            return f"({_us_area_code(fake)}) " + fake.numerify("555-01##")   # 555-0100..0199: set aside for fiction
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
