"""The cache of validated scenarios on this machine, so start-up stays flat as packs grow.

`game.scenario.load_folder(folder, catalog, cache=ScenarioCache.default())` keeps the parsed
data of every scenario file that passed all checks under a key made from its content (see
`game.scenario.cached`); start-up then validates the models only. One JSON file per scenario in
the user's cache folder ($REDFLAG_CACHE, else $REDFLAG_HOME/cache, else the platform's cache
folder), written atomically. Each file names its key and carries a SHA-256 of its data: one that
does not parse, names another key or fails its checksum is ignored (and rewritten after the
scenario was checked in full). JSON, never pickle: reading a cache file can never run code.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from game.storage import write_text_atomic

FORMAT = 1                      # of the cache files; another value is ignored
DISABLED = ("", "0", "off", "none")


def cache_home() -> Path | None:
    """Where cache files go; None when $REDFLAG_CACHE turns the cache off ("off", "0" or empty)."""
    env = os.environ.get("REDFLAG_CACHE")
    if env is not None:
        return None if env.strip().lower() in DISABLED else Path(env)
    home = os.environ.get("REDFLAG_HOME")
    if home:
        return Path(home) / "cache"
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "RedFlag" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "RedFlag"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "redflag"


def _checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ScenarioCache:
    """A `game.scenario.ValidCache` in a folder: one `<file name>.<key>.json` per scenario file.
    Its first line is a header (format, key, SHA-256 of the rest), the rest the parsed data."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    @classmethod
    def default(cls) -> "ScenarioCache | None":
        home = cache_home()
        return cls(home / "scenarios") if home is not None else None

    def _path(self, key: str, name: str) -> Path:
        return self.folder / f"{name}.{key}.json"

    def get(self, key: str, name: str) -> object | None:
        try:
            header, _, text = self._path(key, name).read_text(encoding="utf-8").partition("\n")
            entry = json.loads(header)
            if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
                return None
            if entry.get("sha256") != _checksum(text):
                return None
            return json.loads(text)
        except (OSError, ValueError):           # missing, unreadable, not UTF-8, not JSON
            return None

    def put(self, key: str, name: str, data: object) -> None:
        try:
            text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        except (TypeError, ValueError):          # not plain JSON (a YAML date, say): not cached
            return
        if json.loads(text) != data:             # e.g. a number used as a key would come back as text
            return
        header = json.dumps({"format": FORMAT, "key": key, "sha256": _checksum(text)})
        path = self._path(key, name)
        try:
            write_text_atomic(path, header + "\n" + text)
            for old in self.folder.iterdir():    # one entry per file name: drop the older ones
                stem, _, rest = old.name.rpartition(".")[0].rpartition(".")
                if old != path and rest and stem == name and old.suffix == ".json":
                    old.unlink(missing_ok=True)
        except OSError:                          # a read-only or full disk only costs speed
            return
