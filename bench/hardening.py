"""`validate_1mb_s` and `tick_worst_ms`: the two figures of issue 13 (targets ≤ 2 s and ≤ 100 ms).

`validate_1mb_s`: a generated scenario of 10,000 steps, just under the 1 MB size cap (two-language
messages, steps chained by choices and by timeouts; the format allows 500 steps, so `validate`
reports that one error, after running every check over all 10,000), checked as `python main.py
validate FILE` checks it, in-process (the scenario checks and the glyph check): the CPU seconds,
best of three (the figure that does not grow when other programs share the machine; the wall
clock is `validate_1mb_wall_s`). Its baseline is `yaml.safe_load` of the same bytes (libyaml), in
the same run, on the same clock.

`tick_worst_ms`: the worst single `Session.tick` over a corpus: every shipped scenario played by
the bot in every region it declares, the generated 10,000-step file (when it validates), and
hostile timeout loops (a step whose timeout leads back to itself, after the least time the format
allows). Its baseline is the median tick of the same corpus. It is the engine's own work: Python's
cyclic garbage collector is paused while a tick is timed (it runs between ticks, so no debt
builds up). The same corpus is played again with the collector on, as the window runs it (what
start-up loaded frozen out of its way, `game.ui.run.settle_memory`), and its worst tick is
`tick_worst_gc_ms`: a session left to loop for days of game time holds tens of thousands of
messages, and a full collection walks them all, so that figure is mostly the collector (reported,
no target, so that the pause is not hidden).

`python bench/hardening.py` prints both; `python bench/run.py hardening` records them in
bench/latest.json beside the other figures.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SCENARIOS = ROOT / "scenarios"
STEPS = 10_000

_LINES = [
    ("Your parcel is held at the depot; confirm the address.", "您的包裹滞留在网点，请确认地址。"),
    ("This is the bank's security team; a payment needs checking.", "这里是银行安全中心，有一笔付款需要核实。"),
    ("Reply with the code we sent to finish the refund.", "请回复我们发送的验证码以完成退款。"),
    ("Your account will be frozen tonight unless you act.", "如不处理，您的账户今晚将被冻结。"),
    ("The fee is small and comes back within the hour.", "手续费很少，一小时内就退回。"),
    ("Keep this between us until the case is closed.", "结案之前，这件事请不要告诉别人。"),
]
_REPLIES = [("Ask who they are", "问对方是谁"), ("Check in the app", "去App里核实"), ("Wait and see", "先等等看")]


def big_scenario(steps: int = STEPS) -> bytes:
    """A format-2 scenario of `steps` steps, as dense as an author could write it: one line per
    step, each text written once with an anchor (&t0) and reused (*t0), as YAML allows. Every
    fourth step moves on by a choice, the others by a timeout; the last leads to an ending.
    10,000 steps come to just under 1 MB (the size cap): the format needs about 100 bytes a step."""

    def text(kind: str, index: int, pool: list[tuple[str, str]], seen: set[str]) -> str:
        name = f"{kind}{index % len(pool)}"
        if name in seen:
            return f"*{name}"
        seen.add(name)
        en, zh = pool[index % len(pool)]
        return f'&{name} {{en: "{en}",zh: "{zh}"}}'

    seen: set[str] = set()
    lines = [
        "format: 2", "id: big_chain", "regions: [CN]", "kind: scam", "category: impersonation",
        "difficulty: 2", 'title: {en: "A very long chat", zh: "一段很长的聊天"}',
        'summary: {en: "Generated for the benchmark.", zh: "为基准测试生成。"}',
        'sources: ["Generated, 2026"]', "cast:", "  a: {role: scammer, name: name}", "start: s0", "steps:",
    ]
    for index in range(steps):
        after = f"s{index + 1}" if index + 1 < steps else "end_scammed"
        message = f"messages: [{{id: m{index},from: a,text: {text('t', index, _LINES, seen)}}}]"
        if index % 4 == 3:
            way = f"choices: [{{id: go,text: {text('r', index // 4, _REPLIES, seen)},to: {after}}}]"
        else:
            way = f"timeout: {{after: 30,to: {after}}}"
        lines.append(f"  s{index}: {{channel: sms,{message},{way}}}")
    lines += [
        "endings:",
        '  end_scammed: {outcome: scammed, debrief: {en: "You went along to the end.", zh: "你一路照做到了最后。"}}',
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _catalog():
    from game.scenario import load_catalog

    return load_catalog(SCENARIOS / "red_flags.yaml")


def validate_1mb(repeats: int = 3) -> dict:
    """The seconds `validate` takes over the generated file (best of `repeats`), the baseline
    (`yaml.safe_load` of the same bytes, best of `repeats`) and what validate found."""
    import yaml

    from game.authoring.validate import validate_paths

    catalog = _catalog()
    raw = big_scenario()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big_chain.yaml"
        path.write_bytes(raw)
        times, walls, report = [], [], None
        for _ in range(repeats):
            started, cpu = time.perf_counter(), time.process_time()
            report = validate_paths([path], catalog)
            times.append(time.process_time() - cpu)
            walls.append(time.perf_counter() - started)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    base = []
    for _ in range(repeats):
        cpu = time.process_time()
        yaml.load(raw, Loader=loader)
        base.append(time.process_time() - cpu)
    found = [p for problems in report.problems.values() for p in problems] if report else []
    return {"validate_1mb_s": min(times), "validate_1mb_wall_s": min(walls), "baseline_yaml_safe_load_1mb_s": min(base),
            "validate_1mb_bytes": len(raw), "validate_1mb_steps": STEPS,
            "validate_1mb_problems": len(found),
            "validate_1mb_first_problems": [f"{p.code} {p.message}" for p in found[:3]]}


def _hostile_loop(after: float) -> bytes:
    """A step whose timeout leads back to itself after `after` seconds, beside a way out."""
    return f"""format: 2
id: hostile_loop
regions: [CN]
kind: scam
category: impersonation
difficulty: 1
title: {{en: "Loop", zh: "循环"}}
summary: {{en: "A timeout that loops.", zh: "一个循环的超时。"}}
sources: ["Generated, 2026"]
cast:
  agent: {{role: scammer, name: name}}
start: loop
steps:
  loop:
    channel: chat
    messages: [{{id: m1, from: agent, text: {{en: "Still there?", zh: "还在吗？"}}}}]
    choices: [{{id: leave, text: {{en: "Leave", zh: "离开"}}, to: end_safe}}]
    timeout: {{after: {after}, to: loop}}
endings:
  end_safe: {{outcome: safe, debrief: {{en: "You left.", zh: "你离开了。"}}}}
""".encode("utf-8")


def _play(scenario, catalog, personas, seed: int, region: str, samples: list[float], worst: list[str],
          longest: float = 3600.0, max_ticks: int = 2_000, pause_gc: bool = True) -> None:
    """The bot's way through one session, timing every tick: wait for the choices (or the
    timeout), choose at random; long waits (up to `longest` seconds) are ticked in one go."""
    from game.engine import Session

    rng = random.Random(seed)
    session = Session(scenario, catalog, seed=seed, personas=personas, region=region)
    for _ in range(max_ticks):
        if session.ended:
            return
        wait = session.seconds_until_choices()
        view = session.view()
        if not view.choices or rng.random() < 0.2:
            timeout = session.seconds_until_timeout()
            wait = min(longest, (timeout if timeout is not None else wait) + 0.01) if rng.random() < 0.5 else longest
        collecting = pause_gc and gc.isenabled()
        if collecting:
            gc.disable()
        started = time.perf_counter()
        session.tick(max(wait, 0.0) + 0.5)
        took = time.perf_counter() - started
        if collecting:
            gc.enable()
        samples.append(took)
        if took >= max(samples):
            worst[:] = [f"{scenario.id} {region} seed {seed}: tick({max(wait, 0.0) + 0.5:g})"]
        view = session.view()
        available = [c for c in view.choices if c.available]
        if available and not session.ended:
            session.choose(rng.choice(available).id)


def tick_worst(runs_per_region: int = 1, pause_gc: bool = True) -> dict:
    """The worst and the median single tick, in ms, over the corpus (see the module's docstring)."""
    from game.scenario import check_scenario_bytes, check_scenario_file, scenario_files

    catalog = _catalog()
    corpus = [s for s in (check_scenario_file(p, catalog)[0] for p in scenario_files(SCENARIOS)) if s is not None]
    extra: list[str] = []
    for label, raw in [("big_chain", big_scenario())] + [(f"hostile_loop_{after}", _hostile_loop(after))
                                                        for after in (1, 0.5, 0.01)]:
        scenario, _ = check_scenario_bytes(label, raw, catalog)
        if scenario is not None:
            corpus.append(scenario)
            extra.append(label)
    from game.engine import FakerPersonas

    personas = FakerPersonas()
    if not pause_gc:            # as the window does once its start-up is done (game.ui.run.settle_memory)
        gc.collect()
        gc.freeze()
    samples: list[float] = []
    worst: list[str] = []
    seed = 0
    for scenario in corpus:
        for region in scenario.regions:
            for _ in range(runs_per_region):
                _play(scenario, catalog, personas, seed, region, samples, worst, pause_gc=pause_gc)
                seed += 1
    if not pause_gc:
        gc.unfreeze()
    return {"tick_worst_ms": max(samples) * 1e3, "baseline_tick_median_ms": statistics.median(samples) * 1e3,
            "tick_worst_where": worst[0] if worst else "", "tick_samples": len(samples), "tick_corpus": len(corpus),
            "tick_corpus_generated": extra}


def hardening_figures() -> dict:
    figures = {**validate_1mb(), **tick_worst()}
    with_gc = tick_worst(pause_gc=False)
    figures["tick_worst_gc_ms"], figures["tick_worst_gc_where"] = with_gc["tick_worst_ms"], with_gc["tick_worst_where"]
    figures["ratio_validate_1mb_vs_yaml_safe_load"] = (figures["validate_1mb_s"]
                                                       / figures["baseline_yaml_safe_load_1mb_s"])
    figures["ratio_tick_worst_vs_median"] = figures["tick_worst_ms"] / figures["baseline_tick_median_ms"]
    return figures


if __name__ == "__main__":
    for key, value in hardening_figures().items():
        print(f"{key}: {value}")
