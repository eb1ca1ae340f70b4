"""The bounds of the progress files' models (`game.save_schema`), at their edges: the last value
allowed is kept, the first one past it falls back to its default (settings) or drops its line
(autosave entries, old score lines)."""

from __future__ import annotations

import pytest

from game import save_schema as schema
from game.save_schema import check_autosave, check_autosaves, check_scores, check_settings, default_settings

ENTRY = {"scenario_id": "toll_text", "session": {}}


@pytest.mark.parametrize(("key", "good", "bad"), [
    ("retention_days", [1, 36_500], [0, 36_501, True]), ("version", [1, 2], [0, 3]),
    ("text_size", list(schema.TEXT_SIZES), [1.1, 0.0, float("nan")]), ("player", ["A", "x" * 64], ["x" * 65, " ",
                                                                                                   "a\x1fb", "a\x7f"]),
    ("lang", ["en", "zh_CN", "yue"], ["e", "EN", "english"]), ("region", ["GB"], ["gb", "GBR"]),
    ("feedback", ["immediate", "delayed"], ["sometimes"]), ("sound", [False], ["yes", 0])])
def test_each_setting_keeps_values_up_to_its_edge_and_drops_the_rest(key, good, bad):
    for value in good:
        settings, clean = check_settings({key: value, "sound": False} if key != "sound" else {key: value})
        assert clean, (key, value)
        if key != "version":
            assert settings[key] == value
    for value in bad:
        settings, clean = check_settings({key: value, "high_contrast": True})
        assert not clean, (key, value)
        assert settings["high_contrast"] is True                  # the other keys are kept
        if key != "version":
            assert settings[key] == default_settings()[key]


def test_settings_that_are_not_an_object_are_the_defaults():
    assert check_settings(["sound", False]) == (default_settings(), False)
    assert check_settings({}) == (default_settings(), True)
    assert "version" not in default_settings()


def test_an_autosave_entry_needs_a_scenario_id_and_a_session_object():
    assert check_autosave(ENTRY) == {**ENTRY, "started_at": None}
    assert check_autosave({**ENTRY, "started_at": "x" * 64})["started_at"] == "x" * 64
    for bad in ({**ENTRY, "scenario_id": "Toll"}, {**ENTRY, "scenario_id": "a" * 65}, {**ENTRY, "session": []},
                {**ENTRY, "started_at": "x" * 65}, {**ENTRY, "extra": 1}, ["toll_text", {}]):
        assert check_autosave(bad) is None, bad
    assert check_autosave({**ENTRY, "scenario_id": "a" * 64}) is not None


def test_autosaves_keep_the_good_entries_and_say_whether_all_were_good():
    assert check_autosaves({"p1": ENTRY}) == ({"p1": {**ENTRY, "started_at": None}}, True)
    good, clean = check_autosaves({"p1": ENTRY, "p2": "junk", "x" * 201: ENTRY, "x" * 200: ENTRY})
    assert set(good) == {"p1", "x" * 200} and clean is False
    assert check_autosaves([ENTRY]) == ({}, False)
    too_many = {str(n): ENTRY for n in range(schema.MAX_ENTRIES + 1)}
    assert check_autosaves(too_many) == ({}, False)
    at_limit = {str(n): ENTRY for n in range(schema.MAX_ENTRIES)}
    assert check_autosaves(at_limit)[1] is True


def test_old_score_lines_are_kept_within_bounds_and_dropped_past_them():
    raw = {"ok": {"played": schema.MAX_COUNT, "best": schema.MAX_SCORE, "extra": "ignored"},
           "zero": {"played": 0, "best": 0}, "many": {"played": schema.MAX_COUNT + 1, "best": 1},
           "high": {"played": 1, "best": schema.MAX_SCORE + 1}, "neg": {"played": -1, "best": 1},
           "Bad Id": {"played": 1, "best": 1}, "text": {"played": "1", "best": 1}}
    assert check_scores(raw) == {"ok": (schema.MAX_COUNT, schema.MAX_SCORE), "zero": (0, 0)}
    assert check_scores(["ok"]) == {}
    lines = {f"s{n}": {"played": 1, "best": 1} for n in range(schema.MAX_ENTRIES + 1)}
    assert len(check_scores(lines)) == schema.MAX_ENTRIES
    assert (schema.MAX_ENTRIES, schema.MAX_COUNT, schema.MAX_SCORE) == (10_000, 10 ** 9, 1_000)


def test_the_default_settings_are_the_documented_ones():
    # A first start: the system's language and region, normal text, sound on, no high contrast or reduced
    # motion, feedback at the end, no player chosen, results kept for ever.
    assert default_settings() == {"lang": None, "region": None, "text_size": 1.0, "sound": True,
                                  "high_contrast": False, "reduced_motion": False, "feedback": "delayed",
                                  "player": None, "retention_days": None}
