"""RF039: `validate` warns, with the exact character and place, about text the shipped font cannot
draw; names from Faker's zh_CN providers, rare surnames and the game's own strings all draw."""

from __future__ import annotations

import json
import subprocess
import sys
from string import Formatter

import pytest

from game.authoring.diagnostics import format_problem
from game.authoring.glyphs import (
    ENGLISH,
    FONT_CHARS_FILE,
    font_coverage,
    format_ranges,
    glyph_problems,
    glyph_problems_in_file,
    parse_ranges,
)
from game.locale import get_locale
from tests.conftest import FIXTURES, ROOT, SCENARIOS, run_main
from tools.fontchars import faker_characters

EMOJI, RARE = "😀", "𠀀"   # U+1F600 (Noto Sans SC has no emoji) and U+20000 (CJK extension B, not in the table)

#: Surnames that are rare or easy to get wrong (written from common knowledge of the 百家姓 and
#: of the surnames found in news reports), compound ones included, plus characters common in
#: given names, and the two the issue found drawn as □ (苒 from a real name, 嗨).
UNCOMMON_SURNAMES = (
    "覃 缪 佘 丌 亓 笪 郗 逄 尉 鄢 隗 訾 阚 昝 甯 禚 钭 揭 郏 谯 眭 冼 邝 妫 仉 督 晁 蒯 郦 宓 濮 扈 冉 "
    "邬 庹 骞 乜 圭 佴 单 仇 区 查 朴 盖 种 解 繁 过 曾 召 那 苌 聂 綦 郜 靳 浦 邰 卞 栾 璩 於 钮 闵 邴 "
    "隋 廖 晏 敖 牟 缑 郄 蓟 酆 贲 芮 羿 储 汲 邸 麹 麴 亢 况 郈 睢 瞿 桓 荀 蔺 嵇 鞠 盍 巩 勾 厍 岑 "
    "沙 养 须 巢 蒉 相 荆 竺 逯 闫 汝 涂 钦 佟 "
    "万俟 司马 上官 欧阳 夏侯 诸葛 闻人 赫连 皇甫 尉迟 澹台 公冶 宗政 淳于 单于 太叔 申屠 轩辕 "
    "令狐 钟离 宇文 长孙 慕容 鲜于 闾丘 司徒 司空 颛孙 端木 巫马 漆雕 乐正 壤驷 拓跋 夹谷 宰父 "
    "谷梁 段干 百里 呼延 伯赏"
).split()
GIVEN_NAME_CHARACTERS = "堃 喆 昇 珺 玥 婧 琪 琰 瑀 璟 玚 燚 淼 犇 赟 彧 镕 堉 昱 旻 罳 苒 嗨".split()


@pytest.fixture(scope="module")
def covered() -> frozenset[int]:
    found = font_coverage()
    assert found, f"{FONT_CHARS_FILE.relative_to(ROOT)} is missing: run python tools/build_font.py"
    assert ord(EMOJI) not in found and ord(RARE) not in found
    return found


def _as_yaml(texts: list[str]) -> bytes:
    """A YAML list of `texts`, each a double-quoted scalar (JSON strings are YAML)."""
    return "".join(f"- {json.dumps(text, ensure_ascii=False)}\n" for text in texts).encode("utf-8")


def _where(problems) -> list[tuple[int, int, str, int]]:
    return [(p.line, p.column, dict(p.params)["char"], dict(p.params)["places"]) for p in problems]


# -- what must draw -------------------------------------------------------------------------------

def test_glyphs_every_faker_zh_cn_name_and_character_draws(covered):
    from faker.providers.person.zh_CN import Provider as Person

    names = [*Person.last_names, *Person.first_names, *Person.first_names_male, *Person.first_names_female]
    assert len(names) > 500 and any(len(name) == 2 for name in Person.last_names)  # 欧阳, 司马, ...
    texts = names + ["".join(sorted(chars)) for chars in faker_characters("zh_CN").values()]
    problems = glyph_problems("faker.yaml", _as_yaml(texts), covered)
    assert not problems, "\n".join(p.format() for p in problems)


def test_glyphs_uncommon_surnames_and_name_characters_draw(covered):
    assert len(UNCOMMON_SURNAMES) > 150
    problems = glyph_problems("names.yaml", _as_yaml(UNCOMMON_SURNAMES + GIVEN_NAME_CHARACTERS), covered)
    assert not problems, "\n".join(p.format() for p in problems)


def test_glyphs_the_games_own_files_draw(covered):
    """The locale files, the catalogue (with regions and facts), the scenarios and the examples."""
    files = sorted((ROOT / "game" / "locales").glob("*.yaml")) + sorted(SCENARIOS.rglob("*.yaml")) \
        + sorted((ROOT / "docs" / "examples").glob("*.yaml"))
    assert SCENARIOS / "red_flags.yaml" in files and ROOT / "game" / "locales" / "zh.yaml" in files
    problems = [p for path in files for p in glyph_problems_in_file(path, covered)]
    assert not problems, "\n".join(p.format() for p in problems)


# -- where a character outside the font is reported ----------------------------------------------

@pytest.mark.parametrize(("text", "line", "column"), [
    ("title: 名字" + EMOJI + "\n", 1, 10),                          # plain
    ("title: '它''s " + EMOJI + "'\n", 1, 14),                      # single-quoted, '' escape before it
    ('title: "a\\"' + EMOJI + '"\n', 1, 12),                        # double-quoted, \" escape before it
    ("title: {en: ok, zh: \"好" + EMOJI + "\"}\n", 1, 23),          # in a flow mapping
    ("steps:\n  - 一\n  - 二 " + EMOJI + "\n", 3, 7),                # in a list
    ("text: |\n  第一行\n  第二" + EMOJI + "行\n", 3, 5),            # literal block
    ("text: >-\n  第一行\n\n  第二" + EMOJI + "\n", 4, 5),           # folded block
    ("text: 第一行\n  第二行" + EMOJI + "\n", 2, 6),                 # plain over two lines
    ("a: 1\r\ntext: |\r\n  x\r\n  y" + EMOJI + "\r\n", 4, 4),       # Windows line ends
    ("\ufefftitle: " + EMOJI + "\n", 1, 8),                         # a byte-order mark is not a column
    ('title: "ab\\U0001F600"\n', 1, 8),                             # an escape: the text's place
])
def test_glyphs_rf039_names_the_exact_line_and_column(covered, text, line, column):
    problems = glyph_problems("t.yaml", text.encode("utf-8"), covered)
    assert _where(problems) == [(line, column, EMOJI, 1)]
    problem = problems[0]
    assert (problem.code, problem.severity, problem.key) == ("RF039", "warning", "glyph_missing")
    assert EMOJI in problem.message and "U+1F600" in problem.message


def test_glyphs_one_warning_per_character_with_its_count(covered):
    text = ("# a comment with " + EMOJI + " is never shown\n"
            + EMOJI + "key: is a key, never shown\n"
            "a: 苒" + RARE + "\n"
            "b: [" + EMOJI + ", x" + RARE + "]\n"
            "c: |\n  " + EMOJI + EMOJI + "\n")
    problems = glyph_problems("t.yaml", text.encode("utf-8"), covered)
    assert _where(problems) == [(3, 5, RARE, 2), (4, 5, EMOJI, 3)]
    assert [p.key for p in problems] == ["glyph_missing_often", "glyph_missing_often"]
    assert "3 times" in problems[1].message


@pytest.mark.parametrize("raw", [
    b"\xff\xfe not utf-8 \xf0\x9f\x98\x80",                    # not UTF-8: RF001 comes first
    "a: [unclosed 😀\n".encode(),                               # not YAML: RF002 comes first
    ("a: &a [" + EMOJI + "]\n"                                  # an alias bomb: 3^8 copies of one text
     + "".join(f"{c}: &{c} [*{p},*{p},*{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))).encode(),
])
def test_glyphs_bad_input_never_raises(covered, raw):
    problems = glyph_problems("t.yaml", raw, covered)
    assert all(p.code == "RF039" and dict(p.params)["places"] == 1 for p in problems) and len(problems) <= 1


def test_glyphs_english_is_one_source_and_chinese_is_there():
    """en.yaml says exactly what glyphs.ENGLISH says; zh.yaml says it too, with the same placeholders."""
    english, chinese = get_locale("en").strings, get_locale("zh").strings
    def names(template: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(template) if name}

    for key, (message, hint) in ENGLISH.items():
        assert (english[f"diag.{key}"], english[f"diag.{key}.hint"]) == (message, hint)
        assert names(chinese[f"diag.{key}"]) == names(message) and names(chinese[f"diag.{key}.hint"]) == names(hint)
    problems = glyph_problems("t.yaml", ("a: " + EMOJI + "\nb: " + RARE + RARE + "\n").encode("utf-8"))
    assert {p.key for p in problems} == {"glyph_missing", "glyph_missing_often"}
    for problem in problems:
        said = format_problem(problem, "zh")
        assert dict(problem.params)["char"] in said and "提示" in said and "RF039" in said, said


def test_validate_and_lint_warn_rf039_and_still_exit_0(tmp_path):
    source = (FIXTURES / "valid" / "tiny_loan.yaml").read_text(encoding="utf-8")
    assert source.count("五分钟放款，") == 1
    path = tmp_path / "tiny_loan.yaml"
    path.write_text(source.replace("五分钟放款，", "五分钟放款" + EMOJI + "，"), encoding="utf-8")
    line = next(number for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if EMOJI in text)
    column = path.read_text(encoding="utf-8").splitlines()[line - 1].index(EMOJI) + 1
    for command in ("validate", "lint"):
        done = run_main(command, str(path), "--lang", "en")
        assert done.returncode == 0, command + ": " + done.stdout + done.stderr
        assert f"tiny_loan.yaml:{line}:{column}: warning: the game's font cannot draw '{EMOJI}' (U+1F600)" \
            in done.stdout and "[RF039]" in done.stdout, command + ": " + done.stdout


# -- the character list ---------------------------------------------------------------------------

def test_glyphs_ranges_round_trip_and_refuse_garbage():
    codes = {0x20, 0x21, 0x22, 0x4E00, 0x4E02, 0x2C317}
    text = format_ranges(codes)
    assert text == "0020-0022 4E00 4E02 2C317"
    assert parse_ranges("# comment 4E00\n" + text) == codes
    for bad in ("4E00-zz", "110000", "4E10-4E00"):
        with pytest.raises(ValueError, match="not a code point"):
            parse_ranges(bad)


def test_glyphs_check_needs_neither_fonttools_nor_pygame():
    code = ("import sys; sys.modules['fontTools'] = sys.modules['pygame'] = None\n"
            "from game.authoring.glyphs import font_coverage, glyph_problems\n"
            "assert ord('苒') in font_coverage()\n"
            "print(len(glyph_problems('t.yaml', 'a: \\U0001F600'.encode())))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "1", done.stderr


def test_glyphs_without_the_character_list_there_is_no_check(tmp_path):
    assert font_coverage(tmp_path / "missing.txt") is None
