"""The drill bank and its items: what may be asked, and that an item shows what its story shows."""

from __future__ import annotations

import random

import pytest

from game.engine import Session
from game.locale import words
from game.practice import GENUINE, SCAM, build_bank, build_item
from game.practice.bank import replay


@pytest.fixture(scope="module")
def bank(scenarios, catalog):
    return build_bank({k: s for k, s in scenarios.items() if s.category != "tutorial"}, catalog)


def test_only_flagged_scam_messages_and_flag_free_genuine_messages_are_asked(bank, scenarios):
    assert len(bank) > 100
    for item in bank.items:
        scenario = scenarios[item.scenario]
        message = next(m for m in scenario.steps[item.step].messages if m.id == item.message)
        assert message.sender not in ("player", "narrator")
        if item.truth == SCAM:
            assert scenario.kind == "scam" and message.flags and item.flags == tuple(message.flags)
            assert item.scam_type == scenario.category
        else:
            assert item.truth == GENUINE and scenario.kind == "legit" and not message.flags and item.flags == ()
            assert item.scam_type == scenario.resembles
    # a scam scenario's flag-free opening ("Hi, long time no see") is never called genuine
    flag_free_scam = [m.id for s in scenarios.values() if s.kind == "scam" for step in s.steps.values()
                      for m in step.messages if not m.flags and m.sender not in ("player", "narrator")]
    assert flag_free_scam and not {i.message for i in bank.items if i.truth == GENUINE} & set(flag_free_scam)
    assert {i.truth for i in bank.items} == {SCAM, GENUINE}
    assert "tutorial" not in {i.category for i in bank.items}


def test_every_item_can_be_shown_in_every_region_and_language(bank, scenarios, catalog):
    rng = random.Random(3)
    for spec in bank.items:
        scenario = scenarios[spec.scenario]
        for region in scenario.regions:
            lang = rng.choice(("en", "zh"))
            item = build_item(spec, scenario, catalog, lang=lang, region=region, words=words, rng=rng)
            assert item.message.id == spec.message and item.region == region
            assert "{" not in item.message.text and "⟦" not in item.message.text
            assert item.view.messages[-1] == item.message and item.view.choices == ()
            assert item.view.scenario_id == item.view.title == item.view.step_id == ""    # nothing gives it away
            assert [t.id for t in item.view.threads] == [item.message.thread]
            since = item.before.at if item.before else item.message.at
            assert all(since < p.at <= item.message.at or p.at == item.message.at
                       for p in item.view.payments + item.view.received)
            assert "⟦" not in "".join(o.name for o in item.options)


def test_an_item_shows_what_the_story_shows_at_that_point(bank, scenarios, catalog):
    """The same seed played by hand along the route shows the same words, sender and previous message."""
    for spec in bank.items[::7]:
        scenario = scenarios[spec.scenario]
        item = build_item(spec, scenario, catalog, lang="en", seed=4242, words=words)
        session = Session(scenario, catalog, seed=4242, lang="en", region=scenario.regions[0], words=words)
        assert replay(session, spec)
        shown = {m.id: m for m in session.view().messages}
        assert item.message.text == shown[spec.message].text
        assert item.message.sender_name == shown[spec.message].sender_name
        thread = next(t for t in session.view().threads if t.id == item.message.thread)
        position = thread.message_ids.index(spec.message)
        if position:
            assert item.before is not None and item.before.id == thread.message_ids[position - 1]
            assert item.before.text == shown[item.before.id].text
        else:
            assert item.before is None
        assert item.thread.title == thread.title and item.thread.detail == thread.detail


def test_fresh_details_each_time(bank, scenarios, catalog):
    rng = random.Random(8)
    changed = 0
    for spec in bank.items[::11]:
        texts = {build_item(spec, scenarios[spec.scenario], catalog, lang="en", rng=rng).message.text
                 + build_item(spec, scenarios[spec.scenario], catalog, lang="en", rng=rng).thread.title
                 for _ in range(3)}
        changed += len(texts) > 1
    assert changed >= len(bank.items[::11]) // 3


def test_reasons_use_the_messages_own_words_before_the_catalogues(bank, scenarios, catalog):
    overridden = 0
    for spec in bank.items:
        if spec.truth != SCAM:
            continue
        scenario = scenarios[spec.scenario]
        message = next(m for m in scenario.steps[spec.step].messages if m.id == spec.message)
        item = build_item(spec, scenario, catalog, lang="en", seed=7, words=words)
        assert [r.flag for r in item.reasons] == list(message.flags)
        session = Session(scenario, catalog, seed=7, lang="en", region=scenario.regions[0], words=words)
        for reason in item.reasons:
            flag = catalog.red_flags[reason.flag]
            assert reason.name == flag.name.en
            assert reason.why == session.render(message.why.get(reason.flag, flag.why))
            assert reason.safe == session.render(message.instead.get(reason.flag, flag.safe))
            overridden += reason.flag in message.why
        assert set(message.flags) <= {o.id for o in item.options}
    assert overridden > 0
