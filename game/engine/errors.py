"""Errors raised by the engine."""

from __future__ import annotations

from game.scenario import RedFlagError


class SaveError(RedFlagError):
    """A saved session is corrupt or from an incompatible version."""


class EngineError(RedFlagError):
    """An illegal command was given to a Session: a bug in the caller, never ignored."""
