"""Saving and resuming: a session's state as plain JSON data, checked strictly on the way in.

A save refers to content by ID only. It is untrusted input: every field is type-checked and
every ID must exist in the scenario, or `SaveError` says what is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from game.scenario import LANGS, Catalog, Scenario

from .errors import SaveError
from .state import Delivery, SessionState

SAVE_VERSION = 2
_PAYMENT_KEYS = {"amount", "to", "at", "step_id", "thread", "choice_id", "taken"}


def dump(state: SessionState) -> dict[str, object]:
    data = asdict(state)
    return {"save_version": SAVE_VERSION, **data}


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


def load(data: Mapping[str, Any], scenario: Scenario, catalog: Catalog) -> SessionState:
    if not isinstance(data, Mapping):
        raise SaveError("the save is not a JSON object")
    if data.get("save_version") == 1:
        data = migrate_v1_to_v2(data)
    version = data.get("save_version")
    if version != SAVE_VERSION:
        raise SaveError(f"the save has version {version!r}; this game reads version {SAVE_VERSION}")
    if _need(data, "scenario_id", str) != scenario.id:
        raise SaveError(f"the save is for scenario {data['scenario_id']!r}, not {scenario.id!r}")
    if _need(data, "scenario_version", int) != scenario.version:
        raise SaveError(f"the save is for version {data['scenario_version']} of {scenario.id}; "
                        f"the scenario is now version {scenario.version}")
    lang = _need(data, "lang", str)
    if lang not in LANGS:
        raise SaveError(f"unknown language {lang!r} in the save")
    node = _need(data, "node", str)
    if node not in scenario.steps and node not in scenario.endings:
        raise SaveError(f"the save stands at {node!r}, which the scenario does not have")
    personas_raw = _need(data, "personas", dict)
    personas = {}
    for persona_lang in LANGS:
        members = personas_raw.get(persona_lang)
        if not isinstance(members, dict) or set(members) != set(scenario.cast):
            raise SaveError("the personas in the save do not match the scenario's cast")
        personas[persona_lang] = {m: _strings(f, "a persona") for m, f in members.items()}
    variables = _need(data, "vars", dict)
    if set(variables) != set(scenario.vars) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in variables.values()):
        raise SaveError("the variables in the save do not match the scenario")
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
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise SaveError(f"the {key} of message {message_id!r} in the save is malformed")
            amounts[key] = value
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
                or not isinstance(payment["amount"], int) or isinstance(payment["amount"], bool)
                or not isinstance(payment["at"], (int, float)) or not isinstance(payment["taken"], bool)
                or not all(isinstance(payment[k], str) for k in ("to", "step_id", "thread", "choice_id"))
                or (payment["to"] and payment["to"] not in scenario.cast)
                or payment["step_id"] not in scenario.steps):
            raise SaveError("a payment in the save is malformed")
    flag_log = _need(data, "flag_log", list)
    if not all(isinstance(entry, dict) for entry in flag_log):
        raise SaveError("the flag log in the save is malformed")
    return SessionState(
        scenario_id=scenario.id, scenario_version=scenario.version, seed=_need(data, "seed", int), lang=lang,
        node=node, personas=personas, vars=dict(variables), clock=float(_need(data, "clock", (int, float))),
        paid=_need(data, "paid", int), given=list(given), deliveries=deliveries, flags=flags,
        flag_log=list(flag_log), choices=list(choices), first_flags=first_flags, feedback=feedback,
        payments=[dict(p) for p in payments],
        choices_at=float(_need(data, "choices_at", (int, float))), revision=_need(data, "revision", int),
        ended=bool(_need(data, "ended", bool)))
