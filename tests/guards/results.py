"""Hand-made results for the debrief tests: a `Result` with plain defaults, and its parts."""

from __future__ import annotations

from game.engine import DebriefItem, MessageResult, Result


def result(**fields: object) -> Result:
    """A finished, safe, empty result; `fields` replace any of its values."""
    base: dict[str, object] = dict(
        scenario="tiny_loan", scenario_version=1, kind="scam", seed=1, lang="en", ending="end_safe",
        ending_title="", outcome="safe", score=100, detection=1.0, restraint=1.0, decisions=1.0, loss=0, paid=0,
        currency="CNY", feedback="delayed", given=(), hits=0, misses=0, false_alarms=0, correct_rejections=0,
        named_correctly=0, d_prime=0.0, criterion=0.0, ending_debrief="The story ends.", takeaway="", debrief=(),
        messages=(), choices=(), clock=10.0)
    base.update(fields)
    return Result(**base)  # type: ignore[arg-type]


def message(id: str = "m1", *, flags: tuple[str, ...] = ("upfront_fee",), flagged: str | None = None,
            verdict: str = "miss", final_flag: str | None = None, **fields: object) -> MessageResult:
    base: dict[str, object] = dict(id=id, step_id="s1", text=f"text of {id}", flags=flags, flagged=flagged,
                                   verdict=verdict, credit=0.0, at=1.0, final_flag=final_flag)
    base.update(fields)
    return MessageResult(**base)  # type: ignore[arg-type]


def red_flag(message_id: str = "m1", flag_id: str = "upfront_fee", *, caught: bool = False, named: bool = False,
             occurrence: int = 1, occurrences: int = 1, name: str = "Upfront fee") -> DebriefItem:
    return DebriefItem(kind="red_flag", message_id=message_id, message_text=f"text of {message_id}", flag_id=flag_id,
                       name=name, caught=caught, named=named, why=f"why {flag_id}", safe=f"safe {flag_id}",
                       occurrence=occurrence, occurrences=occurrences)


def other(kind: str, message_id: str, why: str) -> DebriefItem:
    """A "false_alarm" or "trusted" line."""
    return DebriefItem(kind=kind, message_id=message_id, message_text=f"text of {message_id}", flag_id=None,
                       name="No red flag", caught=False, named=False, why=why, safe="")
