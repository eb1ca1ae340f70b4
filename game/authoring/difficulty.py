"""The difficulty rubric (docs/difficulty.md), computed: how many cues the opening shows,
read from the file, and how well its premise fits the player, read from the author's comment.

The *opening* is the start step and the steps after it along the choices and timeouts that are
not marked `safe: true`, breadth first, up to three steps: what a player who goes along sees
before the story asks for anything irreversible. Cues are the distinct red-flag IDs on its
messages (scams) or the flag-free messages with a `note:` (look-alikes: each note explains a
surface feature that resembles a scam cue).
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass

from game.scenario import Scenario

OPENING_STEPS = 3
TABLE = {1: {1: 1, 2: 1, 3: 2}, 2: {1: 1, 2: 2, 3: 3}, 3: {1: 2, 2: 3, 3: 3}}   # cue score → premise → difficulty
PREMISES = {"low": 1, "medium": 2, "high": 3}
_PREMISE = re.compile(r"premise:\s*(low|medium|high)\b")


@dataclass(frozen=True)
class Rating:
    opening: tuple[str, ...]     # the steps counted
    cues: int                    # distinct red flags (scam) or look-alike notes (legit) in them
    cue_score: int               # 1 easy … 3 hard
    premise: int | None          # from the comment; None if the comment does not say
    difficulty: int | None       # from the table; None without a premise

    def comment(self, kind: str, premise_words: str) -> str:
        if kind == "legit":
            what = f"look-alike cues: {self.cues} note{'s' if self.cues != 1 else ''} in the opening → {self.cue_score}"
        else:
            what = f"cues: {self.cues} red flag{'s' if self.cues != 1 else ''} in the opening → {self.cue_score}"
        return f"{what}; premise: {premise_words}"


def opening(scenario: Scenario) -> tuple[str, ...]:
    seen, order = {scenario.start}, []
    queue = deque([scenario.start])
    while queue and len(order) < OPENING_STEPS:
        step_id = queue.popleft()
        order.append(step_id)
        step = scenario.steps[step_id]
        targets = [c.to for c in step.choices if c.safe is not True]
        if step.timeout:
            targets.append(step.timeout.to)
        for target in targets:
            if target in scenario.steps and target not in seen:
                seen.add(target)
                queue.append(target)
    return tuple(order)


def cue_score(kind: str, cues: int) -> int:
    if kind == "legit":             # more features that look like scam cues: harder to trust rightly
        return 3 if cues >= 5 else 2 if cues >= 3 else 1
    return 1 if cues >= 5 else 2 if cues >= 3 else 3


def premise_of(comment: str) -> tuple[int | None, str]:
    """The premise rating and the author's words for it, from the comment beside `difficulty:`."""
    match = _PREMISE.search(comment)
    if not match:
        return None, ""
    return PREMISES[match.group(1)], comment[match.start() + len("premise:"):].strip()


def rate(scenario: Scenario, comment: str = "") -> Rating:
    steps = opening(scenario)
    messages = [m for step_id in steps for m in scenario.steps[step_id].messages]
    if scenario.kind == "legit":
        cues = sum(1 for m in messages if not m.flags and m.note is not None)
    else:
        cues = len({flag for m in messages for flag in m.flags})
    score = cue_score(scenario.kind, cues)
    premise, _ = premise_of(comment)
    return Rating(steps, cues, score, premise, TABLE[score][premise] if premise else None)


DIFFICULTY_LINE = re.compile(r"^difficulty:\s*(\d)\s*(?:#\s*(.*))?$", re.MULTILINE)


def difficulty_comment(text: str) -> str:
    match = DIFFICULTY_LINE.search(text)
    return (match.group(2) or "") if match else ""
