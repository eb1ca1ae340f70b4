"""Benchmarks: `make bench` (or `python bench/run.py`). Prints a table and writes bench/latest.json.

Every figure stands beside a baseline measured in the same run on the same machine, so the
ratio means something on a noisy shared machine where absolute times vary by ~1.5x.
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine import FakerPersonas, Session  # noqa: E402
from game.engine.bot import walk  # noqa: E402
from game.locale import words  # noqa: E402
from game.scenario import check_scenario_file, load_catalog, scenario_files  # noqa: E402

SCENARIOS = ROOT / "scenarios"
TARGETS = {"load_validate_ms": ("<=", 20.0), "step_us": ("<=", 200.0), "playthroughs_per_s": (">=", 1000.0),
           "validate_cold_s": ("<=", 1.0), "startup_s": ("<=", 0.6), "startup_cold_s": ("<=", 1.0),
           "startup_cpu_s": ("report", None), "library_playtest_s": ("<=", 10.0),
           "library_playtest_wall_s": ("report", None), "frame_ms_median": ("<=", 4.0),
           "frame_ms_p99": ("<=", 8.0), "frame_ms_p99_3000": ("<=", 8.0), "rss_mb": ("<=", 250.0),
           "layout_check_s": ("report", None), "record_write_ms": ("<=", 5.0), "report_10k_s": ("<=", 2.0),
           "lrs_sync_per_s": ("report", None),
           "class_cmd_p50_ms": ("<=", 50.0), "class_cmd_p99_ms": ("<=", 50.0), "class_cmd_per_s": (">=", 500.0),
           "class_errors": ("<=", 0), "class_server_rss_mb": ("report", None), "class_pg_cmd_per_s": ("report", None),
           "play_page_kb": ("<=", 150.0), "tap_to_update_ms": ("<=", 150.0),
           "lint_cold_s": ("<=", 1.0), "exhaustive_library_s": ("<=", 10.0),
           "mastery_10k_ms": ("<=", 50.0), "drill_item_ms": ("<=", 2.0),
           "validate_1mb_s": ("<=", 2.0), "tick_worst_ms": ("<=", 100.0), "tick_worst_gc_ms": ("report", None)}
PLAYTEST_RUNS = 500
HEADLESS = {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
#: The programs measured run as a user's do: they write and reuse compiled bytecode (some
#: shells set PYTHONDONTWRITEBYTECODE, which makes every start-up compile every module afresh).
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _median_time(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _child_cpu() -> float:
    """CPU seconds (user + system) used so far by finished child processes."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_run(command: list[str], env: dict, check: bool = True) -> tuple[float, float]:
    """Run `command` once: its wall-clock seconds and the CPU seconds it used (on one core: the
    figure that does not grow when other programs share the machine)."""
    cpu, started = _child_cpu(), time.perf_counter()
    subprocess.run(command, capture_output=True, check=check, env=env)
    return time.perf_counter() - started, _child_cpu() - cpu


def bench_load_validate(catalog) -> dict:
    per_file = {}
    for path in scenario_files(SCENARIOS):
        per_file[path.stem] = _median_time(lambda: check_scenario_file(path, catalog), 25) * 1e3
    raw = {path.stem: path.read_bytes() for path in scenario_files(SCENARIOS)}
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    baseline = statistics.median(_median_time(lambda: yaml.compose(data, Loader=loader), 25) * 1e3
                                 for data in raw.values())
    return {"load_validate_ms": statistics.median(per_file.values()), "load_validate_ms_by_scenario": per_file,
            "baseline_yaml_compose_ms": baseline}


def bench_step(catalog, scenarios) -> dict:
    personas = FakerPersonas()
    samples: list[float] = []
    rng = random.Random(1)
    for run in range(300):
        scenario = scenarios[run % len(scenarios)]
        session = Session(scenario, catalog, seed=run, personas=personas)
        while not session.ended:
            pending = session.seconds_until_choices()
            started = time.perf_counter()
            session.tick(pending + 0.5)
            samples.append(time.perf_counter() - started)
            view = session.view()
            flaggable = [m for m in view.messages if m.flaggable]
            if flaggable:
                message = rng.choice(flaggable)
                started = time.perf_counter()
                session.flag(message.id, "")
                samples.append(time.perf_counter() - started)
                started = time.perf_counter()
                session.unflag(message.id)
                samples.append(time.perf_counter() - started)
            if not view.choices:
                session.tick(session.seconds_until_timeout() + 0.01)
                continue
            choice = rng.choice(view.choices)
            started = time.perf_counter()
            session.choose(choice.id)
            samples.append(time.perf_counter() - started)
    # Baseline: a bare dict dispatch of a command name to a trivial handler.
    state = {"flags": {}}
    handlers = {"flag": lambda m: state["flags"].__setitem__(m, ""), "unflag": lambda m: state["flags"].pop(m, None)}
    base = []
    for index in range(20000):
        name = "flag" if index % 2 else "unflag"
        started = time.perf_counter()
        handlers[name]("m1")
        base.append(time.perf_counter() - started)
    return {"step_us": statistics.median(samples) * 1e6, "step_us_p99": sorted(samples)[int(len(samples) * .99)] * 1e6,
            "baseline_dict_dispatch_us": statistics.median(base) * 1e6, "step_samples": len(samples)}


def bench_playthroughs(catalog, scenarios) -> dict:
    """Bot play-throughs on one core, every scenario in turn, in both languages and in every
    region each declares (real Sessions, Faker personas): the median of five 1.5 s windows."""
    personas = FakerPersonas()
    rates, seed = [], 0
    for _ in range(5):
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < 1.5:
            scenario = scenarios[seed % len(scenarios)]
            turn = seed // len(scenarios)
            region = scenario.regions[(turn // 2) % len(scenario.regions)]
            session = Session(scenario, catalog, seed=seed, lang=("en", "zh")[turn % 2], personas=personas,
                              region=region, words=words)
            record = walk(session, random.Random(seed))
            assert record.error is None, record.error
            session.result()
            done += 1
            seed += 1
        rates.append(done / (time.perf_counter() - started))
    return {"playthroughs_per_s": statistics.median(rates), "playthroughs": seed,
            "playthroughs_per_s_windows": rates}


def bench_validate_cold() -> dict:
    command = [sys.executable, str(ROOT / "main.py"), "validate", str(SCENARIOS)]
    env = dict(CHILD_ENV)
    subprocess.run(command, capture_output=True, check=True, env=env)          # warm the disk cache
    cold = _median_time(lambda: subprocess.run(command, capture_output=True, check=True, env=env), 7)
    bare = _median_time(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 7)
    return {"validate_cold_s": cold, "baseline_python_pass_s": bare}


def bench_lint_cold() -> dict:
    from bench.lint_cold import lint_cold_s

    return {"lint_cold_s": lint_cold_s()}


def bench_exhaustive() -> dict:
    from bench.authoring import exhaustive_library_s

    return {"exhaustive_library_s": exhaustive_library_s()}


def bench_learning() -> dict:
    from bench.learning import drill_item, mastery_10k_ms

    return {"mastery_10k_ms": mastery_10k_ms(), **drill_item()}


def bench_hardening() -> dict:
    from bench.hardening import hardening_figures

    return hardening_figures()


def bench_library_playtest() -> dict:
    """`main.py playtest scenarios/ --runs 500`: the whole library, each scenario in both
    languages and every region it declares, as an author runs it (scenario cache warm)."""
    import tempfile

    env = {**CHILD_ENV, "REDFLAG_HOME": tempfile.mkdtemp()}
    subprocess.run([sys.executable, str(ROOT / "main.py"), "list"], capture_output=True, check=True, env=env)
    command = [sys.executable, str(ROOT / "main.py"), "playtest", str(SCENARIOS), "--runs", str(PLAYTEST_RUNS)]
    wall, cpu = _timed_run(command, env, check=False)     # a draft that does not validate is reported, not fatal
    return {"library_playtest_s": cpu, "library_playtest_wall_s": wall, "library_playtest_runs": PLAYTEST_RUNS,
            "library_files": len(scenario_files(SCENARIOS))}


def bench_window() -> dict:
    import tempfile

    env = {**CHILD_ENV, **HEADLESS, "REDFLAG_HOME": tempfile.mkdtemp()}
    command = [sys.executable, str(ROOT / "main.py"), "--exit-after-first-frame"]
    # Cold: an empty scenario cache every time, so every file is validated in full.
    cold = statistics.median(_timed_run(command, {**env, "REDFLAG_CACHE": tempfile.mkdtemp()})[0] for _ in range(5))
    subprocess.run(command, capture_output=True, check=True, env=env)          # warm the disk and scenario caches
    runs = [_timed_run(command, env) for _ in range(5)]
    startup = statistics.median(wall for wall, _ in runs)
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "ui_bench.py")], capture_output=True, text=True,
                          check=True, env=env)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures.update(startup_s=startup, startup_cold_s=cold, startup_cpu_s=statistics.median(cpu for _, cpu in runs))
    return figures


def bench_records(catalog, scenarios) -> dict:
    """Keeping an attempt, an HTML report over 10,000 attempts, and sending to a local Ralph LRS
    (beside Ralph's own single-statement POST rate). The LRS part needs the test extras."""
    from bench.records_report import report_figures
    from bench.records_write import record_figures

    figures = {**record_figures(catalog, scenarios, ROOT / "bench"), **report_figures()}
    try:
        from bench.records_lrs import lrs_figures
    except ImportError:             # ralph-malph is a test dependency
        figures.update(lrs_sync_per_s=None, ralph_single_post_per_s=None)
    else:
        figures.update(lrs_figures())
    return figures


def bench_classroom() -> dict:
    """The classroom server under load (needs the test extras: httpx, playwright)."""
    try:
        from bench.classroom_load import classroom_figures
    except ImportError:
        return {key: None for key in ("class_cmd_p50_ms", "class_cmd_p99_ms", "class_cmd_per_s", "class_errors",
                                      "class_server_rss_mb", "class_pg_cmd_per_s", "play_page_kb",
                                      "tap_to_update_ms")}
    return classroom_figures()


def main() -> int:
    only_records = sys.argv[1:] == ["records"]          # `python bench/run.py records`: those figures only
    only_classroom = sys.argv[1:] == ["classroom"]      # `python bench/run.py classroom`: those figures only
    only_authoring = sys.argv[1:] == ["authoring"]      # `python bench/run.py authoring`: the authors' tools
    only_learning = sys.argv[1:] == ["learning"]        # `python bench/run.py learning`: mastery and drills
    only_hardening = sys.argv[1:] == ["hardening"]      # `python bench/run.py hardening`: a 1 MB file, the worst tick
    catalog = load_catalog(SCENARIOS / "red_flags.yaml")
    scenarios = [check_scenario_file(p, catalog)[0] for p in scenario_files(SCENARIOS)]
    scenarios = [s for s in scenarios if s is not None]
    figures: dict = {}
    parts = [lambda: bench_load_validate(catalog), lambda: bench_step(catalog, scenarios),
             lambda: bench_playthroughs(catalog, scenarios), bench_validate_cold, bench_window,
             bench_library_playtest, bench_lint_cold, bench_exhaustive, bench_learning, bench_hardening]
    tail = [lambda: bench_records(catalog, scenarios), bench_classroom]
    partial = only_records or only_classroom or only_authoring or only_learning or only_hardening
    if partial:
        previous = ROOT / "bench" / "latest.json"
        figures = json.loads(previous.read_text(encoding="utf-8")) if previous.exists() else {}
        if only_authoring:
            parts, tail = [bench_validate_cold, bench_library_playtest, bench_lint_cold,
                           bench_exhaustive], []
        elif only_learning:
            parts, tail = [bench_learning], []
        elif only_hardening:
            parts, tail = [bench_hardening], []
        else:
            parts, tail = [], [tail[0] if only_records else tail[1]]
    for part in parts + tail:
        figures.update(part())
    if not partial:
        figures["ratio_step_vs_dict_dispatch"] = figures["step_us"] / figures["baseline_dict_dispatch_us"]
        figures["ratio_validate_cold_vs_python_pass"] = figures["validate_cold_s"] / figures["baseline_python_pass_s"]
        figures["ratio_load_validate_vs_yaml_compose"] = figures["load_validate_ms"] / figures["baseline_yaml_compose_ms"]
        figures["ratio_startup_vs_python_pass"] = figures["startup_s"] / figures["baseline_python_pass_s"]
        figures["ratio_startup_cold_vs_warm"] = figures["startup_cold_s"] / figures["startup_s"]
        figures["ratio_library_playtest_vs_python_pass"] = figures["library_playtest_s"] / figures["baseline_python_pass_s"]
        figures["ratio_frame_vs_blit"] = figures["frame_ms_median"] / figures["baseline_blit_ms_median"]
    figures["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    figures["scenarios"] = len(scenarios)

    rows = [
        ("load_validate_ms", "baseline_yaml_compose_ms", "ms"), ("step_us", "baseline_dict_dispatch_us", "µs"),
        ("playthroughs_per_s", None, "/s"), ("validate_cold_s", "baseline_python_pass_s", "s"),
        ("startup_s", "baseline_python_pass_s", "s"), ("startup_cold_s", "startup_s", "s"),
        ("startup_cpu_s", None, "s"), ("library_playtest_s", "baseline_python_pass_s", "s"),
        ("library_playtest_wall_s", None, "s"), ("exhaustive_library_s", "baseline_python_pass_s", "s"),
        ("lint_cold_s", "validate_cold_s", "s"), ("mastery_10k_ms", None, "ms"),
        ("drill_item_ms", "baseline_new_session_ms", "ms"),
        ("validate_1mb_s", "baseline_yaml_safe_load_1mb_s", "s"), ("tick_worst_ms", "baseline_tick_median_ms", "ms"),
        ("tick_worst_gc_ms", "tick_worst_ms", "ms"),
        ("frame_ms_median", "baseline_blit_ms_median", "ms"),
        ("frame_ms_p99", "baseline_blit_ms_p99", "ms"), ("frame_ms_p99_3000", "baseline_blit_ms_p99", "ms"),
        ("rss_mb", None, "MB"), ("layout_check_s", None, "s"),
        ("record_write_ms", "baseline_sqlite_commit_ms", "ms"), ("report_10k_s", None, "s"),
        ("lrs_sync_per_s", "ralph_single_post_per_s", "/s"),
        ("class_cmd_p50_ms", "baseline_status_p50_ms", "ms"), ("class_cmd_p99_ms", "baseline_status_p50_ms", "ms"),
        ("class_cmd_per_s", None, "/s"), ("class_errors", None, ""), ("class_server_rss_mb", None, "MB"),
        ("class_pg_cmd_per_s", "class_cmd_per_s", "/s"), ("play_page_kb", None, "KB"), ("tap_to_update_ms", None, "ms"),
    ]
    if only_authoring:
        rows = [row for row in rows if row[0] in ("validate_cold_s", "library_playtest_s", "library_playtest_wall_s",
                                                  "exhaustive_library_s", "lint_cold_s")]
    elif only_learning:
        rows = [row for row in rows if row[0] in ("mastery_10k_ms", "drill_item_ms")]
    elif only_hardening:
        rows = [row for row in rows if row[0] in ("validate_1mb_s", "tick_worst_ms", "tick_worst_gc_ms")]
    elif only_records:
        rows = rows[-11:-8]
    elif only_classroom:
        rows = rows[-8:]
    print(f"{'figure':<22}{'value':>12}  {'target':>10}  {'baseline':>12}  {'ratio':>8}  ok")
    failed = False
    for key, base_key, unit in rows:
        op, target = TARGETS[key]
        value = figures.get(key)
        if value is None and op != "report":          # not measured here (test extras missing)
            print(f"{key:<22}{'not measured (install .[test])':>12}")
            continue
        if op == "report":            # measured and shown, no target (e.g. needs the test extras)
            shown = "not measured (install .[test])" if value is None else f"{value:.3f}{unit}"
            base = figures.get(base_key) if base_key else None
            ratio = f"{value / base:.1f}×" if value is not None and base else "—"
            print(f"{key:<22}{shown:>12}  {'report':>10}  {base if base is not None else '—':>12}  {ratio:>8}")
            continue
        ok = value <= target if op == "<=" else value >= target
        failed |= not ok
        base = f"{figures[base_key]:.3f}" if base_key else "—"
        ratio = f"{value / figures[base_key]:.1f}×" if base_key else "—"
        print(f"{key:<22}{value:>10.3f}{unit:<2}  {op}{target:>8g}  {base:>12}  {ratio:>8}  {'✓' if ok else '✗'}")
    out = ROOT / "bench" / "latest.json"
    out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written: {out.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
