"""validate, list and playtest as commands: exit codes and output."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from tests.conftest import FIXTURES, run_main


def test_validate_the_real_scenarios_passes():
    done = run_main("validate", "scenarios/")
    assert done.returncode == 0, done.stdout
    assert "no problems" in done.stdout


def test_validate_reports_every_bad_file_and_exits_1():
    done = run_main("validate", str(FIXTURES / "invalid"))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    for path in (FIXTURES / "invalid").glob("*.yaml"):
        assert path.name in done.stdout


def test_validate_survives_hostile_inputs(tmp_path):
    (tmp_path / "binary.yaml").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "empty.yaml").write_bytes(b"")
    (tmp_path / "folder.yaml").mkdir()
    done = run_main("validate", str(tmp_path / "binary.yaml"), str(tmp_path / "empty.yaml"),
                    str(tmp_path / "folder.yaml"), str(tmp_path / "missing.yaml"), "/dev/null")
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "not UTF-8" in done.stdout and "no such file" in done.stdout


def test_validate_with_an_invalid_catalogue(tmp_path):
    bad = tmp_path / "red_flags.yaml"
    bad.write_text("format: 1\nred_flags: {}\n", encoding="utf-8")
    done = run_main("validate", "scenarios/", "--catalog", str(bad))
    assert done.returncode == 1 and "catalogue" in done.stdout


def test_list_json_lists_the_scenarios():
    done = run_main("list", "--json")
    assert done.returncode == 0
    rows = json.loads(done.stdout)
    ids = {row["id"] for row in rows}
    assert {"loan_fee_trap", "pig_butchering"} <= ids
    for row in rows:
        assert set(row) == {"id", "kind", "category", "difficulty", "regions", "title"}
        assert row["title"]["en"] and row["title"]["zh"]


def test_playtest_reports_endings_and_coverage():
    done = run_main("playtest", "scenarios/", "--runs", "50", "--seed", "3")
    assert done.returncode == 0, done.stdout
    assert "endings reached" in done.stdout and "steps never visited" in done.stdout


def test_playtest_of_an_invalid_file_fails(tmp_path):
    done = run_main("playtest", str(FIXTURES / "invalid" / "unknown_flag.yaml"), "--runs", "3")
    assert done.returncode == 1 and "invalid" in done.stdout


def test_unknown_scenario_is_a_clear_error():
    done = run_main("play", "--text", "--scenario", "no_such_thing")
    assert done.returncode == 1
    assert "no playable scenario" in done.stderr and "Traceback" not in done.stderr


def test_watch_is_refused_beside_text_play_not_ignored():
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["--watch", str(FIXTURES / "valid" / "tiny_loan.yaml"), "--text"], stdin=io.StringIO(""),
                    stdout=io.StringIO())
    assert code == 2 and "--watch" in err.getvalue() and "--text" in err.getvalue()


@pytest.mark.parametrize("command", [["list"], ["validate", "scenarios/"], ["playtest", "scenarios/", "--runs", "1"]])
def test_a_reader_that_goes_away_ends_the_command_quietly(command, tmp_path):
    """`python main.py … | head`: the pipe closes before the output is written; no "internal
    error", no traceback, and the exit status of a program stopped by a closed pipe (141)."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "REDFLAG_HOME": str(tmp_path), "SDL_VIDEODRIVER": "dummy"}
    process = subprocess.Popen([sys.executable, str(root / "main.py"), *command], cwd=root, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()                                  # the reader is gone before a line is written
    try:
        err = process.stderr.read().decode("utf-8", "replace")
        code = process.wait(timeout=120)
    finally:
        process.kill()
    assert code == 141 and err == "", (code, err)
