"""The debrief: the conversation replayed as a timeline, each message marked caught (green),
missed (red) or false alarm (amber) with its explanation and the safe response; the score,
d′, the money lost or kept and one takeaway. The tone never shames the player."""

from __future__ import annotations

import random

import pygame

from game.engine import Result
from game.locale import outcome_key
from game.scenario import Scenario

from ..input import Intent, Scroll
from ..widgets import Widget, button_height
from .common import BAR, ChromeScene


class DebriefScene(ChromeScene):
    title_key = "debrief.title"

    def __init__(self, app, scenario: Scenario, result: Result) -> None:
        super().__init__(app)
        self.scenario = scenario
        self.result = result
        self.scroll = 0
        self.content_h = 0
        self.blocks: list[tuple[str, object]] = []

    def regions(self, size):
        width, height = size
        left = pygame.Rect(16, BAR + 16, max(300, int(width * 0.34)), height - BAR - 32)
        right = pygame.Rect(left.right + 16, BAR + 16, width - left.right - 32, height - BAR - 32)
        return left, right

    def build_body(self, size):
        left, right = self.regions(size)
        specs = [("debrief:new_people", self.t("debrief.new_people"), self.play_new),
                 ("debrief:same_seed", self.t("debrief.same_seed"), self.play_same),
                 ("debrief:picker", self.t("debrief.other"), self.to_picker)]
        y = left.bottom - 16
        widgets = []
        for widget_id, label, action in reversed(specs):
            h = button_height(self.assets, self.theme, label, left.width - 32)
            y -= h
            widgets.insert(0, Widget(widget_id, pygame.Rect(left.left + 16, y, left.width - 32, h), label, action=action))
            y -= 10
        self.buttons_top = y
        if self.focus_id is None:
            self.focus_id = widgets[0].id
        return widgets

    def _lang(self) -> str:
        return self.ctx.lang

    def play_new(self) -> None:
        from .play import PlayScene

        self.app.replace(PlayScene(self.app, self.scenario, seed=random.SystemRandom().randrange(1, 1_000_000)))

    def play_same(self) -> None:
        from .play import PlayScene

        self.app.replace(PlayScene(self.app, self.scenario, seed=self.result.seed))

    def to_picker(self) -> None:
        from .picker import PickerScene

        self.app.reset(PickerScene(self.app))

    def handle(self, inp) -> bool:
        if isinstance(inp, Scroll):
            self._scroll(-inp.dy * 60)
            return True
        return super().handle(inp)

    def _scroll(self, delta: int) -> None:
        _, right = self.regions(self.app.size)
        self.scroll = max(0, min(self.scroll + delta, max(0, self.content_h - right.height + 20)))

    def handle_intent(self, inp: Intent) -> bool:
        if inp.name in ("page_up", "page_down", "home", "end"):
            step = {"page_up": -400, "page_down": 400, "home": -10**6, "end": 10**6}[inp.name]
            self._scroll(step)
            return True
        if inp.name == "back":
            self.to_picker()
            return True
        return super().handle_intent(inp)

    # -- drawing ---------------------------------------------------------------------------
    def draw_body(self, surface: pygame.Surface) -> None:
        left, right = self.regions(surface.get_size())
        self._draw_summary(surface, left)
        self._draw_timeline(surface, right)
        self.draw_buttons(surface, "debrief:", lambda w: "primary" if w.id == "debrief:new_people" else "normal")

    def _draw_summary(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        result = self.result
        self.draw_panel(surface, rect)
        x, y, width = rect.left + 16, rect.top + 16, rect.width - 32
        color = {"safe": palette.good, "partial": palette.false_alarm, "overcautious": palette.false_alarm,
                 "scammed": palette.danger}[result.outcome]

        def put(text, size, fg, bold=False, gap=8):
            nonlocal y
            if not text or y > self.buttons_top - 20:
                return
            rendered = assets.text(text, size, fg, width=width, bold=bold)
            clip = surface.get_clip()
            surface.set_clip(pygame.Rect(rect.left, rect.top, rect.width, self.buttons_top - rect.top - 6))
            surface.blit(rendered, (x, y))
            surface.set_clip(clip)
            y += rendered.get_height() + gap

        put(self.t(outcome_key(result.outcome, result.loss)), theme.title, color, bold=True)
        put(result.ending_title, theme.body, palette.text, bold=True)
        put(result.ending_debrief, theme.small, palette.text, gap=14)
        put(self.t("debrief.score_line", score=result.score), theme.title, palette.text, bold=True, gap=4)
        put(self.t("debrief.sdt_line", d_prime=f"{result.d_prime:.2f}", criterion=f"{result.criterion:.2f}"),
            theme.small, palette.muted)
        put(self.t("debrief.sdt_help"), theme.small, palette.muted, gap=10)
        put(self.t("debrief.counts_short", hits=result.hits, misses=result.misses, false_alarms=result.false_alarms),
            theme.small, palette.text, gap=10)
        money = self.t("debrief.money_lost", loss=f"{result.loss:,}") if result.loss else self.t("debrief.money_kept")
        put(money, theme.body, palette.danger if result.loss else palette.good, bold=True)
        if result.given:
            names = [self.ctx.catalog.data_items[i].get(self._lang()) for i in result.given]
            put(self.t("debrief.data", items=("、" if self._lang() == "zh" else ", ").join(names)), theme.small,
                palette.danger)
        if result.takeaway:
            put(self.t("debrief.takeaway", text=result.takeaway), theme.small, palette.accent, bold=True)

    def _draw_timeline(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        theme, palette, assets = self.theme, self.theme.palette, self.assets
        self.draw_panel(surface, rect)
        by_message: dict[str, list] = {}
        for item in self.result.debrief:
            by_message.setdefault(item.message_id, []).append(item)
        clip = surface.get_clip()
        inner = rect.inflate(-8, -8)
        surface.set_clip(inner)
        width = rect.width - 48
        y = rect.top + 16 - self.scroll
        heading = assets.text(self.t("debrief.timeline"), theme.body, palette.text, bold=True)
        surface.blit(heading, (rect.left + 16, y))
        y += heading.get_height() + 10
        for message in self.result.messages:
            color = {"hit": palette.caught, "miss": palette.missed, "false_alarm": palette.false_alarm}.get(
                message.verdict, palette.card_edge)
            label = {"hit": self.t("debrief.mark_caught"), "miss": self.t("debrief.mark_missed"),
                     "false_alarm": self.t("debrief.mark_false_alarm")}.get(message.verdict, "")
            parts = [assets.text(message.text, theme.body, palette.text, width=width - 20)]
            for item in by_message.get(message.id, []):
                if item.kind == "red_flag":
                    mark = "✓" if item.named else ("~" if item.caught else "✗")
                    parts.append(assets.text(f"{mark} {item.name}", theme.small, color, width=width - 20, bold=True))
                    parts.append(assets.text(f"{self.t('debrief.why')}: {item.why}", theme.small, palette.text,
                                             width=width - 20))
                    parts.append(assets.text(f"{self.t('debrief.safe')}: {item.safe}", theme.small, palette.good,
                                             width=width - 20))
                else:
                    parts.append(assets.text(item.why, theme.small, palette.text, width=width - 20))
            tag = assets.text(label, theme.small, color, bold=True) if label else None
            height = sum(p.get_height() + 4 for p in parts) + (tag.get_height() + 4 if tag else 0) + 20
            card = pygame.Rect(rect.left + 16, y, width + 16, height)
            if card.bottom >= rect.top and card.top <= rect.bottom:
                pygame.draw.rect(surface, palette.card, card, border_radius=10)
                pygame.draw.rect(surface, color, (card.left, card.top, 6, card.height), border_radius=3)
                pygame.draw.rect(surface, palette.card_edge, card, width=1, border_radius=10)
                py = card.top + 10
                if tag:
                    surface.blit(tag, (card.left + 16, py))
                    py += tag.get_height() + 4
                for part in parts:
                    surface.blit(part, (card.left + 16, py))
                    py += part.get_height() + 4
            y += height + 10
        self.content_h = y + self.scroll - rect.top
        surface.set_clip(clip)
