"""validate on the format-2 money keys (`receive`, `recover`, `wallet`) and the `in_person`
channel: each mistake is reported once, with its code, at the line and column of the value that
is wrong, with a hint. Each case breaks tests/fixtures/format2/rebate_wallet.yaml in one place."""

from __future__ import annotations

import pytest

from game.scenario import check_scenario_bytes
from game.scenario.models import KNOWN_KEYS
from tests.conftest import FIXTURES

TEXT = (FIXTURES / "format2" / "rebate_wallet.yaml").read_text(encoding="utf-8").replace(
    "vars:\n", "vars:\n  gift: {pick: [{en: \"gift\", zh: \"礼物\"}]}\n", 1)   # a text variable to misuse

REFUND = "receive: {amount: refund, from: agent}"
CHEQUE = "receive: {amount: big, from: agent, clears: false}"
WALLET = "wallet: {start: savings, min: keep}"
RECOVER = "recover: {amount: part, pending: true}"

# (what is replaced, by what, the code, the text at whose first character the problem is reported,
#  words the message or hint must contain). A wrong value is reported at the value; an unknown key
#  at its value (at the key when the value is a mapping); a missing key at the key of the mapping
#  that lacks it.
CASES = [
    (CHEQUE, "receive: {amount: big, from: agnet, clears: false}", "RF022", "agnet", "did you mean 'agent'"),
    (CHEQUE, "receive: {amount: big, from: narrator}", "RF022", "narrator", "not in the cast"),
    (REFUND, "receive: {amount: -5, from: agent}", "RF034", "-5", "money received cannot be negative"),
    (REFUND, "receive: {amount: refnd, from: agent}", "RF029", "refnd", "did you mean 'refund'"),
    (REFUND, "receive: {amount: gift, from: agent}", "RF029", "gift", "holds text, not a number"),
    (REFUND, "receive: {amount: 12.345, from: agent}", "RF013", "12.345", "more than two decimals"),
    (REFUND, "receive: {amount: true, from: agent}", "RF013", "true", "true/false is not an amount"),
    (REFUND, "receive: {amount: refund}", "RF011", "receive", "'from' is missing"),
    (REFUND, "receive: 16.4", "RF012", "16.4", "should be a mapping"),
    (REFUND, "recieve: {amount: refund, from: agent}", "RF010", "recieve", "did you mean 'receive'"),
    (CHEQUE, "receive: {amount: big, from: agent, clear: false}", "RF010", "clear", "did you mean 'clears'"),
    (CHEQUE, "receive: {amount: big, from: agent, clears: \"no\"}", "RF012", "\"no\"", "true or false"),
    (WALLET, "wallet: {start: gift, min: keep}", "RF029", "gift", "holds text, not a number"),
    (WALLET, "wallet: {start: lots}", "RF029", "lots", "is not a variable"),
    (WALLET, "wallet: {start: true}", "RF013", "true", "true/false is not an amount"),
    (WALLET, "wallet: {start: -50}", "RF034", "-50", "the wallet's start cannot be negative"),
    (WALLET, "wallet: {start: savings, min: -1}", "RF034", "-1", "the wallet's min cannot be negative"),
    (WALLET, "wallet: {start: 50, min: 60}", "RF013", "60", "more than its start"),
    (WALLET, "wallet: {strat: savings}", "RF010", "strat", "did you mean 'start'"),
    (WALLET, "wallet: 500", "RF012", "500", "should be a mapping"),
    (RECOVER, "recover: {amount: -1, pending: true}", "RF034", "-1", "money recovered cannot be negative"),
    (RECOVER, "recover: {amount: prt, pending: true}", "RF029", "prt", "did you mean 'part'"),
    (RECOVER, "recover: {amount: part, pendng: true}", "RF010", "pendng", "did you mean 'pending'"),
    (RECOVER, "recover: {pending: true}", "RF011", "recover", "'amount' is missing"),
    ("channel: in_person", "channel: in_persn", "RF013", "in_persn", "did you mean 'in_person'"),
    ("    with: officer\n", "    with: oficer\n", "RF022", "oficer", "did you mean 'officer'"),
]


def _where(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first `needle` in `text`."""
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def test_the_fixture_is_valid(catalog):
    scenario, problems = check_scenario_bytes("rebate_wallet.yaml", TEXT.encode(), catalog)
    assert scenario is not None and not problems, [p.format() for p in problems]
    assert scenario.wallet is not None and scenario.steps["door"].channel == "in_person"


@pytest.mark.parametrize("old, new, code, at, words", CASES, ids=[c[1] for c in CASES])
def test_each_mistake_is_reported_once_where_it_is(catalog, old, new, code, at, words):
    assert TEXT.count(old) >= 1
    text = TEXT.replace(old, new, 1)
    scenario, problems = check_scenario_bytes("rebate_wallet.yaml", text.encode(), catalog)
    assert scenario is None
    line, column = _where(text, new)
    offset = new.index(at)
    expected = (line, column + offset)
    found = [p for p in problems if p.code == code]
    assert [(p.line, p.column) for p in found] == [expected], [p.format() for p in problems]
    assert words in found[0].message + " " + found[0].hint, found[0].format()
    assert len(problems) <= 2, [p.format() for p in problems]   # one mistake, not a page of union noise


def test_a_misspelt_key_under_wallet_is_one_mistake_not_two(catalog):
    text = TEXT.replace(WALLET, "wallet: {strat: savings}")
    _, problems = check_scenario_bytes("rebate_wallet.yaml", text.encode(), catalog)
    [problem] = problems                   # not also "'start' is missing": the hint says it
    assert problem.code == "RF010" and problem.hint == "did you mean 'start'?"
    assert (problem.line, problem.column) == (13, 10)                # at the misspelt key
    text = TEXT.replace(WALLET, "wallet: {min: 0}")                  # start truly missing: said as such
    _, problems = check_scenario_bytes("rebate_wallet.yaml", text.encode(), catalog)
    assert [p.code for p in problems] == ["RF011"] and "'start'" in problems[0].message


def test_the_new_keys_are_known_for_did_you_mean():
    for key in ("receive", "clears", "recover", "pending", "wallet", "start", "min"):
        assert key in KNOWN_KEYS
    assert "payer" not in KNOWN_KEYS                      # the YAML key is `from`
