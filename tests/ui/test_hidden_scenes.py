"""A screen that covers another takes every tap and key: a tap on a gap between its controls
never reaches the hidden screen's buttons below (it once pushed "My progress" again and again
from the debrief hidden under it, so Back seemed not to work)."""

from __future__ import annotations

import pygame

from tests.ui.pilot import Pilot


def _tap(pilot: Pilot, pos: tuple[int, int]) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    pilot.step()


def test_taps_on_gaps_of_a_covering_screen_stay_there(tmp_path):
    pilot = Pilot(tmp_path)
    title = pilot.scene
    assert pilot.click("title:progress")
    covering = pilot.scene
    assert covering is not title and covering.opaque
    depth = len(pilot.app.scenes)
    hidden = [w for w in title.widgets() if w.action is not None]
    covered = [w for w in hidden if not any(c.rect.collidepoint(w.rect.center) for c in covering.widgets())]
    assert covered, "no title control lies under a gap of the screen above it"
    for widget in covered:
        _tap(pilot, widget.rect.center)
        assert len(pilot.app.scenes) == depth and pilot.scene is covering, widget.id
    assert pilot.app.running

