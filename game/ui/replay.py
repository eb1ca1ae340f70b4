"""Playing a play-through again on an edited scenario (the live preview, `main.py --watch`).

The player's inputs are read back from the session's own save (`Session.to_json()`): the
choices made and the timers that ran out (`choices`), the flags raised and taken down
(`flag_log`), each at its game time. `replay` carries them out on a fresh Session of the new
version (same seed, language, region and feedback mode) with the Session's public commands, and
stops at the first one that no longer applies: its step, choice or message is gone, or the story
now goes elsewhere. Nothing here draws; the preview shows where it stopped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from game.engine import TIMEOUT, EngineError, Session, TimedOut

BEFORE_TIMEOUT = 0.001      # game seconds: waiting between moves stops this short of a timer running out


@dataclass(frozen=True, slots=True)
class Move:
    """One input of the player, as data."""

    kind: str                   # "choose" | "timeout" | "flag" | "unflag"
    at: float                   # the game time it was made at
    target: str                 # the choice (choose; timeout: `TIMEOUT`) or the message (flag, unflag)
    step_id: str = ""           # choose, timeout: the step it was made in
    flag_id: str = ""           # flag: the red flag named ("" for "just suspicious")


@dataclass(frozen=True, slots=True)
class Replayed:
    session: Session            # the new session, as far as the moves applied
    applied: int                # how many moves applied
    total: int
    stopped_at: str | None      # where play stands when a move no longer applied (None: all applied)

    @property
    def is_complete(self) -> bool:
        return self.stopped_at is None


def moves_of(save: Mapping[str, object]) -> tuple[Move, ...]:
    """The player's inputs in the order they were made, from a session's save. On the same game
    time a flag comes before a choice (in the window the clock always runs between a choice and
    the next flag, so a tie is a flag raised just before choosing)."""
    timed: list[tuple[float, int, int, Move]] = []
    for index, entry in enumerate(_entries(save, "choices")):
        at, choice_id = float(entry["at"]), str(entry["choice_id"])
        kind = "timeout" if choice_id == TIMEOUT else "choose"
        timed.append((at, 1, index, Move(kind, at, choice_id, step_id=str(entry["step_id"]))))
    for index, entry in enumerate(_entries(save, "flag_log")):
        at, flag = float(entry["at"]), entry.get("flag")
        move = Move("unflag", at, str(entry["message_id"])) if flag is None else \
            Move("flag", at, str(entry["message_id"]), flag_id=str(flag))
        timed.append((at, 0, index, move))
    return tuple(move for *_, move in sorted(timed, key=lambda item: item[:3]))


def _entries(save: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
    value = save.get(key)
    return [entry for entry in value if isinstance(entry, Mapping)] if isinstance(value, list) else []


def replay(session: Session, moves: Sequence[Move], until: float) -> Replayed:
    """Carry `moves` out on the fresh `session`, each at its time (never letting a timer run out
    that did not run out before), then let time run on to `until`, where the old play was."""
    for count, move in enumerate(moves):
        if not _apply(session, move):
            return Replayed(session, count, len(moves), session.step_id)
    _wait(session, until - session.clock)
    return Replayed(session, len(moves), len(moves), None)


def _wait(session: Session, seconds: float) -> None:
    """Let up to `seconds` of game time pass, stopping short of the step's timer."""
    left = session.seconds_until_timeout()
    if left is not None:
        seconds = min(seconds, left - BEFORE_TIMEOUT)
    if seconds > 0 and not session.ended:
        session.tick(seconds)


def _apply(session: Session, move: Move) -> bool:
    """Carry out one move; False when it no longer applies to the story."""
    if session.ended:
        return False
    _wait(session, move.at - session.clock)
    try:
        if move.kind in ("choose", "timeout"):
            if session.step_id != move.step_id:
                return False                        # an earlier choice now leads elsewhere
            if move.kind == "timeout":
                left = session.seconds_until_timeout()
                return left is not None and any(isinstance(e, TimedOut) for e in session.tick(left))
            session.tick(session.seconds_until_choices())     # the new version may take longer to get here
            session.choose(move.target)
        elif move.kind == "flag":
            if not _arrived(session, move.target):
                session.tick(session.seconds_until_choices())
                if not _arrived(session, move.target):
                    return False
            session.flag(move.target, move.flag_id)
        else:
            session.unflag(move.target)
    except EngineError:                             # the choice or message is gone, or cannot be taken now
        return False
    return True


def _arrived(session: Session, message_id: str) -> bool:
    return any(message.id == message_id for message in session.view().messages)
