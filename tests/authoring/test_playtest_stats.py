"""Random `playtest`: per-step visits and the spread of outcomes, losses and scores, each run
scored by a quick tally that must say what the engine's full result says."""

from __future__ import annotations

import io
import json
import random

from game.authoring import playtest
from game.authoring.playtest import _Tallied
from game.cli import main
from game.engine import FixedPersonas, walk
from game.locale import words
from game.scenario import load_scenario
from tests.conftest import FIXTURES

PERSONAS = FixedPersonas()
#: money received and a wallet; secrets handed over before a safe ending; losses named by a variable
TALLIED = ("rebate_wallet", "game_account_trade", "police_safe_account", "card_rental_mule", "task_rebate")


def test_the_quick_tally_of_every_run_is_what_the_full_result_says(scenarios, catalog):
    checked = lowered = 0
    for scenario_id in TALLIED:
        scenario = scenarios.get(scenario_id) or load_scenario(FIXTURES / "format2" / f"{scenario_id}.yaml", catalog)
        for seed in range(40):
            region = scenario.regions[seed % len(scenario.regions)]
            session = _Tallied(scenario, catalog, seed=seed, personas=PERSONAS, region=region, words=words)
            assert walk(session, random.Random(seed), result=False).error is None
            result = session.result()
            quick = session.outcome_score_loss(catalog)
            if quick is not None:
                assert quick == (result.outcome, result.score, result.loss), (scenario_id, seed)
                checked += 1
                lowered += bool(result.lowered_by)
    assert checked > 100 and lowered        # a safe ending lowered by a secret handed over was among them


def test_visits_outcomes_scores_and_losses_cover_every_run(catalog):
    scenario = load_scenario(FIXTURES / "format2" / "rebate_wallet.yaml", catalog)
    report = playtest(scenario, catalog, PERSONAS, runs=60, seed=3)
    assert report.errors == []
    assert report.visits[scenario.start] == 60 and set(report.visits) == report.visited
    assert list(report.visits) == [s for s in scenario.steps if s in report.visits]     # story order
    assert sum(report.outcomes.values()) == len(report.scores) == 60
    assert set(report.losses) == {"CNY", "USD", "GBP"} and sum(map(len, report.losses.values())) == 60
    assert any(loss > 0 for losses in report.losses.values() for loss in losses)


def test_the_command_prints_the_spread_and_json(catalog):
    path = str(FIXTURES / "format2" / "rebate_wallet.yaml")
    out = io.StringIO()
    assert main(["playtest", path, "--runs", "30", "--catalog", "scenarios/red_flags.yaml"], stdout=out) == 0
    text = out.getvalue()
    for line in ("step visits: task 30", "outcomes: ", "scores: min ", "losses (CNY): "):
        assert line in text, text
    out = io.StringIO()
    assert main(["playtest", path, "--runs", "30", "--json", "--catalog", "scenarios/red_flags.yaml"],
                stdout=out) == 0
    [report] = json.loads(out.getvalue())
    assert report["visits"]["task"] == 30 and sum(report["outcomes"].values()) == 30
    assert sum(report["scores"]["histogram"].values()) == 30


def test_the_report_follows_the_system_language(monkeypatch):
    monkeypatch.setenv("REDFLAG_LANG", "zh")
    out = io.StringIO()
    path = str(FIXTURES / "valid" / "tiny_loan.yaml")
    assert main(["playtest", path, "--runs", "10", "--catalog", "scenarios/red_flags.yaml"], stdout=out) == 0
    assert "试玩 10 次" in out.getvalue() and "各步骤到达次数：" in out.getvalue() and "⟦" not in out.getvalue()
    out = io.StringIO()
    assert main(["playtest", path, "--exhaustive", "--catalog", "scenarios/red_flags.yaml"], stdout=out) == 0
    assert "一切都能到达" in out.getvalue()
