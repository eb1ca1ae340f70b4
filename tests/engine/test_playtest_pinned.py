"""`playtest` reports stay the same for the same seeds, whatever is made faster underneath.

The expected endings and visited steps were computed by the code before the playtest speed-up
(issue 8, "Measured"): the engine's shared per-scenario caches, the bot's shared reachability
and the persona shortcuts must not change a single decision. The files are the test fixtures
(format 1 copies of the library kept unchanged, and small format 2 ones), so authors editing the
shipped scenarios never move these numbers.
"""

from __future__ import annotations

import hashlib

import pytest

from game.authoring import playtest
from game.engine import FakerPersonas, FixedPersonas, Session
from game.scenario import BUILTIN_SENDERS, load_scenario
from tests.conftest import FIXTURES

PINNED = {
    "v1/bank_alert_sms.yaml": (
        {"end_card_left_open": 26, "end_partial_text": 7, "end_safe_app": 4, "end_safe_call": 23},
        ["alert", "app_check", "app_freeze", "card_call", "later", "text_agent", "text_call"]),
    "v1/loan_fee_trap.yaml": (
        {"end_partial_one_fee": 2, "end_partial_stopped": 1, "end_police_stop": 1, "end_safe_bank": 18,
         "end_safe_bank_call": 5, "end_safe_family": 3, "end_safe_no_upload": 5, "end_safe_police": 1,
         "end_safe_refused": 3, "end_safe_site": 18, "end_scammed": 3},
        ["after_call", "agent_first", "agent_licence", "agent_push", "app_register", "approval", "bank_app",
         "bank_call", "borrow_push", "family_talk", "fee2", "fee3", "group_chat", "landing", "police_call",
         "search", "silence", "withdraw_fail"]),
    "v1/pig_butchering.yaml": (
        {"end_partial_refused": 1, "end_partial_refused_debt": 2, "end_partial_small": 1, "end_safe_blocked": 24,
         "end_safe_checked": 3, "end_safe_family": 2, "end_safe_no_invest": 3, "end_safe_walked_away": 23,
         "end_scammed_recovery": 1},
        ["apology", "big_event", "early_win", "frozen", "gone", "investing_turn", "platform_link",
         "platform_signup", "private_chat", "recovery_offer", "refuse_invest", "report_stop", "small_talk",
         "weeks_pass", "withdraw_tax", "wrong_number"]),
    "v1/police_warning_96110.yaml": (
        {"end_partial_stopped": 21, "end_safe_listened": 10, "end_safe_self_check": 6, "end_safe_verified": 7,
         "end_scammed": 16},
        ["call_110", "cs_chat", "cs_paid", "cs_rejected", "family_chat", "police_call"]),
    "format2/rebate_wallet.yaml": (
        {"end_bounced": 8, "end_lost": 15, "end_reported": 7, "end_safe": 30},
        ["big_task", "cheque", "door", "rebate", "task"]),
    "valid/tiny_loan.yaml": ({"end_lost": 16, "end_safe": 44}, ["ad", "fee"]),
}
PERSONAS = FakerPersonas()


@pytest.mark.parametrize("name", sorted(PINNED))
def test_playtest_report_is_pinned_for_a_fixed_seed(name, catalog):
    scenario = load_scenario(FIXTURES / name, catalog)
    endings, visited = PINNED[name]
    for _ in range(2):      # the second time every shared cache is warm: still the same report
        report = playtest(scenario, catalog, PERSONAS, runs=60, seed=11)
        assert report.errors == []
        assert dict(sorted(report.endings.items())) == endings
        assert sorted(report.visited) == visited


def _options_by_the_rule(session, message, catalog, count=4):
    """The flag options as `Session.flag_options` documents them, worked out from scratch:
    numbers from BLAKE2b digests of "options:SEED:MESSAGE:BLOCK", each picking by a partial
    Fisher-Yates shuffle the distractors, then (if too few) others, then the order."""
    numbers = []
    for block in range((3 * count + 15) // 16):
        digest = hashlib.blake2b(f"options:{session.seed}:{message.id}:{block}".encode(), digest_size=64).digest()
        numbers += [int.from_bytes(digest[i:i + 4], "big") for i in range(0, 64, 4)]
    draws = iter(numbers)

    def sample(items, k):
        items, k = list(items), min(k, len(items))
        for i in range(k):
            j = i + next(draws) % (len(items) - i)
            items[i], items[j] = items[j], items[i]
        return items[:k]

    right = list(message.flags[:count])
    if right:
        groups = {catalog.red_flags[f].group for f in right}
        near = [f for f in catalog.red_flags if f not in right and catalog.red_flags[f].group in groups]
    else:
        step = next(s for s in session.scenario.steps.values() if message in s.messages)
        near = list(dict.fromkeys(f for m in step.messages for f in m.flags))
    chosen = right + sample(near, count - len(right))
    if len(chosen) < count:
        chosen += sample([f for f in catalog.red_flags if f not in chosen], count - len(chosen))
    return [*sample(chosen, len(chosen)), ""]


def test_flag_options_follow_the_rule_with_shared_caches_and_two_catalogues(scenarios, catalog):
    """The distractors are worked out once per catalogue and scenario and shared: a second
    catalogue (every flag in one group) must get its own, in whatever order sessions come."""
    one_group = catalog.model_copy(update={"red_flags": {
        flag_id: flag.model_copy(update={"group": "money"}) for flag_id, flag in catalog.red_flags.items()}})
    for scenario in list(scenarios.values())[:6]:
        for seed in (1, 2):
            for cat in (catalog, one_group, catalog):
                session = Session(scenario, cat, seed=seed, personas=FixedPersonas())
                for step in scenario.steps.values():
                    for message in step.messages:
                        if message.sender in BUILTIN_SENDERS:
                            continue
                        shown = [o.id for o in session.flag_options(message.id)]
                        assert shown == _options_by_the_rule(session, message, cat), (scenario.id, message.id)


def test_the_first_run_to_each_ending_in_each_language_and_region_works_out_its_result(catalog, monkeypatch):
    """The result (score, debrief, help lines) is worked out once per ending, language and
    region reached, and a crash there is reported like any other."""
    scenario = load_scenario(FIXTURES / "format2" / "rebate_wallet.yaml", catalog)
    asked = []
    real = Session.result

    def result(self, lang=None):
        asked.append((self.step_id, self.lang, self.region.id))
        if self.step_id == "end_bounced":
            raise RuntimeError("the debrief broke")
        return real(self, lang)

    monkeypatch.setattr(Session, "result", result)
    report = playtest(scenario, catalog, PERSONAS, runs=60, seed=11)
    reached = {(ending, lang, region) for ending, lang, region in asked}
    assert len(asked) == len(reached) == report.results
    assert {ending for ending, _, _ in reached} == set(PINNED["format2/rebate_wallet.yaml"][0])
    assert len({(lang, region) for _, lang, region in reached}) == 2 * len(scenario.regions)
    broken = [error for error in report.errors if "the debrief broke" in error]
    assert broken and len(broken) == len({(lang, region) for ending, lang, region in reached if ending == "end_bounced"})
