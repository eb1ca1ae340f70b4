"""A small line chart drawn with pygame: one series of values over attempts 1…n.

`LineChart.layout(rect)` works out, once per size, where everything goes — the plot area, the
y-axis labels (bottom, middle, top of the range), the x-axis labels (the first and last attempt
number) and each point on screen — and keeps it as data, so tests read the chart without pixels.
`draw()` only draws what the layout holds: a panel, the title, grid lines, the labels (through
`draw_text`, so they are logged and never leave their boxes), the line and its points.

A value may be None (an attempt with nothing to measure, e.g. no flag-free message for the
false-alarm rate): the line breaks there. One attempt is one dot; hundreds are a plain line
(dots are drawn only while they stay apart).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pygame

from .assets import Assets
from .fit import draw_text, fit, text_width
from .theme import Theme

PAD = 10                    # inside the panel
TICK_GAP = 6                # between a y label and the plot
DOT_SPACING = 7             # points closer than this (pixels) are drawn without dots


@dataclass(frozen=True)
class Series:
    key: str                                    # "score", "d_prime", "false_alarm_rate": tests find it by this
    title: str                                  # drawn above the plot
    values: tuple[float | None, ...]            # one per attempt, oldest first
    low: float                                  # the y range
    high: float
    label: Callable[[float], str] = str         # a y value as text ("50", "1.5", "25%")
    middle: float | None = None                 # the labelled value between low and high (default: halfway)

    @property
    def measured(self) -> tuple[float, ...]:
        return tuple(v for v in self.values if v is not None)


def value_range(values: Sequence[float | None], low: float, high: float, step: float) -> tuple[float, float]:
    """[low, high] widened (by whole `step`s) to hold every value."""
    present = [v for v in values if v is not None]
    if present:
        low = min(low, math.floor(min(present) / step) * step)
        high = max(high, math.ceil(max(present) / step) * step)
    return low, high


@dataclass
class Label:
    text: str
    box: pygame.Rect
    align: str


@dataclass
class LineChart:
    series: Series
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    plot: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    title_box: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    y_labels: list[Label] = field(default_factory=list)
    x_labels: list[Label] = field(default_factory=list)
    points: list[tuple[int, int] | None] = field(default_factory=list)     # one per value, None where missing
    caption: str = ""                           # under the x axis ("Attempt")
    caption_box: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    size: int = 14

    def layout(self, assets: Assets, theme: Theme, rect: pygame.Rect, caption: str = "") -> None:
        """Place everything inside `rect` (text at theme.small, shrunk if the chart is small)."""
        self.rect = pygame.Rect(rect)
        self.caption = caption
        series = self.series
        size = theme.small
        inner = self.rect.inflate(-2 * PAD, -2 * PAD)
        line_h = assets.line_height(size)
        # The title: one line (shrunk, or cut with "…", in a narrow chart).
        title_h = fit(assets, series.title, theme.body, inner.width, max_lines=1, bold=True,
                      min_size=size).height
        self.title_box = pygame.Rect(inner.left, inner.top, inner.width, title_h)
        middle = series.middle if series.middle is not None else (series.low + series.high) / 2
        ticks = [series.high, middle, series.low]
        texts = [series.label(v) for v in ticks]
        label_w = max(text_width(assets, t, size) for t in texts) + 2
        caption_h = line_h if caption else 0
        top = self.title_box.bottom + 6 + line_h // 2          # room for the top label's upper half
        bottom = inner.bottom - line_h - caption_h - 2        # the x labels (and caption) below
        self.plot = pygame.Rect(inner.left + label_w + TICK_GAP, top, max(1, inner.right - inner.left - label_w -
                                                                           TICK_GAP - 4), max(1, bottom - top))
        self.y_labels = []
        for value, text in zip(ticks, texts):
            y = self._y(value)
            box = pygame.Rect(inner.left, y - line_h // 2, label_w, line_h)
            if any(box.colliderect(label.box) for label in self.y_labels):
                continue                                # a short chart: the middle label gives way
            self.y_labels.append(Label(text, box, "right"))
        count = len(series.values)
        self.x_labels = []
        first_w = text_width(assets, "1", size) + 4
        self.x_labels.append(Label("1", pygame.Rect(self._x(0) - first_w // 2, self.plot.bottom + 2, first_w, line_h),
                                   "center"))
        if count > 1:
            text = str(count)
            w = text_width(assets, text, size) + 4
            box = pygame.Rect(self._x(count - 1) - w // 2, self.plot.bottom + 2, w, line_h)
            box.right = min(box.right, inner.right)
            self.x_labels.append(Label(text, box, "center"))
        self.caption_box = pygame.Rect(self.plot.left, self.plot.bottom + 2 + line_h, self.plot.width, caption_h)
        self.points = [None if v is None else (self._x(i), self._y(v)) for i, v in enumerate(series.values)]
        self.size = size

    @staticmethod
    def min_height(assets: Assets, theme: Theme, caption: str = "") -> int:
        """The least height in which the title, three y labels apart, the x labels and the caption fit."""
        line_h = assets.line_height(theme.small)
        title_h = assets.line_height(theme.body)
        return 2 * PAD + title_h + 6 + 3 * line_h + 2 + line_h + (line_h if caption else 0) + 2

    def _x(self, index: int) -> int:
        count = len(self.series.values)
        if count <= 1:
            return self.plot.centerx
        return self.plot.left + round(index * (self.plot.width - 1) / (count - 1))

    def _y(self, value: float) -> int:
        span = (self.series.high - self.series.low) or 1
        share = (min(max(value, self.series.low), self.series.high) - self.series.low) / span
        return self.plot.bottom - round(share * (self.plot.height - 1)) - 1

    def draw(self, surface: pygame.Surface, assets: Assets, theme: Theme, where: str = "chart") -> None:
        palette = theme.palette
        pygame.draw.rect(surface, palette.panel, self.rect, border_radius=12)
        pygame.draw.rect(surface, palette.panel_edge, self.rect, width=1, border_radius=12)
        key = f"{where}:{self.series.key}"
        draw_text(surface, assets, self.series.title, theme.body, palette.text, self.title_box, bold=True,
                  max_lines=1, min_size=self.size, where=f"{key}:title")
        for label in self.y_labels:                      # grid lines at the labelled values
            y = label.box.centery
            pygame.draw.line(surface, palette.panel_edge, (self.plot.left, y), (self.plot.right, y))
        pygame.draw.line(surface, palette.muted, (self.plot.left, self.plot.bottom - 1),
                         (self.plot.right, self.plot.bottom - 1))
        pygame.draw.line(surface, palette.muted, (self.plot.left, self.plot.top), (self.plot.left, self.plot.bottom - 1))
        for label in self.y_labels:
            draw_text(surface, assets, label.text, self.size, palette.muted, label.box, align=label.align,
                      max_lines=1, where=f"{key}:y")
        for label in self.x_labels:
            draw_text(surface, assets, label.text, self.size, palette.muted, label.box, align=label.align,
                      max_lines=1, where=f"{key}:x")
        if self.caption:
            draw_text(surface, assets, self.caption, self.size, palette.muted, self.caption_box, align="center",
                      max_lines=1, where=f"{key}:caption")
        self._draw_line(surface, palette.accent)

    def _draw_line(self, surface: pygame.Surface, color) -> None:
        run: list[tuple[int, int]] = []
        for point in self.points + [None]:
            if point is not None:
                run.append(point)
                continue
            if len(run) > 1:
                pygame.draw.lines(surface, color, False, run, 2)
            elif run:                                    # a point alone between gaps: still seen
                pygame.draw.circle(surface, color, run[0], 3)
            run = []
        present = [p for p in self.points if p is not None]
        spaced = len(present) <= 1 or (self.plot.width / max(1, len(self.points) - 1)) >= DOT_SPACING
        if spaced:
            for point in present:
                pygame.draw.circle(surface, color, point, 4)
