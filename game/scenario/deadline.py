"""A time budget for checking one file, so that one hostile file never stalls a whole folder.

The time is CPU time (this process's), not the wall clock: a check costs what it costs whether
or not other programs share the machine, so a busy classroom computer does not turn a large but
sound file into a skipped one. `time_limit(seconds)` gives a `Deadline` that the reading and
checking code polls between pieces of work (`deadline.check()` raises `TooLong` once the time
is up). Polling only stops code that polls; so, where the platform allows it (a CPU-time interval
timer, on the main thread, with no other use of SIGPROF or of that timer in progress), the limit
is also enforced by a one-shot timer whose handler raises `TooLong` wherever the check happens
to be. The timer is always disarmed and
the previous handler put back when the block ends, however it ends.

`TooLong` derives from BaseException, so no `except Exception` in the checks swallows it; the
caller (`loader.check_scenario_file`) turns it into the problem `took_too_long`, and nothing
about the file is cached.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class TooLong(BaseException):
    """The time budget of a check ran out."""


class Deadline:
    """The moment a check must be over by; `check()` raises TooLong after it."""

    __slots__ = ("at", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.process_time() + seconds

    def check(self) -> None:
        if time.process_time() > self.at:
            raise TooLong()


def _on_alarm(signum: int, frame: object) -> None:
    raise TooLong()


def _can_arm() -> bool:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    try:
        return signal.getsignal(signal.SIGPROF) in (signal.SIG_DFL, None) \
            and signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    except (OSError, ValueError):
        return False


@contextmanager
def time_limit(seconds: float | None) -> Iterator[Deadline | None]:
    """A block that must end within `seconds` (None: no limit, and None is given). Raises
    TooLong out of the block when the time is up (see the module's docstring)."""
    if seconds is None:
        yield None
        return
    deadline = Deadline(seconds)
    armed = _can_arm()
    if armed:
        previous = signal.signal(signal.SIGPROF, _on_alarm)
        signal.setitimer(signal.ITIMER_PROF, max(seconds, 1e-6))
    try:
        yield deadline
    finally:
        if armed:
            try:
                signal.setitimer(signal.ITIMER_PROF, 0)
            finally:
                signal.signal(signal.SIGPROF, previous)
