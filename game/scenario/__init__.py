"""Scenario content: reading, validating and the typed models. Imports nothing else from `game`."""

from .cached import ValidCache
from .errors import Problem, RedFlagError, ScenarioError, errors_in
from .identity import Identity
from .loader import (
    CATALOG_NAME,
    FACTS_NAME,
    FILE_SECONDS,
    REGIONS_DIR,
    check_catalog_bytes,
    check_catalog_file,
    check_content,
    check_facts_bytes,
    check_region_bytes,
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
    ByRegion,
    Fact,
    HelpLine,
    Region,
    for_region,
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
    Receipt,
    Recovery,
    RedFlag,
    Scenario,
    Step,
    Text,
    Wallet,
)
from .messages import MESSAGES, SUGGESTION, SUGGESTION_MEANING, TERMS, Term
from .messages import make as make_problem
from .outcomes import OUTCOMES, OutcomeSpec, headline_key
from .money import Number, format_money
from .templates import TemplateError, placeholders, render

__all__ = [
    "BUILTIN_SENDERS", "errors_in", "FACTS_NAME", "FILE_SECONDS", "Identity", "ValidCache", "REGIONS_DIR", "Between", "NumberPick", "TextPick", "CATALOG_NAME", "CHANNELS", "LANGS", "Catalog", "Choice", "Effects", "Ending",
    "LOOKS", "OUTCOMES", "OutcomeSpec", "headline_key", "Message", "Payment", "Problem", "RedFlag", "RedFlagError", "Scenario", "ScenarioError", "Step",
    "ByRegion", "Fact", "HelpLine", "Number", "Region", "check_catalog_file", "check_content", "check_facts_bytes", "check_region_bytes",
    "for_region", "format_money", "Receipt", "Recovery", "Wallet",
    "TemplateError", "Text", "check_catalog_bytes", "check_scenario_bytes", "check_scenario_file",
    "load_catalog", "load_folder", "load_scenario", "placeholders", "read_bytes", "render", "scenario_files",
    "MESSAGES", "SUGGESTION", "SUGGESTION_MEANING", "TERMS", "Term", "make_problem",
]
