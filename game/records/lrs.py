"""Delivering statements to a Learning Record Store from the outbox.

Nothing is sent unless an LRS is configured: by environment variables (`REDFLAG_LRS_URL`,
`REDFLAG_LRS_USER`, `REDFLAG_LRS_PASSWORD`, …) and/or a TOML file (`lrs.toml` in the user's
config folder), never by a scenario. An attempt's statements go into the outbox in the same
transaction as the attempt (`outbox_pairs`); `sync` sends what is due in batches and removes
only what the LRS has acknowledged. A failed batch stays queued with its tries counted and a
next try pushed back exponentially; nothing is ever dropped.

Duplicates: statement IDs are deterministic, and an LRS drops a statement it already holds
with the same ID and content (Ralph answers 204, or 200 with the IDs it did store). An LRS that
holds a *different* statement under an ID answers 409 for the whole batch (Ralph stores none of
it); the batch is then sent one by one, and a statement answered 409 on its own is already
there — statements are immutable, so it counts as delivered.
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

try:
    import tomllib
except ImportError:              # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from .attempt import Attempt
from .store import Queued, Records, RecordsError
from .xapi import DEFAULT_BASE, statements

log = logging.getLogger(__name__)

CONFIG_NAME = "lrs.toml"
XAPI_VERSION = "1.0.3"
ENVIRONMENT = {             # variable → config field
    "REDFLAG_LRS_URL": "url", "REDFLAG_LRS_USER": "username", "REDFLAG_LRS_PASSWORD": "password",
    "REDFLAG_LRS_BATCH": "batch_size", "REDFLAG_LRS_TIMEOUT": "timeout", "REDFLAG_LRS_BASE": "base",
    "REDFLAG_LRS_PSEUDONYMISE": "pseudonymise", "REDFLAG_LRS_TRIES": "max_tries",
}


@dataclass(frozen=True)
class LrsConfig:
    url: str                        # the statements resource, or the xAPI endpoint it is under
    username: str = ""
    password: str = ""
    batch_size: int = 50
    timeout: float = 10.0           # seconds per request
    base: str = DEFAULT_BASE        # activity IDs and the account home page live under it
    pseudonymise: bool = False      # no nicknames in statements, a pseudonym made from the player ID
    max_tries: int = 4              # tries of one batch in one sync before giving up (it stays queued)
    retry_seconds: float = 2.0      # the first wait after a failure; doubles each try
    retry_max_seconds: float = 3600.0

    @property
    def statements_url(self) -> str:
        url = self.url.rstrip("/")
        return url if url.endswith("/statements") else url + "/statements"

    def __repr__(self) -> str:          # never print a password
        return f"LrsConfig(url={self.url!r}, username={self.username!r}, batch_size={self.batch_size})"


@dataclass(frozen=True)
class SyncReport:
    sent: int                       # statements the LRS acknowledged in this run
    failed: int                     # failed tries in this run (statements × tries)
    waiting: int                    # statements still in the outbox
    error: str = ""                 # the last failure, in words ("" when none)


def default_config_path(config_dir: Path) -> Path:
    return Path(config_dir) / CONFIG_NAME


def load_config(config_file: Path | None, env: Mapping[str, str] = os.environ) -> LrsConfig | None:
    """The LRS configuration, or None when no LRS is configured (then nothing is ever sent).
    Environment variables override the file. Raises RecordsError with a sentence for a bad one."""
    values: dict[str, object] = {}
    where: dict[str, str] = {}
    if config_file is not None and Path(config_file).is_file():
        path = Path(config_file)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise RecordsError(f"cannot read the LRS settings {path}: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise RecordsError(f"the LRS settings {path} are not valid TOML: {exc}") from None
        data = data.get("lrs", data) if isinstance(data.get("lrs"), dict) else data
        fields = set(ENVIRONMENT.values())
        for key, value in data.items():
            if key not in fields:
                raise RecordsError(f"{path}: unknown setting {key!r}; the settings are {', '.join(sorted(fields))}")
            values[key] = value
            where[key] = f"{path}: {key}"
    for variable, key in ENVIRONMENT.items():
        if env.get(variable, "").strip():
            values[key] = env[variable].strip()
            where[key] = variable
    if not values.get("url"):
        if values:
            raise RecordsError("LRS settings were given without an address: set REDFLAG_LRS_URL or `url`")
        return None
    return _checked(values, where)


def _checked(values: dict[str, object], where: dict[str, str]) -> LrsConfig:
    def text(key: str) -> str:
        value = values.get(key, "")
        if not isinstance(value, str):
            raise RecordsError(f"{where[key]} must be text")
        return value

    def number(key: str, kind: type, low: float, high: float, default: float):
        value = values.get(key, default)
        try:
            if isinstance(value, bool) or (kind is int and isinstance(value, float)):
                raise ValueError
            value = kind(value)
        except (TypeError, ValueError):
            raise RecordsError(f"{where[key]} must be a number, not {values[key]!r}") from None
        if not low <= value <= high:
            raise RecordsError(f"{where[key]} must be between {low:g} and {high:g}, not {value}")
        return value

    url = text("url")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RecordsError(f"{where['url']}: {url!r} is not an http:// or https:// address")
    username, password = text("username"), text("password")
    if bool(username) != bool(password):
        raise RecordsError("the LRS needs both a user name and a password (or neither)")
    base = text("base") or DEFAULT_BASE
    if urlsplit(base).scheme not in ("http", "https") or not urlsplit(base).hostname:
        raise RecordsError(f"{where['base']}: {base!r} is not an http:// or https:// IRI")
    flag = values.get("pseudonymise", False)
    if isinstance(flag, str):
        if flag.lower() not in ("1", "0", "true", "false", "yes", "no"):
            raise RecordsError(f"{where['pseudonymise']} must be true or false, not {flag!r}")
        flag = flag.lower() in ("1", "true", "yes")
    if not isinstance(flag, bool):
        raise RecordsError(f"{where['pseudonymise']} must be true or false")
    return LrsConfig(url=url, username=username, password=password,
                     batch_size=number("batch_size", int, 1, 1000, 50), timeout=number("timeout", float, 0.1, 300, 10.0),
                     base=base, pseudonymise=flag, max_tries=number("max_tries", int, 1, 100, 4))


# -- the outbox -----------------------------------------------------------------------------

def outbox_pairs(attempt: Attempt, config: LrsConfig | None) -> list[tuple[str, str]]:
    """(statement ID, JSON) of the attempt's statements, for `Records.add(attempt, outbox=…)`;
    none when no LRS is configured."""
    if config is None:
        return []
    return [(s["id"], json.dumps(s, ensure_ascii=False, separators=(",", ":")))
            for s in statements(attempt, base=config.base, pseudonymise=config.pseudonymise)]


def queue_attempt(records: Records, attempt: Attempt, config: LrsConfig | None) -> int:
    """Queue the statements of an attempt already stored; returns how many were new."""
    return records.queue(attempt.id, outbox_pairs(attempt, config))


# -- sending --------------------------------------------------------------------------------

class _Failure(Exception):
    """A request that did not deliver; `status` is the HTTP status, 0 when none came back."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


def sync(records: Records, config: LrsConfig, *, max_seconds: float | None = None,
         sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.time) -> SyncReport:
    """Send what is due in the outbox, a batch at a time, and return what happened.

    Without `max_seconds` every due batch is tried once and the first failure ends the run.
    With it, no batch is started after `max_seconds`, and a failed batch is tried again after
    its back-off (`sleep`) as long as the wait ends within `max_seconds`, at most `max_tries`
    times in a row; then it is left queued with its next try in the outbox for a later run."""
    started = clock()
    sent = failed = 0
    error = ""
    in_a_row = 0                    # failed tries since the last delivery in this run
    while max_seconds is None or clock() - started <= max_seconds:
        batch = records.due(config.batch_size, now=clock())
        if not batch:
            break
        try:
            delivered = _deliver(config, batch)
        except _Failure as exc:
            error = str(exc)
            tries = max(q.tries for q in batch) + 1
            delay = min(config.retry_seconds * 2 ** min(tries - 1, 40), config.retry_max_seconds)
            records.failed([q.statement_id for q in batch], error, clock() + delay)
            failed += len(batch)
            in_a_row += 1
            log.warning("LRS sync: %s (try %d, next in %.0f s)", error, tries, delay)
            if (max_seconds is None or in_a_row >= config.max_tries or exc.status in (401, 403)
                    or clock() - started + delay > max_seconds):
                break
            sleep(delay)
            continue
        records.sent(delivered.ok)
        sent += len(delivered.ok)
        in_a_row = 0
        if delivered.rejected:
            error = delivered.error
            retry = clock() + config.retry_max_seconds
            records.failed(delivered.rejected, error, retry)
            failed += len(delivered.rejected)
    return SyncReport(sent=sent, failed=failed, waiting=records.waiting(), error=error)


@dataclass
class _Delivered:
    ok: list[str]
    rejected: list[str]
    error: str = ""


def _deliver(config: LrsConfig, batch: list[Queued]) -> _Delivered:
    """Post a batch; on 409 (a different statement under one of the IDs) or 400/422 (one bad
    statement spoils a batch) post its statements one by one. Raises _Failure when the LRS
    cannot be reached or fails as a whole."""
    try:
        _post(config, "[" + ",".join(q.body for q in batch) + "]")
        return _Delivered([q.statement_id for q in batch], [])
    except _Failure as exc:
        if exc.status not in (400, 409, 422):
            raise
    ok, rejected, error = [], [], ""
    for queued in batch:
        try:
            _post(config, "[" + queued.body + "]")
        except _Failure as exc:
            if exc.status == 409:
                log.warning("LRS already holds a different statement %s; kept as it is", queued.statement_id)
            elif exc.status in (400, 422):
                rejected.append(queued.statement_id)
                error = str(exc)
                continue
            else:
                if ok or rejected:      # keep what went through; the rest is tried again later
                    return _Delivered(ok, rejected, str(exc))
                raise
        ok.append(queued.statement_id)
    return _Delivered(ok, rejected, error)


def _post(config: LrsConfig, body: str) -> None:
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION}
    if config.username:
        token = base64.b64encode(f"{config.username}:{config.password}".encode("utf-8")).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    request = urllib.request.Request(config.statements_url, data=body.encode("utf-8"), headers=headers,
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=config.timeout) as answer:
            answer.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").strip()
        raise _Failure(f"the LRS answered {exc.code} {exc.reason}" + (f": {detail}" if detail else ""),
                       exc.code) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise _Failure(f"cannot reach the LRS at {config.statements_url}: {reason}") from None
