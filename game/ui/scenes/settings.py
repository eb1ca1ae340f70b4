"""Settings: text size, sound, high contrast, reduced motion, feedback timing, language,
full screen. Saved with the player's progress."""

from __future__ import annotations

import pygame

from game.progress import TEXT_SIZES

from ..fit import draw_text, fit
from ..widgets import Widget, button_height
from .common import BAR, ChromeScene

SIZES = TEXT_SIZES


class SettingsScene(ChromeScene):
    title_key = "ui.settings"
    show_settings = False

    def build_body(self, size: tuple[int, int]) -> list[Widget]:
        width, height = size
        s = self.ctx.progress.settings
        on, off, c = self.t("settings.on"), self.t("settings.off"), self.ctx.tr.colon
        size_names = {1.0: self.t("settings.size_m"), 1.2: self.t("settings.size_l"), 1.4: self.t("settings.size_xl")}
        rows = [
            ("setting:text_size", f"{self.t('settings.text_size')}{c}{size_names.get(s['text_size'], '?')}", self._size),
            ("setting:sound", f"{self.t('settings.sound')}{c}{on if s['sound'] else off}", lambda: self._flip("sound")),
            ("setting:high_contrast", f"{self.t('settings.contrast')}{c}{on if s['high_contrast'] else off}",
             lambda: self._flip("high_contrast")),
            ("setting:reduced_motion", f"{self.t('settings.motion')}{c}{on if s['reduced_motion'] else off}",
             lambda: self._flip("reduced_motion")),
            ("setting:feedback", f"{self.t('settings.feedback')}{c}{self.t('settings.feedback_' + s['feedback'])}",
             self._feedback),
            ("setting:lang", f"{self.t('settings.language')}{c}{self.ctx.tr.language.native}", self.app.toggle_lang),
            ("setting:region", f"{self.t('settings.region')}{c}{self._region_name()}", self._region),
            ("setting:fullscreen", self.t("settings.fullscreen"), self.app.toggle_fullscreen),
            ("setting:back", self.t("ui.back"), self._back),
        ]
        note_h = self._note_height(width)
        bottom = height - 20 - note_h - 16
        for columns in (1, 2):                     # two columns when one does not fit the window
            column = min(560, (width - 80 - 16 * (columns - 1)) // columns)
            left = (width - columns * column - 16 * (columns - 1)) // 2
            heights = [button_height(self.assets, self.theme, label, column) for _, label, _ in rows]
            per_column = -(-len(rows) // columns)
            tallest = max(sum(h + 10 for h in heights[c * per_column:(c + 1) * per_column]) for c in range(columns))
            if BAR + 40 + tallest <= bottom:
                break
        top = BAR + max(16, min(40, bottom - BAR - tallest))
        widgets = []
        for index, ((widget_id, label, action), h) in enumerate(zip(rows, heights)):
            column_index, row_index = divmod(index, per_column)
            if row_index == 0:
                y = top
            x = left + column_index * (column + 16)
            widgets.append(Widget(widget_id, pygame.Rect(x, y, column, h), label, action=action))
            y += h + 10
        if self.focus_id is None:
            self.focus_id = widgets[0].id
        return widgets

    def _note_height(self, width: int) -> int:
        return fit(self.assets, self.t("settings.feedback_note"), self.theme.small, min(560, width - 80)).height

    def _save(self) -> None:
        self.ctx.progress.save()
        self.app.apply_settings()

    def _flip(self, key: str) -> None:
        self.ctx.progress.settings[key] = not self.ctx.progress.settings[key]
        self._save()

    def _size(self) -> None:
        current = self.ctx.progress.settings["text_size"]
        self.ctx.progress.settings["text_size"] = SIZES[(SIZES.index(current) + 1) % len(SIZES)] \
            if current in SIZES else 1.0
        self._save()

    def _feedback(self) -> None:
        settings = self.ctx.progress.settings
        settings["feedback"] = "immediate" if settings["feedback"] == "delayed" else "delayed"
        self._save()

    def _region_name(self) -> str:
        region = self.ctx.catalog.regions.get(self.ctx.region)
        return region.name.get(self.ctx.lang) if region else self.ctx.region

    def _region(self) -> None:
        self.ctx.region = self.ctx.next_region()
        self.ctx.progress.settings["region"] = self.ctx.region
        self._save()

    def _back(self) -> None:
        self.ctx.progress.save()
        self.app.pop()

    def handle_intent(self, inp) -> bool:
        if inp.name == "back":
            self._back()
            return True
        return super().handle_intent(inp)

    def draw_body(self, surface: pygame.Surface) -> None:
        self.draw_buttons(surface, "setting:", lambda w: "quiet" if w.id == "setting:back" else "normal")
        width, height = surface.get_size()
        note_w, note_h = min(560, width - 80), self._note_height(width)
        draw_text(surface, self.assets, self.t("settings.feedback_note"), self.theme.small, self.theme.palette.muted,
                  pygame.Rect((width - note_w) // 2, height - 20 - note_h, note_w, note_h), align="center",
                  where="settings.note")
