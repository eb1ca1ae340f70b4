"""Shared fixtures. Every test runs headless."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
if "REDFLAG_CACHE" not in os.environ:   # the game's scenario cache: a folder of the test run's own
    os.environ["REDFLAG_CACHE"] = tempfile.mkdtemp(prefix="redflag-test-cache-")
    atexit.register(shutil.rmtree, os.environ["REDFLAG_CACHE"], True)

from game.scenario import Catalog, Scenario, check_scenario_bytes, load_catalog, load_folder, load_scenario  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _own_home(tmp_path_factory, monkeypatch):
    """Every test keeps settings, autosaves and records in a folder of its own (never the real
    user's), and no test talks to a Learning Record Store it did not start itself."""
    if "REDFLAG_HOME" not in os.environ:
        monkeypatch.setenv("REDFLAG_HOME", str(tmp_path_factory.mktemp("home")))
    for name in [n for n in os.environ if n.startswith("REDFLAG_LRS_")]:
        monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(SCENARIOS / "red_flags.yaml")


@pytest.fixture(scope="session")
def scenarios(catalog: Catalog) -> dict[str, Scenario]:
    valid, invalid = load_folder(SCENARIOS, catalog)
    assert not invalid, invalid
    return valid


@pytest.fixture(scope="session")
def tiny(catalog: Catalog) -> Scenario:
    return load_scenario(FIXTURES / "valid" / "tiny_loan.yaml", catalog)


def scenario_from_text(text: str, catalog: Catalog) -> Scenario:
    scenario, problems = check_scenario_bytes("inline.yaml", text.encode("utf-8"), catalog)
    assert scenario is not None, "\n".join(p.format() for p in problems)
    return scenario


def run_main(*args: str, input_text: str = "", timeout: float = 60, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python main.py ARGS` as a user would, in a fresh process."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], input=input_text, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout, cwd=ROOT, env=full_env)


def returns_within(function, seconds: float = 20.0):
    """`function()` run in a thread: its result, or a test failure if it has not returned in time."""
    box: dict = {}

    def run() -> None:
        try:
            box["result"] = function()
        except BaseException as exc:          # re-raised in the test
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        pytest.fail(f"did not return within {seconds} s (blocked on a file?)")
    if "error" in box:
        raise box["error"]
    return box["result"]
