"""What every channel view shares: the drawing context, one row of the scrolling list, and the
`ChannelView` base class a channel module subclasses (its header, its rows, its footer).

A row is measured once, when the thread's rows are built; it keeps the boxes it needs and a
`paint` function, so drawing a frame only paints what layout already placed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

from game.engine import MessageView, SessionView, ThreadView

from ..assets import Assets
from ..fit import draw_text, fit
from ..theme import Color, Palette, Theme
from ..widgets import Widget


@dataclass
class PhoneContext:
    """Everything a channel view may read while it lays out or paints (never the Session)."""

    assets: Assets
    theme: Theme
    t: Callable[..., str]
    clock: Callable[[float], tuple[int, str]]    # game seconds -> (day, "HH:MM")
    lang: str = "en"
    currency: str = "CNY"
    now: float = 0.0                             # the game clock of the view
    time: float = 0.0                            # real seconds, for animation
    reduced_motion: bool = False
    memo: dict = field(default_factory=dict)     # rows already built: {thread look: {message: rows}}

    @property
    def palette(self) -> Palette:
        return self.theme.palette

    def line(self, size: int) -> int:
        return self.assets.line_height(size)

    def measure(self, text: str, size: int, width: int, *, bold: bool = False) -> int:
        """The height `text` takes when wrapped to `width` (what `draw_text` will use)."""
        return fit(self.assets, text, size, width, bold=bold).height

    def text_width(self, text: str, size: int, width: int, *, bold: bool = False) -> int:
        return fit(self.assets, text, size, width, bold=bold).width

    def text(self, surface: pygame.Surface, text: str, size: int, color: Color, box: pygame.Rect,
             where: str, **options) -> pygame.Rect:
        return draw_text(surface, self.assets, text, size, color, box, where=where, **options)


@dataclass(frozen=True)
class RowState:
    focused: bool = False
    hovered: bool = False


Painter = Callable[[PhoneContext, pygame.Surface, pygame.Rect, "Row", RowState], None]


@dataclass
class Row:
    """One entry of the scrolling list. Boxes in `boxes` and `hit` are relative to the row."""

    kind: str
    height: int
    paint: Painter
    message: MessageView | None = None
    hit: pygame.Rect | None = None               # the flaggable area (a message's bubble, card, …)
    boxes: dict[str, pygame.Rect] = field(default_factory=dict)
    data: dict[str, object] = field(default_factory=dict)   # what the row shows, as fields (tests read it)

    def box(self, name: str, origin: pygame.Rect) -> pygame.Rect:
        return self.boxes[name].move(origin.left, origin.top)


@dataclass
class Header:
    """What the header shows, as fields (tests read them; the channel paints them)."""

    title: str = ""
    detail: str = ""
    timer: str = ""                              # the call timer, "MM:SS"
    live: bool = False                           # the call is still going on


class ChannelView:
    """The look of one channel. Subclasses override what differs; every method is pure layout
    or pure painting. `rows` runs when the thread changes; `paint_*` every frame."""

    channel = ""

    # -- colours (palette roles) ------------------------------------------------------------
    fill_role = "phone_screen"                  # palette role of the screen behind the rows
    header_roles = ("panel", "text")            # palette roles of the header: fill, text

    def screen_fill(self, palette: Palette) -> Color:
        return getattr(palette, self.fill_role)

    def header_colors(self, palette: Palette) -> tuple[Color, Color]:
        return getattr(palette, self.header_roles[0]), getattr(palette, self.header_roles[1])

    # -- header -------------------------------------------------------------------------------
    def header(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
               messages: list[MessageView]) -> Header:
        title = thread.title if thread and thread.title else (ctx.t(f"channel.{self.channel}") if self.channel else "")
        return Header(title=title, detail=thread.detail if thread else "")

    def header_height(self, ctx: PhoneContext, header: Header, width: int) -> int:
        return ctx.line(ctx.theme.body) + 20

    def paint_header(self, ctx: PhoneContext, surface: pygame.Surface, rect: pygame.Rect, header: Header) -> None:
        fill, fg = self.header_colors(ctx.palette)
        pygame.draw.rect(surface, fill, rect)
        pygame.draw.line(surface, ctx.palette.panel_edge, rect.bottomleft, rect.bottomright)
        ctx.text(surface, header.title, ctx.theme.body, fg, rect.inflate(-24, -8), "phone.header", bold=True,
                 align="center", valign="center", max_lines=1, min_size=ctx.theme.small)

    # -- rows ---------------------------------------------------------------------------------
    def rows(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
             messages: list[MessageView], width: int) -> list[Row]:
        from . import rows
        return rows.timeline(ctx, view, thread, messages, width, lambda m: rows.card_row(ctx, m, width))

    # -- footer (below the scrolling list) ----------------------------------------------------
    def footer_height(self, ctx: PhoneContext, header: Header, hint: str, width: int) -> int:
        return 0

    def footer_widgets(self, ctx: PhoneContext, rect: pygame.Rect, header: Header,
                       show_hint: Callable[[str], None]) -> list[Widget]:
        """Widgets of the footer; `show_hint(text)` puts a short note above the footer."""
        return []

    def paint_footer(self, ctx: PhoneContext, surface: pygame.Surface, rect: pygame.Rect, header: Header,
                     hint: str, state: RowState) -> None:
        pass
