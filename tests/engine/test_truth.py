"""What the screen is told is true: payees and amounts as data, threads per sender, facts that
survive a language switch, time-outs that say what happened, and immediate feedback that
cannot be gamed."""

from __future__ import annotations

import json

import pytest

from game.engine import FakerPersonas, FixedPersonas, SaveError, Session, TimedOut, scoring
from tests.conftest import scenario_from_text

FIXED = FixedPersonas()


def _to_fee_step(session: Session) -> None:
    session.tick(10)
    session.choose("open_ad")
    session.tick(10)


def test_a_paying_choice_names_the_payee_and_amount_of_the_message_that_asked(tiny, catalog):
    session = Session(tiny, catalog, seed=4, personas=FakerPersonas())
    _to_fee_step(session)
    view = session.view()
    asked = next(m for m in view.messages if m.id == "fee_demand").payment
    mule = session._state.personas["en"]["mule"]
    fee = session._state.vars["fee"]
    assert asked is not None
    assert (asked.payee, asked.card_tail, asked.amount, asked.currency) == (mule["name"], mule["card"], fee, "CNY")
    pay = next(c for c in view.choices if c.id == "pay")
    assert pay.payment == asked and pay.cost == fee
    assert next(c for c in view.choices if c.id == "refuse").payment is None
    session.choose("pay")
    sent = session.view().payments
    assert len(sent) == 1 and sent[0].payment == asked and sent[0].choice_id == "pay"
    assert sent[0].thread == next(m for m in view.messages if m.id == "fee_demand").thread
    assert session.view().paid == fee


def test_the_long_form_of_pay_names_its_own_payee(catalog):
    text = (TINY_PATH.read_text(encoding="utf-8")
            .replace("        payment: {amount: fee, to: mule}\n", "")
            .replace("effects: {pay: fee, give: [id_number]}", "effects: {pay: {amount: fee, to: agent}}"))
    scenario = scenario_from_text(text, catalog)
    session = Session(scenario, catalog, seed=1, personas=FIXED)
    _to_fee_step(session)
    pay = next(c for c in session.view().choices if c.id == "pay")
    assert pay.payment.payee == "Agent Name" and pay.payment.amount == session._state.vars["fee"]


def test_language_is_a_view_and_the_facts_stay(tiny, catalog):
    session = Session(tiny, catalog, seed=9, lang="en", personas=FakerPersonas())
    _to_fee_step(session)
    english = next(m for m in session.view().messages if m.id == "fee_demand")
    session.set_lang("zh")
    chinese = next(m for m in session.view().messages if m.id == "fee_demand")
    assert english.text != chinese.text
    assert english.payment == chinese.payment                     # payee, card, amount: the same
    for fact in (english.payment.payee, english.payment.card_tail, f"{english.payment.amount:,}"):
        assert fact in english.text and fact in chinese.text
    assert english.sender_name == chinese.sender_name


def test_the_result_renders_in_either_language_with_the_same_figures(tiny, catalog):
    session = Session(tiny, catalog, seed=2, lang="en", personas=FakerPersonas())
    _to_fee_step(session)
    session.flag("fee_demand", "upfront_fee")
    session.choose("pay")
    english, chinese = session.result(), session.result("zh")
    assert english.lang == "en" and chinese.lang == "zh"
    assert [m.text for m in english.messages] != [m.text for m in chinese.messages]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese.ending_debrief)
    assert [i.why for i in english.debrief] != [i.why for i in chinese.debrief]
    for field in ("score", "loss", "paid", "hits", "misses", "false_alarms", "d_prime", "criterion", "given"):
        assert getattr(english, field) == getattr(chinese, field), field


def test_a_timeout_says_what_happened(tiny, catalog):
    session = Session(tiny, catalog, seed=1, personas=FIXED)
    _to_fee_step(session)
    events = session.tick(120)
    timed_out = [e for e in events if isinstance(e, TimedOut)]
    assert timed_out and timed_out[0].note == "You did not answer, and the agent stopped writing."


def _flag_everything_then_unflag_the_fine_ones(session: Session) -> None:
    session.tick(10)
    for message in session.view().messages:
        session.flag(message.id, "")
    for message in session.view().messages:
        feedback = session.feedback(message.id)
        if feedback.verdict == "false_alarm":
            session.unflag(message.id)


@pytest.mark.parametrize("mode", ["immediate", "delayed"])
def test_immediate_feedback_cannot_be_gamed_by_flagging_everything(tiny, catalog, mode):
    gamer = Session(tiny, catalog, seed=1, personas=FIXED, feedback=mode)
    _flag_everything_then_unflag_the_fine_ones(gamer)
    honest = Session(tiny, catalog, seed=1, personas=FIXED, feedback=mode)
    honest.tick(10)
    honest.flag("ad_text", "")
    for session in (gamer, honest):
        session.choose("use_bank")
    gamed, fair = gamer.result(), honest.result()
    if mode == "immediate":
        assert gamed.score < fair.score and gamed.false_alarms == 1
        ad_hours = next(m for m in gamed.messages if m.id == "ad_hours")
        assert ad_hours.flagged == "" and ad_hours.final_flag is None       # both are kept for the debrief
    else:   # with feedback only at the end, changing your mind is just changing your mind
        assert gamed.score == fair.score


def test_in_immediate_mode_the_first_flag_is_the_one_scored(tiny, catalog):
    session = Session(tiny, catalog, seed=1, personas=FIXED, feedback="immediate")
    session.tick(10)
    session.flag("ad_text", "urgency_deadline")      # wrong name first
    assert session.feedback("ad_text").named_right is False
    session.flag("ad_text", "too_easy_credit")       # then the right one, after seeing the answer
    assert session.view().messages[0].first_flag == "urgency_deadline"
    assert session.feedback("ad_text").named_right is False
    session.choose("use_bank")
    result = session.result()
    assert result.feedback == "immediate"
    assert result.messages[0].flagged == "urgency_deadline" and result.messages[0].final_flag == "too_easy_credit"
    assert result.named_correctly == 0


THREADS = """
format: 1
id: inline
kind: scam
category: test
difficulty: 1
title: {en: "T", zh: "T"}
summary: {en: "S", zh: "S"}
sources: ["test"]
cast:
  school: {role: genuine, name: {en: "Careers Office", zh: "就业指导中心"}}
  faker: {role: scammer, name: phone_number}
  club: {role: scammer, name: {en: "Golden Bull Club", zh: "金牛俱乐部"}}
  teacher: {role: scammer, name: name}
  fan: {role: accomplice, name: name}
start: texts
steps:
  texts:
    channel: sms
    with: school
    messages:
      - {id: real, from: school, text: {en: "Fair on Friday.", zh: "周五招聘会。"}, note: {en: "n", zh: "n"}}
      - {id: fake, from: faker, text: {en: "Pay the fee.", zh: "交费。"}, flags: [upfront_fee]}
    choices:
      - {id: go, text: {en: "Go", zh: "去"}, to: group}
  group:
    channel: chat
    thread: club_chat
    with: club
    messages:
      - {id: tip, from: teacher, text: {en: "Buy now.", zh: "快买。"}, flags: [guaranteed_high_returns]}
      - {id: cheer, from: fan, text: {en: "I made money!", zh: "我赚了！"}}
    choices:
      - {id: leave, text: {en: "Leave", zh: "退出"}, to: private}
  private:
    channel: chat
    thread: teacher_chat
    with: teacher
    messages:
      - {id: added, from: club, text: {en: "You added Teacher.", zh: "你添加了老师。"}, note: {en: "n", zh: "n"}}
      - {id: hello, from: teacher, text: {en: "Hello.", zh: "你好。"}, note: {en: "n", zh: "n"}}
    choices:
      - {id: bye, text: {en: "Bye", zh: "再见"}, to: done, safe: true}
endings:
  done: {outcome: safe, debrief: {en: "ok", zh: "好"}}
"""


def test_each_sender_has_a_thread_and_a_group_is_headed_by_its_name(catalog):
    scenario = scenario_from_text(THREADS, catalog)
    session = Session(scenario, catalog, seed=1, personas=FIXED)
    session.tick(10)
    view = session.view()
    by_id = {m.id: m for m in view.messages}
    assert by_id["real"].thread != by_id["fake"].thread
    titles = {t.id: t.title for t in view.threads}
    assert titles[by_id["real"].thread] == "Careers Office" and titles[by_id["fake"].thread] == "Faker Name"
    session.choose("go")
    session.tick(10)
    view = session.view()
    group = next(t for t in view.threads if t.id == "club_chat")
    assert group.group and group.title == "Golden Bull Club"
    assert not any(t.group for t in view.threads if t.id != "club_chat")
    session.choose("leave")
    session.tick(10)
    private = next(t for t in session.view().threads if t.id == "teacher_chat")
    assert not private.group and private.title == "Teacher Name"     # a one-to-one chat with an app notice


def test_a_message_left_alone_explains_why_it_could_be_trusted(tiny, catalog):
    session = Session(tiny, catalog, seed=1, personas=FIXED)
    session.tick(10)
    session.choose("use_bank")
    trusted = [i for i in session.result().debrief if i.kind == "trusted"]
    assert [(i.message_id, i.why) for i in trusted] == [("ad_hours", "Opening hours are ordinary.")]


def test_saves_keep_payments_first_flags_and_the_feedback_mode(tiny, catalog):
    session = Session(tiny, catalog, seed=3, personas=FIXED, feedback="immediate")
    _to_fee_step(session)
    session.flag("fee_demand", "urgency_deadline")
    session.flag("fee_demand", "upfront_fee")
    session.choose("pay")
    data = json.loads(json.dumps(session.to_json()))
    resumed = Session.from_json(tiny, catalog, data)
    assert resumed.view() == session.view()
    assert resumed.result() == session.result()
    broken = dict(data, payments=[{"amount": "lots"}])
    with pytest.raises(SaveError, match="payment"):
        Session.from_json(tiny, catalog, broken)


def test_a_version_1_save_is_migrated(tiny, catalog):
    session = Session(tiny, catalog, seed=3, personas=FIXED)
    session.tick(10)
    session.flag("ad_text", "upfront_fee")
    session.flag("ad_text", "too_easy_credit")
    data = session.to_json()
    old = {k: v for k, v in data.items() if k not in ("first_flags", "feedback", "payments")}
    old["save_version"] = 1
    old["deliveries"] = [{k: v for k, v in d.items() if k not in ("payment", "balance")} for d in data["deliveries"]]
    resumed = Session.from_json(tiny, catalog, old)
    assert resumed.feedback_mode == "delayed"
    assert resumed.view().messages[0].first_flag == "upfront_fee"
    assert resumed.view().messages[0].flag == "too_easy_credit"


from tests.conftest import FIXTURES  # noqa: E402

TINY_PATH = FIXTURES / "valid" / "tiny_loan.yaml"


def test_a_safe_ending_after_handing_over_a_secret_counts_as_partial_and_says_why(catalog):
    text = TINY_PATH.read_text(encoding="utf-8").replace(
        "      - id: refuse\n        text: {en: \"Refuse and report\", zh: \"拒绝并举报\"}\n        to: end_safe\n",
        "      - id: refuse\n        text: {en: \"Refuse and report\", zh: \"拒绝并举报\"}\n        to: end_safe\n"
        "        effects: {give: [verification_code]}\n")
    assert "give: [verification_code]" in text
    scenario = scenario_from_text(text, catalog)
    assert "verification_code" in catalog.secrets and "id_number" not in catalog.secrets
    session = Session(scenario, catalog, seed=1, personas=FIXED)
    _to_fee_step(session)
    session.choose("refuse")
    result = session.result()
    assert scenario.endings[result.ending].outcome == "safe"
    assert result.outcome == "partial" and result.lowered_by == ("verification_code",)
    assert result.decisions == pytest.approx(0.5 * (1 - scoring.DATA_PENALTY))   # partial, less one item given
    from game.text.debrief import format_result
    shown = format_result(result, {k: v.en for k, v in catalog.data_items.items()})
    assert "On the way you handed over: SMS verification code." in shown
    assert "You stayed safe." not in shown
    honest = Session(scenario, catalog, seed=1, personas=FIXED)      # the same ending without the secret
    honest.tick(10)
    honest.choose("use_bank")
    assert honest.result().outcome == "safe" and honest.result().lowered_by == ()


def test_a_message_can_say_why_its_red_flag_is_one_here(catalog):
    specific = ('        why:\n          upfront_fee: {en: "A lender takes fees out of the loan, never before it, {agent.name}.",'
                ' zh: "正规贷款的费用从放款里扣，从不先收。"}\n')
    text = TINY_PATH.read_text(encoding="utf-8").replace(
        "        payment: {amount: fee, to: mule}\n", "        payment: {amount: fee, to: mule}\n" + specific)
    scenario = scenario_from_text(text, catalog)
    session = Session(scenario, catalog, seed=1, personas=FIXED, feedback="immediate")
    _to_fee_step(session)
    session.flag("fee_demand", "upfront_fee")
    assert session.feedback("fee_demand").line == "A lender takes fees out of the loan, never before it, Agent Name."
    session.choose("refuse")
    whys = {i.flag_id: i.why for i in session.result().debrief if i.message_id == "fee_demand"}
    assert whys["upfront_fee"] == "A lender takes fees out of the loan, never before it, Agent Name."
    assert whys["urgency_deadline"] == catalog.red_flags["urgency_deadline"].why.en    # no override: the catalogue
    assert {i.flag_id: i.why for i in session.result("zh").debrief
            if i.message_id == "fee_demand"}["upfront_fee"] == "正规贷款的费用从放款里扣，从不先收。"


def test_a_why_for_a_red_flag_the_message_does_not_carry_is_reported(catalog):
    from game.scenario import check_scenario_bytes

    text = TINY_PATH.read_text(encoding="utf-8").replace(
        "        payment: {amount: fee, to: mule}\n",
        "        payment: {amount: fee, to: mule}\n        why: {upfront_fees: {en: \"x\", zh: \"x\"}}\n")
    _, problems = check_scenario_bytes("tiny_loan.yaml", text.encode(), catalog)
    found = [p for p in problems if p.code == "RF035"]
    assert found and "upfront_fees" in found[0].message and "upfront_fee" in found[0].hint


def test_a_red_flag_that_comes_back_is_explained_once(scenarios, catalog):
    from game.text.debrief import format_result

    scenario = scenarios["loan_fee_trap"]
    for seed in range(40):           # a run where one fee after another is missed
        session = Session(scenario, catalog, seed=seed, personas=FIXED)
        from game.engine import walk
        import random as _random
        walk(session, _random.Random(seed))
        result = session.result()
        repeated = [i for i in result.debrief if i.kind == "red_flag" and i.occurrences > 1]
        if repeated:
            break
    assert repeated, "no run repeated a red flag"
    first = next(i for i in repeated if i.occurrence == 1)
    group = [i for i in repeated if (i.flag_id, i.why) == (first.flag_id, first.why)]
    assert [i.occurrence for i in group] == list(range(1, first.occurrences + 1))
    text = format_result(result, {k: v.en for k, v in catalog.data_items.items()})
    assert text.count(first.why[:30]) == 1                              # the explanation, once
    assert f"{first.name} × {first.occurrences}" in text
    assert text.count("explained above") == sum(i.occurrence > 1 for i in result.debrief if i.kind == "red_flag")


def test_a_message_can_say_what_to_do_instead_for_its_red_flag(catalog):
    from game.scenario import check_scenario_bytes

    specific = ('        instead:\n          upfront_fee: {en: "Tell {agent.name} no and keep your {fee}.",'
                ' zh: "拒绝{agent.name}，留住你的{fee}元。"}\n')
    text = TINY_PATH.read_text(encoding="utf-8").replace(
        "        payment: {amount: fee, to: mule}\n", "        payment: {amount: fee, to: mule}\n" + specific)
    scenario = scenario_from_text(text, catalog)
    session = Session(scenario, catalog, seed=1, personas=FIXED)
    _to_fee_step(session)
    session.choose("refuse")
    safes = {i.flag_id: i.safe for i in session.result().debrief if i.message_id == "fee_demand"}
    fee = session._state.vars["fee"]
    assert safes["upfront_fee"] == f"Tell Agent Name no and keep your {fee:,}."
    assert safes["urgency_deadline"] == catalog.red_flags["urgency_deadline"].safe.en   # no override: the catalogue
    wrong = text.replace("          upfront_fee: {en: \"Tell", "          upfront_fees: {en: \"Tell")
    _, problems = check_scenario_bytes("tiny_loan.yaml", wrong.encode(), catalog)
    assert any(p.code == "RF035" and "'instead'" in p.message for p in problems)
