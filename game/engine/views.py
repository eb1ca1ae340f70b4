"""What front ends see: immutable snapshots of a session, and the events it emits.

Views are values (frozen, tuples, no engine objects inside) and compare with `==`. They never
reveal whether a contact is a scam: roles and red flags appear only in the result.
"""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal

from .frozen import frozen

Number = int | Decimal          # amounts: whole numbers, or decimals with two places at most


@frozen
class PaymentView:
    """Money that a message asks for, or that a choice sends: the fields a bank screen shows."""

    amount: Number
    currency: str               # ISO 4217, e.g. "CNY"
    payee: str                  # the name the money goes to
    account: str = ""           # the payee's account number as shown, if the scenario gives one
    card_tail: str = ""         # the last digits of the payee's card, if the scenario gives them
    bank: str = ""              # the payee's bank, if the scenario gives it
    taken: bool = False         # the money leaves without a transfer the player confirms (e.g. a code read out)


@frozen
class SentPayment:
    """A payment the player made: what, when, from which step and thread (for a transfer bubble)."""

    payment: PaymentView
    at: float
    step_id: str
    thread: str
    choice_id: str


@frozen
class MessageView:
    number: int                 # 1-based among visible flaggable messages (what players type); 0 if not flaggable
    id: str
    step_id: str
    thread: str
    channel: str
    sender: str                 # cast key, "player" or "narrator"
    sender_name: str
    text: str
    at: float                   # game seconds since the start
    flaggable: bool
    flag: str | None            # None: not flagged; "": "just suspicious"; else a red-flag ID
    balance: int | None = None  # a balance the page shows: plotted on the thread's chart
    payment: PaymentView | None = None   # the money this message asks the player to send
    first_flag: str | None = None        # the first flag raised on it (what immediate feedback scores)
    look: str = ""              # how a page shows it: "" (the channel's usual way), "permission" (a system
                                # dialog), "button", "field" (a form field), "link", "notice" (a banner)


@frozen
class ThreadView:
    id: str
    channel: str
    title: str                  # who the conversation is with
    message_ids: tuple[str, ...]
    detail: str = ""            # their number, site or address, if the cast gives one
    group: bool = False         # a group chat: named after the group, two or more people write in it


@frozen
class ReceivedView:
    """Money that came in to the player: a rebate, a small withdrawal, a buyer's payment."""

    amount: Number
    currency: str
    payer: str                  # who it came from, as shown
    at: float
    step_id: str
    thread: str                 # the conversation it shows in (the payer's, else the step's)
    clears: bool = True         # False: it will be taken back. Never shown during play (the
                                # player cannot know yet); the debrief says so.


@frozen
class ReasonView:
    """Why a choice cannot be taken: a locale key and its placeholders, already written out
    (money in the session's currency and language). Front ends render it with their translator:
    `t(reason.key, **dict(reason.params))`."""

    key: str
    params: tuple[tuple[str, str], ...] = ()


@frozen
class ChoiceView:
    number: int
    id: str
    text: str
    available: bool = True      # False: shown, but it cannot be taken now (`reason` says why)
    cost: int = 0               # money this choice pays (for a confirmation step), 0 if none
    payment: PaymentView | None = None   # to whom and how much, when the choice sends money
    gives: tuple[str, ...] = () # names of the data it hands over, in the current language
    reason: ReasonView | None = None     # why it is unavailable (e.g. it costs more than the wallet holds)


@frozen
class TimerView:
    seconds_left: float
    total: float


@frozen
class SessionView:
    revision: int
    scenario_id: str
    title: str
    lang: str
    step_id: str
    channel: str
    clock: float
    day: int                    # 1 on the first day
    time_of_day: str            # "HH:MM"
    messages: tuple[MessageView, ...]
    threads: tuple[ThreadView, ...]
    choices: tuple[ChoiceView, ...]
    waiting: bool               # more messages of this step are still to arrive
    timer: TimerView | None
    paid: Number
    currency: str               # ISO 4217 code of every amount in this scenario
    payments: tuple[SentPayment, ...]
    given: tuple[str, ...]      # names of the data items handed over, in the current language
    ended: bool
    outcome: str | None
    region: str = "CN"          # the region it plays in (its currency, services and help lines)
    received: tuple[ReceivedView, ...] = ()   # money that came in, in order
    balance: Number | None = None   # the wallet: start − paid + received (None without a `wallet:`);
                                    # money that does not clear leaves it again once the story ends


@frozen
class TurnView:
    """The little a bot reads to plan a turn (`Session.turn`), without the texts, threads and
    money of a full `SessionView`: every visible message as (id, flaggable, flag or None), and
    the IDs of the choices the player can take now."""

    messages: tuple[tuple[str, bool, str | None], ...]
    choices: tuple[str, ...]


@frozen
class FlagFeedback:
    """One line of immediate feedback on a flag (for the "immediate feedback" mode)."""

    message_id: str
    verdict: str                # hit | false_alarm
    named_right: bool
    headline: str               # e.g. the right red flag's name, or "No red flag here"
    line: str                   # one line why


@frozen
class FlagOption:
    id: str                     # red-flag ID, or "" for "just suspicious"
    name: str


# -- the result at the end -------------------------------------------------------------

@frozen
class MessageResult:
    id: str
    step_id: str
    text: str
    flags: tuple[str, ...]      # the red flags the message carries
    flagged: str | None         # what was scored: None, "" (suspicious) or an ID (the first flag in immediate mode)
    verdict: str                # hit | miss | false_alarm | correct_rejection
    credit: float               # 1 named right, 0.5 suspicious, 0.25 named wrong, 0 otherwise
    at: float
    sender_name: str = ""
    channel: str = ""
    note: str = ""              # why a message without red flags was trustworthy (from the scenario)
    final_flag: str | None = None   # the flag left on it at the end (differs from `flagged` if changed)
    first_flag: str | None = None   # the first flag ever raised on it ("" just suspicious), None if never flagged
    first_flag_at: float | None = None  # game-clock seconds when it was first flagged
    final_flag_at: float | None = None  # …and when the flag left on it at the end was raised (None: none left)


@frozen
class DebriefItem:
    kind: str                   # red_flag | false_alarm
    message_id: str
    message_text: str
    flag_id: str | None
    name: str                   # the red flag's name (or "No red flag")
    caught: bool                # red_flag: the message was flagged; false_alarm: always False
    named: bool                 # red_flag: this very flag was named
    why: str                    # why it is a red flag, or why the message was fine
    safe: str                   # the safe response
    occurrence: int = 1         # red flags: this is the Nth time the same flag with the same explanation appears
    occurrences: int = 1        # …out of this many: front ends explain it once ("One fee after another × 4")
    # kind "trusted": a message without red flags that was left alone, with the scenario's note on
    # why it could be trusted (shown so that a genuine scenario played well still teaches).


@frozen
class ChoiceRecord:
    step_id: str
    choice_id: str              # "timeout" when the player waited too long
    text: str
    at: float
    safe: bool | None


@frozen
class FactView:
    """A statistic an ending cites, with its year and source."""

    text: str
    year: int
    source: str


@frozen
class HelpView:
    """One line of the region's "if it happens for real" list."""

    name: str
    contact: str
    when: str


@frozen
class Result:
    scenario: str
    scenario_version: int
    kind: str
    seed: int
    lang: str
    ending: str
    ending_title: str
    outcome: str
    score: int
    detection: float
    restraint: float
    decisions: float
    loss: Number
    paid: Number
    currency: str
    feedback: str               # immediate | delayed: in immediate mode the first flag on a message is scored
    given: tuple[str, ...]
    hits: int
    misses: int
    false_alarms: int
    correct_rejections: int
    named_correctly: int
    d_prime: float
    criterion: float
    ending_debrief: str
    takeaway: str
    debrief: tuple[DebriefItem, ...]
    messages: tuple[MessageResult, ...]
    choices: tuple[ChoiceRecord, ...]
    clock: float
    lowered_by: tuple[str, ...] = ()    # secrets handed over that turned the ending's "safe" into "partial"
    region: str = "CN"                  # the region played: its currency, personas and help lines
    fact: FactView | None = None        # the one statistic the ending cites
    help: tuple[HelpView, ...] = ()     # the region's help lines, in the result's language
    region_name: str = ""               # the region's name in the result's language
    received: Number = 0                # money that came in to the player and cleared (it offsets the loss)
    taken_back: Number = 0              # money that came in but never cleared (a bounced cheque): taken back
    recovered: Number = 0               # the part of the loss that comes back (never more than the loss)
    recovery_pending: bool = False      # True: it may come back once the case is closed; False: returned

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready data (decimal amounts as strings)."""
        return plain(asdict(self))


def plain(value: object) -> object:
    """`value` with every Decimal written as text ("12.90"): what JSON can carry."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(plain(v) for v in value)
    return value


# -- events -----------------------------------------------------------------------------

@frozen
class StepEntered:
    step_id: str
    channel: str


@frozen
class MessageArrived:
    message_id: str


@frozen
class FlagRaised:
    message_id: str
    flag_id: str                # "" for "just suspicious"
    verdict: str                # hit | false_alarm (what immediate feedback shows)
    named_right: bool


@frozen
class FlagRemoved:
    message_id: str


@frozen
class ChoiceMade:
    choice_id: str


@frozen
class TimedOut:
    step_id: str
    note: str = ""              # what happened, e.g. "The agent moved on" (the scenario's words, or "")


@frozen
class MoneyPaid:
    amount: int
    total: int


@frozen
class MoneyReceived:
    amount: Number
    payer: str                  # cast key of who sent it
    clears: bool                # False: it will be taken back (the view never shows this during play)


@frozen
class DataGiven:
    item: str


@frozen
class ScenarioEnded:
    ending_id: str
    outcome: str


Event = (StepEntered | MessageArrived | FlagRaised | FlagRemoved | ChoiceMade | TimedOut
         | MoneyPaid | MoneyReceived | DataGiven | ScenarioEnded)
