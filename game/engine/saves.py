"""Saving and resuming: a session's state as plain JSON data, checked strictly on the way in.

A save refers to content by ID only. It is untrusted input: every field is type-checked and
every ID must exist in the scenario, or `SaveError` says what is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, fields, is_dataclass
from typing import Any

from game.scenario import LANGS, Catalog, Scenario
from game.scenario.money import dump as dump_number
from game.scenario.money import load as load_number

from .errors import SaveError
from .state import Delivery, SessionState

SAVE_VERSION = 4
_PAYMENT_KEYS = {"amount", "to", "at", "step_id", "thread", "choice_id", "taken"}
_RECEIVED_KEYS = {"amount", "from", "clears", "at", "step_id"}


_STATE_FIELDS = tuple(f.name for f in fields(SessionState))
_DELIVERY_FIELDS = tuple(f.name for f in fields(Delivery))
_LEAVES = frozenset({str, int, float, bool, type(None)})


def _copy(value: Any) -> Any:
    """What `dataclasses.asdict` makes of a state's value, without its generic deep copy (a
    classroom saves every trainee's session after every command): containers copied, a
    Delivery as a dict, everything else (str, numbers, None) shared."""
    kind = type(value)
    if kind in _LEAVES:
        return value
    if kind is dict:
        return {k: _copy(v) for k, v in value.items()}
    if kind is list:
        return [_copy(v) for v in value]
    if kind is tuple:
        return tuple(_copy(v) for v in value)
    if kind is Delivery:
        return {name: _copy(getattr(value, name)) for name in _DELIVERY_FIELDS}
    if is_dataclass(value):
        return asdict(value)
    return value


def dump(state: SessionState) -> dict[str, object]:
    data = {name: _copy(getattr(state, name)) for name in _STATE_FIELDS}
    data["paid"] = dump_number(state.paid)
    data["vars"] = {k: dump_number(v) for k, v in state.vars.items()}
    for delivery in data["deliveries"]:
        for key in ("payment", "balance"):
            if delivery[key] is not None:
                delivery[key] = dump_number(delivery[key])
    for record in data["payments"] + data["received"]:
        record["amount"] = dump_number(record["amount"])
    if state.wallet is not None:
        data["wallet"] = dump_number(state.wallet)
    return {"save_version": SAVE_VERSION, **data}


def _number(value: Any, what: str) -> Any:
    """A saved amount: a whole number, or a decimal written as text ("12.9")."""
    try:
        return load_number(value)
    except ValueError:
        raise SaveError(f"{what} in the save is not a number") from None


def _need(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    if key not in data:
        raise SaveError(f"the save has no '{key}'")
    value = data[key]
    if isinstance(value, bool) and kind in (int, float, (int, float)):
        raise SaveError(f"'{key}' in the save has the wrong type")
    if not isinstance(value, kind):
        raise SaveError(f"'{key}' in the save has the wrong type")
    return value


def _strings(value: Any, what: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise SaveError(f"{what} in the save is malformed")
    return dict(value)


def migrate_v1_to_v2(data: Mapping[str, Any]) -> dict[str, Any]:
    """Version 2 added the first flag of each message (scored in immediate-feedback mode), the
    feedback mode, the payments made (with their payee) and the amounts a message shows. A
    version-1 save was played with delayed feedback; its payees were never recorded."""
    upgraded = dict(data)
    first: dict[str, str] = {}
    for entry in data.get("flag_log") or []:
        if isinstance(entry, dict) and isinstance(entry.get("flag"), str) and isinstance(entry.get("message_id"), str):
            first.setdefault(entry["message_id"], entry["flag"])
    upgraded.update(save_version=2, first_flags=first, feedback="delayed", payments=[])
    return upgraded


def migrate_v2_to_v3(data: Mapping[str, Any]) -> dict[str, Any]:
    """Version 3 added the region; every earlier game was played in CN (yuan, zh_CN personas)."""
    return {**data, "save_version": 3, "region": "CN"}


def migrate_v3_to_v4(data: Mapping[str, Any]) -> dict[str, Any]:
    """Version 4 added money coming in (`receive`) and the wallet. Nothing came in before; the
    wallet (if the scenario now has one) is worked out from the saved variables on loading."""
    return {**data, "save_version": 4, "received": [], "wallet": None}


def load(data: Mapping[str, Any], scenario: Scenario, catalog: Catalog) -> SessionState:
    if not isinstance(data, Mapping):
        raise SaveError("the save is not a JSON object")
    if data.get("save_version") == 1:
        data = migrate_v1_to_v2(data)
    if data.get("save_version") == 2:
        data = migrate_v2_to_v3(data)
    if data.get("save_version") == 3:
        data = migrate_v3_to_v4(data)
    version = data.get("save_version")
    if version != SAVE_VERSION:
        raise SaveError(f"the save has version {version!r}; this game reads version {SAVE_VERSION}")
    if _need(data, "scenario_id", str) != scenario.id:
        raise SaveError(f"the save is for scenario {data['scenario_id']!r}, not {scenario.id!r}")
    if _need(data, "scenario_version", int) != scenario.version:
        raise SaveError(f"the save is for version {data['scenario_version']} of {scenario.id}; "
                        f"the scenario is now version {scenario.version}")
    region = _need(data, "region", str)
    if region not in scenario.regions:
        raise SaveError(f"the save is for region {region!r}, where {scenario.id} does not play")
    lang = _need(data, "lang", str)
    personas_raw = _need(data, "personas", dict)
    languages = tuple(dict.fromkeys((*LANGS, *(k for k in personas_raw if isinstance(k, str)))))
    if lang not in languages:
        raise SaveError(f"unknown language {lang!r} in the save")
    node = _need(data, "node", str)
    if node not in scenario.steps and node not in scenario.endings:
        raise SaveError(f"the save stands at {node!r}, which the scenario does not have")
    personas = {}
    for persona_lang in languages:
        members = personas_raw.get(persona_lang)
        if not isinstance(members, dict) or set(members) != set(scenario.cast):
            raise SaveError("the personas in the save do not match the scenario's cast")
        personas[persona_lang] = {m: _strings(f, "a persona") for m, f in members.items()}
    variables = _need(data, "vars", dict)
    if set(variables) != set(scenario.vars):
        raise SaveError("the variables in the save do not match the scenario")
    variables = {name: _number(value, f"the variable {name!r}") for name, value in variables.items()}
    messages = {m.id: step_id for step_id, step in scenario.steps.items() for m in step.messages}
    deliveries = []
    for raw in _need(data, "deliveries", list):
        if not isinstance(raw, dict):
            raise SaveError("a delivered message in the save is malformed")
        message_id = _need(raw, "message_id", str)
        if messages.get(message_id) != _need(raw, "step_id", str):
            raise SaveError(f"the save mentions an unknown message {message_id!r}")
        amounts = {}
        for key in ("payment", "balance"):
            value = raw.get(key)
            amounts[key] = None if value is None else _number(value, f"the {key} of message {message_id!r}")
        deliveries.append(Delivery(message_id, raw["step_id"], float(_need(raw, "at", (int, float))),
                                   _strings(_need(raw, "text", dict), "a message text"), **amounts))
    flags = _strings(_need(data, "flags", dict), "the flags")
    for message_id, flag_id in flags.items():
        if message_id not in messages or (flag_id and flag_id not in catalog.red_flags):
            raise SaveError(f"the save flags an unknown message or red flag ({message_id!r}, {flag_id!r})")
    given = _need(data, "given", list)
    if not all(isinstance(item, str) and item in catalog.data_items for item in given):
        raise SaveError("the data items in the save are unknown")
    choices = _need(data, "choices", list)
    for choice in choices:
        if not isinstance(choice, dict) or set(choice) != {"step_id", "choice_id", "text", "at", "safe"}:
            raise SaveError("a recorded choice in the save is malformed")
    first_flags = _strings(_need(data, "first_flags", dict), "the first flags")
    for message_id, flag_id in first_flags.items():
        if message_id not in messages or (flag_id and flag_id not in catalog.red_flags):
            raise SaveError(f"the save flags an unknown message or red flag ({message_id!r}, {flag_id!r})")
    feedback = _need(data, "feedback", str)
    if feedback not in ("immediate", "delayed"):
        raise SaveError(f"unknown feedback mode {feedback!r} in the save")
    payments = _need(data, "payments", list)
    for payment in payments:
        if (not isinstance(payment, dict) or set(payment) != _PAYMENT_KEYS
                or not isinstance(payment["at"], (int, float)) or not isinstance(payment["taken"], bool)
                or not all(isinstance(payment[k], str) for k in ("to", "step_id", "thread", "choice_id"))
                or (payment["to"] and payment["to"] not in scenario.cast)
                or payment["step_id"] not in scenario.steps):
            raise SaveError("a payment in the save is malformed")
    payments = [{**p, "amount": _number(p["amount"], "a payment")} for p in payments]
    received = _need(data, "received", list)
    for record in received:
        if (not isinstance(record, dict) or set(record) != _RECEIVED_KEYS
                or not isinstance(record["at"], (int, float)) or isinstance(record["at"], bool)
                or not isinstance(record["clears"], bool)
                or not all(isinstance(record[k], str) for k in ("from", "step_id"))
                or record["from"] not in scenario.cast or record["step_id"] not in scenario.steps):
            raise SaveError("money received in the save is malformed")
    received = [{**r, "amount": _number(r["amount"], "money received")} for r in received]
    if any(r["amount"] < 0 for r in received):
        raise SaveError("money received in the save is negative")
    if "wallet" not in data:
        raise SaveError("the save has no 'wallet'")
    wallet = None if data["wallet"] is None else _number(data["wallet"], "the wallet")
    if scenario.wallet is not None and wallet is None:      # a save from before the scenario had a wallet
        start = scenario.wallet.start
        wallet = max(0, variables.get(start, 0) if isinstance(start, str) else start)
    elif scenario.wallet is None:
        wallet = None
    flag_log = _need(data, "flag_log", list)
    if not all(isinstance(entry, dict) for entry in flag_log):
        raise SaveError("the flag log in the save is malformed")
    return SessionState(
        scenario_id=scenario.id, scenario_version=scenario.version, seed=_need(data, "seed", int), lang=lang,
        node=node, personas=personas, vars=dict(variables), clock=float(_need(data, "clock", (int, float))),
        paid=_number(data.get("paid"), "the money paid"), given=list(given), deliveries=deliveries, flags=flags,
        flag_log=list(flag_log), choices=list(choices), first_flags=first_flags, feedback=feedback,
        payments=[dict(p) for p in payments], received=received, wallet=wallet,
        choices_at=float(_need(data, "choices_at", (int, float))), revision=_need(data, "revision", int),
        ended=bool(_need(data, "ended", bool)), region=region)
