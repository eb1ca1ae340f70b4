"""The examples the format guide tells educators to copy must themselves be valid and playable,
in every region they declare; and the guide's table of `{region.KEY}` placeholders lists every
key the region files define."""

from __future__ import annotations

import random
import re

import pytest

from game.engine import FakerPersonas, Session
from game.engine.bot import walk
from game.scenario import check_scenario_file
from tests.conftest import ROOT

EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.yaml"))
GUIDE = ROOT / "docs" / "scenario-format.md"


def test_there_are_examples_of_both_formats():
    assert {"parcel_refund", "task_rebate_counter"} <= {path.stem for path in EXAMPLES}


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_documented_example_validates_and_plays(catalog, path):
    scenario, problems = check_scenario_file(path, catalog)
    assert scenario is not None and not problems, [p.format() for p in problems]
    for region in scenario.regions:
        for seed in range(20):
            session = Session(scenario, catalog, seed=seed, personas=FakerPersonas(), region=region)
            record = walk(session, random.Random(seed))
            assert record.error is None and record.ending in scenario.endings, (region, seed, record.error)


def test_the_guide_lists_every_region_key(catalog):
    listed = set(re.findall(r"^\| `([a-z][a-z0-9_]*)` \|", GUIDE.read_text(encoding="utf-8"), flags=re.MULTILINE))
    defined = {key for region in catalog.regions.values() for key in region.values}
    assert defined and defined <= listed, sorted(defined - listed)
