"""Practice in the window (issue 12): a drill played with the pilot, and what the title offers.

A drill is played through with real clicks and keys: every answer is kept in the records file
with the flag named and how sure the player was, the feedback shown is `feedback(item,
answer)` in words, half the items are genuine, Esc keeps what was answered. The title offers
practice that is due exactly when a card is due (first, as a welcome back, after a week away),
"Continue training" opens the recommended scenario, and a class run with --before-after is
offered the before check first and the after check once it has practised.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pygame
import pytest

from game.locale import Translator
from game.practice import feedback, grade
from game.records import FILE_NAME, Filter, Records
from game.ui.fit import TextLog
from game.ui.scenes.drill import DrillScene
from game.ui.scenes.play import PlayScene
from game.ui.scenes.title import TitleScene, next_line
from tests.ui.pilot import FRAME, Pilot
from tests.ui.test_records_window import _history


def _stamp(days_ago: float) -> str:
    moment = datetime.now(timezone.utc) - timedelta(days=days_ago)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _texts(scene) -> dict[str, str]:
    return {t.where: t.text for t in scene.texts}


def _logged(pilot: Pilot) -> dict[str, str]:
    pilot.app.assets.text_log = log = TextLog()
    pilot.step()
    pilot.app.assets.text_log = None
    return {p.where: p.text for p in log.placed}


def _open_drill(pilot: Pilot) -> DrillScene:
    assert pilot.click("title:practice")
    pilot.step()
    scene = pilot.scene
    assert isinstance(scene, DrillScene) and scene.stage == "intro"
    assert pilot.click("drill:start")
    assert scene.stage == "verdict"
    return scene


def _back_to_title(pilot: Pilot) -> TitleScene:
    """Open the players screen and come back: the title works its figures out again."""
    assert pilot.click("title:player")
    pilot.step()
    pilot.press(pygame.K_ESCAPE)
    pilot.step(3)
    assert isinstance(pilot.scene, TitleScene)
    return pilot.scene


def test_a_drill_played_with_the_pilot_keeps_every_answer_and_shows_its_feedback(tmp_path):
    pilot = Pilot(tmp_path, seed=5, nickname="Keen Owl")
    scene = _open_drill(pilot)
    run = scene.run
    assert sum(not pick.spec.is_scam for pick in run.picks) * 2 == run.total      # half of them genuine
    en = Translator("en")
    given = []
    for index in range(run.total):
        item = scene.item
        assert _texts(scene)["drill:progress"] == en.t("drill.progress", n=index + 1, total=run.total)
        assert "drill:reason" not in _texts(scene)          # why it was picked would give the answer away
        reason = run.reason
        pilot.advance(1.5)                                     # thinking time: kept as seconds
        said = ("scam" if item.is_scam else "genuine") if index % 2 == 0 else ("genuine" if item.is_scam else "scam")
        assert pilot.click(f"drill:{said}")
        named = None
        if said == "scam":
            if index % 4 == 0 and item.reasons:
                named = item.reasons[0].flag
            elif index % 4 in (1, 3):
                named = ""
            assert pilot.click("drill:flag:skip" if named is None else f"drill:flag:{named or 'suspicious'}")
        confidence = index % 3 + 1
        assert pilot.click(f"drill:sure:{confidence}")
        assert scene.stage == "feedback"
        answer = scene.answer
        assert (answer.said, answer.named, answer.confidence) == (said, named, confidence)
        assert 1.5 <= answer.seconds <= 1.5 + 6 * FRAME          # real time from shown to answered
        fb = feedback(item, answer)
        shown = _logged(pilot)
        assert shown["drill:feedback"] == en.t(fb.key, flag=fb.flag_name)
        if item.is_scam:
            assert shown["drill:reason:1:why"] == fb.reasons[0].why == (
                item.reasons[0].why if not answer.named_right else next(r.why for r in item.reasons
                                                                      if r.flag == answer.named))
            assert shown["drill:reason:1:safe"] == fb.reasons[0].safe
            if answer.verdict == "miss":
                assert item.reasons[0].name in shown["drill:feedback"]       # what to look for next time
        elif item.note:
            assert shown["drill:trusted"] == item.note
        assert shown["drill:from"] == en.t("drill.from", title=item.title)
        assert _texts(scene)["drill:reason"] == en.t(f"drill.reason.{reason}")      # said with the feedback
        given.append((item.key, said, named, confidence))
        pilot.press(pygame.K_RETURN)
    assert scene.stage == "done"
    result = run.measure()
    assert _texts(scene)["drill:done"] == en.t("drill.done", right=result.right, total=run.total)
    with Records.open(tmp_path / FILE_NAME) as store:
        kept = store.practice(Filter(player_id=pilot.recorder.player.id))
    assert [(a.item, a.said, a.named if a.said == "scam" else None, a.confidence) for a in kept] == given
    assert {a.form for a in kept} == {"drill"} and len({a.run for a in kept}) == 1


def test_keys_answer_and_esc_keeps_what_was_answered(tmp_path):
    pilot = Pilot(tmp_path, seed=9, nickname="Calm Heron")
    scene = _open_drill(pilot)
    item = scene.item
    pilot.press(pygame.K_1)                                   # scam
    assert scene.stage == "flag"
    pilot.press(pygame.K_0 + len(item.options))               # the last option: just suspicious
    assert scene.stage == "sure"
    pilot.press(pygame.K_2)                                   # fairly sure
    assert scene.stage == "feedback" and scene.answer.named == "" and scene.answer.confidence == 2
    pilot.press(pygame.K_RETURN)
    assert scene.stage == "verdict" and scene.run.position == 1
    pilot.press(pygame.K_2)                                   # genuine: straight to "how sure"
    assert scene.stage == "sure"
    pilot.press(pygame.K_ESCAPE)                              # left in the middle: the first answer is kept
    pilot.step()
    assert isinstance(pilot.scene, TitleScene)
    kept = pilot.recorder.practice()
    assert [(a.item, a.said, a.named, a.confidence) for a in kept] == [(item.key, "scam", "", 2)]


def _keep_answer(pilot: Pilot, *, correct: bool, confidence: int, days_ago: float) -> None:
    coach = pilot.app.ctx.coach
    spec = next(s for s in coach.bank.playable(pilot.app.ctx.region) if s.is_scam)
    item = coach.item(spec)
    answer = grade(item, "scam" if correct else "genuine", None, confidence, run="r1", at=_stamp(days_ago))
    coach.keep([answer])


@pytest.mark.parametrize("correct,confidence,days_ago,due", [(False, 2, 2, True), (False, 2, 0, False),
                                                             (True, 3, 2, False), (True, 1, 3, True)])
def test_the_title_offers_practice_exactly_when_some_is_due(tmp_path, correct, confidence, days_ago, due):
    pilot = Pilot(tmp_path, seed=3, nickname="Bright Crane")
    pilot.step(3)
    assert pilot.query("title:due") is None                   # a new player: nothing due
    assert pilot.query("title:practice") is not None          # practice is always there
    _keep_answer(pilot, correct=correct, confidence=confidence, days_ago=days_ago)
    _back_to_title(pilot)
    minutes = pilot.app.ctx.coach.due_minutes()
    assert (minutes > 0) == due
    widget = pilot.query("title:due")
    assert (widget is not None) == due
    if due:
        assert widget.text == Translator("en").t("title.due", minutes=minutes)
        assert pilot.click("title:due")
        pilot.step()
        assert isinstance(pilot.scene, DrillScene) and pilot.scene.form == "booster"
        assert pilot.scene.run.picks[0].spec.key in pilot.app.ctx.coach.due()


def test_back_after_a_week_the_booster_comes_first(tmp_path):
    pilot = Pilot(tmp_path, seed=3, nickname="Bright Crane")
    _keep_answer(pilot, correct=False, confidence=2, days_ago=9)
    title = _back_to_title(pilot)
    widget = pilot.query("title:due")
    minutes = pilot.app.ctx.coach.due_minutes()
    assert pilot.app.ctx.coach.welcome_back() and minutes > 0
    assert widget.text == Translator("en").t("title.welcome_back", minutes=minutes)
    order = [w.id for w in title.tab_order() if w.id != "title:player"]
    assert order[0] == "title:due" and title.default_focus().id == "title:due"


def test_continue_training_opens_the_recommended_scenario(tmp_path, catalog, scenarios):
    pilot = Pilot(tmp_path, seed=3, nickname="Steady Lynx")
    player = pilot.recorder.player
    with Records.open(tmp_path / FILE_NAME) as store:
        store.add_many(_history(scenarios, catalog, 8, player_id=player.id, nickname=player.nickname))
    _back_to_title(pilot)
    recommendation = pilot.app.ctx.coach.next()
    assert recommendation is not None
    assert pilot.query("title:start_here") is None
    shown = _logged(pilot)
    assert shown["title:continue:why"] == next_line(pilot.app.ctx, recommendation)
    assert pilot.click("title:continue")
    pilot.step()
    assert isinstance(pilot.scene, PlayScene) and pilot.scene.scenario.id == recommendation.scenario


def test_a_class_run_before_and_after_is_offered_the_checks_in_turn(tmp_path):
    pilot = Pilot(tmp_path, seed=4, nickname="Brave Koi")
    pilot.recorder.class_code = "7B"                           # play --class 7B --before-after
    pilot.app.ctx.before_after = True
    title = _back_to_title(pilot)
    assert title.default_focus().id == "title:check_before"
    assert pilot.click("title:check_before")
    pilot.step()
    scene = pilot.scene
    assert isinstance(scene, DrillScene) and scene.form == "before"
    assert _texts(scene)["drill:intro"] == Translator("en").t("drill.intro_check", count=scene.run.total)
    pilot.press(pygame.K_RETURN)                               # Start
    while scene.stage != "done":
        pilot.press(pygame.K_2)
        pilot.press(pygame.K_3)
        pilot.press(pygame.K_RETURN)
    with Records.open(tmp_path / FILE_NAME) as store:           # the class's report finds them
        assert len(store.practice(Filter(class_code="7B"), forms=("before",))) == scene.run.total
    assert pilot.click("drill:title")
    pilot.step(3)
    assert pilot.query("title:check_before") is None and pilot.query("title:check_after") is None   # practise first
    scene = _open_drill(pilot)
    pilot.press(pygame.K_2)
    pilot.press(pygame.K_3)
    pilot.press(pygame.K_ESCAPE)
    pilot.step(3)
    assert isinstance(pilot.scene, TitleScene) and pilot.query("title:check_after") is not None
    assert pilot.scene.default_focus().id == "title:check_after"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size,scale", [((1024, 640), 1.4), ((1280, 800), 1.0)])
def test_every_stage_of_a_drill_fits(tmp_path, lang, size, scale):
    from tests.ui.test_records_window import _overlaps

    pilot = Pilot(tmp_path, seed=11, nickname="Keen Owl", lang=lang, size=size)
    pilot.app.ctx.progress.settings["text_size"] = scale
    pilot.app.apply_settings()
    pilot.app.ctx.coach.rng = random.Random(11)             # the same items (and details) every run
    pilot.step(3)
    assert pilot.click("title:practice")
    pilot.step()
    scene = pilot.scene
    problems = []

    def look(stage: str) -> None:
        pilot.app.assets.text_log = log = TextLog()
        pilot.step()
        pilot.app.assets.text_log = None
        placed = [p for p in log.placed if not p.where.startswith(("phone", "msg", "bubble", "row"))]
        placed = [p for p in placed if p.where.startswith(("drill", "button:drill"))]
        widgets = [w for w in scene.widgets() if w.id.startswith("drill:")]
        problems.extend(f"{stage} outside: {p.where} {p.text!r}" for p in placed
                        if p.rect.width and not p.box.contains(p.rect))
        problems.extend(f"{stage} cut: {p.where} {p.text!r} → {p.shown!r}" for p in placed if p.truncated)
        problems.extend(f"{stage} overlap: {o}" for o in _overlaps(placed, widgets))
        screen = pygame.Rect((0, 0), size)
        problems.extend(f"{stage} off screen: {w.id}" for w in widgets if not screen.contains(w.rect))
        if scene.stage not in ("intro", "done"):
            problems.extend(f"{stage} over the phone: {w.id}" for w in widgets if w.rect.colliderect(scene.phone.rect))

    look("intro")
    pilot.press(pygame.K_RETURN)
    while scene.stage != "done":
        look("verdict")
        pilot.press(pygame.K_1)
        look("flag")
        pilot.press(pygame.K_1)
        look("sure")
        pilot.press(pygame.K_3)
        look(f"feedback {scene.item and scene.answer.item}")
        pilot.press(pygame.K_RETURN)
    look("done")
    assert not problems, "\n".join(problems)
