"""What the hardening tests measure and leave behind: resident memory, open file descriptors,
and a JSON of figures per test (build/artifacts/reliability-<name>.json) that
`tools/reliability.py` merges into build/reliability.json."""

from __future__ import annotations

import json
import os
import resource
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "build" / "artifacts"


def rss_kib() -> int:
    """Resident memory now, in KiB (VmRSS; the peak from `resource` where /proc is missing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def open_fds() -> int:
    """How many file descriptors this process has open."""
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return len(os.listdir("/dev/fd"))


def write_figures(name: str, figures: dict[str, object]) -> Path:
    """Keep one test's figures for `tools/reliability.py` (written whatever the verdict)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"reliability-{name}.json"
    path.write_text(json.dumps({"area": name, **figures}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
