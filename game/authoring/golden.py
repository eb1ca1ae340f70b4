"""Golden runs: one play-through saved as IDs, replayed later to see where a scenario changed.

`record_run` plays a scenario with a bot (the demo's teaching path, "scam" or "safe", or a random
walk for a seed) and keeps, per step, the messages it flagged (with which red flag) and the choice
it took (or "timeout"), then the ending, its outcome and the score. `check_run` plays those IDs
again on the scenario as it is now and says where it plays differently: the first step whose ID,
messages or choices no longer fit, and a changed ending, outcome or score. The file is plain YAML
an author can read; nothing in it is ever run.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

import yaml

from game.engine import (
    TIMEOUT,
    Choose,
    EngineError,
    Flag,
    PersonaSource,
    RandomPolicy,
    Session,
    TeachingPolicy,
    TimedOut,
    Unflag,
)
from game.locale import words
from game.scenario import LANGS, Catalog, Scenario

GOLDEN_FORMAT = 1
MAX_TURNS = 2000


class GoldenError(ValueError):
    """A golden-run file that cannot be read as one (the message says why)."""


def record_run(scenario: Scenario, catalog: Catalog, personas: PersonaSource, *, seed: int = 1,
               lang: str = LANGS[0], region: str | None = None, path: str | None = None) -> dict[str, Any]:
    """Play one run and return it as plain data: with `path` ("scam" or "safe") the demo's
    teaching policy, else a random walk seeded by `seed`. Raises EngineError if the run breaks."""
    region = region or scenario.regions[0]
    session = Session(scenario, catalog, seed=seed, lang=lang, personas=personas, region=region, words=words)
    policy = TeachingPolicy(path) if path else RandomPolicy(random.Random(seed))
    steps: list[dict[str, Any]] = []
    flags: dict[str, str | None] = {}

    def close(step_id: str, choice: str) -> None:
        entry: dict[str, Any] = {"step": step_id}
        if flags:
            entry["flags"] = dict(flags)
        entry["choice"] = choice
        steps.append(entry)
        flags.clear()

    for _ in range(MAX_TURNS):
        if session.ended:
            break
        for command in policy.plan(session):
            if isinstance(command, Flag):
                session.flag(command.message_id, command.flag_id)
                flags[command.message_id] = command.flag_id
            elif isinstance(command, Unflag):
                session.unflag(command.message_id)
                flags[command.message_id] = None
            elif isinstance(command, Choose):
                step_id = session.step_id
                session.choose(command.choice_id)
                close(step_id, command.choice_id)
            else:
                for event in session.tick(command.seconds):
                    if isinstance(event, TimedOut):
                        close(event.step_id, TIMEOUT)
    else:
        raise EngineError(f"no ending after {MAX_TURNS} turns (a loop?) at step {session.step_id!r}")
    result = session.result()
    return {"golden": GOLDEN_FORMAT, "scenario": scenario.id, "version": scenario.version, "seed": seed,
            "lang": lang, "region": region, "policy": path or "random", "steps": steps,
            "ending": result.ending, "outcome": result.outcome, "score": result.score}


def dump_run(run: Mapping[str, Any], source: str = "") -> str:
    """A golden run as YAML: a header, then one line per step."""
    head = {key: run[key] for key in ("golden", "scenario", "version", "seed", "lang", "region", "policy")}
    tail = {key: run[key] for key in ("ending", "outcome", "score")}
    lines = [f"# A golden run of {run['scenario']} ({run['policy']}): the steps it went through, the messages",
             "# it flagged and the choice it took at each. Check that the scenario still plays it with",
             f"#   python main.py playtest {source or 'SCENARIO.yaml'} --check THIS_FILE",
             yaml.safe_dump(head, sort_keys=False, allow_unicode=True).rstrip(), "steps:"]
    for step in run["steps"]:
        lines.append("  - " + yaml.safe_dump(step, sort_keys=False, allow_unicode=True, default_flow_style=True,
                                             width=10_000).strip())
    lines.append(yaml.safe_dump(tail, sort_keys=False, allow_unicode=True).rstrip())
    return "\n".join(lines) + "\n"


def read_run(text: str) -> dict[str, Any]:
    """A golden run from its YAML; GoldenError says what is wrong with a broken one."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise GoldenError(f"not YAML: {exc}") from None
    if not isinstance(data, dict) or data.get("golden") != GOLDEN_FORMAT:
        raise GoldenError(f"not a golden run (it needs 'golden: {GOLDEN_FORMAT}' at the top)")
    for key, kind in (("scenario", str), ("seed", int), ("lang", str), ("region", str), ("steps", list),
                      ("ending", str), ("outcome", str), ("score", int)):
        if not isinstance(data.get(key), kind) or isinstance(data.get(key), bool):
            raise GoldenError(f"'{key}' is missing or is not a {kind.__name__}")
    for number, step in enumerate(data["steps"], start=1):
        if not (isinstance(step, dict) and isinstance(step.get("step"), str) and isinstance(step.get("choice"), str)):
            raise GoldenError(f"step {number} needs a 'step' and a 'choice'")
        marks = step.get("flags", {})
        if not isinstance(marks, dict) or not all(isinstance(m, str) and (f is None or isinstance(f, str))
                                                  for m, f in marks.items()):
            raise GoldenError(f"step {number}: 'flags' must map message IDs to red-flag IDs")
    return data


def check_run(scenario: Scenario, catalog: Catalog, personas: PersonaSource, run: Mapping[str, Any]) -> list[str]:
    """Play a golden run's IDs on `scenario` now; what plays differently (empty: nothing)."""
    if run["scenario"] != scenario.id:
        return [f"the run is of scenario {run['scenario']!r}, not {scenario.id!r}"]
    if run["region"] not in scenario.regions:
        return [f"the scenario no longer plays in region {run['region']!r} (it plays in {', '.join(scenario.regions)})"]
    try:
        session = Session(scenario, catalog, seed=run["seed"], lang=run["lang"], personas=personas,
                          region=run["region"], words=words)
    except EngineError as exc:
        return [f"the run cannot start: {exc}"]
    for number, entry in enumerate(run["steps"], start=1):
        expected = entry["step"]
        where = f"step {number} ({expected})"
        session.tick(session.seconds_until_choices())
        if session.ended:
            return [f"{where}: expected step {expected!r}, but the scenario has already ended at {session.step_id!r}"]
        if session.step_id != expected:
            return [f"step {number}: expected step {expected!r}, the scenario is at {session.step_id!r} now"]
        for message_id, flag_id in entry.get("flags", {}).items():
            try:
                if flag_id is None:
                    session.unflag(message_id)
                else:
                    session.flag(message_id, flag_id)
            except EngineError as exc:
                return [f"{where}: cannot flag {message_id!r}{f' as {flag_id!r}' if flag_id else ''}: {exc}"]
        choice = entry["choice"]
        offered = session.turn().choices
        if choice == TIMEOUT:
            wait = session.seconds_until_timeout()
            if wait is None:
                return [f"{where}: expected to wait for the timeout, but the step has none now "
                        f"(it offers: {', '.join(offered) or 'nothing'})"]
            session.tick(wait + 0.001)
        elif choice not in offered:
            return [f"{where}: expected choice {choice!r}, the scenario now offers: {', '.join(offered) or 'nothing'}"]
        else:
            session.choose(choice)
    if not session.ended:
        return [f"after the {len(run['steps'])} recorded steps the scenario goes on at {session.step_id!r} "
                f"(expected the ending {run['ending']!r})"]
    result = session.result()
    differences = []
    for key, now in (("ending", result.ending), ("outcome", result.outcome), ("score", result.score)):
        if run[key] != now:
            differences.append(f"the {key} is {now!r} now, it was {run[key]!r}")
    return differences
