"""The one table of ending outcomes. The format, the checks, scoring, the demo player, the
debrief headline and its colour all read it: adding an outcome is adding a row here (and its
headline strings), never a branch somewhere else. A test fails if a row lacks anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class OutcomeSpec:
    name: str
    weight: float                 # the "decisions" part of the score (docs/scoring.md)
    kinds: tuple[str, ...]        # the scenario kinds whose endings may use it
    headline: str                 # locale key of the debrief's headline
    headline_no_loss: str         # locale key when the ending cost nothing (may equal `headline`)
    palette: str                  # palette role the headline is drawn in
    harm: int                     # how bad it is for the player (the demo's scam path heads for the worst)
    hint: str                     # what it means, for authors (validate's "did you mean" lists these)


OUTCOMES = MappingProxyType({spec.name: spec for spec in (
    OutcomeSpec("safe", 1.0, ("scam", "legit"), "debrief.outcome.safe", "debrief.outcome.safe", "good", 0,
                "the player kept money and data"),
    OutcomeSpec("partial", 0.5, ("scam", "legit"), "debrief.outcome.partial", "debrief.outcome.partial_free",
                "false_alarm", 2, "the player stopped, but after a loss or a risky step"),
    OutcomeSpec("overcautious", 0.5, ("legit",), "debrief.outcome.overcautious", "debrief.outcome.overcautious",
                "false_alarm", 1, "a genuine contact turned away after the player's own check showed it was real"),
    OutcomeSpec("scammed", 0.0, ("scam", "legit"), "debrief.outcome.scammed", "debrief.outcome.scammed", "danger", 3,
                "the scammers got money or data"),
)})

OUTCOME_NAMES: tuple[str, ...] = tuple(OUTCOMES)


def headline_key(outcome: str, loss: int) -> str:
    """The debrief headline's locale key: an ending that cost nothing may read differently."""
    spec = OUTCOMES[outcome]
    return spec.headline_no_loss if loss == 0 else spec.headline
