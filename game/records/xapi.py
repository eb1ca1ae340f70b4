"""An attempt as xAPI 1.0.3 statements, and attempts rebuilt from statements.

The profile (verbs, activity types, every extension and the ID scheme) is written down in
docs/xapi.md. In short: `initialized`, one `answered` per message, `completed` (score, d′, c,
loss, outcome, every choice) and `terminated`, all with the attempt's ID as registration.
Statement IDs are UUIDv5 of the attempt and the item, so sending an attempt twice never makes
two copies in a Learning Record Store, and the statements carry every fact of the attempt, so
`attempts_from_statements` gives back the same `Attempt` (marked as imported).

Activity IDs and the account's home page live under a configurable base IRI (by default one
under the reserved `.invalid` domain); the extension and activity-type IRIs are the profile's
own and never change with the base, so statements sent with any base can be read back.
"""

from __future__ import annotations

import hashlib
import math
import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

from game.scenario.money import dump, load

from .attempt import MODES, Attempt, ChoiceRecord, MessageRecord
from .store import clean_nickname

#: The profile's own IRIs (extensions, activity types) start with this; it never changes.
PROFILE = "https://redflag.invalid/xapi"
#: Where activity IDs and the account home page live unless configured otherwise.
DEFAULT_BASE = "https://redflag.invalid"
#: UUIDv5 namespace of statement IDs.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, PROFILE + "/statements")

ADL_VERB = "http://adlnet.gov/expapi/verbs/"
VERBS = {name: ADL_VERB + name for name in ("initialized", "answered", "completed", "terminated")}
ACTIVITY_TYPES = {
    "scenario": "http://adlnet.gov/expapi/activities/simulation",
    "message": "http://adlnet.gov/expapi/activities/interaction",
    "class": PROFILE + "/activity-types/class",
}
EXT = PROFILE + "/extensions/"

VERDICTS = ("hit", "miss", "false_alarm", "correct_rejection")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_WORD = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_MAX_ITEMS = 2000                       # messages or choices in one imported attempt


def statement_id(attempt_id: str, item: str) -> str:
    """The statement ID of one item ("initialized", "answered/<message_id>", …) of an attempt."""
    return str(uuid.uuid5(NAMESPACE, f"{attempt_id}/{item}"))


def pseudonym(player_id: str) -> str:
    """A stable stand-in for a nickname, made from the opaque player ID only."""
    return "player-" + hashlib.sha256(player_id.encode("utf-8")).hexdigest()[:8]


def statements(attempt: Attempt, *, base: str = DEFAULT_BASE, pseudonymise: bool = False) -> list[dict]:
    """The attempt's statements in order: initialized, answered × messages, completed, terminated."""
    base = base.rstrip("/")
    actor: dict = {"objectType": "Agent", "account": {"homePage": base, "name": attempt.player_id}}
    name = pseudonym(attempt.player_id) if pseudonymise else attempt.nickname
    if name:
        actor["name"] = name
    scenario = _activity(f"{base}/scenarios/{attempt.scenario}", "scenario")
    started = _parse_time(attempt.started_at)
    finished = max(started, _parse_time(attempt.finished_at))

    def at(offset: float | None) -> str:
        moment = started + timedelta(seconds=max(0.0, offset or 0.0))
        return _format_time(min(moment, finished))

    def context(parent: bool = False) -> dict:
        found: dict = {"registration": attempt.id, "revision": str(attempt.scenario_version),
                       "platform": "Red Flag", "language": attempt.lang, "extensions": {
                           EXT + "scenario": attempt.scenario, EXT + "scenario-version": attempt.scenario_version,
                           EXT + "kind": attempt.kind, EXT + "region": attempt.region, EXT + "seed": attempt.seed,
                           EXT + "feedback": attempt.feedback, EXT + "mode": attempt.mode,
                           EXT + "source": attempt.source, EXT + "class-code": attempt.class_code}}
        activities: dict = {}
        if parent:
            activities["parent"] = [scenario]
        if attempt.class_code:
            activities["grouping"] = [_activity(f"{base}/classes/{quote(attempt.class_code, safe='')}", "class")]
        if activities:
            found["contextActivities"] = activities
        return found

    def statement(item: str, verb: str, target: dict, timestamp: str, result: dict | None = None,
                  parent: bool = False) -> dict:
        made = {"id": statement_id(attempt.id, item), "actor": actor,
                "verb": {"id": VERBS[verb], "display": {"en-US": verb}}, "object": target}
        if result is not None:
            made["result"] = result
        made["context"] = context(parent)
        made["timestamp"] = timestamp
        return made

    found = [statement("initialized", "initialized", scenario, _format_time(started))]
    shown: dict[str, int] = {}
    for position, message in enumerate(attempt.messages):
        shown[message.message_id] = times = shown.get(message.message_id, 0) + 1
        item = f"answered/{message.message_id}" + (f"/{times}" if times > 1 else "")
        result: dict = {"success": message.verdict in ("hit", "correct_rejection"), "extensions": {
            EXT + "message": message.message_id, EXT + "position": position, EXT + "step": message.step_id,
            EXT + "channel": message.channel, EXT + "red-flags": list(message.flags),
            EXT + "verdict": message.verdict, EXT + "flagged": message.flagged,
            EXT + "first-flag": message.first_flag, EXT + "final-flag": message.final_flag,
            EXT + "arrived-at": message.arrived_at, EXT + "first-flag-at": message.first_flag_at,
            EXT + "final-flag-at": message.final_flag_at}}
        if message.seconds_to_spot is not None:
            result["duration"] = _duration(message.seconds_to_spot)
        when = message.final_flag_at if message.final_flag_at is not None else (
            message.first_flag_at if message.first_flag_at is not None else message.arrived_at)
        target = _activity(f"{base}/scenarios/{attempt.scenario}/messages/{message.message_id}", "message")
        found.append(statement(item, "answered", target, at(when), result, parent=True))
    scaled = max(-1.0, min(1.0, attempt.score / 100))
    completed = {
        "score": {"scaled": scaled, "raw": attempt.score, "min": min(0, attempt.score), "max": max(100, attempt.score)},
        "success": attempt.outcome == "safe", "completion": True, "duration": _duration(attempt.clock),
        "extensions": {
            EXT + "outcome": attempt.outcome, EXT + "ending": attempt.ending, EXT + "d-prime": attempt.d_prime,
            EXT + "criterion": attempt.criterion, EXT + "detection": attempt.detection,
            EXT + "restraint": attempt.restraint, EXT + "decisions": attempt.decisions,
            EXT + "hits": attempt.hits, EXT + "misses": attempt.misses, EXT + "false-alarms": attempt.false_alarms,
            EXT + "correct-rejections": attempt.correct_rejections, EXT + "named-correctly": attempt.named_correctly,
            EXT + "loss": {"amount": str(dump(attempt.loss)), "currency": attempt.currency},
            EXT + "paid": {"amount": str(dump(attempt.paid)), "currency": attempt.currency},
            EXT + "given": list(attempt.given), EXT + "clock": attempt.clock,
            EXT + "messages": len(attempt.messages),
            EXT + "choices": [{"step": c.step_id, "choice": c.choice_id, "at": c.at, "safe": c.safe}
                              for c in attempt.choices]}}
    finished_text = _format_time(finished)
    found.append(statement("completed", "completed", scenario, finished_text, completed))
    found.append(statement("terminated", "terminated", scenario, finished_text))
    return found


# -- reading statements back ----------------------------------------------------------------

class _Bad(ValueError):
    """One statement or group that cannot be read (the message says why)."""


def attempts_from_statements(items: Iterable[Mapping]) -> tuple[list[Attempt], list[str]]:
    """Attempts (source "import") rebuilt from statements, grouped by registration, in the order
    their registrations first appear. Statements that are not this profile's, and attempts whose
    statements are incomplete or inconsistent, are listed as problems and left out."""
    return rebuild((f"statement {number}", item) for number, item in enumerate(items, 1))


def rebuild(located: Iterable[tuple[str, object]], problems: list[str] | None = None
            ) -> tuple[list[Attempt], list[str]]:
    """`attempts_from_statements` for statements that each come with where they were found
    ("file.jsonl:12"), which problems then name (added to `problems` when given, so that they
    stay in order with the problems of whoever reads the files)."""
    groups: dict[str, dict] = {}
    problems = [] if problems is None else problems
    for where, item in located:
        try:
            registration, verb, key = _classify(item)
        except _Bad as exc:
            problems.append(f"{where}: {exc}")
            continue
        group = groups.setdefault(registration, {"where": where, "answered": {}})
        if verb == "answered":
            group["answered"].setdefault(key, item)
        else:
            group.setdefault(verb, item)
    attempts = []
    for registration, group in groups.items():
        try:
            attempts.append(_attempt(registration, group))
        except _Bad as exc:
            problems.append(f"{group['where']}: attempt {registration}: {exc}")
        except (TypeError, ValueError, AttributeError, KeyError, OverflowError) as exc:
            problems.append(f"{group['where']}: attempt {registration}: not readable ({type(exc).__name__})")
    return attempts, problems


def _classify(item: object) -> tuple[str, str, str]:
    if not isinstance(item, Mapping):
        raise _Bad("not an xAPI statement (not a JSON object)")
    verb = item.get("verb")
    verb_id = verb.get("id") if isinstance(verb, Mapping) else None
    names = {iri: name for name, iri in VERBS.items()}
    if not isinstance(verb_id, str) or verb_id not in names:
        raise _Bad(f"not a Red Flag statement (verb {verb_id!r})")
    context = item.get("context")
    registration = context.get("registration") if isinstance(context, Mapping) else None
    try:
        registration = str(uuid.UUID(str(registration)))
    except ValueError:
        raise _Bad("the statement has no registration (an attempt ID)") from None
    key = ""
    if names[verb_id] == "answered":
        key = repr(_extensions(item, "result").get(EXT + "position"))
    return registration, names[verb_id], key


def _attempt(registration: str, group: dict) -> Attempt:
    if "completed" not in group:
        raise _Bad("incomplete: it has no `completed` statement")
    completed = group["completed"]
    context = _extensions(completed, "context")
    result = completed.get("result")
    ext = _extensions(completed, "result")
    player_id, nickname = _actor(completed)
    score = result.get("score") if isinstance(result, Mapping) else None
    raw = score.get("raw") if isinstance(score, Mapping) else None
    loss, currency = _money(ext.get(EXT + "loss"), "loss")
    paid, paid_currency = _money(ext.get(EXT + "paid"), "paid")
    started = group.get("initialized", completed).get("timestamp")
    messages = sorted(group["answered"].values(), key=lambda s: _number(
        _extensions(s, "result").get(EXT + "position"), "position", whole=True))
    choices = _list(ext.get(EXT + "choices"), "choices made")
    expected = _number(ext.get(EXT + "messages"), "number of messages", whole=True)
    positions = [_extensions(s, "result").get(EXT + "position") for s in messages]
    if len(positions) != expected or positions != list(range(len(positions))):
        raise _Bad(f"incomplete: {len(messages)} of its {expected} `answered` statements are there")
    mode = _word(context.get(EXT + "mode"), "mode")
    if mode not in MODES:
        raise _Bad(f"unknown mode {mode!r}")
    return Attempt(
        id=registration, player_id=player_id, nickname=nickname,
        class_code=_printable(context.get(EXT + "class-code", ""), "class code"),
        mode=mode, source="import", scenario=_id(context.get(EXT + "scenario"), "scenario"),
        scenario_version=_number(context.get(EXT + "scenario-version"), "scenario version", whole=True),
        kind=_word(context.get(EXT + "kind"), "kind"), lang=_lang(completed),
        region=_word(context.get(EXT + "region"), "region"),
        feedback=_word(context.get(EXT + "feedback"), "feedback"),
        seed=_number(context.get(EXT + "seed"), "seed", whole=True),
        started_at=_timestamp(started), finished_at=_timestamp(completed.get("timestamp")),
        clock=_number(ext.get(EXT + "clock"), "clock"), ending=_id(ext.get(EXT + "ending"), "ending"),
        outcome=_id(ext.get(EXT + "outcome"), "outcome"), score=_number(raw, "score", whole=True),
        detection=_number(ext.get(EXT + "detection"), "detection"),
        restraint=_number(ext.get(EXT + "restraint"), "restraint"),
        decisions=_number(ext.get(EXT + "decisions"), "decisions"),
        d_prime=_number(ext.get(EXT + "d-prime"), "d′"), criterion=_number(ext.get(EXT + "criterion"), "c"),
        hits=_count(ext, "hits"), misses=_count(ext, "misses"), false_alarms=_count(ext, "false-alarms"),
        correct_rejections=_count(ext, "correct-rejections"), named_correctly=_count(ext, "named-correctly"),
        loss=loss, paid=paid, currency=_currency(currency, paid_currency),
        given=tuple(_id(g, "data given") for g in _list(ext.get(EXT + "given"), "data given")),
        messages=tuple(_message(s) for s in messages), choices=tuple(_choice(c) for c in choices))


def _message(statement: Mapping) -> MessageRecord:
    ext = _extensions(statement, "result")
    verdict = ext.get(EXT + "verdict")
    if verdict not in VERDICTS:
        raise _Bad(f"unknown verdict {verdict!r}")
    return MessageRecord(
        message_id=_id(ext.get(EXT + "message"), "message"), step_id=_id(ext.get(EXT + "step"), "step"),
        channel=_word(ext.get(EXT + "channel"), "channel"),
        flags=tuple(_id(f, "red flag") for f in _list(ext.get(EXT + "red-flags"), "red flags")), verdict=verdict,
        flagged=_flag(ext.get(EXT + "flagged")), first_flag=_flag(ext.get(EXT + "first-flag")),
        final_flag=_flag(ext.get(EXT + "final-flag")), arrived_at=_number(ext.get(EXT + "arrived-at"), "arrival"),
        first_flag_at=_optional_number(ext.get(EXT + "first-flag-at"), "first flag time"),
        final_flag_at=_optional_number(ext.get(EXT + "final-flag-at"), "final flag time"))


def _choice(item: object) -> ChoiceRecord:
    if not isinstance(item, Mapping):
        raise _Bad("a choice is not an object")
    safe = item.get("safe")
    if safe is not None and not isinstance(safe, bool):
        raise _Bad("a choice's `safe` is not true, false or null")
    return ChoiceRecord(_id(item.get("step"), "step"), _id(item.get("choice"), "choice"),
                        _number(item.get("at"), "choice time"), safe)


# -- small readers: each raises _Bad with a sentence -----------------------------------------

def _actor(statement: Mapping) -> tuple[str, str]:
    """(player ID, nickname) of a statement's actor (a pseudonym when it has no name)."""
    actor = statement.get("actor")
    account = actor.get("account") if isinstance(actor, Mapping) else None
    if not isinstance(account, Mapping):
        raise _Bad("the actor has no account")
    player_id = _text(account.get("name"), "the account name", 64)
    name = actor.get("name")
    return player_id, (clean_nickname(name) if isinstance(name, str) else "") or pseudonym(player_id)


def _extensions(statement: Mapping, part: str) -> Mapping:
    holder = statement.get(part)
    found = holder.get("extensions") if isinstance(holder, Mapping) else None
    if not isinstance(found, Mapping):
        raise _Bad(f"the statement has no {part} extensions")
    return found


def _text(value: object, what: str, limit: int, *, empty: bool = False) -> str:
    if not isinstance(value, str) or len(value) > limit or (not value and not empty):
        raise _Bad(f"bad {what}: {value!r:.80}")
    return value


def _printable(value: object, what: str) -> str:
    text = _text(value, what, 64, empty=True)
    if not text.isprintable():
        raise _Bad(f"bad {what}: {value!r:.80}")
    return text


def _id(value: object, what: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise _Bad(f"bad {what}: {value!r:.80}")
    return value


def _word(value: object, what: str) -> str:
    if not isinstance(value, str) or not _WORD.match(value):
        raise _Bad(f"bad {what}: {value!r:.80}")
    return value


def _flag(value: object) -> str | None:
    return value if value is None or value == "" else _id(value, "flag")


def _list(value: object, what: str) -> list:
    if not isinstance(value, list) or len(value) > _MAX_ITEMS:
        raise _Bad(f"bad {what}: {value!r:.80}")
    return value


def _number(value: object, what: str, *, whole: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or abs(value) > 1e12 or (whole and not isinstance(value, int)):
        raise _Bad(f"bad {what}: {value!r:.80}")
    return value if whole else float(value)


def _optional_number(value: object, what: str) -> float | None:
    return None if value is None else _number(value, what)


def _count(ext: Mapping, name: str) -> int:
    value = _number(ext.get(EXT + name), name.replace("-", " "), whole=True)
    if value < 0:
        raise _Bad(f"bad {name.replace('-', ' ')}: {value}")
    return value


def _money(value: object, what: str) -> tuple:
    if not isinstance(value, Mapping):
        raise _Bad(f"bad {what}: {value!r:.80}")
    try:
        amount = load(_text(value.get("amount"), what, 20))
    except ValueError as exc:
        raise _Bad(f"bad {what}: {exc}") from None
    return amount, value.get("currency")


def _currency(first: object, second: object) -> str:
    if not isinstance(first, str) or not _CURRENCY.match(first) or first != second:
        raise _Bad(f"bad currency: {first!r:.20}")
    return first


def _lang(statement: Mapping) -> str:
    context = statement.get("context")
    value = context.get("language") if isinstance(context, Mapping) else None
    if not isinstance(value, str) or not _LANG.match(value):
        raise _Bad(f"bad language: {value!r:.20}")
    return value


def _timestamp(value: object) -> str:
    if not isinstance(value, str) or len(value) > 40:
        raise _Bad(f"bad timestamp: {value!r:.40}")
    try:
        return _format_time(_parse_time(value))
    except ValueError:
        raise _Bad(f"bad timestamp: {value!r:.40}") from None


# -- times ----------------------------------------------------------------------------------

def _parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _format_time(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _duration(seconds: float) -> str:
    """ISO 8601 duration to the hundredth of a second ("PT12.5S", "PT1H2M3S")."""
    centis = round(max(0.0, seconds) * 100)
    hours, rest = divmod(centis, 360000)
    minutes, rest = divmod(rest, 6000)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if rest or text == "PT":
        whole, fraction = divmod(rest, 100)
        text += f"{whole}.{fraction:02d}".rstrip("0").rstrip(".") + "S"
    return text


def _activity(iri: str, kind: str) -> dict:
    return {"objectType": "Activity", "id": iri, "definition": {"type": ACTIVITY_TYPES[kind]}}
