"""The keyboard: every screen opens with a useful control focused, arrows move in two dimensions,
Tab visits the play screen's messages, flag tray and replies before the top bar, and choosing
with a number key never leaves nothing focused."""

from __future__ import annotations

import pygame
import pytest

from game.ui.app import nearest
from game.ui.input import Intent, translate
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.dialogs import PauseScene
from game.ui.scenes.flagmenu import FlagMenuScene
from game.ui.scenes.picker import PickerScene
from game.ui.scenes.play import PlayScene
from game.ui.scenes.settings import SettingsScene
from game.ui.scenes.title import TitleScene
from game.ui.widgets import Widget
from tests.ui.pilot import Pilot

TOP_BAR = ("lang", "settings")


@pytest.fixture
def home(tmp_path):
    return tmp_path


def _focused(pilot: Pilot) -> Widget | None:
    scene = pilot.scene
    return scene.widget(scene.focus_id) if scene.focus_id else None


def _assert_useful_focus(pilot: Pilot, prefix: str) -> None:
    widget = _focused(pilot)
    assert widget is not None, (type(pilot.scene).__name__, pilot.widget_ids())
    assert widget.id.startswith(prefix), (type(pilot.scene).__name__, widget.id)
    assert widget.focusable and widget.enabled and widget.id not in TOP_BAR


# -- the geometry of arrow keys ---------------------------------------------------------------

def _grid() -> list[Widget]:
    """Three cards a row, two rows; the second row has two cards."""
    cells = [(0, 0), (1, 0), (2, 0), (0, 1), (1, 1)]
    return [Widget(f"c{x}{y}", pygame.Rect(20 + x * 220, 100 + y * 170, 200, 150)) for x, y in cells]


def test_nearest_moves_within_a_row_and_between_rows():
    cells = {w.id: w for w in _grid()}

    def move(cell: str, direction: str) -> str | None:
        found = nearest(cells[cell].rect, [w for w in cells.values() if w.id != cell], direction)
        return found.id if found else None

    assert move("c00", "right") == "c10" and move("c10", "left") == "c00"
    assert move("c10", "down") == "c11" and move("c11", "up") == "c10"
    assert move("c20", "down") == "c11"                  # the nearest one below
    assert move("c20", "right") is None                  # the edge: stay put
    assert move("c00", "up") is None


def test_number_pad_digits_choose_like_the_number_row():
    events = [pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)
              for key in (pygame.K_KP_3, pygame.K_3)]
    assert translate(events) == [Intent("choose", 3), Intent("choose", 3)]


# -- entering screens --------------------------------------------------------------------------

def test_entering_each_screen_focuses_a_useful_control(home):
    pilot = Pilot(home, seed=3)
    assert isinstance(pilot.scene, TitleScene)
    _assert_useful_focus(pilot, "title:")
    assert pilot.click("title:start")
    pilot.step()
    assert isinstance(pilot.scene, PickerScene)
    _assert_useful_focus(pilot, "card:")
    pilot.press(pygame.K_RETURN)                           # plays the focused card
    pilot.step()
    assert isinstance(pilot.scene, PlayScene)
    assert pilot.wait_for_choices()
    pilot.step()
    _assert_useful_focus(pilot, "msg:")
    pilot.press(pygame.K_f)
    assert isinstance(pilot.scene, FlagMenuScene)
    _assert_useful_focus(pilot, "flag_option:")
    pilot.press(pygame.K_ESCAPE)
    pilot.press(pygame.K_ESCAPE)
    assert isinstance(pilot.scene, PauseScene)
    _assert_useful_focus(pilot, "pause:")
    assert pilot.click("pause:settings")
    pilot.step()
    assert isinstance(pilot.scene, SettingsScene)
    _assert_useful_focus(pilot, "setting:")


def test_the_debrief_opens_with_a_useful_control_focused(home):
    pilot = Pilot(home, scenario="first_steps", seed=2)
    assert pilot.wait_for_choices()
    pilot.press(pygame.K_3)                                # leave the link alone: the story ends
    pilot.advance(2.0)
    assert isinstance(pilot.scene, DebriefScene)
    _assert_useful_focus(pilot, "debrief:")


# -- the picker grid ----------------------------------------------------------------------------

def _cards(pilot: Pilot) -> list[Widget]:
    return [w for w in pilot.scene.widgets() if w.kind == "card"]


def test_arrow_keys_move_in_two_dimensions_on_the_picker(home):
    pilot = Pilot(home)
    assert pilot.click("title:start")
    pilot.step()
    start = _focused(pilot)
    assert start is not None and start.kind == "card"
    pilot.press(pygame.K_RIGHT)
    right = _focused(pilot)
    assert right.id != start.id
    assert right.rect.top == start.rect.top and right.rect.left > start.rect.left      # same row, to the right
    pilot.press(pygame.K_LEFT)
    assert _focused(pilot).id == start.id
    pilot.press(pygame.K_RIGHT)
    pilot.press(pygame.K_DOWN)
    below = _focused(pilot)
    next_row = min(w.rect.top for w in _cards(pilot) if w.rect.top > right.rect.top)
    assert below.rect.top == next_row                                                  # the next row down
    assert below.rect.left < right.rect.right and below.rect.right > right.rect.left   # under it
    pilot.press(pygame.K_UP)
    assert _focused(pilot).rect.top == right.rect.top
    # Tab still walks every card in reading order before the top bar.
    order = [w.id for w in pilot.scene.tab_order()]
    assert order[-2:] == ["lang", "settings"]


# -- the play screen ----------------------------------------------------------------------------

def _play_with_a_flag(home) -> Pilot:
    pilot = Pilot(home, scenario="first_steps", seed=4)
    assert pilot.wait_for_choices()
    assert pilot.click("msg:subsidy_link")
    assert pilot.click("flag_option:unknown_link_qr_apk")
    pilot.step()
    return pilot


def test_tab_visits_messages_then_the_flag_tray_then_replies_before_the_top_bar(home):
    pilot = _play_with_a_flag(home)
    cycle = []
    for _ in range(60):
        pilot.press(pygame.K_TAB)
        if pilot.scene.focus_id in cycle:
            break
        cycle.append(pilot.scene.focus_id)
    assert set(cycle) == {w.id for w in pilot.scene.focusables()}          # Tab reaches every control
    start = cycle.index("settings") + 1                                    # read the cycle from the top
    kinds = [i.split(":")[0] for i in cycle[start:] + cycle[:start]]
    kinds = [k for i, k in enumerate(kinds) if i == 0 or kinds[i - 1] != k]  # one entry per run
    assert [k for k in kinds if k in ("msg", "tray", "choice", "lang", "settings")] == \
        ["msg", "tray", "choice", "lang", "settings"], kinds


def test_after_choosing_with_a_number_the_focus_is_never_none(home):
    pilot = _play_with_a_flag(home)
    step = pilot.view.step_id
    pilot.press(pygame.K_1)
    assert pilot.view.step_id != step
    for _ in range(3 * 60):                     # while the next step's messages arrive
        assert _focused(pilot) is not None, pilot.widget_ids()
        pilot.step()
    assert pilot.wait_for_choices()
    pilot.step()
    assert pilot.scene.focus_id == "msg:page_form"           # the newest message of the new step
    # a focus the player chose stays where they put it as messages come and go
    pilot.press(pygame.K_TAB)
    chosen = pilot.scene.focus_id
    pilot.advance(1.0)
    assert pilot.scene.focus_id == chosen
