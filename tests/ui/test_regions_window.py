"""The window follows the player's region: the title's help lines, the Region setting, the
picker's scenarios, and the money and help lines of a game played there."""

from __future__ import annotations

import pytest

from game.ui.fit import TextLog
from game.ui.scenes.picker import PickerScene
from tests.ui.pilot import Pilot


@pytest.fixture
def home(tmp_path):
    return tmp_path


def _logged(pilot: Pilot, where: str) -> list[str]:
    pilot.app.assets.text_log = log = TextLog()
    pilot.step()
    pilot.app.assets.text_log = None
    return [p.text for p in log.at(where)]


def test_the_title_names_the_players_regions_help_lines(home):
    for region, own, foreign in (("GB", "999", "110"), ("US", "911", "96110"), ("CN", "110", "999")):
        pilot = Pilot(home, region=region)
        footer = " ".join(_logged(pilot, "title:help_lines"))
        help_lines = pilot.app.ctx.catalog.regions[region].help
        assert own in footer and foreign not in footer, (region, footer)
        assert help_lines[0].contact.en in footer
        pilot.close()


def test_the_region_setting_cycles_and_the_picker_shows_only_that_regions_scenarios(home):
    pilot = Pilot(home, region="CN")
    ctx = pilot.app.ctx
    assert pilot.click("title:settings")
    pilot.step()
    regions = sorted(ctx.catalog.regions)
    seen = [ctx.region]
    for _ in regions:
        assert pilot.click("setting:region")
        pilot.step()
        seen.append(ctx.region)
    assert sorted(set(seen)) == regions and seen[-1] == seen[0]
    while ctx.region != "US":
        pilot.click("setting:region")
        pilot.step()
    assert pilot.progress.settings["region"] == "US"
    assert pilot.click("setting:back")
    pilot.step()
    assert pilot.click("title:start")
    pilot.step()
    assert isinstance(pilot.scene, PickerScene)
    shown = {w.id.split(":", 1)[1] for w in pilot.scene.widgets() if w.kind == "card"}
    expected = {key for key, s in ctx.scenarios.items() if "US" in s.regions}
    assert shown and shown <= expected
    assert not any("US" not in ctx.scenarios[key].regions for key in shown)
    assert "police_warning_96110" not in shown
    pilot.close()


def test_a_game_in_the_us_is_in_dollars_with_us_names(home):
    pilot = Pilot(home, region="US", scenario="loan_fee_trap", seed=4)
    session = pilot.scene.session
    assert session.region.id == "US" and session.currency == "USD"
    pilot.close()
