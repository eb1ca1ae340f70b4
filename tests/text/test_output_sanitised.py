"""Nothing a file says can drive the terminal: escape codes, carriage returns, C1 controls and
bidi overrides in a scenario's title, message text, persona name or file name are shown, never
obeyed, by every command that prints them (`game.terminal`, installed by `game.cli.main`).

The hostile scenario below carries the same payload everywhere: a clear-screen (ESC [2J), a
window retitle (OSC 0;pwned BEL), a one-character CSI (U+009B), a carriage return before a
fake "✓ no problems", and a right-to-left override (U+202E).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.terminal import SafeStream, clean, escape_json, style
from tests.conftest import FIXTURES, ROOT

PAYLOAD = "\x1b[2J\x1b]0;pwned\x07\x9b31m\r✓ no problems\u202e"
YAML_PAYLOAD = r"\e[2J\e]0;pwned\a\x9b31m\r✓ no problems\u202e"
SHOWN = "␛[2J␛]0;pwned␇\ufffd31m␍✓ no problems\ufffd"     # the payload as the terminal shows it
BAD_NAME = f"bad{PAYLOAD}.yaml"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def unsafe(text: str) -> list[str]:
    """The characters of `text` a terminal would obey, with what surrounds them."""
    return [repr(text[max(0, m.start() - 20):m.end() + 20]) for m in UNSAFE.finditer(text)]


def hostile_yaml() -> str:
    text = (FIXTURES / "valid" / "tiny_loan.yaml").read_text(encoding="utf-8")
    edits = {
        "id: tiny_loan": "id: evil",
        'title: {en: "Tiny loan", zh: "小额贷款"}':
            f'title: {{en: "Evil {YAML_PAYLOAD}", zh: "坏 {YAML_PAYLOAD}"}}',
        "  agent:\n    role: scammer\n    name: name":
            f'  agent:\n    role: scammer\n    name: {{en: "Agent {YAML_PAYLOAD}", zh: "代理 {YAML_PAYLOAD}"}}',
        'text: {en: "Loans in five minutes, no credit check."': f'text: {{en: "Loans {YAML_PAYLOAD} in five minutes."',
        'debrief: {en: "You kept your money."': f'debrief: {{en: "Kept {YAML_PAYLOAD}."',
    }
    for old, new in edits.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture(autouse=True)
def text_check_off(request, monkeypatch):
    """`validate` refuses a text holding a control character (RF013, text_control): the cleaning
    here is the second line of defence, for what reaches the terminal another way (a file name, a
    player's nickname, a model cached by an older build). In-process, the tests switch that
    check off, so that the payload reaches every print path; the real process keeps it."""
    if request.node.name != "test_a_real_process_writes_no_escape_byte":
        monkeypatch.setattr("game.scenario.yamlread._CONTROL", re.compile(r"(?!)"))
        monkeypatch.setenv("REDFLAG_CACHE", "off")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A folder with a valid scenario full of the payload, and an invalid copy whose file name carries it."""
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "evil.yaml").write_text(hostile_yaml(), encoding="utf-8")
    (folder / BAD_NAME).write_text(hostile_yaml(), encoding="utf-8")
    return folder


def run(args: list[str], capsys, text: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = main(args, stdin=io.StringIO(text), stdout=out)
    captured = capsys.readouterr()
    return code, out.getvalue() + captured.out + captured.err


def assert_clean(output: str) -> None:
    assert not unsafe(output), unsafe(output)[:5]


# -- the rule itself ------------------------------------------------------------------------------
def test_clean_shows_every_control_and_keeps_lines_and_tabs():
    assert clean(PAYLOAD) == SHOWN
    assert clean("a\tb\nc\r\nd") == "a\tb\nc\nd"
    assert clean("\x00\x7f\x85\u2066\u2069\udcff") == "␀␡\ufffd\ufffd\ufffd\ufffd"
    assert clean("识破 £16.40 ★☆ ⚑ — …") == "识破 £16.40 ★☆ ⚑ — …"
    assert not unsafe(clean("".join(map(chr, range(0x3000)))))


def test_json_keeps_its_data_as_escapes():
    import json

    text = json.dumps({"t": PAYLOAD}, ensure_ascii=False)
    assert json.loads(escape_json(text)) == {"t": PAYLOAD}
    assert_clean(escape_json(text))


def test_a_safe_stream_cleans_what_is_written_and_lets_our_own_styles_through():
    buffer = io.StringIO()
    stream = SafeStream(buffer)
    print("title:", PAYLOAD, file=stream)
    style(stream, "\x1b[2m")
    stream.write("dim")
    style(stream, "\x1b[0m")
    assert buffer.getvalue() == f"title: {SHOWN}\n\x1b[2mdim\x1b[0m"
    assert SafeStream.wrap(stream) is stream


def test_main_wraps_standard_output_and_error_only_while_it_runs(capsys):
    before = sys.stdout, sys.stderr
    main(["play", "--text", "--scenario", f"no{PAYLOAD}"], stdin=io.StringIO(""))
    assert (sys.stdout, sys.stderr) == before
    err = capsys.readouterr().err
    assert "no␛[2J" in err
    assert_clean(err)


# -- every command that prints a file's text ------------------------------------------------------
def test_list_shows_titles_and_file_names_cleaned(hostile, capsys):
    code, output = run(["list", "--scenarios", str(hostile)], capsys)
    assert code == 0
    assert f"Evil {SHOWN}" in output                        # the title
    assert f"bad{SHOWN}.yaml" in output                     # the broken file's name
    assert_clean(output)


def test_list_json_keeps_the_title_as_json_escapes(hostile, capsys):
    import json

    out = io.StringIO()
    assert main(["list", "--json", "--scenarios", str(hostile)], stdout=out) == 0
    assert_clean(out.getvalue())
    assert json.loads(out.getvalue())[0]["title"]["en"] == f"Evil {PAYLOAD}"


def test_validate_shows_file_names_and_problems_cleaned(hostile, capsys):
    code, output = run(["validate", str(hostile)], capsys)
    assert code == 1
    assert f"bad{SHOWN}" in output
    assert_clean(output)


def test_playtest_shows_file_names_cleaned(hostile, capsys):
    code, output = run(["playtest", str(hostile), "--runs", "3"], capsys)
    assert f"bad{SHOWN}" in output
    assert_clean(output)


def test_terminal_play_the_debrief_and_progress_show_the_scenario_cleaned(hostile, capsys):
    args = ["--scenarios", str(hostile), "--lang", "en", "--region", "CN", "--player", "nick"]
    code, output = run(["play", "--text", "--scenario", "evil", "--seed", "1", *args], capsys, "f 1\n1\n2\n")
    assert code == 0
    assert f"Evil {SHOWN}" in output                        # the title
    assert f"Agent {SHOWN}" in output and "Loans ␛[2J␛]0;pwned␇" in output     # a persona's name, a message
    assert f"Kept {SHOWN}." in output                       # the debrief
    assert_clean(output)
    code, output = run(["progress", *args[:2], "--lang", "en", "--player", "nick"], capsys)
    assert code == 0
    assert f"Evil {SHOWN}" in output
    assert_clean(output)


def test_the_drill_dims_a_line_with_its_own_code_and_cleans_the_text_inside():
    from game.text.drill import DIM, PLAIN, TextDrill

    buffer = io.StringIO()
    drill = TextDrill(None, None, SafeStream(buffer), input, dim=True)
    drill.say_wrapped("  ", f"Before {PAYLOAD}", dim=True)
    assert buffer.getvalue().startswith(f"{DIM}  Before ␛[2J") and PLAIN + "\n" in buffer.getvalue()
    assert_clean(buffer.getvalue().replace(DIM, "").replace(PLAIN, ""))


def test_the_menu_and_a_drill_on_a_terminal_show_the_scenario_cleaned(hostile, capsys):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    args = ["--scenarios", str(hostile), "--lang", "en", "--region", "CN", "--player", "nick"]
    assert main(["play", "--text", *args], stdin=io.StringIO("2\n" + "s\n\n3\n" * 3 + "q\n"), stdout=out) == 0
    output = out.getvalue() + capsys.readouterr().err
    assert f"Evil {SHOWN}" in output and "Practice" in output
    ours = output.replace("\x1b[2m", "").replace("\x1b[0m", "")
    assert_clean(ours)


def test_a_real_process_writes_no_escape_byte(hostile):
    """Standard output and error as the operating system gets them, under a strict locale."""
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "list", "--scenarios", str(hostile)],
                          capture_output=True, timeout=60, cwd=ROOT,
                          env={"PATH": "/usr/bin:/bin", "LC_ALL": "C", "PYTHONIOENCODING": "utf-8:strict",
                               "REDFLAG_HOME": str(hostile.parent / "home"), "SDL_VIDEODRIVER": "dummy"})
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    for raw in (done.stdout, done.stderr):
        assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", raw), raw[:300]
        assert_clean(raw.decode("utf-8"))
    # the validator refuses both files (the texts hold control characters); the warnings name them cleaned
    assert SHOWN.encode() in done.stderr and b"U+001B" in done.stderr


def test_a_start_without_standard_output_still_runs(monkeypatch, hostile):
    """A windowed start (pythonw) has no standard output: print() skips it, and so must the cleaning."""
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["list", "--scenarios", str(hostile)]) == 0
