"""`lint_cold_s`: `python main.py lint scenarios/` as a fresh process (target ≤ 1.0 s).

Measured as `validate_cold_s` is: one run first (it warms the disk and the game's scenario cache,
as an author who lints again after an edit has them), then the median of seven runs."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


def lint_cold_s(repeats: int = 7) -> float:
    """The median wall-clock seconds of `main.py lint scenarios/` in a new process."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, str(ROOT / "main.py"), "lint", str(SCENARIOS)]
    warm = subprocess.run(command, capture_output=True, env=env)   # warm-up; warnings or errors, it ran
    if warm.returncode not in (0, 1):
        raise RuntimeError(f"lint failed: {warm.stderr.decode(errors='replace')[-500:]}")
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


if __name__ == "__main__":
    print(f"lint_cold_s {lint_cold_s():.3f}")
