"""The shipped font draws every character the game can show (the 8,105 of the 通用规范汉字表,
GB2312, the content), `validate`'s list of what it draws is its real cmap, its README tells its
real size, and pygame renders Chinese with it.

When a scenario, example, game string or Faker zh_CN gains a character the font lacks, the first
test names it and the file it is in; rebuild the font with `python tools/build_font.py`.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from game.authoring.glyphs import FONT_CHARS_FILE, font_coverage, parse_ranges
from tools.fontchars import UI_SYMBOLS, character_sources, gb2312, tongyong_8105

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
                                                                    "“", "”", "（", "）", "《", "》", "【", "】",
                                                                    "ā", "ǎ", "ü", "ǜ", "①", "Ⅻ", "℃", "㎡", "■"}
    lacking = sorted(char for char in fixed | gb2312() | set(tongyong_8105()) if ord(char) not in cmap)
    assert not lacking, f"missing: {''.join(lacking)}"


def test_tongyong_list_is_the_table_of_8105_in_three_levels():
    table = tongyong_8105()
    assert len(table) == len(set(table)) == 8105
    assert (table[0], table[3499], table[3500], table[6499], table[6500], table[-1]) == ("一", "矗", "乂", "齉", "亍", "蠼")
    assert sum(ord(char) > 0xFFFF for char in table) == 196       # CJK extensions B-F, e.g. 𬌗 in level 3
    assert {"苒", "嗨", "堃", "喆"} <= set(table) and "𠀀" not in table


def test_validate_reads_the_fonts_real_cmap(cmap):
    listed = parse_ranges(FONT_CHARS_FILE.read_text(encoding="utf-8"))
    assert listed == set(cmap), (f"{FONT_CHARS_FILE.name} is out of step with the font: "
                                 f"{len(listed - set(cmap))} listed but absent, "
                                 f"{len(set(cmap) - listed)} present but unlisted; rebuild with python tools/build_font.py")
    assert font_coverage() == listed


def test_readme_tells_the_fonts_real_size(cmap):
    """assets/fonts/README.md and README.md say '**N characters, X.Y MB**'; both must be the font's
    figures (characters within 1 %, size to the tenth of a MB)."""
    size = FONT.stat().st_size / 1e6
    for readme in (FONT.parent / "README.md", ROOT / "README.md"):
        found = re.search(r"\*\*([\d,]+) characters, ([\d.]+) MB\*\*", readme.read_text(encoding="utf-8"))
        assert found, f"{readme.relative_to(ROOT)} does not say '**N characters, X.Y MB**'"
        characters, megabytes = int(found.group(1).replace(",", "")), float(found.group(2))
        assert abs(characters - len(cmap)) <= len(cmap) / 100, \
            f"{readme.name}: {characters} characters, the font has {len(cmap)}"
        assert abs(megabytes - size) < 0.05, f"{readme.name}: {megabytes} MB, the font is {size:.2f} MB"


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
        # 识破, a level-3 character (蠼) and one outside the Basic Multilingual Plane (𬌗, U+2C317)
        for text, stand_in in (("识破", NOT_IN_FONT * 2), ("识", NOT_IN_FONT), ("破", NOT_IN_FONT),
                               ("蠼", NOT_IN_FONT), ("𬌗", NOT_IN_FONT)):
            drawn = font.render(text, True, (0, 0, 0), (255, 255, 255))
            box = font.render(stand_in, True, (0, 0, 0), (255, 255, 255))
            assert (drawn.get_size() != box.get_size()
                    or pygame.image.tobytes(drawn, "RGB") != pygame.image.tobytes(box, "RGB")), \
                f"{text!r} renders as the missing-glyph box"
            ink = pygame.mask.from_threshold(drawn, (0, 0, 0), (128, 128, 128, 255)).count()
            assert ink > 20, f"{text!r} renders with almost no ink ({ink} dark pixels)"
    finally:
        pygame.font.quit()
