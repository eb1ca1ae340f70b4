"""One finished attempt as it is kept: every fact of the result, no words.

An `Attempt` is built from a finished `Session` (`attempt_of`) and is what the store writes,
xAPI statements are made of, and reports count. It holds IDs, numbers and times only — the
texts of a debrief can be made again from the scenario, its version and the seed — so an
attempt is the same whatever language it is shown in.

Times: `started_at`/`finished_at` are wall-clock UTC (ISO 8601); every `*_at` of a message or
a choice is game-clock seconds from the start of the scenario.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from game.scenario.money import Number

if TYPE_CHECKING:
    from game.engine import Result, Session

MODES = ("play", "demo")          # demo: the bot played it (window --autoplay); reports leave it out
SOURCES = ("here", "import")      # played on this computer, or merged from an export


@dataclass(frozen=True, slots=True)
class MessageRecord:
    message_id: str
    step_id: str
    channel: str
    flags: tuple[str, ...]          # the red flags it carries (empty: a message that can be trusted)
    verdict: str                    # hit | miss | false_alarm | correct_rejection
    flagged: str | None             # what was scored: None, "" (just suspicious) or a red-flag ID
    first_flag: str | None          # the first flag raised on it
    final_flag: str | None          # the flag left on it at the end
    arrived_at: float
    first_flag_at: float | None
    final_flag_at: float | None

    @property
    def seconds_to_spot(self) -> float | None:
        """From arrival to the first flag, for a message that was flagged."""
        if self.first_flag_at is None:
            return None
        return max(0.0, self.first_flag_at - self.arrived_at)


@dataclass(frozen=True, slots=True)
class ChoiceRecord:
    step_id: str
    choice_id: str                  # "timeout": the player let the time run out
    at: float
    safe: bool | None


@dataclass(frozen=True, slots=True)
class Attempt:
    id: str                         # UUID; the xAPI registration
    player_id: str                  # the player's opaque UUID (never a name)
    nickname: str
    class_code: str                 # "" when played outside a class
    mode: str                       # play | demo
    source: str                     # here | import
    scenario: str
    scenario_version: int
    kind: str                       # scam | genuine
    lang: str
    region: str
    feedback: str                   # immediate | delayed
    seed: int
    started_at: str                 # ISO 8601 UTC
    finished_at: str
    clock: float                    # game seconds from start to end
    ending: str
    outcome: str                    # safe | partial | scammed | …
    score: int
    detection: float
    restraint: float
    decisions: float
    d_prime: float
    criterion: float
    hits: int
    misses: int
    false_alarms: int
    correct_rejections: int
    named_correctly: int
    loss: Number
    paid: Number
    currency: str
    given: tuple[str, ...]
    messages: tuple[MessageRecord, ...]
    choices: tuple[ChoiceRecord, ...]

    @property
    def false_alarm_rate(self) -> float | None:
        noise = self.false_alarms + self.correct_rejections
        return self.false_alarms / noise if noise else None


def now_iso() -> str:
    """The current UTC time as ISO 8601 with milliseconds and a Z ("2026-11-30T08:01:02.345Z")."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    return str(uuid.uuid4())


def attempt_of(session: "Session", *, player_id: str, nickname: str, class_code: str = "", mode: str = "play",
               started_at: str | None = None, finished_at: str | None = None, attempt_id: str | None = None,
               result: "Result | None" = None) -> Attempt:
    """The attempt a finished session makes (the session must have ended)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    result = result or session.result()
    finished = finished_at or now_iso()
    messages = tuple(MessageRecord(
        message_id=m.id, step_id=m.step_id, channel=m.channel, flags=tuple(m.flags), verdict=m.verdict,
        flagged=m.flagged, first_flag=m.first_flag, final_flag=m.final_flag, arrived_at=float(m.at),
        first_flag_at=m.first_flag_at, final_flag_at=m.final_flag_at) for m in result.messages)
    choices = tuple(ChoiceRecord(c.step_id, c.choice_id, float(c.at), c.safe) for c in result.choices)
    return Attempt(
        id=attempt_id or new_id(), player_id=player_id, nickname=nickname, class_code=class_code, mode=mode,
        source="here", scenario=result.scenario, scenario_version=result.scenario_version, kind=result.kind,
        lang=result.lang, region=result.region, feedback=result.feedback, seed=result.seed,
        started_at=started_at or finished, finished_at=finished, clock=float(result.clock), ending=result.ending,
        outcome=result.outcome, score=result.score, detection=result.detection, restraint=result.restraint,
        decisions=result.decisions, d_prime=result.d_prime, criterion=result.criterion, hits=result.hits,
        misses=result.misses, false_alarms=result.false_alarms, correct_rejections=result.correct_rejections,
        named_correctly=result.named_correctly, loss=result.loss, paid=result.paid, currency=result.currency,
        given=tuple(result.given), messages=messages, choices=choices)
