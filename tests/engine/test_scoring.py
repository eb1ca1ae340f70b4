"""Scoring against hand-computed values (formula in docs/scoring.md)."""

from __future__ import annotations

import math

import pytest

from game.engine import FixedPersonas, Session, sdt
from game.engine import scoring


def test_sdt_log_linear_hand_computed():
    # 3 hits, 1 miss, 1 false alarm, 3 correct rejections:
    # H = 3.5/5 = 0.7, F = 1.5/5 = 0.3, z(0.7) = 0.524401, z(0.3) = -0.524401
    d_prime, criterion = sdt(3, 1, 1, 3)
    assert d_prime == pytest.approx(1.048801, abs=1e-5)
    assert criterion == pytest.approx(0.0, abs=1e-9)


def test_sdt_perfect_play_stays_finite():
    # 4 hits, 0 misses, 0 false alarms, 2 correct rejections: H = 4.5/5 = .9, F = .5/3 = 1/6
    d_prime, criterion = sdt(4, 0, 0, 2)
    assert d_prime == pytest.approx(1.281552 + 0.967422, abs=1e-5)
    assert criterion == pytest.approx(-(1.281552 - 0.967422) / 2, abs=1e-5)
    assert math.isfinite(d_prime)


def test_flagging_everything_is_not_discrimination():
    d_prime, criterion = sdt(5, 0, 5, 0)
    assert d_prime == pytest.approx(0.0) and criterion < -0.9


def test_score_formula_hand_computed():
    # Signals: named right (1.0), suspicious (0.5), missed (0); noise: 1 false alarm, 1 left alone.
    messages = [(("upfront_fee",), "upfront_fee"), (("urgency_deadline",), ""), (("too_easy_credit",), None),
                ((), "upfront_fee"), ((), None)]
    result = scoring.score(messages, "partial", data_given=2)
    assert (result.hits, result.misses, result.false_alarms, result.correct_rejections) == (2, 1, 1, 1)
    assert result.detection == pytest.approx(0.5)            # (1 + 0.5 + 0) / 3
    assert result.restraint == pytest.approx(0.5)            # 1 / 2
    assert result.decisions == pytest.approx(0.4)            # 0.5 * (1 - 0.2)
    assert result.score == 46                                # 40*.5 + 20*.5 + 40*.4 = 46
    assert result.named_correctly == 1


def test_naming_beats_a_vague_flag_which_beats_a_wrong_name():
    named = scoring.credit(("upfront_fee",), "upfront_fee")
    vague = scoring.credit(("upfront_fee",), "")
    wrong = scoring.credit(("upfront_fee",), "safe_account")
    assert named > vague > wrong > 0


def test_session_result_matches_hand_count(tiny, catalog):
    session = Session(tiny, catalog, seed=2, lang="en", personas=FixedPersonas())
    session.tick(10)
    session.flag("ad_text", "search_ad_lure")     # hit, named
    session.flag("ad_hours")                       # false alarm
    session.choose("open_ad")
    session.tick(10)                               # fee_demand missed
    session.choose("refuse")
    result = session.result()
    assert (result.hits, result.misses, result.false_alarms, result.correct_rejections) == (1, 1, 1, 0)
    # detection 1/2, restraint 0/1, decisions 1 -> 20 + 0 + 40
    assert result.score == 60
    d_prime, criterion = sdt(1, 1, 1, 0)
    assert result.d_prime == pytest.approx(d_prime, abs=1e-4)
    kinds = [(item.kind, item.flag_id, item.caught, item.named) for item in result.debrief]
    assert kinds == [
        ("red_flag", "too_easy_credit", True, False),
        ("red_flag", "search_ad_lure", True, True),
        ("false_alarm", None, False, False),
        ("red_flag", "upfront_fee", False, False),
        ("red_flag", "urgency_deadline", False, False),
        ("red_flag", "personal_payee_account", False, False),
    ]
    assert result.debrief[2].why == "Opening hours are ordinary."
    assert result.debrief[0].why == catalog.red_flags["too_easy_credit"].why.en
    assert result.takeaway == session.render(catalog.red_flags["too_easy_credit"].safe)
    assert "{region." not in result.takeaway    # the catalogue names services by region; they are filled in
