"""The scenario folder as the window uses it: each file checked the first time it is needed.

The title screen needs two scenarios at most (the guided first one, the one saved to resume);
the picker needs them all. So the window does not check the whole folder before its first
frame: looking a scenario up by id checks that one file, `load_next()` checks one more file
(the window calls it between frames while the title is up), and anything that lists the
scenarios or the invalid files checks every file left first. Each file gets exactly the check
`game.scenario.load_folder` gives it (the same cache, the same problems), and both mappings list
their entries in file order, as `load_folder` does: only *when* a file is checked changes.

Several sources (`game.content.Source`: the library folder, then each pack's folder) are read in
that order: a file whose scenario id an earlier source already offers is listed with the problems
(RF062) and never checked; those and the problems of a pack's own files (`pack.yaml`, its
red_flags.yaml) follow the files' own in `invalid`. `packs` says which pack each pack scenario comes from.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.content import Source
    from game.packs import Pack
    from game.scenario import Catalog, Problem, Scenario, ValidCache


class Library:
    """The scenarios of `folder`: `scenarios` (valid ones by id) and `invalid` (problems by file
    path), both read-only mappings that check files as they are consulted."""

    def __init__(self, folder: Path, catalog: Catalog, cache: ValidCache | None = None, *,
                 sources: Sequence[Source] | None = None, problems: Mapping[str, list[Problem]] | None = None) -> None:
        from game.content import Source, listing
        from game.packs import id_taken

        self.catalog = catalog
        self.cache = cache
        self._source: dict[Path, Source] = {}
        self._taken: dict[str, list[Problem]] = dict(problems or {})    # listed without checking a file
        for path, source, clash in listing(sources or (Source(Path(folder)),)):
            if clash is None:
                self._source[path] = source
            else:
                label = source.display(path)
                self._taken[label] = [id_taken(label, path.stem, clash or None)]
        self._files = list(self._source)
        self._by_stem = {path.stem: path for path in self._files}
        self.packs: dict[str, Pack] = {path.stem: source.pack for path, source in self._source.items()
                                       if source.pack is not None}
        self._added: dict[str, Scenario] = {}
        self._checked: dict[Path, tuple[Scenario | None, list[Problem]]] = {}
        self._valid: dict[str, Scenario] | None = None        # every file checked: in file order
        self._invalid: dict[str, list[Problem]] | None = None
        self.scenarios: Mapping[str, Scenario] = _Scenarios(self)
        self.invalid: Mapping[str, list[Problem]] = _Invalid(self)

    @property
    def checked(self) -> tuple[Path, ...]:
        """The files checked so far, in the order they were checked."""
        return tuple(self._checked)

    @property
    def complete(self) -> bool:
        """Whether every file has been checked."""
        return self._valid is not None

    def add(self, scenario: Scenario) -> None:
        """Offer `scenario` (a file named on the command line) in place of any with its id."""
        self._added[scenario.id] = scenario
        self.packs.pop(scenario.id, None)
        if self._valid is not None:
            self._valid[scenario.id] = scenario

    def get(self, scenario_id: str) -> Scenario | None:
        """The valid scenario `scenario_id`, checking only its file (a valid scenario's id is its
        file's name: the checks report any other id as a problem)."""
        if scenario_id in self._added:
            return self._added[scenario_id]
        if self._valid is not None:
            return self._valid.get(scenario_id)
        path = self._by_stem.get(scenario_id)
        if path is None:
            return None
        scenario, _ = self._check(path)
        if scenario is not None and scenario.id != scenario_id:   # never, while RF028 holds
            return self.load_all()[0].get(scenario_id)
        return scenario

    def load_next(self) -> bool:
        """Check one more file. False when there was none left to check."""
        if self._valid is not None:
            return False
        path = next((p for p in self._files if p not in self._checked), None)
        if path is None:
            self.load_all()
            return False
        self._check(path)
        return True

    def load_all(self) -> tuple[dict[str, Scenario], dict[str, list[Problem]]]:
        """Every file checked: the valid scenarios by id and the problems of the others by path,
        as `load_folder` returns them."""
        if self._valid is None or self._invalid is None:
            valid: dict[str, Scenario] = {}
            invalid: dict[str, list[Problem]] = {}
            for path in self._files:
                scenario, problems = self._check(path)
                if scenario is None:
                    invalid[self._source[path].display(path)] = problems
                else:
                    valid[scenario.id] = scenario
            valid.update(self._added)
            self._valid, self._invalid = valid, {**invalid, **self._taken}
        return self._valid, self._invalid

    def _check(self, path: Path) -> tuple[Scenario | None, list[Problem]]:
        result = self._checked.get(path)
        if result is None:
            from game.content import relabel
            from game.scenario import check_scenario_file

            scenario, problems = check_scenario_file(path, self.catalog, self.cache)
            label = self._source[path].display(path)
            result = self._checked[path] = (scenario, [relabel(p, label) for p in problems])
        return result


class _Scenarios(Mapping):
    """`library.scenarios`: a lookup by id checks one file; listing checks them all."""

    def __init__(self, library: Library) -> None:
        self._library = library

    def __getitem__(self, scenario_id: str) -> Scenario:
        scenario = self._library.get(scenario_id) if isinstance(scenario_id, str) else None
        if scenario is None:
            raise KeyError(scenario_id)
        return scenario

    def __iter__(self) -> Iterator[str]:
        return iter(self._library.load_all()[0])

    def __len__(self) -> int:
        return len(self._library.load_all()[0])

    def __repr__(self) -> str:
        return f"<scenarios of a library, {len(self._library.checked)} files checked so far>"


class _Invalid(Mapping):
    """`library.invalid`: any use checks every file."""

    def __init__(self, library: Library) -> None:
        self._library = library

    def __getitem__(self, path: str) -> list[Problem]:
        return self._library.load_all()[1][path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._library.load_all()[1])

    def __len__(self) -> int:
        return len(self._library.load_all()[1])
