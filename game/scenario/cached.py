"""Skipping the work for scenario files that passed every check before.

Validating a file means parsing its YAML, building the models and running every check; most of
the time goes to the YAML. A cache (`ValidCache`; the game's own is `game.cache.ScenarioCache`)
keeps the parsed data of each file that had no problem at all, under a key made from everything
the verdict depends on: the file's bytes and name, the catalogue (with its regions and facts),
and the validating code itself (this package's source, pydantic's and PyYAML's versions). A
changed byte anywhere is a new key, so a stale entry is never used.

An entry found is never trusted blindly: its data goes through the models' validation again (no
YAML, no cross-reference checks), and anything that fails there is ignored, so the file is
checked in full as if there were no cache.
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import pydantic
import yaml
from pydantic import ValidationError

from .identity import Identity
from .models import Catalog, Scenario


class ValidCache(Protocol):
    """Where the parsed data of valid scenario files is kept, by `cache_key`."""

    def get(self, key: str, name: str) -> object | None:
        """The data stored under `key` for the file called `name`, or None (missing, unreadable
        or corrupt). Never raises."""

    def put(self, key: str, name: str, data: object) -> None:
        """Keep `data` (plain JSON-like values) for the file called `name`, replacing older
        entries for that name. Never raises for a cache that cannot be written."""


@lru_cache(maxsize=1)
def validator_version() -> str | None:
    """A digest of what validating depends on besides the content: the source of this package
    and the versions of Python, pydantic and PyYAML. None when the source cannot be read (a
    packaged build): then nothing can tell a stale entry, and the cache is not used."""
    digest = hashlib.sha256(f"{sys.version_info[:2]}|{pydantic.VERSION}|{yaml.__version__}".encode())
    sources = sorted(Path(__file__).parent.glob("*.py"))
    if not any(source.name == "checks.py" for source in sources):
        return None
    try:
        for source in sources:
            digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


@lru_cache(maxsize=8)
def _catalog_digest(catalog: Identity) -> str:
    return hashlib.sha256(repr(catalog.value).encode("utf-8")).hexdigest()


def cache_key(name: str, raw: bytes, catalog: Catalog) -> str | None:
    """The key of a scenario file's entry: its name and bytes, the catalogue it is checked
    against (with regions and facts), and the validating code (None: no cache can be used)."""
    version = validator_version()
    if version is None:
        return None
    digest = hashlib.sha256()
    for part in (version.encode(), _catalog_digest(Identity(catalog)).encode(), name.encode("utf-8"), raw):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def from_cache(cache: ValidCache, key: str, name: str) -> Scenario | None:
    """The scenario kept under `key`, validated again by the models; None if there is none or
    it does not validate (a corrupt or tampered entry: the caller checks the file in full)."""
    data = cache.get(key, name)
    if data is None:
        return None
    try:
        return Scenario.model_validate(data)
    except (ValidationError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
