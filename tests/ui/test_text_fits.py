"""Text always fits (issue point 5): every text the window draws stays inside its box, and what
must be shown is shown whole.

A headless pilot plays every scenario in scenarios/ with the engine's teaching policy (a fixed
path: "scam" in English, "safe" in Chinese with immediate feedback on flags) at 1024×640 with the largest text and at 1280×800
with normal text, in both languages; a share of the scenarios also at 1024×640 with normal text
and at 1280×800 with the largest (the slow variant plays every scenario in every configuration,
both paths). Every message is flagged
through the flag picker (its quote and flag names drawn), every reply is clicked (a transfer
confirmed in its dialog), and the debrief is scrolled from top to bottom in both columns; the
title screen, the scenario picker (scrolled) and the settings are drawn too. In each frame's
`TextLog`: no text outside its box, none sliced by a clip (outside scrolling lists), no button
label outside its button, no "第2天 · 08:53" on two lines; visible messages, every offered reply, every flag name, every debrief
line and every scenario title drawn whole (not cut with "…"). A failure lists the problems by
kind and `where=` label, so the file that draws them is easy to find.

`check_layouts` is also what `make bench` times as `layout_check_s`.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pygame
import pytest

from game.engine.bot import Choose, Flag, Wait
from game.engine.demo import TeachingPolicy
from game.progress import TEXT_SIZES
from game.ui.fit import Placed, TextLog
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.flagmenu import FlagMenuScene
from game.ui.scenes.picker import PickerScene
from game.ui.scenes.play import PlayScene
from game.ui.scenes.settings import SettingsScene
from game.ui.scenes.title import TitleScene
from tests.conftest import SCENARIOS
from tests.ui.pilot import Pilot

SIZES = ((1024, 640), (1280, 800))
SCALES = (1.0, TEXT_SIZES[-1])
LANGS = ("en", "zh")
PATH_OF = {"en": "scam", "zh": "safe"}
FEEDBACK_OF = {"en": "delayed", "zh": "immediate"}    # immediate: a note after each flag (the toast)
SEED = 11
DAY_AND_TIME = re.compile(r"^(第\d+天|Day \d+) · \d\d:\d\d$")
SCROLLING = ("phone.", "picker:")   # texts in a scrolling list or grid: one half scrolled out is fine
MAX_TURNS = 400                 # policy turns per play-through, taps in the reply guard included (a loop would be a bug elsewhere)


@dataclass(frozen=True)
class Config:
    size: tuple[int, int]
    scale: float
    lang: str

    def __str__(self) -> str:
        return f"{self.size[0]}x{self.size[1]} text×{self.scale} {self.lang}"


@dataclass
class Report:
    problems: list[tuple[str, str, str]] = field(default_factory=list)   # (kind, where, detail)
    frames: int = 0
    runs: int = 0

    def add(self, kind: str, where: str, detail: str) -> None:
        self.problems.append((kind, where, detail))

    def summary(self, examples: int = 2) -> str:
        """One line per (kind, where label), with a count and the first examples."""
        counts = Counter((kind, where) for kind, where, _ in self.problems)
        lines = []
        for (kind, where), count in sorted(counts.items()):
            shown = [d for k, w, d in self.problems if (k, w) == (kind, where)][:examples]
            lines.append(f"{kind:<10} {where or '(no where=)':<34} ×{count}: " + " | ".join(shown))
        return "\n".join(lines)


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[:limit - 1] + "…"


class Checker:
    """Steps the pilot one frame at a time, checking each frame's text log."""

    def __init__(self, pilot: Pilot, report: Report) -> None:
        self.pilot = pilot
        self.report = report
        self.log = TextLog()
        pilot.app.assets.text_log = self.log
        self.context = ""

    # -- frames -----------------------------------------------------------------------------
    def frame(self, dt: float | None = None) -> list[Placed]:
        """One frame (of `dt` seconds if given, else the pilot's 1/60 s), then its checks."""
        self.log.clear()
        if dt is None:
            self.pilot.step()
        else:
            self.pilot.app.step(dt)
        self.report.frames += 1
        placed = list(self.log.placed)
        for item in self.log.outside():
            self.report.add("outside", item.where, f"{self.context}: {_short(item.text)} {tuple(item.rect)} "
                                                   f"not in {tuple(item.box)}")
        for item in self.log.clipped():              # scrolling lists may show a part at their edges
            if not item.where.startswith(SCROLLING):
                self.report.add("clipped", item.where, f"{self.context}: {_short(item.text)} {tuple(item.rect)} "
                                                       f"sliced by {tuple(item.clip)}")
        for item in placed:                          # "第2天 · 08:53" / "Day 2 · 08:53" is never split
            if DAY_AND_TIME.match(item.text) and "\n" in item.shown:
                self.report.add("split", item.where, f"{self.context}: {item.text!r} drawn as {item.shown!r}")
        buttons = {w.id: w.rect for scene in self.pilot.app.scenes for w in scene.widgets()}
        for item in placed:
            if item.where.startswith("button:"):
                rect = buttons.get(item.where.split(":", 1)[1])
                if rect is not None and not rect.contains(item.box):
                    self.report.add("overflow", item.where, f"{self.context}: label box {tuple(item.box)} "
                                                            f"outside its button {tuple(rect)}")
        self.check_scene(placed)
        return placed

    def click(self, widget_id: str) -> bool:
        """Tap a widget's centre with real events, in a checked frame. True if it was hit."""
        widget = self.pilot.query(widget_id)
        if widget is None:
            return False
        pos = widget.rect.center
        hit = next((w for w in reversed(self.pilot.scene.widgets()) if w.rect.collidepoint(pos)), None)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
        self.frame()
        return hit is not None and hit.id == widget_id

    def whole(self, placed: list[Placed], text: str) -> bool:
        return any(p.text == text and not p.truncated and p.rect.width > 0 for p in placed)

    def expect_whole(self, placed: list[Placed], text: str, where: str) -> None:
        if self.whole(placed, text):
            return
        cut = next((p for p in placed if p.text == text), None)
        if cut is None:
            self.report.add("missing", where, f"{self.context}: {_short(text)}")
        else:
            self.report.add("cut", cut.where or where, f"{self.context}: {_short(text)} → {_short(cut.shown)}")

    def check_scene(self, placed: list[Placed]) -> None:
        scene = self.pilot.scene
        if isinstance(scene, PlayScene):
            view = scene.view
            texts = {m.id: m.text for m in view.messages}
            for widget in scene.widgets():
                if widget.id.startswith("msg:") and widget.rect.height >= 8:
                    message_id = widget.id.split(":", 1)[1]
                    self.expect_whole(placed, texts.get(message_id, widget.text), "message")
                elif widget.kind == "tray" and not any(p.text == widget.text for p in placed):
                    self.report.add("missing", "play.tray", f"{self.context}: {_short(widget.text)}")
            toast = getattr(scene, "toast", None)     # immediate feedback: (kind, headline, line, seconds)
            if toast:
                for text in toast[1:3]:
                    if text:
                        self.expect_whole(placed, text, "play.toast")
            shown = {w.id for w in scene.widgets()}
            for choice in view.choices:
                widget = scene.widget(f"choice:{choice.id}")
                if f"choice:{choice.id}" not in shown or widget is None:
                    self.report.add("missing", "choice", f"{self.context}: {_short(choice.text)} (no widget)")
                else:
                    self.expect_whole(placed, widget.text, f"button:choice:{choice.id}")
        elif isinstance(scene, FlagMenuScene):
            for widget in scene.widgets():
                if widget.id.startswith("flag_option:"):
                    self.expect_whole(placed, widget.text, f"button:{widget.id}")
            if not any(p.where == "flag_menu.text" and p.shown for p in placed):
                self.report.add("missing", "flag_menu.text", f"{self.context}: no quote of the message")
        elif not isinstance(scene, DebriefScene):
            for widget in scene.widgets():           # any other screen or dialog: its buttons read whole
                if widget.kind == "button" and widget.text and widget.rect.height > 0:
                    self.expect_whole(placed, widget.text, f"button:{widget.id}")

    # -- configuration --------------------------------------------------------------------------
    def configure(self, config: Config) -> None:
        app = self.pilot.app
        app.ctx.lang = config.lang
        app.ctx.progress.settings["lang"] = config.lang
        app.ctx.progress.settings["text_size"] = config.scale
        app.ctx.progress.settings["feedback"] = FEEDBACK_OF[config.lang]
        if app.size != config.size:
            self.pilot.resize(*config.size)
        app.apply_settings()

    # -- screens --------------------------------------------------------------------------------
    def screens(self, config: Config) -> None:
        """The title, the settings and the picker (scrolled to its end): every scenario title whole."""
        app = self.pilot.app
        self.context = f"{config} title"
        app.reset(TitleScene(app))
        self.frame()
        self.context = f"{config} settings"
        app.push(SettingsScene(app))
        self.frame()
        home_region = app.ctx.region
        for region in sorted(app.ctx.catalog.regions):      # each region's picker shows its own scenarios
            app.ctx.region = region
            self.context = f"{config} picker {region}"
            app.reset(PickerScene(app))
            self.frame()
            picker = self.pilot.scene
            seen: set[str] = set()
            for _ in range(40):
                placed = self.frame()
                seen |= {p.text for p in placed if p.where == "picker:title" and not p.truncated}
                before = picker.scroll
                self.pilot.press(pygame.K_PAGEDOWN)
                if picker.scroll == before:
                    break
            for scenario in app.ctx.playable().values():
                title = scenario.title.get(config.lang)
                if title not in seen:
                    self.report.add("cut", "picker:title", f"{config} {region}: {_short(title)} never drawn whole")
        app.ctx.region = home_region

    def play(self, config: Config, scenario_id: str, path: str) -> None:
        """Play one scenario along `path` through the window's own widgets, checking every frame."""
        app = self.pilot.app
        self.context = f"{config} {scenario_id}/{path}"
        app.reset(PlayScene(app, app.ctx.scenarios[scenario_id], seed=SEED))
        self.frame()
        play = self.pilot.scene
        policy = TeachingPolicy(path)
        for _ in range(MAX_TURNS):
            if isinstance(self.pilot.scene, DebriefScene):
                break
            if self.pilot.scene is not play:
                self._close_modal()
                continue
            if play.session.ended:
                self.frame(2.0)             # the last message stays a moment, then the debrief
                continue
            self.context = f"{config} {scenario_id}/{path} step {play.session.step_id}"
            for command in policy.plan(play.session):
                if isinstance(command, Flag):
                    self._flag(play, command)
                elif isinstance(command, Choose):
                    self._choose(play, command.choice_id)
                    break
                elif isinstance(command, Wait):
                    self._wait(play, command.seconds)
                if self.pilot.scene is not play:
                    break
        else:
            self.report.add("stuck", "play", f"{self.context}: no debrief after {MAX_TURNS} turns")
        self.report.runs += 1
        if isinstance(self.pilot.scene, DebriefScene):
            self.debrief(config, scenario_id)

    def _flag(self, play: PlayScene, command: Flag) -> None:
        if not self.click(f"msg:{command.message_id}"):
            play.open_flag_menu(command.message_id)         # scrolled away or in another thread
            self.frame()
        if not isinstance(self.pilot.scene, FlagMenuScene):
            return
        option = f"flag_option:{command.flag_id or 'suspicious'}"
        if not self.click(option):
            self.report.add("missing", "flag_menu", f"{self.context}: {option} not offered")
            self.click("flag_option:cancel")

    def _choose(self, play: PlayScene, choice_id: str) -> None:
        if not self.click(f"choice:{choice_id}"):
            choice = next(c for c in play.view.choices if c.id == choice_id)
            play.take(choice)                               # reported as missing by the frame check
            self.frame()

    def _wait(self, play: PlayScene, seconds: float) -> None:
        """Let `seconds` of game time pass, one frame per arriving message (each is seen arriving)."""
        left = seconds
        while left > 1e-6 and self.pilot.scene is play and not play.session.ended:
            upcoming = play.session.seconds_until_next_message()
            hop = min(left, upcoming) if upcoming > 0 else left
            self.frame(hop / max(play.ctx.speed, 1e-6) + 1e-4)
            left -= hop

    def _close_modal(self) -> None:
        """A dialog the story opened (time's up, a transfer to confirm, the flag picker): read it, go on."""
        ids = self.pilot.widget_ids()
        for target in ("timeup:continue", "dialog:yes", "flag_option:cancel", "pause:resume"):
            if target in ids:
                self.click(target)
                return
        self.pilot.app.pop()
        self.frame()

    def debrief(self, config: Config, scenario_id: str) -> None:
        """Scroll both columns from top to bottom: every line drawn whole at some point."""
        self.context = f"{config} {scenario_id} debrief"
        scene = self.pilot.scene
        drawn: set[tuple[str, str]] = set()
        placed = self.frame()
        for name in ("summary", "timeline"):
            column = scene.column(name)
            scene.scroll(name, -column.height)
            for _ in range(60):
                placed = self.frame()
                drawn |= {(p.where, p.text) for p in placed if not p.truncated}
                before = column.scroll
                scene.scroll(name, max(40, column.view.height - 40))
                column = scene.column(name)
                if column.scroll == before:
                    break
            for line in column.lines:
                if line.text and not any(text == line.text for _, text in drawn):
                    self.report.add("missing", f"debrief.{name}:{line.key}", f"{self.context}: {_short(line.text)}")


def _configs(exhaustive: bool) -> list[tuple[Config, str]]:
    """(config, path) runs. Fast: both extreme configs in both languages for every scenario, and
    the two mixed configs shared out between scenarios. Exhaustive: every config, both paths."""
    runs = []
    for lang in LANGS:
        for size in SIZES:
            for scale in SCALES:
                config = Config(size, scale, lang)
                paths = ("scam", "safe") if exhaustive else (PATH_OF[lang],)
                runs += [(config, path) for path in paths]
    return runs


def check_layouts(home: Path, *, exhaustive: bool = False, scenario_ids: list[str] | None = None,
                  runs: list[tuple[Config, str]] | None = None) -> Report:
    """The whole fit check; returns what went wrong (an empty report when all text fits).
    `scenario_ids` and `runs` ((config, path) pairs) narrow it down."""
    report = Report()
    pilot = Pilot(home, lang="en", size=SIZES[-1])
    pilot.app.ctx.progress.settings["sound"] = False
    pilot.app.apply_settings()
    checker = Checker(pilot, report)
    ids = sorted(scenario_ids or pilot.app.ctx.scenarios)
    extremes = {(SIZES[0], SCALES[-1]), (SIZES[-1], SCALES[0])}
    mixed = [config for config, _ in _configs(False) if (config.size, config.scale) not in extremes]
    for config, path in runs or _configs(exhaustive):
        checker.configure(config)
        checker.screens(config)
        for index, scenario_id in enumerate(ids):
            if not exhaustive and config in mixed and index % 8 != 2 * mixed.index(config) % 8:
                continue                    # the two mixed configs: a quarter of the scenarios each
            checker.play(config, scenario_id, path)
    pilot.app.assets.text_log = None
    return report


def test_every_scenario_fits_at_both_sizes_text_sizes_and_languages(tmp_path):
    started = time.perf_counter()
    report = check_layouts(tmp_path)
    elapsed = time.perf_counter() - started
    assert report.runs >= len(list(SCENARIOS.glob("*.yaml"))) - 1, report.runs    # red_flags.yaml is the catalogue
    assert not report.problems, (f"{len(report.problems)} problems in {report.frames} frames "
                                 f"({elapsed:.0f} s):\n{report.summary()}")


@pytest.mark.slow
def test_every_scenario_fits_in_every_config_and_path(tmp_path):
    report = check_layouts(tmp_path, exhaustive=True)
    assert not report.problems, f"{len(report.problems)} problems:\n{report.summary()}"


def test_the_checker_catches_text_outside_its_box_and_a_missing_reply(tmp_path, monkeypatch):
    """The check itself can fail: a label drawn past its box and a reply that is not drawn."""
    from game.ui import fit as fit_module
    from game.ui.scenes import play as play_module

    real = fit_module.draw_text

    def overflowing(surface, assets, text, size, color, box, **options):
        taken = real(surface, assets, text, size, color, box, **options)
        if options.get("where") == "play.what_now" and assets.text_log is not None:
            assets.text_log.placed[-1].rect = taken.inflate(40, 0)
        return taken

    monkeypatch.setattr(play_module, "draw_text", overflowing)
    real_draw_button = play_module.draw_button
    monkeypatch.setattr(play_module, "draw_button",
                        lambda surface, assets, theme, widget, **kw: None if widget.id.startswith("choice:")
                        else real_draw_button(surface, assets, theme, widget, **kw))
    report = check_layouts(tmp_path, scenario_ids=["bank_alert_sms"], runs=[(Config((1024, 640), 1.0, "en"), "scam")])
    kinds = {(kind, where.split(":")[0]) for kind, where, _ in report.problems}
    assert ("outside", "play.what_now") in kinds, report.summary()
    assert any(kind == "missing" and where.startswith("button:choice") for kind, where, _ in report.problems), \
        report.summary()
