"""Every kind of broken scenario file is reported at the right line with the right message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.scenario import check_scenario_bytes, check_scenario_file
from tests.conftest import FIXTURES

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))


def _expectation(path: Path) -> tuple[str, int]:
    head = path.read_text(encoding="utf-8").splitlines()[:2]
    expect = re.match(r"# expect: (.+)", head[0]).group(1)
    line = int(re.match(r"# line: (\d+)", head[1]).group(1))
    return expect, line


def test_there_are_at_least_twelve_kinds_of_broken_file():
    assert len(INVALID) >= 12


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_file_is_reported_at_its_line(path: Path, catalog):
    expect, line = _expectation(path)
    scenario, problems = check_scenario_file(path, catalog)
    assert scenario is None
    matching = [p for p in problems if expect in p.message]
    assert matching, f"no problem mentions {expect!r}: {[p.format() for p in problems]}"
    assert matching[0].line == line, matching[0].format()
    assert all(p.path == str(path) and p.code.startswith("RF") for p in problems)


def test_every_problem_in_a_file_is_reported_in_one_pass(catalog):
    text = (FIXTURES / "valid" / "tiny_loan.yaml").read_text(encoding="utf-8")
    text = text.replace("flags: [upfront_fee, urgency_deadline, personal_payee_account]", "flags: [upfront_fees]")
    text = text.replace("difficulty: 1", "difficulty: 7")
    text = text.replace("        to: fee\n", "        to: feee\n")
    text = text.replace('zh: "每天营业。"', 'zh: ""')
    _, problems = check_scenario_bytes("many.yaml", text.encode(), catalog)
    messages = " | ".join(p.message for p in problems)
    for expected in ("upfront_fees", "difficulty", "'feee' is not a step", "steps.ad.messages.1.text.zh"):
        assert expected in messages, messages


def test_a_typo_gets_a_did_you_mean_hint(catalog):
    path = FIXTURES / "invalid" / "unknown_flag.yaml"
    _, problems = check_scenario_file(path, catalog)
    assert any("did you mean 'upfront_fee'" in p.hint for p in problems)


def test_not_utf8_says_so_with_the_line(tmp_path, catalog):
    path = tmp_path / "latin.yaml"
    path.write_bytes("format: 1\nid: latin\ntitle: {en: \"caf\xe9\"}\n".encode("latin-1"))
    _, problems = check_scenario_file(path, catalog)
    assert len(problems) == 1
    assert "not UTF-8" in problems[0].message and problems[0].line == 3
    assert "UTF-8" in problems[0].hint


def test_alias_bomb_is_refused_quickly(catalog):
    import time

    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 12):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 10)}]")
    started = time.perf_counter()
    _, problems = check_scenario_bytes("bomb.yaml", "\n".join(lines).encode(), catalog)
    assert time.perf_counter() - started < 2.0
    assert any("expands to more than" in p.message for p in problems)


def test_deep_nesting_is_refused(catalog):
    for text in ("[" * 5000 + "]" * 5000, "a:\n" + "".join(" " * (2 * i) + "- \n" for i in range(1, 3000))):
        _, problems = check_scenario_bytes("deep.yaml", text.encode(), catalog)
        assert problems and all(p.code in ("RF002", "RF005") for p in problems), problems[:2]


def test_huge_file_is_refused_without_parsing(tmp_path, catalog):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * 2_000_000)
    _, problems = check_scenario_file(path, catalog)
    assert problems[0].code == "RF005" and "too large" in problems[0].message


def test_python_tags_are_never_executed(tmp_path, catalog):
    marker = tmp_path / "pwned"
    text = f'!!python/object/apply:os.system ["touch {marker}"]\n'
    _, problems = check_scenario_bytes("tag.yaml", text.encode(), catalog)
    assert problems and not marker.exists()


@pytest.mark.parametrize("text", ["", "   \n", "just text", "- a\n- b", "42", "{}", "null", "format: 1\n"])
def test_degenerate_files_give_problems_not_exceptions(text, catalog):
    scenario, problems = check_scenario_bytes("odd.yaml", text.encode(), catalog)
    assert scenario is None and problems
