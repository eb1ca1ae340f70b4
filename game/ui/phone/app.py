"""An app: a coloured app bar with the app's name, then its page: the balance it shows (with a
chart of every balance so far, from the messages' `balance` fields), and its messages drawn as
page elements (paragraphs, buttons, fields, links, banners, permission dialogs)."""

from __future__ import annotations

import pygame

from game.engine import MessageView, SessionView, ThreadView

from .base import ChannelView, Header, PhoneContext, Row
from .page import balance_row
from .web import page_rows


class AppView(ChannelView):
    channel = "app"
    fill_role = "card"
    header_roles = ("app_header", "app_header_text")

    def header_height(self, ctx: PhoneContext, header: Header, width: int) -> int:
        return ctx.line(ctx.theme.body) + 22

    def paint_header(self, ctx: PhoneContext, surface: pygame.Surface, rect: pygame.Rect, header: Header) -> None:
        fill, fg = self.header_colors(ctx.palette)
        pygame.draw.rect(surface, fill, rect)
        chevron = pygame.Rect(rect.left + 10, rect.top, 20, rect.height)
        pygame.draw.lines(surface, fg, False, [(chevron.centerx + 3, chevron.centery - 7),
                                                (chevron.centerx - 4, chevron.centery),
                                                (chevron.centerx + 3, chevron.centery + 7)], 2)
        box = pygame.Rect(chevron.right + 6, rect.top + 4, rect.right - chevron.right - 40, rect.height - 8)
        ctx.text(surface, header.title, ctx.theme.body, fg, box, "phone.header", bold=True, valign="center",
                 max_lines=1, min_size=ctx.theme.small)

    def rows(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
             messages: list[MessageView], width: int) -> list[Row]:
        balances = tuple(m.balance for m in messages if m.balance is not None)
        before = [balance_row(ctx, balances, width)] if balances else []
        return page_rows(ctx, view, thread, messages, width, before=before)
