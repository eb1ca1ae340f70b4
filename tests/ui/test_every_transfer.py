"""Every transfer in every scenario, through the window: the confirmation dialog names exactly the
payee, account and amount of the message that asked for the money (read from what was drawn,
as data), and money taken without a transfer of the player's asks for no confirmation."""

from __future__ import annotations

from game.engine import FakerPersonas
from game.locale import format_money
from game.ui.fit import TextLog
from game.ui.scenes.play import PlayScene
from game.ui.scenes.transfer import TransferConfirmScene
from tests.content.test_payments import _asking_message, _copy, _states
from tests.ui.pilot import Pilot


def test_every_transfer_dialog_names_the_payee_and_amount_of_the_request(tmp_path, scenarios, catalog):
    pilot = Pilot(tmp_path)
    app = pilot.app
    app.assets.text_log = log = TextLog()
    dialogs = taken = 0
    for scenario in scenarios.values():
        for session in _states(scenario, catalog, FakerPersonas(), "en", 11):
            view = session.view()
            step = scenario.steps[session.step_id]
            for choice in view.choices:
                model = next(c for c in step.choices if c.id == choice.id)
                if model.effects.pay is None:
                    continue
                where = (scenario.id, session.step_id, choice.id)
                copy = _copy(session)
                app.reset(PlayScene(app, scenario, seed=copy.seed, session=copy))
                pilot.advance(0.4)            # replies take input a moment after they appear
                assert pilot.click(f"choice:{choice.id}"), where
                asked = _asking_message(copy, step.payment_for(model.effects))
                expected = asked.payment if asked is not None else choice.payment
                if expected.taken:
                    assert isinstance(pilot.scene, PlayScene), where
                    assert copy.view().paid == view.paid + expected.amount, where
                    taken += 1
                    continue
                dialog = pilot.scene
                assert isinstance(dialog, TransferConfirmScene), where
                log.clear()
                pilot.step()
                drawn = {p.where: p.text for p in log.placed if p.where.startswith("transfer.")}
                assert drawn["transfer.payee"] == expected.payee, where
                assert drawn["transfer.amount"] == format_money(expected.amount, expected.currency, "en"), where
                if expected.card_tail:
                    assert drawn["transfer.card_tail"] == expected.card_tail, where
                elif expected.account:
                    assert drawn["transfer.account"] == expected.account, where
                if expected.bank:
                    assert drawn["transfer.bank"] == expected.bank, where
                assert copy.view().paid == view.paid, where            # nothing paid before confirming
                assert pilot.click("dialog:yes"), where
                assert copy.view().paid == view.paid + expected.amount, where
                assert copy.view().payments[-1].payment == expected, where
                dialogs += 1
    assert dialogs >= 40 and taken >= 2, (dialogs, taken)
