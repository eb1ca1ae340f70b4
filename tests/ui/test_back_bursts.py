"""Bursts of "back" in one frame never empty the window's scene stack (a blank window that
ignores every key was the result: issue 13)."""

from __future__ import annotations

import pygame
import pytest

from game.ui.scenes.title import TitleScene

from .pilot import Pilot


def _burst(pilot: Pilot, count: int) -> None:
    for _ in range(count):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
    pilot.step(2)


@pytest.mark.parametrize("opener", ["title:settings", "title:progress", "title:player", "title:start", "title:practice"])
@pytest.mark.parametrize("count", [2, 5])
def test_a_burst_of_back_on_every_screen_comes_back_to_the_title(tmp_path, opener, count):
    pilot = Pilot(tmp_path, nickname="Keen Owl")
    pilot.step(3)
    assert pilot.click(opener)
    pilot.step(3)
    assert not isinstance(pilot.scene, TitleScene) and len(pilot.app.scenes) >= 2
    _burst(pilot, count)
    assert pilot.app.scenes and isinstance(pilot.scene, TitleScene)
    assert pilot.app.running
    assert pilot.click("title:settings")             # and it still answers
    pilot.step(2)
    assert not isinstance(pilot.scene, TitleScene)


def test_a_burst_of_back_on_the_title_keeps_it(tmp_path):
    pilot = Pilot(tmp_path, nickname="Keen Owl")
    pilot.step(3)
    _burst(pilot, 3)
    assert len(pilot.app.scenes) == 1 and isinstance(pilot.scene, TitleScene)
