"""The title screen: what the game is, start, resume a saved session, settings, language."""

from __future__ import annotations

import pygame

from game.engine import SaveError, Session

from ..widgets import Widget, button_height
from .common import BAR, ChromeScene


class TitleScene(ChromeScene):
    def build_body(self, size: tuple[int, int]) -> list[Widget]:
        width, height = size
        column = min(460, width - 80)
        x = (width - column) // 2
        y = BAR + int(height * 0.44)
        specs = []
        if self._autosave_scenario() is not None:
            specs.append(("title:resume", self.t("title.resume", title=self._autosave_scenario().title.get(self.ctx.lang)),
                          self.resume))
        specs += [("title:start", self.t("title.start"), self.start),
                  ("title:settings", self.t("ui.settings"), self.open_settings),
                  ("title:quit", self.t("title.quit"), self.app.quit)]
        widgets = []
        for widget_id, label, action in specs:
            h = button_height(self.assets, self.theme, label, column)
            widgets.append(Widget(widget_id, pygame.Rect(x, y, column, h), label, action=action))
            y += h + 12
        if self.focus_id is None and widgets:
            self.focus_id = widgets[0].id
        return widgets

    def _autosave_scenario(self):
        save = self.ctx.progress.autosave
        if not save:
            return None
        return self.ctx.scenarios.get(save.get("scenario_id"))

    def start(self) -> None:
        from .picker import PickerScene

        self.app.push(PickerScene(self.app))

    def resume(self) -> None:
        from .play import PlayScene

        scenario = self._autosave_scenario()
        try:
            session = Session.from_json(scenario, self.ctx.catalog, self.ctx.progress.autosave["session"])
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
        name = assets.text("识破 · Red Flag", theme.size(56), palette.danger, bold=True)
        y = BAR + int(height * 0.1)
        surface.blit(name, name.get_rect(midtop=(width // 2, y)))
        y += name.get_height() + 12
        tagline = assets.text(self.t("title.tagline"), theme.title, palette.text, width=column, align="center")
        surface.blit(tagline, tagline.get_rect(midtop=(width // 2, y)))
        y += tagline.get_height() + 10
        about = assets.text(self.t("title.about"), theme.body, palette.muted, width=column, align="center")
        surface.blit(about, about.get_rect(midtop=(width // 2, y)))
        self.draw_buttons(surface, "title:", lambda w: "primary" if w.id in ("title:start", "title:resume") else "normal")
        foot = assets.text(self.t("title.help_lines"), theme.small, palette.muted, width=column, align="center")
        surface.blit(foot, foot.get_rect(midbottom=(width // 2, height - 16)))
