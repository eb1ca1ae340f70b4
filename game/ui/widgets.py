"""Widgets: hit-test records with a stable id, plus the drawing of buttons and focus rings.

A widget reports activation through the callback its scene gave it; the scene turns that into
one Session command or one navigation request. Ids are stable and structured, e.g.
`choice:call_bank`, `msg:m3`, `flag_option:upfront_fee`, `card:loan_fee_trap`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

from .assets import Assets, Color
from .fit import draw_text, fit
from .theme import Theme
from .theme import hovered as hovered_fill


LATE = 100      # Widget.order of controls Tab reaches last and that are never focused first


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
    order: int = 0          # Tab order: lower first, equal keeps build order (top-bar controls: LATE)

    def activate(self) -> bool:
        if self.enabled and self.action is not None:
            self.action()
            return True
        return False


def draw_focus(surface: pygame.Surface, theme: Theme, rect: pygame.Rect, radius: int = 10) -> None:
    pygame.draw.rect(surface, theme.palette.focus, rect.inflate(8, 8), width=3, border_radius=radius + 4)


PAD_X = 12          # a button's label keeps this far from its left and right edges
PAD_Y = 9           # button_height leaves this above and below the label
MIN_PAD_Y = 3       # draw_button never puts the label closer than this to the top or bottom


def label_box(rect: pygame.Rect) -> pygame.Rect:
    """Where a button's label may go: the same box for measuring and for drawing."""
    pad_y = max(0, min(MIN_PAD_Y, (rect.height - 1) // 2))
    return pygame.Rect(rect.left + PAD_X, rect.top + pad_y, max(1, rect.width - 2 * PAD_X),
                       max(1, rect.height - 2 * pad_y))


def button_colors(theme: Theme, style: str, *, enabled: bool = True, hover: bool = False) -> tuple[Color, Color]:
    """(fill, text colour) of a button: "normal", "quiet" (on a panel), "primary" or "danger"."""
    palette = theme.palette
    fill = {"primary": palette.accent, "danger": palette.danger, "quiet": palette.panel}.get(style, palette.button)
    fg = palette.accent_text if style in ("primary", "danger") else palette.button_text
    if not enabled:
        return palette.button, palette.disabled
    return (hovered_fill(fill) if hover else fill), fg


def draw_button(surface: pygame.Surface, assets: Assets, theme: Theme, widget: Widget, *, focused: bool,
                hovered: bool = False, style: str = "normal", size: int | None = None) -> None:
    """The button's label is wrapped to its width; a rect from `button_height` (same text, width and
    size) holds it whole. A smaller rect shrinks the label (down to 10 px), then cuts it with "…"."""
    fill, fg = button_colors(theme, style, enabled=widget.enabled, hover=hovered)
    rect = widget.rect
    pygame.draw.rect(surface, fill, rect, border_radius=10)
    pygame.draw.rect(surface, theme.palette.panel_edge, rect, width=1, border_radius=10)
    size = size or theme.body
    draw_text(surface, assets, widget.text, size, fg, label_box(rect), align="center", valign="center",
              min_size=min(size, 10), where=f"button:{widget.id}")
    if focused:
        draw_focus(surface, theme, rect)


def button_height(assets: Assets, theme: Theme, text: str, width: int, size: int | None = None) -> int:
    """The height of a `width`-wide button whose label `text` shows whole at `size`."""
    return fit(assets, text, size or theme.body, max(1, width - 2 * PAD_X)).height + 2 * PAD_Y
