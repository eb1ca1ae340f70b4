"""The play screen tells the truth: the transfer dialog names the payee and amount of the message
that asked, replies look alike, the clock stops while the player thinks, a timeout says why."""

from __future__ import annotations

import pytest

from game.locale import format_money
from game.ui.fit import TextLog
from game.ui.scenes.dialogs import PauseScene
from game.ui.scenes.flagmenu import FlagMenuScene
from game.ui.scenes.play import PlayScene
from game.ui.scenes.settings import SettingsScene
from game.ui.scenes.timeup import TimeUpScene
from game.ui.scenes.transfer import TransferConfirmScene
from tests.conftest import FIXTURES
from tests.ui.pilot import Pilot

VALID = FIXTURES / "valid"


@pytest.fixture
def pilot(tmp_path):
    pilot = Pilot(tmp_path, scenarios_dir=VALID, scenario="tiny_loan", seed=5)
    pilot.wait_for_choices()
    assert pilot.click("choice:open_ad")
    pilot.wait_for_choices()
    return pilot


def test_the_confirm_dialog_names_the_payee_and_amount_of_the_message_that_asked(pilot):
    asked = next(m for m in pilot.view.messages if m.id == "fee_demand").payment
    assert pilot.click("choice:pay")
    dialog = pilot.scene
    assert isinstance(dialog, TransferConfirmScene)
    rows = {field: value for field, _, value in dialog.rows()}
    assert rows == {"payee": asked.payee, "card_tail": asked.card_tail,
                    "amount": format_money(asked.amount, asked.currency, "en")}
    # what was drawn is what the rows say (text log, not pixels)
    pilot.app.assets.text_log = log = TextLog()
    pilot.step()
    drawn = {p.where: p.text for p in log.placed}
    assert drawn["transfer.payee"] == asked.payee and drawn["transfer.card_tail"] == asked.card_tail
    assert drawn["transfer.amount"] == rows["amount"]
    assert pilot.app.scenes[-2].session.view().paid == 0     # nothing is paid before confirming
    assert pilot.click("dialog:yes")
    assert isinstance(pilot.scene, PlayScene), pilot.app.scenes
    assert pilot.view.paid == asked.amount


def test_cancelling_the_transfer_pays_nothing(pilot):
    assert pilot.click("choice:pay")
    assert pilot.click("dialog:no")
    assert isinstance(pilot.scene, PlayScene) and pilot.view.paid == 0 and pilot.view.step_id == "fee"


def test_replies_look_alike_whatever_they_cost(pilot):
    pay, refuse = pilot.query("choice:pay"), pilot.query("choice:refuse")
    pilot.app.assets.text_log = None
    pilot.scene.focus_id = None
    pilot.scene.hover_id = None
    pilot.step()
    surface = pilot.app.surface
    fill = [surface.get_at((w.rect.left + 6, w.rect.top + 4))[:3] for w in (pay, refuse)]
    assert fill[0] == fill[1]
    assert pay.data["payment"] is not None and refuse.data["payment"] is None


@pytest.mark.parametrize("opener", ["flag_menu", "transfer", "settings", "pause"])
def test_the_clock_stops_while_a_dialog_is_open(pilot, opener):
    play = pilot.scene
    left = play.session.seconds_until_timeout()
    assert left is not None and left > 10
    if opener == "flag_menu":
        play.open_flag_menu("fee_demand")
        pilot.step()
        assert isinstance(pilot.scene, FlagMenuScene)
    elif opener == "transfer":
        pilot.click("choice:pay")
        assert isinstance(pilot.scene, TransferConfirmScene)
    elif opener == "settings":
        pilot.click("settings")
        pilot.step()
        assert isinstance(pilot.scene, SettingsScene)
    else:
        import pygame

        pilot.press(pygame.K_ESCAPE)
        assert isinstance(pilot.scene, PauseScene)
    before = play.session.seconds_until_timeout()
    pilot.advance(8.0)
    assert play.session.seconds_until_timeout() == before
    assert play.view.timer.seconds_left == pytest.approx(before, abs=0.05)


def test_when_time_runs_out_the_player_sees_why_before_the_story_goes_on(pilot):
    play = pilot.scene
    pilot.advance(play.session.seconds_until_timeout() + 0.5)
    assert isinstance(pilot.scene, TimeUpScene)
    assert pilot.scene.note == "You did not answer, and the agent stopped writing."
    assert play.session.ended                       # the story moved on…
    pilot.advance(5.0)
    assert isinstance(pilot.scene, TimeUpScene)     # …but waits on screen until the player has read why
    assert pilot.click("timeup:continue")
    assert isinstance(pilot.scene, PlayScene)


def test_skip_ahead_brings_the_next_message_now(tmp_path):
    pilot = Pilot(tmp_path, scenarios_dir=VALID, scenario="tiny_loan", seed=5)
    pilot.step()
    assert pilot.view.waiting and "play:skip" in pilot.widget_ids()
    count = len(pilot.view.messages)
    assert pilot.click("play:skip")
    assert len(pilot.view.messages) == count + 1


def test_money_taken_without_a_transfer_asks_for_no_confirmation(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    text = (VALID / "tiny_loan.yaml").read_text(encoding="utf-8")
    text = text.replace("        payment: {amount: fee, to: mule}\n", "").replace(
        "effects: {pay: fee, give: [id_number]}", "effects: {pay: {amount: fee, to: mule, how: taken}}")
    (folder / "tiny_loan.yaml").write_text(text, encoding="utf-8")
    pilot = Pilot(tmp_path, scenarios_dir=folder, scenario="tiny_loan", seed=5)
    pilot.wait_for_choices()
    pilot.click("choice:open_ad")
    pilot.wait_for_choices()
    choice = next(c for c in pilot.view.choices if c.id == "pay")
    assert choice.payment.taken and choice.payment.payee
    assert pilot.click("choice:pay")
    assert isinstance(pilot.scene, PlayScene)          # no "Send ¥X to …?" for money the player never sends
    assert pilot.view.paid == choice.payment.amount and pilot.view.payments[-1].payment.taken


def test_a_double_click_on_skip_ahead_never_answers_for_the_player(tmp_path):
    pilot = Pilot(tmp_path, scenarios_dir=VALID, scenario="tiny_loan", seed=5)
    pilot.step()
    while pilot.view.waiting:
        skip = pilot.query("play:skip")
        assert skip is not None
        assert pilot.click("play:skip")
    first = pilot.query(f"choice:{pilot.view.choices[0].id}")
    assert not first.rect.colliderect(skip.rect)          # replies never appear under "skip ahead"
    assert pilot.click(first.id)                            # a tap right as the replies appear…
    assert pilot.view.step_id == "ad"                       # …is not taken as an answer
    pilot.advance(0.4)
    assert pilot.click(first.id)
    assert pilot.view.step_id != "ad"
