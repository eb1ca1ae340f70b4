"""A bank's transfer screen: the bank's bar, then the transfer card, read from the `payment` of
the latest message in the thread that asks for money (payee, account or card, bank, amount),
never from the words of a message; then the thread's messages as page elements."""

from __future__ import annotations

import pygame

from game.engine import MessageView, SessionView, ThreadView

from .base import ChannelView, Header, PhoneContext, Row
from .page import payment_card_row
from .web import page_rows


class BankTransferView(ChannelView):
    channel = "bank_transfer"
    fill_role = "card"
    header_roles = ("bank_header", "bank_header_text")

    def header(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
               messages: list[MessageView]) -> Header:
        header = super().header(ctx, view, thread, messages)
        bank = ctx.t("phone.bank")
        header.title = f"{bank} · {header.title}" if header.title and header.title != bank else bank
        return header

    def paint_header(self, ctx: PhoneContext, surface: pygame.Surface, rect: pygame.Rect, header: Header) -> None:
        fill, fg = self.header_colors(ctx.palette)
        pygame.draw.rect(surface, fill, rect)
        ctx.text(surface, header.title, ctx.theme.body, fg, rect.inflate(-24, -8), "phone.header", bold=True,
                 align="center", valign="center", max_lines=1, min_size=ctx.theme.small)

    def rows(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
             messages: list[MessageView], width: int) -> list[Row]:
        asking = next((m for m in reversed(messages) if m.payment is not None), None)
        before = []
        if asking is not None:
            before.append(payment_card_row(ctx, asking.payment, width, kind="transfer",
                                           title=ctx.t("phone.transfer_title"), message_id=asking.id))
        return page_rows(ctx, view, thread, messages, width, before=before, forms=False)
