"""The one seam for results: every front end hands its finished `Session` to a `Recorder`.

The command line builds one (`Recorder(path, …)`) and passes it down to the window or the
terminal; the engine never learns of it. The recorder knows who is playing (a nickname), the
class (a code, or none), whether it was a demo, and — when an educator configured one — the
Learning Record Store to send statements to: they go into the outbox in the same transaction as
the attempt, and are sent after it (in a background thread for the window).

A recorder never breaks play: a records file that cannot be opened or written makes `error`
say why (the front end shows it) and the game goes on.
"""

from __future__ import annotations

import threading
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from .attempt import Attempt, attempt_of, now_iso
from .store import Filter, Player, Records, RecordsError, clean_nickname

if TYPE_CHECKING:
    from game.engine import Session

    from .lrs import LrsConfig
    from .practice import PracticeAnswer


class Recorder:
    def __init__(self, path: Path, *, class_code: str = "", lrs: "LrsConfig | None" = None,
                 retention_days: int | None = None, background_sync: bool = True) -> None:
        self.path = Path(path)
        self.class_code = class_code.strip()
        self.lrs = lrs
        self.retention_days = retention_days
        self.background_sync = background_sync
        self.player: Player | None = None
        self.error: str | None = None           # why results cannot be kept, for the front end to say
        self.notice: str | None = None          # the records file was moved aside (once)
        self.aside: str | None = None           # …under this name
        self._records: Records | None = None
        self._recorded: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()
        self._sync_thread: threading.Thread | None = None
        self.last_sync = None                   # the last SyncReport, if any

    # -- the store --------------------------------------------------------------------------
    @property
    def records(self) -> Records | None:
        """The open store, opened on first use; None (and `error` set) if it cannot be used."""
        if self._records is None and self.error is None:
            try:
                self._records = Records.open(self.path)
            except RecordsError as exc:
                self.error = str(exc)
                return None
            if self._records.notice:
                self.notice = self._records.notice
                self.aside = self._records.aside.name if self._records.aside else None
            if self.retention_days:
                self._records.purge(self.retention_days)
        return self._records

    def close(self) -> None:
        self.wait_for_sync()
        if self._records is not None:
            self._records.close()
            self._records = None

    # -- who is playing ---------------------------------------------------------------------
    def use(self, nickname: str) -> Player | None:
        """Play as `nickname` (a new player is made for a new nickname)."""
        if not clean_nickname(nickname) or not any(ch.isalnum() for ch in nickname):
            raise ValueError("a nickname needs at least one letter or digit")
        records = self.records
        if records is None:
            self.player = Player("", clean_nickname(nickname), True, now_iso())
            return self.player
        self.player = records.player(nickname)
        return self.player

    def players(self) -> list[Player]:
        records = self.records
        return records.players() if records is not None else ([self.player] if self.player else [])

    def keep_legacy(self, scores: dict[str, tuple[int, int]]) -> bool:
        """Keep played/best counts from the old progress file with the current player."""
        records = self.records
        if records is None or self.player is None or not self.player.id:
            return False
        records.keep_legacy_scores(self.player.id, scores)
        return True

    # -- results ----------------------------------------------------------------------------
    def record(self, session: "Session", *, mode: str = "play", started_at: str | None = None) -> Attempt | None:
        """Keep a finished session's attempt (once, however often it is handed over) and send
        its statements when an LRS is configured. None if it could not be kept."""
        if session in self._recorded:
            return self._recorded[session]
        records = self.records
        if records is None or self.player is None or not self.player.id:
            return None
        attempt = attempt_of(session, player_id=self.player.id, nickname=self.player.nickname,
                             class_code=self.class_code, mode=mode, started_at=started_at)
        outbox = ()
        if self.lrs is not None:
            from .lrs import outbox_pairs

            outbox = outbox_pairs(attempt, self.lrs)
        try:
            with self._lock:
                records.add(attempt, outbox)
        except Exception as exc:  # a full disk or a locked file must not end the game
            self.error = f"{type(exc).__name__}: {exc}"
            return None
        self._recorded[session] = attempt
        if self.lrs is not None:
            if self.background_sync:
                self.start_sync()
            else:                      # one try of each batch now; what fails waits for the next time
                self.sync()
        return attempt

    def record_attempt(self, attempt: Attempt) -> bool:
        """Keep an attempt another front end built (a classroom trainee's: their own player id
        and nickname, never one to play as here) and send its statements like any other. False
        if it could not be kept or was kept before."""
        records = self.records
        if records is None:
            return False
        outbox = ()
        if self.lrs is not None:
            from .lrs import outbox_pairs

            outbox = outbox_pairs(attempt, self.lrs)
        try:
            with self._lock:
                records.ensure_player(attempt.player_id, attempt.nickname)
                added = records.add(attempt, outbox)
        except Exception as exc:  # a full disk or a locked file must not stop the class
            self.error = f"{type(exc).__name__}: {exc}"
            return False
        if added and self.lrs is not None:
            if self.background_sync:
                self.start_sync()
            else:
                self.sync()
        return added

    def scores(self) -> dict[str, dict[str, int]]:
        """Played/best per scenario for the player playing now (demo runs left out)."""
        records = self.records
        if records is None or self.player is None or not self.player.id:
            return {}
        return {scenario: {"played": played, "best": best}
                for scenario, (played, best) in records.scores(self.player.id).items()}

    def history(self, player_id: str | None = None) -> list[Attempt]:
        """A player's attempts (default: the player playing now), oldest first, demo runs left out."""
        records = self.records
        player_id = player_id or (self.player.id if self.player else None)
        if records is None or not player_id:
            return []
        return records.attempts(Filter(player_id=player_id))

    # -- drills and forms -------------------------------------------------------------------
    def keep_practice(self, answers: "list[PracticeAnswer]", cards: list[tuple[str, str, str]] = (), *,
                      player_id: str | None = None, nickname: str | None = None) -> bool:
        """Keep drill or form answers and their items' changed cards (`(item, due, card)`) for
        the player playing now, or for `player_id` (a classroom trainee: `nickname` too).
        False if they could not be kept."""
        records = self.records
        player_id = player_id or (self.player.id if self.player else None)
        if records is None or not player_id:
            return False
        try:
            with self._lock:
                if nickname is not None:
                    records.ensure_player(player_id, nickname)
                records.add_practice(player_id, answers, cards)
        except Exception as exc:  # a full disk or a locked file must not end the drill
            self.error = f"{type(exc).__name__}: {exc}"
            return False
        return True

    def practice(self, *, forms=None, player_id: str | None = None) -> "list[PracticeAnswer]":
        """A player's drill and form answers (default: the player playing now), oldest first."""
        records = self.records
        player_id = player_id or (self.player.id if self.player else None)
        if records is None or not player_id:
            return []
        return records.practice(Filter(player_id=player_id), forms=forms)

    def cards(self, player_id: str | None = None) -> list[tuple[str, str, str]]:
        records = self.records
        player_id = player_id or (self.player.id if self.player else None)
        if records is None or not player_id:
            return []
        return records.cards(player_id)

    def last_activity(self) -> str | None:
        records = self.records
        if records is None or self.player is None or not self.player.id:
            return None
        return records.last_activity(self.player.id)

    # -- sending ----------------------------------------------------------------------------
    def sync(self, *, max_seconds: float | None = None):
        """Send what waits in the outbox now (in this thread, on its own connection)."""
        if self.lrs is None:
            return None
        from .lrs import sync

        try:
            with Records.open(self.path) as records:
                self.last_sync = sync(records, self.lrs, max_seconds=max_seconds)
        except RecordsError as exc:
            self.error = str(exc)
        return self.last_sync

    def start_sync(self) -> None:
        if self._sync_thread is not None and self._sync_thread.is_alive():
            return
        self._sync_thread = threading.Thread(target=self.sync, kwargs={"max_seconds": 60}, daemon=True,
                                             name="records-sync")
        self._sync_thread.start()

    def wait_for_sync(self, timeout: float = 5.0) -> None:
        if self._sync_thread is not None:
            self._sync_thread.join(timeout)
