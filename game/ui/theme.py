"""Colours and sizes. One calm palette, and a high-contrast one; sizes scale with the text size.

`TEXT_PAIRS` lists every (text role, background role) pair the window draws, and whether the
text is large; tests/ui/test_contrast.py holds both palettes to WCAG AA with it (4.5:1, or 3:1
for large text: at least 24 px, or bold at least 19 px, at the smallest text size). A new pair
drawn anywhere in game/ui belongs in this list.
"""

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
    # the phone (game/ui/phone): chips, channel headers, the call screen, page elements
    chip: Color
    chip_text: Color
    header: Color
    header_text: Color
    app_header: Color
    app_header_text: Color
    bank_header: Color
    bank_header_text: Color
    call_screen: Color
    call_text: Color
    call_muted: Color
    call_card: Color
    call_card_mine: Color
    hang_up: Color
    hang_up_text: Color
    link: Color
    sms_out: Color
    sms_out_text: Color
    transfer: Color
    transfer_text: Color
    page_button: Color
    page_button_text: Color
    notice: Color
    notice_text: Color
    scrim: Color
    avatar_text: Color              # initials on AVATAR_HUES


CALM = Palette(
    background=(236, 240, 245), panel=(255, 255, 255), panel_edge=(214, 221, 230), text=(28, 36, 48),
    muted=(90, 102, 117), accent=(29, 78, 216), accent_text=(255, 255, 255), focus=(79, 70, 229),
    phone_frame=(30, 34, 42), phone_screen=(246, 247, 249), bubble_in=(255, 255, 255), bubble_out=(149, 236, 105),
    bubble_out_text=(20, 40, 20), sms_in=(229, 231, 235), card=(255, 255, 255), card_edge=(220, 226, 234),
    caught=(22, 163, 74), missed=(220, 38, 38), false_alarm=(180, 83, 9), flag=(185, 60, 10),
    danger=(185, 28, 28), good=(21, 128, 61), button=(226, 232, 240), button_text=(28, 36, 48),
    disabled=(92, 98, 108),
    chip=(226, 230, 236), chip_text=(55, 65, 81), header=(237, 239, 242), header_text=(28, 36, 48),
    app_header=(30, 41, 59), app_header_text=(255, 255, 255), bank_header=(163, 28, 38),
    bank_header_text=(255, 255, 255), call_screen=(24, 32, 44), call_text=(255, 255, 255),
    call_muted=(196, 205, 218), call_card=(44, 56, 74), call_card_mine=(30, 58, 100), hang_up=(200, 30, 30),
    hang_up_text=(255, 255, 255), link=(26, 13, 171), sms_out=(29, 88, 220), sms_out_text=(255, 255, 255),
    transfer=(190, 80, 10), transfer_text=(255, 255, 255), page_button=(29, 88, 220),
    page_button_text=(255, 255, 255), notice=(254, 243, 199), notice_text=(120, 53, 15), scrim=(214, 219, 226),
    avatar_text=(255, 255, 255),
)

HIGH_CONTRAST = Palette(
    background=(0, 0, 0), panel=(12, 12, 12), panel_edge=(255, 255, 255), text=(255, 255, 255),
    muted=(230, 230, 230), accent=(255, 230, 0), accent_text=(0, 0, 0), focus=(0, 255, 255),
    phone_frame=(255, 255, 255), phone_screen=(0, 0, 0), bubble_in=(30, 30, 30), bubble_out=(255, 230, 0),
    bubble_out_text=(0, 0, 0), sms_in=(40, 40, 40), card=(20, 20, 20), card_edge=(255, 255, 255),
    caught=(0, 255, 120), missed=(255, 90, 90), false_alarm=(255, 190, 0), flag=(255, 140, 0),
    danger=(255, 90, 90), good=(0, 255, 120), button=(40, 40, 40), button_text=(255, 255, 255),
    disabled=(170, 170, 170),
    chip=(40, 40, 40), chip_text=(255, 255, 255), header=(12, 12, 12), header_text=(255, 255, 255),
    app_header=(12, 12, 12), app_header_text=(255, 255, 255), bank_header=(12, 12, 12),
    bank_header_text=(255, 255, 255), call_screen=(0, 0, 0), call_text=(255, 255, 255),
    call_muted=(230, 230, 230), call_card=(30, 30, 30), call_card_mine=(0, 35, 80), hang_up=(190, 0, 0),
    hang_up_text=(255, 255, 255), link=(130, 200, 255), sms_out=(255, 230, 0), sms_out_text=(0, 0, 0),
    transfer=(255, 150, 0), transfer_text=(0, 0, 0), page_button=(255, 230, 0), page_button_text=(0, 0, 0),
    notice=(45, 40, 0), notice_text=(255, 230, 0), scrim=(50, 50, 50),
    avatar_text=(255, 255, 255),
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


# Avatar circles: white initials (palette role `avatar_text`) on every hue at 4.5:1 or more.
AVATAR_HUES: tuple[Color, ...] = ((37, 99, 235), (4, 120, 87), (190, 24, 93), (180, 83, 9), (109, 40, 217),
                                  (15, 118, 110), (194, 65, 12), (67, 56, 202))


def avatar_color(name: str) -> Color:
    """A stable, pleasant colour per name (no meaning attached)."""
    return AVATAR_HUES[sum(map(ord, name)) % len(AVATAR_HUES)]


def hovered(fill: Color) -> Color:
    """The fill of a button under the pointer: a little lighter if dark, a little darker if light."""
    return tuple(min(255, c + 14) if sum(fill) < 400 else max(0, c - 14) for c in fill)  # type: ignore[return-value]


# -- contrast (WCAG 2.x) ---------------------------------------------------------------------

def luminance(color: Color) -> float:
    """WCAG relative luminance of an sRGB colour, 0 (black) to 1 (white)."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@dataclass(frozen=True)
class TextPair:
    text: str                   # palette role of the letters
    fill: str                   # palette role of what they are drawn on
    large: bool = False         # ≥ 24 px, or bold ≥ 19 px, at the smallest text size: 3:1 is enough
    hover: bool = False         # also drawn on the hovered fill (buttons)
    where: str = ""


TEXT_PAIRS: tuple[TextPair, ...] = (
    # screens, panels, the top bar, dialogs
    TextPair("text", "background", where="screen text, start-here note"),
    TextPair("muted", "background", where="title about and help, settings note, picker headings"),
    TextPair("danger", "background", large=True, where="the title screen's name (56 px bold)"),
    TextPair("accent", "background", where="start-here arrow"),
    TextPair("flag", "background", where="flag tray pills (small)"),
    TextPair("text", "panel", where="top bar title, panels, dialogs, flag picker, debrief summary"),
    TextPair("muted", "panel", where="play side panels' labels, hints, dialog notes"),
    TextPair("danger", "panel", where="money paid, data handed over, the top bar brand, debrief"),
    TextPair("good", "panel", where="money kept, toast, debrief"),
    TextPair("false_alarm", "panel", where="toast headline, debrief outcome"),
    TextPair("accent", "panel", where="toast headline, debrief takeaway and 'what do these mean', progress chart lines"),
    TextPair("flag", "panel", large=True, where="the timer (26 px bold)"),
    # buttons
    TextPair("button_text", "button", hover=True, where="buttons, inactive tabs, tab arrows"),
    TextPair("button_text", "panel", hover=True, where="quiet buttons"),
    TextPair("accent_text", "accent", hover=True, where="primary buttons, active tab, start-here pill, ↓"),
    TextPair("accent_text", "danger", hover=True, where="danger buttons"),
    TextPair("disabled", "button", where="disabled buttons, invalid scenario cards"),
    TextPair("muted", "button", where="invalid scenario problems"),
    # cards (picker, debrief timeline, phone cards and pages)
    TextPair("text", "card", where="cards, page text, dialogs on a page, web address"),
    TextPair("muted", "card", where="card titles, summaries, labels, status"),
    TextPair("flag", "card", where="picker difficulty stars"),
    TextPair("good", "card", where="debrief: named, the safe response, why it could be trusted"),
    TextPair("danger", "card", where="debrief: missed"),
    TextPair("link", "card", where="search results, links on pages"),
    # the phone
    TextPair("text", "phone_screen", where="status bar"),
    TextPair("muted", "phone_screen", where="narrator, sender names, typing"),
    TextPair("flag", "phone_screen", where="the ⚑ flagged marker under a message"),
    TextPair("chip_text", "chip", where="day separator"),
    TextPair("text", "bubble_in", where="incoming chat bubbles"),
    TextPair("muted", "bubble_in", where="time stamps, typing dots"),
    TextPair("link", "bubble_in", where="links in chat"),
    TextPair("bubble_out_text", "bubble_out", where="the player's chat bubbles and their stamps"),
    TextPair("text", "sms_in", where="incoming SMS and their stamps"),
    TextPair("link", "sms_in", where="links in SMS"),
    TextPair("sms_out_text", "sms_out", where="the player's SMS"),
    TextPair("header_text", "header", where="chat, SMS, web, search and e-mail headers"),
    TextPair("app_header_text", "app_header", where="app header"),
    TextPair("bank_header_text", "bank_header", where="bank header"),
    TextPair("call_text", "call_screen", where="call screen: name, status, hints"),
    TextPair("call_muted", "call_screen", where="call screen: number, status"),
    TextPair("call_text", "call_card", where="call transcript"),
    TextPair("call_muted", "call_card", where="call transcript: who and when"),
    TextPair("call_text", "call_card_mine", where="call transcript: the player"),
    TextPair("call_muted", "call_card_mine", where="call transcript: the player, who and when"),
    TextPair("hang_up_text", "hang_up", where="hang-up button"),
    TextPair("transfer_text", "transfer", where="the transfer bubble after a payment"),
    TextPair("page_button_text", "page_button", where="buttons on web and app pages"),
    TextPair("notice_text", "notice", where="banners on pages, the records notice on the title screen"),
)

# Marks that carry meaning without words (WCAG 1.4.11, 3:1): the focus ring and the flag outline
# around a flagged message, on what they are drawn over.
MARK_PAIRS: tuple[TextPair, ...] = tuple(
    TextPair(mark, fill, large=True, where=where)
    for mark, where in (("focus", "the keyboard focus ring"), ("flag", "the outline of a flagged message"))
    for fill in ("background", "panel", "card", "phone_screen", "bubble_in", "sms_in")
)
