"""Colours and sizes. One calm palette, and a high-contrast one; sizes scale with the text size."""

from __future__ import annotations

from dataclasses import dataclass

Color = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    background: Color
    panel: Color
    panel_edge: Color
    text: Color
    muted: Color
    accent: Color
    accent_text: Color
    focus: Color
    phone_frame: Color
    phone_screen: Color
    bubble_in: Color
    bubble_out: Color
    bubble_out_text: Color
    sms_in: Color
    card: Color
    card_edge: Color
    caught: Color
    missed: Color
    false_alarm: Color
    flag: Color
    danger: Color
    good: Color
    button: Color
    button_text: Color
    disabled: Color


CALM = Palette(
    background=(236, 240, 245), panel=(255, 255, 255), panel_edge=(214, 221, 230), text=(28, 36, 48),
    muted=(96, 108, 124), accent=(38, 99, 235), accent_text=(255, 255, 255), focus=(245, 158, 11),
    phone_frame=(30, 34, 42), phone_screen=(246, 247, 249), bubble_in=(255, 255, 255), bubble_out=(149, 236, 105),
    bubble_out_text=(20, 40, 20), sms_in=(229, 231, 235), card=(255, 255, 255), card_edge=(220, 226, 234),
    caught=(22, 163, 74), missed=(220, 38, 38), false_alarm=(217, 119, 6), flag=(234, 88, 12),
    danger=(185, 28, 28), good=(21, 128, 61), button=(226, 232, 240), button_text=(28, 36, 48),
    disabled=(170, 178, 190),
)

HIGH_CONTRAST = Palette(
    background=(0, 0, 0), panel=(12, 12, 12), panel_edge=(255, 255, 255), text=(255, 255, 255),
    muted=(230, 230, 230), accent=(255, 230, 0), accent_text=(0, 0, 0), focus=(0, 255, 255),
    phone_frame=(255, 255, 255), phone_screen=(0, 0, 0), bubble_in=(30, 30, 30), bubble_out=(255, 230, 0),
    bubble_out_text=(0, 0, 0), sms_in=(40, 40, 40), card=(20, 20, 20), card_edge=(255, 255, 255),
    caught=(0, 255, 120), missed=(255, 90, 90), false_alarm=(255, 190, 0), flag=(255, 140, 0),
    danger=(255, 90, 90), good=(0, 255, 120), button=(40, 40, 40), button_text=(255, 255, 255),
    disabled=(140, 140, 140),
)


@dataclass(frozen=True)
class Theme:
    palette: Palette
    scale: float            # text size setting: 1.0, 1.2, 1.4

    def size(self, base: int) -> int:
        return max(10, round(base * self.scale))

    @property
    def body(self) -> int:
        return self.size(17)

    @property
    def small(self) -> int:
        return self.size(14)

    @property
    def title(self) -> int:
        return self.size(26)

    @property
    def huge(self) -> int:
        return self.size(44)


def make_theme(high_contrast: bool, scale: float) -> Theme:
    return Theme(HIGH_CONTRAST if high_contrast else CALM, scale)


def avatar_color(name: str) -> Color:
    """A stable, pleasant colour per name (no meaning attached)."""
    hues = [(59, 130, 246), (16, 185, 129), (236, 72, 153), (245, 158, 11), (139, 92, 246), (20, 184, 166),
            (234, 88, 12), (99, 102, 241)]
    return hues[sum(map(ord, name)) % len(hues)]
