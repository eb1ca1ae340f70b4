"""Line breaking: Chinese punctuation never starts a line; numbers, times and addresses stay whole;
no line is wider than the width; a label "X · Y" never breaks beside its dot; a paragraph never
ends on a lone Chinese character when a better break exists."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.linebreak import NO_LINE_END, NO_LINE_START, columns, ideographs, is_orphan, wrap
from game.locale import format_duration

TEXT = "如果已经转了钱，请马上拨打110并联系银行，及时报案有时还能止付30,000元。请访问 hui-ying88.top 前先核实！"


@pytest.mark.parametrize("width", range(8, 40))
def test_no_line_starts_with_closing_punctuation(width):
    lines = wrap(TEXT, width)
    assert "".join(lines).replace(" ", "") == TEXT.replace(" ", "")
    for line in lines[1:]:
        assert line and line[0] not in NO_LINE_START, lines


@pytest.mark.parametrize("width", range(16, 40))
def test_numbers_and_addresses_are_not_split(width):
    joined = "\n".join(wrap(TEXT, width))
    assert "30,000" in joined and "hui-ying88.top" in joined


def test_english_breaks_at_spaces_within_width():
    lines = wrap("Hello, this is the police anti-fraud warning line calling you", 20)
    assert all(columns(line) <= 20 for line in lines)
    assert lines[0] == "Hello, this is the"


def test_chinese_counts_two_columns():
    assert columns("识破ab") == 6
    assert all(columns(line) <= 10 for line in wrap("一二三四五六七八九十一二三四五六七八九十", 10))


@pytest.mark.parametrize("width", range(8, 40))
def test_no_line_is_wider_than_the_width(width):
    """Closing punctuation takes its character down with it instead of hanging past the edge."""
    assert all(columns(line) <= width for line in wrap(TEXT, width)), wrap(TEXT, width)


@pytest.mark.parametrize("width", range(8, 40))
def test_no_line_ends_with_an_opening_bracket(width):
    lines = wrap("他说：“你好，我是客服。”（这是骗局）请看《通知》", width)
    assert all(line[-1] not in NO_LINE_END for line in lines if line), lines


@pytest.mark.parametrize("text", ["不换软件，不再聊了", "点“不是本人”，冻结银行卡", "我们以后不再聊了。",
                                  "这类诈骗规模惊人：2024年英国因诈骗被盗取的资金达11.7亿英镑，冻结银行卡"])
@pytest.mark.parametrize("width", range(6, 30))
def test_last_line_is_never_one_lone_chinese_character(text, width):
    lines = wrap(text, width)
    assert "".join(lines) == text
    assert len(lines) == 1 or not is_orphan(lines[-1]), lines
    assert all(columns(line) <= width for line in lines), lines


def test_lone_character_takes_a_neighbour_down():
    assert wrap("不换软件，不再聊了", 16) == ["不换软件，不再", "聊了"]
    assert wrap("请尽快冻结银行卡", 14) == ["请尽快冻结银", "行卡"]


_PHRASE = st.tuples(st.text(alphabet="识破骗子钱银行卡聊了", min_size=2, max_size=5), st.sampled_from(["", "，", "。"]))


@given(st.lists(_PHRASE, min_size=1, max_size=12), st.integers(6, 30))
def test_chinese_paragraphs_never_end_on_a_lone_character(phrases, width):
    text = "".join(words + mark for words, mark in phrases)
    lines = wrap(text, width)
    assert "".join(lines) == text
    assert all(columns(line) <= width for line in lines), lines
    if ideographs(text) >= 2 * len(lines):              # enough characters for two on every line
        assert len(lines) == 1 or not is_orphan(lines[-1]), lines


@pytest.mark.parametrize("label", ["第2天 · 08:53", "第12天 · 23:05", "Day 2 · 08:53", "Day 12 · 23:05"])
@pytest.mark.parametrize("width", range(6, 20))
def test_day_and_time_never_split_beside_the_dot_or_inside_the_time(label, width):
    lines = wrap(label, width)
    assert "".join(lines).replace(" ", "") == label.replace(" ", "")
    time = label.rsplit(" ", 1)[1]
    assert any(line.endswith(time) for line in lines), lines   # HH:MM stays whole
    assert not any(line.startswith("·") for line in lines), lines
    dot = next(index for index, line in enumerate(lines) if "·" in line)
    head = label.split(" · ")[0]
    word_before = head.split(" ")[-1] if " " in head else head[-1]     # "天", or the day number
    if columns(f"{word_before} · {time}") <= width:
        assert lines[dot].endswith("· " + time), lines          # "天 · 08:53" stays together when it fits
    else:
        assert lines[dot].endswith("·") and lines[dot + 1] == time, lines


def test_label_with_a_dot_moves_down_whole():
    assert wrap("Call · Jade River Bank", 14) == ["Call · Jade", "River Bank"]
    assert wrap("第2天 · 08:53", 12) == ["第2", "天 · 08:53"]
    assert wrap("第2天 · 08:53", 13) == ["第2天 · 08:53"]


def test_a_word_wider_than_the_line_is_cut_by_characters():
    assert wrap("abcdefghijklmnop", 5) == ["abcde", "fghij", "klmno", "p"]
    assert wrap("识", 1) == ["识"]                              # one character wider than the width: its own line


@given(st.text(alphabet="识破骗子钱，。！abc 12,.", max_size=80), st.integers(4, 30))
def test_wrapping_keeps_every_character(text, width):
    lines = wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")


def test_durations_read_like_people_speak():
    assert format_duration(150, "en") == "2 min 30 s"
    assert format_duration(86400, "zh") == "1天"
    assert format_duration(0.2, "en") == "0 s"


def test_a_number_keeps_to_its_chinese_neighbours_when_a_plain_break_fits():
    assert wrap("还款日是第12天", 10) == ["还款日是", "第12天"]
    assert wrap("余额30,000元", 10) == ["余额", "30,000元"]


@given(st.lists(_PHRASE, min_size=1, max_size=12), st.integers(6, 40))
def test_wrapping_to_the_widest_line_gives_the_same_lines(phrases, width):
    """A box sized to its text (a bubble) holds the same lines as the wider box it was measured in."""
    text = "".join(words + mark for words, mark in phrases) + " 第2天 · 08:53 余额30,000元"
    lines = wrap(text, width)
    assert wrap(text, max(columns(line) for line in lines)) == lines


@pytest.mark.parametrize("width", range(24, 60))
def test_a_phone_number_keeps_its_groups_together(width):
    text = "Report Fraud (formerly Action Fraud): 0300 123 2040 or reportfraud.police.uk, (07700) 900 597"
    joined = "\n".join(wrap(text, width))
    assert "0300 123 2040" in joined and "(07700) 900 597" in joined, joined
    assert all(columns(line) <= width for line in wrap(text, width))
    assert wrap("0300 123 2040", 5) == ["0300", "123", "2040"]       # wider than the line: it must break
