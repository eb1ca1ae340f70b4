"""Scenario content: reading, validating and the typed models. Imports nothing else from `game`."""

from .errors import Problem, RedFlagError, ScenarioError
from .loader import (
    CATALOG_NAME,
    check_catalog_bytes,
    check_scenario_bytes,
    check_scenario_file,
    load_catalog,
    load_folder,
    load_scenario,
    read_bytes,
    scenario_files,
)
from .models import (
    BUILTIN_SENDERS,
    Between,
    NumberPick,
    TextPick,
    CHANNELS,
    LANGS,
    Catalog,
    Choice,
    Effects,
    Ending,
    LOOKS,
    Message,
    Payment,
    RedFlag,
    Scenario,
    Step,
    Text,
)
from .outcomes import OUTCOMES, OutcomeSpec, headline_key
from .templates import TemplateError, placeholders, render

__all__ = [
    "BUILTIN_SENDERS", "Between", "NumberPick", "TextPick", "CATALOG_NAME", "CHANNELS", "LANGS", "Catalog", "Choice", "Effects", "Ending",
    "LOOKS", "OUTCOMES", "OutcomeSpec", "headline_key", "Message", "Payment", "Problem", "RedFlag", "RedFlagError", "Scenario", "ScenarioError", "Step",
    "TemplateError", "Text", "check_catalog_bytes", "check_scenario_bytes", "check_scenario_file",
    "load_catalog", "load_folder", "load_scenario", "placeholders", "read_bytes", "render", "scenario_files",
]
