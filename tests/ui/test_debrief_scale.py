"""A debrief of 1,000 messages: its items are grouped by message once per result, a frame looks
only at the lines in view, and every red flag of the session is shown exactly once (issue 13:
0.3 s a frame, the items grouped by re-scanning). Work is counted, never timed."""

from __future__ import annotations

import pygame
import pytest

from game import debrief_lines
from game.debrief_lines import flag_mark
from game.engine import FixedPersonas, Session
from game.locale import Translator
from game.ui.fit import TextLog
from game.ui.scenes import debrief as debrief_module
from game.ui.scenes.debrief import DebriefScene
from tests.conftest import scenario_from_text

from .pilot import Pilot

MESSAGES = 1000
PER_STEP = 200                # a step holds at most 200 messages
FLAGS = ("too_easy_credit", "search_ad_lure", "upfront_fee", "urgency_deadline", "personal_payee_account")


def many_messages_text(count: int = MESSAGES) -> str:
    """A scenario of `count` messages in steps of `PER_STEP`: a third carry one red flag, a third
    two, a third none (with a note on why they are fine)."""
    steps = -(-count // PER_STEP)
    out = ["format: 1", "id: many_messages", "kind: scam", "category: fake_loan", "difficulty: 1",
           'title: {en: "Many messages", zh: "很多消息"}',
           'summary: {en: "A long chat.", zh: "很长的聊天。"}', 'sources: ["Test fixture"]',
           "cast:", "  agent:", "    role: scammer", "    name: name", "start: s0", "steps:"]
    n = 0
    for step in range(steps):
        out += [f"  s{step}:", "    channel: chat", "    messages:"]
        for _ in range(min(PER_STEP, count - n)):
            out += [f"      - id: m{n}", "        from: agent",
                    f'        text: {{en: "Message {n}.", zh: "第{n}条。"}}']
            if n % 3 == 0:
                out.append(f"        flags: [{FLAGS[n % 5]}]")
            elif n % 3 == 1:
                out.append(f"        flags: [{FLAGS[n % 5]}, {FLAGS[(n + 1) % 5]}]")
            else:
                out.append(f'        note: {{en: "Fine {n}.", zh: "没问题{n}。"}}')
            n += 1
        after = f"s{step + 1}" if step + 1 < steps else "done"
        out += ["    choices:", f"      - id: on{step}", '        text: {en: "Go on", zh: "继续"}',
                f"        to: {after}"]
    out += ["endings:", "  done:", "    outcome: safe", '    debrief: {en: "Done.", zh: "完了。"}']
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def long_session(catalog):
    """Played through: every fourth message flagged "suspicious", every fifth named with its first
    red flag (or, without one, a false alarm)."""
    scenario = scenario_from_text(many_messages_text(), catalog)
    session = Session(scenario, catalog, seed=5, lang="en", personas=FixedPersonas())
    while not session.ended:
        session.tick(session.seconds_until_choices())
        if session.ended:
            break
        view = session.view()
        carries = {m.id: m.flags for m in scenario.steps[view.step_id].messages}
        for message in view.messages:
            number = int(message.id[1:])
            if not message.flaggable or message.flag is not None or message.id not in carries:
                continue
            if number % 5 == 0:
                session.flag(message.id, carries[message.id][0] if carries[message.id] else "upfront_fee")
            elif number % 4 == 0:
                session.flag(message.id, "")
        session.choose(view.choices[0].id)
    return scenario, session


def _open(tmp_path, scenario, session) -> tuple[Pilot, DebriefScene]:
    pilot = Pilot(tmp_path, nickname=None)
    pilot.app.replace(DebriefScene(pilot.app, scenario, session))
    pilot.step()
    assert isinstance(pilot.scene, DebriefScene)
    return pilot, pilot.scene


def test_every_red_flag_of_a_1000_message_debrief_is_shown_exactly_once(tmp_path, long_session, catalog):
    scenario, session = long_session
    result = session.result("en")
    assert len(result.messages) == MESSAGES
    pilot, scene = _open(tmp_path, scenario, session)
    timeline = scene.timeline
    names, tr = {f: flag.name.en for f, flag in catalog.red_flags.items()}, Translator("en")
    expected: dict[str, list[str]] = {}
    for item in result.debrief:              # a red flag repeated is named "× N" where it first appears
        if item.kind == "red_flag":
            name = names[item.flag_id]
            name = tr.t("debrief.times", name=name, count=item.occurrences) if item.occurrence == 1 < item.occurrences \
                else name
            expected.setdefault(item.message_id, []).append(f"{flag_mark(item)} {name}")
    laid: dict[str, list[str]] = {}
    for line in timeline.lines:
        if line.key == "flag":
            laid.setdefault(line.ref, []).append(line.text)
    assert laid == expected
    assert sum(map(len, laid.values())) == sum(len(m.flags) for m in result.messages) == 1000
    assert [line.ref for line in timeline.lines if line.key == "message"] == [m.id for m in result.messages]
    # Scrolled from top to bottom with the keyboard, every flag line is drawn (inside the column).
    flag_rows = {line.y for line in timeline.lines if line.key == "flag"}
    drawn: set[int] = set()
    log = pilot.app.assets.text_log = TextLog()
    while pilot.scene.focus_id != "debrief:timeline":
        pilot.press(pygame.K_TAB)
    key, before = pygame.K_HOME, None
    while timeline.scroll != before:
        log.clear()
        before = timeline.scroll if key == pygame.K_PAGEDOWN else None
        pilot.press(key)
        key = pygame.K_PAGEDOWN
        for entry in log.at("debrief.timeline:flag"):
            assert timeline.view.contains(entry.rect)
            drawn.add(entry.rect.top - timeline.view.top + timeline.scroll)
    assert flag_rows <= drawn


def test_the_items_are_grouped_once_and_a_frame_looks_only_at_what_is_in_view(tmp_path, long_session, monkeypatch):
    scenario, session = long_session
    grouped = []
    original_group = debrief_lines.group
    monkeypatch.setattr(debrief_lines, "group", lambda result: (grouped.append(result.lang), original_group(result))[1])
    looked = []
    original_on_screen = debrief_module.Column.on_screen
    monkeypatch.setattr(debrief_module.Column, "on_screen",
                        lambda self, line: (looked.append(line), original_on_screen(self, line))[1])
    pilot, scene = _open(tmp_path, scenario, session)
    assert len(scene.timeline.lines) > 5 * MESSAGES
    for key in (pygame.K_TAB, pygame.K_PAGEDOWN, pygame.K_PAGEDOWN, pygame.K_END, pygame.K_HOME):
        looked.clear()
        pilot.press(key)
        assert 0 < len(looked) < 150, len(looked)       # the lines near the viewport, not all 5,000+
    pilot.resize(1400, 900)
    pilot.step(3)
    assert grouped == ["en"]                            # once per result: not per frame, scroll or size
    assert pilot.click("lang")
    pilot.step(2)
    assert grouped == ["en", "zh"]
