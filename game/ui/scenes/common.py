"""What most screens share: the top bar (name, screen title, language switch, settings)."""

from __future__ import annotations

import pygame

from ..app import Scene
from ..widgets import Widget, draw_button

BAR = 56


class ChromeScene(Scene):
    """A full screen with the top bar. Subclasses add `build_body` and `draw_body`."""

    title_key = ""
    show_settings = True

    def screen_title(self) -> str:
        return self.t(self.title_key) if self.title_key else ""

    def build(self, size: tuple[int, int]) -> list[Widget]:
        width, _ = size
        widgets = []
        lang_label = "English" if self.ctx.lang == "zh" else "中文"
        lang = Widget("lang", pygame.Rect(width - (196 if self.show_settings else 104), 10, 88, 36), lang_label,
                      action=self.app.toggle_lang)
        widgets.append(lang)
        if self.show_settings:
            widgets.append(Widget("settings", pygame.Rect(width - 100, 10, 88, 36), self.t("ui.settings"),
                                  action=self.open_settings))
        return widgets + self.build_body(size)

    def build_body(self, size: tuple[int, int]) -> list[Widget]:
        return []

    def open_settings(self) -> None:
        from .settings import SettingsScene

        self.app.push(SettingsScene(self.app))

    def draw(self, surface: pygame.Surface) -> None:
        palette = self.theme.palette
        surface.fill(palette.background)
        bar = pygame.Rect(0, 0, surface.get_width(), BAR)
        pygame.draw.rect(surface, palette.panel, bar)
        pygame.draw.line(surface, palette.panel_edge, bar.bottomleft, bar.bottomright)
        brand = self.assets.text("Red Flag · 识破", self.theme.size(20), palette.danger, bold=True)
        surface.blit(brand, brand.get_rect(midleft=(18, BAR // 2)))
        title = self.screen_title()
        if title:
            text = self.assets.text(title, self.theme.body, palette.text, bold=True)
            clip = surface.get_clip()
            surface.set_clip(pygame.Rect(brand.get_width() + 40, 0, surface.get_width() - brand.get_width() - 260, BAR))
            surface.blit(text, text.get_rect(center=(surface.get_width() // 2, BAR // 2)))
            surface.set_clip(clip)
        self.draw_body(surface)
        for widget in self.widgets():
            if widget.id in ("lang", "settings"):
                draw_button(surface, self.assets, self.theme, widget, focused=self.focus_id == widget.id,
                            hovered=self.hover_id == widget.id, size=self.theme.small)

    def draw_body(self, surface: pygame.Surface) -> None:
        pass

    def draw_panel(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        palette = self.theme.palette
        pygame.draw.rect(surface, palette.panel, rect, border_radius=14)
        pygame.draw.rect(surface, palette.panel_edge, rect, width=1, border_radius=14)

    def draw_buttons(self, surface: pygame.Surface, prefix: str = "", style_of=None) -> None:
        for widget in self.widgets():
            if widget.kind == "button" and widget.id not in ("lang", "settings") and widget.id.startswith(prefix):
                style = style_of(widget) if style_of else "normal"
                draw_button(surface, self.assets, self.theme, widget, focused=self.focus_id == widget.id,
                            hovered=self.hover_id == widget.id, style=style)
