"""Benchmarks of the learning loop (called by bench/run.py): `mastery_10k_ms` and `drill_item_ms`.

`drill_item_ms`: one drill item built with fresh personas — a new Session of its scenario with a
new seed, played along the item's way to its message, its phone view, flag names and reasons —
mean over every item of the real library's bank in English and Chinese, after one warm-up pass
(the bank and per-scenario caches are built once per process). Its baseline is what any new
play-through costs: a Session made and its first message rendered. Target: ≤ 2 ms.

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


def drill_item() -> dict:
    from game.engine import FakerPersonas, Session
    from game.locale import words
    from game.practice import build_bank, build_item

    catalog = load_catalog(ROOT / "scenarios" / "red_flags.yaml")
    scenarios, _ = load_folder(ROOT / "scenarios", catalog)
    bank = build_bank({k: s for k, s in scenarios.items() if s.category != "tutorial"}, catalog)
    personas, rng = FakerPersonas(), random.Random(5)
    jobs = [(spec, scenarios[spec.scenario], lang) for spec in bank.items for lang in ("en", "zh")]

    def items() -> None:
        for spec, scenario, lang in jobs:
            build_item(spec, scenario, catalog, lang=lang, region=scenario.regions[-1], personas=personas,
                       words=words, rng=rng)

    def sessions() -> None:
        for spec, scenario, lang in jobs:
            session = Session(scenario, catalog, seed=rng.randrange(1, 2 ** 31), lang=lang,
                              region=scenario.regions[-1], personas=personas, words=words, languages=(lang,))
            session.render(scenario.steps[scenario.start].messages[0].text)

    items(), sessions()                                 # warm up
    item_times, base_times = [], []
    for _ in range(3):
        started = time.perf_counter()
        items()
        item_times.append((time.perf_counter() - started) / len(jobs))
        started = time.perf_counter()
        sessions()
        base_times.append((time.perf_counter() - started) / len(jobs))
    return {"drill_item_ms": statistics.median(item_times) * 1e3,
            "baseline_new_session_ms": statistics.median(base_times) * 1e3, "drill_items": len(bank)}


if __name__ == "__main__":
    print(f"mastery_10k_ms {mastery_10k_ms():.2f}")
    print(drill_item())
