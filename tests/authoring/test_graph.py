"""`python main.py graph`: every step and ending, styled by outcome, every choice and timeout an edge."""

from __future__ import annotations

import io
import re
import shutil
from argparse import Namespace
from pathlib import Path

import pytest

from game.authoring.graph import STYLES, diagram, main_graph, to_dot, to_mermaid
from game.authoring.scaffold import Library, plan, render
from game.cli import main
from game.scenario import OUTCOMES, Scenario
from tests.conftest import FIXTURES, SCENARIOS, scenario_from_text


@pytest.fixture(scope="module")
def toll(scenarios: dict[str, Scenario]) -> Scenario:
    return scenarios["toll_text"]          # timeouts, safe, partial and scammed endings


@pytest.fixture(scope="module")
def friend(scenarios: dict[str, Scenario]) -> Scenario:
    return scenarios["friend_real_request"]   # a look-alike: overcautious, and `when:` conditions


def _edges(scenario: Scenario) -> list[tuple[str, str, str]]:
    """(source, target, what the label must name) for every choice and timeout."""
    found = []
    for step_id, step in scenario.steps.items():
        found += [(step_id, choice.to, choice.id) for choice in step.choices]
        if step.timeout is not None:
            found.append((step_id, step.timeout.to, "timeout"))
    return found


@pytest.mark.parametrize("name", ["toll", "friend"])
def test_mermaid_has_every_step_ending_style_and_edge(name: str, request: pytest.FixtureRequest) -> None:
    scenario: Scenario = request.getfixturevalue(name)
    text = to_mermaid(scenario, "en")
    assert text.startswith("---\ntitle: ") and "stateDiagram-v2" in text
    for style, (fill, _) in STYLES.items():
        assert re.search(rf"classDef s_{style} fill:{fill}", text), style
    assert f"[*] --> {scenario.start}" in text and f"Class {scenario.start} s_start" in text
    for step_id in scenario.steps:
        assert f" as {step_id}\n" in text
    for ending_id, ending in scenario.endings.items():
        assert f" as {ending_id}\n" in text and f"Class {ending_id} s_{ending.outcome}\n" in text
    lines = text.splitlines()
    for source, target, label in _edges(scenario):
        assert any(line.strip().startswith(f"{source} --> {target}: ") and label in line for line in lines), \
            (source, target, label)


def test_endings_are_styled_apart_by_outcome(toll: Scenario, friend: Scenario) -> None:
    assert set(OUTCOMES) <= set(STYLES), "every outcome needs a style"
    fills = {STYLES[outcome][0] for outcome in OUTCOMES}
    assert len(fills) == len(OUTCOMES) and STYLES["step"][0] not in fills
    outcomes = {e.outcome for s in (toll, friend) for e in s.endings.values()}
    assert outcomes == set(OUTCOMES)          # the two fixtures cover every outcome
    assert "#c6f6d5" == STYLES["safe"][0] and "#fed7d7" == STYLES["scammed"][0]   # green, red


def test_dot_has_every_node_edge_and_style(friend: Scenario) -> None:
    text = to_dot(friend, "en")
    assert text.startswith(f'digraph "{friend.id}" {{') and text.rstrip().endswith("}")
    assert f'__start -> "{friend.start}";' in text
    for ending_id, ending in friend.endings.items():
        fill, stroke = STYLES[ending.outcome]
        assert re.search(rf'"{ending_id}" \[label="[^"]*", class="{ending.outcome}", fillcolor="{fill}", '
                         rf'color="{stroke}"\];', text), ending_id
    for step_id in friend.steps:
        assert re.search(rf'^  "{step_id}" \[label=', text, re.MULTILINE), step_id
    for source, target, label in _edges(friend):
        assert re.search(rf'"{source}" -> "{target}" \[label="[^"]*{label}', text), (source, target, label)


def test_labels_show_conditions_payments_and_first_words(friend: Scenario, toll: Scenario) -> None:
    labels = [edge.label for edge in diagram(friend, "en").edges]
    assert "done_checked: Glad you got home ✓safe [when checked = 1]" in labels
    assert "done_unchecked: Glad you got home [when checked = 0]" in labels
    toll_labels = [edge.label for edge in diagram(toll, "en").edges]
    assert "enter_card: Enter my card details and… (pays toll_fee to biller; gives bank_card)" in toll_labels
    assert "timeout 1h" in toll_labels
    zh = [edge.label for edge in diagram(toll, "zh").edges]
    assert any(label.startswith("type_code: 输入验证码") for label in zh)


def test_mermaid_keywords_as_ids_are_renamed(catalog) -> None:
    """A step called `note` (a Mermaid keyword) is drawn under another name, edges included."""
    chosen = plan("kw_test", "scam", None, "CN", Library.read(SCENARIOS), ("CN",))
    text = render(chosen, "x.json").replace("official_check", "note")
    scenario = scenario_from_text(text.replace("kw_test", "inline"), catalog)
    mermaid = to_mermaid(scenario, "en")
    assert " as note_\n" in mermaid and "contact --> note_: check_app" in mermaid
    assert not re.search(r"(^|\s)note(\s|:|$)", mermaid.replace("note_", "")), "a bare `note` is left"


def _args(path: Path, fmt: str | None = None, output: Path | None = None) -> Namespace:
    return Namespace(path=path, fmt=fmt, output=output, catalog=None)


def test_graph_command_prints_mermaid_and_writes_dot(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["graph", str(SCENARIOS / "toll_text.yaml")], stdout=out) == 0
    assert "stateDiagram-v2" in out.getvalue()
    target = tmp_path / "toll.dot"
    assert main_graph(_args(SCENARIOS / "toll_text.yaml", output=target), SCENARIOS, io.StringIO()) == 0
    assert target.read_text(encoding="utf-8").startswith('digraph "toll_text"')


def test_graph_of_an_invalid_file_lists_its_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDFLAG_LANG", "en")
    out = io.StringIO()
    broken = FIXTURES / "invalid" / "bad_outcome.yaml"
    assert main_graph(_args(broken), SCENARIOS, out) == 1
    text = out.getvalue()
    assert "[RF013]" in text and "bad_outcome.yaml" in text and "stateDiagram" not in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed (.ci/run installs it)")
def test_svg_is_drawn_when_graphviz_is_installed(tmp_path: Path, toll: Scenario) -> None:
    target = tmp_path / "toll.svg"
    assert main_graph(_args(SCENARIOS / "toll_text.yaml", output=target), SCENARIOS, io.StringIO()) == 0
    svg = target.read_text(encoding="utf-8")
    assert "<svg" in svg
    for node_id in [*toll.steps, *toll.endings]:
        assert f"<title>{node_id}</title>" in svg


def test_svg_without_graphviz_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))           # no `dot` anywhere
    monkeypatch.setenv("REDFLAG_LANG", "en")
    out = io.StringIO()
    target = tmp_path / "toll.svg"
    assert main_graph(_args(SCENARIOS / "toll_text.yaml", fmt="svg", output=target), SCENARIOS, out) == 1
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1 and "apt-get install graphviz" in lines[0] and "--format mermaid" in lines[0] \
        and "https://mermaid.live" in lines[0]
    assert not target.exists()


def test_a_pack_scenario_with_the_pack_s_own_flag_is_drawn(tmp_path: Path) -> None:
    """The catalogue is the one every command uses: a red_flags.yaml beside the file extends it."""
    (tmp_path / "red_flags.yaml").write_text("""\
red_flags:
  town_fee_text:
    group: money
    name: {en: "A fee by text", zh: "短信收费"}
    why: {en: "x", zh: "x"}
    safe: {en: "x", zh: "x"}
    sources: ["Town police notice, 2026"]
""", encoding="utf-8")
    chosen = plan("town_story", "scam", None, "CN", Library.read(SCENARIOS), ("CN",))
    text = render(chosen, "x.json").replace("flags: [upfront_fee]", "flags: [upfront_fee, town_fee_text]")
    (tmp_path / "town_story.yaml").write_text(text, encoding="utf-8")
    out = io.StringIO()
    assert main(["graph", str(tmp_path / "town_story.yaml")], stdout=out) == 0, out.getvalue()
    assert "stateDiagram-v2" in out.getvalue()
