"""Terminal play end to end, through piped input, as a user would run it."""

from __future__ import annotations

import io
import json

from game.cli import main
from tests.conftest import run_main


def _cli(args, text):
    out = io.StringIO()
    code = main(args, stdin=io.StringIO(text), stdout=out)
    return code, out.getvalue()


def test_piped_play_to_an_ending_writes_the_result(tmp_path):
    result_path = tmp_path / "result.json"
    # Flag the ad, name it, flag the flag-free line, open the ad, then refuse the fee.
    commands = "f 1\nf 1 search_ad_lure\nf 2\n1\nf 3 upfront_fee\n2\n"
    done = run_main("play", "--text", "--scenario", "tiny_loan", "--seed", "5", "--lang", "en",
                    "--result-json", str(result_path), "--scenarios", "tests/fixtures/valid", input_text=commands)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "Debrief" in done.stdout and "You stayed safe." in done.stdout
    data = json.loads(result_path.read_text(encoding="utf-8"))
    for key in ("scenario", "seed", "lang", "outcome", "score", "loss", "hits", "misses", "false_alarms",
                "correct_rejections", "d_prime", "criterion", "debrief"):
        assert key in data
    assert (data["scenario"], data["seed"], data["lang"], data["outcome"]) == ("tiny_loan", 5, "en", "safe")
    assert (data["hits"], data["misses"], data["false_alarms"]) == (2, 0, 1)
    assert [item["flag_id"] for item in data["debrief"] if item["kind"] == "red_flag"] == [
        "too_easy_credit", "search_ad_lure", "upfront_fee", "urgency_deadline", "personal_payee_account"]


def test_a_payment_names_its_payee_and_a_timeout_says_why():
    code, out = _cli(["play", "--text", "--scenario", "tiny_loan", "--seed", "4", "--lang", "en", "--scenarios",
                      "tests/fixtures/valid"], "1\n1\n")
    assert code == 0
    from game.engine import FakerPersonas, Session
    from game.scenario import load_catalog, load_scenario
    from tests.conftest import FIXTURES, SCENARIOS

    catalog = load_catalog(SCENARIOS / "red_flags.yaml")
    session = Session(load_scenario(FIXTURES / "valid" / "tiny_loan.yaml", catalog), catalog, seed=4,
                      personas=FakerPersonas())
    mule, fee = session._state.personas["en"]["mule"], session._state.vars["fee"]
    assert f"You sent CN¥{fee:,} to {mule['name']} ({mule['card']})." in out    # yuan, as English writes it
    code, out = _cli(["play", "--text", "--scenario", "tiny_loan", "--seed", "4", "--lang", "en", "--scenarios",
                      "tests/fixtures/valid"], "1\nw\n")
    assert "⏱ Time's up: You did not answer, and the agent stopped writing." in out


def test_end_of_input_exits_cleanly():
    done = run_main("play", "--text", "--scenario", "tiny_loan", "--seed", "1",
                    "--scenarios", "tests/fixtures/valid", input_text="f 1\n")
    assert done.returncode == 0
    assert "Traceback" not in done.stderr
    assert "--seed 1" in done.stdout


def test_menu_then_play_in_chinese():
    code, out = _cli(["play", "--text", "--lang", "zh", "--seed", "3", "--scenarios", "tests/fixtures/valid"],
                     "1\n2\n")
    assert code == 0
    assert "小额贷款" in out and "复盘" in out and "你守住了。" in out


def test_bad_commands_get_help_not_errors():
    code, out = _cli(["play", "--text", "--scenario", "tiny_loan", "--seed", "3", "--scenarios",
                      "tests/fixtures/valid"], "xyzzy\nf 99\nf 1 not_a_flag\nu 7\n9\n?\nflags\nlang zh\nq\n")
    assert code == 0
    for expected in ("Unknown command", "There is no message 99", "Unknown red flag 'not_a_flag'",
                     "There is no choice 9", "Commands:", "upfront_fee", "再见"):
        assert expected in out, expected


def test_waiting_lets_the_timer_run_out():
    code, out = _cli(["play", "--text", "--scenario", "tiny_loan", "--seed", "3", "--scenarios",
                      "tests/fixtures/valid"], "1\nw\n")
    assert code == 0
    assert "Time's up: You did not answer" in out and "You stayed safe." in out


def test_real_time_passing_counts_against_a_timer():
    from game.engine import FixedPersonas, Session
    from game.scenario import load_catalog, load_scenario
    from game.text import TextGame
    from tests.conftest import FIXTURES, SCENARIOS

    catalog = load_catalog(SCENARIOS / "red_flags.yaml")
    scenario = load_scenario(FIXTURES / "valid" / "tiny_loan.yaml", catalog)
    session = Session(scenario, catalog, seed=1, personas=FixedPersonas())
    answers = iter(["1", "1"])
    now = iter([0.0, 1.0, 10.0, 100.0])   # the second answer comes 90 s later: too late
    out = io.StringIO()
    result = TextGame(session, catalog, out, read=lambda _prompt: next(answers), clock=lambda: next(now)).run()
    assert result.ending == "end_safe"
    assert result.choices[-1].choice_id == "timeout"
    assert "Time's up: You did not answer, and the agent stopped writing." in out.getvalue()
