"""A file that validates always plays: mutants of every shipped scenario and files generated from
the schema that the validator accepts are played to an end by the bot (the demo's scam walk, its
safe walk and a random walk), scored, debriefed as the front ends do, saved mid-way and resumed
(through JSON), with no exception, no soft-lock, no endless loop and no slow command.

A failure names the mutant; `python -m tests.hardening.mutants SOURCE SEED` prints its file.
"""

from __future__ import annotations

import json
import random
import time
import traceback
from dataclasses import dataclass, field

import pytest

from game import debrief_lines
from game.engine import FakerPersonas, RandomPolicy, Session, TeachingPolicy
from game.engine.bot import perform
from game.locale import Translator, words
from game.records import attempt_of
from game.scenario import check_scenario_bytes
from game.text import format_result

from .figures import write_figures
from .mutants import SCENARIOS, Mutant, base_catalog, generated, mutant, shipped_names

MAX_TURNS = 500                 # a play that has not ended by then loops
TICK_LIMIT_MS = 100.0           # no single command (or the view after it) may take longer
POLICIES = ("scam", "safe", "random")
PERSONAS = FakerPersonas()
DEFAULT_PER_SCENARIO = 10       # 33 scenarios x 10 + generated: >= 300 cases in the default run
SLOW_VALIDATED = 5_000          # -m slow: mutants are made until this many validated (and were played)
SLOW_MAX_SEEDS = 1_000          # … from at most this many seeds per shipped scenario


class SoftLock(Exception):
    """No choice is open and no timeout is pending: the player can do nothing."""


class Endless(Exception):
    """The play did not reach an ending within MAX_TURNS turns."""


@dataclass
class Tally:
    tried: int = 0
    validated: int = 0
    plays: int = 0
    commands: int = 0
    worst_ms: float = 0.0
    worst_at: str = ""
    failures: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        self.tried += other.tried
        self.validated += other.validated
        self.plays += other.plays
        self.commands += other.commands
        if other.worst_ms > self.worst_ms:
            self.worst_ms, self.worst_at = other.worst_ms, other.worst_at
        self.failures += other.failures


def _policy(name: str, seed: int):
    return RandomPolicy(random.Random(seed)) if name == "random" else TeachingPolicy(name)


def _resume(session: Session) -> Session:
    """Save and resume the way the window does: to JSON text (no NaN allowed) and back."""
    data = json.loads(json.dumps(session.to_json(), allow_nan=False))
    resumed = Session.from_json(session.scenario, session.catalog, data, words=words)
    if resumed.view() != session.view():
        raise AssertionError("the resumed session shows something else than the saved one")
    return resumed


def _debrief(session: Session) -> None:
    """Score and debrief in both languages as the window, the terminal and records do."""
    catalog = session.catalog
    for lang in ("en", "zh"):
        result = session.result(lang)
        json.dumps(result.to_dict(), allow_nan=False)
        tr = Translator(lang)
        data_names = {k: v.get(lang) for k, v in catalog.data_items.items()}
        flag_names = {k: v.name.get(lang) for k, v in catalog.red_flags.items()}
        debrief_lines.summary(result, tr, data_names)
        debrief_lines.meaning(result, tr)
        debrief_lines.help_lines(result, tr)
        debrief_lines.cards(result, tr, flag_names)
        format_result(result, data_names, flag_names)
    attempt_of(session, player_id="p-1", nickname="Calm Heron")


def play(found: Mutant, scenario, policy_name: str, tally: Tally) -> None:
    """One play-through; raises on any failure. Times every command and the view after it."""
    seed = found.seed
    session = Session(scenario, found.catalog, seed=seed, personas=PERSONAS, words=words)
    policy = _policy(policy_name, seed)
    save_at = random.Random(seed).randrange(1, 6)
    turns = 0
    while not session.ended:
        if turns >= MAX_TURNS:
            raise Endless(f"no ending after {MAX_TURNS} turns, at step {session.step_id!r}")
        if turns == save_at:
            session = _resume(session)
        if (session.seconds_until_choices() == 0 and not session.turn().choices
                and session.seconds_until_timeout() is None):
            raise SoftLock(f"step {session.step_id!r}: no choice open and no timeout pending")
        for command in policy.plan(session):
            start = time.perf_counter()
            perform(session, command)
            session.view()
            spent = (time.perf_counter() - start) * 1000
            tally.commands += 1
            if spent > tally.worst_ms:
                tally.worst_ms, tally.worst_at = spent, f"{found.repro} [{policy_name}] {type(command).__name__}"
        turns += 1
    _debrief(session)
    resumed = _resume(session)          # a finished session saves and resumes too
    _debrief(resumed)


def check(found: Mutant, tally: Tally) -> None:
    tally.tried += 1
    try:
        scenario, problems = check_scenario_bytes(f"{found.source}.yaml", found.data, found.catalog)
    except Exception as exc:            # the validator itself must never raise
        tally.failures.append(f"validator raised {type(exc).__name__}: {str(exc)[:200]} :: {found.repro}")
        return
    if scenario is None:
        return
    tally.validated += 1
    for name in POLICIES:
        tally.plays += 1
        try:
            one = Tally()
            play(found, scenario, name, one)
            if one.worst_ms > TICK_LIMIT_MS:        # a busy machine, or a slow command? Time it again.
                again = Tally()
                play(found, scenario, name, again)
                one.worst_ms, one.worst_at = min((one.worst_ms, one.worst_at), (again.worst_ms, again.worst_at))
            tally.add(one)
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            tally.failures.append(f"[{name}] {type(exc).__name__}: {str(exc)[:200]} "
                                  f"(at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}) :: {found.repro}")


def _report(tally: Tally, *, limit: int = 12) -> str:
    lines = [f"{len(tally.failures)} failure(s) in {tally.validated} validated of {tally.tried} tried:"]
    lines += tally.failures[:limit]
    return "\n".join(lines)


@pytest.mark.parametrize("name", shipped_names())
def test_validated_mutants_play(name):
    tally = Tally()
    for seed in range(DEFAULT_PER_SCENARIO):
        check(mutant(name, seed), tally)
    assert tally.plays == 3 * tally.validated
    assert not tally.failures, _report(tally)


def test_generated_files_that_validate_play():
    tally = Tally()
    for seed in range(60):
        check(generated(seed), tally)
    assert tally.validated >= 3, "the schema generator should produce some valid files"
    assert not tally.failures, _report(tally)


def test_a_soft_lock_is_caught():
    """The guard itself: a step whose every choice `when` closes, with no timeout, is caught
    (built past the validator, which should refuse such a file)."""
    from game.scenario.models import Compare

    found = Mutant("first_steps", 0, "hand-made soft lock", b"", base_catalog())
    scenario, _ = check_scenario_bytes("first_steps.yaml", (SCENARIOS / "first_steps.yaml").read_bytes(),
                                       found.catalog)
    closed = {"paid": Compare(lt=0)}
    locked = scenario.model_copy(update={"steps": {
        sid: step.model_copy(update={"timeout": None, "choices": tuple(
            c.model_copy(update={"when": closed}) for c in step.choices)}) if sid == scenario.start else step
        for sid, step in scenario.steps.items()}})
    with pytest.raises(SoftLock):
        play(found, locked, "random", Tally())


@pytest.mark.slow
def test_validated_mutants_play_at_scale():
    tally = Tally()
    started = time.perf_counter()
    names = shipped_names()
    for seed in range(SLOW_MAX_SEEDS):
        if tally.validated >= SLOW_VALIDATED:
            break
        for name in names:
            check(mutant(name, seed), tally)
    for seed in range(600):
        check(generated(seed), tally)
    write_figures("validated_plays", {
        "inputs_tried": tally.tried, "validated": tally.validated, "plays": tally.plays,
        "commands": tally.commands, "failures": len(tally.failures), "first_failures": tally.failures[:40],
        "worst_tick_ms": round(tally.worst_ms, 2), "worst_tick_at": tally.worst_at,
        "seconds": round(time.perf_counter() - started, 1)})
    assert tally.validated >= SLOW_VALIDATED
    assert not tally.failures, _report(tally, limit=30)
    assert tally.worst_ms <= TICK_LIMIT_MS, f"worst command {tally.worst_ms:.0f} ms: {tally.worst_at}"
