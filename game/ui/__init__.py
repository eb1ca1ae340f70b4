"""The pygame-ce window: the phone, the picker, the debrief. Only this package imports pygame."""

from __future__ import annotations

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from .library import Library  # noqa: E402
from .run import WindowOptions, run_window  # noqa: E402
from .watch import run_watch  # noqa: E402

__all__ = ["Library", "WindowOptions", "run_watch", "run_window"]
