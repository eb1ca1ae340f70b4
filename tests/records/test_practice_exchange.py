"""Practice answers travel like attempts: exported as xAPI statements, imported once, never trusted blindly."""

from __future__ import annotations

import json

from game.records import Filter, Records
from game.records.exchange import export, import_paths
from game.records.practice import PracticeAnswer

from .helpers import attempts


def _answers(run: str, form: str, count: int, *, class_code: str = "7B") -> list[PracticeAnswer]:
    return [PracticeAnswer(id=f"00000000-0000-4000-8000-{run}{i:011d}", run=f"00000000-0000-4000-8000-{run}00000000000",
                           form=form, item=f"loan_fee_trap/m{i}", scenario="loan_fee_trap", message_id=f"m{i}",
                           region="GB", lang="en", seed=i, truth="scam" if i % 2 else "genuine",
                           flags=("upfront_fee",) if i % 2 else (), scam_type="fake_loan", difficulty=2,
                           said="scam", named="" if i % 3 else None, confidence=1 + i % 3,
                           answered_at=f"2026-10-0{1 + i % 5}T10:00:00.000Z", seconds=2.5 + i, class_code=class_code)
            for i in range(count)]


def test_answers_exported_and_imported_on_another_computer(tmp_path, scenarios, catalog):
    here = Records.open(tmp_path / "a.sqlite")
    player = here.player("Keen Owl")
    here.add(attempts(scenarios, catalog, 1, player_id=player.id, nickname="Keen Owl", class_code="7B")[0])
    given = _answers("1", "before", 6) + _answers("2", "after", 6)
    assert here.add_practice(player.id, given) == 12
    out = tmp_path / "7B.jsonl"
    export(here, Filter(class_code="7B"), out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sum("practice-form" in json.dumps(line) for line in lines) == 12
    there = Records.open(tmp_path / "b.sqlite")
    report = import_paths(there, [out])
    assert (report.added, report.practice, report.problems) == (1, 12, [])
    assert there.practice(Filter(class_code="7B")) == here.practice(Filter(class_code="7B"))
    again = import_paths(there, [out])
    assert (again.added, again.skipped, again.practice) == (0, 1, 0)
    here.close(), there.close()


def test_a_tampered_practice_statement_is_a_problem_not_a_crash(tmp_path):
    here = Records.open(tmp_path / "a.sqlite")
    player = here.player("Keen Owl")
    here.add_practice(player.id, _answers("3", "drill", 3))
    out = tmp_path / "x.jsonl"
    export(here, Filter(), out)
    lines = out.read_text(encoding="utf-8").splitlines()
    bad = [json.loads(line) for line in lines]
    bad[0]["result"]["extensions"]["https://redflag.invalid/xapi/extensions/confidence"] = 9
    bad[1]["result"]["response"] = "maybe"
    out.write_text("".join(json.dumps(item) + "\n" for item in bad), encoding="utf-8")
    there = Records.open(tmp_path / "b.sqlite")
    report = import_paths(there, [out])
    assert report.practice == 1 and len(report.problems) == 2
    assert "confidence" in report.problems[0] and "x.jsonl:1" in report.problems[0]
    here.close(), there.close()
