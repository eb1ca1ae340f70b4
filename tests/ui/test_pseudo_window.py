"""The window in the pseudo-locale `xx` draws only translated program text, and all of it fits.

The pilot goes through the title, the settings, the picker (scrolled), then plays every scenario
at 1280×800 with normal text through the window's own widgets (the flag picker for every red
flag, every reply clicked, a transfer confirmed in its dialog, the pause dialog once) to the
debrief, scrolled from top to bottom. Every text `draw_text` logs in every frame is sorted
(tests/pseudo_locale.py): program text must carry ⟪…⟫ (accented, ~140 % long); scenario text
falls back to English and is allowed ("untranslated", counted in the failure message); words that
are neither are program text a language file cannot translate, and fail. Program text cut with
"…" or drawn outside its box fails too, as does anything `tests/ui/test_text_fits.py` checks.
"""

from __future__ import annotations

import pygame

from game.locale import available_languages, language_codes
from game.ui.fit import Placed
from game.ui.scenes import debrief as debrief_module
from game.ui.scenes.play import PlayScene
from tests.pseudo_locale import OPEN, Sorter, content_strings, pseudo_locale  # noqa: F401 (a fixture)
from tests.ui.pilot import Pilot
from tests.ui.test_text_fits import Checker, Config, Report, _short

SIZE = (1280, 800)
SEED = 11
DEBRIEF = ("debrief.summary:", "debrief.timeline:")   # paragraphs drawn line by line
#: Labels that end with "…" by design in every language: a thread's tab is at most a share of the
#: strip (its name and channel are in full in the thread's header).
CUT_BY_DESIGN = ("phone.tab",)


class PseudoChecker(Checker):
    """The fit checker, plus: every text drawn is translated program text or scenario text."""

    def __init__(self, pilot: Pilot, report: Report) -> None:
        super().__init__(pilot, report)
        ctx = pilot.app.ctx
        names = [language.native for language in available_languages()]
        self.sorter = Sorter(content_strings(ctx.catalog, *ctx.scenarios.values(), names, language_codes()))
        self.fallback: set[str] = set()
        self.paragraphs: dict[str, str] = {}       # a debrief line → the paragraph it was wrapped from
        self.learnt: dict[tuple[int, int], object] = {}   # views (by revision) and results already read

    def configure(self, config: Config) -> None:
        app = self.pilot.app
        app.ctx.lang = app.ctx.progress.settings["lang"] = config.lang
        app.ctx.progress.settings["text_size"] = config.scale
        if app.size != config.size:
            self.pilot.resize(*config.size)
        app.apply_settings()

    def frame(self, dt: float | None = None) -> list[Placed]:
        placed = super().frame(dt)
        for scene in self.pilot.app.scenes:         # what the story showed: names, amounts, results
            session, result = getattr(scene, "session", None), getattr(scene, "result", None)
            view = session.view() if session is not None else None
            for key, value in (((id(session), getattr(view, "revision", 0)), view), ((id(result), 0), result)):
                if value is not None and key not in self.learnt:
                    self.learnt[key] = (session, result)     # kept, so that no id is reused
                    self.sorter.add(content_strings(value))
        for item in placed:
            text = self.paragraphs.get(item.text, item.text) if item.where.startswith(DEBRIEF) else item.text
            verdict = self.sorter.verdict(text)
            if verdict == "program":
                pieces = " | ".join(self.sorter.leftovers(text))
                self.report.add("english", item.where, f"{self.context}: {_short(item.text)} [{_short(pieces, 40)}]")
            elif verdict == "untranslated":
                self.fallback.add(text)
            if OPEN in item.text and item.truncated and not item.where.startswith(CUT_BY_DESIGN):
                self.report.add("cut", item.where, f"{self.context}: {_short(item.text)} → {_short(item.shown)}")
        return placed


def _pause_once(checker: PseudoChecker, scenario_id: str) -> None:
    """Open the pause dialog in a scenario and go on (its texts are checked like any other)."""
    app = checker.pilot.app
    app.reset(PlayScene(app, app.ctx.scenarios[scenario_id], seed=SEED))
    checker.frame()
    checker.context = f"{scenario_id} pause"
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
    checker.frame()
    checker.click("pause:resume")


def test_the_window_in_a_pseudo_locale_shows_only_translated_program_text_that_fits(pseudo_locale, tmp_path,
                                                                                     monkeypatch):
    report = Report()
    pilot = Pilot(tmp_path, lang=pseudo_locale, size=SIZE)
    pilot.app.ctx.progress.settings["sound"] = False
    checker = PseudoChecker(pilot, report)
    real_add = debrief_module.Writer.add

    def add(writer, key, text, *args, **kwargs):       # the debrief wraps paragraphs into lines
        first = len(writer.column.lines)
        taken = real_add(writer, key, text, *args, **kwargs)
        checker.paragraphs.update((line.text, text) for line in writer.column.lines[first:])
        return taken

    monkeypatch.setattr(debrief_module.Writer, "add", add)
    config = Config(SIZE, 1.0, pseudo_locale)
    ids = sorted(pilot.app.ctx.scenarios)
    for path, feedback in (("scam", "delayed"), ("safe", "immediate")):
        pilot.app.ctx.progress.settings["feedback"] = feedback
        checker.configure(config)
        checker.screens(config)
        for index, scenario_id in enumerate(ids):
            if path == "safe" and index % 3:        # the safe path (with a note after each flag): a third
                continue
            checker.play(config, scenario_id, path)
    _pause_once(checker, ids[0])
    pilot.app.assets.text_log = None
    assert report.runs >= len(ids)
    assert not report.problems, (f"{len(report.problems)} problems in {report.frames} frames "
                                 f"(and {len(checker.fallback)} untranslated scenario texts, which is allowed):\n"
                                 f"{report.summary()}")


def test_the_language_switch_shows_the_other_language_and_goes_round_when_there_are_more(tmp_path, request):
    pilot = Pilot(tmp_path, lang="en", size=SIZE)
    assert pilot.query("lang").text == "中文"                 # two languages: one click to the other
    assert pilot.click("lang") and pilot.app.ctx.lang == "zh" and pilot.query("lang").text == "English"
    assert pilot.click("lang") and pilot.app.ctx.lang == "en"
    code = request.getfixturevalue("pseudo_locale")           # a third language: the switch goes round
    pilot.app.relayout_all()
    seen = []
    for _ in range(3):
        label = pilot.query("lang").text
        assert pilot.click("lang")
        seen.append((label, pilot.app.ctx.lang))
    native = {language.code: language.native for language in available_languages()}
    assert seen == [(native[code], code), ("中文", "zh"), ("English", "en")]
    assert pilot.app.ctx.progress.settings["lang"] == "en"
