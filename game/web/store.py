"""Where a class lives: classes, trainees, their live sessions and finished attempts, in SQL.

One store, chosen by a URL (SQLAlchemy Core): `sqlite:///…/records.sqlite` by default (the
records database of the computer running the class), or `postgresql+psycopg://…` for several
workers on one database. Its tables are prefixed `class_` and sit beside the records' own.

A trainee's session is written after every command with a conditional update: `n` (commands
applied) must still be what the worker read, so a command sent twice, or two workers racing on
one trainee, changes the session once. The attempt a finished scenario makes is written in the
same transaction (as its xAPI statements), so a report of the class never misses one that a
trainee saw the debrief of.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from sqlalchemy import (Column, Float, Index, Integer, MetaData, String, Table, Text, UniqueConstraint, and_,
                        create_engine, event, func, insert, select, update)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

metadata = MetaData()

classes = Table(
    "class_classes", metadata,
    Column("code", String(16), primary_key=True),
    Column("secret", String(64), nullable=False),        # signs the trainees' and the teacher's tokens
    Column("teacher_key", String(64), nullable=False),
    Column("settings", Text, nullable=False),            # JSON: playlist, seed, feedback, lang, region, max
    Column("status", String(8), nullable=False),         # open | paused | ended
    Column("created_at", Float, nullable=False),
    Column("ended_at", Float),
)

trainees = Table(
    "class_trainees", metadata,
    Column("id", String(40), primary_key=True),          # random, not guessable; the player's id too
    Column("class_code", String(16), nullable=False),
    Column("nickname", String(64), nullable=False),
    Column("nick_key", String(64), nullable=False),      # the nickname folded for "is it taken?"
    Column("lang", String(8), nullable=False),
    Column("joined_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    Column("removed", Integer, nullable=False, default=0),
    Column("position", Integer, nullable=False, default=0),   # which scenario of the playlist
    Column("n", Integer, nullable=False, default=0),          # commands applied
    Column("session", Text),                                  # Session.to_json of the current scenario
    Column("started_at", String(32)),                         # when the current scenario began (ISO)
    Column("tally", Text, nullable=False, default="{}"),      # per message: what the class figures count
    Column("done", Integer, nullable=False, default=0),       # scenarios finished
    Column("step", Integer, nullable=False, default=0),       # steps entered in the current scenario
    UniqueConstraint("class_code", "nick_key", name="class_trainees_nick"),
)
Index("class_trainees_class", trainees.c.class_code)

attempts = Table(
    "class_attempts", metadata,
    Column("id", String(40), primary_key=True),
    Column("class_code", String(16), nullable=False),
    Column("trainee_id", String(40), nullable=False),
    Column("statements", Text, nullable=False),          # the attempt as xAPI statements (JSON list)
    Column("created_at", Float, nullable=False),
)
Index("class_attempts_class", attempts.c.class_code)

practice = Table(
    "class_practice", metadata,
    Column("trainee_id", String(40), primary_key=True),
    Column("class_code", String(16), nullable=False),
    Column("state", Text, nullable=False),               # JSON: the drill or form in progress, the ones done
    Column("updated_at", Float, nullable=False),
)

practice_answers = Table(
    "class_practice_answers", metadata,
    Column("id", String(40), primary_key=True),          # the answer's own UUID
    Column("class_code", String(16), nullable=False),
    Column("trainee_id", String(40), nullable=False),
    Column("form", String(8), nullable=False),           # drill | before | after
    Column("answer", Text, nullable=False),              # the PracticeAnswer as JSON (ids, numbers, times)
    Column("created_at", Float, nullable=False),
)
Index("class_practice_answers_class", practice_answers.c.class_code)


# The two statements every command runs, in the driver's own SQL: SQLAlchemy's statement layer
# cost four times SQLite's own work for them. `{name}` becomes the driver's placeholder.
_SAVE_SQL = ("UPDATE class_trainees SET n = {n}, session = {session}, position = {position}, tally = {tally}, "
             "done = {done}, step = {step}, started_at = {started_at}, lang = {lang}, updated_at = {updated_at} "
             "WHERE id = {tid} AND n = {expected} AND removed = 0")
_ADD_ATTEMPT_SQL = ("INSERT INTO class_attempts (id, class_code, trainee_id, statements, created_at) "
                    "VALUES ({id}, {class_code}, {trainee_id}, {statements}, {created_at})")
_N_OF_SQL = "SELECT n, removed FROM class_trainees WHERE id = {tid}"
# A trainee's drill or form (written only with a command that changed it, in its transaction).
_DROP_PRACTICE_SQL = "DELETE FROM class_practice WHERE trainee_id = {tid}"
_ADD_PRACTICE_SQL = ("INSERT INTO class_practice (trainee_id, class_code, state, updated_at) "
                     "VALUES ({tid}, {class_code}, {state}, {updated_at})")
_ADD_ANSWER_SQL = ("INSERT INTO class_practice_answers (id, class_code, trainee_id, form, answer, created_at) "
                   "VALUES ({id}, {class_code}, {tid}, {form}, {answer}, {created_at})")
_PLACEHOLDER = {"qmark": ":{}", "named": ":{}", "pyformat": "%({})s"}     # sqlite3 takes :name as well


class StoreError(Exception):
    """The store cannot be reached or written; the message says which and why."""


@dataclass
class ClassRow:
    code: str
    secret: str
    teacher_key: str
    settings: dict
    status: str
    created_at: float
    ended_at: float | None


@dataclass
class TraineeRow:
    id: str
    class_code: str
    nickname: str
    lang: str
    joined_at: float
    updated_at: float
    removed: bool
    position: int
    n: int
    session: dict | None
    started_at: str | None
    tally: dict = field(default_factory=dict)
    done: int = 0
    step: int = 0


@dataclass
class Save:
    """What a command changed, written only if `n` is still `expected_n`."""

    trainee_id: str
    expected_n: int
    session: dict | None
    position: int
    tally: dict
    done: int
    step: int
    started_at: str | None
    lang: str
    attempt: tuple[str, str, list] | None = None      # (attempt id, class code, statements)
    practice: tuple[str, dict] | None = None          # (class code, drill/form state) when it changed
    answers: tuple[tuple[str, str, dict], ...] = ()   # new practice answers: (id, form, answer as JSON)


def nick_key(nickname: str) -> str:
    return nickname.casefold()


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")    # WAL: a killed server loses nothing committed
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.close()


class ClassStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.kind = engine.dialect.name         # sqlite | postgresql
        # SQLite takes one writer at a time, and a connection that finds the file locked sleeps
        # in its busy handler (up to 100 ms a try): this worker's writers queue here instead.
        # PostgreSQL locks rows, not the database: no queue.
        self._writing = threading.Lock() if self.kind == "sqlite" else nullcontext()
        mark = _PLACEHOLDER[engine.dialect.paramstyle]
        names = ("n", "session", "position", "tally", "done", "step", "started_at", "lang", "updated_at", "tid",
                 "expected", "id", "class_code", "trainee_id", "statements", "created_at", "state", "form", "answer")
        marks = {name: mark.format(name) for name in names}
        self._sql = {"save": _SAVE_SQL.format(**marks), "attempt": _ADD_ATTEMPT_SQL.format(**marks),
                     "n_of": _N_OF_SQL.format(**marks), "drop_practice": _DROP_PRACTICE_SQL.format(**marks),
                     "add_practice": _ADD_PRACTICE_SQL.format(**marks), "answer": _ADD_ANSWER_SQL.format(**marks)}
        self._raw = None              # SQLite: one driver connection for the hot path, under _writing

    @classmethod
    def open(cls, url: str) -> "ClassStore":
        """Open (and create the tables of) the store at `url`: a SQLAlchemy URL, or a file path
        (taken as SQLite)."""
        if "://" not in url:
            path = Path(url).expanduser()
            path.parent.mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{path}"
        try:
            if url.startswith("sqlite"):
                engine = create_engine(url, connect_args={"timeout": 10, "check_same_thread": False},
                                       pool_size=16, max_overflow=48)
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=True)
            metadata.create_all(engine)
        except (SQLAlchemyError, OSError, ModuleNotFoundError) as exc:
            raise StoreError(f"cannot open the class store {_safe(url)}: {_reason(exc)}") from exc
        return cls(engine)

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None
        self.engine.dispose()

    @contextmanager
    def _tx(self, *, write: bool = False) -> Iterator:
        try:
            with self._writing if write else nullcontext(), self.engine.begin() as connection:
                yield connection
        except IntegrityError:
            raise
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"the class store failed: {_reason(exc)}") from exc

    @contextmanager
    def _driver(self) -> Iterator:
        """A driver (DB-API) cursor in a transaction, for the statements every command runs."""
        dbapi = self.engine.dialect.dbapi
        with self._writing:
            if self.kind == "sqlite":
                if self._raw is None:
                    self._raw = self.engine.raw_connection()
                raw, owned = self._raw, False
            else:
                raw, owned = self.engine.raw_connection(), True
            try:
                cursor = raw.cursor()
                try:
                    yield cursor
                    raw.commit()
                except BaseException:
                    raw.rollback()
                    raise
                finally:
                    cursor.close()
            except dbapi.IntegrityError:
                raise
            except dbapi.Error as exc:
                if not owned:
                    self._raw = None
                    raw.invalidate()
                raise StoreError(f"the class store failed: {str(exc).strip().splitlines()[0]}") from exc
            finally:
                if owned:
                    raw.close()

    # -- classes ----------------------------------------------------------------------------
    def create_class(self, code: str, secret: str, teacher_key: str, settings: Mapping) -> None:
        with self._tx(write=True) as db:
            db.execute(insert(classes).values(code=code, secret=secret, teacher_key=teacher_key,
                                              settings=json.dumps(dict(settings)), status="open",
                                              created_at=time.time()))

    def get_class(self, code: str) -> ClassRow | None:
        with self._tx() as db:
            row = db.execute(select(classes).where(classes.c.code == code)).first()
        if row is None:
            return None
        return ClassRow(row.code, row.secret, row.teacher_key, json.loads(row.settings), row.status, row.created_at,
                        row.ended_at)

    def set_status(self, code: str, status: str) -> None:
        values: dict = {"status": status}
        if status == "ended":
            values["ended_at"] = time.time()
        with self._tx(write=True) as db:
            db.execute(update(classes).where(classes.c.code == code).values(**values))

    def class_status(self, code: str) -> str | None:
        with self._tx() as db:
            return db.execute(select(classes.c.status).where(classes.c.code == code)).scalar()

    # -- trainees ---------------------------------------------------------------------------
    def join(self, code: str, trainee_id: str, nickname: str, lang: str, limit: int) -> str | None:
        """Add a trainee; None on success, else why not: "taken" or "full"."""
        now = time.time()
        try:
            with self._tx(write=True) as db:
                count = db.execute(select(func.count()).select_from(trainees).where(
                    and_(trainees.c.class_code == code, trainees.c.removed == 0))).scalar()
                if count >= limit:
                    return "full"
                db.execute(insert(trainees).values(
                    id=trainee_id, class_code=code, nickname=nickname, nick_key=nick_key(nickname), lang=lang,
                    joined_at=now, updated_at=now, removed=0, position=0, n=0, session=None, tally="{}",
                    done=0, step=0))
        except IntegrityError:
            return "taken"
        return None

    def trainee(self, trainee_id: str) -> TraineeRow | None:
        with self._tx() as db:
            row = db.execute(select(trainees).where(trainees.c.id == trainee_id)).first()
        return _trainee(row) if row is not None else None

    def trainee_n(self, trainee_id: str) -> tuple[int, bool] | None:
        """(commands applied, removed) — what a worker checks its cached session against."""
        with self._driver() as cursor:
            cursor.execute(self._sql["n_of"], {"tid": trainee_id})
            row = cursor.fetchone()
        return (row[0], bool(row[1])) if row is not None else None

    def save(self, change: Save) -> bool:
        """Write a command's outcome if nobody else has since; False if `n` moved on (a repeat)."""
        now = time.time()
        values = {"tid": change.trainee_id, "expected": change.expected_n, "n": change.expected_n + 1,
                  "session": _dumps(change.session) if change.session is not None else None,
                  "position": change.position, "tally": _dumps(change.tally), "done": change.done,
                  "step": change.step, "started_at": change.started_at, "lang": change.lang, "updated_at": now}
        with self._driver() as cursor:
            cursor.execute(self._sql["save"], values)
            if cursor.rowcount != 1:
                return False
            if change.attempt is not None:
                attempt_id, code, statements = change.attempt
                cursor.execute(self._sql["attempt"], {"id": attempt_id, "class_code": code,
                                                      "trainee_id": change.trainee_id,
                                                      "statements": json.dumps(statements), "created_at": now})
            if change.practice is not None:
                code, state = change.practice
                cursor.execute(self._sql["drop_practice"], {"tid": change.trainee_id})
                cursor.execute(self._sql["add_practice"], {"tid": change.trainee_id, "class_code": code,
                                                           "state": _dumps(state), "updated_at": now})
                for answer_id, form, answer in change.answers:
                    cursor.execute(self._sql["answer"], {"id": answer_id, "class_code": code, "tid": change.trainee_id,
                                                         "form": form, "answer": _dumps(answer), "created_at": now})
        return True

    def remove(self, code: str, trainee_id: str) -> bool:
        with self._tx(write=True) as db:
            result = db.execute(update(trainees).where(
                and_(trainees.c.id == trainee_id, trainees.c.class_code == code)).values(removed=1, updated_at=time.time()))
        return result.rowcount == 1

    def roster(self, code: str) -> list[TraineeRow]:
        """Every trainee of the class (removed ones too), without their sessions, by joining order."""
        columns = [c for c in trainees.c if c.name != "session"]
        with self._tx() as db:
            rows = db.execute(select(*columns).where(trainees.c.class_code == code).order_by(trainees.c.joined_at,
                                                                                          trainees.c.id)).all()
        return [_trainee(row) for row in rows]

    def marker(self, code: str) -> tuple:
        """Something that changes whenever the class does (for the teacher's live page)."""
        with self._tx() as db:
            row = db.execute(select(func.count(), func.coalesce(func.sum(trainees.c.n), 0),
                                    func.coalesce(func.sum(trainees.c.removed), 0),
                                    func.max(trainees.c.updated_at)).where(trainees.c.class_code == code)).first()
            status = db.execute(select(classes.c.status).where(classes.c.code == code)).scalar()
        return (*tuple(row), status)

    # -- drills and the before/after forms ----------------------------------------------------
    def practice_state(self, trainee_id: str) -> dict | None:
        """The trainee's drill or form in progress and the ones done (None: never started one)."""
        with self._tx() as db:
            found = db.execute(select(practice.c.state).where(practice.c.trainee_id == trainee_id)).scalar()
        return orjson.loads(found) if found else None

    def practice_answers(self, code: str) -> list[tuple[str, dict]]:
        """Every drill and form answer of the class: (trainee id, answer as JSON), oldest first."""
        with self._tx() as db:
            rows = db.execute(select(practice_answers.c.trainee_id, practice_answers.c.answer)
                              .where(practice_answers.c.class_code == code)
                              .order_by(practice_answers.c.created_at, practice_answers.c.id)).all()
        return [(row.trainee_id, orjson.loads(row.answer)) for row in rows]

    def form_counts(self, code: str) -> dict[str, int]:
        """How many trainees answered each kind (drill, before, after) at least once."""
        with self._tx() as db:
            rows = db.execute(select(practice_answers.c.form, func.count(func.distinct(practice_answers.c.trainee_id)))
                              .where(practice_answers.c.class_code == code).group_by(practice_answers.c.form)).all()
        return {form: count for form, count in rows}

    # -- attempts ---------------------------------------------------------------------------
    def attempt_statements(self, code: str) -> list[list[dict]]:
        with self._tx() as db:
            rows = db.execute(select(attempts.c.statements).where(attempts.c.class_code == code)
                              .order_by(attempts.c.created_at)).all()
        return [json.loads(row.statements) for row in rows]

    def attempt_count(self, code: str) -> int:
        with self._tx() as db:
            return db.execute(select(func.count()).select_from(attempts).where(attempts.c.class_code == code)).scalar()


def _dumps(value: object) -> str:
    """JSON text (orjson: a whole session is written after every command)."""
    return orjson.dumps(value).decode()


def _trainee(row) -> TraineeRow:
    data = row._mapping
    session = data.get("session")
    return TraineeRow(
        id=data["id"], class_code=data["class_code"], nickname=data["nickname"], lang=data["lang"],
        joined_at=data["joined_at"], updated_at=data["updated_at"], removed=bool(data["removed"]),
        position=data["position"], n=data["n"], session=orjson.loads(session) if session else None,
        started_at=data["started_at"], tally=orjson.loads(data["tally"] or "{}"), done=data["done"], step=data["step"])


def _safe(url: str) -> str:
    """A URL without its password, for messages."""
    head, sep, tail = url.partition("://")
    if "@" in tail:
        credentials, _, host = tail.rpartition("@")
        user = credentials.split(":", 1)[0]
        return f"{head}{sep}{user}:***@{host}"
    return url


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OperationalError) and exc.orig is not None:
        return str(exc.orig).strip().splitlines()[0]
    if isinstance(exc, ModuleNotFoundError):
        return f"{exc.name} is not installed (pip install 'redflag[postgres]')"
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
