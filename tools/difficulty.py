"""Recompute every scenario's difficulty by the rubric (docs/difficulty.md).

    python tools/difficulty.py            # print each scenario's rating and whether it matches
    python tools/difficulty.py --write    # rewrite each `difficulty:` line (value and comment)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.authoring.difficulty import DIFFICULTY_LINE, difficulty_comment, premise_of, rate  # noqa: E402
from game.scenario import load_catalog, load_folder  # noqa: E402

FOLDER = ROOT / "scenarios"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite each scenario's `difficulty:` line")
    write = parser.parse_args(argv).write
    catalog = load_catalog(FOLDER / "red_flags.yaml")
    scenarios, invalid = load_folder(FOLDER, catalog)
    if invalid:
        print(f"invalid scenarios: {', '.join(invalid)}", file=sys.stderr)
        return 1
    wrong = 0
    for scenario_id, scenario in sorted(scenarios.items()):
        path = FOLDER / f"{scenario_id}.yaml"
        text = path.read_text(encoding="utf-8")
        comment = difficulty_comment(text)
        rating = rate(scenario, comment)
        premise, words = premise_of(comment)
        if rating.difficulty is None:
            print(f"✗ {scenario_id}: the comment beside difficulty: names no premise (low, medium or high)")
            wrong += 1
            continue
        mark = "✓" if rating.difficulty == scenario.difficulty else "≠"
        print(f"{mark} {scenario_id:<24} {scenario.difficulty} → {rating.difficulty}  "
              f"({rating.comment(scenario.kind, words)}; opening {', '.join(rating.opening)})")
        if write:
            line = f"difficulty: {rating.difficulty}   # {rating.comment(scenario.kind, words)}"
            new = DIFFICULTY_LINE.sub(lambda _: line, text, count=1)
            if new != text:
                path.write_text(new, encoding="utf-8")
        elif rating.difficulty != scenario.difficulty:
            wrong += 1
    return 1 if wrong and not write else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
