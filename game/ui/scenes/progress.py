"""My progress: the history of the player playing now, from the records.

Three small charts of the attempts over time (score, d′, false-alarm rate; x is the attempt
number), the red flags caught most often and missed most often (catalogue names in the
current language), the money "lost" over all attempts per currency, and — from six attempts
on — how the first three compare with the last three. Demo runs are not counted (the records
leave them out). With no attempt yet, it says so and offers a scenario.

Everything is laid out once per size, language and setting (`build_body`): the `Summary`,
the charts' series and each text with its box are kept as data (`summary`, `charts`,
`texts`), and `draw` only draws them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.locale import format_money
from game.records import Summary, summarise

from ..chart import LineChart, Series, value_range
from ..fit import draw_text, fit, text_width
from ..input import Intent
from ..widgets import PAD_X, Widget, button_height
from .common import BAR, ChromeScene

MARGIN = 16
GAP = 12
PAD = 14                    # inside a panel
TOP = 5                     # red flags listed at most in each of "caught" and "missed"
CHART_MIN, CHART_MAX = 150, 360     # pixels; never below what its labels need


@dataclass(frozen=True)
class Text:
    where: str              # what it is ("progress:summary", "progress:caught:1"…): tests find it by this
    text: str
    size: int
    role: str               # a palette role
    box: pygame.Rect
    bold: bool = False
    align: str = "left"


class ProgressScene(ChromeScene):
    def __init__(self, app) -> None:
        super().__init__(app)
        recorder = self.ctx.recorder
        self.nickname = self.ctx.nickname or ""
        self.summary: Summary = summarise(recorder.history() if recorder is not None else [])
        self.charts: list[LineChart] = []
        self.texts: list[Text] = []
        self.panels: list[pygame.Rect] = []
        self.flags_shown: dict[str, list[str]] = {"caught": [], "missed": []}   # flag ids listed, in order

    def screen_title(self) -> str:
        return self.t("progress.title", nickname=self.nickname)

    # -- the facts, in words ----------------------------------------------------------------
    def series(self) -> list[Series]:
        points = self.summary.points
        d_low, d_high = value_range([p.d_prime for p in points], 0, 3, 1)
        return [
            Series("score", self.t("progress.score"), tuple(float(p.score) for p in points), 0, 100,
                   lambda v: f"{v:.0f}"),
            Series("d_prime", self.t("progress.d_prime"), tuple(p.d_prime for p in points), d_low, d_high,
                   lambda v: f"{v:g}", middle=0.0 if d_low < 0 < d_high else None),   # 0: no better than chance
            Series("false_alarm_rate", self.t("progress.false_alarm_rate"),
                   tuple(p.false_alarm_rate for p in points), 0, 1, lambda v: f"{v * 100:.0f}%"),
        ]

    def flag_name(self, flag_id: str) -> str:
        flag = self.ctx.catalog.red_flags.get(flag_id)
        return flag.name.get(self.ctx.lang) if flag is not None else flag_id

    def lost_line(self) -> str:
        if not self.summary.lost:
            return self.t("progress.never_lost")
        amounts = self.ctx.tr.join(format_money(amount, currency, self.ctx.lang) for currency, amount in self.summary.lost)
        return self.t("progress.lost_total", amounts=amounts)

    def trend_line(self) -> str | None:
        first, last = self.summary.mean_score_first, self.summary.mean_score_last
        if first is None or last is None:
            return None
        return self.t("progress.trend", first=f"{first:.0f}", last=f"{last:.0f}")

    # -- layout -----------------------------------------------------------------------------
    def build_body(self, size: tuple[int, int]) -> list[Widget]:
        self.texts, self.charts, self.panels = [], [], []
        self.flags_shown = {"caught": [], "missed": []}
        if not self.summary.attempts:
            return self._build_empty(size)
        width, height = size
        theme, assets = self.theme, self.assets
        left, full = MARGIN, width - 2 * MARGIN
        y = BAR + MARGIN

        def add(where: str, text: str, text_size: int, role: str, x: int, top: int, w: int, *, bold: bool = False,
                max_lines: int | None = None) -> int:
            h = fit(assets, text, text_size, w, bold=bold, max_lines=max_lines).height
            self.texts.append(Text(where, text, text_size, role, pygame.Rect(x, top, w, h), bold))
            return top + h

        summary = self.summary
        y = add("progress:summary", self.t("progress.summary", attempts=summary.attempts,
                                           scenarios=summary.scenarios, best=summary.best),
                theme.body, "text", left, y, full, bold=True) + 4
        trend = self.trend_line()
        if trend:
            y = add("progress:trend", trend, theme.body, "text", left, y, full) + 4
        y += 6

        # The foot: Back on the right; the money "lost" and the demo note beside it.
        back_label = self.t("ui.back")
        back_w = max(140, text_width(assets, back_label, theme.body) + 2 * PAD_X + 24)
        back_h = button_height(assets, theme, back_label, back_w)
        notes_w = full - back_w - GAP
        lost, demo = self.lost_line(), self.t("progress.demo_note")
        notes_h = fit(assets, lost, theme.body, notes_w).height + 2 + fit(assets, demo, theme.small, notes_w).height
        foot_top = height - MARGIN - max(back_h, notes_h)
        widgets = [Widget("progress:back", pygame.Rect(width - MARGIN - back_w, height - MARGIN - back_h, back_w,
                                                       back_h), back_label, action=self.back)]
        notes_y = add("progress:lost", lost, theme.body, "text", left, foot_top, notes_w) + 2
        add("progress:demo_note", demo, theme.small, "muted", left, notes_y, notes_w)

        # The two lists of red flags, as many lines as leave the charts room.
        half = (full - GAP) // 2
        inner = half - 2 * PAD
        lists = {"caught": ("progress.caught_most", summary.caught_most, "progress.none_caught"),
                 "missed": ("progress.missed_most", summary.missed_most, "progress.none_missed")}
        rows = {}
        for name, (head_key, tallies, none_key) in lists.items():
            head = self.t(head_key)
            lines = [(t.flag_id, self.t("progress.tally", name=self.flag_name(t.flag_id), caught=t.caught,
                                        shown=t.shown)) for t in tallies[:TOP]] or [("", self.t(none_key))]
            rows[name] = (head, lines)
        line_h = {name: [fit(assets, text, theme.body, inner, max_lines=2).height for _, text in lines]
                  for name, (_, lines) in rows.items()}
        head_h = max(fit(assets, head, theme.body, inner, bold=True).height for head, _ in rows.values())
        caption = self.t("progress.attempt_axis")
        chart_min = max(CHART_MIN, LineChart.min_height(assets, theme, caption))
        for count in range(TOP, 0, -1):       # the charts keep their least height; the lists give way
            panel_h = 2 * PAD + head_h + 6 + max(sum(h + 4 for h in hs[:count]) for hs in line_h.values())
            chart_h = foot_top - GAP - panel_h - GAP - y
            if chart_h >= chart_min:
                break
        chart_h = min(CHART_MAX, max(chart_h, chart_min))
        panel_h = min(panel_h, foot_top - GAP - (y + chart_h + GAP))

        each = (full - 2 * GAP) // 3
        for index, series in enumerate(self.series()):
            chart = LineChart(series)
            chart.layout(assets, theme, pygame.Rect(left + index * (each + GAP), y, each, chart_h), caption)
            self.charts.append(chart)
        y += chart_h + GAP

        for index, (name, (head, lines)) in enumerate(rows.items()):
            panel = pygame.Rect(left + index * (half + GAP), y, half, panel_h)
            self.panels.append(panel)
            x, top = panel.left + PAD, panel.top + PAD
            top = add(f"progress:{name}_head", head, theme.body, "text", x, top, inner, bold=True) + 6
            for number, ((flag_id, text), h) in enumerate(zip(lines, line_h[name])):
                if top + h > panel.bottom - PAD + 1:
                    break
                role = "muted" if not flag_id else "text"
                top = add(f"progress:{name}:{number + 1}", text, theme.body, role, x, top, inner, max_lines=2) + 4
                if flag_id:
                    self.flags_shown[name].append(flag_id)
        return widgets

    def _build_empty(self, size: tuple[int, int]) -> list[Widget]:
        width, height = size
        theme, assets = self.theme, self.assets
        column = min(640, width - 80)
        x = (width - column) // 2
        recorder = self.ctx.recorder
        texts = [("progress:none", self.t("progress.none", nickname=self.nickname), theme.title, "text")]
        if recorder is not None and recorder.error:
            texts.append(("progress:unavailable", self.t("records.unavailable", reason=recorder.error), theme.small,
                          "muted"))
        texts.append(("progress:demo_note", self.t("progress.demo_note"), theme.small, "muted"))
        labels = [("progress:play", self.t("progress.play"), self.play), ("progress:back", self.t("ui.back"), self.back)]
        half = (column - GAP) // 2
        button_h = max(button_height(assets, theme, label, half) for _, label, _ in labels)
        heights = [fit(assets, text, text_size, column).height for _, text, text_size, _ in texts]
        total = sum(h + 10 for h in heights) + 14 + button_h
        y = max(BAR + MARGIN, BAR + (height - BAR - total) // 3)
        for (where, text, text_size, role), h in zip(texts, heights):
            self.texts.append(Text(where, text, text_size, role, pygame.Rect(x, y, column, h), align="center"))
            y += h + 10
        y += 14
        return [Widget(widget_id, pygame.Rect(x + index * (half + GAP), y, half, button_h), label, action=action)
                for index, (widget_id, label, action) in enumerate(labels)]

    # -- commands ---------------------------------------------------------------------------
    def back(self) -> None:
        self.app.pop()

    def play(self) -> None:
        from .picker import PickerScene

        self.app.replace(PickerScene(self.app))

    def handle_intent(self, inp: Intent) -> bool:
        if inp.name == "back":
            self.back()
            return True
        return super().handle_intent(inp)

    # -- drawing ----------------------------------------------------------------------------
    def draw_body(self, surface: pygame.Surface) -> None:
        palette = self.theme.palette
        for panel in self.panels:
            self.draw_panel(surface, panel)
        for chart in self.charts:
            chart.draw(surface, self.assets, self.theme, where="progress:chart")
        for item in self.texts:
            draw_text(surface, self.assets, item.text, item.size, getattr(palette, item.role), item.box,
                      bold=item.bold, align=item.align, where=item.where)
        self.draw_buttons(surface, "progress:", lambda w: "primary" if w.id == "progress:play" else "normal")
