"""A player's history in figures (what My progress and `progress` show)."""

from __future__ import annotations

from decimal import Decimal

from game.records import summarise
from tests.records.report_data import attempt, message


def test_each_red_flag_is_in_one_list_caught_or_missed():
    # urgency: caught 3 of 4 (a strength, though missed once); upfront_fee: caught 1 of 3; qr: never caught
    history = [
        attempt(1, messages=(message("m1", ("urgency",), flagged=""), message("m2", ("upfront_fee",)),
                             message("m3", ("qr",)))),
        attempt(2, messages=(message("m1", ("urgency",), flagged="urgency"), message("m2", ("upfront_fee",)))),
        attempt(3, messages=(message("m1", ("urgency",), flagged=""), message("m2", ("upfront_fee",), flagged=""))),
        attempt(4, messages=(message("m1", ("urgency",)), message("m4", ()))),
    ]
    summary = summarise(history)
    assert [(t.flag_id, t.caught, t.shown) for t in summary.caught_most] == [("urgency", 3, 4)]
    assert [(t.flag_id, t.missed) for t in summary.missed_most] == [("upfront_fee", 2), ("qr", 1)]


def test_points_lost_money_and_trend():
    history = [attempt(n, score=s, loss=loss, currency=cur, day=f"2026-10-{n:02d}",
                       messages=(message("a", ()), message("b", (), flagged="")))
               for n, s, loss, cur in ((3, 70, 0, "CNY"), (1, 10, 500, "CNY"), (2, 20, Decimal("12.50"), "GBP"),
                                       (4, 80, 250, "CNY"), (5, 90, 0, "GBP"), (6, 100, 0, "CNY"))]
    summary = summarise(history)
    assert [p.score for p in summary.points] == [10, 20, 70, 80, 90, 100]          # oldest first
    assert summary.points[0].false_alarm_rate == 0.5
    assert summary.lost == (("CNY", 750), ("GBP", Decimal("12.50")))                # never added across currencies
    assert (summary.mean_score_first, summary.mean_score_last) == (100 / 3, 90.0)
    assert summarise(history[:5]).mean_score_first is None
