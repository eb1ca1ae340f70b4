"""Practice: single messages on the phone, "scam or genuine? which red flag? how sure are you?".

One scene plays every kind of practice run the `Coach` hands out (a drill, a booster of due
items, the before or after skill check): an intro card, then item after item — the phone on the
left shows the message in its conversation (who, number or site, the message before it), the
panel beside it asks, then gives the feedback (`game.practice.feedback`: the first line, why and
what to do for each red flag, why a genuine one can be trusted, the scenario it is from) — and
an end card. Keys: 1/2 scam/genuine, digits for the red flag and how sure, Enter next, Esc back
(what was answered is kept: `Run.finish`).

Everything is laid out once per size, language, setting and stage (`build_body`): the texts with
their boxes are kept as data (`texts`), and `draw` only draws them.
"""

from __future__ import annotations

import pygame

from ..fit import draw_text, fit
from ..input import Intent, Scroll
from ..phone.view import PhoneView
from ..widgets import Widget, button_height, draw_button
from .common import BAR, ChromeScene
from .progress import Text

MARGIN = 16
PAD = 18                    # inside the panel
GAP = 10
INTRO, VERDICT, FLAG, SURE, FEEDBACK, DONE, EMPTY = "intro", "verdict", "flag", "sure", "feedback", "done", "empty"


class DrillScene(ChromeScene):
    def __init__(self, app, form: str = "drill", *, size: int | None = None) -> None:
        super().__init__(app)
        self.form = form
        self.coach = self.ctx.coach
        self.run = self.coach.start(form, size=size)
        self.stage = INTRO if self.run.total else EMPTY
        self.item = None
        self.said: str | None = None
        self.named: str | None = None
        self.answer = None                      # the last PracticeAnswer, and its Feedback
        self.feedback = None
        self.clock = 0.0                        # real seconds since the scene opened
        self.shown_at = 0.0                     # when the current item appeared
        self.texts: list[Text] = []
        self.panels: list[pygame.Rect] = []
        self.phone = PhoneView(app.assets, app.theme, self.t, self._day_and_time,
                               self.ctx.progress.settings["reduced_motion"])
        self.phone_widgets: list[Widget] = []

    def _day_and_time(self, at: float) -> tuple[int, str]:
        return self.item.day_and_time(at) if self.item is not None else (1, "20:00")

    def screen_title(self) -> str:
        return self.t(f"drill.form.{self.form}")

    # -- the run ----------------------------------------------------------------------------
    def begin(self) -> None:
        self._show_next()

    def _show_next(self) -> None:
        self.item = self.run.current()
        self.said = self.named = None
        if self.item is None:
            self.stage = DONE
        else:
            self.stage = VERDICT
            self.shown_at = self.clock
            self.phone.scroll = 0
        self.relayout()

    def say(self, said: str) -> None:
        if self.stage != VERDICT:
            return
        self.said = said
        self.stage = FLAG if said == "scam" else SURE
        self.relayout()

    def name_flag(self, flag_id: str | None) -> None:
        """`flag_id`: a red flag's id, "" just suspicious, None: go on without naming one."""
        if self.stage != FLAG:
            return
        self.named = flag_id
        self.stage = SURE
        self.relayout()

    def sure(self, confidence: int) -> None:
        if self.stage != SURE or self.item is None:
            return
        from game.practice import feedback

        item = self.item
        self.answer = self.run.answer(self.said, self.named, confidence, seconds=self.clock - self.shown_at)
        self.feedback = feedback(item, self.answer)
        self.stage = FEEDBACK
        self.relayout()

    def next(self) -> None:
        if self.stage == FEEDBACK:
            self._show_next()

    def back(self) -> None:
        """Leave: what was answered is kept."""
        self.run.finish()
        self.app.pop()

    def to_title(self) -> None:
        self.app.pop()

    def open_progress(self) -> None:
        from .progress import ProgressScene

        self.app.replace(ProgressScene(self.app))

    # -- layout -----------------------------------------------------------------------------
    def regions(self, size: tuple[int, int]) -> tuple[pygame.Rect, pygame.Rect]:
        width, height = size
        top = BAR + MARGIN
        body_h = height - top - MARGIN
        phone_w = min(420, int(body_h * 0.58), int(width * 0.4))
        phone = pygame.Rect(MARGIN + max(0, (width - 2 * MARGIN - phone_w - 760) // 4), top, phone_w, body_h)
        panel = pygame.Rect(phone.right + MARGIN, top, 0, body_h)
        panel.width = min(760, width - MARGIN - panel.left)
        return phone, panel

    def build_body(self, size: tuple[int, int]) -> list[Widget]:
        self.texts, self.panels = [], []
        if self.stage in (INTRO, DONE, EMPTY):
            self.phone_widgets = []
            return self._build_card(size)
        phone, panel = self.regions(size)
        self.phone.rect = phone
        self.phone.theme = self.theme
        self._layout_phone()
        self.panels.append(panel)
        return self._build_panel(panel)

    def _layout_phone(self) -> None:
        if self.item is not None:
            self.phone_widgets = self.phone.layout(self.item.view, self.item.thread.id)

    def _add(self, where: str, text: str, size: int, role: str, box: pygame.Rect, *, bold: bool = False,
             align: str = "left", max_lines: int | None = None) -> int:
        """Keep a text in `box` (its height: what the text needs, capped by `box`); return its bottom."""
        h = min(box.height, fit(self.assets, text, size, box.width, bold=bold, max_lines=max_lines).height)
        self.texts.append(Text(where, text, size, role, pygame.Rect(box.left, box.top, box.width, h), bold, align))
        return box.top + h

    def _buttons(self, prefix: str, specs: list[tuple[str, str, object]], x: int, y: int, width: int, *,
                 columns: int, min_h: int = 0) -> tuple[list[Widget], int]:
        """Buttons in `columns` columns from (x, y); every row as tall as its tallest label."""
        widgets, theme = [], self.theme
        each = (width - GAP * (columns - 1)) // columns
        for start in range(0, len(specs), columns):
            row = specs[start:start + columns]
            h = max(min_h, max(button_height(self.assets, theme, label, each) for _, label, _ in row))
            for index, (widget_id, label, action) in enumerate(row):
                widgets.append(Widget(f"{prefix}{widget_id}", pygame.Rect(x + index * (each + GAP), y, each, h), label,
                                      action=action))
            y += h + GAP
        return widgets, y - GAP

    def _build_panel(self, panel: pygame.Rect) -> list[Widget]:
        theme, t = self.theme, self.t
        x, width = panel.left + PAD, panel.width - 2 * PAD
        bottom = panel.bottom - PAD
        y = panel.top + PAD
        shown = self.run.position - (1 if self.stage == FEEDBACK else 0)     # the item on the phone (0-based)
        head = t("drill.progress", n=shown + 1, total=self.run.total)
        reason = self.run.picks[shown].reason
        y = self._add("drill:progress", head, theme.small, "muted", pygame.Rect(x, y, width, bottom - y), bold=True)
        if self.stage == FEEDBACK:         # why it was asked only after the answer: it gives the answer away
            y = self._add("drill:reason", t(f"drill.reason.{reason}"), theme.small, "muted",
                          pygame.Rect(x, y, width, bottom - y), max_lines=1) + 14
            return self._build_feedback(x, y, width, bottom)
        y += 14
        widgets: list[Widget] = []
        y = self._add("drill:question", t("drill.question"), theme.title, "text", pygame.Rect(x, y, width, bottom - y),
                      bold=True) + 12
        verdicts = [("scam", f"1  {t('drill.scam')}", lambda: self.say("scam")),
                    ("genuine", f"2  {t('drill.genuine')}", lambda: self.say("genuine"))]
        made, y = self._buttons("drill:", verdicts, x, y, width, columns=2, min_h=64)
        for widget in made:
            chosen = self.said == widget.id.split(":")[1]
            widget.data["chosen"] = chosen
            if self.stage != VERDICT:
                widget.enabled = chosen             # what was said stays in sight, greyed are the others
                widget.focusable = False
                widget.action = None
        widgets += made
        y += 18
        if self.stage == FLAG:
            y = self._add("drill:which_flag", t("drill.which_flag"), theme.body, "text",
                          pygame.Rect(x, y, width, bottom - y), bold=True) + 10
            specs = [(f"flag:{option.id or 'suspicious'}", f"{number}  {option.name}",
                      lambda f=option.id: self.name_flag(f)) for number, option in enumerate(self.item.options, 1)]
            specs.append(("flag:skip", f"{len(specs) + 1}  {t('drill.window.skip_flag')}",
                          lambda: self.name_flag(None)))
            columns = 2 if width >= 440 else 1
            made, y = self._buttons("drill:", specs, x, y, width, columns=columns)
            widgets += made
        elif self.stage == SURE:
            if self.said == "scam":
                chosen = t("drill.window.named_none") if self.named is None else next(
                    (o.name for o in self.item.options if o.id == self.named), "")
                y = self._add("drill:named", chosen, theme.small, "muted", pygame.Rect(x, y, width, bottom - y)) + 10
            y = self._add("drill:how_sure", t("drill.how_sure"), theme.body, "text",
                          pygame.Rect(x, y, width, bottom - y), bold=True) + 10
            specs = [(f"sure:{level}", f"{level}  {t(f'drill.confidence.{level}')}", lambda c=level: self.sure(c))
                     for level in (1, 2, 3)]
            made, y = self._buttons("drill:", specs, x, y, width, columns=3, min_h=56)
            widgets += made
        return widgets

    def feedback_lines(self, whole: int | None = None) -> list[tuple[str, str, str, bool]]:
        """(where, text, role, bold) of the feedback, in order: `game.practice.feedback` in words.
        `whole`: how many red flags get their why and what to do (the others are named in one line)."""
        fb, t = self.feedback, self.t
        lines = [("drill:feedback", t(fb.key, flag=fb.flag_name), "good" if self.answer.correct else "accent", True)]
        whole = len(fb.reasons) if whole is None else whole
        for number, reason in enumerate(fb.reasons[:whole], 1):
            lines.append((f"drill:reason:{number}:name", reason.name, "text", True))
            lines.append((f"drill:reason:{number}:why_label", t("drill.why"), "muted", True))
            lines.append((f"drill:reason:{number}:why", reason.why, "text", False))
            lines.append((f"drill:reason:{number}:safe_label", t("drill.safe"), "muted", True))
            lines.append((f"drill:reason:{number}:safe", reason.safe, "text", False))
        if fb.reasons[whole:]:
            others = self.ctx.tr.join(r.name for r in fb.reasons[whole:])
            lines.append(("drill:also", t("drill.window.also", names=others), "text", False))
        if not self.item.is_scam and fb.note:
            lines.append(("drill:trusted_label", t("drill.feedback.trusted_because"), "muted", True))
            lines.append(("drill:trusted", fb.note, "text", False))
        lines.append(("drill:from", t("drill.from", title=fb.title), "muted", False))
        return lines

    def _build_feedback(self, x: int, y: int, width: int, bottom: int) -> list[Widget]:
        theme, assets = self.theme, self.assets
        last = self.run.done
        label = self.t("drill.finish" if last else "drill.next")
        button_w = min(width, max(200, width // 3))
        button_h = button_height(assets, theme, label, button_w)
        button = pygame.Rect(x + width - button_w, bottom - button_h, button_w, button_h)
        room = button.top - GAP - y
        # The whole feedback as large as it fits; then the first red flag whole, the others named.
        tries = [(size, None) for size in (theme.body, theme.small)] + [(theme.small, 1)]
        for size, whole in tries:
            lines = self.feedback_lines(whole)
            heights = [fit(assets, text, size if not bold or where == "drill:feedback" else min(size, theme.small),
                           width, bold=bold).height for where, text, _, bold in lines]
            if sum(heights) + 6 * len(lines) <= room:
                break
        for (where, text, role, bold), h in zip(lines, heights):
            text_size = size if not bold or where == "drill:feedback" else min(size, theme.small)
            if y + min(h, assets.line_height(text_size)) > button.top - GAP:
                break                                       # never below the button (cut with "…" if need be)
            y = self._add(where, text, text_size, role, pygame.Rect(x, y, width, button.top - GAP - y), bold=bold)
            y += 10 if where.endswith((":safe", "drill:feedback", "drill:trusted", "drill:also")) else 2
        return [Widget("drill:next", button, label, action=self.next)]

    def _build_card(self, size: tuple[int, int]) -> list[Widget]:
        width, height = size
        theme, t = self.theme, self.t
        column = min(680, width - 80)
        x = (width - column) // 2
        lines: list[tuple[str, str, int, str, bool]] = []
        buttons: list[tuple[str, str, object]] = []
        if self.stage == INTRO:
            intro = t("drill.intro_check", count=self.run.total) if self.form in ("before", "after") else \
                t("drill.intro")
            lines = [("drill:intro_title", t(f"drill.form.{self.form}"), theme.title, "text", True),
                     ("drill:intro", intro, theme.body, "text", False)]
            buttons = [("drill:start", t("drill.window.start"), self.begin), ("drill:back", t("ui.back"), self.back)]
        elif self.stage == EMPTY:
            lines = [("drill:empty", t("drill.empty"), theme.body, "text", False)]
            buttons = [("drill:back", t("ui.back"), self.back)]
        else:
            result = self.run.measure()
            scams, genuine = result.hits + result.misses, result.false_alarms + result.correct_rejections
            done = t("drill.done", right=result.right, total=result.answers)
            lines = [("drill:done", done, theme.title, "text", True),
                     ("drill:done_detail", t("drill.done_detail", hits=result.hits, scams=scams,
                                             trusted=result.correct_rejections, genuine=genuine),
                      theme.body, "text", False)]
            sure = next((level for level in result.calibration if level.confidence == 3), None)
            if sure is not None and sure.answers:
                lines.append(("drill:done_sure", t("drill.done_sure", right=sure.right, total=sure.answers),
                              theme.body, "text", False))
            if self.ctx.recorder is not None and self.ctx.recorder.error:
                lines.append(("drill:unsaved", t("drill.unsaved", error=self.ctx.recorder.error), theme.small,
                              "muted", False))
            elif self.form in ("drill", "booster"):
                lines.append(("drill:done_next_due", t("drill.done_next_due"), theme.small, "muted", False))
            buttons = [("drill:title", t("drill.window.to_title"), self.to_title)]
            if self.ctx.recorder is not None:
                buttons.append(("drill:progress_open", t("progress.open"), self.open_progress))
        each = (column - 2 * PAD - GAP * (len(buttons) - 1)) // len(buttons)
        button_h = max(button_height(self.assets, theme, label, each) for _, label, _ in buttons)
        heights = [fit(self.assets, text, text_size, column - 2 * PAD, bold=bold).height
                   for _, text, text_size, _, bold in lines]
        total = 2 * PAD + sum(h + 12 for h in heights) + 8 + button_h
        card = pygame.Rect(x, max(BAR + MARGIN, BAR + (height - BAR - total) // 3), column, 0)
        card.height = min(total, height - MARGIN - card.top)
        self.panels.append(card)
        y = card.top + PAD
        limit = card.bottom - PAD - button_h - 8
        for (where, text, text_size, role, bold), h in zip(lines, heights):
            if y >= limit:
                break
            y = self._add(where, text, text_size, role, pygame.Rect(x + PAD, y, column - 2 * PAD, limit - y),
                          bold=bold, align="center") + 12
        widgets = []
        for index, (widget_id, label, action) in enumerate(buttons):
            widgets.append(Widget(widget_id, pygame.Rect(x + PAD + index * (each + GAP), card.bottom - PAD - button_h,
                                                         each, button_h), label, action=action))
        return widgets

    # -- input and time -----------------------------------------------------------------------
    def default_focus(self) -> Widget | None:
        order = [w for w in self.tab_order() if w.id not in ("lang", "settings")]
        return order[0] if order else super().default_focus()

    def handle(self, inp) -> bool:
        if isinstance(inp, Scroll) and self.item is not None and self.phone.rect.collidepoint(inp.pos):
            self.phone.scroll_by(inp.dy * 60)
            self._layout_phone()
            return True
        return super().handle(inp)

    def handle_intent(self, inp: Intent) -> bool:
        if inp.name == "back":
            self.back() if self.stage not in (DONE, EMPTY) else self.to_title()
            return True
        if inp.name == "choose":
            return self.choose(inp.number)
        if inp.name == "activate" and self.stage == FEEDBACK:
            self.next()
            return True
        return super().handle_intent(inp)

    def choose(self, number: int) -> bool:
        """A digit: the numbered button of this stage."""
        if self.stage == VERDICT and number in (1, 2):
            self.say("scam" if number == 1 else "genuine")
            return True
        if self.stage == FLAG and self.item is not None:
            options = [o.id for o in self.item.options]
            if 1 <= number <= len(options):
                self.name_flag(options[number - 1])
                return True
            if number == len(options) + 1:
                self.name_flag(None)
                return True
        if self.stage == SURE and number in (1, 2, 3):
            self.sure(number)
            return True
        return False

    def update(self, dt: float) -> None:
        self.clock += dt
        self.phone.time += dt
        if self.item is not None and self.stage not in (INTRO, DONE, EMPTY):
            self._layout_phone()

    # -- drawing ------------------------------------------------------------------------------
    def draw_body(self, surface: pygame.Surface) -> None:
        palette = self.theme.palette
        for panel in self.panels:
            self.draw_panel(surface, panel)
        if self.item is not None and self.stage not in (INTRO, DONE, EMPTY):
            self.phone.draw(surface)
        for item in self.texts:
            draw_text(surface, self.assets, item.text, item.size, getattr(palette, item.role), item.box,
                      bold=item.bold, align=item.align, where=item.where)
        primary = {"drill:start", "drill:next", "drill:title"}
        for widget in self.widgets():
            if widget.id.startswith("drill:"):
                style = "primary" if widget.id in primary or widget.data.get("chosen") else "normal"
                draw_button(surface, self.assets, self.theme, widget,
                            focused=self.focus_id == widget.id, hovered=self.hover_id == widget.id, style=style)
