"""Save and resume: a session restored from JSON plays on exactly as the original."""

from __future__ import annotations

import json
import random

import pytest

from game.engine import FakerPersonas, SaveError, Session
from game.engine.bot import RandomBot

PERSONAS = FakerPersonas()


def _play(session, bot, limit=None):
    turns = 0
    while not session.ended and (limit is None or turns < limit):
        bot.act(session)
        turns += 1
    return turns


@pytest.mark.parametrize("seed", range(12))
def test_save_and_resume_equals_uninterrupted_play(scenarios, catalog, seed):
    for scenario in scenarios.values():
        straight = Session(scenario, catalog, seed=seed, lang="zh", personas=PERSONAS)
        turns = _play(straight, RandomBot(random.Random(seed)))
        cut = random.Random(seed).randrange(max(1, turns))
        first = Session(scenario, catalog, seed=seed, lang="zh", personas=PERSONAS)
        bot = RandomBot(random.Random(seed))
        _play(first, bot, limit=cut)
        saved = json.loads(json.dumps(first.to_json()))
        resumed = Session.from_json(scenario, catalog, saved)
        assert resumed.view() == first.view()
        _play(resumed, bot)
        assert resumed.result() == straight.result()


def test_corrupt_saves_raise_save_error(tiny, catalog):
    session = Session(tiny, catalog, seed=1, personas=PERSONAS)
    good = session.to_json()
    broken = [
        {**good, "save_version": 99},
        {**good, "scenario_id": "other"},
        {**good, "node": "nowhere"},
        {**good, "vars": {"fee": "lots"}},
        {**good, "flags": {"ad_text": "not_a_flag"}},
        {**good, "deliveries": [{"message_id": "ghost", "step_id": "ad", "at": 0, "text": {}}]},
        {**good, "given": ["soul"]},
        {k: v for k, v in good.items() if k != "clock"},
        "not even a dict",
    ]
    for data in broken:
        with pytest.raises(SaveError):
            Session.from_json(tiny, catalog, data)


def test_save_version_mismatch_names_both_versions(tiny, catalog):
    data = {**Session(tiny, catalog, seed=1, personas=PERSONAS).to_json(), "save_version": 7}
    with pytest.raises(SaveError, match="version 7.*version 4"):
        Session.from_json(tiny, catalog, data)


def _dump_by_asdict(state):
    """The reference: the state through `dataclasses.asdict`, numbers written as saves write them."""
    from dataclasses import asdict

    from game.engine.saves import SAVE_VERSION
    from game.scenario.money import dump as dump_number

    data = asdict(state)
    data["paid"] = dump_number(state.paid)
    data["vars"] = {k: dump_number(v) for k, v in state.vars.items()}
    for delivery in data["deliveries"]:
        for key in ("payment", "balance"):
            if delivery[key] is not None:
                delivery[key] = dump_number(delivery[key])
    for record in data["payments"] + data["received"]:
        record["amount"] = dump_number(record["amount"])
    if state.wallet is not None:
        data["wallet"] = dump_number(state.wallet)
    return {"save_version": SAVE_VERSION, **data}


def test_a_save_is_what_asdict_makes_of_the_state_only_quicker(catalog, scenarios):
    """`saves.dump` copies the state by hand (it runs after every classroom command): the very
    data `dataclasses.asdict` gives, and a copy (changing it leaves the session alone)."""
    from game.engine import saves, walk

    for index, scenario in enumerate(sorted(scenarios.values(), key=lambda s: s.id)):
        session = Session(scenario, catalog, seed=index, region=scenario.regions[0])
        walk(session, random.Random(index))
        state = session._state
        data = saves.dump(state)
        assert data == _dump_by_asdict(state), scenario.id
        assert data["deliveries"] and data["flag_log"] is not state.flag_log
        data["flags"]["x"] = "y"
        data["personas"].clear()
        data["deliveries"][0]["text"].clear()
        assert "x" not in state.flags and state.personas and state.deliveries[0].text
