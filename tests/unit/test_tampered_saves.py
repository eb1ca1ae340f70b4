"""A tamper generator: every field of a real settings file, autosave file and session save is
mutated (NaN, ±infinity, 1e400, huge and negative numbers, wrong types, lists and mappings
swapped, unknown IDs, deleted keys, deep nesting). Whatever the file holds:
- `Progress.load` never raises;
- a resume is refused with a notice, or the session it gives plays to an end with the bot
  (a bounded number of commands), is scored, debriefed, saved again and recorded.
The cases are drawn with a fixed seed; the default run tries several hundred, quickly."""

from __future__ import annotations

import copy
import json
import random

import pytest

from game.engine import SaveError, Session
from game.engine.bot import RandomBot
from game.progress import Progress
from game.records import Records, attempt_of

SCENARIOS = ("bank_alert_sms", "toll_text", "loan_fee_trap")
MAX_COMMANDS = 2000           # a resumed session that has not ended by then is a hang

VALUES = (float("nan"), float("inf"), -float("inf"), 10 ** 10, 10 ** 30, 2 ** 63, -1,
          -10 ** 30, 0, "x", "", "unknown_id", True, None, [], {}, [1, "a"], {"a": 1}, 0.5, 1e-9)
DELETE = object()


def _deep(depth: int = 3000) -> list:
    nested: list = []
    for _ in range(depth):
        nested = [nested]
    return nested


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:2]):
            yield from _paths(item, (*path, index))


def _mutate(data, path, value):
    data = copy.deepcopy(data)
    if not path:
        return value
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    elif value == "swap":          # a list where a mapping belongs and back
        old = target[path[-1]]
        target[path[-1]] = list(old.values()) if isinstance(old, dict) else (
            {str(i): v for i, v in enumerate(old)} if isinstance(old, list) else [old])
    else:
        target[path[-1]] = value
    return data


def _cases(data, count, rng):
    """`count` (path, value) mutations of `data`, every path at least once when count allows."""
    paths = list(_paths(data))[1:]
    choices = [*VALUES, DELETE, "swap", "deep"]
    cases = [(path, choices[i % len(choices)]) for i, path in enumerate(paths)]
    rng.shuffle(cases)
    while len(cases) < count:
        cases.append((rng.choice(paths), rng.choice(choices)))
    return cases[:count]


@pytest.fixture(scope="module")
def saves(scenarios, catalog):
    """A real save of each scenario at a few points of play, as JSON data."""
    found = []
    for index, scenario_id in enumerate(SCENARIOS):
        scenario = scenarios[scenario_id]
        for moves in (0, 2, 5):
            session = Session(scenario, catalog, seed=index + moves, region=scenario.regions[0], feedback="immediate")
            bot = RandomBot(random.Random(moves))
            for _ in range(moves):
                if not session.ended:
                    bot.act(session)
            if not session.ended:
                found.append((scenario, json.loads(json.dumps(session.to_json()))))
    return found


def _play_through(session, records):
    """What happens to a resumed session: played to an end, scored, debriefed, saved, recorded."""
    session.view()
    bot = RandomBot(random.Random(7))
    for _ in range(MAX_COMMANDS):
        if session.ended:
            break
        bot.act(session)
    assert session.ended, "a resumed session never ended"
    result = session.result()
    assert result.debrief is not None
    json.dumps(session.to_json(), allow_nan=False)
    assert records.add(attempt_of(session, player_id="p", nickname="Tester"))


def test_tampered_session_saves_are_refused_or_play_to_the_end(saves, catalog, tmp_path):
    rng = random.Random(13)
    records = Records.open(tmp_path / "records.db")
    tried = refused = 0
    for scenario, good in saves:
        for path, value in _cases(good, 50, rng):
            data = _mutate(good, path, _deep() if value == "deep" else value)
            tried += 1
            try:
                session = Session.from_json(scenario, catalog, data)
            except SaveError:
                refused += 1
                continue
            _play_through(session, records)
    records.close()
    assert tried >= 300 and 0 < refused < tried, (tried, refused)


def test_tampered_progress_files_never_stop_the_start_and_resume_is_refused_or_works(saves, scenarios, catalog,
                                                                                    tmp_path):
    rng = random.Random(31)
    settings = {"version": 2, "lang": "zh", "region": "CN", "text_size": 1.2, "sound": False, "high_contrast": True,
                "reduced_motion": False, "feedback": "immediate", "player": "Calm Heron", "retention_days": 30}
    scenario, session = saves[0]
    autosaves = {"p1": {"scenario_id": scenario.id, "session": session, "started_at": "2026-11-30T08:00:00.000Z"},
                 "p2": {"scenario_id": scenario.id, "session": session, "started_at": None}}
    records = Records.open(tmp_path / "records.db")
    tried = 0
    for name, good, count in (("settings.json", settings, 60), ("autosave.json", autosaves, 140)):
        for number, (path, value) in enumerate(_cases(good, count, rng)):
            home = tmp_path / f"{name}-{number}"
            home.mkdir()
            data = _mutate(good, path, _deep(500) if value == "deep" else value)
            (home / name).write_text(json.dumps(data, allow_nan=True), encoding="utf-8")
            tried += 1
            progress = Progress.load(home)
            assert progress.settings["text_size"] in (1.0, 1.2, 1.4)
            if progress.notices:
                assert all((home / n.name).exists() for n in progress.notices)
            for player, entry in list(progress.autosaves.items()):
                progress.player_id = player
                resumed = progress.resume(scenarios[entry["scenario_id"]], catalog) \
                    if entry["scenario_id"] in scenarios else None
                if resumed is not None:
                    _play_through(resumed, records)
    records.close()
    assert tried >= 200
