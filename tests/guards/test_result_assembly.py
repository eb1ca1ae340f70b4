"""The result a finished session assembles (`Session.result` and its debrief): which outcome
counts, which messages are scored and how, the flags' times, the takeaway, the money, the
debrief's items, the cache, and the result's plain data."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from game.engine import EngineError, FixedPersonas, Session, scoring
from game.engine.views import plain
from tests.conftest import scenario_from_text

SCENARIO = """\
format: 1
id: guard_result
kind: scam
category: fake_loan
difficulty: 1
title: {en: "Guard", zh: "守卫"}
summary: {en: "A short test scenario.", zh: "一个简短的测试情景。"}
sources: ["Test fixture"]
cast:
  agent:
    role: scammer
    name: name
vars:
  fee: {between: [1000, 1000], step: 500}
start: first
steps:
  first:
    channel: sms
    messages:
      - id: intro
        from: narrator
        text: {en: "It is Monday.", zh: "星期一。"}
      - id: code_ask
        from: agent
        text: {en: "Pay the fee now.", zh: "现在交费。"}
        flags: [upfront_fee, urgency_deadline]
      - id: again
        from: agent
        text: {en: "Pay the fee.", zh: "交费。"}
        flags: [upfront_fee]
      - id: hello
        from: agent
        text: {en: "Hello.", zh: "你好。"}
        note: {en: "A greeting.", zh: "打招呼。"}
      - id: plain
        from: agent
        text: {en: "Ok.", zh: "好。"}
    choices:
      - id: give_code
        text: {en: "Read out the code", zh: "读出验证码"}
        to: end_safe
        effects: {give: [verification_code]}
      - id: give_address
        text: {en: "Tell my address", zh: "告诉地址"}
        to: end_safe
        effects: {give: [home_address]}
      - id: pay
        text: {en: "Pay", zh: "付款"}
        to: end_lost
        effects: {pay: {amount: fee, to: agent}}
      - id: leave
        text: {en: "Leave", zh: "离开"}
        to: end_safe
        safe: true
endings:
  end_safe:
    outcome: safe
    debrief: {en: "You kept your money.", zh: "你守住了钱。"}
  end_lost:
    outcome: scammed
    loss: 700
    recover: {amount: 200, pending: true}
    debrief: {en: "You lost money.", zh: "你损失了钱。"}
"""


@pytest.fixture(scope="module")
def guard(catalog):
    return scenario_from_text(SCENARIO, catalog)


def play(scenario, catalog, choice: str, flags: dict[str, str] | None = None, *, feedback: str = "delayed",
         lang: str = "en") -> Session:
    session = Session(scenario, catalog, seed=1, lang=lang, personas=FixedPersonas(), feedback=feedback)
    session.tick(100)
    for message_id, flag_id in (flags or {}).items():
        session.flag(message_id, flag_id)
    session.choose(choice)
    return session


def test_there_is_no_result_before_the_end_nor_in_an_unknown_language(guard, catalog):
    session = Session(guard, catalog, seed=1, lang="en", personas=FixedPersonas())
    session.tick(100)
    with pytest.raises(EngineError):
        session.result()
    session.choose("leave")
    with pytest.raises(EngineError):
        session.result("xx")
    assert session.result("zh").lang == "zh"


def test_a_finished_result_is_built_once_per_language(guard, catalog):
    session = play(guard, catalog, "leave")
    first = session.result()
    assert session.result() is first and session.result("en") is first
    chinese = session.result("zh")
    assert chinese is not first and session.result("zh") is chinese
    assert (chinese.score, chinese.hits, chinese.ending) == (first.score, first.hits, first.ending)


def test_a_secret_handed_over_turns_a_safe_ending_into_partial_and_says_why(guard, catalog):
    result = play(guard, catalog, "give_code").result()
    assert (result.outcome, result.lowered_by, result.given) == ("partial", ("verification_code",),
                                                                  ("verification_code",))
    assert result.decisions == pytest.approx(0.5 * 0.9)
    plain_data = play(guard, catalog, "give_address").result()
    assert (plain_data.outcome, plain_data.lowered_by) == ("safe", ())
    assert plain_data.decisions == pytest.approx(0.9)


def test_only_messages_from_the_cast_are_scored(guard, catalog):
    result = play(guard, catalog, "leave").result()
    assert [m.id for m in result.messages] == ["code_ask", "again", "hello", "plain"]
    assert (result.hits, result.misses, result.false_alarms, result.correct_rejections) == (0, 2, 0, 2)


def test_each_message_is_scored_by_its_flag_with_its_verdict_and_credit(guard, catalog):
    session = play(guard, catalog, "leave", {"code_ask": "urgency_deadline", "again": "", "plain": "upfront_fee"})
    result = session.result()
    got = {m.id: (m.flagged, m.verdict, m.credit, m.final_flag, m.first_flag) for m in result.messages}
    assert got == {"code_ask": ("urgency_deadline", "hit", 1.0, "urgency_deadline", "urgency_deadline"),
                   "again": ("", "hit", 0.5, "", ""), "hello": (None, "correct_rejection", 0.0, None, None),
                   "plain": ("upfront_fee", "false_alarm", 0.0, "upfront_fee", "upfront_fee")}
    total = scoring.score([(m.flags, m.flagged) for m in result.messages], "safe", 0)
    assert (result.score, result.detection, result.restraint, result.named_correctly) == \
        (total.score, total.detection, total.restraint, 1)
    assert (result.d_prime, result.criterion) == (total.d_prime, total.criterion)
    assert result.criterion == round(scoring.sdt(2, 0, 1, 1)[1], 4) != 0
    message = next(m for m in result.messages if m.id == "hello")
    assert (message.note, message.channel, message.step_id) == ("A greeting.", "sms", "first")
    assert message.sender_name and message.text == "Hello."


def test_immediate_feedback_scores_the_first_flag_and_delayed_the_last(guard, catalog):
    for feedback, scored in (("immediate", "upfront_fee"), ("delayed", "urgency_deadline")):
        session = Session(guard, catalog, seed=1, lang="en", personas=FixedPersonas(), feedback=feedback)
        session.tick(100)
        session.flag("code_ask", "upfront_fee")
        session.tick(5)
        session.flag("code_ask", "urgency_deadline")
        session.choose("leave")
        assert session.scored_flag("code_ask") == scored
        (message,) = [m for m in session.result().messages if m.id == "code_ask"]
        assert (message.flagged, message.first_flag, message.final_flag) == (scored, "upfront_fee",
                                                                              "urgency_deadline")
    assert session.scored_flag("hello") is None


def test_flag_times_are_the_first_and_the_last_that_still_stands(guard, catalog):
    session = Session(guard, catalog, seed=1, lang="en", personas=FixedPersonas())
    session.tick(100)
    start = session.view().clock
    session.flag("code_ask", "upfront_fee")
    session.tick(5)
    session.flag("code_ask", "urgency_deadline")
    session.flag("plain", "")
    session.tick(5)
    session.unflag("plain")
    session.choose("leave")
    got = {m.id: (m.first_flag_at, m.final_flag_at) for m in session.result().messages}
    assert got["code_ask"] == (start, start + 5)
    assert got["plain"] == (start + 5, None)
    assert got["hello"] == (None, None)


def test_the_takeaway_is_the_first_red_flag_not_named_else_the_first_one(guard, catalog):
    catalogue = catalog.red_flags
    missed = play(guard, catalog, "leave", {"code_ask": "upfront_fee"}).result()
    assert missed.takeaway == missed.debrief[1].safe != missed.debrief[0].safe    # urgency_deadline, not named
    assert missed.debrief[1].flag_id == "urgency_deadline"
    everything = play(guard, catalog, "leave", {"code_ask": "upfront_fee", "again": "upfront_fee"}).result()
    assert everything.debrief[1].named is False and everything.takeaway == everything.debrief[1].safe
    assert catalogue["upfront_fee"].safe.en                    # the catalogue's safe response is what shows


def test_the_debrief_lists_every_red_flag_and_says_how_often_it_came(guard, catalog):
    result = play(guard, catalog, "leave", {"code_ask": "upfront_fee", "plain": ""}).result()
    items = [(i.kind, i.message_id, i.flag_id, i.caught, i.named, i.occurrence, i.occurrences)
             for i in result.debrief]
    assert items == [("red_flag", "code_ask", "upfront_fee", True, True, 1, 2),
                     ("red_flag", "code_ask", "urgency_deadline", True, False, 1, 1),
                     ("red_flag", "again", "upfront_fee", False, False, 2, 2),
                     ("trusted", "hello", None, False, False, 1, 1),
                     ("false_alarm", "plain", None, False, False, 1, 1)]
    fee = result.debrief[0]
    assert (fee.name, fee.message_text) == (catalog.red_flags["upfront_fee"].name.en, "Pay the fee now.")
    assert result.debrief[3].why == "A greeting."
    assert result.debrief[4].why and result.debrief[4].safe == "" and result.debrief[4].name


def test_a_false_alarm_on_a_message_with_a_note_explains_it_with_the_note(guard, catalog):
    result = play(guard, catalog, "leave", {"hello": ""}).result()
    (item,) = [i for i in result.debrief if i.kind == "false_alarm"]
    assert (item.message_id, item.why) == ("hello", "A greeting.")
    assert not [i for i in result.debrief if i.kind == "trusted"]


def test_an_endings_own_loss_wins_and_a_recovery_never_exceeds_it(guard, catalog):
    result = play(guard, catalog, "pay").result()
    assert (result.outcome, result.paid, result.loss, result.recovered, result.recovery_pending) == \
        ("scammed", 1000, 700, 200, True)
    assert result.score == round(40 * 0 + 20 * 1 + 0) and result.decisions == 0.0
    safe = play(guard, catalog, "leave").result()
    assert (safe.loss, safe.recovered, safe.recovery_pending, safe.received, safe.taken_back) == (0, 0, False, 0, 0)


def test_the_choices_clock_and_seed_are_recorded(guard, catalog):
    session = play(guard, catalog, "leave")
    result = session.result()
    assert [(c.step_id, c.choice_id, c.safe) for c in result.choices] == [("first", "leave", True)]
    assert result.clock == session.view().clock and result.seed == 1 and result.ending == "end_safe"
    assert (result.scenario, result.kind, result.feedback, result.region) == ("guard_result", "scam", "delayed", "CN")
    assert result.ending_debrief == "You kept your money."


def test_a_result_as_plain_data_writes_decimals_as_text_and_keeps_the_shape():
    assert plain(Decimal("12.90")) == "12.90"
    assert plain({"a": [Decimal("1.5"), (2, Decimal("3"))], "b": None}) == {"a": ["1.5", (2, "3")], "b": None}
    assert plain(7) == 7 and plain("x") == "x"


def test_the_result_dict_is_json_ready_and_complete(guard, catalog):
    result = play(guard, catalog, "pay").result()
    data = result.to_dict()
    assert json.loads(json.dumps(data))["score"] == result.score
    assert data["loss"] == 700 and data["messages"][0]["id"] == "code_ask"
    assert set(data) == set(result.__dataclass_fields__)


@pytest.mark.parametrize(("amount", "recovered", "pending"), [("0", 0, False), ("0.5", Decimal("0.5"), True)])
def test_a_recovery_below_one_is_what_the_ending_says_and_nothing_is_not_pending(catalog, amount, recovered,
                                                                                  pending):
    text = SCENARIO.replace("recover: {amount: 200, pending: true}", f"recover: {{amount: {amount}, pending: true}}")
    result = play(scenario_from_text(text, catalog), catalog, "pay").result()
    assert (result.loss, result.recovered, result.recovery_pending) == (700, recovered, pending)


def test_when_every_red_flag_was_named_the_takeaway_is_the_first_red_flags(catalog):
    one_flag = scenario_from_text(SCENARIO.replace("flags: [upfront_fee, urgency_deadline]",
                                                   "flags: [urgency_deadline]"), catalog)
    result = play(one_flag, catalog, "leave", {"code_ask": "urgency_deadline", "again": "upfront_fee",
                                               "hello": ""}).result()
    assert [i.kind for i in result.debrief] == ["red_flag", "red_flag", "false_alarm"]
    assert all(i.named for i in result.debrief if i.kind == "red_flag")
    assert result.takeaway == result.debrief[0].safe != ""
