"""Every bundled asset has a row, with its licence, in assets/LICENSES.md, and every row names a real file."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets"
LIST = ASSETS / "LICENSES.md"


def _rows() -> dict[str, str]:
    """File pattern → licence, from the tables of the list."""
    rows = {}
    for line in LIST.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            for pattern in re.findall(r"`([^`]+)`", cells[0]):
                rows[pattern] = cells[2]
    return rows


def _bundled() -> list[str]:
    """Every file shipped that is not code: all of assets/, and the non-Python files of the game package."""
    files = [p.relative_to(ASSETS).as_posix() for p in ASSETS.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files += [p.relative_to(ROOT).as_posix() for p in (ROOT / "game").rglob("*")
              if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]
    return sorted(files)


def test_every_bundled_file_has_a_licence_row():
    rows = _rows()
    assert len(rows) >= 10
    missing = [f for f in _bundled() if not any(fnmatch.fnmatch(f, pattern) for pattern in rows)]
    assert not missing, f"add a row to assets/LICENSES.md for: {missing}"
    for pattern, licence in rows.items():
        assert licence and any(word in licence for word in ("MIT", "OFL", "Open Font", "CC0")), (pattern, licence)


def test_every_row_names_a_file_that_exists():
    for pattern in _rows():
        base = ROOT if pattern.startswith("game/") else ASSETS
        assert list(base.glob(pattern)), f"assets/LICENSES.md names {pattern}, which is not there"


def test_the_font_licence_text_is_shipped():
    text = (ASSETS / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in text.upper() and "Noto" in text
