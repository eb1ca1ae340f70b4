"""The window's size stays within what the display can show and at least `MIN_SIZE`: a resize
to 20,000 × 20,000 gave 6.6 s frames (issue 13). Sizes and layout work are read as data (the
surface's size, widgets, text-log entries), never timed."""

from __future__ import annotations

import pygame
import pytest

from game.ui import app as app_module
from game.ui.app import FALLBACK_DISPLAY, MIN_SIZE, clamp_size, display_bounds
from game.ui.fit import TextLog

from .pilot import Pilot

HUGE = (20_000, 20_000)


def _frame_work(pilot: Pilot) -> tuple[int, int]:
    """(widgets, texts drawn) of one frame."""
    log = pilot.app.assets.text_log = TextLog()
    pilot.step()
    pilot.app.assets.text_log = None
    return len(pilot.scene.widgets()), len(log.placed)


def test_the_dummy_display_falls_back_to_a_large_but_sane_bound():
    pygame.display.init()
    assert pygame.display.get_driver() == "dummy"
    assert display_bounds() == FALLBACK_DISPLAY
    assert clamp_size(HUGE) == FALLBACK_DISPLAY
    assert clamp_size((1, 1)) == MIN_SIZE
    assert clamp_size((-5, 700)) == (MIN_SIZE[0], 700)


@pytest.mark.parametrize("opener", [None, "title:start", "title:settings"])
def test_a_resize_to_20000_is_clamped_and_a_frame_does_bounded_work(tmp_path, opener):
    pilot = Pilot(tmp_path, nickname="Keen Owl")
    pilot.step(2)
    if opener is not None:
        assert pilot.click(opener)
        pilot.step(2)
    pilot.resize(*FALLBACK_DISPLAY)
    at_the_bound = _frame_work(pilot)
    pilot.resize(*HUGE)
    assert pilot.app.size == FALLBACK_DISPLAY
    assert pygame.display.get_surface().get_size() == FALLBACK_DISPLAY
    assert all(w.rect.right <= FALLBACK_DISPLAY[0] and w.rect.bottom <= FALLBACK_DISPLAY[1]
               for w in pilot.scene.widgets())
    assert _frame_work(pilot) == at_the_bound       # the same work as the largest allowed window
    pilot.resize(1, 1)
    assert pilot.app.size == MIN_SIZE


def test_a_window_opened_huge_is_clamped(tmp_path):
    pilot = Pilot(tmp_path, size=HUGE)
    assert pilot.app.size == FALLBACK_DISPLAY


def test_a_burst_of_resizes_in_one_frame_lays_out_once_for_the_last(tmp_path, monkeypatch):
    pilot = Pilot(tmp_path)
    pilot.step(2)
    layouts = []
    original = pilot.app.relayout_all
    monkeypatch.setattr(pilot.app, "relayout_all", lambda: (layouts.append(pilot.app.size), original())[1])
    for width in range(1100, 1100 + 50 * 40, 40):
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=width, h=HUGE[1], size=(width, HUGE[1])))
    pilot.step()
    assert layouts == [(1100 + 49 * 40, FALLBACK_DISPLAY[1])]


def test_a_real_display_bounds_the_window_by_its_largest_desktop(monkeypatch):
    monkeypatch.setattr(app_module.pygame.display, "get_driver", lambda: "x11")
    monkeypatch.setattr(app_module.pygame.display, "get_desktop_sizes", lambda: [(1920, 1080), (2560, 1440)])
    assert display_bounds() == (2560, 1440)
    assert clamp_size(HUGE) == (2560, 1440)
    assert clamp_size((1600, 900)) == (1600, 900)
    monkeypatch.setattr(app_module.pygame.display, "get_desktop_sizes", lambda: [(800, 600)])
    assert clamp_size(HUGE) == MIN_SIZE                # the layouts need MIN_SIZE: the system fits the window
    monkeypatch.setattr(app_module.pygame.display, "get_desktop_sizes", lambda: [])
    assert clamp_size(HUGE) == FALLBACK_DISPLAY
