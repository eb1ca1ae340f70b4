"""Typed, immutable models of scenario files, the red-flag catalogue, regions and facts.

Scenario format 2 adds `regions:`, money shown in the region's currency, decimal amounts,
per-region values and `fact:`, money coming in (`receive`), a partial recovery at an ending
(`recover`), the player's own money (`wallet`) and the `in_person` channel; format 1 files are
read as format 2 files for the CN region.

Structure only: cross-references (targets, flag IDs, placeholders, reachability) are checked
in `checks.py`, which works on the raw data so that one pass reports every problem.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cached_property
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

from .messages import Fault, Term
from .money import LIMIT, Number, to_number
from .outcomes import OUTCOME_NAMES

ID_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
NonEmpty = Annotated[str, StringConstraints(min_length=1, max_length=4000, strip_whitespace=True)]

LANGS = ("en", "zh")          # every scenario text has these; more languages may be added beside them
LANG_PATTERN = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]{2,8})?$")
REGION_PATTERN = r"^[A-Z]{2}$"
RegionId = Annotated[str, StringConstraints(pattern=REGION_PATTERN)]
CURRENCY_PATTERN = r"^[A-Z]{3}$"
FAKER_LOCALE_PATTERN = r"^[a-z]{2}_[A-Z]{2}$"
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
FORMATS = (1, 2)
CHANNELS = ("search_ad", "chat", "sms", "call", "web", "app", "bank_transfer", "email", "in_person")
Channel = Literal["search_ad", "chat", "sms", "call", "web", "app", "bank_transfer", "email", "in_person"]
Outcome = Literal[OUTCOME_NAMES]          # the rows of outcomes.OUTCOMES
Role = Literal["scammer", "accomplice", "genuine", "bystander"]
KINDS = ("scam", "legit")
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
    """A player-facing text in every language: `en` and `zh` always, other languages (any code
    a locale file exists for) beside them. A language the text lacks falls back to English."""

    model_config = ConfigDict(extra="allow", frozen=True, strict=True, populate_by_name=True)

    en: NonEmpty
    zh: NonEmpty

    @model_validator(mode="after")
    def _languages(self) -> "Text":
        for code, value in (self.model_extra or {}).items():
            if not LANG_PATTERN.match(code):
                raise Fault("language_code", code=code)
            if not isinstance(value, str) or not value.strip():
                raise Fault("language_text_empty", code=code)
        return self

    def get(self, lang: str) -> str:
        if lang == "zh":
            return self.zh
        if lang != "en" and self.model_extra and lang in self.model_extra:
            return self.model_extra[lang]
        return self.en

    def has(self, lang: str) -> bool:
        return lang in ("en", "zh") or bool(self.model_extra and lang in self.model_extra)


class TextPick(Strict):
    """One of several texts, chosen by the seed."""

    pick: tuple[Text, ...] = Field(min_length=1, max_length=200, strict=False)


# -- limits: every number in a file is bounded (docs/scenario-format.md, "Limits") ------------
MAX_VERSION = 1_000_000
MIN_TIMEOUT = 1.0                 # seconds: a timeout that loops back cannot fire faster than this
MAX_TIMEOUT = 7 * 86400
MAX_GAP = 366 * 86400
MAX_DELAY = 3600
MAX_CAST = 100
MAX_CHOICES = 12
MAX_VARS = 200
MAX_LIST = 50                     # sources, money, give, set, add
MAX_FLAGS = 20                    # red flags on one message; conditions of one choice
#: A number written with this many digits or more is refused before Python converts it: its
#: int-to-text conversion refuses 4,300 digits and more, and every limit above is far shorter.
_HUGE_DIGITS = 16
_DIGITS = re.compile(r"^\s*[-+]?\d[\d_]*(\.\d*)?\s*$")


def shown_number(value: object) -> str:
    """A number as a message quotes it: in full when short, else its first and last digits
    (`99999999999…9999`), so a 4,300-digit number makes a short, clean message."""
    try:
        text = value.strip() if isinstance(value, str) else str(value)
    except ValueError:            # more than 4,300 digits: str() itself refuses it
        return "…"
    return text if len(text) <= 24 else f"{text[:12]}…{text[-4:]}"


def huge_number(value: Any) -> bool:
    """A number (or a text of digits, as YAML leaves numbers too long to convert) far beyond
    every limit of the format."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) >= 10 ** _HUGE_DIGITS
    if isinstance(value, str) and _DIGITS.match(value):
        return len(value.strip().lstrip("+-").split(".")[0].replace("_", "")) >= _HUGE_DIGITS
    return False


def _number(value: Any) -> Any:
    """Numbers from a file: whole numbers, or decimals with at most two places (12.9)."""
    if huge_number(value):
        raise Fault("number_too_large", value=shown_number(value), limit=f"{LIMIT:,}")
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        try:
            return to_number(value)
        except ValueError:
            raise _number_fault(value) from None
    return value


def _number_fault(value: int | float | Decimal) -> Fault:
    """Why `to_number` refused a number, as a Fault (its own sentences are English only)."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        return Fault("number_invalid", value=str(value))
    if abs(number) > LIMIT:
        return Fault("number_too_large", value=shown_number(value), limit=f"{LIMIT:,}")
    return Fault("number_decimals", value=shown_number(value))


def _whole(low: int, high: int) -> BeforeValidator:
    """A whole number in [low, high]: a huge one is refused before it is converted (and quoted
    short); pydantic's own `ge`/`le` report the others."""
    def check(value: Any) -> Any:
        if huge_number(value):
            raise Fault("too_big", value=shown_number(value), limit=f"{high:,}")
        return value
    return BeforeValidator(check)


Version = Annotated[int, _whole(1, MAX_VERSION), Field(ge=1, le=MAX_VERSION)]
Bounded = Annotated[int, _whole(-LIMIT, LIMIT), Field(ge=-LIMIT, le=LIMIT)]


Num = Annotated[int | Decimal, BeforeValidator(_number)]


class NumberPick(Strict):
    pick: tuple[Num, ...] = Field(min_length=1, max_length=200, strict=False)


class Between(Strict):
    """A whole number in [low, high], a multiple of `step` above `low`, chosen by the seed."""

    between: tuple[Bounded, Bounded] = Field(strict=False)
    step: Annotated[int, _whole(1, LIMIT)] = Field(default=1, ge=1, le=LIMIT)

    @model_validator(mode="after")
    def _ordered(self) -> "Between":
        if self.between[0] > self.between[1]:
            raise Fault("between_order")
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


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _var_kind(value: Any) -> str:
    if is_number(value):
        return "number"
    if isinstance(value, dict) and "between" in value:
        return "between"
    if isinstance(value, dict) and isinstance(value.get("pick"), list) and value["pick"] \
            and all(is_number(item) for item in value["pick"]):
        return "number_pick"
    if isinstance(value, dict) and "pick" in value:
        return "text_pick"
    return "number"


PlainVarSpec = Annotated[
    Annotated[Num, Tag("number")]
    | Annotated[Between, Tag("between")]
    | Annotated[NumberPick, Tag("number_pick")]
    | Annotated[TextPick, Tag("text_pick")],
    Discriminator(_var_kind),
]


class ByRegion(Strict):
    """`{by_region: {CN: 3000, US: 400}}`: a variable whose value depends on the region."""

    by_region: dict[RegionId, PlainVarSpec] = Field(min_length=1)


def _region_kind(value: Any) -> str:
    return "by_region" if isinstance(value, dict) and "by_region" in value else "plain"


VarSpec = Annotated[
    Annotated[PlainVarSpec, Tag("plain")] | Annotated[ByRegion, Tag("by_region")],
    Discriminator(_region_kind),
]


def for_region(spec: Any, region: str) -> Any:
    """The plain variable spec that applies in `region` (a `by_region` spec lists every region
    its scenario declares; validation checks that)."""
    return spec.by_region[region] if isinstance(spec, ByRegion) else spec

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?\s*[smhd]\s*)+$")
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: Any) -> Any:
    """`90`, `"45s"`, `"30m"`, `"3h"`, `"2d"`, `"1d 6h"` → seconds. Other input passes through."""
    if isinstance(value, str):
        if not _DURATION.match(value) or len(value) > 64:
            raise Fault("not_duration", value=shown_number(value))
        return float(sum(float(n) * _UNIT[u] for n, u in _DURATION_PART.findall(value)))
    return value


def _duration(high: float, *, text: bool = True, least: float | None = None) -> BeforeValidator:
    """A duration of at most `high` seconds (written as text too, with `text`); one far too
    long is quoted short. With `least`, a timeout's `after`: one shorter than that is refused
    with its own sentence (a timeout that leads back to its own step would otherwise fire
    thousands of times a second)."""
    def check(value: Any) -> Any:
        if huge_number(value):
            raise Fault("too_big", value=shown_number(value), limit=f"{high:.0f}")
        seconds = parse_duration(value) if text else value
        if not is_number(seconds):
            return seconds
        if not seconds <= high:                 # NaN too
            raise Fault("too_big", value=shown_number(value), limit=f"{high:.0f}")
        if least is not None and seconds < least:
            raise Fault("timeout_too_short", value=shown_number(value), limit=f"{least:g}")
        return seconds
    return BeforeValidator(check)


Duration = Annotated[float, _duration(MAX_GAP), Field(ge=0, le=MAX_GAP)]
Deadline = Annotated[float, _duration(MAX_TIMEOUT, least=MIN_TIMEOUT), Field(ge=MIN_TIMEOUT, le=MAX_TIMEOUT)]
Delay = Annotated[float, _duration(MAX_DELAY, text=False), Field(ge=0, le=MAX_DELAY)]


def _amount(value: Any) -> Any:
    """An amount is a number or the name of a number variable; anything else is reported once,
    in a sentence (rather than once per kind of value it might have been)."""
    if is_number(value) or huge_number(value):
        return _number(value)            # a sentence for too many decimals or too large
    if isinstance(value, bool):
        raise Fault("amount_bool")
    if not isinstance(value, str):
        raise Fault("amount_shape", shown=Term("shape.mapping") if isinstance(value, dict)
                    else Term("shape.list") if isinstance(value, list) else Term("shape.nothing"))
    return value


Amount = Annotated[Num | Id, BeforeValidator(_amount)]  # a number, or the name of a number variable


class Compare(Strict):
    eq: Num | None = None
    ne: Num | None = None
    lt: Num | None = None
    lte: Num | None = None
    gt: Num | None = None
    gte: Num | None = None

    @model_validator(mode="after")
    def _one(self) -> "Compare":
        if all(getattr(self, op) is None for op in ("eq", "ne", "lt", "lte", "gt", "gte")):
            raise Fault("compare_empty")
        return self

    def holds(self, value: Number) -> bool:
        return ((self.eq is None or value == self.eq) and (self.ne is None or value != self.ne)
                and (self.lt is None or value < self.lt) and (self.lte is None or value <= self.lte)
                and (self.gt is None or value > self.gt) and (self.gte is None or value >= self.gte))


def _condition_kind(value: Any) -> str:
    return "compare" if isinstance(value, dict) else "equals"


Condition = Annotated[
    Annotated[Num, Tag("equals")] | Annotated[Compare, Tag("compare")],
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


class Receipt(Strict):
    """Money coming in to the player: `receive: {amount: rebate, from: platform}` (an early
    "rebate", a small allowed withdrawal, a buyer's overpayment). `clears: false`: it shows in the
    balance but is taken back later (a cheque that bounces), so it never reduces the loss."""

    amount: Amount
    payer: Id = Field(alias="from")
    clears: bool = True


def _pay_kind(value: Any) -> str:
    return "payment" if isinstance(value, dict) else "amount"


#: `pay: fee` (an amount) or `pay: {amount: fee, to: agent}` (a Payment): a mapping is only ever
#: read as a Payment, so a typo in one is reported once, as such.
PayEffect = Annotated[
    Annotated[Amount, Tag("amount")] | Annotated[Payment, Tag("payment")],
    Discriminator(_pay_kind),
]


class Effects(Strict):
    pay: PayEffect | None = None
    give: tuple[Id, ...] = Field(default=(), max_length=MAX_LIST, strict=False)
    set: dict[Id, Amount] = Field(default_factory=dict, max_length=MAX_LIST)
    add: dict[Id, Amount] = Field(default_factory=dict, max_length=MAX_LIST)
    receive: Receipt | None = None


class Message(Strict):
    id: Id
    sender: Id = Field(alias="from")
    text: Text
    flags: tuple[Id, ...] = Field(default=(), max_length=MAX_FLAGS, strict=False)
    note: Text | None = None
    delay: Delay = 2.0
    payment: Payment | None = None   # this message asks the player to send money to someone
    balance: Amount | None = None    # a balance the page shows; a thread's balances make its chart
    look: Look | None = None         # how a web or app page shows it (a permission dialog, a button, …)
    why: dict[Id, Text] = Field(default_factory=dict)   # per red flag: why it is one *here* (overrides the catalogue)
    instead: dict[Id, Text] = Field(default_factory=dict)   # per red flag: what to do *here* (overrides the catalogue's safe)


class Choice(Strict):
    id: Id
    text: Text
    to: Id
    when: dict[Id, Condition] = Field(default_factory=dict, max_length=MAX_FLAGS)
    effects: Effects = Field(default_factory=Effects)
    safe: bool | None = None


class Timeout(Strict):
    after: Deadline
    to: Id
    effects: Effects = Field(default_factory=Effects)
    note: Text | None = None         # what the player is told when time runs out ("The agent moved on.")


class Step(Strict):
    channel: Channel
    gap: Duration = 0.0
    thread: Id | None = None
    counterpart: Id | None = Field(default=None, alias="with")
    messages: tuple[Message, ...] = Field(min_length=1, max_length=200, strict=False)
    choices: tuple[Choice, ...] = Field(default=(), max_length=MAX_CHOICES, strict=False)
    timeout: Timeout | None = None

    def payment_for(self, effects: Effects) -> Payment | None:
        """Where the money of `effects` goes: `pay: {amount, to}` says it; a bare `pay: fee`
        goes where the last message of this step that asks for `fee` says (None if none does)."""
        pay = effects.pay
        if pay is None or isinstance(pay, Payment):
            return pay
        return next((m.payment for m in reversed(self.messages)
                     if m.payment is not None and m.payment.amount == pay), None)


class Recovery(Strict):
    """Part of the loss comes back: `recover: {amount: seized, pending: true}` (funds frozen by the
    police, which may be returned once the case is closed; `pending: false`: already returned)."""

    amount: Amount
    pending: bool = False


class FactByRegion(Strict):
    by_region: dict[RegionId, Id] = Field(min_length=1)


class Ending(Strict):
    outcome: Outcome
    title: Text | None = None
    loss: Amount | None = None       # default: everything paid, less the money received that cleared
    recover: Recovery | None = None
    debrief: Text
    #: One statistic from facts.yaml, shown with its source: one ID, or one per region
    #: (`{by_region: {CN: cn_fact, US: us_fact}}`) when the scenario plays in several.
    fact: Id | "FactByRegion" | None = None

    def fact_for(self, region: str) -> str | None:
        if isinstance(self.fact, FactByRegion):
            return self.fact.by_region.get(region)
        return self.fact


class Wallet(Strict):
    """The player's own money: `wallet: {start: savings, min: 200}`. A choice whose payment would
    take the balance below `min` is shown, but cannot be taken."""

    start: Amount
    min: Amount = 0


class Scenario(Strict):
    format: Literal[1, 2]
    id: Id
    regions: tuple[RegionId, ...] = Field(default=("CN",), min_length=1, max_length=50, strict=False)
    version: Version = 1
    kind: Literal["scam", "legit"]
    category: Id
    resembles: Id | None = None
    difficulty: int = Field(ge=1, le=3)
    title: Text
    summary: Text
    sources: tuple[NonEmpty, ...] = Field(min_length=1, max_length=MAX_LIST, strict=False)
    starts_at: Annotated[str, StringConstraints(pattern=TIME_PATTERN)] = "20:00"
    cast: dict[Id, CastMember] = Field(min_length=1, max_length=MAX_CAST)
    vars: dict[Id, VarSpec] = Field(default_factory=dict, max_length=MAX_VARS)
    #: Number variables that are amounts of money besides those the file pays, asks for, shows
    #: as a balance or loses (a loan offered, a prize promised): they show in the currency too.
    money: tuple[Id, ...] = Field(default=(), max_length=MAX_VARS, strict=False)
    wallet: Wallet | None = None
    start: Id
    steps: dict[Id, Step] = Field(min_length=1, max_length=500)
    endings: dict[Id, Ending] = Field(min_length=1, max_length=100)

    def node(self, node_id: str) -> Step | Ending:
        return self.steps.get(node_id) or self.endings[node_id]

    @cached_property
    def money_vars(self) -> frozenset[str]:
        """The variables that hold money: used as an amount paid, asked for, received, shown as
        a balance, lost, recovered or in the wallet, or set from / added to one that is. In format 2
        they show in the currency."""
        money = {"paid", *self.money}
        links: list[tuple[str, object]] = []

        def amount(value: object) -> None:
            if isinstance(value, str):
                money.add(value)

        def effects(fx: Effects) -> None:
            pay = fx.pay
            amount(pay.amount if isinstance(pay, Payment) else pay)
            if fx.receive is not None:
                amount(fx.receive.amount)
            for op in (fx.set, fx.add):
                links.extend(op.items())

        for step in self.steps.values():
            for message in step.messages:
                if message.payment is not None:
                    amount(message.payment.amount)
                amount(message.balance)
            for choice in step.choices:
                effects(choice.effects)
            if step.timeout:
                effects(step.timeout.effects)
        for ending in self.endings.values():
            amount(ending.loss)
            if ending.recover is not None:
                amount(ending.recover.amount)
        if self.wallet is not None:
            amount(self.wallet.start)
            amount(self.wallet.min)
        # set/add link two variables both ways: a money variable's whole group holds money
        # (found by walking the links once, never by repeating passes over them).
        neighbours: dict[str, list[str]] = {}
        for target, source in links:
            if isinstance(source, str):
                neighbours.setdefault(target, []).append(source)
                neighbours.setdefault(source, []).append(target)
        stack = [name for name in money if name in neighbours]
        while stack:
            for other in neighbours[stack.pop()]:
                if other not in money:
                    money.add(other)
                    stack.append(other)
        return frozenset(money)


class RedFlag(Strict):
    group: Literal["contact", "identity", "offer", "money", "data", "pressure"]
    name: Text
    why: Text
    safe: Text
    sources: tuple[NonEmpty, ...] = Field(min_length=1, strict=False)


class HelpLine(Strict):
    """One line of a region's "if it happens for real" list."""

    name: Text
    contact: Text
    when: Text


RegionValue = NonEmpty | Text


class Region(Strict):
    """A country or area: its money, the locale its personas come from, its help lines and the
    services scenarios name through `{region.KEY}` placeholders."""

    format: Literal[1]
    id: RegionId
    name: Text
    currency: Annotated[str, StringConstraints(pattern=CURRENCY_PATTERN)]
    faker: Annotated[str, StringConstraints(pattern=FAKER_LOCALE_PATTERN)]
    default_for: tuple[Annotated[str, StringConstraints(pattern=LANG_PATTERN.pattern)], ...] = Field(
        default=(), strict=False)   # languages whose players get this region unless they choose
    values: dict[Id, RegionValue] = Field(default_factory=dict)
    help: tuple[HelpLine, ...] = Field(min_length=1, strict=False)

    def value(self, key: str, lang: str) -> str | None:
        value = self.values.get(key)
        if value is None:
            return None
        return value if isinstance(value, str) else value.get(lang)


class Fact(Strict):
    """A statistic with its year and source, cited by ID from endings (`fact:`)."""

    text: Text
    year: int = Field(ge=1990, le=2100)
    source: NonEmpty
    regions: tuple[RegionId, ...] = Field(min_length=1, strict=False)


class Facts(Strict):
    format: Literal[1]
    facts: dict[Id, Fact] = Field(default_factory=dict)


class Catalog(Strict):
    """The red-flag catalogue plus the data items a player can give away. The regions and facts
    that sit beside it (`regions/*.yaml`, `facts.yaml`) are attached when it is loaded."""

    format: Literal[1]
    red_flags: dict[Id, RedFlag] = Field(min_length=1)
    data_items: dict[Id, Text] = Field(min_length=1)
    #: Data items that let someone take money on their own (a code, a PIN): an ending the scenario
    #: calls "safe" counts as "partial" when the player handed one over on the way.
    secrets: tuple[Id, ...] = Field(default=(), strict=False)
    regions: dict[RegionId, Region] = Field(default_factory=dict, exclude=True)
    facts: dict[Id, Fact] = Field(default_factory=dict, exclude=True)

    @model_validator(mode="after")
    def _secrets_are_data_items(self) -> "Catalog":
        unknown = [item for item in self.secrets if item not in self.data_items]
        if unknown:
            raise Fault("secrets_unknown", items=tuple(unknown))
        return self


#: Every key the format knows, for "did you mean" hints on typos.
KNOWN_KEYS = sorted({
    *Scenario.model_fields, *Step.model_fields, "with", "from", *Message.model_fields,
    *Choice.model_fields, *Timeout.model_fields, *Ending.model_fields, *Effects.model_fields,
    *Compare.model_fields, "role", "pick", "between", "step", *LANGS, *RedFlag.model_fields,
    *Catalog.model_fields, *Payment.model_fields, "by_region", *Region.model_fields, *HelpLine.model_fields,
    *Fact.model_fields, *Receipt.model_fields, *Recovery.model_fields, *Wallet.model_fields,
} - {"sender", "counterpart", "payer", "fields"})
