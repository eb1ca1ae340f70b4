"""Only regular files are opened from a content folder: a named pipe, a device or a socket is
refused before opening (a pipe blocked every command), links are followed only to a regular file
inside the link's own folder, and each refused file is listed with a located message while the
rest of the folder loads. Every call that could hang runs in a thread with a deadline, so a
regression fails instead of hanging the suite."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from game.scenario import load_catalog, load_folder, read_bytes
from game.scenario import loader as loader_module
from game.scenario.yamlread import MAX_BYTES
from tests.conftest import returns_within

ROOT = Path(__file__).resolve().parent.parent.parent
SCENARIOS = ROOT / "scenarios"
GOOD = ("first_steps", "toll_text")

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and links need a POSIX system")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(SCENARIOS / "red_flags.yaml")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    library = tmp_path / "library"
    library.mkdir()
    for name in GOOD:
        shutil.copy(SCENARIOS / f"{name}.yaml", library / f"{name}.yaml")
    return library


def _keys(invalid: dict, name: str) -> list[str]:
    return [problem.key for problem in invalid[name]]


def test_read_bytes_refuses_a_named_pipe_without_blocking(folder: Path) -> None:
    os.mkfifo(folder / "pipe.yaml")
    raw, problem = returns_within(lambda: read_bytes(folder / "pipe.yaml"))
    assert raw is None
    assert problem.key == "not_regular_file" and problem.code == "RF001"
    assert problem.path == str(folder / "pipe.yaml") and problem.hint


def test_a_named_pipe_in_a_folder_is_listed_and_the_other_files_load(folder: Path, catalog) -> None:
    os.mkfifo(folder / "aaa_pipe.yaml")
    valid, invalid = returns_within(lambda: load_folder(folder, catalog))
    assert sorted(valid) == sorted(GOOD)
    assert _keys(invalid, str(folder / "aaa_pipe.yaml")) == ["not_regular_file"]


def test_links_to_a_device_or_a_pipe_are_refused(folder: Path, catalog, tmp_path: Path) -> None:
    os.mkfifo(folder / "pipe.fifo")
    (folder / "to_pipe.yaml").symlink_to(folder / "pipe.fifo")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    valid, invalid = returns_within(lambda: load_folder(folder, catalog))
    assert sorted(valid) == sorted(GOOD)
    assert _keys(invalid, str(folder / "to_pipe.yaml")) == ["not_regular_file"]
    assert _keys(invalid, str(folder / "zero.yaml")) == ["not_regular_file"]


def test_a_link_to_a_file_in_the_same_folder_loads(folder: Path, catalog) -> None:
    spare = folder / "spare"
    spare.mkdir()
    shutil.copy(SCENARIOS / "sextortion.yaml", spare / "sextortion.yaml")
    (folder / "sextortion.yaml").symlink_to(Path("spare") / "sextortion.yaml")
    valid, invalid = returns_within(lambda: load_folder(folder, catalog))
    assert "sextortion" in valid and not invalid


def test_a_link_out_of_the_folder_is_refused_and_a_broken_one_named(folder: Path, catalog, tmp_path: Path) -> None:
    outside = tmp_path / "shared"
    outside.mkdir()
    shutil.copy(SCENARIOS / "sextortion.yaml", outside / "sextortion.yaml")
    (folder / "sextortion.yaml").symlink_to(outside / "sextortion.yaml")
    (folder / "gone.yaml").symlink_to(folder / "nowhere.yaml")
    valid, invalid = returns_within(lambda: load_folder(folder, catalog))
    assert sorted(valid) == sorted(GOOD)
    assert _keys(invalid, str(folder / "sextortion.yaml")) == ["link_outside"]
    assert _keys(invalid, str(folder / "gone.yaml")) == ["link_broken"]


def test_a_file_over_the_size_cap_is_refused_before_reading(folder: Path, catalog) -> None:
    with open(folder / "huge.yaml", "wb") as handle:
        handle.truncate(MAX_BYTES + 1)                 # sparse: no megabyte written
    raw, problem = read_bytes(folder / "huge.yaml")
    assert raw is None and problem.key == "file_too_large" and "1,000,001" in problem.message
    valid, invalid = load_folder(folder, catalog)
    assert sorted(valid) == sorted(GOOD)
    assert [p.key for p in invalid[str(folder / "huge.yaml")]] == ["file_too_large"]


def test_a_pipe_swapped_in_after_the_check_is_refused_once_open(folder: Path, monkeypatch) -> None:
    """The check before opening is fooled (the pipe looks like the regular file it replaced); the
    open does not block and the check of what was opened refuses it."""
    regular = os.stat(folder / "toll_text.yaml")
    os.mkfifo(folder / "swapped.yaml")
    real_lstat = os.lstat

    def fooled(path, *args, **kwargs):
        if str(path).endswith("swapped.yaml"):
            return regular
        return real_lstat(path, *args, **kwargs)

    monkeypatch.setattr(loader_module.os, "lstat", fooled)
    raw, problem = returns_within(lambda: read_bytes(folder / "swapped.yaml"))
    assert raw is None and problem.key == "not_regular_file"


def test_list_with_a_pipe_and_a_device_link_in_the_libraryreturns_within(folder: Path, tmp_path: Path) -> None:
    """`main.py list` as a teacher's copied folder gives it: it lists the good scenarios and says
    which files were skipped, instead of blocking on the pipe."""
    os.mkfifo(folder / "pipe.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    env = {**os.environ, "REDFLAG_HOME": str(tmp_path / "home"),
           "REDFLAG_CACHE": str(tmp_path / "cache"), "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    try:
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--scenarios", str(folder), "list"], capture_output=True, text=True,
                              env=env, timeout=60, cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail("main.py list blocked on a file of the library")
    output = done.stdout + done.stderr
    assert "first_steps" in output and "toll_text" in output
    assert "pipe.yaml" in output and "zero.yaml" in output
    assert "Traceback" not in output
    assert stat.S_ISFIFO(os.lstat(folder / "pipe.yaml").st_mode)      # nothing was removed
