"""Moving results as files: an export is xAPI, one statement a line; an import merges it,
skips what is already stored, reports each bad line by file and line, and changes nothing
already stored."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest
from ralph.models.xapi.base.statements import BaseXapiStatement

from game.records import Filter, Records
from game.records.exchange import export, import_paths
from game.records.xapi import EXT, pseudonym, statements
from tests.records.helpers import attempts

ANN = "0b7e6f0e-6f63-4b62-9a43-0d1f1f0b2c11"
BEN = "9c1d7a52-4e7b-4d2a-8c11-5b6a7f8e9d00"


@pytest.fixture(scope="module")
def made(scenarios, catalog):
    return (attempts(scenarios, catalog, 5, player_id=ANN, nickname="Ann", class_code="7B")
            + attempts(scenarios, catalog, 3, player_id=BEN, nickname="Ben", start_day=10))


@pytest.fixture
def filled(tmp_path, made):
    with Records.open(tmp_path / "here.sqlite") as records:
        for attempt in made:
            records.add(attempt)
        yield records


def rows(path) -> dict[str, list]:
    """Every row of every table, to see that nothing changed."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(map(repr, db.execute(f"SELECT * FROM {t}"))) for t in tables}


def test_export_writes_one_valid_statement_a_line(tmp_path, filled, made):
    out = tmp_path / "out" / "all.jsonl"
    assert export(filled, Filter(), out) == len(made)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == sum(len(a.messages) + 3 for a in made)
    for line in lines:
        BaseXapiStatement.model_validate(json.loads(line))
    assert [p.name for p in out.parent.iterdir()] == ["all.jsonl"]     # no temporary file left


def test_export_follows_the_filter_and_can_pseudonymise(tmp_path, filled, made):
    out = tmp_path / "class.jsonl"
    assert export(filled, Filter(class_code="7b"), out, pseudonymise=True) == 5
    text = out.read_text(encoding="utf-8")
    assert "Ann" not in text and pseudonym(ANN) in text and BEN not in text


def test_an_export_imports_whole_elsewhere_and_a_second_import_skips_it(tmp_path, filled, made):
    out = tmp_path / "all.jsonl"
    export(filled, Filter(), out)
    with Records.open(tmp_path / "there.sqlite") as there:
        report = import_paths(there, [out])
        assert (report.added, report.skipped, report.problems) == (len(made), 0, [])
        assert there.attempts() == [replace(a, source="import") for a in filled.attempts()]
        assert {p.nickname for p in there.players(local_only=False)} == {"Ann", "Ben"}
        assert there.players() == []                                      # nobody to play as here
        report = import_paths(there, [out])
        assert (report.added, report.skipped, report.problems) == (0, len(made), [])
        assert there.count() == len(made)


def test_folders_of_jsonl_and_json_lists_are_read(tmp_path, made):
    stick = tmp_path / "stick"
    (stick / "class_7b").mkdir(parents=True)
    (stick / "class_7b" / "ann.jsonl").write_text(
        "\n".join(json.dumps(s) for a in made[:2] for s in statements(a)) + "\n\n", encoding="utf-8")
    (stick / "ben.json").write_text(json.dumps([s for s in statements(made[-1])]), encoding="utf-8")
    (stick / "notes.txt").write_text("not statements", encoding="utf-8")
    with Records.open(tmp_path / "there.sqlite") as there:
        report = import_paths(there, [stick, tmp_path / "nowhere"])
        assert (report.added, report.skipped) == (3, 0)
        assert report.problems == [f"{tmp_path / 'nowhere'}: no such file or folder"]


def test_bad_lines_are_reported_by_file_and_line_and_skipped(tmp_path, made):
    good, incomplete = statements(made[0]), statements(made[1])[:-2]
    wrong = statements(made[2])
    wrong[-2] = json.loads(json.dumps(wrong[-2]))
    wrong[-2]["result"]["extensions"][EXT + "loss"] = {"amount": "lots", "currency": "CNY"}
    lines = [json.dumps(s) for s in good] + ["{not json", "[1, 2]", json.dumps({"verb": {"id": "x"}})]
    lines += [json.dumps(s) for s in incomplete + wrong] + ["[" * 100_000]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Records.open(tmp_path / "there.sqlite") as there:
        report = import_paths(there, [path])
        assert (report.added, report.skipped) == (1, 0)
        assert there.attempts()[0].id == made[0].id
    start = len(good)
    assert report.problems[:3] == [
        f"{path}:{start + 1}: not valid JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))",
        f"{path}:{start + 2}: not an xAPI statement (not a JSON object)",
        f"{path}:{start + 3}: not a Red Flag statement (verb 'x')"]
    assert report.problems[3].startswith(f"{path}:{len(lines)}: not valid JSON (maximum recursion depth")
    assert report.problems[4] == (f"{path}:{start + 4}: attempt {made[1].id}: incomplete: it has no `completed` "
                                  "statement")
    assert report.problems[5].startswith(f"{path}:{start + 4 + len(incomplete)}: attempt {made[2].id}: bad loss")
    assert len(report.problems) == 6


def test_a_bad_import_changes_nothing_already_stored(tmp_path, filled, made):
    """Same attempt IDs with other facts, the same player under another nickname, garbage: the
    store's every row stays as it was."""
    before = rows(filled.path)
    forged = []
    for attempt in made[:3]:
        for s in statements(replace(attempt, score=0, nickname="Mallory", outcome="scammed")):
            forged.append(json.dumps(s))
    newcomer = replace(made[3], id="5a0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3", player_id=ANN, nickname="Mallory")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(forged + ["garbage"] + [json.dumps(s) for s in statements(newcomer)]) + "\n",
                   encoding="utf-8")
    report = import_paths(filled, [bad])
    assert (report.added, report.skipped) == (1, 3) and len(report.problems) == 1
    after = rows(filled.path)
    for table in before:
        if table not in ("attempts", "attempt_messages", "attempt_choices"):
            assert after[table] == before[table], table
        else:
            assert set(before[table]) <= set(after[table]), table        # only the newcomer was added
    assert filled.player_by_id(ANN).nickname == "Ann"
    assert [a.score for a in filled.attempts(Filter(player_id=ANN)) if a.id == made[0].id] == [made[0].score]
