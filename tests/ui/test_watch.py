"""The live preview (`main.py --watch FILE`), driven headless: the file is rewritten and the reload
hook called by hand (no sleeps, no waiting for the file watcher)."""

from __future__ import annotations

import os
import shutil

import pytest

from game.scenario import load_catalog
from game.ui.fit import TextLog
from game.ui.run import WindowOptions
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.watch import ProblemsScene, WatchPlayScene
from game.ui.replay import moves_of
from game.ui.watch import FileWatch, open_preview
from tests.conftest import FIXTURES, SCENARIOS
from tests.ui.pilot import Pilot

TINY = FIXTURES / "valid" / "tiny_loan.yaml"


class WatchPilot(Pilot):
    """The pilot on the preview's window instead of the title screen."""

    def __init__(self, home, path, *, lang: str = "en", seed: int = 7) -> None:
        from game.progress import Progress

        self.progress = Progress.load(home)
        self.recorder = None
        catalog = SCENARIOS / "red_flags.yaml"
        self.preview = open_preview(path, lambda: load_catalog(catalog), lambda problem, lang: problem.format(),
                                    self.progress, WindowOptions(seed=seed, lang=lang, region="CN"),
                                    clock=lambda: "12:34:56")
        self.app = self.preview.app
        self.app.assets.text_log = self.log = TextLog()
        self.step()

    def save(self, path, text: str) -> None:
        """What an editor does: write the file (here by rename, as many do), then the reload."""
        spare = path.with_name(path.name + ".tmp")
        spare.write_text(text, encoding="utf-8")
        os.replace(spare, path)
        self.preview.reload()
        self.step()

    def drawn(self, where: str) -> list[str]:
        self.log.clear()
        self.step()
        return [placed.text for placed in self.log.at(where)]

    def flag(self, message_id: str, option: str = "suspicious") -> None:
        assert self.click(f"msg:{message_id}")
        assert self.click(f"flag_option:{option}")


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


@pytest.fixture
def story(tmp_path):
    path = tmp_path / "tiny_loan.yaml"
    shutil.copy(TINY, path)
    return path


def _play_to_the_fee(pilot: WatchPilot) -> None:
    """Flag the ad, open it, flag the fee demand: two steps in, two flags raised."""
    pilot.wait_for_choices()
    pilot.flag("ad_text")
    assert pilot.click("choice:open_ad")
    pilot.wait_for_choices()
    pilot.flag("fee_demand")
    assert pilot.scene.session.step_id == "fee"


def _place(pilot: WatchPilot) -> tuple:
    session = pilot.scene.session
    return session.step_id, dict(session.to_json()["flags"])


def test_watch_reload_keeps_the_place_and_says_so(home, story):
    pilot = WatchPilot(home, story)
    assert isinstance(pilot.scene, WatchPlayScene)
    assert pilot.drawn("watch.status") == ["Watching tiny_loan.yaml · reloaded 12:34:56"]
    _play_to_the_fee(pilot)
    pilot.advance(2.0)                              # time passes after the last move: it is replayed too
    before, clock = _place(pilot), pilot.scene.session.clock
    pilot.save(story, story.read_text(encoding="utf-8").replace("Open every day.", "Open all week."))
    assert isinstance(pilot.scene, WatchPlayScene)
    assert _place(pilot) == before == ("fee", {"ad_text": "", "fee_demand": ""})
    assert pilot.scene.session.clock == pytest.approx(clock, abs=0.02)     # and one frame since
    assert any(m.text == "Open all week." for m in pilot.view.messages)      # the new version is on screen
    assert pilot.preview.replayed.is_complete and pilot.preview.replayed.total == 3
    assert pilot.drawn("watch.banner") == ["Reloaded; played again up to where you were (moves: 3)"]


def test_watch_replay_stops_where_the_story_changed_and_restart_goes_to_the_top(home, story):
    pilot = WatchPilot(home, story)
    _play_to_the_fee(pilot)
    pilot.save(story, story.read_text(encoding="utf-8").replace("id: open_ad", "id: open_link"))
    replayed = pilot.preview.replayed
    assert (replayed.stopped_at, replayed.applied, replayed.total) == ("ad", 1, 3)
    assert _place(pilot) == ("ad", {"ad_text": ""})         # played up to there: the flag before the choice
    assert pilot.drawn("watch.banner") == ["Reloaded; the story changed at step ad: played up to there"]
    assert "choice:open_link" in pilot.widget_ids()
    assert pilot.click("watch:restart")
    pilot.step()
    assert _place(pilot) == ("ad", {})
    assert pilot.scene.session.seed == 7
    assert pilot.drawn("watch.banner") == ["Restarted from the top"]


def test_watch_broken_save_lists_its_problems_over_the_old_story_until_a_fix(home, story):
    pilot = WatchPilot(home, story)
    _play_to_the_fee(pilot)
    good = story.read_text(encoding="utf-8")
    old = pilot.scene.session
    pilot.save(story, good.replace("to: end_lost", "to: end_lots"))
    assert isinstance(pilot.scene, ProblemsScene) and not pilot.scene.opaque
    assert pilot.app.scenes[-2].session is old                 # the last good version stays, under the panel
    rows = [w for w in pilot.scene.widgets() if w.id.startswith("watch:problem:")]
    assert rows and all(w.id == f"watch:problem:{i}" for i, w in enumerate(rows))
    line = next(n for n, text in enumerate(good.splitlines(), 1) if "to: end_lost" in text)
    assert any(f"tiny_loan.yaml:{line}:" in w.text and "end_lots" in w.text for w in rows)
    assert {"watch:restart", "watch:dismiss"} <= set(pilot.widget_ids())
    assert pilot.drawn("watch.problem") == [w.text for w in rows]
    assert pilot.drawn("watch.status") == ["Watching tiny_loan.yaml · problems found at 12:34:56: 2"]
    pilot.save(story, good.replace("steps:\n", "steps:\n  \tbad: [\n"))         # worse: a YAML error
    assert isinstance(pilot.scene, ProblemsScene) and len(pilot.app.scenes) == 2    # one panel, replaced
    pilot.save(story, good)
    assert isinstance(pilot.scene, WatchPlayScene) and pilot.preview.problems == []
    assert not any(isinstance(scene, ProblemsScene) for scene in pilot.app.scenes)
    assert _place(pilot) == ("fee", {"ad_text": "", "fee_demand": ""})


def test_watch_keeps_playing_the_old_version_when_the_panel_is_put_aside(home, story):
    pilot = WatchPilot(home, story)
    pilot.wait_for_choices()
    pilot.save(story, "id: [")
    assert pilot.click("watch:dismiss")
    pilot.step()
    assert isinstance(pilot.scene, WatchPlayScene)
    assert pilot.click("choice:use_bank")
    pilot.advance(3.0)
    assert isinstance(pilot.scene, DebriefScene)             # the story plays on to its end
    assert pilot.click("debrief:same_seed")
    pilot.step()
    assert isinstance(pilot.scene, WatchPlayScene) and "watch:restart" in pilot.widget_ids()
    assert pilot.app.running


def test_watch_file_missing_at_start_opens_on_the_panel_then_plays_once_saved(home, tmp_path):
    path = tmp_path / "tiny_loan.yaml"
    pilot = WatchPilot(home, path, lang="zh")
    assert isinstance(pilot.scene, ProblemsScene) and pilot.scene.opaque
    assert len(pilot.app.scenes) == 1 and pilot.app.running
    assert [w.data["code"] for w in pilot.scene.widgets() if w.kind == "problem"] == ["RF001"]
    assert "watch:restart" not in pilot.widget_ids()           # nothing to restart yet
    assert pilot.drawn("watch.status")[0].startswith("正在监视 tiny_loan.yaml")
    pilot.save(path, TINY.read_text(encoding="utf-8"))
    assert isinstance(pilot.scene, WatchPlayScene)
    assert pilot.scene.session.step_id == "ad"
    assert pilot.drawn("watch.banner") == ["已载入：故事从头开始"]


def test_moves_come_back_in_the_order_played_with_a_flag_before_a_choice_of_the_same_moment():
    save = {"choices": [{"step_id": "ad", "choice_id": "open_ad", "at": 5.0},
                        {"step_id": "fee", "choice_id": "timeout", "at": 90.0}],
            "flag_log": [{"at": 5.0, "message_id": "ad_text", "flag": ""},
                         {"at": 2.0, "message_id": "ad_hours", "flag": "too_easy_credit"},
                         {"at": 40.0, "message_id": "ad_hours", "flag": None}]}
    assert [(m.kind, m.target) for m in moves_of(save)] == [
        ("flag", "ad_hours"), ("flag", "ad_text"), ("choose", "open_ad"), ("unflag", "ad_hours"),
        ("timeout", "timeout")]


def test_file_watch_takes_a_settled_change_once_whether_written_in_place_or_renamed(tmp_path):
    path = tmp_path / "story.yaml"
    path.write_text("one", encoding="utf-8")
    watch = FileWatch(path, tmp_path / "red_flags.yaml")
    assert not watch.check()
    path.write_text("two!", encoding="utf-8")
    assert not watch.check()                 # changed: taken once it looks the same on the next look
    path.write_text("three", encoding="utf-8")
    assert not watch.check()                 # still being written: a burst is one reload
    assert watch.check()
    assert not watch.check()
    spare = tmp_path / "story.yaml~"
    spare.write_text("three", encoding="utf-8")
    os.replace(spare, path)                  # saved by rename: a new file under the same name
    assert not watch.check() and watch.check()
    path.unlink()
    assert not watch.check() and watch.check()      # gone for good (not just mid-rename): reload shows why
    (tmp_path / "red_flags.yaml").write_text("format: 1\n", encoding="utf-8")
    assert not watch.check() and watch.check()      # the catalogue beside it counts too
    assert not watch.poll(0.1)               # polls look only every POLL_SECONDS
