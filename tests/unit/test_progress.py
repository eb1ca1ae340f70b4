"""Settings and autosaves: two files, written atomically, corrupt ones kept aside, settings
validated, an autosave per player, and the old one-file progress.json read once and retired."""

from __future__ import annotations

import json

from game.progress import DEFAULT_SETTINGS, Progress
from game.storage import write_json_atomic


def test_settings_and_autosaves_round_trip_in_two_files(tmp_path):
    progress = Progress.load(tmp_path)
    progress.settings["text_size"] = 1.4
    progress.settings["player"] = "Calm Heron"
    progress.player_id = "a"
    progress.autosave = {"scenario_id": "loan_fee_trap", "session": {"save_version": 1}}
    progress.player_id = "b"
    assert progress.autosave is None                       # another player's save is not yours
    progress.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["autosave.json", "settings.json"]
    again = Progress.load(tmp_path)
    assert again.settings["text_size"] == 1.4 and again.settings["player"] == "Calm Heron"
    again.player_id = "a"
    assert again.autosave["scenario_id"] == "loan_fee_trap"
    again.autosave = None
    assert again.autosaves == {}


def test_a_corrupt_file_is_kept_aside_not_lost(tmp_path):
    (tmp_path / "settings.json").write_text("{ not json", encoding="utf-8")
    progress = Progress.load(tmp_path)
    assert progress.settings == DEFAULT_SETTINGS
    (kept,) = tmp_path.glob("settings.json.corrupt-*")
    assert kept.read_text(encoding="utf-8") == "{ not json"


def test_a_second_corrupt_file_never_overwrites_the_first_set_aside(tmp_path):
    for text in ("{ first", "{ second", "{ third"):        # three starts in the same second
        (tmp_path / "settings.json").write_text(text, encoding="utf-8")
        assert Progress.load(tmp_path).settings == DEFAULT_SETTINGS
    kept = sorted(p.read_text(encoding="utf-8") for p in tmp_path.glob("settings.json.corrupt-*"))
    assert kept == ["{ first", "{ second", "{ third"]


def test_wrong_types_in_settings_fall_back_to_defaults(tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps(
        {"sound": "loud", "text_size": 1.2, "retention_days": -3, "player": "  "}), encoding="utf-8")
    progress = Progress.load(tmp_path)
    assert progress.settings["sound"] is True and progress.settings["text_size"] == 1.2
    assert progress.settings["retention_days"] is None and progress.settings["player"] is None


def test_the_old_progress_file_is_read_once_and_kept_aside(tmp_path):
    old = {"version": 1, "settings": {"lang": "zh", "sound": False},
           "scores": {"loan_fee_trap": {"played": 3, "best": 75}, "bad": {"played": "x"}},
           "autosave": {"scenario_id": "toll_text", "session": {"save_version": 2}}}
    (tmp_path / "progress.json").write_text(json.dumps(old), encoding="utf-8")
    progress = Progress.load(tmp_path)
    assert progress.settings["lang"] == "zh" and progress.settings["sound"] is False
    assert progress.legacy_scores == {"loan_fee_trap": (3, 75)}
    progress.player_id = "first-player"
    assert progress.autosave["scenario_id"] == "toll_text"   # the first player to play takes it over
    progress.retire_legacy()
    assert not (tmp_path / "progress.json").exists()
    assert json.loads((tmp_path / "progress.json.migrated").read_text(encoding="utf-8")) == old
    again = Progress.load(tmp_path)
    assert again.legacy_scores == {} and again.settings["lang"] == "zh"


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "deep" / "result.json"
    write_json_atomic(target, {"score": 1, "name": "识破"})
    write_json_atomic(target, {"score": 2})
    assert json.loads(target.read_text(encoding="utf-8")) == {"score": 2}
    assert [p.name for p in target.parent.iterdir()] == ["result.json"]


def test_temporary_files_left_by_a_killed_save_are_cleaned_at_start(tmp_path):
    import os
    import time

    old = tmp_path / ".settings.json.k3j2h1.tmp"            # a save killed before its rename, long ago
    old.write_text("{ half", encoding="utf-8")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    live = tmp_path / ".autosave.json.a1b2c3.tmp"           # another process writing right now
    live.write_text("{ in flight", encoding="utf-8")
    other = tmp_path / "notes.tmp"                          # not ours
    other.write_text("x", encoding="utf-8")
    (tmp_path / "settings.json").write_text(json.dumps({"sound": False}), encoding="utf-8")
    progress = Progress.load(tmp_path)
    assert progress.settings["sound"] is False
    assert not old.exists() and live.exists() and other.exists()
