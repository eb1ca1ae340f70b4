"""Nicknames: a player is a nickname, never a real name or an e-mail address.

A suggestion is an adjective and an animal in the player's language ("Calm Heron", "沉着的白鹭"),
with a number when it is taken. The words are locale strings (`player.adjectives`,
`player.animals`, `player.nickname`), so a new language brings its own.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection


def suggest(t: Callable[..., str], taken: Collection[str] = (), rng: random.Random | None = None) -> str:
    """A nickname no one in `taken` (any case) has; `t` is a Translator's `t`."""
    rng = rng or random.SystemRandom()
    adjectives = [w.strip() for w in t("player.adjectives").split("|") if w.strip()]
    animals = [w.strip() for w in t("player.animals").split("|") if w.strip()]
    used = {name.casefold() for name in taken}
    for attempt in range(200):
        name = t("player.nickname", adjective=rng.choice(adjectives), animal=rng.choice(animals))
        if attempt >= 20:
            name = f"{name} {rng.randrange(2, 100)}"
        if name.casefold() not in used:
            return name
    return f"{name} {rng.randrange(100, 10_000)}"
