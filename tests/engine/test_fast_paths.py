"""The engine's shortcuts show exactly what the plain rules say.

Bots play tens of thousands of sessions (`playtest`, the benchmarks), so a session renders a
message in other languages only when asked, works out a placeholder only when a text uses it,
finds the arrived messages by bisection, hands bots a light `TurnView`, keeps its result once
worked out, and draws persona values from pools. Each test here states the plain rule and
checks the shortcut against it on every scenario of the library.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from game.engine import FakerPersonas, FixedPersonas, Session
from game.engine.bot import RandomPolicy, perform
from game.scenario import BUILTIN_SENDERS, Between, NumberPick, format_money, for_region, render
from game.scenario import load_scenario
from tests.conftest import FIXTURES, scenario_from_text


def _sessions(scenarios, catalog, seeds=(1, 2)):
    for scenario in scenarios.values():
        for seed in seeds:
            region = scenario.regions[seed % len(scenario.regions)]
            yield Session(scenario, catalog, seed=seed, lang=("en", "zh")[seed % 2], region=region,
                          personas=FixedPersonas())


def _play(session: Session, seed: int):
    """Yield after every command of a random play-through."""
    policy = RandomPolicy(random.Random(seed))
    while not session.ended:
        for command in policy.plan(session):
            perform(session, command)
            yield


def test_arrived_messages_are_those_whose_time_has_come_and_bots_see_what_players_see(scenarios, catalog):
    wallet = load_scenario(FIXTURES / "format2" / "rebate_wallet.yaml", catalog)    # choices it cannot afford
    unaffordable = 0
    for session in [*_sessions(scenarios, catalog), *_sessions({"w": wallet}, catalog, seeds=range(30))]:
        for _ in _play(session, session.seed):
            state = session._state
            arrived = [d.message_id for d in state.deliveries if d.at <= state.clock]
            view, turn = session.view(), session.turn()
            assert [m.id for m in view.messages] == arrived, session.scenario.id
            assert turn.messages == tuple((m.id, m.flaggable, m.flag) for m in view.messages)
            assert turn.choices == tuple(c.id for c in view.choices if c.available)
            unaffordable += sum(not c.available for c in view.choices)
    assert unaffordable             # the rule was tried on choices shown unavailable too


def _plain_values(session: Session, lang: str) -> dict[str, str]:
    """Every placeholder's value by the plain rule: the cast's fields, the region's services,
    what was paid and every variable (money in the session's currency from format 2 on)."""
    state, scenario = session._state, session.scenario
    values = {f"{member}.{field}": value
              for member, fields in session._personas(lang).items() for field, value in fields.items()}
    values.update({f"region.{key}": value if isinstance(value, str) else value.get(lang)
                   for key, value in session.region.values.items()})
    money = scenario.money_vars if scenario.format >= 2 else frozenset()
    def number(value, as_money):
        return format_money(value, session.currency, lang) if as_money else f"{value:,}"
    values["paid"] = number(state.paid, bool(money))
    for name, value in state.vars.items():
        spec = for_region(scenario.vars[name], state.region)
        if isinstance(spec, (int, Decimal, Between, NumberPick)):
            values[name] = number(value, name in money)
        else:
            values[name] = spec.pick[value].get(lang)
    return values


def test_placeholders_worked_out_on_use_equal_the_plain_rule(scenarios, catalog):
    for session in _sessions(scenarios, catalog, seeds=(3,)):
        for _ in _play(session, 3):
            pass
        for lang in ("en", "zh"):
            expected = _plain_values(session, lang)
            shown = session._values(lang)
            assert {name: shown.get(name) for name in expected} == expected, session.scenario.id
            assert shown.get("nobody.name") is None and shown.get("region.nowhere") is None


PAID_TWICE = """\
format: 2
regions: [CN, US]
id: paid_twice
kind: scam
category: fake_loan
difficulty: 1
title: {en: "Paid twice", zh: "付了两次"}
summary: {en: "A test.", zh: "测试。"}
sources: ["Test fixture"]
cast:
  agent: {role: scammer, name: name}
money: [fee]
vars:
  fee: {between: [100, 900], step: 100}
start: one
steps:
  one:
    channel: chat
    messages:
      - id: first
        from: agent
        text: {en: "So far {paid}. Pay {fee}.", zh: "目前{paid}。再付{fee}。"}
        flags: [upfront_fee]
        payment: {amount: fee, to: agent}
    choices:
      - {id: pay, text: {en: "Pay", zh: "付"}, to: two, effects: {pay: fee}}
  two:
    channel: chat
    messages:
      - id: second
        from: agent
        text: {en: "Now {paid}, {agent.name}.", zh: "现在{paid}，{agent.name}。"}
        flags: [upfront_fee]
    choices:
      - {id: stop, text: {en: "Stop", zh: "停"}, to: end_lost, safe: true}
endings:
  end_lost:
    outcome: scammed
    title: {en: "Lost", zh: "损失"}
    debrief: {en: "You paid {paid}.", zh: "你付了{paid}。"}
"""


@pytest.mark.parametrize("region", ["CN", "US"])
def test_a_message_shown_later_in_another_language_keeps_the_numbers_it_arrived_with(catalog, region):
    scenario = scenario_from_text(PAID_TWICE, catalog)
    english = Session(scenario, catalog, seed=4, lang="en", region=region, personas=FixedPersonas())
    chinese = Session(scenario, catalog, seed=4, lang="zh", region=region, personas=FixedPersonas())
    for session in (english, chinese):
        session.tick(session.seconds_until_choices())
        session.choose("pay")
        session.tick(session.seconds_until_choices())
    english.set_lang("zh")            # the first message was written while nothing had been paid
    assert [m.text for m in english.view().messages] == [m.text for m in chinese.view().messages]
    fee = english._state.vars["fee"]
    assert english.view().messages[0].text == f"目前{format_money(0, english.currency, 'zh')}。" \
                                              f"再付{format_money(fee, english.currency, 'zh')}。"
    english.choose("stop")
    chinese.choose("stop")
    assert [m.text for m in english.result("zh").messages] == [m.text for m in chinese.result().messages]
    saved = english.to_json()         # a save holds every language of every message
    assert all(set(d["text"]) == {"en", "zh"} for d in saved["deliveries"])


def test_a_result_is_kept_until_the_clock_moves(tiny, catalog):
    session = Session(tiny, catalog, seed=1, personas=FixedPersonas())
    session.tick(session.seconds_until_choices())
    session.choose("use_bank")
    first = session.result()
    assert session.result() is first
    assert session.result("zh") is not first and session.result("zh").lang == "zh"
    session.tick(30)
    later = session.result()
    assert later is not first and later.clock == first.clock + 30


def test_pooled_personas_depend_on_the_seed_alone(scenarios, catalog):
    """A session's people are the same whatever other sessions drew before it."""
    fresh, busy = FakerPersonas(), FakerPersonas()
    for scenario in scenarios.values():
        for seed in range(40):
            busy.generate(scenario, seed + 1000, "en", locale="en_GB")
    for scenario in scenarios.values():
        for lang, locale in (("en", "en_US"), ("zh", "zh_CN"), ("en", "zh_CN")):
            assert fresh.generate(scenario, 7, lang, locale=locale) == busy.generate(scenario, 7, lang, locale=locale)
    people = {tuple(sorted(FakerPersonas().generate(scenario, seed, "en", locale="en_US")["en"].get("agent", {})
                           .items())) for scenario in scenarios.values() for seed in range(20)}
    assert len(people) > 100            # still many different people


def test_flag_options_and_waiting_come_from_the_locale_files(tiny, catalog):
    from game.locale import words

    session = Session(tiny, catalog, seed=2, lang="zh", personas=FixedPersonas(), words=words)
    session.tick(session.seconds_until_choices())
    assert session.flag_options("ad_text")[-1].name == words("flag.just_suspicious", "zh")
    session.choose("open_ad")
    session.tick(session.seconds_until_timeout() + 1)
    assert session.result().choices[-1].text == words("play.waited", "zh")
    assert BUILTIN_SENDERS and render("{x}", {}) == "⟦x⟧"


def test_the_right_flag_is_offered_in_every_position_alike(tiny, catalog):
    """Options are shuffled by the seed: a learner cannot learn "the answer comes first"."""
    positions = [0] * 4
    for seed in range(400):
        session = Session(tiny, catalog, seed=seed, personas=FixedPersonas())
        session.tick(session.seconds_until_choices())
        ids = [o.id for o in session.flag_options("ad_text")]
        assert len(ids) == 5 and ids[-1] == "" and len(set(ids)) == 5
        positions[ids.index("too_easy_credit")] += 1
    assert all(70 <= n <= 130 for n in positions), positions


def test_the_cast_in_another_language_is_the_same_people_made_when_asked(scenarios, catalog):
    """A session makes its cast in its own language; in another one only when asked (a switch
    of language, a result in it, a save), and those are the people made at the start."""
    personas = FakerPersonas()
    for scenario in scenarios.values():
        region = scenario.regions[-1]
        locale = catalog.regions[region].faker
        session = Session(scenario, catalog, seed=9, lang="zh", region=region, personas=personas)
        assert set(session._state.personas) == {"zh"}
        both = FakerPersonas().generate(scenario, 9, "zh", locale=locale, languages=("en", "zh"))
        assert session._personas("en") == both["en"] and session._personas("zh") == both["zh"]
        saved = Session(scenario, catalog, seed=9, lang="zh", region=region, personas=personas).to_json()
        assert saved["personas"] == both
