"""Email: an inbox bar, then each message as a mail: who it is from (name and address), the
time, and the body; page looks (links, buttons, banners) are drawn as in a mail's HTML."""

from __future__ import annotations

import pygame

from game.engine import MessageView, SessionView, ThreadView

from .base import ChannelView, Header, PhoneContext, Row
from .page import page_row
from .rows import flag_height, paint_interaction, timeline


class EmailView(ChannelView):
    channel = "email"
    header_roles = ("header", "header_text")

    def header(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
               messages: list[MessageView]) -> Header:
        header = super().header(ctx, view, thread, messages)
        header.title = ctx.t("phone.inbox")
        return header

    def paint_header(self, ctx: PhoneContext, surface: pygame.Surface, rect: pygame.Rect, header: Header) -> None:
        fill, fg = self.header_colors(ctx.palette)
        pygame.draw.rect(surface, fill, rect)
        pygame.draw.line(surface, ctx.palette.panel_edge, rect.bottomleft, rect.bottomright)
        ctx.text(surface, header.title, ctx.theme.body, fg, rect.inflate(-32, -8), "phone.header", bold=True,
                 valign="center", max_lines=1, min_size=ctx.theme.small)

    def rows(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
             messages: list[MessageView], width: int) -> list[Row]:
        address = thread.detail if thread else ""

        def row(message: MessageView) -> Row:
            if message.look:
                return page_row(ctx, message, width)
            return mail_row(ctx, message, width, address)

        return timeline(ctx, view, thread, messages, width, row, typing="text")


def mail_row(ctx: PhoneContext, message: MessageView, width: int, address: str) -> Row:
    """One mail: the sender in bold, their address and the time under it, then the body."""
    body, small = ctx.theme.body, ctx.theme.small
    card = pygame.Rect(12, 4, width - 24, 0)
    inner = card.width - 24
    _, clock = ctx.clock(message.at)
    sender = message.sender_name or ctx.t("phone.you")
    line = " · ".join(part for part in (address, clock) if part)
    sender_h, line_h = ctx.line(body), ctx.line(small)
    text_h = ctx.measure(message.text, body, inner)
    card.height = 10 + sender_h + line_h + 8 + text_h + 12
    boxes = {"card": card, "sender": pygame.Rect(card.left + 12, card.top + 10, inner, sender_h),
             "line": pygame.Rect(card.left + 12, card.top + 10 + sender_h, inner, line_h),
             "text": pygame.Rect(card.left + 12, card.top + 18 + sender_h + line_h, inner, text_h)}
    return Row("mail", card.bottom + flag_height(ctx, message) + 8, _paint_mail, message, hit=card.copy(),
               boxes=boxes, data={"sender": sender, "line": line})


def _paint_mail(ctx, surface, origin, row, state) -> None:
    palette = ctx.palette
    card = row.box("card", origin)
    pygame.draw.rect(surface, palette.card, card, border_radius=10)
    pygame.draw.rect(surface, palette.card_edge, card, width=1, border_radius=10)
    ctx.text(surface, str(row.data["sender"]), ctx.theme.body, palette.text, row.box("sender", origin),
             "phone.mail_from", bold=True, max_lines=1, min_size=ctx.theme.small)
    ctx.text(surface, str(row.data["line"]), ctx.theme.small, palette.muted, row.box("line", origin),
             "phone.mail_from", max_lines=1)
    top = row.box("text", origin).top - 5
    pygame.draw.line(surface, palette.card_edge, (card.left + 12, top), (card.right - 12, top))
    ctx.text(surface, row.message.text, ctx.theme.body, palette.text, row.box("text", origin), "phone.card")
    paint_interaction(ctx, surface, row, origin, state, radius=10)
