"""The title screen: what the game is, start, resume a saved session, settings, language.

A player who has not played the guided first scenario yet is offered it first ("Start here").
When results are kept (a recorder), it says who is playing ("Playing as Calm Heron · Change",
which opens the players screen) and offers "My progress"; a records file that had to be moved
aside, or results that cannot be kept, are told in a banner the player can dismiss.
It is the window's first frame, so it imports no engine and looks up two scenarios at most.

Practice (a drill) is always offered. What the coach knows — practice due ("3 minutes of
practice are due", first with "Welcome back!" after a week away), "Continue training" with the
one line that says why, the before/after skill check of a class run with --before-after — is
worked out after the first frames, once every scenario file is checked (`Figures`), and shown
when the title is laid out again.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import pygame

from game.locale import words

from ..fit import draw_text, fit, text_width
from ..widgets import PAD_X, Widget, button_height, draw_button
from .common import BAR, ChromeScene
from .picker import suggested_first

GAP = 12                        # between the rows of buttons
NOTE_GAP = 4                    # between a button and the note under it


@dataclass(frozen=True)
class Figures:
    """What the coach says for the title (worked out after the first frames)."""

    key: tuple                  # (language, region, player) they were worked out for
    due_minutes: int = 0        # practice due (0: none)
    welcome_back: bool = False  # back after a week or more: the booster comes first
    next: Any = None            # game.practice.Recommendation, or None (no history yet)
    before_taken: bool = False
    after_taken: bool = False
    practised: bool = False     # played or practised at least once (the after check is offered then)


def next_line(ctx, recommendation) -> str:
    """The one line that says why `recommendation` is next (catalogue and category names in ctx.lang)."""
    params = recommendation.params
    if recommendation.reason == "missed_flag":
        flag = ctx.catalog.red_flags.get(str(params.get("flag")))
        name = flag.name.get(ctx.lang) if flag is not None else str(params.get("flag"))
        times = int(params.get("times", 1))
        return ctx.t("next.reason.missed_flag." + ("one" if times == 1 else "other"), flag=name, times=times)
    return ctx.t(f"next.reason.{recommendation.reason}", type=ctx.t(f"category.{params.get('scam_type')}"))


class TitleScene(ChromeScene):
    notice_box = pygame.Rect(0, 0, 0, 0)        # the banner's text (empty: no banner)
    notice_panel = pygame.Rect(0, 0, 0, 0)
    figures: Figures | None = None
    notes: tuple = ()                           # (where, text, box) under buttons
    _was_top = False
    _stale = True

    # -- what the coach knows ------------------------------------------------------------------
    def _figures_key(self) -> tuple:
        recorder = self.ctx.recorder
        player = recorder.player if recorder is not None else None
        return (self.ctx.lang, self.ctx.region, player.id if player is not None else None)

    def wants_coach(self) -> bool:
        recorder = self.ctx.recorder
        return (recorder is not None and recorder.player is not None) or self.ctx.before_after

    def update(self, dt: float) -> None:
        """Work the figures out again when the title comes back on top (a drill or a scenario was
        played), or the player, language or region changed; never in the first two frames."""
        top = self.app.top is self
        if top and not self._was_top:
            self._stale = True
        self._was_top = top
        if self.figures is not None and self.figures.key != self._figures_key():
            self._stale = True
        if top and self._stale and self.app.frames >= 2 and self.wants_coach() and self.ctx.settled():
            self._stale = False
            self.figures = self.work_out()
            self.relayout()

    def work_out(self) -> Figures:
        coach = self.ctx.coach
        kept = self.ctx.recorder is not None and self.ctx.recorder.player is not None
        practised = bool(coach.attempts()) or any(a.form in ("drill", "booster") for a in coach.answers())
        minutes, welcome = coach.booster_offer() if kept else (0, False)
        return Figures(self._figures_key(), due_minutes=minutes, welcome_back=welcome,
                       next=coach.next() if kept else None,
                       before_taken=coach.form_taken("before"), after_taken=coach.form_taken("after"),
                       practised=practised)

    def _coach_rows(self) -> tuple[list, list, list]:
        """(rows before resume, rows after it, the continue row) from the figures."""
        figures = self.figures
        if figures is None or figures.key != self._figures_key():
            return [], [], []
        first, after = [], []
        if self.ctx.before_after and not figures.before_taken:
            first.append([("title:check_before", self.t("title.check_before"), lambda: self.open_drill("before"))])
        elif self.ctx.before_after and figures.practised and not figures.after_taken:
            first.append([("title:check_after", self.t("title.check_after"), lambda: self.open_drill("after"))])
        if figures.due_minutes > 0:
            if figures.welcome_back:
                first.append([("title:due", self.t("title.welcome_back", minutes=figures.due_minutes),
                               lambda: self.open_drill("booster"))])
            else:
                after.append([("title:due", self.t("title.due", minutes=figures.due_minutes),
                               lambda: self.open_drill("booster"))])
        going = []
        if figures.next is not None and figures.next.scenario in self.ctx.scenarios:
            going = [("title:continue", self.t("title.continue"), self.continue_training)]
        return first, after, going

    def build_body(self, size: tuple[int, int]) -> list[Widget]:
        width, height = size
        column = min(round(460 * self.theme.scale), width - 80)     # larger text, wider buttons
        x = (width - column) // 2
        widgets = self._build_notice(size)
        rows: list[list[tuple[str, str, object]]] = []
        if self.ctx.nickname is not None:             # who is playing: a quiet control above the rest
            rows.append([("title:player", self.t("title.player", nickname=self.ctx.nickname), self.open_players)])
        first, after, going = self._coach_rows()
        rows += first                                 # the skill check, a welcome-back booster: before all else
        if self._autosave_scenario() is not None:
            rows.append([("title:resume", self.t("title.resume",
                                                 title=self._autosave_scenario().title.get(self.ctx.lang)),
                          self.resume)])
        rows += after
        notes: dict[str, str] = {}
        if going:
            rows.append(going)
            notes["title:continue"] = next_line(self.ctx, self.figures.next)
        elif suggested_first(self.ctx) is not None:
            rows.append([("title:start_here", self.t("title.start_here"), self.start_here)])
        rows.append([("title:start", self.t("title.start"), self.start),
                     ("title:practice", self.t("drill.title"), lambda: self.open_drill("drill"))])
        last = [("title:settings", self.t("ui.settings"), self.open_settings),
                ("title:quit", self.t("title.quit"), self.app.quit)]
        if self.ctx.recorder is not None:             # three side by side: the column keeps its height
            last.insert(0, ("title:progress", self.t("progress.open"), self.open_progress))
        rows.append(last)
        sized = []
        for row in rows:
            each = (column - GAP * (len(row) - 1)) // len(row)
            note = max((fit(self.assets, notes[widget_id], self.theme.small, each).height + NOTE_GAP
                        for widget_id, _, _ in row if widget_id in notes), default=0)
            sized.append((each, max(button_height(self.assets, self.theme, label, each, self._label_size(widget_id))
                                    for widget_id, label, _ in row), note))
        total = sum(h + note + GAP for _, h, note in sized) - GAP
        # Below the introduction (and the banner), and always above the help lines at the foot.
        top = max(BAR + 120, self.notice_panel.bottom + 80)
        lowest = self._foot_top(size) - 16 - total
        y = max(top, lowest if self.notice_panel.height else min(BAR + int(height * 0.44), lowest))
        self.buttons_top = y
        placed_notes = []
        for row, (each, h, note) in zip(rows, sized):
            for index, (widget_id, label, action) in enumerate(row):
                rect = pygame.Rect(x + index * (each + GAP), y, each, h)
                widgets.append(Widget(widget_id, rect, label, action=action))
                if widget_id in notes:
                    placed_notes.append((f"{widget_id}:why", notes[widget_id],
                                         pygame.Rect(rect.left, rect.bottom + NOTE_GAP, each, note - NOTE_GAP)))
            y += h + note + GAP
        self.notes = tuple(placed_notes)
        return widgets

    def _label_size(self, widget_id: str) -> int:
        """The player control speaks a little smaller than the actions under it."""
        return self.theme.small if widget_id == "title:player" else self.theme.body

    def default_focus(self) -> Widget | None:
        """The first thing to do (resume, start here or choose), not the player control above it."""
        order = [w for w in self.tab_order() if w.id not in ("title:player", "title:notice_ok")]
        return order[0] if order else super().default_focus()

    # -- the banner -------------------------------------------------------------------------
    def notice(self) -> str | None:
        """What the records have to tell: the file was moved aside, or results cannot be kept;
        then what the progress files have to tell (`Progress.notices`: a file kept aside)."""
        recorder = self.ctx.recorder
        if recorder is None:
            return self._progress_notice()
        if recorder.notice and "moved_aside" not in self.ctx.told:
            return self.t("records.moved_aside", name=recorder.aside or "?")
        if recorder.error and "unavailable" not in self.ctx.told:
            return self.t("records.unavailable", reason=recorder.error)
        return self._progress_notice()

    def _progress_notice(self) -> str | None:
        notices = self.ctx.progress.notices
        return self.t(notices[0].key, name=notices[0].name, file=notices[0].file) if notices else None

    def _build_notice(self, size: tuple[int, int]) -> list[Widget]:
        text = self.notice()
        if text is None:
            self.notice_box = self.notice_panel = pygame.Rect(0, 0, 0, 0)
            return []
        width = min(760, size[0] - 80)
        label = self.t("records.dismiss")
        button_w = max(96, text_width(self.assets, label, self.theme.body) + 2 * PAD_X + 8)
        text_w = width - 3 * 14 - button_w
        text_h = fit(self.assets, text, self.theme.small, text_w).height
        button_h = button_height(self.assets, self.theme, label, button_w)
        panel = pygame.Rect((size[0] - width) // 2, BAR + 10, width, max(text_h, button_h) + 2 * 12)
        self.notice_panel = panel
        self.notice_box = pygame.Rect(panel.left + 14, panel.top + (panel.height - text_h) // 2, text_w, text_h)
        button = pygame.Rect(panel.right - 14 - button_w, panel.top + (panel.height - button_h) // 2, button_w,
                             button_h)
        return [Widget("title:notice_ok", button, label, action=self.dismiss_notice, order=1)]

    def dismiss_notice(self) -> None:
        """Told once: the banner goes and does not come back."""
        recorder = self.ctx.recorder
        if recorder is not None and recorder.notice and "moved_aside" not in self.ctx.told:
            self.ctx.told.add("moved_aside")
        elif recorder is not None and recorder.error and "unavailable" not in self.ctx.told:
            self.ctx.told.add("unavailable")
        elif self.ctx.progress.notices:
            self.ctx.progress.notices.pop(0)
        self.relayout()

    def _foot_top(self, size: tuple[int, int]) -> int:
        column = min(760, size[0] - 80)
        fitted = fit(self.assets, self._help_lines(), self.theme.small, column)
        return size[1] - 16 - fitted.height

    def _help_lines(self) -> str:
        """The player's region's first help lines (the debrief lists them all)."""
        region = self.ctx.catalog.regions.get(self.ctx.region)
        if region is None:
            return ""
        lang = self.ctx.lang
        lines = " · ".join(self.t("title.help_item", name=h.name.get(lang), contact=h.contact.get(lang))
                           for h in region.help[:3])
        return self.t("title.help_lines", region=region.name.get(lang), lines=lines)

    def _autosave_scenario(self):
        save = self.ctx.progress.autosave
        if not save:
            return None
        return self.ctx.scenarios.get(save.get("scenario_id"))

    def start(self) -> None:
        from .picker import PickerScene

        self.app.push(PickerScene(self.app))

    def open_players(self) -> None:
        from .players import PlayersScene

        self.app.push(PlayersScene(self.app))

    def open_drill(self, form: str) -> None:
        from .drill import DrillScene

        self.app.push(DrillScene(self.app, form))

    def continue_training(self) -> None:
        """Play what the coach recommends."""
        from .play import PlayScene

        recommendation = self.figures.next if self.figures is not None else None
        scenario = self.ctx.scenarios.get(recommendation.scenario) if recommendation is not None else None
        if scenario is not None:
            self.app.push(PlayScene(self.app, scenario, seed=random.SystemRandom().randrange(1, 1_000_000)))

    def open_progress(self) -> None:
        from .progress import ProgressScene

        self.app.push(ProgressScene(self.app))

    def start_here(self) -> None:
        """Open the guided first scenario straight away."""
        from .play import PlayScene

        scenario = suggested_first(self.ctx)
        if scenario is None:
            return
        self.app.push(PlayScene(self.app, scenario, seed=random.SystemRandom().randrange(1, 1_000_000)))

    def resume(self) -> None:
        """Play on from the autosave; a save that cannot be resumed is kept aside, with a banner."""
        from .play import PlayScene

        scenario, progress = self._autosave_scenario(), self.ctx.progress
        session = progress.resume(scenario, self.ctx.catalog, words=words) if scenario is not None else None
        if session is None:                 # refused and kept aside: the banner says so
            self.relayout()
            return
        started_at = progress.autosave.get("started_at")
        try:
            scene = PlayScene(self.app, scenario, seed=session.seed, session=session,
                              started_at=started_at if isinstance(started_at, str) else None)
        except Exception:                   # a view built from a save is guarded like the save itself
            progress.refuse_autosave()
            self.relayout()
            return
        progress.autosave = None
        self.app.push(scene)

    def draw_body(self, surface: pygame.Surface) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        width, height = surface.get_size()
        column = min(760, width - 80)
        x = (width - column) // 2
        bottom = self.buttons_top - 12
        y = BAR + int(height * 0.08)
        if self.notice_panel.height:
            palette_notice = palette.notice
            pygame.draw.rect(surface, palette_notice, self.notice_panel, border_radius=12)
            pygame.draw.rect(surface, palette.panel_edge, self.notice_panel, width=1, border_radius=12)
            draw_text(surface, assets, self.notice() or "", theme.small, palette.notice_text, self.notice_box,
                      where="title:notice")
            y = max(y, self.notice_panel.bottom + 16)
        for text, size, color, bold, gap in ((self.t("title.name"), theme.size(56), palette.danger, True, 12),
                                             (self.t("title.tagline"), theme.title, palette.text, False, 10),
                                             (self.t("title.about"), theme.body, palette.muted, False, 0)):
            if bottom - y < assets.line_height(min(size, theme.small)):
                break
            taken = draw_text(surface, assets, text, size, color, pygame.Rect(x, y, column, bottom - y), bold=bold,
                              align="center", min_size=theme.small, where="title:intro")
            y = taken.bottom + gap
        primary = ("title:start_here", "title:resume") if self.widget("title:start_here") else \
            ("title:resume", "title:start")
        coach_first = next((w.id for w in self.tab_order() if w.id in ("title:check_before", "title:check_after",
                                                                       "title:due", "title:continue")), None)
        if coach_first is not None:
            primary = (coach_first,)
        for widget in self.widgets():
            if widget.id.startswith("title:"):
                style = "primary" if widget.id in primary else "quiet" if widget.id == "title:player" else "normal"
                draw_button(surface, assets, theme, widget, focused=self.focus_id == widget.id,
                            hovered=self.hover_id == widget.id, style=style, size=self._label_size(widget.id))
        for where, text, box in self.notes:
            draw_text(surface, assets, text, theme.small, palette.muted, box, align="center", where=where)
        foot_top = self._foot_top(surface.get_size())
        draw_text(surface, assets, self._help_lines(), theme.small, palette.muted,
                  pygame.Rect(x, foot_top, column, height - 16 - foot_top), align="center", where="title:help_lines")
