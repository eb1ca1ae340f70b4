"""What the live preview (`main.py --watch FILE`) adds to the window: a Restart button on the
play screen, the panel listing what is wrong with the last save, and the status strip.

The panel lies over the last good version of the story (or alone, when no version has loaded
yet) and goes as soon as a save loads; it never closes the window. The preview itself (loading,
replaying, noticing saves) is `game.ui.watch`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from ..app import Scene
from ..fit import draw_text, fit, text_width
from ..widgets import LATE, PAD_X, Widget, button_height, draw_button
from .common import BAR, BAR_BUTTON
from .dialogs import draw_modal_card
from .play import PlayScene

if TYPE_CHECKING:
    from ..watch import Preview


class WatchPlayScene(PlayScene):
    """The play screen with a Restart button (from the top, the same people) in the top bar."""

    def __init__(self, app, scenario, *, seed: int, on_restart: Callable[[], None], session=None,
                 started_at: str | None = None) -> None:
        super().__init__(app, scenario, seed=seed, session=session, started_at=started_at)
        self.on_restart = on_restart

    def build(self, size: tuple[int, int]) -> list[Widget]:
        widgets = super().build(size)               # the bar's own buttons first: `bar_right` is where they begin
        label = self.t("watch.restart")
        button_w = max(88, text_width(self.assets, label, self.theme.small) + 2 * PAD_X + 8)
        rect = pygame.Rect(self.bar_right - button_w, (BAR - BAR_BUTTON) // 2, button_w, BAR_BUTTON)
        self.bar_right = rect.left - 8
        return [Widget("watch:restart", rect, label, action=self.on_restart, order=LATE), *widgets]

    def draw_body(self, surface: pygame.Surface) -> None:
        super().draw_body(surface)
        widget = self.widget("watch:restart")
        if widget is not None:
            draw_button(surface, self.assets, self.theme, widget, focused=self.focus_id == widget.id,
                        hovered=self.hover_id == widget.id, size=self.theme.small)


class ProblemsScene(Scene):
    """Every problem of the last save, one row each (`watch:problem:N`), formatted in the player's
    language. Over the last good version it offers Restart and "keep playing" (Esc); alone it
    waits for a save that loads."""

    modal = True

    def __init__(self, app, preview: "Preview") -> None:
        super().__init__(app)
        self.preview = preview
        self.opaque = preview.scenario is None       # nothing good to show under it
        self.card = pygame.Rect(0, 0, 0, 0)
        self.boxes: dict[str, pygame.Rect] = {}
        self.rows: list[tuple[pygame.Rect, str, bool]] = []    # (box, text, is an error)
        self.more = 0

    def title(self) -> str:
        count = len(self.preview.problems)
        if self.preview.scenario is None:
            return self.t("watch.cannot_play", file=self.preview.path.name, count=count)
        return self.t("watch.broken_save", count=count)

    def build(self, size: tuple[int, int]) -> list[Widget]:
        theme, assets = self.theme, self.assets
        width = min(920, size[0] - 64)
        inner = width - 48
        line = assets.line_height(theme.small)
        specs = []
        if self.preview.scenario is not None:
            specs = [("watch:restart", self.t("watch.restart"), self.preview.restart, "normal"),
                     ("watch:dismiss", self.t("watch.keep_playing"), self.app.pop, "primary")]
        button_w = (inner - 12) // 2
        buttons_h = max((button_height(assets, theme, label, button_w, theme.small) for _, label, _, _ in specs),
                        default=0)
        title_h = fit(assets, self.title(), theme.body, inner, bold=True).height
        hint_h = fit(assets, self.t("watch.fix_and_save"), theme.small, inner).height
        fixed = 24 + title_h + 8 + hint_h + 16 + (buttons_h + 16 if specs else 0) + 14
        room = size[1] - 48 - fixed - (line + 8)      # and a line for "and N more"
        texts = [self.preview.describe(self.preview.shortened(problem), self.ctx.lang)
                 for problem in self.preview.problems]
        heights: list[int] = []
        used = 0
        for text in texts:                              # as many whole rows as fit; the first one always
            height = fit(assets, text, theme.small, inner - 14).height
            if heights and used + height > room:
                break
            heights.append(min(height, max(room - used, line)))
            used += heights[-1] + 10
        self.more = len(texts) - len(heights)
        self.card = pygame.Rect(0, 0, width, fixed + used + (line + 8 if self.more else 0))
        self.card.center = (size[0] // 2, size[1] // 2)
        left, y = self.card.left + 24, self.card.top + 24
        self.boxes = {"title": pygame.Rect(left, y, inner, title_h)}
        y += title_h + 8
        self.boxes["hint"] = pygame.Rect(left, y, inner, hint_h)
        y += hint_h + 16
        widgets: list[Widget] = []
        self.rows = []
        for index, height in enumerate(heights):
            problem, box = self.preview.problems[index], pygame.Rect(left + 14, y, inner - 14, height)
            self.rows.append((box, texts[index], problem.is_error))
            widgets.append(Widget(f"watch:problem:{index}", box, texts[index], focusable=False, kind="problem",
                                  data={"code": problem.code, "line": problem.line, "column": problem.column}))
            y += height + 10
        self.boxes["more"] = pygame.Rect(left, y, inner, line)
        buttons_top = self.card.bottom - 14 - buttons_h
        for index, (widget_id, label, action, style) in enumerate(specs):
            rect = pygame.Rect(left + index * (button_w + 12), buttons_top, button_w, buttons_h)
            widgets.append(Widget(widget_id, rect, label, action=action, data={"style": style}))
        return widgets

    def default_focus(self) -> Widget | None:
        """"Keep playing" (Enter never restarts by surprise)."""
        return self.widget("watch:dismiss") or super().default_focus()

    def handle_intent(self, inp) -> bool:
        if inp.name == "back" and self.preview.scenario is not None:
            self.app.pop()                          # back to the last good version, still playing
            return True
        return super().handle_intent(inp)

    def draw(self, surface: pygame.Surface) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        if self.opaque:
            surface.fill(palette.background)
            pygame.draw.rect(surface, palette.panel, self.card, border_radius=16)
            pygame.draw.rect(surface, palette.panel_edge, self.card, width=1, border_radius=16)
        else:
            draw_modal_card(surface, palette, self.card)
        draw_text(surface, assets, self.title(), theme.body, palette.text, self.boxes["title"], bold=True,
                  where="watch.problems_title")
        draw_text(surface, assets, self.t("watch.fix_and_save"), theme.small, palette.muted, self.boxes["hint"],
                  where="watch.problems_hint")
        for index, (box, text, error) in enumerate(self.rows):
            mark = pygame.Rect(box.left - 14, box.top + 2, 4, max(4, box.height - 4))
            pygame.draw.rect(surface, palette.danger if error else palette.flag, mark, border_radius=2)
            draw_text(surface, assets, text, theme.small, palette.text, box, where=f"watch.problem:{index}")
        if self.more:
            draw_text(surface, assets, self.t("watch.more_problems", count=self.more), theme.small, palette.muted,
                      self.boxes["more"], max_lines=1, where="watch.more_problems")
        for widget in self.widgets():
            if widget.kind == "button":
                draw_button(surface, assets, theme, widget, focused=self.focus_id == widget.id,
                            hovered=self.hover_id == widget.id, style=widget.data.get("style", "normal"),
                            size=theme.small)


def status_height(assets, theme) -> int:
    """The height of the status strip under the scenes."""
    return assets.line_height(theme.small) + 12


def draw_status(surface: pygame.Surface, rect: pygame.Rect, assets, theme, status: str, banner: str,
                alert: bool) -> None:
    """The strip under the scenes: what is watched and when it last loaded (in the danger colour
    while the last save has problems) on the left; the last reload's news on the right."""
    palette = theme.palette
    pygame.draw.rect(surface, palette.panel, rect)
    pygame.draw.line(surface, palette.panel_edge, rect.topleft, rect.topright)
    inner = rect.inflate(-24, -6)
    split = inner.left + (inner.width * 9) // 20 if banner else inner.right
    draw_text(surface, assets, status, theme.small, palette.danger if alert else palette.muted,
              pygame.Rect(inner.left, inner.top, split - inner.left, inner.height), valign="center", max_lines=1,
              min_size=10, where="watch.status")
    if banner:
        pill = pygame.Rect(split + 12, inner.top, inner.right - split - 12, inner.height)
        pygame.draw.rect(surface, palette.accent, pill, border_radius=8)
        draw_text(surface, assets, banner, theme.small, palette.accent_text, pill.inflate(-16, 0), valign="center",
                  max_lines=1, min_size=10, where="watch.banner")
