"""Golden runs: every shipped scenario still plays its recorded scam and safe paths, and a change
in a scenario is reported at the step where it plays differently.

When a scenario is changed on purpose, record its runs again:
    python -m tests.authoring.test_playtest_golden
(or one at a time: python main.py playtest scenarios/ID.yaml --path scam --record tests/golden/ID.scam.yaml)
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from game.authoring.golden import GoldenError, check_run, dump_run, read_run, record_run
from game.cli import main
from game.engine import FakerPersonas
from game.scenario import check_scenario_bytes
from tests.conftest import ROOT, SCENARIOS, run_main

GOLDEN = ROOT / "tests" / "golden"
PERSONAS = FakerPersonas()


def golden_files() -> list[Path]:
    return sorted(GOLDEN.glob("*.yaml"))


def test_every_shipped_scenario_plays_its_golden_runs(scenarios, catalog):
    runs = {path.name: read_run(path.read_text(encoding="utf-8")) for path in golden_files()}
    for scenario_id in scenarios:                   # the scam path, and the safe path where it differs
        assert f"{scenario_id}.scam.yaml" in runs, f"{scenario_id} has no golden run: {__doc__.splitlines()[-2]}"
        safe = runs.get(f"{scenario_id}.safe.yaml")
        assert safe is None or safe["steps"] != runs[f"{scenario_id}.scam.yaml"]["steps"], scenario_id
    assert sum(name.endswith(".safe.yaml") for name in runs) >= len(scenarios) - 2
    differences = {name: check_run(scenarios[run["scenario"]], catalog, PERSONAS, run)
                   for name, run in runs.items()}
    assert {name: found for name, found in differences.items() if found} == {}


def _copy(scenario_id: str, catalog, change=lambda text: text):
    text = change((SCENARIOS / f"{scenario_id}.yaml").read_text(encoding="utf-8"))
    scenario, problems = check_scenario_bytes(f"{scenario_id}.yaml", text.encode("utf-8"), catalog)
    assert scenario is not None, [p.format() for p in problems]
    return scenario


def test_a_changed_choice_is_reported_at_the_step_that_offered_it(catalog):
    run = read_run((GOLDEN / "toll_text.scam.yaml").read_text(encoding="utf-8"))
    number, step = next((n, s) for n, s in enumerate(run["steps"], start=1) if n >= 2)
    renamed = step["choice"] + "_renamed"
    scenario = _copy("toll_text", catalog, lambda text: text.replace(f"id: {step['choice']}\n", f"id: {renamed}\n"))
    found = check_run(scenario, catalog, PERSONAS, run)
    assert len(found) == 1 and found[0].startswith(f"step {number} ({step['step']}): expected choice "
                                                   f"'{step['choice']}'"), found
    assert renamed in found[0]                   # what the scenario offers now
    assert check_run(_copy("toll_text", catalog), catalog, PERSONAS, run) == []


def test_a_choice_that_now_leads_elsewhere_is_reported_at_the_step_it_reaches(catalog):
    run = read_run((GOLDEN / "loan_fee_trap.scam.yaml").read_text(encoding="utf-8"))
    assert [s["step"] for s in run["steps"][:2]] == ["search", "landing"]
    moved = _copy("loan_fee_trap", catalog, lambda text: text.replace(
        "      - id: open_ad\n        text: {en: \"Tap the top result\", zh: \"点开排第一的结果\"}\n        to: landing\n",
        "      - id: open_ad\n        text: {en: \"Tap the top result\", zh: \"点开排第一的结果\"}\n        to: bank_app\n"))
    assert moved.steps["search"].choices[0].to == "bank_app"
    assert check_run(moved, catalog, PERSONAS, run) == [
        "step 2: expected step 'landing', the scenario is at 'bank_app' now"]


def test_a_changed_outcome_and_score_are_reported(catalog):
    run = read_run((GOLDEN / "toll_text.safe.yaml").read_text(encoding="utf-8"))
    ending = run["ending"]

    def change(text: str) -> str:
        head, _, rest = text.partition(f"\n  {ending}:\n")
        return head + f"\n  {ending}:\n" + rest.replace("outcome: safe", "outcome: partial", 1)

    found = check_run(_copy("toll_text", catalog, change), catalog, PERSONAS, run)
    assert "the outcome is 'partial' now, it was 'safe'" in found
    assert any(line.startswith("the score is") for line in found)


def _main(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), stdout=out), out.getvalue()


def test_record_then_check_from_the_command_line(tmp_path, capsys):
    golden = tmp_path / "run.yaml"
    done = run_main("playtest", "scenarios/toll_text.yaml", "--record", str(golden), "--seed", "4")
    assert done.returncode == 0, done.stdout + done.stderr
    run = read_run(golden.read_text(encoding="utf-8"))
    assert (run["policy"], run["seed"], run["lang"], run["region"]) == ("random", 4, "en", "US")
    assert run["steps"] and all({"step", "choice"} <= set(step) for step in run["steps"])
    code, out = _main("playtest", "scenarios/toll_text.yaml", "--check", str(golden))
    assert code == 0 and "plays as recorded" in out, out
    golden.write_text(golden.read_text(encoding="utf-8").replace(f"choice: {run['steps'][0]['choice']}",
                                                                  "choice: nowhere", 1), encoding="utf-8")
    code, out = _main("playtest", "scenarios/toll_text.yaml", "--check", str(golden))
    assert code == 1 and f"step 1 ({run['steps'][0]['step']}): expected choice 'nowhere'" in out, out
    golden.write_text("just: text\n", encoding="utf-8")
    code, out = _main("playtest", "scenarios/toll_text.yaml", "--check", str(golden))
    assert code == 2 and "not a golden run" in capsys.readouterr().err
    code, out = _main("playtest", "scenarios/", "--check", str(golden))
    assert code == 2 and "takes one scenario file" in capsys.readouterr().err


def test_a_recorded_run_keeps_flags_and_timeouts_as_ids(scenarios, catalog):
    seen_flag = seen_timeout = False
    for seed in range(1, 30):
        run = record_run(scenarios["toll_text"], catalog, PERSONAS, seed=seed)
        seen_flag = seen_flag or any(step.get("flags") for step in run["steps"])
        seen_timeout = seen_timeout or any(step["choice"] == "timeout" for step in run["steps"])
        assert read_run(dump_run(run)) == run
        assert check_run(scenarios["toll_text"], catalog, PERSONAS, run) == []
    assert seen_flag and seen_timeout


@pytest.mark.parametrize("text", ["[1, 2", "golden: 1\nscenario: x\n", "- a\n- b\n",
                                  "golden: 1\nscenario: x\nseed: 1\nlang: en\nregion: CN\nsteps: [{step: a}]\n"
                                  "ending: e\noutcome: safe\nscore: 1\n"])
def test_a_broken_golden_file_is_refused_with_a_reason(text):
    with pytest.raises(GoldenError):
        read_run(text)


def rerecord() -> None:
    """Record every shipped scenario's scam and safe runs again (after a deliberate change)."""
    from game.scenario import load_catalog, scenario_files

    catalog = load_catalog(SCENARIOS / "red_flags.yaml")
    for path in scenario_files(SCENARIOS):
        scenario, problems = check_scenario_bytes(path.name, path.read_bytes(), catalog)
        if scenario is None:
            print(f"✗ {path.name}: invalid, not recorded")
            continue
        runs = {policy: record_run(scenario, catalog, PERSONAS, seed=1, path=policy) for policy in ("scam", "safe")}
        for policy, run in runs.items():
            if policy == "safe" and run["steps"] == runs["scam"]["steps"]:
                continue                            # one file when both paths play alike
            (GOLDEN / f"{scenario.id}.{policy}.yaml").write_text(dump_run(run, f"scenarios/{path.name}"),
                                                                 encoding="utf-8")
        print(f"✓ {scenario.id}")


if __name__ == "__main__":
    rerecord()
