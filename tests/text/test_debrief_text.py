"""The terminal debrief: the window's plain words, an honest mark on every red flag
(✓ named / ~ caught but not named / ✗ missed) with its legend, trusted notes, money through
format_money, and the same facts in both languages."""

from __future__ import annotations

from game.engine import FixedPersonas, Session
from game.locale import Translator, format_money
from game.scenario import load_scenario
from game.text import format_result
from tests.conftest import SCENARIOS


def _names(catalog, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    return ({item: text.get(lang) for item, text in catalog.data_items.items()},
            {flag_id: flag.name.get(lang) for flag_id, flag in catalog.red_flags.items()})


def _session(scenario, catalog, *, flags: dict[str, str], choices, lang: str = "en", feedback: str = "delayed"):
    session = Session(scenario, catalog, seed=3, lang=lang, personas=FixedPersonas(), feedback=feedback)
    planned = list(choices)
    while not session.ended:
        session.tick(session.seconds_until_choices())
        for message in session.view().messages:
            if message.id in flags and message.flag is None:
                session.flag(message.id, flags[message.id])
        session.choose(planned.pop(0))
    return session


def _perfect(scenario, catalog, lang: str = "en") -> Session:
    """Flag every message with red flags by its first one, flag nothing else, choose safely."""
    session = Session(scenario, catalog, seed=3, lang=lang, personas=FixedPersonas())
    carries = {m.id: m.flags for step in scenario.steps.values() for m in step.messages}
    while not session.ended:
        session.tick(session.seconds_until_choices())
        if session.ended:
            break
        view = session.view()
        for message in view.messages:
            if message.flaggable and carries[message.id] and message.flag is None:
                session.flag(message.id, carries[message.id][0])
        safe = {c.id: c.safe for c in scenario.steps[view.step_id].choices}
        available = [c.id for c in view.choices if c.available]
        session.choose(next((c for c in available if safe[c]), available[0]))
    return session


def test_each_red_flag_is_marked_named_caught_or_missed(tiny, catalog):
    # ad_text carries too_easy_credit and search_ad_lure: naming one leaves the other "caught, not named".
    session = _session(tiny, catalog, flags={"ad_text": "search_ad_lure", "ad_hours": ""}, choices=["open_ad", "pay"])
    text = format_result(session.result("en"), *_names(catalog, "en"))
    name = {f: catalog.red_flags[f].name.en for f in catalog.red_flags}
    lines = [line.strip() for line in text.splitlines()]
    assert f"✓ {name['search_ad_lure']} — caught and named" in lines
    assert f"~ {name['too_easy_credit']} — caught" in lines
    for missed in ("upfront_fee", "urgency_deadline", "personal_payee_account"):
        assert f"✗ {name[missed]} — missed" in lines
    assert sum(line.startswith("✓ ") and " — " in line for line in lines) == 1
    tr = Translator("en")
    assert " · ".join(tr.t(f"debrief.legend.{k}") for k in ("named", "caught", "missed")) in lines


def test_plain_words_money_and_data_come_first(tiny, catalog):
    session = _session(tiny, catalog, flags={"ad_text": "search_ad_lure", "ad_hours": ""}, choices=["open_ad", "pay"])
    for lang in ("en", "zh"):
        result = session.result(lang)
        text = format_result(result, *_names(catalog, lang))
        money = format_money(result.loss, result.currency, lang)
        assert result.loss > 0 and money in text
        assert money == {"en": "CN¥", "zh": "¥"}[lang] + f"{result.loss:,}"   # yuan, written as each language does
        plain = Translator(lang).t("debrief.counts_plain", hits=1, signals=2, false_alarms=1, noise=1)
        assert "".join(plain.split()) in "".join(text.split())
        assert catalog.data_items["id_number"].get(lang) in text
        assert text.index(plain.split()[0]) < text.index(Translator(lang).t("debrief.red_flags"))
        assert f"{result.d_prime:.2f}" in text and f"{result.criterion:.2f}" in text


def test_a_genuine_scenario_played_perfectly_explains_why_it_could_be_trusted(catalog):
    scenario = load_scenario(SCENARIOS / "bank_alert_sms.yaml", catalog)
    result = _perfect(scenario, catalog).result("en")
    trusted = [item for item in result.debrief if item.kind == "trusted"]
    assert trusted and result.false_alarms == 0
    text = format_result(result, *_names(catalog, "en"))
    flat = "".join(text.split())
    assert Translator("en").t("debrief.trusted_title") in text
    for item in trusted:
        assert "".join(item.why.split()) in flat


def test_a_changed_flag_in_immediate_mode_shows_which_one_was_scored(tiny, catalog):
    session = Session(tiny, catalog, seed=3, lang="en", personas=FixedPersonas(), feedback="immediate")
    session.tick(session.seconds_until_choices())
    session.flag("ad_text", "too_easy_credit")
    session.flag("ad_text", "search_ad_lure")
    session.choose("use_bank")
    text = format_result(session.result("en"), *_names(catalog, "en"))
    name = {f: catalog.red_flags[f].name.en for f in catalog.red_flags}
    assert Translator("en").t("debrief.changed", first=name["too_easy_credit"], final=name["search_ad_lure"]) \
        in " ".join(" ".join(text.split()).split())
    assert f"✓ {name['too_easy_credit']} — caught and named" in text


def test_the_same_facts_in_both_languages(tiny, catalog):
    session = _session(tiny, catalog, flags={"fee_demand": "upfront_fee"}, choices=["open_ad", "refuse"])
    en, zh = session.result("en"), session.result("zh")
    assert (en.score, en.hits, en.misses, en.loss, en.d_prime) == (zh.score, zh.hits, zh.misses, zh.loss, zh.d_prime)
    text = format_result(zh, *_names(catalog, "zh"))
    assert "复盘" in text and "这些数字是什么意思" in text
    assert catalog.red_flags["upfront_fee"].name.zh in text
