"""Every transfer in every shipped scenario names exactly the payee and amount of the message that
asked for it, and the payment the player makes is recorded with that payee and amount.

The walk is exhaustive: from the start, every available choice and every timeout is followed
(each branch on a copy of the session, made through a save), so every paying choice the story can
reach is checked in the state where the player meets it, with Faker and fixed personas, in both
languages.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from game.engine import FakerPersonas, FixedPersonas, Session
from game.scenario import Payment

PERSONAS = {"fixed": FixedPersonas(), "faker": FakerPersonas()}
RUNS = (("fixed", "en", 3), ("faker", "zh", 5))
ACCOUNT_FIELDS = ("card", "card_tail", "account")


def _copy(session: Session) -> Session:
    return Session.from_json(session.scenario, session.catalog, json.loads(json.dumps(session.to_json())))


def _settle(session: Session) -> None:
    """Let every message of the current step arrive."""
    if not session.ended:
        session.tick(session.seconds_until_choices())


def _states(scenario, catalog, personas, lang: str, seed: int) -> Iterator[Session]:
    """Every distinct state in which the player can choose (step, variables, money paid)."""
    region = scenario.regions[seed % len(scenario.regions)]         # the runs take the regions in turn
    start = Session(scenario, catalog, seed=seed, lang=lang, personas=personas, region=region)
    assert start.currency == catalog.regions[region].currency
    _settle(start)
    todo, seen = [start], set()
    while todo:
        session = todo.pop()
        if session.ended:
            continue
        state = session._state
        key = (state.node, tuple(sorted(state.vars.items())), state.paid)
        if key in seen:
            continue
        seen.add(key)
        yield session
        for choice in session.view().choices:
            branch = _copy(session)
            branch.choose(choice.id)
            _settle(branch)
            todo.append(branch)
        left = session.seconds_until_timeout()
        if left is not None:
            branch = _copy(session)
            branch.tick(left + 0.001)
            _settle(branch)
            todo.append(branch)


def _asking_message(session: Session, spec: Payment):
    """The view of the message that asked for this amount: in the step itself if one there does,
    else the latest one the player has seen (a long-form `pay:` after the request came earlier)."""
    view = session.view()
    models = {m.id: m for s in session.scenario.steps.values() for m in s.messages}
    asking = [m for m in view.messages
              if models[m.id].payment is not None and models[m.id].payment.amount == spec.amount]
    here = [m for m in asking if m.step_id == session.step_id]
    return (here or asking or [None])[-1]


def _expected_from_cast(session: Session, spec: Payment):
    fields = session._state.personas[session.lang][spec.to]
    amount = spec.amount if isinstance(spec.amount, int) else session._state.vars[spec.amount]
    return (fields["name"], fields.get("card") or fields.get("card_tail", ""), fields.get("account", ""), amount)


def _check_paying_choices(session: Session, checked: set[tuple[str, str]]) -> None:
    step = session.scenario.steps[session.step_id]
    view = session.view()
    models = {c.id: c for c in step.choices}
    for choice in view.choices:
        model = models[choice.id]
        if model.effects.pay is None:
            assert choice.payment is None and choice.cost == 0, (session.scenario.id, session.step_id, choice.id)
            continue
        where = (session.scenario.id, session.step_id, choice.id, session.lang)
        spec = step.payment_for(model.effects)
        assert spec is not None, where
        paid = choice.payment
        assert paid is not None and paid.amount > 0 and paid.currency == view.currency == session.currency, where
        assert choice.cost == paid.amount, where
        assert paid.payee, where
        assert (paid.payee, paid.card_tail, paid.account, paid.amount) == _expected_from_cast(session, spec), where
        asked = _asking_message(session, spec)
        if isinstance(model.effects.pay, str) or asked is not None:
            # a bare `pay: fee` always has its request in the step; a long form may point back to one
            assert asked is not None, where
            assert asked.payment == paid, where
        after = _copy(session)
        before = len(after.view().payments)
        after.choose(choice.id)
        sent = after.view().payments
        assert len(sent) == before + 1, where
        record = sent[-1]
        assert record.payment == paid, where
        assert (record.step_id, record.choice_id) == (session.step_id, choice.id), where
        assert after.view().paid == view.paid + paid.amount, where
        checked.add((session.step_id, choice.id))


def _check_paying_timeout(session: Session, checked: set[tuple[str, str]]) -> None:
    step = session.scenario.steps[session.step_id]
    if step.timeout is None or step.timeout.effects.pay is None:
        return
    spec = step.payment_for(step.timeout.effects)
    asked = _asking_message(session, spec)
    after = _copy(session)
    after.tick(after.seconds_until_timeout() + 0.001)
    record = after.view().payments[-1]
    assert asked is not None and record.payment == asked.payment, (session.scenario.id, session.step_id)
    checked.add((session.step_id, "timeout"))


def _paying_actions(scenario) -> set[tuple[str, str]]:
    actions = {(sid, c.id) for sid, step in scenario.steps.items() for c in step.choices if c.effects.pay is not None}
    actions |= {(sid, "timeout") for sid, step in scenario.steps.items()
                if step.timeout is not None and step.timeout.effects.pay is not None}
    return actions


def test_every_paying_choice_names_the_payee_and_amount_of_the_request(scenarios, catalog):
    for scenario in scenarios.values():
        paying = _paying_actions(scenario)
        for source, lang, seed in RUNS:
            checked: set[tuple[str, str]] = set()
            for session in _states(scenario, catalog, PERSONAS[source], lang, seed):
                _check_paying_choices(session, checked)
                _check_paying_timeout(session, checked)
            assert checked == paying, (scenario.id, source, paying - checked)


def test_every_request_for_money_shows_its_payee_and_amount(scenarios, catalog):
    """Each message that asks for money carries a payee and an amount once it is on screen."""
    for scenario in scenarios.values():
        asking = {m.id for step in scenario.steps.values() for m in step.messages if m.payment is not None}
        shown: set[str] = set()
        for session in _states(scenario, catalog, PERSONAS["faker"], "en", 7):
            for message in session.view().messages:
                if message.id in asking:
                    assert message.payment is not None and message.payment.payee and message.payment.amount > 0
                    assert message.payment.currency == session.currency
                    shown.add(message.id)
                else:
                    assert message.payment is None, (scenario.id, message.id)
        assert shown == asking, (scenario.id, asking - shown)


def _holders(session: Session) -> dict[str, str]:
    """Cast members money can be sent to (they have a card or an account), by name."""
    fields = session._state.personas[session.lang]
    return {member: values["name"] for member, values in fields.items()
            if "name" in values and ("card" in values or "card_tail" in values or "account" in values)}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_request_never_names_someone_else_as_the_account_holder(scenarios, catalog, lang):
    """If the words of a request name an account holder ("card ending …"), the money goes to them."""
    for scenario in scenarios.values():
        models = {m.id: m for step in scenario.steps.values() for m in step.messages}
        for session in _states(scenario, catalog, PERSONAS["fixed"], lang, 2):
            holders = _holders(session)
            fields = session._personas(lang)
            for message in session.view().messages:
                spec = models[message.id].payment
                if spec is None:
                    continue
                named = {member for member, name in holders.items() if name in message.text}
                named |= {member for member, values in fields.items()
                          if any(values.get(key) and values[key] in message.text for key in ACCOUNT_FIELDS)}
                assert named <= {spec.to}, (scenario.id, message.id, named, spec.to)
