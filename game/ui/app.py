"""The window: a stack of scenes, driven one frame at a time.

`App.step(dt)` pumps input, dispatches it from the top scene down (stopping at a modal scene
or when a scene consumes it), updates, then draws from the highest opaque scene upward.
Navigation (`push`, `pop`, `replace`) is requested and applied between frames.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pygame

from game.locale import Translator
from game.progress import Progress
from game.scenario import Catalog, Problem, Scenario

from .assets import Assets
from .input import Hover, Input, Intent, Quit, Resize, Tap, translate
from .theme import Theme, make_theme
from .widgets import Widget, draw_focus

DEFAULT_SIZE = (1280, 800)
MIN_SIZE = (1024, 640)


@dataclass
class Context:
    """What every scene may use. Built once by the composition root."""

    catalog: Catalog
    scenarios: dict[str, Scenario]
    invalid: dict[str, list[Problem]]
    progress: Progress
    lang: str = "en"
    speed: float = 1.0                        # game seconds per real second
    autoplay: bool = False
    listeners: list[Callable[[], None]] = field(default_factory=list)

    @property
    def tr(self) -> Translator:
        return Translator(self.lang)

    def t(self, key: str, **params: object) -> str:
        return Translator(self.lang).t(key, **params)


class Scene:
    """One screen. Subclasses override what they need."""

    modal = False
    opaque = True

    def __init__(self, app: "App") -> None:
        self.app = app
        self._widgets: list[Widget] = []
        self.focus_id: str | None = None
        self.hover_id: str | None = None

    @property
    def ctx(self) -> Context:
        return self.app.ctx

    @property
    def theme(self) -> Theme:
        return self.app.theme

    @property
    def assets(self) -> Assets:
        return self.app.assets

    def t(self, key: str, **params: object) -> str:
        return self.ctx.t(key, **params)

    def on_enter(self) -> None:
        self.relayout()

    def on_exit(self) -> None:
        pass

    def relayout(self) -> None:
        """Rebuild widgets for the current window size, language and settings."""
        self._widgets = self.build(self.app.size)
        ids = [w.id for w in self._widgets if w.focusable]
        if self.focus_id is not None and self.focus_id not in ids:
            self.focus_id = None

    def build(self, size: tuple[int, int]) -> list[Widget]:
        return []

    def widgets(self) -> list[Widget]:
        return self._widgets

    def widget(self, widget_id: str) -> Widget | None:
        return next((w for w in self.widgets() if w.id == widget_id), None)

    def focusables(self) -> list[Widget]:
        return [w for w in self.widgets() if w.focusable and w.enabled]

    # -- input ----------------------------------------------------------------------------
    def handle(self, inp: Input) -> bool:
        if isinstance(inp, Tap):
            for widget in reversed(self.widgets()):
                if widget.rect.collidepoint(inp.pos) and widget.action is not None:
                    self.focus_id = widget.id if widget.focusable else self.focus_id
                    widget.activate()
                    return True
            return self.modal
        if isinstance(inp, Hover):
            hit = next((w for w in reversed(self.widgets()) if w.rect.collidepoint(inp.pos)), None)
            self.hover_id = hit.id if hit else None
            return False
        if isinstance(inp, Intent):
            return self.handle_intent(inp)
        return False

    def handle_intent(self, inp: Intent) -> bool:
        items = self.focusables()
        if inp.name in ("next", "prev", "down", "up", "right", "left") and items:
            ids = [w.id for w in items]
            step = 1 if inp.name in ("next", "down", "right") else -1
            if self.focus_id in ids:
                self.focus_id = ids[(ids.index(self.focus_id) + step) % len(ids)]
            else:
                self.focus_id = ids[0 if step == 1 else -1]
            self.on_focus(self.widget(self.focus_id))
            return True
        if inp.name == "activate" and self.focus_id:
            widget = self.widget(self.focus_id)
            return widget.activate() if widget else False
        if inp.name == "lang":
            self.app.toggle_lang()
            return True
        if inp.name == "fullscreen":
            self.app.toggle_fullscreen()
            return True
        return self.modal

    def on_focus(self, widget: Widget | None) -> None:
        """Called when keyboard focus moves (scenes scroll the focused item into view)."""

    # -- time and drawing -----------------------------------------------------------------
    def update(self, dt: float) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(self.theme.palette.background)

    def draw_focus_ring(self, surface: pygame.Surface) -> None:
        widget = self.widget(self.focus_id) if self.focus_id else None
        if widget is not None and widget.kind != "message":
            draw_focus(surface, self.theme, widget.rect)


class App:
    def __init__(self, ctx: Context, *, size: tuple[int, int] = DEFAULT_SIZE, fullscreen: bool = False) -> None:
        self.ctx = ctx
        settings = ctx.progress.settings
        self.theme = make_theme(settings["high_contrast"], settings["text_size"])
        pygame.display.set_caption("Red Flag · 识破")
        self.fullscreen = fullscreen
        flags = pygame.RESIZABLE | (pygame.FULLSCREEN if fullscreen else 0)
        self.surface = pygame.display.set_mode(size, flags)
        self.assets = Assets(sound=settings["sound"])
        self.scenes: list[Scene] = []
        self._pending: list[tuple[str, Scene | None]] = []
        self.running = True
        self.frames = 0
        self.on_quit: list[Callable[[], None]] = []
        self.personas = None                  # a shared PersonaSource, set by the composition root

    @property
    def size(self) -> tuple[int, int]:
        return self.surface.get_size()

    @property
    def top(self) -> Scene:
        return self.scenes[-1]

    # -- navigation -------------------------------------------------------------------------
    def push(self, scene: Scene) -> None:
        self._pending.append(("push", scene))

    def pop(self) -> None:
        self._pending.append(("pop", None))

    def replace(self, scene: Scene) -> None:
        self._pending.append(("replace", scene))

    def reset(self, scene: Scene) -> None:
        self._pending.append(("reset", scene))

    def _apply_navigation(self) -> None:
        while self._pending:
            action, scene = self._pending.pop(0)
            if action in ("pop", "replace") and self.scenes:
                self.scenes.pop().on_exit()
            if action == "reset":
                while self.scenes:
                    self.scenes.pop().on_exit()
            if scene is not None:
                self.scenes.append(scene)
                scene.on_enter()

    # -- settings ---------------------------------------------------------------------------
    def toggle_lang(self) -> None:
        self.ctx.lang = "zh" if self.ctx.lang == "en" else "en"
        self.ctx.progress.settings["lang"] = self.ctx.lang
        for listener in list(self.ctx.listeners):
            listener()
        self.relayout_all()

    def apply_settings(self) -> None:
        settings = self.ctx.progress.settings
        self.theme = make_theme(settings["high_contrast"], settings["text_size"])
        self.assets.sound_on = settings["sound"]
        self.relayout_all()

    def toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        size = (0, 0) if self.fullscreen else DEFAULT_SIZE
        flags = pygame.FULLSCREEN if self.fullscreen else pygame.RESIZABLE
        self.surface = pygame.display.set_mode(size, flags)
        self.relayout_all()

    def relayout_all(self) -> None:
        for scene in self.scenes:
            scene.relayout()

    def resize(self, size: tuple[int, int]) -> None:
        width, height = max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1])
        if (width, height) != self.size and not self.fullscreen:
            self.surface = pygame.display.set_mode((width, height), pygame.RESIZABLE)
        self.relayout_all()

    # -- the frame --------------------------------------------------------------------------
    def dispatch(self, inputs: list[Input]) -> None:
        for inp in inputs:
            if isinstance(inp, Quit):
                self.quit()
                continue
            if isinstance(inp, Resize):
                self.resize(inp.size)
                continue
            for scene in reversed(self.scenes):
                if scene.handle(inp) or scene.modal:
                    break

    def step(self, dt: float) -> None:
        self._apply_navigation()
        self.dispatch(translate(pygame.event.get()))
        self._apply_navigation()
        for scene in list(self.scenes):
            scene.update(dt)
        self._apply_navigation()
        self.draw()
        self.frames += 1

    def draw(self) -> None:
        if not self.scenes:
            return
        start = max((i for i, s in enumerate(self.scenes) if s.opaque), default=0)
        for scene in self.scenes[start:]:
            scene.draw(self.surface)
        pygame.display.flip()

    def quit(self) -> None:
        for callback in self.on_quit:
            callback()
        self.running = False

    def run(self, first_frame: Callable[[], None] | None = None) -> None:
        clock = pygame.time.Clock()
        first = True
        while self.running:
            dt = clock.tick(60) / 1000.0
            self.step(min(dt, 0.25))
            if first and first_frame is not None:
                first_frame()
                first = False

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.surface, str(path))


def init_pygame() -> None:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    pygame.init()
