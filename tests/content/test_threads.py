"""Threads say who is talking: a genuine sender and a scammer never share a conversation headed by
one of them (a scam text inside your university's thread, a bank text inside a scam call), and two
different people or organisations never go by the same name (two tabs both called "Customer service")."""

from __future__ import annotations

from game.engine import FakerPersonas, Session
from game.scenario import BUILTIN_SENDERS

SCAM_SIDE = ("scammer", "accomplice")


def _threads(scenario) -> dict[str, tuple[str, set[str]]]:
    """Every thread of a scenario: who heads it, and who writes in it."""
    threads: dict[str, tuple[str, set[str]]] = {}
    for step in scenario.steps.values():
        for message in step.messages:
            thread, counterpart = Session._thread_of(step, message)
            head, senders = threads.setdefault(thread, (counterpart, set()))
            if message.sender not in BUILTIN_SENDERS:
                senders.add(message.sender)
    return threads


def test_a_genuine_sender_never_writes_in_a_scammers_thread_or_the_reverse(scenarios):
    for scenario in scenarios.values():
        for thread, (head, senders) in _threads(scenario).items():
            roles = {scenario.cast[s].role for s in senders}
            mixed = "genuine" in roles and bool(roles & set(SCAM_SIDE))
            # only a conversation headed by its own name (a group chat) may hold both sides
            assert not (mixed and head in senders), (scenario.id, thread, head, sorted(senders))


def test_different_senders_never_go_by_the_same_name(scenarios, catalog):
    """Nobody who heads a thread or writes a message shares a name with someone else."""
    personas = FakerPersonas()
    for scenario in scenarios.values():
        people = {member for head, senders in _threads(scenario).values() for member in (head, *senders) if member}
        for seed, lang in ((1, "en"), (2, "zh"), (3, "en")):
            session = Session(scenario, catalog, seed=seed, lang=lang, personas=personas)
            names: dict[str, str] = {}
            for member in sorted(people):
                for view_lang in ("en", "zh"):
                    name = session._personas(view_lang)[member].get("name", member)
                    other = names.setdefault(f"{view_lang}:{name}", member)
                    assert other == member, (scenario.id, seed, view_lang, name, other, member)
