"""What most screens share: the top bar (name, screen title, language switch, settings)."""

from __future__ import annotations

import pygame

from ..app import Scene
from ..fit import draw_text, text_width
from ..widgets import LATE, PAD_X, Widget, draw_button

BAR = 56
BAR_BUTTON = 40                  # height of the language and settings buttons


class ChromeScene(Scene):
    """A full screen with the top bar. Subclasses add `build_body` and `draw_body`."""

    title_key = ""
    show_settings = True
    bar_right = 0                    # where the top bar's buttons begin (set by build)

    def screen_title(self) -> str:
        return self.t(self.title_key) if self.title_key else ""

    def build(self, size: tuple[int, int]) -> list[Widget]:
        width, _ = size
        widgets = []
        specs = [("lang", self.ctx.next_language().native, self.app.toggle_lang)]    # where a click goes
        if self.show_settings:
            specs.append(("settings", self.t("ui.settings"), self.open_settings))
        right = width - 12
        for widget_id, label, action in reversed(specs):      # right to left, each as wide as its label
            button_w = max(88, text_width(self.assets, label, self.theme.small) + 2 * PAD_X + 8)
            rect = pygame.Rect(right - button_w, (BAR - BAR_BUTTON) // 2, button_w, BAR_BUTTON)
            widgets.insert(0, Widget(widget_id, rect, label, action=action, order=LATE))
            right = rect.left - 8
        self.bar_right = right
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
        theme, assets = self.theme, self.assets
        name = self.t("ui.brand")
        brand_w = min(text_width(assets, name, theme.size(20), bold=True), surface.get_width() // 4)
        brand = draw_text(surface, assets, name, theme.size(20), palette.danger, pygame.Rect(18, 0, brand_w, BAR),
                          bold=True, valign="center", max_lines=1, min_size=10, where="topbar.brand")
        title = self.screen_title()
        if title:
            left, right = brand.right + 24, (self.bar_right or surface.get_width() - 210) - 16
            centre = surface.get_width() // 2
            half = max(0, min(centre - left, right - centre))
            box = pygame.Rect(centre - half, 0, 2 * half, BAR)
            if half < text_width(assets, title, theme.body, bold=True) // 2:
                box = pygame.Rect(left, 0, max(1, right - left), BAR)   # off centre rather than cut
            draw_text(surface, assets, title, theme.body, palette.text, box, bold=True, align="center",
                      valign="center", max_lines=1, min_size=theme.small, where="topbar.title")
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
