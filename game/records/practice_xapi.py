"""Practice answers (drills, boosters, before/after checks) as xAPI statements, and back.

One `answered` statement per answer, its registration the run (one drill or form) and its
object the message asked about (`…/scenarios/ID/messages/ID`, an interaction). The answer's
facts are result and context extensions of the profile (docs/xapi.md, "Practice"); the context
extension `practice-form` marks a practice statement, so an export can hold attempts and answers
side by side and `exchange.import_paths` tells them apart. Statement IDs are UUIDv5 of the
answer's ID: exported twice, imported once.

Imported statements are untrusted: every field is read into its type and range, and a statement
that cannot be read is a problem (`where: message`), never a traceback.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping

from .practice import CONFIDENCE, FORMS, TRUTHS, PracticeAnswer
from .xapi import (DEFAULT_BASE, EXT, NAMESPACE, VERBS, _activity, _actor, _Bad, _duration, _extensions, _id, _lang,
                   _list, _number, _printable, _timestamp, _word, pseudonym)

FORM_KEY = EXT + "practice-form"


def is_practice(item: object) -> bool:
    """A statement of a practice answer (not of a played scenario)."""
    context = item.get("context") if isinstance(item, Mapping) else None
    extensions = context.get("extensions") if isinstance(context, Mapping) else None
    return isinstance(extensions, Mapping) and FORM_KEY in extensions


def practice_statements(answers: Iterable[PracticeAnswer], players: Mapping[str, tuple[str, str]], *,
                        base: str = DEFAULT_BASE, pseudonymise: bool = False) -> list[dict]:
    """Statements of `answers`; `players` maps each answer's ID to (player ID, nickname)."""
    base = base.rstrip("/")
    made = []
    for answer in answers:
        player_id, nickname = players[answer.id]
        actor: dict = {"objectType": "Agent", "account": {"homePage": base, "name": player_id}}
        name = pseudonym(player_id) if pseudonymise else nickname
        if name:
            actor["name"] = name
        context: dict = {"registration": answer.run, "platform": "Red Flag", "language": answer.lang,
                         "extensions": {FORM_KEY: answer.form, EXT + "scenario": answer.scenario,
                                        EXT + "region": answer.region, EXT + "seed": answer.seed,
                                        EXT + "class-code": answer.class_code, EXT + "answer-id": answer.id}}
        result = {"success": answer.correct, "response": answer.said, "duration": _duration(answer.seconds),
                  "extensions": {EXT + "message": answer.message_id, EXT + "truth": answer.truth,
                                 EXT + "red-flags": list(answer.flags), EXT + "scam-type": answer.scam_type,
                                 EXT + "difficulty": answer.difficulty, EXT + "named": answer.named,
                                 EXT + "confidence": answer.confidence, EXT + "seconds": answer.seconds}}
        made.append({"id": str(uuid.uuid5(NAMESPACE, f"practice/{answer.id}")), "actor": actor,
                     "verb": {"id": VERBS["answered"], "display": {"en-US": "answered"}},
                     "object": _activity(f"{base}/scenarios/{answer.scenario}/messages/{answer.message_id}",
                                         "message"),
                     "result": result, "context": context, "timestamp": answer.answered_at})
    return made


def answers_from_statements(located: Iterable[tuple[str, object]], problems: list[str]
                            ) -> list[tuple[PracticeAnswer, str, str]]:
    """(answer, player ID, nickname) for each readable practice statement; the rest are problems."""
    found = []
    for where, item in located:
        try:
            found.append(_answer(item))
        except _Bad as exc:
            problems.append(f"{where}: {exc}")
        except (TypeError, ValueError, AttributeError, KeyError, OverflowError) as exc:
            problems.append(f"{where}: practice answer not readable ({type(exc).__name__})")
    return found


def _answer(item: Mapping) -> tuple[PracticeAnswer, str, str]:
    verb = item.get("verb")
    if not isinstance(verb, Mapping) or verb.get("id") != VERBS["answered"]:
        raise _Bad("a practice statement must be `answered`")
    context = _extensions(item, "context")
    ext = _extensions(item, "result")
    result = item["result"]
    player_id, nickname = _actor(item)
    try:
        run = str(uuid.UUID(str(item["context"].get("registration"))))
        answer_id = str(uuid.UUID(str(context.get(EXT + "answer-id"))))
    except ValueError:
        raise _Bad("a practice statement needs a registration and an answer ID (UUIDs)") from None
    form = context.get(FORM_KEY)
    truth, said = ext.get(EXT + "truth"), result.get("response")
    confidence = ext.get(EXT + "confidence")
    if form not in FORMS or truth not in TRUTHS or said not in TRUTHS:
        raise _Bad(f"unknown form, truth or answer: {form!r:.20} {truth!r:.20} {said!r:.20}")
    if isinstance(confidence, bool) or confidence not in CONFIDENCE:
        raise _Bad(f"bad confidence: {confidence!r:.20}")
    named = ext.get(EXT + "named")
    if named not in (None, ""):
        named = _id(named, "red flag named")
    scam_type = ext.get(EXT + "scam-type")
    difficulty = _number(ext.get(EXT + "difficulty"), "difficulty", whole=True)
    seconds = _number(ext.get(EXT + "seconds"), "seconds")
    if not 1 <= difficulty <= 3 or seconds < 0:
        raise _Bad("bad difficulty or seconds")
    scenario = _id(context.get(EXT + "scenario"), "scenario")
    message = _id(ext.get(EXT + "message"), "message")
    answer = PracticeAnswer(
        id=answer_id, run=run, form=form, item=f"{scenario}/{message}", scenario=scenario, message_id=message,
        region=_word(context.get(EXT + "region"), "region"), lang=_lang(item),
        seed=_number(context.get(EXT + "seed"), "seed", whole=True), truth=truth,
        flags=tuple(_id(f, "red flag") for f in _list(ext.get(EXT + "red-flags"), "red flags")),
        scam_type=None if scam_type is None else _id(scam_type, "scam type"), difficulty=difficulty, said=said,
        named=named, confidence=confidence, answered_at=_timestamp(item.get("timestamp")), seconds=seconds,
        class_code=_printable(context.get(EXT + "class-code", ""), "class code"))
    return answer, player_id, nickname
