"""The scoring rules of docs/scoring.md, pinned where a broken rule would still add up:
the cap on the data penalty, the full marks for an empty signal or noise class, the rounding,
the weight of every outcome and the order of how bad the outcomes are."""

from __future__ import annotations

import pytest

from game.engine import scoring
from game.scenario import OUTCOMES

PERFECT = [(("upfront_fee",), "upfront_fee"), ((), None)]     # one flag named right, one fine message left alone


@pytest.mark.parametrize(("outcome", "weight"), [("safe", 1.0), ("partial", 0.5), ("overcautious", 0.5),
                                                 ("scammed", 0.0)])
def test_every_outcome_weighs_what_docs_scoring_says(outcome, weight):
    result = scoring.score(PERFECT, outcome, data_given=0)
    assert result.decisions == weight
    assert result.score == 40 + 20 + round(40 * weight)


def test_being_scammed_earns_no_decision_points_however_well_the_flags_went():
    result = scoring.score(PERFECT, "scammed", data_given=0)
    assert (result.detection, result.restraint, result.decisions, result.score) == (1.0, 1.0, 0.0, 60)


@pytest.mark.parametrize(("given", "decisions"), [(0, 1.0), (1, 0.9), (4, 0.6), (5, 0.5), (6, 0.5), (40, 0.5)])
def test_data_handed_over_costs_a_tenth_each_but_never_more_than_half(given, decisions):
    assert scoring.score(PERFECT, "safe", data_given=given).decisions == pytest.approx(decisions)


def test_a_scenario_without_red_flags_gives_full_detection_and_one_without_fine_messages_full_restraint():
    only_noise = scoring.score([((), None), ((), None)], "safe", data_given=0)
    assert (only_noise.detection, only_noise.restraint, only_noise.score) == (1.0, 1.0, 100)
    only_signals = scoring.score([(("upfront_fee",), "upfront_fee")], "safe", data_given=0)
    assert (only_signals.detection, only_signals.restraint, only_signals.score) == (1.0, 1.0, 100)
    nothing = scoring.score([], "safe", data_given=0)
    assert (nothing.detection, nothing.restraint, nothing.score) == (1.0, 1.0, 100)


def test_figures_are_rounded_to_four_places():
    messages = [(("a",), "a"), (("b",), ""), (("c",), "x"), ((), "x"), ((), None), ((), None)]
    result = scoring.score(messages, "safe", data_given=0)
    assert result.detection == 0.5833 and result.restraint == 0.6667     # 1.75 / 3 and 2 / 3
    d_prime, criterion = scoring.sdt(3, 0, 1, 2)
    assert result.d_prime == round(d_prime, 4) != round(d_prime, 5)
    assert result.criterion == round(criterion, 4) != round(criterion, 5)


def test_the_criterion_leans_with_the_player_and_is_zero_only_when_balanced():
    # Flagging everything leans towards suspicion (c < 0), flagging nothing towards trust (c > 0).
    suspicious = scoring.score([(("a",), "a"), ((), "a"), ((), "a")], "safe", data_given=0)
    trusting = scoring.score([(("a",), None), (("b",), None), ((), None)], "safe", data_given=0)
    assert suspicious.criterion < -0.25 and trusting.criterion > 0.25
    assert suspicious.criterion == round(scoring.sdt(1, 0, 2, 0)[1], 4)
    assert trusting.criterion == round(scoring.sdt(0, 2, 0, 1)[1], 4)


def test_outcomes_are_ordered_by_harm_without_ties():
    # The demo's scam path heads for the worst reachable ending: the order must be strict.
    harms = {name: spec.harm for name, spec in OUTCOMES.items()}
    assert sorted(harms, key=harms.get) == ["safe", "overcautious", "partial", "scammed"]
    assert len(set(harms.values())) == len(harms)
