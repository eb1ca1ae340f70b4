"""Played as a learner in each region would: no other region's help line, currency or
authority ever reaches the screen or the debrief (a learner in London is never sent to 110)."""

from __future__ import annotations

import random
import re

import pytest

from game.engine import Session
from game.locale import words
from tests.conftest import SCENARIOS

#: What must never appear outside its region, as patterns over rendered text. A number's group after a
#: thousands comma ($1,110, ¥1,999) is part of an amount, not a help line.
FOREIGN = {
    "CN": [r"¥", r"元(?![素旦])", r"(?<![\d,-])110(?![\d-])", r"96110", r"12381", r"12321", r"国家反诈", r"反诈中心",
           r"Anti-Fraud Center", r"支付宝", r"Alipay", r"证监会", r"CSRC", r"人民银行", r"PBoC", r"金融监督管理总局",
           r"NFRA", r"(?<![\d,-])12315(?![\d-])", r"一证通查"],
    "US": [r"\$", r"(?<![\d,-])911(?![\d-])", r"ReportFraud\.ftc\.gov", r"\bFTC\b", r"\bIC3\b", r"ic3\.gov", r"\bIRS\b",
           r"\bSEC\b", r"\bCFPB\b", r"NMLS", r"Zelle", r"美国国税局"],
    "GB": [r"£", r"(?<![\d,-])999(?![\d-])", r"Action Fraud", r"Report Fraud", r"reportfraud\.police\.uk", r"\bHMRC\b",
           r"\bFCA\b", r"(?<![\d,-])7726(?![\d-])", r"Citizens Advice", r"英国税务"],
}
#: Shared between the US and GB (both forward scam texts to 7726).
SHARED = {("US", "GB"): [r"(?<![\d,-])7726(?![\d-])"]}


def _texts(session: Session, rng: random.Random) -> list[str]:
    """Every text a random player sees in one play-through, then the whole debrief."""
    seen: list[str] = []
    for _ in range(400):
        if session.ended:
            break
        session.tick(max(session.seconds_until_choices(), 0.5))
        view = session.view()
        seen += [m.text for m in view.messages] + [m.sender_name for m in view.messages]
        seen += [c.text for c in view.choices]
        seen += [t.title for t in view.threads] + [t.detail for t in view.threads]
        if view.messages and rng.random() < 0.5:
            session.flag(rng.choice([m for m in view.messages if m.flaggable] or view.messages).id)
        choices = [c for c in view.choices if getattr(c, "available", True)]
        if choices:
            session.choose(rng.choice(choices).id)
        elif session.seconds_until_timeout() is not None:
            session.tick(session.seconds_until_timeout() + 0.1)
    assert session.ended
    result = session.result()
    seen += [result.ending_title, result.ending_debrief, result.takeaway]
    seen += [f"{h.name} {h.contact} {h.when}" for h in result.help]
    # A fact is checked by validate to be about this region; an international one may quote any currency.
    for item in result.debrief:
        seen += [item.name, item.why, item.safe]
    return seen


def _forbidden(region: str) -> list[str]:
    patterns = []
    for other, own in FOREIGN.items():
        if other == region:
            continue
        shared = next((p for pair, p in SHARED.items() if region in pair and other in pair), [])
        patterns += [p for p in own if p not in shared]
    return patterns


def _cases():
    from game.scenario import load_catalog, load_folder

    catalog = load_catalog(SCENARIOS / "red_flags.yaml")
    valid, _ = load_folder(SCENARIOS, catalog)
    return [(sid, region) for sid, s in sorted(valid.items()) for region in s.regions]


@pytest.mark.parametrize("scenario_id, region", _cases())
def test_no_other_regions_help_line_money_or_authority_is_shown(scenarios, catalog, scenario_id, region):
    scenario = scenarios[scenario_id]
    forbidden = [re.compile(p) for p in _forbidden(region)]
    for seed in range(4):
        lang = ("en", "zh")[seed % 2]
        session = Session(scenario, catalog, seed=seed, lang=lang, region=region, words=words)
        for text in _texts(session, random.Random(seed)):
            for pattern in forbidden:
                match = pattern.search(text or "")
                assert match is None, f"{scenario_id} in {region} ({lang}, seed {seed}) shows '{match.group(0)}': {text}"


def test_every_scenario_the_issue_names_plays_in_several_regions(scenarios):
    for scenario_id in ("pig_butchering", "loan_fee_trap"):
        assert set(scenarios[scenario_id].regions) >= {"CN", "US", "GB"}, scenario_id
    us_only = [s for s in scenarios.values() if "US" in s.regions]
    assert len(us_only) >= 8
