"""`playtest --exhaustive`: every state a scenario can reach, explored once each.

In the spirit of ChoiceScript's quicktest: rather than playing at random, take every choice and
every timeout from every state, and never explore the same state twice. A state is what decides
the future and the kind of ending: the step, the variables a condition or the wallet depends on,
the money paid and received (exactly where a condition or the wallet reads it, else whether any
was), the data handed over and the wallet's start. Flags and the clock change the score and the
story's timing, never which way it can go, so they are left out; so are numbers nothing tests
(a counter that only shows in the text), which would otherwise make every loop endless.

Stepping is done on that small state, not on a `Session` (a Session renders every message as it
arrives; here only the numbers matter): `_Rules` applies the effects and tests the conditions and
the wallet as the engine does (`game/engine/effects.py`, `Session._available`, `_affordable`). The
two are kept honest by the replays: a real Session then plays the way to each ending found, in
every region and language (rendering each step and working out the result and debrief), and every
step not on those ways; at each step it must offer exactly the choices this module expected.

Variables drawn at random (`between:`, `pick:`) take the seed's values, unless a condition, the
wallet or the money paid depend on them: those take each of a few telling values (each end of
their range, each side of every number a condition compares them with), in every combination up
to `MAX_COMBOS`.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter, deque
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from game.engine import TIMEOUT, PersonaSource, Session
from game.locale import words
from game.scenario import LANGS, Between, Catalog, Effects, NumberPick, Payment, Scenario, for_region
from game.scenario.money import Number, dump as dump_number, load as load_number, normalize

#: States explored per scenario (every region together) before giving up; reported when reached.
MAX_STATES = 50_000
#: Combinations of the telling values of the random variables that matter, per region.
MAX_COMBOS = 64


class _State(NamedTuple):
    node: str
    vars: tuple
    paid: Number
    cleared: Number             # money received that clears
    held: Number                # money received that is taken back at the end
    given: frozenset
    wallet: Number | None


@dataclass
class ExhaustiveReport:
    scenario: str
    states: int = 0
    capped: bool = False
    regions: tuple[str, ...] = ()
    combos: int = 0                         # starting variable values explored (all regions)
    sampled: bool = False                   # too many combinations: a fixed sample was explored
    endings: Counter = field(default_factory=Counter)       # ending → end states reaching it
    unreached_steps: list[str] = field(default_factory=list)
    unreached_endings: list[str] = field(default_factory=list)
    untaken_choices: list[str] = field(default_factory=list)      # "step.choice": never shown
    unaffordable: list[str] = field(default_factory=list)         # shown, but the wallet never allows it
    unreached_messages: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)           # "step.choice" whose `when:` always held
    errors: list[str] = field(default_factory=list)
    results: int = 0                        # results worked out (ending × language × region)
    replays: int = 0

    @property
    def unreachable(self) -> bool:
        return bool(self.unreached_steps or self.unreached_endings or self.untaken_choices
                    or self.unreached_messages)

    @property
    def failed(self) -> bool:
        return self.unreachable or bool(self.errors)


# -- the rules, on the small state ------------------------------------------------------------------

class _Rules:
    """Conditions, the wallet and effects as the engine applies them, on a `_State`."""

    def __init__(self, scenario: Scenario, names: tuple[str, ...]) -> None:
        self.scenario = scenario
        self.slot = {name: index for index, name in enumerate(names)}
        deciding, _, _, self.money = _deciding_vars(scenario)
        self.kept = tuple(self.slot[name] for name in names if name in deciding)

    def key(self, state: _State) -> tuple:
        """What of `state` can make a difference: the step, the variables that decide a way, the
        data handed over; the money exactly where a condition or the wallet reads it, else only
        whether any was paid or received (an ending's result says which)."""
        values = tuple(state.vars[i] for i in self.kept)
        if self.money:
            return state.node, values, state.paid, state.cleared, state.held, state.given, state.wallet
        return state.node, values, state.paid > 0, state.cleared > 0, state.held > 0, state.given

    def amount(self, state: _State, value: Number | str) -> Number:
        if not isinstance(value, str):
            return value
        if value == "paid":
            return state.paid
        return state.vars[self.slot[value]]

    def available(self, state: _State, choice) -> bool:
        for name, condition in choice.when.items():
            value = self.amount(state, name)
            if isinstance(condition, (int, Decimal)):
                if value != condition:
                    return False
            elif not condition.holds(value):
                return False
        return True

    def affordable(self, state: _State, step, effects: Effects) -> bool:
        wallet = self.scenario.wallet
        if wallet is None or state.wallet is None or effects.pay is None:
            return True
        payment = step.payment_for(effects)
        pay = effects.pay.amount if isinstance(effects.pay, Payment) else effects.pay
        cost = max(0, self.amount(state, pay))
        if (payment is not None and payment.how == "taken") or cost <= 0:
            return True
        balance = normalize(state.wallet - state.paid + state.cleared + state.held)
        return balance - cost >= max(0, self.amount(state, wallet.min))

    def apply(self, state: _State, effects: Effects, to: str) -> _State:
        """set, add, pay, receive, give: the engine's order."""
        values = list(state.vars)
        for name, value in effects.set.items():
            values[self.slot[name]] = self.amount(state, value)
        for name, value in effects.add.items():
            values[self.slot[name]] = normalize(values[self.slot[name]] + self.amount(state, value))
        state = state._replace(vars=tuple(values))
        paid, cleared, held, given = state.paid, state.cleared, state.held, state.given
        if effects.pay is not None:
            pay = effects.pay.amount if isinstance(effects.pay, Payment) else effects.pay
            paid = normalize(paid + max(0, self.amount(state, pay)))
        if effects.receive is not None:
            value = max(0, self.amount(state, effects.receive.amount))
            if effects.receive.clears:
                cleared = normalize(cleared + value)
            else:
                held = normalize(held + value)
        if effects.give:
            given = given | frozenset(effects.give)
        return state._replace(node=to, paid=paid, cleared=cleared, held=held, given=given)


# -- which starting values to explore -------------------------------------------------------------------

def _amount_names(value: object) -> set[str]:
    value = value.amount if isinstance(value, Payment) else value
    return {value} if isinstance(value, str) else set()


def _deciding_vars(scenario: Scenario) -> tuple[set[str], set[str], dict[str, set], bool]:
    """Which variables matter, and how: those whose value can change which way the story goes
    (kept in a state's key); of those, the ones worth starting at several values; the numbers
    the conditions compare each with; and whether money counts exactly (a wallet, or a condition
    comparing `paid` with a number other than 0) rather than only as "any paid or not"."""
    compared: dict[str, set] = {}
    for step in scenario.steps.values():
        for choice in step.choices:
            for name, condition in choice.when.items():
                numbers = compared.setdefault(name, set())
                if isinstance(condition, (int, Decimal)):
                    numbers.add(condition)
                else:
                    numbers.update(getattr(condition, op) for op in ("eq", "ne", "lt", "lte", "gt", "gte")
                                   if getattr(condition, op) is not None)
    exact = scenario.wallet is not None or any(number != 0 for number in compared.get("paid", ()))
    seeds = set(compared)
    if scenario.wallet is not None:
        seeds |= {"paid", "received"} | _amount_names(scenario.wallet.start) | _amount_names(scenario.wallet.min)
    all_effects = [c.effects for s in scenario.steps.values() for c in s.choices] + \
        [s.timeout.effects for s in scenario.steps.values() if s.timeout]

    def closure(money: bool) -> set[str]:
        deciding = set(seeds)
        while True:
            before = len(deciding)
            for fx in all_effects:
                for target, source in (*fx.set.items(), *fx.add.items()):
                    if target in deciding:
                        deciding |= _amount_names(source)
                if money and "paid" in deciding and fx.pay is not None:
                    deciding |= _amount_names(fx.pay)
                if money and "received" in deciding and fx.receive is not None:
                    deciding |= _amount_names(fx.receive.amount)
            if len(deciding) == before:
                return deciding - {"paid", "received"}

    keyed = closure(True)
    return keyed, (keyed if exact else closure(False)), compared, exact


def _telling_values(spec: object, numbers: set) -> list | None:
    """The values worth exploring of one random variable (None: a fixed one)."""
    if isinstance(spec, NumberPick):
        return list(dict.fromkeys(spec.pick))
    if isinstance(spec, Between):
        low, high = spec.between
        count = (high - low) // spec.step + 1
        if count <= 6:
            return [low + spec.step * k for k in range(count)]
        picks = {0, count - 1}
        for number in numbers:
            k = int((number - low) // spec.step)
            picks.update(i for i in (k - 1, k, k + 1, k + 2) if 0 <= i < count)
        return [low + spec.step * k for k in sorted(picks)]
    if hasattr(spec, "pick"):                   # a text variable holds its pick's index
        return list(range(len(spec.pick)))
    return None


def _combos(scenario: Scenario, region: str, base: dict[str, Number], seed: int) -> tuple[list[tuple], bool]:
    """Starting values of the variables, the seed's first; and whether they were sampled."""
    names = tuple(base)
    _, deciding, compared, _ = _deciding_vars(scenario)
    choices = []
    for name in names:
        values = _telling_values(for_region(scenario.vars[name], region), compared.get(name, set())) \
            if name in deciding else None
        choices.append(values if values else [base[name]])
    first = tuple(base[n] for n in names)
    total = 1
    for values in choices:
        total *= len(values)
    if total <= MAX_COMBOS:
        combos = list(dict.fromkeys([first, *itertools.product(*choices)]))
        return combos, False
    rng = random.Random(f"explore:{seed}")
    picked = {first, tuple(v[0] for v in choices), tuple(v[-1] for v in choices)}
    while len(picked) < MAX_COMBOS:
        picked.add(tuple(rng.choice(v) for v in choices))
    return [first, *sorted(picked - {first}, key=repr)], True


# -- exploring ---------------------------------------------------------------------------------------------

@dataclass
class _Graph:
    """Everything explored in one region."""
    region: str
    names: tuple[str, ...]
    parent: dict = field(default_factory=dict)      # state → (previous state, action) | None
    edges: dict = field(default_factory=dict)       # state → ((action, next state), …)
    first_at: dict = field(default_factory=dict)    # node → the first state found there
    combos: list = field(default_factory=list)
    best: dict = field(default_factory=dict)        # state → (action, next state) towards an ending


def _explore_region(scenario: Scenario, rules: _Rules, graph: _Graph, budget: int, report: ExhaustiveReport,
                    reached: set, taken: set, sides: dict) -> int:
    """Breadth first from every starting state; returns the states explored."""
    steps, endings = scenario.steps, scenario.endings
    queue: deque = deque()
    canon: dict[tuple, _State] = {}         # what makes a difference → the first state found with it
    for combo in graph.combos:
        start = _State(scenario.start, combo, 0, 0, 0, frozenset(), None)
        if scenario.wallet is not None:
            start = start._replace(wallet=max(0, rules.amount(start, scenario.wallet.start)))
        if canon.setdefault(rules.key(start), start) is start:
            graph.parent[start] = None
            queue.append(start)
    explored = 0
    while queue:
        if explored >= budget:
            report.capped = True
            break
        state = queue.popleft()
        explored += 1
        node = state.node
        reached.add(node)
        graph.first_at.setdefault(node, state)
        if node in endings:
            report.endings[node] += 1
            graph.edges[state] = ()
            continue
        step = steps[node]
        out = []
        try:
            for choice in step.choices:
                open_ = rules.available(state, choice)
                if choice.when:
                    sides.setdefault((node, choice.id), set()).add(open_)
                if open_ and rules.affordable(state, step, choice.effects):
                    out.append((choice.id, rules.apply(state, choice.effects, choice.to)))
                elif open_:
                    sides.setdefault((node, choice.id, "wallet"), set()).add(False)
            if step.timeout is not None:
                out.append((TIMEOUT, rules.apply(state, step.timeout.effects, step.timeout.to)))
        except Exception as exc:  # a scenario that breaks the rules: report, go on
            report.errors.append(f"{graph.region}: at step {node!r}: {type(exc).__name__}: {exc}")
            graph.edges[state] = ()
            continue
        if not out:
            report.errors.append(f"{graph.region}: stuck in step {node!r}: no choice can be taken and no "
                                 f"timeout (after {_describe(graph, state)})")
        edges = []
        for action, target in out:
            taken.add((node, action))
            known = canon.setdefault(rules.key(target), target)
            if known is target:
                graph.parent[target] = (state, action)
                queue.append(target)
            edges.append((action, known))
        graph.edges[state] = tuple(edges)
    return explored


def _path(graph: _Graph, state: _State) -> list[tuple[_State, str]]:
    """The actions from a start to `state`: (state before, action) pairs."""
    path = []
    link = graph.parent[state]
    while link is not None:
        previous, action = link
        path.append((previous, action))
        link = graph.parent[previous]
    path.reverse()
    return path


def _describe(graph: _Graph, state: _State) -> str:
    actions = [f"{s.node}.{a}" for s, a in _path(graph, state)]
    return " → ".join(actions) if actions else "the start"


def _to_endings(graph: _Graph, endings) -> dict:
    """For every state that can reach an ending: the next action and state on a shortest way."""
    back: dict = {}
    for state, out in graph.edges.items():
        for action, target in out:
            back.setdefault(target, []).append((state, action))
    best: dict = {}
    queue = deque(s for s in graph.edges if s.node in endings)
    for state in queue:
        best[state] = None
    while queue:
        state = queue.popleft()
        for previous, action in back.get(state, ()):
            if previous not in best:
                best[previous] = (action, state)
                queue.append(previous)
    return best


# -- replaying with the real engine ---------------------------------------------------------------------

def _base_values(session: Session) -> dict[str, Number]:
    """The variables the seed drew, as the engine holds them (through its save)."""
    saved = session.to_json()["vars"]
    return {name: load_number(value) for name, value in saved.items()}  # type: ignore[union-attr]


class _Replayer:
    def __init__(self, scenario: Scenario, catalog: Catalog, personas: PersonaSource, seed: int,
                 report: ExhaustiveReport) -> None:
        self.scenario, self.catalog, self.personas, self.seed = scenario, catalog, personas, seed
        self.report = report
        self.saves: dict[str, dict] = {}
        self.visited: set[str] = set()
        self.shown: set[tuple[str, str]] = set()

    def session(self, region: str, combo: tuple, names: tuple[str, ...], wallet: Number | None) -> Session:
        session = Session(self.scenario, self.catalog, seed=self.seed, lang=LANGS[0], personas=self.personas,
                          region=region, words=words)
        base = self.saves.get(region)
        if base is None:
            base = self.saves[region] = session.to_json()
        if tuple(load_number(base["vars"][n]) for n in names) == combo:
            return session
        data = {**base, "vars": {n: dump_number(v) for n, v in zip(names, combo)}}
        if wallet is not None:
            data["wallet"] = dump_number(wallet)
        return Session.from_json(self.scenario, self.catalog, data, words=words)

    def replay(self, graph: _Graph, steps: list[tuple[_State, str]], end: _State, *, results: bool) -> None:
        """Play `steps` in a real Session, showing each step (the first time it is reached in a
        region) in every language; with `results`, work out the ending's result in each language
        (which renders every message of the way in that language)."""
        report = self.report
        report.replays += 1
        start = steps[0][0] if steps else end
        where = f"{graph.region}: {' → '.join(f'{s.node}.{a}' for s, a in steps) or end.node}"
        try:
            session = self.session(graph.region, start.vars, graph.names, start.wallet)
            for state, action in steps:
                session.tick(session.seconds_until_choices())
                if session.step_id != state.node:
                    report.errors.append(f"{where}: the engine is at {session.step_id!r}, not {state.node!r}")
                    return
                self.visited.add(state.node)
                expected = {a for a, _ in graph.edges.get(state, ()) if a != TIMEOUT}
                offered = set(session.turn().choices)
                if offered != expected:
                    report.errors.append(f"{where}: at {state.node!r} the engine offers {sorted(offered)}, "
                                         f"the explorer expected {sorted(expected)}")
                    return
                if (graph.region, state.node) not in self.shown:      # each step's screen once per region
                    self.shown.add((graph.region, state.node))
                    for lang in LANGS:
                        session.set_lang(lang)
                        session.view()
                    session.set_lang(LANGS[0])
                if action == TIMEOUT:
                    session.tick((session.seconds_until_timeout() or 0) + 0.001)
                else:
                    session.choose(action)
            if session.step_id != end.node or not session.ended:
                report.errors.append(f"{where}: the engine ended at {session.step_id!r}, not {end.node!r}")
                return
            if results:
                for lang in LANGS:
                    session.result(lang)
                    report.results += 1
        except Exception as exc:  # a crash is what a playtest is for: report it
            report.errors.append(f"{where}: {type(exc).__name__}: {exc}")


# -- the whole scenario ------------------------------------------------------------------------------------

def explore(scenario: Scenario, catalog: Catalog, personas: PersonaSource, *, seed: int = 1,
            regions: tuple[str, ...] | None = None, max_states: int = MAX_STATES) -> ExhaustiveReport:
    """Every reachable state of `scenario` in each region (default: every one it declares), then
    the real engine along the way to each ending (each language) and to each step."""
    regions = tuple(regions or scenario.regions)
    report = ExhaustiveReport(scenario.id, regions=regions)
    reached: set[str] = set()
    taken: set[tuple[str, str]] = set()
    sides: dict[tuple, set[bool]] = {}
    graphs: list[_Graph] = []
    replayer = _Replayer(scenario, catalog, personas, seed, report)
    for region in regions:
        try:
            probe = Session(scenario, catalog, seed=seed, lang=LANGS[0], personas=personas, region=region,
                            words=words)
            base = _base_values(probe)
            replayer.saves[region] = probe.to_json()
        except Exception as exc:
            report.errors.append(f"{region}: the first step cannot be played: {type(exc).__name__}: {exc}")
            continue
        names = tuple(base)
        graph = _Graph(region, names)
        graph.combos, sampled = _combos(scenario, region, base, seed)
        report.combos += len(graph.combos)
        report.sampled = report.sampled or sampled
        report.states += _explore_region(scenario, _Rules(scenario, names), graph, max_states - report.states,
                                         report, reached, taken, sides)
        graphs.append(graph)
    # dead ends: states from which no ending can be reached (a loop with no way out)
    for graph in graphs:
        best = graph.best = _to_endings(graph, scenario.endings)
        trapped = {}
        for state, out in graph.edges.items():
            if state not in best and out:
                trapped.setdefault(state.node, state)
        for node, state in list(trapped.items())[:5]:
            report.errors.append(f"{graph.region}: from step {node!r} no ending can be reached "
                                 f"(after {_describe(graph, state)})")
    if not report.capped:
        _coverage(scenario, report, reached, taken, sides)
    # the real engine: the way to each ending in each region, then to any step not yet played
    for graph in graphs:
        for node, state in graph.first_at.items():
            if node in scenario.endings:
                replayer.replay(graph, _path(graph, state), state, results=True)
    for graph in graphs:
        for node, state in graph.first_at.items():
            if node in replayer.visited or node in scenario.endings or state not in graph.best:
                continue
            steps, end = _path(graph, state), state
            while graph.best[end] is not None:
                action, following = graph.best[end]
                steps.append((end, action))
                end = following
            replayer.replay(graph, steps, end, results=False)
    return report


def _coverage(scenario: Scenario, report: ExhaustiveReport, reached: set, taken: set, sides: dict) -> None:
    report.unreached_steps = [s for s in scenario.steps if s not in reached]
    report.unreached_endings = [e for e in scenario.endings if e not in reached]
    report.unreached_messages = [f"{s}.{m.id}" for s, step in scenario.steps.items() if s not in reached
                                 for m in step.messages]
    for step_id, step in scenario.steps.items():
        if step_id not in reached:
            continue
        for choice in step.choices:
            if (step_id, choice.id) in taken:
                continue
            if (step_id, choice.id, "wallet") in sides:     # shown, greyed out: a lesson, not a fault
                report.unaffordable.append(f"{step_id}.{choice.id}")
            else:
                report.untaken_choices.append(f"{step_id}.{choice.id}")
        for choice in step.choices:
            seen = sides.get((step_id, choice.id), set())
            if choice.when and seen == {True}:
                report.conditions.append(f"{step_id}.{choice.id}")
