"""The shipped scenarios meet the bar set for them, and every bot run works."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from game.engine import FakerPersonas, Session
from game.engine.bot import walk
from game.scenario import BUILTIN_SENDERS

REQUIRED = ("loan_fee_trap", "pig_butchering")


def _cast_messages(scenario):
    return [m for step in scenario.steps.values() for m in step.messages if m.sender not in BUILTIN_SENDERS]


@pytest.mark.parametrize("scenario_id", REQUIRED)
def test_required_scenario_meets_the_bar(scenarios, scenario_id):
    scenario = scenarios[scenario_id]
    assert scenario.kind == "scam"
    assert len(scenario.steps) >= 10
    assert sum(e.outcome == "safe" for e in scenario.endings.values()) >= 2
    messages = _cast_messages(scenario)
    assert len({f for m in messages for f in m.flags}) >= 6
    flag_free = [m for m in messages if not m.flags]
    assert len(flag_free) >= 4
    assert all(m.note is not None for m in flag_free), "flag-free messages explain why they are fine"


@pytest.mark.parametrize("scenario_id", REQUIRED)
def test_safe_exits_are_reached_from_different_steps(scenarios, scenario_id):
    scenario = scenarios[scenario_id]
    safe = {e for e, ending in scenario.endings.items() if ending.outcome == "safe"}
    sources = {step_id for step_id, step in scenario.steps.items()
               for choice in step.choices if choice.to in safe}
    assert len(sources) >= 2


def test_every_shipped_scenario_plays_without_error_and_visits_every_step(scenarios, catalog):
    personas = FakerPersonas()
    for scenario in scenarios.values():
        visited, endings, seen = set(), Counter(), set()
        for seed in range(500):
            session = Session(scenario, catalog, seed=seed, lang=("en", "zh")[seed % 2], personas=personas)
            record = walk(session, random.Random(seed), seen=seen)
            assert record.error is None, (scenario.id, seed, record.error)
            visited.update(record.steps)
            endings[record.ending] += 1
            result = session.result()
            assert 0 <= result.score <= 100
        assert visited == set(scenario.steps), (scenario.id, set(scenario.steps) - visited)
        assert set(endings) == set(scenario.endings), (scenario.id, set(scenario.endings) - set(endings))


def test_every_catalogue_flag_has_both_languages(catalog):
    for flag_id, flag in catalog.red_flags.items():
        for text in (flag.name, flag.why, flag.safe):
            assert text.en.strip() and text.zh.strip(), flag_id
    assert len(catalog.red_flags) >= 30


def test_program_strings_exist_in_both_languages():
    from game.locale import STRINGS

    for key, entry in STRINGS.items():
        assert set(entry) == {"en", "zh"} and all(entry.values()), key
