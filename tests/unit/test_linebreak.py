"""Line breaking: Chinese punctuation never starts a line; numbers and addresses stay whole."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.linebreak import NO_LINE_START, columns, wrap
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
    assert all(columns(line) <= 11 for line in wrap("一二三四五六七八九十一二三四五六七八九十", 10))


@given(st.text(alphabet="识破骗子钱，。！abc 12,.", max_size=80), st.integers(4, 30))
def test_wrapping_keeps_every_character(text, width):
    lines = wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")


def test_durations_read_like_people_speak():
    assert format_duration(150, "en") == "2 min 30 s"
    assert format_duration(86400, "zh") == "1天"
    assert format_duration(0.2, "en") == "0 s"
