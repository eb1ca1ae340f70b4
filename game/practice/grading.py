"""Answers checked, and a set of answers measured: d′, criterion and calibration.

`grade` turns what the player said about a `DrillItem` into a `PracticeAnswer` (kept by the
records). `measure` sums answers the way docs/learning.md describes:

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
from collections.abc import Iterable
from dataclasses import dataclass

from game.engine import sdt
from game.records.attempt import now_iso
from game.records.practice import CONFIDENCE, PracticeAnswer

from .bank import GENUINE, SCAM
from .item import DrillItem, Reason

D_PRIME_STEP = 0.3          # a change in d′ smaller than this is "held steady"
CRITERION_STEP = 0.3        # a fall in c larger than this, with more false alarms, is "more suspicious"


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


@dataclass(frozen=True)
class Level:
    confidence: int
    stated: float           # the chance of being right it stands for
    answers: int
    right: int

    @property
    def accuracy(self) -> float | None:
        return self.right / self.answers if self.answers else None


@dataclass(frozen=True)
class Measure:
    answers: int
    right: int
    hits: int
    misses: int
    false_alarms: int
    correct_rejections: int
    named_right: int                # scam items answered "scam" with one of their own red flags named
    d_prime: float
    criterion: float
    brier: float | None             # None: no answers
    calibration: tuple[Level, ...]  # one per confidence level, 1..3

    @property
    def accuracy(self) -> float | None:
        return self.right / self.answers if self.answers else None

    @property
    def hit_rate(self) -> float | None:
        signal = self.hits + self.misses
        return self.hits / signal if signal else None

    @property
    def false_alarm_rate(self) -> float | None:
        noise = self.false_alarms + self.correct_rejections
        return self.false_alarms / noise if noise else None

    @property
    def mean_confidence(self) -> float | None:
        """The mean stated chance of being right: above `accuracy` is overconfidence."""
        total = sum(level.stated * level.answers for level in self.calibration)
        return total / self.answers if self.answers else None


def measure(answers: Iterable[PracticeAnswer]) -> Measure:
    answers = list(answers)
    counts = {"hit": 0, "miss": 0, "false_alarm": 0, "correct_rejection": 0}
    levels = {level: [0, 0] for level in CONFIDENCE}
    brier = 0.0
    for answer in answers:
        counts[answer.verdict] += 1
        right = answer.correct
        levels[answer.confidence][0] += 1
        levels[answer.confidence][1] += right
        brier += (answer.probability - right) ** 2
    d_prime, criterion = sdt(counts["hit"], counts["miss"], counts["false_alarm"], counts["correct_rejection"])
    return Measure(
        answers=len(answers), right=sum(a.correct for a in answers), hits=counts["hit"], misses=counts["miss"],
        false_alarms=counts["false_alarm"], correct_rejections=counts["correct_rejection"],
        named_right=sum(a.truth == SCAM and a.said == SCAM and a.named_right for a in answers),
        d_prime=d_prime, criterion=criterion, brier=brier / len(answers) if answers else None,
        calibration=tuple(Level(level, CONFIDENCE[level], n, right) for level, (n, right) in levels.items()))


@dataclass(frozen=True)
class Change:
    before: Measure
    after: Measure

    @property
    def d_prime(self) -> float:
        """Up: better at telling scams from genuine messages."""
        return self.after.d_prime - self.before.d_prime

    @property
    def criterion(self) -> float:
        """Down: more ready to say "scam" (negative c is suspicion of everything)."""
        return self.after.criterion - self.before.criterion

    @property
    def brier(self) -> float | None:
        """Down: confidence closer to how often the player is right."""
        if self.before.brier is None or self.after.brier is None:
            return None
        return self.after.brier - self.before.brier


    def verdicts(self) -> tuple[str, ...]:
        """The locale keys that say what changed, in order: one of check.better / check.same /
        check.lower (d′ moved by more than `D_PRIME_STEP`), then check.more_suspicious when the
        criterion fell by more than `CRITERION_STEP` and the false-alarm rate rose."""
        keys = ["check.better" if self.d_prime > D_PRIME_STEP else "check.lower" if self.d_prime < -D_PRIME_STEP
                else "check.same"]
        before_fa, after_fa = self.before.false_alarm_rate, self.after.false_alarm_rate
        if (self.criterion < -CRITERION_STEP and before_fa is not None and after_fa is not None
                and after_fa > before_fa):
            keys.append("check.more_suspicious")
        return tuple(keys)


def change(before: Iterable[PracticeAnswer], after: Iterable[PracticeAnswer]) -> Change:
    return Change(measure(before), measure(after))
