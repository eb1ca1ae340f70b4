"""Settings: text size, sound, high contrast, reduced motion, feedback timing, language,
full screen. Saved with the player's progress."""

from __future__ import annotations

import pygame

from ..widgets import Widget, button_height
from .common import BAR, ChromeScene

SIZES = (1.0, 1.2, 1.4)


class SettingsScene(ChromeScene):
    title_key = "ui.settings"
    show_settings = False

    def build_body(self, size: tuple[int, int]) -> list[Widget]:
        width, _ = size
        s = self.ctx.progress.settings
        on, off, c = self.t("settings.on"), self.t("settings.off"), self.t("ui.colon")
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
            ("setting:lang", f"{self.t('settings.language')}{c}{'中文' if self.ctx.lang == 'zh' else 'English'}",
             self.app.toggle_lang),
            ("setting:fullscreen", self.t("settings.fullscreen"), self.app.toggle_fullscreen),
            ("setting:back", self.t("ui.back"), self._back),
        ]
        column = min(560, width - 80)
        x, y = (width - column) // 2, BAR + 40
        widgets = []
        for widget_id, label, action in rows:
            h = button_height(self.assets, self.theme, label, column)
            widgets.append(Widget(widget_id, pygame.Rect(x, y, column, h), label, action=action))
            y += h + 10
        if self.focus_id is None:
            self.focus_id = widgets[0].id
        return widgets

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
        note = self.assets.text(self.t("settings.feedback_note"), self.theme.small, self.theme.palette.muted,
                                width=min(560, surface.get_width() - 80), align="center")
        surface.blit(note, note.get_rect(midbottom=(surface.get_width() // 2, surface.get_height() - 20)))
