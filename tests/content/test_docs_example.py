"""The example the format guide tells educators to copy must itself be valid and playable."""

from __future__ import annotations

import random

from game.engine import FakerPersonas, Session
from game.engine.bot import walk
from game.scenario import check_scenario_file
from tests.conftest import ROOT


def test_the_documented_example_validates_and_plays(catalog):
    scenario, problems = check_scenario_file(ROOT / "docs" / "examples" / "parcel_refund.yaml", catalog)
    assert scenario is not None and not problems, [p.format() for p in problems]
    for seed in range(20):
        record = walk(Session(scenario, catalog, seed=seed, personas=FakerPersonas()), random.Random(seed))
        assert record.error is None and record.ending in scenario.endings
