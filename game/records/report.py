"""A class report in figures: per trainee, per scenario, per red flag, money "lost", and what
the class should practise next — the data `report_render` writes as text, CSV, JSON or HTML.

Definitions (the same in every format):

- A red flag is *shown* once per message that carries it (a message with two flags counts for
  both). It is *spotted* when that message was flagged at the end (any flag, or "just
  suspicious"); *named right* when the flag left on it is that very red flag. *Seconds to spot*
  run from the message's arrival to the first flag raised on it (spotted messages only); the
  table gives their median. Red flags are listed most-missed first.
- A trainee is a player ID; two players who share a nickname get a short ID suffix ("Ana #3f2a").
  d′ and c are the means over the trainee's attempts; the false-alarm rate pools every
  flag-free message they saw (false alarms ÷ flag-free messages).
- Money "lost" is summed per currency and never across currencies.
- The class *leans* over-suspicious when at least `LEANING` of flag-free messages were
  flagged and that share is above the share of red-flag messages missed; too trusting in the
  mirror case; balanced otherwise.

- The *skill check* (before and after forms, `build_check`) pools the answers of the trainees
  who took both forms: d′, criterion, false-alarm rate, accuracy and Brier score of the before
  answers and of the after answers (`game.records.practice.measure`), their change with the sentences of
  `Change.verdicts()`, and per confidence level how many answers were right before and after. It
  ranks no one: it is the class's, never a trainee's.

Demo attempts (the bot played) are never in a report: the store leaves them out and
`build_report` refuses them.
"""

from __future__ import annotations

import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from game.engine.frozen import frozen
from game.locale import Translator
from game.scenario import Catalog, Text, render
from game.scenario.money import Number, normalize

from .attempt import Attempt
from .practice import PracticeAnswer, change

PRACTISE = 3            # at most this many red flags are named in the advice
MASTERED = 0.7          # a red flag spotted at least this often is not one to practise
ENOUGH = 3              # the advice prefers red flags shown and scenarios played at least this often
LEANING = 0.25          # a false-alarm or miss share from which the class leans one way
SUFFIX = 4              # characters of a player ID told apart by (more when they still clash)

Money = tuple[tuple[str, Number], ...]      # (currency, amount), by currency code


@frozen
class TraineeRow:
    player_id: str
    name: str                       # the nickname, with an ID suffix when two players share it
    attempts: int
    mean_score: float
    latest_score: int
    d_prime: float                  # mean over attempts
    criterion: float                # mean over attempts
    false_alarms: int
    false_alarm_rate: float | None  # None: no flag-free message seen
    lost: Money


@frozen
class ScenarioRow:
    scenario: str
    title: str
    attempts: int
    mean_score: float
    safe_share: float               # share of attempts whose outcome was "safe"
    lost: Money


@frozen
class FlagRow:
    flag_id: str
    name: str
    shown: int
    spotted: int
    named: int
    median_seconds: float | None    # None: never spotted
    safe: str                       # the catalogue's safe response

    @property
    def spotted_share(self) -> float:
        return self.spotted / self.shown if self.shown else 0.0

    @property
    def named_share(self) -> float:
        return self.named / self.shown if self.shown else 0.0

    @property
    def missed_share(self) -> float:
        return 1.0 - self.spotted_share


@frozen
class DayRow:
    day: str                        # YYYY-MM-DD (UTC)
    attempts: int
    mean_score: float


@frozen
class Report:
    lang: str
    title: str
    first_day: str                  # "" when there are no attempts
    last_day: str
    class_code: str                 # "" when the report is not for one class
    filters: tuple[tuple[str, str], ...]        # (what, value): ("class", "7B"), ("player", …), ("since", …)
    attempts: int
    trainees: tuple[TraineeRow, ...]            # by name
    scenarios: tuple[ScenarioRow, ...]          # by title
    flags: tuple[FlagRow, ...]                  # most-missed first
    lost: Money                                 # totals per currency
    days: tuple[DayRow, ...]                    # attempts per day, oldest first
    hit_rate: float | None                      # red-flag messages spotted / shown
    false_alarm_rate: float | None              # flag-free messages flagged / shown
    leaning: str                                # over_suspicious | too_trusting | balanced | unknown
    practise: tuple[str, ...]                   # red-flag IDs the advice names
    replay: str | None                          # the scenario the advice names
    advice: str                                 # the paragraph "what to practise next"
    check: "Check | None" = None                # the before/after skill check (None: no form answers)


@frozen
class CheckSide:
    """One form's pooled answers, measured."""

    answers: int
    right: int
    accuracy: float | None
    d_prime: float
    criterion: float
    false_alarm_rate: float | None
    brier: float | None


@frozen
class CheckLevel:
    confidence: int                 # 1 a guess, 2 fairly sure, 3 sure
    stated: float                   # the chance of being right it stands for
    before_answers: int
    before_right: int
    after_answers: int
    after_right: int


@frozen
class Check:
    trainees: int                   # trainees who took both forms (whose answers are pooled)
    before: CheckSide | None
    after: CheckSide | None
    d_prime: float | None           # after − before
    criterion: float | None
    brier: float | None
    verdicts: tuple[str, ...]       # locale keys (Change.verdicts)
    calibration: tuple[CheckLevel, ...]


def build_check(answers: Iterable[tuple[str, PracticeAnswer]]) -> Check:
    """The class's before/after check from its form answers, as (player ID, `PracticeAnswer`)."""

    answers = list(answers)
    both = _both(answers)
    if not both:
        return Check(0, None, None, None, None, None, (), ())
    moved = change([a for player, a in answers if player in both and a.form == "before"],
                   [a for player, a in answers if player in both and a.form == "after"])

    def side(m) -> CheckSide:
        return CheckSide(m.answers, m.right, m.accuracy, m.d_prime, m.criterion, m.false_alarm_rate, m.brier)

    levels = tuple(CheckLevel(b.confidence, b.stated, b.answers, b.right, a.answers, a.right)
                   for b, a in zip(moved.before.calibration, moved.after.calibration))
    return Check(len(both), side(moved.before), side(moved.after), moved.d_prime, moved.criterion, moved.brier,
                 moved.verdicts(), levels)


def _both(answers: list) -> set[str]:
    forms: dict[str, set[str]] = defaultdict(set)
    for player, answer in answers:
        forms[player].add(answer.form)
    return {player for player, kinds in forms.items() if {"before", "after"} <= kinds}


FlagFact = tuple[tuple[str, ...], str | None, float | None]     # (flags carried, flagged, seconds to spot)


def flag_facts(attempts: Iterable[Attempt]) -> list[FlagFact]:
    """What the red-flag table counts, from attempts loaded with their messages."""
    return [(m.flags, m.flagged, m.seconds_to_spot) for a in attempts for m in a.messages if m.flags]


def build_report(attempts: Iterable[Attempt], *, catalog: Catalog, titles: Mapping[str, Text | str], lang: str,
                 class_code: str = "", filters: Iterable[tuple[str, str]] = (),
                 facts: Iterable[FlagFact] | None = None) -> Report:
    """The report over `attempts` (any order) in `lang`. Raises ValueError on a demo attempt.

    The red-flag table counts `facts` when given (`Records.flag_facts` over the same filter:
    quicker for thousands of attempts, which may then be loaded without details), or else the
    messages of `attempts`."""
    ordered = sorted(attempts, key=lambda a: (a.finished_at, a.id))
    demo = [a.id for a in ordered if a.mode == "demo"]
    if demo:
        raise ValueError(f"demo attempts are never reported ({len(demo)} given, e.g. {demo[0]})")
    tr = Translator(lang)
    trainees = _trainees(ordered)
    scenarios = _scenarios(ordered, titles, lang)
    flags = _flags(flag_facts(ordered) if facts is None else facts, ordered, catalog, lang)
    hits = sum(a.hits for a in ordered)
    misses = sum(a.misses for a in ordered)
    false_alarms = sum(a.false_alarms for a in ordered)
    rejections = sum(a.correct_rejections for a in ordered)
    hit_rate = hits / (hits + misses) if hits + misses else None
    fa_rate = false_alarms / (false_alarms + rejections) if false_alarms + rejections else None
    leaning = _leaning(hit_rate, fa_rate)
    practise = _practise(flags)
    replay = _replay(scenarios)
    days = _days(ordered)
    title = tr.t("report.title_class", code=class_code) if class_code else tr.t("report.title")
    return Report(
        lang=lang, title=title, first_day=days[0].day if days else "", last_day=days[-1].day if days else "",
        class_code=class_code, filters=tuple(filters), attempts=len(ordered), trainees=trainees, scenarios=scenarios,
        flags=flags, lost=_money((a.currency, a.loss) for a in ordered), days=days, hit_rate=hit_rate,
        false_alarm_rate=fa_rate, leaning=leaning, practise=practise, replay=replay,
        advice=_advice(tr, ordered, flags, practise, scenarios, replay, leaning, hit_rate, fa_rate))


# -- sections ----------------------------------------------------------------------------------

def _money(items: Iterable[tuple[str, Number]]) -> Money:
    totals: dict[str, Number] = {}
    for currency, amount in items:
        if amount:
            totals[currency] = normalize(totals.get(currency, 0) + amount)
    return tuple(sorted(totals.items()))


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def display_names(players: Mapping[str, str]) -> dict[str, str]:
    """Player ID → the name a report shows: the nickname, with "#" and the start of the ID when
    another player has the same nickname (any case), as long as needed to tell them apart."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for player_id, nickname in players.items():
        by_name[nickname.casefold()].append(player_id)
    names = {}
    for ids in by_name.values():
        if len(ids) == 1:
            names[ids[0]] = players[ids[0]]
            continue
        size = SUFFIX
        while len({i.replace("-", "")[:size] for i in ids}) < len(ids) and size < 32:
            size += 2
        for player_id in ids:
            names[player_id] = f"{players[player_id]} #{player_id.replace('-', '')[:size]}"
    return names


def _trainees(ordered: list[Attempt]) -> tuple[TraineeRow, ...]:
    by_player: dict[str, list[Attempt]] = defaultdict(list)
    for attempt in ordered:
        by_player[attempt.player_id].append(attempt)
    names = display_names({pid: runs[-1].nickname for pid, runs in by_player.items()})
    rows = []
    for player_id, runs in by_player.items():
        false_alarms = sum(a.false_alarms for a in runs)
        noise = false_alarms + sum(a.correct_rejections for a in runs)
        rows.append(TraineeRow(
            player_id=player_id, name=names[player_id], attempts=len(runs),
            mean_score=_mean([a.score for a in runs]), latest_score=runs[-1].score,
            d_prime=_mean([a.d_prime for a in runs]), criterion=_mean([a.criterion for a in runs]),
            false_alarms=false_alarms, false_alarm_rate=false_alarms / noise if noise else None,
            lost=_money((a.currency, a.loss) for a in runs)))
    return tuple(sorted(rows, key=lambda r: (r.name.casefold(), r.player_id)))


def _title(titles: Mapping[str, Text | str], scenario: str, lang: str) -> str:
    title = titles.get(scenario)
    if title is None:
        return scenario
    return title if isinstance(title, str) else title.get(lang)


def _scenarios(ordered: list[Attempt], titles: Mapping[str, Text | str], lang: str) -> tuple[ScenarioRow, ...]:
    by_scenario: dict[str, list[Attempt]] = defaultdict(list)
    for attempt in ordered:
        by_scenario[attempt.scenario].append(attempt)
    rows = [ScenarioRow(
        scenario=sid, title=_title(titles, sid, lang), attempts=len(runs), mean_score=_mean([a.score for a in runs]),
        safe_share=sum(a.outcome == "safe" for a in runs) / len(runs), lost=_money((a.currency, a.loss) for a in runs))
        for sid, runs in by_scenario.items()]
    return tuple(sorted(rows, key=lambda r: (r.title.casefold(), r.scenario)))


def _region_values(ordered: list[Attempt], catalog: Catalog, lang: str) -> dict[str, str]:
    """`region.KEY` → text, from the region most attempts were played in (safe responses name
    services through these placeholders)."""
    counts = Counter(a.region for a in ordered)
    for region_id, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        region = catalog.regions.get(region_id)
        if region is not None:
            return {f"region.{key}": value for key in region.values
                    if (value := region.value(key, lang)) is not None}
    return {}


def _flags(facts: Iterable[FlagFact], ordered: list[Attempt], catalog: Catalog, lang: str) -> tuple[FlagRow, ...]:
    shown: Counter[str] = Counter()
    spotted: Counter[str] = Counter()
    named: Counter[str] = Counter()
    seconds: dict[str, list[float]] = defaultdict(list)
    for flags, flagged, to_spot in facts:
        for flag_id in flags:
            shown[flag_id] += 1
            if flagged is not None:
                spotted[flag_id] += 1
                named[flag_id] += flagged == flag_id
                if to_spot is not None:
                    seconds[flag_id].append(to_spot)
    values = _region_values(ordered, catalog, lang) if shown else {}
    rows = []
    for flag_id, count in shown.items():
        entry = catalog.red_flags.get(flag_id)
        rows.append(FlagRow(
            flag_id=flag_id, name=entry.name.get(lang) if entry else flag_id, shown=count, spotted=spotted[flag_id],
            named=named[flag_id], median_seconds=statistics.median(seconds[flag_id]) if seconds[flag_id] else None,
            safe=render(entry.safe.get(lang), values) if entry else ""))
    return tuple(sorted(rows, key=lambda r: (r.spotted / r.shown, -r.shown, r.name.casefold(), r.flag_id)))


def _days(ordered: list[Attempt]) -> tuple[DayRow, ...]:
    by_day: dict[str, list[int]] = defaultdict(list)
    for attempt in ordered:
        by_day[attempt.finished_at[:10]].append(attempt.score)
    return tuple(DayRow(day, len(scores), _mean(scores)) for day, scores in sorted(by_day.items()))


def _leaning(hit_rate: float | None, fa_rate: float | None) -> str:
    if hit_rate is None and fa_rate is None:
        return "unknown"
    miss_rate = 1 - hit_rate if hit_rate is not None else 0.0
    fa = fa_rate or 0.0
    if fa >= LEANING and fa > miss_rate:
        return "over_suspicious"
    if miss_rate >= LEANING and miss_rate > fa:
        return "too_trusting"
    return "balanced"


def _practise(flags: tuple[FlagRow, ...]) -> tuple[str, ...]:
    """The most-missed red flags not yet mastered, those shown at least ENOUGH times first (one
    miss out of one is weaker evidence than 30 out of 60)."""
    weak = [f for f in flags if f.spotted_share < MASTERED]
    often = [f for f in weak if f.shown >= ENOUGH]
    rest = [f for f in weak if f.shown < ENOUGH]
    return tuple(f.flag_id for f in [*often, *rest][:PRACTISE])


def _replay(scenarios: tuple[ScenarioRow, ...]) -> str | None:
    """The scenario that ended safely least often (then the lowest mean score), among those played
    at least ENOUGH times if there are any; None when every attempt ended safely."""
    candidates = [s for s in scenarios if s.safe_share < 1.0]
    candidates = [s for s in candidates if s.attempts >= ENOUGH] or candidates
    if not candidates:
        return None
    return min(candidates, key=lambda s: (s.safe_share, s.mean_score, -s.attempts, s.scenario)).scenario


def percent(share: float) -> str:
    """0.625 → "63%" (the same in every shipped language)."""
    return f"{round(share * 100)}%"


def _advice(tr: Translator, ordered: list[Attempt], flags: tuple[FlagRow, ...], practise: tuple[str, ...],
            scenarios: tuple[ScenarioRow, ...], replay: str | None, leaning: str, hit_rate: float | None,
            fa_rate: float | None) -> str:
    if not ordered:
        return tr.t("report.advice.empty")
    sentences = []
    by_id = {f.flag_id: f for f in flags}
    if practise:
        sentences.append(tr.t("report.advice.practise"))
        for flag_id in practise:
            flag = by_id[flag_id]
            sentences.append(tr.t("report.advice.flag", name=quoted(tr, flag.name), missed=percent(flag.missed_share),
                                  safe=flag.safe))
    elif flags:
        sentences.append(tr.t("report.advice.all_spotted", share=percent(MASTERED)))
    miss = percent(1 - hit_rate) if hit_rate is not None else "–"
    fa = percent(fa_rate) if fa_rate is not None else "–"
    if leaning in ("over_suspicious", "too_trusting", "balanced") and hit_rate is not None and fa_rate is not None:
        sentences.append(tr.t(f"report.advice.{leaning}", false_alarms=fa, missed=miss))
    if replay is not None:
        row = next(s for s in scenarios if s.scenario == replay)
        key = "report.advice.replay" if row.safe_share else "report.advice.replay_none"
        sentences.append(tr.t(key, title=quoted(tr, row.title), share=percent(row.safe_share)))
    else:
        sentences.append(tr.t("report.advice.all_safe"))
    return join_sentences(sentences)


_INNER = str.maketrans({"“": "‘", "”": "’", '"': "'"})


def quoted(tr: Translator, text: str) -> str:
    """A name in quotes; quotes already inside it become single ones (“转入‘安全账户’”, never
    “转入“安全账户””)."""
    return tr.quote(text.translate(_INNER))


def join_sentences(sentences: list[str]) -> str:
    """Sentences as one paragraph: a space after a sentence ending in "." (English), none after
    one ending in a full-width "。" (Chinese)."""
    text = ""
    for sentence in sentences:
        if text and unicodedata.east_asian_width(text[-1]) not in "WF":
            text += " "
        text += sentence
    return text
