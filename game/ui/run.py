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
from .autoplay import AutoPlayer


@dataclass
class WindowOptions:
    scenario: str | None = None
    seed: int | None = None
    lang: str = "en"
    size: tuple[int, int] = DEFAULT_SIZE
    fullscreen: bool = False
    autoplay: bool = False
    speed: float = 1.0
    screenshot: Path | None = None
    quit_at_end: bool = False
    exit_after_first_frame: bool = False


def build_app(catalog: Catalog, scenarios: dict[str, Scenario], invalid: dict[str, list[Problem]],
              progress: Progress, options: WindowOptions) -> App:
    init_pygame()
    ctx = Context(catalog=catalog, scenarios=scenarios, invalid=invalid, progress=progress, lang=options.lang,
                  speed=options.speed, autoplay=options.autoplay)
    try:
        app = App(ctx, size=options.size, fullscreen=options.fullscreen)
    except pygame.error as exc:
        raise WindowUnavailable(f"cannot open a window ({exc}); play in the terminal with --text") from None
    if pygame.display.get_driver() in ("offscreen", "dummy") and not os.environ.get("SDL_VIDEODRIVER"):
        pygame.quit()
        raise WindowUnavailable("cannot open a window (no display was found); play in the terminal with --text")
    app.personas = FakerPersonas()
    from .scenes.play import PlayScene
    from .scenes.title import TitleScene

    app.push(TitleScene(app))
    scenario_id = options.scenario or (sorted(scenarios)[0] if options.autoplay and scenarios else None)
    if scenario_id is not None:
        if scenario_id not in scenarios:
            raise KeyError(scenario_id)
        seed = options.seed if options.seed is not None else random.SystemRandom().randrange(1, 1_000_000)
        app.push(PlayScene(app, scenarios[scenario_id], seed=seed))
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
    app = build_app(catalog, scenarios, invalid, progress, options)
    settle_memory()
    autoplayer = AutoPlayer(app, random.Random(options.seed or 1), interval=1.4 / max(0.1, options.speed)) \
        if options.autoplay else None
    ended_for = 0.0
    clock = pygame.time.Clock()
    first = True
    from .scenes.debrief import DebriefScene

    while app.running:
        dt = min(clock.tick(60) / 1000.0, 0.25)
        if autoplayer is not None and app.scenes:
            autoplayer.update(dt)
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
