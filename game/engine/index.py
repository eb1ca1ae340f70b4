"""What a Session derives from its scenario alone, built once and shared by all its sessions.

Bots play thousands of sessions of one scenario (playtest, the benchmarks, the property tests):
finding every message, the conversation it belongs to and who speaks there is the same work
each time, so `Session` asks for it once per scenario (cached by identity, like its Machine).
Everything here is read-only after it is built.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from game.scenario import BUILTIN_SENDERS, Identity, Message, Scenario, Step

from .frozen import frozen


@frozen
class ScenarioIndex:
    messages: dict[str, Message]                 # message id → message
    step_of: dict[str, str]                      # message id → the step it belongs to
    threads: dict[str, tuple[str, str]]          # message id → (thread id, counterpart)
    counterparts: dict[str, str]                 # thread id → whom the conversation is with
    senders: dict[str, frozenset[str]]           # thread id → cast members who write in it

    @classmethod
    def build(cls, scenario: Scenario,
              thread_of: Callable[[Step, Message], tuple[str, str]]) -> "ScenarioIndex":
        messages = {m.id: m for step in scenario.steps.values() for m in step.messages}
        step_of = {m.id: step_id for step_id, step in scenario.steps.items() for m in step.messages}
        threads = {m.id: thread_of(step, m) for step in scenario.steps.values() for m in step.messages}
        counterparts: dict[str, str] = {}
        for thread, counterpart in threads.values():
            counterparts.setdefault(thread, counterpart)
        senders: dict[str, set[str]] = {}
        for message_id, (thread, _) in threads.items():
            sender = messages[message_id].sender
            if sender not in BUILTIN_SENDERS:
                senders.setdefault(thread, set()).add(sender)
        return cls(messages, step_of, threads, counterparts,
                   {thread: frozenset(names) for thread, names in senders.items()})


@lru_cache(maxsize=1024)
def near_flags(catalog: Identity, scenario: Identity, message_id: str, count: int) -> tuple[str, ...]:
    """The plausible distractors for a message's flag options, in catalogue order: the flags of
    the same groups as its own (its first `count`), or, for a message with no red flag, the flags
    of the messages around it."""
    red_flags = catalog.value.red_flags
    story = scenario.value
    step, message = next((step, m) for step in story.steps.values() for m in step.messages if m.id == message_id)
    right = message.flags[:count]
    if right:
        groups = {red_flags[f].group for f in right}
        return tuple(f for f in red_flags if f not in right and red_flags[f].group in groups)
    return tuple(dict.fromkeys(f for m in step.messages for f in m.flags))
