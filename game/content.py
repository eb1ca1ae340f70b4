"""What a command plays or checks: ONE red-flag catalogue and the scenario sources beside it.

The catalogue is the game's (`scenarios/red_flags.yaml`, or `--catalog FILE`, or the
`red_flags.yaml` of a `--scenarios` folder that is a complete content folder with `regions/`),
extended by every other `red_flags.yaml` in play: the one beside the files a command is given,
the `--scenarios` folder's, each `--pack` and each installed pack's. The sources are the library
folder first, then the packs given with `--pack`, then the installed ones: a scenario id already
offered by an earlier source is reported (RF062) and the earlier one wins, so a built-in scenario
always wins. Nothing broken is dropped silently: `Content.problems` and `Loaded.invalid` list it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from game.packs import META_NAME, Pack, PackError, check_extension, extend, id_taken, installed_packs, open_pack
from game.scenario import (
    CATALOG_NAME,
    FILE_SECONDS,
    REGIONS_DIR,
    Catalog,
    Problem,
    Scenario,
    ValidCache,
    check_scenario_file,
    load_catalog,
    scenario_files,
)

GAME_SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def game_scenarios() -> Path:
    """The game's own scenario folder ($REDFLAG_SCENARIOS, else scenarios/)."""
    env = os.environ.get("REDFLAG_SCENARIOS")
    return Path(env) if env else GAME_SCENARIOS


def base_catalog_path(catalog_file: Path | None, folder: Path) -> Path:
    """The whole catalogue: `--catalog` if given, else the library folder's when it is a complete
    content folder (a red_flags.yaml with regions/ beside it), else the game's."""
    if catalog_file is not None:
        return Path(catalog_file)
    if (folder / CATALOG_NAME).is_file() and (folder / REGIONS_DIR).is_dir():
        return folder / CATALOG_NAME
    return game_scenarios() / CATALOG_NAME


@dataclass(frozen=True)
class Source:
    """A folder of scenario files: the library folder (`pack` None) or a pack's."""

    folder: Path
    pack: Pack | None = None

    def display(self, path: Path) -> str:
        return self.pack.display(path) if self.pack is not None else str(path)

    def files(self) -> list[Path]:
        return [p for p in scenario_files(self.folder) if p.name != META_NAME]

    @property
    def owner(self) -> str | None:
        """Who offers this source's scenarios, for RF062: the pack's name (None: the game's library)."""
        return self.pack.name if self.pack is not None else None


@dataclass
class Content:
    catalog: Catalog
    sources: tuple[Source, ...]
    problems: dict[str, list[Problem]] = field(default_factory=dict)   # a pack's own files: pack.yaml, red_flags.yaml

    @property
    def packs(self) -> tuple[Pack, ...]:
        return tuple(s.pack for s in self.sources if s.pack is not None)

    @property
    def given(self) -> tuple[Path, ...]:
        """The folders of the packs given with --pack (a command that checks files checks theirs too)."""
        return tuple(s.folder for s in self.sources if s.pack is not None and not s.pack.installed)

    def display(self, path: str) -> str:
        """How the file at `path` is named to the author: a file unpacked from a .zip pack as
        town.zip/file.yaml, any other as it is."""
        where = _resolved(Path(path).parent)
        for source in self.sources:
            if source.pack is not None and _resolved(source.folder) == where:
                return source.display(Path(path))
        return path

    def relabel(self, report) -> None:
        """Name the files of a validate report (`game.authoring.Report`) as `display` does, and add
        the problems of the packs themselves (an archive that cannot be opened, a bad pack.yaml)."""
        problems = {self.display(k): [relabel(p, self.display(k)) if p.path == k else p for p in v]
                    for k, v in report.problems.items()}
        for label, found in self.problems.items():
            problems.setdefault(label, found)
        report.problems = problems
        report.notes = {self.display(k): v for k, v in report.notes.items()}


def gather(folder: Path, *, catalog_file: Path | None = None, packs: Iterable[Path] = (),
           near: Iterable[Path] = (), installed: bool = True) -> Content:
    """The catalogue and the sources (see the module's docstring). `near`: files or folders a
    command works on, whose folder's red_flags.yaml extends the catalogue too. Raises
    ScenarioError only when the whole catalogue itself is broken."""
    folder = Path(folder)
    base = base_catalog_path(catalog_file, folder)
    catalog = load_catalog(base, content=game_scenarios())
    problems: dict[str, list[Problem]] = {}
    sources = [Source(folder)]
    found: list[Pack] = []
    for path in packs:
        try:
            found.append(open_pack(Path(path)))
        except PackError as exc:
            problems[str(path)] = list(exc.problems)
    if installed:
        found += installed_packs()
    seen = {_resolved(folder)}
    names: set[str] = set()
    for pack in found:          # a pack given with --pack stands in for the installed one of its name
        if _resolved(pack.folder) in seen or pack.name in names:
            continue
        seen.add(_resolved(pack.folder))
        names.add(pack.name)
        sources.append(Source(pack.folder, pack))
        if pack.problems:
            problems[pack.display(pack.folder / META_NAME)] = list(pack.problems)
    owners: dict[str, str] = {}
    done = {_resolved(base)}
    extensions: list[tuple[Path, str, str]] = []            # (file, label, owner)
    for place in [folder, *near]:
        place = Path(place)
        where = place if place.is_dir() else place.parent
        extensions.append((where / CATALOG_NAME, str(where / CATALOG_NAME), str(where)))
    for source in sources[1:]:
        path = source.folder / CATALOG_NAME
        extensions.append((path, source.display(path), source.pack.name))
    for path, label, owner in extensions:
        if not path.is_file() or _resolved(path) in done:
            continue
        done.add(_resolved(path))
        extension = check_extension(path, catalog, owners, label=label)
        if extension.problems:
            problems[label] = extension.problems
        for item in [*extension.red_flags, *extension.data_items]:
            owners.setdefault(item, owner)
        catalog = extend(catalog, extension)
    return Content(catalog, tuple(sources), problems)


def _resolved(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(os.path.abspath(path))


def from_args(args, folder: Path, *, installed: bool = True) -> Content:
    """`gather` for a parsed command line: `--catalog`, `--pack` (repeatable) and the paths the
    command works on (`paths`, `path`, play's scenario file, `--autoplay FILE`, `--watch FILE`)."""
    near: list[Path] = []
    for name in ("paths", "path", "scenario_file", "autoplay", "watch"):
        value = getattr(args, name, None)                   # --autoplay FILE is a str; bare --autoplay True
        if isinstance(value, (str, Path)):
            near.append(Path(value))
        elif isinstance(value, list):
            near += [Path(v) for v in value]
    return gather(folder, catalog_file=getattr(args, "catalog", None), packs=getattr(args, "packs", None) or (),
                  near=[p for p in near if p.exists()], installed=installed)


def command_catalog(args, folder: Path) -> Catalog:
    """The one catalogue for a parsed command line (`game.cli.command_catalog` is this): tools
    below the command line (game.authoring) import it from here, never from game.cli."""
    return from_args(args, folder).catalog


@dataclass
class Loaded:
    """Every source checked: the valid scenarios by id (library first), the problems of every
    file that cannot be played (pack-level files first), and the pack each pack scenario is from."""

    valid: dict[str, Scenario]
    invalid: dict[str, list[Problem]]
    origins: dict[str, Pack]


def load(content: Content, cache: ValidCache | None = None, *, budget: float | None = FILE_SECONDS) -> Loaded:
    """Check every file of every source (see `game.scenario.check_scenario_file`: a file that is
    not a regular one, or takes more than `budget` seconds, is listed with its problem and the
    others load all the same)."""
    valid: dict[str, Scenario] = {}
    invalid: dict[str, list[Problem]] = dict(content.problems)
    origins: dict[str, Pack] = {}
    for path, source, clash in listing(content.sources):
        label = source.display(path)
        if clash is not None:
            invalid[label] = [id_taken(label, path.stem, clash or None)]
            continue
        scenario, problems = check_scenario_file(path, content.catalog, cache, budget=budget)
        if scenario is None:
            invalid[label] = [relabel(p, label) for p in problems]
            continue
        valid[scenario.id] = scenario
        if source.pack is not None:
            origins[scenario.id] = source.pack
    return Loaded(valid, invalid, origins)


def listing(sources: Iterable[Source]) -> list[tuple[Path, Source, str | None]]:
    """Every scenario file of the sources, in order, with who already offers its id (None: the
    file is the first with that id). A valid scenario's id is its file's name (RF028)."""
    rows: list[tuple[Path, Source, str | None]] = []
    first: dict[str, Source] = {}
    for source in sources:
        for path in source.files():
            earlier = first.get(path.stem)
            rows.append((path, source, (earlier.owner or "") if earlier is not None else None))
            first.setdefault(path.stem, source)
    return rows


def relabel(problem: Problem, label: str) -> Problem:
    """A problem of a file unpacked from a .zip, named as the author knows it (pack.zip/file.yaml)."""
    return problem if problem.path == label else replace(problem, path=label)
