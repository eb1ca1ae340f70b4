"""One bot that drives a Session through its public commands, with a pluggable policy.

A policy looks at a session and plans one turn as a tuple of commands (`Flag`, `Unflag`, then a
`Choose` or a `Wait`); `perform` carries a command out with the Session's own commands, so a
bot can never do what a player could not. Two policies exist: `RandomPolicy` here (random and
optionally coverage-guided: used by `playtest`, the benchmarks and the property tests) and
`TeachingPolicy` in `demo.py` (the window's demo mode). A front end may also read a policy's plan
and carry it out through its own widgets, as the demo does.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from game.scenario import Identity, Scenario

from .errors import EngineError
from .frozen import frozen
from .session import Session
from .views import Event


# -- commands -----------------------------------------------------------------------------

@frozen
class Flag:
    message_id: str
    flag_id: str                # "" for "just suspicious"


@frozen
class Unflag:
    message_id: str


@frozen
class Choose:
    choice_id: str


@frozen
class Wait:
    seconds: float              # game time to let pass (messages arrive, a timer may run out)


Command = Flag | Unflag | Choose | Wait


def perform(session: Session, command: Command) -> tuple[Event, ...]:
    """Carry out one command with the Session's public commands."""
    if isinstance(command, Flag):
        return session.flag(command.message_id, command.flag_id)
    if isinstance(command, Unflag):
        return session.unflag(command.message_id)
    if isinstance(command, Choose):
        return session.choose(command.choice_id)
    return session.tick(command.seconds)


class Policy(Protocol):
    def plan(self, session: Session) -> tuple[Command, ...]:
        """The commands of one turn, in order; the last one is a `Choose` or a `Wait`."""


def reachable(scenario: Scenario) -> dict[str, set[str]]:
    """For each step and ending: every step and ending reachable from it (itself included),
    following choices and timeouts and ignoring their conditions."""
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
    return reach


@lru_cache(maxsize=64)
def _shared_reach(scenario: Identity) -> dict[str, frozenset[str]]:
    """`reachable`, worked out once per scenario for every policy that plays it."""
    return {node: frozenset(found) for node, found in reachable(scenario.value).items()}


# -- the random policy --------------------------------------------------------------------

class RandomPolicy:
    """Flags random messages (sometimes naming a flag, sometimes not), sometimes lets a timer run
    out, and picks random available choices. `seen`, if given, is shared across runs: the policy
    then leans towards steps and endings no run has reached yet, so rare branches get covered
    (a coverage-guided random walk)."""

    def __init__(self, rng: random.Random, *, flag_rate: float = 0.35, wait_rate: float = 0.15,
                 seen: set[str] | None = None) -> None:
        self.rng = rng
        self.flag_rate = flag_rate
        self.wait_rate = wait_rate
        self.seen = seen
        self._reach_for: object = None
        self._reach_map: dict[str, set[str]] = {}

    def _reach(self, session: Session) -> dict[str, frozenset[str]]:
        if self._reach_for is not session.scenario:
            self._reach_for, self._reach_map = session.scenario, _shared_reach(Identity(session.scenario))
        return self._reach_map

    def plan(self, session: Session) -> tuple[Command, ...]:
        rng = self.rng
        pending = session.seconds_until_choices()
        if pending > 0:
            return (Wait(pending),)
        turn = session.turn()
        commands: list[Command] = []
        for message_id, flaggable, flag in turn.messages[-6:]:
            if flaggable and rng.random() < self.flag_rate:
                options = session.flag_options(message_id)
                commands.append(Flag(message_id, rng.choice(options).id))
            elif flag is not None and rng.random() < 0.1:
                commands.append(Unflag(message_id))
        timeout = session.seconds_until_timeout()
        choices = list(turn.choices)
        step = session.scenario.steps[session.step_id]
        if self.seen is not None and rng.random() < 0.75:
            reach = self._reach(session)
            targets = {c.id: c.to for c in step.choices}
            useful = [c for c in choices if not reach[targets[c]] <= self.seen]
            wait_useful = step.timeout is not None and not reach[step.timeout.to] <= self.seen
            if wait_useful and (not useful or rng.random() < 1 / (len(useful) + 1)):
                return (*commands, Wait(timeout + 0.001))
            if useful:
                choices = useful
        if timeout is not None and (not choices or rng.random() < self.wait_rate):
            return (*commands, Wait(timeout + 0.001))
        if not choices:
            raise EngineError(f"stuck in step {session.step_id!r}: no choice is available and no timeout")
        return (*commands, Choose(rng.choice(choices)))


# -- the bot --------------------------------------------------------------------------------

class Bot:
    """Plays a session turn by turn with a policy, through the Session's commands only."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    def act(self, session: Session) -> None:
        """Take one turn: everything the policy plans for it, in order."""
        for command in self.policy.plan(session):
            perform(session, command)


class RandomBot(Bot):
    """A Bot with a `RandomPolicy` (see there for the arguments)."""

    def __init__(self, rng: random.Random, *, flag_rate: float = 0.35, wait_rate: float = 0.15,
                 seen: set[str] | None = None) -> None:
        super().__init__(RandomPolicy(rng, flag_rate=flag_rate, wait_rate=wait_rate, seen=seen))


@dataclass
class Walk:
    """What one bot play-through did."""

    ending: str | None = None
    steps: list[str] = field(default_factory=list)
    commands: int = 0
    error: str | None = None


def walk(session: Session, rng: random.Random | None = None, *, policy: Policy | None = None,
         max_commands: int = 2000, seen: set[str] | None = None, result: bool = True) -> Walk:
    """Play `session` to an ending, and (with `result`) work out its result. Errors are recorded,
    not raised. Without `policy` the bot plays a `RandomPolicy(rng)`; with `seen` (shared across
    runs) that walk favours what earlier runs missed."""
    if policy is None:
        if rng is None:
            raise EngineError("walk needs an rng or a policy")
        policy = RandomPolicy(rng, seen=seen)
    bot = Bot(policy)
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
        if result:
            session.result()
    except EngineError as exc:
        record.error = str(exc)
    return record
