"""What a trainee's browser receives: the same views the window shows, and never the answer key
before the debrief (no red flags, no roles, no choice safety, no money that will bounce)."""

from __future__ import annotations

import json
import random

import pytest

from game.engine import Session, TeachingPolicy
from game.locale import format_money, language_codes, words
from game.web import wire
from game.web.classroom import Classroom
from tests.web.helpers import make_room, open_class, send, step

#: Keys that would tell a trainee what is a scam, or how it ends, before the debrief.
ANSWER_KEYS = {"flags", "safe", "clears", "verdict", "role", "kind", "why", "note", "named_right", "credit",
               "loss", "hits", "misses", "debrief", "ending", "correct"}


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


@pytest.fixture
def room(tmp_path, catalog, scenarios) -> Classroom:
    return make_room(tmp_path, catalog, scenarios)


@pytest.mark.parametrize("scenario_id", ["loan_fee_trap", "pig_butchering", "overpayment_cheque", "licensed_lender",
                                         "first_steps", "fake_refund_cs"])
def test_nothing_the_browser_gets_before_the_debrief_gives_the_answer_away(room, scenario_id):
    klass = open_class(room, (scenario_id,), region="US")
    trainee = room.join(klass.code, "Ann", "en")
    rng = random.Random(2)
    state = room.state(trainee.id)
    checked = 0
    while not state["view"]["ended"]:
        sent = json.dumps(state)
        leaked = _keys(state) & ANSWER_KEYS
        assert not leaked, f"{leaked} in a state before the debrief"
        assert state["feedback"] == {} and state["result"] is None
        assert '"scam"' not in sent and '"legit"' not in sent
        checked += 1
        state = step(room, trainee.id, state, rng)
    assert checked >= 2
    assert state["result"] is not None and state["result"]["cards"]       # the debrief tells all


def test_immediate_feedback_speaks_only_of_messages_already_flagged(room):
    klass = open_class(room, ("loan_fee_trap",), feedback="immediate")
    trainee = room.join(klass.code, "Ann", "en")
    state = room.state(trainee.id)
    while state["view"]["waiting"]:
        state = send(room, trainee.id, state, op="skip")
    messages = [m["id"] for m in state["view"]["messages"] if m["flaggable"]]
    assert len(messages) >= 2 and state["feedback"] == {}
    state = send(room, trainee.id, state, op="flag", message=messages[0], flag="")
    assert set(state["feedback"]) == {messages[0]}
    assert state["feedback"][messages[0]]["verdict"] in ("hit", "false_alarm")


def test_money_reaches_the_browser_as_the_scenario_says(room, catalog, scenarios):
    """Every payment a choice or message shows: amount, currency and payee are the engine's,
    and the text is that amount written in the trainee's language."""
    klass = open_class(room, ("loan_fee_trap",), seed=21)
    for lang in language_codes():
        trainee = room.join(klass.code, f"T{lang}", lang)
        rng, policy = random.Random(4), TeachingPolicy("scam")
        state = room.state(trainee.id)
        seen = 0
        while not state["view"]["ended"]:
            row = room.store.trainee(trainee.id)
            session = Session.from_json(scenarios["loan_fee_trap"], catalog, row.session, words=words)
            engine = session.view()
            for shown, truth in ((c["payment"], c_.payment) for c, c_ in zip(state["view"]["choices"],
                                                                              engine.choices)):
                assert (shown is None) == (truth is None)
                if truth is not None:
                    seen += 1
                    assert (shown["amount"], shown["currency"], shown["payee"]) == (truth.amount, truth.currency,
                                                                                    truth.payee)
                    assert shown["amount_text"] == format_money(truth.amount, truth.currency, lang)
            assert state["view"]["paid"] == engine.paid
            assert state["view"]["paid_text"] == format_money(engine.paid, engine.currency, lang)
            scam_way = policy.choose(session) if engine.choices else None      # down the path that pays
            state = send(room, trainee.id, state, op="choose", choice=scam_way) if scam_way else \
                step(room, trainee.id, state, rng, flag_rate=0.2)
        assert seen > 0 and state["view"]["paid"] > 0


def test_money_that_will_bounce_looks_like_any_other_until_the_end(catalog, scenarios):
    session = Session(scenarios["overpayment_cheque"], catalog, seed=3, region="US", words=words,
                      languages=tuple(language_codes()))
    policy = TeachingPolicy("scam")                 # the way the cheque arrives and bounces
    bounced = False
    while not session.ended:
        view = session.view()
        data = wire.view_json(view)
        for shown, truth in zip(data["received"], view.received):
            assert "clears" not in shown and shown["amount"] == truth.amount
            bounced = bounced or not truth.clears
        if view.waiting:
            session.tick(session.seconds_until_next_message())
        else:
            session.choose(policy.choose(session))
    assert bounced and session.result().taken_back > 0
