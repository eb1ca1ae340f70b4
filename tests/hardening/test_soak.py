"""A long day in one process: sessions one after another (load, play with the bot, score,
debrief, autosave, keep the result in a records database in a home of the test's own), as a
classroom window would. Memory after warm-up grows by at most 10 %, open files not at all.

The library is read once, as the window does at start. (Reading a scenario again makes a new
object, and the engine's per-scenario caches keep up to 64 of those: memory then climbs by about
60 MB before it levels off. Bounded, so not a leak; the soak plays what a start loaded.)"""

from __future__ import annotations

import gc
import json
import random
import time
from pathlib import Path

import pytest

from game import debrief_lines
from game.engine import FakerPersonas, Session, walk
from game.locale import Translator, words
from game.progress import Progress
from game.records import FILE_NAME, Recorder
from game.scenario import load_catalog, load_scenario
from game.text import format_result

from .figures import open_fds, rss_kib, write_figures
from .mutants import SCENARIOS, shipped_names

MEMORY_GROWTH = 0.10


def soak(home: Path, sessions: int, warm_up: int) -> dict[str, object]:
    """Play `sessions` sessions; measure memory and open files after `warm_up` and at the end."""
    catalog = load_catalog(SCENARIOS / "red_flags.yaml")
    names = shipped_names()
    library = {name: load_scenario(SCENARIOS / f"{name}.yaml", catalog) for name in names}
    personas = FakerPersonas()
    progress = Progress.load(home)
    recorder = Recorder(home / FILE_NAME, background_sync=False)
    progress.player_id = recorder.use("Calm Heron").id
    data_names = {lang: {k: v.get(lang) for k, v in catalog.data_items.items()} for lang in ("en", "zh")}
    flag_names = {lang: {k: v.name.get(lang) for k, v in catalog.red_flags.items()} for lang in ("en", "zh")}
    figures: dict[str, object] = {}
    started = time.perf_counter()
    errors = []
    for index in range(sessions):
        if index == warm_up:
            gc.collect()
            figures.update(rss_warm_kib=rss_kib(), fds_warm=open_fds())
        scenario = library[names[index % len(names)]]
        lang = ("en", "zh")[index % 2]
        session = Session(scenario, catalog, seed=index, lang=lang, personas=personas, words=words)
        progress.autosave = {"scenario_id": scenario.id, "session": session.to_json()}
        progress.save()
        record = walk(session, random.Random(index))
        if record.error:
            errors.append(f"{scenario.id} seed {index}: {record.error}")
            continue
        result = session.result()
        tr = Translator(lang)
        debrief_lines.summary(result, tr, data_names[lang])
        debrief_lines.cards(result, tr, flag_names[lang])
        format_result(result, data_names[lang], flag_names[lang])
        json.dumps(result.to_dict())
        if recorder.record(session) is None:
            errors.append(f"{scenario.id} seed {index}: not recorded ({recorder.error})")
        progress.autosave = None
        progress.record(scenario.id, result.score)
        progress.save()
    gc.collect()
    figures.update(rss_end_kib=rss_kib(), fds_end=open_fds())
    recorder.close()
    growth = (figures["rss_end_kib"] - figures["rss_warm_kib"]) / figures["rss_warm_kib"]
    return {"inputs_tried": sessions, "warm_up": warm_up, **figures, "memory_growth_pct": round(100 * growth, 2),
            "fd_growth": figures["fds_end"] - figures["fds_warm"], "failures": len(errors),
            "first_failures": errors[:20], "seconds": round(time.perf_counter() - started, 1)}


def test_short_soak_keeps_files_closed(tmp_path):
    figures = soak(tmp_path, 50, warm_up=10)
    assert not figures["first_failures"], figures["first_failures"]
    assert figures["fd_growth"] <= 0, figures


@pytest.mark.slow
def test_soak_of_a_thousand_sessions(tmp_path):
    figures = soak(tmp_path, 1000, warm_up=100)
    write_figures("soak", figures)
    assert not figures["first_failures"], figures["first_failures"]
    assert figures["fd_growth"] <= 0, figures
    assert figures["memory_growth_pct"] <= 100 * MEMORY_GROWTH, figures
