"""Everything that changes during a session, in one plain dataclass (content stays in Scenario)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .personas import Personas


@dataclass
class Delivery:
    """A message scheduled to arrive (visible once the clock reaches `at`)."""

    message_id: str
    step_id: str
    at: float
    text: dict[str, str]        # rendered when scheduled, in every language


@dataclass
class SessionState:
    scenario_id: str
    scenario_version: int
    seed: int
    lang: str
    node: str                                   # the current step, or the ending once over
    personas: Personas
    vars: dict[str, int]                        # numbers; text variables hold their pick index
    clock: float = 0.0
    paid: int = 0
    given: list[str] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    flags: dict[str, str] = field(default_factory=dict)          # message id → "" or red-flag ID
    flag_log: list[dict[str, object]] = field(default_factory=list)
    choices: list[dict[str, object]] = field(default_factory=list)
    choices_at: float = 0.0                     # when the current step's choices appear
    revision: int = 0
    ended: bool = False
