"""The transfer confirmation, as a bank app shows it: the payee, their bank, their account or
card, and the amount in bold — read from the choice's payment fields, never from text.

Both buttons look alike: the screen shows the facts and never hints at the answer.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.engine import PaymentView
from game.locale import format_money

from ..app import Scene
from ..fit import draw_text, fit
from ..widgets import Widget, button_height, draw_button
from .dialogs import draw_modal_card


class TransferConfirmScene(Scene):
    modal = True
    opaque = False
    width = 520

    def __init__(self, app, payment: PaymentView, *, on_yes: Callable[[], None]) -> None:
        super().__init__(app)
        self.payment = payment
        self.on_yes = on_yes
        self.card = pygame.Rect(0, 0, 0, 0)
        self.size = app.theme.body

    def rows(self) -> list[tuple[str, str, str]]:
        """(field, label, value) in the order shown; tests compare them with the scenario."""
        payment, t = self.payment, self.t
        rows = [("payee", t("transfer.payee"), payment.payee or "—")]
        if payment.bank:
            rows.append(("bank", t("transfer.bank"), payment.bank))
        if payment.card_tail:
            rows.append(("card_tail", t("transfer.card_tail"), payment.card_tail))
        elif payment.account:
            rows.append(("account", t("transfer.account"), payment.account))
        rows.append(("amount", t("transfer.amount"), format_money(payment.amount, payment.currency, self.ctx.lang)))
        return rows

    # -- layout -----------------------------------------------------------------------------
    def _heights(self, size: int, inner: int) -> tuple[int, list[int], int, list[int]]:
        theme, assets = self.theme, self.assets
        big = theme.title if size == theme.body else theme.body
        title_h = fit(assets, self.t("transfer.title"), big, inner, bold=True).height
        row_hs = [assets.line_height(theme.small) + fit(assets, value, big if field == "amount" else size,
                                                        inner, bold=True).height + 8
                  for field, _, value in self.rows()]
        note_h = fit(assets, self.t("transfer.note"), theme.small, inner).height
        buttons = [button_height(assets, theme, label, inner, size) for label in self._labels()]
        return title_h, row_hs, note_h, buttons

    def _labels(self) -> list[str]:
        return [self.t("transfer.cancel"), self.t("transfer.confirm")]

    def build(self, size: tuple[int, int]) -> list[Widget]:
        width = min(self.width, size[0] - 80)
        inner = width - 48
        for text_size in (self.theme.body, self.theme.small):
            title_h, row_hs, note_h, buttons = self._heights(text_size, inner)
            height = 24 + title_h + 12 + sum(row_hs) + 8 + note_h + 18 + sum(h + 10 for h in buttons) + 14
            if height <= size[1] - 24:
                break
        self.size = text_size
        self.card = pygame.Rect(0, 0, width, min(height, size[1] - 16))
        self.card.center = (size[0] // 2, size[1] // 2)
        y = self.card.bottom - sum(h + 10 for h in buttons) - 14
        widgets = []
        for (widget_id, action), label, h in zip((("dialog:no", self._no), ("dialog:yes", self._yes)),
                                                 self._labels(), buttons):
            widgets.append(Widget(widget_id, pygame.Rect(self.card.left + 24, y, inner, h), label, action=action,
                                  data={"style": "normal"}))
            y += h + 10
        if self.focus_id is None:
            self.focus_id = widgets[0].id
        return widgets

    def _yes(self) -> None:
        self.app.pop()
        self.on_yes()

    def _no(self) -> None:
        self.app.pop()

    def handle_intent(self, inp) -> bool:
        if inp.name == "back":
            self._no()
            return True
        return super().handle_intent(inp)

    # -- drawing ----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        draw_modal_card(surface, palette, self.card)
        inner = self.card.width - 48
        big = theme.title if self.size == theme.body else theme.body
        x = self.card.left + 24
        buttons_top = min(w.rect.top for w in self.widgets())
        box = pygame.Rect(x, self.card.top + 24, inner, buttons_top - self.card.top - 34)
        taken = draw_text(surface, assets, self.t("transfer.title"), big, palette.text, box, bold=True,
                          max_lines=2, where="transfer.title")
        y = taken.bottom + 12
        for field, label, value in self.rows():
            y = draw_text(surface, assets, label, theme.small, palette.muted,
                          pygame.Rect(x, y, inner, max(0, box.bottom - y)), max_lines=1, where="transfer.label").bottom
            y = draw_text(surface, assets, value, big if field == "amount" else self.size, palette.text,
                          pygame.Rect(x, y, inner, max(0, box.bottom - y)), bold=True, max_lines=2,
                          where=f"transfer.{field}").bottom + 8
        draw_text(surface, assets, self.t("transfer.note"), theme.small, palette.muted,
                  pygame.Rect(x, y + 8, inner, max(0, box.bottom - y - 8)), where="transfer.note")
        for widget in self.widgets():
            draw_button(surface, assets, theme, widget, focused=self.focus_id == widget.id,
                        hovered=self.hover_id == widget.id, style="normal", size=self.size)
