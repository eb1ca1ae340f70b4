"""Money paid or lost is never negative: validate says so, with the line, instead of the game
quietly showing "You lost ¥0"."""

from __future__ import annotations

import pytest

from game.scenario import check_scenario_bytes
from tests.conftest import FIXTURES

TINY = (FIXTURES / "valid" / "tiny_loan.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("old, new", [
    ("effects: {pay: fee, give: [id_number]}", "effects: {pay: {amount: -50, to: mule}}"),
    ("  fee: {between: [1000, 3000], step: 500}", "  fee: {between: [-1000, 3000], step: 500}"),
    ("    outcome: scammed\n", "    outcome: scammed\n    loss: refund\n"),
])
def test_a_negative_payment_or_loss_is_reported(catalog, old, new):
    text = TINY.replace(old, new, 1)
    if "loss: refund" in new:
        text = text.replace("  label:", "  refund: 0\n  label:", 1).replace(
            "        to: end_safe\n        safe: true\n", "        to: end_safe\n        safe: true\n"
            "        effects: {add: {refund: -200}}\n", 1)
    assert text != TINY
    scenario, problems = check_scenario_bytes("tiny_loan.yaml", text.encode(), catalog)
    found = [p for p in problems if p.code == "RF034"]
    assert scenario is None and found, [p.format() for p in problems]
    assert "cannot be negative" in found[0].message and found[0].line > 1


def test_positive_money_is_fine(catalog):
    scenario, problems = check_scenario_bytes("tiny_loan.yaml", TINY.encode(), catalog)
    assert scenario is not None and not problems
