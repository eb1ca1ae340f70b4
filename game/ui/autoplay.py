"""Demo mode for a classroom projector: the engine's bot, with its teaching policy, plays the
real window through its widgets (the same activations a click makes), paced for reading.

Each new message stays on screen long enough to read; then the flag picker opens on it, the
right red flag is focused for a moment and chosen; a choice is focused before it is taken; a
payment's confirmation is held (the class reads payee and amount) until Space, or for a while
when nobody is there. Space pauses and resumes (the game clock too). A "DEMO" badge with the
seed and the path is drawn over every screen. `--speed` scales every pause. Its attempts are
kept with mode "demo": reports, played/best and "My progress" leave them out.

The game clock is the play scene's: the demo sets `ctx.speed` to 0 while it holds something
on screen, and lets time run (briskly) while the story waits for the next message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pygame

from game.engine import Choose, Flag, TeachingPolicy

from .app import App, Scene
from .fit import draw_text

READ_FLOOR = 2.5            # seconds a message stays on screen at the least
CJK_PER_SECOND = 15         # reading speed of Chinese characters
WORDS_PER_SECOND = 3        # reading speed of words in English
PICKER_OPEN = 1.2           # the flag picker is open this long before the right flag is focused
FOCUS_HOLD = 1.5            # a focused flag or choice stays focused this long before it is taken
AFTER_FLAG = 1.0            # a pause after a flag, so the class sees it land
PAYMENT_HOLD = 10.0         # an unattended payment confirmation stays this long (Space goes on sooner)
WAIT_SPEEDUP = 3.0          # while the story waits for the next message, game time runs this much faster
CONFIRM_IDS = ("dialog:yes", "transfer:confirm")   # the "send the money" button of a confirmation
TIME_UP_ID = "timeup:continue"                      # "time's up" notice: read, then go on

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


def reading_time(text: str) -> float:
    """Seconds (at speed 1) to read `text`: Chinese characters at ~15/s, words at ~3/s, at least 2.5 s."""
    characters = len(_CJK.findall(text))
    words = len(_WORD.findall(_CJK.sub(" ", text)))
    return max(READ_FLOOR, characters / CJK_PER_SECOND + words / WORDS_PER_SECOND)


@dataclass
class Beat:
    """One thing the demo did, for the record (and tests): when, what, on which widget or message."""

    at: float
    what: str                   # read | open_picker | focus | activate | pause | resume
    target: str


@dataclass
class DemoPlayer:
    """Directs one demo run in the window. Call `step(dt)` instead of `app.step(dt)` each frame."""

    app: App
    policy: TeachingPolicy
    speed: float = 1.0
    paused: bool = False
    clock: float = 0.0                          # real seconds the demo has run, pauses excluded
    beats: list[Beat] = field(default_factory=list)
    _hold: float = 0.0                          # real seconds before the next action
    _holding: bool = False                      # something is held on screen: the game clock stops
    _read: set[str] = field(default_factory=set)
    _expect: tuple[str, str] | None = None      # what is under way: ("flag", message_id), ("choose", choice_id),
                                                # ("pay", choice_id), ("time_up", ""); "flag!"/"pay!": focused
    _payment_held: bool = False
    _seed: int | None = None
    _session: object = None                     # the session being played

    def __post_init__(self) -> None:
        self.speed = max(0.1, self.speed)
        self.base_rate = self.app.ctx.speed
        self.app.ctx.autoplay = True            # what the bot plays is kept as a demo run, never counted
        self.app.overlays.append(self.draw_badge)

    # -- the frame ----------------------------------------------------------------------------
    def step(self, dt: float) -> None:
        self._take_space()
        if self.paused:
            self.app.ctx.speed = 0.0
            self.app.step(0.0)
            return
        self.clock += dt
        self._direct(dt)
        play = self._play()
        waiting = play is not None and not self._holding and play.session.seconds_until_choices() > 0
        self.app.ctx.speed = 0.0 if self._holding else self.base_rate * (WAIT_SPEEDUP if waiting else 1.0)
        self.app.step(dt)

    def toggle_pause(self) -> None:
        self.paused = not self.paused
        self._beat("pause" if self.paused else "resume", "")

    def _take_space(self) -> None:
        """Space belongs to the demo: it pauses and resumes, or lets a held payment go on."""
        if not pygame.event.peek(pygame.KEYDOWN):
            return
        events = pygame.event.get()
        for event in events:
            if event.type == pygame.KEYDOWN and event.key == pygame.K_SPACE:
                if self._payment_held and not self.paused:
                    self._hold = 0.0
                else:
                    self.toggle_pause()
            else:
                pygame.event.post(event)

    # -- directing ----------------------------------------------------------------------------
    def _beat(self, what: str, target: str) -> None:
        self.beats.append(Beat(round(self.clock, 4), what, target))

    def _wait(self, seconds: float) -> None:
        self._hold = seconds / self.speed
        self._holding = True

    def _play(self):
        from .scenes.play import PlayScene

        return next((s for s in reversed(self.app.scenes) if isinstance(s, PlayScene)), None)

    def _direct(self, dt: float) -> None:
        if self._hold > 0:
            self._hold -= dt
            if self._hold > 0:
                return
        self._holding = False
        self._payment_held = False
        if not self.app.scenes:
            return
        play = self._play()
        if play is None or play.session.ended:
            self._expect = None
            return
        if play.session is not self._session:      # a new play-through (a replay): start afresh
            self._session, self._read, self._expect = play.session, set(), None
            self.policy = TeachingPolicy(self.policy.path)
        top = self.app.top
        if top is play:
            self._on_play(play)
        elif top.widget(TIME_UP_ID) is not None:
            self._on_time_up(top)
        elif self._expect is not None:
            self._on_dialog(top)

    def _on_play(self, play) -> None:
        expect, self._expect = self._expect, None
        if expect is not None and expect[0] in ("flag", "flag!"):
            self._wait(AFTER_FLAG)      # the picker has closed on the flag: let the class see it land
            return
        unread = [m for m in play.view.messages if m.id not in self._read]
        if unread:
            message = unread[0]
            self._read.add(message.id)
            self._beat("read", message.id)
            self._wait(reading_time(message.text))
            return
        command = self.policy.plan(play.session)[0]
        if isinstance(command, Flag):
            self._expect = ("flag", command.message_id)
            self._beat("open_picker", command.message_id)
            play.open_flag_menu(command.message_id)
            self._wait(PICKER_OPEN)
        elif isinstance(command, Choose):
            widget = play.widget(f"choice:{command.choice_id}")
            if widget is None:          # not on screen (a very small window): take it all the same
                self._beat("activate", f"choice:{command.choice_id}")
                self._expect = ("pay", command.choice_id)
                play.take(next(c for c in play.view.choices if c.id == command.choice_id))
            elif expect == ("choose", command.choice_id) and play.focus_id == widget.id:
                self._beat("activate", widget.id)
                self._expect = ("pay", command.choice_id)
                widget.activate()
            else:
                self._expect = ("choose", command.choice_id)
                self._focus(play, widget, FOCUS_HOLD)
        # a Wait: nothing to do but let the story's time run

    def _on_time_up(self, top: Scene) -> None:
        widget = top.widget(TIME_UP_ID)
        if self._expect != ("time_up", ""):
            self._expect = ("time_up", "")
            self._beat("read", TIME_UP_ID)
            self._wait(reading_time(getattr(top, "text", "")))
            return
        self._expect = None
        self._beat("activate", TIME_UP_ID)
        widget.activate()

    def _on_dialog(self, top: Scene) -> None:
        """The picker the demo opened, or the payment confirmation its choice brought up: focus
        the right control and hold it there, then take it."""
        kind, target = self._expect
        if kind not in ("flag", "flag!", "pay", "pay!"):
            return
        if kind.startswith("flag"):
            widget = top.widget(f"flag_option:{self.policy.right_flag(self._play().session, target) or 'suspicious'}")
        else:
            widget = next((w for w in top.widgets() if w.id in CONFIRM_IDS), None)
        if widget is None:
            return
        if kind in ("flag", "pay"):
            self._expect = (kind + "!", target)
            self._focus(top, widget, FOCUS_HOLD if kind == "flag" else PAYMENT_HOLD)
            self._payment_held = kind == "pay"
            return
        self._beat("activate", widget.id)
        widget.activate()

    def _focus(self, scene: Scene, widget, seconds: float) -> None:
        """Focus a control the way a player's Tab would, and leave it focused for `seconds`."""
        scene.set_focus(widget)
        self._beat("focus", widget.id)
        self._wait(seconds)

    # -- the badge ------------------------------------------------------------------------------
    def draw_badge(self, surface: pygame.Surface) -> None:
        """"DEMO", the seed and the path, over the brand in the top bar; beside it, over the
        title, a banner while paused or while a payment is held."""
        app = self.app
        theme, palette, assets = app.theme, app.theme.palette, app.assets
        play = self._play()
        if play is not None:
            self._seed = play.session.seed
        box = pygame.Rect(8, 6, min(240, surface.get_width() // 4), 44)
        pygame.draw.rect(surface, palette.panel, box, border_radius=10)
        pygame.draw.rect(surface, palette.danger, box, width=2, border_radius=10)
        pill = pygame.Rect(box.left + 6, box.top + 6, 64, box.height - 12)
        pygame.draw.rect(surface, palette.danger, pill, border_radius=8)
        draw_text(surface, assets, app.ctx.t("demo.badge"), theme.small, palette.accent_text, pill.inflate(-6, -4),
                  bold=True, align="center", valign="center", min_size=9, max_lines=1, where="demo:badge")
        path = app.ctx.t(f"demo.path.{self.policy.path}")
        details = app.ctx.t("demo.details", seed=self._seed if self._seed is not None else "—", path=path)
        text_box = pygame.Rect(pill.right + 8, box.top + 4, box.right - pill.right - 14, box.height - 8)
        draw_text(surface, assets, details, theme.small, palette.text, text_box, valign="center", min_size=9,
                  max_lines=2, where="demo:details")
        banner = ""
        if self.paused:
            banner = app.ctx.t("demo.paused")
        elif self._payment_held:
            banner = app.ctx.t("demo.payment_hold")
        if banner:                      # in the top bar, over the screen's title, clear of the phone
            strip = pygame.Rect(box.right + 12, box.top, surface.get_width() - 208 - box.right - 12, box.height)
            pygame.draw.rect(surface, palette.panel, strip, border_radius=12)
            pygame.draw.rect(surface, palette.focus, strip, width=3, border_radius=12)
            draw_text(surface, assets, banner, theme.body, palette.text, strip.inflate(-24, -8), bold=True,
                      align="center", valign="center", min_size=10, max_lines=1, where="demo:banner")


def start_demo(app: App, path: str = "scam") -> DemoPlayer:
    """The demo player for `app` (whose play scene the composition root has pushed)."""
    return DemoPlayer(app, TeachingPolicy(path), speed=app.ctx.speed)
