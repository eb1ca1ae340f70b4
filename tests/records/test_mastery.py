"""The mastery model (game/records/mastery.py, docs/learning.md) on hand-made attempts with known answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.records import Attempt, MessageRecord
from game.records.mastery import (HALF_LIFE_DAYS, MASTERED_CONFIDENCE, MASTERED_SCORE, ScenarioFacts, facts_of,
                                  mastery_of, trend, weight)

DOC = Path(__file__).resolve().parents[2] / "docs" / "learning.md"
FLAGGED = ("hit", "false_alarm")

FACTS = {"loan_fee_trap": ScenarioFacts("scam", "fake_loan", None, frozenset({"upfront_fee", "too_easy_credit"})),
         "licensed_lender": ScenarioFacts("legit", "bank_loan", "fake_loan", frozenset())}


def _message(message_id: str, flags: tuple[str, ...], verdict: str) -> MessageRecord:
    flagged = "" if verdict in FLAGGED else None
    return MessageRecord(message_id, "s1", "sms", flags, verdict, flagged, flagged, flagged, 0.0, None, None)


def _attempt(attempt_id: str, scenario: str, day: str, answers: list[tuple[tuple[str, ...], str]]) -> Attempt:
    messages = tuple(_message(f"m{i}", flags, verdict) for i, (flags, verdict) in enumerate(answers, 1))
    count = {v: sum(m.verdict == v for m in messages) for v in ("hit", "miss", "false_alarm", "correct_rejection")}
    at = f"{day}T12:00:00.000Z"
    kind = FACTS[scenario].kind if scenario in FACTS else "scam"
    return Attempt(attempt_id, "p-1", "Calm Heron", "", "play", "here", scenario, 1, kind, "en", "CN", "delayed", 1,
                   at, at, 60.0, "end", "safe", 0, 0.0, 0.0, 0.0, 0.0, 0.0, count["hit"], count["miss"],
                   count["false_alarm"], count["correct_rejection"], 0, 0, 0, "CNY", (), messages, ())


def worked_example() -> list[Attempt]:
    """The three attempts of docs/learning.md, "Worked example"."""
    return [
        _attempt("a1", "loan_fee_trap", "2026-10-01", [(("too_easy_credit",), "hit"), (("upfront_fee",), "miss"),
                                                         ((), "correct_rejection")]),
        _attempt("a2", "licensed_lender", "2026-10-15", [((), "false_alarm"), ((), "correct_rejection")]),
        _attempt("a3", "loan_fee_trap", "2026-10-15", [(("upfront_fee", "too_easy_credit"), "hit"),
                                                         ((), "correct_rejection")]),
    ]


NOW = "2026-10-15T12:00:00Z"
# key: (hit rate, restraint, mastery, confidence), rounded to 4 places as docs/learning.md shows them
EXPECTED = {"overall": (0.625, 0.6364, 0.2614, 0.5238), "upfront_fee": (0.5714, 0.5682, 0.1396, 0.4118),
            "too_easy_credit": (0.7143, 0.5682, 0.2825, 0.4118), "fake_loan": (0.625, 0.5682, 0.1932, 0.4444)}


def _figures(tally) -> tuple[float, ...]:
    return tuple(round(x, 4) for x in (tally.hit_rate, tally.restraint, tally.score, tally.confidence))


def test_mastery_worked_example_matches_the_doc():
    result = mastery_of(worked_example(), FACTS, now=NOW)
    got = {"overall": _figures(result.overall), "upfront_fee": _figures(result.flag("upfront_fee")),
           "too_easy_credit": _figures(result.flag("too_easy_credit")),
           "fake_loan": _figures(result.scam_type("fake_loan"))}
    assert got == EXPECTED
    doc = DOC.read_text(encoding="utf-8")
    for key, figures in EXPECTED.items():       # the doc's table shows the same figures
        row = f"| `{key}` | " + " | ".join(f"{x:.4f}" for x in figures) + " |"
        assert row in doc, row
    assert f"half-life of {HALF_LIFE_DAYS:g} days" in doc


def test_mastery_counts_opportunities_hits_lookalikes_and_false_alarms_exactly():
    result = mastery_of(worked_example(), FACTS, now=NOW)
    upfront = result.flag("upfront_fee")
    assert (upfront.opportunities, upfront.hits, upfront.lookalikes, upfront.false_alarms) == (2, 1, 2, 1)
    assert (upfront.weighted_opportunities, upfront.weighted_hits) == (1.5, 1.0)      # the old miss weighs ½
    overall = result.overall           # every flag-free message counts overall, also those of scam scenarios
    assert (overall.opportunities, overall.hits, overall.lookalikes, overall.false_alarms) == (3, 2, 4, 1)
    assert [t.key for t in result.types] == ["fake_loan"]       # the look-alike counts for the type it resembles
    assert [t.key for t in result.flags] == ["upfront_fee", "too_easy_credit"]        # weakest first


def test_mastery_an_old_miss_weighs_less_than_a_new_one():
    old_miss = [_attempt("a1", "loan_fee_trap", "2026-09-01", [(("upfront_fee",), "miss")]),
                _attempt("a2", "loan_fee_trap", "2026-10-15", [(("upfront_fee",), "hit")])]
    new_miss = [_attempt("a1", "loan_fee_trap", "2026-09-01", [(("upfront_fee",), "hit")]),
                _attempt("a2", "loan_fee_trap", "2026-10-15", [(("upfront_fee",), "miss")])]
    forgiven = mastery_of(old_miss, FACTS, now=NOW).flag("upfront_fee")
    fresh = mastery_of(new_miss, FACTS, now=NOW).flag("upfront_fee")
    assert forgiven.hit_rate > fresh.hit_rate
    assert forgiven.score > fresh.score
    assert weight(HALF_LIFE_DAYS) == 0.5 and weight(0) == 1.0 and weight(-3) == 1.0


def _flag_everything(days: int) -> list[Attempt]:
    made = []
    for day in range(1, days + 1):
        stamp = f"2026-10-{day:02d}"
        made.append(_attempt(f"s{day}", "loan_fee_trap", stamp, [(("upfront_fee",), "hit"),
                                                                  (("too_easy_credit",), "hit"), ((), "false_alarm")]))
        made.append(_attempt(f"g{day}", "licensed_lender", stamp, [((), "false_alarm"), ((), "false_alarm")]))
    return made


def test_mastery_a_player_who_flags_everything_is_never_mastered():
    attempts = _flag_everything(14)
    result = mastery_of(attempts, FACTS, now="2026-10-14T12:00:00Z")
    for tally in (*result.flags, *result.types, result.overall):
        assert tally.hit_rate > 0.9
        assert tally.restraint < 0.1
        assert tally.score < 0.1
        assert tally.confidence > 0.5
        assert not tally.mastered
    assert all(point.criterion < -0.5 for point in trend(attempts, by="day"))      # liberal every day


def test_mastery_a_careful_player_masters_the_flag():
    attempts = []
    for day in range(1, 11):
        stamp = f"2026-10-{day:02d}"
        attempts.append(_attempt(f"s{day}", "loan_fee_trap", stamp, [(("upfront_fee",), "hit"),
                                                                     (("too_easy_credit",), "hit")]))
        attempts.append(_attempt(f"g{day}", "licensed_lender", stamp, [((), "correct_rejection")]))
    result = mastery_of(attempts, FACTS, now="2026-10-10T12:00:00Z")
    assert result.flag("upfront_fee").mastered and result.scam_type("fake_loan").mastered
    early = mastery_of(attempts[:4], FACTS, now="2026-10-02T12:00:00Z").flag("upfront_fee")
    assert early.score >= MASTERED_SCORE and early.confidence < MASTERED_CONFIDENCE
    assert not early.mastered                   # a good start, but two days are too few to be sure


def test_mastery_unknown_scenario_counts_for_its_flags_only():
    attempts = [_attempt("a1", "gone_pack", "2026-10-15", [(("upfront_fee",), "hit"), ((), "false_alarm")])]
    result = mastery_of(attempts, FACTS, now=NOW)
    assert result.types == ()
    assert result.flag("upfront_fee").opportunities == 1 and result.flag("upfront_fee").lookalikes == 0
    assert result.overall.false_alarms == 1


def test_trend_per_attempt_and_per_day_pools_counts():
    attempts = worked_example()
    per_day = trend(attempts, by="day")
    assert [p.key for p in per_day] == ["2026-10-01", "2026-10-15"]
    assert [(p.hits, p.misses, p.false_alarms, p.correct_rejections) for p in per_day] == [(1, 1, 0, 1), (1, 0, 1, 2)]
    assert per_day[1].false_alarm_rate == pytest.approx(1 / 3)
    assert per_day[0].d_prime == pytest.approx(0.6745, abs=1e-4) and per_day[0].criterion == pytest.approx(0.3372,
                                                                                                           abs=1e-4)
    per_attempt = trend(attempts)
    assert [p.key for p in per_attempt] == ["a1", "a2", "a3"]
    assert per_attempt[2].false_alarm_rate == 0.0
    with pytest.raises(ValueError):
        trend(attempts, by="week")


def test_facts_of_real_scenarios(scenarios):
    facts = facts_of(scenarios.values())
    lender = facts["licensed_lender"]
    assert lender.kind == "legit" and lender.scam_type == "fake_loan"
    assert facts["loan_fee_trap"].scam_type == "fake_loan" and "upfront_fee" in facts["loan_fee_trap"].flags
