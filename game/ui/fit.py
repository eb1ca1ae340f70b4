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
FLOOR = 8                    # below min_size only when not even one line fits; never below this


@dataclass
class Placed:
    """One drawn text: where it went, the box it had to stay in, and what it said."""

    rect: pygame.Rect
    box: pygame.Rect
    text: str
    shown: str
    where: str = ""
    size: int = 0
    truncated: bool = False
    clip: pygame.Rect | None = None     # the surface's clip when drawn (what could be seen)


@dataclass
class TextLog:
    """Collects every `draw_text` (attach with `assets.text_log = TextLog()`; clear per frame)."""

    placed: list[Placed] = field(default_factory=list)

    def clear(self) -> None:
        self.placed.clear()

    def outside(self) -> list[Placed]:
        """Texts drawn (partly) outside their box: always a bug."""
        return [p for p in self.placed if p.rect.width and not p.box.contains(p.rect)]

    def clipped(self) -> list[Placed]:
        """Texts the surface's clip cut through: partly visible (a line of glyphs sliced)."""
        return [p for p in self.placed if p.rect.width and p.clip is not None
                and p.rect.colliderect(p.clip) and not p.clip.contains(p.rect)]

    def cut(self) -> list[Placed]:
        """Texts that did not fit even when shrunk and end with "…"."""
        return [p for p in self.placed if p.truncated]

    def at(self, where: str) -> list[Placed]:
        """What was drawn under one label (labels are `where=` of draw_text, e.g. "dialog.title")."""
        return [p for p in self.placed if p.where == where or p.where.startswith(where + ":")]

    def has(self, text: str) -> bool:
        """Whether `text` was drawn whole (not cut) by some draw_text."""
        return any(p.text == text and not p.truncated for p in self.placed)


@dataclass(frozen=True)
class Fitted:
    lines: tuple[str, ...]
    size: int
    width: int               # of the widest line
    height: int              # of all lines together
    truncated: bool          # something was cut and ends with "…"


def _cut(font: pygame.font.Font, line: str, width: int) -> str:
    """`line` shortened to end with "…" within `width` (at a space if that keeps most of it)."""
    if font.size(ELLIPSIS)[0] > width:
        return ""
    low, high = 0, len(line)
    while low < high:                      # the longest head that fits with "…" after it
        middle = (low + high + 1) // 2
        if font.size(line[:middle].rstrip() + ELLIPSIS)[0] <= width:
            low = middle
        else:
            high = middle - 1
    head = line[:low]
    space = head.rfind(" ")
    if 0 < low < len(line) and not line[low].isspace() and space > low * 0.6:
        head = head[:space]                # English: end on a whole word when it costs little
    return head.rstrip() + ELLIPSIS


def _layout(assets: Assets, text: str, size: int, width: int, height: int | None, bold: bool,
            min_size: int | None, max_lines: int | None) -> Fitted:
    smallest = min(size, min_size if min_size is not None else size)
    current = size
    while True:
        lines = assets.lines(text, current, width, bold) or [""]
        line_h = assets.line_height(current)
        fits = (max_lines is None or len(lines) <= max_lines) and (height is None or len(lines) * line_h <= height)
        if fits or current <= FLOOR:
            break
        if current <= smallest:
            if height is None or line_h <= height:
                break                      # at the smallest size allowed and one line fits: cut below
            smallest = current - 1         # not even one line fits: shrink past min_size, never out of the box
        current = max(smallest, FLOOR, current - max(1, round(current * 0.08)))
    font = assets.font(current, bold)
    line_h = assets.line_height(current)
    room = len(lines)
    if max_lines is not None:
        room = min(room, max(0, max_lines))
    if height is not None:
        room = min(room, max(0, height) // line_h)
    truncated = room < len(lines)
    shown = list(lines[:room])
    if truncated and shown:
        shown[-1] = _cut(font, shown[-1], width)
    for index, line in enumerate(shown):
        if font.size(line)[0] > width:     # a single character wider than the box
            shown[index] = _cut(font, line, width)
            truncated = True
    text_w = max((font.size(line)[0] for line in shown), default=0)
    return Fitted(tuple(shown), current, text_w, len(shown) * line_h, truncated)


def fit(assets: Assets, text: str, size: int, width: int, height: int | None = None, *, bold: bool = False,
        min_size: int | None = None, max_lines: int | None = None) -> Fitted:
    """Lines of `text` that fit `width` × `height`: wrapped; if too tall, shrunk step by step
    down to `min_size` (only if given); if still too tall (or more than `max_lines`), cut with "…".
    With `height` None the text takes as many lines as it needs (use it to size a box)."""
    key = (text, size, max(1, width), height, bold, min_size, max_lines)
    return assets.memo("fit", key, lambda: _layout(assets, text, size, max(1, width), height, bold, min_size,
                                                   max_lines))


def text_height(assets: Assets, text: str, size: int, width: int, *, bold: bool = False) -> int:
    """The height `text` takes wrapped to `width` at `size` (for sizing a box before drawing)."""
    return fit(assets, text, size, width, bold=bold).height


def text_width(assets: Assets, text: str, size: int, *, bold: bool = False) -> int:
    """The width of `text` on one line (for sizing a pill, a chip or a tab to its label)."""
    return assets.font(size, bold).size(text)[0]


def draw_text(surface: pygame.Surface, assets: Assets, text: str, size: int, color: Color, box: pygame.Rect, *,
              bold: bool = False, align: str = "left", valign: str = "top", min_size: int | None = None,
              max_lines: int | None = None, where: str = "") -> pygame.Rect:
    """Draw `text` inside `box` (wrapped, shrunk or cut to fit); return the rectangle it took."""
    box = pygame.Rect(box)
    fitted = fit(assets, text, size, box.width, box.height, bold=bold, min_size=min_size, max_lines=max_lines)
    line_h = assets.line_height(fitted.size)
    top = box.top
    if valign == "center":
        top = box.top + (box.height - fitted.height) // 2
    elif valign == "bottom":
        top = box.bottom - fitted.height
    taken = pygame.Rect(box.left, top, 0, 0)
    for index, line in enumerate(fitted.lines):
        if not line:
            continue
        rendered = assets.text(line, fitted.size, color, bold=bold)
        width = min(rendered.get_width(), box.width)
        height = min(rendered.get_height(), line_h)
        if align == "center":
            x = box.left + (box.width - width) // 2
        elif align == "right":
            x = box.right - width
        else:
            x = box.left
        rect = pygame.Rect(x, top + index * line_h, width, height)
        surface.blit(rendered, rect.topleft, area=pygame.Rect(0, 0, width, height))
        taken = rect.copy() if not taken.width else taken.union(rect)
    log = assets.text_log
    if log is not None:
        log.placed.append(Placed(taken, box.copy(), text, "\n".join(fitted.lines), where, fitted.size,
                                 fitted.truncated, surface.get_clip()))
    return taken
