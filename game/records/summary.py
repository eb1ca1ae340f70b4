"""One player's history in figures: what "My progress" shows in the window and `progress` prints.

Facts only (IDs, numbers, times); the front ends put names and words to them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from game.scenario.money import Number, normalize

from .attempt import Attempt


@dataclass(frozen=True, slots=True)
class Point:
    """One attempt on the charts."""

    finished_at: str
    scenario: str
    score: int
    d_prime: float
    false_alarm_rate: float | None      # None: the attempt had no message free of red flags
    outcome: str
    loss: Number
    currency: str


@dataclass(frozen=True, slots=True)
class FlagTally:
    flag_id: str
    shown: int                          # messages carrying it, over all attempts
    caught: int                         # …that were flagged

    @property
    def missed(self) -> int:
        return self.shown - self.caught


@dataclass(frozen=True, slots=True)
class Summary:
    attempts: int
    points: tuple[Point, ...]                   # oldest first
    caught_most: tuple[FlagTally, ...]          # caught at least half the time; most often caught first
    missed_most: tuple[FlagTally, ...]          # caught less than half the time; most often missed first
    lost: tuple[tuple[str, Number], ...]        # (currency, total "lost"), largest first
    scenarios: int                              # different scenarios played
    best: int
    mean_score_first: float | None              # the first three attempts' mean score …
    mean_score_last: float | None               # … and the last three's (None under six attempts)


def summarise(attempts: list[Attempt]) -> Summary:
    """A player's attempts (any order; demo runs should already be left out)."""
    ordered = sorted(attempts, key=lambda a: (a.finished_at, a.id))
    points = tuple(Point(a.finished_at, a.scenario, a.score, a.d_prime, a.false_alarm_rate, a.outcome, a.loss,
                         a.currency) for a in ordered)
    shown: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    lost: dict[str, Number] = {}
    for attempt in ordered:
        for message in attempt.messages:
            for flag_id in message.flags:
                shown[flag_id] += 1
                caught[flag_id] += message.verdict == "hit"
        if attempt.loss:
            lost[attempt.currency] = normalize(lost.get(attempt.currency, 0) + attempt.loss)
    tallies = [FlagTally(flag_id, shown[flag_id], caught[flag_id]) for flag_id in sorted(shown)]
    # A red flag is in one list only: caught at least half the times it was shown, or missed more often.
    caught_most = tuple(sorted((t for t in tallies if t.caught and 2 * t.caught >= t.shown),
                               key=lambda t: (-t.caught, -t.caught / t.shown, t.flag_id)))
    missed_most = tuple(sorted((t for t in tallies if 2 * t.caught < t.shown),
                               key=lambda t: (-t.missed, t.caught / t.shown, t.flag_id)))
    first = last = None
    if len(ordered) >= 6:
        first = sum(a.score for a in ordered[:3]) / 3
        last = sum(a.score for a in ordered[-3:]) / 3
    return Summary(
        attempts=len(ordered), points=points, caught_most=caught_most, missed_most=missed_most,
        lost=tuple(sorted(lost.items(), key=lambda item: (-item[1], item[0]))),
        scenarios=len({a.scenario for a in ordered}), best=max((a.score for a in ordered), default=0),
        mean_score_first=first, mean_score_last=last)
