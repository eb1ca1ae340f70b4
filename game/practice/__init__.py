"""Practice: drills of single messages, spaced boosters, before/after forms, what to play next.

Above the engine and the records, beside the front ends: every front end (window, terminal,
classroom) builds a `Coach` and shows what it hands out. Imports no pygame and no front end;
no words (front ends say reasons and levels with their locale keys). docs/learning.md says how
it all works.
"""

from .bank import GENUINE, SCAM, Bank, ItemSpec, build_bank
from .boosters import ABSENCE_DAYS, Booster
from .coach import FORMS, Coach, Run
from .grading import Change, Feedback, Level, Measure, change, feedback, grade, measure
from .item import DrillItem, Reason, build_item
from .plan import AFTER, BEFORE, DRILL_ITEMS, FORM_ITEMS, Pick, forms, plan_drill
from .recommend import Recommendation, recommend

__all__ = ["ABSENCE_DAYS", "AFTER", "Bank", "BEFORE", "Booster", "build_bank", "build_item", "Change",
           "change", "Coach", "DRILL_ITEMS", "DrillItem", "Feedback", "feedback", "FORM_ITEMS", "FORMS",
           "forms", "GENUINE", "grade", "ItemSpec", "Level", "Measure", "measure", "Pick", "plan_drill",
           "Reason", "recommend", "Recommendation", "Run", "SCAM"]
