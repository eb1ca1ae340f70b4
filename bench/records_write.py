"""`record_write_ms`: keeping one finished attempt (the Recorder's whole job at the end of a
play: the attempt made from the session, then one transaction with its messages and choices,
flushed to disk), median over many attempts, beside the cost of the bare SQLite commit of one
row on the same disk in the same run."""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from game.engine import FakerPersonas, Session, walk
from game.locale import words
from game.records import Recorder

WRITES = 200


def record_figures(catalog, scenarios, folder: Path | None = None) -> dict:
    personas = FakerPersonas()
    sessions = []
    for index in range(WRITES):
        scenario = scenarios[index % len(scenarios)]
        session = Session(scenario, catalog, seed=index + 1, lang="en", region=scenario.regions[0],
                          personas=personas, words=words)
        walk(session, random.Random(index))
        session.result()                       # worked out already, as the debrief has done by then
        sessions.append(session)
    with tempfile.TemporaryDirectory(dir=folder) as where:
        recorder = Recorder(Path(where) / "records.sqlite")
        recorder.use("Bench Heron")
        times = []
        for session in sessions:
            start = time.perf_counter()
            recorder.record(session)
            times.append(time.perf_counter() - start)
        recorder.close()
        bare = sqlite3.connect(Path(where) / "bare.sqlite", isolation_level=None)
        bare.execute("PRAGMA journal_mode = WAL")
        bare.execute("PRAGMA synchronous = FULL")
        bare.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
        base = []
        for index in range(WRITES):
            start = time.perf_counter()
            bare.execute("BEGIN IMMEDIATE")
            bare.execute("INSERT INTO t (body) VALUES (?)", (f"row {index}",))
            bare.execute("COMMIT")
            base.append(time.perf_counter() - start)
        bare.close()
    return {"record_write_ms": statistics.median(times) * 1e3,
            "record_write_ms_p95": sorted(times)[int(len(times) * 0.95)] * 1e3,
            "baseline_sqlite_commit_ms": statistics.median(base) * 1e3}
