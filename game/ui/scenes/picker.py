"""The scenario picker: cards grouped by category, difficulty stars, played and best score.

Whether a scenario is a scam or genuine is never shown: a genuine look-alike is filed under
the category of the scam it resembles. Invalid files appear greyed out with their first errors.
"""

from __future__ import annotations

import random
from pathlib import Path

import pygame

from ..input import Intent, Scroll
from ..widgets import Widget, draw_focus
from .common import BAR, ChromeScene

CARD_H = 150


class PickerScene(ChromeScene):
    title_key = "picker.title"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.scroll = 0
        self.content_h = 0
        self.headers: list[tuple[str, int]] = []

    def groups(self) -> list[tuple[str, list]]:
        groups: dict[str, list] = {}
        for scenario in self.ctx.scenarios.values():
            key = scenario.resembles if scenario.kind == "legit" and scenario.resembles else scenario.category
            groups.setdefault(key, []).append(scenario)
        ordered = sorted(groups.items(), key=lambda item: self.category_name(item[0]))
        return [(key, sorted(items, key=lambda s: (s.difficulty, s.title.get(self.ctx.lang)))) for key, items in ordered]

    def category_name(self, category: str) -> str:
        name = self.t(f"category.{category}")
        return name if not name.startswith("⟦") else category.replace("_", " ").capitalize()

    def build_body(self, size: tuple[int, int]) -> list[Widget]:
        width, height = size
        margin = 24
        columns = max(2, min(4, (width - 2 * margin) // 290))
        card_w = (width - 2 * margin - (columns - 1) * 16) // columns
        y = BAR + 20 - self.scroll
        widgets: list[Widget] = []
        self.headers = []
        header_h = self.assets.line_height(self.theme.body) + 12
        column = 0                      # groups flow side by side while they fit on a row
        for category, scenarios in self.groups():
            span = min(len(scenarios), columns)
            if column and column + span > columns:
                column = 0
                y += header_h + CARD_H + 28
            x0 = margin + column * (card_w + 16)
            self.headers.append((self.category_name(category), x0, y))
            for index, scenario in enumerate(scenarios):
                row, col = divmod(index, span)
                rect = pygame.Rect(x0 + col * (card_w + 16), y + header_h + row * (CARD_H + 16), card_w, CARD_H)
                widgets.append(Widget(f"card:{scenario.id}", rect, scenario.title.get(self.ctx.lang),
                                      action=lambda s=scenario: self.play(s), kind="card",
                                      data={"scenario": scenario}))
            rows = -(-len(scenarios) // span)
            if rows > 1:
                y += (rows - 1) * (CARD_H + 16)
                column = columns
            else:
                column += span
        y += header_h + CARD_H + 28
        if self.ctx.invalid:
            self.headers.append((self.t("picker.invalid"), margin, y))
            y += self.assets.line_height(self.theme.body) + 12
            for path, problems in self.ctx.invalid.items():
                rect = pygame.Rect(margin, y, width - 2 * margin, CARD_H - 28)
                widgets.append(Widget(f"invalid:{Path(path).stem}", rect, Path(path).name, kind="invalid",
                                      enabled=False, focusable=False, data={"problems": problems}))
                y += CARD_H - 12
        self.content_h = y + self.scroll - BAR
        return widgets

    def play(self, scenario) -> None:
        from .play import PlayScene

        seed = random.SystemRandom().randrange(1, 1_000_000)
        self.app.push(PlayScene(self.app, scenario, seed=seed))

    def handle(self, inp) -> bool:
        if isinstance(inp, Scroll):
            self._scroll_to(self.scroll - inp.dy * 60)
            return True
        return super().handle(inp)

    def _scroll_to(self, value: int) -> None:
        limit = max(0, self.content_h - (self.app.size[1] - BAR) + 40)
        self.scroll = max(0, min(value, limit))
        self.relayout()

    def handle_intent(self, inp: Intent) -> bool:
        if inp.name == "back":
            self.app.pop()
            return True
        if inp.name in ("page_up", "page_down"):
            self._scroll_to(self.scroll + (-400 if inp.name == "page_up" else 400))
            return True
        return super().handle_intent(inp)

    def on_focus(self, widget) -> None:
        if widget is None or widget.kind != "card":
            return
        if widget.rect.bottom > self.app.size[1] - 10:
            self._scroll_to(self.scroll + widget.rect.bottom - self.app.size[1] + 30)
        elif widget.rect.top < BAR + 10:
            self._scroll_to(self.scroll - (BAR + 50 - widget.rect.top))

    def draw_body(self, surface: pygame.Surface) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(0, BAR, surface.get_width(), surface.get_height() - BAR))
        for name, x, y in self.headers:
            header = assets.text(name, theme.body, palette.muted, bold=True)
            surface.blit(header, (x, y))
        for widget in self.widgets():
            if widget.kind == "card":
                self._draw_card(surface, widget)
            elif widget.kind == "invalid":
                self._draw_invalid(surface, widget)
        surface.set_clip(clip)
        if self.focus_id and self.focus_id.startswith("card:"):
            widget = self.widget(self.focus_id)
            if widget:
                draw_focus(surface, theme, widget.rect, 12)

    def _draw_card(self, surface: pygame.Surface, widget: Widget) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        scenario = widget.data["scenario"]
        rect = widget.rect
        hovered = self.hover_id == widget.id
        pygame.draw.rect(surface, palette.card, rect, border_radius=14)
        pygame.draw.rect(surface, palette.accent if hovered else palette.card_edge, rect, width=2 if hovered else 1,
                         border_radius=14)
        title = assets.text(scenario.title.get(self.ctx.lang), theme.body, palette.text, width=rect.width - 28,
                            bold=True)
        surface.blit(title, (rect.left + 14, rect.top + 12))
        summary_top = rect.top + 16 + title.get_height()
        room = rect.bottom - 36 - summary_top
        if room > assets.line_height(theme.small):
            summary = assets.text(scenario.summary.get(self.ctx.lang), theme.small, palette.muted, width=rect.width - 28)
            clip = surface.get_clip()
            surface.set_clip(pygame.Rect(rect.left, summary_top, rect.width, room).clip(clip))
            surface.blit(summary, (rect.left + 14, summary_top))
            surface.set_clip(clip)
        stars = "★" * scenario.difficulty + "☆" * (3 - scenario.difficulty)
        star_text = assets.text(f"{stars}  {self.t('picker.difficulty')}", theme.small, palette.flag)
        surface.blit(star_text, (rect.left + 14, rect.bottom - 30))
        record = self.ctx.progress.scores.get(scenario.id)
        status = self.t("picker.played", played=record["played"], best=record["best"]) if record else \
            self.t("picker.new")
        status_text = assets.text(status, theme.small, palette.muted)
        surface.blit(status_text, status_text.get_rect(bottomright=(rect.right - 14, rect.bottom - 10)))

    def _draw_invalid(self, surface: pygame.Surface, widget: Widget) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        rect = widget.rect
        pygame.draw.rect(surface, palette.button, rect, border_radius=12)
        name = assets.text(f"{widget.text} — {self.t('picker.invalid_card')}", theme.small, palette.disabled, bold=True)
        surface.blit(name, (rect.left + 14, rect.top + 10))
        y = rect.top + 14 + name.get_height()
        for problem in widget.data["problems"][:2]:
            line = assets.text(f"{problem.line}:{problem.column} {problem.message}", theme.small, palette.muted,
                               width=rect.width - 28)
            surface.blit(line, (rect.left + 14, y))
            y += line.get_height() + 2
