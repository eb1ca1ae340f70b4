"""Tools for people who write scenarios: validate, list, playtest."""

from .playtest import PlaytestReport, playtest
from .validate import Report, check_catalog, expand, validate_paths

__all__ = ["PlaytestReport", "Report", "check_catalog", "expand", "playtest", "validate_paths"]
