"""The player's things on this computer that are not results: settings and the autosave.

Three separate things, in the user's data folder (platformdirs, or $REDFLAG_HOME):
- `settings.json` — language, region, text size, sound, contrast, motion, feedback, the player
  playing now and how long results are kept;
- `autosave.json` — an unfinished session per player, to resume;
- the records database (`game.records`) — every finished attempt. `scores` here is only the
  window's copy of played/best per scenario, filled from the records.

Both files are written atomically and read through strict models (`game.save_schema`): nothing
in them can stop the game. A file that cannot be read, or holds anything wrong, is never thrown
away: it is kept beside as `NAME.corrupt-<time>` (never over an earlier one), what was fine in it
is kept (the other settings, the other players' autosaves) and written back, and a `Notice` says
which file was kept aside. An autosave that cannot be resumed (`resume`: corrupt, or its scenario
changed since) is kept beside autosave.json as `autosave.json.refused-<time>` and dropped, with a
notice. An old `progress.json` (settings, scores and autosave in one file) is read once: its
settings and autosave move to the new files and its played/best counts wait in `legacy_scores`
until the records keep them (`retire_legacy`); what is wrong in it is left out, and the file
itself is kept whole (as `progress.json.migrated`).
"""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.save_schema import TEXT_SIZES, check_autosave, check_autosaves, check_scores, check_settings, default_settings
from game.storage import clean_leftovers, keep_aside, set_aside, write_json_atomic

if TYPE_CHECKING:
    from game.engine import Session
    from game.scenario import Catalog, Scenario

__all__ = ["DEFAULT_SETTINGS", "TEXT_SIZES", "Notice", "Progress", "config_home", "data_home"]

log = logging.getLogger(__name__)

#: lang, region (None: from the system), text_size (one of TEXT_SIZES), sound, high_contrast,
#: reduced_motion, feedback (immediate | delayed), player (the nickname playing now; None: none
#: chosen yet), retention_days (None: keep results for ever). The model is `SettingsModel`.
DEFAULT_SETTINGS: dict[str, Any] = default_settings()

MAX_FILE_BYTES = 64 * 1024 * 1024     # a larger settings or autosave file is set aside unread

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


@dataclass(frozen=True)
class Notice:
    """Something the player is told at the next start screen (window) or on stderr (terminal):
    the locale key of the sentence and the name of the file kept aside."""

    key: str            # progress.set_aside(_whole) | progress.resume_refused | progress.scenario_changed
    name: str           # the file kept aside, e.g. "settings.json.corrupt-20261130T081502"
    file: str = ""      # the file it came from ("settings.json")


@dataclass
class Progress:
    home: Path
    settings: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_SETTINGS))
    autosaves: dict[str, dict[str, Any]] = field(default_factory=dict)  # player id → {"scenario_id", "session"}
    player_id: str = ""                                                  # whose autosave `autosave` is
    scores: dict[str, dict[str, int]] = field(default_factory=dict)     # id → {"played", "best"}
    legacy_scores: dict[str, tuple[int, int]] = field(default_factory=dict)   # from an old progress.json
    notices: list[Notice] = field(default_factory=list)                 # files kept aside, to tell the player

    @classmethod
    def load(cls, home: Path | None = None) -> "Progress":
        """The player's settings and autosaves. Never raises for what the files hold: whatever
        is wrong is set aside (see the module's docstring) and noted in `notices`."""
        home = Path(home) if home is not None else data_home()
        clean_leftovers(home)           # temporary files of a process killed while saving
        progress = cls(home)
        settings = progress._read(SETTINGS_FILE)
        if settings is _MISSING and (home / OLD_FILE).exists():
            old = progress._read(OLD_FILE)
            if isinstance(old, dict):          # read once, kept whole as progress.json.migrated
                settings = old.get("settings", _MISSING)
                entry = check_autosave(old.get("autosave"))
                if entry is not None:
                    progress.autosaves[""] = entry          # the first player to play takes it
                progress.legacy_scores = check_scores(old.get("scores"))
                if settings is not _MISSING:
                    progress.settings, _ = check_settings(settings)
                settings = _MISSING
        if settings is not _MISSING:
            progress.settings, clean = check_settings(settings)
            if not clean:
                progress._keep_what_was_fine(SETTINGS_FILE, {"version": 2, **progress.settings})
        saves = progress._read(AUTOSAVE_FILE)
        if saves is not _MISSING:
            good, clean = check_autosaves(saves)
            progress.autosaves.update(good)
            if not clean:
                progress._keep_what_was_fine(AUTOSAVE_FILE, good)
        return progress

    def _read(self, name: str) -> object:
        """A JSON file's data; `_MISSING` if there is none. One that cannot be read (not a
        regular file, too large, not JSON, nested too deeply) is set aside, with a notice."""
        path = self.home / name
        try:
            info = path.stat()
        except FileNotFoundError:
            return _MISSING
        except OSError:
            return _MISSING
        try:
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                raise ValueError("not a regular file, or too large")
            with open(path, "rb") as stream:
                text = stream.read(MAX_FILE_BYTES + 1)
            if len(text) > MAX_FILE_BYTES:
                raise ValueError("too large")
            return json.loads(text.decode("utf-8"))
        except OSError:
            return _MISSING
        except (ValueError, RecursionError, MemoryError):      # UnicodeDecodeError is a ValueError
            self._set_aside(name)
            return _MISSING

    def _set_aside(self, name: str, key: str = "progress.set_aside_whole") -> None:
        try:
            aside = set_aside(self.home / name)     # NAME.corrupt-<time>: never over one set aside before
        except OSError:
            log.warning("%s could not be read or set aside", name)
            return
        self.notices.append(Notice(key, aside.name, name))

    def _keep_what_was_fine(self, name: str, good: object) -> None:
        """`name` held something wrong: set it aside whole, and write back what was fine."""
        self._set_aside(name, "progress.set_aside")
        try:
            write_json_atomic(self.home / name, good)
        except (OSError, ValueError):
            log.warning("%s could not be written again", name)

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

    def resume(self, scenario: "Scenario", catalog: "Catalog",
               words: Callable[[str, str], str] | None = None) -> "Session | None":
        """The session of the player's autosave, its view built once; None after refusing it
        (`refuse_autosave`: the save is kept aside, with a notice). Nothing in the save can make
        this raise: whatever goes wrong rebuilding the session or its view refuses it."""
        from game.engine import ScenarioChangedError, Session

        entry = self.autosave
        if not entry:
            return None
        try:
            session = Session.from_json(scenario, catalog, entry["session"], words=words)
            session.view()
            session.turn()
        except ScenarioChangedError:
            self.refuse_autosave("progress.scenario_changed")
            return None
        except Exception as error:          # untrusted data: any failure refuses the save, never a traceback
            log.warning("the autosave of %s cannot be resumed: %s", scenario.id, error)
            self.refuse_autosave("progress.resume_refused")
            return None
        return session

    def refuse_autosave(self, key: str = "progress.resume_refused") -> None:
        """Drop the player's autosave, kept beside autosave.json as `autosave.json.refused-<time>`,
        and note it (`key`: the sentence that says why)."""
        entry = self.autosave
        self.autosave = None
        if entry is None:
            return
        try:
            name = keep_aside(self.home / AUTOSAVE_FILE, entry).name
        except (OSError, ValueError, RecursionError):
            name = "?"
        self.notices.append(Notice(key, name, AUTOSAVE_FILE))
        try:
            self.save()
        except OSError:
            log.warning("the autosaves could not be written")

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


_MISSING: Any = object()       # a file that is not there (or was set aside unread)
