"""One answer in a drill or a before/after check, as it is kept: IDs, numbers and times, no words;
and a set of answers measured (d′, criterion, Brier score, calibration: docs/learning.md).

A drill shows single messages ("scam or genuine? which red flag? how sure are you?"); each
answer is kept with what the message was (`truth`, its red flags, the scam type it belongs to
or resembles), what the player said and how sure they were. `run` groups the answers of one
drill or one form; `form` says which it was. The spaced-repetition card of an item (when it is
due again) is kept beside the answers (`Records.cards`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

FORMS = ("drill", "booster", "before", "after")      # a booster: a drill of items that were due
TRUTHS = ("scam", "genuine")
#: "How sure are you?": 1 a guess, 2 fairly sure, 3 sure — and the chance of being right each stands for.
CONFIDENCE = {1: 0.5, 2: 0.75, 3: 0.95}


@dataclass(frozen=True, slots=True)
class PracticeAnswer:
    id: str                         # UUID
    run: str                        # the drill or form it was part of (UUID)
    form: str                       # drill | booster | before | after
    item: str                       # "scenario/message"
    scenario: str
    message_id: str
    region: str
    lang: str
    seed: int
    truth: str                      # scam | genuine
    flags: tuple[str, ...]          # the red flags the message carries
    scam_type: str | None
    difficulty: int
    said: str                       # scam | genuine
    named: str | None               # the red flag picked (None: none picked; "": just suspicious)
    confidence: int                 # 1..3 (CONFIDENCE)
    answered_at: str                # ISO 8601 UTC
    seconds: float                  # from the item shown to the answer
    class_code: str = ""

    @property
    def correct(self) -> bool:
        return self.said == self.truth

    @property
    def verdict(self) -> str:
        """As a message in a scenario is scored: hit | miss | false_alarm | correct_rejection."""
        if self.truth == "scam":
            return "hit" if self.said == "scam" else "miss"
        return "false_alarm" if self.said == "scam" else "correct_rejection"

    @property
    def named_right(self) -> bool:
        return bool(self.named) and self.named in self.flags

    @property
    def probability(self) -> float:
        """The chance of being right the player's confidence stands for."""
        return CONFIDENCE[self.confidence]


D_PRIME_STEP = 0.3          # a change in d′ smaller than this is "held steady"
CRITERION_STEP = 0.3        # a fall in c larger than this, with more false alarms, is "more suspicious"


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
    from game.engine import sdt     # here, not at import: the window's title must not wait for the engine

    d_prime, criterion = sdt(counts["hit"], counts["miss"], counts["false_alarm"], counts["correct_rejection"])
    return Measure(
        answers=len(answers), right=sum(a.correct for a in answers), hits=counts["hit"], misses=counts["miss"],
        false_alarms=counts["false_alarm"], correct_rejections=counts["correct_rejection"],
        named_right=sum(a.truth == "scam" and a.said == "scam" and a.named_right for a in answers),
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
