"""The title screen: what the game is, start, resume a saved session, settings, language.

A player who has not played the guided first scenario yet is offered it first ("Start here").
It is the window's first frame, so it imports no engine and looks up two scenarios at most.
"""

from __future__ import annotations

import random

import pygame

from game.locale import words

from ..fit import draw_text, fit
from ..widgets import Widget, button_height
from .common import BAR, ChromeScene
from .picker import suggested_first


class TitleScene(ChromeScene):
    def build_body(self, size: tuple[int, int]) -> list[Widget]:
        width, height = size
        column = min(460, width - 80)
        x = (width - column) // 2
        specs = []
        if self._autosave_scenario() is not None:
            specs.append(("title:resume", self.t("title.resume", title=self._autosave_scenario().title.get(self.ctx.lang)),
                          self.resume))
        if suggested_first(self.ctx) is not None:
            specs.append(("title:start_here", self.t("title.start_here"), self.start_here))
        specs += [("title:start", self.t("title.start"), self.start),
                  ("title:settings", self.t("ui.settings"), self.open_settings),
                  ("title:quit", self.t("title.quit"), self.app.quit)]
        heights = [button_height(self.assets, self.theme, label, column) for _, label, _ in specs]
        total = sum(h + 12 for h in heights) - 12
        # Below the introduction, and always above the help lines at the foot of the screen.
        y = max(BAR + 120, min(BAR + int(height * 0.44), self._foot_top(size) - 16 - total))
        self.buttons_top = y
        widgets = []
        for (widget_id, label, action), h in zip(specs, heights):
            widgets.append(Widget(widget_id, pygame.Rect(x, y, column, h), label, action=action))
            y += h + 12
        return widgets

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

    def start_here(self) -> None:
        """Open the guided first scenario straight away."""
        from .play import PlayScene

        scenario = suggested_first(self.ctx)
        if scenario is None:
            return
        self.app.push(PlayScene(self.app, scenario, seed=random.SystemRandom().randrange(1, 1_000_000)))

    def resume(self) -> None:
        from game.engine import SaveError, Session

        from .play import PlayScene

        scenario = self._autosave_scenario()
        try:
            session = Session.from_json(scenario, self.ctx.catalog, self.ctx.progress.autosave["session"], words=words)
        except (SaveError, KeyError, TypeError):
            self.ctx.progress.autosave = None
            self.ctx.progress.save()
            self.relayout()
            return
        self.ctx.progress.autosave = None
        self.app.push(PlayScene(self.app, scenario, seed=session.seed, session=session))

    def draw_body(self, surface: pygame.Surface) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        width, height = surface.get_size()
        column = min(760, width - 80)
        x = (width - column) // 2
        bottom = self.buttons_top - 12
        y = BAR + int(height * 0.08)
        for text, size, color, bold, gap in ((self.t("title.name"), theme.size(56), palette.danger, True, 12),
                                             (self.t("title.tagline"), theme.title, palette.text, False, 10),
                                             (self.t("title.about"), theme.body, palette.muted, False, 0)):
            if bottom - y < assets.line_height(min(size, theme.small)):
                break
            taken = draw_text(surface, assets, text, size, color, pygame.Rect(x, y, column, bottom - y), bold=bold,
                              align="center", min_size=theme.small, where="title:intro")
            y = taken.bottom + gap
        self.draw_buttons(surface, "title:", lambda w: "primary" if w.id in (
            "title:start_here", "title:resume") or (w.id == "title:start" and not self.widget("title:start_here"))
            else "normal")
        foot_top = self._foot_top(surface.get_size())
        draw_text(surface, assets, self._help_lines(), theme.small, palette.muted,
                  pygame.Rect(x, foot_top, column, height - 16 - foot_top), align="center", where="title:help_lines")
