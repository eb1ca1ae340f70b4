"""A desktop front end in a class (`--join URL`): join, learn the class's settings, send progress.

The window and the terminal play the Session themselves (the scenarios are installed with the
game) with the class's seed, feedback mode and region, and after every change hand the whole
`session.to_json()` to `ClassLink.push`. A background thread sends it to the class
(`POST /api/sync`): only the latest state of each scenario is kept (pushes coalesce), a frame
never waits for the network, a dropped network is retried with back-off, and a stale count
(409) takes the server's count and sends the latest again. The server counts the state, shows it
on the teacher's page and records the attempt, exactly as for a phone.

`status` ("open", "paused", "ended", "removed") and `error` (a sentence, or None) are for the
front end to show; both are read without locks (a str attribute is replaced whole).

The place in the class is a cookie; with a `cookie_file` it is kept on disk, so a lab computer
that restarts comes back to the same nickname and scenario instead of finding its nickname taken.
Standard library only (urllib, http.cookiejar): no new dependency.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import logging
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from game.engine import EngineError, SaveError, Session
from game.locale import Translator, language_codes, words
from game.scenario import Catalog, Scenario

log = logging.getLogger(__name__)

TIMEOUT = 5.0                   # seconds one request may take
POLL_EVERY = 3.0                # seconds between status checks while nothing is sent
BACKOFF = (0.5, 1.0, 2.0, 4.0, 8.0)     # seconds before retrying after a network failure
CLOSE_WAIT = 3.0                # seconds `close` waits for the last push
HEADERS = {"Content-Type": "application/json", "X-Requested-With": "redflag", "Accept": "application/json"}
_NETWORK_ERRORS = (urllib.error.URLError, OSError, http.client.HTTPException, TimeoutError, ValueError)


class LinkError(Exception):
    """Joining failed: `key` names why ("no_class", "taken", "unreachable", …), `message` is a
    sentence in the player's language."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key, self.message = key, message


@dataclass(frozen=True)
class Address:
    base: str                   # "http://host:port" (with a path prefix behind a reverse proxy)
    code: str


def parse_address(url: str, code: str | None = None, *, lang: str = "en") -> Address:
    """`http://host:port/join/CODE`, or a base address and `code` apart. LinkError("bad_url")."""
    tr = Translator(lang)
    text = str(url).strip()
    if "://" not in text:
        text = "http://" + text
    try:
        parts = urllib.parse.urlsplit(text)
        parts.port                                  # noqa: B018 (raises ValueError for a bad port)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise LinkError("bad_url", tr.t("join.bad_url", url=url))
    path = parts.path.rstrip("/")
    head, sep, tail = path.rpartition("/join/")
    if sep and "/" not in tail:
        prefix, found = head, tail
    else:
        prefix, found = (path[:-len("/join")] if path.endswith("/join") else path), ""
    wanted = "".join((code or found or "").split()).upper()
    if not wanted or not wanted.isalnum() or len(wanted) > 16:
        raise LinkError("bad_url", tr.t("join.bad_url", url=url))
    return Address(f"{parts.scheme}://{parts.netloc}{prefix}", wanted)


class ClassLink:
    """One trainee's place in a class, for a front end that plays the sessions itself."""

    def __init__(self, address: Address, *, lang: str = "en", cookie_file: Path | None = None,
                 timeout: float = TIMEOUT, poll_every: float = POLL_EVERY,
                 backoff: tuple[float, ...] = BACKOFF) -> None:
        self.address = address
        self.lang = lang
        self.cookie_file = cookie_file
        self.timeout, self.poll_every, self.backoff = timeout, poll_every, backoff
        self.jar = http.cookiejar.LWPCookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        # the class's settings and the trainee's place (from GET /api/link)
        self.code, self.nickname = address.code, ""
        self.playlist: tuple[str, ...] = ()
        self.seed, self.feedback, self.region = 0, "delayed", None
        self.position = 0                           # the scenario the server has the trainee in
        self.saved: dict | None = None              # the server's saved session of that scenario
        self.resumed = False                        # True: a kept place was taken up again
        self.n = 0
        self.status = "open"
        self.error: str | None = None
        self.sent = 0                               # states the class accepted (for tests and the curious)
        self._pending: dict[int, dict] = {}         # position -> the latest state not sent yet
        self._cond = threading.Condition()
        self._stopping = False
        self._deadline = 0.0
        self._sending = False
        self._thread: threading.Thread | None = None

    # -- joining ----------------------------------------------------------------------------
    @classmethod
    def join(cls, url: str, nickname: str | None, *, lang: str, code: str | None = None,
             suggest: Callable[[], str] | None = None, cookie_file: Path | None = None,
             **options) -> "ClassLink":
        """Join the class at `url` (started, ready to push). `nickname` None: take up the place
        kept in `cookie_file` if there is one, else a nickname from `suggest`. LinkError if the
        class cannot be joined, with a sentence saying why."""
        link = cls(parse_address(url, code, lang=lang), lang=lang, cookie_file=cookie_file, **options)
        link.connect(nickname, suggest)
        link.start()
        return link

    def connect(self, nickname: str | None, suggest: Callable[[], str] | None = None) -> None:
        if self._resume(nickname):
            return
        self.jar.clear()
        tries = 1 if nickname else 4                # a suggested nickname may be taken: suggest another
        for attempt in range(tries):
            wanted = nickname or (suggest() if suggest else "")
            try:
                self._request("POST", "/api/join", {"code": self.address.code, "nickname": wanted, "lang": self.lang})
                break
            except LinkError as exc:
                if exc.key != "taken" or attempt == tries - 1:
                    raise
        self._read_link(self._request("GET", "/api/link"))
        self._keep_cookie()

    def _resume(self, nickname: str | None) -> bool:
        """Take up the place kept on disk if it is this class's and (when asked) this nickname's."""
        if self.cookie_file is None or not self.cookie_file.is_file():
            return False
        try:
            self.jar.load(str(self.cookie_file), ignore_discard=True)
            data = self._request("GET", "/api/link")
        except (LinkError, OSError, http.cookiejar.LoadError):
            return False
        if data.get("code") != self.address.code or (nickname and str(data.get("nickname", "")).casefold()
                                                     != nickname.casefold()):
            return False
        if data.get("status") == "ended":
            return False                            # joining says it properly
        self._read_link(data)
        self.resumed = True
        return True

    def _read_link(self, data: Mapping) -> None:
        try:
            self.n, self.position = int(data["n"]), int(data["position"])
            self.code, self.nickname = str(data["code"]), str(data["nickname"])
            self.playlist = tuple(str(s) for s in data["playlist"])
            self.seed, self.feedback = int(data["seed"]), str(data["feedback"])
            self.region = data.get("region")
            self.lang = data.get("lang") if data.get("lang") in language_codes() else self.lang
            self._learn(str(data.get("status", "open")))
            self.saved = data.get("session") if isinstance(data.get("session"), dict) else None
        except (KeyError, TypeError, ValueError):
            raise LinkError("bad_reply", self._t("join.bad_reply", url=self.address.base)) from None

    def _keep_cookie(self) -> None:
        if self.cookie_file is None:
            return
        try:
            self.cookie_file.parent.mkdir(parents=True, exist_ok=True)
            self.jar.save(str(self.cookie_file), ignore_discard=True)
            os.chmod(self.cookie_file, 0o600)       # it is the trainee's key to their place
        except OSError as exc:
            log.warning("cannot keep the class place in %s: %s", self.cookie_file, exc)

    # -- the class's sessions ---------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.position >= len(self.playlist)

    def has_next(self, position: int) -> bool:
        return position + 1 < len(self.playlist)

    def session_for(self, position: int, scenario: Scenario, catalog: Catalog) -> Session:
        """The session of the playlist's `position`: the one the class kept if the trainee was in
        it (a restarted computer carries on), else a new one with the class's settings."""
        if position == self.position and self.saved is not None:
            try:
                return Session.from_json(scenario, catalog, self.saved, words=words)
            except (SaveError, EngineError, KeyError, TypeError, ValueError):
                pass                                # a save this game cannot read: start it again
        region = self.region if self.region in scenario.regions else scenario.regions[0]
        return Session(scenario, catalog, seed=self.seed, lang=self.lang, region=region, feedback=self.feedback,
                       languages=tuple(language_codes()), words=words)

    # -- sending ----------------------------------------------------------------------------
    def push(self, session: Session, position: int) -> None:
        """Hand the session's whole state to the sender (never waits for the network). Only the
        latest state of each scenario is sent; an earlier scenario's last state goes first."""
        data = session.to_json()                    # here: a Session belongs to the caller's thread
        with self._cond:
            self._pending[position] = data
            self._cond.notify()

    @property
    def idle(self) -> bool:
        """Nothing waits to be sent."""
        with self._cond:
            return not self._pending and not self._sending

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="classlink", daemon=True)
            self._thread.start()

    def close(self, wait: float = CLOSE_WAIT) -> bool:
        """Send what is waiting (at most `wait` seconds), then stop. True if nothing is left."""
        with self._cond:
            self._stopping = True
            self._deadline = time.monotonic() + wait
            self._cond.notify()
        if self._thread is not None:
            self._thread.join(wait + self.timeout)
        with self._cond:
            return not self._pending

    def _run(self) -> None:
        failures = 0
        while True:
            with self._cond:
                if not self._pending and not self._stopping:
                    self._cond.wait(self.backoff[min(failures, len(self.backoff) - 1)] if failures else self.poll_every)
                if self._stopping and (not self._pending or time.monotonic() >= self._deadline
                                       or self.status in ("paused", "ended", "removed")):
                    return
                position = min(self._pending) if self._pending else None
                data = self._pending.get(position) if position is not None else None
                self._sending = data is not None
            try:
                if data is None:
                    self._poll()
                else:
                    self._send(position, data)
                failures = 0
            except LinkError as exc:
                if exc.key in ("unreachable", "busy"):
                    failures += 1
                    self.error = exc.message
                    self._wait(self.backoff[min(failures - 1, len(self.backoff) - 1)])
                else:
                    self.error = exc.message
                    with self._cond:
                        self._pending.pop(position, None)  # it would never be taken: do not hammer the class
            finally:
                with self._cond:
                    self._sending = False

    def _wait(self, seconds: float) -> None:
        """Wait `seconds` (a new push does not cut it short; `close` does)."""
        until = time.monotonic() + seconds
        with self._cond:
            while not self._stopping and time.monotonic() < until:
                self._cond.wait(until - time.monotonic())

    def _send(self, position: int, data: dict) -> None:
        for _ in range(3):                          # a stale count: take the server's and send again
            try:
                reply = self._request("POST", "/api/sync", {"n": self.n, "position": position, "session": data})
            except _Refused as exc:
                state = exc.body.get("state") or {}
                self.n = int(state.get("n", self.n))
                self._learn(str(state.get("status", self.status)))
                if exc.body.get("error") == "stale":
                    continue
                if exc.status == 423:               # paused: keep it, try again when the class goes on
                    self._learn("paused")
                    self._wait(self.poll_every)
                    return
                if exc.status in (410, 401):
                    self.status = "removed" if exc.body.get("error") in ("removed", "no_trainee", "expired") \
                        else "ended"
                    self.error = exc.message
                    with self._cond:
                        self._pending.clear()
                    return
                raise LinkError(exc.body.get("error", "refused"), exc.message) from None
            self.n = int(reply["n"])
            self._learn(str(reply["status"]))
            self.position = max(self.position, int(reply["position"]))
            self.sent += 1
            self.error = None
            with self._cond:
                if self._pending.get(position) is data:
                    del self._pending[position]
            return
        raise LinkError("busy", self._t("join.offline"))

    def _poll(self) -> None:
        self.refresh()

    def _learn(self, status: str) -> None:
        self.status = status

    def refresh(self, timeout: float | None = None) -> str:
        """Ask the class how it is now (GET /api/status); the status, also kept in `status`.
        On a network failure the last known status (and `error` says why)."""
        try:
            data = self._request("GET", "/api/status", timeout=timeout)
        except _Refused as exc:
            if exc.status in (401, 410):
                self.status, self.error = "removed", exc.message
            return self.status
        except LinkError as exc:
            self.error = exc.message
            return self.status
        self._learn("removed" if data.get("removed") else str(data.get("status", self.status)))
        if self.status in ("open", "paused") and not self._pending:
            self.error = None                       # reachable again, and nothing is left unsent
        return self.status

    def wait_while_paused(self, *, give_up: float | None = None) -> str:
        """Block while the class is paused, asking every `poll_every` seconds; the status then.
        `give_up`: seconds after which to return anyway (still "paused")."""
        until = None if give_up is None else time.monotonic() + give_up
        while self.refresh() == "paused":
            if until is not None and time.monotonic() >= until:
                break
            time.sleep(self.poll_every)
        return self.status

    # -- HTTP -------------------------------------------------------------------------------
    def _request(self, method: str, path: str, body: dict | None = None, *, timeout: float | None = None) -> dict:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
        request = urllib.request.Request(self.address.base + path, data=data, method=method,
                                         headers={**HEADERS, "Accept-Language": self.lang})
        try:
            with self._opener.open(request, timeout=timeout or self.timeout) as response:
                reply = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            try:
                reply = json.loads(exc.read().decode("utf-8"))
            except (ValueError, OSError):
                reply = None
            if not isinstance(reply, dict) or "error" not in reply:
                if exc.code >= 500 or exc.code == 429:
                    raise LinkError("busy", self._t("join.offline")) from None
                raise LinkError("bad_reply", self._t("join.bad_reply", url=self.address.base)) from None
            if exc.code == 429 or exc.code >= 500:
                raise LinkError("busy", str(reply.get("message") or self._t("join.offline"))) from None
            raise _Refused(exc.code, reply) from None
        except _NETWORK_ERRORS as exc:
            reason = getattr(exc, "reason", None) or exc
            raise LinkError("unreachable", self._t("join.unreachable", url=self.address.base,
                                                   reason=str(reason))) from None
        if not isinstance(reply, dict):
            raise LinkError("bad_reply", self._t("join.bad_reply", url=self.address.base))
        return reply

    def _t(self, key: str, **params: object) -> str:
        return Translator(self.lang).t(key, **params)


class _Refused(LinkError):
    """The class answered with an error (4xx and its JSON {error, message})."""

    def __init__(self, status: int, body: dict) -> None:
        super().__init__(str(body.get("error", "refused")), str(body.get("message", "")))
        self.status, self.body = status, body
