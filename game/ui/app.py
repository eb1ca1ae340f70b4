"""The window: a stack of scenes, driven one frame at a time.

`App.step(dt)` pumps input, dispatches it from the top scene down (stopping at a modal or
opaque scene, or when a scene consumes it), updates, then draws from the highest opaque scene upward.
Navigation (`push`, `pop`, `replace`) is requested and applied between frames.
The window's size is kept between `MIN_SIZE` and what the display can show (`clamp_size`):
a resize to 20,000 × 20,000 made every frame lay out and fill 400 million pixels.
Focus: a control is always focused (`Scene.ensure_focus`, the scene's `default_focus` first); Tab
follows `Widget.order` (top-bar controls last), and the arrow keys move to the nearest control in
that direction on screen (`nearest`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from game.locale import Language, Translator, available_languages
from game.progress import Progress
from game.scenario import Catalog, Problem, Scenario

from .assets import Assets
from .input import Hover, Input, Intent, Quit, Resize, Tap, translate
from .theme import Theme, make_theme
from .widgets import Widget, draw_focus

if TYPE_CHECKING:                             # the title screen's first frame imports no engine
    from game.classlink import ClassLink
    from game.records import Recorder

DEFAULT_SIZE = (1280, 800)
MIN_SIZE = (1024, 640)
FALLBACK_DISPLAY = (3840, 2160)     # the largest window where no real display says (dummy, offscreen drivers)
VIRTUAL_DRIVERS = ("dummy", "offscreen")


def display_bounds() -> tuple[int, int]:
    """The largest window the display can show: the widest and tallest of the desktops; where
    the video driver has no real display (its desktop size is made up), `FALLBACK_DISPLAY`."""
    try:
        virtual = pygame.display.get_driver() in VIRTUAL_DRIVERS
        sizes = [] if virtual else [(w, h) for w, h in pygame.display.get_desktop_sizes() if w > 0 and h > 0]
    except pygame.error:
        sizes = []
    if not sizes:
        return FALLBACK_DISPLAY
    return max(w for w, _ in sizes), max(h for _, h in sizes)


def clamp_size(size: tuple[int, int]) -> tuple[int, int]:
    """`size` within what the display can show, and at least `MIN_SIZE` (the screens are laid
    out for it: on a display smaller than that, `MIN_SIZE` wins and the system fits the window)."""
    limit = display_bounds()
    return (max(MIN_SIZE[0], min(int(size[0]), limit[0])), max(MIN_SIZE[1], min(int(size[1]), limit[1])))


@dataclass
class Context:
    """What every scene may use. Built once by the composition root."""

    catalog: Catalog
    scenarios: Mapping[str, Scenario]         # a dict, or a `Library`'s (files checked as consulted)
    invalid: Mapping[str, list[Problem]]
    progress: Progress
    lang: str = "en"
    region: str = "CN"                        # money, help lines, names; the picker shows its scenarios
    speed: float = 1.0                        # game seconds per real second
    autoplay: bool = False                    # the bot plays (demo mode): its attempts are kept as "demo"
    recorder: "Recorder | None" = None        # where finished sessions go; None: results are not kept
    link: "ClassLink | None" = None           # the class joined with --join: its playlist, and where states go
    packs: Mapping[str, Any] = field(default_factory=dict)   # scenario id → the pack (game.packs.Pack) it is from
    told: set[str] = field(default_factory=set)     # notices the player has dismissed ("moved_aside", …)
    listeners: list[Callable[[], None]] = field(default_factory=list)
    before_after: bool = False                # play --before-after: the before check first, the after check at the end
    personas: Any = None                      # the shared PersonaSource once loaded (drill items use it)
    settled: Callable[[], bool] = lambda: True    # every scenario file checked (the window's warm-up is done)
    _coach: Any = field(default=None, repr=False)
    _coach_key: tuple | None = field(default=None, repr=False)

    @property
    def tr(self) -> Translator:
        return Translator(self.lang)

    def t(self, key: str, **params: object) -> str:
        return Translator(self.lang).t(key, **params)

    @property
    def nickname(self) -> str | None:
        """Who is playing (None when results are not kept)."""
        player = self.recorder.player if self.recorder is not None else None
        return player.nickname if player is not None else None

    @property
    def coach(self):
        """The player's `game.practice.Coach` (drills, boosters, what to play next), built on first
        use and again when the language, region or player changes. It loads the engine: never
        ask for it before the title's first frame."""
        player = self.recorder.player if self.recorder is not None else None
        key = (self.lang, self.region, id(self.recorder), player.id if player is not None else None)
        if self._coach is None or key != self._coach_key:
            from game.locale import words
            from game.practice import Coach

            self._coach = Coach(self.playable(), self.catalog, recorder=self.recorder, region_for=self.region_for,
                                lang=self.lang, personas=self.personas, words=words,
                                class_code=self.recorder.class_code if self.recorder is not None else "")
            self._coach_key = key
        self._coach.personas = self.personas
        return self._coach

    def region_for(self, scenario: Scenario) -> str:
        """The region a scenario is played in: the player's, or the scenario's first if it does
        not play there (only a scenario asked for by name can be outside the player's region)."""
        return self.region if self.region in scenario.regions else scenario.regions[0]

    def playable(self) -> dict[str, Scenario]:
        """The scenarios that play in the player's region."""
        return {key: s for key, s in self.scenarios.items() if self.region in s.regions}

    def next_region(self) -> str:
        codes = sorted(self.catalog.regions) or [self.region]
        index = codes.index(self.region) if self.region in codes else -1
        return codes[(index + 1) % len(codes)]

    def next_language(self) -> Language:
        """The language the switch goes to: the next one with a file, after the last the first
        (with two languages, simply the other one)."""
        languages = available_languages()
        codes = [language.code for language in languages]
        index = codes.index(self.lang) if self.lang in codes else -1
        return languages[(index + 1) % len(languages)]


class Scene:
    """One screen. Subclasses override what they need."""

    modal = False
    opaque = True

    def __init__(self, app: "App") -> None:
        self.app = app
        self._widgets: list[Widget] = []
        self.focus_id: str | None = None
        self._placed: str | None = None       # the focus `ensure_focus` placed (it follows the default)
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
        if self.focus_id is not None and self.focus_id not in {w.id for w in self.focusables()}:
            self.focus_id = None              # `ensure_focus` places the default before the next frame

    def build(self, size: tuple[int, int]) -> list[Widget]:
        return []

    def widgets(self) -> list[Widget]:
        return self._widgets

    def widget(self, widget_id: str) -> Widget | None:
        return next((w for w in self.widgets() if w.id == widget_id), None)

    def focusables(self) -> list[Widget]:
        return [w for w in self.widgets() if w.focusable and w.enabled]

    # -- focus --------------------------------------------------------------------------------
    def tab_order(self) -> list[Widget]:
        """The focusable widgets in the order Tab visits them: by `Widget.order`, then as built."""
        return sorted(self.focusables(), key=lambda w: w.order)

    def default_focus(self) -> Widget | None:
        """The first useful control: what entering the screen focuses, and what takes the focus
        when the focused control goes away. The first in Tab order (so never a top-bar control
        while there is anything else); scenes override it (the play screen: the newest message)."""
        order = self.tab_order()
        return order[0] if order else None

    def ensure_focus(self) -> None:
        """Keep something focused. With no focus, or when the focused control has gone, focus the
        default; a focus placed here follows the default (a newer message) until the player or the
        scene moves it."""
        focused = self.focus_id is not None and any(w.id == self.focus_id for w in self.focusables())
        if focused and self.focus_id != self._placed:
            return
        target = self.default_focus()
        if target is None:
            if not focused:
                self.focus_id = None
            return
        self._placed = target.id
        if target.id != self.focus_id:
            self.focus_id = target.id
            self.on_focus(target)

    def set_focus(self, widget: Widget | None) -> None:
        """The player moved the focus (Tab, an arrow key, a click): it stays where they put it."""
        if widget is not None:
            self.focus_id, self._placed = widget.id, None
            self.on_focus(widget)

    def move_focus(self, direction: str) -> None:
        """next/prev: along the Tab order; an arrow: to the nearest control in that direction."""
        items = self.focusables()
        current = next((w for w in items if w.id == self.focus_id), None)
        if direction in ("next", "prev"):
            order = self.tab_order()
            ids = [w.id for w in order]
            step = 1 if direction == "next" else -1
            if current is not None:
                self.set_focus(order[(ids.index(current.id) + step) % len(order)])
            else:
                self.set_focus(self.default_focus() if step == 1 else order[-1])
            return
        if current is None:
            self.set_focus(self.default_focus())
            return
        self.set_focus(nearest(current.rect, [w for w in items if w is not current], direction))

    # -- input ----------------------------------------------------------------------------
    def handle(self, inp: Input) -> bool:
        if isinstance(inp, Tap):
            for widget in reversed(self.widgets()):
                if widget.rect.collidepoint(inp.pos) and widget.action is not None:
                    if widget.focusable:
                        self.focus_id, self._placed = widget.id, None
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
        if inp.name in ("next", "prev", "down", "up", "right", "left") and self.focusables():
            self.move_focus(inp.name)
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


def nearest(origin: pygame.Rect, widgets: list[Widget], direction: str) -> Widget | None:
    """The widget nearest to `origin` in `direction` (up, down, left or right), as the eye sees it:
    only widgets lying beyond origin's centre that way count; the gap along the direction is added
    to twice the gap across it, so a neighbour in the same row (or column) wins over a diagonal one."""
    best, best_score = None, None
    for widget in widgets:
        rect = widget.rect
        if direction in ("left", "right"):
            ahead = rect.left >= origin.centerx if direction == "right" else rect.right <= origin.centerx
            along = rect.left - origin.right if direction == "right" else origin.left - rect.right
            across = max(rect.top - origin.bottom, origin.top - rect.bottom, 0)
            offset = abs(rect.centery - origin.centery)
        else:
            ahead = rect.top >= origin.centery if direction == "down" else rect.bottom <= origin.centery
            along = rect.top - origin.bottom if direction == "down" else origin.top - rect.bottom
            across = max(rect.left - origin.right, origin.left - rect.right, 0)
            offset = abs(rect.centerx - origin.centerx)
        if not ahead:
            continue
        score = (max(along, 0) + 2 * across, offset)
        if best_score is None or score < best_score:
            best, best_score = widget, score
    return best


class App:
    def __init__(self, ctx: Context, *, size: tuple[int, int] = DEFAULT_SIZE, fullscreen: bool = False) -> None:
        self.ctx = ctx
        settings = ctx.progress.settings
        self.theme = make_theme(settings["high_contrast"], settings["text_size"])
        pygame.display.set_caption("Red Flag · 识破")
        self.fullscreen = fullscreen
        flags = pygame.RESIZABLE | (pygame.FULLSCREEN if fullscreen else 0)
        self.surface = pygame.display.set_mode(clamp_size(size), flags)
        self.assets = Assets(sound=settings["sound"])
        self.scenes: list[Scene] = []
        self._pending: list[tuple[str, Scene | None]] = []
        self.running = True
        self.frames = 0
        self.on_quit: list[Callable[[], None]] = []
        self.personas = None                  # a shared PersonaSource, set by the composition root
        self.overlays: list[Callable[[pygame.Surface], None]] = []   # drawn over every scene (the demo badge)

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
            if action == "pop" and len(self.scenes) <= 1:
                continue            # the first scene stays: two "back"s in one frame must not leave a blank window
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
        """Switch to the next language (with two: the other one); everything is laid out again."""
        self.ctx.lang = self.ctx.next_language().code
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
        size = (0, 0) if self.fullscreen else clamp_size(DEFAULT_SIZE)
        flags = pygame.FULLSCREEN if self.fullscreen else pygame.RESIZABLE
        self.surface = pygame.display.set_mode(size, flags)
        self.relayout_all()

    def relayout_all(self) -> None:
        for scene in self.scenes:
            scene.relayout()

    def resize(self, size: tuple[int, int]) -> None:
        """The window was resized (or asked to be): keep it within `clamp_size` and lay out again."""
        width, height = clamp_size(size)
        if (width, height) != self.surface.get_size() and not self.fullscreen:
            self.surface = pygame.display.set_mode((width, height), pygame.RESIZABLE)
        self.relayout_all()

    # -- the frame --------------------------------------------------------------------------
    def dispatch(self, inputs: list[Input]) -> None:
        last_resize = max((i for i, inp in enumerate(inputs) if isinstance(inp, Resize)), default=-1)
        for index, inp in enumerate(inputs):
            if isinstance(inp, Quit):
                self.quit()
                continue
            if isinstance(inp, Resize):
                if index == last_resize:        # a drag sends many: the window is laid out once, for the last
                    self.resize(inp.size)
                continue
            for scene in reversed(self.scenes):
                # A modal takes everything; an opaque scene hides those below it, and what is
                # hidden must not be tapped or typed to through the gaps between its widgets.
                if scene.handle(inp) or scene.modal or scene.opaque:
                    break

    def step(self, dt: float) -> None:
        self._apply_navigation()
        self.dispatch(translate(pygame.event.get()))
        self._apply_navigation()
        for scene in list(self.scenes):
            scene.update(dt)
        self._apply_navigation()
        if self.scenes:
            self.top.ensure_focus()              # a control is always focused, before it is drawn
        self.draw()
        self.frames += 1

    def draw(self) -> None:
        if not self.scenes:
            return
        start = max((i for i, s in enumerate(self.scenes) if s.opaque), default=0)
        for scene in self.scenes[start:]:
            scene.draw(self.surface)
        for overlay in self.overlays:
            overlay(self.surface)
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
    """The parts of pygame the window needs before its first frame: the display (with its events)
    and fonts. Not `pygame.init()`: that opens the audio device too (closing it again costs
    ~30 ms); `Assets.start_sound` opens it when sound is first wanted."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    pygame.display.init()
    pygame.font.init()
