"""Terminal play: the same Session as the window, as numbered lines and typed commands.

Time: the engine is turn-based, but a terminal player feels the pressure of a timer in real
seconds. After each line typed, the seconds that passed on the wall clock are given to the
session with `tick` (capped at the current timer), so a slow answer can miss a deadline.
Piped input answers at once, so scripted play is deterministic.

Commands are read by `game.terminal` (`typed`, `whole_number`): full-width letters and digits
count as typed in ASCII, ３ chooses 3, and ², ① or a 4,301-digit number are unknown commands.
"""

from __future__ import annotations

import string
import time
from collections.abc import Callable
from typing import TextIO

from game.engine import EngineError, Result, Session, TimedOut
from game.linebreak import wrap
from game.locale import Translator, format_duration, format_money, language_codes
from game.scenario import Catalog
from game.terminal import typed, whole_number

LETTERS = string.ascii_lowercase


class TextGame:
    def __init__(self, session: Session, catalog: Catalog, out: TextIO,
                 read: Callable[[str], str] = input, clock: Callable[[], float] = time.monotonic) -> None:
        self.session = session
        self.catalog = catalog
        self.out = out
        self.read = read
        self.clock = clock
        self.printed = 0
        self.last_header: tuple[int, str] | None = None
        self.offered: dict[int, list[str]] = {}
        self.shown_choices: tuple | None = None
        self.received_shown = 0

    @property
    def tr(self) -> Translator:
        return Translator(self.session.lang)

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def say_wrapped(self, lead: str, text: str, width: int = 100) -> None:
        """`lead` then `text`, wrapped, continuation lines indented under the text."""
        lines = wrap(text, max(20, width - len(lead)))
        self.say(lead + lines[0])
        for line in lines[1:]:
            self.say(" " * len(lead) + line)

    # -- showing ------------------------------------------------------------------------
    def show_new(self, everything: bool = False) -> None:
        self.show_received()
        view = self.session.view()
        if everything:
            self.printed, self.last_header = 0, None
        for message in view.messages[self.printed:]:
            day, clock = self.session.day_and_time(message.at)
            in_person = message.channel == "in_person"
            header = (day, message.channel, message.thread if in_person else "")
            if header != self.last_header:
                self.say()
                self.say(f"── {self.tr.t('play.day', day=day, time=clock)} · {self._heading(view, message)} ──")
                self.last_header = header
            if message.sender == "narrator":
                self.say_wrapped("       ", message.text)
            elif message.sender == "player":
                self.say_wrapped("       " + self.tr.label("play.you", ""), message.text)
            else:
                mark = " ⚑" if message.flag is not None else ""
                line = message.sender_name + self.tr.colon + message.text + mark
                self.say_wrapped(f" [{message.number:>2}] ", line)
        self.printed = len(view.messages)

    def _heading(self, view, message) -> str:
        """The channel, or in person "[In person] Officer Lee · Community police officer"."""
        channel = self.tr.t("channel." + message.channel)
        if message.channel != "in_person":
            return channel
        thread = next((t for t in view.threads if t.id == message.thread), None)
        who = " · ".join(part for part in (thread.title, thread.detail) if part) if thread else ""
        return f"[{channel}] {who}".rstrip()

    def show_received(self) -> None:
        """A line for each sum that came in since the last one shown ("You received £16.40 from …")."""
        view = self.session.view()
        for received in view.received[self.received_shown:]:
            money = format_money(received.amount, received.currency, self.session.lang)
            self.say("       ← " + self.tr.t("play.received", money=money, payer=received.payer))
        self.received_shown = len(view.received)

    def reason(self, choice) -> str:
        """Why a choice cannot be taken now, in the player's language."""
        return self.tr.t(choice.reason.key, **dict(choice.reason.params)) if choice.reason else ""

    def show_choices(self) -> None:
        view = self.session.view()
        shown = (view.step_id, view.choices, view.lang)
        if view.ended or shown == self.shown_choices:
            return
        self.shown_choices = shown
        self.say()
        self.say(self.tr.t("play.what_now"))
        for choice in view.choices:
            self.say(f"  {choice.number}) {choice.text}")
            if not choice.available:
                self.say_wrapped("     ✗ ", self.reason(choice))
        if view.timer:
            left = format_duration(view.timer.seconds_left, self.session.lang)
            self.say("  ⏱ " + self.tr.t("play.timer", time=left))

    # -- the loop -----------------------------------------------------------------------
    def run(self) -> Result | None:
        """Play until an ending (returns the result) or until the player quits (None)."""
        session = self.session
        while not session.ended:
            session.tick(session.seconds_until_choices())
            self.show_new()
            if session.ended:
                break
            self.show_choices()
            started = self.clock()
            try:
                line = self.read(self.tr.t("play.prompt"))
            except (EOFError, KeyboardInterrupt):
                self.say()
                self.say(self.tr.t("play.bye", seed=session.seed))
                return None
            if self._let_time_pass(self.clock() - started):
                continue
            if not self.command(line.strip()):
                self.say(self.tr.t("play.bye", seed=session.seed))
                return None
        self.show_new()
        return session.result()

    def _let_time_pass(self, seconds: float) -> bool:
        """Give the wall-clock seconds to the session. True if a timer ran out meanwhile."""
        left = self.session.seconds_until_timeout()
        if left is None or seconds <= 0:
            return False
        events = self.session.tick(min(seconds, left + 0.001))
        return self._say_timeout(events)

    def _say_timeout(self, events) -> bool:
        """Tell the player why the story moved on without them. True if a timer ran out."""
        timed_out = next((e for e in events if isinstance(e, TimedOut)), None)
        if timed_out is None:
            return False
        self.say("⏱ " + self.tr.label("play.time_up", timed_out.note or self.tr.t("play.time_up_default")))
        return True

    def command(self, line: str) -> bool:
        """Run one typed command. False means quit."""
        words = typed(line).split()
        if not words:
            return True
        head = words[0].lower()
        if head in ("q", "quit", "exit"):
            return False
        if head in ("?", "h", "help"):
            self.say(self.tr.t("play.help", languages="|".join(language_codes())))
        elif head == "l":
            self.show_new(everything=True)
            self.shown_choices = None
        elif head == "w":
            self._wait()
        elif head == "flags":
            for flag_id, flag in self.catalog.red_flags.items():
                self.say(f"  {flag_id:<32} {flag.name.get(self.session.lang)}")
        elif head == "lang" and len(words) == 2 and words[1] in language_codes():
            try:
                self.session.set_lang(words[1])
            except EngineError:          # a language the story cannot be told in yet
                self.say(self.tr.t("play.unknown_command"))
                return True
            self.show_new(everything=True)
        elif head == "f" and len(words) in (2, 3):
            self._flag(words[1], words[2] if len(words) == 3 else None)
        elif head == "u" and len(words) == 2:
            self._unflag(words[1])
        elif len(words) == 1 and (number := whole_number(head, low=0)) is not None:
            self._choose(number)
        else:
            self.say(self.tr.t("play.unknown_command"))
        return True

    def _wait(self) -> None:
        left = self.session.seconds_until_timeout()
        if left is None:
            return
        self._say_timeout(self.session.tick(left + 0.001))

    def _message_by_number(self, word: str):
        number = whole_number(word)
        for message in self.session.view().messages:
            if message.flaggable and message.number == number:
                return message
        self.say(self.tr.t("play.no_such_message", number=word if len(word) <= 12 else word[:12] + "…"))
        return None

    def _flag(self, number: str, name: str | None) -> None:
        message = self._message_by_number(number)
        if message is None:
            return
        flag_id = ""
        if name is not None:
            offered = self.offered.get(message.number, [])
            if len(name) == 1 and name in LETTERS[: len(offered)]:
                flag_id = offered[LETTERS.index(name)]
            elif name in self.catalog.red_flags:
                flag_id = name
            else:
                self.say(self.tr.t("play.unknown_flag", flag=name))
                return
        self.session.flag(message.id, flag_id)
        shown = self.catalog.red_flags[flag_id].name.get(self.session.lang) if flag_id else self.tr.t("play.suspicious")
        self.say(self.tr.t("play.flagged", number=message.number, name=shown))
        if name is None:
            options = [o for o in self.session.flag_options(message.id) if o.id]
            self.offered[message.number] = [o.id for o in options]
            self.say(self.tr.t("play.name_it", number=message.number))
            for letter, option in zip(LETTERS, options):
                self.say(f"    {letter}) {option.name}")

    def _unflag(self, number: str) -> None:
        message = self._message_by_number(number)
        if message is not None:
            self.session.unflag(message.id)
            self.say(self.tr.t("play.unflagged", number=message.number))

    def _choose(self, number: int) -> None:
        choices = self.session.view().choices
        if not 1 <= number <= len(choices):
            self.say(self.tr.t("play.no_such_choice", number=number))
            return
        choice = choices[number - 1]
        if not choice.available:
            self.say(self.tr.t("play.unavailable", number=number, reason=self.reason(choice)))
            return
        try:
            self.session.choose(choice.id)
        except EngineError:
            self.say(self.tr.t("play.no_such_choice", number=number))
            return
        self.say("       " + self.tr.label("play.you", choice.text))
        if choice.payment is not None and choice.payment.amount > 0:
            payment = choice.payment
            account = payment.card_tail or payment.account
            key = "play.taken" if payment.taken else "play.sent"   # a code read out: no transfer of yours
            self.say("       → " + self.tr.t(key, money=format_money(payment.amount, payment.currency,
                                                                     self.session.lang),
                                            payee=payment.payee, account=f" ({account})" if account else ""))
        self.show_received()
