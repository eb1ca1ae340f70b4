"""A web page: an address bar with the site's address, then the page itself, headed by the
site's name, its messages drawn as paragraphs, links, buttons, form fields and banners."""

from __future__ import annotations

import pygame

from game.engine import MessageView, SessionView, ThreadView

from .base import ChannelView, Header, PhoneContext, Row
from .page import page_row, payment_card_row
from .rows import timeline


class WebView(ChannelView):
    channel = "web"
    fill_role = "card"
    header_roles = ("header", "header_text")

    def header(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
               messages: list[MessageView]) -> Header:
        header = super().header(ctx, view, thread, messages)
        header.detail = header.detail or header.title        # the address bar shows the site
        return header

    def header_height(self, ctx: PhoneContext, header: Header, width: int) -> int:
        return ctx.line(ctx.theme.small) + 26

    def paint_header(self, ctx: PhoneContext, surface: pygame.Surface, rect: pygame.Rect, header: Header) -> None:
        palette = ctx.palette
        fill, _ = self.header_colors(palette)
        pygame.draw.rect(surface, fill, rect)
        pygame.draw.line(surface, palette.panel_edge, rect.bottomleft, rect.bottomright)
        bar = rect.inflate(-20, -12)
        pygame.draw.rect(surface, palette.card, bar, border_radius=bar.height // 2)
        pygame.draw.rect(surface, palette.card_edge, bar, width=1, border_radius=bar.height // 2)
        lock = pygame.Rect(bar.left + 12, bar.centery - 3, 10, 8)             # a padlock: body and shackle
        pygame.draw.rect(surface, palette.muted, lock, border_radius=2)
        pygame.draw.arc(surface, palette.muted, pygame.Rect(lock.left + 1, lock.top - 6, 8, 10), 0, 3.1416, 2)
        box = pygame.Rect(lock.right + 8, bar.top + 2, bar.right - lock.right - 20, bar.height - 4)
        ctx.text(surface, header.detail, ctx.theme.small, palette.text, box, "phone.header", valign="center",
                 max_lines=1)

    def rows(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
             messages: list[MessageView], width: int) -> list[Row]:
        title = thread.title if thread and thread.title else ctx.t("channel.web")
        return page_rows(ctx, view, thread, messages, width, before=[site_row(ctx, title, width)])


def page_rows(ctx: PhoneContext, view: SessionView, thread: ThreadView | None, messages: list[MessageView],
              width: int, before: list[Row] | None = None, forms: bool = True) -> list[Row]:
    """A thread as a page: each message by its look; with `forms`, a message that asks for
    money is followed by a payment form with its payee, account and amount."""
    owner = thread.title if thread else ""

    def rows(message: MessageView) -> list[Row]:
        heading = message.sender_name if message.sender_name and message.sender_name != owner else ""
        made = [page_row(ctx, message, width, heading)]
        if forms and message.payment is not None:
            made.append(payment_card_row(ctx, message.payment, width, kind="payment_request",
                                         title=ctx.t("phone.payment_form"), message_id=message.id))
        return made

    return timeline(ctx, view, thread, messages, width, rows, typing="text", before=before)


def site_row(ctx: PhoneContext, title: str, width: int) -> Row:
    """The page's own header: the site's name in bold over a rule."""
    size = ctx.theme.size(20)
    text_h = ctx.measure(title, size, width - 32, bold=True)
    return Row("site", text_h + 22, _paint_site, boxes={"text": pygame.Rect(16, 10, width - 32, text_h)},
               data={"title": title})


def _paint_site(ctx, surface, origin, row, state) -> None:
    ctx.text(surface, str(row.data["title"]), ctx.theme.size(20), ctx.palette.text, row.box("text", origin),
             "phone.site", bold=True)
    y = origin.top + row.height - 4
    pygame.draw.line(surface, ctx.palette.card_edge, (origin.left + 12, y), (origin.right - 12, y))
