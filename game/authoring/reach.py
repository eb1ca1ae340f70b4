"""Every way through a scenario, explored once for `lint`: which endings can be reached with
what on the way (a check made, a secret handed over, money paid to the wrong side) and which
conditional choices are ever offered.

Variables are tracked *abstractly*: a variable that some `when:` tests is known only by its
class among the numbers its conditions compare with (below 0, exactly 0, above 0 …), which is
exactly what decides every condition on it; other variables by the range they can take. States
(step, classes, what happened on the way) are explored once each, so loops end. Anything the
abstraction cannot tell apart is taken as possible: the exploration may find a way that no real
play takes (a wallet too empty to pay, say), never miss one.
"""

from __future__ import annotations

import bisect
from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal

from game.scenario import Between, ByRegion, Catalog, Effects, NumberPick, Payment, Scenario, Step

INF = float("inf")
EPS = 1e-6
MAX_STATES = 200_000
Interval = tuple[float, float]

CHECKED, SECRET, PAID = 1, 2, 4          # what happened on the way (bits of a state)


@dataclass
class Witness:
    """How a state was first reached: the previous state and what was taken ("choice" or "timeout")."""

    parent: tuple | None
    step: str
    taken: str


@dataclass
class Exploration:
    #: ending → {(bits, variable classes): the choices taken, as "step.choice"}, one way per kind of arrival
    arrivals: dict[str, dict[tuple[int, tuple], list[str]]] = field(default_factory=dict)
    offered: set[tuple[str, str]] = field(default_factory=set)        # (step, choice) offered at least once
    reached: set[str] = field(default_factory=set)                    # steps reached
    complete: bool = True                                             # False: stopped at MAX_STATES


def _num(value: object) -> float:
    return float(value) if isinstance(value, (int, Decimal)) else 0.0


def value_ranges(spec: object) -> list[Interval]:
    """The values a `vars:` number can start with, as closed intervals."""
    if isinstance(spec, ByRegion):
        return [r for value in spec.by_region.values() for r in value_ranges(value)]
    if isinstance(spec, Between):
        return [(float(spec.between[0]), float(spec.between[1]))]
    if isinstance(spec, NumberPick):
        return [(_num(v), _num(v)) for v in spec.pick]
    if isinstance(spec, (int, Decimal)):
        return [(_num(spec), _num(spec))]
    return []


def _conditions(scenario: Scenario) -> dict[str, list[float]]:
    constants: dict[str, set[float]] = {}
    for step in scenario.steps.values():
        for choice in step.choices:
            for name, condition in choice.when.items():
                found = constants.setdefault(name, set())
                if isinstance(condition, (int, Decimal)):
                    found.add(_num(condition))
                else:
                    found.update(_num(getattr(condition, op)) for op in ("eq", "ne", "lt", "lte", "gt", "gte")
                                 if getattr(condition, op) is not None)
    return {name: sorted(values) for name, values in constants.items()}


class Explorer:
    def __init__(self, scenario: Scenario, catalog: Catalog) -> None:
        self.scenario = scenario
        self.secrets = set(catalog.secrets)
        self.constants = _conditions(scenario)
        self.tracked = tuple(sorted(self.constants))          # variables some condition tests
        assigned = {name for step in scenario.steps.values() for fx in self._all_effects(step)
                    for name in (*fx.set, *fx.add)}
        self.fixed: dict[str, list[Interval]] = {}            # untested variables that never change
        for name, spec in scenario.vars.items():
            if name not in assigned and name not in self.constants:
                self.fixed[name] = value_ranges(spec)

    @staticmethod
    def _all_effects(step: Step) -> list[Effects]:
        return [c.effects for c in step.choices] + ([step.timeout.effects] if step.timeout else [])

    # -- classes -------------------------------------------------------------------------------
    def _class_of(self, name: str, value: float) -> int:
        points = self.constants[name]
        index = bisect.bisect_left(points, value - EPS)
        if index < len(points) and abs(points[index] - value) <= EPS:
            return 2 * index + 1
        return 2 * index

    def _interval(self, name: str, cls: int) -> Interval:
        points = self.constants[name]
        if cls % 2:
            value = points[cls // 2]
            return value, value
        low = points[cls // 2 - 1] + EPS if cls // 2 > 0 else -INF
        high = points[cls // 2] - EPS if cls // 2 < len(points) else INF
        return low, high

    def _classes(self, name: str, ranges: list[Interval]) -> set[int]:
        found: set[int] = set()
        for low, high in ranges:
            first, last = self._class_of(name, low), self._class_of(name, high)
            found.update(range(first, last + 1))
        return found

    def _holds(self, name: str, cls: int, condition: object) -> bool:
        """Does `condition` hold for the values of class `cls` (all of them or none)?"""
        low, high = self._interval(name, cls)
        value = low if low == high else (low + high) / 2 if abs(low) != INF and abs(high) != INF \
            else (high - 1 if low == -INF and high != INF else low + 1 if high == INF and low != -INF else 0.0)
        if isinstance(condition, (int, Decimal)):
            return abs(value - _num(condition)) <= EPS
        return condition.holds(Decimal(repr(value)))  # type: ignore[attr-defined]

    # -- values ------------------------------------------------------------------------------
    def value(self, state: dict[str, int], operand: object) -> list[Interval]:
        """The values `operand` (a number or a variable) can have in `state`."""
        if isinstance(operand, (int, Decimal)):
            return [(_num(operand), _num(operand))]
        if isinstance(operand, str):
            if operand in state:
                return [self._interval(operand, state[operand])]
            if operand in self.fixed and self.fixed[operand]:
                return self.fixed[operand]
            if operand == "paid":
                return [(0.0, INF)]
        return [(-INF, INF)]

    def _apply(self, state: dict[str, int], effects: Effects) -> list[dict[str, int]]:
        """Every class assignment the effects can lead to (set, add, pay, in the engine's order)."""
        results = [dict(state)]
        changes: list[tuple[str, str, object]] = [("set", n, v) for n, v in effects.set.items()]
        changes += [("add", n, v) for n, v in effects.add.items()]
        if effects.pay is not None:
            changes.append(("add", "paid", effects.pay.amount if isinstance(effects.pay, Payment) else effects.pay))
        for op, name, operand in changes:
            if name not in self.constants:
                continue
            grown = []
            for current in results:
                values = self.value(current, operand)
                if op == "add":
                    low, high = self._interval(name, current[name])
                    values = [(low + a, high + b) for a, b in values]
                    if name == "paid":
                        values = [(max(low, a), max(high, b)) for a, b in values]
                for cls in self._classes(name, values):
                    grown.append({**current, name: cls})
            results = grown
        unique = {tuple(sorted(r.items())): r for r in results}
        return list(unique.values())

    def _starts(self) -> list[dict[str, int]]:
        states: list[dict[str, int]] = [{}]
        for name in self.tracked:
            if name == "paid":
                ranges = [(0.0, 0.0)]
            elif name in self.scenario.vars:
                ranges = value_ranges(self.scenario.vars[name]) or [(-INF, INF)]
            else:
                continue
            states = [{**s, name: cls} for s in states for cls in sorted(self._classes(name, ranges))]
        return states

    # -- what a choice does on the way ---------------------------------------------------------
    def bits(self, step: Step, effects: Effects, safe: bool) -> int:
        """What taking a choice (or the timeout) adds to the way: a check, a secret, a payment."""
        bits = CHECKED if safe and self.scenario.kind == "legit" else 0
        if any(item in self.secrets for item in effects.give):
            bits |= SECRET
        if effects.pay is not None:
            amount = effects.pay.amount if isinstance(effects.pay, Payment) else effects.pay
            paying = any(high > 0 for _, high in self.value({}, amount)) if isinstance(amount, str) else _num(amount) > 0
            payment = step.payment_for(effects)
            payee = self.scenario.cast.get(payment.to) if payment is not None else None
            wrong_side = self.scenario.kind == "scam" or payee is None or payee.role in ("scammer", "accomplice")
            if paying and wrong_side:
                bits |= PAID
        return bits

    def explore(self) -> Exploration:
        scenario = self.scenario
        result = Exploration()
        seen: dict[tuple, Witness] = {}
        queue: deque[tuple] = deque()
        for start in self._starts():
            key = (scenario.start, tuple(sorted(start.items())), 0)
            if key not in seen:
                seen[key] = Witness(None, "", "")
                queue.append(key)
        while queue:
            if len(seen) > MAX_STATES:
                result.complete = False
                break
            key = queue.popleft()
            node, frozen, bits = key
            if node in scenario.endings:
                result.arrivals.setdefault(node, {})[(bits, frozen)] = self._path(seen, key)
                continue
            step = scenario.steps[node]
            result.reached.add(node)
            state = dict(frozen)
            moves: list[tuple[str, Effects, bool, str]] = []
            for choice in step.choices:
                if all(name not in state or self._holds(name, state[name], cond) for name, cond in choice.when.items()):
                    result.offered.add((node, choice.id))
                    moves.append((choice.id, choice.effects, choice.safe is True, choice.to))
            if step.timeout:
                moves.append(("timeout", step.timeout.effects, False, step.timeout.to))
            for taken, effects, safe, target in moves:
                more = self.bits(step, effects, safe)
                for after in self._apply(state, effects):
                    child = (target, tuple(sorted(after.items())), bits | more)
                    if child not in seen:
                        seen[child] = Witness(key, node, taken)
                        queue.append(child)
        return result

    @staticmethod
    def _path(seen: dict[tuple, Witness], key: tuple) -> list[str]:
        taken: list[str] = []
        while seen[key].parent is not None:
            witness = seen[key]
            taken.append(f"{witness.step}.{witness.taken}")
            key = witness.parent  # type: ignore[assignment]
        return taken[::-1]


def explore(scenario: Scenario, catalog: Catalog) -> tuple[Explorer, Exploration]:
    explorer = Explorer(scenario, catalog)
    return explorer, explorer.explore()
