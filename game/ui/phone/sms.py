"""Text messages: a header with the sender's name and number on two lines, grey bubbles on the
left and the player's replies in the accent colour on the right, as a phone's messages app does."""

from __future__ import annotations

import pygame

from game.engine import MessageView, SessionView, ThreadView

from .base import ChannelView, Header, PhoneContext, Row
from .page import permission_row
from .rows import bubble_row, timeline


class SmsView(ChannelView):
    channel = "sms"
    header_roles = ("header", "header_text")

    def header_height(self, ctx: PhoneContext, header: Header, width: int) -> int:
        return ctx.line(ctx.theme.body) + (ctx.line(ctx.theme.small) if header.detail else 0) + 18

    def paint_header(self, ctx: PhoneContext, surface: pygame.Surface, rect: pygame.Rect, header: Header) -> None:
        fill, fg = self.header_colors(ctx.palette)
        pygame.draw.rect(surface, fill, rect)
        pygame.draw.line(surface, ctx.palette.panel_edge, rect.bottomleft, rect.bottomright)
        title_h = ctx.line(ctx.theme.body)
        top = rect.top + 9
        ctx.text(surface, header.title, ctx.theme.body, fg, pygame.Rect(rect.left + 12, top, rect.width - 24, title_h),
                 "phone.header", bold=True, align="center", max_lines=1, min_size=ctx.theme.small)
        if header.detail:
            ctx.text(surface, header.detail, ctx.theme.small, fg,
                     pygame.Rect(rect.left + 12, top + title_h, rect.width - 24, ctx.line(ctx.theme.small)),
                     "phone.header", align="center", max_lines=1)

    def rows(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
             messages: list[MessageView], width: int) -> list[Row]:
        palette = ctx.palette

        def row(message: MessageView) -> Row:
            if message.look == "permission":
                return permission_row(ctx, message, width)
            mine = message.sender == "player"
            return bubble_row(ctx, message, width, mine=mine, fill=palette.sms_out if mine else palette.sms_in,
                              fg=palette.sms_out_text if mine else palette.text, stamp_color=palette.text,
                              link=message.look == "link")

        return timeline(ctx, view, thread, messages, width, row, typing="dots")
