"""Every line typed at a prompt is parsed without an exception (`game.terminal`): digits of other
scripts, look-alike digits, numbers too long for `int()`, empty lines, the end of input, Ctrl-C
and bytes that are not UTF-8 under a strict locale.

The rule for digits: decimal digits of any script count as their value (full-width ３ as typed
by a Chinese input method, Arabic-Indic ٣); superscripts and circled numbers (², ①) are no
number, at every prompt alike; more than `MAX_DIGITS` digits are no number.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from game.cli import main
from game.locale import Translator
from game.records import Filter, Records
from game.terminal import MAX_DIGITS, MAX_LINE, read_line, typed, whole_number
from tests.conftest import ROOT

EN = Translator("en")
FIXTURE = ("--scenarios", "tests/fixtures/valid", "--region", "CN", "--lang", "en")
HUGE = "9" * 4301                       # one digit past int()'s limit for a string
ODD = ["①", "²", HUGE, "", "   ", "-1", "+1", "1 1", "1.0", "0x1", "\u0661\u00b2", "\x00", "\ufffd"]


def run(args, text: str, capsys) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(list(args), stdin=io.StringIO(text), stdout=out)
    return code, out.getvalue(), capsys.readouterr().err


# -- the one parser -------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "value"), [
    ("3", 3), (" 3 ", 3), ("３", 3), ("\u0663", 3), ("１２", 12), ("007", 7), ("\u09e9", 3),
    ("²", None), ("①", None), ("Ⅲ", None), ("三", None), ("-3", None), ("+3", None), ("3.0", None), ("", None),
    ("1 2", None), (HUGE, None), ("1" * (MAX_DIGITS + 1), None), ("0", None), ("13", None),
])
def test_whole_number_reads_decimal_digits_of_any_script_and_nothing_else(text, value):
    assert whole_number(text, 12) == value


def test_whole_number_has_no_upper_bound_unless_asked_and_a_lower_one_can_be_zero():
    assert whole_number("1" * MAX_DIGITS) == int("1" * MAX_DIGITS)
    assert whole_number("0", low=0) == 0 and whole_number("0") is None


def test_full_width_commands_read_as_ascii():
    assert typed("  ｆ　３　ａ ") == "f 3 a"
    assert typed("Ｑ").lower() == "q"


def test_a_line_longer_than_the_limit_is_cut_and_the_rest_dropped():
    stream = io.StringIO("x" * (MAX_LINE * 3) + "\n2\n" + "y" * (MAX_LINE + 5))
    assert read_line(stream) == "x" * MAX_LINE + "\n"
    assert read_line(stream) == "2\n"
    assert read_line(stream) == "y" * MAX_LINE
    assert read_line(stream) == ""


# -- at every prompt -------------------------------------------------------------------------------
def test_the_scenario_menu_asks_again_for_every_odd_line_and_takes_full_width_digits(capsys):
    code, out, err = run(("play", "--text", *FIXTURE, "--seed", "5"), "\n".join([*ODD, "１", "q"]) + "\n", capsys)
    assert code == 0 and "internal error" not in err and "Traceback" not in err
    assert out.count(EN.t("play.menu_title")) == len(ODD) + 1           # asked again after each
    assert "Tiny loan  (seed 5)" in out                                  # １ chose the first entry


def test_the_play_prompt_calls_odd_lines_unknown_and_plays_on(capsys):
    lines = [*ODD, "f ①", "f ²", f"f {HUGE}", f"u {HUGE}", "f 1 ①", "ｆ　１", "２"]
    code, out, err = run(("play", "--text", "--scenario", "tiny_loan", "--seed", "5", *FIXTURE),
                         "\n".join(lines) + "\n", capsys)
    assert code == 0 and "internal error" not in err and "Traceback" not in err
    assert out.count(EN.t("play.unknown_command")) >= 7                  # ①, ², the huge number, -1, +1, 1 1, …
    assert EN.t("play.flagged", number=1, name=EN.t("play.suspicious")) in out    # ｆ　１ flagged message 1
    assert "You stayed safe." in out                                    # ２ chose "Use my bank's app"
    assert HUGE not in out.replace(HUGE + "\n", "")                     # echoed once as typed, never quoted back


def test_the_drill_prompts_ask_again_for_every_odd_line(tmp_path, capsys):
    bad = "\n".join(ODD[:3] + ODD[5:]) + "\n"
    text = "s\n" + bad + "１\n" + bad + "３\n" + "g\n３\n" * 3
    code, out, err = run(("drill", "--items", "2", "--seed", "5", "--records", str(tmp_path / "r.sqlite"),
                          "--region", "CN", "--lang", "en"), text, capsys)
    assert code == 0 and "internal error" not in err and "Traceback" not in err
    assert out.count(EN.t("text_drill.again_number", count=3)) == len(ODD) - 2     # the confidence prompt
    assert out.count(EN.t("text_drill.again_sg")) == 0
    with Records.open(tmp_path / "r.sqlite") as records:
        first, second = records.practice(Filter())
    assert (first.said, first.confidence, second.said, second.confidence) == ("scam", 3, "genuine", 3)
    assert first.named                                                  # １ named the first red flag offered


def test_records_keep_takes_a_number_of_days_or_says_what_is_wrong(tmp_path, capsys):
    records = ("--records", str(tmp_path / "r.sqlite"))
    for days in ("²", HUGE, "0", "36501", "-5"):
        code, _, err = run(("records", "keep", days, *records), "", capsys)
        assert code != 0 and "internal error" not in err and "days to keep" in err, (days, err)
    code, out, _ = run(("records", "keep", "３０", *records), "", capsys)
    assert code == 0 and "30 days" in out


# -- the end of input, Ctrl-C, undecodable bytes ------------------------------------------------------
class Interrupted(io.StringIO):
    """Standard input whose reader presses Ctrl-C after `lines` lines."""

    def __init__(self, lines: str) -> None:
        super().__init__(lines)

    def readline(self, *args) -> str:
        line = super().readline(*args)
        if not line:
            raise KeyboardInterrupt
        return line


@pytest.mark.parametrize("args", [
    ("play", "--text", *FIXTURE),
    ("play", "--text", "--scenario", "tiny_loan", *FIXTURE),
    ("drill", "--items", "2", "--region", "CN", "--lang", "en"),
])
@pytest.mark.parametrize("ending", ["eof", "ctrl-c"])
def test_the_end_of_input_and_ctrl_c_end_quietly_at_every_prompt(args, ending, tmp_path, capsys):
    for typed_lines in ("", "s\n", "s\n1\n", "1\n"):
        stdin = io.StringIO(typed_lines) if ending == "eof" else Interrupted(typed_lines)
        out = io.StringIO()
        code = main([*args, "--records", str(tmp_path / "r.sqlite")], stdin=stdin, stdout=out)
        err = capsys.readouterr().err
        assert code in (0, 130) and "Traceback" not in err and "internal error" not in err, err


def _strict_process(args: list[str], data: bytes, tmp_path) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "PYTHONIOENCODING": "utf-8:strict",
           "REDFLAG_HOME": str(tmp_path / "home"), "REDFLAG_CACHE": str(tmp_path / "cache"),
           "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], input=data, capture_output=True,
                          timeout=60, cwd=ROOT, env=env)


def test_bytes_that_are_not_utf8_play_on_under_a_strict_c_locale(tmp_path):
    done = _strict_process(["play", "--text", *FIXTURE, "--seed", "5"],
                           b"\xff\xfe1\n\xc3\n\x80\x9b2J\n1\n\xff\n2\n", tmp_path)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, err
    assert "internal error" not in err and "Traceback" not in err
    out = done.stdout.decode("utf-8")                   # what is printed stays valid UTF-8
    assert "\ufffd" in out and "You stayed safe." in out  # the bad lines echoed as �; "1", then "2" played on
