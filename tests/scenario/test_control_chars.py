"""A text with a character a terminal would obey, or that reorders text, is a located error."""

from __future__ import annotations

import pytest

from game.scenario import check_scenario_bytes
from tests.conftest import FIXTURES

BASE = (FIXTURES / "valid" / "tiny_loan.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("escape, code", [("\\e[2J", "U+001B"), ("\\a", "U+0007"), ("\\r", "U+000D"),
                                          ("\\x9b31m", "U+009B"), ("\\u202e", "U+202E"), ("\\x7f", "U+007F")])
def test_a_control_character_in_a_text_is_an_error_where_it_is(catalog, escape, code):
    raw = BASE.replace('title: {en: "Tiny loan"', f'title: {{en: "Tiny{escape} loan"')
    scenario, problems = check_scenario_bytes("tiny_loan.yaml", raw.encode("utf-8"), catalog)
    assert scenario is None
    assert [(p.key, p.line, p.column, dict(p.params)["char"]) for p in problems] == [("text_control", 7, 13, code)]


def test_tabs_and_line_breaks_are_text(catalog):
    raw = BASE.replace('title: {en: "Tiny loan"', 'title: {en: "Tiny\\tloan\\nsecond line"')
    scenario, problems = check_scenario_bytes("tiny_loan.yaml", raw.encode("utf-8"), catalog)
    assert not problems and scenario.title.get("en") == "Tiny\tloan\nsecond line"
