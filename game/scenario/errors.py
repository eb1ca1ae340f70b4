"""The error hierarchy shared by every layer.

Library code raises these; only the command line turns them into messages and exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a content file, as data (the authoring tools format it).

    `line` and `column` are 1-based; 0 means "the file as a whole". `message` and `hint` are
    English; `key` and `params` let the authoring tools say the same in the player's language
    (locale strings `diag.KEY` and `diag.KEY.hint`, filled from `params`). A `warning` does not
    make a file invalid: it plays, and `validate` still exits 0 (`lint --strict` fails on it).
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    severity: str = "error"                      # "error" | "warning"
    key: str = ""                                # locale key of the message (see above)
    params: tuple[tuple[str, object], ...] = ()  # its placeholders, as (name, value) pairs

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        label = "warning: " if self.severity == "warning" else ""
        text = f"{where}: {label}{self.message} [{self.code}]"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


def errors_in(problems: list[Problem]) -> list[Problem]:
    """The problems that make a file invalid (warnings leave it playable)."""
    return [p for p in problems if p.severity == "error"]


class RedFlagError(Exception):
    """Base of every error this project raises on purpose."""


class ScenarioError(RedFlagError):
    """A content file (scenario or catalogue) is invalid. Carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        first = problems[0].format() if problems else "invalid content"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)
