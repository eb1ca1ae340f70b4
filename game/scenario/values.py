"""Which numbers a scenario's variables can hold, and whether a step's conditions cover them.

The validator proves that every step has a way out *whatever the variables hold*: a timeout, a
choice without `when:`, or choices whose conditions together hold for every value the variables
can take. What they can take is worked out over the whole file at once (not path by path):
each variable's start values, every number it is `set` to, and an `add` that can push it up or
down without end. That over-approximates, so a step it calls covered is covered in play.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

INF = Decimal("Infinity")
MAX_PIECES = 64          # a variable's values as at most this many ranges (more: one range around them)
MAX_SPREAD = 64          # `between` with at most this many values is kept value by value
COVER_BUDGET = 20_000    # cells one coverage proof may look at before it gives up

Num = int | Decimal
Test = tuple[str, Num]                  # ("eq" | "ne" | "lt" | "lte" | "gt" | "gte", number)
Guard = dict[str, tuple[Test, ...]]     # a choice's `when:`, parsed: every test must hold


def number(value: object) -> Num | None:
    """A number written in the file, exactly (floats by their shortest repr), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        exact = Decimal(repr(value))
        return exact if exact.is_finite() else None
    return None


@dataclass(frozen=True)
class Values:
    """The values a number variable can hold: closed ranges (ends may be ±infinity), sorted and
    apart, and whether they are whole numbers only."""

    pieces: tuple[tuple[Num, Num], ...]
    whole: bool = True

    @classmethod
    def of(cls, numbers: Iterable[Num]) -> "Values":
        numbers = list(numbers)
        return cls(()).join(cls(tuple((n, n) for n in numbers), all(_is_whole(n) for n in numbers)))

    def join(self, other: "Values") -> "Values":
        pieces = sorted(self.pieces + other.pieces)
        merged: list[tuple[Num, Num]] = []
        for low, high in pieces:
            if merged and low <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], high))
            else:
                merged.append((low, high))
        if len(merged) > MAX_PIECES:
            merged = [(merged[0][0], max(high for _, high in merged))]
        return Values(tuple(merged), self.whole and other.whole)

    def widen(self, up: bool, down: bool, whole: bool = True) -> "Values":
        """What adding numbers again and again can make of these values."""
        if not self.pieces:
            return self
        low, high = self.pieces[0][0], self.pieces[-1][1]
        spread = ((-INF if down else low), (INF if up else high))
        return self.join(Values((spread,), whole)) if (up or down) else Values(self.pieces, self.whole and whole)

    def pick(self, low: Num, high: Num, low_open: bool, high_open: bool) -> Num | None:
        """A value these can hold between `low` and `high` (each end open or closed), or None."""
        for piece_low, piece_high in self.pieces:
            a, a_open = (low, low_open) if low >= piece_low else (piece_low, False)
            b, b_open = (high, high_open) if high <= piece_high else (piece_high, False)
            value = _inside(a, b, a_open, b_open, self.whole)
            if value is not None:
                return value
        return None

    @property
    def negative(self) -> bool:
        return bool(self.pieces) and self.pieces[0][0] < 0


ANY = Values(((-INF, INF),), whole=False)


def _is_whole(value: Num) -> bool:
    return isinstance(value, int) or (value.is_finite() and value == value.to_integral_value())


def _floor(value: Num) -> int:
    return value if isinstance(value, int) else int(value.to_integral_value(rounding="ROUND_FLOOR"))


def _inside(a: Num, b: Num, a_open: bool, b_open: bool, whole: bool) -> Num | None:
    """A value in the range from a to b (None if it is empty), a whole one if `whole`; a round
    one where there is a choice, so that a message can quote it."""
    if a > b or (a == b and (a_open or b_open)):
        return None
    if whole:
        first = -_floor(-a) if a != -INF else None            # ceil
        if first is not None and a_open and first == a:
            first += 1
        last = _floor(b) if b != INF else None
        if last is not None and b_open and last == b:
            last -= 1
        if first is None and last is None:
            return 0
        if first is None:
            return min(last, 0) if last is not None else 0
        if last is None:
            return max(first, 0)
        return (max(first, min(0, last))) if first <= last else None
    if a == b:
        return a
    if a == -INF and b == INF:
        return 0
    if a == -INF:
        return b - 1
    if b == INF:
        return a + 1
    if not a_open:
        return a
    if not b_open:
        return b
    middle = (Decimal(a) + Decimal(b)) / 2
    return int(middle) if _is_whole(middle) else middle


def holds(test: Test, value: Num) -> bool:
    op, limit = test
    return (value == limit if op == "eq" else value != limit if op == "ne" else value < limit if op == "lt"
            else value <= limit if op == "lte" else value > limit if op == "gt" else value >= limit)


OPS = ("eq", "ne", "lt", "lte", "gt", "gte")


def parse_guard(when: object) -> Guard | None:
    """A choice's `when:` as tests per variable, or None when it cannot be read (the structure
    check reports that; such a choice counts as never available)."""
    if not isinstance(when, dict):
        return None
    guard: Guard = {}
    for name, condition in when.items():
        single = number(condition)
        if single is not None:
            guard[name] = (("eq", single),)
            continue
        if not isinstance(condition, dict) or not condition:
            return None
        tests = []
        for op, limit in condition.items():
            limit = number(limit)
            if op not in OPS or limit is None:
                return None
            tests.append((op, limit))
        guard[name] = tuple(tests)
    return guard


class Unproved(Exception):
    """A coverage proof that would look at more than COVER_BUDGET cells."""


def uncovered(guards: list[Guard], values: Mapping[str, Values]) -> dict[str, Num] | None:
    """Values the variables can hold for which no guard holds (None: some guard always holds).
    Each variable's line is cut at the numbers the guards compare it with; on each piece every
    test is true throughout or false throughout, so trying one value per piece is a proof.
    Raises Unproved past COVER_BUDGET pieces."""
    if any(not guard for guard in guards):
        return None
    names = list(dict.fromkeys(name for guard in guards for name in guard))
    position = {name: index for index, name in enumerate(names)}
    last = [max(position[name] for name in guard) for guard in guards]
    cells = [_cells(name, guards, values.get(name, ANY)) for name in names]
    budget = [COVER_BUDGET]
    # depth-first over the variables, without recursion: (depth, guards alive, values so far)
    stack: list[tuple[int, list[int], dict[str, Num]]] = [(0, list(range(len(guards))), {})]
    while stack:
        depth, alive, chosen = stack.pop()
        if any(last[g] < depth for g in alive):
            continue                            # a guard whose every test held: covered here
        if not alive:
            return chosen
        name = names[depth]
        for value in cells[depth]:
            budget[0] -= 1
            if budget[0] < 0:
                raise Unproved
            keep = [g for g in alive if all(holds(t, value) for t in guards[g].get(name, ()))]
            stack.append((depth + 1, keep, {**chosen, name: value}))
    return None


def _cells(name: str, guards: list[Guard], values: Values) -> list[Num]:
    """One value per piece of the variable's line that the guards' numbers cut it into, for the
    pieces it can hold a value in."""
    cuts = sorted({limit for guard in guards for _, limit in guard.get(name, ())})
    found: list[Num] = []
    low, low_open = -INF, True
    for cut in cuts:
        for piece in ((low, cut, low_open, True), (cut, cut, False, False)):
            value = values.pick(*piece)
            if value is not None:
                found.append(value)
        low, low_open = cut, True
    value = values.pick(low, INF, low_open, True)
    if value is not None:
        found.append(value)
    return found


def start_values(spec: object) -> Values | None:
    """The values a variable's declaration gives it (None: it is not a number variable)."""
    single = number(spec)
    if single is not None:
        return Values.of([single])
    if not isinstance(spec, dict):
        return None
    if isinstance(spec.get("by_region"), dict):
        parts = [start_values(part) for part in spec["by_region"].values()]
        if not parts or any(part is None for part in parts):
            return None
        joined = Values(())
        for part in parts:
            joined = joined.join(part)          # type: ignore[arg-type]
        return joined
    if "between" in spec:
        ends, step = spec.get("between"), spec.get("step", 1)
        if not (isinstance(ends, list) and len(ends) == 2 and all(type(e) is int for e in ends)
                and type(step) is int and step >= 1 and ends[0] <= ends[1]):
            return ANY                          # reported by the structure check
        low, high = ends
        if (high - low) // step < MAX_SPREAD:
            return Values.of(range(low, high + 1, step))
        return Values(((low, high),), True)
    picks = spec.get("pick")
    if isinstance(picks, list) and picks and all(number(p) is not None for p in picks):
        return Values.of(number(p) for p in picks)    # type: ignore[misc]
    return None


def variable_values(variables: Mapping[str, object], effects: Iterable[Mapping[str, object]],
                    builtin: tuple[str, ...] = ("paid",)) -> dict[str, Values]:
    """What every number variable (and `paid`) can hold anywhere in the story, given the
    `effects:` of every choice and timeout. Each variable is worked out again only when one it
    is set from or added to changes: linear in the file, whatever order it is written in."""
    start = {name: found for name, spec in variables.items() if (found := start_values(spec)) is not None}
    start.update({name: Values.of([0]) for name in builtin})
    sets: dict[str, list[object]] = {}
    adds: dict[str, list[object]] = {}
    paid_grows = False
    for fx in effects:
        if fx.get("pay") is not None:
            paid_grows = True
        for op, into in (("set", sets), ("add", adds)):
            changes = fx.get(op)
            if isinstance(changes, dict):
                for name, value in changes.items():
                    if name in start and name not in builtin:
                        into.setdefault(name, []).append(value)
    if paid_grows:
        for name in builtin:
            start[name] = start[name].widen(up=True, down=False, whole=False)
    dependents: dict[str, set[str]] = {}
    for into in (sets, adds):
        for target, sources in into.items():
            for source in sources:
                if isinstance(source, str) and source in start:
                    dependents.setdefault(source, set()).add(target)
    values = dict(start)

    def worked_out(name: str) -> Values:
        result = start[name]
        for source in sets.get(name, ()):
            found = number(source)
            if found is not None:
                result = result.join(Values.of([found]))
            elif isinstance(source, str) and source in values:
                result = result.join(values[source])
        up = down = False
        whole = True
        for source in adds.get(name, ()):
            found = number(source)
            if found is not None:
                up, down, whole = up or found > 0, down or found < 0, whole and _is_whole(found)
            elif isinstance(source, str) and source in values and values[source].pieces:
                other = values[source]
                up, down = up or other.pieces[-1][1] > 0, down or other.pieces[0][0] < 0
                whole = whole and other.whole
        return values[name].join(result.widen(up, down, whole))

    queue = list(dict.fromkeys([*sets, *adds]))
    waiting = set(queue)
    while queue:
        name = queue.pop()
        waiting.discard(name)
        new = worked_out(name)
        if new != values[name]:
            values[name] = new
            for other in dependents.get(name, ()):
                if other not in waiting:
                    waiting.add(other)
                    queue.append(other)
    return values
