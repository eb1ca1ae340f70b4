"""Validation stays linear: the graph of a scenario is read once, however it is chained, and
"did you mean" does bounded work however many mistakes a file holds.

These tests count the work (how often each step's ways out are read, how many names difflib
compares) rather than time it: speed is measured by `make bench` (validate_1mb_s)."""

from __future__ import annotations

import difflib

import pytest

from game.scenario import check_scenario_bytes
from game.scenario import checks
from game.scenario.checks import MAX_CANDIDATES, MAX_HINTS, ScenarioChecker
from tests.conftest import FIXTURES

HEAD = """format: 1
id: big
kind: scam
category: fake_loan
difficulty: 1
title: {en: "T", zh: "T"}
summary: {en: "T", zh: "T"}
sources: ["Test"]
cast: {agent: {role: scammer}}
start: s0
endings: {done: {outcome: safe, debrief: {en: "Done.", zh: "结束。"}}}
steps:
"""


def _chain(count: int, target=lambda i, n: f"s{i + 1}" if i + 1 < n else "done") -> bytes:
    """`count` steps chained by timeouts, the last to the ending; written as briefly as YAML
    allows (each step lacks its messages, which the structure check reports once per step)."""
    lines = [f"  s{i}: {{channel: sms, timeout: {{after: 1, to: {target(i, count)}}}}}" for i in range(count)]
    return (HEAD + "\n".join(lines) + "\n").encode()


@pytest.fixture
def counted(monkeypatch):
    calls = {"exits": 0}
    exits = ScenarioChecker._exits

    def counting(self, step):
        calls["exits"] += 1
        return exits(self, step)

    monkeypatch.setattr(ScenarioChecker, "_exits", counting)
    return calls


def test_a_chain_of_10000_steps_reads_each_step_once(catalog, counted):
    _, problems = check_scenario_bytes("big.yaml", _chain(10_000), catalog)
    assert counted["exits"] == 10_000
    graph = {p.key for p in problems} & {"step_unreachable", "ending_unreachable", "no_ending_reachable",
                                          "self_loop", "loop_without_exit", "no_way_out", "no_way_out_when"}
    assert graph == set()
    assert {p.key for p in problems} <= {"missing_key", "too_many"}     # the messages each step lacks


def test_a_chain_of_10000_steps_with_a_loop_at_its_end_is_found(catalog, counted):
    _, problems = check_scenario_bytes("big.yaml", _chain(10_000, lambda i, n: f"s{min(i + 1, n - 1)}"), catalog)
    assert counted["exits"] == 10_000
    keys = [(p.key, p.params) for p in problems if p.key in ("self_loop", "no_ending_reachable", "ending_unreachable")]
    assert ("self_loop", (("step", "s9999"),)) in keys and ("ending_unreachable", (("ending", "done"),)) in keys
    assert sum(key == "no_ending_reachable" for key, _ in keys) == 9_999


def test_5000_unknown_targets_get_a_bounded_number_of_hints(catalog, monkeypatch):
    compared: list[int] = []
    real = difflib.get_close_matches

    def counting(word, possibilities, *args, **kwargs):
        compared.append(len(possibilities))
        return real(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(checks.difflib, "get_close_matches", counting)
    raw = _chain(5_000, lambda i, n: f"s{i + 1}x")      # every target misspelt: s1x for s1, …
    _, problems = check_scenario_bytes("big.yaml", raw, catalog)
    unknown = [p for p in problems if p.key == "target_unknown"]
    assert len(unknown) == 5_000
    assert len(compared) <= MAX_HINTS and max(compared) <= MAX_CANDIDATES
    hinted = [p for p in unknown if "did you mean" in p.hint]
    assert hinted and len(hinted) <= MAX_HINTS
    assert hinted[0].hint == "did you mean 's1'?"               # the index still finds the right one
    assert all(p.hint == "add a step or ending with that ID" for p in unknown[MAX_HINTS:])


def test_5000_unknown_keys_get_a_bounded_number_of_hints(catalog, monkeypatch):
    compared: list[int] = []
    real = difflib.get_close_matches

    def counting(word, possibilities, *args, **kwargs):
        compared.append(len(possibilities))
        return real(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(checks.difflib, "get_close_matches", counting)
    raw = (FIXTURES / "valid" / "tiny_loan.yaml").read_bytes() + b"".join(b"kinds%d: 1\n" % i for i in range(5_000))
    _, problems = check_scenario_bytes("big.yaml", raw, catalog)
    unknown = [p for p in problems if p.key == "unknown_key"]
    assert len(unknown) == 5_000
    assert sum(compared) <= 2 * MAX_HINTS * MAX_CANDIDATES
    assert 0 < sum("did you mean" in p.hint for p in unknown) <= MAX_HINTS


def test_a_long_list_of_names_is_shortened_in_a_message(catalog):
    raw = _chain(300).replace(b"start: s0", b"start: nowhere")
    _, problems = check_scenario_bytes("big.yaml", raw, catalog)
    problem, = (p for p in problems if p.key == "start_unknown")
    assert len(problem.hint) < 200 and problem.hint.endswith("…")


def test_closest_compares_a_word_with_a_bounded_few_of_many_names():
    names = [f"step_{i}" for i in range(10_000)]
    index = checks.Names(names)
    assert len(index.candidates("step_1234x")) <= MAX_CANDIDATES
    assert checks.closest("step_1234x", index) == "step_1234"
    assert checks.closest("STEP_77", names) == "step_77"
