"""The records store: what goes in comes out whole, once; damaged and foreign files are moved
aside; every earlier schema version migrates; a killed process loses no finished attempt."""

from __future__ import annotations

import dataclasses
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timezone

import pytest

from game.records import Filter, Recorder, Records, attempt_of
from game.records import schema
from tests.conftest import ROOT
from tests.records.helpers import attempts, played


def test_an_attempt_comes_back_exactly_as_it_went_in(tmp_path, scenarios, catalog):
    made = attempts(scenarios, catalog, 6)
    with Records.open(tmp_path / "r.sqlite") as records:
        for attempt in made:
            assert records.add(attempt)
        back = records.attempts()
    assert back == made                         # every field, every message, every choice
    assert any(m.first_flag_at is not None for a in back for m in a.messages)
    assert any(c.safe is None or c.safe is False for a in back for c in a.choices)


def test_the_full_result_is_kept(tmp_path, scenarios, catalog):
    session = played(scenarios["loan_fee_trap"], catalog, seed=7)
    result = session.result()
    attempt = attempt_of(session, player_id="p", nickname="Keen Owl", class_code="7B", mode="play")
    with Records.open(tmp_path / "r.sqlite") as records:
        records.add(attempt)
        (back,) = records.attempts()
    assert (back.seed, back.scenario_version, back.lang, back.region, back.feedback) == \
        (7, result.scenario_version, "en", result.region, result.feedback)
    assert (back.outcome, back.loss, back.score, back.d_prime, back.criterion) == \
        (result.outcome, result.loss, result.score, result.d_prime, result.criterion)
    assert [m.message_id for m in back.messages] == [m.id for m in result.messages]
    assert [m.verdict for m in back.messages] == [m.verdict for m in result.messages]
    assert [(c.choice_id, c.at) for c in back.choices] == [(c.choice_id, c.at) for c in result.choices]
    assert back.class_code == "7B"


def test_flag_times_first_and_final(tmp_path, scenarios, catalog):
    from game.engine import Session
    from game.locale import words

    scenario = scenarios["loan_fee_trap"]
    session = Session(scenario, catalog, seed=3, lang="en", region="CN", words=words)
    session.tick(60)
    first = next(m for m in session.view().messages if m.flaggable)
    session.tick(5)
    session.flag(first.id)                               # just suspicious, at 65 s
    session.tick(10)
    flag_id = next(iter(catalog.red_flags))
    session.flag(first.id, flag_id)                      # renamed at 75 s
    while not session.ended:                             # play on without touching a flag
        session.tick(session.seconds_until_choices() + 1)
        if not session.ended and session.view().choices:
            session.choose(session.view().choices[0].id)
    attempt = attempt_of(session, player_id="p", nickname="n")
    record = next(m for m in attempt.messages if m.message_id == first.id)
    assert (record.first_flag, record.first_flag_at) == ("", 65.0)
    assert (record.final_flag, record.final_flag_at) == (flag_id, 75.0)
    assert record.seconds_to_spot == 65.0 - record.arrived_at


def test_the_same_attempt_is_never_stored_twice(tmp_path, scenarios, catalog):
    (attempt,) = attempts(scenarios, catalog, 1)
    with Records.open(tmp_path / "r.sqlite") as records:
        assert records.add(attempt) is True
        assert records.add(attempt) is False
        assert records.add_many([attempt]) == (0, 1)
        assert records.count() == 1


def test_a_recorder_keeps_each_session_once_and_demo_runs_apart(tmp_path, scenarios, catalog):
    recorder = Recorder(tmp_path / "r.sqlite")
    recorder.use("Calm Heron")
    session = played(scenarios["loan_fee_trap"], catalog)
    first = recorder.record(session)
    assert recorder.record(session) is first
    demo = played(scenarios["bank_alert_sms"], catalog)
    assert recorder.record(demo, mode="demo").mode == "demo"
    assert set(recorder.scores()) == {"loan_fee_trap"}        # the demo run is not the player's
    assert [a.id for a in recorder.history()] == [first.id]
    assert recorder.records.count(Filter(include_demo=True)) == 2
    recorder.use("Keen Owl")
    assert recorder.scores() == {} and recorder.history() == []
    recorder.close()


def test_a_recorder_that_cannot_write_never_stops_play(tmp_path, scenarios, catalog):
    (tmp_path / "r.sqlite").mkdir()                    # a folder where the file should be
    recorder = Recorder(tmp_path / "r.sqlite")
    recorder.use("Calm Heron")
    assert recorder.record(played(scenarios["loan_fee_trap"], catalog)) is None
    assert recorder.error


@pytest.mark.parametrize("content", [b"this is not a database at all" * 40, b"SQLite format 3\x00" + b"\xff" * 5000])
def test_a_corrupt_file_is_moved_aside_and_a_fresh_one_started(tmp_path, content):
    path = tmp_path / "records.sqlite"
    path.write_bytes(content)
    with Records.open(path) as records:
        assert records.notice and records.aside is not None
        assert records.aside.read_bytes() == content          # kept, not thrown away
        assert records.count() == 0 and records.version == schema.VERSION
        records.player("Calm Heron")


def test_a_damaged_page_is_noticed(tmp_path, scenarios, catalog):
    path = tmp_path / "records.sqlite"
    with Records.open(path) as records:
        records.add_many(attempts(scenarios, catalog, 20))
        records._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, page):      # scribble over every page but the first
        data[offset + 100:offset + 400] = b"\x07" * 300
    path.write_bytes(bytes(data))
    with Records.open(path) as records:
        assert records.notice and records.count() == 0


def test_another_programs_database_is_moved_aside(tmp_path):
    path = tmp_path / "records.sqlite"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    other.execute("INSERT INTO invoices VALUES (1, 9.5)")
    other.commit()
    other.close()
    with Records.open(path) as records:
        assert "not a Red Flag records file" in records.notice
        assert records.version == schema.VERSION
    kept = sqlite3.connect(records.aside)
    assert kept.execute("SELECT total FROM invoices").fetchone() == (9.5,)
    kept.close()


@pytest.mark.parametrize("version", range(1, schema.VERSION))
def test_every_earlier_schema_migrates_with_its_data(tmp_path, version, scenarios, catalog):
    path = tmp_path / "records.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    schema.migrate(db, to=version)
    made = attempts(scenarios, catalog, 3)
    old = Records(path, db)
    with old._write():
        for attempt in made:                  # the v1 tables hold everything an attempt has
            db.execute("INSERT INTO players (id, nickname, local, created_at) VALUES (?, ?, 1, ?) "
                       "ON CONFLICT DO NOTHING", (attempt.player_id, attempt.nickname, attempt.started_at))
            old._insert(attempt)
    db.close()
    with Records.open(path) as records:
        assert records.notice is None and records.version == schema.VERSION
        assert records.attempts() == made
        assert records.waiting() == 0                         # the v2 outbox exists and is empty
        records.keep_legacy_scores(made[0].player_id, {"x": (2, 50)})
        assert records.scores(made[0].player_id)["x"] == (2, 50)


def test_a_file_from_a_newer_version_is_kept_aside_not_overwritten(tmp_path):
    path = tmp_path / "records.sqlite"
    with Records.open(path):
        pass
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {schema.VERSION + 1}")
    db.commit()
    db.close()
    with Records.open(path) as records:
        assert "newer Red Flag" in records.notice
    assert records.aside.exists()


def test_forget_and_keep_for_a_number_of_days(tmp_path, scenarios, catalog):
    with Records.open(tmp_path / "r.sqlite") as records:
        records.add_many(attempts(scenarios, catalog, 4, player_id="a", nickname="Calm Heron"))
        records.add_many(attempts(scenarios, catalog, 3, player_id="b", nickname="Keen Owl", start_day=20))
        records.queue(records.attempts(Filter(player_id="a"))[0].id, [("s-1", "{}"), ("s-2", "{}")])
        records.queue(records.attempts(Filter(player_id="b"))[0].id, [("s-3", "{}")])
        assert records.forget("calm heron") == 4
        assert records.waiting() == 1               # their statements waiting to be sent went with them
        assert records.count() == 3 and {p.nickname for p in records.players()} == {"Keen Owl"}
        assert records.purge(10, now=datetime(2026, 10, 1, 12, tzinfo=timezone.utc)) == 2   # 20th and 21st
        assert [a.finished_at[:10] for a in records.attempts()] == ["2026-09-22"]


def test_legacy_counts_and_demo_runs_in_scores(tmp_path, scenarios, catalog):
    made = attempts(scenarios, catalog, 2, player_id="a")
    with Records.open(tmp_path / "r.sqlite") as records:
        records.add_many(made)
        records.keep_legacy_scores("a", {made[0].scenario: (5, 100)})
        scores = records.scores("a")
    assert scores[made[0].scenario] == (6, 100)
    assert scores[made[1].scenario] == (1, made[1].score)


KILLER = """
import sys
from game.records import Records
from tests.records.helpers import attempts
from tests.conftest import SCENARIOS
from game.scenario import load_catalog, load_folder
catalog = load_catalog(SCENARIOS / "red_flags.yaml")
scenarios, _ = load_folder(SCENARIOS, catalog)
made = attempts(scenarios, catalog, 12)
records = Records.open(sys.argv[1])
import dataclasses, uuid
n = 0
while True:
    for attempt in made:
        attempt = dataclasses.replace(attempt, id=str(uuid.uuid4()))
        records.add(attempt, [(str(uuid.uuid4()), "{}")])
        print(attempt.id, flush=True)
        n += 1
"""


def test_a_process_killed_at_any_moment_keeps_every_finished_attempt(tmp_path):
    path = tmp_path / "records.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for round_ in range(4):
        process = subprocess.Popen([sys.executable, "-c", KILLER, str(path)], stdout=subprocess.PIPE, text=True,
                                   cwd=ROOT, env=env)
        seen: list[str] = []
        deadline = time.monotonic() + 60
        while len(seen) < 5 + 7 * round_ and time.monotonic() < deadline:
            seen.append(process.stdout.readline().strip())
        process.send_signal(signal.SIGKILL)
        rest = process.stdout.read().split()
        process.wait(10)
        reported = set(seen + rest) - {""}
        with Records.open(path) as records:
            assert records.notice is None
            stored = {a.id for a in records.attempts(details=False)}
            assert reported <= stored                     # every attempt reported as stored is there …
            for attempt in records.attempts():            # … whole: all its messages and its outbox rows
                assert attempt.messages
            orphans = records._db.execute("SELECT COUNT(*) FROM outbox WHERE attempt_id NOT IN "
                                          "(SELECT id FROM attempts)").fetchone()[0]
            assert orphans == 0
        assert len(reported) >= 5


def test_two_players_with_one_nickname_are_both_kept(tmp_path, scenarios, catalog):
    with Records.open(tmp_path / "r.sqlite") as records:
        records.add_many(attempts(scenarios, catalog, 2, player_id="a", nickname="Ana"))
        records.add_many([dataclasses.replace(a, id=a.id + "-b") for a in attempts(scenarios, catalog, 2, player_id="b", nickname="ana")])
        assert {a.player_id for a in records.attempts()} == {"a", "b"}
        assert records.player("Ana", create=False).id == "a"        # the first stays the local one
