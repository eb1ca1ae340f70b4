"""Small modal dialogs: a yes/no confirmation (a transfer's confirmation step), the pause menu."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from ..app import Scene
from ..widgets import Widget, button_height, draw_button


class Dialog(Scene):
    """A centred card over a dimmed screen. Input never reaches the scenes below."""

    modal = True
    opaque = False
    width = 520

    def __init__(self, app, title: str, text: str) -> None:
        super().__init__(app)
        self.title = title
        self.text = text
        self.card = pygame.Rect(0, 0, 0, 0)
        self.text_size = app.theme.body

    def buttons(self) -> list[tuple[str, str, Callable[[], None], str]]:
        return []

    def build(self, size: tuple[int, int]) -> list[Widget]:
        # Use the body size if everything fits the window, else the small size.
        for text_size in (self.theme.body, self.theme.small):
            widgets = self._build(size, text_size)
            if self.card.height <= size[1] - 24:
                break
        self.text_size = text_size
        return widgets

    def _build(self, size: tuple[int, int], text_size: int) -> list[Widget]:
        width = min(self.width, size[0] - 80)
        inner = width - 48
        theme, assets = self.theme, self.assets
        title_size = theme.title if text_size == theme.body else theme.body
        height = 24 + assets.text(self.title, title_size, (0, 0, 0), width=inner, bold=True).get_height() + 12
        height += assets.text(self.text, text_size, (0, 0, 0), width=inner).get_height() + 24 if self.text else 0
        specs = self.buttons()
        heights = [button_height(assets, theme, label, inner, text_size) for _, label, _, _ in specs]
        height += sum(h + 10 for h in heights) + 14
        self.card = pygame.Rect(0, 0, width, height)
        self.card.center = (size[0] // 2, size[1] // 2)
        y = self.card.bottom - sum(h + 10 for h in heights) - 14
        widgets = []
        for (widget_id, label, action, style), h in zip(specs, heights):
            widgets.append(Widget(widget_id, pygame.Rect(self.card.left + 24, y, inner, h), label, action=action,
                                  data={"style": style}))
            y += h + 10
        if widgets and self.focus_id is None:
            self.focus_id = widgets[0].id
        return widgets

    def handle_intent(self, inp) -> bool:
        if inp.name == "back":
            self.app.pop()
            return True
        return super().handle_intent(inp)

    def draw(self, surface: pygame.Surface) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 140))
        surface.blit(shade, (0, 0))
        pygame.draw.rect(surface, palette.panel, self.card, border_radius=16)
        pygame.draw.rect(surface, palette.panel_edge, self.card, width=1, border_radius=16)
        inner = self.card.width - 48
        title_size = theme.title if self.text_size == theme.body else theme.body
        title = assets.text(self.title, title_size, palette.text, width=inner, bold=True)
        surface.blit(title, (self.card.left + 24, self.card.top + 24))
        if self.text:
            body = assets.text(self.text, self.text_size, palette.text, width=inner)
            surface.blit(body, (self.card.left + 24, self.card.top + 36 + title.get_height()))
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
