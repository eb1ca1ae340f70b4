"""Tools for people who write scenarios: validate, list, playtest."""

from .migrate import Migration, migrate_file, migrate_text
from .playtest import PlaytestReport, playtest
from .validate import Report, check_catalog, expand, validate_paths

__all__ = ["Migration", "migrate_file", "migrate_text", "PlaytestReport", "Report", "check_catalog", "expand", "playtest", "validate_paths"]
