"""Money coming in (`receive`), the player's wallet, a recovery at an ending and the in-person
channel, in the engine: amounts (decimals too), events, the loss arithmetic, unavailable
choices, saves. The fixture tests/fixtures/format2/rebate_wallet.yaml is a "pay to earn" task."""

from __future__ import annotations

import json
import random
from decimal import Decimal

import pytest

from game.engine import (
    EngineError,
    FixedPersonas,
    MoneyPaid,
    MoneyReceived,
    ReasonView,
    SaveError,
    Session,
    walk,
)
from tests.conftest import FIXTURES, scenario_from_text

TEXT = (FIXTURES / "format2" / "rebate_wallet.yaml").read_text(encoding="utf-8")
FIXED = FixedPersonas()


@pytest.fixture(scope="module")
def rebate(catalog):
    return scenario_from_text(TEXT, catalog)


def make(scenario, catalog, region="GB", lang="en") -> Session:
    return Session(scenario, catalog, seed=3, lang=lang, personas=FIXED, region=region)


def play(session: Session, *choices: str) -> list:
    """Take `choices` in order, letting the messages of each step arrive first; all events."""
    events = []
    for choice in choices:
        session.tick(session.seconds_until_choices())
        events += session.choose(choice)
    session.tick(session.seconds_until_choices())
    return events


def test_money_received_comes_in_as_an_event_a_view_and_a_balance(rebate, catalog):
    session = make(rebate, catalog)
    assert session.view().balance == 100 and session.view().received == ()
    events = play(session, "pay_small")
    when = session.clock
    events += play(session, "take_rebate")
    assert MoneyPaid(Decimal("12.9"), Decimal("12.9")) in events
    assert MoneyReceived(Decimal("16.4"), "agent", True) in events
    view = session.view()
    (received,) = view.received
    assert (received.amount, received.currency, received.payer, received.clears) == (
        Decimal("16.4"), "GBP", "Agent Name", True)
    assert received.step_id == "rebate" and received.thread == "chat:agent"
    assert received.at == when
    assert view.balance == Decimal("103.5")                 # 100 − 12.90 + 16.40
    assert view.paid == Decimal("12.9")


def test_the_default_loss_is_what_was_paid_less_what_came_in_and_cleared(rebate, catalog):
    session = make(rebate, catalog)
    play(session, "pay_small", "take_rebate", "pay_part")   # 12.90 + 80 paid, 16.40 back
    result = session.result()
    assert (result.paid, result.received, result.loss) == (Decimal("92.9"), Decimal("16.4"), Decimal("76.5"))
    assert result.taken_back == 0
    # the ending recovers `part` (80), but never more than was lost
    assert (result.recovered, result.recovery_pending) == (Decimal("76.5"), True)


def test_money_that_does_not_clear_shows_in_the_balance_but_never_reduces_the_loss(rebate, catalog):
    session = make(rebate, catalog)
    play(session, "pay_small", "take_rebate", "take_cheque")
    view = session.view()
    assert [r.clears for r in view.received] == [True, False]
    assert view.balance == Decimal("703.5")                  # the £600 cheque is "available"
    assert next(c for c in view.choices if c.id == "send_on").available
    play(session, "send_on")
    result = session.result()
    assert result.taken_back == 600 and result.received == Decimal("16.4")
    assert result.loss == Decimal("596.5")                  # 612.90 paid − 16.40 that cleared
    assert session.view().balance == Decimal("-496.5")      # once it is over, the cheque is taken back


def test_an_endings_own_loss_still_wins(rebate, catalog):
    text = TEXT.replace("    debrief: {en: \"The cheque bounced.\"", "    loss: small\n    debrief: {en: \"The cheque bounced.\"")
    assert text != TEXT
    session = make(scenario_from_text(text, catalog), catalog)
    play(session, "pay_small", "take_rebate", "take_cheque", "send_on")
    assert session.result().loss == Decimal("12.9")


def test_a_returned_recovery_is_not_pending(rebate, catalog):
    text = TEXT.replace("recover: {amount: part, pending: true}", "recover: {amount: small}")
    assert text != TEXT
    session = make(scenario_from_text(text, catalog), catalog)
    play(session, "pay_small", "take_rebate", "pay_part")
    result = session.result()
    assert (result.recovered, result.recovery_pending) == (Decimal("12.9"), False)


def test_a_rebate_larger_than_what_was_paid_is_no_loss_and_nothing_is_recovered(rebate, catalog):
    session = make(rebate, catalog)
    play(session, "pay_small", "take_rebate")               # 12.90 paid, 16.40 back
    session.tick(61)                                        # the timer: the officer at the door
    play(session, "tell_all")
    result = session.result()
    assert result.loss == 0 and result.recovered == 0 and not result.recovery_pending


def test_a_choice_the_wallet_cannot_pay_is_shown_unavailable_with_its_reason(rebate, catalog):
    session = make(rebate, catalog)
    play(session, "pay_small", "take_rebate")
    choices = {c.id: c for c in session.view().choices}
    assert list(choices) == ["pay_big", "pay_part", "take_cheque"]       # shown, in order, numbered
    assert [c.number for c in choices.values()] == [1, 2, 3]
    big = choices["pay_big"]
    assert not big.available and big.cost == 600
    assert big.reason == ReasonView("play.unaffordable_keep",
                                    (("cost", "£600"), ("balance", "£103.50"), ("min", "£12.50")))
    assert choices["pay_part"].available and choices["pay_part"].reason is None
    with pytest.raises(EngineError, match="wallet"):
        session.choose("pay_big")
    assert session.step_id == "big_task"


def test_the_reason_without_a_minimum_and_in_the_players_language(rebate, catalog):
    scenario = scenario_from_text(TEXT.replace("wallet: {start: savings, min: keep}", "wallet: {start: savings}"),
                                  catalog)
    session = make(scenario, catalog, region="CN", lang="zh")
    play(session, "pay_small", "take_rebate")
    big = session.view().choices[0]
    assert big.reason == ReasonView("play.unaffordable", (("cost", "¥5,000"), ("balance", "¥803.50")))


def test_keeping_the_minimum_exactly_is_allowed(rebate, catalog):
    # 103.50 − 80 = 23.50 ≥ 12.50; with min 23.5 exactly, still allowed; with 23.51 not.
    for least, allowed in (("23.5", True), ("23.51", False)):
        text = TEXT.replace("GB: 12.5}", f"GB: {least}}}")
        session = make(scenario_from_text(text, catalog), catalog)
        play(session, "pay_small", "take_rebate")
        assert next(c for c in session.view().choices if c.id == "pay_part").available is allowed, least


def test_a_timeout_still_runs_when_a_choice_is_unaffordable(rebate, catalog):
    session = make(rebate, catalog)
    play(session, "pay_small", "take_rebate")
    session.tick(61)
    assert session.step_id == "door" and session.view().channel == "in_person"


def test_without_a_wallet_there_is_no_balance_and_every_choice_is_available(tiny, catalog):
    session = Session(tiny, catalog, seed=1, personas=FIXED)
    session.tick(10)
    view = session.view()
    assert view.balance is None and all(c.available and c.reason is None for c in view.choices)


def test_the_wallet_starts_from_a_variable_per_region(rebate, catalog):
    assert make(rebate, catalog, region="CN").view().balance == 800
    assert make(rebate, catalog, region="US").view().balance == 120


def test_an_in_person_scene_is_one_conversation_headed_by_who_is_there(rebate, catalog):
    session = make(rebate, catalog)
    play(session, "pay_small", "take_rebate")
    session.tick(61)
    session.tick(session.seconds_until_choices())
    view = session.view()
    thread = next(t for t in view.threads if t.channel == "in_person")
    assert (thread.id, thread.title, thread.detail) == ("in_person:officer", "Officer Lee", "Community police officer")
    assert [m.id for m in view.messages if m.thread == thread.id] == ["d_knock", "d_warn", "d_reply"]


def test_saves_keep_money_received_the_wallet_and_decimal_amounts(rebate, catalog):
    session = make(rebate, catalog)
    play(session, "pay_small", "take_rebate", "take_cheque")
    data = json.loads(json.dumps(session.to_json()))       # plain JSON: decimals travel as text
    assert data["save_version"] == 4
    assert data["paid"] == "12.9" and data["wallet"] == 100
    assert [(r["amount"], r["from"], r["clears"]) for r in data["received"]] == [("16.4", "agent", True),
                                                                                  (600, "agent", False)]
    resumed = Session.from_json(rebate, catalog, data)
    assert resumed.view() == session.view()
    for game in (session, resumed):
        play(game, "send_on")
    assert resumed.result() == session.result()


def test_a_save_with_malformed_money_received_is_refused(rebate, catalog):
    session = make(rebate, catalog)
    play(session, "pay_small", "take_rebate")
    good = json.loads(json.dumps(session.to_json()))
    record = good["received"][0]
    for bad in ({**record, "from": "stranger"}, {**record, "amount": 1.5}, {**record, "amount": "-3"},
                {**record, "clears": "yes"}, {k: v for k, v in record.items() if k != "at"}):
        with pytest.raises(SaveError):
            Session.from_json(rebate, catalog, {**good, "received": [bad]})
    with pytest.raises(SaveError):
        Session.from_json(rebate, catalog, {**good, "wallet": 12.75})


def test_a_version_3_save_resumes_with_nothing_received_and_the_wallet_worked_out(rebate, catalog):
    session = make(rebate, catalog)
    play(session, "pay_small")
    old = json.loads(json.dumps(session.to_json()))
    old["save_version"] = 3
    del old["received"], old["wallet"]
    resumed = Session.from_json(rebate, catalog, old)
    assert resumed.view().received == () and resumed.view().balance == Decimal("87.1")


def test_every_path_of_the_fixture_ends(rebate, catalog):
    for seed in range(40):
        for region in rebate.regions:
            record = walk(make(rebate, catalog, region=region), random.Random(seed))
            assert record.error is None and record.ending in rebate.endings, (seed, region, record.error)
