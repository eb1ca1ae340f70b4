"""Every validated step has a way out whatever the variables hold, and every loop an exit.

A way out is a timeout, a choice without `when:` (that the wallet never stops), or choices
whose conditions together hold for every value the variables can take. A loop whose only
way towards an ending needs a condition is refused: the story could go round forever.
Small catalogues (even one red flag) play and flag.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import game.scenario.values as analysis
from game.engine import Session
from game.scenario import Catalog, check_scenario_bytes
from game.scenario.values import Values, holds, uncovered

HEAD = """format: 1
id: inline
kind: scam
category: fake_loan
difficulty: 1
title: {en: "T", zh: "T"}
summary: {en: "T", zh: "T"}
sources: ["Test"]
cast: {agent: {role: scammer, name: name}}
vars: {warned: 0, fee: 300}
start: ask
endings:
  safe_end: {outcome: safe, debrief: {en: "Kept.", zh: "守住了。"}}
  lost_end: {outcome: scammed, debrief: {en: "Lost.", zh: "损失了。"}}
steps:
  ask:
    channel: chat
    messages:
      - {id: m_ask, from: agent, text: {en: "Pay now.", zh: "现在付款。"}, flags: [upfront_fee]}
"""


def _choice(ident: str, to: str, when: str = "", effects: str = "") -> str:
    extra = (f", when: {when}" if when else "") + (f", effects: {effects}" if effects else "")
    return f"      - {{id: {ident}, text: {{en: \"{ident}\", zh: \"{ident}\"}}, to: {to}{extra}}}\n"


def _step(name: str, *choices: str, timeout: str = "") -> str:
    text = (f"  {name}:\n    channel: chat\n    messages:\n"
            f"      - {{id: m_{name}, from: agent, text: {{en: \"…\", zh: \"…\"}}}}\n")
    if choices:
        text += "    choices:\n" + "".join(choices)
    if timeout:
        text += f"    timeout: {timeout}\n"
    return text


def _file(ask_choices: str, *more: str, timeout: str = "") -> str:
    text = HEAD + "    choices:\n" + ask_choices
    if timeout:
        text += f"    timeout: {timeout}\n"
    return text + "".join(more)


@pytest.fixture
def keys(catalog):
    def found(text: str) -> list[str]:
        return [p.key for p in check_scenario_bytes("inline.yaml", text.encode("utf-8"), catalog)[1]]
    return found


def test_a_choice_without_a_condition_is_a_way_out(keys):
    assert keys(_file(_choice("pay", "lost_end", when="{warned: 0}") + _choice("leave", "safe_end"))) == []


def test_only_conditioned_choices_and_no_timeout_is_an_error(keys, catalog):
    text = _file(_choice("pay", "lost_end", when="{warned: 1}") +
                 _choice("leave", "safe_end", when="{fee: {gt: 1000}}"))
    problems = check_scenario_bytes("inline.yaml", text.encode("utf-8"), catalog)[1]
    assert [p.key for p in problems] == ["no_way_out_when"]
    problem = problems[0]
    assert problem.code == "RF025" and problem.line == text.splitlines().index("  ask:") + 1
    assert "warned = 0, fee = 300" in problem.message and problem.hint
    # a condition that always holds (fee is always 300) is as good as none
    assert keys(text.replace("{fee: {gt: 1000}}", "{fee: 300}")) == []


def test_conditions_that_cover_every_value_the_variables_hold_are_a_way_out(keys):
    """`warned` is 0 or 1 (set nowhere else), so {warned: 0} and {warned: 1} cover it."""
    flip = _choice("warn", "ask2", effects="{set: {warned: 1}}")
    both = _step("ask2", _choice("a", "safe_end", when="{warned: 0}"), _choice("b", "lost_end", when="{warned: 1}"))
    assert keys(_file(flip + _choice("go", "ask2"), both)) == []
    # …but once it can be added to without end, 2 is possible and nothing holds then
    grow = _choice("warn", "ask2", effects="{add: {warned: 1}}")
    assert keys(_file(grow + _choice("go", "ask2"), both)) == ["no_way_out_when"]
    # paid is never negative: {paid: 0} and {paid: {gt: 0}} cover it
    paid = _step("ask2", _choice("a", "safe_end", when="{paid: 0}"), _choice("b", "lost_end", when="{paid: {gt: 0}}"))
    assert keys(_file(_choice("pay", "ask2", effects="{pay: {amount: fee, to: agent}}") + _choice("go", "ask2"),
                      paid)) == []


def test_a_timeout_is_a_way_out(keys):
    assert keys(_file(_choice("pay", "lost_end", when="{warned: 1}"), timeout="{after: 30, to: safe_end}")) == []


def test_a_payment_the_wallet_may_refuse_is_no_way_out(keys):
    text = _file(_choice("pay", "lost_end", effects="{pay: {amount: fee, to: agent}}"),
                 _step("unused", _choice("leave", "safe_end")))
    assert "no_way_out_when" not in keys(text)
    with_wallet = text.replace("start: ask", "start: ask\nwallet: {start: 100}")
    assert "no_way_out_when" in keys(with_wallet)
    taken = with_wallet.replace("to: agent}", "to: agent, how: taken}")
    assert "no_way_out_when" not in keys(taken)


def test_a_step_whose_every_way_leads_back_to_itself_is_an_error(keys, catalog):
    text = _file(_choice("go", "loop") + _choice("leave", "safe_end") + _choice("pay", "lost_end"),
                 _step("loop", _choice("again", "loop"), timeout="{after: 5, to: loop}"))
    problems = check_scenario_bytes("inline.yaml", text.encode("utf-8"), catalog)[1]
    line = text.splitlines().index("  loop:") + 1
    assert [(p.key, p.code, p.line) for p in problems] == [("self_loop", "RF031", line)]
    assert keys(text.replace("timeout: {after: 5, to: loop}", "timeout: {after: 5, to: safe_end}")) == []


def test_a_self_loop_whose_only_exit_has_a_condition_is_an_error(keys):
    loop = _step("loop", _choice("again", "loop"), _choice("out", "safe_end", when="{warned: 1}"))
    assert keys(_file(_choice("go", "loop") + _choice("pay", "lost_end"), loop)) == ["loop_without_exit"]
    fixed = _step("loop", _choice("again", "loop"), _choice("out", "safe_end"))
    assert keys(_file(_choice("go", "loop") + _choice("pay", "lost_end"), fixed)) == []


def test_a_cycle_with_no_exit_is_an_error(keys):
    cycle = _step("one", _choice("onward", "two")) + _step("two", _choice("back", "one"), timeout="{after: 9, to: one}")
    found = keys(_file(_choice("go", "one") + _choice("pay", "lost_end") + _choice("leave", "safe_end"), cycle))
    assert found == ["no_ending_reachable", "no_ending_reachable"]


def test_a_cycle_left_only_under_a_condition_is_an_error(keys):
    cycle = (_step("one", _choice("onward", "two")) +
             _step("two", _choice("back", "one"), _choice("out", "safe_end", when="{fee: {gt: 1000}}")))
    assert keys(_file(_choice("go", "one") + _choice("pay", "lost_end"), cycle)) == ["loop_without_exit"]
    covered = (_step("one", _choice("onward", "two")) +
               _step("two", _choice("back", "one", when="{fee: {gt: 1000}}"),
                     _choice("out", "safe_end", when="{fee: {lte: 1000}}")))
    assert keys(_file(_choice("go", "one") + _choice("pay", "lost_end"), covered)) == []


def test_the_shipped_library_has_a_way_out_everywhere(scenarios):
    assert scenarios           # conftest's fixture fails on any problem in scenarios/


# -- small catalogues ---------------------------------------------------------------------

def _small_catalog(catalog: Catalog, count: int) -> Catalog:
    keep = dict(list(catalog.red_flags.items())[:count])
    return catalog.model_copy(update={"red_flags": keep})


@pytest.mark.parametrize("count", [1, 2, 3])
def test_a_catalogue_with_fewer_than_four_flags_plays_and_flags(count, catalog):
    small = _small_catalog(catalog, count)
    flag = next(iter(small.red_flags))
    text = _file(_choice("pay", "lost_end") + _choice("leave", "safe_end")).replace("[upfront_fee]", f"[{flag}]")
    scenario, problems = check_scenario_bytes("inline.yaml", text.encode("utf-8"), small)
    assert scenario is not None, [p.format() for p in problems]
    for seed in range(5):
        session = Session(scenario, small, seed=seed)
        session.tick(session.seconds_until_choices())
        options = session.flag_options("m_ask")
        assert options[-1].id == "" and sorted(o.id for o in options[:-1]) == sorted(small.red_flags)
        session.flag("m_ask", options[0].id)
        session.choose("leave")
        assert session.result().outcome == "safe"


def test_a_message_with_more_flags_than_options_still_gets_options(catalog):
    small = _small_catalog(catalog, 6)
    flags = list(small.red_flags)
    text = _file(_choice("pay", "lost_end") + _choice("leave", "safe_end")).replace(
        "[upfront_fee]", "[" + ", ".join(flags) + "]")
    scenario, problems = check_scenario_bytes("inline.yaml", text.encode("utf-8"), small)
    assert scenario is not None, [p.format() for p in problems]
    session = Session(scenario, small, seed=1)
    session.tick(session.seconds_until_choices())
    assert len(session.flag_options("m_ask")) == 5


def test_a_loop_left_only_by_a_payment_the_wallet_may_refuse_is_an_error(keys):
    loop = _step("loop", _choice("again", "loop"), _choice("pay", "lost_end", effects="{pay: {amount: fee, to: agent}}"))
    text = _file(_choice("go", "loop") + _choice("leave", "safe_end"), loop)
    assert keys(text) == []
    assert keys(text.replace("start: ask", "start: ask\nwallet: {start: 100}")) == ["loop_without_exit"]


# -- the coverage proof agrees with trying every value --------------------------------------

_GRID = [Decimal(n) / 2 for n in range(-12, 13)]          # -6 … 6 in halves
_OPS = st.sampled_from(("eq", "ne", "lt", "lte", "gt", "gte"))
_TEST = st.tuples(_OPS, st.integers(-4, 4) | st.sampled_from([Decimal("0.5"), Decimal("-1.5")]))
_GUARD = st.dictionaries(st.sampled_from(("x", "y")), st.lists(_TEST, min_size=1, max_size=2).map(tuple),
                         min_size=1, max_size=2)
_VALUES = st.one_of(
    st.lists(st.integers(-5, 5), min_size=1, max_size=4).map(Values.of),
    st.tuples(st.integers(-5, 5), st.integers(0, 4), st.booleans()).map(
        lambda t: Values(((t[0], t[0] + t[1]),), t[2])),
)


def _holdable(values: Values) -> list[Decimal]:
    return [v for v in _GRID if any(low <= v <= high for low, high in values.pieces)
            and (not values.whole or v == v.to_integral_value())]


@settings(max_examples=300, deadline=None)
@given(st.lists(_GUARD, min_size=1, max_size=4), _VALUES, _VALUES)
def test_the_coverage_proof_agrees_with_trying_every_value(guards, x, y):
    found = uncovered(guards, {"x": x, "y": y})

    def open_at(point: dict) -> bool:
        return any(all(all(holds(t, point[name]) for t in tests) for name, tests in guard.items())
                   for guard in guards)

    def holds_value(values: Values, value) -> bool:
        return any(low <= value <= high for low, high in values.pieces) and \
            (not values.whole or value == int(value))

    if found is None:
        for a in _holdable(x):
            for b in _holdable(y):
                assert open_at({"x": a, "y": b}), (a, b)
    else:
        point = {"x": found.get("x", _holdable(x)[0]), "y": found.get("y", _holdable(y)[0])}
        assert holds_value(x, point["x"]) and holds_value(y, point["y"]), point
        assert not open_at(point), point


def test_conditions_too_many_to_check_are_reported_not_waved_through(keys, monkeypatch):
    text = _file(_choice("pay", "lost_end", when="{warned: 0}") + _choice("leave", "safe_end", when="{warned: 1}"))
    assert keys(text) == []
    monkeypatch.setattr(analysis, "COVER_BUDGET", 0)
    assert keys(text) == ["way_out_unproved"]
