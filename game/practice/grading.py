"""Answers checked, and a set of answers measured: d′, criterion and calibration.

`grade` turns what the player said about a `DrillItem` into a `PracticeAnswer` (kept by the
records). `measure` (kept in `game.records.practice`, so that reports can use it; re-exported
here) sums answers the way docs/learning.md describes:

- *d′* (telling scams from genuine messages) and the *criterion* c (how readily "scam" is said;
  negative: suspicious of everything), from hits and false alarms with the same log-linear
  correction the game's scores use;
- the *Brier score* of the confidence ratings: the mean of (stated chance of being right −
  1 if right else 0)²; 0 is perfect, 0.25 is what always saying "a guess" earns;
- a *calibration* table: for each confidence level, how many answers and how many were right,
  so a report can say "sure: 9 of 10 right" and draw stated against real accuracy.

`change` compares a before form with an after form.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from game.records.attempt import now_iso
from game.records.practice import (CONFIDENCE, CRITERION_STEP, D_PRIME_STEP, Change, Level, Measure,
                                   PracticeAnswer, change, measure)

from .bank import GENUINE, SCAM
from .item import DrillItem, Reason


def grade(item: DrillItem, said: str, named: str | None, confidence: int, *, run: str, form: str = "drill",
          seconds: float = 0.0, at: str | None = None, class_code: str = "") -> PracticeAnswer:
    """The answer to `item`: `said` scam | genuine, `named` the red flag picked (None: none, ""
    just suspicious; ignored when the player said genuine), `confidence` 1..3."""
    if said not in (SCAM, GENUINE):
        raise ValueError(f"said must be 'scam' or 'genuine', not {said!r}")
    if confidence not in CONFIDENCE:
        raise ValueError(f"confidence must be one of {sorted(CONFIDENCE)}, not {confidence!r}")
    spec = item.spec
    return PracticeAnswer(
        id=str(uuid.uuid4()), run=run, form=form, item=spec.key, scenario=spec.scenario, message_id=spec.message,
        region=item.region, lang=item.lang, seed=item.seed, truth=spec.truth, flags=spec.flags,
        scam_type=spec.scam_type, difficulty=spec.difficulty, said=said, named=named if said == SCAM else None,
        confidence=confidence, answered_at=at or now_iso(), seconds=max(0.0, float(seconds)), class_code=class_code)


@dataclass(frozen=True)
class Feedback:
    """What to say after an answer (front ends put it in words: `drill.feedback.<verdict>`)."""

    verdict: str                    # hit | miss | false_alarm | correct_rejection
    key: str                        # the locale key of the first line
    flag_name: str                  # the red flag that line names ("" for a genuine message)
    reasons: tuple[Reason, ...]     # every red flag the message carries, the one named first: why, what to do
    note: str                       # a genuine message: why it can be trusted (may be "")
    title: str                      # the scenario it is from


def feedback(item: DrillItem, answer: PracticeAnswer) -> Feedback:
    verdict = answer.verdict
    reasons = list(item.reasons)
    if answer.named_right:          # the flag the player named comes first
        reasons.sort(key=lambda r: r.flag != answer.named)
    key = {"hit": "drill.feedback.hit_named" if answer.named_right else "drill.feedback.hit",
           "miss": "drill.feedback.miss", "false_alarm": "drill.feedback.false_alarm",
           "correct_rejection": "drill.feedback.correct_rejection"}[verdict]
    return Feedback(verdict, key, reasons[0].name if reasons else "", tuple(reasons), item.note, item.title)


__all__ = ["CRITERION_STEP", "D_PRIME_STEP", "Change", "Feedback", "Level", "Measure", "change", "feedback", "grade",
           "measure"]
