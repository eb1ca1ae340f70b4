"""Write the JSON Schemas editors use to check scenario files as they are typed.

    python tools/make_schema.py            # (re)write schema/scenario.schema.json and schema/red_flags.schema.json
    python tools/make_schema.py --check    # exit 1 if the files differ from what the models give now

The schemas are generated from the pydantic models (game/authoring/schema.py adds the descriptions
and converts them to JSON Schema draft 07). Run this after changing game/scenario/models.py; a test
fails until you do.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.authoring.schema import main  # noqa: E402

if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the files are out of date")
    raise SystemExit(main(["--check"] if parser.parse_args().check else []))
