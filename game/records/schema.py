"""The records database's schema, one migration per version.

`PRAGMA user_version` says which version a file is at; `migrate` brings it to the newest in one
transaction per step. A migration is never edited once released: a change is a new step, and
tests build a file at every earlier version and migrate it (tests/records/test_migrations.py).
"""

from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x52464C47       # "RFLG": tells our file from any other SQLite file

MIGRATIONS: tuple[str, ...] = (
    # 1: players and their attempts, every message and choice of each
    """
    CREATE TABLE players (
        id          TEXT PRIMARY KEY,               -- opaque UUID, the xAPI account name
        nickname    TEXT NOT NULL,
        local       INTEGER NOT NULL DEFAULT 1,     -- 1: plays on this computer; 0: known from an import
        created_at  TEXT NOT NULL
    );
    CREATE UNIQUE INDEX players_local_nickname ON players (nickname COLLATE NOCASE) WHERE local = 1;
    CREATE TABLE attempts (
        id                  TEXT PRIMARY KEY,       -- UUID, the xAPI registration
        player_id           TEXT NOT NULL REFERENCES players (id) ON DELETE CASCADE,
        class_code          TEXT NOT NULL DEFAULT '',
        mode                TEXT NOT NULL,          -- play | demo
        source              TEXT NOT NULL,          -- here | import
        scenario            TEXT NOT NULL,
        scenario_version    INTEGER NOT NULL,
        kind                TEXT NOT NULL,
        lang                TEXT NOT NULL,
        region              TEXT NOT NULL,
        feedback            TEXT NOT NULL,
        seed                INTEGER NOT NULL,
        started_at          TEXT NOT NULL,
        finished_at         TEXT NOT NULL,
        clock               REAL NOT NULL,
        ending              TEXT NOT NULL,
        outcome             TEXT NOT NULL,
        score               INTEGER NOT NULL,
        detection           REAL NOT NULL,
        restraint           REAL NOT NULL,
        decisions           REAL NOT NULL,
        d_prime             REAL NOT NULL,
        criterion           REAL NOT NULL,
        hits                INTEGER NOT NULL,
        misses              INTEGER NOT NULL,
        false_alarms        INTEGER NOT NULL,
        correct_rejections  INTEGER NOT NULL,
        named_correctly     INTEGER NOT NULL,
        loss                TEXT NOT NULL,          -- an amount as text: "3000", "12.90"
        paid                TEXT NOT NULL,
        currency            TEXT NOT NULL,
        given               TEXT NOT NULL           -- data items handed over, space-separated
    );
    CREATE INDEX attempts_by_player ON attempts (player_id, finished_at);
    CREATE INDEX attempts_by_class ON attempts (class_code, finished_at);
    CREATE TABLE attempt_messages (
        attempt_id      TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
        position        INTEGER NOT NULL,
        message_id      TEXT NOT NULL,
        step_id         TEXT NOT NULL,
        channel         TEXT NOT NULL,
        flags           TEXT NOT NULL,              -- red flags carried, space-separated
        verdict         TEXT NOT NULL,
        flagged         TEXT,                       -- NULL: not flagged; '': just suspicious
        first_flag      TEXT,
        final_flag      TEXT,
        arrived_at      REAL NOT NULL,
        first_flag_at   REAL,
        final_flag_at   REAL,
        PRIMARY KEY (attempt_id, position)
    ) WITHOUT ROWID;
    CREATE TABLE attempt_choices (
        attempt_id  TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        step_id     TEXT NOT NULL,
        choice_id   TEXT NOT NULL,
        at          REAL NOT NULL,
        safe        INTEGER,                        -- 1 safe, 0 not, NULL neither (a timeout)
        PRIMARY KEY (attempt_id, position)
    ) WITHOUT ROWID;
    """,
    # 2: the xAPI outbox, and the played/best counts kept from the old progress.json
    """
    CREATE TABLE outbox (
        statement_id    TEXT PRIMARY KEY,
        attempt_id      TEXT NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
        body            TEXT NOT NULL,              -- the statement as JSON
        tries           INTEGER NOT NULL DEFAULT 0,
        next_try        REAL NOT NULL DEFAULT 0,    -- Unix time before which it is not sent again
        last_error      TEXT NOT NULL DEFAULT '',
        created_at      TEXT NOT NULL
    );
    CREATE INDEX outbox_due ON outbox (next_try);
    CREATE TABLE legacy_scores (
        player_id   TEXT NOT NULL REFERENCES players (id) ON DELETE CASCADE,
        scenario    TEXT NOT NULL,
        played      INTEGER NOT NULL,
        best        INTEGER NOT NULL,
        PRIMARY KEY (player_id, scenario)
    ) WITHOUT ROWID;
    """,
    # 3: drills and before/after forms: every answer, and each item's spaced-repetition card
    """
    CREATE TABLE practice_answers (
        id          TEXT PRIMARY KEY,               -- UUID
        player_id   TEXT NOT NULL REFERENCES players (id) ON DELETE CASCADE,
        class_code  TEXT NOT NULL DEFAULT '',
        run         TEXT NOT NULL,                  -- the drill or form it was part of (UUID)
        form        TEXT NOT NULL,                  -- drill | booster | before | after
        item        TEXT NOT NULL,                  -- scenario/message
        scenario    TEXT NOT NULL,
        message_id  TEXT NOT NULL,
        region      TEXT NOT NULL,
        lang        TEXT NOT NULL,
        seed        INTEGER NOT NULL,
        truth       TEXT NOT NULL,                  -- scam | genuine
        flags       TEXT NOT NULL,                  -- red flags carried, space-separated
        scam_type   TEXT,
        difficulty  INTEGER NOT NULL,
        said        TEXT NOT NULL,                  -- scam | genuine
        named       TEXT,                           -- NULL: none; '': just suspicious
        confidence  INTEGER NOT NULL,               -- 1 a guess, 2 fairly sure, 3 sure
        answered_at TEXT NOT NULL,
        seconds     REAL NOT NULL
    );
    CREATE INDEX practice_by_player ON practice_answers (player_id, answered_at);
    CREATE INDEX practice_by_class ON practice_answers (class_code, form);
    CREATE TABLE practice_cards (
        player_id   TEXT NOT NULL REFERENCES players (id) ON DELETE CASCADE,
        item        TEXT NOT NULL,
        due         TEXT NOT NULL,                  -- ISO 8601 UTC
        card        TEXT NOT NULL,                  -- the scheduler's card as JSON
        PRIMARY KEY (player_id, item)
    ) WITHOUT ROWID;
    CREATE INDEX cards_due ON practice_cards (player_id, due);
    """,
)

VERSION = len(MIGRATIONS)


def migrate(connection: sqlite3.Connection, *, to: int = VERSION) -> int:
    """Bring the database up to version `to`; returns the version it was at."""
    found = connection.execute("PRAGMA user_version").fetchone()[0]
    if found > VERSION:
        raise sqlite3.DatabaseError(f"the records file is from a newer Red Flag (schema {found}, this one knows "
                                    f"{VERSION})")
    for version in range(found + 1, to + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[version - 1]):
                connection.execute(statement)
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {version}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return found


def _statements(script: str) -> list[str]:
    """A migration script split into statements (executescript would commit on its own)."""
    statements, current = [], []
    for line in script.splitlines():
        line = line.split("--", 1)[0].rstrip()
        if not line:
            continue
        current.append(line)
        if line.endswith(";"):
            statement = "\n".join(current)
            if sqlite3.complete_statement(statement):
                statements.append(statement)
                current = []
    if current:
        statements.append("\n".join(current))
    return statements
