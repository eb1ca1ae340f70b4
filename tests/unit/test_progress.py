"""The player's progress file: atomic writes, corrupt files kept aside, settings validated."""

from __future__ import annotations

import json

from game.progress import DEFAULT_SETTINGS, Progress
from game.storage import write_json_atomic


def test_progress_round_trips(tmp_path):
    progress = Progress.load(tmp_path / "progress.json")
    progress.record("loan_fee_trap", 40)
    progress.record("loan_fee_trap", 75)
    progress.record("loan_fee_trap", 60)
    progress.settings["text_size"] = 1.4
    progress.autosave = {"scenario_id": "loan_fee_trap", "session": {"save_version": 1}}
    progress.save()
    again = Progress.load(tmp_path / "progress.json")
    assert again.scores == {"loan_fee_trap": {"played": 3, "best": 75}}
    assert again.settings["text_size"] == 1.4
    assert again.autosave["scenario_id"] == "loan_fee_trap"


def test_a_corrupt_file_is_kept_aside_not_lost(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text("{ not json", encoding="utf-8")
    progress = Progress.load(path)
    assert progress.scores == {} and progress.settings == DEFAULT_SETTINGS
    assert (tmp_path / "progress.json.corrupt").read_text(encoding="utf-8") == "{ not json"


def test_wrong_types_in_settings_fall_back_to_defaults(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"settings": {"sound": "loud", "text_size": 1.2}, "scores": {}}), encoding="utf-8")
    progress = Progress.load(path)
    assert progress.settings["sound"] is True and progress.settings["text_size"] == 1.2


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "deep" / "result.json"
    write_json_atomic(target, {"score": 1, "name": "识破"})
    write_json_atomic(target, {"score": 2})
    assert json.loads(target.read_text(encoding="utf-8")) == {"score": 2}
    assert [p.name for p in target.parent.iterdir()] == ["result.json"]
