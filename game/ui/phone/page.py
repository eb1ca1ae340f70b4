"""Rows of a web or app page: paragraphs, buttons, form fields, links, banners, the system
permission dialog, a payment form or transfer card (read from `PaymentView` fields, never from
text) and the balance chart (the `balance` values of a thread's messages).

`page_row` picks the row for a message's `look` ("" for a plain paragraph).
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.engine import MessageView, PaymentView
from game.locale import format_money

from .base import PhoneContext, Row
from .rows import flag_height, paint_interaction, underline

MARGIN = 16


def page_row(ctx: PhoneContext, message: MessageView, width: int, heading: str = "") -> Row:
    """A message as part of a page, drawn as its `look` says; `heading` (a sender who is not the
    page itself) goes above a plain paragraph."""
    make = {"permission": permission_row, "button": button_row, "field": field_row, "link": link_row,
            "notice": notice_row}.get(message.look)
    return make(ctx, message, width) if make else paragraph_row(ctx, message, width, heading)


# -- paragraphs and links -------------------------------------------------------------------------------

def paragraph_row(ctx: PhoneContext, message: MessageView, width: int, heading: str = "") -> Row:
    body, small = ctx.theme.body, ctx.theme.small
    inner = width - 2 * MARGIN
    head_h = ctx.line(small) + 2 if heading else 0
    text_h = ctx.measure(message.text, body, inner)
    block = pygame.Rect(MARGIN - 6, 4, inner + 12, head_h + text_h + 12)
    boxes = {"text": pygame.Rect(MARGIN, block.top + 6 + head_h, inner, text_h)}
    if heading:
        boxes["heading"] = pygame.Rect(MARGIN, block.top + 6, inner, ctx.line(small))
    return Row("paragraph", block.bottom + flag_height(ctx, message) + 6, _paint_paragraph, message,
               hit=block, boxes=boxes, data={"heading": heading})


def _paint_paragraph(ctx, surface, origin, row, state) -> None:
    if "heading" in row.boxes:
        ctx.text(surface, str(row.data["heading"]), ctx.theme.small, ctx.palette.muted, row.box("heading", origin),
                 "phone.page_heading", bold=True, max_lines=1)
    ctx.text(surface, row.message.text, ctx.theme.body, ctx.palette.text, row.box("text", origin), "phone.page")
    paint_interaction(ctx, surface, row, origin, state, radius=8)


def link_row(ctx: PhoneContext, message: MessageView, width: int) -> Row:
    body = ctx.theme.body
    inner = width - 2 * MARGIN
    text_h = ctx.measure(message.text, body, inner)
    text_w = ctx.text_width(message.text, body, inner)
    text = pygame.Rect(MARGIN, 8, inner, text_h)
    hit = pygame.Rect(MARGIN - 6, 4, text_w + 12, text_h + 8)
    return Row("link", hit.bottom + flag_height(ctx, message) + 6, _paint_link, message, hit=hit,
               boxes={"text": text})


def _paint_link(ctx, surface, origin, row, state) -> None:
    box, color = row.box("text", origin), ctx.palette.link
    ctx.text(surface, row.message.text, ctx.theme.body, color, box, "phone.link")
    underline(ctx, surface, row.message.text, ctx.theme.body, color, box)
    paint_interaction(ctx, surface, row, origin, state, radius=6)


# -- buttons, fields, banners ------------------------------------------------------------------------

def _boxed(ctx: PhoneContext, kind: str, message: MessageView, width: int, painter, *, inset: int = MARGIN,
           pad: int = 10, bold: bool = False) -> Row:
    body = ctx.theme.body
    inner = width - 2 * inset - 2 * 14
    text_h = ctx.measure(message.text, body, inner, bold=bold)
    frame = pygame.Rect(inset, 6, width - 2 * inset, text_h + 2 * pad)
    text = pygame.Rect(frame.left + 14, frame.top + pad, inner, text_h)
    return Row(kind, frame.bottom + flag_height(ctx, message) + 8, painter, message, hit=frame.copy(),
               boxes={"frame": frame, "text": text})


def button_row(ctx: PhoneContext, message: MessageView, width: int) -> Row:
    return _boxed(ctx, "button", message, width, _paint_button, inset=MARGIN + 8, pad=12, bold=True)


def _paint_button(ctx, surface, origin, row, state) -> None:
    palette = ctx.palette
    frame = row.box("frame", origin)
    pygame.draw.rect(surface, palette.page_button, frame, border_radius=frame.height // 2 if frame.height < 60 else 14)
    ctx.text(surface, row.message.text, ctx.theme.body, palette.page_button_text, row.box("text", origin),
             "phone.button", bold=True, align="center")
    paint_interaction(ctx, surface, row, origin, state, radius=14)


def field_row(ctx: PhoneContext, message: MessageView, width: int) -> Row:
    return _boxed(ctx, "field", message, width, _paint_field)


def _paint_field(ctx, surface, origin, row, state) -> None:
    palette = ctx.palette
    frame = row.box("frame", origin)
    pygame.draw.rect(surface, palette.card, frame, border_radius=6)
    pygame.draw.rect(surface, palette.muted, frame, width=2, border_radius=6)
    text = ctx.text(surface, row.message.text, ctx.theme.body, palette.text, row.box("text", origin), "phone.field")
    caret_x = min(text.right + 3, frame.right - 6)
    pygame.draw.line(surface, palette.accent, (caret_x, text.bottom - ctx.line(ctx.theme.body) + 4),
                     (caret_x, text.bottom - 4), 2)
    paint_interaction(ctx, surface, row, origin, state, radius=6)


def notice_row(ctx: PhoneContext, message: MessageView, width: int) -> Row:
    return _boxed(ctx, "notice", message, width, _paint_notice, inset=12)


def _paint_notice(ctx, surface, origin, row, state) -> None:
    palette = ctx.palette
    frame = row.box("frame", origin)
    pygame.draw.rect(surface, palette.notice, frame, border_radius=8)
    pygame.draw.rect(surface, palette.notice_text, (frame.left, frame.top, 5, frame.height),
                     border_top_left_radius=8, border_bottom_left_radius=8)
    ctx.text(surface, row.message.text, ctx.theme.body, palette.notice_text, row.box("text", origin), "phone.notice")
    paint_interaction(ctx, surface, row, origin, state, radius=8)


# -- the system permission dialog -------------------------------------------------------------------

def permission_row(ctx: PhoneContext, message: MessageView, width: int) -> Row:
    """A system dialog ("Allow screen sharing?"). Its two buttons are drawn quiet: the player
    answers with the replies beside the phone, and a click on the dialog flags it like any message."""
    body, small = ctx.theme.body, ctx.theme.small
    dialog = pygame.Rect(24, 10, width - 48, 0)
    inner = dialog.width - 28
    text_h = ctx.measure(message.text, body, inner, bold=True)
    button_h = ctx.line(small) + 14
    dialog.height = 14 + text_h + 12 + button_h
    half = dialog.width // 2
    boxes = {"dialog": dialog, "text": pygame.Rect(dialog.left + 14, dialog.top + 14, inner, text_h),
             "deny": pygame.Rect(dialog.left + 6, dialog.bottom - button_h + 7, half - 12, ctx.line(small)),
             "allow": pygame.Rect(dialog.left + half + 6, dialog.bottom - button_h + 7, half - 12, ctx.line(small))}
    return Row("permission", dialog.bottom + flag_height(ctx, message) + 12, _paint_permission, message,
               hit=dialog.copy(), boxes=boxes,
               data={"deny": ctx.t("phone.deny"), "allow": ctx.t("phone.allow")})


def _paint_permission(ctx, surface, origin, row, state) -> None:
    palette = ctx.palette
    dialog = row.box("dialog", origin)
    band = pygame.Rect(origin.left, origin.top, origin.width, row.height)
    pygame.draw.rect(surface, palette.scrim, band)
    pygame.draw.rect(surface, palette.card, dialog, border_radius=14)
    pygame.draw.rect(surface, palette.card_edge, dialog, width=1, border_radius=14)
    ctx.text(surface, row.message.text, ctx.theme.body, palette.text, row.box("text", origin), "phone.dialog",
             bold=True, align="center")
    deny, allow = row.box("deny", origin), row.box("allow", origin)
    top = deny.top - 7
    pygame.draw.line(surface, palette.card_edge, (dialog.left, top), (dialog.right - 1, top))
    pygame.draw.line(surface, palette.card_edge, (dialog.centerx, top), (dialog.centerx, dialog.bottom - 1))
    for box, key in ((deny, "deny"), (allow, "allow")):
        ctx.text(surface, str(row.data[key]), ctx.theme.small, palette.muted, box, "phone.dialog_button",
                 align="center", max_lines=1)
    paint_interaction(ctx, surface, row, origin, state, radius=14)


# -- money: a payment form or transfer card, and the balance chart --------------------------------

def account_shown(t: Callable[..., str], payment: PaymentView) -> str:
    """The account as a bank screen shows it: the number, else "Card ending 2502", else ""."""
    if payment.account:
        return payment.account
    return t("phone.card_tail", tail=payment.card_tail) if payment.card_tail else ""


def payment_card_row(ctx: PhoneContext, payment: PaymentView, width: int, *, kind: str, title: str,
                     message_id: str) -> Row:
    """The fields of a payment, as a bank screen lists them: payee, account or card, bank, amount.
    The row's `data` holds the very fields it shows (tests compare them with the PaymentView)."""
    small, body, big = ctx.theme.small, ctx.theme.body, ctx.theme.size(24)
    amount = format_money(payment.amount, payment.currency, ctx.lang)
    account = account_shown(ctx.t, payment)
    card = pygame.Rect(12, 8, width - 24, 0)
    inner = card.width - 28
    fields = [("payee", ctx.t("phone.payee"), payment.payee, body, True)]
    if account:
        fields.append(("account", ctx.t("phone.account"), account, body, False))
    if payment.bank:
        fields.append(("bank", ctx.t("phone.bank_name"), payment.bank, body, False))
    fields.append(("amount", ctx.t("phone.amount"), amount, big, True))
    boxes = {}
    y = card.top + 12
    title_h = ctx.measure(title, small, inner, bold=True)
    boxes["title"] = pygame.Rect(card.left + 14, y, inner, title_h)
    y += title_h + 8
    shown = []
    for key, label, value, size, bold in fields:
        label_h = ctx.line(small)
        value_h = ctx.measure(value, size, inner, bold=bold)
        boxes[f"{key}_label"] = pygame.Rect(card.left + 14, y, inner, label_h)
        boxes[key] = pygame.Rect(card.left + 14, y + label_h, inner, value_h)
        shown.append((key, label, value, size, bold))
        y += label_h + value_h + 8
    card.height = y - card.top + 4
    boxes["card"] = card
    return Row(kind, card.bottom + 10, _paint_payment_card, boxes=boxes,
               data={"message_id": message_id, "title": title, "payee": payment.payee, "account": payment.account,
                     "card_tail": payment.card_tail, "bank": payment.bank, "amount": payment.amount,
                     "currency": payment.currency, "amount_text": amount, "account_shown": account,
                     "fields": tuple(shown)})


def _paint_payment_card(ctx, surface, origin, row, state) -> None:
    palette = ctx.palette
    card = row.box("card", origin)
    pygame.draw.rect(surface, palette.card, card, border_radius=12)
    pygame.draw.rect(surface, palette.card_edge, card, width=1, border_radius=12)
    ctx.text(surface, str(row.data["title"]), ctx.theme.small, palette.muted, row.box("title", origin),
             "phone.transfer_card", bold=True)
    for key, label, value, size, bold in row.data["fields"]:
        ctx.text(surface, label, ctx.theme.small, palette.muted, row.box(f"{key}_label", origin),
                 "phone.transfer_card", max_lines=1)
        ctx.text(surface, value, size, palette.text, row.box(key, origin), "phone.transfer_card", bold=bold)


def balance_row(ctx: PhoneContext, values: tuple[int, ...], width: int) -> Row:
    """The balance an app shows: its latest value, and a line through every value so far."""
    small, big = ctx.theme.small, ctx.theme.size(22)
    card = pygame.Rect(12, 8, width - 24, 0)
    inner = card.width - 28
    amount = format_money(values[-1], ctx.currency, ctx.lang)
    label_h, amount_h = ctx.line(small), ctx.measure(amount, big, inner, bold=True)
    chart_h = 70 if len(values) > 1 else 0
    boxes = {"label": pygame.Rect(card.left + 14, card.top + 10, inner, label_h),
             "amount": pygame.Rect(card.left + 14, card.top + 10 + label_h, inner, amount_h)}
    boxes["chart"] = pygame.Rect(card.left + 14, boxes["amount"].bottom + 8, inner, chart_h)
    card.height = boxes["chart"].bottom - card.top + 12
    boxes["card"] = card
    return Row("balance", card.bottom + 8, _paint_balance, boxes=boxes,
               data={"values": values, "amount_text": amount, "label": ctx.t("phone.balance")})


def _paint_balance(ctx, surface, origin, row, state) -> None:
    palette = ctx.palette
    card = row.box("card", origin)
    pygame.draw.rect(surface, palette.card, card, border_radius=12)
    pygame.draw.rect(surface, palette.card_edge, card, width=1, border_radius=12)
    ctx.text(surface, str(row.data["label"]), ctx.theme.small, palette.muted, row.box("label", origin),
             "phone.chart", max_lines=1)
    ctx.text(surface, str(row.data["amount_text"]), ctx.theme.size(22), palette.text, row.box("amount", origin),
             "phone.chart", bold=True)
    values = row.data["values"]
    chart = row.box("chart", origin)
    if len(values) < 2:
        return
    low, high = min(values), max(values)
    span = max(1, high - low)
    points = [(chart.left + chart.width * index / (len(values) - 1),
               chart.bottom - 2 - (chart.height - 4) * (value - low) / span) for index, value in enumerate(values)]
    pygame.draw.line(surface, palette.card_edge, chart.bottomleft, chart.bottomright)
    pygame.draw.lines(surface, palette.good if values[-1] >= values[0] else palette.danger, False, points, 3)
