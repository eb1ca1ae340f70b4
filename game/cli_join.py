"""`python main.py [play] --join URL [--text]`: play a class's playlist from this computer.

The window or the terminal plays each scenario itself with the class's settings and sends its
state to the class after every change (`game.classlink.ClassLink`); the class counts it, shows
it to the teacher and records the attempt. This computer's own records do not also keep a class
attempt: the class's records are the one place it is counted (a lab computer's records merged
into the class report later would otherwise count it twice, under another id).

Joining failures (a bad address, a wrong code, a taken nickname, an ended class, no answer) are
one sentence on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from game.classlink import ClassLink, LinkError, parse_address
from game.locale import Translator


class ClassStopped(Exception):
    """The class ended, or the teacher removed this trainee, while a scenario was being played."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


def open_link(args: argparse.Namespace, lang: str) -> ClassLink:
    """Join the class of `--join` as `--player` (else the place this computer kept for the class,
    else a suggested nickname). LinkError with a sentence if it cannot be joined."""
    from game.progress import data_home
    from game.records.nicknames import suggest

    tr = Translator(lang)
    address = parse_address(args.join, lang=lang)
    wanted = args.player
    if wanted is not None and not any(ch.isalnum() for ch in wanted):
        raise LinkError("bad_nickname", tr.t("player.bad_nickname"))
    return ClassLink.join(args.join, wanted, lang=lang, code=address.code, suggest=lambda: suggest(tr.t),
                          cookie_file=data_home() / "classes" / f"{address.code}.cookie")


def _missing(link: ClassLink, scenarios) -> str | None:
    return next((s for s in link.playlist if s not in scenarios), None)


def _joined(link: ClassLink, scenarios, lang: str, out: TextIO) -> bool:
    """Say who joined; False (with the reason on stderr) if a scenario of the class is missing here."""
    tr = Translator(link.lang or lang)
    missing = _missing(link, scenarios)
    if missing is not None:
        print(tr.t("join.missing", id=missing), file=sys.stderr)
        return False
    print(tr.t("join.resumed" if link.resumed else "join.joined", code=link.code, nickname=link.nickname), file=out)
    return True


def _finish(link: ClassLink, lang: str) -> None:
    if not link.close() and link.error:
        print(Translator(link.lang or lang).t("join.unsent", reason=link.error), file=sys.stderr)


def _in_class(args: argparse.Namespace, lang: str, scenarios, out: TextIO, play: Callable[[ClassLink], int]) -> int:
    """Join (one sentence and exit code 1 if that fails), `play`, then send what is left."""
    try:
        link = open_link(args, lang)
    except LinkError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    try:
        if not _joined(link, scenarios, lang, out):
            return 1
        return play(link)
    finally:
        _finish(link, lang)


# -- the terminal ---------------------------------------------------------------------------------
def terminal(args: argparse.Namespace, folder: Path, read: Callable[[str], str], out: TextIO, *, lang: str) -> int:
    from game.cli import _load_all

    catalog, valid, _ = _load_all(folder, args)
    return _in_class(args, lang, valid, out, lambda link: play_playlist(link, catalog, valid, read, out))


def play_playlist(link: ClassLink, catalog, scenarios, read: Callable[[str], str], out: TextIO) -> int:
    """The class's scenarios in order from the trainee's place, each with its debrief. 0 when the
    playlist is done, the player quit or the class ended; 1 if the teacher removed the trainee."""
    from game.text import TextGame, format_result

    position = min(link.position, len(link.playlist) - 1)
    while position < len(link.playlist):
        scenario = scenarios[link.playlist[position]]
        session = link.session_for(position, scenario, catalog)
        tr = Translator(session.lang)
        print("\n" + tr.t("join.scenario_of", number=position + 1, total=len(link.playlist)) + " · "
              + scenario.title.get(session.lang), file=out)
        try:
            result = TextGame(session, catalog, out, class_reader(link, session, position, read, out)).run()
        except ClassStopped as stop:
            print(Translator(session.lang).t(f"join.{stop.status}"), file=out)
            return 1 if stop.status == "removed" else 0
        if result is None:
            return 0
        link.push(session, position)                # the ended session: the class records the attempt
        data_names = {item: text.get(result.lang) for item, text in catalog.data_items.items()}
        flag_names = {flag_id: flag.name.get(result.lang) for flag_id, flag in catalog.red_flags.items()}
        print(format_result(result, data_names, flag_names), file=out)
        position += 1
        if position < len(link.playlist):
            try:
                read(Translator(session.lang).t("join.next") + " ")
            except (EOFError, KeyboardInterrupt):
                print(file=out)
                return 0
            status = _wait_if_paused(link, Translator(session.lang), out)
            if status in ("ended", "removed"):
                print(Translator(session.lang).t(f"join.{status}"), file=out)
                return 1 if status == "removed" else 0
    print(Translator(link.lang).t("join.all_done"), file=out)
    return 0


def class_reader(link: ClassLink, session, position: int, read: Callable[[str], str], out: TextIO
                 ) -> Callable[[str], str]:
    """`read` for TextGame in a class: before each prompt the session goes to the class (what the
    last command did); after a line is typed, a paused class holds it until the teacher resumes,
    and an ended class (or a removed trainee) stops play with ClassStopped."""

    def class_read(prompt: str) -> str:
        link.push(session, position)
        if link.status in ("ended", "removed"):
            raise ClassStopped(link.status)
        line = read(prompt)
        status = _wait_if_paused(link, Translator(session.lang), out)
        if status in ("ended", "removed"):
            raise ClassStopped(status)
        return line

    return class_read


def _wait_if_paused(link: ClassLink, tr: Translator, out: TextIO) -> str:
    if link.refresh(timeout=2.0) == "paused":
        print(tr.t("join.paused"), file=out)
        out.flush()
        if link.wait_while_paused() == "open":
            print(tr.t("join.going_on"), file=out)
    return link.status


# -- the window -----------------------------------------------------------------------------------
def window(args: argparse.Namespace, folder: Path, *, lang: str) -> int:
    """The window, in the class's current scenario with the class's seed, feedback and region."""
    from game.cli import window_parts
    from game.progress import Progress

    parts = window_parts(args, folder)
    if isinstance(parts, int):
        return parts
    catalog, library, (width, height) = parts
    from game.ui import WindowOptions, run_window

    def play(link: ClassLink) -> int:
        region = link.region if link.region in catalog.regions else next(iter(sorted(catalog.regions)), "CN")
        options = WindowOptions(lang=link.lang, region=region, size=(width, height), fullscreen=args.fullscreen,
                                speed=max(0.1, args.speed), screenshot=args.screenshot,
                                quit_at_end=args.quit_at_end, exit_after_first_frame=args.exit_after_first_frame)
        return run_window(catalog, library, Progress.load(), options, recorder=None, link=link)

    return _in_class(args, lang, library.scenarios, sys.stdout, play)
