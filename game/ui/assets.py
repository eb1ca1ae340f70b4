"""Fonts, rendered text and sounds. Built after `init_pygame()` and passed to whoever draws.
The audio device opens only when sound is first wanted (`start_sound`), not before the first frame.

Rendered text is cached: re-rendering every bubble every frame costs ~80 ms a frame; cached
surfaces cost under 1 ms. Wrapped lines and fitted layouts (game/ui/fit.py) are cached too.
Wrapping follows game.linebreak (Chinese punctuation rules).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from game.linebreak import wrap

if TYPE_CHECKING:
    from .fit import TextLog

ROOT = Path(__file__).resolve().parent.parent.parent
FONT_FILE = ROOT / "assets" / "fonts" / "NotoSansSC-RedFlag.otf"
SOUND_DIR = ROOT / "assets" / "sounds"
Color = tuple[int, int, int]


class Assets:
    def __init__(self, *, sound: bool = True, cache_size: int = 4000) -> None:
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._text: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._cache_size = cache_size
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        self.sound_on = sound
        self._memo: OrderedDict[tuple, Any] = OrderedDict()
        self.text_log: TextLog | None = None  # set while tests check that text stays in its box
        self._mixer: bool | None = None      # None: not opened yet (see `start_sound`)

    # -- fonts and text -------------------------------------------------------------------
    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        key = (size, bold)
        if key not in self._fonts:
            font = pygame.font.Font(str(FONT_FILE) if FONT_FILE.exists() else None, size)
            font.bold = bold
            self._fonts[key] = font
        return self._fonts[key]

    def line_height(self, size: int) -> int:
        return self.font(size).get_linesize()

    def lines(self, text: str, size: int, width: int, bold: bool = False) -> list[str]:
        """`text` wrapped to `width` pixels (a new list; the wrapping itself is cached)."""
        font = self.font(size, bold)
        return list(self.memo("lines", (text, size, width, bold),
                              lambda: tuple(wrap(text, width, lambda s: font.size(s)[0]))))

    def memo(self, kind: str, key: tuple, compute: Callable[[], Any]) -> Any:
        """A value computed once per key (wrapped lines, fitted layouts), least recently used first out."""
        full = (kind, *key)
        value = self._memo.get(full)
        if value is None:
            value = compute()
            self._memo[full] = value
            if len(self._memo) > self._cache_size * 2:
                self._memo.popitem(last=False)
        else:
            self._memo.move_to_end(full)
        return value

    def text(self, text: str, size: int, color: Color, width: int | None = None, bold: bool = False,
             align: str = "left") -> pygame.Surface:
        """`text` rendered (wrapped to `width` pixels if given), from the cache when possible."""
        key = (text, size, color, width, bold, align)
        surface = self._text.get(key)
        if surface is not None:
            self._text.move_to_end(key)
            return surface
        font = self.font(size, bold)
        if width is None:
            surface = font.render(text, True, color)
        else:
            lines = self.lines(text, size, width, bold) or [""]
            height = font.get_linesize()
            rendered = [font.render(line, True, color) for line in lines]
            surface = pygame.Surface((max(1, max(r.get_width() for r in rendered)), height * len(lines)),
                                     pygame.SRCALPHA)
            for index, line in enumerate(rendered):
                x = 0 if align == "left" else (surface.get_width() - line.get_width()) // (2 if align == "center" else 1)
                surface.blit(line, (x, index * height))
        self._text[key] = surface
        if len(self._text) > self._cache_size:
            self._text.popitem(last=False)
        return surface

    # -- sounds -------------------------------------------------------------------------------
    def start_sound(self) -> bool:
        """Open the audio device (once; the window does it after its first frame, and the first
        sound played does it if nothing did). False when there is no audio."""
        if self._mixer is None:
            try:
                if pygame.mixer.get_init() is None:
                    pygame.mixer.init()
                self._mixer = True
            except pygame.error:
                self._mixer = False
        return self._mixer

    def play(self, name: str) -> None:
        if not (self.sound_on and self.start_sound()):
            return
        sound = self._sounds.get(name)
        if sound is None:
            path = SOUND_DIR / f"{name}.wav"
            if not path.exists():
                return
            try:
                sound = pygame.mixer.Sound(str(path))
            except pygame.error:
                return
            self._sounds[name] = sound
        sound.play()
