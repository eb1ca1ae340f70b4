"""The simulated phone: a frame, a header that looks like the channel's everyday app, and a
scrolling list of rows (day separators, bubbles, result cards, captions, page cards).

Rows are rebuilt only when the session view, the language, the width or the thread changes;
their text surfaces come from the Assets cache, so a frame only blits what is visible.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

import pygame

from game.engine import MessageView, SessionView

from ..assets import Assets
from ..theme import Theme, avatar_color
from ..widgets import Widget, draw_focus

_AMOUNT = re.compile(r"[¥￥]\s?(\d[\d,]*)|(\d[\d,]*)\s?元")
_BUBBLE_CHANNELS = ("chat", "sms")


@dataclass
class Row:
    kind: str                    # day | bubble | narrator | card | caption | chart | typing | caller
    height: int
    message: MessageView | None = None
    label: str = ""
    values: tuple[int, ...] = ()
    detail: str = ""
    bubble: pygame.Rect | None = None      # the hit area, relative to the row's top-left


def _amounts(messages: list[MessageView]) -> tuple[int, ...]:
    found = []
    for message in messages:
        for before, after in _AMOUNT.findall(message.text):
            try:
                found.append(int((before or after).replace(",", "")))
            except ValueError:
                pass
    return tuple(found)


class PhoneView:
    """Draws one thread of the session on a phone; reports message widgets for hit-testing."""

    def __init__(self, assets: Assets, theme: Theme, t: Callable[..., str],
                 day_and_time: Callable[[float], tuple[int, str]], reduced_motion: bool) -> None:
        self.assets = assets
        self.theme = theme
        self.t = t
        self._clock = day_and_time
        self.reduced_motion = reduced_motion
        self.rect = pygame.Rect(0, 0, 400, 700)
        self.thread: str | None = None
        self.scroll = 0                       # pixels scrolled up from the bottom
        self.rows: list[Row] = []
        self._key: tuple | None = None
        self.content_height = 0
        self.time = 0.0

    # -- geometry -----------------------------------------------------------------------------
    @property
    def screen(self) -> pygame.Rect:
        return self.rect.inflate(-24, -24).move(0, 6).clip(self.rect.inflate(-24, -40))

    def header_rect(self, has_tabs: bool) -> pygame.Rect:
        top = self.screen.top + (34 if has_tabs else 0)
        return pygame.Rect(self.screen.left, top, self.screen.width, self.assets.line_height(self.theme.body) + 26)

    def content_rect(self, has_tabs: bool) -> pygame.Rect:
        header = self.header_rect(has_tabs)
        return pygame.Rect(self.screen.left, header.bottom, self.screen.width, self.screen.bottom - header.bottom)

    # -- rows -----------------------------------------------------------------------------------
    def build_rows(self, view: SessionView, thread_id: str, width: int) -> None:
        key = (view.revision, view.lang, thread_id, width, view.waiting, self.theme)
        if key == self._key:
            return
        self._key = key
        theme, assets = self.theme, self.assets
        thread = next((t for t in view.threads if t.id == thread_id), None)
        ids = set(thread.message_ids) if thread else set()
        messages = [m for m in view.messages if m.id in ids and m.thread == thread_id]
        channel = thread.channel if thread else view.channel
        rows: list[Row] = []
        body, small = theme.body, theme.small
        charted = [m for m in messages if m.chart]
        if charted:
            rows.append(Row("chart", 150, values=_amounts(charted), label=thread_id))
        if channel == "bank_transfer" and thread is not None:
            amounts = _amounts(messages)
            rows.append(Row("transfer", 3 * assets.line_height(small) + assets.line_height(theme.title) + 40,
                            label=thread.title, values=amounts[-1:], detail=thread.detail))
        if channel == "call" and messages:
            caller = thread.title if thread and thread.title else next(
                (m.sender_name for m in messages if m.flaggable), "")
            rows.append(Row("caller", assets.line_height(theme.title) + assets.line_height(small) + 40,
                            label=caller))
        last_day = None
        for message in messages:
            day, clock = self._clock(message.at)
            if day != last_day:
                rows.append(Row("day", assets.line_height(small) + 16, label=self.t("play.day", day=day, time=clock)))
                last_day = day
            if message.sender == "narrator":
                height = len(assets.lines(message.text, small, width - 48)) * assets.line_height(small) + 14
                rows.append(Row("narrator", height, message))
            elif channel in _BUBBLE_CHANNELS or message.sender == "player":
                inner = int(width * 0.72) - 24
                lines = assets.lines(message.text, body, inner)
                text_w = max((assets.font(body).size(line)[0] for line in lines), default=10)
                name_h = assets.line_height(small) if message.sender != "player" and channel == "chat" else 0
                height = len(lines) * assets.line_height(body) + 20
                bubble_w = max(text_w, assets.font(small).size(clock)[0] + 8) + 24
                left = 52 if channel == "chat" and message.sender != "player" else 12
                x = width - bubble_w - 12 if message.sender == "player" else left
                flag_h = assets.line_height(small) + 4 if message.flag is not None else 0
                bubble = pygame.Rect(x, name_h + 4, bubble_w, height + assets.line_height(small))
                rows.append(Row("bubble", name_h + bubble.height + flag_h + 12, message, bubble=bubble))
            elif channel == "call":
                lines = assets.lines(message.text, body, width - 40)
                height = len(lines) * assets.line_height(body) + assets.line_height(small) + 24
                flag_h = assets.line_height(small) + 4 if message.flag is not None else 0
                rows.append(Row("caption", height + flag_h, message, bubble=pygame.Rect(10, 4, width - 20, height)))
            else:
                lines = assets.lines(message.text, body, width - 48)
                title_h = assets.line_height(small) + 4
                height = title_h + len(lines) * assets.line_height(body) + 24
                flag_h = assets.line_height(small) + 4 if message.flag is not None else 0
                rows.append(Row("card", height + flag_h + 10, message, bubble=pygame.Rect(12, 4, width - 24, height)))
        if view.waiting and view.step_id and messages is not None and not view.ended:
            rows.append(Row("typing", 44))
        self.rows = rows
        self.content_height = sum(r.height for r in rows) + 12

    # -- drawing --------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, view: SessionView, thread_id: str, focus_id: str | None,
             tabs: list[tuple[str, str]]) -> list[Widget]:
        """Draw the phone; return the widgets of visible messages and thread tabs."""
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        pygame.draw.rect(surface, palette.phone_frame, self.rect, border_radius=36)
        screen = self.screen
        pygame.draw.rect(surface, palette.phone_screen, screen, border_radius=22)
        notch = pygame.Rect(0, 0, 90, 14)
        notch.midtop = (self.rect.centerx, self.rect.top + 8)
        pygame.draw.rect(surface, palette.phone_frame, notch, border_radius=7)
        widgets: list[Widget] = []
        has_tabs = len(tabs) > 1
        if has_tabs:
            widgets += self._draw_tabs(surface, tabs, thread_id, focus_id)
        thread = next((t for t in view.threads if t.id == thread_id), None)
        channel = thread.channel if thread else view.channel
        self._draw_header(surface, view, thread, channel, has_tabs)
        content = self.content_rect(has_tabs)
        self.build_rows(view, thread_id, content.width)
        max_scroll = max(0, self.content_height - content.height)
        self.scroll = max(0, min(self.scroll, max_scroll))
        y = content.top + min(0, content.height - self.content_height) + self.scroll
        if self.content_height < content.height:
            y = content.top + 6
        clip = surface.get_clip()
        surface.set_clip(content)
        dark = channel == "call"
        if dark:
            pygame.draw.rect(surface, (24, 32, 44) if palette.text[0] < 128 else (0, 0, 0), content,
                             border_bottom_left_radius=22, border_bottom_right_radius=22)
        for row in self.rows:
            if y + row.height >= content.top and y <= content.bottom:
                widget = self._draw_row(surface, row, content.left, y, content.width, channel, focus_id)
                if widget is not None:
                    widget.data["full"] = widget.rect.copy()
                    widget.rect = widget.rect.clip(content)
                    if widget.rect.height > 0:
                        widgets.append(widget)
            y += row.height
        surface.set_clip(clip)
        if max_scroll > 0 and self.scroll > 0:
            hint = assets.text("↓", theme.body, palette.accent_text)
            badge = pygame.Rect(0, 0, 32, 32)
            badge.midbottom = (content.centerx, content.bottom - 8)
            pygame.draw.ellipse(surface, palette.accent, badge)
            surface.blit(hint, hint.get_rect(center=badge.center))
        return widgets

    def _draw_tabs(self, surface, tabs, thread_id, focus_id) -> list[Widget]:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        x = self.screen.left + 8
        widgets = []
        for tab_id, label in tabs:
            text = assets.text(label, theme.small, palette.accent_text if tab_id == thread_id else palette.text)
            rect = pygame.Rect(x, self.screen.top + 6, min(text.get_width() + 20, 150), 26)
            if rect.right > self.screen.right - 6:
                break
            pygame.draw.rect(surface, palette.accent if tab_id == thread_id else palette.button, rect, border_radius=13)
            clip = surface.get_clip()
            surface.set_clip(rect.inflate(-8, 0))
            surface.blit(text, text.get_rect(midleft=(rect.left + 10, rect.centery)))
            surface.set_clip(clip)
            widget_id = f"thread:{tab_id}"
            if focus_id == widget_id:
                draw_focus(surface, theme, rect, 12)
            widgets.append(Widget(widget_id, rect, label, kind="tab"))
            x = rect.right + 6
        return widgets

    def _draw_header(self, surface, view, thread, channel, has_tabs) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        rect = self.header_rect(has_tabs)
        fill = {"chat": (237, 237, 237), "sms": (248, 248, 250), "call": (24, 32, 44), "search_ad": (255, 255, 255),
                "web": (241, 243, 246), "app": (30, 41, 59), "bank_transfer": (180, 35, 45),
                "email": (235, 242, 255)}.get(channel, palette.panel)
        if palette.text[0] > 128:  # high contrast
            fill = palette.panel
        light = sum(fill) > 450
        fg = palette.text if light else (255, 255, 255)
        radius = 0 if has_tabs else 22
        pygame.draw.rect(surface, fill, rect, border_top_left_radius=radius, border_top_right_radius=radius)
        pygame.draw.line(surface, palette.panel_edge, rect.bottomleft, rect.bottomright)
        title = thread.title if thread and thread.title else self.t(f"channel.{channel}")
        if channel == "search_ad":
            box = rect.inflate(-24, -14)
            pygame.draw.rect(surface, (255, 255, 255), box, border_radius=box.height // 2)
            pygame.draw.rect(surface, (200, 205, 212), box, width=1, border_radius=box.height // 2)
            label = assets.text(self.t("phone.search"), theme.small, (110, 118, 130))
            surface.blit(label, label.get_rect(midleft=(box.left + 14, box.centery)))
            return
        if channel == "web":
            box = rect.inflate(-24, -14)
            pygame.draw.rect(surface, (255, 255, 255), box, border_radius=8)
            address = (thread.detail if thread and thread.detail else title)
            label = assets.text(address, theme.small, (60, 66, 78))
            surface.blit(label, label.get_rect(midleft=(box.left + 12, box.centery)))
            return
        if channel == "app":
            label = assets.text(title, theme.body, fg, bold=True)
            surface.blit(label, label.get_rect(midleft=(rect.left + 16, rect.centery)))
            return
        if channel == "chat" and thread and thread.title:
            circle = pygame.Rect(rect.left + 12, rect.centery - 15, 30, 30)
            pygame.draw.ellipse(surface, avatar_color(thread.title), circle)
            initial = assets.text(thread.title[:1].upper(), theme.small, (255, 255, 255), bold=True)
            surface.blit(initial, initial.get_rect(center=circle.center))
            label = assets.text(title, theme.body, fg, bold=True)
            surface.blit(label, label.get_rect(midleft=(circle.right + 10, rect.centery)))
            return
        prefix = {"call": self.t("phone.call"), "bank_transfer": self.t("phone.bank"),
                  "email": self.t("phone.inbox")}.get(channel)
        text = f"{prefix} · {title}" if prefix and title != prefix else title
        label = assets.text(text, theme.body, fg, bold=True, width=rect.width - 24, align="center")
        detail = thread.detail if thread and channel in ("sms", "call", "email") else ""
        if detail:
            sub = assets.text(detail, theme.small, fg)
            surface.blit(label, label.get_rect(midbottom=(rect.centerx, rect.centery + 4)))
            surface.blit(sub, sub.get_rect(midtop=(rect.centerx, rect.centery + 4)))
        else:
            surface.blit(label, label.get_rect(center=rect.center))

    def _draw_row(self, surface, row: Row, left: int, top: int, width: int, channel: str,
                  focus_id: str | None) -> Widget | None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        small, body = theme.small, theme.body
        if row.kind == "day":
            text = assets.text(row.label, small, palette.muted)
            pill = text.get_rect(center=(left + width // 2, top + row.height // 2)).inflate(18, 6)
            pygame.draw.rect(surface, palette.panel_edge, pill, border_radius=pill.height // 2)
            surface.blit(text, text.get_rect(center=pill.center))
            return None
        if row.kind == "typing":
            pill = pygame.Rect(left + (52 if channel == "chat" else 12), top + 6, 64, 30)
            if channel in _BUBBLE_CHANNELS:
                pygame.draw.rect(surface, palette.bubble_in, pill, border_radius=14)
                for index in range(3):
                    phase = 0 if self.reduced_motion else math.sin(self.time * 6 - index * 0.8)
                    center = (pill.left + 18 + index * 14, pill.centery - int(3 * max(0, phase)))
                    pygame.draw.circle(surface, palette.muted, center, 4)
            else:
                text = assets.text("…", body, palette.muted)
                surface.blit(text, text.get_rect(midleft=(pill.left, pill.centery)))
            return None
        if row.kind == "chart":
            return self._draw_chart(surface, row, left, top, width)
        if row.kind == "transfer":
            box = pygame.Rect(left + 12, top + 8, width - 24, row.height - 16)
            pygame.draw.rect(surface, palette.card, box, border_radius=12)
            pygame.draw.rect(surface, palette.card_edge, box, width=1, border_radius=12)
            y = box.top + 10
            for label, value in ((self.t("phone.payee"), row.label),
                                 (self.t("phone.account"), row.detail or "—")):
                text = assets.text(f"{label}  {value}", small, palette.text)
                surface.blit(text, (box.left + 14, y))
                y += text.get_height() + 4
            amount = f"¥{row.values[-1]:,}" if row.values else "¥ —"
            big = assets.text(amount, theme.title, palette.danger, bold=True)
            surface.blit(assets.text(self.t("phone.amount"), small, palette.muted), (box.left + 14, y))
            surface.blit(big, (box.left + 14, y + assets.line_height(small)))
            return None
        if row.kind == "caller":
            name = assets.text(row.label, theme.title, (255, 255, 255), bold=True, width=width - 40, align="center")
            surface.blit(name, name.get_rect(midtop=(left + width // 2, top + 14)))
            sub = assets.text(self.t("phone.incoming"), small, (190, 200, 215))
            surface.blit(sub, sub.get_rect(midtop=(left + width // 2, top + 20 + name.get_height())))
            return None
        message = row.message
        assert message is not None
        if row.kind == "narrator":
            text = assets.text(message.text, small, palette.muted, width=width - 48, align="center")
            surface.blit(text, text.get_rect(midtop=(left + width // 2, top + 6)))
            return None
        rect = row.bubble.move(left, top)
        widget = None
        _, clock = self._clock(message.at)
        if row.kind == "bubble":
            mine = message.sender == "player"
            if channel == "chat" and not mine:
                name = assets.text(message.sender_name, small, palette.muted)
                surface.blit(name, (rect.left + 4, top + 2))
                circle = pygame.Rect(left + 10, rect.top, 34, 34)
                pygame.draw.ellipse(surface, avatar_color(message.sender_name or "?"), circle)
                initial = assets.text((message.sender_name or "?")[:1].upper(), small, (255, 255, 255), bold=True)
                surface.blit(initial, initial.get_rect(center=circle.center))
            fill = palette.bubble_out if mine else (palette.sms_in if channel == "sms" else palette.bubble_in)
            fg = palette.bubble_out_text if mine else palette.text
            pygame.draw.rect(surface, fill, rect, border_radius=14)
            if not mine:
                pygame.draw.rect(surface, palette.card_edge, rect, width=1, border_radius=14)
            text = assets.text(message.text, body, fg, width=rect.width - 24)
            surface.blit(text, (rect.left + 12, rect.top + 10))
            stamp = assets.text(clock, small, palette.muted if not mine else fg)
            surface.blit(stamp, stamp.get_rect(bottomright=(rect.right - 10, rect.bottom - 4)))
        elif row.kind == "caption":
            pygame.draw.rect(surface, (40, 52, 70), rect, border_radius=12)
            who = assets.text(f"{message.sender_name} · {clock}", small, (170, 185, 205))
            surface.blit(who, (rect.left + 12, rect.top + 8))
            text = assets.text(message.text, body, (255, 255, 255), width=rect.width - 24)
            surface.blit(text, (rect.left + 12, rect.top + 12 + who.get_height()))
        else:
            pygame.draw.rect(surface, palette.card, rect, border_radius=10)
            pygame.draw.rect(surface, palette.card_edge, rect, width=1, border_radius=10)
            title_color = (26, 13, 171) if channel == "search_ad" and palette.text[0] < 128 else palette.muted
            title = assets.text(message.sender_name or self.t(f"channel.{channel}"), small, title_color, bold=True)
            surface.blit(title, (rect.left + 12, rect.top + 8))
            text = assets.text(message.text, body, palette.text, width=rect.width - 24)
            surface.blit(text, (rect.left + 12, rect.top + 12 + title.get_height()))
        if message.flaggable:
            widget = Widget(f"msg:{message.id}", rect.copy(), message.text, kind="message",
                            data={"message_id": message.id})
            if message.flag is not None:
                self._draw_flag_marker(surface, rect, message)
            if focus_id == widget.id:
                draw_focus(surface, theme, rect, 14)
        return widget

    def _draw_flag_marker(self, surface, rect: pygame.Rect, message: MessageView) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        pygame.draw.rect(surface, palette.flag, rect, width=3, border_radius=14)
        label = assets.text("⚑ " + self.t("play.flag_marker"), theme.small, palette.flag, bold=True)
        surface.blit(label, (rect.left + 4, rect.bottom + 2))

    def _draw_chart(self, surface, row: Row, left: int, top: int, width: int) -> None:
        assets, theme = self.assets, self.theme
        box = pygame.Rect(left + 12, top + 8, width - 24, row.height - 16)
        pygame.draw.rect(surface, (17, 24, 39), box, border_radius=10)
        values = row.values
        if len(values) < 2:  # one balance: draw the climb that platforms like to show
            rng = random.Random(row.label)
            level, values = 100.0, []
            for _ in range(24):
                level *= 1 + rng.uniform(-0.02, 0.06)
                values.append(level)
        low, high = min(values), max(values)
        span = max(1e-9, high - low)
        points = []
        for index, value in enumerate(values):
            x = box.left + 14 + (box.width - 28) * index / max(1, len(values) - 1)
            y = box.bottom - 16 - (box.height - 44) * (value - low) / span
            points.append((x, y))
        color = (34, 197, 94) if values[-1] >= values[0] else (239, 68, 68)
        pygame.draw.lines(surface, color, False, points, 3)
        if row.values:
            label = assets.text(f"¥{row.values[-1]:,}", theme.body, (255, 255, 255), bold=True)
            surface.blit(label, (box.left + 12, box.top + 8))
        return None

    # -- scrolling --------------------------------------------------------------------------
    def scroll_by(self, pixels: int) -> None:
        self.scroll = max(0, self.scroll + pixels)

    def to_bottom(self) -> None:
        self.scroll = 0

    def reveal(self, widget_rect: pygame.Rect, has_tabs: bool) -> None:
        content = self.content_rect(has_tabs)
        if widget_rect.top < content.top:
            self.scroll += content.top - widget_rect.top + 8
        elif widget_rect.bottom > content.bottom:
            self.scroll -= widget_rect.bottom - content.bottom + 8
            self.scroll = max(0, self.scroll)
