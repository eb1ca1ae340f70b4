"""Engine paths: commands, time, effects, conditions, placeholders, views."""

from __future__ import annotations

import subprocess
import sys

import pytest

from game.engine import (
    EngineError,
    FixedPersonas,
    FlagRaised,
    MessageArrived,
    ScenarioEnded,
    Session,
    TimedOut,
)
from tests.conftest import ROOT, scenario_from_text

FIXED = FixedPersonas()


def make(scenario, catalog, seed=1, lang="en"):
    return Session(scenario, catalog, seed=seed, lang=lang, personas=FIXED)


def test_engine_imports_no_pygame():
    code = "import sys, game.engine, game.scenario; print('pygame' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_messages_arrive_over_game_time(tiny, catalog):
    session = make(tiny, catalog)
    assert session.view().messages == ()
    assert session.view().waiting
    events = session.tick(2.0)
    assert [e.message_id for e in events if isinstance(e, MessageArrived)] == ["ad_text"]
    assert session.view().choices == ()
    session.tick(2.0)
    view = session.view()
    assert [m.id for m in view.messages] == ["ad_text", "ad_hours"]
    assert [c.id for c in view.choices] == ["open_ad", "use_bank"]
    assert [m.number for m in view.messages] == [1, 2]


def test_choosing_before_the_messages_arrive_is_a_caller_bug(tiny, catalog):
    session = make(tiny, catalog)
    with pytest.raises(EngineError, match="after every message"):
        session.choose("open_ad")


def test_unknown_choice_raises(tiny, catalog):
    session = make(tiny, catalog)
    session.tick(10)
    with pytest.raises(EngineError, match="no choice"):
        session.choose("teleport")


def test_a_safe_choice_reaches_a_safe_ending(tiny, catalog):
    session = make(tiny, catalog)
    session.tick(10)
    events = session.choose("use_bank")
    assert ScenarioEnded("end_safe", "safe") in events
    assert session.ended and session.view().outcome == "safe"
    with pytest.raises(EngineError):
        session.choose("open_ad")


def test_gap_moves_the_clock_and_pay_and_give_effects_count(tiny, catalog):
    session = make(tiny, catalog)
    session.tick(10)
    session.choose("open_ad")
    assert session.clock == pytest.approx(10 + 3600)         # ten seconds, then the one-hour gap
    assert session.view().time_of_day == "21:00"             # starts 20:00 by default
    session.tick(5)
    fee = session._state.vars["fee"]
    assert 1000 <= fee <= 3000 and fee % 500 == 0
    session.choose("pay")
    result = session.result()
    assert result.outcome == "scammed"
    assert result.loss == fee == result.paid
    assert result.given == ("id_number",)
    assert result.ending_debrief == f"You lost {fee:,}."


def test_timeout_fires_the_default_transition(tiny, catalog):
    session = make(tiny, catalog)
    session.tick(10)
    session.choose("open_ad")
    session.tick(2)
    assert session.view().timer.seconds_left == pytest.approx(60)
    session.tick(30)
    assert session.view().timer.seconds_left == pytest.approx(30)
    events = session.tick(31)
    assert any(isinstance(e, TimedOut) for e in events)
    assert session.ended and session.result().ending == "end_safe"
    assert session.result().choices[-1].choice_id == "timeout"


def test_placeholders_render_personas_and_vars_in_both_languages(tiny, catalog):
    session = make(tiny, catalog, lang="zh")
    session.tick(10)
    session.choose("open_ad")
    session.tick(5)
    fee = session._state.vars["fee"]
    text = session.view().messages[-1].text
    assert text.startswith("我是Agent Name，现在把") and f"{fee:,}元" in text and "Mule Name" in text
    assert session.view().choices[0].text == f"支付{fee:,}元"
    session.set_lang("en")
    assert session.view().messages[-1].text.startswith("Agent Name here. Pay the")


def test_flag_unflag_and_replace(tiny, catalog):
    session = make(tiny, catalog)
    session.tick(10)
    (event,) = session.flag("ad_text")
    assert event == FlagRaised("ad_text", "", "hit", False)
    (event,) = session.flag("ad_text", "search_ad_lure")
    assert event.named_right
    assert session.view().messages[0].flag == "search_ad_lure"
    (event,) = session.flag("ad_hours", "upfront_fee")
    assert event.verdict == "false_alarm"
    session.unflag("ad_hours")
    assert session.view().messages[1].flag is None
    assert session.unflag("ad_hours") == ()


def test_flagging_what_has_not_arrived_or_is_unknown_raises(tiny, catalog):
    session = make(tiny, catalog)
    with pytest.raises(EngineError, match="not arrived"):
        session.flag("ad_text")
    session.tick(10)
    with pytest.raises(EngineError, match="no message"):
        session.flag("nope")
    with pytest.raises(EngineError, match="not a red flag"):
        session.flag("ad_text", "made_up_flag")


def test_flag_options_hold_the_right_flags_and_a_vague_choice(tiny, catalog):
    session = make(tiny, catalog, seed=9)
    session.tick(10)
    options = session.flag_options("ad_text")
    ids = [o.id for o in options]
    assert len(ids) == 5 and ids[-1] == ""
    assert {"too_easy_credit", "search_ad_lure"} <= set(ids)
    assert len(set(ids)) == 5
    assert options == session.flag_options("ad_text")       # stable for a seed


def test_conditions_hide_choices(catalog):
    scenario = scenario_from_text(CONDITIONS, catalog)
    session = make(scenario, catalog)
    session.tick(5)
    assert [c.id for c in session.view().choices] == ["pay", "leave"]
    session.choose("pay")
    session.tick(5)
    assert [c.id for c in session.view().choices] == ["pay", "leave"]
    session.choose("pay")
    session.tick(5)
    assert [c.id for c in session.view().choices] == ["leave", "second_thoughts"]
    with pytest.raises(EngineError, match="not available"):
        session.choose("pay")
    session.choose("second_thoughts")
    result = session.result()
    assert result.paid == 1000 and result.loss == 1000 and result.outcome == "partial"


CONDITIONS = """
format: 1
id: inline
kind: scam
category: test
difficulty: 1
title: {en: "T", zh: "T"}
summary: {en: "S", zh: "S"}
sources: ["test"]
cast:
  agent: {role: scammer, name: {en: "Agent", zh: "客服"}}
vars:
  count: 0
start: ask
steps:
  ask:
    channel: chat
    messages:
      - {id: ask_1, from: agent, text: {en: "Pay {count}", zh: "付{count}"}, flags: [upfront_fee]}
    choices:
      - {id: pay, text: {en: "Pay", zh: "付"}, to: ask, when: {count: {lt: 2}}, effects: {add: {count: 1}, pay: {amount: 500, to: agent}}}
      - {id: leave, text: {en: "Leave", zh: "走"}, to: done}
      - {id: second_thoughts, text: {en: "Stop", zh: "停"}, to: stopped, when: {paid: {gte: 1000}}}
endings:
  done: {outcome: safe, debrief: {en: "ok", zh: "好"}}
  stopped: {outcome: partial, debrief: {en: "Paid {paid}", zh: "付了{paid}"}}
"""


def test_a_message_id_repeated_by_a_loop_is_delivered_each_time(catalog):
    scenario = scenario_from_text(CONDITIONS, catalog)
    session = make(scenario, catalog)
    session.tick(5)
    session.choose("pay")
    session.tick(5)
    assert [m.text for m in session.view().messages] == ["Pay 0", "Pay 1"]


def test_the_view_never_reveals_roles_or_flags(tiny, catalog):
    session = make(tiny, catalog)
    session.tick(10)
    text = repr(session.view())
    assert "scammer" not in text and "too_easy_credit" not in text and "scam" not in text.replace("scenario", "")


def test_choice_views_show_what_a_choice_costs(tiny, catalog):
    session = make(tiny, catalog)
    session.tick(10)
    session.choose("open_ad")
    session.tick(5)
    pay = session.view().choices[0]
    assert pay.cost == session._state.vars["fee"] and pay.gives == ("ID card number",)
    assert session.view().choices[1].cost == 0


def test_immediate_feedback_explains_a_flag(tiny, catalog):
    session = make(tiny, catalog)
    session.tick(10)
    assert session.feedback("ad_text") is None
    session.flag("ad_hours")
    feedback = session.feedback("ad_hours")
    assert feedback.verdict == "false_alarm" and feedback.line == "Opening hours are ordinary."
    session.flag("ad_text", "upfront_fee")
    feedback = session.feedback("ad_text")
    assert feedback.verdict == "hit" and not feedback.named_right
    assert feedback.headline == catalog.red_flags["too_easy_credit"].name.en
