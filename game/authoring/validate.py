"""`validate`: check scenario files and the catalogue, listing every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.authoring.glyphs import glyph_problems_in_file
from game.scenario import (
    CATALOG_NAME,
    FACTS_NAME,
    REGIONS_DIR,
    Catalog,
    Problem,
    check_catalog_bytes,
    check_catalog_file,
    check_facts_bytes,
    check_region_bytes,
    check_scenario_file,
    errors_in,
    make_problem,
    read_bytes,
    scenario_files,
)


@dataclass
class Report:
    files: int = 0
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)     # advice that is not a problem (a format-1 file)

    @property
    def ok(self) -> bool:
        return not any(errors_in(problems) for problems in self.problems.values())


def check_catalog(path: Path, content: Path | None = None) -> tuple[Catalog | None, list[Problem]]:
    """The catalogue with its regions and facts (see `check_catalog_file`)."""
    return check_catalog_file(path, content)


def _content_files(folder: Path) -> list[Path]:
    """The catalogue, the regions and the facts of a content folder, in that order."""
    found = [folder / CATALOG_NAME] if (folder / CATALOG_NAME).is_file() else []
    if (folder / "pack.yaml").is_file():            # a scenario pack's name and title (game.packs)
        found.append(folder / "pack.yaml")
    if (folder / REGIONS_DIR).is_dir():
        found += sorted((folder / REGIONS_DIR).glob("*.yaml"))
    if (folder / FACTS_NAME).is_file():
        found.append(folder / FACTS_NAME)
    return found


def expand(paths: list[Path], content: bool = True) -> tuple[list[Path], list[Problem]]:
    """Files named, and the scenario files in folders named (with the catalogue, regions and
    facts beside them when `content`), in order, without repeats."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = (_content_files(path) if content else []) + scenario_files(path)
            if not found:
                problems.append(make_problem(str(path), 0, 0, "empty_folder"))
            files += found
        elif path.exists():
            files.append(path)
        else:
            problems.append(make_problem(str(path), 0, 0, "no_such_path"))
    unique = list(dict.fromkeys(files))
    return unique, problems


def validate_paths(paths: list[Path], catalog: Catalog) -> Report:
    files, problems = expand(paths)
    report = Report(files=len(files))
    for problem in problems:
        report.problems.setdefault(problem.path, []).append(problem)
    for path in files:
        if path.name == "pack.yaml" or (path.name == CATALOG_NAME and not (path.parent / REGIONS_DIR).is_dir()):
            from game.packs import check_extension, read_meta     # a pack's own files (docs/packs.md)

            found = read_meta(path)[1] if path.name == "pack.yaml" else check_extension(path, catalog).problems
        elif path.name == CATALOG_NAME or path.parent.name == REGIONS_DIR or path.name == FACTS_NAME:
            raw, problem = read_bytes(path)
            if problem:
                found = [problem]
            elif path.name == CATALOG_NAME:
                found = check_catalog_bytes(str(path), raw or b"", catalog.regions or None)[1]
            elif path.name == FACTS_NAME:
                found = check_facts_bytes(str(path), raw or b"", catalog.regions)[1]
            else:
                found = check_region_bytes(str(path), raw or b"", expected_id=path.stem)[1]
        else:
            scenario, found = check_scenario_file(path, catalog)
            if scenario is not None and scenario.format == 1:
                report.notes[str(path)] = (f"format 1: it plays as written, in the CN region; "
                                           f"'python main.py migrate {path}' updates it to format 2")
        report.problems[str(path)] = found + glyph_problems_in_file(path)  # RF039: the font lacks a character
    return report
