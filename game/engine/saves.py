"""Saving and resuming: a session's state as plain JSON data, checked strictly on the way in.

A save refers to content by ID only. It is untrusted input (a player can edit the file): its
shape goes through one strict model (`SaveModel`: pydantic, strict types, no NaN or infinities,
bounded numbers, lengths and times), then every ID must exist in the scenario, every variable
must be a value its declaration allows, the clocks must agree with each other and `ended` with
the step; or `SaveError` says what is wrong. Whatever passes can be viewed, played to an end,
scored and recorded.

A save also records the scenario's content hash (`content_hash`): resuming against a scenario
that changed under the same id and version raises `ScenarioChangedError`. A save from before
the hash (none recorded) is accepted when it passes every other check.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import asdict, fields, is_dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationError

from game.scenario import LANGS, Between, Catalog, Identity, NumberPick, Scenario, for_region
from game.scenario.money import dump as dump_number
from game.scenario.money import load as load_number

from .errors import SaveError
from .state import Delivery, SessionState

SAVE_VERSION = 4
TIMEOUT_CHOICE = "timeout"          # the choice id a timeout records (session.TIMEOUT)

#: Bounds on what a save may hold; a real session stays far inside them.
MAX_SECONDS = 10 ** 9               # any game clock or time in a save (about 31 years)
MAX_ITEMS = 100_000                 # entries in any list or mapping of a save
MAX_TEXT = 100_000                  # characters in any text of a save
MAX_SEED = 2 ** 63                  # a seed must fit a 64-bit integer (the records keep it)
_TOLERANCE = 1e-6                   # clocks are floats: sums of the same numbers may differ by a hair


class ScenarioChangedError(SaveError):
    """The save was made with other content under the same scenario id and version."""


@lru_cache(maxsize=64)
def _content_hash(scenario: Identity) -> str:
    return hashlib.sha256(repr(scenario.value).encode("utf-8")).hexdigest()


def content_hash(scenario: Scenario) -> str:
    """A digest of the scenario's validated content (its normalised model, not its file bytes:
    the same content from the cache or from the YAML has the same hash)."""
    return _content_hash(Identity(scenario))


def _amount(value: Any) -> Any:
    """A saved amount: a whole number, or a decimal written as text ("12.9"), within the limit."""
    if isinstance(value, str) and len(value) > 40:
        raise ValueError("not a saved amount")
    return load_number(value)


Amount = Annotated[Any, PlainValidator(_amount)]
Seconds = Annotated[float, Field(ge=0, le=MAX_SECONDS)]
Key = Annotated[str, Field(max_length=200)]
Words = Annotated[str, Field(max_length=MAX_TEXT)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False, frozen=True)


class DeliveryModel(_Strict):
    message_id: Key
    step_id: Key
    at: Seconds
    text: dict[Key, Words] = Field(min_length=1, max_length=64)
    payment: Amount | None = None
    balance: Amount | None = None


class ChoiceModel(_Strict):
    step_id: Key
    choice_id: Key
    text: Words
    at: Seconds
    safe: bool | None


class FlagEntryModel(_Strict):
    at: Seconds
    message_id: Key
    flag: Key | None


class PaymentModel(_Strict):
    amount: Amount
    to: Key
    at: Seconds
    step_id: Key
    thread: Key
    choice_id: Key
    taken: bool


class ReceivedModel(_Strict):
    model_config = ConfigDict(populate_by_name=False)

    amount: Amount
    sender: Key = Field(alias="from")
    clears: bool
    at: Seconds
    step_id: Key


class SaveModel(_Strict):
    """The shape of a save, checked without the scenario (IDs are checked against it after)."""

    save_version: Literal[4]
    scenario_id: Key
    scenario_version: int = Field(ge=0, le=10 ** 9)
    content_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    seed: int = Field(ge=-MAX_SEED, lt=MAX_SEED)
    lang: Key
    node: Key
    personas: dict[Key, dict[Key, dict[Key, Words]]] = Field(max_length=64)
    vars: dict[Key, Amount] = Field(max_length=MAX_ITEMS)
    clock: Seconds
    paid: Amount
    given: list[Key] = Field(max_length=MAX_ITEMS)
    deliveries: list[DeliveryModel] = Field(max_length=MAX_ITEMS)
    flags: dict[Key, Key] = Field(max_length=MAX_ITEMS)
    first_flags: dict[Key, Key] = Field(max_length=MAX_ITEMS)
    feedback: Literal["immediate", "delayed"]
    payments: list[PaymentModel] = Field(max_length=MAX_ITEMS)
    received: list[ReceivedModel] = Field(max_length=MAX_ITEMS)
    wallet: Amount | None
    flag_log: list[FlagEntryModel] = Field(max_length=MAX_ITEMS)
    choices: list[ChoiceModel] = Field(max_length=MAX_ITEMS)
    choices_at: Seconds
    revision: int = Field(ge=0, le=2 ** 53)
    ended: bool
    region: Key


def _problem(error: ValidationError) -> str:
    """The first thing wrong, as a short sentence naming where (never the value itself)."""
    first = error.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "the save"
    return f"'{where}' in the save: {first['msg']}"


def check_shape(data: object) -> SaveModel:
    """The save's shape, types and bounds (no scenario needed); SaveError if anything is off."""
    if not isinstance(data, Mapping):
        raise SaveError("the save is not a JSON object")
    try:
        return SaveModel.model_validate(dict(data))
    except ValidationError as error:
        raise SaveError(_problem(error)) from None
    except (RecursionError, MemoryError):
        raise SaveError("the save is nested too deeply") from None


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


def dump(state: SessionState, scenario: Scenario | None = None) -> dict[str, object]:
    """The state as plain JSON data; with `scenario`, its content hash too (see `load`)."""
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
    saved = {"save_version": SAVE_VERSION, **data}
    if scenario is not None:
        saved["content_hash"] = content_hash(scenario)
    return saved


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
    """The state a save holds, checked against `scenario`: SaveError (ScenarioChangedError when
    the scenario's content changed since) if anything does not fit."""
    if not isinstance(data, Mapping):
        raise SaveError("the save is not a JSON object")
    try:
        if data.get("save_version") == 1:
            data = migrate_v1_to_v2(data)
        if data.get("save_version") == 2:
            data = migrate_v2_to_v3(data)
        if data.get("save_version") == 3:
            data = migrate_v3_to_v4(data)
    except (TypeError, AttributeError, ValueError):     # an old save too broken to upgrade
        raise SaveError("the save is too old and malformed to upgrade") from None
    version = data.get("save_version")
    if version != SAVE_VERSION:
        raise SaveError(f"the save has version {version!r}; this game reads version {SAVE_VERSION}")
    save = check_shape(data)
    if save.scenario_id != scenario.id:
        raise SaveError(f"the save is for scenario {save.scenario_id!r}, not {scenario.id!r}")
    if save.scenario_version != scenario.version:
        raise SaveError(f"the save is for version {save.scenario_version} of {scenario.id}; "
                        f"the scenario is now version {scenario.version}")
    if save.content_hash is not None and save.content_hash != content_hash(scenario):
        raise ScenarioChangedError(f"{scenario.id} changed since the save was made")
    if save.region not in scenario.regions:
        raise SaveError(f"the save is for region {save.region!r}, where {scenario.id} does not play")
    languages = tuple(dict.fromkeys((*LANGS, *save.personas)))
    if save.lang not in languages:
        raise SaveError(f"unknown language {save.lang!r} in the save")
    node = save.node
    if node not in scenario.steps and node not in scenario.endings:
        raise SaveError(f"the save stands at {node!r}, which the scenario does not have")
    if save.ended != (node in scenario.endings):
        raise SaveError("the save says the session has ended, but not at an ending" if save.ended
                        else "the save stands at an ending but says the session goes on")
    personas = {}
    for persona_lang in languages:
        members = save.personas.get(persona_lang)
        if members is None or set(members) != set(scenario.cast):
            raise SaveError("the personas in the save do not match the scenario's cast")
        personas[persona_lang] = {m: dict(f) for m, f in members.items()}
    variables = _variables(save.vars, data["vars"], scenario, save.region)
    messages = {m.id: step_id for step_id, step in scenario.steps.items() for m in step.messages}
    deliveries = []
    last = 0.0
    for raw in save.deliveries:
        if messages.get(raw.message_id) != raw.step_id:
            raise SaveError(f"the save mentions an unknown message {raw.message_id!r}")
        if save.lang not in raw.text or not set(raw.text) <= set(languages):
            raise SaveError(f"the text of message {raw.message_id!r} in the save is missing or in an unknown language")
        if raw.at < last - _TOLERANCE:
            raise SaveError("the messages in the save arrive out of order")
        last = raw.at
        deliveries.append(Delivery(raw.message_id, raw.step_id, float(raw.at), dict(raw.text),
                                   payment=raw.payment, balance=raw.balance))
    for what, flags in (("flags", save.flags), ("first flags", save.first_flags)):
        for message_id, flag_id in flags.items():
            if message_id not in messages or (flag_id and flag_id not in catalog.red_flags):
                raise SaveError(f"the {what} of the save name an unknown message or red flag "
                                f"({message_id!r}, {flag_id!r})")
    if not all(item in catalog.data_items for item in save.given):
        raise SaveError("the data items in the save are unknown")
    for entry in save.flag_log:
        if entry.message_id not in messages or (entry.flag and entry.flag not in catalog.red_flags):
            raise SaveError(f"the flag log of the save names an unknown message or red flag ({entry.message_id!r})")
    clock = save.clock
    _check_times(save, scenario)
    for payment in save.payments:
        if (payment.to and payment.to not in scenario.cast) or payment.step_id not in scenario.steps:
            raise SaveError("a payment in the save is malformed")
    for record in save.received:
        if record.sender not in scenario.cast or record.step_id not in scenario.steps:
            raise SaveError("money received in the save is malformed")
        if record.amount < 0:
            raise SaveError("money received in the save is negative")
    if "wallet" not in data:
        raise SaveError("the save has no 'wallet'")
    wallet = save.wallet
    if scenario.wallet is not None and wallet is None:      # a save from before the scenario had a wallet
        start = scenario.wallet.start
        wallet = max(0, variables.get(start, 0) if isinstance(start, str) else start)
    elif scenario.wallet is None:
        wallet = None
    return SessionState(
        scenario_id=scenario.id, scenario_version=scenario.version, seed=save.seed, lang=save.lang,
        node=node, personas=personas, vars=variables, clock=float(clock), paid=save.paid, given=list(save.given),
        deliveries=deliveries, flags=dict(save.flags),
        flag_log=[entry.model_dump() for entry in save.flag_log],
        choices=[choice.model_dump() for choice in save.choices], first_flags=dict(save.first_flags),
        feedback=save.feedback, payments=[payment.model_dump() for payment in save.payments],
        received=[{**record.model_dump(exclude={"sender"}), "from": record.sender} for record in save.received],
        wallet=wallet, choices_at=float(save.choices_at), revision=save.revision, ended=save.ended,
        region=save.region)


def _variables(saved: Mapping[str, Any], raw: Mapping[str, Any], scenario: Scenario,
               region: str) -> dict[str, Any]:
    """The saved variables, each a value its declaration (in the save's region) allows: a text
    variable holds the index of one of its words; a number is within the money limit (effects
    may move it anywhere, so no narrower range holds)."""
    if set(saved) != set(scenario.vars):
        raise SaveError("the variables in the save do not match the scenario")
    for name, value in saved.items():
        spec = for_region(scenario.vars[name], region)
        if isinstance(spec, (int, Decimal, Between, NumberPick)):
            continue
        if type(raw[name]) is not int or not 0 <= value < len(spec.pick):
            raise SaveError(f"the variable {name!r} in the save is not one of its words")
    return dict(saved)


def _check_times(save: SaveModel, scenario: Scenario) -> None:
    """Flags and choices were made at or before the clock, in order; a step with a timeout has
    not been left waiting past it (a session's `tick` never stops there)."""
    last = 0.0
    for entry in save.flag_log:
        if entry.at < last - _TOLERANCE or entry.at > save.clock + _TOLERANCE:
            raise SaveError("the flag log in the save is out of order or ahead of the clock")
        last = entry.at
    last = 0.0
    for choice in save.choices:
        step = scenario.steps.get(choice.step_id)
        if step is None or (choice.choice_id != TIMEOUT_CHOICE and all(c.id != choice.choice_id for c in step.choices)):
            raise SaveError(f"the save records an unknown choice {choice.choice_id!r}")
        if choice.at < last - _TOLERANCE or choice.at > save.clock + _TOLERANCE:
            raise SaveError("the choices in the save are out of order or ahead of the clock")
        last = choice.at
    step = scenario.steps.get(save.node)
    if step is not None and step.timeout is not None and not save.ended \
            and save.clock > save.choices_at + step.timeout.after + _TOLERANCE:
        raise SaveError("the clock in the save is past the step's timeout")
