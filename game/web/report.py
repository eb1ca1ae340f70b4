"""The report a teacher opens when the class ends: the records report (`python main.py report`)
of this class's attempts and drill/form answers, taken from the class store (so it is whole even
when several workers, on several computers, served the class)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from game.records.report_render import report_command
from game.records.store import Records
from game.records.xapi import attempts_from_statements

from . import drills
from .classroom import Classroom


def class_report(room: Classroom, code: str, lang: str, fmt: str = "html") -> str:
    statements = [s for group in room.store.attempt_statements(code) for s in group]
    attempts, _problems = attempts_from_statements(statements)
    titles = {scenario_id: scenario.title for scenario_id, scenario in room.scenarios.items()}
    with tempfile.TemporaryDirectory(prefix="redflag-report-") as folder:
        with Records.open(Path(folder) / "class.sqlite") as records:
            records.add_many(attempts)
            nicknames = {t.id: t.nickname for t in room.store.roster(code)}
            by_trainee: dict[str, list] = {}
            for trainee_id, data in room.store.practice_answers(code):
                by_trainee.setdefault(trainee_id, []).append(drills.from_json(data))
            for trainee_id, answers in by_trainee.items():
                records.ensure_player(trainee_id, nicknames.get(trainee_id, "?"))
                records.add_practice(trainee_id, answers)
            return report_command(records, catalog=room.catalog, titles=titles, class_code=code, fmt=fmt, lang=lang)
