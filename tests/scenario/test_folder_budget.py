"""Start-up never stalls on one file: a file whose check takes longer than its time budget (CPU
seconds) is listed as skipped (`took_too_long`), the rest of the folder loads, nothing about it is cached, and
the timer used to stop it is put back as it was."""

from __future__ import annotations

import shutil
import signal
import time
from pathlib import Path

import pytest

from game.content import Content, Source, load
from game.scenario import check_scenario_file, load_catalog, load_folder
from game.scenario import deadline as deadline_module
from game.scenario import loader as loader_module
from game.scenario.deadline import Deadline, TooLong
from game.scenario.yamlread import read_yaml

ROOT = Path(__file__).resolve().parent.parent.parent
SCENARIOS = ROOT / "scenarios"
SLOW = "sextortion"
SPIN_SECONDS = 3.0


class DictCache:
    """A ValidCache in memory."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[str, object]] = {}

    def get(self, key: str, name: str) -> object | None:
        entry = self.entries.get(key)
        return entry[1] if entry and entry[0] == name else None

    def put(self, key: str, name: str, data: object) -> None:
        self.entries[key] = (name, data)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(SCENARIOS / "red_flags.yaml")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("first_steps", "toll_text", SLOW):
        shutil.copy(SCENARIOS / f"{name}.yaml", tmp_path / f"{name}.yaml")
    return tmp_path


@pytest.fixture
def slow_checks(monkeypatch):
    """The checks of one file (SLOW) spin without ever polling a deadline, as a check that went
    quadratic would; bounded, so that a regression fails instead of hanging."""
    real = loader_module.ScenarioChecker.run

    def run(self):
        if self.label.endswith(f"{SLOW}.yaml"):
            end = time.monotonic() + SPIN_SECONDS
            while time.monotonic() < end:
                pass
        return real(self)

    monkeypatch.setattr(loader_module.ScenarioChecker, "run", run)


def test_a_file_over_its_budget_is_skipped_and_the_others_load(folder: Path, catalog, slow_checks) -> None:
    started = time.monotonic()
    valid, invalid = load_folder(folder, catalog, budget=0.5)
    took = time.monotonic() - started
    assert sorted(valid) == ["first_steps", "toll_text"]
    [problem] = invalid[str(folder / f"{SLOW}.yaml")]
    assert problem.key == "took_too_long" and problem.code == "RF005" and "0.5 s" in problem.message
    if deadline_module._can_arm():        # the timer stops the spinning check itself, not after it
        assert took < SPIN_SECONDS
    if hasattr(signal, "getitimer"):
        assert signal.getsignal(signal.SIGPROF) in (signal.SIG_DFL, None)
        assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_content_load_skips_the_slow_file_too(folder: Path, catalog, slow_checks) -> None:
    loaded = load(Content(catalog, (Source(folder),)), budget=0.5)
    assert sorted(loaded.valid) == ["first_steps", "toll_text"]
    assert [p.key for p in loaded.invalid[str(folder / f"{SLOW}.yaml")]] == ["took_too_long"]


def test_a_timed_out_file_is_never_cached(folder: Path, catalog, slow_checks) -> None:
    cache = DictCache()
    scenario, problems = check_scenario_file(folder / f"{SLOW}.yaml", catalog, cache, budget=0.2)
    assert scenario is None and [p.key for p in problems] == ["took_too_long"]
    assert not cache.entries
    scenario, problems = check_scenario_file(folder / f"{SLOW}.yaml", catalog, cache, budget=None)
    assert scenario is not None and not problems and len(cache.entries) == 1


def test_the_budget_is_polled_while_reading_the_yaml() -> None:
    """Without the timer (another thread, another platform), reading a large file still stops."""
    raw = ("items:\n" + "".join(f"  - {index}\n" for index in range(10_000))).encode()
    expired = Deadline(0.0)                 # CPU time: any work at all passes it
    with pytest.raises(TooLong):
        read_yaml("big.yaml", raw, expired)
    doc, problems = read_yaml("big.yaml", raw, Deadline(60.0))
    assert doc is not None and not problems


def test_shipped_scenarios_are_far_inside_the_default_budget(catalog) -> None:
    for path in sorted(SCENARIOS.glob("*.yaml"))[:5]:
        if path.name in ("red_flags.yaml", "facts.yaml"):
            continue
        _, problems = check_scenario_file(path, catalog)
        assert "took_too_long" not in [p.key for p in problems]
