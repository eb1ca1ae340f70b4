"""The drill bank: every message of every playable scenario that can be asked about on its own.

An item is one message in the place it has in its story. Two kinds are asked about:

- a *scam* item: a message of a scam scenario that carries a red flag. Asked "scam or
  genuine?", the right answer is "scam", and naming one of its flags is right;
- a *genuine* item: a flag-free message of a genuine scenario (the bank's own call, the real
  toll bill) — what the look-alikes of scams really look like. The right answer is "genuine".

A flag-free message of a *scam* scenario ("Hi, long time no see") is never asked about: on its
own it is not a scam, and calling it genuine would teach that the start of a con is safe.
Messages by the narrator or the player are never items.

To show an item with the words and numbers it has at that point of its story, the bank keeps
the way there (`route`: the choices the demo player took, "timeout" for a timer let run out).
The ways come from the demo player's scam and safe paths, so an item is a message a player
meets on one of the two main ways through a story.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from game.engine import EngineError, MessageArrived, Session, TeachingPolicy
from game.engine.bot import Choose, Flag, Wait
from game.scenario import Catalog, Scenario
from game.scenario.identity import Identity

TIMEOUT = "timeout"
SCAM, GENUINE = "scam", "genuine"
_MAX_TURNS = 400


@dataclass(frozen=True, slots=True)
class ItemSpec:
    """One askable message, without its words: these are made fresh for each showing (`build_item`)."""

    key: str                        # "scenario/message": what boosters and answers are kept under
    scenario: str
    step: str
    message: str
    truth: str                      # scam | genuine
    flags: tuple[str, ...]          # the red flags it carries (none for a genuine item)
    scam_type: str | None           # its scenario's category, or for a genuine one the type it resembles
    category: str
    difficulty: int                 # its scenario's, 1..3
    regions: tuple[str, ...]
    route: tuple[str, ...]          # the choices to its step ("timeout": let the timer run out)

    @property
    def is_scam(self) -> bool:
        return self.truth == SCAM


@dataclass(frozen=True)
class Bank:
    items: tuple[ItemSpec, ...]
    by_key: Mapping[str, ItemSpec]

    def playable(self, region: str | None = None) -> tuple[ItemSpec, ...]:
        """The items that can be shown in `region` (None: any)."""
        return self.items if region is None else tuple(i for i in self.items if region in i.regions)

    def __len__(self) -> int:
        return len(self.items)


def build_bank(scenarios: Mapping[str, Scenario], catalog: Catalog) -> Bank:
    """Every askable message of `scenarios` (validated), in a stable order (scenario ID, then story order)."""
    items: list[ItemSpec] = []
    for scenario_id in sorted(scenarios):
        items.extend(_items_of(Identity(scenarios[scenario_id]), Identity(catalog)))
    return Bank(tuple(items), {item.key: item for item in items})


@lru_cache(maxsize=256)
def _items_of(scenario_key: Identity, catalog_key: Identity) -> tuple[ItemSpec, ...]:
    scenario: Scenario = scenario_key.value
    routes = _routes(scenario, catalog_key.value)
    items = []
    for step_id, step in scenario.steps.items():
        route = routes.get(step_id)
        if route is None:
            continue
        for message in step.messages:
            if message.sender in ("player", "narrator"):
                continue
            if scenario.kind == "scam" and message.flags:
                truth = SCAM
            elif scenario.kind == "legit" and not message.flags:
                truth = GENUINE
            else:
                continue
            items.append(ItemSpec(
                key=f"{scenario.id}/{message.id}", scenario=scenario.id, step=step_id, message=message.id,
                truth=truth, flags=tuple(message.flags),
                scam_type=scenario.category if scenario.kind == "scam" else scenario.resembles,
                category=scenario.category, difficulty=scenario.difficulty, regions=tuple(scenario.regions),
                route=route))
    return tuple(items)


def _routes(scenario: Scenario, catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """The shortest way the demo player's scam and safe paths found to each step."""
    routes: dict[str, tuple[str, ...]] = {scenario.start: ()}
    for path in ("scam", "safe"):
        session = Session(scenario, catalog, seed=1, region=scenario.regions[0])
        policy = TeachingPolicy(path)
        taken: list[str] = []
        try:
            for _ in range(_MAX_TURNS):
                if session.ended:
                    break
                for command in policy.plan(session):
                    if isinstance(command, Flag):
                        continue
                    if isinstance(command, Choose):
                        session.choose(command.choice_id)
                        taken.append(command.choice_id)
                    elif isinstance(command, Wait):
                        before = session.step_id
                        session.tick(command.seconds)
                        if session.ended or session.step_id != before:
                            taken.append(TIMEOUT)
                    if not session.ended:
                        step = session.step_id
                        if step not in routes or len(routes[step]) > len(taken):
                            routes[step] = tuple(taken)
        except EngineError:
            continue                # a story the demo player cannot finish: keep what it reached
    return routes


def replay(session: Session, spec: ItemSpec) -> bool:
    """Play a fresh `session` along `spec.route` and on until its message has arrived. False if
    this session's numbers close the way (a condition that held for the demo player does not)."""
    arrived: set[str] = set()

    def note(events) -> None:
        arrived.update(e.message_id for e in events if isinstance(e, MessageArrived))

    try:
        for step in spec.route:
            note(session.tick(session.seconds_until_choices()))
            if step == TIMEOUT:
                left = session.seconds_until_timeout()
                if left is None:
                    return False
                note(session.tick(left + 0.001))
            else:
                note(session.choose(step))      # EngineError if this session's numbers close the choice
            if session.ended:
                return False
        if session.step_id != spec.step:
            return False
        for _ in range(_MAX_TURNS):
            if spec.message in arrived:
                return True
            wait = session.seconds_until_next_message()
            if wait <= 0:
                return False
            note(session.tick(wait))
    except EngineError:
        return False
    return False
