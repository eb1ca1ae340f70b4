"""What the teacher's screen shows: the roster, the class's figures per red flag, and the message
the class missed most (for the "discuss" view).

The figures are sums of the trainees' tallies (`classroom.tally_of`, saved with every command),
so a snapshot reads small rows, never every session. Message texts for the discuss view come
from a trainee's own session when one still holds it (the exact words and amounts they saw),
else from a session of the class's seed (every trainee of a class shares the seed, so the same
people and amounts).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping

from game.engine import EngineError, SaveError, Session
from game.locale import Translator, words

from .classroom import Classroom, Settings

TOP_MESSAGES = 10


def snapshot(room: Classroom, code: str, lang: str, join_url: str) -> dict:
    row = room.get_class(code, fresh=True)
    settings = Settings.from_json(row.settings)
    tr = Translator(lang)
    titles = [tr.t("drill.form.drill") if s == "drill" else room.scenarios[s].title.get(lang) for s in settings.playlist]
    total = len(settings.playlist)
    now = time.time()
    roster, spotted, missed, false_alarms = [], Counter(), Counter(), Counter()
    seen, caught = Counter(), Counter()
    trainees = [t for t in room.store.roster(code) if not t.removed]
    for t in trainees:
        finished = t.position >= total or t.done >= total      # the last debrief needs no "next"
        state = "finished" if finished else ("debrief" if t.done > t.position else "playing")
        roster.append({"id": t.id, "nickname": t.nickname, "position": min(t.position, total), "total": total,
                       "scenario": titles[t.position] if t.position < total else "", "step": t.step, "done": t.done,
                       "state": "paused" if row.status == "paused" and not finished else state,
                       "seen": round(max(0.0, now - t.updated_at), 1)})
        caught_here: dict[str, bool] = {}          # per message, this trainee: caught it (any delivery)?
        for delivery, verdict in t.tally.items():
            key = delivery.partition("#")[0]
            position, _, message_id = key.partition(":")
            if not position.isdigit() or int(position) >= total:
                continue
            carries = room.flags_of(room.scenarios[settings.playlist[int(position)]]).get(message_id, ())
            if verdict == "h":
                spotted.update(carries)
                caught_here[key] = True
            elif verdict == "m":
                missed.update(carries)
                caught_here.setdefault(key, False)
            elif verdict.startswith("f:"):
                false_alarms[verdict[2:]] += 1
        for key, was_caught in caught_here.items():     # the share of trainees, not of deliveries
            seen[key] += 1
            caught[key] += was_caught
    names = {flag_id: flag.name.get(lang) for flag_id, flag in room.catalog.red_flags.items()}
    names[""] = tr.t("flag.just_suspicious")
    flag_ids = set(spotted) | set(missed) | set(false_alarms)
    flags = sorted(({"id": f, "name": names.get(f, f), "spotted": spotted[f], "missed": missed[f],
                     "false_alarms": false_alarms[f]} for f in flag_ids),
                   key=lambda r: (-r["missed"], -r["false_alarms"], r["name"]))
    ranked = sorted(seen, key=lambda k: (-(seen[k] - caught[k]), caught[k] / seen[k], k))
    messages = []
    for key in ranked[:TOP_MESSAGES]:
        position = int(key.partition(":")[0])
        messages.append({"key": key, "message_id": key.partition(":")[2], "scenario": titles[position],
                         "seen": seen[key], "caught": caught[key], "share": caught[key] / seen[key]})
    discuss = None
    if messages and messages[0]["seen"] > messages[0]["caught"]:
        discuss = _discuss(room, settings, trainees, messages[0], lang)
    for item in messages:
        item["text"] = _message_text(room, settings, trainees, item["key"], lang)["text"]
    return {
        "code": code, "status": row.status, "join_url": join_url, "lang": lang,
        "playlist": [{"id": s, "title": title} for s, title in zip(settings.playlist, titles)],
        "counts": {"trainees": len(trainees), "playing": sum(r["state"] != "finished" for r in roster),
                   "finished": sum(r["state"] == "finished" for r in roster), "max": settings.max_trainees,
                   "attempts": room.store.attempt_count(code)},
        "forms": {"on": settings.before_after, **{form: 0 for form in ("before", "after", "drill")},
                  **room.store.form_counts(code)},
        "roster": roster, "flags": flags, "discuss": discuss, "messages": messages,
    }


def _discuss(room: Classroom, settings: Settings, trainees, item: Mapping, lang: str) -> dict:
    found = _message_text(room, settings, trainees, item["key"], lang)
    scenario = room.scenarios[settings.playlist[int(item["key"].partition(":")[0])]]
    message = next(m for step in scenario.steps.values() for m in step.messages if m.id == item["message_id"])
    session = found["session"]
    flags = [room.catalog.red_flags[f] for f in message.flags]
    return {"message_id": item["message_id"], "scenario": item["scenario"], "sender": found["sender"],
            "channel": Translator(lang).t(f"channel.{found['channel']}") if found["channel"] else "",
            "text": found["text"], "flags": [f.name.get(lang) for f in flags],
            "why": [session.render(message.why.get(f_id, room.catalog.red_flags[f_id].why), lang)
                    for f_id in message.flags],
            "safe": [session.render(f.safe, lang) for f in flags],
            "seen": item["seen"], "caught": item["caught"], "share": item["share"]}


def _message_text(room: Classroom, settings: Settings, trainees, key: str, lang: str) -> dict:
    """The message's words as a trainee saw them, in `lang` (cached per class and language)."""
    cache_key = (settings.seed, tuple(settings.playlist), key, lang)
    cached = room._texts.get(cache_key)
    if cached is not None:
        return cached
    position, _, message_id = key.partition(":")
    scenario = room.scenarios[settings.playlist[int(position)]]
    found = None
    for t in trainees:
        if t.position != int(position):
            continue
        full = room.store.trainee(t.id)
        if full is None or full.session is None:
            continue
        try:
            session = Session.from_json(scenario, room.catalog, full.session, words=words)
            session.set_lang(lang)
        except (SaveError, EngineError):
            continue
        view = session.view()
        message = next((m for m in view.messages if m.id == message_id), None)
        if message is not None:
            found = {"text": message.text, "sender": message.sender_name, "channel": message.channel,
                     "session": session}
            break
    if found is None:         # nobody holds it any more: the class's seed gives the same people and amounts
        session = room._new_session(settings, int(position), lang)
        message = next(m for step in scenario.steps.values() for m in step.messages if m.id == message_id)
        step = next(s for s in scenario.steps.values() if message in s.messages)
        found = {"text": session.render(message.text, lang), "sender": "", "channel": step.channel,
                 "session": session}
        return found             # not cached: a trainee's own words may turn up later
    room._texts[cache_key] = found
    return found
