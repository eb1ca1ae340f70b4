"""The records store: one SQLite file of players, attempts and the xAPI outbox.

WAL mode and `synchronous=FULL`: an attempt is one transaction, so a process killed at any
moment leaves every attempt that was stored before it complete and nothing half-written. A
file that is not a readable records database (corrupt, or some other program's) is moved
aside with a clear `notice` and a fresh one is started: the game always opens.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from game.scenario import RedFlagError
from game.storage import set_aside
from game.scenario.money import dump, load

from . import schema
from .attempt import Attempt, ChoiceRecord, MessageRecord, new_id, now_iso
from .practice import PracticeAnswer

FILE_NAME = "records.sqlite"

_ATTEMPT_COLUMNS = (
    "id", "player_id", "class_code", "mode", "source", "scenario", "scenario_version", "kind", "lang", "region",
    "feedback", "seed", "started_at", "finished_at", "clock", "ending", "outcome", "score", "detection",
    "restraint", "decisions", "d_prime", "criterion", "hits", "misses", "false_alarms", "correct_rejections",
    "named_correctly", "loss", "paid", "currency", "given")
_MESSAGE_COLUMNS = ("attempt_id", "position", "message_id", "step_id", "channel", "flags", "verdict", "flagged",
                    "first_flag", "final_flag", "arrived_at", "first_flag_at", "final_flag_at")
_CHOICE_COLUMNS = ("attempt_id", "position", "step_id", "choice_id", "at", "safe")
_PRACTICE_COLUMNS = ("id", "player_id", "class_code", "run", "form", "item", "scenario", "message_id", "region", "lang",
                     "seed", "truth", "flags", "scam_type", "difficulty", "said", "named", "confidence",
                     "answered_at", "seconds")


class RecordsError(RedFlagError):
    """The records file cannot be used (a message for the player, not a traceback)."""


@dataclass(frozen=True, slots=True)
class Player:
    id: str
    nickname: str
    local: bool
    created_at: str


@dataclass(frozen=True, slots=True)
class Queued:
    """A statement waiting in the outbox."""

    statement_id: str
    attempt_id: str
    body: str
    tries: int


@dataclass(frozen=True)
class Filter:
    """Which attempts a query covers. Demo attempts (the bot played) are left out unless asked."""

    player_id: str | None = None
    nickname: str | None = None
    class_code: str | None = None
    since: str | None = None            # ISO date or time: finished at or after it
    scenario: str | None = None
    include_demo: bool = False

    def where(self, *, when: str = "a.finished_at", attempts: bool = True) -> tuple[str, list[object]]:
        """The SQL WHERE clause and its parameters; `when` is the column `since` compares with.
        For practice answers (`attempts=False`) there is no scenario mode to leave demos out by."""
        clauses, params = [], []
        if self.player_id is not None:
            clauses.append("a.player_id = ?")
            params.append(self.player_id)
        if self.nickname is not None:
            clauses.append("p.nickname = ? COLLATE NOCASE")
            params.append(self.nickname)
        if self.class_code is not None:
            clauses.append("a.class_code = ? COLLATE NOCASE")
            params.append(self.class_code)
        if self.since is not None:
            clauses.append(f"{when} >= ?")
            params.append(self.since)
        if self.scenario is not None:
            clauses.append("a.scenario = ?")
            params.append(self.scenario)
        if attempts and not self.include_demo:
            clauses.append("a.mode <> 'demo'")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class Records:
    """An open records file. Not shared between threads: each thread opens its own."""

    def __init__(self, path: Path, connection: sqlite3.Connection, aside: Path | None = None,
                 notice: str | None = None) -> None:
        self.path = path
        self._db = connection
        self.aside = aside              # where the file found was moved, if it could not be read
        self.notice = notice            # …and a sentence saying so

    # -- opening ----------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path) -> "Records":
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RecordsError(f"cannot create the folder for the records file {path}: {exc.strerror}") from exc
        if path.is_dir():
            raise RecordsError(f"the records file {path} is a folder; choose a file with --records PATH")
        notice = None
        try:
            return cls(path, _connect(path))
        except sqlite3.OperationalError as exc:       # cannot open or locked: not the file's fault
            raise RecordsError(f"cannot open the records file {path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            aside = _move_aside(path)
            notice = (f"the records file {path} could not be read ({exc}); it was kept as {aside.name} "
                      f"and a fresh one was started")
        try:
            return cls(path, _connect(path), aside, notice)
        except sqlite3.DatabaseError as exc:
            raise RecordsError(f"cannot open the records file {path}: {exc}") from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Records":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def _write(self) -> "_Transaction":
        return _Transaction(self._db)

    # -- players ----------------------------------------------------------------------------
    def player(self, nickname: str, *, create: bool = True) -> Player | None:
        """The local player with this nickname (any case), made if `create` and not there yet."""
        nickname = clean_nickname(nickname)
        row = self._db.execute("SELECT id, nickname, local, created_at FROM players "
                               "WHERE local = 1 AND nickname = ? COLLATE NOCASE", (nickname,)).fetchone()
        if row is not None or not create:
            return Player(row[0], row[1], bool(row[2]), row[3]) if row else None
        player = Player(new_id(), nickname, True, now_iso())
        with self._write():
            self._db.execute("INSERT INTO players (id, nickname, local, created_at) VALUES (?, ?, 1, ?)",
                             (player.id, player.nickname, player.created_at))
        return player

    def players(self, *, local_only: bool = True) -> list[Player]:
        """Players, the most recent to play first (then the newest)."""
        rows = self._db.execute(
            "SELECT p.id, p.nickname, p.local, p.created_at, MAX(a.finished_at) AS last FROM players p "
            "LEFT JOIN attempts a ON a.player_id = p.id " + ("WHERE p.local = 1 " if local_only else "") +
            "GROUP BY p.id ORDER BY COALESCE(last, p.created_at) DESC").fetchall()
        return [Player(r[0], r[1], bool(r[2]), r[3]) for r in rows]

    def player_by_id(self, player_id: str) -> Player | None:
        row = self._db.execute("SELECT id, nickname, local, created_at FROM players WHERE id = ?",
                               (player_id,)).fetchone()
        return Player(row[0], row[1], bool(row[2]), row[3]) if row else None

    def ensure_player(self, player_id: str, nickname: str) -> None:
        """Know a player from an import (not local: never one to play as here)."""
        with self._write():
            self._db.execute("INSERT OR IGNORE INTO players (id, nickname, local, created_at) VALUES (?, ?, 0, ?)",
                             (player_id, nickname, now_iso()))

    def forget(self, nickname: str) -> int:
        """Delete every player with this nickname (local or imported) and all they did; returns
        the number of attempts deleted."""
        with self._write():
            ids = [r[0] for r in self._db.execute("SELECT id FROM players WHERE nickname = ? COLLATE NOCASE",
                                                 (clean_nickname(nickname),))]
            if not ids:
                return 0
            marks = ",".join("?" * len(ids))
            count = self._db.execute(f"SELECT COUNT(*) FROM attempts WHERE player_id IN ({marks})", ids).fetchone()[0]
            self._db.execute(f"DELETE FROM players WHERE id IN ({marks})", ids)
        return count

    # -- attempts ---------------------------------------------------------------------------
    def add(self, attempt: Attempt, outbox: Iterable[tuple[str, str]] = ()) -> bool:
        """Store an attempt with its messages and choices, and queue its statements
        (`(statement_id, json)` pairs), all in one transaction. False if it was already stored."""
        with self._write():
            if self._db.execute("SELECT 1 FROM attempts WHERE id = ?", (attempt.id,)).fetchone():
                return False
            self._know(attempt)
            self._insert(attempt)
            created = now_iso()
            self._db.executemany(
                "INSERT OR IGNORE INTO outbox (statement_id, attempt_id, body, created_at) VALUES (?, ?, ?, ?)",
                [(statement_id, attempt.id, body, created) for statement_id, body in outbox])
        return True

    def _know(self, attempt: Attempt) -> None:
        """Make sure the attempt's player is known (inside a transaction). A player from
        elsewhere — or one whose nickname a local player already has — is not a local player."""
        local = int(attempt.source == "here")
        self._db.execute("INSERT OR IGNORE INTO players (id, nickname, local, created_at) VALUES (?, ?, ?, ?)",
                         (attempt.player_id, attempt.nickname, local, now_iso()))
        if local and not self._db.execute("SELECT 1 FROM players WHERE id = ?", (attempt.player_id,)).fetchone():
            self._db.execute("INSERT INTO players (id, nickname, local, created_at) VALUES (?, ?, 0, ?)",
                             (attempt.player_id, attempt.nickname, now_iso()))

    def _insert(self, a: Attempt) -> None:
        row = (a.id, a.player_id, a.class_code, a.mode, a.source, a.scenario, a.scenario_version, a.kind, a.lang,
               a.region, a.feedback, a.seed, a.started_at, a.finished_at, a.clock, a.ending, a.outcome, a.score,
               a.detection, a.restraint, a.decisions, a.d_prime, a.criterion, a.hits, a.misses, a.false_alarms,
               a.correct_rejections, a.named_correctly, str(dump(a.loss)), str(dump(a.paid)), a.currency,
               " ".join(a.given))
        self._db.execute(f"INSERT INTO attempts ({','.join(_ATTEMPT_COLUMNS)}) "
                         f"VALUES ({','.join('?' * len(_ATTEMPT_COLUMNS))})", row)
        self._db.executemany(
            f"INSERT INTO attempt_messages ({','.join(_MESSAGE_COLUMNS)}) VALUES ({','.join('?' * len(_MESSAGE_COLUMNS))})",
            [(a.id, i, m.message_id, m.step_id, m.channel, " ".join(m.flags), m.verdict, m.flagged, m.first_flag,
              m.final_flag, m.arrived_at, m.first_flag_at, m.final_flag_at) for i, m in enumerate(a.messages)])
        self._db.executemany(
            f"INSERT INTO attempt_choices ({','.join(_CHOICE_COLUMNS)}) VALUES ({','.join('?' * len(_CHOICE_COLUMNS))})",
            [(a.id, i, c.step_id, c.choice_id, c.at, None if c.safe is None else int(c.safe))
             for i, c in enumerate(a.choices)])

    def add_many(self, attempts: Iterable[Attempt]) -> tuple[int, int]:
        """Store attempts from an import in one transaction: (added, already there)."""
        added = skipped = 0
        with self._write():
            for attempt in attempts:
                if self._db.execute("SELECT 1 FROM attempts WHERE id = ?", (attempt.id,)).fetchone():
                    skipped += 1
                    continue
                self._know(attempt)
                self._insert(attempt)
                added += 1
        return added, skipped

    def flag_facts(self, where: Filter = Filter()) -> list[tuple[tuple[str, ...], str | None, float | None]]:
        """(red flags carried, what was flagged, seconds from arrival to the first flag) of every
        message carrying a red flag in the attempts `where` covers: what a report counts, without
        building every attempt's records (reports over thousands of attempts)."""
        clause, params = where.where()
        rows = self._db.execute(
            "SELECT m.flags, m.flagged, m.first_flag_at - m.arrived_at FROM attempt_messages m "
            "JOIN attempts a ON a.id = m.attempt_id JOIN players p ON p.id = a.player_id" + clause
            + (" AND " if clause else " WHERE ") + "m.flags <> ''", params)
        return [(tuple(flags.split()), flagged, None if seconds is None else max(0.0, seconds))
                for flags, flagged, seconds in rows]

    def has(self, attempt_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM attempts WHERE id = ?", (attempt_id,)).fetchone() is not None

    def count(self, where: Filter = Filter()) -> int:
        clause, params = where.where()
        return self._db.execute("SELECT COUNT(*) FROM attempts a JOIN players p ON p.id = a.player_id" + clause,
                                params).fetchone()[0]

    def attempts(self, where: Filter = Filter(), *, details: bool = True) -> list[Attempt]:
        """Attempts, oldest first; without `details` their messages and choices are left empty
        (quicker, for lists and charts)."""
        clause, params = where.where()
        rows = self._db.execute(
            f"SELECT {','.join('a.' + c for c in _ATTEMPT_COLUMNS)}, p.nickname FROM attempts a "
            f"JOIN players p ON p.id = a.player_id{clause} ORDER BY a.finished_at, a.id", params).fetchall()
        messages: dict[str, list[MessageRecord]] = {}
        choices: dict[str, list[ChoiceRecord]] = {}
        if details and rows:
            ids = [row[0] for row in rows]
            for chunk in _chunks(ids, 900):
                marks = ",".join("?" * len(chunk))
                for r in self._db.execute(
                        f"SELECT {','.join(_MESSAGE_COLUMNS)} FROM attempt_messages WHERE attempt_id IN ({marks}) "
                        "ORDER BY attempt_id, position", chunk):
                    messages.setdefault(r[0], []).append(MessageRecord(
                        r[2], r[3], r[4], tuple(r[5].split()), r[6], r[7], r[8], r[9], r[10], r[11], r[12]))
                for r in self._db.execute(
                        f"SELECT {','.join(_CHOICE_COLUMNS)} FROM attempt_choices WHERE attempt_id IN ({marks}) "
                        "ORDER BY attempt_id, position", chunk):
                    choices.setdefault(r[0], []).append(ChoiceRecord(r[2], r[3], r[4],
                                                                     None if r[5] is None else bool(r[5])))
        return [_attempt(row, tuple(messages.get(row[0], ())), tuple(choices.get(row[0], ()))) for row in rows]

    def scores(self, player_id: str) -> dict[str, tuple[int, int]]:
        """Per scenario: (times played, best score) for one player, demo runs left out, counts
        kept from the old progress file included."""
        found: dict[str, tuple[int, int]] = {}
        for scenario, played, best in self._db.execute(
                "SELECT scenario, played, best FROM legacy_scores WHERE player_id = ?", (player_id,)):
            found[scenario] = (played, best)
        for scenario, played, best in self._db.execute(
                "SELECT scenario, COUNT(*), MAX(score) FROM attempts WHERE player_id = ? AND mode <> 'demo' "
                "GROUP BY scenario", (player_id,)):
            old_played, old_best = found.get(scenario, (0, 0))
            found[scenario] = (old_played + played, max(old_best, best))
        return found

    def keep_legacy_scores(self, player_id: str, scores: dict[str, tuple[int, int]]) -> None:
        with self._write():
            self._db.executemany("INSERT OR REPLACE INTO legacy_scores (player_id, scenario, played, best) "
                                 "VALUES (?, ?, ?, ?)", [(player_id, s, p, b) for s, (p, b) in scores.items()])

    def purge(self, days: int, *, now: datetime | None = None) -> int:
        """Delete attempts that finished (and drill answers given) more than `days` days ago;
        returns how many attempts."""
        cutoff = ((now or datetime.now(timezone.utc)) - timedelta(days=days)).isoformat(timespec="milliseconds")
        cutoff = cutoff.replace("+00:00", "Z")
        with self._write():
            self._db.execute("DELETE FROM practice_answers WHERE answered_at < ?", (cutoff,))
            return self._db.execute("DELETE FROM attempts WHERE finished_at < ?", (cutoff,)).rowcount

    # -- drills and before/after forms ------------------------------------------------------
    def add_practice(self, player_id: str, answers: Iterable[PracticeAnswer],
                     cards: Iterable[tuple[str, str, str]] = ()) -> int:
        """Keep a player's answers and their items' changed cards (`(item, due, card)`), in one
        transaction; an answer already kept is left alone. Returns how many were new."""
        answers = list(answers)
        with self._write():
            before = self._db.total_changes
            self._db.executemany(
                f"INSERT OR IGNORE INTO practice_answers ({','.join(_PRACTICE_COLUMNS)}) "
                f"VALUES ({','.join('?' * len(_PRACTICE_COLUMNS))})",
                [(a.id, player_id, a.class_code, a.run, a.form, a.item, a.scenario, a.message_id, a.region, a.lang,
                  a.seed, a.truth, " ".join(a.flags), a.scam_type, a.difficulty, a.said, a.named, a.confidence,
                  a.answered_at, a.seconds) for a in answers])
            added = self._db.total_changes - before
            self._db.executemany("INSERT OR REPLACE INTO practice_cards (player_id, item, due, card) "
                                 "VALUES (?, ?, ?, ?)", [(player_id, *card) for card in cards])
        return added

    def practice(self, where: Filter = Filter(), *, forms: Iterable[str] | None = None) -> list[PracticeAnswer]:
        """Answers given in drills and forms, oldest first (`forms`: only these kinds)."""
        clause, params = where.where(when="a.answered_at", attempts=False)
        if forms is not None:
            forms = list(forms)
            clause += (" AND " if clause else " WHERE ") + f"a.form IN ({','.join('?' * len(forms))})"
            params.extend(forms)
        sql = (f"SELECT {','.join('a.' + c for c in _PRACTICE_COLUMNS)} FROM practice_answers a "
               f"JOIN players p ON p.id = a.player_id{clause} ORDER BY a.answered_at, a.id")
        return [_practice(row) for row in self._db.execute(sql, params)]

    def practice_with_players(self, where: Filter = Filter()) -> tuple[list[PracticeAnswer], dict[str, tuple[str, str]]]:
        """`practice(where)`, and each answer's (player ID, nickname) by answer ID (for export)."""
        answers = self.practice(where)
        players: dict[str, tuple[str, str]] = {}
        ids = [a.id for a in answers]
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for answer_id, player_id, nickname in self._db.execute(
                    f"SELECT a.id, a.player_id, p.nickname FROM practice_answers a JOIN players p "
                    f"ON p.id = a.player_id WHERE a.id IN ({marks})", chunk):
                players[answer_id] = (player_id, nickname)
        return answers, players

    def cards(self, player_id: str) -> list[tuple[str, str, str]]:
        """A player's spaced-repetition cards: (item, due, card JSON)."""
        return list(self._db.execute("SELECT item, due, card FROM practice_cards WHERE player_id = ? ORDER BY due",
                                     (player_id,)))

    def last_activity(self, player_id: str) -> str | None:
        """When the player last finished a scenario (not a demo) or answered a drill item."""
        row = self._db.execute(
            "SELECT MAX(t) FROM (SELECT MAX(finished_at) AS t FROM attempts WHERE player_id = ? AND mode <> 'demo' "
            "UNION ALL SELECT MAX(answered_at) FROM practice_answers WHERE player_id = ?)",
            (player_id, player_id)).fetchone()
        return row[0] if row else None

    # -- the outbox -------------------------------------------------------------------------
    def queue(self, attempt_id: str, statements: Iterable[tuple[str, str]]) -> int:
        """Queue statements of a stored attempt (those already queued are left as they are)."""
        created = now_iso()
        with self._write():
            before = self._db.total_changes
            self._db.executemany(
                "INSERT OR IGNORE INTO outbox (statement_id, attempt_id, body, created_at) VALUES (?, ?, ?, ?)",
                [(sid, attempt_id, body, created) for sid, body in statements])
            return self._db.total_changes - before

    def due(self, limit: int, *, now: float | None = None) -> list[Queued]:
        """Statements to send now, oldest first."""
        rows = self._db.execute(
            "SELECT statement_id, attempt_id, body, tries FROM outbox WHERE next_try <= ? "
            "ORDER BY created_at, attempt_id, statement_id LIMIT ?", (time.time() if now is None else now, limit))
        return [Queued(*row) for row in rows]

    def sent(self, statement_ids: Iterable[str]) -> None:
        with self._write():
            self._db.executemany("DELETE FROM outbox WHERE statement_id = ?", [(s,) for s in statement_ids])

    def failed(self, statement_ids: Iterable[str], error: str, retry_at: float) -> None:
        with self._write():
            self._db.executemany("UPDATE outbox SET tries = tries + 1, last_error = ?, next_try = ? "
                                 "WHERE statement_id = ?", [(error[:500], retry_at, s) for s in statement_ids])

    def retry_now(self) -> int:
        """Make every waiting statement due now (a sync the user asked for does not wait out the
        back-off); returns how many wait."""
        with self._write():
            self._db.execute("UPDATE outbox SET next_try = 0")
        return self.waiting()

    def waiting(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]

    def last_error(self) -> str:
        row = self._db.execute("SELECT last_error FROM outbox WHERE last_error <> '' ORDER BY next_try DESC "
                               "LIMIT 1").fetchone()
        return row[0] if row else ""


# -- helpers --------------------------------------------------------------------------------

def clean_nickname(nickname: str) -> str:
    """A nickname as stored: spaces collapsed, control characters dropped, at most 32 characters."""
    text = "".join(ch for ch in str(nickname) if ch.isprintable())
    return " ".join(text.split())[:32]


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    try:
        found_app = connection.execute("PRAGMA application_id").fetchone()[0]
        tables = connection.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if found_app != schema.APPLICATION_ID and tables:
            raise sqlite3.DatabaseError("it is not a Red Flag records file")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        schema.migrate(connection)
        check = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"the file is damaged ({check})")
    except BaseException:
        connection.close()
        raise
    return connection


def _move_aside(path: Path) -> Path:
    aside = set_aside(path)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.replace(aside.with_name(aside.name + suffix))
    return aside


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, traceback) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _attempt(row: tuple, messages: tuple[MessageRecord, ...], choices: tuple[ChoiceRecord, ...]) -> Attempt:
    values = dict(zip(_ATTEMPT_COLUMNS, row))
    values["nickname"] = row[len(_ATTEMPT_COLUMNS)]
    values["loss"] = load(values["loss"])
    values["paid"] = load(values["paid"])
    values["given"] = tuple(values["given"].split())
    del values["id"]
    return Attempt(id=row[0], messages=messages, choices=choices, **values)


def _practice(row: tuple) -> PracticeAnswer:
    (answer_id, _player, class_code, run, form, item, scenario, message_id, region, lang, seed, truth, flags,
     scam_type, difficulty, said, named, confidence, answered_at, seconds) = row
    return PracticeAnswer(id=answer_id, run=run, form=form, item=item, scenario=scenario, message_id=message_id,
                          region=region, lang=lang, seed=seed, truth=truth, flags=tuple(flags.split()),
                          scam_type=scam_type, difficulty=difficulty, said=said, named=named,
                          confidence=confidence, answered_at=answered_at, seconds=seconds, class_code=class_code)
