"""A class without HTTP: joining, commands that count once, pause, removal, the end, figures that
match the attempts, and a second worker that carries on exactly where the first left off."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from game.records.store import Filter
from game.records.xapi import attempts_from_statements
from game.web import figures
from game.web.classroom import NICK_MAX, ClassError, Classroom, clean_nickname
from game.web.store import ClassStore
from tests.web.helpers import make_room, open_class, play_all, send, step


@pytest.fixture
def room(tmp_path, catalog, scenarios) -> Classroom:
    return make_room(tmp_path, catalog, scenarios)


def test_every_scenario_of_the_playlist_becomes_one_attempt_in_the_store_and_the_records(room):
    klass = open_class(room, ("first_steps", "loan_fee_trap"))
    trainee = room.join(klass.code, "Calm Heron", "en")
    final = play_all(room, trainee.id, seed=3)
    assert final["finished"] and final["position"] == 2 and final["view"] is None
    statements = [s for group in room.store.attempt_statements(klass.code) for s in group]
    from_store, problems = attempts_from_statements(statements)
    assert not problems
    kept = room.recorder.records.attempts(Filter(class_code=klass.code))
    assert sorted(a.scenario for a in from_store) == sorted(a.scenario for a in kept) == ["first_steps",
                                                                                         "loan_fee_trap"]
    assert {a.id: a.score for a in from_store} == {a.id: a.score for a in kept}
    assert {a.nickname for a in kept} == {"Calm Heron"} and {a.player_id for a in kept} == {trainee.id}
    assert room.store.roster(klass.code)[0].done == 2


def test_a_command_sent_twice_changes_the_session_once(room):
    klass = open_class(room, ("loan_fee_trap",))
    trainee = room.join(klass.code, "Ann", "en")
    state = room.state(trainee.id)
    while state["view"]["waiting"]:
        state = send(room, trainee.id, state, op="skip")
    message = next(m["id"] for m in state["view"]["messages"] if m["flaggable"])
    flagged = send(room, trainee.id, state, op="flag", message=message, flag="")
    assert flagged["n"] == state["n"] + 1
    with pytest.raises(ClassError) as again:                 # the same tap, resent with the old n
        room.command(trainee.id, {"n": state["n"], "op": "unflag", "message": message})
    assert again.value.key == "stale" and again.value.status == 409 and again.value.state["n"] == flagged["n"]
    saved = room.store.trainee(trainee.id).session
    assert len(saved["flag_log"]) == 1 and saved["flags"] == {message: ""}
    choice = next(c["id"] for c in flagged["view"]["choices"] if c["available"])
    chosen = send(room, trainee.id, flagged, op="choose", choice=choice)
    twice = send(room, trainee.id, flagged, op="choose", choice=choice)      # a double tap on the choice
    assert twice["n"] == chosen["n"]
    assert len(room.store.trainee(trainee.id).session["choices"]) == 1


def test_a_second_worker_on_the_same_store_carries_on_exactly(room, tmp_path, catalog, scenarios):
    klass = open_class(room, ("loan_fee_trap",))
    trainee = room.join(klass.code, "Ann", "en")
    rng = random.Random(5)
    state = room.state(trainee.id)
    for _ in range(6):
        state = step(room, trainee.id, state, rng)
    other = Classroom(ClassStore.open(str(tmp_path / "records.sqlite")), scenarios, catalog)
    assert other.state(trainee.id) == state
    for _ in range(4):
        state = step(other, trainee.id, state, rng)
    # the first worker's memory is behind: it must read the store again, not use its old session
    assert room.state(trainee.id) == state
    state = step(room, trainee.id, state, rng)
    assert other.state(trainee.id) == state


def test_a_paused_class_keeps_everyone_where_they_were(room):
    klass = open_class(room)
    trainee = room.join(klass.code, "Ann", "en")
    state = room.state(trainee.id)
    room.set_status(klass.code, "paused")
    room._classes.clear()
    with pytest.raises(ClassError) as paused:
        room.command(trainee.id, {"n": state["n"], "op": "skip"})
    assert paused.value.status == 423 and paused.value.state["status"] == "paused"
    assert room.state(trainee.id)["view"] == state["view"]
    room.set_status(klass.code, "open")
    room._classes.clear()
    assert send(room, trainee.id, state, op="skip")["n"] == state["n"] + 1


def test_a_removed_trainee_cannot_play_and_is_told(room):
    klass = open_class(room)
    trainee = room.join(klass.code, "Ann", "en")
    state = room.state(trainee.id)
    room.remove(klass.code, trainee.id)
    with pytest.raises(ClassError) as removed:
        room.command(trainee.id, {"n": state["n"], "op": "skip"})
    assert removed.value.key == "removed" and removed.value.status == 410
    with pytest.raises(ClassError) as again:            # the nickname stays blocked: join under another
        room.join(klass.code, "Ann", "en")
    assert again.value.key == "taken"
    assert [t.nickname for t in room.store.roster(klass.code) if not t.removed] == []


def test_an_ended_class_takes_no_one_and_no_command(room):
    klass = open_class(room)
    trainee = room.join(klass.code, "Ann", "en")
    state = room.state(trainee.id)
    room.set_status(klass.code, "ended")
    room._classes.clear()
    with pytest.raises(ClassError) as late:
        room.join(klass.code, "Bob", "en")
    assert late.value.key == "ended"
    with pytest.raises(ClassError) as after:
        room.command(trainee.id, {"n": state["n"], "op": "skip"})
    assert after.value.key == "ended"
    with pytest.raises(ClassError):
        room.set_status(klass.code, "open")


@pytest.mark.parametrize("typed, kept", [
    ("  Calm   Heron ", "Calm Heron"),
    ("\u202eevil\u202c", "evil"),               # bidi override: gone
    ("a\u200bb\x07c", "abc"),                    # zero width and a bell: gone
    ("沉着的白鹭", "沉着的白鹭"),
    ("x" * 200, "x" * NICK_MAX),
])
def test_nicknames_are_cleaned(typed, kept):
    assert clean_nickname(typed) == kept


@pytest.mark.parametrize("typed, key", [("", "bad_nickname"), ("\u202e\u202c", "bad_nickname"), ("!!", "bad_nickname"),
                                        ("ann@example.org", "no_email")])
def test_a_nickname_that_cannot_be_used_is_refused_with_a_reason(room, typed, key):
    klass = open_class(room)
    with pytest.raises(ClassError) as refused:
        room.join(klass.code, typed, "en")
    assert refused.value.key == key


def test_a_taken_nickname_a_wrong_code_and_a_full_class_are_refused(room):
    klass = open_class(room, max_trainees=2)
    room.join(klass.code.lower(), "Ann", "en")                   # the code typed in lower case still works
    for code, nick, key in ((klass.code, "ANN", "taken"), ("NOPE42", "Bob", "no_class"), ("", "Bob", "no_code")):
        with pytest.raises(ClassError) as refused:
            room.join(code, nick, "en")
        assert refused.value.key == key
    room.join(klass.code, "Bob", "en")
    with pytest.raises(ClassError) as full:
        room.join(klass.code, "Cy", "en")
    assert full.value.key == "full"


def test_the_class_figures_are_the_sums_of_the_trainees_attempts(room, catalog):
    klass = open_class(room, ("first_steps", "loan_fee_trap"))
    for number, nick in enumerate(("Ann", "Bob", "Cy")):
        trainee = room.join(klass.code, nick, "en")
        play_all(room, trainee.id, seed=number, flag_rate=0.3 + 0.3 * number)
    spotted, missed, false_alarms = Counter(), Counter(), Counter()
    for attempt in room.recorder.records.attempts(Filter(class_code=klass.code)):
        for message in attempt.messages:
            if message.verdict == "hit":
                spotted.update(message.flags)
            elif message.verdict == "miss":
                missed.update(message.flags)
            elif message.verdict == "false_alarm":
                false_alarms[message.flagged] += 1
    snap = figures.snapshot(room, klass.code, "en", "http://x/join")
    shown = {row["id"]: (row["spotted"], row["missed"], row["false_alarms"]) for row in snap["flags"]}
    expected = {f: (spotted[f], missed[f], false_alarms[f]) for f in set(spotted) | set(missed) | set(false_alarms)}
    assert shown == expected and sum(missed.values()) > 0 and sum(spotted.values()) > 0
    assert [r["missed"] for r in snap["flags"]] == sorted((r["missed"] for r in snap["flags"]), reverse=True)
    assert snap["counts"] == {"trainees": 3, "playing": 0, "finished": 3, "max": 300, "attempts": 6}
    assert {r["nickname"]: (r["done"], r["state"]) for r in snap["roster"]} == {
        "Ann": (2, "finished"), "Bob": (2, "finished"), "Cy": (2, "finished")}


def test_discuss_puts_the_most_missed_message_on_screen_with_its_red_flags(room, catalog):
    klass = open_class(room, ("loan_fee_trap",))
    seen_texts = {}
    for number, nick in enumerate(("Ann", "Bob", "Cy")):
        trainee = room.join(klass.code, nick, "en")
        state = room.state(trainee.id)
        rng = random.Random(number)
        while not state["view"]["ended"]:
            state = step(room, trainee.id, state, rng, flag_rate=0.0)      # nobody flags anything
        for card in state["result"]["cards"]:
            seen_texts[card["message_id"]] = next(l["text"] for l in card["lines"] if l["kind"] == "message")
    snap = figures.snapshot(room, klass.code, "en", "http://x/join")
    discuss = snap["discuss"]
    assert discuss is not None and discuss["caught"] == 0 and discuss["seen"] == 3 and discuss["share"] == 0
    message = next(m for s in room.scenarios["loan_fee_trap"].steps.values() for m in s.messages
                   if m.id == discuss["message_id"])
    assert message.flags, "the most-missed message carries red flags"
    assert discuss["flags"] == [catalog.red_flags[f].name.get("en") for f in message.flags]
    assert discuss["text"] == seen_texts[discuss["message_id"]]
    assert len(discuss["why"]) == len(discuss["safe"]) == len(message.flags)


def test_a_broken_request_gets_a_reason_and_changes_nothing(room):
    klass = open_class(room)
    trainee = room.join(klass.code, "Ann", "en")
    state = room.state(trainee.id)
    for payload in ({"op": "skip"}, {"n": "1", "op": "skip"}, {"n": state["n"], "op": "launch"},
                    {"n": state["n"], "op": "tick", "dt": -5}, {"n": state["n"], "op": "tick", "dt": "soon"},
                    {"n": state["n"], "op": "flag", "message": ["x"]}, {"n": state["n"], "op": "choose", "choice": 3},
                    {"n": state["n"], "op": "flag", "message": "no_such_message"},
                    {"n": state["n"], "op": "choose", "choice": "no_such_choice"},
                    {"n": True, "op": "skip"}, {"n": state["n"], "op": "lang", "lang": "xx"}):
        with pytest.raises(ClassError) as refused:
            room.command(trainee.id, payload)
        assert refused.value.status == 400, payload
    assert room.state(trainee.id) == state
    saved = room.store.trainee(trainee.id)
    assert saved.n == state["n"] and saved.session["flag_log"] == [] and saved.session["choices"] == []


def test_flag_names_are_offered_only_for_a_message_on_screen(room):
    """The picker's names include the message's own red flags: asking about a message that has
    not arrived (or does not exist) would hint at what is coming, so it is refused."""
    klass = open_class(room, ("loan_fee_trap",))
    trainee = room.join(klass.code, "Ann", "en")
    state = room.state(trainee.id)
    shown = {m["id"] for m in state["view"]["messages"]}
    later = next(m.id for step in room.scenarios["loan_fee_trap"].steps.values() for m in step.messages
                 if m.id not in shown and m.flags)
    for message in (later, "no_such_message"):
        with pytest.raises(ClassError) as refused:
            room.options(trainee.id, message)
        assert refused.value.key == "bad_message"
    while state["view"]["waiting"]:
        state = send(room, trainee.id, state, op="skip")
    first = next(m["id"] for m in state["view"]["messages"] if m["flaggable"])
    assert len(room.options(trainee.id, first)) == 5


def test_switching_language_on_the_debrief_records_the_attempt_once(room):
    klass = open_class(room, ("first_steps",))
    trainee = room.join(klass.code, "Ann", "en")
    state = room.state(trainee.id)
    rng = random.Random(3)
    while not state["view"]["ended"]:
        state = step(room, trainee.id, state, rng)
    for lang in ("zh", "en", "zh"):
        state = send(room, trainee.id, state, op="lang", lang=lang)
    assert state["lang"] == "zh" and state["result"]["summary"][0]["text"] != ""
    assert room.store.attempt_count(klass.code) == 1 and room.store.roster(klass.code)[0].done == 1
    assert room.recorder.records.count(Filter(class_code=klass.code)) == 1


def test_one_tick_passes_at_most_thirty_seconds_of_game_time(room):
    """A browser sends the real seconds since its last tick; a phone that slept for an hour (or a
    forged request) still moves the story on by half a minute at most."""
    klass = open_class(room, ("loan_fee_trap",))
    trainee = room.join(klass.code, "Ann", "en")
    state = room.state(trainee.id)
    clock = state["view"]["clock"]
    state = send(room, trainee.id, state, op="tick", dt=3600)
    assert 0 < state["view"]["clock"] - clock <= 30
