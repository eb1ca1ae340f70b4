"""The error hierarchy shared by every layer.

Library code raises these; only the command line turns them into messages and exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a content file, as data (the authoring tools format it).

    `line` and `column` are 1-based; 0 means "the file as a whole".
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        text = f"{where}: {self.message} [{self.code}]"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class RedFlagError(Exception):
    """Base of every error this project raises on purpose."""


class ScenarioError(RedFlagError):
    """A content file (scenario or catalogue) is invalid. Carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        first = problems[0].format() if problems else "invalid content"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)
