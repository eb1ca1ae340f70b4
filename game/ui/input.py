"""The only place that reads pygame events: each becomes a small frozen Input value.

Key bindings are data: a key maps to a named intent that scenes understand. Typed text comes as
`TextEntered` (SDL's TEXTINPUT, which an input method sends whole words and hanzi through) and
the composition still under way as `TextEditing`; a key that also types a character gives an
`Intent` with `typed` set, so a scene with a text field can leave it to the `TextEntered`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame


@dataclass(frozen=True, slots=True)
class Tap:
    pos: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Hover:
    pos: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Scroll:
    dy: int                      # positive: towards the top of the content
    pos: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Intent:
    name: str                    # next, prev, up, down, left, right, activate, flag, back, lang, fullscreen, choose
    number: int = 0              # for "choose": 1-9
    typed: bool = False          # the key also types a character (a TextEntered brings it)


@dataclass(frozen=True, slots=True)
class TextEntered:
    text: str                    # committed text: a key's character, or what an input method sends


@dataclass(frozen=True, slots=True)
class TextEditing:
    text: str                    # an input method's composition, not committed yet ("" when it ends)


@dataclass(frozen=True, slots=True)
class Resize:
    size: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Quit:
    pass


Input = Tap | Hover | Scroll | Intent | TextEntered | TextEditing | Resize | Quit

KEY_INTENTS = {
    pygame.K_TAB: "next", pygame.K_UP: "up", pygame.K_DOWN: "down", pygame.K_LEFT: "left",
    pygame.K_RIGHT: "right", pygame.K_RETURN: "activate", pygame.K_KP_ENTER: "activate",
    pygame.K_SPACE: "activate", pygame.K_f: "flag", pygame.K_ESCAPE: "back", pygame.K_F11: "fullscreen",
    pygame.K_PAGEUP: "page_up", pygame.K_PAGEDOWN: "page_down", pygame.K_HOME: "home", pygame.K_END: "end",
    pygame.K_BACKSPACE: "erase",
}

# The number pad's 1–9 choose a reply as the number row does.
KEYPAD_DIGITS = dict(zip((pygame.K_KP_1, pygame.K_KP_2, pygame.K_KP_3, pygame.K_KP_4, pygame.K_KP_5,
                          pygame.K_KP_6, pygame.K_KP_7, pygame.K_KP_8, pygame.K_KP_9), range(1, 10)))


def translate(events: list[pygame.event.Event]) -> list[Input]:
    inputs: list[Input] = []
    for event in events:
        if event.type == pygame.QUIT:
            inputs.append(Quit())
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            inputs.append(Tap(tuple(event.pos)))
        elif event.type == pygame.MOUSEMOTION:
            inputs.append(Hover(tuple(event.pos)))
        elif event.type == pygame.MOUSEWHEEL:
            inputs.append(Scroll(int(event.y), tuple(pygame.mouse.get_pos())))
        elif event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            size = (event.w, event.h) if event.type == pygame.VIDEORESIZE else (event.x, event.y)
            inputs.append(Resize(size))
        elif event.type == pygame.TEXTINPUT:
            inputs.append(TextEntered(str(event.text)))
        elif event.type == pygame.TEXTEDITING:
            inputs.append(TextEditing(str(event.text)))
        elif event.type == pygame.KEYDOWN:
            shift = bool(event.mod & pygame.KMOD_SHIFT)
            char = getattr(event, "unicode", "") or ""
            typed = bool(char) and char.isprintable() and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT)
            if event.key == pygame.K_TAB and shift:
                inputs.append(Intent("prev"))
            elif event.key == pygame.K_l and event.mod & pygame.KMOD_CTRL:
                inputs.append(Intent("lang"))
            elif pygame.K_1 <= event.key <= pygame.K_9:
                inputs.append(Intent("choose", event.key - pygame.K_0, typed))
            elif event.key in KEYPAD_DIGITS:
                inputs.append(Intent("choose", KEYPAD_DIGITS[event.key], typed))
            elif event.key in KEY_INTENTS:
                inputs.append(Intent(KEY_INTENTS[event.key], typed=typed))
    return inputs
