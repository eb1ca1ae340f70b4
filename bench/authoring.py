"""`exhaustive_library_s`: `python main.py playtest scenarios/ --exhaustive` (target ≤ 10 s).

Measured as `library_playtest_s` is: the CPU seconds of the command in a fresh process (the
figure that does not grow when other programs share the machine), after one run that warms the
disk and the game's scenario cache, as an author who checks again after an edit has them."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def exhaustive_library_s() -> float:
    """CPU seconds of `main.py playtest scenarios/ --exhaustive` (every shipped scenario, every
    region, every reachable state, the engine replaying the way to each ending in each language)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["REDFLAG_HOME"] = tempfile.mkdtemp()
    command = [sys.executable, str(ROOT / "main.py"), "playtest", str(SCENARIOS), "--exhaustive"]
    warm = subprocess.run(command, capture_output=True, env=env)   # warm-up; findings or not, it ran
    if warm.returncode not in (0, 1):
        raise RuntimeError(f"playtest --exhaustive failed: {warm.stderr.decode(errors='replace')[-500:]}")
    before = _child_cpu()
    subprocess.run(command, capture_output=True, env=env)
    return _child_cpu() - before


if __name__ == "__main__":
    print(f"exhaustive_library_s: {exhaustive_library_s():.2f}")
