"""The debrief: the summary on the left (outcome and score first, then the counts in plain
words, the money, the data handed over and one takeaway; d′ and c behind "What do these
mean?"), and the conversation replayed on the right, each message marked caught (green),
missed (red), false alarm (amber) or rightly trusted, with its explanation and the safe
response. The tone never shames the player.

Both columns scroll on their own: the wheel scrolls the column under the pointer;
PageUp/PageDown/Home/End (and the arrows, when a column has focus) scroll the focused one.
Everything is laid out once per size, language and setting (`_layout`; the timeline, the long
one, only when its own rectangle, language or theme change), as lines in content coordinates;
the items are grouped by message once per result (`debrief_lines.group`). Drawing looks up the
lines in view by position (`Column.visible_lines`), so a frame's work does not grow with the
number of messages. The scene keeps the Session, so a language switch renders the whole result
again, story and messages included.
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import pygame

from game import debrief_lines
from game.engine import DebriefItem, MessageResult, Result, Session
from game.scenario import Scenario

from ..fit import draw_text
from ..input import Intent, Scroll, Tap
from ..widgets import Widget, button_height, draw_focus
from .common import BAR, ChromeScene

MARGIN = 16
PAD = 14                      # inside a column's panel
LINE_STEP = 48                # pixels the arrow keys scroll a focused column
WHEEL_STEP = 60               # pixels one notch of the wheel scrolls

VERDICT_STRIPE = {"hit": "caught", "miss": "missed", "false_alarm": "false_alarm", "correct_rejection": "card_edge"}


@dataclass
class Line:
    """One line of text in a column, in content coordinates (x from the column's inner left)."""

    key: str                  # what it belongs to ("score", "money", "message"…): tests find figures by it
    text: str
    size: int
    role: str                 # a palette role
    bold: bool
    x: int
    y: int
    width: int
    height: int
    ref: str = ""             # the message a timeline line belongs to ("" for the rest)


@dataclass
class Block:
    """A shape behind lines (a message card, a legend swatch), in content coordinates."""

    rect: pygame.Rect
    role: str
    stripe: str = ""          # a card's left stripe colour role
    swatch: bool = False      # a small filled square


@dataclass
class Column:
    """Lines and shapes laid out once, shown through a viewport that scrolls."""

    name: str
    panel: pygame.Rect
    view: pygame.Rect         # the part of the panel the content shows through
    lines: list[Line] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    height: int = 0
    scroll: int = 0
    _tops: list[int] = field(default_factory=list, repr=False)       # lines' y, ascending (`index`)
    _bottoms: list[int] = field(default_factory=list, repr=False)    # blocks' bottoms, ascending

    def index(self) -> None:
        """Order lines by y and blocks by bottom, for `visible_lines`/`visible_blocks`."""
        self.lines.sort(key=lambda line: line.y)
        self.blocks.sort(key=lambda block: block.rect.bottom)
        self._tops = [line.y for line in self.lines]
        self._bottoms = [block.rect.bottom for block in self.blocks]

    def visible_lines(self) -> list[Line]:
        """The lines that start within the viewport (a bisection: never a walk over every line)."""
        start = bisect_left(self._tops, self.scroll)
        return self.lines[start:bisect_left(self._tops, self.scroll + self.view.height)]

    def visible_blocks(self) -> list[Block]:
        """The shapes reaching into the viewport (blocks do not overlap, so tops ascend too)."""
        start = bisect_right(self._bottoms, self.scroll)
        end = start
        while end < len(self.blocks) and self.blocks[end].rect.top < self.scroll + self.view.height:
            end += 1
        return self.blocks[start:end]

    @property
    def max_scroll(self) -> int:
        return max(0, self.height - self.view.height)

    def scroll_to(self, value: int) -> bool:
        value = max(0, min(int(value), self.max_scroll))
        moved = value != self.scroll
        self.scroll = value
        return moved

    def reveal(self, top: int, bottom: int) -> bool:
        """Scroll the least so that content rows top…bottom are in view."""
        if top < self.scroll:
            return self.scroll_to(top)
        if bottom > self.scroll + self.view.height:
            return self.scroll_to(bottom - self.view.height)
        return False

    def on_screen(self, line: Line) -> pygame.Rect | None:
        """Where `line` is drawn, or None if it does not lie wholly inside the viewport."""
        rect = pygame.Rect(self.view.left + line.x, self.view.top + line.y - self.scroll, line.width, line.height)
        return rect if self.view.contains(rect) else None


class Writer:
    """Appends wrapped paragraphs to a column, one `Line` per wrapped line."""

    def __init__(self, assets, column: Column) -> None:
        self.assets = assets
        self.column = column
        self.y = 0

    def add(self, key: str, text: str, size: int, role: str, *, bold: bool = False, gap: int = 8, x: int = 0,
            width: int | None = None, ref: str = "") -> tuple[int, int]:
        """Add `text`; return its (top, bottom) in content coordinates."""
        width = width if width is not None else self.column.view.width - x
        top = self.y
        if text:
            line_h = self.assets.line_height(size)
            for piece in self.assets.lines(text, size, width, bold) or [""]:
                self.column.lines.append(Line(key, piece, size, role, bold, x, self.y, width, line_h, ref))
                self.y += line_h
            self.y += gap
        return top, self.y - gap if text else top

    def space(self, pixels: int) -> None:
        self.y += pixels

    def finish(self) -> None:
        self.column.height = self.y
        self.column.index()


class DebriefScene(ChromeScene):
    title_key = "debrief.title"

    def __init__(self, app, scenario: Scenario, session: Session, *, class_position: int | None = None) -> None:
        super().__init__(app)
        self.scenario = scenario
        self.session = session
        self.class_position = class_position    # the playlist's place when played for a class (`ctx.link`)
        self._class_shown: tuple | None = None  # the class status line as last laid out
        self.result = session.result(app.ctx.lang)
        self.expanded = False                   # "What do these mean?" opened
        self.summary: Column | None = None
        self.timeline: Column | None = None
        self.active = "summary"                 # the column PageUp/PageDown scroll
        self.toggle_span = (0, 0)               # the toggle line's rows in the summary
        self._layout_key: tuple | None = None
        self._timeline_key: tuple | None = None
        self._scrolls = {"summary": 0, "timeline": 0}

    @property
    def result(self) -> Result:
        return self._result

    @result.setter
    def result(self, result: Result) -> None:
        """A new result (a language switch): its items are grouped by message once, here."""
        self._result = result
        self._items = debrief_lines.group(result)
        self._layout_key = self._timeline_key = None

    # -- lifecycle --------------------------------------------------------------------------
    def on_enter(self) -> None:
        self.ctx.listeners.append(self.on_lang)
        super().on_enter()

    def on_exit(self) -> None:
        if self.on_lang in self.ctx.listeners:
            self.ctx.listeners.remove(self.on_lang)

    def on_lang(self) -> None:
        """Language is a view: render the whole result again (story, messages, explanations)."""
        self.result = self.session.result(self.ctx.lang)

    # -- layout -----------------------------------------------------------------------------
    def _button_specs(self):
        link = self.ctx.link
        if self.class_position is not None and link.has_next(self.class_position):
            return [("debrief:next", self.t("join.next_scenario"), self.next_in_class)]    # the class goes on
        specs = [("debrief:new_people", self.t("debrief.new_people"), self.play_new),
                 ("debrief:same_seed", self.t("debrief.same_seed"), self.play_same),
                 ("debrief:picker", self.t("debrief.other"), self.to_picker)]
        if self.ctx.recorder is not None:          # results are kept: this one is in "My progress" now
            specs.append(("debrief:progress", self.t("progress.open"), self.open_progress))
        return specs

    def regions(self, size):
        """(summary panel, timeline panel, button row) for a window of `size`."""
        width, height = size
        specs = self._button_specs()
        button_w = (width - 2 * MARGIN - 2 * 12) // len(specs)
        button_h = max(button_height(self.assets, self.theme, label, button_w) for _, label, _ in specs)
        buttons = pygame.Rect(MARGIN, height - MARGIN - button_h, width - 2 * MARGIN, button_h)
        top = BAR + MARGIN
        body_h = buttons.top - 12 - top
        left_w = max(320, int(width * 0.36))
        left = pygame.Rect(MARGIN, top, left_w, body_h)
        right = pygame.Rect(left.right + MARGIN, top, width - left.right - 2 * MARGIN, body_h)
        return left, right, buttons

    def build_body(self, size):
        left, right, buttons = self.regions(size)
        key = (size, self.ctx.lang, self.theme, self.expanded, self._class_line())
        if key != self._layout_key:
            self._layout(left, right)
            self._layout_key = key
        widgets = [Widget("debrief:summary", self.summary.panel, self.t("debrief.title"), kind="region"),
                   Widget("debrief:what_means", self._toggle_rect(),
                          self.t("debrief.what_mean_hide" if self.expanded else "debrief.what_mean"),
                          action=self.toggle_meaning, kind="link"),
                   Widget("debrief:timeline", self.timeline.panel, self.t("debrief.timeline"), kind="region")]
        specs = self._button_specs()
        button_w = (buttons.width - 2 * 12) // len(specs)
        for index, (widget_id, label, action) in enumerate(specs):
            rect = pygame.Rect(buttons.left + index * (button_w + 12), buttons.top, button_w, buttons.height)
            widgets.append(Widget(widget_id, rect, label, action=action))
        if self.focus_id is None:
            self.focus_id = specs[0][0]
        return widgets

    def _layout(self, left: pygame.Rect, right: pygame.Rect) -> None:
        """Lay out the summary again, and the timeline too if its rectangle, language or theme
        changed (opening "What do these mean?" does not wrap a thousand messages again)."""
        for column in (self.summary, self.timeline):
            if column is not None:
                self._scrolls[column.name] = column.scroll
        self.summary = Column("summary", left, left.inflate(-2 * PAD, -2 * PAD))
        self._layout_summary(self.summary)
        timeline_key = (tuple(right), self.ctx.lang, self.theme)
        if timeline_key != self._timeline_key:
            self.timeline = Column("timeline", right, right.inflate(-2 * PAD, -2 * PAD))
            self._layout_timeline(self.timeline)
            self._timeline_key = timeline_key
        for column in (self.summary, self.timeline):
            column.scroll_to(self._scrolls[column.name])

    def _layout_summary(self, column: Column) -> None:
        """The summary's sentences come from `game.debrief_lines` (the classroom's web page says
        the same ones); here they get their sizes and gaps."""
        theme, result = self.theme, self.result
        out = Writer(self.assets, column)
        recorder = self.ctx.recorder
        if self._class_line():
            out.add("class", self._class_line(), theme.small, "muted", gap=10)
        if recorder is not None and recorder.error:     # said, and play goes on
            out.add("records", self.t("records.unavailable", reason=recorder.error), theme.small, "muted", gap=10)
        data_names = {i: text.get(self.ctx.lang) for i, text in self.ctx.catalog.data_items.items()}
        big = {"outcome": (theme.title, 10), "score": (theme.title, 12), "lowered": (theme.small, 10),
               "counts": (theme.body, 4 if result.hits else 10), "named": (theme.small, 10),
               "money": (theme.body, 8), "taken_back": (theme.small, 8), "recovered": (theme.small, 8),
               "data": (theme.small, 12), "takeaway": (theme.small, 14), "story_title": (theme.body, 4),
               "story": (theme.small, 8 if result.fact else 14), "fact": (theme.small, 14)}
        key = {"named": "counts", "story_title": "story"}
        for line in debrief_lines.summary(result, self.ctx.tr, data_names):
            size, gap = big.get(line.kind, (theme.small, 8))
            out.add(key.get(line.kind, line.kind), line.text, size, line.role, bold=line.bold, gap=gap)
        label = self.t("debrief.what_mean_hide" if self.expanded else "debrief.what_mean")
        self.toggle_span = out.add("what_means", label, theme.body, "accent", bold=True, gap=8)
        if self.expanded:
            meaning = debrief_lines.meaning(result, self.ctx.tr)
            for index, line in enumerate(meaning):
                out.add(line.kind, line.text, theme.small, line.role, gap=4 if index == 1 else 8)
        helps = debrief_lines.help_lines(result, self.ctx.tr)
        if helps:
            out.space(10)
            for line in helps:
                out.add(line.kind, line.text, theme.body if line.bold else theme.small, line.role, bold=line.bold,
                        gap=4)
        out.finish()

    def _layout_legend(self, out: Writer, width: int) -> None:
        """Two flowing rows: what ✓ ~ ✗ mean, then what each card colour means."""
        theme, assets = self.theme, self.assets
        size = theme.small
        line_h = assets.line_height(size)
        rows = [[(self.t("debrief.legend.named"), "good", ""), (self.t("debrief.legend.caught"), "text", ""),
                 (self.t("debrief.legend.missed"), "danger", "")],
                [(self.t("debrief.legend.hit"), "text", "caught"), (self.t("debrief.legend.miss"), "text", "missed"),
                 (self.t("debrief.legend.false_alarm"), "text", "false_alarm"),
                 (self.t("debrief.legend.fine"), "text", "card_edge")]]
        column = out.column
        for row in rows:
            x = 0
            for text, role, swatch in row:
                text_w = min(width - (line_h if swatch else 0), assets.font(size, True).size(text)[0] + 2)
                need = text_w + (line_h if swatch else 0)
                if x and x + need > width:
                    x, out.y = 0, out.y + line_h + 2
                if swatch:
                    box = pygame.Rect(x + 2, out.y + line_h // 4, line_h // 2, line_h // 2)
                    column.blocks.append(Block(box, swatch, swatch=True))
                    x += line_h
                column.lines.append(Line("legend", text, size, role, True, x, out.y, text_w, line_h))
                x += text_w + 18
            out.y += line_h + 2
        out.space(10)

    def _layout_timeline(self, column: Column) -> None:
        theme = self.theme
        out = Writer(self.assets, column)
        out.add("heading", self.t("debrief.timeline"), theme.body, "text", bold=True, gap=6)
        self._layout_legend(out, column.view.width)
        flag_names = {f: flag.name.get(self.ctx.lang) for f, flag in self.ctx.catalog.red_flags.items()}
        inner_x, inner_w = 18, column.view.width - 18 - 10
        for message in self.result.messages:
            top = out.y
            out.space(10)
            self._layout_card(out, message, self._items.get(message.id, []), inner_x, inner_w, flag_names)
            out.space(4)
            card = pygame.Rect(0, top, column.view.width, out.y - top)
            column.blocks.append(Block(card, "card", stripe=VERDICT_STRIPE.get(message.verdict, "card_edge")))
            out.space(10)
        out.finish()

    def _layout_card(self, out: Writer, message: MessageResult, items: list[DebriefItem], x: int, width: int,
                     flag_names: dict[str, str]) -> None:
        """A message's card: its lines from `game.debrief_lines.card` (the web page's too)."""
        theme = self.theme
        gaps = {"tag": 2, "sender": 2, "message": 6, "flag": 2, "why": 2}
        for line in debrief_lines.card(message, items, self.ctx.tr, flag_names):
            size = theme.body if line.kind == "message" else theme.small
            indent = 16 if line.indent else 0
            out.add(line.kind, line.text, size, line.role, bold=line.bold, gap=gaps.get(line.kind, 6),
                    x=x + indent, width=width - indent, ref=message.id)

    def _toggle_rect(self) -> pygame.Rect:
        """The toggle's place on screen; empty while it is scrolled out of view."""
        column = self.summary
        top, bottom = self.toggle_span
        rect = pygame.Rect(column.view.left, column.view.top + top - column.scroll, column.view.width, bottom - top)
        return rect if column.view.contains(rect) else pygame.Rect(0, 0, 0, 0)

    def column(self, name: str) -> Column:
        return self.summary if name == "summary" else self.timeline

    # -- commands ---------------------------------------------------------------------------
    def toggle_meaning(self) -> None:
        self.expanded = not self.expanded
        self.active = "summary"
        self.relayout()
        summary = self.summary
        if self.expanded and summary.scroll + summary.view.height < summary.height:
            # show as much of the explanation as fits, the toggle still in view
            summary.scroll_to(max(summary.scroll, min(self.toggle_span[0], summary.max_scroll)))
            self.relayout()

    def _class_line(self) -> str:
        """"Class ABC123 · Calm Heron · paused by the teacher" (and why progress is not reaching
        the class, if it is not); "" outside a class."""
        link = self.ctx.link
        if self.class_position is None or link is None:
            return ""
        line = self.t("join.status_line", code=link.code, nickname=link.nickname,
                      status=self.t(f"join.status.{link.status}"))
        return f"{line} · {link.error}" if link.error else line

    def update(self, dt: float) -> None:
        super().update(dt)
        if self.class_position is not None and self._class_line() != self._class_shown:
            self._class_shown = self._class_line()
            self.relayout()                     # the class was paused, resumed or ended

    def next_in_class(self) -> None:
        from .play import class_scene

        if self.ctx.link.status in ("open", "paused"):
            self.app.replace(class_scene(self.app, self.class_position + 1))

    def play_new(self) -> None:
        from .play import PlayScene

        self.app.replace(PlayScene(self.app, self.scenario, seed=random.SystemRandom().randrange(1, 1_000_000)))

    def play_same(self) -> None:
        from .play import PlayScene

        self.app.replace(PlayScene(self.app, self.scenario, seed=self.result.seed))

    def open_progress(self) -> None:
        from .progress import ProgressScene

        self.app.push(ProgressScene(self.app))

    def to_picker(self) -> None:
        from .picker import PickerScene

        self.app.reset(PickerScene(self.app))

    # -- input ------------------------------------------------------------------------------
    def scroll(self, name: str, delta: int) -> None:
        self.active = name
        if self.column(name).scroll_to(self.column(name).scroll + delta):
            self.relayout()

    def _column_at(self, pos) -> str | None:
        for column in (self.summary, self.timeline):
            if column is not None and column.panel.collidepoint(pos):
                return column.name
        return None

    def handle(self, inp) -> bool:
        if isinstance(inp, Scroll):
            name = self._column_at(inp.pos)
            if name is None:
                return False
            self.scroll(name, -inp.dy * WHEEL_STEP)
            return True
        if isinstance(inp, Tap) and not super().handle(inp):
            name = self._column_at(inp.pos)         # a tap on a column's text: that column takes the keys
            if name is None:
                return False
            self.active, self.focus_id = name, f"debrief:{name}"
            return True
        return isinstance(inp, Tap) or super().handle(inp)

    def handle_intent(self, inp: Intent) -> bool:
        focused = self.focus_id in ("debrief:summary", "debrief:timeline")
        if focused:
            self.active = self.focus_id.split(":", 1)[1]
        column = self.column(self.active)
        if inp.name in ("page_up", "page_down", "home", "end"):
            page = max(LINE_STEP, column.view.height - 40)
            step = {"page_up": -page, "page_down": page, "home": -column.height, "end": column.height}[inp.name]
            self.scroll(self.active, step)
            return True
        if focused and inp.name in ("up", "down"):
            self.scroll(self.active, LINE_STEP if inp.name == "down" else -LINE_STEP)
            return True
        if inp.name == "back":
            self.to_picker()
            return True
        return super().handle_intent(inp)

    def on_focus(self, widget: Widget | None) -> None:
        if widget is None:
            return
        if widget.id == "debrief:what_means":
            self.active = "summary"
            if self.summary.reveal(*self.toggle_span):
                self.relayout()
        elif widget.kind == "region":
            self.active = widget.id.split(":", 1)[1]

    # -- drawing ----------------------------------------------------------------------------
    def draw_body(self, surface: pygame.Surface) -> None:
        for column in (self.summary, self.timeline):
            self._draw_column(surface, column)
        self.draw_buttons(surface, "debrief:", lambda w: "primary" if w.id == "debrief:new_people" else "normal")
        focused = self.widget(self.focus_id) if self.focus_id else None
        if focused is not None and focused.rect.width:      # the toggle has no place while scrolled away
            draw_focus(surface, self.theme, focused.rect)

    def _draw_column(self, surface: pygame.Surface, column: Column) -> None:
        palette = self.theme.palette
        self.draw_panel(surface, column.panel)
        clip = surface.get_clip()
        surface.set_clip(column.view)
        origin_x, origin_y = column.view.left, column.view.top - column.scroll
        for block in column.visible_blocks():
            rect = block.rect.move(origin_x, origin_y)
            if not rect.colliderect(column.view):
                continue
            color = getattr(palette, block.role)
            if block.swatch:
                pygame.draw.rect(surface, color, rect, border_radius=3)
                continue
            pygame.draw.rect(surface, color, rect, border_radius=10)
            pygame.draw.rect(surface, getattr(palette, block.stripe or "card_edge"),
                             (rect.left, rect.top, 6, rect.height), border_radius=3)
            pygame.draw.rect(surface, palette.card_edge, rect, width=1, border_radius=10)
        surface.set_clip(clip)
        where = f"debrief.{column.name}"
        for line in column.visible_lines():
            box = column.on_screen(line)
            if box is not None:
                draw_text(surface, self.assets, line.text, line.size, getattr(palette, line.role), box,
                          bold=line.bold, max_lines=1, where=f"{where}:{line.key}")
        if column.max_scroll:
            self._draw_scrollbar(surface, column)

    def _draw_scrollbar(self, surface: pygame.Surface, column: Column) -> None:
        palette = self.theme.palette
        track = pygame.Rect(column.panel.right - 7, column.view.top, 4, column.view.height)
        knob_h = max(24, track.height * column.view.height // max(1, column.height))
        knob_y = track.top + (track.height - knob_h) * column.scroll // max(1, column.max_scroll)
        pygame.draw.rect(surface, palette.panel_edge, track, border_radius=2)
        pygame.draw.rect(surface, palette.muted, (track.left, knob_y, track.width, knob_h), border_radius=2)
