"""Row kinds every channel shares: the day separator, the narrator's line, chat bubbles, text
cards, the transfer bubble after a payment (and the one for money coming in), the typing indicator; plus the flag marker and the
hover and focus states of a flaggable message, and `timeline`, which puts them in order.

Each `…_row` function measures its text once (with `fit`, as `draw_text` will) and returns a
`Row` holding its boxes; the row's painter only draws into those boxes.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pygame

from game.engine import MessageView, ReceivedView, SentPayment, SessionView, ThreadView
from game.locale import format_money

from ..fit import fit
from ..theme import Color, avatar_color
from ..widgets import draw_focus
from .base import PhoneContext, Row, RowState

MessageRow = Callable[[MessageView], "Row | list[Row]"]

#: Message rows whose whole text must be shown (never cut with "…"): tests read these labels.
FULL_TEXT = ("phone.bubble", "phone.card", "phone.caption", "phone.narrator", "phone.page", "phone.button",
             "phone.field", "phone.link", "phone.notice", "phone.dialog", "phone.result", "phone.site",
             "phone.transfer", "phone.transfer_card", "phone.transfer_in")


# -- the order of a thread ------------------------------------------------------------------------

def timeline(ctx: PhoneContext, view: SessionView, thread: ThreadView | None, messages: list[MessageView],
             width: int, message_row: MessageRow, *, typing: str = "text", before: list[Row] | None = None,
             quiet: Color | None = None) -> list[Row]:
    """Day separators, the narrator's lines, `message_row` (one row or several) for every other
    message, a transfer bubble for every payment the player made from this thread and for every
    sum that came in here (at its time), and, while the current step's messages are still arriving here, a typing indicator. `quiet` is
    the colour of the narrator's lines and the typing "…" (the muted one unless given)."""
    rows: list[Row] = list(before or [])
    thread_id = thread.id if thread else ""
    # A message's rows depend on the message, the thread's look and the phone's width: a thread of
    # thousands of messages rebuilds only the rows of what changed.
    context = (ctx.theme, ctx.lang, width, thread and (thread.id, thread.channel, thread.title, thread.group,
                                                        thread.detail), typing, quiet)
    memo = ctx.memo.setdefault(context, {})
    # Money out and money in, in the order it moved (a payment before money received at the same moment).
    moved = sorted([(p.at, 0, index, p) for index, p in enumerate(view.payments) if p.thread == thread_id]
                   + [(r.at, 1, index, r) for index, r in enumerate(view.received) if r.thread == thread_id],
                   key=lambda entry: entry[:3])
    payments = [entry[3] for entry in moved]
    last_day: list[int | None] = [None]

    def money_row(item: SentPayment | ReceivedView) -> Row:
        return sent_payment_row(ctx, item, width) if isinstance(item, SentPayment) else received_row(ctx, item, width)

    def day(at: float, known: tuple[int, str] | None = None) -> None:
        number, clock = known or ctx.clock(at)
        if number != last_day[0]:
            rows.append(day_row(ctx, ctx.t("play.day", day=number, time=clock), width))
            last_day[0] = number

    index = 0
    for message in messages:
        while index < len(payments) and payments[index].at <= message.at:
            day(payments[index].at)
            rows.append(money_row(payments[index]))
            index += 1
        known = memo.get(message)
        if known is None:
            made = narrator_row(ctx, message, width, quiet) if message.sender == "narrator" else message_row(message)
            known = memo[message] = (ctx.clock(message.at), made if isinstance(made, list) else [made])
        day(message.at, known[0])
        rows.extend(known[1])
    for sent in payments[index:]:
        day(sent.at)
        rows.append(money_row(sent))
    if is_arriving_here(view, thread, messages):
        rows.append(typing_row(ctx, typing, width, quiet=quiet))
    return rows


def is_arriving_here(view: SessionView, thread: ThreadView | None, messages: list[MessageView]) -> bool:
    """More messages of the current step are on their way, and this is the thread they go to
    (the thread of its first messages, or, before any has come, the last thread written in)."""
    if not view.waiting or view.ended or not view.step_id or thread is None:
        return False
    if messages and messages[-1].step_id == view.step_id:
        return True
    last = view.messages[-1] if view.messages else None
    return last is not None and last.step_id != view.step_id and last.thread == thread.id


# -- shared drawing helpers -------------------------------------------------------------------------

def flag_height(ctx: PhoneContext, message: MessageView | None) -> int:
    return ctx.line(ctx.theme.small) + 6 if message is not None and message.flag is not None else 0


def flag_box(ctx: PhoneContext, hit: pygame.Rect, width: int, right_aligned: bool = False) -> pygame.Rect:
    """Where "⚑ flagged" goes: just under the message, as wide as the row allows."""
    height = ctx.line(ctx.theme.small)
    if right_aligned:
        return pygame.Rect(12, hit.bottom + 3, hit.right - 12, height)
    return pygame.Rect(hit.left, hit.bottom + 3, width - 12 - hit.left, height)


def paint_interaction(ctx: PhoneContext, surface: pygame.Surface, row: Row, origin: pygame.Rect,
                      state: RowState, radius: int = 14, right_aligned: bool = False) -> None:
    """The flag marker, the hover outline and the focus ring of a flaggable message."""
    message = row.message
    if row.hit is None or message is None or not message.flaggable:
        return
    palette = ctx.palette
    hit = row.hit.move(origin.left, origin.top)
    if message.flag is not None:
        pygame.draw.rect(surface, palette.flag, hit, width=3, border_radius=radius)
        box = flag_box(ctx, row.hit, origin.width, right_aligned).move(origin.left, origin.top)
        label = "⚑ " + ctx.t("play.flag_marker")
        pill = box.copy()                      # on a card-coloured pill: legible on every screen, the call's too
        pill.width = min(box.width, ctx.text_width(label, ctx.theme.small, box.width, bold=True) + 12)
        if right_aligned:
            pill.right = box.right
        pygame.draw.rect(surface, palette.card, pill, border_radius=pill.height // 2)
        ctx.text(surface, label, ctx.theme.small, palette.flag, pill.inflate(-12, 0), "phone.flag",
                 bold=True, max_lines=1, align="right" if right_aligned else "left")
    if state.focused:
        draw_focus(surface, ctx.theme, hit, radius)
    elif state.hovered:
        pygame.draw.rect(surface, palette.focus, hit.inflate(4, 4), width=2, border_radius=radius + 2)


def underline(ctx: PhoneContext, surface: pygame.Surface, text: str, size: int, color: Color,
              box: pygame.Rect, *, bold: bool = False) -> None:
    """Underline each line of `text` as `draw_text` placed it (left-aligned) in `box`: a link."""
    fitted = fit(ctx.assets, text, size, box.width, box.height, bold=bold)
    font, line_h = ctx.assets.font(fitted.size, bold), ctx.line(fitted.size)
    for index, line in enumerate(fitted.lines):
        width = min(font.size(line)[0], box.width)
        y = box.top + (index + 1) * line_h - max(2, line_h // 8)
        pygame.draw.line(surface, color, (box.left, y), (box.left + width - 1, y))


def _avatar(ctx: PhoneContext, surface: pygame.Surface, rect: pygame.Rect, name: str) -> None:
    pygame.draw.ellipse(surface, avatar_color(name or "?"), rect)
    ctx.text(surface, (name or "?")[:1].upper(), ctx.theme.size(13), ctx.palette.avatar_text, rect, "phone.avatar",
             bold=True, align="center", valign="center", max_lines=1)


# -- day separator ----------------------------------------------------------------------------------

def day_row(ctx: PhoneContext, label: str, width: int) -> Row:
    size = ctx.theme.small
    line = ctx.line(size)
    text_w = min(ctx.text_width(label, size, 10_000) + 2, width - 48)
    pill = pygame.Rect(0, 8, text_w + 20, line + 6)
    pill.centerx = width // 2
    return Row("day", line + 22, _paint_day, boxes={"pill": pill, "text": pill.inflate(-20, -6)},
               data={"label": label})


def _paint_day(ctx, surface, origin, row, state) -> None:
    pill = row.box("pill", origin)
    pygame.draw.rect(surface, ctx.palette.chip, pill, border_radius=pill.height // 2)
    ctx.text(surface, str(row.data["label"]), ctx.theme.small, ctx.palette.chip_text, row.box("text", origin),
             "phone.day", align="center", max_lines=1)


# -- the narrator ---------------------------------------------------------------------------------

def narrator_row(ctx: PhoneContext, message: MessageView, width: int, color: Color | None = None) -> Row:
    size = ctx.theme.small
    text_h = ctx.measure(message.text, size, width - 48)
    return Row("narrator", text_h + 14, _paint_narrator, message,
               boxes={"text": pygame.Rect(24, 6, width - 48, text_h)}, data={"color": color or ctx.palette.muted})


def _paint_narrator(ctx, surface, origin, row, state) -> None:
    ctx.text(surface, row.message.text, ctx.theme.small, row.data["color"], row.box("text", origin),
             "phone.narrator", align="center")


# -- chat bubbles ---------------------------------------------------------------------------------

def bubble_row(ctx: PhoneContext, message: MessageView, width: int, *, mine: bool, fill: Color, fg: Color,
               stamp_color: Color | None = None, show_name: bool = False, avatar: bool = False,
               link: bool = False) -> Row:
    """A chat or SMS bubble in the given colours (`stamp_color`: the time's, if not the muted one).
    A player's bubble sits on the right."""
    body, small = ctx.theme.body, ctx.theme.small
    avatar_w = 44 if avatar and not mine else 0
    inner_max = max(40, min(int(width * 0.74), width - avatar_w - 24) - 24)
    _, clock = ctx.clock(message.at)
    text_w = ctx.text_width(message.text, body, inner_max)
    text_h = ctx.measure(message.text, body, inner_max)
    stamp_w = min(ctx.text_width(clock, small, inner_max) + 2, inner_max)
    inner_w = min(inner_max, max(text_w, stamp_w) + 2)
    name_h = ctx.line(small) + 2 if show_name and not mine else 0
    bubble = pygame.Rect(0, name_h + 4, inner_w + 24, 10 + text_h + 2 + ctx.line(small) + 6)
    bubble.left = width - bubble.width - 12 if mine else 12 + avatar_w
    text = pygame.Rect(bubble.left + 12, bubble.top + 10, inner_w, text_h)
    stamp = pygame.Rect(bubble.right - 12 - stamp_w, text.bottom + 2, stamp_w, ctx.line(small))
    boxes = {"bubble": bubble, "text": text, "stamp": stamp}
    if name_h:
        boxes["name"] = pygame.Rect(bubble.left + 4, 2, width - bubble.left - 16, ctx.line(small))
    if avatar_w:
        boxes["avatar"] = pygame.Rect(10, bubble.top, 34, 34)
    height = max(bubble.bottom, boxes["avatar"].bottom if avatar_w else 0) + flag_height(ctx, message) + 8
    return Row("bubble", height, _paint_bubble, message, hit=bubble.copy(), boxes=boxes,
               data={"mine": mine, "fill": fill, "fg": fg, "stamp_color": stamp_color, "clock": clock, "link": link})


def _paint_bubble(ctx, surface, origin, row, state) -> None:
    palette, message = ctx.palette, row.message
    bubble = row.box("bubble", origin)
    fill, fg = row.data["fill"], row.data["fg"]
    if "avatar" in row.boxes:
        _avatar(ctx, surface, row.box("avatar", origin), message.sender_name)
    if "name" in row.boxes:
        ctx.text(surface, message.sender_name, ctx.theme.small, palette.muted, row.box("name", origin),
                 "phone.name", max_lines=1)
    pygame.draw.rect(surface, fill, bubble, border_radius=14)
    if not row.data["mine"]:
        pygame.draw.rect(surface, palette.card_edge, bubble, width=1, border_radius=14)
    text_color = palette.link if row.data["link"] and not row.data["mine"] else fg
    ctx.text(surface, message.text, ctx.theme.body, text_color, row.box("text", origin), "phone.bubble")
    if row.data["link"]:
        underline(ctx, surface, message.text, ctx.theme.body, text_color, row.box("text", origin))
    stamp = fg if row.data["mine"] else (row.data["stamp_color"] or palette.muted)
    ctx.text(surface, str(row.data["clock"]), ctx.theme.small, stamp,
             row.box("stamp", origin), "phone.stamp", align="right", max_lines=1)
    paint_interaction(ctx, surface, row, origin, state, right_aligned=bool(row.data["mine"]))


# -- a titled text card -----------------------------------------------------------------------------

def card_row(ctx: PhoneContext, message: MessageView, width: int, title: str | None = None) -> Row:
    """A message as a card: a small bold title (the sender, or the channel) above the text."""
    body, small = ctx.theme.body, ctx.theme.small
    title = title if title is not None else (message.sender_name or ctx.t(f"channel.{message.channel}"))
    card = pygame.Rect(12, 4, width - 24, 0)
    inner = card.width - 24
    title_h = ctx.line(small)
    text_h = ctx.measure(message.text, body, inner)
    card.height = 8 + title_h + 4 + text_h + 12
    boxes = {"card": card, "title": pygame.Rect(card.left + 12, card.top + 8, inner, title_h),
             "text": pygame.Rect(card.left + 12, card.top + 12 + title_h, inner, text_h)}
    return Row("card", card.bottom + flag_height(ctx, message) + 8, _paint_card, message, hit=card.copy(),
               boxes=boxes, data={"title": title})


def _paint_card(ctx, surface, origin, row, state) -> None:
    palette = ctx.palette
    card = row.box("card", origin)
    pygame.draw.rect(surface, palette.card, card, border_radius=10)
    pygame.draw.rect(surface, palette.card_edge, card, width=1, border_radius=10)
    ctx.text(surface, str(row.data["title"]), ctx.theme.small, palette.muted, row.box("title", origin),
             "phone.card_title", bold=True, max_lines=1)
    ctx.text(surface, row.message.text, ctx.theme.body, palette.text, row.box("text", origin), "phone.card")
    paint_interaction(ctx, surface, row, origin, state, radius=10)


# -- the transfer bubble after a payment --------------------------------------------------------------

def _money_bubble(ctx: PhoneContext, width: int, parts: tuple[tuple[str, str], ...], *,
                  right: bool) -> dict[str, pygame.Rect]:
    """The boxes of a money bubble: a label, the amount large and bold, a line saying who; on the
    right like a sent message (a payment) or on the left like a received one (money in)."""
    small, big = ctx.theme.small, ctx.theme.size(20)
    box_w = min(width - 24, max(180, int(width * 0.72)))
    inner = box_w - 28
    heights = [ctx.measure(text, big if index == 1 else small, inner, bold=index == 1)
               for index, (_, text) in enumerate(parts)]
    box = pygame.Rect(width - 12 - box_w if right else 12, 6, box_w, 12 + sum(heights) + 8 + 12)
    y = box.top + 12
    boxes = {"box": box}
    for (name, _), height in zip(parts, heights):
        boxes[name] = pygame.Rect(box.left + 14, y, inner, height)
        y += height + 4
    return boxes


def sent_payment_row(ctx: PhoneContext, sent: SentPayment, width: int) -> Row:
    """The player's payment, on the right like a sent message: "Transfer · ¥3,000 · to Leroy Walters"."""
    payment = sent.payment
    amount = format_money(payment.amount, payment.currency, ctx.lang)
    label = ctx.t("phone.transfer_sent")
    to = ctx.t("phone.transfer_to", payee=payment.payee)
    boxes = _money_bubble(ctx, width, (("label", label), ("amount", amount), ("to", to)), right=True)
    return Row("sent_payment", boxes["box"].bottom + 8, _paint_sent_payment, boxes=boxes,
               data={"payee": payment.payee, "amount": payment.amount, "currency": payment.currency,
                     "account": payment.account, "card_tail": payment.card_tail, "bank": payment.bank,
                     "amount_text": amount, "label": label, "to": to, "choice_id": sent.choice_id, "at": sent.at})


def _paint_sent_payment(ctx, surface, origin, row, state) -> None:
    palette = ctx.palette
    box = row.box("box", origin)
    pygame.draw.rect(surface, palette.transfer, box, border_radius=12)
    ctx.text(surface, str(row.data["label"]), ctx.theme.small, palette.transfer_text, row.box("label", origin),
             "phone.transfer")
    ctx.text(surface, str(row.data["amount_text"]), ctx.theme.size(20), palette.transfer_text,
             row.box("amount", origin), "phone.transfer", bold=True)
    ctx.text(surface, str(row.data["to"]), ctx.theme.small, palette.transfer_text, row.box("to", origin),
             "phone.transfer")


# -- money coming in --------------------------------------------------------------------------------

def received_row(ctx: PhoneContext, received: ReceivedView, width: int) -> Row:
    """Money that came in, on the left like a message from its payer: "Money received · £16.40 ·
    from Leroy Walters". Whether it will clear is never shown: the player cannot know yet."""
    amount = format_money(received.amount, received.currency, ctx.lang)
    label = ctx.t("phone.transfer_received")
    source = ctx.t("phone.transfer_from", payer=received.payer)
    boxes = _money_bubble(ctx, width, (("label", label), ("amount", amount), ("from", source)), right=False)
    box = boxes["box"]
    return Row("received", box.bottom + 8, _paint_received, boxes=boxes,
               data={"payer": received.payer, "amount": received.amount, "currency": received.currency,
                     "amount_text": amount, "label": label, "from": source, "at": received.at})


def _paint_received(ctx, surface, origin, row, state) -> None:
    palette = ctx.palette
    box = row.box("box", origin)
    pygame.draw.rect(surface, palette.card, box, border_radius=12)
    pygame.draw.rect(surface, palette.good, box, width=2, border_radius=12)
    ctx.text(surface, str(row.data["label"]), ctx.theme.small, palette.muted, row.box("label", origin),
             "phone.transfer_in")
    ctx.text(surface, str(row.data["amount_text"]), ctx.theme.size(20), palette.good, row.box("amount", origin),
             "phone.transfer_in", bold=True)
    ctx.text(surface, str(row.data["from"]), ctx.theme.small, palette.muted, row.box("from", origin),
             "phone.transfer_in")


# -- someone is typing --------------------------------------------------------------------------------

def typing_row(ctx: PhoneContext, style: str, width: int, left: int = 12, quiet: Color | None = None) -> Row:
    """`style` "dots": three bouncing dots in a bubble (chats, SMS); "text": a quiet "…"."""
    pill = pygame.Rect(left, 6, 64, 30)
    return Row("typing", 44, _paint_typing, boxes={"pill": pill},
               data={"style": style, "color": quiet or ctx.palette.muted})


def _paint_typing(ctx, surface, origin, row, state) -> None:
    palette = ctx.palette
    pill = row.box("pill", origin)
    if row.data["style"] == "dots":
        pygame.draw.rect(surface, palette.bubble_in, pill, border_radius=14)
        for index in range(3):
            phase = 0.0 if ctx.reduced_motion else math.sin(ctx.time * 6 - index * 0.8)
            center = (pill.left + 18 + index * 14, pill.centery - int(3 * max(0.0, phase)))
            pygame.draw.circle(surface, palette.muted, center, 4)
    else:
        ctx.text(surface, "…", ctx.theme.body, row.data["color"], pill, "phone.typing", valign="center", max_lines=1)
