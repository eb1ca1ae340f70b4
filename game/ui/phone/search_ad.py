"""Search results: a search box, then each message as a result: the advertiser's or site's name
as a link over the snippet. Ads look like results, which is the lesson."""

from __future__ import annotations

import pygame

from game.engine import MessageView, SessionView, ThreadView

from .base import ChannelView, Header, PhoneContext, Row
from .page import page_row
from .rows import flag_height, paint_interaction, timeline, underline


class SearchAdView(ChannelView):
    channel = "search_ad"
    fill_role = "card"
    header_roles = ("header", "header_text")

    def header(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
               messages: list[MessageView]) -> Header:
        return Header(title=ctx.t("phone.search"))

    def header_height(self, ctx: PhoneContext, header: Header, width: int) -> int:
        return ctx.line(ctx.theme.small) + 28

    def paint_header(self, ctx: PhoneContext, surface: pygame.Surface, rect: pygame.Rect, header: Header) -> None:
        palette = ctx.palette
        fill, _ = self.header_colors(palette)
        pygame.draw.rect(surface, fill, rect)
        box = rect.inflate(-20, -12)
        pygame.draw.rect(surface, palette.card, box, border_radius=box.height // 2)
        pygame.draw.rect(surface, palette.muted, box, width=1, border_radius=box.height // 2)
        lens = pygame.Rect(box.left + 12, box.centery - 6, 10, 10)           # a magnifying glass
        pygame.draw.ellipse(surface, palette.muted, lens, width=2)
        pygame.draw.line(surface, palette.muted, (lens.right - 2, lens.bottom - 2), (lens.right + 3, lens.bottom + 3),
                         2)
        text = pygame.Rect(lens.right + 10, box.top + 2, box.right - lens.right - 22, box.height - 4)
        ctx.text(surface, header.title, ctx.theme.small, palette.muted, text, "phone.header", valign="center",
                 max_lines=1)

    def rows(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
             messages: list[MessageView], width: int) -> list[Row]:
        return timeline(ctx, view, thread, messages, width,
                        lambda m: page_row(ctx, m, width) if m.look else result_row(ctx, m, width))


def result_row(ctx: PhoneContext, message: MessageView, width: int) -> Row:
    """One result: the name in link colour, underlined, then the snippet; a rule below."""
    small, body = ctx.theme.small, ctx.theme.body
    inner = width - 32
    title = message.sender_name or ctx.t("channel.search_ad")
    title_h = ctx.measure(title, body, inner, bold=True)
    text_h = ctx.measure(message.text, small, inner)
    block = pygame.Rect(10, 4, width - 20, 8 + title_h + 4 + text_h + 8)
    boxes = {"title": pygame.Rect(16, block.top + 8, inner, title_h),
             "text": pygame.Rect(16, block.top + 12 + title_h, inner, text_h)}
    return Row("result", block.bottom + flag_height(ctx, message) + 8, _paint_result, message, hit=block,
               boxes=boxes, data={"title": title})


def _paint_result(ctx, surface, origin, row, state) -> None:
    palette = ctx.palette
    title = row.box("title", origin)
    ctx.text(surface, str(row.data["title"]), ctx.theme.body, palette.link, title, "phone.result_title", bold=True)
    underline(ctx, surface, str(row.data["title"]), ctx.theme.body, palette.link, title, bold=True)
    ctx.text(surface, row.message.text, ctx.theme.small, palette.text, row.box("text", origin), "phone.result")
    y = origin.top + row.height - 2
    pygame.draw.line(surface, palette.card_edge, (origin.left + 12, y), (origin.right - 12, y))
    paint_interaction(ctx, surface, row, origin, state, radius=8)
