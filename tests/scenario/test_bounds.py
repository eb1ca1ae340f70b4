"""Every number a scenario holds is bounded, and one past its bound is a located error with a
hint: never a crash, never a file that validates and then breaks play or saving (a
4,300-digit number used to validate as a `version`, then crash the save)."""

from __future__ import annotations

import json

import pytest

from game.engine import Session
from game.scenario import check_scenario_bytes
from game.scenario.models import MAX_DELAY, MAX_GAP, MAX_TIMEOUT, MAX_VERSION, MIN_TIMEOUT, shown_number
from game.scenario.money import LIMIT
from tests.conftest import FIXTURES

BASE = (FIXTURES / "valid" / "tiny_loan.yaml").read_text(encoding="utf-8")
HUGE = "9" * 4300                   # Python's int-to-text conversion refuses more digits than this
HUGER = "9" * 4400                  # YAML cannot even convert this one to a number


def _with(old: str, new: str, count: int = 1) -> str:
    assert old in BASE
    return BASE.replace(old, new, count)


@pytest.fixture
def problems_of(catalog):
    return lambda text: check_scenario_bytes("inline.yaml", text.encode("utf-8"), catalog)[1]


PLACES = {
    "version": lambda n: _with("difficulty: 1", f"difficulty: 1\nversion: {n}"),
    "between": lambda n: _with("[1000, 3000]", f"[1000, {n}]"),
    "between_step": lambda n: _with("step: 500", f"step: {n}"),
    "number_var": lambda n: _with("fee: {between: [1000, 3000], step: 500}", f"fee: {n}"),
    "pay": lambda n: _with("pay: fee", f"pay: {n}"),
    "condition": lambda n: _with("        to: end_safe\n        safe: true",
                                 f"        to: end_safe\n        safe: true\n        when: {{fee: {{gt: {n}}}}}"),
    "timeout": lambda n: _with("after: 60", f"after: {n}"),
    "gap": lambda n: _with('gap: "1h"', f"gap: {n}"),
    "delay": lambda n: _with('zh: "每天营业。"}', f'zh: "每天营业。"}}\n        delay: {n}'),
}


@pytest.mark.parametrize("digits", [HUGE, HUGER], ids=["4300_digits", "4400_digits"])
@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_number_of_thousands_of_digits_is_a_short_located_error(place, digits, problems_of):
    text = PLACES[place](digits)
    line = next(number for number, row in enumerate(text.splitlines(), start=1) if digits in row)
    problems = problems_of(text)
    assert problems, f"{place}: a {len(digits)}-digit number validated"
    first = problems[0]
    assert first.is_error and first.line == line and first.column > 1, first.format()
    assert first.hint
    assert all(len(p.message) < 200 and len(p.hint) < 200 for p in problems), [p.message for p in problems]


def test_the_base_is_valid(problems_of):
    assert problems_of(BASE) == []


# -- each limit: the limit itself is fine, one past it is an error ---------------------------

BOUNDARIES = {
    "version": (lambda n: _with("difficulty: 1", f"difficulty: 1\nversion: {n}"), MAX_VERSION, MAX_VERSION + 1),
    "amount": (lambda n: _with("fee: {between: [1000, 3000], step: 500}", f"fee: {n}"), LIMIT, LIMIT + 1),
    "between": (lambda n: _with("[1000, 3000]", f"[1000, {n}]"), LIMIT, LIMIT + 1),
    "timeout_long": (lambda n: _with("after: 60", f"after: {n}"), MAX_TIMEOUT, MAX_TIMEOUT + 1),
    "timeout_short": (lambda n: _with("after: 60", f"after: {n}"), MIN_TIMEOUT, 0.99),
    "gap": (lambda n: _with('gap: "1h"', f"gap: {n}"), MAX_GAP, MAX_GAP + 1),
    "delay": (lambda n: _with('zh: "每天营业。"}', f'zh: "每天营业。"}}\n        delay: {n}'),
              MAX_DELAY, MAX_DELAY + 1),
}


@pytest.mark.parametrize("place", sorted(BOUNDARIES))
def test_each_limit_holds_at_the_boundary(place, problems_of):
    make, ok, bad = BOUNDARIES[place]
    assert problems_of(make(ok)) == [], place
    problems = problems_of(make(bad))
    assert [p.code for p in problems] == ["RF013"], [p.format() for p in problems]


def test_a_too_short_timeout_says_what_the_shortest_is(problems_of):
    problem, = problems_of(_with("after: 60", "after: 0.5"))
    assert problem.key == "timeout_too_short" and "1 s" in problem.message and problem.hint


def test_durations_written_as_text_are_bounded_too(problems_of):
    assert problems_of(_with("after: 60", 'after: "7d"')) == []
    problem, = problems_of(_with("after: 60", 'after: "8d"'))
    assert problem.key == "too_big"
    problem, = problems_of(_with("after: 60", 'after: "999999999999999999999999s"'))
    assert problem.key == "too_big" and len(problem.message) < 120


def test_a_number_at_every_limit_plays_and_saves(catalog):
    """The largest values the format allows play, score and save as JSON."""
    text = _with("difficulty: 1", f"difficulty: 1\nversion: {MAX_VERSION}")
    text = text.replace("fee: {between: [1000, 3000], step: 500}", f"fee: {{between: [{LIMIT - 10}, {LIMIT}]}}")
    text = text.replace("after: 60", f"after: {MAX_TIMEOUT}")
    scenario, problems = check_scenario_bytes("inline.yaml", text.encode("utf-8"), catalog)
    assert scenario is not None, [p.format() for p in problems]
    session = Session(scenario, catalog, seed=3)
    session.tick(session.seconds_until_choices())
    session.choose("open_ad")
    session.tick(session.seconds_until_choices())
    session.choose("pay")
    assert session.result().loss >= LIMIT - 10
    json.dumps(session.to_json())


def test_shown_number_is_short_and_never_raises():
    assert shown_number(300) == "300"
    assert len(shown_number(int(HUGE))) < 24
    assert shown_number(HUGER).startswith("999") and len(shown_number(HUGER)) < 24
    assert shown_number(10 ** 5000) == "…"
