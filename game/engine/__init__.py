"""The engine: plays a validated scenario. Imports no pygame, no front end, does no file IO."""

from .bot import Bot, Choose, Flag, RandomPolicy, Unflag, Wait, walk
from .demo import TeachingPolicy
from .errors import EngineError, SaveError
from .personas import FakerPersonas, FixedPersonas, PersonaSource
from .saves import ScenarioChangedError, content_hash
from .scoring import sdt
from .session import LANG_CHOICES, TIMEOUT, Session
from .views import (
    ChoiceMade,
    ChoiceView,
    DataGiven,
    DebriefItem,
    Event,
    FactView,
    FlagFeedback,
    HelpView,
    FlagOption,
    FlagRaised,
    FlagRemoved,
    MessageArrived,
    MessageResult,
    MessageView,
    MoneyPaid,
    MoneyReceived,
    PaymentView,
    ReasonView,
    ReceivedView,
    Result,
    ScenarioEnded,
    SentPayment,
    SessionView,
    StepEntered,
    ThreadView,
    TimedOut,
    TimerView,
    TurnView,
)

__all__ = [
    "Bot", "Choose", "Flag", "RandomPolicy", "TeachingPolicy", "Unflag", "Wait", "walk",
    "LANG_CHOICES", "TIMEOUT", "ChoiceMade", "ChoiceView", "DataGiven", "DebriefItem", "EngineError", "Event",
    "FactView", "HelpView", "FakerPersonas", "FixedPersonas", "FlagFeedback", "FlagOption", "FlagRaised", "FlagRemoved", "MessageArrived",
    "MessageResult", "MessageView", "MoneyPaid", "MoneyReceived", "PaymentView", "ReasonView", "ReceivedView", "SentPayment", "PersonaSource", "Result", "SaveError", "ScenarioChangedError", "ScenarioEnded", "content_hash",
    "Session", "SessionView", "StepEntered", "ThreadView", "TimedOut", "TimerView", "TurnView", "sdt",
]
