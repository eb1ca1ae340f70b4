"""Line breaking for mixed Chinese and English text, shared by the terminal and the window.

Chinese breaks between any two characters, English only at spaces; a number or a web address
is never split. Closing punctuation (，。！？、 …) never starts a line: it hangs at the end of the
previous one. Opening brackets and quotes never end a line. Width is measured by a function
you pass: terminal columns, or pixels of a font.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

NO_LINE_START = frozenset("，。！？、；：）》」』】〉〕”’…—·%,.!?;:)]}")
NO_LINE_END = frozenset("（《「『【〈〔“‘([{")

_TOKEN = re.compile(r"\s+|[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’…—]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’…—]+")


def columns(text: str) -> int:
    """Terminal display width: East Asian wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _split_long(token: str, width: int, measure: Callable[[str], int]) -> list[str]:
    parts, current = [], ""
    for ch in token:
        if current and measure(current + ch) > width and ch not in NO_LINE_START:
            parts.append(current)
            current = ""
        current += ch
    return parts + [current] if current else parts


def wrap(text: str, width: int, measure: Callable[[str], int] = columns) -> list[str]:
    """Break `text` into lines no wider than `width` (closing punctuation may hang over)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        for token in _TOKEN.findall(paragraph):
            candidate = "".join(line) + token
            if not line or measure(candidate.rstrip()) <= width or token.isspace():
                line.append(token)
                continue
            if token[0] in NO_LINE_START and len(token) == 1:
                line.append(token)          # hanging punctuation
                continue
            carried = []
            while line and len(line[-1]) == 1 and line[-1] in NO_LINE_END:
                carried.insert(0, line.pop())
            if line:
                lines.append("".join(line).rstrip())
            line = carried
            if measure(token) > width and not carried:
                *full, token = _split_long(token, width, measure)
                lines.extend(full)
            line.append(token)
        lines.append("".join(line).rstrip())
    return lines
