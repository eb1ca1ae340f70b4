"""Every script in tools/ answers `--help` with its usage and writes nothing, and refuses a
misspelt option without writing anything (scenario_table.py used to ignore `--help` and rewrite
scenarios/README.md; `--chekc` would have rewritten it too)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

TOOLS = sorted((ROOT / "tools").glob("*.py"))
#: Where the tools write: nothing under these may change when a tool is asked for help.
WRITTEN = ("scenarios", "tests/fixtures", "assets", "schema", "docs")


def _snapshot() -> dict[str, int]:
    return {str(path): path.stat().st_mtime_ns
            for folder in WRITTEN if (ROOT / folder).is_dir()
            for path in (ROOT / folder).rglob("*") if path.is_file() and "__pycache__" not in path.parts}


def test_there_are_tools():
    assert "scenario_table" in {path.stem for path in TOOLS}


@pytest.mark.parametrize("tool", TOOLS, ids=[path.stem for path in TOOLS])
def test_help_prints_usage_and_changes_nothing(tool):
    before = _snapshot()
    done = subprocess.run([sys.executable, str(tool), "--help"], capture_output=True, text=True, timeout=60,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage:"), done.stdout[:300]
    assert _snapshot() == before, f"{tool.name} --help changed files"
    wrong = subprocess.run([sys.executable, str(tool), "--no-such-option"], capture_output=True, text=True,
                           timeout=60, cwd=ROOT)
    assert wrong.returncode == 2 and "usage:" in wrong.stderr, (wrong.returncode, wrong.stderr[:300])
    assert _snapshot() == before, f"{tool.name} --no-such-option changed files"
