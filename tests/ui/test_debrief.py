"""The window's debrief, read as data (text-log entries, columns, widget ids), never as pixels:
the summary is reachable at the smallest window with the largest text, the wheel scrolls the
column under the pointer, a language switch re-renders the whole result, a genuine scenario
played well shows why its messages could be trusted."""

from __future__ import annotations

import json

import pygame
import pytest

from game.engine import FixedPersonas, Session
from game.locale import Translator, format_money, outcome_key
from game.scenario import load_scenario
from game.ui.fit import TextLog
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.settings import SIZES
from tests.conftest import SCENARIOS
from tests.ui.pilot import Pilot

SMALL = (1024, 640)
LARGEST = max(SIZES)


def _pilot(tmp_path, lang: str, text_size: float = LARGEST, size=SMALL) -> Pilot:
    settings = {"text_size": text_size, "lang": lang}
    (tmp_path / "progress.json").write_text(json.dumps({"version": 1, "settings": settings, "scores": {}}))
    return Pilot(tmp_path, lang=lang, size=size)


def _play(scenario, catalog, lang: str, *, flags: dict[str, str] | None = None, choices=(),
          feedback: str = "delayed") -> Session:
    """Play `scenario` to its end. `flags` (message id → flag id) are raised as the messages
    arrive; `choices` are taken in order, then the first safe choice. `flags=None` plays
    perfectly: every message with red flags is flagged with its first one, and nothing else."""
    session = Session(scenario, catalog, seed=3, lang=lang, personas=FixedPersonas(), feedback=feedback)
    carries = {m.id: m.flags for step in scenario.steps.values() for m in step.messages}
    planned = list(choices)
    for _ in range(200):
        session.tick(session.seconds_until_choices())
        if session.ended:
            break
        view = session.view()
        for message in view.messages:
            wanted = carries[message.id][0] if flags is None and carries[message.id] else (flags or {}).get(message.id)
            if message.flaggable and wanted is not None and message.flag is None:
                session.flag(message.id, wanted)
        safe = {c.id: c.safe for c in scenario.steps[view.step_id].choices}
        available = [c.id for c in view.choices if c.available]
        pick = planned.pop(0) if planned else next((c for c in available if safe[c]), available[0])
        session.choose(pick)
    assert session.ended
    return session


def _open(pilot: Pilot, scenario, session: Session) -> DebriefScene:
    pilot.app.replace(DebriefScene(pilot.app, scenario, session))
    pilot.step()
    assert isinstance(pilot.scene, DebriefScene)
    pilot.app.assets.text_log = TextLog()
    return pilot.scene


def _frame(pilot: Pilot, key: int | None = None) -> list:
    """Press `key` (or just step) and return what that frame drew."""
    log = pilot.app.assets.text_log
    log.clear()
    if key is None:
        pilot.step()
    else:
        pilot.press(key)
    return list(log.placed)


def _focus(pilot: Pilot, widget_id: str, *, backwards: bool = False) -> None:
    for _ in range(len(pilot.scene.widgets()) + 1):
        if pilot.scene.focus_id == widget_id:
            return
        pilot.press(pygame.K_TAB, pygame.KMOD_SHIFT if backwards else 0)
    raise AssertionError(f"Tab never reached {widget_id}: {pilot.widget_ids()}")


def _read_column(pilot: Pilot, name: str) -> dict[str, list[str]]:
    """Scroll column `name` from top to bottom with the keyboard; return each key's lines in
    the order they stand, checking that every line drawn lies wholly inside the column."""
    _focus(pilot, f"debrief:{name}")
    column = pilot.scene.column(name)
    seen: dict[tuple[int, int, str], str] = {}
    placed = _frame(pilot, pygame.K_HOME)
    assert column.scroll == 0
    while True:
        for entry in placed:
            if not entry.where.startswith(f"debrief.{name}:"):
                continue
            assert column.view.contains(entry.rect), (entry.where, entry.text, entry.rect, column.view)
            assert entry.shown == entry.text, entry                # a whole line, never cut
            row = entry.rect.top - column.view.top + column.scroll
            seen[(row, entry.rect.left, entry.where.split(":", 1)[1])] = entry.text
        before = column.scroll
        placed = _frame(pilot, pygame.K_PAGEDOWN)
        if column.scroll == before:
            break
    lines: dict[str, list[str]] = {}
    for (_row, _x, key), line in sorted(seen.items()):
        lines.setdefault(key, []).append(line)
    return lines


def _joined(lines: dict[str, list[str]]) -> dict[str, str]:
    return {key: " ".join(value) for key, value in lines.items()}


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("case", ["scammed", "genuine"])
def test_every_summary_figure_is_reachable_at_the_smallest_window_with_the_largest_text(
        tmp_path, tiny, catalog, lang, case):
    if case == "scammed":   # flag one flag-free line, miss the fee demand, pay: money and data are lost
        scenario = tiny
        session = _play(tiny, catalog, lang, flags={"ad_text": "search_ad_lure", "ad_hours": ""},
                        choices=["open_ad", "pay"])
    else:
        scenario = load_scenario(SCENARIOS / "bank_alert_sms.yaml", catalog)
        session = _play(scenario, catalog, lang)
    pilot = _pilot(tmp_path, lang)
    scene = _open(pilot, scenario, session)
    _focus(pilot, "debrief:what_means")
    pilot.press(pygame.K_RETURN)                               # open "What do these mean?"
    assert scene.expanded
    result, tr = scene.result, Translator(lang)
    assert scene.summary.max_scroll > 0, "the summary fits without scrolling: this test proves nothing"
    shown = _joined(_read_column(pilot, "summary"))
    assert bool(result.takeaway) == (case == "scammed")        # the engine draws it from a red flag
    assert list(shown)[:2] == ["outcome", "score"]              # the outcome and the score come first
    figures = ("outcome", "score", "counts", "money", "data", "sdt", "story")
    for key in figures + (("takeaway",) if result.takeaway else ()):
        assert key in shown, (key, sorted(shown))
    assert _flat(shown["outcome"]) == _flat(tr.t(outcome_key(result.outcome, result.loss)))
    assert f"{result.score}/100" in shown["score"]
    signals, noise = result.hits + result.misses, result.false_alarms + result.correct_rejections
    if lang == "en":
        if signals:
            assert f"caught {result.hits} of {signals}" in shown["counts"]
        assert f"suspected {result.false_alarms} of {noise}" in shown["counts"]
    else:
        if signals:
            assert f"共{signals}条，你识破了{result.hits}条" in _flat(shown["counts"])
        assert f"正常消息共{noise}条，你怀疑了其中{result.false_alarms}条" in _flat(shown["counts"])
    if result.loss:
        assert format_money(result.loss, result.currency, lang) in _flat(shown["money"])
    else:
        assert _flat(shown["money"]) == _flat(tr.t("debrief.money_kept"))
    for item in result.given:
        assert _flat(catalog.data_items[item].get(lang)) in _flat(shown["data"])
    assert _flat(result.takeaway) in _flat(shown.get("takeaway", ""))
    assert f"{result.d_prime:.2f}" in shown["sdt"] and f"{result.criterion:.2f}" in shown["sdt"]
    assert _flat(result.ending_debrief) in _flat(shown["story"])
    # The buttons stay on screen whatever the summary's scroll.
    width, height = pilot.app.size
    for widget_id in ("debrief:new_people", "debrief:same_seed", "debrief:picker"):
        assert pygame.Rect(0, 0, width, height).contains(pilot.query(widget_id).rect)
        assert not pilot.query(widget_id).rect.colliderect(scene.summary.panel)


def test_the_wheel_scrolls_the_column_under_the_pointer(tmp_path, catalog):
    scenario = load_scenario(SCENARIOS / "bank_alert_sms.yaml", catalog)
    pilot = _pilot(tmp_path, "en")
    scene = _open(pilot, scenario, _play(scenario, catalog, "en"))
    assert scene.summary.max_scroll > 0 and scene.timeline.max_scroll > 0

    def wheel(column) -> None:
        pygame.mouse.set_pos(column.view.center)
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
        pilot.step()

    wheel(scene.summary)
    assert scene.summary.scroll > 0 and scene.timeline.scroll == 0
    summary_at = scene.summary.scroll
    wheel(scene.timeline)
    wheel(scene.timeline)
    assert scene.timeline.scroll > 0 and scene.summary.scroll == summary_at
    # Page keys scroll the column that has focus.
    _focus(pilot, "debrief:timeline", backwards=True)          # from the buttons, not through the summary
    timeline_at = scene.timeline.scroll
    pilot.press(pygame.K_PAGEDOWN)
    assert scene.timeline.scroll > timeline_at and scene.summary.scroll == summary_at


def test_switching_language_on_the_debrief_renders_the_whole_result_again(tmp_path, tiny, catalog):
    session = _play(tiny, catalog, "en", flags={"ad_text": "too_easy_credit"}, choices=["open_ad", "pay"])
    pilot = _pilot(tmp_path, "en", text_size=1.0, size=(1280, 800))
    scene = _open(pilot, tiny, session)
    assert scene.result == session.result("en")
    assert pilot.click("lang")
    zh = session.result("zh")
    assert scene.result == zh
    placed = _frame(pilot)
    lines = {where: [p.text for p in placed if p.where == where]
             for where in ("debrief.timeline:message", "debrief.timeline:why", "debrief.summary:story")}
    assert all(lines.values()), lines
    messages = "".join(m.text for m in zh.messages)
    whys = "".join(f"{Translator('zh').t('debrief.why')}：{item.why}" for item in zh.debrief)
    story = zh.ending_title + zh.ending_debrief
    for where, source in (("debrief.timeline:message", messages), ("debrief.timeline:why", whys),
                          ("debrief.summary:story", story)):
        for line in lines[where]:
            assert _flat(line) in _flat(source), (where, line)
    english = session.result("en")
    assert not any(_flat(line) in _flat("".join(m.text for m in english.messages))
                   for line in lines["debrief.timeline:message"])
    # Leaving the debrief stops listening for language changes.
    assert scene.on_lang in pilot.app.ctx.listeners
    assert pilot.click("debrief:picker")
    pilot.step()
    assert scene.on_lang not in pilot.app.ctx.listeners


def test_a_genuine_scenario_played_perfectly_shows_why_each_message_could_be_trusted(tmp_path, catalog):
    scenario = load_scenario(SCENARIOS / "bank_alert_sms.yaml", catalog)
    assert scenario.kind == "legit"
    session = _play(scenario, catalog, "en")
    result = session.result("en")
    assert result.false_alarms == 0 and result.misses == 0
    trusted = [item for item in result.debrief if item.kind == "trusted"]
    assert trusted, "a genuine scenario played perfectly must explain its messages"
    pilot = _pilot(tmp_path, "en", text_size=1.0, size=(1280, 800))
    _open(pilot, scenario, session)
    shown = _joined(_read_column(pilot, "timeline"))
    for item in trusted:
        assert _flat(item.why) in _flat(shown["trusted"]), item.why


def test_the_legend_explains_the_marks_and_each_flag_is_marked_honestly(tmp_path, tiny, catalog):
    # ad_text carries two flags: one named (✓), one caught but not named (~); the fee demand is missed (✗).
    session = _play(tiny, catalog, "en", flags={"ad_text": "search_ad_lure"}, choices=["open_ad", "refuse"])
    pilot = _pilot(tmp_path, "en", text_size=1.0, size=(1280, 800))
    _open(pilot, tiny, session)
    shown = _read_column(pilot, "timeline")
    assert {"✓", "~", "✗"} <= {line[0] for line in shown["legend"]}
    names = {f: catalog.red_flags[f].name.en for f in catalog.red_flags}
    flags = shown["flag"]
    assert f"✓ {names['search_ad_lure']}" in flags
    assert f"~ {names['too_easy_credit']}" in flags
    for missed in ("upfront_fee", "urgency_deadline", "personal_payee_account"):
        assert f"✗ {names[missed]}" in flags


def test_keyboard_reaches_the_explanation_and_the_buttons(tmp_path, tiny, catalog):
    pilot = _pilot(tmp_path, "en")
    scene = _open(pilot, tiny, _play(tiny, catalog, "en"))
    assert scene.focus_id == "debrief:new_people"                # the first useful control
    _focus(pilot, "debrief:what_means")
    placed = _frame(pilot, pygame.K_RETURN)
    assert scene.expanded
    assert any(p.where == "debrief.summary:sdt" for p in placed)
    _focus(pilot, "debrief:picker")
    _focus(pilot, "debrief:same_seed")


def test_immediate_feedback_shows_the_scored_flag_and_the_changed_one(tmp_path, tiny, catalog):
    session = Session(tiny, catalog, seed=3, lang="en", personas=FixedPersonas(), feedback="immediate")
    session.tick(session.seconds_until_choices())
    session.flag("ad_hours", "")
    session.unflag("ad_hours")
    session.choose("use_bank")
    result = session.result("en")
    changed = next(m for m in result.messages if m.id == "ad_hours")
    assert (changed.flagged, changed.final_flag) == ("", None)
    pilot = _pilot(tmp_path, "en", text_size=1.0, size=(1280, 800))
    _open(pilot, tiny, session)
    shown = _joined(_read_column(pilot, "timeline"))
    assert "changed" in shown and "no flag" in shown["changed"]
