"""A first-time player: "Start here" leads to the guided first scenario, which plays to its
debrief with the mouse and with the keyboard alone."""

from __future__ import annotations

import pygame
import pytest

from game.ui.fit import TextLog
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.flagmenu import FlagMenuScene
from game.ui.scenes.picker import START_HERE, PickerScene
from game.ui.scenes.play import PlayScene
from game.ui.scenes.title import TitleScene
from tests.ui.pilot import Pilot

SUSPICIOUS = "subsidy_link"          # the message the tutorial teaches the player to flag
ORDINARY = "water_notice"


@pytest.fixture
def home(tmp_path):
    return tmp_path


def _cards(pilot: Pilot):
    return [w for w in pilot.scene.widgets() if w.kind == "card"]


def _logged(pilot: Pilot, where: str) -> list[str]:
    pilot.app.assets.text_log = log = TextLog()
    pilot.step()
    pilot.app.assets.text_log = None
    return [p.text for p in log.placed if p.where == where]


def _result(pilot: Pilot):
    scene = pilot.scene
    assert isinstance(scene, DebriefScene)
    return getattr(scene, "result", None) or scene.session.result()


def test_a_fresh_player_is_offered_start_here_first(home):
    pilot = Pilot(home)
    assert isinstance(pilot.scene, TitleScene)
    assert pilot.scene.focus_id == "title:start_here"
    assert pilot.click("title:start")
    pilot.step()
    assert isinstance(pilot.scene, PickerScene)
    cards = _cards(pilot)
    first = min(cards, key=lambda w: (w.rect.top, w.rect.left))
    assert first.id == f"card:{START_HERE}" and first.data["start_here"]
    assert pilot.scene.focus_id == first.id                         # focused on entering the picker
    assert [w.id for w in pilot.scene.tab_order()][0] == first.id
    assert _logged(pilot, "picker:start_here") == ["Start here"]
    assert "New here? Try this first" in _logged(pilot, "picker:header")
    assert not any(w.data.get("start_here") for w in cards if w is not first)


def test_the_suggestion_goes_once_first_steps_was_played(home):
    pilot = Pilot(home)
    pilot.progress.record(START_HERE, 80)
    pilot.app.relayout_all()
    assert "title:start_here" not in pilot.widget_ids()
    assert pilot.click("title:start")
    pilot.step()
    assert not any(w.data.get("start_here") for w in _cards(pilot))
    assert _logged(pilot, "picker:start_here") == []
    assert f"card:{START_HERE}" in pilot.widget_ids()               # still there, with the others


def test_first_steps_asks_for_its_first_decision_within_ten_seconds(home):
    pilot = Pilot(home, scenario=START_HERE, seed=1)
    assert pilot.scene.session.seconds_until_choices() <= 10
    pilot.advance(10.5)
    view = pilot.view
    assert view.choices
    narration = " ".join(m.text for m in view.messages if not m.flaggable)
    for step in ("Tap or click the message that worries you", "choose what's wrong with it", "Now reply",
                 "At the end you'll see what you caught"):
        assert step in narration
    flaggable = [m.id for m in view.messages if m.flaggable]
    assert flaggable == [ORDINARY, SUSPICIOUS]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_tutorial_plays_to_its_debrief_with_the_mouse(home, lang):
    pilot = Pilot(home, seed=5, lang=lang)
    assert pilot.click("title:start_here")
    pilot.step()
    assert isinstance(pilot.scene, PlayScene) and pilot.scene.scenario.id == START_HERE
    assert pilot.wait_for_choices()
    assert pilot.click(f"msg:{SUSPICIOUS}")
    assert isinstance(pilot.scene, FlagMenuScene)
    assert pilot.click("flag_option:unknown_link_qr_apk")
    assert f"tray:{SUSPICIOUS}" in pilot.widget_ids()
    assert pilot.click("choice:ask_group")
    pilot.step()
    assert pilot.wait_for_choices()
    assert pilot.click("choice:thank_them")
    pilot.advance(2.0)
    result = _result(pilot)
    assert result.outcome == "safe" and result.hits == 1 and result.false_alarms == 0
    assert pilot.progress.scores[START_HERE]["played"] == 1
    # Back to the picker: the suggestion has done its job, and Escape leads back to the title.
    assert pilot.click("debrief:picker")
    pilot.step()
    assert isinstance(pilot.scene, PickerScene)
    assert not any(w.data.get("start_here") for w in _cards(pilot))
    pilot.press(pygame.K_ESCAPE)
    pilot.step()
    assert isinstance(pilot.scene, TitleScene) and "title:start_here" not in pilot.widget_ids()


def _press_until_focused(pilot: Pilot, widget_id: str, key=pygame.K_TAB, limit: int = 30) -> None:
    for _ in range(limit):
        if pilot.scene.focus_id == widget_id:
            return
        pilot.press(key)
    assert pilot.scene.focus_id == widget_id, (widget_id, pilot.widget_ids())


def test_the_tutorial_plays_to_its_debrief_with_the_keyboard_alone(home):
    pilot = Pilot(home, seed=6)
    assert pilot.scene.focus_id == "title:start_here"
    pilot.press(pygame.K_RETURN)
    pilot.step()
    assert isinstance(pilot.scene, PlayScene)
    assert pilot.wait_for_choices()
    pilot.step()
    # The newest message has the focus: F opens the flag picker on it.
    assert pilot.scene.focus_id == f"msg:{SUSPICIOUS}"
    pilot.press(pygame.K_f)
    assert isinstance(pilot.scene, FlagMenuScene)
    _press_until_focused(pilot, "flag_option:urgency_deadline", pygame.K_DOWN)
    pilot.press(pygame.K_RETURN)
    assert isinstance(pilot.scene, PlayScene)
    pilot.press(pygame.K_1)                                     # tap the link
    assert pilot.scene.focus_id is not None
    assert pilot.wait_for_choices()
    pilot.step()
    assert pilot.scene.focus_id == "msg:page_form"
    pilot.press(pygame.K_f)
    _press_until_focused(pilot, "flag_option:code_or_password_request", pygame.K_DOWN)
    pilot.press(pygame.K_RETURN)
    pilot.press(pygame.K_2)                                     # close the page and ask
    assert pilot.wait_for_choices()
    pilot.step()
    _press_until_focused(pilot, "choice:thank_them")
    pilot.press(pygame.K_RETURN)
    pilot.advance(2.0)
    result = _result(pilot)
    assert result.outcome == "safe" and result.hits == 2 and result.misses == 0
    # On the debrief, Enter still does something useful: its first button has the focus.
    assert pilot.scene.focus_id and pilot.scene.focus_id.startswith("debrief:")
