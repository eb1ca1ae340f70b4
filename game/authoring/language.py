"""The authoring tools' own strings (`author.*` in the locale files)."""

from __future__ import annotations

from game.locale import Translator


def say(lang: str, key: str, **params: object) -> str:
    """A locale string (`author.KEY`) in `lang`, filled from `params`."""
    return Translator(lang).t(f"author.{key}", **params)
