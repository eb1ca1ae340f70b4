"""Everything that changes during a session, in one plain dataclass (content stays in Scenario)."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.scenario.money import Number

from .personas import Personas


@dataclass
class Delivery:
    """A message scheduled to arrive (visible once the clock reaches `at`)."""

    message_id: str
    step_id: str
    at: float
    text: dict[str, str]        # rendered when scheduled, in every language
    payment: Number | None = None  # the amount the message asks for, fixed when it is scheduled
    balance: Number | None = None  # the balance it shows, fixed when it is scheduled


@dataclass
class SessionState:
    scenario_id: str
    scenario_version: int
    seed: int
    lang: str
    node: str                                   # the current step, or the ending once over
    personas: Personas
    vars: dict[str, Number]                     # numbers; text variables hold their pick index
    clock: float = 0.0
    paid: Number = 0
    given: list[str] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    flags: dict[str, str] = field(default_factory=dict)          # message id → "" or red-flag ID
    first_flags: dict[str, str] = field(default_factory=dict)    # the first flag ever raised on each message
    feedback: str = "delayed"                   # immediate: the first flag on a message is the one scored
    payments: list[dict[str, object]] = field(default_factory=list)  # amount, to, at, step_id, thread, choice_id
    received: list[dict[str, object]] = field(default_factory=list)  # amount, from, clears, at, step_id
    wallet: Number | None = None                # the player's money at the start (None: no `wallet:`)
    flag_log: list[dict[str, object]] = field(default_factory=list)
    choices: list[dict[str, object]] = field(default_factory=list)
    choices_at: float = 0.0                     # when the current step's choices appear
    revision: int = 0
    ended: bool = False
    region: str = "CN"                          # the region it plays in: currency, personas, help lines
