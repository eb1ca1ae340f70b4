"""The live preview: `main.py --watch FILE` plays one scenario file and reloads it on every save.

On a save that loads, the story is played again up to where the player was (`replay`: the same
seed, language and region, the same choices and flags) and a banner says whether it got all the
way or where the story now differs. A save with problems leaves the last good version on screen
under a panel listing them; the first save that loads again clears it. Nothing a file holds
closes the window, not even a file that is broken or missing at the start (the panel then stands
alone until it loads).

Saves are noticed by polling the file's `stat()` from the frame loop (`FileWatch`), not by a
watcher thread: no thread and no extra dependency, time stays the frame loop's, and editors that
save by writing a new file and renaming it over the old one are seen the same way as ones that
write in place (the path is looked at, whatever file it names now). A change is taken once the
file has looked the same for two polls in a row, so a burst of writes is one reload.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.locale import language_codes, words
from game.progress import Progress
from game.scenario import (CATALOG_NAME, Catalog, Problem, RedFlagError, Scenario, ScenarioError, check_scenario_file,
                           errors_in)

from .app import App, Context, Scene, clamp_size, init_pygame
from .run import WindowOptions, open_app

if TYPE_CHECKING:                       # the engine loads with the preview, not with the window's package
    from game.engine import Session

    from .replay import Replayed

POLL_SECONDS = 0.25         # how often the file is looked at

Signature = tuple[tuple[int, int, int] | None, ...]    # per file (modified ns, size, inode); None: no file


def signature(paths: tuple[Path, ...]) -> Signature:
    found: list[tuple[int, int, int] | None] = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            found.append(None)
        else:
            found.append((stat.st_mtime_ns, stat.st_size, stat.st_ino))
    return tuple(found)


class FileWatch:
    """Notices that files were saved (the scenario, and a red_flags.yaml beside it): `poll(dt)`
    is True once per settled change."""

    def __init__(self, *paths: Path, interval: float = POLL_SECONDS) -> None:
        self.paths = paths
        self.interval = interval
        self.seen = signature(paths)           # what the last reload read
        self._pending: Signature = self.seen
        self._since = 0.0

    def poll(self, dt: float) -> bool:
        self._since += dt
        if self._since < self.interval:
            return False
        self._since = 0.0
        return self.check()

    def check(self) -> bool:
        """Look at the file now: True when it changed and has looked the same since the last look."""
        now = signature(self.paths)
        settled = now == self._pending
        self._pending = now
        if now != self.seen and settled:
            self.seen = now
            return True
        return False

    def taken(self) -> None:
        """The file was just read (a reload asked for by hand): what is there now is seen."""
        self.seen = self._pending = signature(self.paths)


class PreviewProgress(Progress):
    """The player's settings for the preview; a preview keeps no autosave and no scores."""

    def save(self) -> None:
        pass


class WatchApp(App):
    """The window of the preview: the scenes draw above a status strip, and a play screen
    started from anywhere (the debrief's "again") is the preview's, with its Restart button."""

    preview: "Preview"

    def strip_height(self) -> int:
        from .scenes.watch import status_height

        return status_height(self.assets, self.theme)

    @property
    def size(self) -> tuple[int, int]:
        width, height = self.surface.get_size()
        return width, max(1, height - self.strip_height())

    def resize(self, size: tuple[int, int]) -> None:
        width, height = clamp_size(size)
        if (width, height) != self.surface.get_size() and not self.fullscreen:
            self.surface = pygame.display.set_mode((width, height), pygame.RESIZABLE)
        self.relayout_all()

    def push(self, scene: Scene) -> None:
        super().push(self._adapt(scene))

    def replace(self, scene: Scene) -> None:
        super().replace(self._adapt(scene))

    def reset(self, scene: Scene) -> None:
        super().reset(self._adapt(scene))

    def _adapt(self, scene: Scene) -> Scene:
        from .scenes.play import PlayScene
        from .scenes.watch import WatchPlayScene

        if type(scene) is PlayScene:
            return WatchPlayScene(self, scene.scenario, seed=scene.session.seed, session=scene.session,
                                  started_at=scene.started_at, on_restart=self.preview.restart)
        return scene

    def draw(self) -> None:
        if not self.scenes:
            return
        width, height = self.size
        stage = self.surface.subsurface(pygame.Rect(0, 0, width, height))
        start = max((i for i, s in enumerate(self.scenes) if s.opaque), default=0)
        for scene in self.scenes[start:]:
            scene.draw(stage)
        for overlay in self.overlays:
            overlay(stage)
        self.preview.draw_status(self.surface, pygame.Rect(0, height, width, self.surface.get_height() - height))
        pygame.display.flip()


def _now() -> str:
    return time.strftime("%H:%M:%S")


class Preview:
    """One scenario file on screen: the last version that loaded, the problems of the last save,
    and what the last reload did."""

    def __init__(self, app: WatchApp, path: Path, load_catalog: Callable[[], Catalog],
                 describe: Callable[[Problem, str], str], *, seed: int, clock: Callable[[], str] = _now) -> None:
        self.app = app
        self.path = path
        self.load_catalog = load_catalog          # the catalogue the file is checked against, read at each reload
        self.describe = describe                  # a problem in the player's language
        self.seed = seed
        self.clock = clock
        self.file = FileWatch(path, path.parent / CATALOG_NAME)
        self.scenario: Scenario | None = None     # the last version that loaded
        self.problems: list[Problem] = []         # what is wrong with the last save ([] when it loaded)
        self.replayed: "Replayed | None" = None     # what the last reload's replay did
        self.news: tuple[str, dict[str, object]] | None = None   # the banner: a locale key and its values
        self.loaded_at = ""
        self.opened = False                       # the file has been read since the window opened

    @property
    def ctx(self) -> Context:
        return self.app.ctx

    # -- loading ----------------------------------------------------------------------------
    def read(self) -> tuple[Catalog | None, Scenario | None, list[Problem]]:
        """The catalogue and the scenario as the files are now; their problems."""
        try:
            catalog = self.load_catalog()
        except ScenarioError as exc:
            return None, None, list(exc.problems)
        except RedFlagError as exc:
            return None, None, [Problem(str(self.path), 0, 0, "RF001", str(exc))]
        scenario, problems = check_scenario_file(self.path, catalog)
        return catalog, scenario, problems

    def update(self, dt: float) -> None:
        """Called every frame: reload when the file has been saved."""
        if self.file.poll(dt):
            self.reload()

    def reload(self) -> None:
        """Read the file now. A version that loads replaces the story, played again up to where
        the player was; one that does not shows its problems over the last good version."""
        self.file.taken()
        opening, self.opened = not self.opened, True           # the window's first look at the file: no news
        catalog, scenario, problems = self.read()
        self.loaded_at = self.clock()
        if catalog is None or scenario is None:
            self.problems = errors_in(problems) + [p for p in problems if not p.is_error]
            self._show_problems()
            return
        self.problems = []
        old = self.session()
        self.ctx.catalog = catalog
        self._use(scenario)
        if old is None:
            self.replayed, self.news = None, (None if opening else ("watch.loaded", {}))
            self._show(self.new_session(self.seed))
            return
        from .replay import moves_of, replay

        save = old.to_json()
        fresh = self.new_session(int(save["seed"]), lang=str(save["lang"]), region=str(save["region"]),
                                 feedback=str(save["feedback"]))
        self.replayed = replay(fresh, moves_of(save), float(save["clock"]))
        if self.replayed.is_complete and not self.replayed.total:
            self.news = ("watch.reloaded", {})
        elif self.replayed.is_complete:
            self.news = ("watch.replayed", {"count": self.replayed.total})
        else:
            self.news = ("watch.changed", {"step": self.replayed.stopped_at})
        self._show(self.replayed.session)

    def restart(self) -> None:
        """The last good version from the top, with the same people."""
        if self.scenario is None:
            return
        current = self.session()
        self.replayed, self.news = None, ("watch.restarted", {})
        self._show(self.new_session(current.seed if current is not None else self.seed))

    def _use(self, scenario: Scenario) -> None:
        self.scenario = scenario
        scenarios = self.ctx.scenarios
        if isinstance(scenarios, dict):
            scenarios.clear()
            scenarios[scenario.id] = scenario

    def session(self) -> "Session | None":
        """The session on screen (the play screen's or the debrief's), the topmost if several."""
        from game.engine import Session

        for scene in reversed(self.app.scenes):
            session = getattr(scene, "session", None)
            if isinstance(session, Session):
                return session
        return None

    def new_session(self, seed: int, *, lang: str | None = None, region: str | None = None,
                    feedback: str | None = None) -> "Session":
        from game.engine import Session

        assert self.scenario is not None
        scenario, ctx = self.scenario, self.ctx
        return Session(scenario, ctx.catalog, seed=seed, lang=lang if lang in language_codes() else ctx.lang,
                       personas=self.app.personas, languages=language_codes(),
                       region=region if region in scenario.regions else ctx.region_for(scenario), words=words,
                       feedback=feedback or ctx.progress.settings.get("feedback", "delayed"))

    # -- showing ----------------------------------------------------------------------------
    def _show(self, session: "Session") -> None:
        from .scenes.debrief import DebriefScene
        from .scenes.watch import WatchPlayScene

        assert self.scenario is not None
        if session.ended:
            self.app.reset(DebriefScene(self.app, self.scenario, session))
        else:
            self.app.reset(WatchPlayScene(self.app, self.scenario, seed=session.seed, session=session,
                                          on_restart=self.restart))

    def _show_problems(self) -> None:
        from .scenes.watch import ProblemsScene

        panel = ProblemsScene(self.app, self)
        if self.scenario is None:
            self.app.reset(panel)
        elif self.app.scenes and isinstance(self.app.top, ProblemsScene):
            self.app.replace(panel)
        else:
            self.app.push(panel)

    def shortened(self, problem: Problem) -> Problem:
        """The problem with the watched file named by its name alone (the window is narrow)."""
        return replace(problem, path=self.path.name) if problem.path == str(self.path) else problem

    def status(self) -> str:
        values = {"file": self.path.name, "time": self.loaded_at}
        if self.problems:
            return self.ctx.t("watch.status_problems", count=len(self.problems), **values)
        return self.ctx.t("watch.status", **values)

    def banner(self) -> str:
        if self.news is None or self.problems:
            return ""
        key, values = self.news
        return self.ctx.t(key, **values)

    def draw_status(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        from .scenes.watch import draw_status

        draw_status(surface, rect, self.app.assets, self.app.theme, self.status(), self.banner(), bool(self.problems))


def open_preview(path: Path, load_catalog: Callable[[], Catalog], describe: Callable[[Problem, str], str],
                 progress: Progress, options: WindowOptions, *, clock: Callable[[], str] = _now) -> Preview:
    """The preview's window with the file loaded (or its problems shown), before its first frame.
    `clock` gives the wall-clock time a reload is shown with ("HH:MM:SS")."""
    init_pygame()
    ctx = Context(catalog=_no_catalog(), scenarios={}, invalid={}, progress=PreviewProgress(progress.home,
                  settings=dict(progress.settings)), lang=options.lang, region=options.region, speed=options.speed)
    app = open_app(WatchApp, ctx, options)
    pygame.display.set_caption(f"{path.name} · Red Flag")
    from game.engine import FakerPersonas

    app.personas = FakerPersonas()
    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(1, 1_000_000)
    preview = app.preview = Preview(app, path, load_catalog, describe, seed=seed, clock=clock)
    preview.reload()
    return preview


def _no_catalog() -> Catalog:
    """A stand-in until the first catalogue loads (nothing is played before that)."""
    return Catalog.model_construct(format=1, red_flags={}, data_items={}, secrets=(), regions={}, facts={})


def run_watch(path: Path, load_catalog: Callable[[], Catalog], describe: Callable[[Problem, str], str],
              progress: Progress, options: WindowOptions) -> int:
    """Run the preview until the window is closed."""
    preview = open_preview(path, load_catalog, describe, progress, options)
    app = preview.app
    clock = pygame.time.Clock()
    while app.running:
        dt = min(clock.tick(60) / 1000.0, 0.25)
        app.step(dt)
        preview.update(dt)
        if options.exit_after_first_frame:
            break
    if options.screenshot is not None:
        app.screenshot(options.screenshot)
    if app.running:
        app.quit()
    pygame.quit()
    return 0
