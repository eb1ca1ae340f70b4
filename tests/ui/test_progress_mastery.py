"""My progress, the Skill and Skill check pages (issue 12), read as data.

The mastery rows are `mastery_of` of the player's attempts and drill answers (weakest first, the
level word from score and confidence), the charts are `trend` per day once the attempts span two
days, the skill check block is `change(before, after)` in words with `Change.verdicts()`, and
every page fits at 1024×640 with large text and at 1280×800, in English and Chinese.
"""

from __future__ import annotations

import pygame
import pytest

from game.locale import Translator
from game.practice import change, grade
from game.records import FILE_NAME, Records, mastery_of, trend
from game.records.mastery import facts_of
from game.ui.fit import TextLog
from game.ui.scenes.progress import ProgressScene
from game.ui.scenes.title import next_line
from tests.ui.pilot import Pilot
from tests.ui.test_records_window import _history, _overlaps


def _n(value: float) -> str:
    """Two decimals, and never "-0.00"."""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def _take(pilot: Pilot, form: str, *, right_every: int) -> list:
    """Answer a whole form through the coach: every `right_every`th answer right, the rest not."""
    coach = pilot.app.ctx.coach
    run = coach.start(form)
    answers = []
    while (item := run.current()) is not None:
        right = run.position % right_every == 0
        said = ("scam" if item.is_scam else "genuine") if right else ("genuine" if item.is_scam else "scam")
        answers.append(run.answer(said, "" if said == "scam" else None, 3 if right else 2))
    return answers


def _open(pilot: Pilot, page: str) -> ProgressScene:
    pilot.step(3)
    assert pilot.click("title:progress")
    pilot.step()
    scene = pilot.scene
    assert isinstance(scene, ProgressScene)
    assert pilot.click(f"progress:tab:{page}")
    pilot.step()
    return scene


def _player_with_history(tmp_path, catalog, scenarios, count: int = 12) -> Pilot:
    pilot = Pilot(tmp_path, seed=2, nickname="Wise Egret")
    player = pilot.recorder.player
    with Records.open(tmp_path / FILE_NAME) as store:
        store.add_many(_history(scenarios, catalog, count, player_id=player.id, nickname=player.nickname))
    return pilot


def test_mastery_rows_are_the_models_tallies_weakest_first(tmp_path, catalog, scenarios):
    pilot = _player_with_history(tmp_path, catalog, scenarios)
    _take(pilot, "drill", right_every=2)                       # drill answers count too
    scene = _open(pilot, "skill")
    ctx = pilot.app.ctx
    playable = ctx.playable()
    expected = mastery_of(pilot.recorder.history(), facts_of(playable.values()), answers=pilot.recorder.practice(),
                          now=scene.mastery.now)
    en = Translator("en")
    texts = {t.where: t.text for t in scene.texts}
    for kind, tallies in (("flags", expected.flags), ("types", expected.types)):
        shown = scene.mastery_shown[kind]
        assert len(shown) >= 3
        assert [t.key for t in shown] == [t.key for t in tallies[:len(shown)]]
        assert [t.score for t in shown] == pytest.approx([t.score for t in tallies[:len(shown)]])
        for number, tally in enumerate(shown, 1):
            name = catalog.red_flags[tally.key].name.get("en") if kind == "flags" else en.t(f"category.{tally.key}")
            key = ("mastery.row_only_lookalikes" if not tally.opportunities else
                   "mastery.row_lookalikes" if tally.lookalikes else "mastery.row")
            assert texts[f"progress:mastery:{kind}:{number}:counts"] == en.t(
                key, name=name, hits=tally.hits, shown=tally.opportunities, kept=tally.lookalikes - tally.false_alarms,
                lookalikes=tally.lookalikes)
            level = "mastered" if tally.mastered else "new" if tally.confidence < 0.5 else "growing"
            assert texts[f"progress:mastery:{kind}:{number}:level"] == en.t(f"mastery.level.{level}")
    assert [score for _, score in scene.bars] == pytest.approx([t.score for t in scene.mastery_shown["flags"]]
                                                              + [t.score for t in scene.mastery_shown["types"]])
    recommendation = ctx.coach.next()
    assert texts["progress:next_head"] == en.t("next.title") and pilot.query("progress:next_play") is not None
    assert texts["progress:next"] == next_line(ctx, recommendation)
    # The charts: per day (the made-up history spans several days).
    assert pilot.click("progress:tab:trends")
    pilot.step()
    points = trend(pilot.recorder.history(), by="day")
    charts = {c.series.key: c.series for c in scene.charts}
    assert scene.trend_by == "day"
    assert list(charts["d_prime"].values) == pytest.approx([p.d_prime for p in points])
    assert list(charts["criterion"].values) == pytest.approx([p.criterion for p in points])
    assert list(charts["false_alarm_rate"].values) == [p.false_alarm_rate for p in points]


def test_the_check_block_is_the_change_from_before_to_after(tmp_path, catalog, scenarios):
    pilot = Pilot(tmp_path, seed=6, nickname="Quick Wren")
    before = _take(pilot, "before", right_every=3)
    scene = _open(pilot, "check")
    en = Translator("en")
    assert {t.where: t.text for t in scene.texts}["progress:check:none"] == en.t("check.only_before")
    pilot.press(pygame.K_ESCAPE)
    after = _take(pilot, "after", right_every=1)
    scene = _open(pilot, "check")
    texts = {t.where: t.text for t in scene.texts}
    expected = change(before, after)
    b, a = expected.before, expected.after
    assert texts["progress:check:d_prime"] == en.t("check.d_prime", before=_n(b.d_prime), after=_n(a.d_prime))
    assert texts["progress:check:criterion"] == en.t("check.criterion", before=_n(b.criterion),
                                                     after=_n(a.criterion))
    assert texts["progress:check:brier"] == en.t("check.brier", before=_n(b.brier), after=_n(a.brier))
    assert texts["progress:check:accuracy"] == en.t("check.accuracy", before=f"{b.accuracy * 100:.0f}%",
                                                    after=f"{a.accuracy * 100:.0f}%")
    verdicts = [texts[w] for w in sorted(w for w in texts if w.startswith("progress:check:verdict:"))]
    assert verdicts == [en.t(key) for key in expected.verdicts()] and verdicts[0] == en.t("check.better")
    for form, measure in (("before", b), ("after", a)):
        lines = [texts[w] for w in sorted(w for w in texts if w.startswith(f"progress:check:calibration:{form}:"))]
        assert lines == [en.t("check.calibration_level", level=en.t(f"drill.confidence.{level.confidence}"),
                              right=level.right, total=level.answers) for level in measure.calibration if level.answers]


def test_nothing_taken_yet_says_how_the_check_works(tmp_path, catalog, scenarios):
    pilot = _player_with_history(tmp_path, catalog, scenarios, count=2)
    scene = _open(pilot, "check")
    assert [(t.where, t.text) for t in scene.texts][1:] == [("progress:check:none", Translator("en").t("check.none"))]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size,scale", [((1024, 640), 1.4), ((1280, 800), 1.0)])
def test_the_skill_pages_fit_without_overlaps(tmp_path, catalog, scenarios, lang, size, scale):
    pilot = Pilot(tmp_path, seed=2, nickname="A very long nickname of thirty-two"[:32], lang=lang, size=size)
    pilot.app.ctx.progress.settings["text_size"] = scale
    pilot.app.apply_settings()
    player = pilot.recorder.player
    with Records.open(tmp_path / FILE_NAME) as store:
        store.add_many(_history(scenarios, catalog, 30, player_id=player.id, nickname=player.nickname))
    _take(pilot, "before", right_every=2)
    _take(pilot, "after", right_every=1)
    problems = []
    for page in ("skill", "check", "trends", "history"):
        scene = _open(pilot, page) if page == "skill" else pilot.scene
        if page != "skill":
            assert pilot.click(f"progress:tab:{page}")
            pilot.step()
        pilot.app.assets.text_log = log = TextLog()
        pilot.step()
        pilot.app.assets.text_log = None
        placed = list(log.placed)
        widgets = scene.widgets()
        problems += [f"{page} outside: {p.where} {p.text!r}" for p in placed if p.rect.width and not p.box.contains(p.rect)]
        problems += [f"{page} cut: {p.where} {p.text!r} → {p.shown!r}" for p in placed if p.truncated]
        problems += [f"{page} overlap: {o}" for o in _overlaps(placed, widgets)]
        screen = pygame.Rect((0, 0), size)
        problems += [f"{page} off screen: {w.id}" for w in widgets if not screen.contains(w.rect)]
        boxes = [c.rect for c in scene.charts] + scene.panels
        problems += [f"{page} chart/panel overlap" for i, a in enumerate(boxes) for b in boxes[i + 1:] if a.colliderect(b)]
        if page == "skill":
            assert len(scene.mastery_shown["flags"]) >= 3 and len(scene.mastery_shown["types"]) >= 3
        if page == "trends":
            assert len(scene.charts) == 3
            problems += [f"{page} {c.series.key}: y labels" for c in scene.charts if len(c.y_labels) != 3]
    assert not problems, "\n".join(problems)
