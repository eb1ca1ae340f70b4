"""One player's practice, for every front end: drills, boosters, the two forms, what to play next.

A `Coach` is built with the scenarios the player can play, the catalogue, how a scenario's
region is chosen for this player, and (optionally) the `Recorder` that keeps results. It reads
the player's attempts, answers and cards from the records; a drill or form is a `Run` that
hands out one `DrillItem` at a time, takes the answer, and is kept (answers and changed cards
in one transaction) when it ends — or item by item, with `keep_each`, where a page may be
closed at any moment.

Without a recorder (results not kept) everything still works for the session: drills are
planned with no history, and nothing is due.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from game.engine import EngineError, PersonaSource
from game.records.attempt import Attempt, now_iso
from game.records.mastery import Mastery, facts_of, mastery_of
from game.records.practice import PracticeAnswer
from game.scenario import Catalog, Scenario

from . import boosters, plan
from .bank import Bank, ItemSpec, build_bank
from .grading import Change, Measure, change, grade, measure
from .item import DrillItem, build_item
from .recommend import Recommendation, recommend

FORMS = ("drill", "booster", plan.BEFORE, plan.AFTER)


@dataclass
class Run:
    """A drill or a form in progress: its items, the answers so far."""

    id: str
    form: str                               # drill | booster | before | after
    picks: tuple[plan.Pick, ...]
    coach: "Coach"
    answers: list[PracticeAnswer] = field(default_factory=list)
    keep_each: bool = False                 # keep every answer as it is given (a web page may close)
    _item: DrillItem | None = None
    _skipped: int = 0

    @property
    def position(self) -> int:
        """0-based index of the item shown now (== len(picks) when done)."""
        return len(self.answers) + self._skipped

    @property
    def total(self) -> int:
        return len(self.picks)

    @property
    def done(self) -> bool:
        return self.position >= len(self.picks)

    def current(self) -> DrillItem | None:
        """The item to answer now, built on first use with fresh details (None when done)."""
        while self._item is None and not self.done:
            try:
                self._item = self.coach.item(self.picks[self.position].spec)
            except EngineError:             # its way closed for every seed tried: leave it out
                self._skipped += 1
        return self._item

    @property
    def reason(self) -> str | None:
        """Why the current item was picked (plan.DUE, WEAK, NEW, LOOKALIKE)."""
        return None if self.done else self.picks[self.position].reason

    def answer(self, said: str, named: str | None, confidence: int, *, seconds: float = 0.0,
               at: str | None = None) -> PracticeAnswer:
        item = self.current()
        if item is None:
            raise EngineError("this practice has no item left to answer")
        answer = grade(item, said, named, confidence, run=self.id, form=self.form, seconds=seconds, at=at,
                       class_code=self.coach.class_code)
        self.answers.append(answer)
        self._item = None
        if self.keep_each:
            self.coach.keep([answer])
        elif self.done:
            self.coach.keep(self.answers)
        return answer

    def finish(self) -> None:
        """Keep what was answered of a run left before its end (answers given are never lost)."""
        if not self.keep_each and self.answers and not self.done:
            self.coach.keep(self.answers)

    def measure(self) -> Measure:
        return measure(self.answers)


class Coach:
    def __init__(self, scenarios: Mapping[str, Scenario], catalog: Catalog, *, recorder=None,
                 region_for: Callable[[Scenario], str] | None = None, lang: str = "en", class_code: str = "",
                 personas: PersonaSource | None = None, words: Callable[[str, str], str] | None = None,
                 clock: Callable[[], str] = now_iso, rng: random.Random | None = None) -> None:
        self.scenarios = dict(scenarios)
        self.catalog = catalog
        self.recorder = recorder
        self.region_for = region_for or (lambda scenario: scenario.regions[0])
        self.lang = lang
        self.class_code = class_code
        self.personas = personas
        self.words = words
        self.clock = clock
        self.rng = rng or random.Random()
        self._kept_here: list[PracticeAnswer] = []      # without records: this session's answers

    # -- what is known ------------------------------------------------------------------------
    @cached_property
    def bank(self) -> Bank:
        return build_bank({sid: s for sid, s in self.scenarios.items() if s.category != "tutorial"}, self.catalog)

    @cached_property
    def facts(self):
        return facts_of(self.scenarios.values())

    def attempts(self) -> list[Attempt]:
        return self.recorder.history() if self.recorder is not None else []

    def answers(self, forms: tuple[str, ...] | None = None) -> list[PracticeAnswer]:
        if self.recorder is not None and self.recorder.records is not None and self.recorder.player is not None:
            return self.recorder.practice(forms=forms)
        return [a for a in self._kept_here if forms is None or a.form in forms]

    def mastery(self, now: str | None = None) -> Mastery:
        return mastery_of(self.attempts(), self.facts, answers=self.answers(), now=now or self.clock())

    def cards(self) -> dict[str, boosters.Booster]:
        rows = self.recorder.cards() if self.recorder is not None else []
        return {item: boosters.Booster(item, due, card) for item, due, card in rows}

    def due(self, now: str | None = None) -> list[str]:
        """Items due again now whose scenario is still here (cheap: the bank is not built for this)."""
        return [key for key in boosters.due(self.cards().values(), now or self.clock())
                if key.partition("/")[0] in self.scenarios]

    def due_minutes(self, now: str | None = None) -> int:
        """"N minutes of practice are due" (0: none)."""
        return boosters.minutes(len(self.due(now)))

    def booster_offer(self, now: str | None = None) -> tuple[int, bool]:
        """What the title screen offers: (minutes of the booster, 0 for none; welcome back?). A
        player back after `ABSENCE_DAYS` is offered a booster first even when nothing is due (it
        is then a short drill of their weak spots)."""
        due = len(self.due(now))
        welcome = self.welcome_back(now)
        if welcome:
            return boosters.minutes(max(1, due)), True
        return boosters.minutes(due), False

    def welcome_back(self, now: str | None = None) -> bool:
        last = self.recorder.last_activity() if self.recorder is not None else None
        return boosters.welcome_back(last, now or self.clock())

    def next(self) -> Recommendation | None:
        return recommend(self.mastery(), self.facts, self.attempts(), self.scenarios)

    # -- runs -----------------------------------------------------------------------------------
    def start(self, form: str = "drill", *, size: int | None = None) -> Run:
        """A drill (`drill`; `booster` starts with the due items), or the `before`/`after` form."""
        if form not in FORMS:
            raise ValueError(f"form must be one of {FORMS}, not {form!r}")
        if form in (plan.BEFORE, plan.AFTER):
            specs = plan.forms(self.bank)[form]
            picks = tuple(plan.Pick(spec, plan.LOOKALIKE if not spec.is_scam else plan.NEW) for spec in specs)
        else:
            due = self.due() if form == "booster" else ()
            if form == "booster":
                size = size or min(boosters.BOOSTER_MAX_ITEMS, max(boosters.BOOSTER_MIN_ITEMS, len(due)))
            picks = plan.plan_drill(self.bank, mastery=self.mastery(), due=due, rng=self.rng,
                                    size=size or plan.DRILL_ITEMS)
        return Run(str(uuid.uuid4()), form, picks, self)

    def item(self, spec: ItemSpec) -> DrillItem:
        scenario = self.scenarios[spec.scenario]
        region = self.region_for(scenario)
        if region not in scenario.regions:
            region = scenario.regions[0]
        return build_item(spec, scenario, self.catalog, lang=self.lang, region=region, personas=self.personas,
                          words=self.words, rng=self.rng)

    def keep(self, answers: list[PracticeAnswer]) -> bool:
        """Keep answers and the cards they change (one transaction)."""
        changed = boosters.review(self.cards(), answers)
        if self.recorder is None or self.recorder.player is None:
            self._kept_here.extend(answers)
            return False
        rows = [(b.item, b.due, b.card) for b in changed.values()]
        return self.recorder.keep_practice(list(answers), rows)

    def _in_class(self, answers: list[PracticeAnswer]) -> list[PracticeAnswer]:
        """The answers given in this coach's class (all of them when it has none)."""
        if not self.class_code:
            return answers
        code = self.class_code.casefold()
        return [a for a in answers if a.class_code.casefold() == code]

    def form_taken(self, form: str) -> bool:
        """Whether the player took the before or after form (in this coach's class, if it has one)."""
        return bool(self._in_class(self.answers((form,))))

    def check(self) -> Change | None:
        """The change from the before form to the after form (None until both were taken; in a
        class, the forms taken in it)."""
        before = self._in_class(self.answers((plan.BEFORE,)))
        after = self._in_class(self.answers((plan.AFTER,)))
        if not before or not after:
            return None
        return change(_last_run(before), _last_run(after))


def _last_run(answers: list[PracticeAnswer]) -> list[PracticeAnswer]:
    """The answers of the newest run among `answers` (a form taken twice counts its last time)."""
    last = answers[-1].run
    return [a for a in answers if a.run == last]
