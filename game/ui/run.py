"""Building and running the window (the composition root calls `run_window`)."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from pathlib import Path

import pygame

from game.engine import FakerPersonas
from game.progress import Progress
from game.scenario import Catalog, Problem, RedFlagError, Scenario

from .app import DEFAULT_SIZE, App, Context, init_pygame
from .autoplay import start_demo


@dataclass
class WindowOptions:
    scenario: str | None = None
    seed: int | None = None
    lang: str = "en"
    region: str = "CN"
    size: tuple[int, int] = DEFAULT_SIZE
    fullscreen: bool = False
    autoplay: bool = False
    speed: float = 1.0
    path: str = "scam"                  # demo mode: which way the story goes (scam | safe)
    screenshot: Path | None = None
    quit_at_end: bool = False
    exit_after_first_frame: bool = False


def open_window(catalog: Catalog, scenarios: dict[str, Scenario], invalid: dict[str, list[Problem]],
                progress: Progress, options: WindowOptions) -> App:
    """Open the window with the title screen on it, drawn at once: nothing slow runs before the
    first frame (no black window while personas and the first session load)."""
    init_pygame()
    ctx = Context(catalog=catalog, scenarios=scenarios, invalid=invalid, progress=progress, lang=options.lang,
                  region=options.region, speed=options.speed, autoplay=options.autoplay)
    try:
        app = App(ctx, size=options.size, fullscreen=options.fullscreen)
    except pygame.error as exc:
        raise WindowUnavailable(f"cannot open a window ({exc}); play in the terminal with --text") from None
    if pygame.display.get_driver() in ("offscreen", "dummy") and not os.environ.get("SDL_VIDEODRIVER"):
        pygame.quit()
        raise WindowUnavailable("cannot open a window (no display was found); play in the terminal with --text")
    from .scenes.title import TitleScene

    app.push(TitleScene(app))
    return app


def load_play(app: App, options: WindowOptions) -> None:
    """The slow part: personas, and the scenario asked for (or the demo's) on top of the title."""
    app.personas = FakerPersonas()
    from .scenes.play import PlayScene

    scenarios = app.ctx.scenarios
    scenario_id = options.scenario or (sorted(scenarios)[0] if options.autoplay and scenarios else None)
    if scenario_id is not None:
        if scenario_id not in scenarios:
            raise KeyError(scenario_id)
        seed = options.seed if options.seed is not None else random.SystemRandom().randrange(1, 1_000_000)
        app.push(PlayScene(app, scenarios[scenario_id], seed=seed))


def build_app(catalog: Catalog, scenarios: dict[str, Scenario], invalid: dict[str, list[Problem]],
              progress: Progress, options: WindowOptions) -> App:
    """The window, ready to step: the title frame drawn, then the scenario (if any) pushed."""
    app = open_window(catalog, scenarios, invalid, progress, options)
    app.step(0.0)
    load_play(app, options)
    return app


class WindowUnavailable(RedFlagError):
    """No window can be opened here (no display, no video driver)."""


def settle_memory() -> None:
    """Move everything loaded so far (scenarios, fonts, Faker) out of the garbage collector's
    way: a full collection then scans only what frames create, so no frame stalls on it."""
    import gc

    gc.collect()
    gc.freeze()


def run_window(catalog: Catalog, scenarios: dict[str, Scenario], invalid: dict[str, list[Problem]],
               progress: Progress, options: WindowOptions) -> int:
    app = open_window(catalog, scenarios, invalid, progress, options)
    demo = start_demo(app, options.path) if options.autoplay else None
    app.step(0.0)                       # the first frame, before anything slow
    load_play(app, options)
    settle_memory()
    ended_for = 0.0
    clock = pygame.time.Clock()
    first = True
    from .scenes.debrief import DebriefScene

    while app.running:
        dt = min(clock.tick(60) / 1000.0, 0.25)
        if demo is not None:
            demo.step(dt)
        else:
            app.step(dt)
        if first and options.exit_after_first_frame:
            break
        first = False
        if options.quit_at_end and app.scenes and isinstance(app.top, DebriefScene):
            ended_for += dt
            if ended_for > 2.0:
                break
    if options.screenshot is not None:
        app.screenshot(options.screenshot)
    if app.running:
        app.quit()
    pygame.quit()
    return 0
