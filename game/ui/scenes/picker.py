"""The scenario picker: cards grouped by category, difficulty stars, played and best score.

Whether a scenario is a scam or genuine is never shown: a genuine look-alike is filed under
the category of the scam it resembles. Invalid files appear greyed out with their first errors.
Until the player has played the guided first scenario (`first_steps`), it comes first, marked
"Start here", and has the focus.
"""

from __future__ import annotations

import random
from pathlib import Path

import pygame

from ..fit import draw_text, fit, text_width
from ..input import Intent, Scroll
from ..widgets import Widget, draw_focus
from .common import BAR, ChromeScene

CARD_H = 150
START_HERE = "first_steps"      # the guided first scenario (scenarios/first_steps.yaml)


def suggested_first(ctx):
    """The guided first scenario while the player has not played it yet, else None."""
    scenario = ctx.scenarios.get(START_HERE)
    if scenario is None or ctx.region not in scenario.regions or ctx.progress.scores.get(START_HERE, {}).get("played", 0):
        return None
    return scenario


class PickerScene(ChromeScene):
    title_key = "picker.title"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.scroll = 0
        self.content_h = 0
        self.headers: list[tuple[str, pygame.Rect, bool]] = []     # (name, box, start here)

    def groups(self) -> list[tuple[str, list]]:
        first = suggested_first(self.ctx)
        groups: dict[str, list] = {}
        for scenario in self.ctx.playable().values():
            if scenario is first:
                continue
            key = scenario.resembles if scenario.kind == "legit" and scenario.resembles else scenario.category
            groups.setdefault(key, []).append(scenario)
        ordered = sorted(groups.items(), key=lambda item: self.category_name(item[0]))
        start = [("start_here", [first])] if first is not None else []
        return start + [(key, sorted(items, key=lambda s: (s.difficulty, s.title.get(self.ctx.lang))))
                        for key, items in ordered]

    def category_name(self, category: str) -> str:
        if category == "start_here":
            return self.t("picker.start_here_group")
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
        rows: list[list[tuple[str, list, int, int]]] = [[]]    # groups flow side by side while they fit
        column = 0
        for category, scenarios in self.groups():
            span = min(len(scenarios), columns)
            if column and column + span > columns:
                rows.append([])
                column = 0
            rows[-1].append((category, scenarios, column, span))
            column = columns if len(scenarios) > span else column + span
        for row in filter(None, rows):  # a row's headers share one height: a long name takes two lines
            names = [(self.category_name(category), span * (card_w + 16) - 16) for category, _, _, span in row]
            header_h = max(self._header_height(name, span_w) for name, span_w in names) + 12
            for (category, scenarios, column, span), (name, span_w) in zip(row, names):
                x0 = margin + column * (card_w + 16)
                self.headers.append((name, pygame.Rect(x0, y, span_w, header_h - 12), category == "start_here"))
                for index, scenario in enumerate(scenarios):
                    card_row, col = divmod(index, span)
                    rect = pygame.Rect(x0 + col * (card_w + 16), y + header_h + card_row * (CARD_H + 16), card_w,
                                       CARD_H)
                    widgets.append(Widget(f"card:{scenario.id}", rect, scenario.title.get(self.ctx.lang),
                                          action=lambda s=scenario: self.play(s), kind="card",
                                          data={"scenario": scenario, "start_here": category == "start_here",
                                                "pack": self.pack_name(scenario.id)}))
            card_rows = max(-(-len(scenarios) // span) for _, scenarios, _, span in row)
            y += header_h + card_rows * (CARD_H + 16) - 16 + 28
        if self.ctx.invalid:
            name = self.t("picker.invalid")
            header_h = self._header_height(name, width - 2 * margin)
            self.headers.append((name, pygame.Rect(margin, y, width - 2 * margin, header_h), False))
            y += header_h + 12
            used: set[str] = set()
            for path, problems in self.ctx.invalid.items():
                rect = pygame.Rect(margin, y, width - 2 * margin, CARD_H - 28)
                widget_id = f"invalid:{Path(path).stem}"       # a pack's file may share a name: ids stay unique
                widget_id = next(f"{widget_id}:{n}" for n in range(2, 999) if f"{widget_id}:{n}" not in used) \
                    if widget_id in used else widget_id
                used.add(widget_id)
                widgets.append(Widget(widget_id, rect, Path(path).name, kind="invalid",
                                      enabled=False, focusable=False, data={"problems": problems, "path": path}))
                y += CARD_H - 12
        self.content_h = y + self.scroll - BAR
        return widgets

    def pack_name(self, scenario_id: str) -> str | None:
        """The title of the pack a scenario comes from (None: a built-in scenario)."""
        pack = self.ctx.packs.get(scenario_id)
        return pack.title_in(self.ctx.lang) if pack is not None else None

    def _header_height(self, name: str, width: int) -> int:
        return fit(self.assets, name, self.theme.body, width, bold=True, max_lines=2).height

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
            if len(self.app.scenes) > 1:
                self.app.pop()
            else:                       # reached from a debrief: the picker is the only screen
                from .title import TitleScene

                self.app.replace(TitleScene(self.app))
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
        for name, box, start_here in self.headers:
            draw_text(surface, assets, name, theme.body, palette.text if start_here else palette.muted,
                      box, bold=True, max_lines=2, where="picker:header")
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
        start_here = widget.data.get("start_here", False)
        rect = widget.rect
        hovered = self.hover_id == widget.id
        pygame.draw.rect(surface, palette.card, rect, border_radius=14)
        edge = palette.accent if hovered or start_here else palette.card_edge
        pygame.draw.rect(surface, edge, rect, width=2 if hovered or start_here else 1, border_radius=14)
        inner = rect.inflate(-28, 0)
        foot_h = assets.line_height(theme.small)
        foot_top = rect.bottom - 10 - foot_h
        # The foot: difficulty on the left, the record (or "Start here") on the right; on two rows
        # when the two do not fit side by side (a longer language).
        stars = "★" * scenario.difficulty + "☆" * (3 - scenario.difficulty)
        difficulty = f"{stars}  {self.t('picker.difficulty')}"
        record = self.ctx.progress.scores.get(scenario.id)
        label = self.t("picker.start_here") if start_here else self.t(
            "picker.played", played=record["played"], best=record["best"]) if record else self.t("picker.new")
        right_w = text_width(assets, label, theme.small, bold=start_here) + (16 if start_here else 0)
        left_w = text_width(assets, difficulty, theme.small)
        two_rows = left_w + 12 + right_w > inner.width
        stars_top = foot_top - foot_h - 6 if two_rows else foot_top
        title = draw_text(surface, assets, scenario.title.get(self.ctx.lang), theme.body, palette.text,
                          pygame.Rect(inner.left, rect.top + 12, inner.width, stars_top - rect.top - 16), bold=True,
                          max_lines=2, min_size=theme.small, where="picker:title")
        summary_box = pygame.Rect(inner.left, title.bottom + 4, inner.width, stars_top - 6 - title.bottom - 4)
        if widget.data.get("pack"):         # a pack's scenario says whose it is, above its summary
            line = draw_text(surface, assets, self.t("picker.pack", name=widget.data["pack"]), theme.small,
                             palette.accent, pygame.Rect(summary_box.left, summary_box.top, summary_box.width,
                                                         assets.line_height(theme.small)), max_lines=1,
                             where="picker:pack")
            summary_box = pygame.Rect(inner.left, line.bottom + 2, inner.width, stars_top - 6 - line.bottom - 2)
        if summary_box.height >= assets.line_height(theme.small):
            draw_text(surface, assets, scenario.summary.get(self.ctx.lang), theme.small, palette.muted, summary_box,
                      where="picker:summary")
        stars_w = inner.width if two_rows else inner.width - right_w - 12
        draw_text(surface, assets, difficulty, theme.small, palette.flag,
                  pygame.Rect(inner.left, stars_top, stars_w, foot_h), max_lines=1, where="picker:stars")
        status_box = pygame.Rect(inner.left, foot_top, inner.width, foot_h) if two_rows else \
            pygame.Rect(inner.right - right_w, foot_top, right_w, foot_h)
        if start_here:              # a pill in the accent colour: the suggestion a newcomer looks for
            width = fit(assets, label, theme.small, status_box.width - 16, bold=True, max_lines=1).width + 16
            pill = pygame.Rect(status_box.right - min(width, status_box.width), foot_top - 3,
                               min(width, status_box.width), foot_h + 6)
            pygame.draw.rect(surface, palette.accent, pill, border_radius=pill.height // 2)
            draw_text(surface, assets, label, theme.small, palette.accent_text, pill.inflate(-16, -6), bold=True,
                      align="center", max_lines=1, where="picker:start_here")
            return
        draw_text(surface, assets, label, theme.small, palette.muted, status_box, align="right", max_lines=1,
                  where="picker:status")

    def _draw_invalid(self, surface: pygame.Surface, widget: Widget) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        rect = widget.rect
        pygame.draw.rect(surface, palette.button, rect, border_radius=12)
        inner = rect.inflate(-28, -20)
        name = draw_text(surface, assets, f"{widget.text} — {self.t('picker.invalid_card')}", theme.small,
                         palette.disabled, pygame.Rect(inner.left, inner.top, inner.width,
                                                       assets.line_height(theme.small)), bold=True, max_lines=1,
                         where="picker:invalid")
        problems = "\n".join(f"{p.line}:{p.column} {p.message}" for p in widget.data["problems"][:2])
        box = pygame.Rect(inner.left, name.bottom + 4, inner.width, inner.bottom - name.bottom - 4)
        if box.height >= assets.line_height(theme.small):
            draw_text(surface, assets, problems, theme.small, palette.muted, box, where="picker:problems")
