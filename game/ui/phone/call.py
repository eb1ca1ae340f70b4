"""A phone call: a dark screen with the caller's name and number, a call timer that runs with
the game clock while the call is on, the transcript as captions, and a hang-up button.

The hang-up button is part of the drawn phone, but ending a call is a decision the story makes
through the replies beside the phone. So a click on it does not pretend: it says where the
replies are (and the play screen moves the focus to the first one).
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.engine import MessageView, SessionView, ThreadView

from ..widgets import Widget, draw_focus
from .base import ChannelView, Header, PhoneContext, Row, RowState
from .page import permission_row
from .rows import flag_height, paint_interaction, timeline

CALL_GAP = 300.0         # seconds of silence that end one call in a thread (the next is a new call)


def call_clock(seconds: float) -> str:
    """`75` -> "01:15"; an hour or more -> "1:02:03"."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


def this_call(messages: list[MessageView]) -> list[MessageView]:
    """The messages of the latest call in a thread: a silence longer than `CALL_GAP` seconds
    means the earlier lines were another call (the same person, hours before)."""
    start = len(messages)
    while start > 0 and (start == len(messages) or messages[start].at - messages[start - 1].at <= CALL_GAP):
        start -= 1
    return messages[start:]


def is_live(view: SessionView, thread: ThreadView | None, messages: list[MessageView]) -> bool:
    """The call is still going on: the current step is a call and speaks in this thread."""
    if view.ended or thread is None or view.channel != "call" or not messages:
        return False
    if messages[-1].step_id == view.step_id:
        return True
    last = view.messages[-1] if view.messages else None
    return last is not None and last.step_id != view.step_id and last.thread == thread.id


class CallView(ChannelView):
    channel = "call"
    fill_role = "call_screen"
    header_roles = ("call_screen", "call_text")

    # -- header: who, their number, and the call timer ------------------------------------------
    def header(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
               messages: list[MessageView]) -> Header:
        title = thread.title if thread and thread.title else next(
            (m.sender_name for m in messages if m.flaggable and m.sender != "player"), "") or ctx.t("channel.call")
        spoken = this_call([m for m in messages if m.sender != "narrator"] or messages)
        live = is_live(view, thread, messages)
        if spoken:
            end = view.clock if live else spoken[-1].at
            timer = call_clock(end - spoken[0].at)
        else:
            timer = call_clock(0)
        return Header(title=title, detail=thread.detail if thread else "", timer=timer, live=live)

    def header_height(self, ctx: PhoneContext, header: Header, width: int) -> int:
        small = ctx.line(ctx.theme.small)
        return 12 + ctx.line(ctx.theme.size(22)) + (small if header.detail else 0) + small + 14

    def paint_header(self, ctx: PhoneContext, surface: pygame.Surface, rect: pygame.Rect, header: Header) -> None:
        palette = ctx.palette
        pygame.draw.rect(surface, palette.call_screen, rect)
        name_size, small = ctx.theme.size(22), ctx.theme.small
        y = rect.top + 12
        box = pygame.Rect(rect.left + 12, y, rect.width - 24, ctx.line(name_size))
        ctx.text(surface, header.title, name_size, palette.call_text, box, "phone.header", bold=True,
                 align="center", max_lines=1, min_size=ctx.theme.small)
        y = box.bottom
        if header.detail:
            ctx.text(surface, header.detail, small, palette.call_muted,
                     pygame.Rect(rect.left + 12, y, rect.width - 24, ctx.line(small)), "phone.header",
                     align="center", max_lines=1)
            y += ctx.line(small)
        status = ctx.t("phone.on_call" if header.live else "phone.call_ended", time=header.timer)
        ctx.text(surface, status, small, palette.call_text if header.live else palette.call_muted,
                 pygame.Rect(rect.left + 12, y, rect.width - 24, ctx.line(small)), "phone.timer",
                 align="center", max_lines=1)

    # -- the transcript ---------------------------------------------------------------------------
    def rows(self, ctx: PhoneContext, view: SessionView, thread: ThreadView | None,
             messages: list[MessageView], width: int) -> list[Row]:
        def row(message: MessageView) -> Row:
            if message.look == "permission":
                return permission_row(ctx, message, width)
            return caption_row(ctx, message, width)

        return timeline(ctx, view, thread, messages, width, row, typing="text", quiet=ctx.palette.call_muted)

    # -- the hang-up button -------------------------------------------------------------------------
    def footer_height(self, ctx: PhoneContext, header: Header, hint: str, width: int) -> int:
        if not header.live:
            return 0
        hint_h = ctx.measure(hint, ctx.theme.small, width - 24) if hint else 0
        return self._button_h(ctx) + 20 + (hint_h + 8 if hint else 0)

    def _button_h(self, ctx: PhoneContext) -> int:
        return ctx.line(ctx.theme.small) + 16

    def _button(self, ctx: PhoneContext, rect: pygame.Rect) -> pygame.Rect:
        label_w = ctx.text_width(ctx.t("phone.hang_up"), ctx.theme.small, rect.width - 60, bold=True)
        button = pygame.Rect(0, 0, min(rect.width - 24, label_w + 48), self._button_h(ctx))
        button.midbottom = (rect.centerx, rect.bottom - 10)
        return button

    def footer_widgets(self, ctx: PhoneContext, rect: pygame.Rect, header: Header,
                       show_hint: Callable[[str], None]) -> list[Widget]:
        if not header.live:
            return []
        return [Widget("phone:hang_up", self._button(ctx, rect), ctx.t("phone.hang_up"), kind="hang_up",
                       action=lambda: show_hint("phone.hint.hang_up"), focusable=False)]

    def paint_footer(self, ctx: PhoneContext, surface: pygame.Surface, rect: pygame.Rect, header: Header,
                     hint: str, state: RowState) -> None:
        if not header.live:
            return
        palette = ctx.palette
        pygame.draw.rect(surface, palette.call_screen, rect)
        button = self._button(ctx, rect)
        if hint:
            box = pygame.Rect(rect.left + 12, rect.top + 6, rect.width - 24, button.top - rect.top - 10)
            ctx.text(surface, hint, ctx.theme.small, palette.call_text, box, "phone.hint", align="center")
        pygame.draw.rect(surface, palette.hang_up, button, border_radius=button.height // 2)
        ctx.text(surface, ctx.t("phone.hang_up"), ctx.theme.small, palette.hang_up_text, button.inflate(-24, -8),
                 "phone.hang_up", bold=True, align="center", valign="center", max_lines=1)
        if state.focused:
            draw_focus(surface, ctx.theme, button, button.height // 2)
        elif state.hovered:
            pygame.draw.rect(surface, palette.focus, button.inflate(4, 4), width=2, border_radius=button.height // 2)


def caption_row(ctx: PhoneContext, message: MessageView, width: int) -> Row:
    """One spoken line: "Name · 10:42" above the words; the player's own lines sit to the right."""
    small, body = ctx.theme.small, ctx.theme.body
    mine = message.sender == "player"
    card = pygame.Rect(10 if not mine else 40, 4, width - 50, 0)
    inner = card.width - 24
    _, clock = ctx.clock(message.at)
    who = f"{message.sender_name or ctx.t('phone.you')} · {clock}"
    who_h = ctx.line(small)
    text_h = ctx.measure(message.text, body, inner)
    card.height = 8 + who_h + 4 + text_h + 10
    boxes = {"card": card, "who": pygame.Rect(card.left + 12, card.top + 8, inner, who_h),
             "text": pygame.Rect(card.left + 12, card.top + 12 + who_h, inner, text_h)}
    return Row("caption", card.bottom + flag_height(ctx, message) + 6, _paint_caption, message, hit=card.copy(),
               boxes=boxes, data={"who": who, "mine": mine})


def _paint_caption(ctx, surface, origin, row, state) -> None:
    palette = ctx.palette
    card = row.box("card", origin)
    pygame.draw.rect(surface, palette.call_card_mine if row.data["mine"] else palette.call_card, card,
                     border_radius=12)
    ctx.text(surface, str(row.data["who"]), ctx.theme.small, palette.call_muted, row.box("who", origin),
             "phone.caption_who", max_lines=1)
    ctx.text(surface, row.message.text, ctx.theme.body, palette.call_text, row.box("text", origin), "phone.caption")
    paint_interaction(ctx, surface, row, origin, state, radius=12, right_aligned=bool(row.data["mine"]))
