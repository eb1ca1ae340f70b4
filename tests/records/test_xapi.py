"""xAPI statements: every one valid by Ralph's xAPI models, IDs deterministic, the verdict of
every message as success, and an attempt rebuilt whole from its statements."""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import replace
from datetime import datetime

import pytest
from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement

from game.records.xapi import (
    DEFAULT_BASE,
    EXT,
    VERBS,
    _duration,
    attempts_from_statements,
    pseudonym,
    statement_id,
    statements,
)
from game.records import attempt_of
from tests.records.helpers import attempts, played

PLAYER = "6f1c2b8e-3d0a-4f8e-9b57-1a2c3d4e5f60"


@pytest.fixture(scope="module")
def made(scenarios, catalog):
    """Two rounds over every scenario of the library, in a class and outside one."""
    count = 2 * len(scenarios)
    revisits = attempt_of(played(scenarios["loan_fee_trap"], catalog, seed=3), player_id=PLAYER, nickname="Calm Heron",
                          started_at="2026-09-02T10:00:00.000Z", finished_at="2026-09-02T10:04:00.000Z")
    return (attempts(scenarios, catalog, count, player_id=PLAYER, nickname="Calm Heron", class_code="7B")
            + attempts(scenarios, catalog, 4, player_id=PLAYER, nickname="Calm Heron", start_day=20) + [revisits])


def verb(statement: dict) -> str:
    return statement["verb"]["id"].rsplit("/", 1)[1]


def test_every_statement_is_valid_xapi_by_ralphs_models(made):
    checked = 0
    for attempt in made:
        for statement in statements(attempt) + statements(attempt, pseudonymise=True, base="https://lrs.example"):
            BaseXapiStatement.model_validate(json.loads(json.dumps(statement)))
            checked += 1
    assert checked == 2 * sum(len(a.messages) + 3 for a in made)


def test_ralphs_model_refuses_what_the_profile_must_never_send(made):
    statement = statements(made[0])[-2]
    for broken in ({**statement, "actor": {**statement["actor"], "name": ""}},
                   {**statement, "result": {**statement["result"], "score": {"scaled": 1.5}}},
                   {**statement, "context": {**statement["context"], "registration": "attempt-1"}}):
        with pytest.raises(ValidationError):
            BaseXapiStatement.model_validate(broken)


def test_an_attempt_speaks_initialized_answered_per_message_completed_terminated(made):
    for attempt in made:
        found = statements(attempt)
        assert [verb(s) for s in found] == ["initialized"] + ["answered"] * len(attempt.messages) + [
            "completed", "terminated"]
        assert [s["verb"]["id"] for s in found[:1]] == [VERBS["initialized"]]


def test_statement_ids_are_uuid5_of_attempt_and_item_and_never_repeat(made):
    every = [s["id"] for a in made for s in statements(a)]
    assert len(every) == len(set(every))                       # a message shown twice still gets its own
    assert any(len({m.message_id for m in a.messages}) < len(a.messages) for a in made)
    attempt = made[0]
    first = statements(attempt)
    assert [s["id"] for s in statements(attempt, pseudonymise=True)] == [s["id"] for s in first]
    assert first[0]["id"] == statement_id(attempt.id, "initialized")
    assert first[1]["id"] == statement_id(attempt.id, f"answered/{attempt.messages[0].message_id}")
    assert first[-1]["id"] == statement_id(attempt.id, "terminated")
    assert uuid.UUID(first[0]["id"]).version == 5
    other = replace(attempt, id=str(uuid.uuid4()))
    assert not {s["id"] for s in statements(other)} & {s["id"] for s in first}


def test_answered_success_is_spotted_for_red_flags_and_left_alone_otherwise(made):
    seen = set()
    for attempt in made:
        answered = [s for s in statements(attempt) if verb(s) == "answered"]
        for message, statement in zip(attempt.messages, answered, strict=True):
            spotted = message.flagged is not None
            expected = spotted if message.flags else not spotted
            assert statement["result"]["success"] is expected, (attempt.scenario, message)
            assert statement["object"]["id"].endswith(f"/messages/{message.message_id}")
            assert statement["context"]["contextActivities"]["parent"][0]["id"].endswith(f"/scenarios/{attempt.scenario}")
            seen.add((bool(message.flags), expected))
    assert seen == {(True, True), (True, False), (False, True), (False, False)}


def test_completed_carries_scaled_score_d_prime_c_loss_and_choices(made):
    lost = [a for a in made if a.loss] or made
    for attempt in made[:10] + lost[:3]:
        completed = statements(attempt)[-2]
        score = completed["result"]["score"]
        assert score == {"scaled": attempt.score / 100, "raw": attempt.score, "min": 0, "max": 100}
        assert completed["result"]["completion"] is True
        ext = completed["result"]["extensions"]
        assert ext[EXT + "d-prime"] == attempt.d_prime and ext[EXT + "criterion"] == attempt.criterion
        assert ext[EXT + "loss"] == {"amount": str(attempt.loss), "currency": attempt.currency}
        assert ext[EXT + "hits"] == attempt.hits and ext[EXT + "false-alarms"] == attempt.false_alarms
        assert [(c["choice"], c["at"]) for c in ext[EXT + "choices"]] == [(c.choice_id, c.at) for c in attempt.choices]
    assert any(a.loss for a in made), "the library should have a scenario where the bot loses money"


def test_actor_is_an_opaque_account_and_pseudonymising_drops_the_nickname(made):
    attempt = made[0]
    plain = statements(attempt)
    assert plain[0]["actor"] == {"objectType": "Agent", "account": {"homePage": DEFAULT_BASE, "name": PLAYER},
                                 "name": "Calm Heron"}
    hidden = statements(attempt, pseudonymise=True)
    assert "Calm Heron" not in json.dumps(hidden)
    assert {s["actor"]["name"] for s in hidden} == {pseudonym(PLAYER)}
    assert "mbox" not in json.dumps(plain)


def test_context_has_registration_class_grouping_language_and_settings(made):
    in_class, alone = made[0], made[-1]
    for statement in statements(in_class):
        context = statement["context"]
        assert context["registration"] == in_class.id
        assert context["language"] == in_class.lang
        assert context["contextActivities"]["grouping"][0]["id"] == f"{DEFAULT_BASE}/classes/7B"
        ext = context["extensions"]
        assert (ext[EXT + "region"], ext[EXT + "seed"], ext[EXT + "scenario-version"], ext[EXT + "feedback"],
                ext[EXT + "mode"], ext[EXT + "source"]) == (in_class.region, in_class.seed, in_class.scenario_version,
                                                             in_class.feedback, "play", "here")
    for statement in statements(alone):
        assert "grouping" not in statement["context"].get("contextActivities", {})


def test_activity_ids_live_under_the_configured_base_and_extensions_do_not_move(made):
    attempt = made[0]
    moved = statements(attempt, base="https://school.example/redflag/")
    for statement in moved:
        assert statement["object"]["id"].startswith("https://school.example/redflag/scenarios/")
        assert statement["actor"]["account"]["homePage"] == "https://school.example/redflag"
    assert [sorted(s["context"]["extensions"]) for s in moved] == [
        sorted(s["context"]["extensions"]) for s in statements(attempt)]
    assert all(".invalid/" in s["object"]["id"] for s in statements(attempt))


def test_timestamps_follow_the_game_clock_from_the_start_and_never_pass_the_end(made):
    for attempt in made:
        found = statements(attempt)
        start, end = (datetime.fromisoformat(t.replace("Z", "+00:00")) for t in (attempt.started_at, attempt.finished_at))
        times = [datetime.fromisoformat(s["timestamp"].replace("Z", "+00:00")) for s in found]
        assert times[0] == start and times[-1] == times[-2] == end
        assert all(start <= t <= end for t in times)
        for message, t in zip(attempt.messages, times[1:-2]):
            at = message.final_flag_at if message.final_flag_at is not None else (
                message.first_flag_at if message.first_flag_at is not None else message.arrived_at)
            assert (t - start).total_seconds() == pytest.approx(min(at, (end - start).total_seconds()))


def test_durations_are_iso_8601():
    assert [_duration(s) for s in (0, 2, 12.5, 59.99, 61, 3723.25)] == [
        "PT0S", "PT2S", "PT12.5S", "PT59.99S", "PT1M1S", "PT1H2M3.25S"]


def test_attempts_are_rebuilt_whole_from_their_statements(made):
    assert any(len({m.message_id for m in a.messages}) < len(a.messages) for a in made)
    mixed = [json.loads(json.dumps(s)) for a in made for s in statements(a)]
    random.Random(4).shuffle(mixed)
    back, problems = attempts_from_statements(mixed)
    assert problems == []
    assert sorted(back, key=lambda a: a.id) == sorted((replace(a, source="import") for a in made), key=lambda a: a.id)


def test_a_pseudonymised_attempt_comes_back_under_its_pseudonym(made):
    back, problems = attempts_from_statements(statements(made[0], pseudonymise=True))
    assert problems == [] and back[0].nickname == pseudonym(PLAYER) and back[0].player_id == PLAYER


def test_incomplete_and_foreign_statements_are_problems_not_crashes(made):
    whole, no_end, short = made[0], made[1], made[2]
    items = statements(whole) + statements(no_end)[:-2] + [
        s for s in statements(short) if s["id"] != statement_id(short.id, f"answered/{short.messages[0].message_id}")]
    tail = statements(made[4])
    items += tail[:-3] + tail[-2:]                                  # the last `answered` lost
    items += [[], "text", {"verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"}},
              {"verb": {"id": VERBS["answered"]}, "context": {}}, {"verb": {"id": ["x"]}}]
    broken = statements(made[3])
    broken[-2] = json.loads(json.dumps(broken[-2]))
    broken[-2]["result"]["extensions"][EXT + "hits"] = "many"
    items += broken
    back, problems = attempts_from_statements(items)
    assert [a.id for a in back] == [whole.id]
    text = "\n".join(problems)
    assert f"attempt {no_end.id}: incomplete" in text
    assert f"attempt {short.id}: incomplete" in text
    assert f"attempt {made[3].id}: bad hits" in text
    assert f"attempt {made[4].id}: incomplete: {len(made[4].messages) - 1} of its {len(made[4].messages)}" in text
    assert "not a Red Flag statement" in text and "no registration" in text and "not a JSON object" in text
    assert len(problems) == 9
