"""The shipped font draws every character the game can show, and pygame renders Chinese with it.

When a scenario, example, game string or Faker zh_CN gains a character the font lacks, the first
test names it and the file it is in; rebuild the font with `python tools/build_font.py`.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from tools.fontchars import UI_SYMBOLS, character_sources, gb2312_level1

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

ROOT = Path(__file__).resolve().parent.parent.parent
FONT = ROOT / "assets" / "fonts" / "NotoSansSC-RedFlag.otf"
NOT_IN_FONT = "\ue000"  # private use: no font of ours has it, so it renders as the missing-glyph box


@pytest.fixture(scope="module")
def cmap() -> dict[int, str]:
    assert FONT.exists(), f"{FONT.relative_to(ROOT)} is missing: run python tools/build_font.py"
    return TTFont(str(FONT))["cmap"].getBestCmap()


def test_font_has_every_character_the_content_uses(cmap):
    sources = character_sources(ROOT)  # read now: scenarios may have changed since the build
    missing = {char: where for char, where in sources.items() if ord(char) not in cmap}
    if missing:
        by_file: dict[str, list[str]] = defaultdict(list)
        for char, where in sorted(missing.items()):
            for name in where:
                by_file[name].append(f"{char} (U+{ord(char):04X})")
        report = "\n".join(f"  {name}: {', '.join(chars)}" for name, chars in sorted(by_file.items()))
        pytest.fail(f"{len(missing)} characters have no glyph in {FONT.name}; rebuild it with "
                    f"`python tools/build_font.py`. If the build says no source font has one (emoji, say), "
                    f"change the text instead: it would show as a box.\n{report}", pytrace=False)


def test_font_has_the_fixed_character_set(cmap):
    fixed = set(map(chr, range(0x20, 0x7F))) | set(UI_SYMBOLS) | {"\u3000", "，", "。", "！", "？", "、", "：", "；",
                                                                    "“", "”", "（", "）", "《", "》", "【", "】"}
    lacking = sorted(char for char in fixed | gb2312_level1() if ord(char) not in cmap)
    assert not lacking, f"missing: {''.join(lacking)}"


def test_font_keeps_its_licence_records():
    names = TTFont(str(FONT))["name"]
    assert "Adobe" in (names.getDebugName(0) or "")
    assert "Open Font License" in (names.getDebugName(13) or "")
    licence = (FONT.parent / "OFL.txt").read_text(encoding="utf-8")
    assert names.getDebugName(0) in licence and "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_pygame_renders_chinese_with_the_font(cmap):
    import pygame

    assert ord(NOT_IN_FONT) not in cmap
    pygame.font.init()
    try:
        font = pygame.font.Font(str(FONT), 24)
        width, height = font.size("识破")
        assert width > 0 and height > 0
        for text, stand_in in (("识破", NOT_IN_FONT * 2), ("识", NOT_IN_FONT), ("破", NOT_IN_FONT)):
            drawn = font.render(text, True, (0, 0, 0), (255, 255, 255))
            box = font.render(stand_in, True, (0, 0, 0), (255, 255, 255))
            assert (drawn.get_size() != box.get_size()
                    or pygame.image.tobytes(drawn, "RGB") != pygame.image.tobytes(box, "RGB")), \
                f"{text!r} renders as the missing-glyph box"
            ink = pygame.mask.from_threshold(drawn, (0, 0, 0), (128, 128, 128, 255)).count()
            assert ink > 20, f"{text!r} renders with almost no ink ({ink} dark pixels)"
    finally:
        pygame.font.quit()
