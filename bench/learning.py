"""Benchmark of the learning model: `mastery_10k_ms()` (called by bench/run.py) → `mastery_10k_ms`.

One player with 10,000 stored answers (an answer = one message judged): synthetic attempts over
the real library's scenarios (their messages' red flags, a random verdict each, spread over 180
days), built once; then the time of `mastery_of()` over them, median of repeats. Target: ≤ 50 ms.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.records import Attempt, MessageRecord  # noqa: E402
from game.records.mastery import facts_of, mastery_of  # noqa: E402
from game.scenario import load_catalog, load_folder  # noqa: E402

ANSWERS = 10_000
REPEATS = 15
DAYS = 180


def _answers(scenarios, rng: random.Random) -> list[Attempt]:
    """Attempts of one player holding `ANSWERS` messages in all."""
    begin = datetime(2026, 3, 1, 8, tzinfo=timezone.utc)
    ordered = sorted(scenarios.values(), key=lambda s: s.id)
    made, total = [], 0
    while total < ANSWERS:
        scenario = rng.choice(ordered)
        flags = [m.flags for step in scenario.steps.values() for m in step.messages][:ANSWERS - total]
        messages = []
        for index, carried in enumerate(flags):
            flagged = rng.random() < (0.8 if carried else 0.2)
            verdict = ("hit" if flagged else "miss") if carried else ("false_alarm" if flagged else "correct_rejection")
            messages.append(MessageRecord(f"m{index}", "s", "sms", tuple(carried), verdict, "" if flagged else None,
                                          None, None, float(index), None, None))
        total += len(messages)
        at = (begin + timedelta(minutes=rng.randrange(DAYS * 24 * 60))).isoformat(timespec="milliseconds")
        at = at.replace("+00:00", "Z")
        count = {v: sum(m.verdict == v for m in messages) for v in ("hit", "miss", "false_alarm", "correct_rejection")}
        made.append(Attempt(f"a{len(made)}", "p-1", "Player", "", "play", "here", scenario.id, 1, scenario.kind, "en",
                            "CN", "delayed", 1, at, at, 60.0, "end", "safe", 0, 0.0, 0.0, 0.0, 0.0, 0.0,
                            count["hit"], count["miss"], count["false_alarm"], count["correct_rejection"], 0, 0, 0,
                            "CNY", (), tuple(messages), ()))
    return made


def mastery_10k_ms() -> float:
    catalog = load_catalog(ROOT / "scenarios" / "red_flags.yaml")
    scenarios, _ = load_folder(ROOT / "scenarios", catalog)
    attempts = _answers(scenarios, random.Random(12))
    assert sum(len(a.messages) for a in attempts) == ANSWERS
    facts = facts_of(scenarios.values())
    now = "2026-09-01T00:00:00Z"
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        mastery_of(attempts, facts, now=now)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e3


if __name__ == "__main__":
    print(f"mastery_10k_ms {mastery_10k_ms():.2f}")
