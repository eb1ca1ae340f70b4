"""Line breaking for mixed Chinese and English text, shared by the terminal and the window.

Chinese breaks between any two characters, English only at spaces; a number, a time (08:53) or
a web address is never split unless it is wider than the whole line, and a phone number's
groups ("0300 123 2040") stay together unless nothing else fits. Closing punctuation
(，。！？、 …) never starts a line and opening brackets and quotes never end one: they stay with
their neighbour, which moves to the next line with them. A label "X · Y" (such as
"第2天 · 08:53") never breaks beside its "·", and a number keeps to the Chinese characters around
it ("第2天", "30,000元") unless nothing else fits. A paragraph's last line is never a single
Chinese character when a better break exists ("不再聊 / 了" becomes "不再 / 聊了"). No line is
wider than the width (a single character wider than the width still takes a line of its own).
Width is measured by a function you pass: terminal columns, or pixels of a font.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

NO_LINE_START = frozenset("，。！？、；：）》」』】〉〕”’…—·%,.!?;:)]}")
NO_LINE_END = frozenset("（《「『【〈〔“‘([{")
SEPARATORS = frozenset("·•")          # "X · Y": never broken on either side of the dot

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’…—"   # for the regex (escapes, not characters)
_TOKEN = re.compile(rf"\s+|[{_CJK}]|[^\s{_CJK}]+")
_DIGIT_GROUP = re.compile(r"\(?\+?\d{1,5}\)?")          # 0300, (07700), +44, 555: a phone number's parts

# What may happen between two neighbouring atoms (a gap), best first: the line may end there; may
# end there only if no BREAK fits (a number beside Chinese); only if nothing else fits (after the
# "·" of a label); must not end there (the run is cut by characters only if wider than the line).
BREAK, SOFT, LAST, NEVER = 3, 2, 1, 0

Measure = Callable[[str], int]


def columns(text: str) -> int:
    """Terminal display width: East Asian wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def is_ideograph(ch: str) -> bool:
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


def ideographs(text: str) -> int:
    return sum(is_ideograph(ch) for ch in text)


def is_orphan(line: str) -> bool:
    """A line that holds one Chinese character and nothing else but punctuation ("了。", "卡")."""
    content = [ch for ch in line if not ch.isspace() and unicodedata.category(ch)[0] not in "PS"]
    return len(content) == 1 and is_ideograph(content[0])


def _gaps(atoms: list[str]) -> list[int]:
    """gaps[i]: may a line end between atoms[i] and atoms[i + 1]?"""
    gaps = []
    for before, after in zip(atoms, atoms[1:]):
        if before.isspace():
            gaps.append(BREAK)                      # a line ends after a space (the space is dropped)
        elif after.isspace() or after[0] in NO_LINE_START or before[-1] in NO_LINE_END:
            gaps.append(NEVER)
        elif (before[-1].isdigit() and is_ideograph(after[0])) or (is_ideograph(before[-1]) and after[0].isdigit()):
            gaps.append(SOFT)                       # 第2天, 30,000元: only if nothing else fits
        else:
            gaps.append(BREAK)
    for index in range(1, len(atoms) - 1):          # "0300 123 2040": a phone number's groups stay together
        if atoms[index] == " " and _DIGIT_GROUP.fullmatch(atoms[index - 1]) and _DIGIT_GROUP.fullmatch(atoms[index + 1]):
            gaps[index] = LAST
    for index, atom in enumerate(atoms):            # "X · Y": glue the spaces around the dot
        if atom in SEPARATORS:
            if index >= 1 and atoms[index - 1].isspace():
                gaps[index - 1] = NEVER
            if index + 1 < len(gaps) and atoms[index + 1].isspace():
                gaps[index + 1] = LAST
    return gaps


def _split_point(text: str, width: int, measure: Measure) -> int:
    """Where to cut `text` (too wide for one line) so that the head fits `width`: at least one
    character; the tail does not start with closing punctuation if that can be helped."""
    if len(text) <= 1:
        return len(text)
    cut = 1
    while cut < len(text) and measure(text[:cut + 1].rstrip()) <= width:
        cut += 1
    if cut >= len(text):
        return cut
    best = cut
    while best > 1 and (text[best] in NO_LINE_START or text[best - 1] in NO_LINE_END):
        best -= 1
    return best if text[best] not in NO_LINE_START and text[best - 1] not in NO_LINE_END else cut


def _choose_end(best: dict[int, int], half_full: Callable[[int], bool]) -> int:
    """The last fitting BREAK, unless it leaves the line less than half full while a later SOFT
    fits (a number then parts from its Chinese neighbour); LAST only if nothing else fits."""
    if best[BREAK] >= 0 and (best[SOFT] < best[BREAK] or half_full(best[BREAK])):
        return best[BREAK]
    if best[SOFT] >= 0:
        return best[SOFT]
    return best[LAST]


def _last_fitting(lengths: list[int], width_at: Callable[[int], int], width: int) -> int:
    """The index of the last possible line end whose line fits `width` (-1 if none). Widths grow
    with the index; `lengths[k]` is the line's length in characters up to end k. Start from a
    guess by characters, gallop, then halve the interval: a few measurements per line."""
    count = len(lengths)
    total = width_at(count - 1)
    if total <= width:
        return count - 1
    target = max(1, lengths[-1]) * width / total
    guess = next((k for k, length in enumerate(lengths) if length > target), count - 1)
    low, high = -1, count - 1                       # end `low` fits (or low == -1); end `high` does not
    step = 1
    if width_at(guess) <= width:
        low = guess
        while low + step < high and width_at(low + step) <= width:
            low, step = low + step, step * 2
        high = min(high, low + step)
    else:
        high = guess
        while high - step > low and width_at(high - step) > width:
            high, step = high - step, step * 2
        low = max(low, high - step)
    while high - low > 1:
        middle = (low + high) // 2
        if width_at(middle) <= width:
            low = middle
        else:
            high = middle
    return low


def _fill(atoms: list[str], gaps: list[int], width: int, measure: Measure) -> tuple[list[str], bool, bool]:
    """Greedy filling: each line takes as much as fits, ending at the best kind of gap it can.
    Also says whether a run wider than the line had to be cut by characters, and whether a
    choice depended on the width itself (a half-empty line, a lone last character)."""
    atoms, gaps = list(atoms), list(gaps)
    forced = sensitive = False

    def text(start: int, end: int) -> str:
        return "".join(atoms[start:end + 1]).rstrip()

    ranges: list[tuple[int, int]] = []
    start = 0
    while start < len(atoms):
        # Where the line may end, in order; widths only grow along it, so search for the last
        # one that fits (a few measurements per line, not one per character).
        ends, lengths, length = [], [], 0
        for i in range(start, len(atoms)):
            length += len(atoms[i])
            if i == len(atoms) - 1 or gaps[i] != NEVER:
                ends.append(i)
                lengths.append(length)
        fits = _last_fitting(lengths, lambda k: measure(text(start, ends[k])), width)   # ends[:fits + 1] fit
        end = -1
        if fits == len(ends) - 1:
            end = ends[fits]                        # the rest of the paragraph fits
        elif fits >= 0:
            best = {BREAK: -1, SOFT: -1, LAST: -1}
            for at in ends[:fits + 1]:
                best[gaps[at]] = at
            sensitive = sensitive or 0 <= best[BREAK] < best[SOFT]
            end = _choose_end(best, lambda at: measure(text(start, at)) * 2 >= width)
        if end < 0:                                 # one unbreakable run is wider than the line
            index = ends[0]
            run = "".join(atoms[start:index + 1])
            cut = _split_point(run, width, measure)
            head, tail = run[:cut], run[cut:].lstrip()
            atoms[start:index + 1] = [head, tail] if tail else [head]
            gaps[start:index] = [BREAK] if tail else []
            end = start
            forced = True
        ranges.append((start, end))
        start = end + 1
        while start < len(atoms) and atoms[start].isspace():
            start += 1
    lines = [text(start, end) for start, end in ranges]
    if len(ranges) >= 2 and is_orphan(lines[-1]):
        (first, middle), (_, last) = ranges[-2], ranges[-1]
        for cut in range(middle - 1, first - 1, -1):      # take characters down from the line above
            if gaps[cut] != BREAK:
                continue
            tail = "".join(atoms[cut + 1:last + 1]).strip()
            head = text(first, cut)
            if measure(tail) > width or not head.strip() or is_orphan(head):
                break
            if ideographs(tail) >= 2:
                lines[-2:] = [head, tail]
                sensitive = True
                break
    return lines, forced, sensitive


def _reflow(atoms: list[str], gaps: list[int], width: int, measure: Measure, count: int) -> list[str] | None:
    """The same paragraph in `count` lines, none of them a lone Chinese character: the best kind
    of breaks first, then lines as full as possible from the top. None if there is no such way."""
    n = len(atoms)
    widths: dict[tuple[int, int], int] = {}

    def text(start: int, end: int) -> str:
        return "".join(atoms[start:end + 1]).rstrip()

    def fits(start: int, end: int) -> bool:
        if (start, end) not in widths:
            widths[start, end] = measure(text(start, end))
        return widths[start, end] <= width

    memo: dict[tuple[int, int], tuple[int, tuple[int, ...]] | None] = {}

    def best(start: int, left: int) -> tuple[int, tuple[int, ...]] | None:
        if (start, left) in memo:
            return memo[start, left]
        found = None
        if left == 1:
            if fits(start, n - 1) and not is_orphan(text(start, n - 1)):
                found = (BREAK, (n - 1,))
        else:
            for end in range(start, n - 1):
                if gaps[end] == NEVER:
                    continue
                if not fits(start, end):
                    break
                if is_orphan(text(start, end)):
                    continue
                following = end + 1
                while following < n and atoms[following].isspace():
                    following += 1
                rest = best(following, left - 1) if following < n else None
                if rest is not None:
                    candidate = (min(gaps[end], rest[0]), (end,) + rest[1])
                    found = candidate if found is None or candidate > found else found
        memo[start, left] = found
        return found

    chosen = best(0, count)
    if chosen is None:
        return None
    lines, start = [], 0
    for end in chosen[1]:
        lines.append(text(start, end))
        start = end + 1
        while start < n and atoms[start].isspace():
            start += 1
    return lines


def _wrap_paragraph(paragraph: str, width: int, measure: Measure) -> tuple[list[str], bool]:
    atoms = _TOKEN.findall(paragraph)
    if not atoms:
        return [""], False
    gaps = _gaps(atoms)
    lines, forced, sensitive = _fill(atoms, gaps, width, measure)
    if len(lines) >= 2 and is_orphan(lines[-1]) and not forced:
        return _reflow(atoms, gaps, width, measure, len(lines)) or lines, True
    return lines, sensitive


def _wrap_once(text: str, width: int, measure: Measure) -> tuple[list[str], bool]:
    lines: list[str] = []
    sensitive = False
    for paragraph in text.split("\n"):
        more, choice = _wrap_paragraph(paragraph, max(1, width), measure)
        lines.extend(more)
        sensitive = sensitive or choice
    return lines, sensitive


def wrap(text: str, width: int, measure: Measure = columns) -> list[str]:
    """Break `text` into lines no wider than `width` (see the module docstring for the rules).

    Shrink-wrap safe: wrapping again to the width of the widest line gives the same lines, so a
    bubble sized to its text holds that text. (The choices that look at the width, a lone last
    character or a half-empty line, could otherwise decide differently in the narrower box.)"""
    lines, sensitive = _wrap_once(text, width, measure)
    for _ in range(8):
        if not sensitive:
            break
        widest = max((measure(line) for line in lines), default=0)
        if widest >= width or widest <= 0:
            break
        again, sensitive = _wrap_once(text, widest, measure)
        if again == lines:
            break
        lines, width = again, widest
    return lines
