"""Which items a drill asks, and the two parallel before/after forms.

A drill is `DRILL_ITEMS` items (about 3–5 minutes at 20–25 s an item), half of them genuine
(rounded down), in an order that never puts two of one scenario side by side when it can help
it. First come the items that are due again (spaced boosters, `boosters.due`), then items
chosen for the player's weak spots: a scam item is likelier the lower the mastery of its
weakest red flag, a genuine item the lower the player's restraint on its scam type. Red flags
and scam types the player has never met count as weak (mastery 0.5 without evidence).

The forms are built once from the bank, the same for everyone who has the same scenarios:
items are grouped by (truth, scam type, difficulty), and each group with two or more items
gives a matched pair, one item to each form. Pairs are taken in turn across the scam types,
until each form has `FORM_ITEMS` items, half genuine. The two forms are therefore matched on
truth, scam type and difficulty item by item.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from game.records.mastery import Mastery

from .bank import GENUINE, SCAM, Bank, ItemSpec

DRILL_ITEMS = 10
FORM_ITEMS = 12
UNKNOWN_MASTERY = 0.5
BEFORE, AFTER = "before", "after"

#: Why an item is in a drill (front ends say it in words: `drill.why.<reason>`).
DUE, WEAK, NEW, LOOKALIKE = "due", "weak", "new", "lookalike"


class _NONE:
    opportunities = 0


@dataclass(frozen=True)
class Pick:
    spec: ItemSpec
    reason: str                     # due | weak | new | lookalike


def plan_drill(bank: Bank, *, mastery: Mastery | None = None, due: Iterable[str] = (),
               rng: random.Random | None = None, size: int = DRILL_ITEMS,
               allowed: Callable[[ItemSpec], bool] | None = None) -> tuple[Pick, ...]:
    """`size` items: the due ones first (at most `size`), then by weakness; half genuine (rounded down)."""
    rng = rng or random.Random()
    pool = [item for item in bank.items if allowed is None or allowed(item)]
    if not pool:
        return ()
    genuine_wanted = size // 2
    if not any(item.truth == GENUINE for item in pool):
        genuine_wanted = 0
    if not any(item.truth == SCAM for item in pool):
        genuine_wanted = size
    picks: list[Pick] = []
    taken: set[str] = set()
    for key in due:
        item = bank.by_key.get(key)
        if item is None or key in taken or (allowed is not None and not allowed(item)) or len(picks) >= size:
            continue
        picks.append(Pick(item, DUE))
        taken.add(key)
    genuine_have = sum(p.spec.truth == GENUINE for p in picks)
    scam_have = len(picks) - genuine_have
    room = size - len(picks)
    genuine_need = min(room, max(0, genuine_wanted - genuine_have))
    needs = {GENUINE: genuine_need, SCAM: min(room - genuine_need, max(0, size - genuine_wanted - scam_have))}
    for truth in (SCAM, GENUINE):
        candidates = [item for item in pool if item.truth == truth and item.key not in taken]
        for item in _weighted(candidates, needs[truth], mastery, rng):
            picks.append(Pick(item, _reason(item, mastery)))
            taken.add(item.key)
    # top up from either kind if one ran short (a small library)
    rest = [item for item in pool if item.key not in taken]
    rng.shuffle(rest)
    for item in rest[:max(0, size - len(picks))]:
        picks.append(Pick(item, _reason(item, mastery)))
    return _spread(picks, rng)


def weakness(item: ItemSpec, mastery: Mastery | None) -> float:
    """0 (mastered) … 1 (never caught): how much practising this item should help."""
    if item.truth == SCAM:
        scores = [_score(mastery.flag(flag) if mastery else None) for flag in item.flags] or [UNKNOWN_MASTERY]
        return 1.0 - min(scores)
    tally = mastery.scam_type(item.scam_type) if mastery is not None and item.scam_type else None
    if tally is None or tally.lookalikes == 0:
        return 1.0 - UNKNOWN_MASTERY
    return 1.0 - tally.restraint


def _score(tally) -> float:
    return UNKNOWN_MASTERY if tally is None or tally.opportunities == 0 else tally.score


def _reason(item: ItemSpec, mastery: Mastery | None) -> str:
    if item.truth == GENUINE:
        return LOOKALIKE
    seen = mastery is not None and any((mastery.flag(flag) or _NONE).opportunities for flag in item.flags)
    return WEAK if seen else NEW


def _weighted(candidates: list[ItemSpec], count: int, mastery: Mastery | None,
              rng: random.Random) -> list[ItemSpec]:
    """`count` of `candidates` without repeats, each drawn with weight 0.1 + weakness, at most
    one per scenario while other scenarios are left."""
    chosen: list[ItemSpec] = []
    pool = list(candidates)
    used: set[str] = set()
    while pool and len(chosen) < count:
        fresh = [item for item in pool if item.scenario not in used] or pool
        weights = [0.1 + weakness(item, mastery) for item in fresh]
        item = rng.choices(fresh, weights)[0]
        chosen.append(item)
        used.add(item.scenario)
        pool.remove(item)
    return chosen


def _spread(picks: list[Pick], rng: random.Random) -> tuple[Pick, ...]:
    """Due items stay first; the rest shuffled so that scam and genuine alternate irregularly and
    no two neighbours share a scenario where that can be avoided."""
    due = [p for p in picks if p.reason == DUE]
    rest = [p for p in picks if p.reason != DUE]
    rng.shuffle(rest)
    ordered = due
    while rest:
        last = ordered[-1].spec.scenario if ordered else None
        index = next((i for i, p in enumerate(rest) if p.spec.scenario != last), 0)
        ordered.append(rest.pop(index))
    return tuple(ordered)


def forms(bank: Bank, *, size: int = FORM_ITEMS,
          allowed: Callable[[ItemSpec], bool] | None = None) -> dict[str, tuple[ItemSpec, ...]]:
    """The before and after forms: `size` items each (fewer in a small library), matched pair
    by pair on truth, scam type and difficulty. The same bank always gives the same forms."""
    groups: dict[tuple[str, str, int], list[ItemSpec]] = {}
    for item in bank.items:
        if allowed is None or allowed(item):
            groups.setdefault((item.truth, item.scam_type or "", item.difficulty), []).append(item)
    rng = random.Random(20261130)               # fixed: the forms must not change between runs
    pairs: dict[str, list[tuple[ItemSpec, ItemSpec]]] = {SCAM: [], GENUINE: []}
    for key in sorted(groups):
        items = sorted(groups[key], key=lambda i: i.key)
        rng.shuffle(items)
        # prefer items from different scenarios in one pair's two halves, and no item twice
        while len(items) >= 2:
            first = items.pop()
            partner = next((i for i in items if i.scenario != first.scenario), items[0])
            items.remove(partner)
            pairs[key[0]].append((first, partner))
    chosen: dict[str, list[tuple[ItemSpec, ItemSpec]]] = {}
    for truth, count in ((SCAM, size - size // 2), (GENUINE, size // 2)):
        chosen[truth] = _round_robin(pairs[truth], count)
    before, after = [], []
    for truth in (SCAM, GENUINE):
        for first, second in chosen[truth]:
            before.append(first)
            after.append(second)
    order = list(range(len(before)))
    rng.shuffle(order)
    return {BEFORE: tuple(before[i] for i in order), AFTER: tuple(after[i] for i in order)}


def _round_robin(pairs: list[tuple[ItemSpec, ItemSpec]], count: int) -> list[tuple[ItemSpec, ItemSpec]]:
    """`count` pairs taken in turn across scam types (then difficulties), so the forms cover many kinds."""
    by_type: dict[str, list[tuple[ItemSpec, ItemSpec]]] = {}
    for pair in pairs:
        by_type.setdefault(pair[0].scam_type or "", []).append(pair)
    chosen: list[tuple[ItemSpec, ItemSpec]] = []
    while len(chosen) < count and any(by_type.values()):
        for scam_type in sorted(by_type):
            if by_type[scam_type] and len(chosen) < count:
                chosen.append(by_type[scam_type].pop(0))
    return chosen
