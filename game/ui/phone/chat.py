"""Chat (WeChat-like): a light header with the contact's avatar and name, or a group's name;
bubbles with avatars, names above them in a group, the player's replies on the right."""

from __future__ import annotations

import pygame

from game.engine import MessageView, SessionView, ThreadView

from ..theme import avatar_color
from .base import ChannelView, Header, PhoneContext, Row
from .page import permission_row
from .rows import bubble_row, timeline


class ChatView(ChannelView):
    channel = "chat"
    header_roles = ("header", "header_text")

    def header(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
               messages: list[MessageView]) -> Header:
        header = super().header(ctx, view, thread, messages)
        header.detail = ctx.t("phone.group") if thread is not None and thread.group else ""
        return header

    def header_height(self, ctx: PhoneContext, header: Header, width: int) -> int:
        return max(ctx.line(ctx.theme.body) + (ctx.line(ctx.theme.small) if header.detail else 0), 34) + 18

    def paint_header(self, ctx: PhoneContext, surface: pygame.Surface, rect: pygame.Rect, header: Header) -> None:
        fill, fg = self.header_colors(ctx.palette)
        pygame.draw.rect(surface, fill, rect)
        pygame.draw.line(surface, ctx.palette.panel_edge, rect.bottomleft, rect.bottomright)
        circle = pygame.Rect(rect.left + 12, rect.centery - 16, 32, 32)
        pygame.draw.ellipse(surface, avatar_color(header.title), circle)
        ctx.text(surface, header.title[:1].upper(), ctx.theme.size(13), ctx.palette.avatar_text, circle, "phone.avatar",
                 bold=True, align="center", valign="center", max_lines=1)
        box = pygame.Rect(circle.right + 10, rect.top + 8, rect.right - circle.right - 22, rect.height - 16)
        if header.detail:
            title_h = ctx.line(ctx.theme.body)
            ctx.text(surface, header.title, ctx.theme.body, fg, pygame.Rect(box.left, box.top, box.width, title_h),
                     "phone.header", bold=True, max_lines=1, min_size=ctx.theme.small)
            ctx.text(surface, header.detail, ctx.theme.small, fg,
                     pygame.Rect(box.left, box.top + title_h, box.width, box.height - title_h), "phone.header",
                     max_lines=1)
        else:
            ctx.text(surface, header.title, ctx.theme.body, fg, box, "phone.header", bold=True, valign="center",
                     max_lines=1, min_size=ctx.theme.small)

    def rows(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
             messages: list[MessageView], width: int) -> list[Row]:
        palette = ctx.palette
        group = thread is not None and thread.group

        def row(message: MessageView) -> Row:
            if message.look == "permission":
                return permission_row(ctx, message, width)
            mine = message.sender == "player"
            return bubble_row(ctx, message, width, mine=mine,
                              fill=palette.bubble_out if mine else palette.bubble_in,
                              fg=palette.bubble_out_text if mine else palette.text,
                              show_name=group, avatar=True, link=message.look == "link")

        return timeline(ctx, view, thread, messages, width, row, typing="dots")
