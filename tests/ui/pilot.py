"""A headless pilot for the window: posts real pygame events at widget positions, steps frames
with a fixed clock and lets tests read what is shown. No sleeps: time moves only when stepped.

Like the command line, it keeps results: a `Recorder` on a records file in the test's folder,
playing as `nickname` (None: no recorder, results not kept)."""

from __future__ import annotations

import os
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import pygame  # noqa: E402

from game.progress import Progress  # noqa: E402
from game.records import FILE_NAME, Recorder  # noqa: E402
from game.scenario import load_catalog, load_folder  # noqa: E402
from game.ui.run import WindowOptions, build_app  # noqa: E402
from tests.conftest import SCENARIOS  # noqa: E402

FRAME = 1 / 60


class Pilot:
    def __init__(self, home: Path, *, lang: str = "en", size=(1280, 800), scenarios_dir: Path = SCENARIOS,
                 scenario: str | None = None, seed: int | None = None, speed: float = 1.0,
                 region: str = "CN", nickname: str | None = "Tester", records: Path | None = None) -> None:
        catalog = load_catalog(SCENARIOS / "red_flags.yaml")
        valid, invalid = load_folder(scenarios_dir, catalog)
        self.progress = Progress.load(home)
        self.recorder = None
        if nickname is not None:            # as game/cli.py does before it opens the window
            self.recorder = Recorder(records or home / FILE_NAME, background_sync=False)
            player = self.recorder.use(self.progress.settings.get("player") or nickname)
            self.progress.settings["player"] = player.nickname
            self.progress.player_id = player.id
        options = WindowOptions(scenario=scenario, seed=seed, lang=lang, size=size, speed=speed, region=region)
        self.app = build_app(catalog, valid, invalid, self.progress, options, recorder=self.recorder)
        self.step()

    # -- time ---------------------------------------------------------------------------------
    def step(self, frames: int = 1) -> None:
        for _ in range(frames):
            self.app.step(FRAME)

    def advance(self, seconds: float) -> None:
        self.step(max(1, round(seconds / FRAME)))

    # -- reading ------------------------------------------------------------------------------
    @property
    def scene(self):
        return self.app.top

    def widget_ids(self) -> list[str]:
        return [w.id for w in self.scene.widgets()]

    def query(self, widget_id: str):
        return next((w for w in self.scene.widgets() if w.id == widget_id), None)

    @property
    def view(self):
        return getattr(self.scene, "session", None) and self.scene.session.view()

    # -- acting -------------------------------------------------------------------------------
    def click(self, widget_id: str) -> bool:
        """Tap the centre of a widget. True only if the tap landed on that widget."""
        widget = self.query(widget_id)
        if widget is None:
            return False
        pos = widget.rect.center
        hit = next((w for w in reversed(self.scene.widgets()) if w.rect.collidepoint(pos)), None)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
        self.step()
        return hit is not None and hit.id == widget_id

    def press(self, key: int, mod: int = 0) -> None:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))
        self.step()

    def type(self, text: str) -> None:
        """Type `text` as SDL delivers it: one TEXTINPUT per character (an input method may send more)."""
        for char in text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
        self.step()

    def resize(self, width: int, height: int) -> None:
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=width, h=height, size=(width, height)))
        self.step()

    def close(self) -> None:
        pygame.event.post(pygame.event.Event(pygame.QUIT))
        self.step()

    def screenshot(self, path: Path) -> None:
        self.app.screenshot(path)

    def wait_for_choices(self, limit: float = 600.0) -> bool:
        """Advance until the play scene offers choices or the story ends."""
        waited = 0.0
        while waited < limit:
            view = self.view
            if view is None or view.ended or view.choices:
                self.advance(0.4)       # replies take input a moment after they appear (CHOICE_GUARD)
                return True
            self.advance(0.5)
            waited += 0.5
        return False
