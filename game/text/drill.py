"""The terminal drill: `python main.py drill`, and the practice entries of `play --text`.

A `Run` of the practice core (`game.practice`) asked one item at a time as lines: the
conversation's header (channel, who, their number or site), the message before it (indented,
dimmed on a terminal), the message, then "Scam or genuine? [s/g]", the red flag (numbered,
Enter skips naming) when the player said scam, and how sure they are. The feedback follows at
once (`game.practice.feedback`), and a summary at the end.

Input is never trusted: anything that is not an answer asks again (numbers are read by
`game.terminal.whole_number`: ３ is 3, ② and a 4,301-digit number ask again); `q` stops, and so
do the end of input and Ctrl-C — all keep the answers already given (`Run.finish`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from game.linebreak import wrap
from game.locale import Translator
from game.practice import Change, Run, feedback
from game.terminal import style, typed, whole_number

WIDTH = 80
DIM, PLAIN = "\x1b[2m", "\x1b[0m"       # written with `style`: the terminal's cleaning would show them
QUIT = ("q", "quit", "exit")


class Stop(Exception):
    """The player typed q, or the input ended."""


def number(text: str, high: int) -> int | None:
    """`text` as a whole number 1..`high`, else None (`game.terminal.whole_number`)."""
    return whole_number(text, high)


class TextDrill:
    def __init__(self, run: Run, tr: Translator, out: TextIO, read: Callable[[str], str], *,
                 dim: bool = False, clock: Callable[[], float] = time.monotonic, width: int = WIDTH) -> None:
        self.run = run
        self.tr = tr
        self.out = out
        self.read = read
        self.dim = dim
        self.clock = clock
        self.width = width
        self.reason: str | None = None      # why the item on screen was picked (plan.DUE, WEAK, …)

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def say_wrapped(self, lead: str, text: str, *, dim: bool = False) -> None:
        lines = wrap(text, max(20, self.width - len(lead))) or [""]
        for index, line in enumerate(lines):
            shown = (lead if index == 0 else " " * len(lead)) + line
            if dim and self.dim:
                style(self.out, DIM)
                self.out.write(shown)
                style(self.out, PLAIN)
                self.say()
            else:
                self.say(shown)

    # -- the whole run ------------------------------------------------------------------------
    def play(self, check: Callable[[], Change | None] | None = None) -> bool:
        """Ask every item; True when the run was finished (then the summary is shown; for the
        after form `check()` gives the before → after change to show with it)."""
        t = self.tr.t
        checking = self.run.form in ("before", "after")
        if self.run.current() is None:
            if not checking:                # a class's check with no items is left out without a word
                self.say(t("drill.empty"))
            return False
        self.say()
        self.say(f"── {t('drill.form.' + self.run.form)} ──")
        self.say_wrapped("", t("drill.intro_check", count=self.run.total) if checking else t("drill.intro"))
        try:
            while (item := self.run.current()) is not None:
                self.ask(item)
        except Stop:
            self.run.finish()
            return False
        self.summary(check() if check is not None and self.run.form == "after" else None)
        return True

    def _line(self, prompt: str) -> str:
        try:
            line = self.read(prompt)
        except (EOFError, KeyboardInterrupt):
            self.say()
            raise Stop from None
        line = typed(line)
        if line.lower() in QUIT:
            self.say(self.tr.t("text_drill.stopped"))
            raise Stop
        return line

    # -- one item -----------------------------------------------------------------------------
    def show(self, item) -> None:
        t = self.tr.t
        self.say()
        heading = t("drill.progress", n=self.run.position + 1, total=self.run.total)
        self.reason = self.run.reason       # said with the feedback: before the answer it gives it away
        self.say(f"── {heading} ──")
        day, clock = item.day_and_time(item.message.at)
        who = " · ".join(part for part in (item.thread.title, item.thread.detail) if part)
        channel = t("channel." + item.thread.channel)
        self.say_wrapped("", " ".join(part for part in (f"[{channel}]", who, f"({t('play.day', day=day, time=clock)})")
                                      if part))
        if item.before is not None:
            self.say(self.tr.label("drill.before", "").rstrip())
            self.say_wrapped("      ", self._said(item.before), dim=True)
        self.say_wrapped("  » ", self._said(item.message))

    def _said(self, message) -> str:
        if message.sender == "narrator":
            return message.text
        name = self.tr.t("play.you") if message.sender == "player" else message.sender_name
        return f"{name}{self.tr.colon}{message.text}"

    def ask(self, item) -> None:
        t = self.tr.t
        self.show(item)
        started = self.clock()
        said = None
        scam_words = {"s", "scam", t("drill.scam").lower()}
        genuine_words = {"g", "genuine", t("drill.genuine").lower()}
        while said is None:
            line = self._line(t("text_drill.ask")).lower()
            said = "scam" if line in scam_words else "genuine" if line in genuine_words else None
            if said is None:
                self.say(t("text_drill.again_sg"))
        named = None
        if said == "scam" and item.options:
            self.say(t("drill.which_flag"))
            for index, option in enumerate(item.options, start=1):
                self.say(f"  {index}) {option.name}")
            while True:
                line = self._line(t("text_drill.flag_prompt"))
                if not line:
                    break
                picked = number(line, len(item.options))
                if picked is not None:
                    named = item.options[picked - 1].id
                    break
                self.say(t("text_drill.again_number", count=len(item.options)))
        levels = " / ".join(f"{n} {t(f'drill.confidence.{n}')}" for n in (1, 2, 3))
        confidence = None
        while confidence is None:
            confidence = number(self._line(f"{t('drill.how_sure')} {levels} > "), 3)
            if confidence is None:
                self.say(t("text_drill.again_number", count=3))
        answer = self.run.answer(said, named, confidence, seconds=self.clock() - started)
        self.show_feedback(item, answer)

    def show_feedback(self, item, answer) -> None:
        t, label = self.tr.t, self.tr.label
        fb = feedback(item, answer)
        self.say()
        self.say_wrapped("  ✓ " if answer.correct else "  → ", t(fb.key, flag=fb.flag_name))
        if self.reason:
            self.say_wrapped("    ", f"({t('drill.reason.' + self.reason)})")
        for reason in fb.reasons:
            self.say_wrapped("    • ", reason.name)
            self.say_wrapped("      ", label("drill.why", reason.why))
            self.say_wrapped("      ", label("drill.safe", reason.safe))
        if not item.is_scam and fb.note:
            self.say_wrapped("    ", label("drill.feedback.trusted_because", fb.note))
        self.say_wrapped("    ", t("drill.from", title=fb.title))

    # -- the end ------------------------------------------------------------------------------
    def summary(self, change: Change | None = None) -> None:
        t = self.tr.t
        result = self.run.measure()
        self.say()
        self.say(f"── {t('drill.form.' + self.run.form)} ──")
        self.say(t("drill.done", right=result.right, total=result.answers))
        self.say(t("drill.done_detail", hits=result.hits, scams=result.hits + result.misses,
                   trusted=result.correct_rejections, genuine=result.false_alarms + result.correct_rejections))
        sure = next(level for level in result.calibration if level.confidence == 3)
        if sure.answers:
            self.say(t("drill.done_sure", right=sure.right, total=sure.answers))
        if any(not a.correct or a.confidence == 1 for a in self.run.answers):
            self.say_wrapped("", t("drill.done_next_due"))
        if change is not None:
            from .progress import check_lines

            self.say()
            for line in check_lines(change, self.tr):
                self.say_wrapped("", line)


# -- practice in the terminal's menu (play --text) --------------------------------------------
def run_practice(coach, form: str, tr: Translator, out: TextIO, read: Callable[[str], str], *,
                 size: int | None = None, dim: bool = False) -> bool:
    """Start `form` with `coach` and ask it through; True when it was finished."""
    return TextDrill(coach.start(form, size=size), tr, out, read, dim=dim).play(check=coach.check)


def _same_class(code: str, other: str) -> bool:
    return bool(code) and code.casefold() == (other or "").casefold()


def before_due(coach, class_code: str) -> bool:
    """The class's before form comes first: this player has neither played nor taken it in the class."""
    return bool(class_code) and not any(_same_class(class_code, a.class_code) for a in coach.attempts()) and \
        not any(_same_class(class_code, a.class_code) for a in coach.answers(("before",)))


def after_offered(coach, class_code: str) -> bool:
    """The class's after form is offered once a scenario was played in the class, until it is taken."""
    return bool(class_code) and any(_same_class(class_code, a.class_code) for a in coach.attempts()) and \
        not any(_same_class(class_code, a.class_code) for a in coach.answers(("after",)))


Entry = tuple[str, str, str]        # a menu entry: (label, explanation, value)


def menu_entries(coach, tr: Translator, *, titles: dict[str, str], flag_names: dict[str, str],
                 class_code: str = "", before_after: bool = False) -> tuple[list[Entry], list[Entry]]:
    """The practice entries of the scenario menu, as (label, explanation, value): those above
    the scenarios (continue training, a due booster, the after form) and below them (practice).
    A value is a scenario ID, or "@<form>" for a drill or form."""
    from .progress import reason_text

    top: list[tuple[str, str, str]] = []
    minutes, welcome = coach.booster_offer()
    if welcome:                         # back after a while: the booster comes first
        top.append((tr.t("title.welcome_back", minutes=minutes), "", "@booster"))
    recommendation = coach.next()
    if recommendation is not None and recommendation.scenario in titles:
        top.append((f"{tr.t('title.continue')}: {titles[recommendation.scenario]}",
                    reason_text(recommendation, tr, flag_names), recommendation.scenario))
    if minutes and not welcome:
        top.append((tr.t("title.due", minutes=minutes), "", "@booster"))
    if before_after and after_offered(coach, class_code):
        top.append((tr.t("title.check_after"), "", "@after"))
    return top, [(tr.t("drill.title"), "", "@drill")]
