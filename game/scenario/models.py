"""Typed, immutable models of scenario files and the red-flag catalogue (format v1).

Structure only: cross-references (targets, flag IDs, placeholders, reachability) are checked
in `checks.py`, which works on the raw data so that one pass reports every problem.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)

from .outcomes import OUTCOME_NAMES

ID_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
NonEmpty = Annotated[str, StringConstraints(min_length=1, max_length=4000, strip_whitespace=True)]

LANGS = ("en", "zh")
CHANNELS = ("search_ad", "chat", "sms", "call", "web", "app", "bank_transfer", "email")
Channel = Literal["search_ad", "chat", "sms", "call", "web", "app", "bank_transfer", "email"]
Outcome = Literal[OUTCOME_NAMES]          # the rows of outcomes.OUTCOMES
Role = Literal["scammer", "accomplice", "genuine", "bystander"]
BUILTIN_SENDERS = ("player", "narrator")
BUILTIN_VARS = ("paid",)

#: Persona fields Faker (or our own seeded code) can fill, in both languages.
FAKER_FIELDS = (
    "name", "first_name", "last_name", "phone_number", "company", "city", "email",
    "user_name", "job", "bank", "domain", "odd_domain", "card_tail", "overseas_phone",
)
FakerField = Literal[
    "name", "first_name", "last_name", "phone_number", "company", "city", "email",
    "user_name", "job", "bank", "domain", "odd_domain", "card_tail", "overseas_phone",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)


class Text(Strict):
    """A player-facing text in every language."""

    en: NonEmpty
    zh: NonEmpty

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class TextPick(Strict):
    """One of several texts, chosen by the seed."""

    pick: tuple[Text, ...] = Field(min_length=1, max_length=200, strict=False)


class NumberPick(Strict):
    pick: tuple[int, ...] = Field(min_length=1, max_length=200, strict=False)


class Between(Strict):
    """A whole number in [low, high], a multiple of `step` above `low`, chosen by the seed."""

    between: tuple[int, int] = Field(strict=False)
    step: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> "Between":
        if self.between[0] > self.between[1]:
            raise ValueError("the first number of 'between' must not be larger than the second")
        return self


def _field_kind(value: Any) -> str:
    if isinstance(value, str):
        return "faker_kind"
    if isinstance(value, dict) and "pick" in value:
        return "pick_text"
    return "fixed_text"


FieldSpec = Annotated[
    Annotated[FakerField, Tag("faker_kind")]
    | Annotated[Text, Tag("fixed_text")]
    | Annotated[TextPick, Tag("pick_text")],
    Discriminator(_field_kind),
]


class CastMember(Strict):
    """A person or organisation. Every key besides `role` is a persona field."""

    role: Role
    fields: dict[Id, FieldSpec] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _collect_fields(cls, data: Any) -> Any:
        if isinstance(data, dict):
            shaped: dict[str, Any] = {"fields": {k: v for k, v in data.items() if k != "role"}}
            if "role" in data:
                shaped["role"] = data["role"]
            return shaped
        return data


def _var_kind(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return "number"
    if isinstance(value, dict) and "between" in value:
        return "between"
    if isinstance(value, dict) and isinstance(value.get("pick"), list) and value["pick"] \
            and all(isinstance(item, int) and not isinstance(item, bool) for item in value["pick"]):
        return "number_pick"
    if isinstance(value, dict) and "pick" in value:
        return "text_pick"
    return "number"


VarSpec = Annotated[
    Annotated[int, Tag("number")]
    | Annotated[Between, Tag("between")]
    | Annotated[NumberPick, Tag("number_pick")]
    | Annotated[TextPick, Tag("text_pick")],
    Discriminator(_var_kind),
]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?\s*[smhd]\s*)+$")
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: Any) -> Any:
    """`90`, `"45s"`, `"30m"`, `"3h"`, `"2d"`, `"1d 6h"` → seconds. Other input passes through."""
    if isinstance(value, str):
        if not _DURATION.match(value):
            raise ValueError(f"'{value}' is not a duration; write seconds (90) or e.g. \"45s\", \"30m\", \"3h\", \"2d\", \"1d 6h\"")
        return float(sum(float(n) * _UNIT[u] for n, u in _DURATION_PART.findall(value)))
    return value


Duration = Annotated[float, BeforeValidator(parse_duration), Field(ge=0, le=366 * 86400)]
Deadline = Annotated[float, BeforeValidator(parse_duration), Field(gt=0, le=7 * 86400)]
Amount = int | Id  # a number, or the name of a number variable


class Compare(Strict):
    eq: int | None = None
    ne: int | None = None
    lt: int | None = None
    lte: int | None = None
    gt: int | None = None
    gte: int | None = None

    @model_validator(mode="after")
    def _one(self) -> "Compare":
        if all(getattr(self, op) is None for op in ("eq", "ne", "lt", "lte", "gt", "gte")):
            raise ValueError("a condition needs one of eq, ne, lt, lte, gt, gte")
        return self

    def holds(self, value: int) -> bool:
        return ((self.eq is None or value == self.eq) and (self.ne is None or value != self.ne)
                and (self.lt is None or value < self.lt) and (self.lte is None or value <= self.lte)
                and (self.gt is None or value > self.gt) and (self.gte is None or value >= self.gte))


def _condition_kind(value: Any) -> str:
    return "compare" if isinstance(value, dict) else "equals"


Condition = Annotated[
    Annotated[int, Tag("equals")] | Annotated[Compare, Tag("compare")],
    Discriminator(_condition_kind),
]


class Payment(Strict):
    """Money going to someone: `{amount: fee, to: agent}`. The payee's name, account, card tail
    and bank are read from that cast member's fields (`name`, `account`, `card`, `bank`)."""

    amount: Amount
    to: Id
    how: Literal["transfer", "taken"] = "transfer"   # taken: it leaves with no transfer of yours (a code read out)


Look = Literal["permission", "button", "field", "link", "notice"]
LOOKS = ("permission", "button", "field", "link", "notice")


class Effects(Strict):
    pay: Amount | Payment | None = None
    give: tuple[Id, ...] = Field(default=(), strict=False)
    set: dict[Id, Amount] = Field(default_factory=dict)
    add: dict[Id, Amount] = Field(default_factory=dict)


class Message(Strict):
    id: Id
    sender: Id = Field(alias="from")
    text: Text
    flags: tuple[Id, ...] = Field(default=(), strict=False)
    note: Text | None = None
    delay: float = Field(default=2.0, ge=0, le=3600)
    payment: Payment | None = None   # this message asks the player to send money to someone
    balance: Amount | None = None    # a balance the page shows; a thread's balances make its chart
    look: Look | None = None         # how a web or app page shows it (a permission dialog, a button, …)
    why: dict[Id, Text] = Field(default_factory=dict)   # per red flag: why it is one *here* (overrides the catalogue)


class Choice(Strict):
    id: Id
    text: Text
    to: Id
    when: dict[Id, Condition] = Field(default_factory=dict)
    effects: Effects = Effects()
    safe: bool | None = None


class Timeout(Strict):
    after: Deadline
    to: Id
    effects: Effects = Effects()
    note: Text | None = None         # what the player is told when time runs out ("The agent moved on.")


class Step(Strict):
    channel: Channel
    gap: Duration = 0.0
    thread: Id | None = None
    counterpart: Id | None = Field(default=None, alias="with")
    messages: tuple[Message, ...] = Field(min_length=1, max_length=200, strict=False)
    choices: tuple[Choice, ...] = Field(default=(), max_length=12, strict=False)
    timeout: Timeout | None = None

    def payment_for(self, effects: Effects) -> Payment | None:
        """Where the money of `effects` goes: `pay: {amount, to}` says it; a bare `pay: fee`
        goes where the last message of this step that asks for `fee` says (None if none does)."""
        pay = effects.pay
        if pay is None or isinstance(pay, Payment):
            return pay
        return next((m.payment for m in reversed(self.messages)
                     if m.payment is not None and m.payment.amount == pay), None)


class Ending(Strict):
    outcome: Outcome
    title: Text | None = None
    loss: Amount | None = None
    debrief: Text


class Scenario(Strict):
    format: Literal[1]
    id: Id
    version: int = Field(default=1, ge=1)
    kind: Literal["scam", "legit"]
    category: Id
    resembles: Id | None = None
    difficulty: int = Field(ge=1, le=3)
    title: Text
    summary: Text
    sources: tuple[NonEmpty, ...] = Field(min_length=1, strict=False)
    starts_at: Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] = "20:00"
    cast: dict[Id, CastMember] = Field(min_length=1)
    vars: dict[Id, VarSpec] = Field(default_factory=dict)
    start: Id
    steps: dict[Id, Step] = Field(min_length=1, max_length=500)
    endings: dict[Id, Ending] = Field(min_length=1, max_length=100)

    def node(self, node_id: str) -> Step | Ending:
        return self.steps.get(node_id) or self.endings[node_id]


class RedFlag(Strict):
    group: Literal["contact", "identity", "offer", "money", "data", "pressure"]
    name: Text
    why: Text
    safe: Text
    sources: tuple[NonEmpty, ...] = Field(min_length=1, strict=False)


class Catalog(Strict):
    """The red-flag catalogue plus the data items a player can give away."""

    format: Literal[1]
    red_flags: dict[Id, RedFlag] = Field(min_length=1)
    data_items: dict[Id, Text] = Field(min_length=1)
    #: Data items that let someone take money on their own (a code, a PIN): an ending the scenario
    #: calls "safe" counts as "partial" when the player handed one over on the way.
    secrets: tuple[Id, ...] = Field(default=(), strict=False)

    @model_validator(mode="after")
    def _secrets_are_data_items(self) -> "Catalog":
        unknown = [item for item in self.secrets if item not in self.data_items]
        if unknown:
            raise ValueError(f"secrets names {', '.join(unknown)}, which data_items does not have")
        return self


#: Every key the format knows, for "did you mean" hints on typos.
KNOWN_KEYS = sorted({
    *Scenario.model_fields, *Step.model_fields, "with", "from", *Message.model_fields,
    *Choice.model_fields, *Timeout.model_fields, *Ending.model_fields, *Effects.model_fields,
    *Compare.model_fields, "role", "pick", "between", "step", *LANGS, *RedFlag.model_fields,
    *Catalog.model_fields, *Payment.model_fields,
} - {"sender", "counterpart", "fields"})
