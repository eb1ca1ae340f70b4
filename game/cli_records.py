"""The command line's records part: building the `Recorder` front ends hand results to, and the
`progress`, `records …` and `report` commands.

Kept apart from game/cli.py so that the window's start-up imports none of it until it needs a
recorder (sqlite3 only; reports, xAPI and the LRS client load when a command asks for them).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from game.locale import Translator
from game.progress import Progress, config_home, data_home
from game.records.sink import Recorder
from game.records.store import FILE_NAME, Filter, Records, RecordsError
from game.terminal import whole_number

LRS_FILE = "lrs.toml"
MAX_KEEP_DAYS = 36_500          # `records keep DAYS`: a hundred years (a date so far back cannot be computed)


class CommandError(RecordsError):
    """A records command that cannot be carried out; its message is for the user."""


def records_path(args: argparse.Namespace) -> Path:
    return getattr(args, "records", None) or data_home() / FILE_NAME


def lrs_config():
    """The Learning Record Store an educator configured (environment or lrs.toml), or None.
    Without either, the LRS client (urllib and all) is never imported: the window starts sooner."""
    path = config_home() / LRS_FILE
    if not path.is_file() and not any(name.startswith("REDFLAG_LRS_") for name in os.environ):
        return None
    from game.records.lrs import load_config

    return load_config(path)


def make_recorder(args: argparse.Namespace, progress: Progress, tr: Translator, *, background_sync: bool) -> Recorder:
    """The recorder for a play session: its file, class, LRS and player (`--player`, else the
    last player, else a new suggested nickname), with the old progress file's counts kept."""
    from game.records.nicknames import suggest

    recorder = Recorder(records_path(args), class_code=getattr(args, "class_code", "") or "", lrs=lrs_config(),
                        retention_days=progress.settings.get("retention_days"), background_sync=background_sync)
    wanted = getattr(args, "player", None)
    if wanted is not None and not any(ch.isalnum() for ch in wanted):
        raise CommandError(tr.t("player.bad_nickname"))
    nickname = wanted or progress.settings.get("player")
    if not nickname:
        taken = [p.nickname for p in recorder.players()]
        nickname = suggest(tr.t, taken)
    player = recorder.use(nickname)
    if player is not None:
        progress.player_id = player.id
        if "" in progress.autosaves:            # an autosave from before players: the first player's
            progress.autosaves.setdefault(player.id, progress.autosaves.pop(""))
        if progress.settings.get("player") != player.nickname:
            progress.settings["player"] = player.nickname
            progress.save()
    if progress.legacy_scores and recorder.keep_legacy(progress.legacy_scores):
        progress.retire_legacy()
    return recorder


def dispatch(args: argparse.Namespace, folder: Path, out: TextIO) -> int:
    if args.command == "progress":
        return _progress(args, folder, out)
    if args.command == "report":
        return _report(args, folder, out)
    command = getattr(args, "records_command", None)
    if command is None:
        raise CommandError("say what to do with the records: status, sync, export, forget or keep "
                           "(python main.py records --help)")
    return {"status": _status, "sync": _sync, "export": _export, "forget": _forget, "keep": _keep}[command](args, out)


def _open(args: argparse.Namespace) -> Records:
    records = Records.open(records_path(args))
    if records.notice:
        print(f"warning: {records.notice}", file=sys.stderr)
    return records


def _lang(args: argparse.Namespace) -> str:
    from game.locale import default_lang

    return getattr(args, "lang", None) or default_lang()


def _names(folder: Path, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Red-flag names and scenario titles in `lang` (IDs stand in for what cannot be found)."""
    from game.cli import _load_all

    try:
        catalog, valid, _ = _load_all(folder)
    except Exception:  # a report must still print when the scenarios folder is broken or elsewhere
        return {}, {}
    flags = {flag_id: flag.name.get(lang) for flag_id, flag in catalog.red_flags.items()}
    titles = {scenario_id: scenario.title.get(lang) for scenario_id, scenario in valid.items()}
    return flags, titles


def _progress(args: argparse.Namespace, folder: Path, out: TextIO) -> int:
    from game.text.progress import format_progress

    lang = _lang(args)
    tr = Translator(lang)
    progress = Progress.load()
    nickname = args.player or progress.settings.get("player")
    with _open(args) as records:
        if not nickname:
            players = records.players()
            if not players:
                print(tr.t("progress.none", nickname="—"), file=out)
                return 0
            nickname = players[0].nickname
        player = records.player(nickname, create=False)
        if player is None:
            known = ", ".join(p.nickname for p in records.players()) or "none yet"
            raise CommandError(f"no player called {nickname!r} on this computer (players: {known})")
        attempts = records.attempts(Filter(player_id=player.id))
        answers = records.practice(Filter(player_id=player.id))
    flags, titles = _names(folder, lang)
    if attempts or not answers:
        print(format_progress(player.nickname, attempts, tr, flags, titles), file=out)
    else:                           # practised, never played: the learning part says it all
        print(tr.t("progress.title", nickname=player.nickname), file=out)
    if attempts or answers:
        print("\n" + _learning(args, folder, player, attempts, tr, flags, titles), file=out)
    return 0


def _learning(args: argparse.Namespace, folder: Path, player, attempts: list, tr: Translator,
              flags: dict[str, str], titles: dict[str, str]) -> str:
    """Skill per red flag and scam type, the trends, the skill check and what to play next
    (`game.text.progress.format_learning`), from a practice `Coach` reading this player's records,
    in the region they played or practised in last."""
    from game.cli import _coach, _load_content, pick_region
    from game.records import trend
    from game.text.progress import format_learning

    recorder = Recorder(records_path(args), background_sync=False)
    try:
        recorder.player = player
        try:
            loaded = _load_content(folder, args)
        except Exception:  # the history must still print when the scenarios folder is broken or elsewhere
            loaded = None
        mastery = recommendation = check = None
        if loaded is not None:
            latest = max([(a.finished_at, a.region) for a in attempts]
                         + [(a.answered_at, a.region) for a in recorder.practice()], default=None)
            region = latest[1] if latest and latest[1] in loaded.catalog.regions else pick_region(loaded.catalog,
                                                                                                  tr.lang)
            coach = _coach(loaded.valid, loaded.catalog, region, tr.lang, recorder)
            mastery, recommendation, check = coach.mastery(), coach.next(), coach.check()
        forms = sorted({a.form for a in recorder.practice(forms=("before", "after"))})
        days = {a.finished_at[:10] for a in attempts}
        by_day = len(days) >= 2
        points = trend(attempts, by="day" if by_day else "attempt")
        return format_learning(mastery, points, by_day, check, forms, recommendation, tr, flags, titles)
    finally:
        recorder.close()


def _status(args: argparse.Namespace, out: TextIO) -> int:
    config = lrs_config()
    with _open(args) as records:
        players = records.players(local_only=False)
        print(f"records: {records.path}", file=out)
        everything = records.count(Filter(include_demo=True))
        print(f"players: {len(players)}; attempts: {everything} (demo runs among them: "
              f"{everything - records.count()})", file=out)
        print(f"waiting to be sent: {records.waiting()} statements", file=out)
        if config is None:
            print(f"Learning Record Store: none configured (set REDFLAG_LRS_URL, or write "
                  f"{config_home() / LRS_FILE}; see docs/xapi.md)", file=out)
        else:
            print(f"Learning Record Store: {config.statements_url}", file=out)
        error = records.last_error()
        if error:
            print(f"last sending error: {error}", file=out)
    return 0


def _sync(args: argparse.Namespace, out: TextIO) -> int:
    from game.records.lrs import sync

    config = lrs_config()
    if config is None:
        raise CommandError("no Learning Record Store is configured: set REDFLAG_LRS_URL (and REDFLAG_LRS_USER, "
                           f"REDFLAG_LRS_PASSWORD) or write {config_home() / LRS_FILE} (see docs/xapi.md)")
    with _open(args) as records:
        records.retry_now()             # asked for now: whatever waits is tried now, back-off or not
        report = sync(records, config)
    print(f"sent {report.sent} statements; {report.waiting} still waiting", file=out)
    if report.error:
        print(f"error: {report.error}", file=sys.stderr)
        return 1
    return 0


def _filter(args: argparse.Namespace) -> Filter:
    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since).isoformat()
        except ValueError:
            raise CommandError(f"--since must be a date like 2026-09-01, not {args.since!r}") from None
    return Filter(nickname=args.player, class_code=args.class_code, since=since)


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from game.records.exchange import export

    with _open(args) as records:
        count = export(records, _filter(args), args.output, pseudonymise=args.pseudonymise)
    print(f"wrote {count} attempts as xAPI statements to {args.output}", file=out)
    return 0


def _forget(args: argparse.Namespace, out: TextIO) -> int:
    with _open(args) as records:
        if not records.player(args.nickname, create=False) and not any(
                p.nickname.casefold() == args.nickname.casefold() for p in records.players(local_only=False)):
            raise CommandError(f"no player called {args.nickname!r} in {records.path}")
        count = records.forget(args.nickname)
    progress = Progress.load()
    if (progress.settings.get("player") or "").casefold() == args.nickname.casefold():
        progress.settings["player"] = None
        progress.save()
    print(f"forgot {args.nickname}: {count} attempts deleted (statements already sent to a Learning Record Store "
          f"are not deleted there)", file=out)
    return 0


def _keep(args: argparse.Namespace, out: TextIO) -> int:
    progress = Progress.load()
    if args.days.lower() in ("forever", "always"):
        progress.settings["retention_days"] = None
        progress.save()
        print("results are kept for ever", file=out)
        return 0
    days = whole_number(args.days, MAX_KEEP_DAYS)
    if days is None:
        raise CommandError(f"say how many days to keep results (1 to {MAX_KEEP_DAYS}), or 'forever', "
                           f"not {args.days[:20]!r}")
    progress.settings["retention_days"] = days
    progress.save()
    with _open(args) as records:
        removed = records.purge(days)
    print(f"results are kept for {days} days; {removed} older attempts were deleted", file=out)
    return 0


def _report(args: argparse.Namespace, folder: Path, out: TextIO) -> int:
    from game.cli import _load_all
    from game.records.report_render import report_command
    from game.storage import write_text_atomic

    lang = _lang(args)
    where = _filter(args)
    catalog, valid, _ = _load_all(folder, args)
    titles = {scenario_id: scenario.title for scenario_id, scenario in valid.items()}
    with _open(args) as records:
        if args.imports:
            from game.records.exchange import import_paths

            imported = import_paths(records, args.imports)
            for problem in imported.problems:
                print(f"warning: {problem}", file=sys.stderr)
            print(f"imported {imported.added} attempts ({imported.skipped} already here) and {imported.practice} "
                  f"practice answers", file=sys.stderr)
        text = report_command(records, catalog=catalog, titles=titles, class_code=where.class_code,
                              nickname=where.nickname, since=where.since, fmt=args.fmt, lang=lang)
    if args.output:
        write_text_atomic(args.output, text)
        print(f"wrote the report to {args.output}", file=out)
    else:
        out.write(text if text.endswith("\n") else text + "\n")
    return 0
