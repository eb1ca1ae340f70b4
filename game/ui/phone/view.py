"""The simulated phone: its frame, status bar and thread tabs, the header and rows of the shown
thread (drawn by that channel's view from the registry), scrolling, and the hit targets.

`layout(view, thread_id, focus_id, hover_id)` places everything and returns the widgets (the
thread tabs, the flaggable messages in sight, the phone's own buttons); `draw(surface)` only
paints what layout placed. A thread's rows are rebuilt only when the session view, the
language, the width, the theme or the thread changes; a frame paints only the rows in sight.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

import pygame

from game.engine import MessageView, SessionView, ThreadView

from ..assets import Assets
from ..theme import Theme
from ..widgets import Widget
from .base import ChannelView, Header, PhoneContext, Row, RowState
from .registry import BLANK, CHANNEL_VIEWS
from .tabs import start_showing, tab_labels, visible_tabs

TAB_GAP = 6
ARROW_W = 22
BAR_H = 44               # the "back to the latest message" bar, shown while scrolled up
HINT_SECONDS = 5.0
MEMO_LIMIT = 20_000      # rows kept for reuse (a long conversation, in two languages and sizes)


class PhoneView:
    """Lays out and draws one thread of the session on a phone."""

    def __init__(self, assets: Assets, theme: Theme, t: Callable[..., str],
                 day_and_time: Callable[[float], tuple[int, str]], reduced_motion: bool) -> None:
        self.assets = assets
        self.theme = theme
        self.t = t
        self._clock = day_and_time
        self.reduced_motion = reduced_motion
        self.rect = pygame.Rect(0, 0, 400, 700)
        self.time = 0.0                        # real seconds (animation, hints)
        self.scroll = 0                        # pixels scrolled up from the bottom
        self.tab_start = 0                     # the first tab in sight when they do not all fit
        self._tab_active = -1
        self.rows: list[Row] = []
        self.content_height = 0
        self.header = Header()                 # what the header shows (title, detail, call timer)
        self.header_rect = pygame.Rect(0, 0, 0, 0)
        self.channel = ""
        self.tabs: list[tuple[str, str]] = []  # (thread id, label) of every thread
        self.widgets: list[Widget] = []
        self._tops: list[int] = []
        self._rows_key: tuple | None = None
        self._messages: list[MessageView] = []
        self._memo: dict = {}                  # rows by message (PhoneContext.memo)
        self._hint: tuple[str, float] | None = None   # (locale key, until self.time)
        self._frame: _Frame | None = None

    # -- geometry -----------------------------------------------------------------------------
    @property
    def screen(self) -> pygame.Rect:
        return self.rect.inflate(-24, -24).move(0, 6).clip(self.rect.inflate(-24, -40))

    def _status_size(self) -> int:
        return self.theme.size(12)

    def content_rect(self, has_tabs: bool | None = None) -> pygame.Rect:
        """Where the rows scroll (as of the last layout)."""
        return self._frame.viewport.copy() if self._frame else self.screen

    # -- layout ---------------------------------------------------------------------------------
    def layout(self, view: SessionView, thread_id: str | None, focus_id: str | None = None,
               hover_id: str | None = None) -> list[Widget]:
        """Place the phone for `view` showing `thread_id`; return its widgets."""
        assets, theme = self.assets, self.theme
        thread = next((t for t in view.threads if t.id == thread_id), None)
        channel = thread.channel if thread else view.channel
        channel_view = CHANNEL_VIEWS[channel] if channel else BLANK
        if sum(len(rows) for rows in self._memo.values()) > MEMO_LIMIT:
            self._memo.clear()
        ctx = PhoneContext(assets, theme, self.t, self._clock, lang=view.lang, currency=view.currency,
                           now=view.clock, time=self.time, reduced_motion=self.reduced_motion, memo=self._memo)
        screen = self.screen
        status = pygame.Rect(screen.left, screen.top, screen.width, assets.line_height(self._status_size()) + 8)
        widgets: list[Widget] = []
        self.tabs = tab_labels(view.threads, self.t)
        top = status.bottom
        tab_rects: list[tuple[str, str, pygame.Rect]] = []
        arrows: list[tuple[str, pygame.Rect]] = []
        if len(self.tabs) > 1:
            strip = pygame.Rect(screen.left, top, screen.width, assets.line_height(theme.small) + 14)
            tab_rects, arrows = self._layout_tabs(strip, thread.id if thread else "")
            top = strip.bottom
            for tab_id, label, rect in tab_rects:
                widgets.append(Widget(f"thread:{tab_id}", rect, label, kind="tab",
                                      data={"label": label, "active": tab_id == (thread.id if thread else "")}))
            for name, rect in arrows:
                step = -1 if name == "prev" else 1
                widgets.append(Widget(f"tabs:{name}", rect, "‹" if step < 0 else "›", kind="tab_scroll",
                                      action=lambda s=step: self._shift_tabs(s), focusable=False))
        messages = self._thread_messages(view, thread)
        self.channel = channel
        self.header = channel_view.header(ctx, view, thread, messages)
        self.header_rect = header_rect = pygame.Rect(screen.left, top, screen.width,
                                                     channel_view.header_height(ctx, self.header, screen.width))
        hint = self._hint_text(view)
        footer_h = channel_view.footer_height(ctx, self.header, hint, screen.width)
        footer = pygame.Rect(screen.left, screen.bottom - footer_h, screen.width, footer_h)
        full = pygame.Rect(screen.left, header_rect.bottom, screen.width, max(0, footer.top - header_rect.bottom))
        self._build_rows(ctx, channel_view, view, thread, messages, full.width)

        # scrolling: rows are anchored at the bottom; the bar appears in place of the last pixels
        overflow = max(0, self.content_height - full.height)
        self.scroll = max(0, min(self.scroll, overflow + BAR_H if overflow else 0))
        bar = None
        viewport = full.copy()
        if self.scroll > 0:
            bar = pygame.Rect(full.left, full.bottom - BAR_H, full.width, BAR_H)
            viewport.height -= BAR_H
        origin_y = full.top if not overflow else full.bottom - self.content_height + self.scroll
        placed: list[tuple[Row, pygame.Rect, RowState]] = []
        first = max(0, bisect.bisect_right(self._tops, viewport.top - origin_y) - 1)
        for index in range(first, len(self.rows)):
            row = self.rows[index]
            rect = pygame.Rect(full.left, origin_y + self._tops[index], full.width, row.height)
            if rect.top >= viewport.bottom:
                break
            if rect.bottom <= viewport.top:
                continue
            state = RowState()
            if row.message is not None and row.hit is not None and row.message.flaggable:
                widget_id = f"msg:{row.message.id}"
                full_hit = row.hit.move(rect.left, rect.top)
                shown = full_hit.clip(viewport)
                if shown.height > 0:
                    widgets.append(Widget(widget_id, shown, row.message.text, kind="message",
                                          data={"message_id": row.message.id, "full": full_hit}))
                state = RowState(focused=focus_id == widget_id, hovered=hover_id == widget_id)
            placed.append((row, rect, state))
        footer_widgets = channel_view.footer_widgets(ctx, footer, self.header, self.show_hint) if footer_h else []
        widgets += footer_widgets
        if bar is not None:
            button = pygame.Rect(0, 0, 34, 34)
            button.center = bar.center
            widgets.append(Widget("phone:to_bottom", button, "↓", kind="to_bottom", action=self.to_bottom,
                                  focusable=False))
        footer_state = RowState(focused=any(w.id == focus_id for w in footer_widgets),
                                hovered=any(w.id == hover_id for w in footer_widgets))
        self._frame = _Frame(ctx, channel_view, status, tab_rects, arrows, header_rect, viewport, full, bar,
                             footer, hint, placed, footer_state, view.time_of_day, thread.id if thread else "",
                             hover_id)
        self.widgets = widgets
        return widgets

    def _thread_messages(self, view: SessionView, thread: ThreadView | None) -> list[MessageView]:
        key = (view.revision, view.lang, thread.id if thread else None)
        if self._rows_key is not None and self._rows_key[:3] == key:
            return self._messages
        if thread is None:
            return []
        ids = set(thread.message_ids)
        return [m for m in view.messages if m.id in ids and m.thread == thread.id]

    def _build_rows(self, ctx: PhoneContext, channel_view: ChannelView, view: SessionView,
                    thread: ThreadView | None, messages: list[MessageView], width: int) -> None:
        key = (view.revision, view.lang, thread.id if thread else None, width, view.waiting, self.theme,
               channel_view.channel)
        if key == self._rows_key:
            return
        self._rows_key = key
        self._messages = messages
        self.rows = channel_view.rows(ctx, view, thread, messages, width)
        tops, y = [], 4
        for row in self.rows:
            tops.append(y)
            y += row.height
        self._tops = tops
        self.content_height = y + 8

    # -- the tab strip --------------------------------------------------------------------------
    def _layout_tabs(self, strip: pygame.Rect, active_id: str):
        assets, theme = self.assets, self.theme
        room = strip.width - 16
        font = assets.font(theme.small, True)                     # measured bold, as the active tab is drawn
        natural = [min(font.size(label)[0] + 26, room) for _, label in self.tabs]
        active = next((i for i, (tab_id, _) in enumerate(self.tabs) if tab_id == active_id), -1)
        widths = [min(w, int(room * (0.62 if i == active else 0.38))) for i, w in enumerate(natural)]
        widths = [max(w, min(natural[i], 48)) for i, w in enumerate(widths)]
        fits = sum(widths) + TAB_GAP * (len(widths) - 1) <= room
        if fits:
            shown = list(range(len(widths)))
        else:
            room -= 2 * (ARROW_W + TAB_GAP)
            widths = [min(w, room) for w in widths]
            if active != self._tab_active:                 # a new active thread: scroll it into sight
                self.tab_start = start_showing(widths, active, room, TAB_GAP)
            shown = visible_tabs(widths, active, self.tab_start, room, TAB_GAP)
        self._tab_active = active
        height = strip.height - 8
        x = strip.left + 8 + (0 if fits else ARROW_W + TAB_GAP)
        rects = []
        for index in shown:
            tab_id, label = self.tabs[index]
            rect = pygame.Rect(x, strip.top + 4, widths[index], height)
            rects.append((tab_id, label, rect))
            x = rect.right + TAB_GAP
        arrows = []
        if not fits:
            hidden = set(range(len(self.tabs))) - set(shown)
            if any(index < self.tab_start for index in hidden):
                arrows.append(("prev", pygame.Rect(strip.left + 8, strip.top + 4, ARROW_W, height)))
            if any(index > self.tab_start for index in hidden):
                arrows.append(("next", pygame.Rect(strip.right - 8 - ARROW_W, strip.top + 4, ARROW_W, height)))
        return rects, arrows

    def _shift_tabs(self, step: int) -> None:
        self.tab_start = max(0, min(len(self.tabs) - 1, self.tab_start + step))

    # -- hints ------------------------------------------------------------------------------------
    def show_hint(self, key: str) -> None:
        """Show a short note in the phone (e.g. after a click on the hang-up button)."""
        self._hint = (key, self.time + HINT_SECONDS)

    def _hint_text(self, view: SessionView) -> str:
        if self._hint is None or self.time >= self._hint[1]:
            self._hint = None
            return ""
        key = self._hint[0]
        return self.t(key if view.choices else f"{key}_wait")

    # -- drawing ----------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        """Paint what the last `layout` placed."""
        frame = self._frame
        palette = self.theme.palette
        pygame.draw.rect(surface, palette.phone_frame, self.rect, border_radius=36)
        screen = self.screen
        if frame is None:
            pygame.draw.rect(surface, palette.phone_screen, screen, border_radius=22)
            return
        ctx, channel_view = frame.ctx, frame.channel_view
        ctx.time = self.time
        fill = channel_view.screen_fill(palette)
        pygame.draw.rect(surface, palette.phone_screen, screen, border_radius=22)
        pygame.draw.rect(surface, fill, frame.full.union(frame.footer) if frame.footer.height else frame.full,
                         border_bottom_left_radius=22, border_bottom_right_radius=22)
        clip = surface.get_clip()
        surface.set_clip(screen)
        self._draw_status(ctx, surface, frame)
        self._draw_tabs(ctx, surface, frame)
        channel_view.paint_header(ctx, surface, frame.header, self.header)
        surface.set_clip(frame.viewport.clip(clip) if clip else frame.viewport)
        for row, rect, state in frame.placed:
            row.paint(ctx, surface, rect, row, state)
        surface.set_clip(screen)
        if frame.footer.height:
            channel_view.paint_footer(ctx, surface, frame.footer, self.header, frame.hint, frame.footer_state)
        if frame.bar is not None:
            self._draw_bar(ctx, surface, frame)
        surface.set_clip(clip)
        notch = pygame.Rect(0, 0, 90, 14)
        notch.midtop = (self.rect.centerx, self.rect.top + 8)
        pygame.draw.rect(surface, palette.phone_frame, notch, border_radius=7)

    def _draw_status(self, ctx: PhoneContext, surface: pygame.Surface, frame: "_Frame") -> None:
        """The time, signal and battery; in the header's colours when no tabs come between."""
        palette, rect = ctx.palette, frame.status
        fill, fg = (palette.phone_screen, palette.text) if frame.tabs else frame.channel_view.header_colors(palette)
        pygame.draw.rect(surface, fill, rect, border_top_left_radius=22, border_top_right_radius=22)
        left = pygame.Rect(rect.left + 22, rect.top + 4, rect.width // 3 - 10, rect.height - 6)
        ctx.text(surface, frame.time_of_day, self._status_size(), fg, left, "phone.status", bold=True,
                 max_lines=1, valign="center")
        battery = pygame.Rect(0, 0, 22, 10)
        battery.midright = (rect.right - 20, rect.centery + 1)
        pygame.draw.rect(surface, fg, battery, width=1, border_radius=3)
        pygame.draw.rect(surface, fg, (battery.right, battery.centery - 2, 2, 4))
        pygame.draw.rect(surface, fg, battery.inflate(-4, -4).move(-3, 0).clip(battery.inflate(-4, -4)))
        for index in range(4):                               # signal bars
            bar = pygame.Rect(battery.left - 30 + index * 5, battery.bottom - 3 - index * 2, 3, 3 + index * 2)
            pygame.draw.rect(surface, fg, bar)

    def _draw_tabs(self, ctx: PhoneContext, surface: pygame.Surface, frame: "_Frame") -> None:
        palette = ctx.palette
        for tab_id, label, rect in frame.tabs:
            active = tab_id == frame.thread_id
            fill = palette.accent if active else palette.button
            fg = palette.accent_text if active else palette.button_text
            pygame.draw.rect(surface, fill, rect, border_radius=rect.height // 2)
            if frame.hover_id == f"thread:{tab_id}" and not active:
                pygame.draw.rect(surface, palette.focus, rect, width=2, border_radius=rect.height // 2)
            ctx.text(surface, label, ctx.theme.small, fg, rect.inflate(-16, -4), "phone.tab", max_lines=1,
                     align="center", valign="center", bold=active)
        for name, rect in frame.arrows:
            pygame.draw.rect(surface, palette.button, rect, border_radius=rect.height // 2)
            ctx.text(surface, "‹" if name == "prev" else "›", ctx.theme.small, palette.button_text, rect,
                     "phone.tab", align="center", valign="center", max_lines=1)

    def _draw_bar(self, ctx: PhoneContext, surface: pygame.Surface, frame: "_Frame") -> None:
        palette, bar = ctx.palette, frame.bar
        pygame.draw.rect(surface, frame.channel_view.screen_fill(palette), bar)
        pygame.draw.line(surface, palette.panel_edge, bar.topleft, bar.topright)
        button = pygame.Rect(0, 0, 34, 34)
        button.center = bar.center
        pygame.draw.ellipse(surface, palette.accent, button)
        ctx.text(surface, "↓", ctx.theme.body, palette.accent_text, button, "phone.to_bottom", align="center",
                 valign="center", max_lines=1)
        if frame.hover_id == "phone:to_bottom":
            pygame.draw.ellipse(surface, palette.focus, button.inflate(4, 4), width=2)

    # -- scrolling --------------------------------------------------------------------------
    def scroll_by(self, pixels: int) -> None:
        self.scroll = max(0, self.scroll + pixels)

    def to_bottom(self) -> None:
        self.scroll = 0

    def reveal(self, widget_rect: pygame.Rect, has_tabs: bool | None = None) -> None:
        """Scroll so that `widget_rect` (as placed by the last layout) is in sight."""
        content = self.content_rect()
        if widget_rect.top < content.top:
            self.scroll += content.top - widget_rect.top + 8
        elif widget_rect.bottom > content.bottom:
            self.scroll -= widget_rect.bottom - content.bottom + 8
            self.scroll = max(0, self.scroll)


@dataclass
class _Frame:
    """Everything `layout` placed, for `draw` to paint."""

    ctx: PhoneContext
    channel_view: ChannelView
    status: pygame.Rect
    tabs: list[tuple[str, str, pygame.Rect]]
    arrows: list[tuple[str, pygame.Rect]]
    header: pygame.Rect
    viewport: pygame.Rect
    full: pygame.Rect
    bar: pygame.Rect | None
    footer: pygame.Rect
    hint: str
    placed: list[tuple[Row, pygame.Rect, RowState]]
    footer_state: RowState
    time_of_day: str
    thread_id: str
    hover_id: str | None
