"""One way to put text in a box: wrap by the shared line-breaking rules, then shrink or end
with "…" where space is fixed, and never draw outside the box.

Every widget draws its words through `draw_text` (or measures them with `fit`). When a
`TextLog` is attached to the Assets (tests do that), each drawn text records its rectangle
and its container, so a test can check that no text ever leaves its box.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from .assets import Assets, Color

ELLIPSIS = "…"


@dataclass
class Placed:
    """One drawn text: where it went, the box it had to stay in, and what it said."""

    rect: pygame.Rect
    box: pygame.Rect
    text: str
    shown: str
    where: str = ""


@dataclass
class TextLog:
    """Collects every `draw_text` of a frame (attach with `assets.text_log = TextLog()`)."""

    placed: list[Placed] = field(default_factory=list)

    def clear(self) -> None:
        self.placed.clear()

    def outside(self) -> list[Placed]:
        return [p for p in self.placed if not p.box.contains(p.rect)]


@dataclass(frozen=True)
class Fitted:
    lines: tuple[str, ...]
    size: int
    width: int
    height: int
    truncated: bool


def _ellipsize(assets: Assets, line: str, size: int, width: int, bold: bool) -> str:
    font = assets.font(size, bold)
    if font.size(line)[0] <= width:
        return line
    cut = line
    while cut and font.size(cut.rstrip() + ELLIPSIS)[0] > width:
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS if cut else ""


def fit(assets: Assets, text: str, size: int, width: int, height: int | None = None, *, bold: bool = False,
        min_size: int | None = None, max_lines: int | None = None) -> Fitted:
    """Lines of `text` that fit `width` × `height`: wrapped; if too tall, shrunk step by step
    down to `min_size`; if still too tall (or more than `max_lines`), cut with "…"."""
    width = max(1, width)
    smallest = min(size, min_size if min_size is not None else size)
    current = size
    while True:
        lines = assets.lines(text, current, width, bold) or [""]
        line_h = assets.line_height(current)
        fits_lines = max_lines is None or len(lines) <= max_lines
        fits_height = height is None or len(lines) * line_h <= height
        one_line_fits = height is None or line_h <= height
        if (fits_lines and fits_height) or (current <= smallest and (one_line_fits or current <= 9)):
            break
        if current <= smallest:            # not even one line fits: go below min_size, never outside the box
            smallest = current - 1
        current = max(smallest, current - max(1, round(current * 0.08)))
    line_h = assets.line_height(current)
    room = len(lines)
    if max_lines is not None:
        room = min(room, max_lines)
    if height is not None:
        room = min(room, max(1, height // line_h) if height >= line_h else 0)
    truncated = room < len(lines)
    shown = list(lines[:room])
    font = assets.font(current, bold)
    if truncated and shown:
        shown[-1] = _ellipsize(assets, shown[-1].rstrip() + ELLIPSIS, current, width, bold)
    shown = [_ellipsize(assets, line, current, width, bold) if font.size(line)[0] > width else line
             for line in shown]
    text_w = max((font.size(line)[0] for line in shown), default=0)
    return Fitted(tuple(shown), current, text_w, len(shown) * line_h, truncated)


def draw_text(surface: pygame.Surface, assets: Assets, text: str, size: int, color: Color, box: pygame.Rect, *,
              bold: bool = False, align: str = "left", valign: str = "top", min_size: int | None = None,
              max_lines: int | None = None, where: str = "") -> pygame.Rect:
    """Draw `text` inside `box` (wrapped, shrunk or cut to fit); return the rectangle it took."""
    fitted = fit(assets, text, size, box.width, box.height, bold=bold, min_size=min_size, max_lines=max_lines)
    line_h = assets.line_height(fitted.size)
    top = box.top
    if valign == "center":
        top = box.top + (box.height - fitted.height) // 2
    elif valign == "bottom":
        top = box.bottom - fitted.height
    taken = pygame.Rect(box.left, top, 0, fitted.height)
    for index, line in enumerate(fitted.lines):
        rendered = assets.text(line, fitted.size, color, bold=bold)
        width = min(rendered.get_width(), box.width)
        x = box.left if align == "left" else (
            box.left + (box.width - width) // 2 if align == "center" else box.right - width)
        rect = pygame.Rect(x, top + index * line_h, width, line_h)
        surface.blit(rendered, rect.topleft, area=pygame.Rect(0, 0, width, line_h))
        taken = rect.copy() if index == 0 else taken.union(rect)
    log = getattr(assets, "text_log", None)
    if log is not None and fitted.lines:
        log.placed.append(Placed(taken, box.copy(), text, "\n".join(fitted.lines), where))
    return taken
