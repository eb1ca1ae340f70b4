"""In person: a scene with someone in front of the player (an officer at the door, a courier
collecting cash, the counter at the bank). No app is open, so the phone shows the scene as it
would be remembered: an "In person" label over who is there (their initial, their name and the
role they present), their words as speech bubbles on the left, the player's replies on the right,
and the narrator's lines setting the scene between them.
"""

from __future__ import annotations

import pygame

from game.engine import MessageView, SessionView, ThreadView

from ..theme import avatar_color
from .base import ChannelView, Header, PhoneContext, Row
from .rows import bubble_row, timeline

AVATAR = 40              # the person's initial, in a circle
TAIL = 8                 # the point of a speech bubble


class InPersonView(ChannelView):
    channel = "in_person"
    header_roles = ("header", "header_text")

    # -- header: "In person", then who is there ---------------------------------------------------
    def header(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
               messages: list[MessageView]) -> Header:
        title = thread.title if thread and thread.title else next(
            (m.sender_name for m in messages if m.flaggable and m.sender_name), "")
        return Header(title=title or ctx.t("channel.in_person"), detail=thread.detail if thread else "")

    def header_height(self, ctx: PhoneContext, header: Header, width: int) -> int:
        small = ctx.line(ctx.theme.small)
        who = ctx.line(ctx.theme.body) + (small if header.detail else 0)
        return 8 + small + 6 + max(AVATAR, who) + 10

    def paint_header(self, ctx: PhoneContext, surface: pygame.Surface, rect: pygame.Rect, header: Header) -> None:
        palette = ctx.palette
        fill, fg = self.header_colors(palette)
        pygame.draw.rect(surface, fill, rect)
        pygame.draw.line(surface, palette.panel_edge, rect.bottomleft, rect.bottomright)
        small, body = ctx.theme.small, ctx.theme.body
        label = ctx.t("channel.in_person")
        chip = pygame.Rect(0, rect.top + 6, min(rect.width - 24, ctx.text_width(label, small, rect.width - 48,
                                                                                bold=True) + 20),
                           ctx.line(small) + 4)
        chip.centerx = rect.centerx
        pygame.draw.rect(surface, palette.chip, chip, border_radius=chip.height // 2)
        ctx.text(surface, label, small, palette.chip_text, chip.inflate(-20, 0), "phone.in_person", bold=True,
                 align="center", valign="center", max_lines=1)
        top = chip.bottom + 6
        who_h = ctx.line(body) + (ctx.line(small) if header.detail else 0)
        row_h = max(AVATAR, who_h)
        circle = pygame.Rect(rect.left + 14, top + (row_h - AVATAR) // 2, AVATAR, AVATAR)
        pygame.draw.ellipse(surface, avatar_color(header.title), circle)
        ctx.text(surface, header.title[:1].upper(), ctx.theme.size(15), palette.avatar_text, circle, "phone.avatar",
                 bold=True, align="center", valign="center", max_lines=1)
        box = pygame.Rect(circle.right + 12, top + (row_h - who_h) // 2, rect.right - circle.right - 26, who_h)
        ctx.text(surface, header.title, body, fg, pygame.Rect(box.left, box.top, box.width, ctx.line(body)),
                 "phone.header", bold=True, max_lines=1, min_size=small)
        if header.detail:
            ctx.text(surface, header.detail, small, fg,
                     pygame.Rect(box.left, box.top + ctx.line(body), box.width, ctx.line(small)),
                     "phone.header", max_lines=1)

    # -- what is said -----------------------------------------------------------------------------
    def rows(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
             messages: list[MessageView], width: int) -> list[Row]:
        palette = ctx.palette

        def row(message: MessageView) -> Row:
            mine = message.sender == "player"
            made = bubble_row(ctx, message, width, mine=mine, fill=palette.sms_out if mine else palette.bubble_in,
                              fg=palette.sms_out_text if mine else palette.text, show_name=not mine)
            made.data["speech"] = True
            made.paint = _speech(made.paint)
            return made

        return timeline(ctx, view, thread, messages, width, row, typing="dots")


def _speech(paint):
    """A bubble's painter with the point of a speech bubble under its lower corner, towards the
    speaker: theirs on the left, the player's on the right."""
    def painter(ctx, surface, origin, row, state) -> None:
        bubble = row.box("bubble", origin)
        mine = bool(row.data["mine"])
        if mine:
            points = [(bubble.right - 12 - 2 * TAIL, bubble.bottom - 1), (bubble.right - 12, bubble.bottom - 1),
                      (bubble.right - 6, bubble.bottom + TAIL - 1)]
        else:
            points = [(bubble.left + 12 + 2 * TAIL, bubble.bottom - 1), (bubble.left + 12, bubble.bottom - 1),
                      (bubble.left + 6, bubble.bottom + TAIL - 1)]
        pygame.draw.polygon(surface, row.data["fill"], points)
        if not mine:                 # the outline of a light bubble continues round its point
            pygame.draw.lines(surface, ctx.palette.card_edge, False, [points[1], points[2], points[0]])
        paint(ctx, surface, origin, row, state)
    return painter
