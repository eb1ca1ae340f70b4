"""`python main.py classroom …`: open (or reopen) a class and serve it until Ctrl-C.

It binds 127.0.0.1 unless `--host` says otherwise (then it warns: anyone on that network can
reach the page), prints the join address, the class code, a QR code and the teacher's address
with its key, and serves with uvicorn. `--workers N` runs N processes on one store (PostgreSQL
for more than one computer); each worker rebuilds its own `Classroom` from the environment.
Stopping the server keeps everything: `--resume CODE` opens the class again where it was.
"""

from __future__ import annotations

import json
import os
import random
import socket
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TextIO

from game.scenario import Catalog, Scenario

DEFAULT_PLAYLIST = ("first_steps", "loan_fee_trap", "licensed_lender")
ENV = "REDFLAG_CLASSROOM"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
KEEP_ALIVE = 30            # seconds a phone's idle connection stays open (a trainee reads between taps)


@dataclass
class ServerOptions:
    scenarios: str                 # the scenario folder
    store: str                     # the store's URL
    records: str                   # the records file (attempts and the xAPI outbox)
    code: str
    join_url: str
    host: str
    port: int
    teacher_lang: str = "en"
    secure_cookies: bool = False
    max_trainees: int = 300
    packs: tuple[str, ...] = ()    # packs given with --pack (installed packs are found by every worker)


def lan_address() -> str:
    """This computer's address on the local network (no packet is sent), else 127.0.0.1."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"


def join_base(host: str, port: int, public_url: str | None) -> str:
    if public_url:
        return public_url.rstrip("/")
    shown = lan_address() if host in ("0.0.0.0", "::", "") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def load_scenarios(folder: Path, packs: tuple[str, ...] = ()) -> tuple[Catalog, dict[str, Scenario]]:
    """The catalogue and every valid scenario of `folder` and of the packs (those given and the
    installed ones), with one catalogue for all (a worker process loads its own)."""
    catalog, scenarios, _ = load_content(folder, packs)
    return catalog, scenarios


def load_content(folder: Path, packs: tuple[str, ...] = ()):
    """(catalogue, valid scenarios by id, problems of the files that cannot be played by file)."""
    from game.cache import ScenarioCache
    from game.content import gather, load

    content = gather(folder, packs=[Path(p) for p in packs])
    loaded = load(content, cache=ScenarioCache.default())
    return content.catalog, loaded.valid, loaded.invalid


def build_room(options: ServerOptions, catalog: Catalog | None = None, scenarios: dict[str, Scenario] | None = None):
    """The Classroom a worker serves: scenarios from the folder, the store, the records sink."""
    from game.progress import config_home
    from game.records.lrs import load_config
    from game.records.sink import Recorder

    from .classroom import Classroom
    from .store import ClassStore

    if catalog is None or scenarios is None:
        catalog, scenarios = load_scenarios(Path(options.scenarios), tuple(options.packs))
    recorder = Recorder(Path(options.records), lrs=load_config(config_home() / "lrs.toml"), background_sync=True)
    recorder.records                     # create (and stamp) the records file before the store adds tables
    store = ClassStore.open(options.store)
    return Classroom(store, scenarios, catalog, recorder=recorder)


def build_app(options: ServerOptions, room=None):
    from .app import Config, create_app

    room = room or build_room(options)
    config = Config(code=options.code, join_url=f"{options.join_url}/join/{options.code}",
                    secure_cookies=options.secure_cookies, teacher_lang=options.teacher_lang)
    return create_app(room, config)


def worker_app():
    """uvicorn's factory in each worker process (`--workers N`): options from the environment."""
    app = build_app(ServerOptions(**json.loads(os.environ[ENV])))
    quiet_collector()
    return app


def quiet_collector() -> None:
    """What is loaded (scenarios, catalogue, templates) stays for the server's life: the cyclic
    collector need not scan it again, and runs less often (a class keeps thousands of small
    containers alive in its sessions; a full collection every few hundred commands cost more
    than the commands)."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 50)


def banner(options: ServerOptions, teacher_key: str, tr, out: TextIO, *, resumed: bool) -> None:
    import segno

    join = f"{options.join_url}/join/{options.code}"
    if options.host not in LOOPBACK:
        print(tr.t("web.server.exposed", host=options.host), file=out)
    else:
        print(tr.t("web.server.loopback"), file=out)
    print(tr.t("web.server.resumed" if resumed else "web.server.opened", code=options.code), file=out)
    print(tr.t("web.server.join", url=join), file=out)
    try:
        segno.make(join, error="m").terminal(out=out, compact=True, border=2)
    except (UnicodeEncodeError, OSError):
        pass
    print(tr.t("web.server.code", code=options.code), file=out)
    print(tr.t("web.server.teacher", url=f"{options.join_url}/teacher?key={teacher_key}"), file=out)
    print(tr.t("web.server.stop", code=options.code), file=out)
    out.flush()


def serve(options: ServerOptions, *, workers: int = 1) -> None:
    import uvicorn

    common = dict(host=options.host, port=options.port, log_level="warning", access_log=False, use_colors=False,
                  timeout_graceful_shutdown=3, proxy_headers=options.secure_cookies, timeout_keep_alive=KEEP_ALIVE)
    if workers > 1:
        os.environ[ENV] = json.dumps(asdict(options))
        uvicorn.run("game.web.server:worker_app", factory=True, workers=workers, **common)
    else:
        uvicorn.run(build_app(options), **common)


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 1_000_000)


def main_classroom(args, folder: Path, out: TextIO, *, lang: str, pick_region) -> int:
    """The `classroom` command (game.cli calls it with the language and its region picker)."""
    from game.locale import Translator
    from game.progress import data_home

    from .classroom import ClassError, Settings
    from .store import StoreError

    tr = Translator(lang)
    packs = tuple(str(Path(p).resolve()) for p in getattr(args, "packs", None) or ())   # workers too
    catalog, scenarios, invalid = load_content(folder, packs)
    for path, problems in invalid.items():      # never dropped silently: the teacher sees why
        first = next((p for p in problems if p.is_error), problems[0]) if problems else None
        detail = f"{first.line}:{first.column} {first.message} [{first.code}]" if first else ""
        print(tr.t("web.server.invalid_file", path=path, problem=detail), file=out)
    records = str(args.records or (data_home() / "records.sqlite"))
    store_url = args.store or os.environ.get("REDFLAG_CLASSROOM_STORE") or records
    host = args.host or "127.0.0.1"
    base = join_base(host, args.port, args.public_url)
    options = ServerOptions(scenarios=str(folder), store=store_url, records=records, code="", join_url=base,
                            host=host, port=args.port, teacher_lang=lang, secure_cookies=bool(args.public_url and
                                                                                              args.public_url.startswith("https")),
                            packs=packs)
    try:
        room = build_room(options, catalog, scenarios)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.resume:
        code = args.resume.strip().upper()
        row = room.store.get_class(code)
        if row is None:
            print(tr.t("web.server.no_such_class", code=code), file=sys.stderr)
            return 1
        if row.status == "ended":
            print(tr.t("web.server.class_ended", code=code), file=sys.stderr)
            return 1
        resumed = True
    else:
        playlist = tuple(p.strip() for p in (args.playlist or ",".join(DEFAULT_PLAYLIST)).split(",") if p.strip())
        unknown = [p for p in playlist if p not in scenarios and p != "drill"]     # "drill": a 10-item drill
        if unknown:
            print(tr.t("web.server.unknown_scenarios", ids=", ".join(unknown), known=", ".join(sorted(scenarios))),
                  file=sys.stderr)
            return 2
        region = pick_region(catalog, lang, args.region)
        settings = Settings(playlist, args.seed if args.seed is not None else new_seed(), args.feedback, lang, region,
                            args.max_trainees, bool(getattr(args, "before_after", False)))
        try:
            row = room.create(settings)
        except ClassError as exc:
            print(f"error: {exc.key}", file=sys.stderr)
            return 2
        resumed = False
    options.code = row.code
    banner(options, row.teacher_key, tr, out, resumed=resumed)
    quiet_collector()
    if args.workers > 1:
        room.store.close()
        serve(options, workers=args.workers)
    else:
        import uvicorn

        uvicorn.run(build_app(options, room), host=options.host, port=options.port, log_level="warning",
                    access_log=False, use_colors=False, timeout_graceful_shutdown=3,
                    proxy_headers=options.secure_cookies,
                    timeout_keep_alive=KEEP_ALIVE)
    print(tr.t("web.server.stopped", code=options.code), file=out)
    return 0
