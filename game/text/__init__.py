"""The terminal front end."""

from .debrief import format_result
from .play import TextGame

__all__ = ["TextGame", "format_result"]
