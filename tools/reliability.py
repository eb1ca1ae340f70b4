"""Run the reliability suite at full scale and write its figures to build/reliability.json.

    python tools/reliability.py              # what `make reliability` runs
    python tools/reliability.py --only tests/hardening/test_soak.py
    python tools/reliability.py --merge-only     # merge what the slow tests last wrote

The tests are the source of every number: each slow hardening test (and the window monkey) writes
build/artifacts/reliability-<area>.json whatever its verdict; this tool clears those, runs
`pytest -m slow` over them in one process, and merges what they wrote — per area: inputs tried,
failures, worst tick, memory growth, file-descriptor growth, time taken — with pytest's verdict.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "build" / "artifacts"
OUTPUT = ROOT / "build" / "reliability.json"
SUITE = ("tests/hardening", "tests/ui/test_monkey.py")
FIELDS = ("inputs_tried", "failures", "worst_tick_ms", "memory_growth_pct", "fd_growth", "seconds")


def run(paths: list[str]) -> tuple[int, float]:
    present = [p for p in paths if (ROOT / p).exists()]
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    started = time.perf_counter()
    code = subprocess.call([sys.executable, "-m", "pytest", "-m", "slow", "-q", "-p", "no:cacheprovider",
                            "-o", "addopts=", *present], cwd=ROOT, env=env)
    return code, time.perf_counter() - started


def _monkey() -> dict[str, object] | None:
    """The window monkey's figures (tests/ui/test_monkey.py writes monkey.json: `slow` and `default`)."""
    path = ARTIFACTS / "monkey.json"
    if not path.exists():
        return None
    runs = json.loads(path.read_text(encoding="utf-8"))
    run = runs.get("slow") or runs.get("default")
    if not run:
        return None
    return {"inputs_tried": run.get("events"), "failures": 1 if run.get("failure") else 0, "worst_tick_ms": None,
            "memory_growth_pct": None, "fd_growth": None, "seconds": run.get("seconds"),
            "details": {k: v for k, v in run.items() if k not in ("events", "seconds")}}


def merge(code: int | None, seconds: float, paths: list[str]) -> dict[str, object]:
    areas = {}
    for path in sorted(ARTIFACTS.glob("reliability-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        area = data.pop("area", path.stem.removeprefix("reliability-"))
        areas[area] = {**{k: data.get(k) for k in FIELDS}, "details": {k: v for k, v in data.items()
                                                                        if k not in FIELDS}}
    monkey = _monkey()
    if monkey is not None:
        areas["window_monkey"] = monkey
    return {
        "generated_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": "python tools/reliability.py", "suite": paths, "pytest_exit": code,
        "passed": None if code is None else code == 0, "seconds": round(seconds, 1),
        "python": platform.python_version(), "platform": platform.platform(terse=True),
        "areas": areas,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="PATH", help="run only these test files or folders")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--merge-only", action="store_true",
                        help="run nothing: merge the figures the tests already wrote")
    args = parser.parse_args(argv)
    paths = list(args.only or SUITE)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if args.merge_only:
        code, seconds = None, 0.0
    else:
        for old in ARTIFACTS.glob("reliability-*.json"):
            old.unlink()
        code, seconds = run(paths)
    report = merge(code, seconds, paths)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for area, figures in report["areas"].items():
        shown = ", ".join(f"{k}={figures[k]}" for k in FIELDS if figures.get(k) is not None)
        print(f"{area}: {shown}")
    print(f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}"
          f" (pytest exit {code}, {seconds:.0f} s)")
    return code or 0


if __name__ == "__main__":
    raise SystemExit(main())
