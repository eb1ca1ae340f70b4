"""`playtest`: a random bot plays each scenario many times and reports what it found: the endings
reached and missed, how often each step was visited, and how outcomes, losses and scores spread.
(`playtest --exhaustive` is `explore.py`; golden runs are `golden.py`.)"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from game.engine import DataGiven, MoneyPaid, MoneyReceived, PersonaSource, Session, walk
from game.engine.scoring import score as score_of
from game.locale import words
from game.scenario import BUILTIN_SENDERS, LANGS, Catalog, Identity, Scenario
from game.scenario.money import normalize


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
    visits: Counter = field(default_factory=Counter)       # step → visits, over every run
    outcomes: Counter = field(default_factory=Counter)     # outcome → runs
    scores: list[int] = field(default_factory=list)        # one per run that ended
    losses: dict[str, list] = field(default_factory=dict)  # currency → the loss of each run that ended


class _Tallied(Session):
    """A Session that keeps the events deciding a result (data handed over, money paid and
    received) as they happen, so a run can be scored without working out its whole result (the
    debrief, every text: a quarter of a run's time). Only `choose` and `tick` are added to."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.given: list[str] = []
        self.cleared: list = []
        self.paid = 0

    def _keep(self, events: tuple) -> tuple:
        for event in events:
            if isinstance(event, DataGiven):
                self.given.append(event.item)
            elif isinstance(event, MoneyPaid):
                self.paid = event.total
            elif isinstance(event, MoneyReceived) and event.clears:
                self.cleared.append(event.amount)
        return events

    def choose(self, choice_id: str) -> tuple:
        return self._keep(super().choose(choice_id))

    def tick(self, seconds: float) -> tuple:
        return self._keep(super().tick(seconds))

    def outcome_score_loss(self, catalog: Catalog) -> tuple[str, int, object] | None:
        """What `Session.result()` would say of outcome, score and loss; None when the loss
        needs a variable (an ending's `loss: some_var`): then ask the result. Playtest plays in
        delayed-feedback mode, where a message's final flag is the one scored; every message has
        arrived once the story has ended."""
        ending = self.scenario.endings[self.step_id]
        if isinstance(ending.loss, str) and ending.loss != "paid":
            return None
        outcome = ending.outcome
        if outcome == "safe" and any(item in catalog.secrets for item in self.given):
            outcome = "partial"
        messages = _message_flags(Identity(self.scenario))
        pairs = [(messages[m], flag) for m, flaggable, flag in self.turn().messages if flaggable]
        paid = self.paid
        if ending.loss is None:
            loss = max(0, normalize(paid - sum(self.cleared, 0)))
        else:
            loss = paid if ending.loss == "paid" else ending.loss
        return outcome, score_of(pairs, outcome, len(self.given)).score, loss


@lru_cache(maxsize=64)
def _message_flags(scenario: Identity) -> dict[str, tuple[str, ...]]:
    """Each flaggable message's red flags, by message ID (worked out once per scenario)."""
    return {m.id: m.flags for step in scenario.value.steps.values() for m in step.messages
            if m.sender not in BUILTIN_SENDERS}


def playtest(scenario: Scenario, catalog: Catalog, personas: PersonaSource, *, runs: int, seed: int,
             regions: tuple[str, ...] | None = None) -> PlaytestReport:
    """`runs` play-throughs, taking every language and every region (default: each the scenario
    declares) in turn. The first run to reach each ending in each language and region also
    works out the result the player would see (score, debrief, help lines, in its language): all
    that depends on the ending, the language and the region is then checked. Every run that ends
    is scored, for the spread of outcomes, losses and scores."""
    report = PlaytestReport(scenario.id, runs)
    seen: set[str] = set()
    scored: set[tuple[str | None, str, str]] = set()
    regions = regions or scenario.regions
    for run in range(runs):
        run_seed = seed + run
        lang = LANGS[run % len(LANGS)]          # every language scenarios are written in, in turn
        region = regions[(run // len(LANGS)) % len(regions)]
        try:
            session = _Tallied(scenario, catalog, seed=run_seed, lang=lang, personas=personas, region=region,
                               words=words)
            record = walk(session, random.Random(run_seed), seen=seen, result=False)
            if record.error is None:
                quick = session.outcome_score_loss(catalog)
                first = (record.ending, lang, region) not in scored
                if first:
                    scored.add((record.ending, lang, region))
                    report.results += 1
                if first or quick is None:
                    result = session.result()
                    if quick is not None and quick != (result.outcome, result.score, result.loss):
                        report.errors.append(f"seed {run_seed}: the quick tally {quick} differs from the "
                                             f"result {(result.outcome, result.score, result.loss)}")
                    quick = (result.outcome, result.score, result.loss)
                outcome, score, loss = quick
                report.outcomes[outcome] += 1
                report.scores.append(score)
                report.losses.setdefault(session.currency, []).append(loss)
        except Exception as exc:  # a crash is exactly what a playtest is for: report it
            report.errors.append(f"seed {run_seed}: {type(exc).__name__}: {exc}")
            continue
        report.visited.update(record.steps)
        report.visits.update(record.steps)
        if record.error:
            report.errors.append(f"seed {run_seed}: {record.error}")
        else:
            report.endings[record.ending] += 1
    report.visits = Counter({s: report.visits[s] for s in scenario.steps if s in report.visits})
    report.unvisited = [s for s in scenario.steps if s not in report.visited]
    report.unreached_endings = [e for e in scenario.endings if e not in report.endings]
    return report


# -- the command ------------------------------------------------------------------------------------------

def main_playtest(args, files: list, catalog: Catalog, out, lang: str = LANGS[0]) -> int:
    """`python main.py playtest PATH…`: random runs (default), `--exhaustive`, `--record FILE` or
    `--check FILE`, reporting in `lang`. Returns the exit code: 0 all well, 1 a problem found,
    2 a usage error. (What differs in a golden run, and errors, stay in English: they quote IDs.)"""
    import gc
    import sys

    from game.cache import ScenarioCache
    from game.engine import FakerPersonas
    from game.locale import Translator
    from game.scenario import check_scenario_file

    t = Translator(lang).t

    def usage(message: str) -> int:
        print(f"error: {message}", file=sys.stderr)
        return 2

    golden = args.record or args.check
    if args.record and args.check:
        return usage("--record and --check go one at a time")
    if args.exhaustive and golden:
        return usage("--exhaustive does not go with --record or --check")
    if args.demo_path and not args.record:
        return usage("--path goes with --record")
    if args.runs < 1:
        return usage("--runs must be at least 1")
    if golden and len(files) != 1:
        return usage(f"--{'record' if args.record else 'check'} takes one scenario file ({len(files)} given)")
    personas = FakerPersonas()
    cache = ScenarioCache.default()
    failed = False
    reports: list[dict] = []
    for path in files:
        scenario, problems = check_scenario_file(path, catalog, cache)
        if scenario is None:
            print(t("playtest.invalid", path=path, count=len(problems)), file=out)
            failed = True
            continue
        regions = scenario.regions
        if args.region:
            if args.region.upper() not in scenario.regions:
                if golden:
                    return usage(f"{scenario.id} does not play in {args.region.upper()}")
                print(t("playtest.skipped_region", scenario=scenario.id, region=args.region.upper()), file=out)
                continue
            regions = (args.region.upper(),)
        gc.freeze()         # what is loaded stays: the collector need not scan it after every run
        if args.record:
            return _record(args, path, scenario, catalog, personas, regions[0], out, t)
        if args.check:
            return _check(args, scenario, catalog, personas, out, t)
        if args.exhaustive:
            from .explore import explore

            report = explore(scenario, catalog, personas, seed=args.seed, regions=regions)
            reports.append(_exhaustive_json(report)) if args.json else _print_exhaustive(report, out, t)
            failed = failed or report.failed
        else:
            report = playtest(scenario, catalog, personas, runs=args.runs, seed=args.seed, regions=regions)
            reports.append(_random_json(report)) if args.json else _print_random(report, out, t, lang)
            failed = failed or bool(report.errors)
    if args.json:
        import json

        print(json.dumps(reports, ensure_ascii=False, indent=2, default=str), file=out)
    return 1 if failed else 0


def _record(args, path, scenario: Scenario, catalog: Catalog, personas: PersonaSource, region: str, out, t) -> int:
    from game.engine import EngineError
    from game.storage import write_text_atomic

    from .golden import dump_run, record_run

    try:
        run = record_run(scenario, catalog, personas, seed=args.seed, lang=args.run_lang, region=region,
                         path=args.demo_path)
    except EngineError as exc:
        print(t("playtest.run_broke", scenario=scenario.id, error=exc), file=out)
        return 1
    try:
        write_text_atomic(args.record, dump_run(run, path.as_posix()))
    except OSError as exc:
        import sys

        print(f"error: cannot write {args.record}: {exc}", file=sys.stderr)
        return 2
    print(t("playtest.recorded", scenario=scenario.id, policy=run["policy"], seed=run["seed"], lang=run["lang"],
            region=run["region"], steps=len(run["steps"]), ending=run["ending"], outcome=run["outcome"],
            score=run["score"], file=args.record), file=out)
    return 0


def _check(args, scenario: Scenario, catalog: Catalog, personas: PersonaSource, out, t) -> int:
    import sys

    from .golden import GoldenError, check_run, read_run

    try:
        run = read_run(args.check.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {args.check}: {exc}", file=sys.stderr)
        return 2
    except GoldenError as exc:
        print(f"error: {args.check}: {exc}", file=sys.stderr)
        return 2
    try:
        differences = check_run(scenario, catalog, personas, run)
    except Exception as exc:  # a crash while replaying is a finding, never a traceback
        differences = [f"the replay broke: {type(exc).__name__}: {exc}"]
    if not differences:
        print(t("playtest.as_recorded", file=args.check, scenario=scenario.id, steps=len(run["steps"]),
                ending=run["ending"], score=run["score"]), file=out)
        return 0
    print(t("playtest.differently", file=args.check, scenario=scenario.id), file=out)
    for difference in differences:
        print(f"    {difference}", file=out)
    return 1


def _scores(scores: list[int]) -> dict:
    ordered = sorted(scores)
    bins = Counter(min(score // 20, 4) for score in scores)
    return {"min": ordered[0], "median": ordered[len(ordered) // 2], "max": ordered[-1],
            "histogram": {f"{20 * b}-{20 * b + 19 if b < 4 else 100}": bins[b] for b in range(5)}}


def _losses(losses: dict[str, list]) -> dict:
    spread = {}
    for currency, amounts in losses.items():
        lost = sorted(a for a in amounts if a > 0)
        spread[currency] = {"runs": len(amounts), "lost": len(lost),
                            "median": lost[len(lost) // 2] if lost else 0, "max": lost[-1] if lost else 0}
    return spread


def _random_json(report: PlaytestReport) -> dict:
    return {"scenario": report.scenario, "runs": report.runs, "errors": report.errors,
            "endings": dict(report.endings), "unreached_endings": report.unreached_endings,
            "unvisited": report.unvisited, "visits": dict(report.visits), "outcomes": dict(report.outcomes),
            "scores": _scores(report.scores) if report.scores else None, "losses": _losses(report.losses),
            "results": report.results}


def _print_random(report: PlaytestReport, out, t, lang: str) -> None:
    from game.scenario import format_money

    none = t("playtest.none")

    def line(key: str, **params: object) -> None:
        print("    " + t(key, **params), file=out)

    mark = "✗" if report.errors else "✓"
    print(t("playtest.runs", mark=mark, scenario=report.scenario, runs=report.runs, errors=len(report.errors)),
          file=out)
    endings = ", ".join(f"{e} {n}" for e, n in sorted(report.endings.items(), key=lambda i: -i[1]))
    line("playtest.endings", list=endings or none)
    line("playtest.unreached_endings", list=", ".join(report.unreached_endings) or none)
    line("playtest.unvisited", list=", ".join(report.unvisited) or none)
    line("playtest.visits", list=", ".join(f"{s} {n}" for s, n in report.visits.items()) or none)
    ended = sum(report.outcomes.values())
    if ended:
        line("playtest.outcomes", list=", ".join(f"{o} {n} ({100 * n // ended}%)"
                                                for o, n in report.outcomes.most_common()))
        scores = _scores(report.scores)
        line("playtest.scores", min=scores["min"], median=scores["median"], max=scores["max"],
             bars="  ".join(f"{span}: {n}" for span, n in scores["histogram"].items()))
        for currency, spread in _losses(report.losses).items():
            if spread["lost"]:
                line("playtest.losses", currency=currency, lost=spread["lost"], runs=spread["runs"],
                     median=format_money(spread["median"], currency, lang),
                     max=format_money(spread["max"], currency, lang))
            else:
                line("playtest.no_losses", currency=currency, runs=spread["runs"])
    line("playtest.results", count=report.results)
    _print_errors(report.errors, out, t)


def _print_errors(errors: list[str], out, t) -> None:
    for error in errors[:10]:
        print("    " + t("playtest.error", error=error), file=out)
    if len(errors) > 10:
        print("    " + t("playtest.more_errors", count=len(errors) - 10), file=out)


def _exhaustive_json(report) -> dict:
    return {"scenario": report.scenario, "states": report.states, "capped": report.capped,
            "regions": list(report.regions), "starting_values": report.combos, "sampled": report.sampled,
            "endings": dict(report.endings), "unreached_steps": report.unreached_steps,
            "unreached_endings": report.unreached_endings, "unreached_choices": report.untaken_choices,
            "unreached_messages": report.unreached_messages, "unaffordable_choices": report.unaffordable,
            "conditions_always_true": report.conditions, "errors": report.errors, "results": report.results,
            "replays": report.replays, "failed": report.failed}


def _print_exhaustive(report, out, t) -> None:
    from .explore import MAX_STATES

    mark = "✗" if report.failed else "✓"
    print(t("playtest.exhaustive", mark=mark, scenario=report.scenario, states=f"{report.states:,}",
            regions=", ".join(report.regions), combos=report.combos,
            sampled=t("playtest.sampled") if report.sampled else "", endings=len(report.endings),
            results=report.results), file=out)
    lines = (("playtest.unreached_steps", report.unreached_steps),
             ("playtest.unreached_endings_x", report.unreached_endings),
             ("playtest.unreached_choices", report.untaken_choices),
             ("playtest.unreached_messages", report.unreached_messages),
             ("playtest.unaffordable", report.unaffordable), ("playtest.conditions", report.conditions))
    for key, items in lines:
        if items:
            print("    " + t(key, list=", ".join(items)), file=out)
    if not report.unreachable and not report.capped:
        print("    " + t("playtest.all_reachable"), file=out)
    if report.capped:
        print("    " + t("playtest.capped", states=f"{MAX_STATES:,}"), file=out)
    _print_errors(report.errors, out, t)
