"""The command line: `python main.py` (or `redflag`) and its subcommands.

This is the only place that turns errors into messages and exit codes. Exit status: 0 all
well, 1 invalid content or a failed check, 2 a usage error or an internal error.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import random
import sys
from pathlib import Path
from typing import TextIO

from game.locale import SOURCE, default_lang, language_codes, match_language  # noqa: F401 (re-exported)
from game.scenario import CATALOG_NAME, Catalog, RedFlagError, Scenario, errors_in, load_catalog, load_folder
from game.terminal import SafeStream, escape_json, read_line, typed, whole_number

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_scenarios() -> Path:
    env = os.environ.get("REDFLAG_SCENARIOS")
    return Path(env) if env else PROJECT_ROOT / "scenarios"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="redflag", description="Red Flag (识破): an anti-fraud training game. Spot the trap before you pay.")
    parser.add_argument("--scenarios", type=Path, default=None, metavar="DIR",
                        help="folder of scenario files (default: the game's scenarios/)")
    parser.add_argument("--pack", type=Path, action="append", default=[], dest="packs", metavar="PATH",
                        help="also offer the scenarios of this pack (a folder or a .zip; repeatable)")
    parser.add_argument("--watch", type=Path, default=None, metavar="FILE",
                        help="live preview: open the window on this scenario file and reload it each time it is saved")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--scenarios", type=Path, default=argparse.SUPPRESS, metavar="DIR",
                        help="folder of scenario files (default: the game's scenarios/)")
    common.add_argument("--pack", type=Path, action="append", default=argparse.SUPPRESS, dest="packs", metavar="PATH",
                        help="also offer the scenarios of this pack (a folder or a .zip; repeatable)")
    sub = parser.add_subparsers(dest="command")

    play = sub.add_parser("play", help="play a scenario", parents=[common])
    play.add_argument("scenario_file", nargs="?", type=Path, default=None, metavar="FILE",
                      help="play this scenario file (its folder's red_flags.yaml applies)")
    _play_options(play)

    validate = sub.add_parser("validate", help="check scenario files and report every problem", parents=[common])
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="scenario files or folders")
    validate.add_argument("--catalog", type=Path, default=None, help="the red-flag catalogue to check against")
    validate.add_argument("--lang", choices=language_codes(), default=None,
                          help="language of the messages (default: from the system)")

    lint = sub.add_parser("lint", help="check what a scenario teaches, beyond validity (warnings exit 0)",
                          parents=[common])
    lint.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="scenario files or folders")
    lint.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    lint.add_argument("--catalog", type=Path, default=None, help="the red-flag catalogue")
    lint.add_argument("--lang", choices=language_codes(), default=None,
                      help="language of the messages (default: from the system)")

    graph = sub.add_parser("graph", help="draw a scenario's steps and endings as a diagram", parents=[common])
    graph.add_argument("path", type=Path, metavar="PATH", help="a scenario file")
    graph.add_argument("--format", choices=("mermaid", "dot", "svg"), default=None, dest="fmt",
                       help="mermaid (default), dot, or svg (needs Graphviz); -o FILE.svg implies svg")
    graph.add_argument("-o", "--output", type=Path, default=None, metavar="FILE", help="write here, not to the screen")
    graph.add_argument("--catalog", type=Path, default=None, help="the red-flag catalogue")

    new = sub.add_parser("new", help="write a valid, commented scenario to start from", parents=[common])
    new.add_argument("scenario_id", metavar="ID", help="the new scenario's id (lower case, digits and _)")
    new.add_argument("--kind", choices=("scam", "legit"), default="scam", help="a scam, or its genuine look-alike")
    new.add_argument("--category", default=None, metavar="C", help="its category (see scenarios/README.md)")
    new.add_argument("--region", default=None, metavar="R", help="the region it plays in (default: CN)")
    new.add_argument("--dir", type=Path, default=None, metavar="DIR", help="where to write ID.yaml (default: here)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")

    pack = sub.add_parser("pack", help="scenario packs: build a .zip to share, install one for the window")
    pack_sub = pack.add_subparsers(dest="pack_command", metavar="{build,install,list,remove}")
    pack_build = pack_sub.add_parser("build", help="check a pack folder and write it as one .zip")
    pack_build.add_argument("folder", type=Path, metavar="DIR")
    pack_build.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the .zip to write")
    pack_install = pack_sub.add_parser("install", help="install a pack (.zip or folder) for this user")
    pack_install.add_argument("file", type=Path, metavar="FILE")
    pack_install.add_argument("--force", action="store_true", help="replace an installed pack of the same name")
    pack_sub.add_parser("list", help="the packs installed for this user")
    pack_remove = pack_sub.add_parser("remove", help="uninstall a pack")
    pack_remove.add_argument("name", metavar="NAME")

    i18n = sub.add_parser("i18n", help="translation: find missing strings, move strings through a CSV")
    i18n_sub = i18n.add_subparsers(dest="i18n_command", metavar="{check,export,import}")
    i18n_check = i18n_sub.add_parser("check", help="list every string missing in a language")
    i18n_check.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                            help="scenario files or folders (default: the scenarios and the game's own strings)")
    i18n_export = i18n_sub.add_parser("export", help="write strings to a CSV for translators (id, each language, context)")
    i18n_export.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="scenario files or folders")
    i18n_export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the .csv to write")
    i18n_import = i18n_sub.add_parser("import", help="put translated strings from a CSV back into the files")
    i18n_import.add_argument("csv", type=Path, metavar="FILE", help="the .csv a translator filled in")
    i18n_import.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="scenario files or folders")
    i18n_import.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")

    listing = sub.add_parser("list", help="list the scenarios", parents=[common])
    listing.add_argument("--json", action="store_true", help="print JSON")

    playtest = sub.add_parser("playtest", help="let a random bot play scenarios many times", parents=[common])
    playtest.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="scenario files or folders")
    playtest.add_argument("--runs", type=int, default=100, help="play-throughs per scenario (default 100)")
    playtest.add_argument("--seed", type=int, default=1, help="seed of the first run (default 1)")
    playtest.add_argument("--catalog", type=Path, default=None, help="the red-flag catalogue")
    playtest.add_argument("--region", default=None, metavar="CODE",
                          help="play in this region only (default: every region each scenario declares)")
    playtest.add_argument("--exhaustive", action="store_true",
                          help="explore every reachable step and every side of every condition, not random runs")
    playtest.add_argument("--record", type=Path, default=None, metavar="FILE",
                          help="save one run (its choice and flag IDs) as a golden run")
    playtest.add_argument("--check", type=Path, default=None, metavar="FILE",
                          help="replay a golden run and report where the scenario now plays differently")
    playtest.add_argument("--path", choices=("scam", "safe"), default=None, dest="demo_path",
                          help="with --record: the demo's teaching path (default: a random walk for --seed)")
    playtest.add_argument("--lang", choices=("en", "zh"), default="en", dest="run_lang",
                          help="with --record: the language of the recorded run (default en)")
    playtest.add_argument("--json", action="store_true", help="print the reports as JSON")

    migrate = sub.add_parser("migrate", help="rewrite format-1 scenario files as format 2 (a copy is kept as FILE.v1)",
                             parents=[common])
    migrate.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="scenario files or folders")
    migrate.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")
    migrate.add_argument("--catalog", type=Path, default=None, help="the red-flag catalogue")
    drill = sub.add_parser("drill", help="practise in the terminal: single messages, scam or genuine?",
                           parents=[common])
    drill.add_argument("--form", choices=("drill", "booster", "before", "after"), default="drill",
                       help="drill (default), booster (due messages first), or the before/after skill check")
    drill.add_argument("--items", type=int, default=10, metavar="N", help="messages in a drill (default 10)")
    drill.add_argument("--lang", choices=language_codes(), default=None, help="language (default: from the system)")
    drill.add_argument("--region", default=None, metavar="CODE",
                       help="region: money, help lines and names (default: from the language or system)")
    drill.add_argument("--seed", type=int, default=None, help="the same seed asks the same messages (default: random)")
    drill.add_argument("--player", default=None, metavar="NICK", help="who is practising (default: the last player)")
    drill.add_argument("--class", dest="class_code", default="", metavar="CODE",
                       help="the class these answers belong to")
    _records_option(drill)

    progress = sub.add_parser("progress", help="a player's history: scores, red flags caught and missed, money lost",
                              parents=[common])
    progress.add_argument("--player", metavar="NICK", default=None, help="whose (default: the player playing now)")
    progress.add_argument("--lang", choices=language_codes(), default=None, help="language (default: from the system)")
    _records_option(progress)

    records = sub.add_parser("records", help="the results kept on this computer: send, export, forget")
    records_sub = records.add_subparsers(dest="records_command", metavar="{status,sync,export,forget,keep}")
    status = records_sub.add_parser("status", help="what is kept, and what waits to be sent to the LRS")
    _records_option(status)
    sync = records_sub.add_parser("sync", help="send waiting statements to the configured Learning Record Store")
    _records_option(sync)
    export = records_sub.add_parser("export", help="write results as xAPI statements, one a line (JSONL)")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the .jsonl file to write")
    _filter_options(export)
    export.add_argument("--pseudonymise", "--pseudonymize", action="store_true", dest="pseudonymise",
                        help="leave nicknames out (players stay told apart by an opaque ID)")
    _records_option(export)
    forget = records_sub.add_parser("forget", help="delete a player and everything they played")
    forget.add_argument("nickname", metavar="NICK")
    _records_option(forget)
    keep = records_sub.add_parser("keep", help="how long results are kept: a number of days, or 'forever'")
    keep.add_argument("days", metavar="DAYS|forever")
    _records_option(keep)

    classroom = sub.add_parser("classroom", help="run a class: trainees join from their phones' browsers",
                               parents=[common])
    classroom.add_argument("--playlist", metavar="ID,ID,…", default=None,
                           help="the scenarios to play, in order (default: first_steps,loan_fee_trap,licensed_lender)")
    classroom.add_argument("--seed", type=int, default=None, help="seed for personas and amounts (default: random; "
                                                                  "every trainee gets the same)")
    classroom.add_argument("--feedback", choices=("immediate", "delayed"), default="delayed",
                           help="a note after each flag (immediate) or everything at the debrief (delayed, default)")
    classroom.add_argument("--lang", choices=language_codes(), default=None,
                           help="the class's language (trainees can switch; default: from the system)")
    classroom.add_argument("--region", default=None, metavar="CODE", help="region: money, help lines and names")
    classroom.add_argument("--host", default=None, metavar="H",
                           help="address to listen on (default 127.0.0.1: this computer only; 0.0.0.0: the network)")
    classroom.add_argument("--port", type=int, default=8000, metavar="P", help="port (default 8000)")
    classroom.add_argument("--resume", default=None, metavar="CODE", help="reopen a class where it was")
    classroom.add_argument("--store", default=None, metavar="URL",
                           help="where classes are kept: a SQLAlchemy URL (postgresql+psycopg://…) or a SQLite file "
                                "(default: the records database)")
    classroom.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default 1)")
    classroom.add_argument("--max-trainees", type=int, default=300, metavar="N", help="class size limit (default 300)")
    classroom.add_argument("--before-after", action="store_true",
                           help="the skill check: trainees take the before form on joining and the after form "
                                "after the last scenario (a playlist entry 'drill' is a 10-item drill there)")
    classroom.add_argument("--public-url", default=None, metavar="URL",
                           help="the address trainees use when a reverse proxy serves the class (e.g. https://…)")
    _records_option(classroom)

    report = sub.add_parser("report", help="a report for educators: per trainee, per scenario, per red flag",
                            parents=[common])
    _filter_options(report)
    report.add_argument("--format", choices=("text", "csv", "html", "json"), default="text", dest="fmt",
                        help="text (default), csv, html (one printable file) or json")
    report.add_argument("-o", "--output", type=Path, default=None, metavar="FILE", help="write here, not to the screen")
    report.add_argument("--import", nargs="+", type=Path, default=None, dest="imports", metavar="FOLDER_OR_FILE",
                        help="first merge exported .jsonl files (duplicates are skipped)")
    report.add_argument("--lang", choices=language_codes(), default=None, help="language (default: from the system)")
    _records_option(report)
    _play_options(parser)
    return parser


def _records_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--records", type=Path, default=None, metavar="PATH",
                        help="the records database (default: records.sqlite in the user data folder)")


def _filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--class", dest="class_code", default=None, metavar="CODE", help="only this class")
    parser.add_argument("--player", default=None, metavar="NICK", help="only this player")
    parser.add_argument("--since", default=None, metavar="DATE", help="only attempts finished on or after DATE "
                                                                      "(YYYY-MM-DD)")


def _play_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text", action="store_true", help="play in the terminal")
    parser.add_argument("--scenario", metavar="ID", help="which scenario (default: choose from a menu)")
    parser.add_argument("--seed", type=int, default=None, help="seed for personas and amounts (default: random)")
    parser.add_argument("--lang", choices=language_codes(), default=None, help="language (default: from the system)")
    parser.add_argument("--region", default=None, metavar="CODE",
                        help="region: money, help lines and names (CN, US, GB; default: from the language or system)")
    parser.add_argument("--result-json", type=Path, default=None, metavar="PATH", help="write the result here")
    parser.add_argument("--player", default=None, metavar="NICK",
                        help="who is playing: a nickname, never a real name (default: the last player)")
    parser.add_argument("--class", dest="class_code", default="", metavar="CODE",
                        help="the class this attempt belongs to (its results are grouped under the code)")
    parser.add_argument("--before-after", action="store_true", dest="before_after",
                        help="a class's skill check: the before form first, the after form at the end "
                             "(its change is in the player's progress and in report --class)")
    parser.add_argument("--join", default=None, metavar="URL",
                        help="join a class the teacher runs (python main.py classroom): its address, as "
                             "http://HOST:PORT/join/CODE; the class's scenarios are played in order, and --player "
                             "is the nickname")
    _records_option(parser)
    parser.add_argument("--autoplay", nargs="?", const=True, default=False, metavar="FILE",
                        help="window: the bot plays (demo mode); FILE: play this scenario file")
    parser.add_argument("--speed", type=float, default=1.0, help="window: game seconds per real second (default 1)")
    parser.add_argument("--path", choices=("scam", "safe"), default="scam",
                        help="demo mode: which way the story goes (default scam: it stops at each fee)")
    parser.add_argument("--screenshot", type=Path, default=None, metavar="PATH", help="window: save the last frame")
    parser.add_argument("--quit-at-end", action="store_true", help="window: close after the debrief appears")
    parser.add_argument("--fullscreen", action="store_true", help="window: start in full screen")
    parser.add_argument("--size", default="1280x800", metavar="WxH", help="window size (default 1280x800)")
    parser.add_argument("--exit-after-first-frame", action="store_true", help=argparse.SUPPRESS)


def main(argv: list[str] | None = None, *, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run one command. Everything it writes to `stdout` (default: standard output) and to
    standard error is cleaned of control and escape characters (`game.terminal`): standard
    output and error are wrapped for the length of the call, so no print path can miss it."""
    stdin = stdin or sys.stdin
    for stream in (stdin, stdout or sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):      # an undecodable byte typed or printed is never an error
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError, AttributeError):
                pass
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream.wrap(sys.stdout), SafeStream.wrap(sys.stderr)
    try:
        return _main(argv, stdin, SafeStream.wrap(stdout or sys.stdout))
    finally:
        sys.stdout, sys.stderr = saved


def _main(argv: list[str] | None, stdin: TextIO, stdout: TextIO) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and 2
    if args.command not in (None, "play") or getattr(args, "text", False):
        gc.enable()                 # main.py turns it off for start-up; the window turns it on later
    try:
        return _dispatch(args, stdin, stdout)
    except RedFlagError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:        # Ctrl-C: no traceback, the shell's prompt on a line of its own
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:         # the reader went away (`… | head`): stop quietly, as `yes | head` does
        _quiet_stdout(stdout)
        return 141
    except Exception as exc:  # never a traceback for the user; set REDFLAG_DEBUG=1 to see one
        if os.environ.get("REDFLAG_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (set REDFLAG_DEBUG=1 for details)", file=sys.stderr)
        return 2
    finally:
        gc.enable()


def _quiet_stdout(stdout: TextIO) -> None:
    """Point a closed standard output at the null device, so that Python's last flush at exit
    does not complain about the pipe a second time."""
    try:
        fileno = stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return                      # not a real file (a test's StringIO): nothing will flush it
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fileno)
        os.close(devnull)
    except OSError:
        pass


#: Commands that live beside the command line, imported when used: `function(args, folder, out)`.
_AUTHORING = {"lint": "game.authoring.lint:main_lint", "graph": "game.authoring.graph:main_graph",
              "new": "game.authoring.scaffold:main_new", "i18n": "game.authoring.i18n:main_i18n",
              "pack": "game.pack_command:main_pack"}


def _dispatch(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    folder = args.scenarios or default_scenarios()
    if args.command == "validate":
        return _validate(args, folder, stdout)
    if args.command == "list":
        return _list(args, folder, stdout)
    if args.command == "playtest":
        return _playtest(args, folder, stdout)
    if args.command == "migrate":
        return _migrate(args, folder, stdout)
    if args.command in _AUTHORING:
        module, function = _AUTHORING[args.command].split(":")
        return getattr(importlib.import_module(module), function)(args, folder, stdout)
    if args.command == "classroom":
        from game.web.server import main_classroom

        return main_classroom(args, folder, stdout, lang=args.lang or default_lang(), pick_region=pick_region)
    if args.command == "drill":
        return _drill(args, folder, stdin, stdout)
    if args.command in ("progress", "records", "report"):
        from game import cli_records

        return cli_records.dispatch(args, folder, stdout)
    return _play(args, folder, stdin, stdout)


def pick_region(catalog: Catalog, lang: str, wanted: str | None = None) -> str:
    """The region to play in: the one asked for, else the system's country if there is a region
    for it ("en_GB.UTF-8" → GB), else the region that is the default for the language."""
    if wanted:
        code = wanted.upper()
        if code not in catalog.regions:
            raise UsageError(f"unknown region {wanted!r}; choose one of {', '.join(sorted(catalog.regions))}")
        return code
    for name in ("LC_ALL", "LC_MONETARY", "LANG"):
        value = os.environ.get(name, "").split(".")[0]
        if "_" in value and value.split("_")[1].upper() in catalog.regions:
            return value.split("_")[1].upper()
        if value:
            break
    for region in catalog.regions.values():
        if lang in region.default_for:
            return region.id
    return next(iter(sorted(catalog.regions)), "CN")


class UsageError(Exception):
    """A command line that cannot be carried out (exit status 2)."""


def catalog_path(path: Path | None, folder: Path) -> Path:
    """The whole catalogue (before any extension): the one given, else the `folder`'s when it is
    a complete content folder (with regions/), else the game's own. See `game.content`."""
    from game.content import base_catalog_path

    return base_catalog_path(path, folder)


def command_catalog(args: argparse.Namespace, folder: Path) -> Catalog:
    """The catalogue a command works with: `--catalog` if given, else the game's (or the
    --scenarios folder's when it is a complete content folder), extended by every red_flags.yaml
    in play: beside the paths the command is given, the --scenarios folder's, each --pack's and
    each installed pack's. Every command gets it here, so all of them see the same red flags."""
    return command_content(args, folder).catalog


def command_content(args: argparse.Namespace, folder: Path):
    """`game.content.Content` (the catalogue and the scenario sources) for this command line."""
    from game.content import from_args

    return from_args(args, folder)


def _validate(args: argparse.Namespace, folder: Path, out: TextIO) -> int:
    from game.authoring import validate_paths
    from game.authoring.diagnostics import format_problem
    from game.locale import Translator

    lang = getattr(args, "lang", None) or default_lang()
    tr = Translator(lang)
    catalog_file = catalog_path(args.catalog, folder)
    try:        # one catalogue: the game's (or --catalog) and every red_flags.yaml in play (game.content)
        content = command_content(args, folder)
    except RedFlagError as exc:
        for problem in getattr(exc, "problems", ()):
            print(format_problem(problem, lang), file=out)
        print(tr.t("validate.catalog_invalid", path=catalog_file), file=out)
        return 1
    report = validate_paths([*args.paths, *content.given], content.catalog)      # --pack PATH's files too
    content.relabel(report)             # a .zip pack's files as the author knows them (town.zip/file.yaml)
    for path in report.notes:
        print(tr.t("validate.format1_note", path=path), file=out)
    count = warnings = 0
    for problems in report.problems.values():
        for problem in problems:
            print(format_problem(problem, lang), file=out)
            count += problem.is_error
            warnings += not problem.is_error
    bad = sum(1 for problems in report.problems.values() if errors_in(problems))
    if report.ok:
        line = tr.t("validate.ok_one" if report.files == 1 else "validate.ok", files=report.files)
        if warnings:
            line += tr.t("validate.warnings_one" if warnings == 1 else "validate.warnings", count=warnings)
        print(line, file=out)
        return 0
    print(tr.t("validate.failed_one" if count == 1 else "validate.failed", count=count, bad=bad,
               files=max(report.files, bad)), file=out)
    return 1


def _load_all(folder: Path, args: argparse.Namespace | None = None) -> tuple[Catalog, dict[str, Scenario], dict[str, list]]:
    """The catalogue, every valid scenario (the library's, then the packs') and the problems of
    every file that cannot be played. See `_load_content` for where each scenario comes from."""
    loaded = _load_content(folder, args)
    return loaded.catalog, loaded.valid, loaded.invalid


def _load_content(folder: Path, args: argparse.Namespace | None = None):
    """`game.content.Loaded` for this command line, with its catalogue as `.catalog`."""
    from game.cache import ScenarioCache
    from game.content import from_args, load

    content = from_args(args if args is not None else argparse.Namespace(), folder)
    loaded = load(content, cache=ScenarioCache.default())
    loaded.catalog = content.catalog
    return loaded


def first_errors(problems: list, count: int = 2) -> str:
    """The first problems of a file, one line each, for a list of broken files."""
    shown = [p for p in problems if p.is_error][:count] or problems[:count]
    return "; ".join(f"{p.line}:{p.column} {p.message} [{p.code}]" if p.line else f"{p.message} [{p.code}]"
                     for p in shown)


def _list(args: argparse.Namespace, folder: Path, out: TextIO) -> int:
    loaded = _load_content(folder, args)
    valid, invalid = loaded.valid, loaded.invalid
    rows = [{"id": s.id, "kind": s.kind, "category": s.category, "difficulty": s.difficulty,
             "regions": list(s.regions), "title": {"en": s.title.en, "zh": s.title.zh}} for s in valid.values()]
    for row in rows:
        if row["id"] in loaded.origins:
            row["pack"] = loaded.origins[row["id"]].name
    if args.json:
        print(escape_json(json.dumps(rows, ensure_ascii=False, indent=2)), file=out)
    else:
        for row in rows:
            pack = f"  [{row['pack']}]" if "pack" in row else ""
            print(f"{row['id']:<24} {row['kind']:<6} {row['category']:<24} {'★' * row['difficulty']:<4} "
                  f"{','.join(row['regions']):<9} {row['title']['en']} / {row['title']['zh']}{pack}", file=out)
    for path, problems in invalid.items():
        print(f"warning: {path} cannot be played: {first_errors(problems)} (run: python main.py validate {path})",
              file=sys.stderr)
    return 0


def _playtest(args: argparse.Namespace, folder: Path, out: TextIO) -> int:
    from game.authoring import expand
    from game.authoring.playtest import main_playtest

    content = command_content(args, folder)
    catalog = content.catalog
    files, missing = expand([*args.paths, *content.given], content=False)      # --pack PATH's scenarios too
    for problem in missing:
        print(problem.format(), file=out)
    code = main_playtest(args, [p for p in files if p.name != CATALOG_NAME], catalog, out, default_lang())
    return max(code, 1) if missing and code < 2 else code


def line_reader(stdin: TextIO, out: TextIO):
    """`read(prompt)` for terminal play: the prompt, then a line (EOFError at the end of input,
    and at a byte the input cannot decode; KeyboardInterrupt at Ctrl-C). A line is at most
    `game.terminal.MAX_LINE` characters; what it says is the caller's to parse (`whole_number`)."""

    def read(prompt: str) -> str:
        out.write(prompt)
        out.flush()
        try:
            line = read_line(stdin)
        except UnicodeDecodeError:      # main() asks for replacement; a stream that refuses ends play
            raise EOFError from None
        if not line:
            raise EOFError
        if not _is_tty(stdin):  # echo piped commands so the transcript reads like a session
            out.write(line if line.endswith("\n") else line + "\n")
        return line.rstrip("\n")

    return read


def _coach(valid: dict[str, Scenario], catalog: Catalog, region: str, lang: str, recorder, *, class_code: str = "",
           seed: int | None = None):
    """The practice `Coach` of the terminal: the scenarios that play in `region`, results kept by
    `recorder`; `seed` makes the messages asked (and their details) repeatable."""
    from game.locale import words
    from game.practice import Coach

    playable = {k: s for k, s in valid.items() if region in s.regions}
    return Coach(playable, catalog, recorder=recorder, lang=lang, class_code=class_code or "", words=words,
                 region_for=lambda scenario: region if region in scenario.regions else scenario.regions[0],
                 rng=random.Random(seed) if seed is not None else None)


def _drill(args: argparse.Namespace, folder: Path, stdin: TextIO, out: TextIO) -> int:
    """`python main.py drill`: a drill, a booster or a skill-check form in the terminal."""
    from game.cli_records import make_recorder
    from game.locale import Translator
    from game.progress import Progress
    from game.text.drill import run_practice

    if args.items < 1:
        raise UsageError(f"--items must be 1 or more, not {args.items}")
    loaded = _load_content(folder, args)
    lang = args.lang or default_lang()
    tr = Translator(lang)
    region = pick_region(loaded.catalog, lang, args.region)
    recorder = make_recorder(args, loaded_progress(Progress, tr), tr, background_sync=True)
    try:
        if recorder.notice:
            print(tr.t("records.moved_aside", name=recorder.aside), file=out)
        if recorder.player is not None:
            print(tr.t("player.playing_as", nickname=recorder.player.nickname), file=out)
        coach = _coach(loaded.valid, loaded.catalog, region, lang, recorder, class_code=args.class_code,
                       seed=args.seed)
        run_practice(coach, args.form, tr, out, line_reader(stdin, out), size=min(args.items, 200),
                     dim=_is_tty(out))
        if recorder.error:
            print(tr.t("drill.unsaved", error=recorder.error), file=sys.stderr)
    finally:
        recorder.close()
    return 0


def loaded_progress(progress_class, tr):
    """`Progress.load()`, with a line on stderr for each file it had to keep aside."""
    progress = progress_class.load()
    for notice in progress.notices:
        print(tr.t(notice.key, name=notice.name, file=notice.file), file=sys.stderr)
    return progress


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _play(args: argparse.Namespace, folder: Path, stdin: TextIO, out: TextIO) -> int:
    if getattr(args, "watch", None) is not None and (args.text or args.join):
        raise UsageError("--watch previews a file in the window; it cannot be combined with --text or --join")
    if args.join:
        from game import cli_join

        if not args.text:
            return cli_join.window(args, folder, lang=args.lang or default_lang())
        return cli_join.terminal(args, folder, line_reader(stdin, out), out, lang=args.lang or default_lang())
    if not args.text:
        return _window(args, folder)
    from game.cli_records import make_recorder
    from game.engine import Session
    from game.locale import Translator, words
    from game.progress import Progress
    from game.records.attempt import now_iso
    from game.storage import write_json_atomic
    from game.text import TextGame, format_result
    from game.text.drill import TextDrill, before_due

    loaded = _load_content(folder, args)
    catalog, valid, invalid = loaded.catalog, loaded.valid, loaded.invalid
    lang = args.lang or default_lang()
    tr = Translator(lang)
    chosen = _scenario_file(args, catalog, tr)
    if isinstance(chosen, int):
        return chosen
    scenario_id = args.scenario
    if chosen is not None:
        valid = {**valid, chosen.id: chosen}        # the file named is played, whatever else has its id
        scenario_id = chosen.id
    region = pick_region(catalog, lang, args.region)
    read = line_reader(stdin, out)
    recorder = make_recorder(args, loaded_progress(Progress, tr), tr, background_sync=True)
    if recorder.notice:
        print(tr.t("records.moved_aside", name=recorder.aside), file=out)
    if recorder.player is not None:
        print(tr.t("player.playing_as", nickname=recorder.player.nickname), file=out)
    coach = _coach(valid, catalog, region, lang, recorder, class_code=args.class_code)
    if args.before_after and before_due(coach, args.class_code):
        before = coach.start("before")
        if before.total:
            print("\n" + tr.t("title.check_before"), file=out)
            TextDrill(before, tr, out, read, dim=_is_tty(out)).play()

    if scenario_id is None:
        print(tr.t("play.welcome"), file=out)
        scenario_id = _practice_menu(coach, args, valid, catalog, tr, read, out, region=region, invalid=invalid,
                                     origins=loaded.origins)
        if scenario_id is None:
            recorder.close()
            return 0
    if scenario_id not in valid:
        broken = [p for p in invalid if Path(p).stem == scenario_id]
        hint = f" (it is invalid: run python main.py validate {broken[0]})" if broken else \
            f"; known: {', '.join(sorted(valid))}"
        print(f"error: no playable scenario '{scenario_id}'{hint}", file=sys.stderr)
        return 1
    if region not in valid[scenario_id].regions:
        if args.region:
            print(f"error: '{scenario_id}' does not play in region {region}; it plays in "
                  f"{', '.join(valid[scenario_id].regions)}", file=sys.stderr)
            return 1
        region = valid[scenario_id].regions[0]
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 1_000_000)
    session = Session(valid[scenario_id], catalog, seed=seed, lang=lang, region=region,
                      languages=tuple(language_codes()), words=words)
    scenario = valid[scenario_id]
    print("\n" + tr.t("play.title_seed", title=scenario.title.get(lang), seed=seed), file=out)
    started_at = now_iso()
    result = TextGame(session, catalog, out, read).run()
    if result is None:
        return 0
    recorder.record(session, started_at=started_at)     # kept now; sent (if set up) while the debrief prints
    if recorder.error:
        print(tr.t("records.unavailable", reason=recorder.error), file=sys.stderr)
    data_names = {item: text.get(result.lang) for item, text in catalog.data_items.items()}
    flag_names = {flag_id: flag.name.get(result.lang) for flag_id, flag in catalog.red_flags.items()}
    print(format_result(result, data_names, flag_names), file=out)
    if args.result_json:
        write_json_atomic(args.result_json, result.to_dict())
        print(Translator(result.lang).t("debrief.result_written", path=args.result_json), file=out)
    recorder.close()                # waits a few seconds at most for the sending; what is unsent waits
    return 0


def _migrate(args: argparse.Namespace, folder: Path, out: TextIO) -> int:
    from game.authoring import expand, migrate_file

    catalog = command_catalog(args, folder)
    files, missing = expand(args.paths, content=False)
    for problem in missing:
        print(problem.format(), file=out)
    failed = bool(missing)
    for path in files:
        if path.name == CATALOG_NAME:
            continue
        result = migrate_file(path, catalog, write=not args.dry_run)
        if not result.changed and not result.problems:
            print(f"= {path}: already format 2", file=out)
            continue
        if result.changed:
            verb = "would migrate" if args.dry_run else "migrated"
            print(f"✓ {path}: {verb} (the old file is kept as {path.name}.v1)" if not args.dry_run
                  else f"✓ {path}: {verb}", file=out)
            for edit in result.edits:
                print(f"    {edit}", file=out)
        else:
            print(f"✗ {path}: invalid, not migrated; fix these first:", file=out)
        for problem in result.problems:
            print(problem.format(), file=out)
        failed = failed or bool(result.problems)
    return 1 if failed else 0


def window_parts(args: argparse.Namespace, folder: Path):
    """What every window needs: (catalogue, scenario library, (width, height)), or the exit code
    after saying what is wrong (a bad --size, no pygame-ce, a scenario file that cannot be played).
    The library is the --scenarios folder's, then every pack's (--pack, then the installed ones);
    a scenario file named on the command line is added to it and becomes `args.scenario`."""
    from game.cache import ScenarioCache
    from game.locale import Translator

    content = command_content(args, folder)
    catalog = content.catalog
    chosen = _scenario_file(args, catalog, Translator(getattr(args, "lang", None) or default_lang()))
    if isinstance(chosen, int):
        return chosen
    size = window_size(args)
    if size is None:
        return 2
    try:
        from game.ui import Library
    except ImportError as exc:
        print(f"error: the window needs pygame-ce ({exc}); play in the terminal with --text", file=sys.stderr)
        return 1
    library = Library(folder, catalog, cache=ScenarioCache.default(), sources=content.sources,
                      problems=content.problems)
    if chosen is not None:
        library.add(chosen)
        args.scenario = chosen.id
    return catalog, library, size


def _window(args: argparse.Namespace, folder: Path) -> int:
    """The window. Scenario files are checked as the window needs them (`game.ui.Library`): the
    title screen shows two at most, so the others are checked after its first frame."""
    from game.progress import Progress

    if getattr(args, "watch", None) is not None:
        return _watch_window(args, folder)
    parts = window_parts(args, folder)
    if isinstance(parts, int):
        return parts
    catalog, library, (width, height) = parts
    from game.ui import WindowOptions, run_window

    if args.scenario is not None and args.scenario not in library.scenarios:
        print(f"error: no playable scenario '{args.scenario}'; known: {', '.join(sorted(library.scenarios))}",
              file=sys.stderr)
        return 1
    progress = Progress.load()
    saved = progress.settings.get("lang")
    lang = args.lang or (saved if saved in language_codes() else None) or default_lang()
    saved_region = progress.settings.get("region")
    region = pick_region(catalog, lang, args.region or (saved_region if saved_region in catalog.regions else None))
    from game.cli_records import make_recorder
    from game.locale import Translator

    recorder = make_recorder(args, progress, Translator(lang), background_sync=True)
    options = WindowOptions(scenario=args.scenario, seed=args.seed, lang=lang, region=region, size=(width, height),
                            fullscreen=args.fullscreen, autoplay=bool(args.autoplay), speed=max(0.1, args.speed),
                            path=args.path,
                            screenshot=args.screenshot, quit_at_end=args.quit_at_end,
                            exit_after_first_frame=args.exit_after_first_frame,
                            before_after=args.before_after)
    try:
        return run_window(catalog, library, progress, options, recorder=recorder)
    finally:
        recorder.close()


def _scenario_file(args: argparse.Namespace, catalog: Catalog, tr) -> Scenario | int | None:
    """The scenario of the file named on the command line (`play FILE.yaml`, `--autoplay
    FILE.yaml`), checked against the catalogue (its folder's red_flags.yaml included); None when
    no file was named; exit code 1 after listing its problems when it cannot be played."""
    from game.scenario import check_scenario_file

    path = getattr(args, "scenario_file", None)
    if path is None and isinstance(getattr(args, "autoplay", None), str):
        path = Path(args.autoplay)
    if path is None:
        return None
    if not Path(path).exists() and Path(path).suffix == "" and getattr(args, "scenario", None) is None:
        args.scenario = str(path)               # `play loan_fee_trap`: an id, as --scenario says it
        return None
    scenario, problems = check_scenario_file(Path(path), catalog)
    if scenario is None:
        for problem in problems[:10]:
            print(problem.format(), file=sys.stderr)
        print(tr.t("play.file_invalid", path=path, count=len([p for p in problems if p.is_error])), file=sys.stderr)
        return 1
    return scenario


def window_size(args: argparse.Namespace) -> tuple[int, int] | None:
    """`--size WxH` as (width, height), or None after saying what is wrong with it."""
    try:
        width, height = (int(part) for part in str(args.size).lower().split("x"))
    except ValueError:
        print(f"error: --size must look like 1280x800, not {args.size!r}", file=sys.stderr)
        return None
    return width, height


def _watch_window(args: argparse.Namespace, folder: Path) -> int:
    """`--watch FILE`: the window on one scenario file, reloaded each time it is saved
    (`game.ui.watch`). Its catalogue is `command_catalog`'s (the game's, extended by a
    red_flags.yaml beside the file and by --pack), read again at every reload; problems are
    shown in the window, never an exit."""
    from game.progress import Progress

    size = window_size(args)
    if size is None:
        return 2
    try:
        from game.ui import WindowOptions, run_watch
    except ImportError as exc:
        print(f"error: the window needs pygame-ce ({exc})", file=sys.stderr)
        return 1
    try:
        from game.authoring.diagnostics import format_problem as describe
    except ImportError:
        def describe(problem, lang: str) -> str:
            return problem.format()
    path = args.watch.resolve()

    def catalog() -> Catalog:
        return command_catalog(args, folder)

    progress = Progress.load()
    saved = progress.settings.get("lang")
    lang = args.lang or (saved if saved in language_codes() else None) or default_lang()
    wanted = args.region or progress.settings.get("region")
    try:
        first = catalog()
        region = pick_region(first, lang, wanted if wanted in first.regions else None)
    except RedFlagError:
        region = wanted or "CN"                     # the preview shows the catalogue's problems
    options = WindowOptions(seed=args.seed, lang=lang, region=region, size=size,
                            fullscreen=args.fullscreen, speed=max(0.1, args.speed), screenshot=args.screenshot,
                            exit_after_first_frame=args.exit_after_first_frame)
    return run_watch(path, catalog, describe, progress, options)


def _practice_menu(coach, args: argparse.Namespace, valid: dict[str, Scenario], catalog: Catalog, tr, read,
                   out: TextIO, *, region: str, invalid: dict[str, list], origins: dict) -> str | None:
    """The scenario menu with its practice entries (continue training, due practice, the after
    form, practice); a drill or form chosen is asked here, then the menu comes back. The
    scenario chosen, or None to quit."""
    from game.text.drill import menu_entries, run_practice

    playable = {k: s for k, s in valid.items() if region in s.regions}
    titles = {k: s.title.get(tr.lang) for k, s in playable.items()}
    flag_names = {k: flag.name.get(tr.lang) for k, flag in catalog.red_flags.items()}
    while True:
        top, bottom = menu_entries(coach, tr, titles=titles, flag_names=flag_names, class_code=args.class_code,
                                   before_after=args.before_after)
        chosen = _menu(playable, tr, read, out, invalid=invalid, origins=origins, top=top, bottom=bottom)
        if chosen is None or not chosen.startswith("@"):
            return chosen
        run_practice(coach, chosen[1:], tr, out, read, dim=_is_tty(out))


def _menu(valid: dict[str, Scenario], tr, read, out: TextIO, *, invalid: dict[str, list] | None = None,
          origins: dict | None = None, top: list[tuple[str, str, str]] = (),
          bottom: list[tuple[str, str, str]] = ()) -> str | None:
    """The terminal's list of scenarios (a pack's marked with its title), then the files that
    cannot be played with their first errors; the number typed, or None to quit. `top` and
    `bottom` are more entries, (label, explanation, value), numbered before and after the
    scenarios; their value is returned when one is chosen."""
    scenarios = sorted(valid.values(), key=lambda s: ((s.id in (origins or {})), s.category, s.difficulty, s.id))
    broken = "\n".join(f"  ✗ {path}: {first_errors(problems)}" for path, problems in (invalid or {}).items())
    if not scenarios:
        if broken:
            print(tr.t("play.menu_broken"), file=out)
            print(broken, file=out)
        print("error: no playable scenarios found", file=sys.stderr)
        return None
    values = [value for _, _, value in top] + [s.id for s in scenarios] + [value for _, _, value in bottom]
    while True:
        print("\n" + tr.t("play.menu_title"), file=out)
        for number, (label, explanation, _) in enumerate(top, start=1):
            _menu_entry(number, label, explanation, out)
        for number, scenario in enumerate(scenarios, start=len(top) + 1):
            stars = "★" * scenario.difficulty + "☆" * (3 - scenario.difficulty)
            pack = (origins or {}).get(scenario.id)
            mark = f"  [{tr.t('play.menu_pack', name=pack.title_in(tr.lang))}]" if pack is not None else ""
            print(f"  {number}) {scenario.title.get(tr.lang)}  {tr.t('play.difficulty', stars=stars)}{mark}", file=out)
        for number, (label, explanation, _) in enumerate(bottom, start=len(top) + len(scenarios) + 1):
            _menu_entry(number, label, explanation, out)
        if broken:
            print(tr.t("play.menu_broken"), file=out)
            print(broken, file=out)
        try:
            answer = typed(read(tr.t("play.menu_prompt"))).lower()
        except (EOFError, KeyboardInterrupt):
            print(file=out)
            return None
        if answer in ("q", "quit"):
            return None
        number = whole_number(answer, len(values))
        if number is not None:
            return values[number - 1]


def _menu_entry(number: int, label: str, explanation: str, out: TextIO) -> None:
    """A practice entry of the menu, its explanation (if any) on the next line."""
    from game.linebreak import wrap

    print(f"  {number}) {label}", file=out)
    for line in wrap(explanation, 72) if explanation else ():
        print(f"       {line}", file=out)
