"""A class: its playlist, its trainees, their commands, and the figures the teacher watches.

No HTTP here: `app.py` turns requests into calls and the results into responses. A trainee's
session lives in the store (saved after every command) and, for speed, in this worker's memory;
the memory copy is used only while the store's command count `n` still matches it, so several
workers can serve one class. A command carries the `n` the browser last saw: a double tap or a
resend after reconnecting finds `n` moved on and changes nothing (the browser gets the state).

Every finished scenario becomes an attempt: written with the trainee's session (its xAPI
statements, for the class report) and handed to the records sink (the computer's records file
and, when an educator set one up, the LRS), like an attempt played in the window.

A class may also run the before/after skill check and drills (`drills.py`): a run in progress
is saved with the trainee's command like a session, and each answer is kept in the class store
and handed to the records sink in the same way.
"""

from __future__ import annotations

import copy
import math
import random
import secrets
import threading
import time
import unicodedata
import uuid
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from game.engine import EngineError, FakerPersonas, SaveError, Session, SessionView
from game.locale import Translator, language_codes, words
from game.records import xapi
from game.records.attempt import attempt_of, now_iso
from game.scenario import Catalog, Scenario

from . import drills, wire
from .store import ClassRow, ClassStore, Save, TraineeRow

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"     # no 0/O, 1/I: read off a projector
CODE_LENGTH = 6
NICK_MAX = 24
MAX_TICK = 30.0                      # game seconds one tick may pass (a browser sends real seconds)
CACHE_SIZE = 4096                    # sessions kept in this worker's memory
ATTEMPT_NS = uuid.UUID("6f0c8a4e-2b1d-5c3e-9a7f-1d2e3f4a5b6c")
#: Characters a nickname may not hold: controls, format characters (bidi overrides, zero widths).
_BAD_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


class ClassError(Exception):
    """A request the class cannot take: `key` names the sentence (locale `web.error.<key>`),
    `status` the HTTP status, `state` the trainee's state when the browser should redraw."""

    def __init__(self, key: str, status: int = 400, state: dict | None = None, **params: object) -> None:
        super().__init__(key)
        self.key, self.status, self.state, self.params = key, status, state, params


@dataclass(frozen=True)
class Settings:
    playlist: tuple[str, ...]
    seed: int
    feedback: str = "delayed"
    lang: str = "en"
    region: str | None = None
    max_trainees: int = 300
    before_after: bool = False        # the before form on joining, the after form after the last scenario

    def to_json(self) -> dict:
        return {"playlist": list(self.playlist), "seed": self.seed, "feedback": self.feedback, "lang": self.lang,
                "region": self.region, "max_trainees": self.max_trainees, "before_after": self.before_after}

    @classmethod
    def from_json(cls, data: Mapping) -> "Settings":
        return cls(tuple(data["playlist"]), int(data["seed"]), data.get("feedback", "delayed"), data.get("lang", "en"),
                   data.get("region"), int(data.get("max_trainees", 300)), bool(data.get("before_after", False)))


def clean_nickname(text: object) -> str:
    """A nickname as kept: no control, format or bidi characters, spaces collapsed, at most
    NICK_MAX characters. Empty if nothing usable is left."""
    kept = "".join(ch for ch in unicodedata.normalize("NFC", str(text))
                   if unicodedata.category(ch) not in _BAD_CATEGORIES)
    return " ".join(kept.split())[:NICK_MAX].strip()


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def normal_code(text: object) -> str:
    """What a trainee typed as the class code: case and spaces forgiven, O read as 0 is not."""
    return "".join(str(text).split()).upper()[:16]


class _SharedPersonas:
    """One Faker pool for the whole class, used by one thread at a time, and each cast made
    once: every trainee of a class has the same seed, so the same people (a copy each)."""

    def __init__(self) -> None:
        self._source = FakerPersonas()
        self._lock = threading.Lock()
        self._made: dict[tuple, object] = {}

    def generate(self, scenario: Scenario, seed: int, lang: str = "en", *, locale: str | None = None,
                 languages: tuple[str, ...] = ("en",)):
        key = (scenario.id, scenario.version, seed, lang, locale, languages)
        with self._lock:
            made = self._made.get(key)
            if made is None:
                made = self._made[key] = self._source.generate(scenario, seed, lang, locale=locale,
                                                               languages=languages)
                if len(self._made) > 256:
                    self._made.pop(next(iter(self._made)))
        return copy.deepcopy(made)


@dataclass
class _Live:
    """A trainee as this worker last saw them, with the Session object for their `n`."""

    row: TraineeRow
    session: Session | None
    practice: dict = field(default_factory=drills.empty)     # the drill or form in progress, the ones done


class Classroom:
    def __init__(self, store: ClassStore, scenarios: Mapping[str, Scenario], catalog: Catalog, *,
                 recorder=None, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.scenarios = scenarios
        self.catalog = catalog
        self.recorder = recorder
        self.clock = clock
        self.languages = tuple(language_codes())
        self._live: OrderedDict[str, _Live] = OrderedDict()
        self._locks = [threading.Lock() for _ in range(64)]
        self._cache_lock = threading.Lock()
        self._record_lock = threading.Lock()
        self._classes: dict[str, tuple[float, ClassRow]] = {}
        self._texts: dict[tuple, dict] = {}
        self._flags: dict[str, dict[str, tuple[str, ...]]] = {}
        self._settings: dict[str, Settings] = {}
        self._personas = _SharedPersonas()
        self._items: dict[tuple, object] = {}         # drill items built, by (key, seed, lang, region)

    def flags_of(self, scenario: Scenario) -> dict[str, tuple[str, ...]]:
        found = self._flags.get(scenario.id)
        if found is None:
            found = self._flags[scenario.id] = message_flags(scenario)
        return found

    # -- classes ----------------------------------------------------------------------------
    def create(self, settings: Settings) -> ClassRow:
        missing = [s for s in settings.playlist if s not in self.scenarios and s != drills.DRILL]
        if missing or not settings.playlist:
            raise ClassError("bad_playlist", ids=", ".join(missing))
        for _ in range(20):
            code = new_code()
            if self.store.get_class(code) is None:
                break
        self.store.create_class(code, secrets.token_urlsafe(32), secrets.token_urlsafe(18), settings.to_json())
        return self.get_class(code, fresh=True)

    def get_class(self, code: str, *, fresh: bool = False) -> ClassRow:
        """The class (its status at most a second old unless `fresh`); ClassError if unknown."""
        cached = self._classes.get(code)
        if cached is not None and not fresh and self.clock() - cached[0] < 1.0:
            return cached[1]
        row = self.store.get_class(code)
        if row is None:
            raise ClassError("no_class", 404)
        self._classes[code] = (self.clock(), row)
        return row

    def settings(self, code: str) -> Settings:
        """A class's settings (they never change once it is open)."""
        found = self._settings.get(code)
        if found is None:
            found = self._settings[code] = Settings.from_json(self.get_class(code).settings)
        return found

    def set_status(self, code: str, status: str) -> str:
        row = self.get_class(code, fresh=True)
        if row.status == "ended":
            raise ClassError("ended", 410)
        self.store.set_status(code, status)
        return self.get_class(code, fresh=True).status

    def remove(self, code: str, trainee_id: str) -> None:
        if not self.store.remove(code, trainee_id):
            raise ClassError("no_trainee", 404)
        with self._cache_lock:
            self._live.pop(trainee_id, None)

    # -- joining ----------------------------------------------------------------------------
    def join(self, code: str, nickname: str, lang: str) -> TraineeRow:
        code = normal_code(code)
        if not code:
            raise ClassError("no_code")
        try:
            row = self.get_class(code)
        except ClassError:
            raise ClassError("no_class", 404) from None
        if row.status == "ended":
            raise ClassError("ended", 410)
        nick = clean_nickname(nickname)
        if not nick or not any(ch.isalnum() for ch in nick):
            raise ClassError("bad_nickname")
        if "@" in nick:
            raise ClassError("no_email")
        settings = self.settings(code)
        lang = lang if lang in self.languages else settings.lang
        trainee_id = secrets.token_urlsafe(24)
        why = self.store.join(code, trainee_id, nick, lang, settings.max_trainees)
        if why is not None:
            raise ClassError(why, 409)
        session = self._new_session(settings, 0, lang)
        live = _Live(self.store.trainee(trainee_id), session)
        practice = self._owed(settings, code, lang, 0, drills.empty())
        self._write(live, session, position=0, started_at=now_iso(), practice=practice)
        return live.row

    def _new_session(self, settings: Settings, position: int, lang: str) -> Session | None:
        """The session of the playlist's entry at `position` (None for a drill)."""
        if settings.playlist[position] == drills.DRILL:
            return None
        scenario = self.scenarios[settings.playlist[position]]
        region = settings.region if settings.region in scenario.regions else scenario.regions[0]
        return Session(scenario, self.catalog, seed=settings.seed, lang=lang, region=region,
                       feedback=settings.feedback, languages=self.languages, words=words, personas=self._personas)

    # -- a trainee's session ----------------------------------------------------------------
    def _lock(self, trainee_id: str) -> threading.Lock:
        return self._locks[hash(trainee_id) % len(self._locks)]

    def _load(self, trainee_id: str) -> _Live:
        """The trainee, from memory if the store's `n` still matches, else from the store."""
        with self._cache_lock:
            live = self._live.get(trainee_id)
            if live is not None:
                self._live.move_to_end(trainee_id)
        if live is not None:
            found = self.store.trainee_n(trainee_id)
            if found is not None and found == (live.row.n, live.row.removed) and not found[1]:
                return live
        row = self.store.trainee(trainee_id)
        if row is None:
            raise ClassError("no_trainee", 401)
        if row.removed:
            raise ClassError("removed", 410)
        session = None
        if row.session is not None:
            settings = self.settings(row.class_code)
            scenario = self.scenarios.get(settings.playlist[row.position])
            try:
                session = Session.from_json(scenario, self.catalog, row.session, words=words)
            except (SaveError, EngineError, KeyError, TypeError, ValueError):
                session = self._new_session(settings, row.position, row.lang)     # a broken save: start again
        live = _Live(row, session, self.store.practice_state(trainee_id) or drills.empty())
        self._remember(live)
        return live

    def _remember(self, live: _Live) -> None:
        with self._cache_lock:
            self._live[live.row.id] = live
            self._live.move_to_end(live.row.id)
            while len(self._live) > CACHE_SIZE:
                self._live.popitem(last=False)

    def _forget(self, trainee_id: str) -> None:
        with self._cache_lock:
            self._live.pop(trainee_id, None)

    def state(self, trainee_id: str) -> dict:
        with self._lock(trainee_id):
            live = self._load(trainee_id)
            return self._state(live)

    def status(self, trainee_id: str) -> dict:
        found = self.store.trainee_n(trainee_id)
        if found is None:
            raise ClassError("no_trainee", 401)
        row = self._live.get(trainee_id)
        code = row.row.class_code if row else self.store.trainee(trainee_id).class_code
        return {"status": self.get_class(code).status, "n": found[0], "removed": found[1]}

    def options(self, trainee_id: str, message_id: str) -> list[dict]:
        with self._lock(trainee_id):
            live = self._load(trainee_id)
            if live.session is None:
                raise ClassError("finished", 409)
            shown = {m.id for m in live.session.view().messages if m.flaggable}
            if message_id not in shown:              # never ask about a message not on screen
                raise ClassError("bad_message")
            options = live.session.flag_options(message_id)
            return [{"id": o.id, "name": o.name} for o in options]

    def command(self, trainee_id: str, payload: Mapping) -> dict:
        """Apply one command; the trainee's new state. ClassError on a stale `n` (409, with the
        state), a paused (423) or ended (410) class, or a command the session refuses (400)."""
        op = payload.get("op")
        n = payload.get("n")
        if not isinstance(op, str) or not isinstance(n, int) or isinstance(n, bool):
            raise ClassError("bad_command")
        with self._lock(trainee_id):
            # Trust this worker's memory when it is at the browser's n: the save below is
            # conditional on n, so if another worker moved on meanwhile the save fails and the
            # trainee is read again (one read fewer per command).
            with self._cache_lock:
                live = self._live.get(trainee_id)
            if live is None or live.row.n != n:
                live = self._load(trainee_id)
            row = live.row
            status = self.get_class(row.class_code).status
            if n != row.n:
                raise ClassError("stale", 409, state=self._state(live, status))
            if status == "ended":
                raise ClassError("ended", 410, state=self._state(live, status))
            if status == "paused" and op != "lang":
                raise ClassError("paused", 423, state=self._state(live, status))
            session, position, started_at = live.session, row.position, row.started_at
            was_ended = session is not None and session.ended
            practice, answers = None, ()
            try:
                if op.startswith("drill_"):
                    practice, answers, session, position, started_at = self._practice_op(live, op, payload)
                    was_ended = was_ended and position == row.position
                elif live.practice["run"] is not None and op != "lang":
                    raise ClassError("refused")          # a drill or form first: the scenario waits
                elif op == "next":
                    if session is not None and not session.ended:
                        raise ClassError("not_ended")
                    position = row.position + 1
                    settings = self.settings(row.class_code)
                    session = self._new_session(settings, position, row.lang) if position < len(settings.playlist) \
                        else None
                    started_at, was_ended = now_iso(), False
                    practice = self._owed(settings, row.class_code, row.lang, position, live.practice)
                elif op == "lang" and session is None:
                    if payload.get("lang") not in self.languages:
                        raise ClassError("bad_command")
                elif session is None:
                    raise ClassError("finished", 409, state=self._state(live, status))
                else:
                    self._apply(session, op, payload)
            except EngineError:
                self._forget(trainee_id)         # the session may have been touched: read it again
                raise ClassError("refused") from None
            except ClassError:
                raise
            lang = payload["lang"] if op == "lang" else row.lang
            if not self._write(live, session, position=position, started_at=started_at, lang=lang,
                               was_ended=was_ended, practice=practice, answers=answers):
                self._forget(trainee_id)
                live = self._load(trainee_id)
                raise ClassError("stale", 409, state=self._state(live, status))
            return self._state(live, status)

    # -- drills and the before/after forms ---------------------------------------------------
    def _coach(self, settings: Settings, code: str, lang: str):
        return drills.coach(self.scenarios, self.catalog, settings.playlist, region=settings.region, lang=lang,
                            code=code)

    def _owed(self, settings: Settings, code: str, lang: str, position: int, practice: dict) -> dict | None:
        """A new practice state if a drill or form is due at `position` (None: nothing to change)."""
        owed = drills.owed(settings.playlist, settings.before_after, position, practice["done"])
        if owed is None or practice["run"] is not None:
            return None
        return {"run": drills.start(self._coach(settings, code, lang), *owed), "done": list(practice["done"])}

    def _shown_item(self, live: _Live, run: dict, lang: str | None = None):
        settings = self.settings(live.row.class_code)
        return drills.item(self._coach(settings, live.row.class_code, lang or live.row.lang), run, self._items)

    def _practice_op(self, live: _Live, op: str, payload: Mapping):
        """A drill command: start, answer, next, close. Returns (practice state, answers to keep,
        session, position, started_at)."""
        row = live.row
        state = copy.deepcopy(live.practice)
        run = state["run"]
        session, position, started_at = live.session, row.position, row.started_at
        answers: tuple = ()
        if run is None:
            raise ClassError("refused")
        phase = run["phase"]
        if op == "drill_start" and phase == "intro":
            run["phase"] = "item"
            if self._shown_item(live, run) is None:
                run["phase"] = "end"
            run["shown_at"] = self.clock()
        elif op == "drill_answer" and phase == "item":
            shown = self._shown_item(live, run)
            if shown is None:
                raise ClassError("refused")
            try:
                given = drills.answer(shown, run, payload, code=row.class_code,
                                      seconds=self.clock() - (run["shown_at"] or self.clock()))
            except ValueError:
                raise ClassError("bad_command") from None
            data = drills.to_json(given)
            run["answers"].append(data)
            run["phase"] = "feedback"
            answers = ((given.id, given.form, data),)
        elif op == "drill_next" and phase == "feedback":
            run["i"] += 1
            run["seed"] = None
            run["phase"] = "item" if self._shown_item(live, run) is not None else "end"
            run["shown_at"] = self.clock()
        elif op == "drill_close" and phase == "end":
            state = {"run": None, "done": [*state["done"], run["mark"]]}
            settings = self.settings(row.class_code)
            if run["form"] == drills.DRILL:            # on to the next entry of the playlist
                position += 1
                session = self._new_session(settings, position, row.lang) if position < len(settings.playlist) \
                    else None
                started_at = now_iso()
            state = self._owed(settings, row.class_code, row.lang, position, state) or state
        else:
            raise ClassError("refused")
        return state, answers, session, position, started_at

    def link(self, trainee_id: str) -> dict:
        """What a desktop front end that joined (`--join`) needs to play the class itself: the
        playlist, seed, feedback mode and region, and where the trainee is."""
        with self._lock(trainee_id):
            live = self._load(trainee_id)
            settings = self.settings(live.row.class_code)
            if settings.before_after or drills.DRILL in settings.playlist:
                # The desktop client plays scenarios only; drills and the skill check are the phone page's.
                raise ClassError("browser_only", 409)
            return {"n": live.row.n, "position": live.row.position, "code": live.row.class_code,
                    "nickname": live.row.nickname, "lang": live.row.lang, "status": self.get_class(live.row.class_code).status,
                    "playlist": list(settings.playlist), "seed": settings.seed, "feedback": settings.feedback,
                    "region": settings.region, "session": live.row.session}

    def sync(self, trainee_id: str, payload: Mapping) -> dict:
        """A desktop front end plays the session itself and sends it after every change
        (`Session.to_json`): the class keeps it, counts it and records its attempt like a phone's."""
        n, position, data = payload.get("n"), payload.get("position"), payload.get("session")
        if not isinstance(n, int) or not isinstance(position, int) or not isinstance(data, dict):
            raise ClassError("bad_command")
        with self._lock(trainee_id):
            live = self._load(trainee_id)
            row = live.row
            status = self.get_class(row.class_code).status
            reply = {"n": row.n, "position": row.position, "status": status}
            if n != row.n:
                raise ClassError("stale", 409, state=reply)
            if status in ("ended", "paused"):
                raise ClassError(status, 410 if status == "ended" else 423, state=reply)
            settings = self.settings(row.class_code)
            if position not in (row.position, row.position + 1) or position >= len(settings.playlist):
                raise ClassError("bad_command")
            if position == row.position + 1 and live.session is not None and not live.session.ended:
                raise ClassError("not_ended")
            try:
                session = Session.from_json(self.scenarios[settings.playlist[position]], self.catalog, data,
                                            words=words)
            except (SaveError, EngineError, KeyError, TypeError, ValueError):
                raise ClassError("bad_command") from None
            same = position == row.position
            was_ended = same and live.session is not None and live.session.ended
            if was_ended:
                return reply                    # a finished scenario changes no more
            if not self._write(live, session, position=position, started_at=row.started_at if same else now_iso(),
                               lang=session.lang, was_ended=False):
                self._forget(trainee_id)
                raise ClassError("stale", 409, state=reply)
            return {"n": live.row.n, "position": live.row.position, "status": status}

    def _apply(self, session: Session, op: str, payload: Mapping) -> None:
        if op == "tick":
            dt = payload.get("dt")
            if not isinstance(dt, (int, float)) or isinstance(dt, bool) or not math.isfinite(dt) or dt < 0:
                raise ClassError("bad_command")
            session.tick(min(float(dt), MAX_TICK))
        elif op == "skip":
            if session.view().waiting:
                session.tick(session.seconds_until_next_message())
        elif op == "flag":
            flag = payload.get("flag") or ""
            if not isinstance(payload.get("message"), str) or not isinstance(flag, str):
                raise ClassError("bad_command")
            session.flag(payload["message"], flag)
        elif op == "unflag":
            if not isinstance(payload.get("message"), str):
                raise ClassError("bad_command")
            session.unflag(payload["message"])
        elif op == "choose":
            if not isinstance(payload.get("choice"), str):
                raise ClassError("bad_command")
            session.choose(payload["choice"])
        elif op == "lang":
            if payload.get("lang") not in self.languages:
                raise ClassError("bad_command")
            session.set_lang(payload["lang"])
        else:
            raise ClassError("bad_command")

    def _write(self, live: _Live, session: Session | None, *, position: int, started_at: str | None,
               lang: str | None = None, was_ended: bool = False, practice: dict | None = None,
               answers: tuple = ()) -> bool:
        """Save what a command did; record the attempt if the scenario has just ended."""
        row = live.row
        tally, done, step = dict(row.tally), row.done, 0
        attempt = statements = None
        if session is not None:
            view = session.view()
            tally.update(tally_of(session, position, self.flags_of(session.scenario), view))
            step = len({m.step_id for m in view.messages}) or 1
            if session.ended and not was_ended:
                done += 1
                attempt = attempt_of(session, player_id=row.id, nickname=row.nickname, class_code=row.class_code,
                                     started_at=started_at,
                                     attempt_id=str(uuid.uuid5(ATTEMPT_NS, f"{row.id}:{position}")))
                statements = xapi.statements(attempt)
        saved = session.to_json() if session is not None else None
        change = Save(row.id, row.n, saved, position, tally, done, step, started_at, lang or row.lang,
                      (attempt.id, row.class_code, statements) if attempt is not None else None,
                      (row.class_code, practice) if practice is not None else None, tuple(
                          (data["id"], data["form"], data) for _id, _form, data in answers))
        if not self.store.save(change):
            return False
        row.n += 1
        row.session, row.position, row.tally, row.done, row.step = saved, position, tally, done, step
        row.started_at, row.lang = started_at, lang or row.lang
        live.session = session
        if practice is not None:
            live.practice = practice
        self._remember(live)
        if attempt is not None and self.recorder is not None:
            with self._record_lock:
                self.recorder.record_attempt(attempt)
        if answers and self.recorder is not None:       # `report --class` sees them too
            with self._record_lock:
                self.recorder.keep_practice([drills.from_json(data) for _id, _form, data in answers], [],
                                            player_id=row.id, nickname=row.nickname)
        return True

    def _state(self, live: _Live, status: str | None = None) -> dict:
        row, session = live.row, live.session
        settings = self.settings(row.class_code)
        run = live.practice["run"]
        lang = session.lang if session else row.lang
        state = {
            "n": row.n, "status": status or self.get_class(row.class_code).status, "nickname": row.nickname,
            "code": row.class_code, "position": min(row.position, len(settings.playlist)),
            "total": len(settings.playlist), "finished": session is None and run is None, "lang": lang,
            "feedback_mode": settings.feedback, "next_in": 0.0, "view": None, "feedback": {}, "result": None,
            "practice": None, "playlist": ["drill" if p == drills.DRILL else "scenario" for p in settings.playlist],
            "after_form": settings.before_after and drills.AFTER not in live.practice["done"],
        }
        if run is not None:
            shown = self._shown_item(live, run, lang) if run["phase"] in ("item", "feedback") else None
            state["practice"] = drills.state_json(run, shown, lang)
            return state
        if session is not None:
            view = session.view()
            state["view"] = wire.view_json(view)
            state["next_in"] = session.seconds_until_next_message()
            state["feedback"] = wire.feedback_json(session, view)
            if session.ended:
                state["result"] = self._result(session)
        return state

    def _result(self, session: Session) -> dict:
        lang = session.lang
        data_names = {k: t.get(lang) for k, t in self.catalog.data_items.items()}
        flag_names = {k: f.name.get(lang) for k, f in self.catalog.red_flags.items()}
        return wire.result_json(session.result(), data_names, flag_names)


def message_flags(scenario: Scenario) -> dict[str, tuple[str, ...]]:
    """Every message of a scenario with the red flags it carries (the answer key: server only)."""
    return {message.id: tuple(message.flags) for step in scenario.steps.values() for message in step.messages}


def tally_of(session: Session, position: int, flags_of: Mapping[str, tuple[str, ...]],
             view: SessionView | None = None) -> dict[str, str]:
    """What the class figures count of this session so far, per delivered message
    ("position:message#k", k counting a message that arrives again when a step is replayed):
    "h" a message with red flags that was flagged, "m" one left unflagged once the story moved
    past it (or ended), "f:FLAG" a message without red flags flagged as FLAG ("" for just
    suspicious). A message still on screen and unflagged counts for nothing yet. The same
    deliveries as the attempt's messages, so the live figures end equal to the report's."""
    view = view or session.view()
    out: dict[str, str] = {}
    times: Counter = Counter()
    for message in view.messages:
        if not message.flaggable:
            continue
        carries = flags_of.get(message.id, ())
        flagged = session.scored_flag(message.id)
        key = f"{position}:{message.id}#{times[message.id]}"
        times[message.id] += 1
        if carries:
            if flagged is not None:
                out[key] = "h"
            elif view.ended or message.step_id != view.step_id:
                out[key] = "m"
        elif flagged is not None:
            out[key] = f"f:{flagged}"
    return out
