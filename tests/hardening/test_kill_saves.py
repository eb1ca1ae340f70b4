"""Pulling the plug while saving: a child process plays, autosaves, saves settings and records
results in a loop; the parent SIGKILLs it at a random moment. After every kill each file loads
(settings, autosave, the records database with `integrity_check` ok), every result stored equals
the one its seed replays (nothing half-written), and the next start cleans the temporary files
the kill left once they are old (`Progress.load` → `clean_leftovers`)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from game.engine import FakerPersonas, Session
from game.engine.bot import RandomBot
from game.locale import words
from game.progress import AUTOSAVE_FILE, SETTINGS_FILE, Progress
from game.records import FILE_NAME, Filter, Records, Recorder, attempt_of
from game.scenario import check_scenario_bytes
from game.storage import LEFTOVER_SECONDS

from .figures import ROOT, write_figures
from .mutants import base_catalog, shipped_bytes

SCENARIO = "first_steps"
NICKNAME = "Calm Heron"
DEFAULT_TRIALS = 10
SLOW_TRIALS = 200
PERSONAS = FakerPersonas()


def _scenario():
    scenario, problems = check_scenario_bytes(f"{SCENARIO}.yaml", shipped_bytes(SCENARIO), base_catalog())
    assert scenario is not None, problems
    return scenario


def _played(scenario, seed: int, *, progress: Progress | None = None) -> Session:
    """The session seed `seed` plays (the random bot, seeded too), autosaving after each turn."""
    session = Session(scenario, base_catalog(), seed=seed, personas=PERSONAS, words=words)
    bot = RandomBot(random.Random(seed))
    while not session.ended:
        bot.act(session)
        if progress is not None:
            progress.autosave = {"scenario_id": scenario.id, "session": session.to_json()}
            progress.settings["text_size"] = (1.0, 1.2, 1.4)[seed % 3]
            progress.save()
    return session


def child(home: str, first_seed: int) -> None:
    """The process that gets killed: plays, autosaves, records, forever."""
    scenario = _scenario()
    progress = Progress.load(Path(home))
    recorder = Recorder(Path(home) / FILE_NAME, background_sync=False)
    player = recorder.use(NICKNAME)
    progress.player_id = player.id
    _played(scenario, 0)                    # warm up (Faker's locales load on first use), saving nothing
    print("ready", flush=True)
    seed = first_seed
    while True:
        session = _played(scenario, seed, progress=progress)
        recorder.record(session)
        if recorder.error:
            print(recorder.error, file=sys.stderr, flush=True)
        seed += 1


def _kill_once(home: Path, first_seed: int, rng: random.Random) -> None:
    code = f"from tests.hardening.test_kill_saves import child; child({str(home)!r}, {first_seed})"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        line = proc.stdout.readline()
        assert line.strip() == b"ready", (line, proc.stderr.read() if proc.poll() is not None else b"")
        try:
            proc.wait(timeout=rng.uniform(0.0, 0.3))       # a random moment inside the save loop
        except subprocess.TimeoutExpired:
            pass
        assert proc.poll() is None, proc.stderr.read().decode("utf-8", "replace")[-2000:]
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()


def _key(attempt) -> tuple:
    return (attempt.scenario, attempt.seed, attempt.score, attempt.outcome, attempt.ending, attempt.messages,
            attempt.choices, attempt.hits, attempt.misses, attempt.false_alarms)


def check_files(home: Path, scenario, known: set[str]) -> list[str]:
    """Everything a start reads after the kill; returns what is wrong (new attempts join `known`)."""
    wrong = []
    for name in (SETTINGS_FILE, AUTOSAVE_FILE):
        path = home / name
        if path.exists():
            try:
                json.loads(path.read_text(encoding="utf-8"))
            except ValueError as exc:
                wrong.append(f"{name} is half-written: {exc}")
    with closing(sqlite3.connect(home / FILE_NAME)) as db:
        verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
    if verdict != "ok":
        wrong.append(f"records integrity_check: {verdict}")
    progress = Progress.load(home)
    aside = sorted(p.name for p in home.iterdir() if ".corrupt" in p.name)
    if aside:
        wrong.append(f"files set aside after a kill: {aside}")
    for player, saved in progress.autosaves.items():
        try:
            Session.from_json(scenario, base_catalog(), saved["session"], words=words)
        except Exception as exc:            # noqa: BLE001 - reported with the others
            wrong.append(f"the autosave of {player!r} does not resume: {type(exc).__name__}: {exc}")
    records = Records.open(home / FILE_NAME)
    try:
        if records.notice:
            wrong.append(f"records moved aside: {records.notice}")
        player = records.player(NICKNAME, create=False)
        for attempt in records.attempts(Filter(include_demo=True)):
            if attempt.id in known:
                continue
            known.add(attempt.id)
            expected = attempt_of(_played(scenario, attempt.seed), player_id=player.id, nickname=NICKNAME)
            if _key(attempt) != _key(expected):
                wrong.append(f"attempt of seed {attempt.seed} differs from its replay (half-written?)")
    finally:
        records.close()
    return wrong


def _age_leftovers(home: Path) -> int:
    old = time.time() - LEFTOVER_SECONDS - 60
    leftovers = list(home.glob(".*.tmp"))
    for path in leftovers:
        os.utime(path, (old, old))
    return len(leftovers)


def run_trials(home: Path, trials: int, seed: int) -> dict[str, object]:
    rng, scenario, known = random.Random(seed), _scenario(), set()
    wrong: list[str] = []
    leftovers = uncleaned = 0
    for trial in range(trials):
        _kill_once(home, 1 + trial * 10_000, rng)
        young = list(home.glob(".*.tmp"))
        Progress.load(home)                 # a start right after the kill keeps young temporary files
        if any(not p.exists() for p in young):
            wrong.append(f"trial {trial}: a young temporary file was deleted at start")
        wrong += [f"trial {trial}: {w}" for w in check_files(home, scenario, known)]
        leftovers += _age_leftovers(home)
        Progress.load(home)                 # …and cleans them once they are old
        left = list(home.glob(".*.tmp"))
        uncleaned += len(left)
        if left:
            wrong.append(f"trial {trial}: leftovers not cleaned: {[p.name for p in left]}")
    return {"trials": trials, "attempts_checked": len(known), "tmp_leftovers": leftovers,
            "tmp_uncleaned": uncleaned, "failures": len(wrong), "first_failures": wrong[:40]}


def test_sigkill_while_saving_leaves_files_that_load(tmp_path):
    figures = run_trials(tmp_path, DEFAULT_TRIALS, seed=1)
    assert figures["attempts_checked"] > 0, "the child never finished a session before being killed"
    assert not figures["first_failures"], "\n".join(figures["first_failures"])


def test_a_half_written_result_is_noticed(tmp_path):
    """The guard itself: an attempt whose stored score was changed no longer matches its replay."""
    scenario = _scenario()
    recorder = Recorder(tmp_path / FILE_NAME, background_sync=False)
    recorder.use(NICKNAME)
    recorder.record(_played(scenario, 5))
    recorder.close()
    with closing(sqlite3.connect(tmp_path / FILE_NAME)) as db, db:
        db.execute("UPDATE attempts SET score = score + 1")
    assert any("differs from its replay" in w for w in check_files(tmp_path, scenario, set()))


@pytest.mark.slow
def test_sigkill_while_saving_at_scale(tmp_path):
    started = time.perf_counter()
    figures = run_trials(tmp_path, SLOW_TRIALS, seed=200)
    write_figures("kill_saves", {"inputs_tried": figures["trials"], **figures,
                                 "seconds": round(time.perf_counter() - started, 1)})
    assert not figures["first_failures"], "\n".join(figures["first_failures"])
