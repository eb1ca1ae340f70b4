"""The terminal can't be broken by a file or a keyboard: what is printed is cleaned, what is
typed is parsed without an exception.

Output. A scenario shared by someone else, a file name, a pack name or an error message that
quotes them may hold characters a terminal obeys instead of showing: ESC sequences clear the
screen or retitle the window, a carriage return overwrites a line (`\\r✓ no problems`), a C1
control (U+009B is a one-character ESC [) or a bidi override (U+202E) fakes what is written.
`clean(text)` makes each of them visible instead:

- C0 controls except tab and newline become their Control Pictures (ESC → ␛, BEL → ␇,
  CR → ␍: U+2400 plus the code); CR LF becomes a plain newline first. DEL becomes ␡ (U+2421).
- C1 controls (U+0080–U+009F), the bidi embeddings, overrides and isolates (U+202A–U+202E,
  U+2066–U+2069) and lone surrogates (an undecodable byte of a file name) become U+FFFD �.

So `\\x1b[2J` prints as `␛[2J`: seen, never obeyed. `SafeStream` applies `clean` to every write;
`game.cli.main` installs it around standard output and standard error for the whole command, so
no print path can be forgotten. The game's own styling (the drill's dimmed context line) goes
through `style(out, code)`, which writes past the cleaning.

Input. `typed(line)` reads a line as typed: full-width forms (what a Chinese input method types
in full-width mode: ｑ, ３, the ideographic space) count as their ASCII letters, digits and space.
`whole_number(text, high)` is the one parser of every number typed at a prompt: decimal digits of
any script count as their value (３, ٣), look-alikes do not (², ①), and more than `MAX_DIGITS`
digits are no number, so no line typed makes it raise (`int()` refuses 4,300 digits and more).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TextIO

#: The most digits a number typed at a prompt may have; longer is no number (asked again).
MAX_DIGITS = 9
#: The longest line kept from standard input; the rest of a longer line is read and dropped.
MAX_LINE = 4096

REPLACEMENT = "\ufffd"
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _picture(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return REPLACEMENT


def clean(text: str) -> str:
    """`text` with every character a terminal would obey made visible (see the module's doc)."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_picture, text.replace("\r\n", "\n"))


def escape_json(text: str) -> str:
    """JSON text (from `json.dumps(…, ensure_ascii=False)`) with the characters `clean` would
    replace written as \\uXXXX escapes instead: the same data, safe to print. (json.dumps
    already escapes C0 controls; only C1, bidi controls and surrogates can be left.)"""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class SafeStream:
    """A text stream that cleans everything written to it (`clean`) before passing it on; all
    else (flush, fileno, isatty, encoding, …) is the wrapped stream's. `trusted` is the wrapped
    stream itself, for the game's own escape sequences (`style`)."""

    def __init__(self, stream: TextIO) -> None:
        self.trusted = stream

    @classmethod
    def wrap(cls, stream: TextIO | None) -> TextIO | None:
        """`stream` cleaned, once (an already wrapped stream is returned as it is, and so is None:
        the missing standard output of a windowed start, which print() quietly skips)."""
        if stream is None or isinstance(stream, SafeStream):
            return stream
        return cls(stream)  # type: ignore[return-value]

    def write(self, text: str) -> int:
        self.trusted.write(clean(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.trusted.flush()

    def __getattr__(self, name: str):
        return getattr(self.trusted, name)


def style(out: TextIO, code: str) -> None:
    """Write one of the game's own escape sequences (a colour, dim, reset) to `out`, past the
    cleaning of a `SafeStream`. Never pass text from a file here."""
    getattr(out, "trusted", out).write(code)


def read_line(stream: TextIO) -> str:
    """One line of `stream` ("" at its end), at most `MAX_LINE` characters: the rest of a
    longer line is read and dropped, so a line without end cannot fill the memory."""
    line = stream.readline(MAX_LINE)
    rest = line
    while rest and not rest.endswith("\n"):
        rest = stream.readline(MAX_LINE)
    return line if line.endswith("\n") or not rest else line + "\n"


def typed(line: str) -> str:
    """`line` as the player meant it: spaces around it removed, full-width forms (ｑ, ３, the
    ideographic space) read as their ASCII letters, digits and space."""
    return line.translate(_FULL_WIDTH).strip()


def whole_number(text: str, high: int | None = None, *, low: int = 1) -> int | None:
    """`text` as a whole number from `low` to `high` (no upper bound when None), else None.
    Decimal digits of any script count as their value (full-width ３, Arabic-Indic ٣); other
    characters that look like digits (², ①), signs, spaces inside and more than `MAX_DIGITS`
    digits do not. Never raises, whatever `text` is."""
    text = typed(text)
    if not text or len(text) > MAX_DIGITS or not text.isdecimal():
        return None
    value = 0
    for char in text:
        digit = unicodedata.decimal(char, None)
        if digit is None:
            return None
        value = value * 10 + digit
    if value < low or (high is not None and value > high):
        return None
    return value
