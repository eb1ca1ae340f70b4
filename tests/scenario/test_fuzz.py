"""The loader never raises for any input: random bytes and mutated real files give problems."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario import check_scenario_bytes
from tests.conftest import FIXTURES, SCENARIOS

BASE = (FIXTURES / "valid" / "tiny_loan.yaml").read_bytes()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(catalog, data):
    scenario, problems = check_scenario_bytes("fuzz.yaml", data, catalog)
    assert scenario is None or not problems


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, len(BASE) - 1), st.integers(0, 40), st.binary(max_size=8))
def test_mutated_scenario_never_raises(catalog, start, length, insert):
    data = BASE[:start] + insert + BASE[start + length:]
    scenario, problems = check_scenario_bytes("tiny_loan.yaml", data, catalog)
    assert (scenario is None) == bool(problems)
    for problem in problems:
        assert problem.line >= 0 and problem.message


def _mutations(data: bytes, rng: random.Random, count: int):
    for _ in range(count):
        start = rng.randrange(len(data))
        yield data[:start] + bytes(rng.randrange(256) for _ in range(rng.randrange(6))) + data[start + rng.randrange(30):]


@pytest.mark.slow
def test_mutated_real_scenarios_never_raise_long(catalog):
    rng = random.Random(7)
    for path in sorted(SCENARIOS.glob("*.yaml")):
        for data in _mutations(path.read_bytes(), rng, 3000):
            scenario, problems = check_scenario_bytes(path.name, data, catalog)
            assert (scenario is None) == bool(problems)
