"""Moving results without a server: export attempts as xAPI statements, one JSON object a line
(`.jsonl`), and merge such files back — from a USB stick or a shared folder — into a store.

Imported files are untrusted: each statement is read into typed fields (xapi.rebuild), a line
that cannot be read is reported as `path:line: message` and skipped, an attempt already stored
is skipped, and nothing already stored is ever changed (new attempts are only added, in one
transaction).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from game.storage import write_text_atomic

from .store import Filter, Records, RecordsError
from .practice_xapi import answers_from_statements, is_practice, practice_statements
from .xapi import DEFAULT_BASE, rebuild, statements

SUFFIXES = (".jsonl", ".json")
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_LINE_CHARS = 1024 * 1024
MAX_PROBLEMS = 1000                 # problems listed; the rest are counted


@dataclass
class ImportReport:
    added: int = 0                  # attempts stored
    skipped: int = 0                # attempts already stored
    problems: list[str] = field(default_factory=list)
    practice: int = 0               # practice answers (drills, before/after checks) stored


def export(records: Records, where: Filter, out_path: Path, *, pseudonymise: bool = False,
           base: str = DEFAULT_BASE) -> int:
    """Write the attempts `where` selects as statements, one a line, to `out_path` (replaced
    atomically), then the practice answers of the same players, class and dates. Returns the
    number of attempts written."""
    attempts = records.attempts(where, details=True)
    lines = [json.dumps(statement, ensure_ascii=False, separators=(",", ":"))
             for attempt in attempts for statement in statements(attempt, base=base, pseudonymise=pseudonymise)]
    if where.scenario is None:                  # drill answers belong to no one scenario's attempts
        answers, players = records.practice_with_players(where)
        lines += [json.dumps(statement, ensure_ascii=False, separators=(",", ":"))
                  for statement in practice_statements(answers, players, base=base, pseudonymise=pseudonymise)]
    write_text_atomic(Path(out_path), "".join(line + "\n" for line in lines))
    return len(attempts)


def import_paths(records: Records, paths: Iterable[Path]) -> ImportReport:
    """Merge exported statements from files and folders (`.jsonl`, or `.json` holding a list)."""
    problems: list[str] = []
    practice: list[tuple[str, object]] = []

    def played(located):
        for where, item in located:
            if is_practice(item):
                practice.append((where, item))
            else:
                yield where, item

    attempts, _ = rebuild(played(_located(paths, problems)), problems)
    answers = answers_from_statements(practice, problems)
    report = ImportReport(problems=problems[:MAX_PROBLEMS])
    if len(problems) > MAX_PROBLEMS:
        report.problems.append(f"… and {len(problems) - MAX_PROBLEMS} more problems")
    try:
        report.added, report.skipped = records.add_many(attempts)
        by_player: dict[str, list] = {}
        for answer, player_id, nickname in answers:
            if player_id not in by_player:
                records.ensure_player(player_id, nickname)
            by_player.setdefault(player_id, []).append(answer)
        report.practice = sum(records.add_practice(player_id, kept) for player_id, kept in by_player.items())
    except sqlite3.Error as exc:
        raise RecordsError(f"cannot store the imported attempts: {exc}") from None
    return report


def files_in(paths: Iterable[Path], problems: list[str]) -> list[Path]:
    """The files to read: files given, and `.jsonl`/`.json` files anywhere under folders given."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                                and not p.name.startswith(".")))
        elif path.is_file():
            found.append(path)
        else:
            problems.append(f"{path}: no such file or folder")
    return found


def _located(paths: Iterable[Path], problems: list[str]) -> Iterator[tuple[str, object]]:
    for path in files_in(paths, problems):
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                problems.append(f"{path}: larger than {MAX_FILE_BYTES // 1024 // 1024} MB; not read")
                continue
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path}: cannot be read ({exc})")
            continue
        if path.suffix.lower() == ".json":
            yield from _json_items(path, text, problems)
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            if len(line) > MAX_LINE_CHARS:
                problems.append(f"{path}:{number}: longer than {MAX_LINE_CHARS:,} characters")
                continue
            try:
                item = json.loads(line)
            except (ValueError, RecursionError) as exc:
                problems.append(f"{path}:{number}: not valid JSON ({exc})")
                continue
            yield f"{path}:{number}", item


def _json_items(path: Path, text: str, problems: list[str]) -> Iterator[tuple[str, object]]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        problems.append(f"{path}: not valid JSON ({exc})")
        return
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        problems.append(f"{path}: not a list of xAPI statements")
        return
    for number, item in enumerate(data, 1):
        yield f"{path}: statement {number}", item
