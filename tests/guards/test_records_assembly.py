"""The attempt a finished session makes and the history figures drawn from attempts: every
field carried over from the result, the derived times and rates, and the edges of the lists
("at least half", "six attempts for a trend")."""

from __future__ import annotations

import re
import uuid

import pytest

from game.engine import FixedPersonas, Session
from game.records import summarise
from game.records.attempt import attempt_of, new_id, now_iso
from tests.records.report_data import attempt, message


def _finished(tiny, catalog) -> Session:
    session = Session(tiny, catalog, seed=2, lang="en", personas=FixedPersonas())
    session.tick(10)
    session.flag("ad_text", "search_ad_lure")
    session.flag("ad_hours")
    session.choose("open_ad")
    session.tick(10)
    session.choose("pay")
    return session


def test_an_attempt_carries_every_fact_of_the_result(tiny, catalog):
    session = _finished(tiny, catalog)
    result = session.result()
    got = attempt_of(session, player_id="p", nickname="Ana", class_code="7B", started_at="2026-01-01T00:00:00.000Z",
                     finished_at="2026-01-01T00:05:00.000Z", attempt_id="a-1")
    assert (got.id, got.player_id, got.nickname, got.class_code, got.mode, got.source) == \
        ("a-1", "p", "Ana", "7B", "play", "here")
    assert (got.started_at, got.finished_at) == ("2026-01-01T00:00:00.000Z", "2026-01-01T00:05:00.000Z")
    for name in ("scenario", "scenario_version", "kind", "lang", "region", "feedback", "seed", "ending", "outcome",
                 "score", "detection", "restraint", "decisions", "d_prime", "criterion", "hits", "misses",
                 "false_alarms", "correct_rejections", "named_correctly", "loss", "paid", "currency"):
        assert getattr(got, name) == getattr(result, name), name
    assert got.given == tuple(result.given) and got.clock == result.clock
    assert [(m.message_id, m.verdict, m.flagged, m.arrived_at, m.first_flag_at) for m in got.messages] == \
        [(m.id, m.verdict, m.flagged, m.at, m.first_flag_at) for m in result.messages]
    assert [(c.step_id, c.choice_id, c.safe) for c in got.choices] == \
        [(c.step_id, c.choice_id, c.safe) for c in result.choices]


def test_an_attempt_without_times_or_id_gets_now_and_a_fresh_uuid(tiny, catalog):
    session = _finished(tiny, catalog)
    got = attempt_of(session, player_id="p", nickname="Ana", finished_at="2026-01-01T00:05:00.000Z")
    assert got.started_at == got.finished_at == "2026-01-01T00:05:00.000Z"
    assert str(uuid.UUID(got.id)) == got.id
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", attempt_of(session, player_id="p",
                                                                             nickname="A").finished_at)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", now_iso())
    assert new_id() != new_id()
    assert attempt_of(session, player_id="p", nickname="A", mode="demo").mode == "demo"
    with pytest.raises(ValueError):
        attempt_of(session, player_id="p", nickname="A", mode="cheat")


def test_seconds_to_spot_runs_from_arrival_to_the_first_flag_and_never_below_zero():
    assert message("m", ("x",), flagged="x", arrived=10.0, first_at=14.5).seconds_to_spot == 4.5
    assert message("m", ("x",), flagged="x", arrived=10.0, first_at=8.0).seconds_to_spot == 0.0
    assert message("m", ("x",), arrived=10.0).seconds_to_spot is None


def test_the_false_alarm_rate_is_over_the_fine_messages_only():
    noise = (message("a", (), flagged=""), message("b", ()), message("c", ()), message("d", ()))
    assert attempt(1, messages=noise + (message("s", ("x",)),)).false_alarm_rate == 0.25
    assert attempt(1, messages=(message("s", ("x",), flagged="x"),)).false_alarm_rate is None


def test_a_flag_caught_exactly_half_the_time_is_a_strength_and_just_under_is_a_weakness():
    history = [attempt(1, messages=(message("m1", ("half",), flagged="half"), message("m2", ("third",)))),
               attempt(2, messages=(message("m1", ("half",)), message("m2", ("third",), flagged=""))),
               attempt(3, messages=(message("m2", ("third",)), message("m3", ("never",)), message("m4", ("never",))))]
    summary = summarise(history)
    assert [(t.flag_id, t.shown, t.caught, t.missed) for t in summary.caught_most] == [("half", 2, 1, 1)]
    assert [(t.flag_id, t.shown, t.caught, t.missed) for t in summary.missed_most] == \
        [("never", 2, 0, 2), ("third", 3, 1, 2)]


def test_lists_are_ordered_by_count_then_rate_then_name():
    history = [attempt(1, messages=(message("a", ("b_flag",), flagged="x"), message("b", ("a_flag",), flagged="x"),
                                    message("c", ("c_flag",), flagged="x"), message("d", ("c_flag",)),
                                    message("e", ("d_flag",), flagged="x"), message("f", ("d_flag",), flagged="x"),
                                    message("g", ("d_flag",)))),
               attempt(2, messages=(message("a", ("b_flag",), flagged="x"), message("b", ("a_flag",), flagged="x"))),
               attempt(3, messages=(message("m", ("m1",)), message("n", ("m2",)), message("n2", ("m2",)),
                                    message("n3", ("m2",), flagged="x"), message("o", ("m3",)),
                                    message("o2", ("m3",)), message("p", ("m4",)), message("p2", ("m4",))))]
    summary = summarise(history)
    # caught: a_flag 2/2, b_flag 2/2, d_flag 2/3, c_flag 1/2 → by count, then by rate, then by name
    assert [t.flag_id for t in summary.caught_most] == ["a_flag", "b_flag", "d_flag", "c_flag"]
    # missed: m3 2/2 and m4 2/2 before m2 2/3 (lower catch rate first), m1 1/1 last
    assert [t.flag_id for t in summary.missed_most] == ["m3", "m4", "m2", "m1"]


def test_losses_add_up_per_currency_largest_first_and_a_loss_free_history_has_none():
    history = [attempt(1, loss=100), attempt(2, loss=300, currency="GBP"), attempt(3, loss=150), attempt(4)]
    summary = summarise(history)
    assert summary.lost == (("GBP", 300), ("CNY", 250))
    assert summarise([attempt(1), attempt(2)]).lost == ()


def test_the_trend_needs_six_attempts_and_compares_the_first_three_with_the_last_three():
    scores = (10, 20, 30, 40, 50, 60, 70)
    history = [attempt(n, score=s, day=f"2026-10-{n:02d}") for n, s in enumerate(scores, start=1)]
    summary = summarise(history)
    assert (summary.mean_score_first, summary.mean_score_last) == (20.0, 60.0)
    six = summarise(history[:6])
    assert (six.mean_score_first, six.mean_score_last) == (20.0, 50.0)
    five = summarise(history[:5])
    assert (five.mean_score_first, five.mean_score_last) == (None, None)


def test_counts_best_and_scenarios_of_a_history():
    history = [attempt(1, score=40, scenario="a"), attempt(2, score=90, scenario="b"),
               attempt(3, score=70, scenario="a")]
    summary = summarise(history)
    assert (summary.attempts, summary.best, summary.scenarios) == (3, 90, 2)
    empty = summarise([])
    assert (empty.attempts, empty.best, empty.scenarios, empty.points) == (0, 0, 0, ())


def test_equal_losses_in_two_currencies_are_listed_by_currency_code():
    history = [attempt(1, loss=100, currency="GBP"), attempt(2, loss=100, currency="CNY")]
    assert summarise(history).lost == (("CNY", 100), ("GBP", 100))
