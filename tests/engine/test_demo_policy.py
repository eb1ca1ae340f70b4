"""The demo player's teaching policy, played by the engine's bot over every scenario."""

from __future__ import annotations

import random

import pytest

from game.engine import EngineError, FakerPersonas, Session
from game.engine.bot import Bot, Choose, Flag, RandomPolicy, Wait, walk
from game.engine.demo import TeachingPolicy

PERSONAS = FakerPersonas()
HARM = ("safe", "overcautious", "partial", "scammed")


def _play(scenario, catalog, path: str, seed: int, lang: str):
    session = Session(scenario, catalog, seed=seed, lang=lang, personas=PERSONAS)
    record = walk(session, policy=TeachingPolicy(path))
    assert record.error is None, record.error
    return session.result()


def _pays(scenario) -> bool:
    return any(choice.effects.pay is not None for step in scenario.steps.values() for choice in step.choices)


def _worst_outcome(scenario) -> str:
    return max((ending.outcome for ending in scenario.endings.values()), key=HARM.index)


@pytest.mark.parametrize("path", ["scam", "safe"])
@pytest.mark.parametrize("seed, lang", [(3, "en"), (8, "zh")])
def test_demo_policy_flags_exactly_the_red_flag_messages_naming_a_right_flag(scenarios, catalog, path, seed, lang):
    for scenario in scenarios.values():
        result = _play(scenario, catalog, path, seed, lang)
        for message in result.messages:
            if message.flags:
                assert message.flagged == message.flags[0], (scenario.id, path, message.id)
            else:
                assert message.flagged is None, (scenario.id, path, message.id)
        assert result.false_alarms == 0 and result.misses == 0


@pytest.mark.parametrize("seed, lang", [(3, "en"), (8, "zh")])
def test_demo_scam_path_pays_and_reaches_the_worst_ending(scenarios, catalog, seed, lang):
    for scenario in scenarios.values():
        result = _play(scenario, catalog, "scam", seed, lang)
        if _pays(scenario):
            assert result.paid > 0, (scenario.id, [c.choice_id for c in result.choices])
        assert result.outcome == _worst_outcome(scenario), (scenario.id, result.ending)
        if scenario.kind == "scam":
            assert result.outcome == "scammed", scenario.id


def test_demo_scam_path_takes_every_fee_it_is_offered(scenarios, catalog):
    """Stopping at each fee: wherever a paying choice is offered, the scam path takes one."""
    offered = taken = 0
    for scenario in scenarios.values():
        session = Session(scenario, catalog, seed=4, personas=PERSONAS)
        bot = Bot(TeachingPolicy("scam"))
        while not session.ended:
            paying = {c.id for c in session.view().choices if c.available and c.cost > 0}
            before = session.view().paid
            bot.act(session)
            if paying:
                offered += 1
                taken += session.view().paid > before
                assert session.view().paid > before, (scenario.id, sorted(paying))
    assert offered == taken > len(scenarios)


@pytest.mark.parametrize("seed, lang", [(3, "en"), (8, "zh")])
def test_demo_safe_path_never_pays_and_ends_safe(scenarios, catalog, seed, lang):
    for scenario in scenarios.values():
        result = _play(scenario, catalog, "safe", seed, lang)
        # a genuine look-alike may end by paying the payee the player has just verified (a friend's own account)
        assert result.loss == 0 and (result.paid == 0 or scenario.kind == "legit"), \
            (scenario.id, [c.choice_id for c in result.choices])
        assert result.outcome == "safe", (scenario.id, result.ending)
        assert not result.given, scenario.id


def test_demo_plan_flags_before_it_moves_on(scenarios, catalog):
    scenario = scenarios["pig_butchering"]
    session = Session(scenario, catalog, seed=5, personas=PERSONAS)
    policy = TeachingPolicy("scam")
    session.tick(session.seconds_until_choices())
    plan = policy.plan(session)
    flagged = [m for m in session.view().messages if policy.right_flag(session, m.id)]
    assert plan[:-1] == tuple(Flag(m.id, policy.right_flag(session, m.id)) for m in flagged)
    assert isinstance(plan[-1], Choose) and plan[-1].choice_id != "ignore_block"   # the scam goes on
    assert TeachingPolicy("safe").plan(session)[-1] == Choose("ignore_block")
    fresh = Session(scenario, catalog, seed=5, personas=PERSONAS)
    assert isinstance(policy.plan(fresh)[-1], Wait)              # messages still to come: wait for them


def test_demo_policy_rejects_an_unknown_path():
    with pytest.raises(EngineError):
        TeachingPolicy("reckless")


def test_bot_with_the_random_policy_plays_as_walk_does(scenarios, catalog):
    for scenario in list(scenarios.values())[:4]:
        first = Session(scenario, catalog, seed=2, personas=PERSONAS)
        walk(first, random.Random(2))
        second = Session(scenario, catalog, seed=2, personas=PERSONAS)
        bot = Bot(RandomPolicy(random.Random(2)))
        while not second.ended:
            bot.act(second)
        assert second.to_json() == first.to_json()


@pytest.mark.parametrize("path", ["scam", "safe"])
def test_demo_policy_leaves_a_loop_the_path_prefers(catalog, path):
    """A choice the path ranks first that leads back to its own step (here the safe "use my bank"
    for the safe walk, the paying "pay" for the scam walk) is taken at most twice: the walk then
    takes another open way and reaches an ending (a validated file with such a loop made the
    demo play forever)."""
    from tests.conftest import FIXTURES
    from game.scenario import check_scenario_bytes

    raw = (FIXTURES / "valid" / "tiny_loan.yaml").read_text(encoding="utf-8")
    raw = raw.replace("to: end_safe\n        safe: true", "to: ad\n        safe: true", 1)      # use_bank loops
    raw = raw.replace("to: end_lost", "to: fee", 1)                                             # pay loops
    raw = raw.replace("timeout: {after: 60, to: end_safe", "timeout: {after: 60, to: end_lost", 1)
    scenario, problems = check_scenario_bytes("looping.yaml", raw.encode("utf-8"), catalog)
    assert scenario is not None, problems
    assert scenario.steps["ad"].choices[1].to == "ad" and scenario.steps["fee"].choices[0].to == "fee"
    session = Session(scenario, catalog, seed=3, personas=PERSONAS)
    record = walk(session, policy=TeachingPolicy(path), max_commands=200)
    assert record.error is None and record.ending is not None, record
    assert record.commands < 40
