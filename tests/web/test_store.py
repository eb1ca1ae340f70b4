"""The class store on both databases it supports: SQLite (a file) and PostgreSQL (a real server
on 127.0.0.1, started for the test session; skipped, saying why, where it cannot run)."""

from __future__ import annotations

import threading
import uuid

import pytest

from game.web.store import ClassStore, Save, StoreError
from tests.web.helpers import make_room, open_class, play_all


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "records.sqlite")
    import psycopg

    server = request.getfixturevalue("pg_url")               # skips with the reason when unavailable
    name = f"t_{uuid.uuid4().hex[:12]}"
    plain = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + f"/{name}"


def _change(trainee_id: str, n: int, **values) -> Save:
    return Save(trainee_id, n, values.get("session", {"x": n}), values.get("position", 0), values.get("tally", {}),
                values.get("done", 0), 1, None, "en", values.get("attempt"))


def test_joining_taking_a_nickname_and_a_full_class(store_url):
    store = ClassStore.open(store_url)
    store.create_class("ABC234", "s", "k", {"playlist": ["first_steps"], "seed": 1})
    assert store.join("ABC234", "t1", "Ann", "en", limit=2) is None
    assert store.join("ABC234", "t2", "ANN", "en", limit=2) == "taken"       # case folded
    assert store.join("ABC234", "t3", "Bob", "en", limit=2) is None
    assert store.join("ABC234", "t4", "Cy", "en", limit=2) == "full"
    assert [t.nickname for t in store.roster("ABC234")] == ["Ann", "Bob"]
    assert store.get_class("ABC234").settings == {"playlist": ["first_steps"], "seed": 1}
    assert store.get_class("NOPE") is None


def test_a_save_counts_once_and_its_attempt_lands_with_it(store_url):
    store = ClassStore.open(store_url)
    store.create_class("ABC234", "s", "k", {})
    store.join("ABC234", "t1", "Ann", "en", limit=10)
    assert store.save(_change("t1", 0, tally={"0:a#0": "h"}))
    assert not store.save(_change("t1", 0, tally={"0:a#0": "m"}))             # the same n again: refused
    row = store.trainee("t1")
    assert (row.n, row.session, row.tally) == (1, {"x": 0}, {"0:a#0": "h"})
    assert store.save(_change("t1", 1, attempt=("a1", "ABC234", [{"id": "s1"}])))
    assert store.attempt_statements("ABC234") == [[{"id": "s1"}]] and store.attempt_count("ABC234") == 1
    with pytest.raises(Exception):                                          # the same attempt twice: refused
        store.save(_change("t1", 2, attempt=("a1", "ABC234", [{"id": "s1"}])))
    assert store.trainee("t1").n == 2                                        # …and the save with it undone
    store.remove("ABC234", "t1")
    assert not store.save(_change("t1", 2))                                  # a removed trainee changes nothing


def test_racing_workers_apply_one_command_per_n(store_url):
    store = ClassStore.open(store_url)
    store.create_class("ABC234", "s", "k", {})
    store.join("ABC234", "t1", "Ann", "en", limit=10)
    wins = []

    def worker(number: int) -> None:
        other = ClassStore.open(store_url)
        for n in range(20):
            if other.save(_change("t1", n, session={"by": number, "n": n})):
                wins.append((number, n))
        other.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(n for _, n in wins) == list(range(20))                     # each n won by exactly one
    assert store.trainee("t1").n == 20


def test_a_whole_class_plays_on_the_store(store_url, tmp_path, catalog, scenarios):
    room = make_room(tmp_path, catalog, scenarios, url=store_url)
    klass = open_class(room, ("first_steps",))
    for number in range(3):
        trainee = room.join(klass.code, f"T{number}", "en")
        assert play_all(room, trainee.id, seed=number)["finished"]
    assert room.store.attempt_count(klass.code) == 3
    assert room.store.marker(klass.code)[0] == 3


def test_a_store_that_cannot_be_opened_says_why(tmp_path):
    with pytest.raises(StoreError) as refused:
        ClassStore.open("postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in str(refused.value) and "127.0.0.1:1" in str(refused.value)
    (tmp_path / "folder").mkdir()
    with pytest.raises(StoreError):
        ClassStore.open(str(tmp_path / "folder"))
