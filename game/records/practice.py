"""One answer in a drill or a before/after check, as it is kept: IDs, numbers and times, no words.

A drill shows single messages ("scam or genuine? which red flag? how sure are you?"); each
answer is kept with what the message was (`truth`, its red flags, the scam type it belongs to
or resembles), what the player said and how sure they were. `run` groups the answers of one
drill or one form; `form` says which it was. The spaced-repetition card of an item (when it is
due again) is kept beside the answers (`Records.cards`).
"""

from __future__ import annotations

from dataclasses import dataclass

FORMS = ("drill", "booster", "before", "after")      # a booster: a drill of items that were due
TRUTHS = ("scam", "genuine")
#: "How sure are you?": 1 a guess, 2 fairly sure, 3 sure — and the chance of being right each stands for.
CONFIDENCE = {1: 0.5, 2: 0.75, 3: 0.95}


@dataclass(frozen=True, slots=True)
class PracticeAnswer:
    id: str                         # UUID
    run: str                        # the drill or form it was part of (UUID)
    form: str                       # drill | booster | before | after
    item: str                       # "scenario/message"
    scenario: str
    message_id: str
    region: str
    lang: str
    seed: int
    truth: str                      # scam | genuine
    flags: tuple[str, ...]          # the red flags the message carries
    scam_type: str | None
    difficulty: int
    said: str                       # scam | genuine
    named: str | None               # the red flag picked (None: none picked; "": just suspicious)
    confidence: int                 # 1..3 (CONFIDENCE)
    answered_at: str                # ISO 8601 UTC
    seconds: float                  # from the item shown to the answer
    class_code: str = ""

    @property
    def correct(self) -> bool:
        return self.said == self.truth

    @property
    def verdict(self) -> str:
        """As a message in a scenario is scored: hit | miss | false_alarm | correct_rejection."""
        if self.truth == "scam":
            return "hit" if self.said == "scam" else "miss"
        return "false_alarm" if self.said == "scam" else "correct_rejection"

    @property
    def named_right(self) -> bool:
        return bool(self.named) and self.named in self.flags

    @property
    def probability(self) -> float:
        """The chance of being right the player's confidence stands for."""
        return CONFIDENCE[self.confidence]
