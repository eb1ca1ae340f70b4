"""Building and running the window (the composition root calls `run_window`).

Nothing the title screen does not need runs before the first frame: the engine, the play screen
and personas load, the audio device opens and the scenarios the title does not show are checked
in the frames after it (`warm_up`, one piece a frame), or at once when something needs them.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.progress import Progress
from game.scenario import Catalog, Problem, RedFlagError, Scenario

from .app import DEFAULT_SIZE, App, Context, Scene, init_pygame
from .library import Library

if TYPE_CHECKING:
    from game.classlink import ClassLink
    from game.records import Recorder


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
    before_after: bool = False          # this class takes the before check first and the after check at the end


def open_window(catalog: Catalog, scenarios: Mapping[str, Scenario], invalid: Mapping[str, list[Problem]],
                progress: Progress, options: WindowOptions, *, recorder: "Recorder | None" = None,
                link: "ClassLink | None" = None) -> App:
    """Open the window with the title screen on it, drawn at once: nothing slow runs before the
    first frame (no black window while personas and the first session load).

    `recorder` keeps finished sessions (the composition root has chosen its player); without one
    results are not kept. The window's played/best come from it. `link`: the class joined with
    `--join`, whose scenarios the window plays (and sends to the class) before anything else."""
    init_pygame()
    if recorder is not None and recorder.player is not None:
        progress.scores = recorder.scores()
    ctx = Context(catalog=catalog, scenarios=scenarios, invalid=invalid, progress=progress, lang=options.lang,
                  region=options.region, speed=options.speed, autoplay=options.autoplay, recorder=recorder,
                  link=link, before_after=options.before_after)
    app = open_app(App, ctx, options, advice="; play in the terminal with --text")
    from .scenes.title import TitleScene

    app.push(TitleScene(app))
    return app


def open_app(kind: type[App], ctx: Context, options: WindowOptions, advice: str = "") -> App:
    """An `App` (or a subclass) in a real window, or WindowUnavailable saying why not (+ `advice`)."""
    try:
        app = kind(ctx, size=options.size, fullscreen=options.fullscreen)
    except pygame.error as exc:
        raise WindowUnavailable(f"cannot open a window ({exc}){advice}") from None
    if pygame.display.get_driver() in ("offscreen", "dummy") and not os.environ.get("SDL_VIDEODRIVER"):
        pygame.quit()
        raise WindowUnavailable(f"cannot open a window (no display was found){advice}")
    return app


def load_play(app: App, options: WindowOptions) -> None:
    """The slow part: personas, and the scenario asked for (or the demo's) on top of the title."""
    from game.engine import FakerPersonas

    app.personas = app.ctx.personas = FakerPersonas()
    from .scenes.play import PlayScene

    if app.ctx.link is not None:
        from .scenes.play import class_scene

        app.push(class_scene(app, app.ctx.link.position))
        return
    scenarios = app.ctx.scenarios
    scenario_id = options.scenario or (sorted(scenarios)[0] if options.autoplay and scenarios else None)
    if scenario_id is not None:
        if scenario_id not in scenarios:
            raise KeyError(scenario_id)
        seed = options.seed if options.seed is not None else random.SystemRandom().randrange(1, 1_000_000)
        app.push(PlayScene(app, scenarios[scenario_id], seed=seed))


def build_app(catalog: Catalog, scenarios: Mapping[str, Scenario], invalid: Mapping[str, list[Problem]],
              progress: Progress, options: WindowOptions, *, recorder: "Recorder | None" = None,
              link: "ClassLink | None" = None) -> App:
    """The window, ready to step: the title frame drawn, then the scenario (if any) pushed."""
    app = open_window(catalog, scenarios, invalid, progress, options, recorder=recorder, link=link)
    app.step(0.0)
    load_play(app, options)
    return app


class WindowUnavailable(RedFlagError):
    """No window can be opened here (no display, no video driver)."""


def settle_memory() -> None:
    """Move everything loaded so far (scenarios, fonts, Faker) out of the garbage collector's
    way: a full collection then scans only what frames create, so no frame stalls on it. The
    collector runs again from here on (main.py turns it off for start-up)."""
    import gc

    gc.collect()
    gc.freeze()
    gc.enable()


WARM_UP_BUDGET = 0.008                  # seconds of a frame spent checking scenario files after the first


def warm_up(app: App, options: WindowOptions, library: Library) -> Iterator[None]:
    """What the title screen does not need, a piece per frame after the first: the play screen
    and personas, the audio device, the scenario files not checked yet (as many as fit in
    `WARM_UP_BUDGET`, at least one); then memory settles."""
    if app.personas is None:
        load_play(app, options)
        yield
    if app.assets.sound_on:
        app.assets.start_sound()
        yield
    start = time.perf_counter()
    while library.load_next():
        if time.perf_counter() - start >= WARM_UP_BUDGET:
            yield
            start = time.perf_counter()
    settle_memory()


def run_window(catalog: Catalog, library: Library, progress: Progress, options: WindowOptions, *,
               recorder: "Recorder | None" = None, link: "ClassLink | None" = None) -> int:
    app = open_window(catalog, library.scenarios, library.invalid, progress, options, recorder=recorder, link=link)
    app.ctx.packs = library.packs
    app.ctx.settled = lambda: library.complete     # the title asks the coach only once every file is checked
    demo = None
    if options.autoplay:
        from .autoplay import start_demo

        demo = start_demo(app, options.path)
    clock = pygame.time.Clock()         # paces frames from here: the first one counts as one
    app.step(0.0)                       # the first frame, before anything slow
    if options.scenario is not None or options.autoplay or link is not None:
        load_play(app, options)         # a scenario was asked for: it comes before anything else
        clock.tick()                    # and its first frame does not count the loading as play time
    later = warm_up(app, options, library)
    ended_for = 0.0
    first = True
    debrief: type[Scene] | None = None
    if options.quit_at_end:
        from .scenes.debrief import DebriefScene

        debrief = DebriefScene

    while app.running:
        dt = min(clock.tick(60) / 1000.0, 0.25)
        if demo is not None:
            demo.step(dt)
        else:
            app.step(dt)
        if first and options.exit_after_first_frame:
            break
        first = False
        next(later, None)
        if debrief is not None and app.scenes and isinstance(app.top, debrief):
            ended_for += dt
            if ended_for > 2.0:
                break
    if options.screenshot is not None:
        app.screenshot(options.screenshot)
    if app.running:
        app.quit()
    pygame.quit()
    return 0
