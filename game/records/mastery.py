"""Mastery per red flag and per scam type, and d′/criterion/false alarms over time.

Pure functions over stored attempts and a few facts about the scenarios: no IO, no clock (the
caller says what "now" is), no words. The model, its constants and a worked example are in
docs/learning.md; keep the two in step.

- A message carrying red flag F is an *opportunity* for F (and for its scenario's scam type);
  flagging it, named or "just suspicious", is a *hit* (the engine's verdict).
- A flag-free message of a genuine scenario that `resembles` scam type T is a *look-alike* for T
  and for every red flag the scam scenarios of type T carry; flagging it is a *false alarm*,
  leaving it alone a *correct rejection*.
- Each answer weighs 2^(−age/half-life), age in days from the attempt's end to `now`.
- Hit rate and restraint are smoothed (few answers → near the prior), mastery is
  max(0, hit rate + restraint − 1) and confidence n/(n + K) of the weighted answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

from .attempt import Attempt
from .practice import PracticeAnswer

HALF_LIFE_DAYS = 14.0       # an answer two weeks old counts half (inoculation fades in about 2 weeks)
PRIOR = 2.0                 # pseudo-answers behind every smoothed rate
CONFIDENCE_K = 5.0          # weighted answers for a confidence of one half
MASTERED_SCORE = 0.6        # e.g. 80 % of the flag spotted and 80 % of its look-alikes left alone …
MASTERED_CONFIDENCE = 0.5   # … seen in at least 5 recent (weighted) answers
_DAY = 86400.0


@dataclass(frozen=True, slots=True)
class ScenarioFacts:
    """What the model needs to know about a scenario (see `facts_of`)."""

    kind: str                       # scam | legit
    category: str
    resembles: str | None           # a genuine scenario: the scam type it looks like
    flags: frozenset[str]           # the red flags its messages carry

    @property
    def scam_type(self) -> str | None:
        """The scam type its answers count for: its category, or for a genuine scenario the type it resembles."""
        return self.category if self.kind == "scam" else self.resembles


def facts_of(scenarios: Iterable[object]) -> dict[str, ScenarioFacts]:
    """`ScenarioFacts` by scenario ID, from validated `Scenario` objects."""
    facts = {}
    for scenario in scenarios:
        flags = frozenset(flag for step in scenario.steps.values() for message in step.messages
                          for flag in message.flags)
        facts[scenario.id] = ScenarioFacts(scenario.kind, scenario.category, scenario.resembles, flags)
    return facts


@dataclass(frozen=True, slots=True)
class Tally:
    """One red flag, one scam type, or everything ("overall")."""

    key: str
    opportunities: int              # messages that carried it
    hits: int                       # … that the player flagged
    lookalikes: int                 # flag-free look-alike messages (overall: every flag-free message)
    false_alarms: int               # … that the player flagged
    weighted_opportunities: float   # the same, each answer weighted by its age
    weighted_hits: float
    weighted_lookalikes: float
    weighted_false_alarms: float
    hit_rate: float                 # smoothed, 0..1
    restraint: float                # smoothed share of look-alikes left alone, 0..1
    score: float                    # mastery, 0..1: max(0, hit_rate + restraint − 1)
    confidence: float               # 0..1: n / (n + CONFIDENCE_K), n = weighted answers
    last_seen: str                  # finished_at of the newest attempt that counted

    @property
    def mastered(self) -> bool:
        return self.score >= MASTERED_SCORE and self.confidence >= MASTERED_CONFIDENCE

    def counts(self) -> tuple[str, dict[str, int]]:
        """The locale key and numbers of its counts line ("spotted 3 of 4 · look-alikes left alone
        5 of 6"), the front end adds `name`: only the part it has answers for."""
        kept = {"kept": self.lookalikes - self.false_alarms, "lookalikes": self.lookalikes}
        if not self.opportunities:
            return "mastery.row_only_lookalikes", kept
        if not self.lookalikes:
            return "mastery.row", {"hits": self.hits, "shown": self.opportunities}
        return "mastery.row_lookalikes", {"hits": self.hits, "shown": self.opportunities, **kept}

    @property
    def level(self) -> str:
        """What a player is told (`mastery.level.<level>`): "mastered" (strong), "new" (just
        started: too few recent answers to say, confidence under ½) or "growing"."""
        if self.mastered:
            return "mastered"
        return "new" if self.confidence < MASTERED_CONFIDENCE else "growing"


@dataclass(frozen=True, slots=True)
class Mastery:
    now: str                        # the time ages are counted to
    overall: Tally                  # every flagged and flag-free message
    flags: tuple[Tally, ...]        # per red flag, weakest first
    types: tuple[Tally, ...]        # per scam type, weakest first

    def flag(self, flag_id: str) -> Tally | None:
        return next((t for t in self.flags if t.key == flag_id), None)

    def scam_type(self, type_id: str) -> Tally | None:
        return next((t for t in self.types if t.key == type_id), None)


def _time(stamp: str) -> float:
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def weight(age_days: float, half_life: float = HALF_LIFE_DAYS) -> float:
    """How much an answer `age_days` old counts (1 now, ½ after one half-life; never more than 1)."""
    return 0.5 ** (max(0.0, age_days) / half_life)


class _Acc:
    __slots__ = ("opp", "hit", "look", "fa", "w_opp", "w_hit", "w_look", "w_fa", "last")

    def __init__(self) -> None:
        self.opp = self.hit = self.look = self.fa = 0
        self.w_opp = self.w_hit = self.w_look = self.w_fa = 0.0
        self.last = ""

    def tally(self, key: str, restraint_prior: float) -> Tally:
        hit_rate = (self.w_hit + PRIOR / 2) / (self.w_opp + PRIOR)
        restraint = (self.w_look - self.w_fa + PRIOR * restraint_prior) / (self.w_look + PRIOR)
        n = self.w_opp + self.w_look
        return Tally(key, self.opp, self.hit, self.look, self.fa, self.w_opp, self.w_hit, self.w_look, self.w_fa,
                     hit_rate, restraint, max(0.0, hit_rate + restraint - 1.0), n / (n + CONFIDENCE_K), self.last)


def mastery_of(attempts: Iterable[Attempt], facts: Mapping[str, ScenarioFacts], *, now: str | None = None,
               half_life: float = HALF_LIFE_DAYS, answers: Iterable[PracticeAnswer] = ()) -> Mastery:
    """Mastery from a player's attempts (demo runs already left out). `now`: ISO 8601 time the
    ages count to (default: the newest attempt's end). A scenario missing from `facts` still
    counts for its red flags and overall, not for a scam type or as a look-alike."""
    attempts = list(attempts)
    answers = list(answers)
    now = now or max([a.finished_at for a in attempts] + [a.answered_at for a in answers],
                     default="1970-01-01T00:00:00Z")
    now_s = _time(now)
    # The red flags each scam type's scenarios carry: what its look-alikes look like.
    type_flags: dict[str, set[str]] = {}
    for fact in facts.values():
        if fact.kind == "scam":
            type_flags.setdefault(fact.category, set()).update(fact.flags)
    lookalike_of = {sid: (f.resembles, tuple(sorted(type_flags.get(f.resembles, ()))))
                    for sid, f in facts.items() if f.kind != "scam" and f.resembles}
    overall, flags, types = _Acc(), {}, {}

    def count(carried: tuple[str, ...], flagged: bool, w: float, when: str, type_id: str | None,
              look: tuple[str, tuple[str, ...]] | None) -> None:
        if carried:
            targets = [flags.get(f) or flags.setdefault(f, _Acc()) for f in carried]
            targets.append(overall)
            if type_id:
                targets.append(types.get(type_id) or types.setdefault(type_id, _Acc()))
            for acc in targets:
                acc.opp += 1
                acc.w_opp += w
                if flagged:
                    acc.hit += 1
                    acc.w_hit += w
                acc.last = max(acc.last, when)
            return
        targets = [overall]
        if look:
            targets.append(types.get(look[0]) or types.setdefault(look[0], _Acc()))
            targets.extend(flags.get(f) or flags.setdefault(f, _Acc()) for f in look[1])
        for acc in targets:
            acc.look += 1
            acc.w_look += w
            if flagged:
                acc.fa += 1
                acc.w_fa += w
            acc.last = max(acc.last, when)

    for attempt in attempts:
        w = 0.5 ** (max(0.0, now_s - _time(attempt.finished_at)) / _DAY / half_life)
        fact = facts.get(attempt.scenario)
        type_id = fact.scam_type if fact else None
        look = lookalike_of.get(attempt.scenario)
        for message in attempt.messages:
            count(message.flags, message.verdict in ("hit", "false_alarm"), w, attempt.finished_at, type_id, look)
    # A drill's answer counts like a message in a scenario: "scam" is a flag raised.
    for answer in answers:
        w = 0.5 ** (max(0.0, now_s - _time(answer.answered_at)) / _DAY / half_life)
        fact = facts.get(answer.scenario)
        look = lookalike_of.get(answer.scenario)
        if fact is None and answer.truth == "genuine" and answer.scam_type:      # a scenario no longer here
            look = (answer.scam_type, tuple(sorted(type_flags.get(answer.scam_type, ()))))
        count(answer.flags, answer.said == "scam", w, answer.answered_at,
              answer.scam_type if answer.truth == "scam" else None, look)
    # Overall restraint starts from even odds; a flag's or type's starts from the player's overall restraint.
    whole = overall.tally("overall", 0.5)
    prior = whole.restraint

    def ranked(accs: dict[str, _Acc]) -> tuple[Tally, ...]:
        return tuple(sorted((acc.tally(key, prior) for key, acc in accs.items()), key=lambda t: (t.score, t.key)))

    return Mastery(now, whole, ranked(flags), ranked(types))


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One attempt or one day on the d′ / criterion / false-alarm charts."""

    key: str                        # the attempt's ID, or the day (YYYY-MM-DD, UTC)
    at: str                         # finished_at of its last attempt
    attempts: int
    hits: int
    misses: int
    false_alarms: int
    correct_rejections: int
    d_prime: float                  # log-linear corrected, as in the engine's scoring
    criterion: float                # < 0: liberal (flags a lot), > 0: conservative
    false_alarm_rate: float | None  # raw; None when there was no flag-free message


def trend(attempts: Iterable[Attempt], *, by: str = "attempt") -> tuple[TrendPoint, ...]:
    """d′, criterion c and false-alarm rate per attempt or per day (`by="day"`: counts pooled), oldest first."""
    if by not in ("attempt", "day"):
        raise ValueError(f"by must be 'attempt' or 'day', not {by!r}")
    from game.engine import sdt     # here, not at import: the window's title must not wait for the engine
    groups: dict[str, list[Attempt]] = {}
    for attempt in sorted(attempts, key=lambda a: (a.finished_at, a.id)):
        groups.setdefault(attempt.id if by == "attempt" else attempt.finished_at[:10], []).append(attempt)
    points = []
    for key, group in groups.items():
        h = sum(a.hits for a in group)
        m = sum(a.misses for a in group)
        fa = sum(a.false_alarms for a in group)
        cr = sum(a.correct_rejections for a in group)
        d_prime, criterion = sdt(h, m, fa, cr)
        points.append(TrendPoint(key, group[-1].finished_at, len(group), h, m, fa, cr, d_prime, criterion,
                                 fa / (fa + cr) if fa + cr else None))
    return tuple(points)
