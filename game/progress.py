"""The player's things on this computer that are not results: settings and the autosave.

Three separate things, in the user's data folder (platformdirs, or $REDFLAG_HOME):
- `settings.json` — language, region, text size, sound, contrast, motion, feedback, the player
  playing now and how long results are kept;
- `autosave.json` — an unfinished session per player, to resume;
- the records database (`game.records`) — every finished attempt. `scores` here is only the
  window's copy of played/best per scenario, filled from the records.

Both files are written atomically. A corrupt file is never thrown away: it is kept beside as
`NAME.corrupt-<time>` (never over an earlier one) and play starts fresh. An old `progress.json` (settings, scores and autosave in
one file) is read once: its settings and autosave move to the new files and its played/best
counts wait in `legacy_scores` until the records keep them (`retire_legacy`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.storage import clean_leftovers, set_aside, write_json_atomic

TEXT_SIZES = (1.0, 1.2, 1.4)    # the text size setting's values, smallest first

DEFAULT_SETTINGS: dict[str, Any] = {
    "lang": None,               # None: from the system
    "region": None,             # None: from the system or the language (CN, US, GB, …)
    "text_size": 1.0,           # one of TEXT_SIZES
    "sound": True,
    "high_contrast": False,
    "reduced_motion": False,
    "feedback": "delayed",      # immediate | delayed
    "player": None,             # the nickname playing now (None: none chosen yet)
    "retention_days": None,     # None: keep results for ever; N: forget attempts older than N days
}

SETTINGS_FILE, AUTOSAVE_FILE, OLD_FILE = "settings.json", "autosave.json", "progress.json"


def data_home() -> Path:
    """Where the player's files live: $REDFLAG_HOME, else the platform's user data folder."""
    env = os.environ.get("REDFLAG_HOME")
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("redflag", appauthor=False)


def config_home() -> Path:
    """Where an educator's configuration (lrs.toml) lives: $REDFLAG_HOME, else the platform's
    user config folder."""
    env = os.environ.get("REDFLAG_HOME")
    if env:
        return Path(env)
    from platformdirs import user_config_path

    return user_config_path("redflag", appauthor=False)


@dataclass
class Progress:
    home: Path
    settings: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_SETTINGS))
    autosaves: dict[str, dict[str, Any]] = field(default_factory=dict)  # player id → {"scenario_id", "session"}
    player_id: str = ""                                                  # whose autosave `autosave` is
    scores: dict[str, dict[str, int]] = field(default_factory=dict)     # id → {"played", "best"}
    legacy_scores: dict[str, tuple[int, int]] = field(default_factory=dict)   # from an old progress.json

    @classmethod
    def load(cls, home: Path | None = None) -> "Progress":
        home = Path(home) if home is not None else data_home()
        clean_leftovers(home)           # temporary files of a process killed while saving
        progress = cls(home)
        settings = _read(home / SETTINGS_FILE)
        if settings is None and (home / OLD_FILE).exists():
            old = _read(home / OLD_FILE)
            if isinstance(old, dict):
                settings = old.get("settings")
                if isinstance(old.get("autosave"), dict):
                    progress.autosaves[""] = old["autosave"]          # the first player to play takes it
                progress.legacy_scores = _legacy(old.get("scores"))
        if isinstance(settings, dict):
            for key, default in DEFAULT_SETTINGS.items():
                value = settings.get(key, default)
                if key == "retention_days":
                    value = value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
                elif key == "player":
                    value = value if isinstance(value, str) and value.strip() else None
                elif default is not None and not isinstance(value, type(default)):
                    value = default
                progress.settings[key] = value
        saves = _read(home / AUTOSAVE_FILE)
        if isinstance(saves, dict):
            progress.autosaves.update({str(k): v for k, v in saves.items() if isinstance(v, dict)})
        return progress

    @property
    def autosave(self) -> dict[str, Any] | None:
        """The unfinished session of the player playing now."""
        return self.autosaves.get(self.player_id) or self.autosaves.get("")

    @autosave.setter
    def autosave(self, value: dict[str, Any] | None) -> None:
        self.autosaves.pop("", None)
        if value is None:
            self.autosaves.pop(self.player_id, None)
        else:
            self.autosaves[self.player_id] = value

    def save(self) -> None:
        write_json_atomic(self.home / SETTINGS_FILE, {"version": 2, **self.settings})
        write_json_atomic(self.home / AUTOSAVE_FILE, self.autosaves)

    def record(self, scenario_id: str, score: int) -> None:
        """Count a finished attempt in the window's copy of played/best."""
        entry = self.scores.setdefault(scenario_id, {"played": 0, "best": 0})
        entry["played"] += 1
        entry["best"] = max(entry["best"], score)

    def retire_legacy(self) -> None:
        """The records have kept the old file's counts: save the new files and keep the old
        one beside as `progress.json.migrated`."""
        self.legacy_scores = {}
        old = self.home / OLD_FILE
        if old.exists():
            self.save()
            old.replace(old.with_name(OLD_FILE + ".migrated"))


def _read(path: Path) -> object | None:
    """A JSON file's data; None if it is missing. A corrupt one is kept aside as NAME.corrupt-<time>."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        return None
    try:
        return json.loads(text)
    except ValueError:
        try:
            set_aside(path)          # NAME.corrupt-<time>: never over one set aside before
        except OSError:
            pass
        return None


def _legacy(scores: object) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    if isinstance(scores, dict):
        for scenario, entry in scores.items():
            try:
                found[str(scenario)] = (int(entry["played"]), int(entry["best"]))
            except (TypeError, KeyError, ValueError):
                continue
    return found
