"""My progress: the history of the player playing now, from the records, on four pages.

*History*: three small charts of the attempts over time (score, d′, false-alarm rate; x is the attempt
number), the red flags caught most often and missed most often (catalogue names in the
current language), the money "lost" over all attempts per currency, and — from six attempts
on — how the first three compare with the last three. Demo runs are not counted (the records
leave them out). With no attempt yet, it says so and offers a scenario.

*Over time*: d′, criterion and false-alarm rate (per day once the attempts span two days or
more, else per attempt). *Skill* (`game.practice.Coach`): what to play next and why, and mastery
per red flag and per scam type, weakest first (a bar of the score and a level word: strong,
growing, just started — the last while fewer than a handful of recent answers count).
*Skill check*: the before and after check compared (d′, criterion, Brier score, right answers,
what changed in words, and how often each level of "how sure" was right).

Everything is laid out once per size, language and setting (`build_body`): the `Summary`,
the charts' series and each text with its box are kept as data (`summary`, `charts`,
`texts`), and `draw` only draws them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.locale import format_money
from game.records import Summary, summarise, trend

from ..chart import LineChart, Series, value_range
from ..fit import draw_text, fit, text_width
from ..input import Intent
from ..widgets import PAD_X, Widget, button_height, draw_button
from .common import BAR, BAR_BUTTON, ChromeScene

MARGIN = 16
GAP = 12
PAD = 14                    # inside a panel
TOP = 5                     # red flags listed at most in each of "caught" and "missed"
CHART_MIN, CHART_MAX = 150, 360     # pixels; never below what its labels need
PAGES = ("history", "trends", "skill", "check")
BAR_H = 8                   # a mastery row's bar
ROW_GAP = 8                 # after a mastery row


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
        self.page = "history"
        self.coach = self.ctx.coach
        self.answers = self.coach.answers()
        self._mastery = None
        self._next = None
        self._check = None
        self._worked_out = False
        self.mastery_shown: dict[str, list] = {"flags": [], "types": []}     # the Tally rows listed, in order
        self.bars: list[tuple[pygame.Rect, float]] = []                     # (the bar's box, score 0..1)
        self.trend_by = "attempt"

    def work_out(self) -> None:
        """What the skill pages show (once: the records do not change while the screen is open)."""
        if not self._worked_out:
            self._mastery, self._next, self._check = self.coach.mastery(), self.coach.next(), self.coach.check()
            self._worked_out = True

    @property
    def mastery(self):
        self.work_out()
        return self._mastery

    @property
    def recommendation(self):
        self.work_out()
        return self._next

    @property
    def change(self):
        self.work_out()
        return self._check

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
        self.texts, self.charts, self.panels, self.bars = [], [], [], []
        self.flags_shown = {"caught": [], "missed": []}
        self.mastery_shown = {"flags": [], "types": []}
        if not self.summary.attempts and not self.answers:
            return self._build_empty(size)
        tabs, y = self._build_tabs(size)
        if self.page == "trends":
            return tabs + self._build_trends(size, y)
        if self.page == "skill":
            return tabs + self._build_skill(size, y)
        if self.page == "check":
            return tabs + self._build_check(size, y)
        return tabs + self._build_history(size, y)

    def _build_tabs(self, size: tuple[int, int]) -> tuple[list[Widget], int]:
        """History | Skill | Skill check, and Back, in one row at the top."""
        width, _ = size
        theme, assets = self.theme, self.assets
        labels = [(page, self.t(f"progress.window.{page}")) for page in PAGES]
        back_label = self.t("ui.back")
        size = theme.small                          # a quiet row: the page keeps its room
        each = max(110, max(text_width(assets, label, size) for _, label in labels) + 2 * PAD_X + 16)
        back_w = max(110, text_width(assets, back_label, size) + 2 * PAD_X + 16)
        each = min(each, (width - 2 * MARGIN - back_w - len(PAGES) * GAP) // len(PAGES))
        h = max(BAR_BUTTON, max(fit(assets, label, size, each - 2 * PAD_X).height + 8
                                for _, label in labels + [("", back_label)]))
        y = BAR + MARGIN // 2
        widgets = [Widget(f"progress:tab:{page}", pygame.Rect(MARGIN + index * (each + GAP), y, each, h), label,
                          action=lambda p=page: self.show(p), data={"active": page == self.page})
                   for index, (page, label) in enumerate(labels)]
        widgets.append(Widget("progress:back", pygame.Rect(width - MARGIN - back_w, y, back_w, h), back_label,
                              action=self.back))
        return widgets, y + h + GAP

    TABS = ("progress:back",) + tuple(f"progress:tab:{page}" for page in PAGES)

    def show(self, page: str) -> None:
        self.page = page
        self.relayout()

    def _add(self, where: str, text: str, text_size: int, role: str, x: int, top: int, w: int, *, bold: bool = False,
             max_lines: int | None = None, align: str = "left") -> int:
        h = fit(self.assets, text, text_size, w, bold=bold, max_lines=max_lines).height
        self.texts.append(Text(where, text, text_size, role, pygame.Rect(x, top, w, h), bold, align))
        return top + h

    def _build_history(self, size: tuple[int, int], y: int) -> list[Widget]:
        width, height = size
        theme, assets = self.theme, self.assets
        left, full = MARGIN, width - 2 * MARGIN
        if not self.summary.attempts:
            self._add("progress:none", self.t("progress.none", nickname=self.nickname), theme.title, "text", left,
                      y + 20, full, align="center")
            return []

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

        # The foot: the money "lost" and the demo note.
        notes_w = full
        lost, demo = self.lost_line(), self.t("progress.demo_note")
        notes_h = fit(assets, lost, theme.body, notes_w).height + 2 + fit(assets, demo, theme.small, notes_w).height
        foot_top = height - MARGIN - notes_h
        widgets: list[Widget] = []
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
        # The charts keep their least height; the lists give way (and in the least room, where
        # not even one red flag would be listed, the charts' "Attempt" caption).
        for caption in (self.t("progress.attempt_axis"), ""):
            chart_min = max(CHART_MIN, LineChart.min_height(assets, theme, caption))
            for count in range(TOP, 0, -1):
                panel_h = 2 * PAD + head_h + 6 + max(sum(h + 4 for h in hs[:count]) for hs in line_h.values())
                chart_h = foot_top - GAP - panel_h - GAP - y
                if chart_h >= chart_min:
                    break
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

    # -- the skill page ---------------------------------------------------------------------------
    def trend_series(self) -> list[Series]:
        """d′, criterion and false-alarm rate over time: per day once the attempts span two days."""
        attempts = self.coach.attempts()
        days = {a.finished_at[:10] for a in attempts}
        self.trend_by = "day" if len(days) >= 2 else "attempt"
        points = trend(attempts, by=self.trend_by)
        d_low, d_high = value_range([p.d_prime for p in points], 0, 3, 1)
        c_low, c_high = value_range([p.criterion for p in points], -1, 1, 1)
        return [
            Series("d_prime", self.t("progress.d_prime"), tuple(p.d_prime for p in points), d_low, d_high,
                   lambda v: f"{v:g}", middle=0.0 if d_low < 0 < d_high else None),
            Series("criterion", self.t("progress.window.criterion"), tuple(p.criterion for p in points), c_low, c_high,
                   lambda v: f"{v:g}", middle=0.0),
            Series("false_alarm_rate", self.t("progress.false_alarm_rate"),
                   tuple(p.false_alarm_rate for p in points), 0, 1, lambda v: f"{v * 100:.0f}%"),
        ]

    def level(self, tally) -> str:
        """mastery.level.*: strong, growing, or just started (`Tally.level`)."""
        return tally.level

    def mastery_row(self, kind: str, tally) -> tuple[str, str]:
        """(name, counts line) of one Tally: a red flag by its catalogue name, a type by its category."""
        name = self.flag_name(tally.key) if kind == "flags" else self.t(f"category.{tally.key}")
        key, numbers = tally.counts()
        return name, self.t(key, name=name, **numbers)

    def _build_skill(self, size: tuple[int, int], y: int) -> list[Widget]:
        width, height = size
        theme, assets = self.theme, self.assets
        left, full = MARGIN, width - 2 * MARGIN
        widgets: list[Widget] = []
        recommendation = self.recommendation
        if recommendation is not None and recommendation.scenario in self.ctx.scenarios:
            from .title import next_line

            label = self.t("progress.window.next_play")
            button_w = max(140, text_width(assets, label, theme.body) + 2 * PAD_X + 24)
            button_h = button_height(assets, theme, label, button_w)
            text_w = full - button_w - GAP
            head = self.t("next.title")
            line = next_line(self.ctx, recommendation)
            text_h = fit(assets, head, theme.body, text_w, bold=True).height + fit(assets, line, theme.body,
                                                                                  text_w).height
            row_h = max(button_h, text_h)
            top = self._add("progress:next_head", head, theme.body, "text", left, y + (row_h - text_h) // 2, text_w,
                            bold=True)
            self._add("progress:next", line, theme.body, "text", left, top, text_w)
            widgets.append(Widget("progress:next_play", pygame.Rect(width - MARGIN - button_w,
                                                                    y + (row_h - button_h) // 2, button_w, button_h),
                                  label, action=self.play_next))
            y += row_h + GAP
        explain = self.t("mastery.explain")
        explain_h = fit(assets, explain, theme.small, full).height
        foot = height - MARGIN - explain_h
        self._add("progress:mastery_explain", explain, theme.small, "muted", left, foot, full)
        half = (full - GAP) // 2
        inner = half - 2 * PAD
        mastery = self.mastery
        head_h = max(fit(assets, self.t(key), theme.body, inner, bold=True).height
                     for key in ("mastery.title", "mastery.types_title"))
        room = foot - GAP - y - 2 * PAD - head_h - 8
        for row_size in (theme.body, theme.small):       # at least three rows each, smaller if need be
            rows = [self._row_height(kind, tally, row_size, inner) for kind, tallies in
                    (("flags", mastery.flags), ("types", mastery.types)) for tally in tallies[:3]]
            if sum(rows[:3]) <= room and sum(rows[3:]) <= room:
                break
        for index, (kind, title_key, tallies) in enumerate((("flags", "mastery.title", mastery.flags),
                                                             ("types", "mastery.types_title", mastery.types))):
            panel = pygame.Rect(left + index * (half + GAP), y, half, foot - GAP - y)
            self.panels.append(panel)
            x, top = panel.left + PAD, panel.top + PAD
            top = self._add(f"progress:mastery:{kind}_head", self.t(title_key), theme.body, "text", x, top, inner,
                            bold=True) + 8
            if not tallies:
                self._add(f"progress:mastery:{kind}:none", self.t("mastery.level.new"), theme.small, "muted", x, top,
                          inner)
            for number, tally in enumerate(tallies[:TOP], 1):
                name, counts = self.mastery_row(kind, tally)
                level = self.t(f"mastery.level.{self.level(tally)}")
                level_w = min(inner // 3, text_width(assets, level, theme.small) + 4)
                counts_w = inner - level_w - 8
                counts_h = fit(assets, counts, row_size, counts_w).height
                row_h = counts_h + 4 + BAR_H + ROW_GAP
                if top + row_h - ROW_GAP > panel.bottom - PAD:
                    break
                where = f"progress:mastery:{kind}:{number}"
                self.texts.append(Text(f"{where}:counts", counts, row_size, "text",
                                       pygame.Rect(x, top, counts_w, counts_h)))
                self.texts.append(Text(f"{where}:level", level, theme.small, "accent" if tally.mastered else "muted",
                                       pygame.Rect(x + inner - level_w, top, level_w,
                                                   min(counts_h, self.assets.line_height(theme.small) + 4)),
                                       False, "right"))
                bar = pygame.Rect(x, top + counts_h + 4, inner, BAR_H)
                self.bars.append((bar, tally.score))
                self.mastery_shown[kind].append(tally)
                top += row_h
        return widgets

    def _row_height(self, kind: str, tally, size: int, inner: int) -> int:
        """One mastery row: the counts line beside the level word, the bar under it, the gap after."""
        level = self.t(f"mastery.level.{self.level(tally)}")
        level_w = min(inner // 3, text_width(self.assets, level, self.theme.small) + 4)
        return fit(self.assets, self.mastery_row(kind, tally)[1], size, inner - level_w - 8).height + 4 + BAR_H + ROW_GAP

    def _build_trends(self, size: tuple[int, int], y: int) -> list[Widget]:
        """d′, criterion and false-alarm rate over time, side by side as tall as the page allows."""
        width, height = size
        theme, assets = self.theme, self.assets
        full = width - 2 * MARGIN
        if not self.coach.attempts():
            self._add("progress:none", self.t("progress.none", nickname=self.nickname), theme.title, "text", MARGIN,
                      y + 20, full, align="center")
            return []
        series = self.trend_series()
        caption = self.t("progress.window.day_axis" if self.trend_by == "day" else "progress.attempt_axis")
        chart_h = min(CHART_MAX + 80, max(LineChart.min_height(assets, theme, caption), height - MARGIN - y))
        each = (full - 2 * GAP) // 3
        for index, one in enumerate(series):
            chart = LineChart(one)
            chart.layout(assets, theme, pygame.Rect(MARGIN + index * (each + GAP), y, each, chart_h), caption)
            self.charts.append(chart)
        return []

    def play_next(self) -> None:
        import random

        from .play import PlayScene

        scenario = self.ctx.scenarios.get(self.recommendation.scenario)
        if scenario is not None:
            self.app.replace(PlayScene(self.app, scenario, seed=random.SystemRandom().randrange(1, 1_000_000)))

    # -- the skill check page ------------------------------------------------------------------
    def check_lines(self) -> list[tuple[str, str]]:
        """(where, text) of the before/after comparison, or the line that says what to do first."""
        change = self.change
        if change is None:
            taken = self.coach.form_taken("before")
            return [("progress:check:none", self.t("check.only_before" if taken else "check.none"))]
        before, after = change.before, change.after

        def percent(value):
            return "–" if value is None else f"{value * 100:.0f}%"

        def number(value):
            return f"{round(value, 2) + 0.0:.2f}"          # never "-0.00"

        lines = [("progress:check:d_prime", self.t("check.d_prime", before=number(before.d_prime),
                                                   after=number(after.d_prime))),
                 ("progress:check:criterion", self.t("check.criterion", before=number(before.criterion),
                                                     after=number(after.criterion)))]
        if before.brier is not None and after.brier is not None:
            lines.append(("progress:check:brier", self.t("check.brier", before=number(before.brier),
                                                         after=number(after.brier))))
        lines.append(("progress:check:accuracy", self.t("check.accuracy", before=percent(before.accuracy),
                                                        after=percent(after.accuracy))))
        lines += [(f"progress:check:verdict:{n}", self.t(key)) for n, key in enumerate(change.verdicts(), 1)]
        return lines

    def calibration_lines(self, measure) -> list[str]:
        return [self.t("check.calibration_level", level=self.t(f"drill.confidence.{level.confidence}"),
                       right=level.right, total=level.answers) for level in measure.calibration if level.answers]

    def _build_check(self, size: tuple[int, int], y: int) -> list[Widget]:
        width, height = size
        theme = self.theme
        column = min(900, width - 2 * MARGIN)
        x = (width - column) // 2
        panel = pygame.Rect(x, y, column, height - MARGIN - y)
        self.panels.append(panel)
        inner = column - 2 * PAD
        top = self._add("progress:check_head", self.t("check.title"), theme.title, "text", x + PAD, y + PAD, inner,
                        bold=True) + 10
        for where, text in self.check_lines():
            bold = ":verdict:" in where
            top = self._add(where, text, theme.body, "text" if not bold else "accent", x + PAD, top, inner,
                            bold=bold) + 6
        change = self.change
        if change is not None:
            top += 8
            half = (inner - GAP) // 2
            for index, (form, measure) in enumerate((("before", change.before), ("after", change.after))):
                cx, cy = x + PAD + index * (half + GAP), top
                cy = self._add(f"progress:check:calibration:{form}_head", self.t(f"drill.form.{form}"), theme.small,
                               "muted", cx, cy, half, bold=True) + 4
                for number, line in enumerate(self.calibration_lines(measure), 1):
                    cy = self._add(f"progress:check:calibration:{form}:{number}", line, theme.body, "text", cx, cy,
                                   half) + 4
        return []

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
        for bar, score in self.bars:
            pygame.draw.rect(surface, palette.panel_edge, bar, border_radius=BAR_H // 2)
            filled = pygame.Rect(bar.left, bar.top, max(BAR_H, round(bar.width * min(1.0, max(0.0, score)))), BAR_H)
            pygame.draw.rect(surface, palette.accent, filled, border_radius=BAR_H // 2)
        for chart in self.charts:
            chart.draw(surface, self.assets, self.theme, where="progress:chart")
        for item in self.texts:
            draw_text(surface, self.assets, item.text, item.size, getattr(palette, item.role), item.box,
                      bold=item.bold, align=item.align, where=item.where)
        for widget in self.widgets():
            if widget.kind == "button" and widget.id.startswith("progress:"):
                style = "primary" if widget.id in ("progress:play", "progress:next_play") or widget.data.get("active") \
                    else "normal"
                draw_button(surface, self.assets, self.theme, widget, focused=self.focus_id == widget.id,
                            hovered=self.hover_id == widget.id, style=style,
                            size=self.theme.small if widget.id in self.TABS else None)
