"""Fast fuzz of terminal input: random lines (any unicode, raw bytes that are not UTF-8, and
the commands players type, odd digits among them) into the scenario menu, terminal play and the
drill's prompts. Nothing raises, every run ends, and what is printed stays clean.

Lines reach the game as they do from a pipe: bytes through a UTF-8 reader that replaces what it
cannot decode (as `game.cli.main` sets standard input up), read by `game.cli.line_reader`.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import _coach, _load_content, _menu, line_reader
from game.engine import Session
from game.locale import Translator, language_codes, words
from game.terminal import SafeStream
from game.text import TextGame
from game.text.drill import TextDrill
from tests.conftest import FIXTURES
from tests.text.test_output_sanitised import assert_clean

EXAMPLES = 200
COMMANDS = ["1", "2", "3", "0", "f 1", "f 2", "f 3", "f 1 a", "f 3 b", "f 1 upfront_fee", "u 1", "w", "l", "flags",
            "lang zh", "lang en", "?", "q", "s", "g", "scam", "１", "３", "٣", "①", "²", "9" * 4301, "", " ",
            "ｆ　１", "\x1b[2J", "\r", "\x00", "\u202e1"]
LINE = st.one_of(
    st.sampled_from(COMMANDS),
    st.text(max_size=40).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=40),
    st.sampled_from(COMMANDS).map(str.encode),
)
LINES = st.lists(LINE, max_size=25)


def _stdin(lines: list) -> io.TextIOWrapper:
    data = b"".join((line.encode("utf-8") if isinstance(line, str) else line).replace(b"\n", b" ") + b"\n"
                    for line in lines)
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def loaded():
    return _load_content(FIXTURES / "valid")


FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(lines=LINES, seed=st.integers(1, 1000), lang=st.sampled_from(("en", "zh")))
def test_terminal_play_takes_any_lines_and_ends(loaded, lines, seed, lang):
    scenario = loaded.valid["tiny_loan"]
    session = Session(scenario, loaded.catalog, seed=seed, lang=lang, region="CN", languages=tuple(language_codes()),
                      words=words)
    out = io.StringIO()
    safe = SafeStream(out)
    ticks = iter(range(0, 10**6, 7))            # a clock that moves: timers run out as they would
    TextGame(session, loaded.catalog, safe, line_reader(_stdin(lines), safe), clock=lambda: next(ticks)).run()
    assert_clean(out.getvalue())


@FUZZ
@given(lines=LINES, lang=st.sampled_from(("en", "zh")))
def test_the_menu_takes_any_lines_and_ends(loaded, lines, lang):
    out = io.StringIO()
    safe = SafeStream(out)
    chosen = _menu(loaded.valid, Translator(lang), line_reader(_stdin(lines), safe), safe)
    assert chosen in (None, *loaded.valid)
    assert_clean(out.getvalue())


@FUZZ
@given(lines=LINES, seed=st.integers(1, 1000))
def test_the_drill_prompts_take_any_lines_and_end(loaded, lines, seed):
    coach = _coach(loaded.valid, loaded.catalog, "CN", "en", None, seed=seed)
    out = io.StringIO()
    safe = SafeStream(out)
    TextDrill(coach.start("drill", size=3), Translator("en"), safe, line_reader(_stdin(lines), safe)).play()
    assert_clean(out.getvalue())
