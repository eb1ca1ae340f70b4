"""Scoring a finished session: signal detection, decisions and the 0–100 score.

The formula is documented in docs/scoring.md; keep the two in step.
"""

from __future__ import annotations

from functools import lru_cache
from statistics import NormalDist

from game.scenario import OUTCOMES

from .frozen import frozen

HIT, MISS, FALSE_ALARM, CORRECT_REJECTION = "hit", "miss", "false_alarm", "correct_rejection"

CREDIT_NAMED = 1.0        # flagged and named one of the message's red flags
CREDIT_SUSPICIOUS = 0.5   # flagged as "just suspicious"
CREDIT_WRONG_NAME = 0.25  # flagged, but named a red flag the message does not carry

OUTCOME_WEIGHT = {name: spec.weight for name, spec in OUTCOMES.items()}
DATA_PENALTY = 0.1        # per data item handed over, at most MAX_DATA_PENALTY in all
MAX_DATA_PENALTY = 0.5

WEIGHT_DETECTION, WEIGHT_RESTRAINT, WEIGHT_DECISIONS = 40, 20, 40

_Z = NormalDist().inv_cdf


def verdict(carries: tuple[str, ...], flagged: str | None) -> str:
    if carries:
        return HIT if flagged is not None else MISS
    return FALSE_ALARM if flagged is not None else CORRECT_REJECTION


def credit(carries: tuple[str, ...], flagged: str | None) -> float:
    if not carries or flagged is None:
        return 0.0
    if flagged == "":
        return CREDIT_SUSPICIOUS
    return CREDIT_NAMED if flagged in carries else CREDIT_WRONG_NAME


@lru_cache(maxsize=4096)       # a handful of counts recur in every session
def sdt(hits: int, misses: int, false_alarms: int, correct_rejections: int) -> tuple[float, float]:
    """Sensitivity d′ and criterion c with the log-linear correction (Hautus 1995):
    add 0.5 to the hit and false-alarm counts and 1 to the number of signal and noise trials."""
    hit_rate = (hits + 0.5) / (hits + misses + 1)
    fa_rate = (false_alarms + 0.5) / (false_alarms + correct_rejections + 1)
    z_hit, z_fa = _Z(hit_rate), _Z(fa_rate)
    return z_hit - z_fa, -(z_hit + z_fa) / 2


@frozen
class Score:
    hits: int
    misses: int
    false_alarms: int
    correct_rejections: int
    named_correctly: int
    detection: float
    restraint: float
    decisions: float
    score: int
    d_prime: float
    criterion: float


def score(messages: list[tuple[tuple[str, ...], str | None]], outcome: str, data_given: int) -> Score:
    """`messages`: (red flags carried, what the player flagged) for every flaggable message shown."""
    counts = {HIT: 0, MISS: 0, FALSE_ALARM: 0, CORRECT_REJECTION: 0}
    total_credit = 0.0
    named = 0
    for carries, flagged in messages:
        counts[verdict(carries, flagged)] += 1
        gained = credit(carries, flagged)
        total_credit += gained
        named += gained == CREDIT_NAMED
    signals = counts[HIT] + counts[MISS]
    noise = counts[FALSE_ALARM] + counts[CORRECT_REJECTION]
    detection = total_credit / signals if signals else 1.0
    restraint = counts[CORRECT_REJECTION] / noise if noise else 1.0
    decisions = OUTCOME_WEIGHT[outcome] * (1 - min(MAX_DATA_PENALTY, DATA_PENALTY * data_given))
    total = WEIGHT_DETECTION * detection + WEIGHT_RESTRAINT * restraint + WEIGHT_DECISIONS * decisions
    d_prime, criterion = sdt(counts[HIT], counts[MISS], counts[FALSE_ALARM], counts[CORRECT_REJECTION])
    return Score(counts[HIT], counts[MISS], counts[FALSE_ALARM], counts[CORRECT_REJECTION], named,
                 round(detection, 4), round(restraint, 4), round(decisions, 4),
                 int(total + 0.5), round(d_prime, 4), round(criterion, 4))
