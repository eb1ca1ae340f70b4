"""A window monkey: seeded random real events — keys (Esc, Enter, Tab, arrows, digits, letters,
page keys, Ctrl+L, F11), clicks on widgets and at random points, the wheel, mouse motion,
resizes (20,000 × 20,000 included), typed text, window focus, time passing — and quit and
resume: the App is stopped and a new one started on the same data home, which must offer the
autosave and resume it where it was.

Asserted after every frame: no exception (the pilot re-raises), the scene stack is never empty;
at every restart the settings and autosave files are valid JSON and nothing was set aside as
corrupt. The figures (events, cycles, resumes, scenes visited) go to build/artifacts/monkey.json
under "default" or "slow". The default run posts 2,000 events; `-m slow` 20,000 with at least
200 quit-and-resume cycles.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

import pygame
import pytest

from game.ui.scenes.play import PlayScene
from tests.conftest import ROOT

from .pilot import Pilot

ARTIFACT = ROOT / "build" / "artifacts" / "monkey.json"
SPEED = 60.0                  # game seconds per real second: stories move on between the monkey's taps

KEYS = ([pygame.K_ESCAPE] * 3 + [pygame.K_RETURN] * 3 + [pygame.K_TAB] * 3 + [pygame.K_SPACE, pygame.K_KP_ENTER]
        + [pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT] * 2
        + [pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_HOME, pygame.K_END, pygame.K_BACKSPACE, pygame.K_DELETE]
        + list(range(pygame.K_0, pygame.K_9 + 1)) + list(range(pygame.K_KP_1, pygame.K_KP_9 + 1))
        + list(range(pygame.K_a, pygame.K_z + 1)) + [pygame.K_F11, pygame.K_F1])
MODS = [0] * 8 + [pygame.KMOD_LSHIFT, pygame.KMOD_LCTRL, pygame.KMOD_LALT]
TEXTS = ["a", "Keen Owl", "你好", "识破", "1234", "🙂", "\x1b[2J", "\u202eevil", "x" * 300, " ", "é", "\x00",
         "Ａｌｉｃｅ", "²①", "DROP TABLE"]
WINDOW_EVENTS = [pygame.WINDOWFOCUSLOST, pygame.WINDOWFOCUSGAINED, pygame.WINDOWMINIMIZED, pygame.WINDOWRESTORED,
                 pygame.WINDOWENTER, pygame.WINDOWLEAVE, pygame.WINDOWEXPOSED]
SIZES = [(1024, 640), (1280, 800), (1600, 900), (800, 500), (1, 1), (20_000, 20_000), (3000, 700), (1100, 2000)]


@dataclass
class Figures:
    seed: int
    events: int = 0
    frames: int = 0
    cycles: int = 0                   # quit and start a new App on the same home
    resumes: int = 0                  # …that resumed the autosave and found the same story where it was
    offered: int = 0                  # …that offered an autosave to resume
    scenes: set[str] = field(default_factory=set)
    deepest: int = 0
    seconds: float = 0.0
    failure: str = ""                 # what stopped the run, if something did

    def as_json(self) -> dict[str, object]:
        return {"seed": self.seed, "events": self.events, "frames": self.frames, "quit_and_resume_cycles": self.cycles,
                "autosaves_offered": self.offered, "autosaves_resumed": self.resumes,
                "scenes_visited": sorted(self.scenes), "deepest_stack": self.deepest,
                "seconds": round(self.seconds, 1), "failure": self.failure}


class Monkey:
    def __init__(self, home: Path, seed: int) -> None:
        self.home = home
        self.rng = random.Random(seed)
        self.figures = Figures(seed)
        self.at_quit: tuple[str, str, list[str]] | None = None
        self.pilot = self._open()

    def _open(self) -> Pilot:
        pilot = Pilot(self.home, nickname="Keen Owl", speed=SPEED)
        self.at_quit = None
        pilot.app.on_quit.insert(0, lambda: self._note_quit(pilot.app))
        return pilot

    def _note_quit(self, app) -> None:
        """The story under way when the App quits (before the play screens' autosaves run): a
        screen asked for in the same frame as the quit has not opened yet and saves nothing."""
        playing = next((s for s in reversed(app.scenes) if isinstance(s, PlayScene)), None)
        self.at_quit = None
        if playing is not None and not playing.session.ended and playing.class_position is None:
            view = playing.session.view()
            self.at_quit = (playing.scenario.id, view.step_id, [m.id for m in view.messages])

    # -- the events -----------------------------------------------------------------------
    def _post(self, event_type: int, **fields) -> None:
        pygame.event.post(pygame.event.Event(event_type, **fields))
        self.figures.events += 1

    def _point(self) -> tuple[int, int]:
        width, height = self.pilot.app.size
        return self.rng.randrange(width), self.rng.randrange(height)

    def _click(self, pos: tuple[int, int]) -> None:
        self._post(pygame.MOUSEBUTTONDOWN, pos=pos, button=1)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))

    def one_event(self) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.30:
            key = rng.choice(KEYS)
            char = chr(key) if pygame.K_a <= key <= pygame.K_z or pygame.K_0 <= key <= pygame.K_9 else ""
            self._post(pygame.KEYDOWN, key=key, mod=rng.choice(MODS), unicode=char, scancode=0)
        elif roll < 0.52:
            widgets = [w for w in self.pilot.scene.widgets() if w.rect.width and w.rect.height]
            if widgets:
                self._click(rng.choice(widgets).rect.center)
        elif roll < 0.60:
            self._click(self._point())
        elif roll < 0.64:
            self._post(pygame.MOUSEMOTION, pos=self._point(), rel=(0, 0), buttons=(0, 0, 0))
        elif roll < 0.70:
            pygame.mouse.set_pos(self._point())
            self._post(pygame.MOUSEWHEEL, x=0, y=rng.choice((-3, -1, -1, 1, 1, 3)), flipped=False)
        elif roll < 0.76:
            text = rng.choice(TEXTS) if rng.random() < 0.7 else "".join(
                chr(rng.randrange(32, 0x9FFF)) for _ in range(rng.randrange(1, 12)))
            self._post(pygame.TEXTINPUT, text=text)
        elif roll < 0.79:
            width, height = rng.choice(SIZES)
            self._post(pygame.VIDEORESIZE, w=width, h=height, size=(width, height))
        elif roll < 0.82:
            self._post(rng.choice(WINDOW_EVENTS))
        else:
            self.frame(rng.randrange(1, 16))             # time passes: messages arrive, timers run out

    # -- frames and checks ------------------------------------------------------------------
    def frame(self, count: int = 1) -> None:
        app = self.pilot.app
        for _ in range(count):
            self.pilot.step()
            self.figures.frames += 1
            assert app.scenes, "the scene stack is empty"
            self.figures.scenes.update(type(scene).__name__ for scene in app.scenes)
            self.figures.deepest = max(self.figures.deepest, len(app.scenes))
            if not app.running:                          # the monkey clicked Quit
                return

    def check_files(self) -> None:
        """The settings and the autosave are always loadable, and nothing was set aside."""
        for name in ("settings.json", "autosave.json"):
            path = self.home / name
            if path.exists():
                assert isinstance(json.loads(path.read_text(encoding="utf-8")), dict), name
        aside = [p.name for p in self.home.iterdir() if ".corrupt" in p.name or ".refused" in p.name]
        assert not aside, aside

    def quit_and_resume(self) -> None:
        """Close the window as the player would, start a new App on the same home; if a story was
        under way, the title offers it and resuming finds it where it was."""
        app = self.pilot.app
        quitting = (self.pilot.progress.player_id, [type(s).__name__ for s in app.scenes])
        if app.running:
            self._post(pygame.QUIT)
            self.pilot.step()
        assert not app.running
        expected = self.at_quit
        if self.pilot.recorder is not None:
            self.pilot.recorder.close()
        self.check_files()
        self.figures.cycles += 1
        self.pilot = self._open()
        self.pilot.step(2)
        self.check_files()                               # …and the new App read them as they were
        if expected is None:
            return
        assert "title:resume" in self.pilot.widget_ids(), (expected, self._where_is_the_autosave(quitting))
        self.figures.offered += 1
        if self.rng.random() < 0.75:
            assert self.pilot.click("title:resume")
            self.pilot.step()
            scene = self.pilot.scene
            assert isinstance(scene, PlayScene) and scene.scenario.id == expected[0]
            view = scene.session.view()
            assert view.step_id == expected[1]
            assert [m.id for m in view.messages][:len(expected[2])] == expected[2]
            self.figures.resumes += 1

    def _where_is_the_autosave(self, quitting: tuple[str, list[str]]) -> dict[str, object]:
        """What a failed resume needs to be understood: who quit from which stack, whose autosaves
        are on disk, who plays now."""
        path = self.home / "autosave.json"
        saves = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        return {"quit_by": quitting[0], "stack": quitting[1], "event": self.figures.events,
                "cycle": self.figures.cycles,
                "on_disk": {k: v.get("scenario_id") for k, v in saves.items()} if isinstance(saves, dict) else saves,
                "playing_now": self.pilot.progress.player_id, "files": sorted(p.name for p in self.home.iterdir())}

    def run(self, events: int, cycles: int) -> Figures:
        every = max(1, events // max(1, cycles))
        next_quit = every
        while self.figures.events < events:
            burst = 1 if self.rng.random() < 0.8 else self.rng.randrange(2, 6)   # several in one frame too
            for _ in range(burst):
                self.one_event()
            self.frame()
            if not self.pilot.app.running or self.figures.events >= next_quit:
                self.quit_and_resume()
                next_quit = self.figures.events + every
        self.quit_and_resume()
        return self.figures


def _run(name: str, home: Path, seed: int, events: int, cycles: int) -> Figures:
    """Run a monkey; its figures are kept under `name` whatever the verdict (a failure says what)."""
    start = time.perf_counter()
    monkey = Monkey(home, seed)
    try:
        return monkey.run(events, cycles)
    except BaseException as error:
        monkey.figures.failure = f"{type(error).__name__}: {str(error)[:1000]}"
        raise
    finally:
        monkey.figures.seconds = time.perf_counter() - start
        _keep(name, monkey.figures)


def _keep(name: str, figures: Figures) -> None:
    """build/artifacts/monkey.json: this run's figures under `name`, the other run's kept."""
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    try:
        kept = json.loads(ARTIFACT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = {}
    kept = kept if isinstance(kept, dict) else {}
    kept[name] = figures.as_json()
    ARTIFACT.write_text(json.dumps(kept, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def test_a_monkey_of_2000_events_with_quit_and_resume(tmp_path):
    figures = _run("default", tmp_path, seed=13, events=2_000, cycles=12)
    assert figures.events >= 2_000 and figures.cycles >= 12
    assert figures.resumes >= 1
    assert {"TitleScene", "PlayScene", "SettingsScene"} <= figures.scenes, figures.scenes


@pytest.mark.slow
def test_a_monkey_of_20000_events_with_200_quit_and_resume_cycles(tmp_path):
    figures = _run("slow", tmp_path, seed=2026, events=20_000, cycles=200)
    assert figures.events >= 20_000 and figures.cycles >= 200
    assert figures.resumes >= 10
    assert {"TitleScene", "PlayScene", "DebriefScene", "SettingsScene"} <= figures.scenes, figures.scenes
