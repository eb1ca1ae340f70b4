"""Terminal play in the pseudo-locale `xx` prints only translated program text.

Every line printed is sorted (tests/pseudo_locale.py): program text must carry ⟪…⟫; scenario text
falls back to English and is allowed ("untranslated", listed when the test fails); anything else
with a word in it is program text that a language file cannot translate, and fails the test.
"""

from __future__ import annotations

import io

from game.cli import main
from game.engine import Choose, Flag, Session, TeachingPolicy
from game.locale import available_languages, language_codes
from game.text import TextGame, format_result
from tests.conftest import FIXTURES
from tests.pseudo_locale import Sorter, content_strings, pseudo_locale  # noqa: F401 (a fixture)

SEED = 3


class Terminal:
    """Checks what the terminal printed against the scenario texts it could have shown."""

    def __init__(self, catalog, scenarios=()) -> None:
        names = [language.native for language in available_languages()]
        self.sorter = Sorter(content_strings(catalog, *scenarios, names, language_codes()))
        self.problems: list[str] = []
        self.fallback = 0                  # printed lines with scenario text in English (allowed)

    def check(self, where: str, output: str) -> None:
        self.problems += [f"  {where}: {piece[:100]!r}" for piece in self.sorter.leftovers(output)]
        self.fallback += sum(1 for line in output.splitlines() if self.sorter.verdict(line) == "untranslated")

    def failures(self) -> str:
        if not self.problems:
            return ""
        return (f"{len(self.problems)} pieces of printed program text no language file translates "
                f"(whitespace removed):\n" + "\n".join(self.problems[:40])
                + f"\n(and {self.fallback} lines of untranslated scenario text, which is allowed)")


def _cli(args: list[str], text: str) -> str:
    out = io.StringIO()
    assert main(args, stdin=io.StringIO(text), stdout=out) == 0
    return out.getvalue()


def _read_by_policy(game: TextGame, session: Session, terminal: Terminal, extra: list[str]):
    """A `read` for TextGame: first the `extra` commands, then the teaching policy's moves typed
    as a player would ("f 3 upfront_fee", "2"), learning the scenario texts shown as it goes."""
    policy = TeachingPolicy("scam")
    queue = list(extra)

    def read(prompt: str) -> str:
        view = session.view()
        terminal.sorter.add(content_strings(view))
        if queue:
            return queue.pop(0)
        numbers = {m.id: m.number for m in view.messages}
        for command in policy.plan(session):
            if isinstance(command, Flag):
                queue.append(f"f {numbers[command.message_id]} {command.flag_id}")
            elif isinstance(command, Choose):
                queue.append(str(next(c.number for c in view.choices if c.id == command.choice_id)))
                break
        return queue.pop(0) if queue else "w"

    return read


def test_the_menu_a_game_and_its_debrief_print_only_translated_program_text(pseudo_locale, catalog, tmp_path,
                                                                             monkeypatch):
    import game.text
    from game.scenario import load_folder

    menu, _ = load_folder(FIXTURES / "valid", catalog)
    assert "tiny_loan" in menu
    terminal = Terminal(catalog, menu.values())

    class Watched(game.text.TextGame):
        """The terminal game, telling the test which scenario texts (names, amounts) it showed."""

        def command(self, line: str) -> bool:
            terminal.sorter.add(content_strings(self.session.view(), line))     # the player's own words too
            return super().command(line)

        def run(self):
            result = super().run()
            terminal.sorter.add(content_strings(self.session.view(), result))
            return result

    monkeypatch.setattr(game.text, "TextGame", Watched)
    base = ["play", "--text", "--lang", pseudo_locale, "--seed", str(SEED), "--scenarios", "tests/fixtures/valid"]
    terminal.check("menu, quit", _cli(base, "q\n"))
    terminal.check("menu, end of input", _cli(base, "1\nf 1\n"))
    # Every command, a wrong one of each kind, then the fixture's safe way to the end.
    commands = "?\nflags\nxyzzy\nf 99\nf 1 nope\nu 7\n9\nl\nf 1\nf 1 a\nu 1\nf 1 search_ad_lure\nf 2\n1\nf 3 upfront_fee\n2\n"
    result = tmp_path / "result.json"
    terminal.check("a game", _cli([*base, "--scenario", "tiny_loan", "--result-json", str(result)], commands))
    terminal.check("a timeout", _cli([*base, "--scenario", "tiny_loan"], "1\nw\n"))
    assert result.is_file()
    assert not terminal.failures(), terminal.failures()


def test_every_scenario_plays_in_the_terminal_with_only_translated_program_text(pseudo_locale, catalog, scenarios):
    problems = []
    for scenario in scenarios.values():
        terminal = Terminal(catalog, [scenario])
        session = Session(scenario, catalog, seed=SEED, lang=pseudo_locale, languages=language_codes())
        out = io.StringIO()
        game = TextGame(session, catalog, out)
        game.read = _read_by_policy(game, session, terminal, ["?", "flags"])
        result = game.run()
        assert result is not None, scenario.id
        terminal.sorter.add(content_strings(result))
        data_names = {item: text.get(result.lang) for item, text in catalog.data_items.items()}
        flag_names = {flag_id: flag.name.get(result.lang) for flag_id, flag in catalog.red_flags.items()}
        out.write(format_result(result, data_names, flag_names))
        terminal.check(scenario.id, out.getvalue())
        problems += [terminal.failures()] if terminal.failures() else []
    assert not problems, "\n".join(problems)
