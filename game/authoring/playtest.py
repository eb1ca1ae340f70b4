"""`playtest`: a random bot plays each scenario many times and reports what it found."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from game.engine import PersonaSource, Session
from game.engine import walk
from game.locale import words
from game.scenario import LANGS, Catalog, Scenario


@dataclass
class PlaytestReport:
    scenario: str
    runs: int
    endings: Counter = field(default_factory=Counter)
    visited: set[str] = field(default_factory=set)
    unvisited: list[str] = field(default_factory=list)
    unreached_endings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    results: int = 0            # results worked out: one per ending, language and region reached


def playtest(scenario: Scenario, catalog: Catalog, personas: PersonaSource, *, runs: int, seed: int,
             regions: tuple[str, ...] | None = None) -> PlaytestReport:
    """`runs` play-throughs, taking every language and every region (default: each the scenario
    declares) in turn. The first run to reach each ending in each language and region also
    works out the result the player would see (score, debrief, help lines): all that depends on
    the ending, the language and the region is then checked, without scoring every run."""
    report = PlaytestReport(scenario.id, runs)
    seen: set[str] = set()
    scored: set[tuple[str | None, str, str]] = set()
    regions = regions or scenario.regions
    for run in range(runs):
        run_seed = seed + run
        lang = LANGS[run % len(LANGS)]          # every language scenarios are written in, in turn
        region = regions[(run // len(LANGS)) % len(regions)]
        try:
            session = Session(scenario, catalog, seed=run_seed, lang=lang, personas=personas, region=region,
                              words=words)
            record = walk(session, random.Random(run_seed), seen=seen, result=False)
            if record.error is None and (record.ending, lang, region) not in scored:
                scored.add((record.ending, lang, region))
                report.results += 1
                session.result()
        except Exception as exc:  # a crash is exactly what a playtest is for: report it
            report.errors.append(f"seed {run_seed}: {type(exc).__name__}: {exc}")
            continue
        report.visited.update(record.steps)
        if record.error:
            report.errors.append(f"seed {run_seed}: {record.error}")
        else:
            report.endings[record.ending] += 1
    report.unvisited = [s for s in scenario.steps if s not in report.visited]
    report.unreached_endings = [e for e in scenario.endings if e not in report.endings]
    return report
