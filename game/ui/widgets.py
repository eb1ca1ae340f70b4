"""Widgets: hit-test records with a stable id, plus the drawing of buttons and focus rings.

A widget reports activation through the callback its scene gave it; the scene turns that into
one Session command or one navigation request. Ids are stable and structured, e.g.
`choice:call_bank`, `msg:m3`, `flag_option:upfront_fee`, `card:loan_fee_trap`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

from .assets import Assets
from .theme import Theme


@dataclass
class Widget:
    id: str
    rect: pygame.Rect
    text: str = ""
    action: Callable[[], None] | None = None
    on_flag: Callable[[], None] | None = None     # messages: what F does
    focusable: bool = True
    enabled: bool = True
    kind: str = "button"
    data: dict = field(default_factory=dict)

    def activate(self) -> bool:
        if self.enabled and self.action is not None:
            self.action()
            return True
        return False


def draw_focus(surface: pygame.Surface, theme: Theme, rect: pygame.Rect, radius: int = 10) -> None:
    pygame.draw.rect(surface, theme.palette.focus, rect.inflate(8, 8), width=3, border_radius=radius + 4)


def draw_button(surface: pygame.Surface, assets: Assets, theme: Theme, widget: Widget, *, focused: bool,
                hovered: bool = False, style: str = "normal", size: int | None = None) -> None:
    palette = theme.palette
    fill = {"primary": palette.accent, "danger": palette.danger, "quiet": palette.panel}.get(style, palette.button)
    fg = palette.accent_text if style in ("primary", "danger") else palette.button_text
    if not widget.enabled:
        fill, fg = palette.button, palette.disabled
    elif hovered:
        fill = tuple(min(255, c + 14) if sum(fill) < 400 else max(0, c - 14) for c in fill)
    rect = widget.rect
    pygame.draw.rect(surface, fill, rect, border_radius=10)
    pygame.draw.rect(surface, palette.panel_edge, rect, width=1, border_radius=10)
    label = assets.text(widget.text, size or theme.body, fg, width=rect.width - 24, align="center")
    surface.blit(label, label.get_rect(center=rect.center))
    if focused:
        draw_focus(surface, theme, rect)


def button_height(assets: Assets, theme: Theme, text: str, width: int, size: int | None = None) -> int:
    lines = max(1, len(assets.lines(text, size or theme.body, width - 24)))
    return lines * assets.line_height(size or theme.body) + 18
