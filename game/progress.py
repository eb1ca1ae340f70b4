"""The player's own data on this machine: settings, played/best scores, and the autosave.

One JSON file in the user's data folder (or $REDFLAG_HOME), written atomically. A corrupt
file is never thrown away: it is kept beside as `progress.json.corrupt` and play starts fresh.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.storage import write_json_atomic

TEXT_SIZES = (1.0, 1.2, 1.4)    # the text size setting's values, smallest first

DEFAULT_SETTINGS: dict[str, Any] = {
    "lang": None,               # None: from the system
    "region": None,             # None: from the system or the language (CN, US, GB, …)
    "text_size": 1.0,           # one of TEXT_SIZES
    "sound": True,
    "high_contrast": False,
    "reduced_motion": False,
    "feedback": "delayed",      # immediate | delayed
}


def data_home() -> Path:
    env = os.environ.get("REDFLAG_HOME")
    if env:
        return Path(env)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "RedFlag"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "RedFlag"
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "redflag"


@dataclass
class Progress:
    path: Path
    settings: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_SETTINGS))
    scores: dict[str, dict[str, int]] = field(default_factory=dict)     # id → {"played", "best"}
    autosave: dict[str, Any] | None = None                              # {"scenario_id", "session"}

    @classmethod
    def load(cls, path: Path | None = None) -> "Progress":
        path = path or data_home() / "progress.json"
        progress = cls(path)
        if not path.exists():
            return progress
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            settings = data.get("settings", {})
            for key, default in DEFAULT_SETTINGS.items():
                value = settings.get(key, default)
                if default is not None and not isinstance(value, type(default)):
                    value = default
                progress.settings[key] = value
            progress.scores = {str(k): {"played": int(v["played"]), "best": int(v["best"])}
                               for k, v in data.get("scores", {}).items()}
            autosave = data.get("autosave")
            progress.autosave = autosave if isinstance(autosave, dict) else None
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            try:
                path.replace(path.with_name(path.name + ".corrupt"))
            except OSError:
                pass
            return cls(path)
        return progress

    def save(self) -> None:
        write_json_atomic(self.path, {"version": 1, "settings": self.settings, "scores": self.scores,
                                      "autosave": self.autosave})

    def record(self, scenario_id: str, score: int) -> None:
        entry = self.scores.setdefault(scenario_id, {"played": 0, "best": 0})
        entry["played"] += 1
        entry["best"] = max(entry["best"], score)
