"""The window, driven headless through real pygame events."""

from __future__ import annotations

import json
import random
import shutil

import pygame
import pytest

from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.timeup import TimeUpScene
from game.ui.scenes.transfer import TransferConfirmScene as ConfirmScene
from game.ui.scenes.flagmenu import FlagMenuScene
from game.ui.scenes.picker import PickerScene
from game.ui.scenes.play import PlayScene
from game.ui.scenes.title import TitleScene
from tests.conftest import SCENARIOS
from tests.ui.pilot import Pilot


@pytest.fixture
def home(tmp_path):
    return tmp_path


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_title_to_picker_shows_every_scenario_without_revealing_its_kind(home, scenarios):
    pilot = Pilot(home)
    assert isinstance(pilot.scene, TitleScene)
    assert pilot.click("title:start")
    pilot.step()
    assert isinstance(pilot.scene, PickerScene)
    cards = [w for w in pilot.scene.widgets() if w.id.startswith("card:")]
    region = pilot.app.ctx.region                         # the picker shows the player's region's scenarios
    assert {w.id.split(":", 1)[1] for w in cards} == {k for k, s in scenarios.items() if region in s.regions}
    shown = " ".join(w.text for w in pilot.scene.widgets()).lower()
    assert "legit" not in shown and "scam" not in shown


def test_play_flag_and_choose_by_mouse(home):
    pilot = Pilot(home, scenario="loan_fee_trap", seed=3)
    assert isinstance(pilot.scene, PlayScene)
    assert pilot.wait_for_choices()
    messages = [w for w in pilot.scene.widgets() if w.id.startswith("msg:")]
    assert messages, pilot.widget_ids()
    target = messages[-1].id
    assert pilot.click(target)
    assert isinstance(pilot.scene, FlagMenuScene)
    options = [i for i in pilot.widget_ids() if i.startswith("flag_option:") and i not in
               ("flag_option:cancel", "flag_option:suspicious")]
    assert len(options) == 4
    assert pilot.click(options[0])
    message_id = target.split(":", 1)[1]
    assert pilot.view.messages[[m.id for m in pilot.view.messages].index(message_id)].flag == options[0].split(":")[1]
    assert f"tray:{message_id}" in pilot.widget_ids()
    step = pilot.view.step_id
    choice = next(i for i in pilot.widget_ids() if i.startswith("choice:"))
    assert pilot.click(choice)
    pilot.step()
    assert pilot.view.step_id != step or pilot.view.ended


def test_keyboard_only_play(home):
    pilot = Pilot(home, scenario="loan_fee_trap", seed=4)
    pilot.wait_for_choices()
    # Tab until a message has focus, then F opens the flag picker, Enter picks the first option.
    for _ in range(30):
        pilot.press(pygame.K_TAB)
        if (pilot.scene.focus_id or "").startswith("msg:"):
            break
    focused = pilot.scene.focus_id
    assert focused and focused.startswith("msg:")
    pilot.press(pygame.K_f)
    assert isinstance(pilot.scene, FlagMenuScene)
    assert pilot.scene.focus_id is not None          # focus is always visible in a dialog
    pilot.press(pygame.K_RETURN)
    assert isinstance(pilot.scene, PlayScene)
    flagged = [m for m in pilot.view.messages if m.flag is not None]
    assert [m.id for m in flagged] == [focused.split(":", 1)[1]]
    step = pilot.view.step_id
    pilot.press(pygame.K_1)
    if isinstance(pilot.scene, ConfirmScene):
        pilot.press(pygame.K_RETURN)
    assert pilot.view.step_id != step or pilot.view.ended
    pilot.press(pygame.K_ESCAPE)
    assert pilot.scene.modal                           # the pause menu
    pilot.press(pygame.K_ESCAPE)
    assert isinstance(pilot.scene, PlayScene)


def _play_to_the_end(pilot: Pilot, rng: random.Random, limit: int = 400) -> None:
    for _ in range(limit):
        scene = pilot.scene
        if isinstance(scene, DebriefScene):
            return
        if isinstance(scene, ConfirmScene):
            assert pilot.click("dialog:yes")
            continue
        if isinstance(scene, TimeUpScene):
            assert pilot.click("timeup:continue")
            continue
        if isinstance(scene, FlagMenuScene):
            assert pilot.click(rng.choice([i for i in pilot.widget_ids() if i.startswith("flag_option:")]))
            continue
        pilot.wait_for_choices()
        ids = pilot.widget_ids()
        messages = [i for i in ids if i.startswith("msg:")]
        if messages and rng.random() < 0.3:
            pilot.click(rng.choice(messages))
            continue
        choices = [i for i in ids if i.startswith("choice:")]
        if choices:
            assert pilot.click(rng.choice(choices))
        else:
            pilot.advance(1.0)
    raise AssertionError("no debrief reached")


def test_every_scenario_plays_to_a_debrief_through_the_window(home, scenarios):
    rng = random.Random(5)
    for scenario_id in sorted(scenarios):
        pilot = Pilot(home, scenario=scenario_id, seed=7, speed=40)
        _play_to_the_end(pilot, rng)
        pilot.advance(0.1)
        scene = pilot.scene
        assert isinstance(scene, DebriefScene), scenario_id
        assert {"debrief:new_people", "debrief:same_seed", "debrief:picker"} <= set(pilot.widget_ids())
        assert pilot.progress.scores[scenario_id]["played"] >= 1
        assert pilot.progress.autosave is None


def test_replay_same_seed_gives_the_same_people(home):
    pilot = Pilot(home, scenario="pig_butchering", seed=11, speed=40)
    pilot.wait_for_choices()
    first = [m.text for m in pilot.view.messages]
    _play_to_the_end(pilot, random.Random(1))
    pilot.advance(0.1)
    assert pilot.click("debrief:same_seed")
    pilot.step()
    pilot.wait_for_choices()
    assert [m.text for m in pilot.view.messages] == first


@pytest.mark.parametrize("size", [(1024, 640), (1600, 900), (1280, 800)])
def test_layout_fits_the_window(home, size):
    pilot = Pilot(home, scenario="loan_fee_trap", seed=2)
    pilot.resize(*size)
    pilot.wait_for_choices()
    pilot.step(2)
    width, height = pilot.app.size
    assert (width, height) == size
    for widget in pilot.scene.widgets():
        assert 0 <= widget.rect.left and widget.rect.right <= width, widget.id
        assert 0 <= widget.rect.top and widget.rect.bottom <= height, widget.id
    assert any(i.startswith("choice:") for i in pilot.widget_ids())


def test_switching_language_mid_scenario(home):
    pilot = Pilot(home, scenario="loan_fee_trap", seed=3, lang="en")
    pilot.wait_for_choices()
    before = [m.text for m in pilot.view.messages if m.flaggable]
    assert not any(_cjk(t) for t in before)
    assert pilot.click("lang")
    pilot.step()
    assert pilot.view.lang == "zh"
    after = [m.text for m in pilot.view.messages if m.flaggable]
    assert len(after) == len(before) and all(_cjk(t) for t in after)
    assert all(_cjk(w.text) for w in pilot.scene.widgets() if w.id.startswith("choice:"))


def test_closing_mid_scenario_saves_and_the_next_start_offers_to_resume(home):
    pilot = Pilot(home, scenario="pig_butchering", seed=21)
    pilot.wait_for_choices()
    message = next(i for i in pilot.widget_ids() if i.startswith("msg:"))
    pilot.click(message)
    pilot.click("flag_option:suspicious")
    shown = [m.text for m in pilot.view.messages]
    pilot.close()
    assert not pilot.app.running
    again = Pilot(home)
    assert "title:resume" in again.widget_ids()
    assert again.click("title:resume")
    again.step()
    assert isinstance(again.scene, PlayScene)
    assert [m.text for m in again.view.messages][: len(shown)] == shown
    assert [m.id for m in again.view.messages if m.flag is not None] == [message.split(":", 1)[1]]


def test_invalid_scenarios_are_greyed_out_with_their_errors(home, tmp_path):
    folder = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, folder)
    (folder / "broken.yaml").write_text("format: 1\nid: broken\nkind: scam\n", encoding="utf-8")
    pilot = Pilot(home, scenarios_dir=folder)
    pilot.click("title:start")
    pilot.step()
    card = pilot.query("invalid:broken")
    assert card is not None and not card.enabled
    assert card.data["problems"][0].message


def test_immediate_feedback_shows_a_note(home):
    from game.progress import Progress

    progress = Progress.load(home)
    progress.settings["feedback"] = "immediate"      # the mode is fixed when a scenario starts
    progress.save()
    pilot = Pilot(home, scenario="loan_fee_trap", seed=3)
    assert pilot.scene.session.feedback_mode == "immediate"
    pilot.wait_for_choices()
    message = next(i for i in pilot.widget_ids() if i.startswith("msg:"))
    pilot.click(message)
    pilot.click("flag_option:suspicious")
    toast = pilot.scene.toast
    assert toast is not None and toast[0] in ("good", "false_alarm") and toast[1]


def test_settings_change_text_size_and_contrast(home):
    pilot = Pilot(home)
    assert pilot.click("settings")
    pilot.step()
    before = pilot.query("setting:text_size").rect.height
    pilot.click("setting:text_size")
    pilot.click("setting:text_size")
    pilot.click("setting:high_contrast")
    assert pilot.progress.settings["text_size"] == 1.4 and pilot.progress.settings["high_contrast"]
    assert pilot.query("setting:text_size").rect.height > before
    assert pilot.app.theme.palette.background == (0, 0, 0)


def test_a_modal_dialog_stops_input_reaching_the_scene_below(home):
    pilot = Pilot(home, scenario="loan_fee_trap", seed=3)
    pilot.wait_for_choices()
    choice = pilot.query(next(i for i in pilot.widget_ids() if i.startswith("choice:")))
    step = pilot.view.step_id
    pilot.click(next(i for i in pilot.widget_ids() if i.startswith("msg:")))
    assert isinstance(pilot.scene, FlagMenuScene)
    # A tap where the choice button is (outside the dialog) must not reach the play screen.
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=choice.rect.center, button=1))
    pilot.step()
    assert isinstance(pilot.scene, FlagMenuScene)
    assert pilot.app.scenes[-2].session.step_id == step
    # and the game clock does not run while the dialog is open
    clock = pilot.app.scenes[-2].session.clock
    pilot.advance(2.0)
    assert pilot.app.scenes[-2].session.clock == clock


def test_every_choice_fits_the_smallest_window_with_the_largest_text(home, scenarios):
    pilot = Pilot(home, scenario="police_warning_96110", seed=3, size=(1024, 640), speed=40)
    pilot.progress.settings["text_size"] = 1.4
    pilot.app.apply_settings()
    rng = random.Random(2)
    for _ in range(30):
        if not isinstance(pilot.scene, PlayScene) or pilot.view.ended:
            break
        pilot.wait_for_choices()
        shown = [i for i in pilot.widget_ids() if i.startswith("choice:")]
        assert len(shown) == len(pilot.view.choices), (pilot.view.step_id, shown)
        for widget in pilot.scene.widgets():
            assert widget.rect.bottom <= 640 and widget.rect.right <= 1024, widget.id
        if not shown:
            break
        pilot.click(rng.choice(shown))
        if isinstance(pilot.scene, ConfirmScene):
            pilot.click("dialog:yes")


def test_the_flag_picker_fits_the_smallest_window_with_the_largest_text(home):
    pilot = Pilot(home, scenario="loan_fee_trap", seed=3, size=(1024, 640))
    pilot.progress.settings["text_size"] = 1.4
    pilot.app.apply_settings()
    pilot.wait_for_choices()
    message = next(i for i in pilot.widget_ids() if i.startswith("msg:"))
    pilot.click(message)
    pilot.click("flag_option:suspicious")        # flagged: the picker now also offers "remove"
    pilot.click(message)
    assert isinstance(pilot.scene, FlagMenuScene) and "flag_option:remove" in pilot.widget_ids()
    for widget in pilot.scene.widgets():
        assert 0 <= widget.rect.top and widget.rect.bottom <= 640, widget.id


def test_each_step_reached_is_saved_so_a_killed_window_resumes_there(home):
    """No quit is needed: the autosave is written as each step is reached, so a window killed
    without warning (SIGKILL, a power cut) resumes at the step it had reached."""
    pilot = Pilot(home, scenario="loan_fee_trap", seed=5)
    pilot.wait_for_choices()
    first = pilot.view.step_id
    choice = next(c for c in pilot.view.choices if c.available)
    pilot.click(f"choice:{choice.id}")
    pilot.step()
    pilot.wait_for_choices()
    reached, shown = pilot.view.step_id, [m.text for m in pilot.view.messages]
    assert reached != first
    saved = json.loads((home / "autosave.json").read_text(encoding="utf-8"))   # on disk, before any quit
    entry = next(iter(saved.values())) if "scenario_id" not in saved else saved
    assert entry["scenario_id"] == "loan_fee_trap" and entry["session"]["node"] == reached
    again = Pilot(home)                 # the first window was never closed: as after a kill
    assert again.click("title:resume")
    again.step()
    assert isinstance(again.scene, PlayScene) and again.view.step_id == reached
    again.wait_for_choices()            # saved as the step began: its messages arrive again as they did
    assert [m.text for m in again.view.messages] == shown
