"""The play screen: the phone in the middle, progress on the left, flags and choices on the right.

Every widget turns into exactly one Session command (flag, unflag, choose) or a navigation
request; time passes through `session.tick` in `update`. Nothing here knows any scenario.
"""

from __future__ import annotations

import pygame

from game.engine import (
    ChoiceView,
    MessageArrived,
    ScenarioEnded,
    Session,
    SessionView,
    StepEntered,
    TimedOut,
)
from game.locale import format_duration, format_money, language_codes, words
from game.records.attempt import now_iso
from game.scenario import Scenario

from ..input import Intent, Scroll, Tap
from ..phone.view import PhoneView
from ..fit import draw_text, fit
from ..widgets import Widget, button_height, draw_button
from .common import BAR, ChromeScene

END_PAUSE = 1.6          # seconds the last message stays before the debrief
CHOICE_GUARD = 0.35      # replies ignore taps and keys this long after they appear (a double click on
                         # "skip ahead" or a key held down must never answer for the player)


def class_scene(app, position: int) -> ChromeScene:
    """The scene for the playlist's `position` of the class joined (`ctx.link`): its session with
    the class's settings (the one the class kept, if the trainee was in it), or its debrief if
    that session has already ended (a restarted lab computer)."""
    link = app.ctx.link
    position = min(position, len(link.playlist) - 1)
    scenario = app.ctx.scenarios[link.playlist[position]]
    session = link.session_for(position, scenario, app.ctx.catalog)
    if session.ended:
        from .debrief import DebriefScene

        return DebriefScene(app, scenario, session, class_position=position)
    return PlayScene(app, scenario, seed=session.seed, session=session, class_position=position)


class PlayScene(ChromeScene):
    def __init__(self, app, scenario: Scenario, *, seed: int, session: Session | None = None,
                 started_at: str | None = None, class_position: int | None = None) -> None:
        super().__init__(app)
        self.scenario = scenario
        self.class_position = class_position     # the playlist's place when played for a class (`ctx.link`)
        self._pushed = -1                        # the revision the class was last sent
        self.started_at = started_at or now_iso()     # wall-clock UTC, for the records (a resumed one keeps its own)
        self.session = session or Session(scenario, app.ctx.catalog, seed=seed, lang=app.ctx.lang,
                                          personas=app.personas, languages=language_codes(),
                                          region=app.ctx.region_for(scenario), words=words,
                                          feedback=app.ctx.progress.settings.get("feedback", "delayed"))
        self.session.set_lang(app.ctx.lang)
        settings = app.ctx.progress.settings
        self.phone = PhoneView(app.assets, app.theme, self.t, self.session.day_and_time, settings["reduced_motion"])
        self.view: SessionView = self.session.view()
        self.thread_id = self._current_thread(self.view)
        self.dynamic: list[Widget] = []
        self.toast: tuple[str, str, str, float] | None = None   # (kind, headline, line, seconds left)
        self.end_in: float | None = None
        self.paused = False
        self._revision = -1
        self.tray_max = 6
        self.choice_size = app.theme.body
        self.choices_top = 0
        self.choices_since = 0.0             # real time (phone.time) when the current replies appeared

    # -- lifecycle --------------------------------------------------------------------------
    def on_enter(self) -> None:
        self.ctx.listeners.append(self.on_lang)
        self.app.on_quit.append(self.autosave)
        super().on_enter()

    def on_exit(self) -> None:
        if self.on_lang in self.ctx.listeners:
            self.ctx.listeners.remove(self.on_lang)
        if self.autosave in self.app.on_quit:
            self.app.on_quit.remove(self.autosave)

    def on_lang(self) -> None:
        self.session.set_lang(self.ctx.lang)
        self.view = self.session.view()

    def autosave(self) -> None:
        if not self.session.ended and self.class_position is None:     # a class keeps its own
            progress = self.ctx.progress
            progress.autosave = {"scenario_id": self.scenario.id, "session": self.session.to_json(),
                                 "started_at": self.started_at}
            progress.save()

    def screen_title(self) -> str:
        return self.view.title

    # -- layout -----------------------------------------------------------------------------
    def regions(self, size: tuple[int, int]) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
        width, height = size
        margin = 16
        left_w = max(200, int(width * 0.19))
        right_w = max(280, int(width * 0.28))
        top = BAR + margin
        body_h = height - top - margin
        left = pygame.Rect(margin, top, left_w, body_h)
        right = pygame.Rect(width - margin - right_w, top, right_w, body_h)
        room = right.left - left.right - 2 * margin
        phone_w = min(440, room, int(body_h * 0.58))
        phone = pygame.Rect(0, top, phone_w, body_h)
        phone.centerx = (left.right + right.left) // 2
        return left, phone, right

    def build_body(self, size: tuple[int, int]) -> list[Widget]:
        left, phone, right = self.regions(size)
        self.phone.rect = phone
        self.phone.theme = self.theme
        self.phone.reduced_motion = self.ctx.progress.settings["reduced_motion"]
        x, width = right.left + 16, right.width - 32
        flagged = [m for m in self.view.messages if m.flag is not None]
        # Every choice must fit: shrink the flag tray first, then the choice text.
        for tray_max, size in ((6, self.theme.body), (3, self.theme.body), (3, self.theme.small),
                               (0, self.theme.small)):
            widgets = self._layout_right(right, x, width, flagged, tray_max, size)
            if sum(w.id.startswith("choice:") for w in widgets) == len(self.view.choices):
                break
        self.choice_size = size
        return widgets

    def _layout_right(self, right: pygame.Rect, x: int, width: int, flagged: list, tray_max: int,
                      size: int) -> list[Widget]:
        widgets: list[Widget] = []
        self.tray_max = tray_max
        y = right.top + 48
        for message in flagged[-tray_max:] if tray_max else []:
            name = self._flag_name(message.flag)
            excerpt = message.text if len(message.text) < 28 else message.text[:26] + "…"
            widgets.append(Widget(f"tray:{message.id}", pygame.Rect(x, y, width, 30), f"⚑ {name} · {excerpt}",
                                  action=lambda m=message.id: self.open_flag_menu(m), kind="tray"))
            y += 34
        if len(flagged) > tray_max:
            y += self.assets.line_height(self.theme.small) + 4
        if not flagged and tray_max:
            y += self._instruction_height(width)
        self.choices_top = max(y + 16, right.top + int(right.height * 0.38)) if tray_max == 6 else y + 12
        y = self.choices_top + self.assets.line_height(self.theme.body) + 14
        if self.view.waiting and not self.view.ended:
            # At the foot of the panel, never where the first reply is about to appear.
            label = self.t("play.skip_ahead")
            h = button_height(self.assets, self.theme, label, width, size)
            widgets.append(Widget("play:skip", pygame.Rect(x, max(y, right.bottom - 16 - h), width, h), label,
                                  action=self.skip_ahead))
        for choice in self.view.choices:
            label = f"{choice.number}  {choice.text}"
            h = button_height(self.assets, self.theme, label, width, size)
            # A reply the player cannot take now is shown greyed, with the reason under it.
            reason = self.reason(choice)
            reason_h = fit(self.assets, reason, self.theme.small, width).height + 4 if reason else 0
            if y + h + reason_h > right.bottom - 8:
                break
            data = {"payment": choice.payment, "available": choice.available, "reason": reason}
            if reason:
                data["reason_box"] = pygame.Rect(x, y + h + 4, width, reason_h - 4)
            widgets.append(Widget(f"choice:{choice.id}", pygame.Rect(x, y, width, h), label,
                                  action=lambda c=choice: self.take(c), enabled=choice.available,
                                  focusable=choice.available, data=data))
            y += h + reason_h + 10
        return widgets

    def reason(self, choice: ChoiceView) -> str:
        """Why `choice` cannot be taken now, in the player's language ("" if it can)."""
        if choice.available or choice.reason is None:
            return ""
        return self.t(choice.reason.key, **dict(choice.reason.params))

    def _instruction_height(self, width: int) -> int:
        return fit(self.assets, self.t("play.start_here"), self.theme.small, width - 44).height + 28

    def skip_ahead(self) -> None:
        """Let game time run to the next message (nothing else happens in between)."""
        if not self.session.ended:
            wait = self.session.seconds_until_next_message()
            if wait > 0:
                self._handle_events(self.session.tick(wait))

    def widgets(self) -> list[Widget]:
        return self.dynamic + self._widgets

    def _current_thread(self, view: SessionView) -> str | None:
        for message in reversed(view.messages):
            if message.step_id == view.step_id:
                return message.thread
        return view.threads[-1].id if view.threads else None

    def _flag_name(self, flag_id: str | None) -> str:
        if not flag_id:
            return self.t("play.suspicious")
        return self.ctx.catalog.red_flags[flag_id].name.get(self.ctx.lang)

    # -- commands (one Session command each) -------------------------------------------------
    def take(self, choice: ChoiceView) -> None:
        if not choice.available:
            return                      # shown greyed with its reason; a key or a tap on it does nothing
        if self.phone.time - self.choices_since < CHOICE_GUARD:
            return                      # the replies have only just appeared: this tap was meant for something else
        if choice.payment is not None and choice.payment.amount > 0 and not choice.payment.taken:
            from .transfer import TransferConfirmScene

            # What the bank shows comes from the choice's payment: the payee and amount of the
            # message that asked for the money, never the name of the thread or the text.
            self.app.push(TransferConfirmScene(self.app, choice.payment, on_yes=lambda: self._choose(choice.id)))
            return
        self._choose(choice.id)

    def _choose(self, choice_id: str) -> None:
        if self.session.ended or not any(c.id == choice_id and c.available for c in self.session.view().choices):
            return
        self._handle_events(self.session.choose(choice_id))

    def open_flag_menu(self, message_id: str) -> None:
        from .flagmenu import FlagMenuScene

        message = next((m for m in self.view.messages if m.id == message_id), None)
        if message is None or not message.flaggable or self.session.ended:
            return
        self.thread_id = message.thread
        self.app.push(FlagMenuScene(self.app, self, message))

    def apply_flag(self, message_id: str, flag_id: str | None) -> None:
        """Called by the flag menu: flag_id None removes the flag, "" is "just suspicious"."""
        if self.session.ended:
            return
        if flag_id is None:
            self.session.unflag(message_id)
        else:
            self.session.flag(message_id, flag_id)
            self.app.assets.play("flag")
            if self.session.feedback_mode == "immediate":
                feedback = self.session.feedback(message_id)
                if feedback is not None:
                    good = feedback.verdict == "hit"
                    kind = "good" if good else "false_alarm"
                    self.toast = (kind, feedback.headline, feedback.line, 7.0)
                    self.app.assets.play("good" if good else "gentle_no")
        self._refresh()

    # -- time -------------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        if self._class_paused():
            self.toast = ("info", self.t("join.paused"), "", 0.5)     # time stands still until the teacher resumes
        else:
            self._advance(dt)
        self._send_to_class()
        self._layout_phone()

    def _class_paused(self) -> bool:
        return self.class_position is not None and self.ctx.link.status == "paused"

    def _send_to_class(self) -> None:
        """Hand the session to the class when it has changed (the link sends it in the background)."""
        if self.class_position is not None and self.view.revision != self._pushed:
            self._pushed = self.view.revision
            self.ctx.link.push(self.session, self.class_position)

    def _layout_phone(self) -> None:
        """Place the phone and its hit targets for this frame; drawing only paints them."""
        thread = self.thread_id or (self.view.threads[-1].id if self.view.threads else None)
        self.dynamic = self.phone.layout(self.view, thread, self.focus_id, self.hover_id)

    def _advance(self, dt: float) -> None:
        self.phone.time += dt
        if self.toast:
            kind, head, line, left = self.toast
            self.toast = (kind, head, line, left - dt) if left - dt > 0 else None
        if self.app.top is not self:
            return                      # a modal (flag menu, confirmation) pauses the game clock
        if self.end_in is not None:
            self.end_in -= dt
            if self.end_in <= 0:
                self.finish()
            return
        if not self.session.ended:
            self._handle_events(self.session.tick(dt * self.ctx.speed))
        self._refresh()

    def _handle_events(self, events) -> None:
        moved = False
        for event in events:
            if isinstance(event, MessageArrived):
                self.app.assets.play("message")
            elif isinstance(event, StepEntered):
                moved = True
                if event.channel == "call":
                    self.app.assets.play("ring")
            elif isinstance(event, TimedOut):
                from .timeup import TimeUpScene

                self.app.push(TimeUpScene(self.app, event.note))
            elif isinstance(event, ScenarioEnded):
                self.end_in = END_PAUSE
        if moved and not self.ctx.autoplay:
            self.autosave()     # each step reached is kept: a power cut or a killed process loses one step at most
        self._refresh()

    def _refresh(self) -> None:
        view = self.session.view()
        if view.revision != self._revision:
            step_changed = view.step_id != self.view.step_id
            new_messages = len(view.messages) > len(self.view.messages)
            if view.choices and (step_changed or not self.view.choices):
                self.choices_since = self.phone.time
            self.view = view
            self._revision = view.revision
            if step_changed or self.thread_id is None or new_messages:
                current = self._current_thread(view)
                if current is not None and (step_changed or new_messages):
                    self.thread_id = current
                    self.phone.to_bottom()
            self.relayout()
        else:
            self.view = view

    def finish(self) -> None:
        """The story has ended: the result is kept first (a demo run as "demo", which played/best
        leave out), then the autosave goes and the debrief comes."""
        from .debrief import DebriefScene

        demo = self.ctx.autoplay
        recorder = self.ctx.recorder
        kept = None
        if recorder is not None:
            kept = recorder.record(self.session, mode="demo" if demo else "play", started_at=self.started_at)
        progress = self.ctx.progress
        if kept is not None:
            progress.scores = recorder.scores()
        elif not demo:                                # not kept: the window still counts it until it closes
            progress.record(self.scenario.id, self.session.result().score)
        progress.autosave = None
        progress.save()
        if self.class_position is not None:
            self.ctx.link.push(self.session, self.class_position)     # the ended session: the class records it
        self.app.replace(DebriefScene(self.app, self.scenario, self.session, class_position=self.class_position))

    # -- input ------------------------------------------------------------------------------
    def handle(self, inp) -> bool:
        if self._class_paused() and isinstance(inp, (Tap, Intent)) and getattr(inp, "name", "") != "back":
            return True                  # the teacher has paused the class: no command until it goes on
        if isinstance(inp, Scroll) and self.phone.rect.collidepoint(inp.pos):
            self.phone.scroll_by(inp.dy * 60)
            return True
        if isinstance(inp, Tap):
            for widget in self.dynamic:
                if widget.rect.collidepoint(inp.pos):
                    self.focus_id = widget.id if widget.focusable else self.focus_id
                    self._activate_dynamic(widget)
                    return True
        return super().handle(inp)

    def _activate_dynamic(self, widget: Widget) -> None:
        if widget.kind == "message":
            self.open_flag_menu(widget.data["message_id"])
        elif widget.kind == "tab":
            self.thread_id = widget.id.split(":", 1)[1]
            self.phone.to_bottom()
        elif widget.action is not None:          # the phone's own buttons (hang up, back to the latest, ‹ ›)
            widget.activate()
            if widget.kind == "hang_up" and self.view.choices:
                self.focus_id = f"choice:{self.view.choices[0].id}"

    def handle_intent(self, inp: Intent) -> bool:
        if inp.name == "choose":
            choices = self.view.choices
            if 1 <= inp.number <= len(choices):
                self.take(choices[inp.number - 1])
            return True
        if inp.name == "flag" and self.focus_id and self.focus_id.startswith("msg:"):
            self.open_flag_menu(self.focus_id.split(":", 1)[1])
            return True
        if inp.name == "activate" and self.focus_id:
            widget = next((w for w in self.dynamic if w.id == self.focus_id), None)
            if widget is not None:
                self._activate_dynamic(widget)
                return True
        if inp.name in ("page_up", "page_down"):
            self.phone.scroll_by(300 if inp.name == "page_up" else -300)
            return True
        if inp.name == "back":
            from .dialogs import PauseScene

            self.app.push(PauseScene(self.app, self))
            return True
        return super().handle_intent(inp)

    def on_focus(self, widget: Widget | None) -> None:
        if widget is not None and widget.kind == "message":
            self.phone.reveal(widget.data.get("full", widget.rect), self._has_tabs())

    def default_focus(self) -> Widget | None:
        """The newest message on the phone, else the first reply (or "skip ahead"), else the first control."""
        messages = [w for w in self.focusables() if w.kind == "message"]
        action = next((w for w in self.focusables() if w.id.startswith("choice:") or w.id == "play:skip"), None)
        return messages[-1] if messages else action or super().default_focus()

    def _has_tabs(self) -> bool:
        return len(self.view.threads) > 1

    # -- drawing ----------------------------------------------------------------------------
    def draw_body(self, surface: pygame.Surface) -> None:
        left, phone, right = self.regions(surface.get_size())
        self._draw_left(surface, left)
        self.phone.draw(surface)
        self._draw_right(surface, right)
        self.draw_focus_ring(surface)

    def _draw_left(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        self.draw_panel(surface, rect)
        x, y, width = rect.left + 16, rect.top + 16, rect.width - 32
        view = self.view

        def line(text, size=None, color=None, bold=False, gap=6, one_line=False):
            nonlocal y
            box = pygame.Rect(x, y, width, max(0, rect.bottom - 12 - y))
            if box.height <= 0:
                return
            # A figure (the day and time, an amount) shrinks to stay on one line rather than split.
            taken = draw_text(surface, assets, text, size or theme.body, color or palette.text, box, bold=bold,
                              min_size=theme.small, max_lines=1 if one_line else None, where="play.progress")
            y = taken.bottom + gap

        line(self.t("play.progress"), theme.small, palette.muted, bold=True)
        line(self.t("play.day", day=view.day, time=view.time_of_day), theme.title, bold=True, gap=14, one_line=True)
        if view.balance is not None:
            line(self.t("play.balance"), theme.small, palette.muted, bold=True)
            line(format_money(view.balance, view.currency, self.ctx.lang), theme.title,
                 palette.danger if view.balance < 0 else palette.text, bold=True, gap=14, one_line=True)
        line(self.t("play.money"), theme.small, palette.muted, bold=True)
        line(format_money(view.paid, view.currency, self.ctx.lang), theme.title,
             palette.danger if view.paid else palette.good, bold=True, gap=14, one_line=True)
        if view.received:           # one short line under the money paid: "Money received: ¥16.40"
            came_in = format_money(sum((r.amount for r in view.received), 0), view.currency, self.ctx.lang)
            y -= 8
            line(self.ctx.tr.label("play.money_in", came_in), theme.small, palette.good, bold=True, gap=14)
        line(self.t("play.given_title"), theme.small, palette.muted, bold=True)
        if view.given:
            for item in view.given:
                line(f"• {item}", theme.small, palette.danger, gap=2)
            y += 10
        else:
            line("—", theme.body, palette.muted, gap=14)
        if view.timer is not None:
            line(self.t("play.time_left"), theme.small, palette.muted, bold=True)
            line(f"⏱ {format_duration(view.timer.seconds_left, self.ctx.lang)}", theme.title, palette.flag, bold=True,
                 one_line=True)
            bar = pygame.Rect(x, y, width, 10)
            pygame.draw.rect(surface, palette.panel_edge, bar, border_radius=5)
            share = max(0.0, min(1.0, view.timer.seconds_left / view.timer.total))
            pygame.draw.rect(surface, palette.flag, (bar.left, bar.top, int(bar.width * share), bar.height),
                             border_radius=5)
            y += 24
        hint = fit(assets, self.t("play.hint"), theme.small, width)
        top = max(y + 10, rect.bottom - hint.height - 16)
        if rect.bottom - 12 - top >= assets.line_height(theme.small):
            draw_text(surface, assets, self.t("play.hint"), theme.small, palette.muted,
                      pygame.Rect(x, top, width, rect.bottom - 12 - top), where="play.hint")

    def _draw_right(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        self.draw_panel(surface, rect)
        x, width = rect.left + 16, rect.width - 32
        flagged = [m for m in self.view.messages if m.flag is not None]
        draw_text(surface, assets, self.t("play.flags_title", count=len(flagged)), theme.body, palette.text,
                  pygame.Rect(x, rect.top + 14, width, 32), bold=True, max_lines=1, where="play.flags_title")
        if not flagged and self.tray_max:
            # The instruction sits beside the phone, pointing at it, until the first flag.
            box = pygame.Rect(x, rect.top + 48, width, self._instruction_height(width) - 8)
            pygame.draw.rect(surface, palette.background, box, border_radius=10)
            pygame.draw.rect(surface, palette.accent, box, width=2, border_radius=10)
            draw_text(surface, assets, "←", theme.body, palette.accent, pygame.Rect(box.left + 8, box.top + 10, 24, 28),
                      bold=True, where="play.instruction_arrow")
            draw_text(surface, assets, self.t("play.start_here"), theme.small, palette.text,
                      pygame.Rect(box.left + 34, box.top + 10, box.width - 44, box.height - 16), where="play.instruction")
        for widget in self.widgets():
            if widget.kind == "tray":
                pygame.draw.rect(surface, palette.background, widget.rect, border_radius=8)
                draw_text(surface, assets, widget.text, theme.small, palette.flag, widget.rect.inflate(-16, -4),
                          valign="center", max_lines=1, where="play.tray")
        if len(flagged) > self.tray_max:
            draw_text(surface, assets, self.t("play.more_flags", count=len(flagged) - self.tray_max), theme.small,
                      palette.muted, pygame.Rect(x, rect.top + 48 + self.tray_max * 34, width, 24), max_lines=1,
                      where="play.more_flags")
        title = self.t("play.what_now") if self.view.choices else (
            self.t("play.waiting") if not self.view.ended else self.t("play.ended"))
        draw_text(surface, assets, title, theme.body, palette.text,
                  pygame.Rect(x, self.choices_top, width, self.assets.line_height(theme.body) + 4), bold=True,
                  max_lines=1, where="play.what_now")
        for widget in self.widgets():
            if widget.id == "play:skip":
                draw_button(surface, assets, theme, widget, focused=self.focus_id == widget.id,
                            hovered=self.hover_id == widget.id, style="quiet", size=self.choice_size)
            if widget.id.startswith("choice:"):
                draw_button(surface, assets, theme, widget, focused=self.focus_id == widget.id,
                            hovered=self.hover_id == widget.id,
                            style="normal", size=self.choice_size)     # replies look alike: no hint in the styling
                if widget.data.get("reason_box") is not None:
                    draw_text(surface, assets, widget.data["reason"], theme.small, palette.muted,
                              widget.data["reason_box"], where=f"play.reason:{widget.id}")
        if self.toast:
            self._draw_toast(surface, rect)

    def _draw_toast(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        kind, headline, line, _ = self.toast
        color = {"good": palette.good, "false_alarm": palette.false_alarm}.get(kind, palette.accent)
        width = rect.width - 32
        room = max(assets.line_height(theme.small) * 3, int(rect.height * 0.45))
        head = fit(assets, headline, theme.body, width - 24, room // 2, bold=True, min_size=theme.small)
        body = fit(assets, line, theme.small, width - 24, room - head.height - 6, min_size=max(10, theme.small - 3)) \
            if line else None
        height = head.height + (body.height + 6 if body else 0) + 24
        box = pygame.Rect(rect.left + 16, rect.bottom - height - 16, width, height)
        pygame.draw.rect(surface, palette.panel, box, border_radius=12)
        pygame.draw.rect(surface, color, box, width=3, border_radius=12)
        inner = box.inflate(-24, -24)
        taken = draw_text(surface, assets, headline, theme.body, color,
                          pygame.Rect(inner.left, inner.top, inner.width, head.height), bold=True,
                          min_size=theme.small, where="play.toast")
        if line:
            draw_text(surface, assets, line, theme.small, palette.text,
                      pygame.Rect(inner.left, taken.bottom + 6, inner.width, inner.bottom - taken.bottom - 6),
                      min_size=max(10, theme.small - 3), where="play.toast")
