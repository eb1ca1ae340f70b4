"""The closed registry of effects a choice or timeout may have.

A YAML key under `effects:` selects one function here; nothing else from a file is ever run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.scenario import Effects, Payment, Receipt
from game.scenario.money import Number, normalize

from .state import SessionState
from .views import DataGiven, Event, MoneyPaid, MoneyReceived


def amount(state: SessionState, value: Number | str) -> Number:
    """A number written in the scenario, or the current value of a number variable."""
    if not isinstance(value, str):
        return value
    if value == "paid":
        return state.paid
    return state.vars[value]


def _set(state: SessionState, changes: dict[str, int | str]) -> list[Event]:
    """`set: {warnings: 0, fee: next_fee}` — set number variables."""
    for name, value in changes.items():
        state.vars[name] = amount(state, value)
    return []


def _add(state: SessionState, changes: dict[str, int | str]) -> list[Event]:
    """`add: {warnings: 1}` — add to number variables (a negative number subtracts)."""
    for name, value in changes.items():
        state.vars[name] = normalize(state.vars[name] + amount(state, value))
    return []


def _pay(state: SessionState, value: int | str | None) -> list[Event]:
    """`pay: fee` — the player pays this much; it adds to the built-in `paid`."""
    if value is None:
        return []
    if isinstance(value, Payment):      # the long form `pay: {amount: fee, to: agent}`
        value = value.amount
    paid = max(0, amount(state, value))
    state.paid = normalize(state.paid + paid)
    return [MoneyPaid(paid, state.paid)] if paid else []


def _receive(state: SessionState, receipt: Receipt) -> list[Event]:
    """`receive: {amount: rebate, from: platform}` — money comes in to the player from a cast
    member. `clears: false`: it shows in the balance but is taken back later (a bounced cheque)."""
    value = max(0, amount(state, receipt.amount))
    if not value:
        return []
    state.received.append({"amount": value, "from": receipt.payer, "clears": receipt.clears,
                           "at": state.clock, "step_id": state.node})
    return [MoneyReceived(value, receipt.payer, receipt.clears)]


def _give(state: SessionState, items: tuple[str, ...]) -> list[Event]:
    """`give: [id_number, selfie]` — data the player hands over (each counted once)."""
    events: list[Event] = []
    for item in items:
        if item not in state.given:
            state.given.append(item)
            events.append(DataGiven(item))
    return events


EFFECTS: dict[str, Callable[[SessionState, Any], list[Event]]] = {
    "set": _set,
    "add": _add,
    "pay": _pay,
    "receive": _receive,
    "give": _give,
}


def apply(state: SessionState, effects: Effects) -> list[Event]:
    """Apply every effect in a fixed order: set, add, pay, receive, give."""
    events: list[Event] = []
    for name, function in EFFECTS.items():
        value = getattr(effects, name)
        if value:
            events += function(state, value)
    return events
