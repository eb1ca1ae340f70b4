"""Records: every finished attempt kept (SQLite), spoken as xAPI, reported.

Above the engine, beside the front ends: `game.cli` builds one `Recorder` and hands it to the
window or the terminal, which give it their finished sessions. Nothing below (scenario, engine)
knows this package exists. Imports no pygame and no front end.
"""

from .attempt import Attempt, ChoiceRecord, MessageRecord, attempt_of
from .mastery import Mastery, ScenarioFacts, Tally, TrendPoint, facts_of, mastery_of, trend
from .sink import Recorder
from .store import FILE_NAME, Filter, Player, Records, RecordsError
from .summary import Summary, summarise

__all__ = ["Attempt", "ChoiceRecord", "FILE_NAME", "Filter", "Mastery", "MessageRecord", "Player", "Recorder",
           "Records", "RecordsError", "ScenarioFacts", "Summary", "Tally", "TrendPoint", "attempt_of", "facts_of",
           "mastery_of", "summarise", "trend"]
