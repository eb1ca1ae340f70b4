"""How much of a message the phone shows at once, estimated without pygame (lint must not draw).

The window's phone at 1024×640 (the smallest window, normal text size) has for each kind of row
a text width in pixels and a number of lines that fit in its scrolling area with the row's own
frame (bubble, card, caption) around them; the table below holds those figures, rounded to the
safe side. A text's width is estimated per character class of the shipped font at 1 em = the
font size: east-asian wide, full-width and ambiguous characters (中，“…→) a full em, Latin by
the widest glyph of its class. `game.linebreak.wrap` breaks the lines by the window's own rules.
tests/ui/test_lint_width.py checks both against the real layout and font: the estimate may say
"too long" early, never late.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from game.linebreak import wrap

WINDOW = "1024×640"


@dataclass(frozen=True)
class Box:
    width: int        # text width in pixels
    font: int         # font size in pixels (the line height follows from it in the window)
    lines: int        # lines that fit on the screen at once, with the row's frame


BODY, SMALL = 17, 14
#: (channel, look) → the text box of its message row; look None is the plain row of the channel.
BOXES: dict[tuple[str, str | None], Box] = {
    ("chat", None): Box(194, BODY, 13),
    ("sms", None): Box(194, BODY, 13),
    ("in_person", None): Box(194, BODY, 11),
    ("call", None): Box(220, BODY, 9),
    ("email", None): Box(246, BODY, 12),
    ("search_ad", None): Box(262, BODY, 13),
    ("bank_transfer", None): Box(262, BODY, 15),
    ("web", None): Box(262, BODY, 15),
    ("app", None): Box(262, BODY, 15),
    ("web", "notice"): Box(242, BODY, 14),
    ("app", "notice"): Box(242, BODY, 14),
    ("web", "button"): Box(218, BODY, 14),
    ("app", "button"): Box(218, BODY, 14),
    ("web", "field"): Box(234, BODY, 14),
    ("app", "field"): Box(234, BODY, 14),
    ("web", "link"): Box(262, BODY, 15),
    ("app", "link"): Box(262, BODY, 15),
    ("web", "permission"): Box(218, BODY, 12),
    ("app", "permission"): Box(218, BODY, 12),
}
NARRATOR = Box(246, SMALL, 13)     # the narrator's centred line, in the smallest scrolling area (a call's)

_THIN = frozenset("ijl.,:;'|!")
_SLIM = frozenset("frt-()[]/{} ")
_WIDE_LATIN = frozenset("mwMW%@")
_CAPITAL = frozenset("ABCDEFGHIJKLNOPQRSTUVXYZ\"?#$&*+<=>~^_")


def em(ch: str) -> float:
    """The width of `ch` in ems, at least the widest glyph of its class in the shipped font."""
    if ch == " ":
        return 0.3
    if ch in _THIN:
        return 0.4
    if ch in _SLIM:
        return 0.45
    if ch in _WIDE_LATIN:
        return 1.0
    if ch in _CAPITAL:
        return 0.8
    if ch.isascii():
        return 0.67
    if unicodedata.combining(ch) or unicodedata.category(ch) == "Cf":
        return 0.0
    if unicodedata.east_asian_width(ch) in "WFA":
        return 1.0
    return 0.8 if ch.isalpha() else 1.0


_EMS: dict[str, float] = {}


def estimated_width(text: str, font: int) -> int:
    ems = _EMS
    total = 0.0
    for ch in text:
        width = ems.get(ch)
        if width is None:
            width = ems[ch] = em(ch)
        total += width
    return round(total * font + 0.49)


def estimated_lines(text: str, box: Box, *, at_least: int = 0) -> int:
    """Lines `text` takes in `box`, wrapped by the window's rules with estimated widths. With
    `at_least`, a text too short to take that many lines on any wrapping is not wrapped (its
    count is then only known to be below `at_least`)."""
    if at_least and estimated_width(text, box.font) * 2 < (at_least - 1) * box.width and text.count("\n") < 2:
        return 1
    return len(wrap(text, box.width, lambda part: estimated_width(part, box.font)))


def box_for(channel: str, look: str | None, narrator: bool) -> Box:
    if narrator:
        return NARRATOR
    return BOXES.get((channel, look)) or BOXES.get((channel, None)) or BOXES[("chat", None)]
