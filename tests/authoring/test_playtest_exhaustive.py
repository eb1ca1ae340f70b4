"""`playtest --exhaustive`: every reachable state, each explored once; what can never be reached
is reported, and the real engine agrees with the explorer along every way it replays."""

from __future__ import annotations

import pytest
import yaml

from game.authoring import explore as explore_module
from game.authoring.explore import explore
from game.engine import FixedPersonas
from game.scenario import Scenario, check_scenario_bytes, load_scenario
from tests.conftest import FIXTURES, run_main, scenario_from_text

PERSONAS = FixedPersonas()

#: A loop (ask → again → ask, twice at most), a choice only a rare starting fee opens, and a choice
#: whose condition can never hold (so its step, and that step's message, are never reached).
STORY = """
format: 1
id: explore_test
kind: scam
category: fake_loan
difficulty: 1
title: {en: "Explore", zh: "探索"}
summary: {en: "A test scenario.", zh: "一个测试情景。"}
sources: ["Test fixture"]
cast:
  agent: {role: scammer, name: name}
  mule: {role: accomplice, name: name, card: card_tail}
vars:
  fee: {between: [100, 2000], step: 100}
  tries: 0
start: ask
steps:
  ask:
    channel: chat
    messages:
      - id: m_ask
        from: agent
        text: {en: "Pay {fee} to {mule.name}.", zh: "把{fee}转给{mule.name}。"}
        flags: [upfront_fee]
        payment: {amount: fee, to: mule}
    choices:
      - id: pay
        text: {en: "Pay", zh: "付"}
        to: again
        effects: {pay: fee, add: {tries: 1}}
      - id: big
        when: {fee: {gte: 2000}}
        text: {en: "That is a lot", zh: "太多了"}
        to: end_safe
        safe: true
      - id: refuse
        text: {en: "No", zh: "不"}
        to: end_safe
        safe: true
  again:
    channel: chat
    messages:
      - {id: m_again, from: agent, text: {en: "Again?", zh: "再来？"}, flags: [escalating_fees]}
    choices:
      - id: retry
        when: {tries: {lt: 2}}
        text: {en: "Again", zh: "再来"}
        to: ask
      - id: never
        when: {tries: 5}
        text: {en: "Never", zh: "永不"}
        to: hidden
      - id: stop
        text: {en: "Stop", zh: "停"}
        to: end_lost
  hidden:
    channel: chat
    messages:
      - {id: m_hidden, from: agent, text: {en: "Hidden", zh: "隐藏"}, flags: [upfront_fee]}
    choices:
      - {id: leave, text: {en: "Leave", zh: "离开"}, to: end_lost}
endings:
  end_safe: {outcome: safe, debrief: {en: "Safe.", zh: "安全。"}}
  end_lost: {outcome: scammed, debrief: {en: "Lost {paid}.", zh: "损失{paid}。"}}
"""


@pytest.fixture(scope="module")
def library(scenarios, catalog):
    return {scenario_id: explore(scenario, catalog, PERSONAS) for scenario_id, scenario in scenarios.items()}


def test_every_step_choice_message_and_ending_of_the_shipped_library_is_reachable(library, scenarios):
    for scenario_id, report in library.items():
        scenario = scenarios[scenario_id]
        assert report.errors == [], scenario_id
        assert not report.capped and not report.unreachable, (scenario_id, report)
        assert set(report.endings) == set(scenario.endings), scenario_id
        # each ending's result (score, debrief) worked out once in every language and region
        assert report.results == 2 * len(scenario.endings) * len(scenario.regions), scenario_id


def test_unreachable_steps_choices_and_messages_are_reported_and_rare_starting_values_explored(catalog):
    report = explore(scenario_from_text(STORY, catalog), catalog, PERSONAS)
    assert report.unreached_steps == ["hidden"]
    assert report.unreached_messages == ["hidden.m_hidden"]
    assert report.untaken_choices == ["again.never"]
    assert report.unreachable and report.failed
    assert report.errors == []
    # `big` opens only for the largest fee (1 in 20 seeds): the explorer starts from it too
    assert "ask.big" not in report.untaken_choices
    # the loop was explored to its end (tries 0, 1, 2) and no further
    assert not report.capped and report.states < 40
    # retry is seen open and closed; nothing holds everywhere
    assert report.conditions == []


def test_a_condition_that_always_holds_where_it_is_checked_is_reported(catalog):
    text = STORY.replace("""      - id: stop
        text:""", """      - id: stop
        when: {tries: {gte: 1}}
        text:""")
    report = explore(scenario_from_text(text, catalog), catalog, PERSONAS)
    assert report.conditions == ["again.stop"]


def test_a_number_that_grows_with_every_lap_stops_at_the_cap_and_says_so(catalog):
    text = STORY.replace("when: {tries: {lt: 2}}", "when: {tries: {gte: 0}}")
    report = explore(scenario_from_text(text, catalog), catalog, PERSONAS, max_states=300)
    assert report.capped and report.states == 300
    assert explore(scenario_from_text(STORY, catalog), catalog, PERSONAS, max_states=300).capped is False


def test_a_way_in_with_no_way_out_is_an_error(catalog):
    """A step whose ways out may all be closed: validate refuses it (RF031, issue 13), and the
    explorer, given it unvalidated (a hand-built Scenario), finds the dead end too."""
    text = STORY.replace("""      - {id: leave, text: {en: "Leave", zh: "离开"}, to: end_lost}""",
                         """      - {id: leave, when: {tries: 99}, text: {en: "Leave", zh: "离开"}, to: end_lost}
      - {id: stay, text: {en: "Stay", zh: "留下"}, to: hidden}""").replace("when: {tries: 5}", "when: {tries: 1}")
    refused, problems = check_scenario_bytes("inline.yaml", text.encode("utf-8"), catalog)
    assert refused is None and "RF031" in {p.code for p in problems}
    report = explore(Scenario.model_validate(yaml.safe_load(text)), catalog, PERSONAS)
    assert any("from step 'hidden' no ending can be reached" in error for error in report.errors), report.errors


def test_a_wallet_that_never_allows_a_choice_is_a_warning_not_a_failure(catalog):
    report = explore(load_scenario(FIXTURES / "format2" / "rebate_wallet.yaml", catalog), catalog, PERSONAS)
    assert report.unaffordable == ["big_task.pay_big"]
    assert not report.failed, report


def test_the_engine_checks_the_explorer_along_every_way_it_replays(catalog, monkeypatch):
    """Were the explorer's rules to drift from the engine's, the replays would say so."""
    monkeypatch.setattr(explore_module._Rules, "available", lambda self, state, choice: True)
    report = explore(scenario_from_text(STORY, catalog), catalog, PERSONAS, max_states=500)
    assert any("the engine offers" in error for error in report.errors), report.errors


def test_a_crash_while_working_out_a_result_is_reported(catalog, monkeypatch):
    from game.engine import Session

    def broken(self, lang=None):
        raise RuntimeError("the debrief broke")

    monkeypatch.setattr(Session, "result", broken)
    report = explore(scenario_from_text(STORY, catalog), catalog, PERSONAS)
    assert any("the debrief broke" in error for error in report.errors)


def test_the_command_exits_1_on_anything_unreachable_and_0_on_a_sound_file(tmp_path):
    story = tmp_path / "explore_test.yaml"
    story.write_text(STORY, encoding="utf-8")
    done = run_main("playtest", str(story), "--exhaustive")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "steps never reached: hidden" in done.stdout and "choices never offered: again.never" in done.stdout
    sound = run_main("playtest", str(FIXTURES / "valid" / "tiny_loan.yaml"), "--exhaustive", "--json")
    assert sound.returncode == 0, sound.stdout + sound.stderr
    assert '"unreached_steps": []' in sound.stdout
