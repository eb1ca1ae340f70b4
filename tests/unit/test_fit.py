"""Fitting text in a box with the game's real font: wrap, shrink, cut with "…", never outside."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from game.linebreak import NO_LINE_START, is_orphan  # noqa: E402
from game.ui.assets import FONT_FILE, Assets  # noqa: E402
from game.ui.fit import ELLIPSIS, Placed, TextLog, draw_text, fit, text_height  # noqa: E402

ZH = "如果已经转了钱，请马上拨打110并联系银行，及时报案有时还能止付30,000元。不换软件，不再聊了"
EN = "Your account is on hold. Verify your identity at http://secure-bank.example.co within 24 hours."


@pytest.fixture(scope="module")
def assets():
    pygame.init()
    assert FONT_FILE.exists()
    made = Assets(sound=False)
    made.text_log = TextLog()
    yield made


@pytest.fixture
def surface():
    return pygame.Surface((800, 600))


def test_wrapped_lines_fit_the_width_and_keep_every_character(assets):
    fitted = fit(assets, ZH, 17, 180)
    font = assets.font(17)
    assert len(fitted.lines) > 2 and not fitted.truncated
    assert all(font.size(line)[0] <= 180 for line in fitted.lines)
    assert "".join(fitted.lines) == ZH
    assert all(line[0] not in NO_LINE_START for line in fitted.lines)
    assert not is_orphan(fitted.lines[-1])
    assert fitted.height == len(fitted.lines) * assets.line_height(17)


def test_too_tall_text_shrinks_down_to_min_size_before_cutting(assets):
    tall = fit(assets, ZH, 17, 180)
    box_h = tall.height * 2 // 3
    shrunk = fit(assets, ZH, 17, 180, box_h, min_size=12)
    assert 12 <= shrunk.size < 17 and not shrunk.truncated
    assert shrunk.height <= box_h
    assert "".join(shrunk.lines) == ZH


def test_without_min_size_text_keeps_its_size_and_ends_with_an_ellipsis(assets):
    cut = fit(assets, ZH, 17, 180, assets.line_height(17) * 2)
    assert cut.size == 17 and cut.truncated and len(cut.lines) == 2
    assert cut.lines[-1].endswith(ELLIPSIS)
    assert assets.font(17).size(cut.lines[-1])[0] <= 180


def test_max_lines_cuts_with_an_ellipsis(assets):
    one = fit(assets, EN, 14, 200, max_lines=1)
    assert len(one.lines) == 1 and one.truncated and one.lines[0].endswith(ELLIPSIS)


def test_english_is_cut_at_a_whole_word(assets):
    one = fit(assets, "Payment to a personal account instead of a company", 14, 150, max_lines=1)
    head = one.lines[0][:-1]
    assert one.lines[0].endswith(ELLIPSIS)
    assert "Payment to a personal account instead of a company".startswith(head)
    assert head.endswith(("Payment", "to", "a", "personal", "account", "instead", "of")), one.lines


def test_a_box_lower_than_one_line_shrinks_the_text_rather_than_overflowing(assets, surface):
    box = pygame.Rect(10, 10, 300, 16)
    assets.text_log.clear()
    rect = draw_text(surface, assets, "第2天 · 08:53", 17, (0, 0, 0), box, where="test.low")
    assert box.contains(rect) and rect.width > 0
    placed = assets.text_log.placed[-1]
    assert placed.size < 17 and placed.shown == "第2天 · 08:53"


def test_day_and_time_stays_on_one_line_when_it_fits(assets):
    width = assets.font(14).size("第2天 · 08:53")[0]
    assert fit(assets, "第2天 · 08:53", 14, width).lines == ("第2天 · 08:53",)
    narrower = fit(assets, "第2天 · 08:53", 14, width - 4).lines
    assert narrower[-1].endswith("08:53") and not any(line.startswith("·") for line in narrower)


@pytest.mark.parametrize("align", ["left", "center", "right"])
@pytest.mark.parametrize("valign", ["top", "center", "bottom"])
def test_alignment_stays_inside_the_box(assets, surface, align, valign):
    box = pygame.Rect(40, 30, 260, 120)
    rect = draw_text(surface, assets, "Short label", 17, (0, 0, 0), box, align=align, valign=valign)
    assert box.contains(rect)
    if align == "left":
        assert rect.left == box.left
    elif align == "right":
        assert rect.right == box.right
    else:
        assert abs(rect.centerx - box.centerx) <= 1
    if valign == "top":
        assert rect.top == box.top
    elif valign == "bottom":
        assert box.bottom - rect.bottom < assets.line_height(17)
    else:
        assert abs(rect.centery - box.centery) <= assets.line_height(17) // 2


def test_the_log_records_each_text_with_its_box_and_label(assets, surface):
    assets.text_log.clear()
    box = pygame.Rect(0, 0, 120, 40)
    draw_text(surface, assets, EN, 17, (0, 0, 0), box, where="bubble:m1")
    [placed] = assets.text_log.placed
    assert placed.text == EN and placed.box == box and placed.where == "bubble:m1"
    assert placed.truncated and placed.shown.endswith(ELLIPSIS)
    assert assets.text_log.at("bubble") == [placed] and not assets.text_log.has(EN)
    assert assets.text_log.outside() == []
    assert assets.text_log.cut() == [placed]


def test_outside_reports_a_text_that_left_its_box():
    log = TextLog([Placed(pygame.Rect(0, 0, 50, 20), pygame.Rect(0, 0, 40, 20), "x", "x")])
    assert len(log.outside()) == 1


def test_text_height_sizes_a_box_that_then_fits_without_cutting(assets, surface):
    height = text_height(assets, ZH, 17, 220)
    assets.text_log.clear()
    draw_text(surface, assets, ZH, 17, (0, 0, 0), pygame.Rect(0, 0, 220, height))
    placed = assets.text_log.placed[-1]
    assert not placed.truncated and placed.shown.replace("\n", "") == ZH


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.sampled_from([ZH, EN, "第2天 · 08:53", "⚑ 冒充客服 · 你好", "WWWWWWWWWWWWWWWWWWWW", ""]),
       width=st.integers(1, 400), height=st.integers(1, 200), size=st.sampled_from([14, 17, 24, 36]),
       min_size=st.sampled_from([None, 10, 12]), bold=st.booleans(),
       align=st.sampled_from(["left", "center", "right"]), valign=st.sampled_from(["top", "center", "bottom"]))
def test_text_never_leaves_its_box(assets, surface, text, width, height, size, min_size, bold, align, valign):
    assets.text_log.clear()
    box = pygame.Rect(5, 7, width, height)
    rect = draw_text(surface, assets, text, size, (0, 0, 0), box, bold=bold, align=align, valign=valign,
                     min_size=min_size)
    assert rect.width == 0 or box.contains(rect), (rect, box)
    assert assets.text_log.outside() == []
    placed = assets.text_log.placed[-1]
    if not placed.truncated:
        assert placed.shown.replace("\n", "").replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("width", range(120, 400, 7))
def test_a_box_sized_to_its_text_holds_the_same_lines(assets, width):
    """What a chat bubble does: measure at the widest it may be, then draw in a box as wide as the text."""
    text = "上周五 【港湾银行】您尾号7877的账户工资入账¥11,500。不换软件，不再聊了"
    measured = fit(assets, text, 24, width)
    assert fit(assets, text, 24, measured.width).lines == measured.lines


def test_the_log_tells_a_text_sliced_by_the_clip(assets, surface):
    assets.text_log.clear()
    surface.set_clip(pygame.Rect(0, 0, 800, 40))
    try:
        draw_text(surface, assets, ZH, 17, (0, 0, 0), pygame.Rect(0, 20, 200, 200), where="sliced")
        draw_text(surface, assets, "fine", 17, (0, 0, 0), pygame.Rect(0, 0, 200, 30), where="whole")
        draw_text(surface, assets, "hidden", 17, (0, 0, 0), pygame.Rect(0, 100, 200, 30), where="hidden")
    finally:
        surface.set_clip(None)
    assert [p.where for p in assets.text_log.clipped()] == ["sliced"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=st.sampled_from([ZH, EN, "1  回复：“你发错人了”", "Asked to switch to another chat app", "取消"]),
       width=st.integers(60, 600), size=st.sampled_from([14, 17, 20, 24]))
def test_a_button_as_tall_as_button_height_shows_its_label_whole_at_its_size(assets, surface, label, width, size):
    from game.ui.theme import make_theme
    from game.ui.widgets import Widget, button_height, draw_button

    theme = make_theme(False, 1.0)
    widget = Widget("choice:x", pygame.Rect(10, 10, width, button_height(assets, theme, label, width, size)), label)
    assets.text_log.clear()
    draw_button(surface, assets, theme, widget, focused=False, size=size)
    [placed] = assets.text_log.placed
    assert placed.where == "button:choice:x" and widget.rect.contains(placed.box) and placed.box.contains(placed.rect)
    assert not placed.truncated and placed.size == size, (placed.shown, placed.size)
