"""Window benchmarks, run in their own process by bench/run.py (prints one JSON object).

A 300-message conversation at 1280×800 (dummy video driver): frame time median and p99 while
scrolling, beside a bare full-screen blit in the same process; peak RSS during play. Then
`layout_check_s`: how long the whole text-fit check of tests/ui/test_text_fits.py takes (every
scenario played and drawn at both window sizes, both text sizes, both languages), with the
number of problems it found (it needs the test dependencies: `pip install -e '.[test]'`).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pygame  # noqa: E402

from game.progress import Progress  # noqa: E402
from game.scenario import check_scenario_bytes, load_catalog  # noqa: E402
from game.ui.run import WindowOptions, build_app, settle_memory  # noqa: E402
from game.ui.scenes.play import PlayScene  # noqa: E402


def long_chat(count: int = 300) -> str:
    """A chat of `count` messages in one thread, 150 to a step (a step holds at most 200)."""
    lines = ["format: 1", "id: long_chat", "kind: scam", "category: test", "difficulty: 1",
             'title: {en: "Long chat", zh: "长聊天"}', 'summary: {en: "Bench", zh: "测试"}', 'sources: ["bench"]',
             "cast:", "  friend: {role: scammer, name: name}", "start: part_0", "steps:"]
    parts = list(range(0, count, 150))
    for number, start in enumerate(parts):
        lines += [f"  part_{number}:", "    channel: chat", "    thread: talk", "    with: friend", "    messages:"]
        for index in range(start, min(count, start + 150)):
            sender = "player" if index % 4 == 3 else "friend"
            en = f"Message {index}: how was your day? I went to the market and the weather was lovely again."
            zh = f"第{index}条：今天过得怎么样？我去了趟菜市场，天气又很好，买了些水果，晚上准备做饭。"
            lines.append(f'      - {{id: m{index}, from: {sender}, text: {{en: "{en}", zh: "{zh}"}}, delay: 1}}')
        target = f"part_{number + 1}" if number + 1 < len(parts) else "done"
        lines += ["    choices:", f'      - {{id: go, text: {{en: "Go on", zh: "继续"}}, to: {target}}}']
    lines += ["endings:", '  done: {outcome: safe, debrief: {en: "ok", zh: "好"}}']
    return "\n".join(lines)


def conversation_frames(catalog, count: int) -> dict:
    """Frame times while scrolling a `count`-message conversation at 1280×800."""
    scenario, problems = check_scenario_bytes("long_chat.yaml", long_chat(count).encode(), catalog)
    assert scenario is not None, problems
    home = Path(tempfile.mkdtemp())
    progress = Progress.load(home / "progress.json")
    progress.settings["sound"] = False
    app = build_app(catalog, {"long_chat": scenario}, {}, progress, WindowOptions(lang="zh"))
    app.push(PlayScene(app, scenario, seed=1))
    app.step(0)
    play = app.top
    play.session.tick(100_000)
    while len(play.session.view().messages) < count:
        play.session.choose("go")
        play.session.tick(100_000)
    for _ in range(5):
        app.step(1 / 60)
    assert len(play.view.messages) == count
    settle_memory()                     # as run_window does after loading
    times = []
    for frame in range(400):
        if frame % 10 == 0:
            play.phone.scroll_by(120 if (frame // 200) % 2 == 0 else -120)
        started = time.perf_counter()
        app.step(1 / 60)
        times.append((time.perf_counter() - started) * 1000)
    times = times[20:]
    background = app.surface.copy()
    base = []
    for _ in range(400):
        started = time.perf_counter()
        app.surface.blit(background, (0, 0))
        pygame.display.flip()
        base.append((time.perf_counter() - started) * 1000)
    pygame.quit()
    return {"median": statistics.median(times), "p99": sorted(times)[int(len(times) * 0.99)],
            "blit_median": statistics.median(base), "blit_p99": sorted(base)[int(len(base) * .99)],
            "messages": count}


def main() -> None:
    catalog = load_catalog(ROOT / "scenarios" / "red_flags.yaml")
    short = conversation_frames(catalog, 300)
    long = conversation_frames(catalog, 3000)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "frame_ms_median": short["median"], "frame_ms_p99": short["p99"],
        "baseline_blit_ms_median": short["blit_median"], "baseline_blit_ms_p99": short["blit_p99"],
        "frame_ms_median_3000": long["median"], "frame_ms_p99_3000": long["p99"],
        "rss_mb": rss, "frame_messages": short["messages"],
    }
    figures.update(layout_check())
    print(json.dumps(figures))


def layout_check() -> dict:
    """Time the whole text-fit check (tests/ui/test_text_fits.py), as `make test` runs it."""
    try:
        from tests.ui.test_text_fits import check_layouts
    except ImportError as exc:                   # the test dependencies are not installed
        return {"layout_check_s": None, "layout_check_error": str(exc)}
    started = time.perf_counter()
    report = check_layouts(Path(tempfile.mkdtemp()))
    return {"layout_check_s": time.perf_counter() - started, "layout_check_frames": report.frames,
            "layout_check_runs": report.runs, "layout_check_problems": len(report.problems)}


if __name__ == "__main__":
    main()
