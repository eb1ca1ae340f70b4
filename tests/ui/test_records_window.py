"""Results in the window (issue 9): who's playing, every finished attempt kept, and "My progress".

Two players share one window: what A plays is A's (kept in the records, counted in A's
played/best, shown in A's progress), B starts with nothing; a demo run is kept as "demo" and
counts for no one; a garbage records file is moved aside and the player is told once; a
nickname is typed as SDL delivers text (TEXTINPUT, an input method's TEXTEDITING, Backspace,
Enter). The progress screen is read as data — its Summary, the charts' series and points, the
text log — at 1 attempt and at 300, in both languages and at both window sizes.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pygame
import pytest

from game.engine import FixedPersonas, RandomPolicy, Session, walk
from game.locale import Translator, format_money
from game.records import FILE_NAME, Filter, Records, attempt_of
from game.ui.autoplay import start_demo
from game.ui.fit import Placed, TextLog
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.picker import START_HERE, PickerScene
from game.ui.scenes.play import PlayScene
from game.ui.scenes.players import FIELD, MAX_NICKNAME, PlayersScene
from game.ui.scenes.progress import ProgressScene
from game.ui.scenes.title import TitleScene
from tests.ui.pilot import FRAME, Pilot

SUSPICIOUS = "subsidy_link"             # the guided first scenario's message to flag


# -- helpers --------------------------------------------------------------------------------------

def _logged(pilot: Pilot) -> list[Placed]:
    """What one frame draws."""
    pilot.app.assets.text_log = log = TextLog()
    pilot.step()
    pilot.app.assets.text_log = None
    return list(log.placed)


def _texts(pilot: Pilot, where: str) -> list[str]:
    return [p.text for p in _logged(pilot) if p.where == where or p.where.startswith(where + ":")]


def _play_start_here(pilot: Pilot) -> None:
    """Play the guided first scenario with the mouse, as test_first_time does: flag the link, ask
    the group, thank them; the debrief follows."""
    assert pilot.click("title:start_here")
    pilot.step()
    assert isinstance(pilot.scene, PlayScene) and pilot.scene.scenario.id == START_HERE
    assert pilot.wait_for_choices()
    assert pilot.click(f"msg:{SUSPICIOUS}")
    assert pilot.click("flag_option:unknown_link_qr_apk")
    assert pilot.click("choice:ask_group")
    pilot.step()
    assert pilot.wait_for_choices()
    assert pilot.click("choice:thank_them")
    pilot.advance(2.0)
    assert isinstance(pilot.scene, DebriefScene)


def _to_title(pilot: Pilot) -> None:
    assert pilot.click("debrief:picker")
    pilot.step()
    assert isinstance(pilot.scene, PickerScene)
    pilot.press(pygame.K_ESCAPE)
    pilot.step()
    assert isinstance(pilot.scene, TitleScene)


def _switch_to(pilot: Pilot, nickname: str) -> None:
    """Title → players → the nickname (an existing player's button, or typed as a new one)."""
    assert pilot.click("title:player")
    pilot.step()
    assert isinstance(pilot.scene, PlayersScene)
    button = next((w for w in pilot.scene.widgets() if w.data.get("nickname") == nickname), None)
    if button is not None:
        assert pilot.click(button.id)
    else:
        assert pilot.click(FIELD)
        pilot.type(nickname)
        pilot.press(pygame.K_RETURN)
    pilot.step()
    assert isinstance(pilot.scene, TitleScene)


def _history(scenarios, catalog, count: int, *, player_id: str, nickname: str, seed: int = 7) -> list:
    """`count` real attempts (the random bot plays a random scenario in a random region of it),
    a few hours apart, oldest first."""
    rng = random.Random(seed)
    ids = sorted(scenarios)
    made = []
    for number in range(count):
        scenario = scenarios[ids[rng.randrange(len(ids))]]
        session = Session(scenario, catalog, seed=rng.randrange(1 << 30), lang="en", personas=FixedPersonas(),
                          region=rng.choice(scenario.regions))
        walk(session, policy=RandomPolicy(rng, flag_rate=0.2 + 0.6 * number / max(1, count)))
        moment = datetime(2026, 1, 1, 8, tzinfo=timezone.utc) + timedelta(hours=5 * number)
        stamp = moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        made.append(attempt_of(session, player_id=player_id, nickname=nickname, started_at=stamp,
                               finished_at=stamp, attempt_id=f"00000000-0000-4000-8000-{seed:04x}{number:08x}"))
    return made


# -- two players, one window ----------------------------------------------------------------------

def test_two_players_keep_their_own_results_and_progress(tmp_path):
    pilot = Pilot(tmp_path, seed=5, nickname="Quiet Otter")
    assert _texts(pilot, "button:title:player") == ["Playing as Quiet Otter · Change"]
    otter = pilot.recorder.player
    _play_start_here(pilot)
    result = pilot.scene.result

    with Records.open(tmp_path / FILE_NAME) as store:               # what the store holds, read on its own
        kept = store.attempts(Filter(player_id=otter.id, include_demo=True))
    assert len(kept) == 1
    attempt = kept[0]
    assert (attempt.mode, attempt.scenario, attempt.score, attempt.nickname) == ("play", START_HERE, result.score,
                                                                                 "Quiet Otter")
    assert attempt.hits == result.hits == 1 and attempt.outcome == result.outcome
    assert attempt.started_at < attempt.finished_at                 # the scene's start, not the end, twice
    assert pilot.progress.scores == {START_HERE: {"played": 1, "best": result.score}}

    # The debrief leads to "My progress", which already has this attempt.
    assert pilot.click("debrief:progress")
    pilot.step()
    assert isinstance(pilot.scene, ProgressScene)
    assert pilot.scene.summary.attempts == 1
    pilot.press(pygame.K_ESCAPE)
    pilot.step()
    assert isinstance(pilot.scene, DebriefScene)

    _to_title(pilot)
    assert "title:start_here" not in pilot.widget_ids()             # Otter has played it
    _switch_to(pilot, "Keen Badger")
    assert pilot.recorder.player.nickname == "Keen Badger" and pilot.recorder.player.id != otter.id
    assert pilot.progress.settings["player"] == "Keen Badger"
    assert pilot.progress.player_id == pilot.recorder.player.id
    assert pilot.progress.scores == {}                              # B's own: nothing yet
    assert "title:start_here" in pilot.widget_ids()                 # …so the guided start is offered again
    assert _texts(pilot, "button:title:player") == ["Playing as Keen Badger · Change"]
    assert pilot.click("title:progress")
    pilot.step()
    assert pilot.scene.summary.attempts == 0
    assert _texts(pilot, "progress:none") == ["Keen Badger has no attempts yet. Play a scenario, then look again."]
    assert pilot.scene.charts == []
    pilot.press(pygame.K_ESCAPE)
    pilot.step()

    # Back to A. The list: the most recent first (B, made after A's attempt), B marked as playing.
    assert pilot.click("title:player")
    pilot.step()
    listed = [(w.data["nickname"], w.data["current"]) for w in pilot.scene.widgets() if "nickname" in w.data]
    assert listed == [("Keen Badger", True), ("Quiet Otter", False)]
    assert "Keen Badger · playing now" in _texts(pilot, "button:player")
    pilot.press(pygame.K_ESCAPE)
    pilot.step()
    _switch_to(pilot, "Quiet Otter")
    assert pilot.progress.scores == {START_HERE: {"played": 1, "best": result.score}}
    assert pilot.click("title:progress")
    pilot.step()
    scene = pilot.scene
    assert scene.summary.attempts == 1 and scene.summary.best == result.score
    series = {chart.series.key: chart.series for chart in scene.charts}
    assert series["score"].values == (float(result.score),)
    assert series["d_prime"].values == (pytest.approx(result.d_prime),)
    noise = result.false_alarms + result.correct_rejections
    assert series["false_alarm_rate"].values == ((result.false_alarms / noise) if noise else None,)
    drawn = _texts(pilot, "progress:summary")
    assert drawn == [Translator("en").t("progress.summary", attempts=1, scenarios=1, best=result.score)]
    assert _texts(pilot, "topbar.title") == ["My progress: Quiet Otter"]


def test_the_settings_remember_who_played_last(tmp_path):
    pilot = Pilot(tmp_path, nickname="Calm Heron")
    _switch_to(pilot, "Wise Owl")
    again = Pilot(tmp_path, nickname="Calm Heron")                  # the next start, same computer
    assert again.recorder.player.nickname == "Wise Owl"
    assert _texts(again, "button:title:player") == ["Playing as Wise Owl · Change"]


def test_each_player_resumes_only_their_own_unfinished_scenario(tmp_path):
    pilot = Pilot(tmp_path, scenario="pig_butchering", seed=21, nickname="Swift Falcon")
    pilot.wait_for_choices()
    pilot.close()                                                   # mid-scenario: kept for Swift Falcon
    again = Pilot(tmp_path, nickname="someone else")                # the settings remember who played
    assert again.recorder.player.nickname == "Swift Falcon"
    assert "title:resume" in again.widget_ids()
    _switch_to(again, "Bright Magpie")
    assert "title:resume" not in again.widget_ids()
    _switch_to(again, "Swift Falcon")
    assert "title:resume" in again.widget_ids()
    assert again.click("title:resume")
    again.step()
    assert isinstance(again.scene, PlayScene) and again.scene.session.seed == 21


def test_demo_runs_are_kept_as_demo_and_count_for_no_one(tmp_path):
    pilot = Pilot(tmp_path, scenario=START_HERE, seed=3, speed=10.0, nickname="Sharp Lynx")
    demo = start_demo(pilot.app, "safe")
    for _ in range(60 * 600):
        demo.step(FRAME)
        if isinstance(pilot.scene, DebriefScene):
            break
    assert isinstance(pilot.scene, DebriefScene)
    with Records.open(tmp_path / FILE_NAME) as store:
        everything = store.attempts(Filter(include_demo=True))
        counted = store.attempts(Filter())
    assert [a.mode for a in everything] == ["demo"] and counted == []
    assert pilot.recorder.history() == [] and pilot.recorder.scores() == {}
    assert START_HERE not in pilot.progress.scores                  # played/best leave it out too
    pilot.app.reset(TitleScene(pilot.app))
    pilot.step()
    assert "title:start_here" in pilot.widget_ids()


# -- the records file -----------------------------------------------------------------------------

def test_a_garbage_records_file_is_moved_aside_and_the_player_told_once(tmp_path):
    (tmp_path / FILE_NAME).write_bytes(b"this is not a database at all\x00" * 40)
    pilot = Pilot(tmp_path, nickname="Brave Crane", seed=5)
    aside = pilot.recorder.aside
    assert aside and (tmp_path / aside).is_file()
    told = _texts(pilot, "title:notice")
    assert told == [Translator("en").t("records.moved_aside", name=aside)]
    assert aside in told[0]
    assert pilot.click("title:notice_ok")
    pilot.step()
    assert _texts(pilot, "title:notice") == [] and "title:notice_ok" not in pilot.widget_ids()
    assert pilot.click("title:settings")                             # away and back: not told again
    pilot.step()
    pilot.press(pygame.K_ESCAPE)
    pilot.step()
    assert isinstance(pilot.scene, TitleScene) and _texts(pilot, "title:notice") == []
    _play_start_here(pilot)                                          # and the fresh file keeps results
    assert len(pilot.recorder.history()) == 1


def test_results_that_cannot_be_kept_are_said_and_play_goes_on(tmp_path):
    blocked = tmp_path / "no-such-folder" / "file"
    blocked.parent.write_text("a file where a folder should be")
    pilot = Pilot(tmp_path, nickname="Brave Crane", seed=5, records=blocked / FILE_NAME)
    assert pilot.recorder.error
    assert _texts(pilot, "title:notice") == [Translator("en").t("records.unavailable", reason=pilot.recorder.error)]
    _play_start_here(pilot)
    assert any(p.where == "debrief.summary:records" for p in _logged(pilot))
    assert pilot.progress.scores[START_HERE]["played"] == 1          # counted for this window all the same


# -- typing a nickname ----------------------------------------------------------------------------

def _players(tmp_path, **options) -> Pilot:
    pilot = Pilot(tmp_path, **options)
    assert pilot.click("title:player")
    pilot.step()
    assert isinstance(pilot.scene, PlayersScene)
    return pilot


def test_a_nickname_is_typed_erased_and_entered(tmp_path):
    pilot = _players(tmp_path, nickname="Calm Heron")
    scene = pilot.scene
    suggestion = scene.text
    assert suggestion and suggestion != "Calm Heron"                 # a fresh suggestion, not a taken name
    assert any(p.text == "A nickname, not your real name. Nothing else about you is asked for." for p in _logged(pilot))
    assert pilot.click("players:suggest")
    assert scene.text != "Calm Heron"
    assert pilot.click(FIELD) and scene.focus_id == FIELD
    pilot.type("Ana")                                                # typing replaces the suggestion
    assert scene.text == "Ana"
    # A key that also types (F flags elsewhere, Space activates, a digit chooses) only types here.
    for key, char in ((pygame.K_f, "f"), (pygame.K_SPACE, " "), (pygame.K_3, "3")):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=char, scancode=0))
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
        pilot.step()
    assert scene.text == "Anaf 3" and isinstance(pilot.scene, PlayersScene)
    pilot.press(pygame.K_BACKSPACE)
    pilot.press(pygame.K_BACKSPACE)
    assert scene.text == "Anaf"
    # Chinese through an input method: the composition shows, then the committed text arrives.
    pygame.event.post(pygame.event.Event(pygame.TEXTEDITING, text="xiao", start=4, length=0))
    pilot.step()
    assert scene.composing == "xiao" and "Anafxiao" in _texts(pilot, "players:field")
    pilot.press(pygame.K_BACKSPACE)                                  # the input method's, not ours
    assert scene.text == "Anaf"
    pygame.event.post(pygame.event.Event(pygame.TEXTEDITING, text="", start=0, length=0))
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="小明"))
    pilot.step()
    assert scene.text == "Anaf小明" and scene.composing == ""
    pilot.press(pygame.K_RETURN)
    pilot.step()
    assert isinstance(pilot.scene, TitleScene)
    assert pilot.recorder.player.nickname == "Anaf小明"
    assert [p.nickname for p in pilot.recorder.players()] == ["Anaf小明", "Calm Heron"]


def test_a_bad_nickname_is_refused_with_a_reason(tmp_path):
    pilot = _players(tmp_path, nickname="Calm Heron")
    scene = pilot.scene
    pilot.click(FIELD)
    pilot.type("!!!")
    pilot.press(pygame.K_RETURN)
    assert isinstance(pilot.scene, PlayersScene)
    assert _texts(pilot, "players:hint") == [Translator("en").t("player.bad_nickname")]
    pilot.press(pygame.K_BACKSPACE)                                  # editing clears the complaint
    assert _texts(pilot, "players:hint") == [Translator("en").t("player.field_hint")]
    while scene.text:
        pilot.press(pygame.K_BACKSPACE)
    pilot.type("ana@example.org")
    pilot.press(pygame.K_RETURN)
    assert isinstance(pilot.scene, PlayersScene)
    assert _texts(pilot, "players:hint") == [Translator("en").t("player.no_email")]
    while scene.text:
        pilot.press(pygame.K_BACKSPACE)
    pilot.type("x" * 40)
    assert scene.text == "x" * MAX_NICKNAME
    assert [p.nickname for p in pilot.recorder.players()] == ["Calm Heron"]


def test_typing_anywhere_on_the_players_screen_goes_to_the_nickname(tmp_path):
    pilot = _players(tmp_path, nickname="Calm Heron")
    assert pilot.scene.focus_id != FIELD                           # the player playing now is focused
    pilot.type("Mo")
    assert pilot.scene.focus_id == FIELD and pilot.scene.text == "Mo"


def test_the_players_screen_pages_through_many_players(tmp_path):
    records = _add_players(tmp_path, 40)
    pilot = _players(tmp_path, nickname="Player 00")
    current = [w for w in pilot.scene.widgets() if w.data.get("current")]
    assert [w.data["nickname"] for w in current] == ["Player 00"]   # opens on the page of the one playing now
    assert pilot.scene.focus_id == current[0].id
    while pilot.query("players:earlier").enabled:
        assert pilot.click("players:earlier")
    seen: list[str] = []
    for _ in range(40):
        seen += [w.data["nickname"] for w in pilot.scene.widgets() if "nickname" in w.data]
        more = pilot.query("players:more")
        if more is None or not more.enabled:
            break
        assert pilot.click("players:more")
    assert sorted(seen) == sorted(records) and len(seen) == len(set(seen))


def _add_players(home, count: int) -> list[str]:
    """`count` players in the records file of `home` ("Player 00"…)."""
    names = [f"Player {n:02d}" for n in range(count)]
    with Records.open(home / FILE_NAME) as store:
        for name in names:
            store.player(name)
    return names


# -- My progress ----------------------------------------------------------------------------------

@pytest.mark.parametrize("count", [1, 6, 300])
def test_my_progress_shows_every_attempt_as_data(tmp_path, catalog, scenarios, count):
    pilot = Pilot(tmp_path, nickname="Patient Hare")
    player = pilot.recorder.player
    made = _history(scenarios, catalog, count, player_id=player.id, nickname=player.nickname)
    demo = replace(made[0], id="00000000-0000-4000-8000-ffffffffffff", mode="demo", score=100)
    with Records.open(tmp_path / FILE_NAME) as store:
        store.add_many(made + [demo])
    assert pilot.click("title:progress")
    pilot.step()
    scene = pilot.scene
    assert isinstance(scene, ProgressScene)
    assert scene.summary.attempts == count                          # the demo run left out
    series = {chart.series.key: chart for chart in scene.charts}
    assert [p for p in series["score"].series.values] == [float(a.score) for a in made]
    assert list(series["d_prime"].series.values) == [pytest.approx(a.d_prime) for a in made]
    assert list(series["false_alarm_rate"].series.values) == [a.false_alarm_rate for a in made]
    for chart in scene.charts:
        assert len(chart.points) == count
        assert all(chart.plot.collidepoint(p) for p in chart.points if p is not None)
        assert [label.text for label in chart.x_labels] == (["1", str(count)] if count > 1 else ["1"])
    assert [label.text for label in series["score"].y_labels] == ["100", "50", "0"]
    assert [label.text for label in series["false_alarm_rate"].y_labels] == ["100%", "50%", "0%"]
    best = max(a.score for a in made)
    placed = _logged(pilot)
    text = {p.where: p.text for p in placed}
    assert text["progress:summary"] == Translator("en").t("progress.summary", attempts=count,
                                                           scenarios=len({a.scenario for a in made}), best=best)
    ordered = sorted(made, key=lambda a: a.finished_at)
    if count >= 6:
        first = sum(a.score for a in ordered[:3]) / 3
        last = sum(a.score for a in ordered[-3:]) / 3
        assert text["progress:trend"] == Translator("en").t("progress.trend", first=f"{first:.0f}", last=f"{last:.0f}")
    else:
        assert "progress:trend" not in text
    # Red flags by their catalogue names; the most caught and the most missed first.
    caught = [p.text for p in placed if p.where.startswith("progress:caught:")]
    summary = scene.summary
    if summary.caught_most:
        top = summary.caught_most[0]
        name = catalog.red_flags[top.flag_id].name.get("en")
        assert caught[0] == f"{name}: caught {top.caught} of {top.shown}"
        assert scene.flags_shown["caught"][0] == top.flag_id
    else:
        assert caught == ["None caught yet."]
    if summary.missed_most:
        assert scene.flags_shown["missed"][0] == summary.missed_most[0].flag_id
    lost: dict[str, object] = {}
    for attempt in made:
        if attempt.loss:
            lost[attempt.currency] = lost.get(attempt.currency, 0) + attempt.loss
    if lost:
        for currency, amount in lost.items():
            assert format_money(amount, currency, "en") in text["progress:lost"]
    else:
        assert text["progress:lost"] == Translator("en").t("progress.never_lost")


def test_my_progress_speaks_the_current_language(tmp_path, catalog, scenarios):
    pilot = Pilot(tmp_path, nickname="Keen Owl", lang="zh")
    player = pilot.recorder.player
    made = _history(scenarios, catalog, 12, player_id=player.id, nickname=player.nickname)
    with Records.open(tmp_path / FILE_NAME) as store:
        store.add_many(made)
    assert pilot.click("title:progress")
    pilot.step()
    scene = pilot.scene
    placed = _logged(pilot)
    names = {f.name.get("zh") for f in catalog.red_flags.values()}
    listed = [p.text for p in placed if p.where.startswith(("progress:caught:", "progress:missed:"))]
    assert listed and all(text.split("：")[0] in names for text in listed)
    assert [c.series.title for c in scene.charts] == ["得分", "d′", "误报率"]
    pilot.click("lang")                                             # switched: laid out again in English
    pilot.step()
    listed = [p.text for p in _logged(pilot) if p.where.startswith("progress:caught:")]
    assert listed and all(text.split(":")[0] in {f.name.get("en") for f in catalog.red_flags.values()}
                          for text in listed)


# -- it fits ---------------------------------------------------------------------------------------

def _overlaps(placed: list[Placed], widgets) -> list[str]:
    """Texts drawn over one another, or over a button they do not belong to."""
    found = []
    texts = [p for p in placed if p.rect.width and p.rect.height]
    for index, a in enumerate(texts):
        for b in texts[index + 1:]:
            if a.rect.colliderect(b.rect):
                found.append(f"{a.where} {a.text!r} × {b.where} {b.text!r}")
    for p in texts:
        for widget in widgets:
            if widget.kind in ("button", "input") and widget.rect.colliderect(p.rect) \
                    and p.where not in (f"button:{widget.id}", "players:field"):
                found.append(f"{p.where} {p.text!r} over {widget.id}")
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size,scale", [((1024, 640), 1.4), ((1280, 800), 1.0), ((1024, 640), 1.0),
                                        ((1280, 800), 1.4)])
def test_players_and_progress_fit_without_overlaps(tmp_path, catalog, scenarios, lang, size, scale):
    names = _add_players(tmp_path, 9) + ["敏锐的猎鹰", "A very long nickname of thirty-two"[:32]]
    with Records.open(tmp_path / FILE_NAME) as store:
        for name in names[-2:]:
            store.player(name)
    pilot = Pilot(tmp_path, nickname="A very long nickname of thirty-two"[:32], lang=lang, size=size)
    pilot.app.ctx.progress.settings["text_size"] = scale
    pilot.app.apply_settings()
    player = pilot.recorder.player
    with Records.open(tmp_path / FILE_NAME) as store:
        store.add_many(_history(scenarios, catalog, 40, player_id=player.id, nickname=player.nickname))
    problems = []
    for opened in ("title:player", "title:progress"):
        pilot.app.reset(TitleScene(pilot.app))
        pilot.step()
        assert pilot.click(opened)
        pilot.step()
        placed = _logged(pilot)
        where = type(pilot.scene).__name__
        widgets = pilot.scene.widgets()
        problems += [f"{where} outside: {p.where} {p.text!r}" for p in placed if p.rect.width and not p.box.contains(p.rect)]
        problems += [f"{where} cut: {p.where} {p.text!r} → {p.shown!r}" for p in placed if p.truncated]
        problems += [f"{where} overlap: {o}" for o in _overlaps(placed, widgets)]
        screen = pygame.Rect((0, 0), size)
        problems += [f"{where} off screen: {w.id}" for w in widgets if not screen.contains(w.rect)]
        for index, a in enumerate(widgets):
            problems += [f"{where} widgets overlap: {a.id} × {b.id}" for b in widgets[index + 1:]
                         if a.rect.colliderect(b.rect)]
        if isinstance(pilot.scene, ProgressScene):
            boxes = [c.rect for c in pilot.scene.charts] + pilot.scene.panels
            problems += [f"{where} chart/panel overlap" for i, a in enumerate(boxes) for b in boxes[i + 1:]
                         if a.colliderect(b)]
            problems += [f"{where} {t.where} over a chart or panel" for t in pilot.scene.texts
                         for box in boxes if box.colliderect(t.box) and not t.where.startswith(
                             ("progress:caught", "progress:missed"))]
            assert len(pilot.scene.flags_shown["caught"]) + len(pilot.scene.flags_shown["missed"]) >= 2
            for chart in pilot.scene.charts:                        # tall enough for its three y labels
                problems += [f"{where} {chart.series.key}: y labels {[l.text for l in chart.y_labels]}"] \
                    if len(chart.y_labels) != 3 else []
    assert not problems, "\n".join(problems)
