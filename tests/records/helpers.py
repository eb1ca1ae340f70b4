"""Finished attempts for records tests: real sessions played by the random bot."""

from __future__ import annotations

import random

from game.engine import FakerPersonas, Session, walk
from game.locale import words
from game.records import Attempt, attempt_of

_PERSONAS = FakerPersonas()


def played(scenario, catalog, *, seed: int = 1, lang: str = "en", region: str | None = None) -> Session:
    """A session of `scenario` the random bot has finished."""
    session = Session(scenario, catalog, seed=seed, lang=lang, region=region or scenario.regions[0],
                      personas=_PERSONAS, words=words)
    walk(session, random.Random(seed))
    assert session.ended
    return session


def attempts(scenarios, catalog, count: int, *, player_id: str = "p-1", nickname: str = "Calm Heron",
             class_code: str = "", start_day: int = 1) -> list[Attempt]:
    """`count` attempts over the library's scenarios, one a day from 2026-09-`start_day`."""
    ids = sorted(scenarios)
    made = []
    for index in range(count):
        scenario = scenarios[ids[index % len(ids)]]
        session = played(scenario, catalog, seed=index + 1)
        stamp = f"2026-09-{start_day + index % 28:02d}T10:{index % 60:02d}:00.000Z"
        made.append(attempt_of(session, player_id=player_id, nickname=nickname, class_code=class_code,
                               started_at=stamp, finished_at=stamp.replace("T10", "T11")))
    return made
