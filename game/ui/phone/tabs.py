"""The thread tabs across the top of the phone: unique labels, and a strip that always shows the
active thread (scrolled with ‹ › when the tabs do not all fit; the active tab stays pinned).

Labels: a thread's title (the person, or a group's name), else its channel. When two threads
share a label, each gets its channel after it ("QuickFund · SMS", "QuickFund · App"); if that
still repeats, a number ("QuickFund · SMS 2").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from game.engine import ThreadView


def tab_labels(threads: Sequence[ThreadView], t: Callable[..., str]) -> list[tuple[str, str]]:
    """(thread id, label) per thread, in order; labels are unique."""
    base = [thread.title or t(f"channel.{thread.channel}") for thread in threads]
    counts = Counter(base)
    labels = [f"{label} · {t(f'phone.tab.{thread.channel}')}" if counts[label] > 1 and thread.title else label
              for thread, label in zip(threads, base)]
    counts = Counter(labels)
    seen: Counter[str] = Counter()
    unique = []
    for label in labels:
        seen[label] += 1
        unique.append(f"{label} {seen[label]}" if counts[label] > 1 and seen[label] > 1 else label)
    return [(thread.id, label) for thread, label in zip(threads, unique)]


def visible_tabs(widths: Sequence[int], active: int, start: int, room: int, gap: int) -> list[int]:
    """Indexes of the tabs to show in `room` pixels: those from `start` on that fit, and the
    active tab always (pinned at the end nearer to it, if scrolled out of the window)."""
    count = len(widths)
    if count == 0:
        return []
    start = max(0, min(start, count - 1))
    chosen: list[int] = []
    used = 0
    for index in range(start, count):
        width = widths[index] + (gap if chosen else 0)
        if chosen and used + width > room:
            break
        chosen.append(index)
        used += width
    if not 0 <= active < count or active in chosen:
        return chosen
    while chosen and used + widths[active] + gap > room:
        used -= widths[chosen.pop()] + (gap if chosen else 0)
    return sorted([*chosen, active])


def start_showing(widths: Sequence[int], active: int, room: int, gap: int) -> int:
    """The first tab of a window that ends with `active` (as many tabs before it as fit)."""
    if not 0 <= active < len(widths):
        return 0
    used, first = widths[active], active
    while first > 0 and used + widths[first - 1] + gap <= room:
        first -= 1
        used += widths[first] + gap
    return first
