"""A random player that drives a Session through its public commands only.

Used by `playtest`, the benchmarks and (later) the window's demo mode. It flags random
messages (sometimes naming a flag, sometimes not), sometimes lets a timer run out, and picks
random available choices until the scenario ends.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .errors import EngineError
from .session import Session


@dataclass
class Walk:
    """What one bot play-through did."""

    ending: str | None = None
    steps: list[str] = field(default_factory=list)
    commands: int = 0
    error: str | None = None


class RandomBot:
    """`seen`, if given, is shared across runs: the bot then leans towards steps and endings
    no run has reached yet, so rare branches get covered (a coverage-guided random walk)."""

    def __init__(self, rng: random.Random, *, flag_rate: float = 0.35, wait_rate: float = 0.15,
                 seen: set[str] | None = None) -> None:
        self.rng = rng
        self.flag_rate = flag_rate
        self.wait_rate = wait_rate
        self.seen = seen
        self._reach_for: object = None
        self._reach_map: dict[str, set[str]] = {}

    def _reach(self, session: Session) -> dict[str, set[str]]:
        """For each step and ending: everything reachable from it (itself included)."""
        scenario = session.scenario
        if self._reach_for is not scenario:
            edges = {sid: {c.to for c in step.choices} | ({step.timeout.to} if step.timeout else set())
                     for sid, step in scenario.steps.items()}
            reach: dict[str, set[str]] = {}
            for node in [*scenario.steps, *scenario.endings]:
                found, stack = {node}, [node]
                while stack:
                    for target in edges.get(stack.pop(), ()):
                        if target not in found:
                            found.add(target)
                            stack.append(target)
                reach[node] = found
            self._reach_for, self._reach_map = scenario, reach
        return self._reach_map

    def act(self, session: Session) -> None:
        """Take one turn: let messages arrive, maybe flag, then choose or wait."""
        rng = self.rng
        pending = session.seconds_until_choices()
        if pending > 0:
            session.tick(pending)
            return
        view = session.view()
        for message in view.messages[-6:]:
            if message.flaggable and rng.random() < self.flag_rate:
                options = session.flag_options(message.id)
                session.flag(message.id, rng.choice(options).id)
            elif message.flag is not None and rng.random() < 0.1:
                session.unflag(message.id)
        timeout = session.seconds_until_timeout()
        choices = [c for c in view.choices if c.available]
        step = session.scenario.steps[session.step_id]
        if self.seen is not None and rng.random() < 0.75:
            reach = self._reach(session)
            targets = {c.id: c.to for c in step.choices}
            useful = [c for c in choices if reach[targets[c.id]] - self.seen]
            wait_useful = step.timeout is not None and bool(reach[step.timeout.to] - self.seen)
            if wait_useful and (not useful or rng.random() < 1 / (len(useful) + 1)):
                session.tick(timeout + 0.001)
                return
            if useful:
                choices = useful
        if timeout is not None and (not choices or rng.random() < self.wait_rate):
            session.tick(timeout + 0.001)
            return
        if not choices:
            raise EngineError(f"stuck in step {session.step_id!r}: no choice is available and no timeout")
        session.choose(rng.choice(choices).id)


def walk(session: Session, rng: random.Random, *, max_commands: int = 2000,
         seen: set[str] | None = None) -> Walk:
    """Play `session` to an ending with a RandomBot. Errors are recorded, not raised.
    With `seen` (shared across runs) the walk favours what earlier runs missed."""
    bot = RandomBot(rng, seen=seen)
    record = Walk(steps=[session.step_id])
    if seen is not None:
        seen.add(session.step_id)
    try:
        while not session.ended:
            if record.commands >= max_commands:
                record.error = f"no ending after {max_commands} turns (a loop?) at step {session.step_id!r}"
                return record
            bot.act(session)
            record.commands += 1
            if not session.ended and session.step_id != record.steps[-1]:
                record.steps.append(session.step_id)
            if seen is not None:
                seen.add(session.step_id)
        record.ending = session.step_id
        session.result()
    except EngineError as exc:
        record.error = str(exc)
    return record
