"""The window with the format-2 money keys and the in-person channel, read as data (widget state,
text-log entries, the phone's rows): a reply the wallet cannot pay is drawn disabled with its
reason and cannot be clicked or chosen by keyboard; money coming in shows as a bubble and a
panel line; an in-person scene is drawn whole at both window sizes; the debrief says what was
taken back or may come back. The story is tests/fixtures/format2/rebate_wallet.yaml."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pygame
import pytest

from game.engine import FixedPersonas, Session
from game.locale import Translator, format_money
from game.scenario import load_scenario
from game.ui.fit import TextLog
from game.ui.phone.rows import FULL_TEXT
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.play import PlayScene
from game.ui.scenes.transfer import TransferConfirmScene
from tests.conftest import FIXTURES
from tests.ui.pilot import Pilot

FIXTURE = FIXTURES / "format2" / "rebate_wallet.yaml"
SIZES = [(1280, 800), (1024, 640)]


def yuan(amount: str, lang: str = "en") -> str:
    """An amount as the window writes it (the window plays the fixture's first region, CN)."""
    return format_money(Decimal(amount), "CNY", lang)


def _pilot(tmp_path: Path, size=(1280, 800), lang: str = "en") -> Pilot:
    folder = tmp_path / "scenarios"
    folder.mkdir(exist_ok=True)
    shutil.copy(FIXTURE, folder)
    return Pilot(tmp_path, scenario="rebate_wallet", seed=3, size=size, lang=lang, scenarios_dir=folder)


def _choose(pilot: Pilot, choice_id: str) -> None:
    """Take a reply with a click, confirming the transfer if one is asked for."""
    assert pilot.wait_for_choices()
    assert pilot.click(f"choice:{choice_id}")
    if isinstance(pilot.scene, TransferConfirmScene):
        assert pilot.click("dialog:yes")
    pilot.step(2)


def _to_big_task(pilot: Pilot) -> None:
    _choose(pilot, "pay_small")
    _choose(pilot, "take_rebate")
    assert pilot.wait_for_choices() and pilot.view.step_id == "big_task"


def _frame(pilot: Pilot) -> TextLog:
    pilot.app.assets.text_log = log = TextLog()
    pilot.step()
    return log


def test_a_reply_the_wallet_cannot_pay_is_disabled_shows_why_and_cannot_be_chosen(tmp_path):
    pilot = _pilot(tmp_path)
    _to_big_task(pilot)
    view = pilot.view
    big = next(c for c in view.choices if c.id == "pay_big")
    assert not big.available
    reason = Translator("en").t(big.reason.key, **dict(big.reason.params))
    assert "Not enough money" in reason and yuan("5000") in reason
    widget = pilot.query("choice:pay_big")
    assert (widget.enabled, widget.focusable, widget.data["available"], widget.data["reason"]) == (
        False, False, False, reason)
    assert pilot.query("choice:pay_part").enabled and not pilot.query("choice:pay_part").data["reason"]
    # the reason is drawn under the reply, inside its box, whole
    log = _frame(pilot)
    drawn = log.at("play.reason:choice:pay_big")
    assert [p.text for p in drawn] == [reason] and not log.outside() and not log.cut()
    assert drawn[0].rect.top >= widget.rect.bottom
    # a click lands on it, and nothing happens
    assert pilot.click("choice:pay_big")
    pilot.step(3)
    assert isinstance(pilot.scene, PlayScene) and pilot.view.step_id == "big_task" and pilot.view.paid == Decimal("12.9")
    # its number key does nothing either; Tab never stops on it
    pilot.press(pygame.K_1)
    pilot.step(3)
    assert isinstance(pilot.scene, PlayScene) and pilot.view.step_id == "big_task"
    focused = set()
    for _ in range(len(pilot.scene.widgets()) + 2):
        pilot.press(pygame.K_TAB)
        focused.add(pilot.scene.focus_id)
    assert "choice:pay_big" not in focused and "choice:pay_part" in focused
    # an affordable reply still works, by its number key
    pilot.press(pygame.K_2)
    assert isinstance(pilot.scene, TransferConfirmScene)


def test_money_coming_in_shows_as_a_bubble_and_on_the_money_panel(tmp_path):
    pilot = _pilot(tmp_path)
    _to_big_task(pilot)
    log = _frame(pilot)
    payer = pilot.view.received[0].payer
    assert [p.text for p in log.at("phone.transfer_in")] == ["Money received", yuan("16.4"), f"from {payer}"]
    rows = [r for r in pilot.scene.phone.rows if r.kind == "received"]
    assert [(r.data["amount_text"], r.data["payer"]) for r in rows] == [(yuan("16.4"), payer)]
    progress = [p.text for p in log.at("play.progress")]
    assert "Your money" in progress and yuan("803.5") in progress         # 800 − 12.90 + 16.40
    assert f"Money received: {yuan('16.4')}" in progress
    # in time order: after the message that promised it, before the next task
    kinds = [r.kind for r in pilot.scene.phone.rows if r.kind in ("bubble", "received", "sent_payment")]
    assert kinds.index("received") > kinds.index("sent_payment")
    assert kinds[kinds.index("received") + 1] == "bubble"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_in_person_scene_is_drawn_whole_with_who_is_there(tmp_path, size, lang):
    pilot = _pilot(tmp_path, size=size, lang=lang)
    _to_big_task(pilot)
    pilot.advance(61)                                  # the timer runs out: someone at the door
    assert pilot.click("timeup:continue")
    assert pilot.wait_for_choices() and pilot.view.step_id == "door"
    assert pilot.scene.phone.channel == "in_person"
    log = _frame(pilot)
    assert not log.outside() and not log.clipped()
    assert not [p for p in log.cut() if p.where in FULL_TEXT], [p.text for p in log.cut()]
    tr = Translator(lang)
    assert [p.text for p in log.at("phone.in_person")] == [tr.t("channel.in_person")]
    header = [p.text for p in log.at("phone.header")]
    name, role = ("Officer Lee", "Community police officer") if lang == "en" else ("李警官", "社区民警")
    assert header == [name, role]
    speech = [r for r in pilot.scene.phone.rows if r.data.get("speech")]
    assert [(r.message.id, r.data["mine"]) for r in speech] == [("d_warn", False), ("d_reply", True)]
    assert "msg:d_warn" in pilot.widget_ids()          # what they say can be flagged


def _played(catalog, *choices: str) -> tuple:
    scenario = load_scenario(FIXTURE, catalog)
    session = Session(scenario, catalog, seed=3, lang="en", personas=FixedPersonas())
    for choice in choices:
        session.tick(session.seconds_until_choices())
        session.choose(choice)
    assert session.ended
    return scenario, session


def _debrief_lines(tmp_path, scenario, session) -> dict[str, list[str]]:
    pilot = Pilot(tmp_path, size=(1024, 640))
    pilot.app.replace(DebriefScene(pilot.app, scenario, session))
    pilot.step()
    lines: dict[str, list[str]] = {}
    for line in pilot.scene.summary.lines:
        lines.setdefault(line.key, []).append(line.text)
    return {key: [" ".join(texts)] for key, texts in lines.items()}


def test_the_debrief_says_what_may_come_back(tmp_path, catalog):
    scenario, session = _played(catalog, "pay_small", "take_rebate", "pay_part")
    result = session.result()
    lines = _debrief_lines(tmp_path, scenario, session)
    money = format_money(result.recovered, result.currency, "en")
    assert result.recovery_pending and money == yuan("696.5")
    assert lines["recovered"] == [Translator("en").t("debrief.recovery_pending", money=money)]
    assert "taken_back" not in lines


def test_the_debrief_says_what_was_taken_back(tmp_path, catalog):
    scenario, session = _played(catalog, "pay_small", "take_rebate", "take_cheque", "send_on")
    lines = _debrief_lines(tmp_path, scenario, session)
    assert lines["taken_back"] == [Translator("en").t("debrief.taken_back", money=yuan("5000"))]
    assert "recovered" not in lines
    assert yuan("4996.5") in lines["money"][0]          # 5,012.90 paid − 16.40 that cleared
