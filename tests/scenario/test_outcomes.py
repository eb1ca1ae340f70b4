"""The one table of outcomes is complete, and every part of the game reads it."""

from __future__ import annotations

import typing

import pytest

from game.engine import scoring
from game.locale import STRINGS, outcome_key
from game.scenario import OUTCOMES, check_scenario_bytes
from game.scenario.models import Outcome
from game.ui.theme import CALM, HIGH_CONTRAST, TEXT_PAIRS
from tests.conftest import FIXTURES

KINDS = ("scam", "legit")


@pytest.mark.parametrize("name", list(OUTCOMES))
def test_every_outcome_has_everything_it_needs(name):
    spec = OUTCOMES[name]
    assert spec.name == name
    assert 0.0 <= spec.weight <= 1.0
    assert spec.kinds and set(spec.kinds) <= set(KINDS)
    for key in (spec.headline, spec.headline_no_loss):
        assert key in STRINGS and STRINGS[key]["en"] and STRINGS[key]["zh"], key
    assert hasattr(CALM, spec.palette) and hasattr(HIGH_CONTRAST, spec.palette)
    assert any(pair.text == spec.palette and pair.fill == "panel" for pair in TEXT_PAIRS)   # contrast-checked
    assert spec.hint
    assert isinstance(spec.harm, int)


def test_the_format_the_score_and_the_headline_read_the_table():
    assert set(typing.get_args(Outcome)) == set(OUTCOMES)
    assert scoring.OUTCOME_WEIGHT == {name: spec.weight for name, spec in OUTCOMES.items()}
    for name, spec in OUTCOMES.items():
        assert scoring.score([], name, 0).decisions == spec.weight
        assert outcome_key(name, 100) == spec.headline and outcome_key(name, 0) == spec.headline_no_loss
    assert outcome_key("partial", 0) != outcome_key("partial", 100)     # a partial ending that cost nothing


def test_an_outcome_outside_its_kinds_is_reported_with_the_ones_that_fit(catalog):
    text = (FIXTURES / "valid" / "tiny_loan.yaml").read_text(encoding="utf-8")
    text = text.replace("    outcome: scammed", "    outcome: overcautious")
    _, problems = check_scenario_bytes("tiny_loan.yaml", text.encode(), catalog)
    found = [p for p in problems if p.code == "RF013"]
    assert found and "'overcautious' is only for legit scenarios" in found[0].message
    assert "safe" in found[0].hint and "scammed" in found[0].hint
