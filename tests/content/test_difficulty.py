"""Every scenario's difficulty is the rubric's (docs/difficulty.md), recomputed from the file."""

from __future__ import annotations

from game.authoring.difficulty import difficulty_comment, opening, rate
from tests.conftest import SCENARIOS, scenario_from_text


def test_every_scenario_states_its_premise_and_matches_the_rubric(scenarios):
    wrong = []
    for scenario_id, scenario in sorted(scenarios.items()):
        comment = difficulty_comment((SCENARIOS / f"{scenario_id}.yaml").read_text(encoding="utf-8"))
        rating = rate(scenario, comment)
        if rating.premise is None:
            wrong.append(f"{scenario_id}: no 'premise: low|medium|high' in the comment")
        elif rating.difficulty != scenario.difficulty:
            wrong.append(f"{scenario_id}: difficulty {scenario.difficulty}, the rubric gives {rating.difficulty}")
    assert not wrong, "\n".join(wrong) + "\n(run python tools/difficulty.py --write)"


def test_the_opening_follows_choices_that_are_not_safe_and_counts_distinct_flags(catalog):
    from tests.conftest import FIXTURES

    text = (FIXTURES / "valid" / "tiny_loan.yaml").read_text(encoding="utf-8")
    scenario = scenario_from_text(text, catalog)
    assert opening(scenario) == ("ad", "fee")              # use_bank is safe: not followed
    rating = rate(scenario, "premise: high (3)")
    assert rating.cues == 5 and rating.cue_score == 1 and rating.difficulty == 2
    fewer = scenario_from_text(text.replace("flags: [upfront_fee, urgency_deadline, personal_payee_account]",
                                            "flags: [upfront_fee]"), catalog)
    assert rate(fewer, "premise: high (3)").cues == 3 and rate(fewer, "premise: high (3)").difficulty == 3
