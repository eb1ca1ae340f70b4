"""`lrs_sync_per_s`: statements a second through `records.lrs.sync` to a local Ralph LRS, beside
Ralph's own single-statement POST rate measured in the same run on the same statements.

A class's worth of results (30 players × 3 scenarios) is stored with its outbox, then synced to
a fresh Ralph (file-system backend); the same statements are then POSTed one a request to a
second fresh Ralph. Both servers start empty, so both end with the same data file: Ralph's fs
backend reads its whole file on every POST (to find duplicate IDs), and a run that started
with a fuller file would look slower. `python bench/records_lrs.py` prints the figures.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PLAYERS = 30
SCENARIOS_EACH = 3


def _class_results():
    from game.scenario import load_catalog, load_folder
    from tests.records.helpers import attempts

    catalog = load_catalog(ROOT / "scenarios" / "red_flags.yaml")
    scenarios, _ = load_folder(ROOT / "scenarios", catalog)
    made = []
    for number in range(PLAYERS):
        made += attempts(scenarios, catalog, SCENARIOS_EACH, player_id=f"bench-player-{number:02d}",
                         nickname=f"Player {number}", class_code="BENCH", start_day=1 + number % 20)
    return made


def lrs_figures() -> dict:
    from game.records import Records
    from game.records.lrs import LrsConfig, outbox_pairs, sync
    from tests.records.ralph import PASSWORD, USER, Ralph

    made = _class_results()
    with tempfile.TemporaryDirectory(prefix="redflag-bench-lrs-") as folder:
        with Ralph(Path(folder) / "sync") as ralph:
            config = LrsConfig(url=ralph.url, username=USER, password=PASSWORD)
            with Records.open(Path(folder) / "records.sqlite") as records:
                bodies = []
                for attempt in made:
                    pairs = outbox_pairs(attempt, config)
                    records.add(attempt, outbox=pairs)
                    bodies += [json.loads(body) for _, body in pairs]
                started = time.perf_counter()
                report = sync(records, config)
                sync_seconds = time.perf_counter() - started
            if report.sent != len(bodies) or report.waiting:
                raise RuntimeError(f"sync did not deliver everything: {report}")
        with Ralph(Path(folder) / "single") as ralph:
            started = time.perf_counter()
            for body in bodies:
                status, _ = ralph.post([body])
                if status != 200:
                    raise RuntimeError(f"Ralph answered {status} to a single statement")
            single_seconds = time.perf_counter() - started
    sync_rate = len(bodies) / sync_seconds
    single_rate = len(bodies) / single_seconds
    return {"lrs_sync_per_s": round(sync_rate, 1), "ralph_single_post_per_s": round(single_rate, 1),
            "lrs_sync_vs_single_post": round(sync_rate / single_rate, 2), "lrs_statements": len(bodies),
            "lrs_attempts": len(made), "lrs_batch_size": config.batch_size}


if __name__ == "__main__":
    print(json.dumps(lrs_figures(), indent=2))
