"""Helpers for the classroom tests: a Classroom on a store of the test's own, and a trainee
who plays by commands the way a browser sends them."""

from __future__ import annotations

import random
from pathlib import Path

from game.records.sink import Recorder
from game.web.classroom import ClassError, Classroom, Settings
from game.web.store import ClassStore


def make_room(tmp_path: Path, catalog, scenarios, *, url: str | None = None, lrs=None) -> Classroom:
    records = tmp_path / "records.sqlite"
    recorder = Recorder(records, lrs=lrs, background_sync=False)
    recorder.records
    store = ClassStore.open(url or str(records))
    return Classroom(store, scenarios, catalog, recorder=recorder)


def open_class(room: Classroom, playlist=("first_steps",), **settings):
    return room.create(Settings(tuple(playlist), seed=settings.pop("seed", 11), **settings))


def send(room: Classroom, trainee_id: str, state: dict, **command) -> dict:
    """Send one command with the state's `n`; the new state (a ClassError's state if it has one)."""
    try:
        return room.command(trainee_id, {"n": state["n"], **command})
    except ClassError as exc:
        if exc.state is None:
            raise
        return exc.state


def step(room: Classroom, trainee_id: str, state: dict, rng: random.Random, *, flag_rate: float = 0.5) -> dict:
    """One tap of a trainee who flags some messages (naming the first option offered), skips
    ahead while messages arrive, and picks a choice at random."""
    view = state["view"]
    if view["ended"]:
        return send(room, trainee_id, state, op="next")
    open_messages = [m for m in view["messages"] if m["flaggable"] and m["flag"] is None]
    if open_messages and rng.random() < flag_rate:
        message = open_messages[0]["id"]
        options = room.options(trainee_id, message)
        return send(room, trainee_id, state, op="flag", message=message, flag=rng.choice(options)["id"])
    if view["waiting"]:
        return send(room, trainee_id, state, op="skip")
    choices = [c for c in view["choices"] if c["available"]]
    if not choices:
        return send(room, trainee_id, state, op="tick", dt=30)
    return send(room, trainee_id, state, op="choose", choice=rng.choice(choices)["id"])


def play_all(room: Classroom, trainee_id: str, *, seed: int = 1, flag_rate: float = 0.5, limit: int = 2000) -> dict:
    rng = random.Random(seed)
    state = room.state(trainee_id)
    for _ in range(limit):
        if state["finished"]:
            return state
        state = step(room, trainee_id, state, rng, flag_rate=flag_rate)
    raise AssertionError("the playlist did not finish")
