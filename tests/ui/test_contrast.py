"""WCAG AA contrast of both palettes, computed from the theme: every text colour on every fill the
window draws it on (theme.TEXT_PAIRS) reaches 4.5:1, or 3:1 for large text; marks without words
(the focus ring, the flag outline) reach 3:1."""

from __future__ import annotations

import ast
from dataclasses import fields
from pathlib import Path

import pytest

from game.ui import theme
from game.ui.theme import AVATAR_HUES, CALM, HIGH_CONTRAST, MARK_PAIRS, TEXT_PAIRS, Palette, contrast, hovered

PALETTES = {"calm": CALM, "high_contrast": HIGH_CONTRAST}
UI = Path(theme.__file__).resolve().parent
ROLES = {f.name for f in fields(Palette)}


def _floor(large: bool) -> float:
    return 3.0 if large else 4.5


def test_contrast_formula_matches_wcag_reference_values():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((255, 255, 255), (255, 255, 255)) == pytest.approx(1.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)   # the classic AA grey
    assert contrast((255, 0, 0), (255, 255, 255)) == pytest.approx(4.0, abs=0.01)


def test_every_pair_names_palette_roles():
    for pair in TEXT_PAIRS + MARK_PAIRS:
        assert pair.text in ROLES and pair.fill in ROLES, pair


@pytest.mark.parametrize("name", PALETTES)
@pytest.mark.parametrize("pair", TEXT_PAIRS, ids=lambda p: f"{p.text}-on-{p.fill}")
def test_text_meets_wcag_aa(name, pair):
    palette = PALETTES[name]
    fills = [getattr(palette, pair.fill)] + ([hovered(getattr(palette, pair.fill))] if pair.hover else [])
    for fill in fills:
        ratio = contrast(getattr(palette, pair.text), fill)
        assert ratio >= _floor(pair.large), f"{name}: {pair.text} on {pair.fill} {fill} is {ratio:.2f}:1 ({pair.where})"


@pytest.mark.parametrize("name", PALETTES)
@pytest.mark.parametrize("pair", MARK_PAIRS, ids=lambda p: f"{p.text}-on-{p.fill}")
def test_marks_without_words_are_visible(name, pair):
    palette = PALETTES[name]
    ratio = contrast(getattr(palette, pair.text), getattr(palette, pair.fill))
    assert ratio >= 3.0, f"{name}: {pair.text} on {pair.fill} is {ratio:.2f}:1 ({pair.where})"


@pytest.mark.parametrize("name", PALETTES)
def test_avatar_initials_are_readable_on_every_hue(name):
    text = PALETTES[name].avatar_text
    for hue in AVATAR_HUES:
        assert contrast(text, hue) >= 4.5, (name, hue, round(contrast(text, hue), 2))


def _text_roles_in_code() -> dict[str, set[str]]:
    """Palette roles passed as the colour of a draw_text / ctx.text call, per file."""
    found: dict[str, set[str]] = {}
    for path in UI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else (func.attr if isinstance(func, ast.Attribute) else "")
            if name not in ("draw_text", "text"):
                continue
            for arg in node.args:
                for sub in ast.walk(arg):
                    if isinstance(sub, ast.Attribute) and sub.attr in ROLES and (
                            (isinstance(sub.value, ast.Name) and sub.value.id == "palette")
                            or (isinstance(sub.value, ast.Attribute) and sub.value.attr == "palette")):
                        found.setdefault(sub.attr, set()).add(str(path.relative_to(UI)))
    return found


def test_every_palette_colour_drawn_as_text_is_declared():
    """A text colour used in game/ui but missing from TEXT_PAIRS would never be checked."""
    declared = {pair.text for pair in TEXT_PAIRS} | {"avatar_text"}    # avatar_text: checked on AVATAR_HUES
    used = _text_roles_in_code()
    assert used, "the scan found no text colours at all"
    missing = {role: sorted(files) for role, files in used.items() if role not in declared}
    assert not missing, f"declare these text colours (and their fills) in theme.TEXT_PAIRS: {missing}"
