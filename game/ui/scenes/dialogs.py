"""Small modal dialogs: a yes/no confirmation (a transfer's confirmation step), the pause menu."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from ..app import Scene
from ..fit import draw_text, fit
from ..widgets import Widget, button_height, draw_button


def draw_modal_card(surface: pygame.Surface, palette, card: pygame.Rect) -> None:
    """Dim the screen below a modal and draw its card."""
    shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    shade.fill((0, 0, 0, 140))
    surface.blit(shade, (0, 0))
    pygame.draw.rect(surface, palette.panel, card, border_radius=16)
    pygame.draw.rect(surface, palette.panel_edge, card, width=1, border_radius=16)


class Dialog(Scene):
    """A centred card over a dimmed screen. Input never reaches the scenes below.

    Layout measures every text with `fit` and keeps the boxes; `draw` puts each text in its box
    with `draw_text`. If the card is too tall for the window at the body size, it tries the small
    size, then two columns of buttons; whatever is still too tall shortens the text (ending "…")."""

    modal = True
    opaque = False
    width = 520
    label = "dialog"                    # the `where` of its texts: "dialog.title", "dialog.text"
    text_max_lines: int | None = None   # a long text is cut after this many lines (at a line end, "…")

    def __init__(self, app, title: str, text: str) -> None:
        super().__init__(app)
        self.title = title
        self.text = text
        self.card = pygame.Rect(0, 0, 0, 0)
        self.title_box = pygame.Rect(0, 0, 0, 0)
        self.text_box = pygame.Rect(0, 0, 0, 0)
        self.text_size = app.theme.body

    def buttons(self) -> list[tuple[str, str, Callable[[], None], str]]:
        return []

    def build(self, size: tuple[int, int]) -> list[Widget]:
        theme = self.theme
        room = size[1] - 24
        tries = ((theme.body, 1), (theme.small, 1), (theme.small, 2))
        for text_size, columns in tries:          # the whole text first; shorten it only if nothing fits
            widgets = self._build(size, text_size, columns, squeeze=False)
            if self.card.height <= room:
                break
        else:
            widgets = self._build(size, text_size, columns, squeeze=True)
        self.text_size = text_size
        if widgets and self.focus_id is None:
            self.focus_id = widgets[0].id
        return widgets

    def title_size(self, text_size: int) -> int:
        return self.theme.title if text_size == self.theme.body else self.theme.body

    def _build(self, size: tuple[int, int], text_size: int, columns: int, *, squeeze: bool) -> list[Widget]:
        width = min(self.width, size[0] - 80)
        inner = width - 48
        theme, assets = self.theme, self.assets
        title_h = fit(assets, self.title, self.title_size(text_size), inner, bold=True).height
        text_h = fit(assets, self.text, text_size, inner, max_lines=self.text_max_lines).height if self.text else 0
        specs = self.buttons()
        button_w = inner if columns == 1 else (inner - 10) // 2
        heights = [button_height(assets, theme, label, button_w, text_size) for _, label, _, _ in specs]
        rows = [heights[index:index + columns] for index in range(0, len(heights), columns)]
        buttons_h = sum(max(row) + 10 for row in rows) + 4 if rows else 0
        fixed = 24 + title_h + 12 + (12 if self.text else 0) + buttons_h + 14
        if squeeze and fixed + text_h > size[1] - 24:   # too tall: the text gives way (whole lines, "…")
            text_h = min(text_h, max(size[1] - 24 - fixed, assets.line_height(text_size)))
        self.card = pygame.Rect(0, 0, width, fixed + text_h)
        self.card.center = (size[0] // 2, size[1] // 2)
        left = self.card.left + 24
        self.title_box = pygame.Rect(left, self.card.top + 24, inner, title_h)
        self.text_box = pygame.Rect(left, self.title_box.bottom + 12, inner, text_h)
        y = self.card.bottom - buttons_h - 14 + 4
        widgets = []
        for row_index, row in enumerate(rows):
            for column, h in enumerate(row):
                widget_id, label, action, style = specs[row_index * columns + column]
                rect = pygame.Rect(left + column * (button_w + 10), y, button_w, max(row))
                widgets.append(Widget(widget_id, rect, label, action=action, data={"style": style}))
            y += max(row) + 10
        return widgets

    def handle_intent(self, inp) -> bool:
        if inp.name == "back":
            self.app.pop()
            return True
        return super().handle_intent(inp)

    def draw(self, surface: pygame.Surface) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        draw_modal_card(surface, palette, self.card)
        draw_text(surface, assets, self.title, self.title_size(self.text_size), palette.text, self.title_box,
                  bold=True, min_size=theme.small, where=f"{self.label}.title")
        if self.text and self.text_box.height > 0:
            draw_text(surface, assets, self.text, self.text_size, palette.text, self.text_box,
                      max_lines=self.text_max_lines, where=f"{self.label}.text")
        for widget in self.widgets():
            draw_button(surface, assets, theme, widget, focused=self.focus_id == widget.id,
                        hovered=self.hover_id == widget.id, style=widget.data.get("style", "normal"),
                        size=self.text_size)


class ConfirmScene(Dialog):
    def __init__(self, app, title: str, text: str, *, yes: str, no: str, on_yes: Callable[[], None],
                 on_no: Callable[[], None] | None = None) -> None:
        super().__init__(app, title, text)
        self.yes, self.no = yes, no
        self.on_yes, self.on_no = on_yes, on_no

    def buttons(self):
        return [("dialog:no", self.no, self._no, "normal"), ("dialog:yes", self.yes, self._yes, "primary")]

    def _yes(self) -> None:
        self.app.pop()
        self.on_yes()

    def _no(self) -> None:
        self.app.pop()
        if self.on_no:
            self.on_no()


class PauseScene(Dialog):
    def __init__(self, app, play) -> None:
        super().__init__(app, app.ctx.t("pause.title"), app.ctx.t("pause.text"))
        self.play = play

    def buttons(self):
        return [("pause:resume", self.t("pause.resume"), self.app.pop, "primary"),
                ("pause:settings", self.t("ui.settings"), self._settings, "normal"),
                ("pause:leave", self.t("pause.leave"), self._leave, "normal")]

    def _settings(self) -> None:
        from .settings import SettingsScene

        self.app.push(SettingsScene(self.app))

    def _leave(self) -> None:
        from .picker import PickerScene

        self.play.autosave()
        self.app.reset(PickerScene(self.app))
