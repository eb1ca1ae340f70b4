"""Start-up of the window: the first frame waits only for what the title screen shows.

Before it: no engine, no audio device, at most the two scenario files the title looks up (the
guided first one and the one saved to resume). After it, a frame at a time: the play screen and
personas, sound, every other scenario file, then the collector runs again. The library of files
checked on demand gives exactly what `load_folder` gives, in the same order.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from game.cache import ScenarioCache
from game.progress import Progress
from game.scenario import load_folder
from game.ui.library import Library
import game.ui.run as run
from game.ui.run import WindowOptions, open_window, warm_up
from game.ui.scenes.picker import START_HERE, PickerScene
from tests.conftest import FIXTURES, ROOT, SCENARIOS

#: Runs the command line as main.py does, recording the state of things at each of the first
#: frames (the first drawn, the first that takes input) and during a non-window command.
PROBE = textwrap.dedent("""
    import gc, json, sys
    gc.disable()                                    # as main.py does
    import pygame
    import game.cli as cli
    import game.scenario
    from game.ui.app import App

    checked, frames, during = [], [], []
    check = game.scenario.check_scenario_file
    def counting(path, *args, **kwargs):
        checked.append(path.name)
        return check(path, *args, **kwargs)
    game.scenario.check_scenario_file = counting

    step = App.step
    def recording(self, dt):
        step(self, dt)
        frames.append({"engine": "game.engine" in sys.modules, "faker": "faker" in sys.modules,
                       "audio": pygame.mixer.get_init() is not None, "checked": list(checked),
                       "gc": gc.isenabled()})
    App.step = recording

    listing = cli._list
    def recording_list(*args):
        during.append(gc.isenabled())
        return listing(*args)
    cli._list = recording_list

    code = cli.main(["--exit-after-first-frame"])
    gc.disable()                                    # as main.py does, for the next command
    code = code or cli.main(["list"])
    print(json.dumps({"code": code, "frames": frames, "list_gc": during}))
""")


def _probe(home: Path) -> dict:
    env = {**os.environ, "REDFLAG_HOME": str(home), "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "PYTHONIOENCODING": "utf-8"}
    env.pop("REDFLAG_CACHE", None)                  # the cache in REDFLAG_HOME, empty: a cold start
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, encoding="utf-8",
                          cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_first_frames_wait_only_for_what_the_title_shows(tmp_path):
    report = _probe(tmp_path)
    assert report["code"] == 0
    assert len(report["frames"]) == 2               # the first drawn, the first taking input: then it exits
    for frame in report["frames"]:
        assert not frame["engine"] and not frame["faker"], frame
        assert not frame["audio"], frame
        assert frame["checked"] == [f"{START_HERE}.yaml"], frame     # a new player: nothing saved to resume
        assert not frame["gc"], frame               # main.py's start-up setting holds until the window settles
    assert report["list_gc"] == [True]              # every other command runs with the collector on


def test_after_the_first_frame_everything_else_loads_a_piece_a_frame(tmp_path, catalog, monkeypatch):
    monkeypatch.setattr(run, "WARM_UP_BUDGET", 0.0)     # one file a frame: any machine is slow enough
    cache = ScenarioCache(tmp_path / "cache")
    library = Library(SCENARIOS, catalog, cache)
    options = WindowOptions()
    app = open_window(catalog, library.scenarios, library.invalid, Progress.load(tmp_path), options)
    app.step(0.0)
    assert app.personas is None and not library.complete
    checked = []                                    # files checked by the end of each piece
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in warm_up(app, options, library):
            checked.append(len(library.checked))
            app.step(1 / 60)
        assert gc.isenabled()                       # the collector runs again once everything is in
    finally:
        gc.unfreeze()
        gc.enable() if enabled else gc.disable()
    assert app.personas is not None and library.complete
    total = len(library.checked)
    assert checked[0] == 1 and len({n for n in checked if n < total}) > 2     # checked over several frames
    app.push(PickerScene(app))
    app.step(1 / 60)
    cards = {w.id.split(":", 1)[1] for w in app.top.widgets() if w.id.startswith("card:")}
    assert cards == {k for k, s in library.scenarios.items() if app.ctx.region in s.regions}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two valid scenarios and two invalid files, one of them named like a scenario id."""
    folder = tmp_path / "library"
    folder.mkdir()
    for name in ("valid/tiny_loan.yaml", "format2/rebate_wallet.yaml", "invalid/id_mismatch.yaml",
                 "invalid/missing_key.yaml"):
        shutil.copy(FIXTURES / name, folder / Path(name).name)
    return folder


def test_the_library_gives_what_load_folder_gives_in_the_same_order(tmp_path, catalog, folder):
    expected_valid, expected_invalid = load_folder(folder, catalog)
    for cache in (None, ScenarioCache(tmp_path / "cache"), ScenarioCache(tmp_path / "cache")):   # cold, then warm
        library = Library(folder, catalog, cache)
        assert library.scenarios.get("tiny_loan") is not None      # the last file, checked first
        assert list(library.scenarios.items()) == list(expected_valid.items())
        assert list(library.invalid.items()) == list(expected_invalid.items())
        assert library.complete


def test_a_lookup_checks_only_that_file(catalog, folder):
    library = Library(folder, catalog)
    assert library.scenarios.get("tiny_loan") is not None and "tiny_loan" in library.scenarios
    assert library.scenarios.get("id_mismatch") is None          # invalid: not a scenario, reported below
    assert library.scenarios.get("nowhere") is None
    assert [path.name for path in library.checked] == ["tiny_loan.yaml", "id_mismatch.yaml"]
    assert not library.complete
    assert str(folder / "id_mismatch.yaml") in library.invalid   # anything about invalid files checks them all
    assert library.complete and len(library.checked) == 4


def test_a_changed_file_is_checked_again_and_reported_as_without_a_cache(tmp_path, catalog, folder):
    cache = ScenarioCache(tmp_path / "cache")
    assert Library(folder, catalog, cache).scenarios.get("tiny_loan") is not None     # now in the cache
    path = folder / "tiny_loan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("start:", "start_at:", 1), encoding="utf-8")
    library = Library(folder, catalog, cache)
    assert library.scenarios.get("tiny_loan") is None
    assert library.invalid[str(path)] == load_folder(folder, catalog)[1][str(path)]
