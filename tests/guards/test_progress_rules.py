"""The player's files (`game.progress`) rule by rule: where they live, the played/best copy,
whose autosave is whose, what is set aside (with a notice) and what is written back, resuming
an autosave or refusing it, and the retirement of the old one-file progress.json."""

from __future__ import annotations

import json

import pytest

from game import progress as progress_module
from game.engine import FixedPersonas, Session
from game.progress import AUTOSAVE_FILE, SETTINGS_FILE, Notice, Progress, config_home, data_home


def test_files_live_in_redflag_home_when_it_is_set(tmp_path, monkeypatch):
    monkeypatch.setenv("REDFLAG_HOME", str(tmp_path))
    assert data_home() == tmp_path and config_home() == tmp_path
    monkeypatch.setenv("REDFLAG_HOME", "")
    assert data_home() != tmp_path and config_home() != tmp_path
    assert "redflag" in str(data_home()).lower() and "redflag" in str(config_home()).lower()


def test_played_counts_up_and_best_keeps_the_highest(tmp_path):
    progress = Progress.load(tmp_path)
    for score in (40, 90, 70):
        progress.record("toll_text", score)
    progress.record("other", 10)
    progress.record("zero", 0)
    assert progress.scores == {"toll_text": {"played": 3, "best": 90}, "other": {"played": 1, "best": 10},
                               "zero": {"played": 1, "best": 0}}


def test_an_autosave_is_the_players_own_else_one_left_by_the_old_file(tmp_path):
    progress = Progress.load(tmp_path)
    progress.autosaves[""] = {"scenario_id": "old", "session": {}}
    progress.player_id = "p1"
    assert progress.autosave["scenario_id"] == "old"
    progress.autosaves["p1"] = {"scenario_id": "mine", "session": {}}
    assert progress.autosave["scenario_id"] == "mine"
    progress.autosave = {"scenario_id": "new", "session": {}}
    assert progress.autosaves == {"p1": {"scenario_id": "new", "session": {}}}    # the old one is taken over
    progress.autosave = None
    assert progress.autosaves == {} and progress.autosave is None


def test_save_writes_both_files_with_the_settings_version(tmp_path):
    progress = Progress.load(tmp_path)
    progress.player_id = "p1"
    progress.autosave = {"scenario_id": "x", "session": {}}
    progress.save()
    settings = json.loads((tmp_path / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert settings["version"] == 2 and {k: settings[k] for k in progress.settings} == progress.settings
    assert json.loads((tmp_path / AUTOSAVE_FILE).read_text(encoding="utf-8")) == progress.autosaves


def test_a_settings_file_with_one_bad_value_is_kept_aside_and_the_rest_written_back(tmp_path):
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"version": 2, "sound": False, "text_size": "huge"}),
                                          encoding="utf-8")
    progress = Progress.load(tmp_path)
    assert progress.settings["sound"] is False
    (kept,) = tmp_path.glob(SETTINGS_FILE + ".corrupt-*")
    assert progress.notices == [Notice("progress.set_aside", kept.name, SETTINGS_FILE)]
    written = json.loads((tmp_path / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert written["sound"] is False and written["version"] == 2
    assert Progress.load(tmp_path).notices == []                      # what was written back is clean


def test_a_clean_file_is_left_alone_and_tells_nothing(tmp_path):
    Progress.load(tmp_path).save()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    progress = Progress.load(tmp_path)
    assert progress.notices == []
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_file_too_large_to_read_is_set_aside_unread(tmp_path, monkeypatch):
    assert progress_module.MAX_FILE_BYTES == 64 * 1024 * 1024        # the documented limit: 64 MiB
    monkeypatch.setattr(progress_module, "MAX_FILE_BYTES", 64)
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"sound": False, "pad": "x" * 100}), encoding="utf-8")
    progress = Progress.load(tmp_path)
    assert progress.settings["sound"] is True
    assert [n.key for n in progress.notices] == ["progress.set_aside_whole"]
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"sound": False, "p": "x" * 20}), encoding="utf-8")
    assert Progress.load(tmp_path).settings["sound"] is False          # within the limit: read


def test_a_bad_autosave_file_is_set_aside_and_the_good_entries_kept(tmp_path, tiny, catalog):
    session = Session(tiny, catalog, seed=1, lang="en", personas=FixedPersonas())
    entry = {"scenario_id": "tiny_loan", "session": session.to_json()}
    (tmp_path / AUTOSAVE_FILE).write_text(json.dumps({"good": entry, "bad": ["not", "an", "entry"]}),
                                          encoding="utf-8")
    progress = Progress.load(tmp_path)
    assert set(progress.autosaves) == {"good"}
    assert [n.file for n in progress.notices] == [AUTOSAVE_FILE]
    assert set(json.loads((tmp_path / AUTOSAVE_FILE).read_text(encoding="utf-8"))) == {"good"}


def test_resume_plays_on_a_good_autosave_and_refuses_a_bad_one_with_a_notice(tmp_path, tiny, catalog):
    progress = Progress.load(tmp_path)
    assert progress.resume(tiny, catalog) is None and progress.notices == []        # nothing to resume
    session = Session(tiny, catalog, seed=1, lang="en", personas=FixedPersonas())
    session.tick(10)
    progress.player_id = "p1"
    progress.autosave = {"scenario_id": "tiny_loan", "session": session.to_json()}
    resumed = progress.resume(tiny, catalog)
    assert resumed is not None and resumed.view() == session.view()
    assert progress.autosave is not None and progress.notices == []
    progress.autosave = {"scenario_id": "tiny_loan", "session": {**session.to_json(), "node": "nowhere"}}
    assert progress.resume(tiny, catalog) is None
    assert progress.autosave is None
    (notice,) = progress.notices
    assert (notice.key, notice.file) == ("progress.resume_refused", AUTOSAVE_FILE)
    assert (tmp_path / notice.name).exists() and notice.name.startswith(AUTOSAVE_FILE + ".refused-")
    assert json.loads((tmp_path / AUTOSAVE_FILE).read_text(encoding="utf-8")) == {}


def test_a_save_of_changed_content_is_refused_as_changed(tmp_path, tiny, catalog):
    session = Session(tiny, catalog, seed=1, lang="en", personas=FixedPersonas())
    progress = Progress.load(tmp_path)
    progress.autosave = {"scenario_id": "tiny_loan", "session": {**session.to_json(), "content_hash": "0" * 64}}
    assert progress.resume(tiny, catalog) is None
    assert [n.key for n in progress.notices] == ["progress.scenario_changed"]


def test_refusing_when_there_is_no_autosave_tells_nothing(tmp_path):
    progress = Progress.load(tmp_path)
    progress.refuse_autosave()
    assert progress.notices == [] and not list(tmp_path.glob("*.refused-*"))


def test_retiring_the_old_file_saves_the_new_ones_first(tmp_path):
    (tmp_path / "progress.json").write_text(json.dumps({"settings": {"lang": "zh"}}), encoding="utf-8")
    progress = Progress.load(tmp_path)
    progress.legacy_scores = {"x": (1, 2)}
    progress.retire_legacy()
    assert progress.legacy_scores == {}
    assert json.loads((tmp_path / SETTINGS_FILE).read_text(encoding="utf-8"))["lang"] == "zh"
    assert (tmp_path / "progress.json.migrated").exists() and not (tmp_path / "progress.json").exists()
    progress.retire_legacy()                                    # nothing left to retire: nothing happens
    assert (tmp_path / "progress.json.migrated").exists()


@pytest.mark.parametrize("text", ["[1, 2]", "null", "\"text\""])
def test_an_old_file_that_is_not_an_object_changes_nothing(tmp_path, text):
    (tmp_path / "progress.json").write_text(text, encoding="utf-8")
    progress = Progress.load(tmp_path)
    assert progress.legacy_scores == {} and progress.autosaves == {}
    assert progress.settings == progress_module.DEFAULT_SETTINGS


def test_settings_json_wins_over_an_old_progress_file(tmp_path):
    (tmp_path / "progress.json").write_text(json.dumps({"settings": {"lang": "zh"}, "scores": {"a": {
        "played": 1, "best": 5}}}), encoding="utf-8")
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"version": 2, "lang": "en"}), encoding="utf-8")
    progress = Progress.load(tmp_path)
    assert progress.settings["lang"] == "en" and progress.legacy_scores == {}


def test_a_home_that_is_not_a_folder_gives_the_defaults_and_nothing_to_set_aside(tmp_path, caplog):
    home = tmp_path / "not_a_folder"
    home.write_text("x", encoding="utf-8")
    with caplog.at_level("WARNING", logger="game.progress"):
        progress = Progress.load(home)
    assert progress.settings == progress_module.DEFAULT_SETTINGS and progress.autosaves == {}
    assert progress.notices == [] and caplog.records == []


def test_a_file_of_exactly_the_limit_is_read(tmp_path, monkeypatch):
    text = json.dumps({"sound": False, "pad": ""})
    text = text.replace('""', '"' + "x" * (64 - len(text)) + '"')
    assert len(text.encode("utf-8")) == 64
    monkeypatch.setattr(progress_module, "MAX_FILE_BYTES", 64)
    (tmp_path / SETTINGS_FILE).write_text(text, encoding="utf-8")
    progress = Progress.load(tmp_path)
    assert progress.settings["sound"] is False and [n.key for n in progress.notices] == ["progress.set_aside"]


def test_a_file_that_is_not_json_is_set_aside_once_and_nothing_is_written_in_its_place(tmp_path, caplog):
    (tmp_path / SETTINGS_FILE).write_text("{ not json", encoding="utf-8")
    with caplog.at_level("WARNING", logger="game.progress"):
        progress = Progress.load(tmp_path)
    assert [n.file for n in progress.notices] == [SETTINGS_FILE]
    assert not (tmp_path / SETTINGS_FILE).exists() and caplog.records == []


def test_a_refused_autosave_is_logged_with_why(tmp_path, tiny, catalog, caplog):
    session = Session(tiny, catalog, seed=1, lang="en", personas=FixedPersonas())
    progress = Progress.load(tmp_path)
    progress.autosave = {"scenario_id": "tiny_loan", "session": {**session.to_json(), "node": "nowhere"}}
    with caplog.at_level("WARNING", logger="game.progress"):
        assert progress.resume(tiny, catalog) is None
    (record,) = caplog.records
    assert "tiny_loan" in record.getMessage() and "nowhere" in record.getMessage()
